import BlobFormat

/// `string.pack`, `string.unpack` and `string.packsize`, with Lua 5.4's
/// format language: `< > = ![n]` for byte order and alignment, `b B h H i[n]
/// I[n] l L j J T` integers, `f d n` floats, `s[n] z` strings, `x X` padding.
enum StringPacking {
    enum Item {
        case integer(size: Int, signed: Bool)
        case float, double
        case prefixedString(size: Int)
        case zeroTerminated
        case fixedString(size: Int)
        case padding
        case align(size: Int)
    }

    /// Reads a format one option at a time, tracking byte order and alignment.
    struct Reader {
        let format: [UInt8]
        var index = 0
        var littleEndian = true
        var maximumAlignment = 1
        let function: String

        init(_ format: [UInt8], function: String) {
            self.format = format
            self.function = function
        }

        private mutating func number(default fallback: Int) -> Int {
            guard index < format.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(format[index]) else { return fallback }
            var value = 0
            while index < format.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(format[index]), value < 100_000 {
                value = value * 10 + Int(format[index] - UInt8(ascii: "0"))
                index += 1
            }
            return value
        }

        private mutating func integerSize(default fallback: Int, _ vm: VM) throws -> Int {
            let size = number(default: fallback)
            guard (1...16).contains(size) else {
                throw vm.error("integral size (\(size)) out of limits [1,16]")
            }
            return size
        }

        /// The next item and its size; nil at the end.
        mutating func next(_ vm: VM) throws -> (item: Item, size: Int, alignment: Int)? {
            while index < format.count {
                let option = format[index]
                index += 1
                let item: Item
                switch option {
                case UInt8(ascii: "b"): item = .integer(size: 1, signed: true)
                case UInt8(ascii: "B"): item = .integer(size: 1, signed: false)
                case UInt8(ascii: "h"): item = .integer(size: 2, signed: true)
                case UInt8(ascii: "H"): item = .integer(size: 2, signed: false)
                case UInt8(ascii: "l"), UInt8(ascii: "j"): item = .integer(size: 8, signed: true)
                case UInt8(ascii: "L"), UInt8(ascii: "J"), UInt8(ascii: "T"): item = .integer(size: 8, signed: false)
                case UInt8(ascii: "i"): item = .integer(size: try integerSize(default: 4, vm), signed: true)
                case UInt8(ascii: "I"): item = .integer(size: try integerSize(default: 4, vm), signed: false)
                case UInt8(ascii: "f"): item = .float
                case UInt8(ascii: "d"), UInt8(ascii: "n"): item = .double
                case UInt8(ascii: "s"): item = .prefixedString(size: try integerSize(default: 8, vm))
                case UInt8(ascii: "z"): item = .zeroTerminated
                case UInt8(ascii: "x"): item = .padding
                case UInt8(ascii: "c"):
                    let start = index
                    let size = number(default: -1)
                    guard size >= 0, index > start else { throw vm.error("missing size for format option 'c'") }
                    item = .fixedString(size: size)
                case UInt8(ascii: "X"):
                    // Aligns to the next option's size; that option is not
                    // packed. (Reading it may not reach the end or a 'c'.)
                    guard let following = try next(vm), following.size > 0 else {
                        throw BaseLibrary.badArgument(vm, 1, function, "invalid next option for option 'X'")
                    }
                    if case .fixedString = following.item {
                        throw BaseLibrary.badArgument(vm, 1, function, "invalid next option for option 'X'")
                    }
                    let alignment = min(following.size, maximumAlignment)
                    if alignment > 1, alignment & (alignment - 1) != 0 {
                        throw BaseLibrary.badArgument(vm, 1, function, "format asks for alignment not power of 2")
                    }
                    return (.align(size: following.size), 0, alignment)
                case UInt8(ascii: " "): continue
                case UInt8(ascii: "<"): littleEndian = true; continue
                case UInt8(ascii: ">"): littleEndian = false; continue
                case UInt8(ascii: "="): littleEndian = true; continue
                case UInt8(ascii: "!"): maximumAlignment = number(default: 8); continue
                default: throw vm.error("invalid format option '\(Character(Unicode.Scalar(option)))'")
                }
                let size: Int = switch item {
                case let .integer(size, _): size
                case .float: 4
                case .double: 8
                case let .prefixedString(size): size
                case let .fixedString(size): size
                case .padding: 1
                case .zeroTerminated, .align: 0
                }
                var alignment = 1
                switch item {
                case .integer, .float, .double, .prefixedString:
                    alignment = min(size, maximumAlignment)
                default: break
                }
                if alignment > 1, alignment & (alignment - 1) != 0 {
                    throw BaseLibrary.badArgument(vm, 1, function, "format asks for alignment not power of 2")
                }
                return (item, size, alignment)
            }
            return nil
        }
    }

