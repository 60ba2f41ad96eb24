/// The instruction set that the compiler writes and the VM runs: one table,
/// each opcode with its operands and what it does. `R[x]` is a register,
/// `K[x]` a constant, `U[x]` an upvalue, `F[x]` a nested closure. The
/// operands' layout is described by ``Instruction``; docs/bytecode.md says
/// the same in prose.
public enum Opcode: UInt8, CaseIterable, Sendable {
    /// `A B`     R[A] := R[B]
    case move
    /// `A sBx`   R[A] := sBx (an integer)
    case loadI
    /// `A sBx`   R[A] := sBx (as a float)
    case loadF
    /// `A Bx`    R[A] := K[Bx]
    case loadK
    /// `A`       R[A] := false
    case loadFalse
    /// `A`       R[A] := false; skip the next instruction
    case loadFalseSkip
    /// `A`       R[A] := true
    case loadTrue
    /// `A B`     R[A], ..., R[A+B] := nil
    case loadNil
    /// `A B`     R[A] := U[B]
    case getUpval
    /// `A B`     U[B] := R[A]
    case setUpval
    /// `A B C`   R[A] := U[B][K[C]] (K[C] a string: a global through _ENV)
    case getTabUp
    /// `A B C`   U[A][K[B]] := R[C] (K[B] a string)
    case setTabUp
    /// `A B C`   R[A] := R[B][R[C]]
    case getTable
    /// `A B C`   R[A] := R[B][C] (C an integer)
    case getI
    /// `A B C`   R[A] := R[B][K[C]] (K[C] a string)
    case getField
    /// `A B C`   R[A][R[B]] := R[C]
    case setTable
    /// `A B C`   R[A][B] := R[C] (B an integer)
    case setI
    /// `A B C`   R[A][K[B]] := R[C] (K[B] a string)
    case setField
    /// `A B C`   R[A] := {} with room for B array and C hash entries (each log2+1, 0 for none)
    case newTable
    /// `A B C`   R[A+1] := R[B]; R[A] := R[B][K[C]] (a method call's receiver and method)
    case `self`
    /// `A B sC`  R[A] := R[B] + sC
    case addI
    /// `A B C`   R[A] := R[B] + K[C] (K[C] a number)
    case addK
    /// `A B C`   R[A] := R[B] - K[C]
    case subK
    /// `A B C`   R[A] := R[B] * K[C]
    case mulK
    /// `A B C`   R[A] := R[B] % K[C]
    case modK
    /// `A B C`   R[A] := R[B] ^ K[C]
    case powK
    /// `A B C`   R[A] := R[B] / K[C]
    case divK
    /// `A B C`   R[A] := R[B] // K[C]
    case idivK
    /// `A B C`   R[A] := R[B] & K[C] (K[C] an integer)
    case bandK
    /// `A B C`   R[A] := R[B] | K[C]
    case borK
    /// `A B C`   R[A] := R[B] ~ K[C]
    case bxorK
    /// `A B sC`  R[A] := R[B] >> sC
    case shrI
    /// `A B sC`  R[A] := sC << R[B]
    case shlI
    /// `A B C`   R[A] := R[B] + R[C]
    case add
    /// `A B C`   R[A] := R[B] - R[C]
    case sub
    /// `A B C`   R[A] := R[B] * R[C]
    case mul
    /// `A B C`   R[A] := R[B] % R[C]
    case mod
    /// `A B C`   R[A] := R[B] ^ R[C]
    case pow
    /// `A B C`   R[A] := R[B] / R[C]
    case div
    /// `A B C`   R[A] := R[B] // R[C]
    case idiv
    /// `A B C`   R[A] := R[B] & R[C]
    case band
    /// `A B C`   R[A] := R[B] | R[C]
    case bor
    /// `A B C`   R[A] := R[B] ~ R[C]
    case bxor
    /// `A B C`   R[A] := R[B] << R[C]
    case shl
    /// `A B C`   R[A] := R[B] >> R[C]
    case shr
    /// `A B`     R[A] := -R[B]
    case unm
    /// `A B`     R[A] := ~R[B]
    case bnot
    /// `A B`     R[A] := not R[B]
    case not
    /// `A B`     R[A] := #R[B]
    case len
    /// `A B`     R[A] := R[A] .. ... .. R[A+B-1]
    case concat
    /// `A`       close the upvalues of R[A] and above
    case close
    /// `A`       mark R[A] as to-be-closed
    case tbc
    /// `sJ`      pc += sJ
    case jmp
    /// `A B k`   if ((R[A] == R[B]) ~= k) then pc++
    case eq
    /// `A B k`   if ((R[A] < R[B]) ~= k) then pc++
    case lt
    /// `A B k`   if ((R[A] <= R[B]) ~= k) then pc++
    case le
    /// `A B k`   if ((R[A] == K[B]) ~= k) then pc++
    case eqK
    /// `A sB k`  if ((R[A] == sB) ~= k) then pc++
    case eqI
    /// `A sB k`  if ((R[A] < sB) ~= k) then pc++
    case ltI
    /// `A sB k`  if ((R[A] <= sB) ~= k) then pc++
    case leI
    /// `A sB k`  if ((R[A] > sB) ~= k) then pc++
    case gtI
    /// `A sB k`  if ((R[A] >= sB) ~= k) then pc++
    case geI
    /// `A k`     if (not R[A] == k) then pc++
    case test
    /// `A B k`   if (not R[B] == k) then pc++ else R[A] := R[B]
    case testSet
    /// `A B C`   R[A], ..., R[A+C-2] := R[A](R[A+1], ..., R[A+B-1]); B=0: arguments up to the top; C=0: keep all results
    case call
    /// `A B`     return R[A](R[A+1], ..., R[A+B-1]); B=0: arguments up to the top
    case tailCall
    /// `A B`     return R[A], ..., R[A+B-2]; B=0: up to the top
    case `return`
    /// ``        return
    case return0
    /// `A`       return R[A]
    case return1
    /// `A Bx`    numeric loop step: update the counter; if it goes on, R[A+3] := the counter and pc -= Bx
    case forLoop
    /// `A Bx`    numeric loop set-up: check and prepare R[A..A+2], R[A+3] := R[A]; if it runs no time, pc += Bx + 1 (past its FORLOOP)
    case forPrep
    /// `A Bx`    generic loop set-up: mark R[A+3] to-be-closed; pc += Bx
    case tForPrep
    /// `A C`     R[A+4], ..., R[A+3+C] := R[A](R[A+1], R[A+2])
    case tForCall
    /// `A Bx`    if R[A+4] ~= nil then { R[A+2] := R[A+4]; pc -= Bx }
    case tForLoop
    /// `A B C`   R[A][C+i] := R[A+i], 1 <= i <= B; B=0: up to the top; k: the next word's Ax holds C's high part
    case setList
    /// `A Bx`    R[A] := closure(F[Bx])
    case closure
    /// `A Bx`    R[A] := closure of the snapshot's function named K[Bx] (how a chunk
    ///           makes the functions it defines, so that their bodies can change
    ///           without changing the chunk)
    case closureNamed
    /// `A C`     R[A], ..., R[A+C-2] := vararg; C=0: all of them
    case vararg
    /// `A`       adjust the frame for a vararg function with A fixed parameters
    case varargPrep
    /// `Ax`      an extra operand for the previous instruction
    case extraArg

    /// How an opcode's operands are laid out.
    public enum Format: Sendable {
        case iABC, iABx, iAsBx, iAx, isJ
    }

    public var format: Format {
        switch self {
        case .loadK, .closure, .closureNamed, .forLoop, .forPrep, .tForPrep, .tForLoop: .iABx
        case .loadI, .loadF: .iAsBx
        case .jmp: .isJ
        case .extraArg: .iAx
        default: .iABC
        }
    }

    /// The name that disassembly prints (`GETFIELD`).
    public var mnemonic: String { String(describing: self).uppercased() }

    /// Whether the instruction writes register A (calls write A and up;
    /// `TFORCALL` writes the loop's variables above A + 2).
    public var setsA: Bool {
        switch self {
        case .setUpval, .setTabUp, .setTable, .setI, .setField, .close, .tbc, .jmp, .eq, .lt, .le, .eqK, .eqI,
             .ltI, .leI, .gtI, .geI, .test, .return, .return0, .return1, .tForPrep, .tForCall, .setList, .extraArg:
            false
        default:
            true
        }
    }
}
