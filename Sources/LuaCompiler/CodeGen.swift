import BlobFormat

/// Generates register-machine code from a syntax tree: one ``FunctionState``
/// per function, one `FunctionBlob` per prototype. Named functions defined
/// by the chunk become named blobs that the chunk makes with
/// `closureNamed`; other nested functions become blobs that their parent
/// refers to by hash.
/// One per file compiled, used by one thread: its fields skip the dynamic
/// exclusivity checks.
final class CodeGenerator {
    let path: String
    let moduleName: String
    @exclusivity(unchecked) private(set) var namedFunctions: [(name: String, blob: FunctionBlob, position: SourcePosition)] = []
    @exclusivity(unchecked) private(set) var closures: [FunctionBlob] = []
    /// The line where each nested function starts, for error positions.
    @exclusivity(unchecked) private(set) var closureLines: [FunctionHash: Int] = [:]
    @exclusivity(unchecked) private(set) var diagnostics: [Diagnostic] = []
    @exclusivity(unchecked) private var state: FunctionState
    @exclusivity(unchecked) private var chunk: FunctionState
    @exclusivity(unchecked) private var line = 1
    /// Whether the chunk's top-level definitions become named blobs (a file
    /// of a script set) or ordinary closures (a chunk given to `load`).
    let namesFunctions: Bool

    init(path: String, namesFunctions: Bool = true) {
        self.path = path
        self.namesFunctions = namesFunctions
        moduleName = Self.moduleName(of: path)
        chunk = FunctionState(parent: nil, name: path, firstLine: 1, parameterNames: [], isVararg: true,
                              isReloadableChunk: namesFunctions)
        chunk.upvalues = [UpvalueDescriptor(name: "_ENV", fromParentRegister: true, index: 0)]
        state = chunk
    }

    /// `net/http.lua` → `net.http`.
    static func moduleName(of path: String) -> String {
        var name = path
        if name.hasSuffix(".lua") { name.removeLast(4) }
        return String(decoding: name.utf8.map { $0 == UInt8(ascii: "/") ? UInt8(ascii: ".") : $0 }, as: UTF8.self)
    }

    /// Compiles the chunk; returns its blob (check ``diagnostics`` first).
    func compileChunk(_ block: Block) -> FunctionBlob {
        state.emit(Instruction(.varargPrep, a: 0), line: 1)
        self.block(block, isLoop: false)
        finishFunction(endLine: block.endPosition.line)
        return chunk.blob()
    }

    // MARK: Errors

    private func report(_ error: CodeGenError, at position: SourcePosition) {
        switch error {
        case let .limit(message): diagnostics.append(Diagnostic(path: path, position: position, message: message))
        case let .semantic(message, position): diagnostics.append(Diagnostic(path: path, position: position, message: message))
        }
    }

    // MARK: Blocks

    private func block(_ block: Block, isLoop: Bool) {
        enterBlock(isLoop: isLoop)
        statements(block)
        leaveBlock()
    }

    /// The statements and the return of a block, in the current scope.
    private func statements(_ block: Block) {
        for (index, statement) in block.statements.enumerated() {
            line = statement.position.line
            do throws(CodeGenError) {
                if case let .label(name) = statement.kind {
                    // A label followed by nothing but labels ends its block:
                    // the block's locals are out of scope there (Lua's rule,
                    // so `goto continue` may skip local declarations).
                    let endsBlock = block.returnValues == nil && block.statements[(index + 1)...].allSatisfy {
                        if case .label = $0.kind { true } else { false }
                    }
                    try label(name, endsBlock: endsBlock, position: statement.position)
                } else {
                    try self.statement(statement)
                }
            } catch {
                report(error, at: statement.position)
            }
            state.freeRegister = state.locals.count
        }
        if let values = block.returnValues, let position = block.returnPosition {
            line = position.line
            do throws(CodeGenError) { try returnStatement(values) } catch { report(error, at: position) }
            state.freeRegister = state.locals.count
        }
    }

    private func enterBlock(isLoop: Bool) {
        state.blocks.append(BlockScope(firstLocal: state.locals.count, isLoop: isLoop))
    }

    /// Leaves a block: closes its captured locals, drops its locals, and for
    /// a loop, points its breaks here.
    private func leaveBlock() {
        let depth = state.blocks.count
        let scope = state.blocks.removeLast()
        // Its labels go out of scope; its pending gotos move out with it.
        state.labels.removeAll { $0.depth == depth }
        for index in state.pendingGotos.indices where state.pendingGotos[index].depth == depth {
            state.pendingGotos[index].depth = depth - 1
            state.pendingGotos[index].activeLocals = min(state.pendingGotos[index].activeLocals, scope.firstLocal)
            if scope.hasCapturedLocal { state.pendingGotos[index].needsClose = true }
        }
        let firstRegister = scope.firstLocal
        if scope.hasCapturedLocal {
            if let loop = state.blocks.lastIndex(where: \.isLoop), !scope.isLoop { state.blocks[loop].hasCapturedLocal = true }
        }
        if scope.isLoop {
            patch(scope.breakJumps, to: state.pc)
            if scope.hasCapturedLocal { state.emit(Instruction(.close, a: firstRegister), line: line) }
        } else if scope.hasCapturedLocal, !(state === chunk && state.blocks.isEmpty) {
            // (A chunk's last return closes its locals; leaving its outermost
            // block needs no `close`, so that which locals its named
            // functions capture does not change the chunk.)
            state.emit(Instruction(.close, a: firstRegister), line: line)
        }
        state.dropLocals(from: scope.firstLocal)
        state.freeRegister = state.locals.count
    }

