/// One 32-bit instruction word, laid out as Lua 5.4 lays out its own:
///
///     bits  0-6   opcode
///     bits  7-14  A (8 bits)
///     bit   15    k (a flag)
///     bits 16-23  B (8 bits)
///     bits 24-31  C (8 bits)
///
/// `Bx` is bits 15-31 (17 bits, unsigned); `sBx` is `Bx` minus ``maxSBx``;
/// `sJ` is bits 7-31 (25 bits) minus ``maxSJ``; `Ax` is bits 7-31. Signed
/// 8-bit operands (`sB`, `sC`) are stored with an offset of 127.
public struct Instruction: Hashable, Sendable {
    public var word: UInt32

    public static let maxA = 255
    public static let maxBx = (1 << 17) - 1
    public static let maxSBx = maxBx >> 1
    public static let maxSJ = ((1 << 25) - 1) >> 1
    public static let maxAx = (1 << 25) - 1
    /// The offset of signed 8-bit operands.
    public static let offsetSC = 127

    public init(word: UInt32) { self.word = word }

    public init(_ opcode: Opcode, a: Int = 0, b: Int = 0, c: Int = 0, k: Bool = false) {
        word = UInt32(opcode.rawValue) | UInt32(a) << 7 | (k ? 1 << 15 : 0) | UInt32(b) << 16 | UInt32(c) << 24
    }

    public init(_ opcode: Opcode, a: Int, bx: Int) {
        word = UInt32(opcode.rawValue) | UInt32(a) << 7 | UInt32(bx) << 15
    }

    public init(_ opcode: Opcode, a: Int, sBx: Int) {
        self.init(opcode, a: a, bx: sBx + Self.maxSBx)
    }

    public init(_ opcode: Opcode, sJ: Int) {
        word = UInt32(opcode.rawValue) | UInt32(sJ + Self.maxSJ) << 7
    }

    public init(_ opcode: Opcode, ax: Int) {
        word = UInt32(opcode.rawValue) | UInt32(ax) << 7
    }

    /// The opcode, or `nil` for a word no opcode has.
    public var opcode: Opcode? { Opcode(rawValue: UInt8(word & 0x7F)) }
    public var a: Int { Int(word >> 7 & 0xFF) }
    public var k: Bool { word >> 15 & 1 == 1 }
    public var b: Int { Int(word >> 16 & 0xFF) }
    public var c: Int { Int(word >> 24 & 0xFF) }
    public var sB: Int { b - Self.offsetSC }
    public var sC: Int { c - Self.offsetSC }
    public var bx: Int { Int(word >> 15) }
    public var sBx: Int { bx - Self.maxSBx }
    public var sJ: Int { Int(word >> 7) - Self.maxSJ }
    public var ax: Int { Int(word >> 7) }

    /// A copy with a new A operand.
    public func with(a: Int) -> Instruction { Instruction(word: word & ~(0xFF << 7) | UInt32(a) << 7) }
    /// A copy with a new B operand.
    public func with(b: Int) -> Instruction { Instruction(word: word & ~(0xFF << 16) | UInt32(b) << 16) }
    /// A copy with a new C operand.
    public func with(c: Int) -> Instruction { Instruction(word: word & ~(0xFF << 24) | UInt32(c) << 24) }
    /// A copy with a new k flag.
    public func with(k: Bool) -> Instruction { Instruction(word: word & ~(1 << 15) | (k ? 1 << 15 : 0)) }
    /// A copy with a new sJ (jumps) or sBx (loops), by the opcode's format.
    public func with(jump offset: Int) -> Instruction {
        switch opcode?.format {
        case .isJ: Instruction(word: word & 0x7F | UInt32(offset + Self.maxSJ) << 7)
        default: Instruction(word: word & 0x7FFF | UInt32(offset + Self.maxSBx) << 15)
        }
    }
}