    static func install(_ vm: VM, _ library: LuaTable) {
        vm.define("pack", in: library) { [unowned vm] arguments in
            let format = try BaseLibrary.bytes(vm, arguments, 1, "string.pack")
            var reader = Reader(format, function: "string.pack")
            var out: [UInt8] = []
            var argument = 1
            while let (item, size, alignment) = try reader.next(vm) {
                if alignment > 1 { while out.count % alignment != 0 { out.append(0) } }
                switch item {
                case let .integer(size, signed):
                    argument += 1
                    let value = try BaseLibrary.integer(vm, arguments, argument, "string.pack")
                    if size < 8 {
                        let limit = Int64(1) << (size * 8 - 1)
                        let fits = signed ? (-limit <= value && value < limit) : (UInt64(bitPattern: value) < UInt64(1) << (size * 8))
                        guard fits else {
                            throw BaseLibrary.badArgument(vm, argument, "string.pack", signed ? "integer overflow" : "unsigned overflow")
                        }
                    }
                    out += bytes(of: UInt64(bitPattern: value), size: size, signExtend: value < 0, little: reader.littleEndian)
                case .float, .double:
                    argument += 1
                    let number = try BaseLibrary.number(vm, arguments, argument, "string.pack")
                    let real = number.tag == .integer ? Double(number.integerValue) : number.floatValue
                    let bits = size == 4 ? UInt64(Float(real).bitPattern) : real.bitPattern
                    out += bytes(of: bits, size: size, signExtend: false, little: reader.littleEndian)
                case let .prefixedString(size):
                    argument += 1
                    let text = try BaseLibrary.bytes(vm, arguments, argument, "string.pack")
                    guard size >= 8 || text.count < 1 << (size * 8) else {
                        throw BaseLibrary.badArgument(vm, argument, "string.pack", "string length does not fit in given size")
                    }
                    out += bytes(of: UInt64(text.count), size: size, signExtend: false, little: reader.littleEndian) + text
                case .zeroTerminated:
                    argument += 1
                    let text = try BaseLibrary.bytes(vm, arguments, argument, "string.pack")
                    guard !text.contains(0) else { throw BaseLibrary.badArgument(vm, argument, "string.pack", "string contains zeros") }
                    out += text + [0]
                case let .fixedString(size):
                    argument += 1
                    let text = try BaseLibrary.bytes(vm, arguments, argument, "string.pack")
                    guard text.count <= size else {
                        throw BaseLibrary.badArgument(vm, argument, "string.pack", "string longer than given size")
                    }
                    out += text + [UInt8](repeating: 0, count: size - text.count)
                case .padding: out.append(0)
                case .align: break
                }
            }
            return [vm.string(out)]
        }
        vm.define("packsize", in: library) { [unowned vm] arguments in
            let format = try BaseLibrary.bytes(vm, arguments, 1, "string.packsize")
            var reader = Reader(format, function: "string.packsize")
            var total = 0
            while let (item, size, alignment) = try reader.next(vm) {
                switch item {
                case .prefixedString, .zeroTerminated:
                    throw BaseLibrary.badArgument(vm, 1, "string.packsize", "variable-length format")
                default: break
                }
                if alignment > 1 { while total % alignment != 0 { total += 1 } }
                total += size
            }
            return [.integer(Int64(total))]
        }
        vm.define("unpack", in: library) { [unowned vm] arguments in
            let format = try BaseLibrary.bytes(vm, arguments, 1, "string.unpack")
            let data = try BaseLibrary.bytes(vm, arguments, 2, "string.unpack")
            var position = Int(try BaseLibrary.integer(vm, arguments, 3, "string.unpack", default: 1))
            if position < 0 { position = max(data.count + position + 1, 1) }
            guard position >= 1, position - 1 <= data.count else {
                throw BaseLibrary.badArgument(vm, 3, "string.unpack", "initial position out of string")
            }
            var offset = position - 1
            var reader = Reader(format, function: "string.unpack")
            var results: [Value] = []
            func take(_ count: Int) throws -> ArraySlice<UInt8> {
                guard count <= data.count - offset else { throw BaseLibrary.badArgument(vm, 2, "string.unpack", "data string too short") }
                defer { offset += count }
                return data[offset..<(offset + count)]
            }
            while let (item, _, alignment) = try reader.next(vm) {
                if alignment > 1 { while offset % alignment != 0 { offset += 1 } }
                switch item {
                case let .integer(size, signed):
                    let raw = try take(size)
                    results.append(.integer(try integer(raw, signed: signed, little: reader.littleEndian, vm)))
                case .float:
                    let bits = UInt32(truncatingIfNeeded: unsigned(try take(4), little: reader.littleEndian))
                    results.append(.float(Double(Float(bitPattern: bits))))
                case .double:
                    results.append(.float(Double(bitPattern: unsigned(try take(8), little: reader.littleEndian))))
                case let .prefixedString(size):
                    let length = try integer(try take(size), signed: false, little: reader.littleEndian, vm)
                    guard length >= 0, length <= Int64(data.count - offset) else {
                        throw BaseLibrary.badArgument(vm, 2, "string.unpack", "data string too short")
                    }
                    results.append(vm.string(Array(try take(Int(length)))))
                case .zeroTerminated:
                    guard let end = data[offset...].firstIndex(of: 0) else {
                        throw BaseLibrary.badArgument(vm, 2, "string.unpack", "unfinished string for format 'z'")
                    }
                    results.append(vm.string(Array(data[offset..<end])))
                    offset = end + 1
                case let .fixedString(size):
                    results.append(vm.string(Array(try take(size))))
                case .padding: _ = try take(1)
                case .align: break
                }
            }
            return results + [.integer(Int64(offset + 1))]
        }
    }