    // MARK: Jumps

    private func jump() -> Int { state.emit(Instruction(.jmp, sJ: 0), line: line) }

    private func patch(_ jumps: [Int], to target: Int) {
        for pc in jumps { state.instructions[pc] = state.instructions[pc].with(jump: target - pc - 1) }
    }

    private func jumpBack(to target: Int) {
        state.emit(Instruction(.jmp, sJ: target - state.pc - 1), line: line)
    }

    // MARK: goto and labels

    private func label(_ name: String, endsBlock: Bool, position: SourcePosition) throws(CodeGenError) {
        if let earlier = state.labels.first(where: { $0.name == name }) {
            throw .semantic("label '\(name)' already defined on line \(earlier.position.line)", position)
        }
        let depth = state.blocks.count
        let active = endsBlock ? state.blocks[depth - 1].firstLocal : state.locals.count
        let target = state.pc
        var close = false
        var remaining: [PendingGoto] = []
        var intoScope: CodeGenError?
        for pending in state.pendingGotos {
            guard pending.name == name, pending.depth == depth else {
                remaining.append(pending)
                continue
            }
            if pending.activeLocals < active {
                let local = state.locals[pending.activeLocals].name
                intoScope = intoScope ?? .semantic(
                    "<goto \(name)> at line \(pending.position.line) jumps into the scope of local '\(local)'", pending.position)
            }
            patch([pending.jump], to: target)
            close = close || pending.needsClose
        }
        state.pendingGotos = remaining
        if let intoScope { throw intoScope }
        // Gotos that left blocks with captured locals land on a close.
        if close { state.emit(Instruction(.close, a: active), line: line) }
        state.labels.append(LabelInfo(name: name, pc: target, activeLocals: active, position: position, depth: depth))
    }

    private func goto(_ name: String, position: SourcePosition) throws(CodeGenError) {
        if let label = state.labels.last(where: { $0.name == name }) {
            // Backward: close what the jump leaves, then jump.
            if state.locals.count > label.activeLocals { state.emit(Instruction(.close, a: label.activeLocals), line: line) }
            jumpBack(to: label.pc)
            return
        }
        state.pendingGotos.append(PendingGoto(name: name, jump: jump(), activeLocals: state.locals.count,
                                              position: position, depth: state.blocks.count))
    }

    /// A goto left over when its function ends found no label.
    private func reportUnmatchedGotos() {
        for pending in state.pendingGotos {
            report(.semantic("no visible label '\(pending.name)' for <goto> at line \(pending.position.line)", pending.position),
                   at: pending.position)
        }
        state.pendingGotos.removeAll()
    }

    // MARK: Statements

    private func statement(_ statement: Statement) throws(CodeGenError) {
        switch statement.kind {
        case let .local(names, attributes, values):
            try state.checkRoom(forLocals: names.count)
            let base = state.freeRegister
            try adjust(values, count: names.count)
            for (offset, name) in names.enumerated() {
                try state.activate(name, register: base + offset, attribute: attributes[offset])
                if attributes[offset] == .close { state.emit(Instruction(.tbc, a: base + offset), line: line) }
            }
        case let .assign(targets, values):
            try assignment(targets, values)
        case let .call(expression):
            let base = state.freeRegister
            try call(expression, base: base, results: 0)
        case let .do(body):
            block(body, isLoop: false)
        case let .while(condition, body):
            let start = state.pc
            enterBlock(isLoop: true)
            let exits = try conditionJumps(condition, jumpWhen: false)
            block(body, isLoop: false)
            jumpBack(to: start)
            state.blocks[state.blocks.count - 1].breakJumps += exits
            leaveBlock()
        case let .repeat(body, condition):
            let start = state.pc
            enterBlock(isLoop: true)
            enterBlock(isLoop: false)
            statements(body)
            // The condition sees the body's locals.
            let again = try conditionJumps(condition, jumpWhen: false)
            let captured = state.blocks[state.blocks.count - 1].hasCapturedLocal
            if captured {
                // Close the body's upvalues on both paths.
                let exit = jump()
                patch(again, to: state.pc)
                state.emit(Instruction(.close, a: state.blocks.last!.firstLocal), line: line)
                jumpBack(to: start)
                patch([exit], to: state.pc)
            } else {
                patch(again, to: start)
            }
            leaveBlock()
            leaveBlock()
        case let .if(clauses, otherwise):
            var exits: [Int] = []
            for (index, (condition, body)) in clauses.enumerated() {
                let next = try conditionJumps(condition, jumpWhen: false)
                block(body, isLoop: false)
                if index < clauses.count - 1 || otherwise != nil { exits.append(jump()) }
                patch(next, to: state.pc)
            }
            if let otherwise { block(otherwise, isLoop: false) }
            patch(exits, to: state.pc)
        case let .numericFor(name, start, limit, step, body):
            try numericFor(name, start, limit, step, body)
        case let .genericFor(names, values, body):
            try genericFor(names, values, body)
        case let .function(functionName, body):
            try functionStatement(functionName, body, position: statement.position)
            hideLines(of: body)
        case let .localFunction(name, body):
            let register = try state.reserve(1)
            try state.activate(name, register: register, attribute: .none)
            let isChunkLevel = state === chunk && namesFunctions
            try closure(body, name: isChunkLevel ? "\(moduleName)::\(name)" : nil, into: register, position: statement.position)
            hideLines(of: body)
        case .break:
            guard let loop = state.blocks.lastIndex(where: \.isLoop) else {
                throw .semantic("break outside loop at line \(statement.position.line)", statement.position)
            }
            state.blocks[loop].breakJumps.append(jump())
        case let .goto(name):
            try goto(name, position: statement.position)
        case .label:
            break  // handled in `statements`, which knows what follows
        }
    }

