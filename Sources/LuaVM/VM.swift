import BlobFormat
import FoundationEssentials

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
    /// Library state that scripts cannot reach (the default files of `io`),
    /// kept alive as a root, like Lua's registry.
    let registry: LuaTable
    /// The metatable of strings (its `__index` is the string library).
    @exclusivity(unchecked) var stringMetatable: LuaTable?

    /// The running thread's stack (the main one's or a coroutine's).
    @exclusivity(unchecked) var stack: UnsafeMutablePointer<Value>
    /// How many value slots the stack has; a call past it is a stack overflow.
    @exclusivity(unchecked) var stackSize: Int
    /// The main thread's stack, owned by the VM.
    let mainStack: UnsafeMutablePointer<Value>
    let mainStackSize: Int
    /// The main thread, and the thread running now.
    @exclusivity(unchecked) var mainThread: Coroutine!
    @exclusivity(unchecked) var runningThread: Coroutine!
    /// Threads that resumed the running one (status normal), outermost first.
    @exclusivity(unchecked) var resumeChain: [Coroutine] = []
    /// `coroutine.yield`, recognised by identity when called.
    @exclusivity(unchecked) var yieldFunction: HostFunction?
    /// `pcall`, which the dispatch loop runs as a protected frame.
    @exclusivity(unchecked) var pcallFunction: HostFunction?
    /// `xpcall`, run the same way, with its message handler kept aside.
    @exclusivity(unchecked) var xpcallFunction: HostFunction?
    /// The message handlers of the protected frames `xpcall` made, by the
    /// index of their frame, innermost last (collector roots).
    @exclusivity(unchecked) var messageHandlers: [(frame: Int, handler: Value)] = []
    /// The first slot above the last call's results (multiple results and
    /// variable arguments end here).
    @exclusivity(unchecked) var top = 0
    /// The running thread's frames. One object for the VM's life (a
    /// coroutine switch exchanges its contents), so reaching it counts no
    /// references.
    let frames = FrameStack()
    /// Error values that `__close` handlers are being told about while an
    /// error unwinds: collector roots, since no Lua stack slot holds them.
    var errorsInFlight: [Value] = []
    /// Slots of to-be-closed variables in scope, in the order they were declared.
    @exclusivity(unchecked) var toBeClosed: [Int] = []
    /// Open upvalues, ordered by stack slot.
    @exclusivity(unchecked) var openUpvalues: [Upvalue] = []
    /// The slot of the last (highest) open upvalue, -1 for none: what a
    /// return checks, without touching the list. Kept by every change of
    /// the list.
    @exclusivity(unchecked) var openUpvalueTop = -1
    /// The names of the metamethod events, by ``Event``.
    @exclusivity(unchecked) var eventNames: [Value] = []
    /// The named functions of everything loaded, by name.
    var functions: [String: NamedFunction] = [:]
    /// Counts runs of chunks, so a named function knows which run made it.
    var chunkRun = 0
    /// Reload checkpoints not yet restored or discarded (collector roots).
    var checkpoints: [Checkpoint] = []
    /// Chunks loaded but not yet run (collector roots).
    var pendingChunks: [ObjectIdentifier: LuaClosure] = [:]
    /// Files of a load whose chunks wait until their globals are used.
    var deferral: Deferral?
    /// Finds the blob of a named function that a chunk makes before anyone
    /// declared it with ``define(_:hash:source:)``: a loader that does not
    /// declare every function up front answers here.
    public var functionBlobs: ((String) -> FunctionHash?)?
    /// Reads a blob that the VM has not decoded yet: named functions on
    /// their first call and the closures nested in them.
    public var blobs: ((FunctionHash) throws -> FunctionBlob)?
    /// Compiles text for `load` (set by a host that has the compiler; the
    /// VM itself runs blobs only). It names the chunk `chunkName` in
    /// messages and throws ``ChunkSyntaxError`` for bad text.
    public var compiler: ((_ source: [UInt8], _ chunkName: String) throws -> CompiledChunk)?
    /// Finds where a function starts in its source, for error messages
    /// (blobs hold lines relative to their first line). Asked once per
    /// function, when a message first needs it.
    public var firstLines: ((_ source: String, _ function: FunctionOrigin) -> Int?)?
    /// Nested entries into the dispatch loop (host calls back into Lua).
    @exclusivity(unchecked) var nesting = 0
    /// For each host function running, how many Lua frames existed when it
    /// was called (for error positions).
    @exclusivity(unchecked) var hostCalls: [Int] = []
    /// Whether the running host function was called by Lua code (rather
    /// than from Swift, as `pcall` calls): Lua names it then as the call
    /// site does (`sub`), otherwise by its global name (`string.sub`).
    @exclusivity(unchecked) var hostCalledFromLua = false
    static let maximumNesting = 190
    static let maximumFrames = 200_000
    /// The most `__call` metamethods one call goes through (an object whose
    /// `__call` is an object with a `__call`, …) before it is taken for a loop.
    static let maximumCallChain = 2000
    /// How often a failing message handler runs again (Lua stops at its
    /// limit of nested C calls, about 200), and with how many frames of room.
    static let messageHandlerRetries = 200
    static let messageHandlerRoom = 200
    /// Slots every stack has past its size, for a message handler that runs
    /// where a stack overflow happened (Lua keeps such room too).
    static let errorHandlingSlots = 4096
    /// Frames deeper than this are a stack overflow: ``maximumFrames``, or
    /// less while a failing message handler runs again.
    @exclusivity(unchecked) var frameLimit = VM.maximumFrames

    /// Runs `body` with room for at most `room` more frames, as Lua's
    /// message handlers run again near the top of an exhausted stack.
    func withFrameRoom<T>(_ room: Int, _ body: () throws -> T) rethrows -> T {
        let saved = frameLimit
        frameLimit = min(saved, frames.count + room)
        defer { frameLimit = saved }
        return try body()
    }

    /// Instructions left before "instruction budget exhausted"; `nil` for no
    /// limit. A host sets it before each call into the VM.
    @exclusivity(unchecked) public var instructionBudget: Int?

    /// Where `print` and `io.write` go: the bytes as the script made them
    /// (Lua strings are bytes, not necessarily UTF-8).
    public var output: ([UInt8]) -> Void = { bytes in StandardStream.output(bytes) }

    /// Where `warn` sends a warning (its pieces joined), once a script has
    /// turned warnings on with `warn("@on")`; nil drops them.
    public var warningOutput: (([UInt8]) -> Void)?
    /// Whether `warn("@on")` is in effect (off at the start, as in `lua`).
    var warningsOn = false

    /// The collector mode `collectgarbage` last set ("incremental" or
    /// "generational"); the collector itself has one mode.
    var collectorMode = "incremental"

    /// The capabilities scripts in this VM may use.
    public let permissions: Permissions

    /// A VM whose scripts may use the capabilities `permissions` grants
    /// (all of them by default, as for a command-line tool).
    public init(permissions: Permissions = .all, stackSize: Int = 1 << 20) {
        self.permissions = permissions
        self.stackSize = stackSize
        // Reserved, not committed: a VM that runs shallow code touches a few
        // pages of its 16 MB stack, not all of them.
        guard let reserved = StackMemory.reserve(slots: stackSize + Self.errorHandlingSlots) else {
            fatalError("cannot reserve a stack of \(stackSize) values")
        }
        stack = reserved
        mainStack = stack
        mainStackSize = stackSize
        globals = heap.table()
        registry = heap.table()
        eventNames = Event.allCases.map { Value(heap.string($0.text)) }
        heap.modeKey = eventNames[Event.mode.rawValue]
        mainThread = heap.register(Coroutine())
        runningThread = mainThread
        BaseLibrary.install(in: self)
    }

    deinit {
        StackMemory.release(mainStack, slots: mainStackSize + Self.errorHandlingSlots)
    }

    /// One call of a Lua function in progress.
    struct Frame {
        /// Not counted: the heap owns it, and running frames are collector
        /// roots. Kept as a plain reference so that making a frame from a
        /// value's payload converts no reference (which would count one).
        let closureReference: Unmanaged<LuaClosure>
        var closure: LuaClosure {
            @inline(__always) get { closureReference.takeUnretainedValue() }
        }
        var pc: Int
        /// The slot of register 0.
        let base: Int
        /// The slot that held the function; results are moved here.
        let resultSlot: Int
        /// How many results the caller wants; -1 for all of them.
        let wanted: Int
        /// Arguments past the fixed parameters of a vararg function: they
        /// stay on the stack where the caller put them, below `base` (the
        /// fixed parameters are copied above them), as Lua keeps them. So
        /// a frame holds no reference and pushing or popping one costs no
        /// reference counting.
        let varargStart: Int
        let varargCount: Int
        /// Whether returning from this frame returns to Swift.
        let returnsToHost: Bool
        /// Whether `pcall` called it: its results get `true` in front, and
        /// an error below it ends here as `false, error`.
        var protected = false
    }

    // MARK: Values

    /// A string value.
    func string(_ bytes: [UInt8]) -> Value { Value(heap.string(bytes)) }
    func string(_ text: String) -> Value { Value(heap.string(text)) }

    /// Defines a host function in the globals or in `table`.
    func define(_ name: String, in table: LuaTable? = nil, capability: String? = nil,
                _ body: @escaping ([Value]) throws -> [Value]) {
        install(HostFunction(name: name, capability: capability, body: body), as: name, in: table)
    }

    /// Defines a host function that always returns one value; its body
    /// reads the arguments in place.
    func defineSingle(_ name: String, in table: LuaTable? = nil, _ single: @escaping (UnsafeBufferPointer<Value>) throws -> Value) {
        install(HostFunction(name: name, single: single), as: name, in: table)
    }

    private func install(_ function: HostFunction, as name: String, in table: LuaTable?) {
        _ = heap.register(function)
        let target = table ?? globals
        if target.defersMisses { try? prepareGlobalWrite(string(name)) }
        try? target.set(string(name), Value(function))
    }

    /// A run-time error, prefixed with `source:line:` of the Lua function
    /// that is running, or that called the running host function (none when
    /// a host function called it, as in `pcall(string.rep)`).
    func error(_ message: String) -> LuaError {
        let level = hostCalls.last == frames.count ? 1 : 0
        let text = position(level: level).map { "\($0) \(message)" } ?? message
        return LuaError(value: string(text), message: text)
    }

    /// An error of an operation (index, call, arithmetic, compare,
    /// concatenate, length): prefixed with the position of the running Lua
    /// function, and with none when a host function does the operation, as
    /// Lua words errors of operations done by its C functions.
    func operationError(_ message: String) -> LuaError {
        let text = position(level: 0).map { "\($0) \(message)" } ?? message
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
        let proto = frames[frameIndex].closure.proto
        return "\(proto.source):\(proto.line(at: frames[frameIndex].pc - 1, firstLine: firstLine(of: proto))):"
    }

    /// Where `proto` starts in its source, asking ``firstLines`` once.
    func firstLine(of proto: Proto) -> Int {
        if let known = proto.firstLine { return known }
        let found = firstLines?(proto.source, proto.origin) ?? 0
        proto.firstLine = found
        return found
    }

    // MARK: Loading

    /// Decodes `blob` (verified) and the closures nested in it, read through
    /// `blobs` unless `closures` has them.
    func makeProto(_ blob: FunctionBlob, hash knownHash: FunctionHash? = nil, source: String, origin: FunctionOrigin, firstLine: Int? = nil,
                   closures: [FunctionHash: FunctionBlob] = [:], closureLines: [FunctionHash: Int] = [:]) throws -> Proto {
        var made: [FunctionHash: Proto] = [:]
        func build(_ blob: FunctionBlob, hash: FunctionHash, origin: FunctionOrigin, firstLine: Int?) throws -> Proto {
            if let existing = made[hash] { return existing }
            try Verifier.verify(blob)
            let missing = permissions.missing(blob.permissions)
            if !missing.isEmpty { throw LoadError.notPermitted(blob.name, missing) }
            let proto = Proto(blob: blob, hash: hash, heap: heap, source: source, origin: origin, firstLine: firstLine)
            made[hash] = proto
            for child in blob.closures {
                let childBlob: FunctionBlob
                if let known = closures[child] {
                    childBlob = known
                } else if let blobs {
                    do { childBlob = try blobs(child) } catch { throw LoadError.unreadable(child, "\(error)") }
                } else {
                    throw LoadError.missingClosure(child)
                }
                proto.children.append(try build(childBlob, hash: child, origin: .closure(child), firstLine: closureLines[child] ?? (closureLines.isEmpty ? nil : firstLine)))
            }
            return proto
        }
        return try build(blob, hash: knownHash ?? blob.hash, origin: origin, firstLine: firstLine)
    }

    /// Makes a function from a chunk blob and the blobs it refers to:
    /// `functions` by name (for `CLOSURENAMED`) and `closures` by hash, all
    /// decoded now. `source` names the chunk in messages; `lines` gives the
    /// first line of each named function, when known.
    public func load(chunk: FunctionBlob, functions: [String: FunctionBlob], closures: [FunctionHash: FunctionBlob],
                     source: String, lines: [String: Int] = [:], closureLines: [FunctionHash: Int] = [:]) throws -> LoadedChunk {
        var protos: [String: Proto] = [:]
        for (name, blob) in functions {
            protos[name] = try makeProto(blob, source: source, origin: .named(name), firstLine: lines[name] ?? 0,
                                         closures: closures, closureLines: closureLines)
        }
        let main = try makeProto(chunk, source: source, origin: .chunk, firstLine: 1, closures: closures, closureLines: closureLines)
        for (name, proto) in protos { define(name, hash: proto.hash, source: source, proto: proto) }
        return makeChunk(main)
    }

    /// Loads a chunk blob whose named functions are (or will be) defined
    /// with ``define(_:hash:source:)``; nested closures are read through
    /// ``blobs``.
    public func load(chunk: FunctionBlob, hash: FunctionHash? = nil, source: String) throws -> LoadedChunk {
        makeChunk(try makeProto(chunk, hash: hash, source: source, origin: .chunk, firstLine: 1))
    }

    private func makeChunk(_ main: Proto) -> LoadedChunk {
        let environment = heap.register(Upvalue(closed: Value(globals)))
        let closure = heap.register(LuaClosure(proto: main, upvalues: [environment]))
        pendingChunks[ObjectIdentifier(closure)] = closure
        return LoadedChunk(function: Value(closure))
    }

    /// A loaded chunk, ready to run.
    public struct LoadedChunk {
        let function: Value
    }

    public enum LoadError: Error, CustomStringConvertible {
        case missingClosure(FunctionHash)
        case missingFunction(String)
        case unreadable(FunctionHash, String)
        /// The function needs capabilities that the VM does not grant.
        case notPermitted(String, [String])

        public var description: String {
            switch self {
            case let .missingClosure(hash): "nested closure \(hash.hex) is missing"
            case let .missingFunction(name): "function '\(name)' is missing"
            case let .unreadable(hash, why): "cannot read blob \(hash.hex): \(why)"
            case let .notPermitted(name, missing):
                "'\(name)' needs permission\(missing.count == 1 ? "" : "s") not granted: \(missing.joined(separator: ", "))"
            }
        }
    }

    /// Runs a loaded chunk with `arguments` (as `...`).
    @discardableResult
    public func run(_ chunk: LoadedChunk, arguments: [String] = []) throws -> [Value] {
        chunkRun += 1
        defer { pendingChunks[ObjectIdentifier(chunk.function.object!)] = nil }
        return try call(chunk.function, arguments.map { string($0) })
    }

    // MARK: Collection

    /// Collects garbage now.
    func collectGarbage() {
        heap.collect { gray in
            gray.append(globals)
            gray.append(registry)
            for failure in errorsInFlight { failure.mark(&gray) }
            for entry in messageHandlers { entry.handler.mark(&gray) }
            if let stringMetatable { gray.append(stringMetatable) }
            for function in functions.values { function.mark(&gray) }
            for chunk in pendingChunks.values { gray.append(chunk) }
            gray.append(mainThread)
            gray.append(runningThread)
            for thread in resumeChain { gray.append(thread) }
            for saved in checkpoints { saved.mark(&gray) }
            for name in eventNames { name.mark(&gray) }
            // The running thread's state, which lives in the VM's fields.
            ThreadState(stack: stack, stackSize: stackSize, top: top, frames: frames, openUpvalues: openUpvalues,
                        hostCalls: hostCalls, toBeClosed: toBeClosed).mark(&gray)
        }
    }

    /// Collects when enough has been allocated since the last collection;
    /// past the memory limit even after collecting, raises Lua's
    /// "not enough memory" (the VM stays usable: what the failed code built
    /// is garbage once the error unwinds it).
    @inline(__always)
    func collectIfDue() throws {
        if heap.isCollectionDue { try collectEnforcingLimit() }
    }

    @inline(never)
    func collectEnforcingLimit() throws {
        collectGarbage()
        if heap.bytes > heap.limit { throw plainError("not enough memory") }
    }

    /// The most memory, in bytes, that the VM's objects may hold; nil for
    /// no limit. Going past it raises a catchable "not enough memory".
    public var memoryLimit: Int? {
        get { heap.limit == .max ? nil : heap.limit }
        set { heap.limit = newValue ?? .max }
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
    /// Calls the global function `name` (`foo`, `M.f`, `A:m` with `A` as
    /// `self`) and returns its results as `print` writes them (tab-separated).
    public func callGlobal(_ name: String, arguments: [Value]) throws -> String {
        let (function, holder) = try lookUp(name)
        let results = try call(function, (name.contains(":") ? [holder] : []) + arguments)
        return try results.map { String(decoding: try text(of: $0), as: UTF8.self) }.joined(separator: "\t")
    }
}
