#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat
import FoundationEssentials

/// A file of the `io` library: a C stream, or the VM's output (so that
/// `io.stdout:write` goes where `print` goes).
final class LuaFile {
    enum Stream {
        case file(UnsafeMutablePointer<FILE>)
        case output
    }

    var stream: Stream?
    let isStandard: Bool
    /// A pipe from `io.popen`, closed with `pclose`.
    let isPipe: Bool

    init(_ stream: Stream, isStandard: Bool = false, isPipe: Bool = false) {
        self.stream = stream
        self.isStandard = isStandard
        self.isPipe = isPipe
    }

    deinit {
        guard !isStandard, case let .file(file) = stream else { return }
        if isPipe { pclose(file) } else { fclose(file) }
    }
}

/// The `io` library: `write` behind `stdout`; `read` and `lines()` on
/// standard input behind `stdin`; `open` and `lines(name)` behind `fs`.
/// Files are userdata whose methods (`read`, `write`, `lines`, `seek`,
/// `close`, ...) need nothing more: holding one is the permission.
enum IOLibrary {
    /// What `os.execute` and closing an `io.popen` pipe return for a
    /// wait status, as Lua gives it: success, "exit" or "signal", the code.
    static func processResult(_ vm: VM, _ status: Int32) -> [Value] {
        guard status != -1 else { return failure(vm, nil) }
        let signal = status & 0x7f
        let (kind, code) = signal == 0 ? ("exit", (status >> 8) & 0xff) : ("signal", signal)
        return [kind == "exit" && code == 0 ? .true : .nil, vm.string(kind), .integer(Int64(code))]
    }