    /// A chunk counts a named function it defines as one line (the line of
    /// `function`), so that a body that grows or shrinks leaves the chunk's
    /// line info, and with it the chunk's hash, unchanged.
    private func hideLines(of body: FunctionBody) {
        if state === chunk, namesFunctions { chunk.hiddenLines += body.endLine - body.position.line }
    }

    private func returnStatement(_ values: [Expression]) throws(CodeGenError) {
        // `return f(x)` is a tail call, unless upvalues must be closed first
        // or this is a chunk (whose code must not depend on which of its
        // locals its named functions capture).
        if values.count == 1, values[0].isMultiValue, !isVararg(values[0]), state !== chunk,
           state.blocks.allSatisfy({ !$0.hasCapturedLocal }) {
            try call(values[0], base: state.freeRegister, results: -1, tail: true)
            return
        }
        switch values.count {
        case 0:
            state.emit(Instruction(.return0), line: line)
        case 1 where !values[0].isMultiValue:
            let register = try anyRegister(values[0])
            state.emit(Instruction(.return1, a: register), line: line)
        default:
            let base = state.freeRegister
            let multi = try expressionList(values, base: base)
            state.emit(Instruction(.return, a: base, b: multi ? 0 : values.count + 1), line: line)
        }
    }

    private func isVararg(_ expression: Expression) -> Bool {
        if case .vararg = expression.kind { true } else { false }
    }

    /// The expression a chain of calls, method calls and indexing starts
    /// from (`a` in `a.b:c(x)`).
    private func chainStart(_ expression: Expression) -> Expression {
        switch expression.kind {
        case let .call(function, _): chainStart(function)
        case let .method(object, _, _): chainStart(object)
        case let .index(table, _): chainStart(table)
        default: expression
        }
    }

    private func numericFor(_ name: String, _ start: Expression, _ limit: Expression, _ step: Expression?,
                            _ body: Block) throws(CodeGenError) {
        // The loop's own instructions are on the line of `for`, as in Lua.
        let forLine = line
        enterBlock(isLoop: true)
        let base = try state.reserve(3)
        try expression(start, into: base)
        try expression(limit, into: base + 1)
        try expression(step ?? Expression(.integer(1), at: start.position), into: base + 2)
        for slot in 0..<3 { try state.activate("(for state)", register: base + slot, attribute: .none) }
        let prep = state.emit(Instruction(.forPrep, a: base, bx: 0), line: line)
        enterBlock(isLoop: false)
        let variable = try state.reserve(1)
        try state.activate(name, register: variable, attribute: .none)
        statements(body)
        leaveBlock()
        let loop = state.emit(Instruction(.forLoop, a: base, bx: 0), line: forLine)
        state.instructions[prep] = Instruction(.forPrep, a: base, bx: loop - prep - 1)
        state.instructions[loop] = Instruction(.forLoop, a: base, bx: loop - prep)
        leaveBlock()
    }

    private func genericFor(_ names: [String], _ values: [Expression], _ body: Block) throws(CodeGenError) {
        // The call of the iterator is on the line its expressions start, as in Lua.
        let forLine = values.first?.position.line ?? line
        enterBlock(isLoop: true)
        let base = state.freeRegister
        try adjust(values, count: 4)
        // The fourth value is the loop's closing value, closed when it ends.
        for slot in 0..<4 { try state.activate("(for state)", register: base + slot, attribute: slot == 3 ? .close : .none) }
        let prep = state.emit(Instruction(.tForPrep, a: base, bx: 0), line: line)
        enterBlock(isLoop: false)
        let first = try state.reserve(names.count)
        for (offset, name) in names.enumerated() { try state.activate(name, register: first + offset, attribute: .none) }
        statements(body)
        leaveBlock()
        let call = state.emit(Instruction(.tForCall, a: base, c: names.count), line: forLine)
        state.instructions[prep] = Instruction(.tForPrep, a: base, bx: call - prep - 1)
        let loop = state.emit(Instruction(.tForLoop, a: base, bx: 0), line: forLine)
        state.instructions[loop] = Instruction(.tForLoop, a: base, bx: loop - prep)
        leaveBlock()
    }

    private func functionStatement(_ functionName: FunctionName, _ body: FunctionBody, position: SourcePosition) throws(CodeGenError) {
        let root = functionName.parts[0]
        if functionName.parts.count == 1, functionName.method == nil, let attribute = state.attribute(of: root), attribute != .none {
            throw .semantic("attempt to assign to const variable '\(root)'", position)
        }
        let rootIsLocal: Bool
        if case .global = try state.resolve(root) { rootIsLocal = false } else { rootIsLocal = true }
        var blobName: String?
        if state === chunk, namesFunctions {
            blobName = rootIsLocal ? "\(moduleName)::\(functionName.text)" : functionName.text
        }
        let value = try state.reserve(1)
        try closure(body, name: blobName, into: value, position: position)
        if functionName.parts.count == 1, functionName.method == nil {
            try store(value, to: Expression(.name(root), at: position))
            return
        }
        var target = Expression(.name(root), at: position)
        let path = Array(functionName.parts.dropFirst()) + (functionName.method.map { [$0] } ?? [])
        for field in path.dropLast() {
            target = Expression(.index(target, Expression(.string(Array(field.utf8)), at: position)), at: position)
        }
        try store(value, to: Expression(.index(target, Expression(.string(Array(path.last!.utf8)), at: position)), at: position))
    }

