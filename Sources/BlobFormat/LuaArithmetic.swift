import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lua 5.4's rules for the arithmetic that both constant folding (at compile
/// time) and the VM (at run time) do, in one place so that a folded constant
/// is always what the VM would have computed.
public enum LuaArithmetic {
    /// Integer floor division (`//`); `divisor` is not 0.
    public static func floorDivide(_ dividend: Int64, _ divisor: Int64) -> Int64 {
        if divisor == -1 { return 0 &- dividend }
        let quotient = dividend / divisor
        return (dividend % divisor != 0) && ((dividend < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// Integer floor modulo (`%`), with the sign of the divisor; `divisor` is not 0.
    public static func floorModulo(_ dividend: Int64, _ divisor: Int64) -> Int64 {
        if divisor == -1 { return 0 }
        let remainder = dividend % divisor
        return remainder != 0 && (remainder ^ divisor) < 0 ? remainder + divisor : remainder
    }

    /// Float modulo (`%`), with the sign of the divisor.
    public static func floatModulo(_ dividend: Double, _ divisor: Double) -> Double {
        var remainder = fmod(dividend, divisor)
        if remainder != 0, (remainder < 0) != (divisor < 0) { remainder += divisor }
        return remainder
    }

    /// Float floor division (`//`).
    public static func floatFloorDivide(_ dividend: Double, _ divisor: Double) -> Double {
        (dividend / divisor).rounded(.down)
    }

    /// `^`, always on floats.
    public static func power(_ base: Double, _ exponent: Double) -> Double {
        exponent == 2 ? base * base : pow(base, exponent)
    }

    /// Lua's logical shift left (`<<`; a negative count shifts right);
    /// shifts of 64 or more give 0.
    public static func shiftLeft(_ value: Int64, _ count: Int64) -> Int64 {
        if count <= -64 || count >= 64 { return 0 }
        if count >= 0 { return Int64(bitPattern: UInt64(bitPattern: value) << UInt64(count)) }
        return Int64(bitPattern: UInt64(bitPattern: value) >> UInt64(-count))
    }

    /// The integer a float is exactly equal to, if any (no rounding).
    public static func exactInteger(_ value: Double) -> Int64? {
        guard value >= -9.223372036854775808e18, value < 9.223372036854775808e18, value == value.rounded(.towardZero) else {
            return nil
        }
        return Int64(value)
    }
}
