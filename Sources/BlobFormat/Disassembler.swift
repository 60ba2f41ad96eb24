/// Readable listings of function blobs: one line per instruction with its
/// opcode, operands, the constant or closure it names, and its line.
public enum Disassembler {
    /// One line per instruction: `  12  [+3]  GETFIELD   2 0 1   ; "balance"`.
    public static func listing(_ blob: FunctionBlob) -> [String] {
        blob.instructions.enumerated().map { index, word in
            let line = index < blob.relativeLines.count ? "[+\(blob.relativeLines[index])]" : ""
            return pad(String(index), 5, left: true) + "  " + pad(line, 7) + describe(Instruction(word: word), at: index, in: blob)
        }
    }

    /// An instruction's mnemonic and operands, and what they name.
    public static func describe(_ instruction: Instruction, at index: Int, in blob: FunctionBlob) -> String {
        guard let opcode = instruction.opcode else { return "?? 0x" + String(instruction.word, radix: 16) }
        let operands: [Int]
        var note = ""
        func constant(_ k: Int) -> String { k < blob.constants.count ? text(blob.constants[k]) : "K\(k)?" }
        switch opcode.format {
        case .iABx:
            operands = [instruction.a, instruction.bx]
            switch opcode {
            case .loadK, .closureNamed: note = constant(instruction.bx)
            case .closure: note = instruction.bx < blob.closures.count ? blob.closures[instruction.bx].abbreviated(12) : "F?"
            case .forLoop, .tForLoop: note = "to \(index + 1 - instruction.bx)"
            case .forPrep: note = "exit to \(index + instruction.bx + 2)"
            case .tForPrep: note = "to \(index + instruction.bx + 1)"
            default: break
            }
        case .iAsBx: operands = [instruction.a, instruction.sBx]
        case .isJ:
            operands = [instruction.sJ]
            note = "to \(index + instruction.sJ + 1)"
        case .iAx: operands = [instruction.ax]
        case .iABC:
            operands = [instruction.a, instruction.b, instruction.c] + (instruction.k ? [1] : [])
            switch opcode {
            case .getTabUp, .getField, .self, .addK, .subK, .mulK, .modK, .powK, .divK, .idivK, .bandK, .borK, .bxorK:
                note = constant(instruction.c)
            case .setTabUp, .setField, .eqK: note = constant(instruction.b)
            default: break
            }
        }
        let head = pad(opcode.mnemonic, 15) + operands.map(String.init).joined(separator: " ")
        return note.isEmpty ? head : pad(head, 30) + " ; " + note
    }

    /// A constant as Lua source would write it (strings quoted and escaped).
    public static func text(_ constant: Constant) -> String {
        switch constant {
        case .nil: "nil"
        case let .boolean(value): "\(value)"
        case let .integer(value): "\(value)"
        case let .float(value): "\(value)"
        case let .string(bytes): "\"" + String(decoding: bytes, as: UTF8.self).replacingNewlines + "\""
        }
    }

    private static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? fill + text : text + fill
    }
}

extension String {
    fileprivate var replacingNewlines: String {
        unicodeScalars.map { $0 == "\n" ? "\\n" : $0 == "\"" ? "\\\"" : String($0) }.joined()
    }
}