    // MARK: Assignment

    /// Where an assignment writes, with its table and key already evaluated.
    private enum Target {
        case local(Int)
        case upvalue(Int)
        case global(String)
        case field(table: Int, key: Int)
        case indexed(table: Int, key: Int)
        case integerIndex(table: Int, index: Int)
    }

    private func assignment(_ targets: [Expression], _ values: [Expression]) throws(CodeGenError) {
        for target in targets {
            if case let .name(name) = target.kind, let attribute = state.attribute(of: name), attribute != .none {
                throw .semantic("attempt to assign to const variable '\(name)'", target.position)
            }
        }
        if targets.count == 1, values.count == 1 {
            let target = targets[0]
            if case let .name(name) = target.kind, case let .local(register) = try state.resolve(name) {
                try expression(values[0], into: register)
                return
            }
            let resolved = try prepare(target)
            let value = try anyRegister(values[0])
            try store(value, to: resolved)
            return
        }
        let resolved = try targets.map { (target) throws(CodeGenError) in try prepare(target) }
        let base = state.freeRegister
        try adjust(values, count: targets.count)
        for (offset, target) in resolved.enumerated().reversed() {
            try store(base + offset, to: target)
        }
    }

    private func prepare(_ target: Expression) throws(CodeGenError) -> Target {
        switch target.kind {
        case let .name(name):
            switch try state.resolve(name) {
            case let .local(register): return .local(register)
            case let .upvalue(index): return .upvalue(index)
            case .global:
                state.globals.insert(name)
                return .global(name)
            }
        case let .index(object, key):
            let table = try anyRegister(object)
            if case let .string(bytes) = key.kind {
                let index = state.constant(.string(bytes))
                if index <= Instruction.maxA { return .field(table: table, key: index) }
            }
            if case let .integer(value) = key.kind, value >= 0, value <= 255 { return .integerIndex(table: table, index: Int(value)) }
            return .indexed(table: table, key: try anyRegister(key))
        default:
            throw .semantic("syntax error near '='", target.position)
        }
    }

    private func store(_ value: Int, to expression: Expression) throws(CodeGenError) {
        try store(value, to: try prepare(expression))
    }

    private func store(_ value: Int, to target: Target) throws(CodeGenError) {
        switch target {
        case let .local(register):
            if register != value { state.emit(Instruction(.move, a: register, b: value), line: line) }
        case let .upvalue(index):
            state.emit(Instruction(.setUpval, a: value, b: index), line: line)
        case let .global(name):
            try withEnvironment { (environment) throws(CodeGenError) in
                let key = state.constant(name: name)
                switch environment {
                case let .upvalue(index) where key <= Instruction.maxA:
                    state.emit(Instruction(.setTabUp, a: index, b: key, c: value), line: line)
                default:
                    let table = try environmentRegister(environment)
                    let keyRegister = try state.reserve(1)
                    try loadConstant(.string(name), into: keyRegister)
                    state.emit(Instruction(.setTable, a: table, b: keyRegister, c: value), line: line)
                }
            }
        case let .field(table, key):
            state.emit(Instruction(.setField, a: table, b: key, c: value), line: line)
        case let .indexed(table, key):
            state.emit(Instruction(.setTable, a: table, b: key, c: value), line: line)
        case let .integerIndex(table, index):
            state.emit(Instruction(.setI, a: table, b: index, c: value), line: line)
        }
    }

    // MARK: Globals and _ENV

    private func withEnvironment<T>(_ body: (Variable) throws(CodeGenError) -> T) throws(CodeGenError) -> T {
        try body(try state.resolve("_ENV"))
    }

    private func environmentRegister(_ environment: Variable) throws(CodeGenError) -> Int {
        switch environment {
        case let .local(register): return register
        case let .upvalue(index):
            let register = try state.reserve(1)
            state.emit(Instruction(.getUpval, a: register, b: index), line: line)
            return register
        case .global: throw .limit("_ENV cannot be resolved")
        }
    }

    private func loadGlobal(_ name: String, into target: Int, field: String? = nil) throws(CodeGenError) {
        state.globals.insert(name)
        state.permissions.formUnion(Capabilities.required(global: name, field: field))
        try withEnvironment { (environment) throws(CodeGenError) in
            let key = state.constant(name: name)
            switch environment {
            case let .upvalue(index) where key <= Instruction.maxA:
                state.emit(Instruction(.getTabUp, a: target, b: index, c: key), line: line)
            case let .local(register) where key <= Instruction.maxA:
                state.emit(Instruction(.getField, a: target, b: register, c: key), line: line)
            default:
                let saved = state.freeRegister
                let table = try environmentRegister(environment)
                let keyRegister = try state.reserve(1)
                try loadConstant(.string(name), into: keyRegister)
                state.emit(Instruction(.getTable, a: target, b: table, c: keyRegister), line: line)
                state.freeRegister = saved
            }
        }
    }

    // MARK: Functions

