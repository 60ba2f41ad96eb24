import BlobFormat

/// A function blob made ready to run: its instructions, its constants as
/// values (strings allocated once, in the heap), and its nested prototypes.
final class Proto {
    let blob: FunctionBlob
    let hash: FunctionHash
    /// Instructions and constants in memory of their own, so the dispatch
    /// loop reads them without bounds checks or reference counting (the
    /// verifier has checked every operand against these sizes).
    let code: UnsafeMutablePointer<UInt32>
    let constants: UnsafeMutablePointer<Value>
    let constantCount: Int
    /// Nested closures, in the order `CLOSURE` refers to them.
    var children: [Proto] = []
    /// Where this function is defined (the chunk name for messages).
    let source: String
    /// Which function of its source this is, for finding its first line.
    let origin: FunctionOrigin
    /// The line of `function` in the source, so that relative lines can be
    /// shown as absolute ones; nil until known (the VM asks its
    /// ``VM/firstLines`` when a message needs it), 0 when unknowable.
    var firstLine: Int?

    init(blob: FunctionBlob, hash: FunctionHash, heap: Heap, source: String, origin: FunctionOrigin, firstLine: Int? = nil) {
        self.blob = blob
        self.hash = hash
        code = .allocate(capacity: blob.instructions.count)
        code.initialize(from: blob.instructions, count: blob.instructions.count)
        constantCount = blob.constants.count
        constants = .allocate(capacity: max(constantCount, 1))
        for (index, constant) in blob.constants.enumerated() {
            let value: Value = switch constant {
            case .nil: .nil
            case let .boolean(value): .boolean(value)
            case let .integer(value): .integer(value)
            case let .float(value): .float(value)
            case let .string(bytes): Value(heap.string(bytes))
            }
            (constants + index).initialize(to: value)
        }
        self.source = source
        self.origin = origin
        self.firstLine = firstLine
        parameterCount = blob.arity
        isVararg = blob.isVararg
        registerCount = blob.registerCount
        upvalueSourceCount = blob.upvalues.count
        upvalueSources = .allocate(capacity: max(upvalueSourceCount, 1))
        for (index, descriptor) in blob.upvalues.enumerated() {
            (upvalueSources + index).initialize(to: descriptor.fromParentRegister ? descriptor.index : ~descriptor.index)
        }
    }

    deinit {
        upvalueSources.deallocate()
        code.deallocate()
        constants.deinitialize(count: constantCount)
        constants.deallocate()
    }

    /// Where each upvalue of a closure made from this prototype comes from:
    /// a register of the parent frame (its index), or the parent closure's
    /// upvalue `i` (stored as `~i`, negative).
    let upvalueSources: UnsafeMutablePointer<Int>
    let upvalueSourceCount: Int

    // Copies of the blob's fields that every call reads.
    let parameterCount: Int
    let isVararg: Bool
    let registerCount: Int

    /// The source line of the instruction at `pc`, given the function's
    /// first line.
    func line(at pc: Int, firstLine: Int) -> Int {
        guard pc >= 0, pc < blob.relativeLines.count else { return firstLine }
        return firstLine + Int(blob.relativeLines[pc])
    }

    func mark(_ gray: inout GrayList) {
        for index in 0..<constantCount { constants[index].mark(&gray) }
        for child in children { child.mark(&gray) }
    }
}

/// A variable captured by a closure: open while its frame runs (it then
/// points at the frame's register, on the stack of whichever coroutine
/// made it), closed (holding its own value) after.
final class Upvalue: HeapObject {
    /// The stack slot while open (for ordering); -1 once closed.
    @exclusivity(unchecked) var slot: Int
    /// The register while open; nil once closed.
    @exclusivity(unchecked) var location: UnsafeMutablePointer<Value>?
    @exclusivity(unchecked) var closed: Value = .nil

    init(slot: Int, location: UnsafeMutablePointer<Value>?) {
        self.slot = slot
        self.location = location
    }

    /// A closed upvalue holding `value`.
    init(closed value: Value) {
        slot = -1
        closed = value
    }

    @inline(__always) var value: Value {
        get { location?.pointee ?? closed }
        set { if let location { location.pointee = newValue } else { closed = newValue } }
    }

    /// Copies the register's value in; the upvalue no longer follows it.
    func close() {
        if let location { closed = location.pointee }
        location = nil
        slot = -1
    }

    override func traverse(_ gray: inout GrayList) { value.mark(&gray) }
}