    static func install(_ vm: VM) {
        let library = vm.heap.table()
        try? vm.globals.set(vm.string("io"), Value(library))
        let methods = vm.heap.table()
        let metatable = vm.heap.table()
        try? metatable.set(vm.string("__index"), Value(methods))
        try? metatable.set(vm.string("__name"), vm.string("FILE*"))

        func wrap(_ file: LuaFile) -> Value { Value(vm.heap.register(LuaUserdata(file, metatable: metatable))) }
        func file(_ arguments: [Value], _ function: String) throws -> LuaFile {
            guard let file = BaseLibrary.argument(arguments, 0).asUserdata?.payload as? LuaFile else {
                throw BaseLibrary.badArgument(vm, 1, function, "FILE* expected, got \(BaseLibrary.typeNameForArgument(vm, arguments, 0))")
            }
            return file
        }
        func open(_ file: LuaFile) throws -> LuaFile.Stream {
            guard let stream = file.stream else { throw vm.error("attempt to use a closed file") }
            return stream
        }
        let standardInput = LuaFile(.file(fdopen(0, "r")), isStandard: true)
        let standardError = LuaFile(.file(fdopen(2, "w")), isStandard: true)
        let standardOutput = LuaFile(.output, isStandard: true)
        let stdin = wrap(standardInput), stdout = wrap(standardOutput), stderr = wrap(standardError)
        try? library.set(vm.string("stdin"), stdin)
        try? library.set(vm.string("stdout"), stdout)
        try? library.set(vm.string("stderr"), stderr)
        var input = stdin, output = stdout
        // The default files are roots: the registry holds them.
        func keepDefaults() {
            try? vm.registry.set(vm.string("io.input"), input)
            try? vm.registry.set(vm.string("io.output"), output)
        }
        keepDefaults()

        func write(_ target: LuaFile, _ arguments: ArraySlice<Value>, _ function: String, first: Int) throws -> [Value] {
            let stream = try open(target)
            for (offset, value) in arguments.enumerated() {
                let bytes: [UInt8]
                if let string = value.asString { bytes = string.bytes } else if value.isNumber {
                    // Files write numbers with "%.14g" (or "%d"), without
                    // the ".0" that tostring adds.
                    bytes = Array((value.tag == .integer ? String(value.integerValue) : cFormatted("%.14g", value.floatValue)).utf8)
                } else {
                    throw BaseLibrary.badArgument(vm, first + offset, function, "string expected, got \(value.typeName)")
                }
                switch stream {
                case .output: vm.output(bytes)
                case let .file(file):
                    if fwrite(bytes, 1, bytes.count, file) != bytes.count { return failure(nil) }
                }
            }
            return []
        }
        func cannotOpen(_ name: String) -> LuaError {
            vm.error("cannot open file '\(name)' (\(String(cString: strerror(errno))))")
        }
        func failure(_ name: String?) -> [Value] { IOLibrary.failure(vm, name) }

        vm.define("write", in: library, capability: "stdout") { arguments in
            let target = (output.asUserdata!.payload as! LuaFile)
            let result = try write(target, arguments[...], "io.write", first: 1)
            return result.isEmpty ? [output] : result
        }
        vm.define("write", in: methods) { arguments in
            let result = try write(try file(arguments, "write"), arguments.dropFirst(), "write", first: 1)
            return result.isEmpty ? [arguments[0]] : result
        }
        vm.define("read", in: library, capability: "stdin") { arguments in
            try read(input.asUserdata!.payload as! LuaFile, arguments[...], vm, first: 1)
        }
        vm.define("read", in: methods) { arguments in
            try read(try file(arguments, "read"), arguments.dropFirst(), vm, first: 2)
        }
        vm.define("open", in: library, capability: "fs") { arguments in
            let name = String(decoding: try BaseLibrary.bytes(vm, arguments, 1, "io.open"), as: UTF8.self)
            let mode = BaseLibrary.argument(arguments, 1).isNil ? "r" : String(decoding: try BaseLibrary.bytes(vm, arguments, 2, "io.open"), as: UTF8.self)
            // Lua's modes: r, w or a, then an optional +, then an optional b.
            var rest = Substring(mode)
            guard let first = rest.popFirst(), "rwa".contains(first) else {
                throw BaseLibrary.badArgument(vm, 2, "io.open", "invalid mode")
            }
            if rest.first == "+" { rest.removeFirst() }
            if rest.first == "b" { rest.removeFirst() }
            guard rest.isEmpty else {
                throw BaseLibrary.badArgument(vm, 2, "io.open", "invalid mode")
            }
            guard let handle = fopen(name, mode) else { return failure(name) }
            return [wrap(LuaFile(.file(handle)))]
        }
        func lines(_ target: LuaFile, _ formats: [Value], closing: Bool) -> Value {
            let iterator = vm.heap.register(HostFunction(name: "lines") { _ in
                guard target.stream != nil else { throw vm.error("file is already closed") }
                let values = try read(target, formats.isEmpty ? [vm.string("l")] : formats[...], vm, first: 2)
                if closing, values.first?.isNil ?? true, case let .file(handle)? = target.stream {
                    fclose(handle)
                    target.stream = nil
                }
                return values
            })
            return Value(iterator)
        }
        vm.define("lines", in: library, capability: "fs") { arguments in
            guard !BaseLibrary.argument(arguments, 0).isNil else {
                return [lines(input.asUserdata!.payload as! LuaFile, Array(arguments.dropFirst()), closing: false)]
            }
            let name = String(decoding: try BaseLibrary.bytes(vm, arguments, 1, "io.lines"), as: UTF8.self)
            guard let handle = fopen(name, "r") else { throw cannotOpen(name) }
            let opened = LuaFile(.file(handle))
            let value = lines(opened, Array(arguments.dropFirst()), closing: true)
            (value.asFunction as! HostFunction).captured = [wrap(opened)]
            return [value, .nil, .nil, .nil]
        }
        vm.define("lines", in: methods) { arguments in
            let target = try file(arguments, "lines")
            let iterator = lines(target, Array(arguments.dropFirst()), closing: false)
            (iterator.asFunction as! HostFunction).captured = [arguments[0]]
            return [iterator]
        }
        func close(_ target: LuaFile) -> [Value] {
            if target.isStandard { return [.nil, vm.string("cannot close standard file")] }
            defer { target.stream = nil }
            guard case let .file(handle)? = target.stream else { return [.true] }
            if target.isPipe { return IOLibrary.processResult(vm, pclose(handle)) }
            fclose(handle)
            return [.true]
        }
        vm.define("popen", in: library, capability: "process") { arguments in
            let command = String(decoding: try BaseLibrary.bytes(vm, arguments, 1, "io.popen"), as: UTF8.self)
            let mode = BaseLibrary.argument(arguments, 1).isNil ? "r" : String(decoding: try BaseLibrary.bytes(vm, arguments, 2, "io.popen"), as: UTF8.self)
            guard mode == "r" || mode == "w" else { throw BaseLibrary.badArgument(vm, 2, "io.popen", "invalid mode") }
            fflush(nil)
            guard let handle = popen(command, mode) else { return failure(command) }
            return [wrap(LuaFile(.file(handle), isPipe: true))]
        }
        vm.define("tmpfile", in: library, capability: "fs") { _ in
            guard let handle = tmpfile() else { return failure(nil) }
            return [wrap(LuaFile(.file(handle)))]
        }
        vm.define("close", in: methods) { arguments in
            let target = try file(arguments, "close")
            _ = try open(target)
            return close(target)
        }
        vm.define("close", in: library) { arguments in
            let target = BaseLibrary.argument(arguments, 0).isNil ? output.asUserdata!.payload as! LuaFile : try file(arguments, "io.close")
            _ = try open(target)
            return close(target)
        }
        func flush(_ target: LuaFile) throws -> [Value] {
            if case let .file(handle) = try open(target) { fflush(handle) }
            return [.true]
        }
        vm.define("flush", in: methods) { arguments in try flush(try file(arguments, "flush")) }
        vm.define("flush", in: library) { _ in try flush(output.asUserdata!.payload as! LuaFile) }
        vm.define("setvbuf", in: methods) { arguments in
            _ = try open(try file(arguments, "setvbuf"))
            return [.true]
        }
        vm.define("seek", in: methods) { arguments in
            let target = try file(arguments, "seek")
            guard case let .file(handle) = try open(target) else { return [.integer(0)] }
            let whenceName = BaseLibrary.argument(arguments, 1).isNil ? "cur" : String(decoding: try BaseLibrary.bytes(vm, arguments, 2, "seek"), as: UTF8.self)
            let whence: Int32
            switch whenceName {
            case "set": whence = SEEK_SET
            case "cur": whence = SEEK_CUR
            case "end": whence = SEEK_END
            default: throw BaseLibrary.badArgument(vm, 2, "seek", "invalid option '\(whenceName)'")
            }
            let offset = try BaseLibrary.integer(vm, arguments, 3, "seek", default: 0)
            guard fseek(handle, Int(offset), whence) == 0 else { return failure(nil) }
            return [.integer(Int64(ftell(handle)))]
        }
        vm.define("type", in: library) { arguments in
            guard let target = BaseLibrary.argument(arguments, 0).asUserdata?.payload as? LuaFile else { return [.nil] }
            return [vm.string(target.stream == nil ? "closed file" : "file")]
        }
        /// `io.input(x)` / `io.output(x)`: a file name opens it, a file
        /// becomes the default; either way the default is returned.
        /// The default file that `io.input` or `io.output` leaves: `current`,
        /// a file it is given, or the file it opens by name.
        func chosenDefault(_ current: Value, _ arguments: [Value], mode: String, _ function: String) throws -> Value {
            let argument = BaseLibrary.argument(arguments, 0)
            if let name = argument.asString {
                let path = String(decoding: name.bytes, as: UTF8.self)
                guard let handle = fopen(path, mode) else { throw cannotOpen(path) }
                return wrap(LuaFile(.file(handle)))
            }
            if !argument.isNil { _ = try file(arguments, function) }
            return argument.isNil ? current : argument
        }
        vm.define("output", in: library, capability: "fs") { arguments in
            output = try chosenDefault(output, arguments, mode: "w", "io.output")
            keepDefaults()
            return [output]
        }
        vm.define("input", in: library, capability: "fs") { arguments in
            input = try chosenDefault(input, arguments, mode: "r", "io.input")
            keepDefaults()
            return [input]
        }
        // __gc and __close close a file that is still open (the collector
        // runs no finalizers: a file left open closes when it is freed).
        for event in ["__gc", "__close"] {
            try? metatable.set(vm.string(event), Value(vm.heap.register(HostFunction(name: event) { arguments in
                let target = try file(arguments, event)
                if target.stream != nil, !target.isStandard { _ = close(target) }
                return []
            })))
        }
        try? metatable.set(vm.string("__tostring"), Value(vm.heap.register(HostFunction(name: "tostring") { arguments in
            let target = try file(arguments, "tostring")
            if target.stream == nil { return [vm.string("file (closed)")] }
            return [vm.string("file (0x\(String(arguments[0].payload, radix: 16)))")]
        })))
    }

