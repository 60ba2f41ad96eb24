import Crypto

/// The four kinds of git object.
public enum ObjectKind: String, Sendable, CaseIterable {
    case blob, tree, commit, tag
}

/// One git object: its kind and its payload. Its id is the SHA-256 of the
/// framed bytes `"<kind> <payload size>\0<payload>"`.
public struct GitObject: Hashable, Sendable {
    public var kind: ObjectKind
    public var payload: [UInt8]

    public init(kind: ObjectKind, payload: [UInt8]) {
        self.kind = kind
        self.payload = payload
    }

    /// The object's header, `"<kind> <size>\0"`.
    public var header: [UInt8] { Self.header(kind: kind, size: payload.count) }

    /// The header git puts before a payload of `size` bytes.
    public static func header(kind: ObjectKind, size: Int) -> [UInt8] {
        Array("\(kind.rawValue) \(size)".utf8) + [0]
    }

    /// The bytes that are hashed and compressed: header then payload.
    public var framed: [UInt8] { header + payload }

    /// The object's id.
    public var hash: FunctionHash {
        var hasher = SHA256()
        hasher.update(data: header)
        hasher.update(data: payload)
        return FunctionHash(digest: hasher.finalize())
    }

    /// Parses an object's header from the start of `bytes`: its kind, its
    /// declared payload size and the header's length. Rejects what git rejects:
    /// an unknown kind, a size with a leading zero or sign, a missing NUL.
    public static func parseHeader(_ bytes: some Collection<UInt8>) throws(FormatError) -> (kind: ObjectKind, size: Int, headerLength: Int) {
        let limit = bytes.prefix(64)
        guard let space = limit.firstIndex(of: UInt8(ascii: " ")),
              let nul = limit.firstIndex(of: 0), space < nul else {
            throw .malformed("object header", "no '<type> <size>\\0' header")
        }
        let kindText = String(decoding: limit[limit.startIndex..<space], as: UTF8.self)
        guard let kind = ObjectKind(rawValue: kindText) else {
            throw .malformed("object header", "unknown object type '\(kindText)'")
        }
        let sizeBytes = Array(limit[limit.index(after: space)..<nul])
        guard !sizeBytes.isEmpty, sizeBytes.count <= 18,
              sizeBytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              sizeBytes.count == 1 || sizeBytes[0] != UInt8(ascii: "0"),
              let size = Int(String(decoding: sizeBytes, as: UTF8.self)) else {
            throw .malformed("object header", "bad size '\(String(decoding: sizeBytes, as: UTF8.self))'")
        }
        return (kind, size, limit.distance(from: limit.startIndex, to: nul) + 1)
    }

    /// Parses framed bytes (header and payload) back into an object.
    public init(framed bytes: [UInt8]) throws(FormatError) {
        let (kind, size, headerLength) = try Self.parseHeader(bytes)
        guard bytes.count - headerLength == size else {
            throw .malformed("object", "header declares \(size) bytes, payload has \(bytes.count - headerLength)")
        }
        self.init(kind: kind, payload: Array(bytes[headerLength...]))
    }
}
