#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat

/// What one Lua thread needs to run: its stack, frames, open upvalues and
/// host calls. The running thread's state lives in the VM's own fields;
/// every other thread keeps it here.
struct ThreadState {
    var stack: UnsafeMutablePointer<Value>
    var stackSize: Int
    var top = 0
    var frames = FrameStack()
    var openUpvalues: [Upvalue] = []
    var hostCalls: [Int] = []
    var toBeClosed: [Int] = []
    var messageHandlers: [(frame: Int, handler: Value)] = []

    /// Marks the values of the stack in use (variable arguments included),
    /// the frames' closures, and the open upvalues. While a host function
    /// called by the top frame runs, that frame's registers above the call's
    /// arguments are dead temporaries, and are not marked (as Lua marks a
    /// thread only up to its top).
    func mark(_ gray: inout GrayList) {
        var limit = 0
        for frame in frames {
            gray.append(frame.closure)
            // Varargs lie below the frame's base: marked with the stack.
            limit = max(limit, frame.base + frame.closure.proto.registerCount)
        }
        if let frame = frames.last, hostCalls.last == frames.count, frame.pc >= 1,
           case let call = Instruction(word: frame.closure.proto.code[frame.pc - 1]),
           call.opcode == .call || call.opcode == .tailCall {
            limit = call.b == 0 ? top : frame.base + call.a + call.b
        } else {
            limit = max(limit, top)
        }
        for slot in 0..<min(limit, stackSize) { stack[slot].mark(&gray) }
        // Variables still to be closed while an error unwinds past their
        // frames: their slots lie above the marked part, and a __close that
        // collects garbage must not free the ones closed after it.
        for slot in toBeClosed where slot >= limit && slot < stackSize { stack[slot].mark(&gray) }
        for upvalue in openUpvalues where !upvalue.marked { gray.append(upvalue) }
        for entry in messageHandlers { entry.handler.mark(&gray) }
    }
}

/// A Lua thread (`coroutine.create`): a function with a stack of its own,
/// suspended at a `coroutine.yield` until resumed.
///
/// Its stack is reserved, not committed: pages are touched only as deep as
/// it runs, so many small coroutines are cheap.
final class Coroutine: HeapObject {
    enum Status: String { case suspended, running, normal, dead }

    var status: Status
    let function: Value
    /// The saved state; nil while the thread runs.
    var state: ThreadState?
    /// Where the values of the next resume go: the slot and result count of
    /// the call to `coroutine.yield` that suspended it.
    var pendingYield: (slot: Int, wanted: Int)?
    /// The host nesting when it was resumed: a yield from deeper would cross
    /// a Swift frame.
    var entryNesting = 0
    /// The error it died with, for `coroutine.close`.
    var failure: Value?
    private let ownedStack: UnsafeMutablePointer<Value>?

    static let stackSlots = 1 << 17

    /// The main thread: it runs on the VM's own stack, so it owns none.
    override init() {
        status = .running
        function = .nil
        ownedStack = nil
        super.init()
    }

    /// A new suspended coroutine that will call `function`; nil when the
    /// system cannot reserve its stack.
    init?(function: Value) {
        guard let stack = StackMemory.reserve(slots: Self.stackSlots + VM.errorHandlingSlots) else { return nil }
        ownedStack = stack
        status = .suspended
        self.function = function
        state = ThreadState(stack: stack, stackSize: Self.stackSlots)
        super.init()
    }

    deinit {
        // Closures that outlive the coroutine keep the values of its locals.
        for upvalue in state?.openUpvalues ?? [] { upvalue.close() }
        if let ownedStack { StackMemory.release(ownedStack, slots: Self.stackSlots + VM.errorHandlingSlots) }
    }

    override var size: Int { 256 }

    override func traverse(_ gray: inout GrayList) {
        function.mark(&gray)
        failure?.mark(&gray)
        state?.mark(&gray)
    }
}

/// Thrown by `coroutine.yield` through the dispatch loop to the resume
/// that ran the coroutine.
struct YieldRequest: Error {
    let slot: Int
    let wanted: Int
    let values: [Value]
}

extension VM {
    /// The running thread's state, taken out of the VM's fields.
    func takeState() -> ThreadState {
        let saved = FrameStack()
        saved.exchangeContents(with: frames)
        defer {
            openUpvalues = []
            openUpvalueTop = -1
            hostCalls = []
            toBeClosed = []
            messageHandlers = []
        }
        return ThreadState(stack: stack, stackSize: stackSize, top: top, frames: saved, openUpvalues: openUpvalues,
                           hostCalls: hostCalls, toBeClosed: toBeClosed, messageHandlers: messageHandlers)
    }

