import BlobFormat

/// The `utf8` library, with Lua 5.4's rules: strict decoding rejects
/// surrogates and code points past U+10FFFF, `lax` accepts Lua's extended
/// sequences up to 2^31; overlong encodings are always invalid.
enum UTF8Library {
    static let maximumStrict: UInt32 = 0x10FFFF
    static let maximumLax: UInt32 = 0x7FFF_FFFF

    /// The code point starting at `index` and the index after it, or nil
    /// for an invalid sequence.
    static func decode(_ bytes: [UInt8], at index: Int, lax: Bool) -> (code: UInt32, next: Int)? {
        let first = bytes[index]
        if first < 0x80 { return (UInt32(first), index + 1) }
        // Continuation bytes follow the leading byte's high bits.
        let limits: [UInt32] = [~0, 0x80, 0x800, 0x10000, 0x200000, 0x4000000]
        var code: UInt32 = 0
        var count = 0
        var lead = first
        while lead & 0x40 != 0 {
            count += 1
            let position = index + count
            guard position < bytes.count, bytes[position] & 0xC0 == 0x80 else { return nil }
            code = (code << 6) | UInt32(bytes[position] & 0x3F)
            lead <<= 1
        }
        guard count > 0, count <= 5 else { return nil }
        code |= UInt32(lead & 0x7F) << (count * 5)
        guard code >= limits[count], code <= maximumLax else { return nil }
        if !lax, code > maximumStrict || (0xD800...0xDFFF).contains(code) { return nil }
        return (code, index + count + 1)
    }

    static func install(_ vm: VM) {
        let library = vm.heap.table()
        try? vm.globals.set(vm.string("utf8"), Value(library))
        try? library.set(vm.string("charpattern"), vm.string(Array("[\u{0}-\u{7F}".utf8) + [0xC2, 0x2D, 0xFD] + Array("][".utf8) + [0x80, 0x2D, 0xBF] + Array("]*".utf8)))

        /// A position argument: negative counts from the end.
        func position(_ value: Int64, _ length: Int) -> Int64 {
            value >= 0 ? value : (-value > Int64(length) ? 0 : Int64(length) + value + 1)
        }

        vm.define("char", in: library) { [unowned vm] arguments in
            var bytes: [UInt8] = []
            for index in arguments.indices {
                let code = try BaseLibrary.integer(vm, arguments, index + 1, "utf8.char")
                guard code >= 0, code <= Int64(maximumLax) else { throw BaseLibrary.badArgument(vm, index + 1, "utf8.char", "value out of range") }
                bytes += LuaUTF8.encode(UInt32(code))
            }
            return [vm.string(bytes)]
        }
        vm.define("codepoint", in: library) { [unowned vm] arguments in
            let bytes = try BaseLibrary.bytes(vm, arguments, 1, "utf8.codepoint")
            let first = position(try BaseLibrary.integer(vm, arguments, 2, "utf8.codepoint", default: 1), bytes.count)
            let last = position(try BaseLibrary.integer(vm, arguments, 3, "utf8.codepoint", default: first), bytes.count)
            let lax = !BaseLibrary.argument(arguments, 3).isFalsy
            guard first >= 1 else { throw BaseLibrary.badArgument(vm, 2, "utf8.codepoint", "out of bounds") }
            guard last <= Int64(bytes.count) else { throw BaseLibrary.badArgument(vm, 3, "utf8.codepoint", "out of bounds") }
            var codes: [Value] = []
            var index = Int(first) - 1
            while index < Int(last) {
                guard let (code, next) = decode(bytes, at: index, lax: lax) else { throw vm.error("invalid UTF-8 code") }
                codes.append(.integer(Int64(code)))
                index = next
            }
            return codes
        }
        vm.define("len", in: library) { [unowned vm] arguments in
            let bytes = try BaseLibrary.bytes(vm, arguments, 1, "utf8.len")
            var index = position(try BaseLibrary.integer(vm, arguments, 2, "utf8.len", default: 1), bytes.count)
            let last = position(try BaseLibrary.integer(vm, arguments, 3, "utf8.len", default: -1), bytes.count)
            let lax = !BaseLibrary.argument(arguments, 3).isFalsy
            guard index >= 1, index <= Int64(bytes.count) + 1 else {
                throw BaseLibrary.badArgument(vm, 2, "utf8.len", "initial position out of bounds")
            }
            guard last <= Int64(bytes.count) else { throw BaseLibrary.badArgument(vm, 3, "utf8.len", "final position out of bounds") }
            var count: Int64 = 0
            index -= 1
            while index < last {
                guard let (_, next) = decode(bytes, at: Int(index), lax: lax) else { return [.nil, .integer(index + 1)] }
                index = Int64(next)
                count += 1
            }
            return [.integer(count)]
        }
        vm.define("offset", in: library) { [unowned vm] arguments in
            let bytes = try BaseLibrary.bytes(vm, arguments, 1, "utf8.offset")
            let n = try BaseLibrary.integer(vm, arguments, 2, "utf8.offset")
            let defaultStart: Int64 = n >= 0 ? 1 : Int64(bytes.count) + 1
            var index = position(try BaseLibrary.integer(vm, arguments, 3, "utf8.offset", default: defaultStart), bytes.count) - 1
            guard index >= 0, index <= Int64(bytes.count) else { throw BaseLibrary.badArgument(vm, 3, "utf8.offset", "position out of bounds") }
            func isContinuation(_ at: Int64) -> Bool { at < Int64(bytes.count) && bytes[Int(at)] & 0xC0 == 0x80 }
            var remaining = n
            if remaining == 0 {
                while index > 0, isContinuation(index) { index -= 1 }
                return [.integer(index + 1)]
            }
            if isContinuation(index) { throw vm.error("initial position is a continuation byte") }
            if remaining < 0 {
                while remaining < 0, index > 0 {
                    repeat { index -= 1 } while index > 0 && isContinuation(index)
                    remaining += 1
                }
            } else {
                remaining -= 1
                while remaining > 0, index < Int64(bytes.count) {
                    repeat { index += 1 } while isContinuation(index)
                    remaining -= 1
                }
            }
            return remaining == 0 ? [.integer(index + 1)] : [.nil]
        }
        vm.define("codes", in: library) { [unowned vm] arguments in
            let subject = BaseLibrary.argument(arguments, 0)
            let bytes = try BaseLibrary.bytes(vm, arguments, 1, "utf8.codes")
            let lax = !BaseLibrary.argument(arguments, 1).isFalsy
            let step = vm.heap.register(HostFunction(name: "utf8.codes") { [unowned vm] arguments in
                // As Lua: the string is the iterator's argument (the one
                // `codes` was given, read once, unless another is passed),
                // and the position an unsigned offset past the last start.
                let bytes = Value.rawEquals(BaseLibrary.argument(arguments, 0), subject)
                    ? bytes : try BaseLibrary.bytes(vm, arguments, 1, "utf8.codes")
                let position = BaseLibrary.argument(arguments, 1)
                var offset = UInt64(bitPattern: position.tag == .integer ? position.integerValue : 0)
                let count = UInt64(bytes.count)
                while offset < count, bytes[Int(offset)] & 0xC0 == 0x80 { offset += 1 }
                guard offset < count else { return [.nil] }
                let index = Int(offset)
                guard let (code, next) = decode(bytes, at: index, lax: lax),
                      next >= bytes.count || bytes[next] & 0xC0 != 0x80 else { throw vm.error("invalid UTF-8 code") }
                return [.integer(Int64(index + 1)), .integer(Int64(code))]
            })
            return [Value(step), subject, .integer(0)]
        }
    }
}
