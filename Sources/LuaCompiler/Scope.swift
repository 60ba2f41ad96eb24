import BlobFormat

/// A local variable in scope.
struct LocalVariable {
    var name: String
    var register: Int
    var attribute: LocalAttribute
    /// The first instruction in its scope.
    var start = 0
    /// Whether a nested function captures it (its block must close upvalues).
    var isCaptured = false
}

/// Where a name refers to.
enum Variable {
    case local(Int)
    case upvalue(Int)
    case global(String)
}

/// A lexical block: where its locals start, and for loops, the jumps that
/// `break` makes to the loop's exit.
struct BlockScope {
    var firstLocal: Int
    var isLoop: Bool
    var breakJumps: [Int] = []
    /// Whether a local of this block (or an inner one, for loops) is captured.
    var hasCapturedLocal = false
}

/// A label in scope: where it is and how many locals are active there.
struct LabelInfo {
    var name: String
    var pc: Int
    var activeLocals: Int
    var position: SourcePosition
    var depth: Int
}

/// A `goto` not yet matched with its label (a forward jump).
struct PendingGoto {
    var name: String
    var jump: Int
    var activeLocals: Int
    var position: SourcePosition
    var depth: Int
    /// Whether it leaves a block with captured locals, so its label must
    /// close them.
    var needsClose = false
}

/// The state of one function being compiled: its code, constants, locals,
/// upvalues and registers.
/// Only the compiling thread touches one (files compile in parallel, each
/// with its own), so its fields skip the dynamic exclusivity checks.
final class FunctionState {
    static let maximumRegisters = 255
    static let maximumLocals = 200
    static let maximumUpvalues = 255

    let parent: FunctionState?
    let name: String
    let firstLine: Int
    let isVararg: Bool
    let parameterNames: [String]
    /// Whether this is the chunk of a script set, whose named functions a
    /// later version may swap for ones that capture other locals (so it
    /// closes the locals of its inner blocks as if captured); not for a
    /// standalone file or a `load`ed chunk, which nothing reloads.
    let isReloadableChunk: Bool

    @exclusivity(unchecked) var instructions: [Instruction] = []
    @exclusivity(unchecked) var lines: [UInt32] = []
    @exclusivity(unchecked) var constants: [Constant] = []
    @exclusivity(unchecked) private var constantIndex: [Constant: Int] = [:]
    @exclusivity(unchecked) private var nameIndex: [String: Int] = [:]
    @exclusivity(unchecked) var upvalues: [UpvalueDescriptor] = []
    @exclusivity(unchecked) var closures: [FunctionHash] = []
    @exclusivity(unchecked) var globals: Set<String> = []
    @exclusivity(unchecked) var permissions: Set<String> = []
    @exclusivity(unchecked) var locals: [LocalVariable] = []
    @exclusivity(unchecked) var blocks: [BlockScope] = []
    /// Locals whose scope has ended, for the blob's table of local names.
    @exclusivity(unchecked) var localNames: [LocalName] = []
    /// Labels visible here, and gotos waiting for theirs.
    @exclusivity(unchecked) var labels: [LabelInfo] = []
    @exclusivity(unchecked) var pendingGotos: [PendingGoto] = []
    @exclusivity(unchecked) var freeRegister = 0
    @exclusivity(unchecked) var maximumRegister = 2
    /// How many nested anonymous functions have been named so far.
    @exclusivity(unchecked) var anonymousCount = 0
    /// Lines not counted in this function's line info: for a chunk, the
    /// inner lines of the named functions defined so far (see `emit`).
    @exclusivity(unchecked) var hiddenLines = 0

    init(parent: FunctionState?, name: String, firstLine: Int, parameterNames: [String], isVararg: Bool,
         isReloadableChunk: Bool = false) {
        self.parent = parent
        self.isReloadableChunk = isReloadableChunk
        self.name = name
        self.firstLine = firstLine
        self.parameterNames = parameterNames
        self.isVararg = isVararg
    }

    var pc: Int { instructions.count }

    @discardableResult
    func emit(_ instruction: Instruction, line: Int) -> Int {
        instructions.append(instruction)
        lines.append(UInt32(max(0, line - firstLine - hiddenLines)))
        return instructions.count - 1
    }

    /// The index of a string constant named by Swift text (a global, a
    /// field, a method), found without building its byte array.
    func constant(name: String) -> Int {
        if let index = nameIndex[name] { return index }
        let index = constant(.string(Array(name.utf8)))
        nameIndex[name] = index
        return index
    }

    /// The index of a constant, adding it once.
    func constant(_ value: Constant) -> Int {
        if let index = constantIndex[value] { return index }
        constants.append(value)
        constantIndex[value] = constants.count - 1
        return constants.count - 1
    }

