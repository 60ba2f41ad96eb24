#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat
import FoundationEssentials

/// The `os` library: time and dates behind `clock`, the environment behind
/// `env`.
enum OSLibrary {
    /// The fields of a date table, in the order `os.date("*t")` sets them.
    static let fields = ["year", "month", "day", "hour", "min", "sec", "wday", "yday", "isdst"]
    /// The conversions `os.date` accepts (C99's, as Lua 5.4 checks them).
    static let conversions = Set("aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%".utf8)
    static let modified: [UInt8: Set<UInt8>] = [
        UInt8(ascii: "E"): Set("cCxXyY".utf8), UInt8(ascii: "O"): Set("deHImMSuUVwWy".utf8),
    ]

    static func install(_ vm: VM) {
        let library = vm.heap.table()
        try? vm.globals.set(vm.string("os"), Value(library))
        vm.define("time", in: library, capability: "clock") { [unowned vm] arguments in
            guard let table = BaseLibrary.argument(arguments, 0).asTable else {
                if !BaseLibrary.argument(arguments, 0).isNil { _ = try BaseLibrary.table(vm, arguments, 1, "os.time") }
                return [.integer(Int64(Glibc.time(nil)))]
            }
            return [.integer(try time(of: table, vm))]
        }
        vm.define("clock", in: library, capability: "clock") { _ in [.float(Double(clock()) / Double(CLOCKS_PER_SEC))] }
        vm.define("difftime", in: library, capability: "clock") { [unowned vm] arguments in
            let end = try BaseLibrary.number(vm, arguments, 1, "os.difftime")
            let start = try BaseLibrary.number(vm, arguments, 2, "os.difftime")
            let real = { (number: Value) in number.tag == .integer ? Double(number.integerValue) : number.floatValue }
            return [.float(real(end) - real(start))]
        }
        vm.define("date", in: library, capability: "clock") { [unowned vm] arguments in
            var format = BaseLibrary.argument(arguments, 0).isNil ? Array("%c".utf8) : try BaseLibrary.bytes(vm, arguments, 1, "os.date")
            var seconds = BaseLibrary.argument(arguments, 1).isNil
                ? time_t(Glibc.time(nil)) : time_t(try BaseLibrary.integer(vm, arguments, 2, "os.date"))
            var parts = tm()
            if format.first == UInt8(ascii: "!") {
                format.removeFirst()
                gmtime_r(&seconds, &parts)
            } else {
                localtime_r(&seconds, &parts)
            }
            if format.starts(with: Array("*t".utf8)) {
                let table = vm.heap.table()
                setFields(of: table, from: parts, vm)
                return [Value(table)]
            }
            return [vm.string(try strftime(format, parts, vm))]
        }
        vm.define("remove", in: library, capability: "fs") { [unowned vm] arguments in
            let name = String(decoding: try BaseLibrary.bytes(vm, arguments, 1, "os.remove"), as: UTF8.self)
            return Glibc.remove(name) == 0 ? [.true] : IOLibrary.failure(vm, name)
        }
        vm.define("rename", in: library, capability: "fs") { [unowned vm] arguments in
            let from = String(decoding: try BaseLibrary.bytes(vm, arguments, 1, "os.rename"), as: UTF8.self)
            let to = String(decoding: try BaseLibrary.bytes(vm, arguments, 2, "os.rename"), as: UTF8.self)
            return Glibc.rename(from, to) == 0 ? [.true] : IOLibrary.failure(vm, from)
        }
        vm.define("tmpname", in: library, capability: "fs") { [unowned vm] _ in
            var template = Array("/tmp/lua_XXXXXX".utf8CString)
            let descriptor = mkstemp(&template)
            guard descriptor >= 0 else { throw vm.error("unable to generate a unique filename") }
            close(descriptor)
            return [vm.string(String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))]
        }
        vm.define("execute", in: library, capability: "process") { [unowned vm] arguments in
            // Without a command: whether a shell is there.
            guard !BaseLibrary.argument(arguments, 0).isNil else { return [.true] }
            let command = String(decoding: try BaseLibrary.bytes(vm, arguments, 1, "os.execute"), as: UTF8.self)
            fflush(nil)
            return IOLibrary.processResult(vm, system(command))
        }
        vm.define("exit", in: library, capability: "process") { [unowned vm] arguments in
            let status = BaseLibrary.argument(arguments, 0)
            let code: Int32 = switch status.tag {
            case .nil, .true: 0
            case .false: 1
            default: Int32(truncatingIfNeeded: try BaseLibrary.integer(vm, arguments, 1, "os.exit"))
            }
            exit(code)
        }
        vm.define("getenv", in: library, capability: "env") { [unowned vm] arguments in
            let name = String(decoding: try BaseLibrary.bytes(vm, arguments, 1, "os.getenv"), as: UTF8.self)
            return [ProcessInfo.processInfo.environment[name].map { vm.string($0) } ?? .nil]
        }
        // The VM's string functions always follow the C locale, and a script
        // may not change the host process's: "C" (also "POSIX" and the
        // native "") is the one locale there is; asking for another fails.
        vm.define("setlocale", in: library) { [unowned vm] arguments in
            let category = BaseLibrary.argument(arguments, 1).isNil
                ? "all" : String(decoding: try BaseLibrary.bytes(vm, arguments, 2, "os.setlocale"), as: UTF8.self)
            guard localeCategories.contains(category) else {
                throw BaseLibrary.badArgument(vm, 2, "os.setlocale", "invalid option '\(category)'")
            }
            let requested = BaseLibrary.argument(arguments, 0)
            if requested.isNil { return [vm.string("C")] }
            let name = String(decoding: try BaseLibrary.bytes(vm, arguments, 1, "os.setlocale"), as: UTF8.self)
            return [["C", "POSIX", ""].contains(name) ? vm.string("C") : .nil]
        }
    }

    /// The categories `os.setlocale` accepts, as Lua names them.
    static let localeCategories: Set<String> = ["all", "collate", "ctype", "monetary", "numeric", "time"]

    /// `format` through C's strftime, one checked conversion at a time.
    static func strftime(_ format: [UInt8], _ parts: tm, _ vm: VM) throws -> [UInt8] {
        var parts = parts
        var out: [UInt8] = []
        var index = 0
        while index < format.count {
            guard format[index] == UInt8(ascii: "%") else {
                out.append(format[index])
                index += 1
                continue
            }
            var length = 2
            if index + 1 < format.count, let allowed = modified[format[index + 1]] {
                guard index + 2 < format.count, allowed.contains(format[index + 2]) else {
                    throw invalid(format, from: index, length: 3, vm)
                }
                length = 3
            } else {
                guard index + 1 < format.count, conversions.contains(format[index + 1]) else {
                    throw invalid(format, from: index, length: 2, vm)
                }
            }
            let conversion = Array(format[index..<(index + length)]) + [0]
            var buffer = [Int8](repeating: 0, count: 256)
            let written = conversion.withUnsafeBufferPointer { spec in
                spec.withMemoryRebound(to: CChar.self) { Glibc.strftime(&buffer, buffer.count, $0.baseAddress!, &parts) }
            }
            out += buffer.prefix(written).map { UInt8(bitPattern: $0) }
            index += length
        }
        return out
    }

    private static func invalid(_ format: [UInt8], from index: Int, length: Int, _ vm: VM) -> LuaError {
        let spec = String(decoding: format[index..<min(format.count, index + length)], as: UTF8.self)
        return BaseLibrary.badArgument(vm, 1, "os.date", "invalid conversion specifier '\(spec)'")
    }

    /// `os.time{...}`: the table's fields normalised as C's mktime does.
    static func time(of table: LuaTable, _ vm: VM) throws -> Int64 {
        func field(_ name: String, default fallback: Int64?) throws -> Int64 {
            let value = table.get(vm.string(name))
            if value.isNil {
                guard let fallback else { throw vm.error("field '\(name)' missing in date table") }
                return fallback
            }
            guard let number = Arithmetic.number(value), number.tag == .integer || LuaArithmetic.exactInteger(number.floatValue) != nil else {
                throw vm.error("field '\(name)' is not an integer")
            }
            let integer = number.tag == .integer ? number.integerValue : LuaArithmetic.exactInteger(number.floatValue)!
            guard integer >= Int64(Int32.min), integer <= Int64(Int32.max) else { throw vm.error("field '\(name)' is out-of-bound") }
            return integer
        }
        var parts = tm()
        parts.tm_year = Int32(try field("year", default: nil) - 1900)
        parts.tm_mon = Int32(try field("month", default: nil) - 1)
        parts.tm_mday = Int32(try field("day", default: nil))
        parts.tm_hour = Int32(try field("hour", default: 12))
        parts.tm_min = Int32(try field("min", default: 0))
        parts.tm_sec = Int32(try field("sec", default: 0))
        let dst = table.get(vm.string("isdst"))
        parts.tm_isdst = dst.isNil ? -1 : (dst.isFalsy ? 0 : 1)
        let result = mktime(&parts)
        guard result != -1 else { throw vm.error("time result cannot be represented in this installation") }
        // Lua writes the normalised fields back into the table.
        setFields(of: table, from: parts, vm)
        return Int64(result)
    }

    /// A date table's fields from C's broken-down time (`os.date("*t")`,
    /// and `os.time` writing back what it normalised).
    static func setFields(of table: LuaTable, from parts: tm, _ vm: VM) {
        let values: [Int64] = [Int64(parts.tm_year) + 1900, Int64(parts.tm_mon) + 1, Int64(parts.tm_mday),
                               Int64(parts.tm_hour), Int64(parts.tm_min), Int64(parts.tm_sec),
                               Int64(parts.tm_wday) + 1, Int64(parts.tm_yday) + 1]
        for (name, value) in zip(fields, values) { try? table.set(vm.string(name), .integer(value)) }
        try? table.set(vm.string("isdst"), .boolean(parts.tm_isdst > 0))
    }
}
