import Foundation

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
            // Flags, width and precision, as C has them (at most two digits each).
            let specStart = index
            let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
            while index < template.count, "-+ #0".utf8.contains(template[index]) { index += 1 }
            var width = 0, widthDigits = 0
            while index < template.count, isDigit(template[index]) {
                width = width * 10 + Int(template[index] - UInt8(ascii: "0"))
                index += 1
                widthDigits += 1
            }
            var precision: Int?
            var precisionDigits = 0
            if index < template.count, template[index] == UInt8(ascii: ".") {
                index += 1
                precision = 0
                while index < template.count, isDigit(template[index]) {
                    precision = precision! * 10 + Int(template[index] - UInt8(ascii: "0"))
                    index += 1
                    precisionDigits += 1
                }
            }
            let written = String(decoding: template[specStart..<min(index + 1, template.count)], as: UTF8.self)
            guard widthDigits <= 2, precisionDigits <= 2 else { throw vm.error("invalid conversion specification: '%\(written)'") }
            guard index < template.count else { throw vm.error("invalid conversion '%\(written)' to 'format'") }
            let spec = String(decoding: template[specStart..<index], as: UTF8.self)
            let leftAligned = spec.prefix { "-+ #0".contains($0) }.contains("-")
            let conversion = template[index]
            index += 1
            argument += 1
            let position = argument
            if position > arguments.count {
                throw BaseLibrary.badArgument(vm, position, "string.format", "no value")
            }
            switch conversion {
            case UInt8(ascii: "d"), UInt8(ascii: "i"):
                let value = try BaseLibrary.integer(vm, arguments, position, "string.format")
                output += Array(String(format: "%" + spec + "lld", value).utf8)
            case UInt8(ascii: "u"):
                let value = try BaseLibrary.integer(vm, arguments, position, "string.format")
                output += Array(String(format: "%" + spec + "llu", UInt64(bitPattern: value)).utf8)
            case UInt8(ascii: "c"):
                let character = UInt8(truncatingIfNeeded: try BaseLibrary.integer(vm, arguments, position, "string.format"))
                let padding = [UInt8](repeating: UInt8(ascii: " "), count: max(0, width - 1))
                output += leftAligned ? [character] + padding : padding + [character]
            case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"):
                let value = try BaseLibrary.integer(vm, arguments, position, "string.format")
                output += Array(String(format: "%" + spec + "ll" + String(UnicodeScalar(conversion)), value).utf8)
            case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "g"), UInt8(ascii: "G"),
                 UInt8(ascii: "a"), UInt8(ascii: "A"):
                let number = try BaseLibrary.number(vm, arguments, position, "string.format")
                let value = number.asDouble!
                output += Array(String(format: "%" + spec + String(UnicodeScalar(conversion)), value).utf8)
            case UInt8(ascii: "s"):
                if position > arguments.count { throw BaseLibrary.badArgument(vm, position, "string.format", "no value") }
                var text = try vm.text(of: BaseLibrary.argument(arguments, position - 1))
                if let precision { text = Array(text.prefix(precision)) }
                output += padded(text, width: width, leftAligned: leftAligned)
            case UInt8(ascii: "p"):
                // The object's address, as C prints a pointer; values that
                // are not objects have none: "(null)".
                guard precision == nil, spec.allSatisfy({ $0 == "-" || $0.isNumber }) else {
                    throw vm.error("invalid conversion specification: '%\(spec)p'")
                }
                let address = BaseLibrary.argument(arguments, position - 1).object.map { UInt(bitPattern: Unmanaged.passUnretained($0).toOpaque()) }
                let text = Array((address.map { "0x" + String($0, radix: 16) } ?? "(null)").utf8)
                output += padded(text, width: width, leftAligned: leftAligned)
            case UInt8(ascii: "q"):
                guard spec.isEmpty else { throw vm.error("specifier '%q' cannot have modifiers") }
                output += try quoted(vm, arguments, position)
            default:
                throw vm.error("invalid conversion '%\(spec)\(String(UnicodeScalar(conversion)))' to 'format'")
            }
        }
        return output
    }

    /// `text` filled with spaces to `width`, on the left or (`leftAligned`) the right.
    private static func padded(_ text: [UInt8], width: Int, leftAligned: Bool) -> [UInt8] {
        guard text.count < width else { return text }
        let padding = [UInt8](repeating: UInt8(ascii: " "), count: width - text.count)
        return leftAligned ? text + padding : padding + text
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
                    let digits = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) ? String(format: "%03d", byte) : String(byte)
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
            return Array(String(format: "%a", float).utf8)
        case .nil, .true, .false:
            return try vm.text(of: value)
        default:
            throw BaseLibrary.badArgument(vm, position, "string.format", "value has no literal form")
        }
    }
}