    /// Reserves `count` registers from the first free one.
    func reserve(_ count: Int) throws(CodeGenError) -> Int {
        let first = freeRegister
        freeRegister += count
        if freeRegister > Self.maximumRegisters { throw .limit("function or expression needs too many registers") }
        maximumRegister = max(maximumRegister, freeRegister)
        return first
    }

    /// Where Lua's limit messages say the function is.
    var placeName: String { parent == nil ? "main function" : "function at line \(firstLine)" }

    /// Fails when `count` more locals would pass the limit (checked before
    /// their registers are reserved, as Lua checks each name it declares).
    func checkRoom(forLocals count: Int) throws(CodeGenError) {
        if locals.count + count > Self.maximumLocals {
            throw .limit("too many local variables (limit is \(Self.maximumLocals)) in \(placeName)")
        }
    }

    /// Declares a local in the next register (already reserved by the caller).
    func activate(_ name: String, register: Int, attribute: LocalAttribute) throws(CodeGenError) {
        try checkRoom(forLocals: 1)
        locals.append(LocalVariable(name: name, register: register, attribute: attribute, start: pc))
        // A chunk's named functions may capture any local in scope when a
        // later version of them is loaded, so a chunk closes the locals of
        // its inner blocks as if they were captured.
        if isReloadableChunk, blocks.count > 1 { blocks[blocks.count - 1].hasCapturedLocal = true }
        // A to-be-closed variable needs a `close` wherever its block is left.
        if attribute == .close, !blocks.isEmpty { blocks[blocks.count - 1].hasCapturedLocal = true }
    }

    /// Resolves a name to a local, an upvalue (adding one), or a global.
    func resolve(_ name: String) throws(CodeGenError) -> Variable {
        if let index = locals.lastIndex(where: { $0.name == name }) { return .local(locals[index].register) }
        if let index = upvalues.firstIndex(where: { $0.name == name }) { return .upvalue(index) }
        guard let parent else { return .global(name) }
        switch try parent.resolveForChild(name) {
        case let .local(register):
            return .upvalue(try addUpvalue(name, fromParentRegister: true, index: register))
        case let .upvalue(index):
            return .upvalue(try addUpvalue(name, fromParentRegister: false, index: index))
        case .global:
            return .global(name)
        }
    }

    /// Like ``resolve(_:)``, marking a local that a child captures.
    private func resolveForChild(_ name: String) throws(CodeGenError) -> Variable {
        if let index = locals.lastIndex(where: { $0.name == name }) {
            locals[index].isCaptured = true
            // The innermost block that declared it must close its upvalues.
            if let owner = blocks.lastIndex(where: { $0.firstLocal <= index }) { blocks[owner].hasCapturedLocal = true }
            return .local(locals[index].register)
        }
        return try resolve(name)
    }

    private func addUpvalue(_ name: String, fromParentRegister: Bool, index: Int) throws(CodeGenError) -> Int {
        if upvalues.count >= Self.maximumUpvalues { throw .limit("too many upvalues (limit is \(Self.maximumUpvalues)) in \(placeName)") }
        upvalues.append(UpvalueDescriptor(name: name, fromParentRegister: fromParentRegister, index: index))
        return upvalues.count - 1
    }

    /// The local attribute of a name that resolves to a local of this
    /// function or an enclosing one.
    func attribute(of name: String) -> LocalAttribute? {
        var state: FunctionState? = self
        while let current = state {
            if let local = current.locals.last(where: { $0.name == name }) { return local.attribute }
            if current.upvalues.contains(where: { $0.name == name }) == false, current.parent == nil { return nil }
            state = current.parent
        }
        return nil
    }

    /// The finished blob.
    /// Ends the scope of the locals from `index` on, recording their names.
    func dropLocals(from index: Int) {
        for local in locals[index...] where !local.name.hasPrefix("(") {
            localNames.append(LocalName(name: local.name, register: local.register, start: local.start, end: pc))
        }
        locals.removeLast(locals.count - index)
    }

    func blob() -> FunctionBlob {
        dropLocals(from: 0)
        return FunctionBlob(
            name: name, parameterNames: parameterNames, isVararg: isVararg, registerCount: maximumRegister,
            upvalues: upvalues, instructions: instructions.map(\.word), constants: constants,
            globals: Array(globals), closures: closures, permissions: Array(permissions), relativeLines: lines,
            locals: localNames.sorted { ($0.start, $0.register) < ($1.start, $1.register) })
    }
}

/// A code generation error, turned into a diagnostic at the statement that
/// caused it.
enum CodeGenError: Error {
    case limit(String)
    case semantic(String, SourcePosition)
}
