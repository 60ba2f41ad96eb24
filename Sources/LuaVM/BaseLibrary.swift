import BlobFormat
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The base library (`print`, `type`, `pairs`, `pcall`, …) and the parts of
/// `string`, `table` and `math` that scripts use most.
enum BaseLibrary {
    static func install(in vm: VM) {
        installBase(vm)
        installTable(vm)
        installString(vm)
        installMath(vm)
        MoreLibraries.install(vm)
        CoroutineLibrary.install(vm)
        UTF8Library.install(vm)
        LoadLibrary.install(vm)
        try? vm.globals.set(vm.string("_G"), Value(vm.globals))
        try? vm.globals.set(vm.string("_VERSION"), vm.string("Lua 5.4"))
    }

    static func argument<Arguments: RandomAccessCollection<Value>>(_ arguments: Arguments, _ index: Int) -> Value where Arguments.Index == Int {
        index < arguments.count ? arguments[index] : .nil
    }

    /// The error for a bad argument, in Lua's words.
    /// `function` is the global name (`string.sub`); called from Lua code,
    /// the function is named as the call site names it (`sub`).
    /// A method call (`s:sub(x)`) does not count `self`, as in Lua: a bad
    /// `self` is "calling 'sub' on bad self".
    static func badArgument(_ vm: VM, _ position: Int, _ function: String, _ message: String) -> LuaError {
        let site = vm.hostCalledFromLua ? vm.callSite() : nil
        var position = position
        if let site, site.kind == "method" {
            position -= 1
            if position == 0 { return vm.error("calling '\(site.name)' on bad self (\(message))") }
        }
        return vm.error("bad argument #\(position) to '\(site?.name ?? function)' (\(message))")
    }

    static func table<Arguments: RandomAccessCollection<Value>>(_ vm: VM, _ arguments: Arguments, _ position: Int, _ function: String) throws -> LuaTable where Arguments.Index == Int {
        guard let table = argument(arguments, position - 1).asTable else {
            throw badArgument(vm, position, function, "table expected, got \(typeNameForArgument(vm, arguments, position - 1))")
        }
        return table
    }

    static func integer<Arguments: RandomAccessCollection<Value>>(_ vm: VM, _ arguments: Arguments, _ position: Int, _ function: String,
                                                   default fallback: Int64? = nil) throws -> Int64 where Arguments.Index == Int {
        let value = argument(arguments, position - 1)
        if value.isNil, let fallback { return fallback }
        guard let number = Arithmetic.number(value) else {
            throw badArgument(vm, position, function, "number expected, got \(typeNameForArgument(vm, arguments, position - 1))")
        }
        if number.tag == .integer { return number.integerValue }
        guard let exact = LuaArithmetic.exactInteger(number.floatValue) else {
            throw badArgument(vm, position, function, "number has no integer representation")
        }
        return exact
    }

    static func number<Arguments: RandomAccessCollection<Value>>(_ vm: VM, _ arguments: Arguments, _ position: Int, _ function: String) throws -> Value where Arguments.Index == Int {
        let value = argument(arguments, position - 1)
        guard let number = Arithmetic.number(value) else {
            throw badArgument(vm, position, function, "number expected, got \(typeNameForArgument(vm, arguments, position - 1))")
        }
        return number
    }

    static func bytes<Arguments: RandomAccessCollection<Value>>(_ vm: VM, _ arguments: Arguments, _ position: Int, _ function: String) throws -> [UInt8] where Arguments.Index == Int {
        let value = argument(arguments, position - 1)
        if let string = value.asString { return string.bytes }
        if value.tag == .integer || value.tag == .float { return Array(Arithmetic.text(value).utf8) }
        throw badArgument(vm, position, function, "string expected, got \(typeNameForArgument(vm, arguments, position - 1))")
    }

    /// The type an error message gives for argument `index` (from 0): its
    /// type name (its metatable's `__name`, if any), or "no value" when it
    /// was not passed at all.
    static func typeNameForArgument<Arguments: RandomAccessCollection<Value>>(_ vm: VM, _ arguments: Arguments, _ index: Int) -> String where Arguments.Index == Int {
        index < arguments.count ? vm.typeName(arguments[index]) : "no value"
    }

