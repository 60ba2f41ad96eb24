/// An immutable Lua string: bytes, not characters. Its hash is computed
/// once, since strings are hashed every time they index a table.
final class LuaString: HeapObject {
    let bytes: [UInt8]
    let contentHash: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var hasher = Hasher()
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        contentHash = hasher.finalize()
    }

    override var size: Int { 48 + bytes.count }
}