    /// Compiles a nested function and puts its closure in `target`: a named
    /// blob (made with `closureNamed`) when `name` is given, else an
    /// anonymous blob referred to by hash.
    private func closure(_ body: FunctionBody, name: String?, into target: Int, position: SourcePosition) throws(CodeGenError) {
        let parameters = (body.isMethod ? ["self"] : []) + body.parameters
        let blobName: String
        if let name {
            blobName = name
        } else {
            state.anonymousCount += 1
            blobName = "\(state.name)/\(state.anonymousCount)"
        }
        let child = FunctionState(parent: state, name: blobName, firstLine: position.line, parameterNames: parameters, isVararg: body.isVararg)
        let saved = (state, line)
        state = child
        line = position.line
        if body.isVararg { state.emit(Instruction(.varargPrep, a: parameters.count), line: line) }
        enterBlock(isLoop: false)
        for (index, parameter) in parameters.enumerated() {
            do throws(CodeGenError) {
                _ = try state.reserve(1)
                try state.activate(parameter, register: index, attribute: .none)
            } catch {
                report(error, at: position)
            }
        }
        statements(body.block)
        // What the end of the body closes happens at its `end`, as in Lua.
        line = body.endLine
        leaveBlock()
        finishFunction(endLine: body.endLine)
        (state, line) = saved
        let blob = child.blob()
        if let name {
            if let earlier = namedFunctions.first(where: { $0.name == name }) {
                throw .semantic("function '\(name)' is defined twice in this file (first at line \(earlier.position.line))", position)
            }
            namedFunctions.append((name, blob, position))
            let key = state.constant(name: name)
            state.emit(Instruction(.closureNamed, a: target, bx: key), line: line)
        } else {
            closures.append(blob)
            let hash = blob.hash
            if closureLines[hash] == nil { closureLines[hash] = position.line }
            state.closures.append(hash)
            state.emit(Instruction(.closure, a: target, bx: state.closures.count - 1), line: line)
        }
    }

    private func finishFunction(endLine: Int) {
        reportUnmatchedGotos()
        line = endLine
        // Every function ends in a return, even after an explicit one, as in Lua.
        state.emit(Instruction(.return0), line: endLine)
    }

    // MARK: Expressions

    /// Evaluates `expressions` into consecutive registers from the first
    /// free one, exactly `count` values (missing ones nil, extra ones
    /// evaluated and dropped, a final call or `...` expanded as needed).
    private func adjust(_ expressions: [Expression], count: Int) throws(CodeGenError) {
        let base = state.freeRegister
        for (index, expression) in expressions.enumerated() {
            let isLast = index == expressions.count - 1
            if isLast, expression.isMultiValue, index < count {
                try multiple(expression, base: base + index, results: count - index)
                state.freeRegister = base + count
                _ = try state.reserve(0)
                return
            }
            let register = try state.reserve(1)
            try self.expression(expression, into: register)
        }
        if expressions.count < count {
            let first = try state.reserve(count - expressions.count)
            state.emit(Instruction(.loadNil, a: first, b: count - expressions.count - 1), line: line)
        }
        state.freeRegister = base + count
        _ = try state.reserve(0)
    }

    /// Evaluates `expressions` into consecutive registers from `base`; the
    /// last one, when multi-valued, keeps all its values. Returns whether it did.
    private func expressionList(_ expressions: [Expression], base: Int) throws(CodeGenError) -> Bool {
        for (index, expression) in expressions.enumerated() {
            if index == expressions.count - 1, expression.isMultiValue {
                try multiple(expression, base: base + index, results: -1)
                return true
            }
            let register = try state.reserve(1)
            try self.expression(expression, into: register)
        }
        return false
    }

    /// A call or `...` at `base`, keeping `results` values (-1: all).
    private func multiple(_ expression: Expression, base: Int, results: Int) throws(CodeGenError) {
        state.freeRegister = base
        if case .vararg = expression.kind {
            try checkVararg(expression)
            _ = try state.reserve(max(results, 1))
            state.emit(Instruction(.vararg, a: base, c: results + 1), line: line)
        } else {
            try call(expression, base: base, results: results)
        }
    }

    private func checkVararg(_ expression: Expression) throws(CodeGenError) {
        guard state.isVararg else {
            throw .semantic("cannot use '...' outside a vararg function near '...'", expression.position)
        }
    }

    /// A call at `base` keeping `results` values (-1: all; 0: none).
    private func call(_ expression: Expression, base: Int, results: Int, tail: Bool = false) throws(CodeGenError) {
        state.freeRegister = base
        let arguments: [Expression]
        var fixed = 0
        switch expression.kind {
        case let .call(function, callArguments):
            let register = try state.reserve(1)
            try self.expression(function, into: register)
            arguments = callArguments
        case let .method(object, name, callArguments):
            let objectRegister = try anyRegister(object)
            state.freeRegister = base
            _ = try state.reserve(2)
            let key = state.constant(name: name)
            if key <= Instruction.maxA {
                state.emit(Instruction(.self, a: base, b: objectRegister, c: key), line: expression.position.line)
            } else {
                state.emit(Instruction(.move, a: base + 1, b: objectRegister), line: line)
                try loadConstant(.string(name), into: base)
                state.emit(Instruction(.getTable, a: base, b: base + 1, c: base), line: line)
            }
            fixed = 1
            arguments = callArguments
        default:
            throw .semantic("internal error: not a call", expression.position)
        }
        let multi = try expressionList(arguments, base: base + 1 + fixed)
        let b = multi ? 0 : arguments.count + fixed + 1
        // As Lua does, a call is on the line where its whole chain starts
        // (`a` in `a.b.c(x)`), so that a call spread over lines is
        // reported where it begins.
        let callLine = chainStart(expression).position.line
        if tail {
            state.emit(Instruction(.tailCall, a: base, b: b), line: callLine)
            state.emit(Instruction(.return, a: base, b: 0), line: callLine)
        } else {
            state.emit(Instruction(.call, a: base, b: b, c: results + 1), line: callLine)
        }
        state.freeRegister = base
        _ = try state.reserve(max(results, 0))
    }

