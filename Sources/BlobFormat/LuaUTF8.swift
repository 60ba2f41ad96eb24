/// Lua's extended UTF-8, shared by the lexer (`\u{XXX}` escapes) and the
/// VM (`utf8.char`): up to six bytes, for values up to 2^31.
public enum LuaUTF8 {
    public static func encode(_ value: UInt32) -> [UInt8] {
        if value < 0x80 { return [UInt8(value)] }
        var bytes: [UInt8] = []
        var rest = value
        var limit: UInt32 = 0x3F
        repeat {
            bytes.insert(UInt8(0x80 | (rest & 0x3F)), at: 0)
            rest >>= 6
            limit >>= 1
        } while rest > limit
        bytes.insert(UInt8((~limit << 1) & 0xFF) | UInt8(rest), at: 0)
        return bytes
    }
}