/// Which function of a source file a prototype is.
public enum FunctionOrigin: Hashable, Sendable {
    /// The file's top-level code.
    case chunk
    /// A named function (`foo`, `M.f`, `net.http::h`).
    case named(String)
    /// A nested anonymous function, by hash.
    case closure(FunctionHash)
}

/// A Lua function value: a prototype and its captured variables; or, when
/// made by `CLOSURENAMED`, a binding to a named function whose current blob
/// each call resolves.
final class LuaClosure: LuaFunction {
    let proto: Proto
    /// The captured variables, held (retained) in a buffer of their own so
    /// that reading one costs no reference counting.
    let upvalueCount: Int
    private let upvalueReferences: UnsafeMutablePointer<Unmanaged<Upvalue>>?

    /// Upvalue `index`, unretained: the closure holds it.
    @inline(__always) func upvalue(_ index: Int) -> Unmanaged<Upvalue> { upvalueReferences.unsafelyUnwrapped[index] }

    /// The upvalues, for the dispatch loop to keep at hand while this
    /// closure runs (reading them through the closure would count a
    /// reference to it).
    var upvalueList: UpvalueList { @inline(__always) get { UpvalueList(references: upvalueReferences) } }

    private static func hold(_ count: Int, _ upvalue: (Int) -> Upvalue) -> UnsafeMutablePointer<Unmanaged<Upvalue>>? {
        guard count > 0 else { return nil }
        let references = UnsafeMutablePointer<Unmanaged<Upvalue>>.allocate(capacity: count)
        for index in 0..<count { (references + index).initialize(to: .passRetained(upvalue(index))) }
        return references
    }

    deinit {
        guard let upvalueReferences else { return }
        for index in 0..<upvalueCount { upvalueReferences[index].release() }
        upvalueReferences.deallocate()
    }
    /// Set for closures of named functions: calls go through it, and
    /// `proto` is never run.
    let binding: NamedBinding?
    /// For a binding: its slot, and the closure resolved for the slot's
    /// generation `resolvedGeneration`, read on every call without
    /// reference counting (the binding holds the slot; the heap holds the
    /// resolved closure, which this one marks).
    let isBinding: Bool
    unowned(unsafe) let slot: NamedFunction?
    /// The slot's generation cell (see ``NamedFunction/generationCell``).
    let slotGeneration: UnsafeMutablePointer<Int>?
    @exclusivity(unchecked) var resolvedReference: Unmanaged<LuaClosure>? = nil
    var resolved: LuaClosure? {
        get { resolvedReference?.takeUnretainedValue() }
        set { resolvedReference = newValue.map { Unmanaged.passUnretained($0) } }
    }
    @exclusivity(unchecked) var resolvedGeneration = -1

    convenience init(proto: Proto, upvalues: [Upvalue]) {
        self.init(proto: proto, upvalueCount: upvalues.count) { upvalues[$0] }
    }

    /// A closure of `proto` whose upvalue `i` is `upvalue(i)`.
    init(proto: Proto, upvalueCount: Int, upvalue: (Int) -> Upvalue) {
        self.proto = proto
        self.upvalueCount = upvalueCount
        upvalueReferences = Self.hold(upvalueCount, upvalue)
        binding = nil
        isBinding = false
        slot = nil
        slotGeneration = nil
        super.init(isHost: false)
    }

    init(binding: NamedBinding) {
        proto = binding.site.chunk.proto
        upvalueCount = 0
        upvalueReferences = nil
        self.binding = binding
        isBinding = true
        slot = binding.function
        slotGeneration = binding.function.generationCell
        super.init(isHost: false)
    }

    override var size: Int { 48 + upvalueCount * 8 }

    override func traverse(_ gray: inout GrayList) {
        for index in 0..<upvalueCount {
            let upvalue = upvalue(index).takeUnretainedValue()
            if !upvalue.marked { gray.append(upvalue) }
        }
        proto.mark(&gray)
        if let binding {
            binding.site.mark(&gray)
            binding.function.mark(&gray)
            if let resolved, !resolved.marked { gray.append(resolved) }
        }
    }
}

/// A running closure's upvalues, read and written without reference
/// counting (the closure, which the heap keeps alive, owns them).
struct UpvalueList {
    let references: UnsafeMutablePointer<Unmanaged<Upvalue>>?

    @inline(__always) func read(_ index: Int) -> Value {
        references.unsafelyUnwrapped[index]._withUnsafeGuaranteedRef { $0.value }
    }

    @inline(__always) func write(_ index: Int, _ value: Value) {
        references.unsafelyUnwrapped[index]._withUnsafeGuaranteedRef { $0.value = value }
    }
}