    /// The register holding `expression`'s value: a local's own register,
    /// or a new temporary.
    private func anyRegister(_ expression: Expression) throws(CodeGenError) -> Int {
        if case let .name(name) = expression.kind, case let .local(register) = try state.resolve(name) { return register }
        let register = try state.reserve(1)
        try self.expression(expression, into: register)
        return register
    }

    private func loadConstant(_ constant: Constant, into target: Int) throws(CodeGenError) {
        let index = state.constant(constant)
        guard index <= Instruction.maxBx else { throw .limit("too many constants in one function") }
        state.emit(Instruction(.loadK, a: target, bx: index), line: line)
    }

    /// Whether writing `target` before the whole expression is read could
    /// change what it reads: `target` is a live local's register.
    private func isLocalRegister(_ target: Int) -> Bool { target < state.locals.count }

    /// Evaluates `expression` into `target` (one value).
    func expression(_ expression: Expression, into target: Int) throws(CodeGenError) {
        let saved = state.freeRegister
        defer { state.freeRegister = saved }
        let line = expression.position.line
        if let constant = Folding.fold(expression) {
            try loadValue(constant, into: target, line: line)
            return
        }
        switch expression.kind {
        case .nil: state.emit(Instruction(.loadNil, a: target, b: 0), line: line)
        case .true: state.emit(Instruction(.loadTrue, a: target), line: line)
        case .false: state.emit(Instruction(.loadFalse, a: target), line: line)
        case .integer, .float, .string: break  // folded above
        case .vararg:
            try checkVararg(expression)
            state.emit(Instruction(.vararg, a: target, c: 2), line: line)
        case let .function(body):
            try closure(body, name: nil, into: target, position: expression.position)
        case let .table(fields):
            try viaTemporary(target) { (register) throws(CodeGenError) in try table(fields, into: register, line: line) }
        case let .name(name):
            switch try state.resolve(name) {
            case let .local(register):
                if register != target { state.emit(Instruction(.move, a: target, b: register), line: line) }
            case let .upvalue(index):
                state.emit(Instruction(.getUpval, a: target, b: index), line: line)
            case .global:
                try loadGlobal(name, into: target)
            }
        case let .index(object, key):
            try index(object, key, into: target, line: line)
        case .call, .method:
            try viaTemporary(target) { (register) throws(CodeGenError) in
                try call(expression, base: register, results: 1)
            }
        case let .parenthesized(inner):
            try self.expression(inner, into: target)
        case let .unary(op, operand):
            let register = try anyRegister(operand)
            let opcode: Opcode = switch op {
            case .minus: .unm
            case .not: .not
            case .length: .len
            case .bnot: .bnot
            }
            state.emit(Instruction(opcode, a: target, b: register), line: line)
        case let .binary(op, left, right):
            try binary(op, left, right, into: target, line: line)
        }
    }

    /// Runs `body` on a fresh register at the top when `target` is a live
    /// local (or not the top), then moves the value into `target`.
    private func viaTemporary(_ target: Int, _ body: (Int) throws(CodeGenError) -> Void) throws(CodeGenError) {
        if !isLocalRegister(target), target == state.freeRegister - 1 {
            try body(target)
            state.freeRegister = target + 1
            return
        }
        let register = try state.reserve(1)
        try body(register)
        state.emit(Instruction(.move, a: target, b: register), line: line)
    }

    private func loadValue(_ constant: Constant, into target: Int, line: Int) throws(CodeGenError) {
        switch constant {
        case .nil: state.emit(Instruction(.loadNil, a: target, b: 0), line: line)
        case let .boolean(value): state.emit(Instruction(value ? .loadTrue : .loadFalse, a: target), line: line)
        case let .integer(value) where value >= -Int64(Instruction.maxSBx) && value <= Int64(Instruction.maxSBx):
            state.emit(Instruction(.loadI, a: target, sBx: Int(value)), line: line)
        case let .float(value) where value == value.rounded() && abs(value) <= Double(Instruction.maxSBx) && !(value == 0 && value.sign == .minus):
            state.emit(Instruction(.loadF, a: target, sBx: Int(value)), line: line)
        default:
            try loadConstant(constant, into: target)
        }
    }

    private func index(_ object: Expression, _ key: Expression, into target: Int, line: Int) throws(CodeGenError) {
        if case let .name(name) = object.kind, case .global = try state.resolve(name), case let .string(bytes) = key.kind {
            // `io.write`: the permission is the field's, not the whole library's.
            let register = try state.reserve(1)
            try loadGlobal(name, into: register, field: String(decoding: bytes, as: UTF8.self))
            try indexInto(register, key, target: target, line: line)
            return
        }
        let table = try anyRegister(object)
        try indexInto(table, key, target: target, line: line)
    }

    private func indexInto(_ table: Int, _ key: Expression, target: Int, line: Int) throws(CodeGenError) {
        if case let .string(bytes) = key.kind {
            let index = state.constant(.string(bytes))
            if index <= Instruction.maxA {
                state.emit(Instruction(.getField, a: target, b: table, c: index), line: line)
                return
            }
        }
        if case let .integer(value) = key.kind, value >= 0, value <= 255 {
            state.emit(Instruction(.getI, a: target, b: table, c: Int(value)), line: line)
            return
        }
        let keyRegister = try anyRegister(key)
        state.emit(Instruction(.getTable, a: target, b: table, c: keyRegister), line: line)
    }

