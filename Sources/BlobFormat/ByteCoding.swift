/// Appends the primitives of the canonical binary encodings: unsigned
/// LEB128 varints, zigzag signed varints, length-prefixed byte strings and
/// big-endian fixed-width words.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func count(_ value: Int) { varint(UInt64(value)) }

    mutating func signed(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func fixed16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func fixed32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }

    mutating func fixed64(_ value: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    mutating func data(_ value: [UInt8]) {
        count(value.count)
        bytes.append(contentsOf: value)
    }

    mutating func string(_ value: String) { data(Array(value.utf8)) }

    mutating func hash(_ value: FunctionHash) { bytes.append(contentsOf: value.bytes) }
}

/// Reads what `ByteWriter` writes, and rejects every non-canonical form:
/// over-long varints, booleans other than 0 and 1, lengths past the end.
struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0
    private let what: String

    init(_ bytes: [UInt8], what: String) {
        self.bytes = bytes
        self.what = what
    }

    var isAtEnd: Bool { offset == bytes.count }

    func fail(_ reason: String) -> FormatError {
        .malformed(what, "\(reason) at byte \(offset)")
    }

    mutating func raw(_ length: Int) throws(FormatError) -> ArraySlice<UInt8> {
        guard length >= 0, bytes.count - offset >= length else { throw fail("unexpected end") }
        defer { offset += length }
        return bytes[offset..<offset + length]
    }

    mutating func byte() throws(FormatError) -> UInt8 { try raw(1).first! }

    mutating func bool() throws(FormatError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw fail("boolean other than 0 or 1")
        }
    }

    mutating func varint() throws(FormatError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            if shift == 63, next > 1 { throw fail("varint overflows 64 bits") }
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 {
                if next == 0, shift > 0 { throw fail("over-long varint") }
                return value
            }
            shift += 7
        }
    }

    /// A count of items that each take at least `minimumItemSize` bytes, so
    /// that a corrupt count cannot make a decoder reserve a huge array.
    mutating func count(minimumItemSize: Int = 1) throws(FormatError) -> Int {
        let value = try varint()
        let remaining = UInt64(bytes.count - offset)
        guard value <= remaining / UInt64(max(1, minimumItemSize)) else { throw fail("count \(value) exceeds the data") }
        return Int(value)
    }

    mutating func signed() throws(FormatError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func fixed16() throws(FormatError) -> UInt16 {
        try raw(2).reduce(0) { $0 << 8 | UInt16($1) }
    }

    mutating func fixed32() throws(FormatError) -> UInt32 {
        try raw(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func fixed64() throws(FormatError) -> UInt64 {
        try raw(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func data() throws(FormatError) -> [UInt8] {
        Array(try raw(try count()))
    }

    mutating func string() throws(FormatError) -> String {
        let data = try data()
        guard let text = String(validating: data, as: UTF8.self) else { throw fail("string is not UTF-8") }
        return text
    }

    mutating func hash() throws(FormatError) -> FunctionHash {
        FunctionHash(bytes: try raw(FunctionHash.byteCount))!
    }

    func expectEnd() throws(FormatError) {
        guard isAtEnd else { throw fail("\(bytes.count - offset) trailing bytes") }
    }
}
