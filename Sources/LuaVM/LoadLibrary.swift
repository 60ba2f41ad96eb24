import BlobFormat

/// A chunk compiled from text for `load`: its blob and nested closures.
public struct CompiledChunk: Sendable {
    public var chunk: FunctionBlob
    public var closures: [FunctionBlob]
    /// Where each nested function starts, for error positions.
    public var closureLines: [FunctionHash: Int]

    public init(chunk: FunctionBlob, closures: [FunctionBlob], closureLines: [FunctionHash: Int]) {
        self.chunk = chunk
        self.closures = closures
        self.closureLines = closureLines
    }
}

/// Why text given to `load` did not compile: Lua's message, already
/// prefixed with the chunk's name and line.
public struct ChunkSyntaxError: Error, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
}

/// `load`: text chunks only (the VM runs blobs, not Lua's binary chunks).
/// The compiler lives beside the VM, so a host hands it in as
/// ``VM/compiler``; without one, `load` returns `nil` and a message.
enum LoadLibrary {
    /// How Lua shows a chunk name in messages (`luaO_chunkid`): `=name` and
    /// `@file` as they are, any other source as `[string "first line..."]`.
    static func displayName(_ name: [UInt8]) -> String {
        let limit = 59
        if name.first == UInt8(ascii: "=") { return String(decoding: name.dropFirst().prefix(limit), as: UTF8.self) }
        if name.first == UInt8(ascii: "@") {
            let file = name.dropFirst()
            return file.count <= limit ? String(decoding: file, as: UTF8.self) : "..." + String(decoding: file.suffix(limit - 3), as: UTF8.self)
        }
        let room = limit - 14
        let firstLine = name.prefix { $0 != 0x0A && $0 != 0x0D }
        if firstLine.count == name.count, name.count < room { return "[string \"\(String(decoding: name, as: UTF8.self))\"]" }
        return "[string \"\(String(decoding: firstLine.prefix(room), as: UTF8.self))...\"]"
    }

    static func install(_ vm: VM) {
        vm.define("load") { [unowned vm] arguments in
            let chunk = BaseLibrary.argument(arguments, 0)
            var source: [UInt8]
            var defaultName: [UInt8]
            if chunk.tag == .string || chunk.isNumber {
                source = try BaseLibrary.bytes(vm, arguments, 1, "load")
                defaultName = source
            } else if chunk.tag == .function {
                source = []
                defaultName = Array("=(load)".utf8)
                while true {
                    // An error in the reader is load's failure, not the caller's.
                    let result: [Value]
                    do { result = try vm.call(chunk, []) } catch let error as LuaError { return [.nil, error.value] }
                    guard let piece = result.first, !piece.isNil else { break }
                    guard let bytes = piece.asString?.bytes else { return [.nil, vm.string("reader function must return a string")] }
                    if bytes.isEmpty { break }
                    source += bytes
                }
            } else {
                throw BaseLibrary.badArgument(vm, 1, "load", "string expected, got \(BaseLibrary.typeNameForArgument(vm, arguments, 0))")
            }
            let nameValue = BaseLibrary.argument(arguments, 1)
            let name = nameValue.isNil ? defaultName : try BaseLibrary.bytes(vm, arguments, 2, "load")
            let modeValue = BaseLibrary.argument(arguments, 2)
            let mode = modeValue.isNil ? "bt" : String(decoding: try BaseLibrary.bytes(vm, arguments, 3, "load"), as: UTF8.self)
            if source.first == 0x1B {
                guard mode.contains("b") else { return [.nil, vm.string("attempt to load a binary chunk (mode is '\(mode)')")] }
                return [.nil, vm.string("binary chunks are not supported: this VM runs blobs compiled from text")]
            }
            guard mode.contains("t") else { return [.nil, vm.string("attempt to load a text chunk (mode is '\(mode)')")] }
            guard let compiler = vm.compiler else { return [.nil, vm.string("load: no compiler in this VM")] }
            let display = displayName(name)
            let compiled: CompiledChunk
            do { compiled = try compiler(source, display) } catch let error as ChunkSyntaxError {
                return [.nil, vm.string(error.message)]
            }
            let proto = try vm.makeProto(compiled.chunk, source: display, origin: .chunk, firstLine: 1,
                                         closures: Dictionary(compiled.closures.map { ($0.hash, $0) }) { first, _ in first },
                                         closureLines: compiled.closureLines)
            let environment = arguments.count >= 4 ? arguments[3] : Value(vm.globals)
            let upvalue = vm.heap.register(Upvalue(closed: environment))
            return [Value(vm.heap.register(LuaClosure(proto: proto, upvalues: [upvalue])))]
        }
    }
}