    private func table(_ fields: [TableField], into target: Int, line: Int) throws(CodeGenError) {
        let positional = fields.filter { if case .positional = $0 { true } else { false } }.count
        let named = fields.count - positional
        state.emit(Instruction(.newTable, a: target, b: Self.sizeHint(positional), c: Self.sizeHint(named)), line: line)
        state.freeRegister = target + 1
        var pending = 0
        var stored = 0
        func flush(multi: Bool) throws(CodeGenError) {
            guard pending > 0 || multi else { return }
            try emitSetList(target, count: multi ? 0 : pending, offset: stored)
            stored += pending
            pending = 0
            state.freeRegister = target + 1
        }
        for (index, field) in fields.enumerated() {
            switch field {
            case let .positional(value):
                if index == fields.count - 1, value.isMultiValue {
                    try multiple(value, base: target + 1 + pending, results: -1)
                    try flush(multi: true)
                    continue
                }
                let register = try state.reserve(1)
                try expression(value, into: register)
                pending += 1
                if pending == 50 { try flush(multi: false) }
            case let .named(name, value):
                let saved = state.freeRegister
                let key = state.constant(name: name)
                let register = try anyRegister(value)
                if key <= Instruction.maxA {
                    state.emit(Instruction(.setField, a: target, b: key, c: register), line: line)
                } else {
                    let keyRegister = try state.reserve(1)
                    try loadConstant(.string(name), into: keyRegister)
                    state.emit(Instruction(.setTable, a: target, b: keyRegister, c: register), line: line)
                }
                state.freeRegister = saved
            case let .keyed(key, value):
                let saved = state.freeRegister
                let keyRegister = try anyRegister(key)
                let valueRegister = try anyRegister(value)
                state.emit(Instruction(.setTable, a: target, b: keyRegister, c: valueRegister), line: line)
                state.freeRegister = saved
            }
        }
        try flush(multi: false)
    }

    private func emitSetList(_ table: Int, count: Int, offset: Int) throws(CodeGenError) {
        if offset <= Instruction.maxA {
            state.emit(Instruction(.setList, a: table, b: count, c: offset), line: line)
        } else {
            state.emit(Instruction(.setList, a: table, b: count, c: 0, k: true), line: line)
            state.emit(Instruction(.extraArg, ax: offset), line: line)
        }
    }

    /// Lua's size hint: 0 for none, else ceil(log2(n)) + 1, at most 255.
    /// Whether an integer fits a signed 8-bit operand (`sB`, `sC`). No
    /// `abs`: the smallest integer has no positive counterpart.
    static func fitsSignedOperand(_ value: Int64) -> Bool {
        value >= -Int64(Instruction.offsetSC) && value <= Int64(Instruction.offsetSC)
    }

    static func sizeHint(_ count: Int) -> Int {
        guard count > 0 else { return 0 }
        var bits = 0
        while (1 << bits) < count { bits += 1 }
        return min(bits + 1, 255)
    }

