/// `string.find`, `match`, `gmatch` and `gsub` over ``LuaPattern``.
enum StringMatching {
    static func install(_ vm: VM, in library: LuaTable) {
        vm.define("find", in: library) { [unowned vm] arguments in try find(vm, arguments, returnPositions: true) }
        vm.define("match", in: library) { [unowned vm] arguments in try find(vm, arguments, returnPositions: false) }
        vm.define("gmatch", in: library) { [unowned vm] arguments in
            let subject = try BaseLibrary.bytes(vm, arguments, 1, "string.gmatch")
            let pattern = try BaseLibrary.bytes(vm, arguments, 2, "string.gmatch")
            // Lua 5.4's optional start; a leading '^' is no anchor here
            // (it would stop the iteration): it matches itself.
            let initial = try BaseLibrary.integer(vm, arguments, 3, "string.gmatch", default: 1)
            // Past the end nothing matches, not even the empty string.
            var position = Int(min(startPosition(initial, length: subject.count), Int64(subject.count) + 2)) - 1
            var lastEnd = -1
            let iterator = vm.heap.register(HostFunction(name: "gmatch_iterator") { [unowned vm] _ in
                var matcher = LuaPattern(pattern: pattern, subject: subject)
                while position <= subject.count {
                    let start = position
                    if let end = try run(vm, { () throws(LuaPattern.Failure) in try matcher.match(at: start) }), end != lastEnd {
                        position = end > start ? end : start + 1
                        lastEnd = end
                        return try values(vm, matcher, subject, start, end, wholeIfNone: true)
                    }
                    position += 1
                }
                return []  // nothing at all, as Lua's iterator returns
            })
            return [Value(iterator)]
        }
        vm.define("gsub", in: library) { [unowned vm] arguments in try substitute(vm, arguments) }
    }

    /// A leading `^` anchors the pattern.
    static func split(_ pattern: [UInt8]) -> (anchored: Bool, body: [UInt8]) {
        pattern.first == UInt8(ascii: "^") ? (true, Array(pattern.dropFirst())) : (false, pattern)
    }

    static func run<T>(_ vm: VM, _ body: () throws(LuaPattern.Failure) -> T) throws -> T {
        do throws(LuaPattern.Failure) { return try body() } catch {
            switch error {
            case let .malformed(message): throw vm.error(message)
            case .tooComplex: throw vm.error("pattern too complex")
            }
        }
    }

