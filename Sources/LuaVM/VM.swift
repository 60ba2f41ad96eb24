import BlobFormat
import Foundation

/// One Lua virtual machine: its heap, globals, register stack and call
/// frames. It runs function blobs and knows nothing of the disk.
///
/// Lua-to-Lua calls push frames in one dispatch loop, so deep recursion in a
/// script does not recurse on the Swift stack; only calls through host
/// functions and metamethods re-enter the loop, to a bounded depth.
public final class VM {
    let heap = Heap()
    /// The global table (`_G`, `_ENV` of loaded chunks).
    let globals: LuaTable
    /// The metatable of strings (its `__index` is the string library).
    var stringMetatable: LuaTable?

    let stack: UnsafeMutablePointer<Value>
    /// How many value slots the stack has; a call past it is a stack overflow.
    let stackSize: Int
    /// The first slot above the last call's results (multiple results and
    /// variable arguments end here).
    @exclusivity(unchecked) var top = 0
    @exclusivity(unchecked) var frames: [Frame] = []
    /// Open upvalues, ordered by stack slot.
    @exclusivity(unchecked) var openUpvalues: [Upvalue] = []
    /// The names of the metamethod events, by ``Event``.
    var eventNames: [Value] = []
    /// Loaded prototypes, whose constants are roots.
    var protos: [Proto] = []
    /// Nested entries into the dispatch loop (host calls back into Lua).
    @exclusivity(unchecked) var nesting = 0
    /// For each host function running, how many Lua frames existed when it
    /// was called (for error positions).
    @exclusivity(unchecked) var hostCalls: [Int] = []
    static let maximumNesting = 190
    static let maximumFrames = 200_000

    /// Instructions left before "instruction budget exhausted"; `nil` for no
    /// limit. A host sets it before each call into the VM.
    @exclusivity(unchecked) public var instructionBudget: Int?

    /// Where `print` and `io.write` go.
    public var output: (String) -> Void = { text in FileHandle.standardOutput.write(Data(text.utf8)) }

    public init(stackSize: Int = 1 << 20) {
        self.stackSize = stackSize
        stack = .allocate(capacity: stackSize)
        stack.initialize(repeating: .nil, count: stackSize)
        globals = heap.table()
        eventNames = Event.allCases.map { Value(heap.string($0.text)) }
        BaseLibrary.install(in: self)
    }

    deinit {
        stack.deinitialize(count: stackSize)
        stack.deallocate()
    }

    /// One call of a Lua function in progress.
    struct Frame {
        /// Not counted: the heap owns it, and running frames are collector roots.
        unowned(unsafe) let closure: LuaClosure
        var pc: Int
        /// The slot of register 0.
        let base: Int
        /// The slot that held the function; results are moved here.
        let resultSlot: Int
        /// How many results the caller wants; -1 for all of them.
        let wanted: Int
        /// Arguments past the fixed parameters of a vararg function.
        var varargs: [Value]
        /// Whether returning from this frame returns to Swift.
        let returnsToHost: Bool
    }

    // MARK: Values

    /// A string value.
    func string(_ bytes: [UInt8]) -> Value { Value(heap.string(bytes)) }
    func string(_ text: String) -> Value { Value(heap.string(text)) }

    /// Defines a global host function.
    func define(_ name: String, in table: LuaTable? = nil, _ body: @escaping ([Value]) throws -> [Value]) {
        let function = heap.register(HostFunction(name: name, body: body))
        try? (table ?? globals).set(string(name), Value(function))
    }

    /// A run-time error, prefixed with `source:line:` of the Lua function
    /// that is running, or that called the running host function (none when
    /// a host function called it, as in `pcall(string.rep)`).
    func error(_ message: String) -> LuaError {
        let level = hostCalls.last == frames.count ? 1 : 0
        let text = position(level: level).map { "\($0) \(message)" } ?? message
        return LuaError(value: string(text), message: text)
    }

    /// `source:line:` of the function `level` calls down from the one
    /// running (0), counting host functions; nil for a host function.
    func position(level: Int) -> String? {
        // Lua frames and host calls, bottom to top: a host call made while
        // `k` frames existed sits between frame k-1 and frame k.
        var entries: [Int?] = []
        var marker = 0
        for index in 0...frames.count {
            while marker < hostCalls.count, hostCalls[marker] == index {
                entries.append(nil)
                marker += 1
            }
            if index < frames.count { entries.append(index) }
        }
        let position = entries.count - 1 - level
        guard position >= 0, let frameIndex = entries[position] else { return nil }
        let frame = frames[frameIndex]
        return "\(frame.closure.proto.source):\(frame.closure.proto.line(at: frame.pc - 1)):"
    }