    /// What a failed file operation returns, as Lua's do: nil, the message
    /// (with the file name, when there is one) and the error number.
    static func failure(_ vm: VM, _ name: String?) -> [Value] {
        let code = errno
        let message = String(cString: strerror(code))
        return [.nil, vm.string(name.map { "\($0): \(message)" } ?? message), .integer(Int64(code))]
    }

    /// `file:read(...)`: per format, a number (`n`), a line without or with
    /// its end (`l`, `L`), everything (`a`), or up to a count of bytes; nil
    /// for the first that finds nothing, and none after it.
    static func read(_ target: LuaFile, _ formats: ArraySlice<Value>, _ vm: VM, first: Int) throws -> [Value] {
        guard let stream = target.stream else { throw vm.error("attempt to use a closed file") }
        guard case let .file(handle) = stream else { return [.nil, vm.string("file not readable"), .integer(9)] }
        var results: [Value] = []
        let formats = formats.isEmpty ? [vm.string("l")] : Array(formats)
        for (offset, format) in formats.enumerated() {
            let value: Value
            if format.isNumber {
                let count = try BaseLibrary.integer(vm, formats, offset + 1, "read")
                var buffer = [UInt8](repeating: 0, count: Int(max(count, 0)))
                if count == 0 {
                    let next = getc(handle)
                    if next != EOF { ungetc(next, handle) }
                    value = next == EOF ? .nil : vm.string("")
                } else {
                    let got = fread(&buffer, 1, buffer.count, handle)
                    value = got == 0 ? .nil : vm.string(Array(buffer.prefix(got)))
                }
            } else {
                var spec = try BaseLibrary.bytes(vm, formats, offset + 1, "read")
                if spec.first == UInt8(ascii: "*") { spec.removeFirst() }
                switch spec.first {
                case UInt8(ascii: "l"), UInt8(ascii: "L"):
                    var line: [UInt8] = []
                    var character = getc(handle)
                    while character != EOF, character != 0x0A {
                        line.append(UInt8(character))
                        character = getc(handle)
                    }
                    if character == 0x0A, spec.first == UInt8(ascii: "L") { line.append(0x0A) }
                    value = character == EOF && line.isEmpty ? .nil : vm.string(line)
                case UInt8(ascii: "a"):
                    var all: [UInt8] = []
                    var buffer = [UInt8](repeating: 0, count: 65536)
                    while true {
                        let got = fread(&buffer, 1, buffer.count, handle)
                        if got == 0 { break }
                        all += buffer.prefix(got)
                    }
                    value = vm.string(all)
                case UInt8(ascii: "n"):
                    var text: [UInt8] = []
                    var character = getc(handle)
                    while character == 0x20 || (0x09...0x0D).contains(character) { character = getc(handle) }
                    while character != EOF, text.count < 200,
                          let byte = UInt8(exactly: character), byte.isNumeralCharacter {
                        text.append(byte)
                        character = getc(handle)
                    }
                    if character != EOF { ungetc(character, handle) }
                    value = Arithmetic.number(vm.string(text)) ?? .nil
                default:
                    throw BaseLibrary.badArgument(vm, first + offset, "read", "invalid format")
                }
            }
            results.append(value)
            if value.isNil { break }
        }
        return results
    }
}

private extension UInt8 {
    /// A byte that may appear in a numeral `io.read("n")` reads.
    var isNumeralCharacter: Bool {
        (0x30...0x39).contains(self) || (0x61...0x66).contains(self) || (0x41...0x46).contains(self)
            || self == UInt8(ascii: "x") || self == UInt8(ascii: "X") || self == UInt8(ascii: ".")
            || self == UInt8(ascii: "+") || self == UInt8(ascii: "-") || self == UInt8(ascii: "p") || self == UInt8(ascii: "P")
    }
}
