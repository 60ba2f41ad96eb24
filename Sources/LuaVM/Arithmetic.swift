import BlobFormat
import FoundationEssentials

/// Lua 5.4's arithmetic, comparison and conversion rules on raw values
/// (metamethods are the interpreter's business).
enum Arithmetic {
    enum Operation: Sendable {
        case add, sub, mul, mod, pow, div, idiv, band, bor, bxor, shl, shr, unm, bnot

        /// The metamethod event (`__add`).
        var event: Event {
            switch self {
            case .add: .add
            case .sub: .sub
            case .mul: .mul
            case .mod: .mod
            case .pow: .pow
            case .div: .div
            case .idiv: .idiv
            case .band: .band
            case .bor: .bor
            case .bxor: .bxor
            case .shl: .shl
            case .shr: .shr
            case .unm: .unm
            case .bnot: .bnot
            }
        }

        var isBitwise: Bool {
            switch self {
            case .band, .bor, .bxor, .shl, .shr, .bnot: true
            default: false
            }
        }
    }

    /// Why an operation on numbers fails.
    enum Failure: Error {
        /// An operand is not a number (nor a string that reads as one).
        case notNumbers
        /// A bitwise operand has no integer representation.
        case noInteger
        /// Integer `//` or `%` by zero.
        case divideByZero(String)
    }

    /// A value as a number for arithmetic: numbers as they are, strings
    /// that read as numerals converted, anything else `nil`.
    static func number(_ value: Value) -> Value? {
        switch value.tag {
        case .integer, .float: return value
        case .string: return numeral(value.asString!.bytes)
        default: return nil
        }
    }

