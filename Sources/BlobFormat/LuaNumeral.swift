/// Lua's numerals, as the lexer reads literals and `tonumber` and string
/// coercion read strings: decimal and hex integers (hex wraps around,
/// decimal overflows to a float), decimal floats with exponents, hex floats
/// with binary exponents. Returns `.integer` or `.float`; `nil` for text
/// that is not a numeral (no surrounding spaces, no sign: callers strip them).
public enum LuaNumeral {
    public static func parse(_ text: String) -> Constant? {
        let lower = text.lowercased()
        if lower.hasPrefix("0x") {
            let body = lower.dropFirst(2)
            if !body.contains("."), !body.contains("p") {
                guard !body.isEmpty, body.allSatisfy(\.isHexDigit) else { return nil }
                var value: UInt64 = 0
                for digit in body.utf8 { value = value &* 16 &+ UInt64(hexValue(digit)!) }
                return .integer(Int64(bitPattern: value))
            }
            return hexFloat(body).map { .float($0) }
        }
        guard lower.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "+" || $0 == "-" }),
              lower.first != "e" else { return nil }
        if !lower.contains("."), !lower.contains("e") {
            if let value = Int64(lower) { return .integer(value) }
            return Double(lower).map { .float($0) }
        }
        guard lower.filter({ $0 == "." }).count <= 1, let value = Double(lower) else { return nil }
        return .float(value)
    }

    private static func hexFloat(_ body: Substring) -> Double? {
        var mantissa = body
        var exponent = 0
        if let p = body.firstIndex(of: "p") {
            guard let value = Int(body[body.index(after: p)...]) else { return nil }
            exponent = value
            mantissa = body[..<p]
        }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), (whole + fraction).allSatisfy(\.isHexDigit) else { return nil }
        // As Lua reads them: leading zeros count for nothing, at most 30
        // significant digits are kept and later ones only scale the value,
        // which is scaled once at the end so that no step overflows.
        let maximumDigits = 30
        var value = 0.0
        var significant = 0
        for digit in whole.utf8 {
            let digitValue = hexValue(digit)!
            if digitValue == 0, significant == 0 { continue }
            if significant < maximumDigits {
                value = value * 16 + Double(digitValue)
                significant += 1
            } else {
                exponent += 4
            }
        }
        for digit in fraction.utf8 {
            let digitValue = hexValue(digit)!
            if digitValue == 0, significant == 0 {
                exponent -= 4
                continue
            }
            if significant < maximumDigits {
                value = value * 16 + Double(digitValue)
                significant += 1
                exponent -= 4
            }
        }
        return value == 0 ? 0 : Double(sign: .plus, exponent: exponent, significand: value)
    }

    private static func hexValue(_ byte: UInt8) -> Int? { Hex.value(of: byte).map(Int.init) }
}
