import BlobFormat
import FoundationEssentials

/// `string.format`: C's conversions with Lua's rules for arguments.
enum StringFormat {
    static func format(_ vm: VM, _ arguments: [Value]) throws -> [UInt8] {
        let template = try BaseLibrary.bytes(vm, arguments, 1, "string.format")
        var output: [UInt8] = []
        var index = 0
        var argument = 1
        while index < template.count {
            let byte = template[index]
            index += 1
            guard byte == UInt8(ascii: "%") else {
                output.append(byte)
                continue
            }
            guard index < template.count else { throw vm.error("invalid conversion '%' to 'format'") }
            if template[index] == UInt8(ascii: "%") {
                output.append(byte)
                index += 1
                continue
            }
            // Flags, width and precision: spanned first, then checked by the
            // rules of the conversion that follows (Lua's checkformat).
            let specStart = index
            while index < template.count, "-+ #0123456789.".utf8.contains(template[index]) { index += 1 }
            guard index - specStart + 1 < maximumSpecification else { throw vm.error("invalid format (too long)") }
            let spec = String(decoding: template[specStart..<index], as: UTF8.self)
            guard index < template.count else { throw vm.error("invalid conversion '%\(spec)' to 'format'") }
            let conversion = template[index]
            let letter = String(UnicodeScalar(conversion))
            index += 1
            argument += 1
            let position = argument
            if position > arguments.count {
                throw BaseLibrary.badArgument(vm, position, "string.format", "no value")
            }
            func checked(flags: String, precision allowsPrecision: Bool) throws -> Specification {
                guard let parsed = Specification(spec, flags: flags, precision: allowsPrecision) else {
                    throw vm.error("invalid conversion specification: '%\(spec)\(letter)'")
                }
                return parsed
            }
            switch conversion {
            case UInt8(ascii: "d"), UInt8(ascii: "i"):
                let value = try BaseLibrary.integer(vm, arguments, position, "string.format")
                _ = try checked(flags: "-+ 0", precision: true)
                output += Array(cFormatted("%" + spec + "lld", value).utf8)
            case UInt8(ascii: "u"):
                let value = try BaseLibrary.integer(vm, arguments, position, "string.format")
                _ = try checked(flags: "-0", precision: true)
                output += Array(cFormatted("%" + spec + "llu", UInt64(bitPattern: value)).utf8)
            case UInt8(ascii: "c"):
                let parsed = try checked(flags: "-", precision: false)
                let character = UInt8(truncatingIfNeeded: try BaseLibrary.integer(vm, arguments, position, "string.format"))
                output += padded([character], parsed)
            case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"):
                let value = try BaseLibrary.integer(vm, arguments, position, "string.format")
                _ = try checked(flags: "-#0", precision: true)
                output += Array(cFormatted("%" + spec + "ll" + letter, value).utf8)
            case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "f"), UInt8(ascii: "g"), UInt8(ascii: "G"),
                 UInt8(ascii: "a"), UInt8(ascii: "A"):
                let number = try BaseLibrary.number(vm, arguments, position, "string.format")
                _ = try checked(flags: "-+ #0", precision: true)
                output += Array(cFormatted("%" + spec + letter, number.asDouble!).utf8)
            case UInt8(ascii: "s"):
                var text = try vm.text(of: BaseLibrary.argument(arguments, position - 1))
                guard !spec.isEmpty else {
                    output += text
                    continue
                }
                guard !text.contains(0) else { throw BaseLibrary.badArgument(vm, position, "string.format", "string contains zeros") }
                let parsed = try checked(flags: "-", precision: true)
                // Without a precision, a long string is kept whole, as in Lua.
                if parsed.precision == nil, text.count >= 100 {
                    output += text
                    continue
                }
                if let precision = parsed.precision { text = Array(text.prefix(precision)) }
                output += padded(text, parsed)
            case UInt8(ascii: "p"):
                // The object's address, as C prints a pointer; values that
                // are not objects have none: "(null)".
                let parsed = try checked(flags: "-", precision: false)
                let address = BaseLibrary.argument(arguments, position - 1).object.map { UInt(bitPattern: Unmanaged.passUnretained($0).toOpaque()) }
                output += padded(Array((address.map { "0x" + String($0, radix: 16) } ?? "(null)").utf8), parsed)
            case UInt8(ascii: "q"):
                guard spec.isEmpty else { throw vm.error("specifier '%q' cannot have modifiers") }
                output += try quoted(vm, arguments, position)
            default:
                throw vm.error("invalid conversion '%\(spec)\(letter)' to 'format'")
            }
        }
        return output
    }

    /// The longest a specification may be, the conversion included (Lua's).
    private static let maximumSpecification = 22

    /// Flags, width and precision of one conversion, checked as Lua checks
    /// them: only the conversion's flags, a width of at most two digits that
    /// does not start with 0, and (where it may have one) a precision of at
    /// most two digits.
    struct Specification {
        var leftAligned = false
        var width = 0
        var precision: Int?

        init?(_ spec: String, flags: String, precision allowsPrecision: Bool) {
            var bytes = Array(spec.utf8)[...]
            while let first = bytes.first, flags.utf8.contains(first) {
                if first == UInt8(ascii: "-") { leftAligned = true }
                bytes = bytes.dropFirst()
            }
            func twoDigits() -> Int {
                var value = 0
                for _ in 0..<2 {
                    guard let digit = bytes.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { break }
                    value = value * 10 + Int(digit - UInt8(ascii: "0"))
                    bytes = bytes.dropFirst()
                }
                return value
            }
            if bytes.first != UInt8(ascii: "0") {
                width = twoDigits()
                if allowsPrecision, bytes.first == UInt8(ascii: ".") {
                    bytes = bytes.dropFirst()
                    precision = twoDigits()
                }
            }
            guard bytes.isEmpty else { return nil }
        }
    }

    /// `text` filled with spaces to the width, on the left or (left-aligned) the right.
    private static func padded(_ text: [UInt8], _ specification: Specification) -> [UInt8] {
        guard text.count < specification.width else { return text }
        let padding = [UInt8](repeating: UInt8(ascii: " "), count: specification.width - text.count)
        return specification.leftAligned ? text + padding : padding + text
    }

    /// `%q`: a value written back as Lua source.
    private static func quoted(_ vm: VM, _ arguments: [Value], _ position: Int) throws -> [UInt8] {
        let value = BaseLibrary.argument(arguments, position - 1)
        switch value.tag {
        case .string:
            var out: [UInt8] = [UInt8(ascii: "\"")]
            let bytes = value.asString!.bytes
            for (offset, byte) in bytes.enumerated() {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
                case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\n")]
                case 0: out += Array((offset + 1 < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset + 1]) ? "\\000" : "\\0").utf8)
                case 1..<32, 127:
                    let next = offset + 1 < bytes.count ? bytes[offset + 1] : 0
                    let digits = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) ? cFormatted("%03d", byte) : String(byte)
                    out += Array(("\\" + digits).utf8)
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
            return out
        case .integer:
            let integer = value.integerValue
            return Array((integer == Int64.min ? "0x8000000000000000" : String(integer)).utf8)
        case .float:
            let float = value.floatValue
            if float.isInfinite { return Array((float > 0 ? "1e9999" : "-1e9999").utf8) }
            if float.isNaN { return Array("(0/0)".utf8) }
            return Array(cFormatted("%a", float).utf8)
        case .nil, .true, .false:
            return try vm.text(of: value)
        default:
            throw BaseLibrary.badArgument(vm, position, "string.format", "value has no literal form")
        }
    }
}
