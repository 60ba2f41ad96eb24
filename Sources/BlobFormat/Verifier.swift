/// Checks that a function blob's code is well formed before anything runs
/// it: every opcode known, every register, constant, upvalue and closure
/// operand in range, every jump inside the function, and a return at the end.
/// A blob that passes cannot make a VM read outside its frame or tables.
public enum Verifier {
    /// Throws ``FormatError/malformed(_:_:)`` naming the first bad instruction.
    public static func verify(_ blob: FunctionBlob) throws(FormatError) {
        let count = blob.instructions.count
        let registers = blob.registerCount
        func fail(_ pc: Int, _ reason: String) -> FormatError {
            .malformed("function blob '\(blob.name)'", "instruction \(pc): \(reason)")
        }
        guard registers <= Instruction.maxA + 1 else { throw fail(0, "\(registers) registers, more than 256") }
        guard blob.arity <= registers else { throw fail(0, "\(blob.arity) parameters but \(registers) registers") }
        guard count > 0 else { throw fail(0, "no instructions") }
        for local in blob.locals where local.register >= registers {
            throw fail(local.start, "local '\(local.name)' in register \(local.register) of \(registers)")
        }
        for (pc, word) in blob.instructions.enumerated() {
            let instruction = Instruction(word: word)
            guard let opcode = instruction.opcode else { throw fail(pc, "unknown opcode \(word & 0x7F)") }
            func register(_ value: Int, _ what: String = "register") throws(FormatError) {
                guard value < registers else { throw fail(pc, "\(opcode.mnemonic) \(what) \(value) out of \(registers)") }
            }
            func constant(_ index: Int, string: Bool = false, number: Bool = false) throws(FormatError) {
                guard index < blob.constants.count else { throw fail(pc, "\(opcode.mnemonic) constant \(index) out of \(blob.constants.count)") }
                let value = blob.constants[index]
                let isString = if case .string = value { true } else { false }
                let isNumber = switch value {
                case .integer, .float: true
                default: false
                }
                if (string && !isString) || (number && !isNumber) {
                    throw fail(pc, "\(opcode.mnemonic) constant \(index) has the wrong type")
                }
            }
            func upvalue(_ index: Int) throws(FormatError) {
                guard index < blob.upvalues.count else { throw fail(pc, "\(opcode.mnemonic) upvalue \(index) out of \(blob.upvalues.count)") }
            }
            func target(_ offset: Int) throws(FormatError) {
                let destination = pc + 1 + offset
                guard destination >= 0, destination < count else { throw fail(pc, "\(opcode.mnemonic) jumps to \(destination), outside 0..<\(count)") }
            }
            let a = instruction.a, b = instruction.b, c = instruction.c
            switch opcode {
            case .move, .unm, .bnot, .not, .len:
                try register(a)
                try register(b)
            case .loadI, .loadF, .loadFalse, .loadFalseSkip, .loadTrue, .close, .tbc, .return1, .varargPrep:
                if opcode != .varargPrep { try register(a) }
                if opcode == .loadFalseSkip { try target(1) }
            case .loadK:
                try register(a)
                try constant(instruction.bx)
            case .loadNil:
                try register(a + b)
            case .getUpval, .setUpval:
                try register(a)
                try upvalue(b)
            case .getTabUp:
                try register(a)
                try upvalue(b)
                try constant(c, string: true)
            case .setTabUp:
                try upvalue(a)
                try constant(b, string: true)
                try register(c)
            case .getTable, .add, .sub, .mul, .mod, .pow, .div, .idiv, .band, .bor, .bxor, .shl, .shr:
                try register(a)
                try register(b)
                try register(c)
            case .getI, .addI, .shrI, .shlI:
                try register(a)
                try register(b)
            case .getField:
                try register(a)
                try register(b)
                try constant(c, string: true)
            case .setTable:
                try register(a)
                try register(b)
                try register(c)
            case .setI:
                try register(a)
                try register(c)
            case .setField:
                try register(a)
                try constant(b, string: true)
                try register(c)
            case .newTable:
                try register(a)
            case .self:
                try register(a + 1)
                try register(b)
                try constant(c, string: true)
            case .addK, .subK, .mulK, .modK, .powK, .divK, .idivK, .bandK, .borK, .bxorK:
                try register(a)
                try register(b)
                try constant(c, number: true)
            case .concat:
                guard b >= 2 else { throw fail(pc, "CONCAT of \(b) values") }
                try register(a + b - 1)
            case .jmp:
                try target(instruction.sJ)
            case .eq, .lt, .le:
                try register(a)
                try register(b)
                try target(1)
            case .eqK:
                try register(a)
                try constant(b)
                try target(1)
            case .eqI, .ltI, .leI, .gtI, .geI, .test:
                try register(a)
                try target(1)
            case .testSet:
                try register(a)
                try register(b)
                try target(1)
            case .call:
                try register(a)
                if b > 0 { try register(a + b - 1) }
                if c > 1 { try register(a + c - 2) }
            case .tailCall:
                try register(a)
                if b > 0 { try register(a + b - 1) }
            case .return:
                if b > 1 { try register(a + b - 2) }
            case .return0:
                break
            case .forLoop:
                try register(a + 3)
                try target(-instruction.bx)
            case .forPrep:
                try register(a + 3)
                try target(instruction.bx + 1)
            case .tForPrep:
                try register(a + 3)
                try target(instruction.bx)
            case .tForCall:
                try register(a + 3 + max(c, 1))
            case .tForLoop:
                try register(a + 4)
                try target(-instruction.bx)
            case .setList:
                try register(a + b)
                if instruction.k {
                    guard pc + 1 < count, Instruction(word: blob.instructions[pc + 1]).opcode == .extraArg else {
                        throw fail(pc, "SETLIST with k but no EXTRAARG after it")
                    }
                }
            case .closure:
                try register(a)
                guard instruction.bx < blob.closures.count else { throw fail(pc, "CLOSURE \(instruction.bx) out of \(blob.closures.count)") }
            case .closureNamed:
                try register(a)
                try constant(instruction.bx, string: true)
            case .vararg:
                guard blob.isVararg else { throw fail(pc, "VARARG in a function without '...'") }
                try register(a + max(c - 2, 0))
            case .extraArg:
                guard pc > 0, Instruction(word: blob.instructions[pc - 1]).opcode == .setList else {
                    throw fail(pc, "EXTRAARG that no SETLIST uses")
                }
            }
        }
        let last = Instruction(word: blob.instructions[count - 1]).opcode
        guard last == .return0 || last == .return || last == .return1 else { throw fail(count - 1, "the last instruction is not a return") }
    }
}
