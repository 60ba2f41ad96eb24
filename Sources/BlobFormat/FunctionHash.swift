import Crypto

/// The SHA-256 name of an object in a blobrepo: a function blob, a tree, a
/// commit or a source blob. It is the git object id of the object in the
/// SHA-256 object format, that is the hash of `"<type> <size>\0<payload>"`.
///
/// The type is named for what it identifies most often; every object id in
/// the repository is a `FunctionHash`.
public struct FunctionHash: Hashable, Comparable, Sendable {
    /// The number of bytes in a hash.
    public static let byteCount = 32
    /// The fewest hex digits accepted as an abbreviation.
    public static let minimumAbbreviation = 4

    // Big-endian words, so that comparing the words compares the bytes.
    private let w0, w1, w2, w3: UInt64

    /// The hash of 32 zero bytes, which names no object: a placeholder in
    /// fixed-width records.
    public static let zero = FunctionHash(bytes: [UInt8](repeating: 0, count: byteCount))!

    /// A hash from exactly 32 bytes; `nil` for any other length.
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == Self.byteCount else { return nil }
        let load = { (buffer: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64, UInt64, UInt64) in
            let raw = UnsafeRawBufferPointer(buffer)
            func word(_ index: Int) -> UInt64 { UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)) }
            return (word(0), word(1), word(2), word(3))
        }
        let words = bytes.withContiguousStorageIfAvailable(load) ?? Array(bytes).withUnsafeBufferPointer(load)
        (w0, w1, w2, w3) = words
    }

    /// A hash from exactly 32 bytes of memory; `nil` for any other length.
    /// Not generic: the generic initializer, called from another module,
    /// runs unspecialized, through the collection's witness tables (a
    /// commit reads a thousand hashes from raw memory).
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == Self.byteCount else { return nil }
        func word(_ index: Int) -> UInt64 { UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)) }
        (w0, w1, w2, w3) = (word(0), word(1), word(2), word(3))
    }

    /// A hash from 64 hex digits (either case); `nil` for anything else.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 2 * Self.byteCount else { return nil }
        var bytes = [UInt8](repeating: 0, count: Self.byteCount)
        for index in 0..<Self.byteCount {
            guard let high = Hex.value(of: utf8[2 * index]),
                  let low = Hex.value(of: utf8[2 * index + 1]) else { return nil }
            bytes[index] = high << 4 | low
        }
        self.init(bytes: bytes)!
    }

    /// A hash's bits are already uniform, so hashing one word of them is
    /// enough for sets and dictionaries, and skipping the general-purpose
    /// hasher makes a 10,000-entry snapshot's sets cheap to build.
    public func hash(into hasher: inout Hasher) { hasher.combine(w1) }

    public func _rawHashValue(seed: Int) -> Int {
        Int(truncatingIfNeeded: (w1 ^ UInt64(truncatingIfNeeded: seed)) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// The SHA-256 of `data`.
    public static func sha256<Data: Sequence>(of data: Data) -> FunctionHash where Data.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data: Array(data))
        return FunctionHash(digest: hasher.finalize())
    }

    init(digest: SHA256.Digest) {
        self = digest.withUnsafeBytes { FunctionHash(bytes: $0)! }
    }

    /// The 32 bytes of the hash.
    public var bytes: [UInt8] {
        withUnsafeBytes(of: (w0.bigEndian, w1.bigEndian, w2.bigEndian, w3.bigEndian)) { Array($0) }
    }

    /// The full name in 64 lowercase hex digits.
    public var hex: String { Hex.encode(bytes) }

    /// The first `length` hex digits, as `git log --abbrev` prints them.
    public func abbreviated(_ length: Int = 12) -> String {
        String(hex.prefix(max(Self.minimumAbbreviation, length)))
    }

    /// Whether the hex name starts with `prefix` (lowercase hex digits).
    public func hasPrefix(_ prefix: String) -> Bool {
        hex.hasPrefix(prefix)
    }

    public static func < (lhs: FunctionHash, rhs: FunctionHash) -> Bool {
        (lhs.w0, lhs.w1, lhs.w2, lhs.w3) < (rhs.w0, rhs.w1, rhs.w2, rhs.w3)
    }
}

extension FunctionHash: CustomStringConvertible {
    public var description: String { hex }
}

extension FunctionHash: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let hash = FunctionHash(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a 64-digit hex hash: \(text)")
        }
        self = hash
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

/// Hex digits, in one place.
public enum Hex {
    static let digits = Array("0123456789abcdef".utf8)

    /// Lowercase hex of `bytes`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of one hex digit, either case.
    public static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Whether `text` is a lowercase-or-uppercase hex string of `range` length.
    public static func isHex(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { value(of: $0) != nil }
    }
}
