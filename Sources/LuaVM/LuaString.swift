/// An immutable Lua string: bytes, not characters. Its hash is computed
/// once, since strings are hashed every time they index a table.
final class LuaString: HeapObject {
    let bytes: [UInt8]
    let contentHash: Int

    init(_ bytes: [UInt8], hash: Int? = nil) {
        self.bytes = bytes
        contentHash = hash ?? Self.hash(bytes)
    }

    /// A fast hash of string contents, eight bytes at a time, seeded per
    /// process so that scripts cannot choose colliding keys ahead of time.
    static func hash(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { raw in
            var h = seed ^ UInt64(raw.count) &* 0x9E37_79B9_7F4A_7C15
            var index = 0
            while index + 8 <= raw.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                h ^= h >> 32
                index += 8
            }
            var tail: UInt64 = 0
            while index < raw.count {
                tail = tail << 8 | UInt64(raw[index])
                index += 1
            }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
            h ^= h >> 29
            return Int(truncatingIfNeeded: h)
        }
    }

    private static let seed = UInt64.random(in: .min ... .max)

    override var size: Int { 48 + bytes.count }
}
