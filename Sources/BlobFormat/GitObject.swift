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

    /// The object's id, and the hasher's state after each whole
    /// `interval` bytes of the framed object: hashing another object whose
    /// framed bytes begin the same way can start from there
    /// (``hash(resumingFrom:sharedPrefix:)``).
    public func hashKeepingCheckpoints(interval: Int = HashCheckpoints.defaultInterval) -> (hash: FunctionHash, checkpoints: HashCheckpoints) {
        var hasher = SHA256()
        var states: [SHA256] = []
        let head = header
        states.reserveCapacity((head.count + payload.count) / interval + 1)
        var framed = 0
        func feed(_ bytes: UnsafeRawBufferPointer) {
            var at = 0
            while at < bytes.count {
                let take = min(bytes.count - at, interval - framed % interval)
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[at..<(at + take)]))
                at += take
                framed += take
                if framed % interval == 0 { states.append(hasher) }
            }
        }
        head.withUnsafeBytes(feed)
        payload.withUnsafeBytes(feed)
        return (FunctionHash(digest: hasher.finalize()), HashCheckpoints(interval: interval, states: states))
    }

    /// The object's id, hashed from the last of `checkpoints` (taken over
    /// another object) that falls within the first `sharedPrefix` bytes
    /// the two objects' framed bytes have in common. With `replacing`, the
    /// id of this object with each of those hashes written over its
    /// payload at its offset instead (ascending offsets, none before
    /// `sharedPrefix`): another object's, told from this one without
    /// copying it.
    public func hash(resumingFrom checkpoints: HashCheckpoints, sharedPrefix: Int,
                     replacing: [(offset: Int, hash: FunctionHash)] = []) -> FunctionHash {
        let usable = min(sharedPrefix / checkpoints.interval, checkpoints.states.count)
        guard usable > 0 || !replacing.isEmpty else { return hash }
        var hasher = usable > 0 ? checkpoints.states[usable - 1] : SHA256()
        let start = usable * checkpoints.interval
        let head = header
        if start < head.count {
            head.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[start...])) }
        }
        payload.withUnsafeBytes { bytes in
            var at = max(0, start - head.count)
            for replaced in replacing {
                precondition(replaced.offset >= at && replaced.offset + FunctionHash.byteCount <= bytes.count,
                             "GitObject.hash: a replaced hash out of order or out of the payload")
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[at..<replaced.offset]))
                replaced.hash.bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
                at = replaced.offset + FunctionHash.byteCount
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: bytes[at...]))
        }
        return FunctionHash(digest: hasher.finalize())
    }

    /// Parses an object's header from the start of `bytes`: its kind, its
    /// declared payload size and the header's length. Rejects what git rejects:
    /// an unknown kind, a size with a leading zero or sign, a missing NUL.
    public static func parseHeader(_ bytes: [UInt8]) throws(FormatError) -> (kind: ObjectKind, size: Int, headerLength: Int) {
        // Read byte by byte: every object read starts here, and the generic
        // slicing and string parsing it replaces cost a read of a small
        // object more than its inflating.
        let limit = min(bytes.count, 64)
        guard let space = bytes[..<limit].firstIndex(of: UInt8(ascii: " ")),
              let nul = bytes[..<limit].firstIndex(of: 0), space < nul else {
            throw .malformed("object header", "no '<type> <size>\\0' header")
        }
        guard let kind = ObjectKind.allCases.first(where: { $0.rawValue.utf8.elementsEqual(bytes[..<space]) }) else {
            throw .malformed("object header", "unknown object type '\(String(decoding: bytes[..<space], as: UTF8.self))'")
        }
        let digits = bytes[(space + 1)..<nul]
        // At most 18 digits: the size cannot overflow.
        guard !digits.isEmpty, digits.count <= 18, digits.count == 1 || digits.first != UInt8(ascii: "0"),
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw .malformed("object header", "bad size '\(String(decoding: digits, as: UTF8.self))'")
        }
        let size = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return (kind, size, nul + 1)
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

/// The states of a SHA-256 hasher at regular offsets of one object's framed
/// bytes (see ``GitObject/hashKeepingCheckpoints(interval:)``).
public struct HashCheckpoints {
    /// 32 kB: a 520 kB tree keeps 16 states.
    public static let defaultInterval = 32 << 10
    let interval: Int
    let states: [SHA256]
}