    private func binary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, into target: Int, line: Int) throws(CodeGenError) {
        switch op {
        case .and, .or:
            try viaTemporary(target) { (register) throws(CodeGenError) in
                try expression(left, into: register)
                state.emit(Instruction(.test, a: register, k: op == .or), line: line)
                let skip = jump()
                try expression(right, into: register)
                patch([skip], to: state.pc)
            }
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            let whole = Expression(.binary(op, left, right), at: left.position)
            let isTrue = try conditionJumps(whole, jumpWhen: true)
            state.emit(Instruction(.loadFalseSkip, a: target), line: line)
            patch(isTrue, to: state.pc)
            state.emit(Instruction(.loadTrue, a: target), line: line)
        case .concat:
            var operands: [Expression] = [left]
            var rest = right
            // One instruction for the chain, on the line of its last `..`, as Lua's.
            var lastLine = line
            while case let .binary(.concat, nextLeft, nextRight) = rest.kind {
                operands.append(nextLeft)
                lastLine = rest.position.line
                rest = nextRight
            }
            operands.append(rest)
            try viaTemporary(target) { (register) throws(CodeGenError) in
                state.freeRegister = register
                for operand in operands {
                    let slot = try state.reserve(1)
                    try expression(operand, into: slot)
                }
                state.emit(Instruction(.concat, a: register, b: operands.count), line: lastLine)
                state.freeRegister = register + 1
            }
        default:
            try arithmetic(op, left, right, into: target, line: line)
        }
    }

    private static let arithmeticOpcodes: [BinaryOperator: (Opcode, Opcode?)] = [
        .add: (.add, .addK), .sub: (.sub, .subK), .mul: (.mul, .mulK), .div: (.div, .divK), .idiv: (.idiv, .idivK),
        .mod: (.mod, .modK), .pow: (.pow, .powK), .band: (.band, .bandK), .bor: (.bor, .borK), .bxor: (.bxor, .bxorK),
        .shl: (.shl, nil), .shr: (.shr, nil),
    ]

    private func arithmetic(_ op: BinaryOperator, _ left: Expression, _ right: Expression, into target: Int, line: Int) throws(CodeGenError) {
        let (registerForm, constantForm) = Self.arithmeticOpcodes[op]!
        // A temporary target holds the left operand itself, so that a long
        // chain (`a + b + c + ...`) needs two registers, not one per term.
        let leftRegister: Int
        if case let .name(name) = left.kind, case let .local(register) = try state.resolve(name) {
            leftRegister = register
        } else if !isLocalRegister(target), target < state.freeRegister {
            try expression(left, into: target)
            leftRegister = target
        } else {
            leftRegister = try anyRegister(left)
        }
        if let constant = Folding.fold(right) {
            if op == .add, case let .integer(value) = constant, Self.fitsSignedOperand(value) {
                state.emit(Instruction(.addI, a: target, b: leftRegister, c: Int(value) + Instruction.offsetSC), line: line)
                return
            }
            if op == .shr, case let .integer(value) = constant, Self.fitsSignedOperand(value) {
                state.emit(Instruction(.shrI, a: target, b: leftRegister, c: Int(value) + Instruction.offsetSC), line: line)
                return
            }
            let isBitwise = [.band, .bor, .bxor].contains(op)
            let fits: Bool = switch constant {
            case .integer: true
            case .float: !isBitwise
            default: false
            }
            if let constantForm, fits {
                let index = state.constant(constant)
                if index <= Instruction.maxA {
                    state.emit(Instruction(constantForm, a: target, b: leftRegister, c: index), line: line)
                    return
                }
            }
        }
        let rightRegister = try anyRegister(right)
        state.emit(Instruction(registerForm, a: target, b: leftRegister, c: rightRegister), line: line)
    }

    // MARK: Conditions

    /// Emits code that jumps when `expression`'s truth equals `jumpWhen`
    /// and falls through otherwise; returns the jumps to patch.
    private func conditionJumps(_ expression: Expression, jumpWhen: Bool) throws(CodeGenError) -> [Int] {
        let saved = state.freeRegister
        defer { state.freeRegister = saved }
        let line = expression.position.line
        if let constant = Folding.fold(expression) {
            let truth: Bool = switch constant {
            case .nil: false
            case .boolean(let value): value
            default: true
            }
            return truth == jumpWhen ? [jump()] : []
        }
        switch expression.kind {
        case .nil, .false: return jumpWhen ? [] : [jump()]
        case .true: return jumpWhen ? [jump()] : []
        case let .unary(.not, operand):
            return try conditionJumps(operand, jumpWhen: !jumpWhen)
        case let .parenthesized(inner) where !inner.isMultiValue:
            return try conditionJumps(inner, jumpWhen: jumpWhen)
        case let .binary(.and, left, right):
            if !jumpWhen { return try conditionJumps(left, jumpWhen: false) + conditionJumps(right, jumpWhen: false) }
            let leftFalse = try conditionJumps(left, jumpWhen: false)
            let jumps = try conditionJumps(right, jumpWhen: true)
            patch(leftFalse, to: state.pc)
            return jumps
        case let .binary(.or, left, right):
            if jumpWhen { return try conditionJumps(left, jumpWhen: true) + conditionJumps(right, jumpWhen: true) }
            let leftTrue = try conditionJumps(left, jumpWhen: true)
            let jumps = try conditionJumps(right, jumpWhen: false)
            patch(leftTrue, to: state.pc)
            return jumps
        case let .binary(op, left, right) where [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op):
            try comparison(op, left, right, jumpWhen: jumpWhen, line: line)
            return [jump()]
        default:
            let register = try anyRegister(expression)
            state.emit(Instruction(.test, a: register, k: jumpWhen), line: line)
            return [jump()]
        }
    }

    /// A comparison whose following jump is taken when its result equals `jumpWhen`.
    private func comparison(_ op: BinaryOperator, _ left: Expression, _ right: Expression, jumpWhen: Bool, line: Int) throws(CodeGenError) {
        let k = op == .notEqual ? !jumpWhen : jumpWhen
        if op == .equal || op == .notEqual {
            let leftRegister = try anyRegister(left)
            if let constant = Folding.fold(right) {
                if case let .integer(value) = constant, Self.fitsSignedOperand(value) {
                    state.emit(Instruction(.eqI, a: leftRegister, b: Int(value) + Instruction.offsetSC, k: k), line: line)
                    return
                }
                let index = state.constant(constant)
                if index <= Instruction.maxA {
                    state.emit(Instruction(.eqK, a: leftRegister, b: index, k: k), line: line)
                    return
                }
            }
            let rightRegister = try anyRegister(right)
            state.emit(Instruction(.eq, a: leftRegister, b: rightRegister, k: k), line: line)
            return
        }
        if case let .integer(value)? = Folding.fold(right), Self.fitsSignedOperand(value) {
            let leftRegister = try anyRegister(left)
            let opcode: Opcode = switch op {
            case .less: .ltI
            case .lessEqual: .leI
            case .greater: .gtI
            default: .geI
            }
            state.emit(Instruction(opcode, a: leftRegister, b: Int(value) + Instruction.offsetSC, k: k), line: line)
            return
        }
        // a > b is b < a; a >= b is b <= a (operands still evaluated left to right).
        let leftRegister = try anyRegister(left)
        let rightRegister = try anyRegister(right)
        switch op {
        case .less: state.emit(Instruction(.lt, a: leftRegister, b: rightRegister, k: k), line: line)
        case .lessEqual: state.emit(Instruction(.le, a: leftRegister, b: rightRegister, k: k), line: line)
        case .greater: state.emit(Instruction(.lt, a: rightRegister, b: leftRegister, k: k), line: line)
        default: state.emit(Instruction(.le, a: rightRegister, b: leftRegister, k: k), line: line)
        }
    }
}