    /// `value`'s `size` bytes in the given order; past 8 bytes, the sign
    /// (or zero) fills.
    static func bytes(of value: UInt64, size: Int, signExtend: Bool, little: Bool) -> [UInt8] {
        var out = (0..<size).map { index -> UInt8 in
            index < 8 ? UInt8(truncatingIfNeeded: value >> (8 * index)) : (signExtend ? 0xFF : 0)
        }
        if !little { out.reverse() }
        return out
    }

    static func unsigned(_ raw: ArraySlice<UInt8>, little: Bool) -> UInt64 {
        let ordered = little ? Array(raw) : raw.reversed()
        var value: UInt64 = 0
        for (index, byte) in ordered.prefix(8).enumerated() { value |= UInt64(byte) << (8 * index) }
        return value
    }

    /// An integer of `raw.count` bytes; wider than 8, the extra bytes must be
    /// the sign (or zero) extension, as Lua checks.
    static func integer(_ raw: ArraySlice<UInt8>, signed: Bool, little: Bool, _ vm: VM) throws -> Int64 {
        let ordered = little ? Array(raw) : raw.reversed()
        var value = unsigned(ArraySlice(ordered), little: true)
        let size = ordered.count
        if size < 8, signed {
            let shift = UInt64(64 - size * 8)
            value = UInt64(bitPattern: Int64(bitPattern: value << shift) >> Int64(shift))
        } else if size > 8 {
            let fill: UInt8 = signed && Int64(bitPattern: value) < 0 ? 0xFF : 0
            guard ordered[8...].allSatisfy({ $0 == fill }) else {
                throw vm.error("\(size)-byte integer does not fit into Lua Integer")
            }
        }
        return Int64(bitPattern: value)
    }
}