    // MARK: Loading

    /// Makes a function from a chunk blob and the blobs it refers to:
    /// `functions` by name (for `CLOSURENAMED`) and `closures` by hash.
    /// `source` names the chunk in messages; `lines` gives the first line of
    /// each named function, when known.
    public func load(chunk: FunctionBlob, functions: [String: FunctionBlob], closures: [FunctionHash: FunctionBlob],
                     source: String, lines: [String: Int] = [:], closureLines: [FunctionHash: Int] = [:]) throws -> LoadedChunk {
        try Verifier.verify(chunk)
        var made: [FunctionHash: Proto] = [:]
        func makeProto(_ blob: FunctionBlob, firstLine: Int) throws -> Proto {
            let hash = blob.hash
            if let existing = made[hash] { return existing }
            try Verifier.verify(blob)
            let proto = Proto(blob: blob, heap: heap, source: source, firstLine: firstLine)
            made[hash] = proto
            for child in blob.closures {
                guard let childBlob = closures[child] else { throw LoadError.missingClosure(child) }
                proto.children.append(try makeProto(childBlob, firstLine: closureLines[child] ?? firstLine))
            }
            protos.append(proto)
            return proto
        }
        var named: [String: Proto] = [:]
        for (name, blob) in functions { named[name] = try makeProto(blob, firstLine: lines[name] ?? 0) }
        let main = try makeProto(chunk, firstLine: 1)
        namedProtos.merge(named) { $1 }
        let environment = heap.register(Upvalue(slot: -1))
        environment.closed = Value(globals)
        return LoadedChunk(function: Value(heap.register(LuaClosure(proto: main, upvalues: [environment]))))
    }

    /// Named functions of everything loaded, for `CLOSURENAMED`.
    var namedProtos: [String: Proto] = [:]

    /// A loaded chunk, ready to run.
    public struct LoadedChunk {
        let function: Value
    }

    public enum LoadError: Error, CustomStringConvertible {
        case missingClosure(FunctionHash)
        case missingFunction(String)

        public var description: String {
            switch self {
            case let .missingClosure(hash): "nested closure \(hash.hex) is missing"
            case let .missingFunction(name): "function '\(name)' is missing"
            }
        }
    }

    /// Runs a loaded chunk with `arguments` (as `...`).
    @discardableResult
    public func run(_ chunk: LoadedChunk, arguments: [String] = []) throws -> [Value] {
        try call(chunk.function, arguments.map { string($0) })
    }

    // MARK: Collection

    /// Collects garbage now.
    func collectGarbage() {
        let frames = self.frames
        let top = self.top
        heap.collect { gray in
            gray.append(globals)
            if let stringMetatable { gray.append(stringMetatable) }
            for proto in protos { proto.mark(&gray) }
            for name in eventNames { name.mark(&gray) }
            for upvalue in openUpvalues { gray.append(upvalue) }
            var limit = top
            for frame in frames {
                gray.append(frame.closure)
                for value in frame.varargs { value.mark(&gray) }
                limit = max(limit, frame.base + frame.closure.proto.registerCount)
            }
            for slot in 0..<min(limit, stackSize) { stack[slot].mark(&gray) }
        }
    }

    /// Collects when enough has been allocated since the last collection.
    @inline(__always)
    func collectIfDue() {
        if heap.isCollectionDue { collectGarbage() }
    }

    /// The heap's size in kilobytes, as `collectgarbage("count")` reports it.
    var memoryInUse: Double { Double(heap.bytes) / 1024 }
}

extension VM {
    /// Sets the global `arg` table as the `lua` command does: the script
    /// name at 0, the arguments from 1.
    public func setArguments(script: String, _ arguments: [String]) {
        let table = heap.table(arrayCapacity: arguments.count)
        table.set(index: 0, string(script))
        for (index, argument) in arguments.enumerated() { table.set(index: Int64(index + 1), string(argument)) }
        try? globals.set(string("arg"), Value(table))
    }
}

extension VM {
    /// Calls the function at `path` from the globals (`["M", "f"]` is
    /// `M.f`); with `method`, the table before it is passed as `self`.
    /// Returns the results as `print` writes them (tab-separated).
    public func callGlobal(path: [String], method: Bool, arguments: [Value]) throws -> String {
        var holder = Value(globals)
        var function = Value(globals)
        for component in path {
            holder = function
            function = try index(function, string(component))
            if function.isNil { throw error("no function '\(path.joined(separator: "."))' in the loaded snapshot") }
        }
        let results = try call(function, (method ? [holder] : []) + arguments)
        return try results.map { String(decoding: try text(of: $0), as: UTF8.self) }.joined(separator: "\t")
    }
}
