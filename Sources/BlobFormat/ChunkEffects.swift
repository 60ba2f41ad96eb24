extension FunctionBlob {
    /// The globals a chunk assigns, when assigning them is all that running
    /// it can do that anyone could observe; nil for any other chunk.
    ///
    /// Such a chunk only makes values (constants, fresh tables, closures,
    /// named functions), keeps them in its own registers and fresh tables,
    /// and stores them in globals under constant names. It reads no global,
    /// calls nothing, cannot raise an error and cannot reach a metamethod,
    /// so a loader may put off running it until one of those globals is
    /// read or written: nothing else can tell the difference.
    ///
    /// The check is a single pass over straight-line code (any jump, call,
    /// arithmetic or read answers nil) that tracks what each register holds:
    /// a fresh table from `NEWTABLE` (the only tables it may write), a value
    /// that can key a table (neither nil nor NaN), or anything.
    public var declaredGlobals: [String]? {
        guard let environment = upvalues.firstIndex(where: { $0.name == "_ENV" }) else {
            return upvalues.isEmpty ? [] : nil
        }
        // What each register is known to hold.
        enum Content { case unknown, key, freshTable }
        var registers = [Content](repeating: .unknown, count: max(registerCount, 1) + 1)
        var globals: [String] = []
        func holds(_ register: Int, _ content: Content) -> Bool {
            register < registers.count && (registers[register] == content || content == .key && registers[register] == .freshTable)
        }
        func set(_ register: Int, _ content: Content) -> Bool {
            guard register < registers.count else { return false }
            registers[register] = content
            return true
        }
        func stringConstant(_ index: Int) -> [UInt8]? {
            guard index < constants.count, case let .string(bytes) = constants[index] else { return nil }
            return bytes
        }
        /// Whether constant `index` can key a table (not nil, not NaN).
        func keyConstant(_ index: Int) -> Bool {
            guard index < constants.count else { return false }
            switch constants[index] {
            case .nil: return false
            case let .float(value): return !value.isNaN
            default: return true
            }
        }
        for word in instructions {
            let instruction = Instruction(word: word)
            guard let opcode = instruction.opcode else { return nil }
            let a = instruction.a
            switch opcode {
            case .varargPrep, .extraArg:
                continue
            case .loadI, .loadF, .loadTrue, .loadFalse, .closure, .closureNamed:
                guard set(a, .key) else { return nil }
            case .loadK:
                guard set(a, keyConstant(instruction.bx) ? .key : .unknown) else { return nil }
            case .loadNil:
                for register in a...(a + instruction.b) { guard set(register, .unknown) else { return nil } }
            case .move:
                guard instruction.b < registers.count, set(a, registers[instruction.b]) else { return nil }
            case .newTable:
                guard set(a, .freshTable) else { return nil }
            case .setField:
                guard holds(a, .freshTable), stringConstant(instruction.b) != nil else { return nil }
            case .setI:
                guard holds(a, .freshTable) else { return nil }
            case .setTable:
                guard holds(a, .freshTable), holds(instruction.b, .key) else { return nil }
            case .setList:
                // A count of zero takes values up to the top a call left.
                guard holds(a, .freshTable), instruction.b != 0 else { return nil }
            case .setTabUp:
                guard a == environment, let name = stringConstant(instruction.b) else { return nil }
                globals.append(String(decoding: name, as: UTF8.self))
            case .return0, .return1:
                return globals
            case .return:
                return instruction.b == 0 || instruction.k ? nil : globals
            default:
                return nil
            }
        }
        return globals
    }
}