    private static func installBase(_ vm: VM) {
        vm.define("warn") { [unowned vm] arguments in
            guard !arguments.isEmpty else { throw badArgument(vm, 1, "warn", "string expected, got no value") }
            var message: [UInt8] = []
            for position in 1...arguments.count { message += try bytes(vm, arguments, position, "warn") }
            // A single piece starting with '@' is a control message.
            if arguments.count == 1, message.first == UInt8(ascii: "@") {
                if message == Array("@on".utf8) { vm.warningsOn = true }
                if message == Array("@off".utf8) { vm.warningsOn = false }
                return []
            }
            if vm.warningsOn { vm.warningOutput?(message) }
            return []
        }
        vm.define("print", capability: "stdout") { [unowned vm] arguments in
            var line: [UInt8] = []
            for (index, value) in arguments.enumerated() {
                if index > 0 { line.append(0x09) }
                line += try vm.text(of: value)
            }
            line.append(0x0A)
            vm.output(line)
            return []
        }
        vm.defineSingle("type") { [unowned vm] arguments in
            guard !arguments.isEmpty else { throw badArgument(vm, 1, "type", "value expected") }
            return vm.string(arguments[0].typeName)
        }
        vm.define("tostring") { [unowned vm] arguments in
            if arguments.isEmpty { throw badArgument(vm, 1, "tostring", "value expected") }
            return [vm.string(try vm.text(of: arguments[0]))]
        }
        vm.define("tonumber") { [unowned vm] arguments in
            if arguments.isEmpty { throw badArgument(vm, 1, "tonumber", "value expected") }
            let value = argument(arguments, 0)
            let base = argument(arguments, 1)
            if base.isNil {
                if value.tag == .integer || value.tag == .float { return [value] }
                guard let string = value.asString else { return [.nil] }
                return [Arithmetic.numeral(string.bytes) ?? .nil]
            }
            guard value.tag == .string else {
                throw badArgument(vm, 1, "tonumber", "string expected, got \(typeNameForArgument(vm, arguments, 0))")
            }
            let radix = try integer(vm, arguments, 2, "tonumber")
            guard (2...36).contains(radix) else { throw badArgument(vm, 2, "tonumber", "base out of range") }
            // Lua's rule: spaces, an optional sign, one or more digits of the
            // base (letters in either case), spaces, and nothing else.
            let text = try bytes(vm, arguments, 1, "tonumber")
            func digit(_ byte: UInt8) -> Int64? {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): Int64(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "z"): Int64(byte - UInt8(ascii: "a")) + 10
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int64(byte - UInt8(ascii: "A")) + 10
                default: nil
                }
            }
            var index = 0
            while index < text.count, Arithmetic.isSpace(text[index]) { index += 1 }
            let negative = index < text.count && text[index] == UInt8(ascii: "-")
            if index < text.count, text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") { index += 1 }
            var result: Int64 = 0
            var digits = 0
            while index < text.count, let value = digit(text[index]) {
                guard value < radix else { return [.nil] }
                result = result &* radix &+ value
                digits += 1
                index += 1
            }
            while index < text.count, Arithmetic.isSpace(text[index]) { index += 1 }
            guard digits > 0, index == text.count else { return [.nil] }
            return [.integer(negative ? 0 &- result : result)]
        }
        vm.defineSingle("rawequal") { [unowned vm] arguments in
            for position in 1...2 where arguments.count < position { throw badArgument(vm, position, "rawequal", "value expected") }
            return .boolean(Value.rawEquals(arguments[0], arguments[1]))
        }
        vm.defineSingle("rawlen") { [unowned vm] arguments in
            let value = argument(arguments, 0)
            if let table = value.asTable { return .integer(table.length) }
            if let string = value.asString { return .integer(Int64(string.bytes.count)) }
            throw badArgument(vm, 1, "rawlen", "table or string expected, got \(typeNameForArgument(vm, arguments, 0))")
        }
        vm.defineSingle("rawget") { [unowned vm] arguments in try vm.rawGet(table(vm, arguments, 1, "rawget"), argument(arguments, 1)) }
        vm.define("rawset") { [unowned vm] arguments in
            let target = try table(vm, arguments, 1, "rawset")
            if target.defersMisses { try vm.prepareGlobalWrite(argument(arguments, 1)) }
            do throws(LuaTable.KeyError) { try target.set(argument(arguments, 1), argument(arguments, 2)) } catch {
                throw vm.error(error == .nilIndex ? "table index is nil" : "table index is NaN")
            }
            return [arguments[0]]
        }
        vm.defineSingle("setmetatable") { [unowned vm] arguments in
            let target = try table(vm, arguments, 1, "setmetatable")
            let metatable = argument(arguments, 1)
            guard metatable.isNil || metatable.tag == .table else {
                throw badArgument(vm, 2, "setmetatable", "nil or table expected, got \(typeNameForArgument(vm, arguments, 1))")
            }
            if let current = target.metatable, !current.get(vm.string("__metatable")).isNil {
                throw vm.error("cannot change a protected metatable")
            }
            if target.defersMisses {
                vm.stopDeferring()
                try vm.runDeferredChunks()
            }
            target.metatable = metatable.asTable
            return arguments[0]
        }
        vm.defineSingle("getmetatable") { [unowned vm] arguments in
            guard let metatable = vm.metatable(of: argument(arguments, 0)) else { return .nil }
            let protected = metatable.get(vm.string("__metatable"))
            return protected.isNil ? Value(metatable) : protected
        }
        vm.define("assert") { [unowned vm] arguments in
            guard let condition = arguments.first, !condition.isFalsy else {
                if arguments.count >= 2 {
                    let message = arguments[1]
                    throw LuaError(value: message, message: String(decoding: (try? vm.text(of: message)) ?? [], as: UTF8.self))
                }
                if arguments.isEmpty { throw badArgument(vm, 1, "assert", "value expected") }
                throw vm.error("assertion failed!")
            }
            return arguments
        }
        vm.define("error") { [unowned vm] arguments in
            let value = argument(arguments, 0)
            let level = try integer(vm, arguments, 2, "error", default: 1)
            if let message = value.asString, level > 0, let position = vm.position(level: Int(level)) {
                let text = position + " " + String(decoding: message.bytes, as: UTF8.self)
                throw LuaError(value: vm.string(text), message: text)
            }
            throw LuaError(value: value, message: String(decoding: (try? vm.text(of: value)) ?? [], as: UTF8.self))
        }
        vm.define("pcall") { [unowned vm] arguments in
            guard let function = arguments.first else { throw badArgument(vm, 1, "pcall", "value expected") }
            do {
                return [.true] + (try vm.call(function, Array(arguments.dropFirst())))
            } catch let error as LuaError {
                return [.false, error.value]
            }
        }
        // Called from Lua with a Lua function, pcall runs as a protected
        // frame of the dispatch loop instead (see `invoke`).
        vm.pcallFunction = vm.globals.get(vm.string("pcall")).asFunction as? HostFunction
        vm.define("xpcall") { [unowned vm] arguments in
            let handler = argument(arguments, 1)
            guard handler.tag == .function else {
                throw badArgument(vm, 2, "xpcall", "function expected, got \(typeNameForArgument(vm, arguments, 1))")
            }
            do {
                return [.true] + (try vm.call(argument(arguments, 0), Array(arguments.dropFirst(2))))
            } catch let error as LuaError {
                // The handler's first result is the error object; others are dropped.
                return [.false, vm.handled(error.value, by: handler)]
            }
        }
        // Called from Lua with a Lua function, xpcall too runs as a protected
        // frame (see `invoke`), so that the function may yield.
        vm.xpcallFunction = vm.globals.get(vm.string("xpcall")).asFunction as? HostFunction
        vm.define("select") { [unowned vm] arguments in
            let selector = argument(arguments, 0)
            if let string = selector.asString, string.bytes == [UInt8(ascii: "#")] { return [.integer(Int64(arguments.count - 1))] }
            let index = try integer(vm, arguments, 1, "select")
            if index < 0 {
                guard -index < Int64(arguments.count) else { throw badArgument(vm, 1, "select", "index out of range") }
                return Array(arguments[(arguments.count + Int(index))...])
            }
            guard index > 0 else { throw badArgument(vm, 1, "select", "index out of range") }
            return index < Int64(arguments.count) ? Array(arguments[Int(index)...]) : []
        }
        vm.define("next") { [unowned vm] arguments in
            let target = try table(vm, arguments, 1, "next")
            // A traversal of the globals sees every file put off.
            if target.defersMisses { try vm.runDeferredChunks() }
            do {
                guard let entry = try target.next(after: argument(arguments, 1)) else { return [.nil] }
                return [entry.key, entry.value]
            } catch {
                throw vm.error("invalid key to 'next'")
            }
        }
        let next = vm.globals.get(vm.string("next"))
        vm.define("pairs") { [unowned vm] arguments in
            let value = argument(arguments, 0)
            if let handler = vm.metamethod(value, .pairs) {
                // Exactly three values, as Lua's pairs takes them.
                let results = try vm.call(handler, [value])
                return (0..<3).map { $0 < results.count ? results[$0] : .nil }
            }
            if arguments.isEmpty { throw badArgument(vm, 1, "pairs", "value expected") }
            return [next, value, .nil]
        }
        let ipairsStep = vm.heap.register(HostFunction(name: "ipairs_iterator") { [unowned vm] arguments in
            let index = argument(arguments, 1).integerValue &+ 1
            let value = try vm.index(argument(arguments, 0), .integer(index))
            return value.isNil ? [.nil] : [.integer(index), value]
        })
        vm.define("ipairs") { [unowned vm] arguments in
            guard !arguments.isEmpty else { throw badArgument(vm, 1, "ipairs", "value expected") }
            return [Value(ipairsStep), arguments[0], .integer(0)]
        }
        vm.define("collectgarbage") { [unowned vm] arguments in
            let option = argument(arguments, 0).isNil ? "collect" : String(decoding: try bytes(vm, arguments, 1, "collectgarbage"), as: UTF8.self)
            switch option {
            case "collect":
                vm.collectGarbage()
                return [.integer(0)]
            case "count":
                return [.float(vm.memoryInUse)]
            case "step":
                vm.collectGarbage()
                return [.true]
            case "isrunning":
                return [.boolean(vm.heap.collectsAutomatically)]
            case "stop", "restart":
                vm.heap.collectsAutomatically = option == "restart"
                return [.integer(0)]
            case "incremental", "generational":
                // The collector has one mode; the option is remembered, as
                // Lua reports the mode it replaces.
                let previous = vm.collectorMode
                vm.collectorMode = option
                return [vm.string(previous)]
            default:
                throw badArgument(vm, 1, "collectgarbage", "invalid option '\(option)'")
            }
        }
    }

    private static func installTable(_ vm: VM) {
        let library = vm.heap.table()
        try? vm.globals.set(vm.string("table"), Value(library))
        // insert and remove follow Lua's arithmetic: positions wrap around
        // (a __len of maxinteger inserts at mininteger) and bounds are
        // checked as unsigned distances.
        vm.define("insert", in: library) { [unowned vm] arguments in
            let list = try ListAccess(vm, arguments, "table.insert")
            let end = try list.length() &+ 1  // the first empty slot
            switch arguments.count {
            case 2:
                try list.set(end, arguments[1])
            case 3:
                let position = try integer(vm, arguments, 2, "table.insert")
                guard UInt64(bitPattern: position &- 1) < UInt64(bitPattern: end) else {
                    throw badArgument(vm, 2, "table.insert", "position out of bounds")
                }
                var index = end
                while index > position {
                    try list.set(index, try list.get(index - 1))
                    index -= 1
                }
                try list.set(position, arguments[2])
            default:
                throw vm.error("wrong number of arguments to 'insert'")
            }
            return []
        }
        vm.define("remove", in: library) { [unowned vm] arguments in
            let list = try ListAccess(vm, arguments, "table.remove")
            let size = try list.length()
            var position = try integer(vm, arguments, 2, "table.remove", default: size)
            // A position other than the last must be in 1...size + 1; Lua 5.4.4
            // names the table (#1) in this message, not the position.
            if position != size, UInt64(bitPattern: position &- 1) > UInt64(bitPattern: size) {
                throw badArgument(vm, 1, "table.remove", "position out of bounds")
            }
            let removed = try list.get(position)
            while position < size {
                try list.set(position, try list.get(position + 1))
                position += 1
            }
            try list.set(position, .nil)
            return [removed]
        }
        vm.define("concat", in: library) { [unowned vm] arguments in
            let list = try ListAccess(vm, arguments, "table.concat")
            let separator = argument(arguments, 1).isNil ? [] : try bytes(vm, arguments, 2, "table.concat")
            let first = try integer(vm, arguments, 3, "table.concat", default: 1)
            let last = argument(arguments, 3).isNil ? try list.length() : try integer(vm, arguments, 4, "table.concat")
            var result: [UInt8] = []
            guard first <= last else { return [vm.string(result)] }
            // Stops at `last` before stepping past it: `last` may be maxinteger.
            var index = first
            while true {
                let value = try list.get(index)
                guard value.tag == .string || value.tag == .integer || value.tag == .float else {
                    throw vm.error("invalid value (\(vm.typeName(value))) at index \(index) in table for 'concat'")
                }
                result += value.asString?.bytes ?? Array(Arithmetic.text(value).utf8)
                if index == last { break }
                result += separator
                index += 1
            }
            return [vm.string(result)]
        }
        vm.define("unpack", in: library) { [unowned vm] arguments in
            let list = try ListAccess(vm, arguments, "table.unpack")
            let first = try integer(vm, arguments, 2, "table.unpack", default: 1)
            let last = argument(arguments, 2).isNil ? try list.length() : try integer(vm, arguments, 3, "table.unpack")
            guard first <= last else { return [] }
            // The distance in unsigned arithmetic, as Lua takes it: it cannot overflow.
            guard UInt64(bitPattern: last &- first) < 1_000_000 else { throw vm.error("too many results to unpack") }
            return try (first...last).map { index throws in try list.get(index) }
        }
        vm.define("move", in: library) { [unowned vm] arguments in
            let source = try table(vm, arguments, 1, "table.move")
            let first = try integer(vm, arguments, 2, "table.move")
            let last = try integer(vm, arguments, 3, "table.move")
            let target = try integer(vm, arguments, 4, "table.move")
            let destination = argument(arguments, 4).isNil ? source : try table(vm, arguments, 5, "table.move")
            let destinationValue = argument(arguments, 4).isNil ? arguments[0] : arguments[4]
            guard last >= first else { return [destinationValue] }
            guard first > 0 || last < Int64.max + first else { throw badArgument(vm, 3, "table.move", "too many elements to move") }
            guard target <= Int64.max - (last - first) else { throw badArgument(vm, 4, "table.move", "destination wrap around") }
            // Overlapping ranges copy from the end, as Lua does, with metamethods.
            let count = last - first
            let sourceValue = arguments[0]
            if target > last || target <= first || destination !== source {
                for offset in 0...count {
                    try vm.setIndex(destinationValue, .integer(target + offset), try vm.index(sourceValue, .integer(first + offset)))
                }
            } else {
                for offset in stride(from: count, through: 0, by: -1) {
                    try vm.setIndex(destinationValue, .integer(target + offset), try vm.index(sourceValue, .integer(first + offset)))
                }
            }
            return [destinationValue]
        }
        vm.define("pack", in: library) { arguments in
            let packed = vm.heap.table(arrayCapacity: arguments.count)
            // All of them into the array part, nils too, as a constructor
            // would: the length is then what Lua gives.
            arguments.withUnsafeBufferPointer { packed.setList(from: 1, $0) }
            try? packed.set(vm.string("n"), .integer(Int64(arguments.count)))
            return [Value(packed)]
        }
    }

    private static func installString(_ vm: VM) {
        let library = vm.heap.table()
        try? vm.globals.set(vm.string("string"), Value(library))
        StringPacking.install(vm, library)
        let metatable = vm.heap.table()
        try? metatable.set(vm.string("__index"), Value(library))
        vm.stringMetatable = metatable
        vm.define("len", in: library) { [unowned vm] arguments in [.integer(Int64(try bytes(vm, arguments, 1, "string.len").count))] }
        vm.define("upper", in: library) { [unowned vm] arguments in
            [vm.string(try bytes(vm, arguments, 1, "string.upper").map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 32 : $0 })]
        }
        vm.define("lower", in: library) { [unowned vm] arguments in
            [vm.string(try bytes(vm, arguments, 1, "string.lower").map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 })]
        }
        vm.define("rep", in: library) { [unowned vm] arguments in
            let text = try bytes(vm, arguments, 1, "string.rep")
            let count = try integer(vm, arguments, 2, "string.rep")
            let separator = argument(arguments, 2).isNil ? [] : try bytes(vm, arguments, 3, "string.rep")
            guard count > 0 else { return [vm.string("")] }
            let (size, overflow) = (text.count + separator.count).multipliedReportingOverflow(by: Int(count))
            guard !overflow, size < 1 << 30 else { throw vm.error("resulting string too large") }
            if let limit = vm.memoryLimit, size > limit { throw vm.plainError("not enough memory") }
            var result: [UInt8] = []
            for index in 0..<count {
                result += text
                if index < count - 1 { result += separator }
            }
            return [vm.string(result)]
        }
        vm.define("sub", in: library) { [unowned vm] arguments in
            let text = try bytes(vm, arguments, 1, "string.sub")
            let length = Int64(text.count)
            var first = try integer(vm, arguments, 2, "string.sub", default: 1)
            var last = try integer(vm, arguments, 3, "string.sub", default: -1)
            if first < 0 { first = max(length + first + 1, 1) } else if first == 0 { first = 1 }
            if last < 0 { last = length + last + 1 } else if last > length { last = length }
            guard first <= last else { return [vm.string("")] }
            return [vm.string(Array(text[Int(first - 1)..<Int(last)]))]
        }
        vm.define("byte", in: library) { [unowned vm] arguments in
            let text = try bytes(vm, arguments, 1, "string.byte")
            let length = Int64(text.count)
            var first = try integer(vm, arguments, 2, "string.byte", default: 1)
            var last = try integer(vm, arguments, 3, "string.byte", default: first)
            if first < 0 { first = max(length + first + 1, 1) } else if first == 0 { first = 1 }
            if last < 0 { last = length + last + 1 } else if last > length { last = length }
            guard first <= last else { return [] }
            return text[Int(first - 1)..<Int(last)].map { .integer(Int64($0)) }
        }
        vm.define("char", in: library) { [unowned vm] arguments in
            var result: [UInt8] = []
            for position in 1...max(arguments.count, 1) where position <= arguments.count {
                let code = try integer(vm, arguments, position, "string.char")
                guard (0...255).contains(code) else { throw badArgument(vm, position, "string.char", "value out of range") }
                result.append(UInt8(code))
            }
            return [vm.string(result)]
        }
        StringMatching.install(vm, in: library)
        vm.define("format", in: library) { [unowned vm] arguments in [vm.string(try StringFormat.format(vm, arguments))] }
        vm.define("reverse", in: library) { [unowned vm] arguments in [vm.string(Array(try bytes(vm, arguments, 1, "string.reverse").reversed()))] }
    }

    private static func installMath(_ vm: VM) {
        let library = vm.heap.table()
        try? vm.globals.set(vm.string("math"), Value(library))
        try? library.set(vm.string("pi"), .float(Double.pi))
        try? library.set(vm.string("huge"), .float(Double.infinity))
        try? library.set(vm.string("maxinteger"), .integer(Int64.max))
        try? library.set(vm.string("mininteger"), .integer(Int64.min))
        func rounding(_ name: String, _ rule: FloatingPointRoundingRule) {
            vm.define(name, in: library) { [unowned vm] arguments in
                let value = try number(vm, arguments, 1, "math." + name)
                if value.tag == .integer { return [value] }
                let rounded = value.floatValue.rounded(rule)
                return [LuaArithmetic.exactInteger(rounded).map { Value.integer($0) } ?? .float(rounded)]
            }
        }
        rounding("floor", .down)
        rounding("ceil", .up)
        let functions: [(String, (Double) -> Double)] = [
            ("exp", { exp($0) }), ("sin", { sin($0) }), ("cos", { cos($0) }),
            ("tan", { tan($0) }), ("asin", { asin($0) }), ("acos", { acos($0) }),
        ]
        for (name, function) in functions {
            vm.define(name, in: library) { [unowned vm] arguments in [.float(function(try number(vm, arguments, 1, "math." + name).asDouble!))] }
        }
        vm.define("atan", in: library) { [unowned vm] arguments in
            let y = try number(vm, arguments, 1, "math.atan").asDouble!
            let x = argument(arguments, 1).isNil ? 1.0 : try number(vm, arguments, 2, "math.atan").asDouble!
            return [.float(atan2(y, x))]
        }
        vm.define("log", in: library) { [unowned vm] arguments in
            let x = try number(vm, arguments, 1, "math.log").asDouble!
            guard !argument(arguments, 1).isNil else { return [.float(log(x))] }
            let base = try number(vm, arguments, 2, "math.log").asDouble!
            if base == 2 { return [.float(log2(x))] }
            if base == 10 { return [.float(log10(x))] }
            return [.float(log(x) / log(base))]
        }
        vm.define("modf", in: library) { [unowned vm] arguments in
            let value = try number(vm, arguments, 1, "math.modf")
            if value.tag == .integer { return [value, .float(0)] }
            let x = value.floatValue
            let whole = x < 0 ? x.rounded(.up) : x.rounded(.down)
            // The integral part is an integer when one can hold it.
            let integral: Value = LuaArithmetic.exactInteger(whole).map { .integer($0) } ?? .float(whole)
            return [integral, .float(x == whole ? 0 : x - whole)]
        }
        vm.define("abs", in: library) { [unowned vm] arguments in
            let value = try number(vm, arguments, 1, "math.abs")
            // Only an integer argument stays one; a numeric string gives a float.
            guard arguments[0].tag == .integer else { return [.float(abs(value.asDouble!))] }
            return [.integer(value.integerValue < 0 ? 0 &- value.integerValue : value.integerValue)]
        }
        vm.define("sqrt", in: library) { [unowned vm] arguments in [.float((try number(vm, arguments, 1, "math.sqrt")).asDouble!.squareRoot())] }
        vm.define("tointeger", in: library) { arguments in
            let value = argument(arguments, 0)
            if value.tag == .integer { return [value] }
            if value.tag == .float, let exact = LuaArithmetic.exactInteger(value.floatValue) { return [.integer(exact)] }
            // Strings that read as an integral number convert too.
            if value.tag == .string, let number = Arithmetic.number(value) {
                if number.tag == .integer { return [number] }
                if let exact = LuaArithmetic.exactInteger(number.floatValue) { return [.integer(exact)] }
            }
            return [.nil]
        }
        vm.define("ult", in: library) { [unowned vm] arguments in
            let a = try integer(vm, arguments, 1, "math.ult"), b = try integer(vm, arguments, 2, "math.ult")
            return [.boolean(UInt64(bitPattern: a) < UInt64(bitPattern: b))]
        }
        vm.define("type", in: library) { [unowned vm] arguments in
            switch argument(arguments, 0).tag {
            case .integer: return [vm.string("integer")]
            case .float: return [vm.string("float")]
            default:
                if arguments.isEmpty { throw badArgument(vm, 1, "math.type", "value expected") }
                return [.nil]
            }
        }
        for (name, pickLarger) in [("max", true), ("min", false)] {
            vm.define(name, in: library) { [unowned vm] arguments in
                // As Lua 5.4 does: the values are compared as `<` compares
                // them (strings as strings, tables by `__lt`), and the
                // winner is returned as it was passed.
                if arguments.isEmpty { throw badArgument(vm, 1, "math." + name, "value expected") }
                var best = arguments[0]
                for candidate in arguments.dropFirst() {
                    if pickLarger ? try vm.less(best, candidate, orEqual: false) : try vm.less(candidate, best, orEqual: false) {
                        best = candidate
                    }
                }
                return [best]
            }
        }
        vm.define("deg", in: library) { [unowned vm] arguments in
            [.float(try number(vm, arguments, 1, "math.deg").asDouble! * (180.0 / Double.pi))]
        }
        vm.define("rad", in: library) { [unowned vm] arguments in
            [.float(try number(vm, arguments, 1, "math.rad").asDouble! * (Double.pi / 180.0))]
        }
        vm.define("fmod", in: library) { [unowned vm] arguments in
            let a = try number(vm, arguments, 1, "math.fmod"), b = try number(vm, arguments, 2, "math.fmod")
            if a.tag == .integer, b.tag == .integer {
                guard b.integerValue != 0 else { throw badArgument(vm, 2, "math.fmod", "zero") }
                return [.integer(b.integerValue == -1 ? 0 : a.integerValue % b.integerValue)]
            }
            return [.float(fmod(a.asDouble!, b.asDouble!))]
        }
    }
}