    /// Makes `state` the running thread's.
    func install(_ state: ThreadState) {
        stack = state.stack
        stackSize = state.stackSize
        top = state.top
        frames.exchangeContents(with: state.frames)
        openUpvalues = state.openUpvalues
        openUpvalueTop = openUpvalues.last?.slot ?? -1
        hostCalls = state.hostCalls
        toBeClosed = state.toBeClosed
        messageHandlers = state.messageHandlers
    }

    /// Runs `coroutine` until it yields, returns or fails: the values it
    /// yielded or returned, or its error thrown.
    func resume(_ coroutine: Coroutine, _ arguments: [Value]) throws -> [Value] {
        switch coroutine.status {
        case .suspended: break
        case .dead: throw plainError("cannot resume dead coroutine")
        case .running, .normal: throw plainError("cannot resume non-suspended coroutine")
        }
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Self.maximumNesting { throw error("C stack overflow") }
        return try running(coroutine) {
            coroutine.entryNesting = nesting
            return try runResumed(coroutine, arguments)
        }
    }

    /// Runs `body` with `coroutine` as the running thread: its state
    /// installed, the thread that was running marked normal and kept
    /// reachable (in ``resumeChain``) until `body` returns.
    private func running<Result>(_ coroutine: Coroutine, _ body: () throws -> Result) rethrows -> Result {
        let resumer: Coroutine = runningThread
        resumer.state = takeState()
        resumer.status = .normal
        resumeChain.append(resumer)
        install(coroutine.state!)
        coroutine.state = nil
        coroutine.status = .running
        runningThread = coroutine
        defer {
            coroutine.state = takeState()
            install(resumer.state!)
            resumer.state = nil
            resumer.status = .running
            runningThread = resumer
            resumeChain.removeLast()
        }
        return try body()
    }

    /// The body of ``resume(_:_:)``, run in the coroutine.
    private func runResumed(_ coroutine: Coroutine, _ arguments: [Value]) throws -> [Value] {
        do {
            let results: [Value]
            if let pending = coroutine.pendingYield {
                coroutine.pendingYield = nil
                place(arguments, at: pending.slot, wanted: pending.wanted)
                results = try execute()
            } else {
                guard arguments.count + 1 < stackSize else { throw error("stack overflow") }
                stack[0] = coroutine.function
                for (index, argument) in arguments.enumerated() { stack[1 + index] = argument }
                results = try invoke(slot: 0, argumentCount: arguments.count, wanted: -1, fromHost: true)
            }
            coroutine.status = .dead
            return results
        } catch let request as YieldRequest {
            coroutine.pendingYield = (request.slot, request.wanted)
            coroutine.status = .suspended
            return request.values
        } catch var error {
            coroutine.status = .dead
            if let failure = error as? LuaError { error = closeVariables(from: 0, unwinding: failure) }
            closeUpvalues(from: 0)
            frames.removeAll()
            coroutine.failure = (error as? LuaError)?.value
            throw error
        }
    }

    /// `coroutine.yield` called at `slot` of the running frame.
    func yieldRequest(slot: Int, wanted: Int, count: Int, fromHost: Bool) -> Error {
        if runningThread === mainThread { return plainError("attempt to yield from outside a coroutine") }
        if fromHost || nesting != runningThread.entryNesting { return plainError("attempt to yield across a C-call boundary") }
        return YieldRequest(slot: slot, wanted: wanted, values: Array(UnsafeBufferPointer(start: stack + slot + 1, count: count)))
    }

    /// An error whose message has no position, as Lua raises some.
    func plainError(_ message: String) -> LuaError { LuaError(value: string(message), message: message) }

    /// Whether the running code may yield.
    var isYieldable: Bool { runningThread !== mainThread && nesting == runningThread.entryNesting }

    /// Ends a suspended or dead coroutine: its open upvalues are closed.
    func close(_ coroutine: Coroutine) throws -> [Value] {
        switch coroutine.status {
        case .running: throw error("cannot close a running coroutine")
        case .normal: throw error("cannot close a normal coroutine")
        case .suspended, .dead: break
        }
        if coroutine.status == .suspended, coroutine.state?.toBeClosed.isEmpty == false {
            // Its pending to-be-closed variables are closed, in its own stack.
            running(coroutine) {
                nesting += 1
                if let failure = closeVariables(from: 0, after: nil) { coroutine.failure = failure.value }
                nesting -= 1
            }
        }
        for upvalue in coroutine.state?.openUpvalues ?? [] { upvalue.close() }
        coroutine.state?.openUpvalues = []
        coroutine.state?.frames.removeAll()
        coroutine.status = .dead
        if let failure = coroutine.failure {
            coroutine.failure = nil
            return [.false, failure]
        }
        return [.true]
    }
}