    /// The captures of a match as values (the whole match when there are none).
    /// Appends the replacement `template` for one match to `output`: `%0`
    /// is the whole match, `%1`…`%9` the captures (a position capture as
    /// its number), `%%` a percent sign. Nothing becomes a Lua string.
    static func expand(_ vm: VM, _ template: [UInt8], matcher: LuaPattern, subject: [UInt8], match: Range<Int>,
                       into output: inout [UInt8]) throws {
        var index = 0
        while index < template.count {
            let byte = template[index]
            index += 1
            guard byte == UInt8(ascii: "%") else { output.append(byte); continue }
            guard index < template.count else { throw vm.error("invalid use of '%' in replacement string") }
            let next = template[index]
            index += 1
            if next == UInt8(ascii: "%") { output.append(next); continue }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) else {
                throw vm.error("invalid use of '%' in replacement string")
            }
            let number = Int(next - UInt8(ascii: "0"))
            if number == 0 || (number == 1 && matcher.captures.isEmpty) {
                output += subject[match]
                continue
            }
            guard number <= matcher.captures.count else { throw vm.error("invalid capture index %\(number)") }
            if matcher.captures.contains(where: { $0.length == -1 }) { throw vm.error("unfinished capture") }
            let capture = matcher.captures[number - 1]
            if capture.length == -2 {
                output += Array(String(capture.start + 1).utf8)
            } else {
                output += subject[capture.start..<capture.start + capture.length]
            }
        }
    }

    static func values(_ vm: VM, _ matcher: LuaPattern, _ subject: [UInt8], _ start: Int, _ end: Int, wholeIfNone: Bool) throws -> [Value] {
        if matcher.captures.isEmpty { return wholeIfNone ? [vm.string(Array(subject[start..<end]))] : [] }
        if matcher.captures.contains(where: { $0.length == -1 }) { throw vm.error("unfinished capture") }
        return matcher.captures.map { capture in
            capture.length == -2 ? .integer(Int64(capture.start + 1)) : vm.string(Array(subject[capture.start..<capture.start + max(capture.length, 0)]))
        }
    }

    static func find(_ vm: VM, _ arguments: [Value], returnPositions: Bool) throws -> [Value] {
        let name = returnPositions ? "string.find" : "string.match"
        let subject = try BaseLibrary.bytes(vm, arguments, 1, name)
        let pattern = try BaseLibrary.bytes(vm, arguments, 2, name)
        let initial = startPosition(try BaseLibrary.integer(vm, arguments, 3, name, default: 1), length: subject.count)
        guard initial <= Int64(subject.count) + 1 else { return [.nil] }
        let plain = returnPositions && !BaseLibrary.argument(arguments, 3).isFalsy
        let specials = "^$*+?.([%-".utf8
        if returnPositions, plain || !pattern.contains(where: { specials.contains($0) }) {
            let start = Int(initial - 1)
            if pattern.isEmpty { return [.integer(initial), .integer(initial - 1)] }
            var index = start
            while index + pattern.count <= subject.count {
                if subject[index..<index + pattern.count].elementsEqual(pattern) {
                    return [.integer(Int64(index + 1)), .integer(Int64(index + pattern.count))]
                }
                index += 1
            }
            return [.nil]
        }
        let (anchored, body) = split(pattern)
        var matcher = LuaPattern(pattern: body, subject: subject)
        var start = Int(initial - 1)
        while start <= subject.count {
            let at = start
            if let end = try run(vm, { () throws(LuaPattern.Failure) in try matcher.match(at: at) }) {
                if returnPositions {
                    return [.integer(Int64(at + 1)), .integer(Int64(end))] + (try values(vm, matcher, subject, at, end, wholeIfNone: false))
                }
                return try values(vm, matcher, subject, at, end, wholeIfNone: true)
            }
            if anchored { break }
            start += 1
        }
        return [.nil]
    }

    /// Where a search starts, as Lua reads the position (`posrelatI`):
    /// 0 and anything before the start mean 1, negative counts from the end.
    static func startPosition(_ initial: Int64, length: Int) -> Int64 {
        if initial > 0 { return initial }
        return initial == 0 || initial < -Int64(length) ? 1 : Int64(length) + initial + 1
    }

    static func substitute(_ vm: VM, _ arguments: [Value]) throws -> [Value] {
        let subject = try BaseLibrary.bytes(vm, arguments, 1, "string.gsub")
        let pattern = try BaseLibrary.bytes(vm, arguments, 2, "string.gsub")
        let replacement = BaseLibrary.argument(arguments, 2)
        guard [.string, .integer, .float, .table, .function].contains(replacement.tag) else {
            throw BaseLibrary.badArgument(vm, 3, "string.gsub", "string/function/table expected, got \(BaseLibrary.typeNameForArgument(vm, arguments, 2))")
        }
        let limit = try BaseLibrary.integer(vm, arguments, 4, "string.gsub", default: Int64(subject.count) + 1)
        let (anchored, body) = split(pattern)
        var matcher = LuaPattern(pattern: body, subject: subject)
        var output: [UInt8] = []
        var position = 0
        var count: Int64 = 0
        // Without a replacement made, the result is the subject itself, as in Lua.
        var changed = false
        // As Lua: a match that ends where the last one did (an empty match
        // right after it) does not count; the byte there is copied instead.
        var lastEnd: Int?
        let template = replacement.tag == .table || replacement.tag == .function ? nil
            : replacement.asString?.bytes ?? Array(Arithmetic.text(replacement).utf8)
        while count < limit {
            let at = position
            if let end = try run(vm, { () throws(LuaPattern.Failure) in try matcher.match(at: at) }), end != lastEnd {
                count += 1
                position = end
                lastEnd = end
                if let template {
                    changed = true
                    try expand(vm, template, matcher: matcher, subject: subject, match: at..<end, into: &output)
                    if anchored { break }
                    continue
                }
                let whole = Array(subject[at..<end])
                // Captures are read only when the replacement uses them, as
                // in Lua (an unfinished capture is an error only then).
                var value: Value
                switch replacement.tag {
                case .table:
                    value = try vm.index(replacement, try values(vm, matcher, subject, at, end, wholeIfNone: true)[0])
                case .function:
                    value = try vm.call(replacement, try values(vm, matcher, subject, at, end, wholeIfNone: true)).first ?? .nil
                default:
                    preconditionFailure("string replacements are expanded above")
                }
                if value.isFalsy {
                    output += whole
                } else if let string = value.asString {
                    changed = true
                    output += string.bytes
                } else if value.tag == .integer || value.tag == .float {
                    changed = true
                    output += Array(Arithmetic.text(value).utf8)
                } else {
                    throw vm.error("invalid replacement value (a \(value.typeName))")
                }
            } else if position < subject.count {
                output.append(subject[position])
                position += 1
            } else {
                break
            }
            if anchored { break }
        }
        if !changed, arguments[0].tag == .string { return [arguments[0], .integer(count)] }
        if position < subject.count { output += subject[position...] }
        return [vm.string(output), .integer(count)]
    }
}