    /// C's `isspace`: the white space Lua allows around a numeral.
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || (9...13).contains(byte) }

    /// A string's bytes read as a numeral (surrounding white space and one
    /// sign allowed), as `tonumber` and string coercion do.
    static func numeral(_ bytes: [UInt8]) -> Value? {
        var start = 0, end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        // The common case read directly: a sign and at most 18 decimal digits.
        var index = start
        if index < end, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
        if end > index, end - index <= 18 {
            var value: Int64 = 0
            var decimal = true
            for position in index..<end {
                let digit = bytes[position] &- UInt8(ascii: "0")
                guard digit <= 9 else { decimal = false; break }
                value = value * 10 + Int64(digit)
            }
            if decimal { return .integer(bytes[start] == UInt8(ascii: "-") ? -value : value) }
        }
        var text = String(decoding: bytes[start..<end], as: UTF8.self)
        var negative = false
        if text.hasPrefix("-") || text.hasPrefix("+") {
            negative = text.hasPrefix("-")
            text.removeFirst()
        }
        // One sign only ("--1" is not a numeral).
        if text.hasPrefix("-") || text.hasPrefix("+") { return nil }
        // "-9223372036854775808" is the one decimal integer whose magnitude
        // is not an integer: read with its sign, it still is one.
        if negative, !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int64("-" + text) {
            return .integer(value)
        }
        switch LuaNumeral.parse(text) {
        case let .integer(value)?: return .integer(negative ? 0 &- value : value)
        case let .float(value)?: return .float(negative ? -value : value)
        default: return nil
        }
    }

    /// An integer for bitwise operations: integers and floats with an exact
    /// integer value (strings are not converted here, as in Lua 5.4).
    static func integer(_ value: Value) throws(Failure) -> Int64 {
        guard value.tag == .integer || value.tag == .float else { throw .notNumbers }
        let number = value
        if number.tag == .integer { return number.integerValue }
        guard let exact = LuaArithmetic.exactInteger(number.floatValue) else { throw .noInteger }
        return exact
    }

    static func apply(_ operation: Operation, _ a: Value, _ b: Value) throws(Failure) -> Value {
        if operation.isBitwise {
            let x = try integer(a)
            let y = operation == .bnot ? 0 : try integer(b)
            switch operation {
            case .band: return .integer(x & y)
            case .bor: return .integer(x | y)
            case .bxor: return .integer(x ^ y)
            case .shl: return .integer(LuaArithmetic.shiftLeft(x, y))
            case .shr: return .integer(LuaArithmetic.shiftLeft(x, 0 &- y))
            default: return .integer(~x)
            }
        }
        guard let x = number(a), let y = operation == .unm ? Value.integer(0) : number(b) else { throw .notNumbers }
        if x.tag == .integer, y.tag == .integer {
            let i = x.integerValue, j = y.integerValue
            switch operation {
            case .add: return .integer(i &+ j)
            case .sub: return .integer(i &- j)
            case .mul: return .integer(i &* j)
            case .unm: return .integer(0 &- i)
            case .idiv:
                guard j != 0 else { throw .divideByZero("attempt to divide by zero") }
                return .integer(LuaArithmetic.floorDivide(i, j))
            case .mod:
                guard j != 0 else { throw .divideByZero("attempt to perform 'n%0'") }
                return .integer(LuaArithmetic.floorModulo(i, j))
            default: break
            }
        }
        let p = x.tag == .integer ? Double(x.integerValue) : x.floatValue
        let q = y.tag == .integer ? Double(y.integerValue) : y.floatValue
        switch operation {
        case .add: return .float(p + q)
        case .sub: return .float(p - q)
        case .mul: return .float(p * q)
        case .div: return .float(p / q)
        case .pow: return .float(LuaArithmetic.power(p, q))
        case .idiv: return .float(LuaArithmetic.floatFloorDivide(p, q))
        case .mod: return .float(LuaArithmetic.floatModulo(p, q))
        case .unm: return .float(-p)
        default: throw .notNumbers
        }
    }

    // MARK: Comparison

    /// `a < b` for two numbers, exact across integers and floats.
    static func lessThan(_ a: Value, _ b: Value) -> Bool {
        switch (a.tag, b.tag) {
        case (.integer, .integer): return a.integerValue < b.integerValue
        case (.float, .float): return a.floatValue < b.floatValue
        case (.integer, .float): return integerLess(a.integerValue, than: b.floatValue, orEqual: false)
        default: return floatLess(a.floatValue, than: b.integerValue, orEqual: false)
        }
    }

    /// `a <= b` for two numbers.
    static func lessOrEqual(_ a: Value, _ b: Value) -> Bool {
        switch (a.tag, b.tag) {
        case (.integer, .integer): return a.integerValue <= b.integerValue
        case (.float, .float): return a.floatValue <= b.floatValue
        case (.integer, .float): return integerLess(a.integerValue, than: b.floatValue, orEqual: true)
        default: return floatLess(a.floatValue, than: b.integerValue, orEqual: true)
        }
    }

    private static func integerLess(_ i: Int64, than f: Double, orEqual: Bool) -> Bool {
        if f.isNaN { return false }
        if f >= 9.223372036854775808e18 { return true }
        if f < -9.223372036854775808e18 { return false }
        return orEqual ? i <= Int64(f.rounded(.down)) : i < Int64(f.rounded(.up))
    }

    private static func floatLess(_ f: Double, than i: Int64, orEqual: Bool) -> Bool {
        if f.isNaN { return false }
        if f >= 9.223372036854775808e18 { return false }
        if f < -9.223372036854775808e18 { return true }
        return orEqual ? Int64(f.rounded(.up)) <= i : Int64(f.rounded(.down)) < i
    }

    /// Strings compare by bytes, as Lua does in the C locale.
    static func lessThan(_ a: [UInt8], _ b: [UInt8], orEqual: Bool) -> Bool {
        orEqual ? !b.lexicographicallyPrecedes(a) : a.lexicographicallyPrecedes(b)
    }

    // MARK: Text

    /// A number as `tostring` writes it: integers in decimal, floats with
    /// `%.14g` and a `.0` when that looks like an integer.
    static func text(_ value: Value) -> String {
        if value.tag == .integer { return String(value.integerValue) }
        let float = value.floatValue
        if float.isInfinite { return float < 0 ? "-inf" : "inf" }
        if float.isNaN { return float.sign == .minus ? "-nan" : "nan" }
        let text = cFormatted("%.14g", float)
        return text.contains(where: { $0 == "." || $0 == "e" || $0 == "n" || $0 == "i" }) ? text : text + ".0"
    }
}
