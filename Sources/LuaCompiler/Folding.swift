import BlobFormat

/// Constant folding of literal arithmetic, with Lua 5.4's rules: integer
/// arithmetic wraps, `/` and `^` give floats, `//` and `%` floor, bitwise
/// operators need integer-valued operands. Like Lua, it leaves alone what
/// would raise an error at run time (integer division by zero, bitwise
/// operations on non-integral floats) and results that are NaN or -0.0.
enum Folding {
    static func fold(_ expression: Expression) -> Constant? {
        switch expression.kind {
        case .nil: return .nil
        case .true: return .boolean(true)
        case .false: return .boolean(false)
        case let .integer(value): return .integer(value)
        case let .float(value): return .float(value)
        case let .string(bytes): return .string(bytes)
        case let .parenthesized(inner): return fold(inner)
        case let .unary(op, operand):
            guard let value = fold(operand) else { return nil }
            return unary(op, value)
        case let .binary(op, left, right):
            guard let a = fold(left), let b = fold(right) else { return nil }
            return binary(op, a, b)
        default:
            return nil
        }
    }

    private static func unary(_ op: UnaryOperator, _ value: Constant) -> Constant? {
        switch (op, value) {
        case let (.minus, .integer(x)): return .integer(0 &- x)
        case let (.minus, .float(x)): return valid(-x)
        case let (.bnot, .integer(x)): return .integer(~x)
        case let (.bnot, .float(x)): return LuaArithmetic.exactInteger(x).map { .integer(~$0) }
        default: return nil
        }
    }

    private static func valid(_ value: Double) -> Constant? {
        if value.isNaN || (value == 0 && value.sign == .minus) { return nil }
        if value == 0 { return nil }  // keeps 0.0 and -0.0 apart at run time, as Lua does
        return .float(value)
    }

    private static func number(_ constant: Constant) -> Double? {
        switch constant {
        case let .integer(value): Double(value)
        case let .float(value): value
        default: nil
        }
    }

    private static func binary(_ op: BinaryOperator, _ a: Constant, _ b: Constant) -> Constant? {
        switch op {
        case .band, .bor, .bxor, .shl, .shr:
            guard let x = bitwiseOperand(a), let y = bitwiseOperand(b) else { return nil }
            switch op {
            case .band: return .integer(x & y)
            case .bor: return .integer(x | y)
            case .bxor: return .integer(x ^ y)
            case .shl: return .integer(LuaArithmetic.shiftLeft(x, y))
            default: return .integer(LuaArithmetic.shiftLeft(x, 0 &- y))
            }
        case .add, .sub, .mul, .idiv, .mod:
            if case let .integer(x) = a, case let .integer(y) = b {
                switch op {
                case .add: return .integer(x &+ y)
                case .sub: return .integer(x &- y)
                case .mul: return .integer(x &* y)
                case .idiv:
                    guard y != 0 else { return nil }
                    return .integer(LuaArithmetic.floorDivide(x, y))
                default:
                    guard y != 0 else { return nil }
                    return .integer(LuaArithmetic.floorModulo(x, y))
                }
            }
            guard let x = number(a), let y = number(b) else { return nil }
            switch op {
            case .add: return valid(x + y)
            case .sub: return valid(x - y)
            case .mul: return valid(x * y)
            case .idiv: return valid(LuaArithmetic.floatFloorDivide(x, y))
            default: return valid(LuaArithmetic.floatModulo(x, y))
            }
        case .div:
            guard let x = number(a), let y = number(b) else { return nil }
            return valid(x / y)
        case .pow:
            guard let x = number(a), let y = number(b) else { return nil }
            return valid(LuaArithmetic.power(x, y))
        default:
            return nil
        }
    }

    private static func bitwiseOperand(_ constant: Constant) -> Int64? {
        switch constant {
        case let .integer(value): value
        case let .float(value): LuaArithmetic.exactInteger(value)
        default: nil
        }
    }
}
