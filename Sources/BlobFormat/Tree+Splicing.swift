#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tree's payload after ``Tree/splicing(_:_:)`` changed some of its entries.
public struct SplicedTree {
    /// The new payload.
    public var payload: [UInt8]
    /// What each changed name held before, `nil` when it was absent.
    public var previous: [FunctionHash?]
    /// How many leading bytes the new payload and the old have in common (at
    /// least), so that hashing one can start from the other's checkpoints.
    public var unchangedPrefix: Int
    /// How to tell the old payload, whose hash is checked afterwards.
    public var original: Original

    public enum Original {
        /// Only hashes changed, written over the old ones: the old payload
        /// is the new one with these hashes back at these offsets.
        case overwritten([(offset: Int, hash: FunctionHash)])
        /// Entries came or went: the new payload was built beside the old,
        /// which is this.
        case kept([UInt8])
    }

    /// The id of the tree with the old payload, hashed from `checkpoints`
    /// (taken while hashing `object`, the tree with the new payload) where
    /// the two share their bytes.
    public func originalHash(_ object: GitObject, resumingFrom checkpoints: HashCheckpoints) -> FunctionHash {
        switch original {
        case let .overwritten(hashes):
            return object.hash(resumingFrom: checkpoints, sharedPrefix: object.header.count + unchangedPrefix, replacing: hashes)
        case let .kept(payload):
            let old = GitObject(kind: object.kind, payload: payload)
            let sameSize = payload.count == object.payload.count
            return old.hash(resumingFrom: checkpoints, sharedPrefix: sameSize ? old.header.count + unchangedPrefix : 0)
        }
    }
}

/// Changing a few entries of a stored tree without decoding the rest: a
/// commit that edits one function of 10,000 patches the `functions/` tree's
/// bytes (half a megabyte) in one pass instead of building every entry.
extension Tree {
    /// The payload of a tree of files after setting each named entry to its
    /// hash (a file entry, added when absent) or removing it (`nil`), with
    /// what each name held before (`nil` when absent). `changes` must be
    /// sorted by name bytes without repeats. Throws for a malformed payload,
    /// one with a subtree (git orders those differently), or an invalid name.
    ///
    /// When every change gives an existing entry a new hash (an edit, the
    /// usual commit), the new hashes are written over the old ones in
    /// `payload` itself (no copy when the caller gave up its own), nothing
    /// else rebuilt, and the result says where (``SplicedTree/Original``).
    public static func splicing(_ payload: consuming [UInt8], _ changes: [(name: String, hash: FunctionHash?)])
        throws(FormatError) -> SplicedTree {
        for change in changes { try TreeEntry.validate(name: change.name) }
        let names = changes.map { Array($0.name.utf8) }
        for (left, right) in zip(names, names.dropFirst()) where !left.lexicographicallyPrecedes(right) {
            throw .malformed("tree", "changes to '\(String(decoding: right, as: UTF8.self))' are out of order or repeated")
        }
        var previous = [FunctionHash?](repeating: nil, count: changes.count)
        // Where each change goes: the bytes of the entry it replaces, or an
        // empty range at the entry it goes in before.
        var places = [Range<Int>](repeating: payload.count..<payload.count, count: changes.count)
        let filePrefix = TreeEntry.Mode.file.prefix
        // "100644 " as the low seven bytes of a little-endian word: the mode
        // of each entry is checked with one load rather than a call.
        let prefixWord = filePrefix.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let prefixMask: UInt64 = (1 << 56) - 1
        var next = 0
        // The changes' names one after another, each ended by a NUL, for
        // their keys to point into.
        let joinedNames: [UInt8] = names.flatMap { $0 + [UInt8(0)] }
        let failure: FormatError? = joinedNames.withUnsafeBufferPointer { joined in
            var changeKeys: [NameKey] = []
            changeKeys.reserveCapacity(names.count)
            var offset = 0
            for name in names {
                changeKeys.append(NameKey(joined.baseAddress! + offset, available: joined.count - offset)!)
                offset += name.count + 1
            }
            return payload.withUnsafeBufferPointer { buffer -> FormatError? in
                guard let base = buffer.baseAddress else { return nil }
                var at = 0
                var previousKey: NameKey?
                while at < buffer.count {
                    // "<mode> <name>\0<32 bytes>"; only files are expected.
                    guard buffer.count - at > 8,
                          UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)) & prefixMask == prefixWord
                    else {
                        return .malformed("tree", "entry at byte \(at) is not a file entry")
                    }
                    let nameStart = at + filePrefix.count
                    guard let key = NameKey(base + nameStart, available: buffer.count - nameStart) else {
                        return .malformed("tree", "entry name not terminated")
                    }
                    let end = nameStart + key.count + 1 + FunctionHash.byteCount
                    guard end <= buffer.count else { return .malformed("tree", "truncated hash at byte \(at)") }
                    if let last = previousKey, last.order(key) >= 0 {
                        return .malformed("tree", "entries out of git's order or repeated")
                    }
                    previousKey = key
                    while next < changes.count {
                        let order = changeKeys[next].order(key)
                        if order > 0 { break }
                        if order == 0 {
                            previous[next] = FunctionHash(bytes: buffer[(end - FunctionHash.byteCount)..<end])
                            places[next] = at..<end
                        } else {
                            places[next] = at..<at
                        }
                        next += 1
                    }
                    at = end
                }
                return nil
            }
        }
        if let failure { throw failure }

        if changes.indices.allSatisfy({ previous[$0] != nil && changes[$0].hash != nil }) {
            // Only the hashes that differ are written over (a changed file
            // names all its functions, most of them unchanged), in place.
            let changed = changes.indices.filter { previous[$0] != changes[$0].hash }
            let unchangedPrefix = changed.map { places[$0].upperBound - FunctionHash.byteCount }.min() ?? payload.count
            let overwritten = changed.map { (offset: places[$0].upperBound - FunctionHash.byteCount, hash: previous[$0]!) }
            if !changed.isEmpty {
                payload.withUnsafeMutableBytes { bytes in
                    for index in changed {
                        let hashStart = places[index].upperBound - FunctionHash.byteCount
                        changes[index].hash!.bytes.withUnsafeBytes {
                            (bytes.baseAddress! + hashStart).copyMemory(from: $0.baseAddress!, byteCount: FunctionHash.byteCount)
                        }
                    }
                }
            }
            return SplicedTree(payload: payload, previous: previous, unchangedPrefix: unchangedPrefix,
                               original: .overwritten(overwritten))
        }
        let unchangedPrefix = places.first?.lowerBound ?? payload.count
        var total = payload.count
        for (index, change) in changes.enumerated() {
            total -= places[index].count
            if change.hash != nil { total += filePrefix.count + names[index].count + 1 + FunctionHash.byteCount }
        }
        let out = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            FreshMemory.prefault(UnsafeMutableRawBufferPointer(buffer))
            func put<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
                count += UnsafeMutableBufferPointer(rebasing: buffer[count...]).initialize(fromContentsOf: bytes)
            }
            var copiedUpTo = 0
            for (index, change) in changes.enumerated() {
                put(payload[copiedUpTo..<places[index].lowerBound])
                copiedUpTo = places[index].upperBound
                guard let hash = change.hash else { continue }
                put(filePrefix)
                put(names[index])
                put(CollectionOfOne(0))
                put(hash.bytes)
            }
            put(payload[copiedUpTo...])
        }
        return SplicedTree(payload: out, previous: previous, unchangedPrefix: unchangedPrefix, original: .kept(payload))
    }

    /// Orders two byte strings (memcmp, then length).
    private static func compare(_ a: UnsafePointer<UInt8>, _ aCount: Int, _ b: UnsafePointer<UInt8>, _ bCount: Int) -> Int {
        let common = min(aCount, bCount)
        if common > 0 {
            let order = memcmp(a, b, common)
            if order != 0 { return Int(order) }
        }
        return aCount - bCount
    }

    /// An entry name as splicing compares it: its first sixteen bytes as
    /// two big-endian words, zero past its end (a name holds no NUL), its
    /// length, and where its bytes are, read only when two names are both
    /// sixteen bytes or longer and share their first sixteen. A tree of
    /// 10,000 entries was scanned with a `memchr` and two `memcmp` calls an
    /// entry before.
    private struct NameKey {
        let high: UInt64
        let low: UInt64
        let count: Int
        let start: UnsafePointer<UInt8>

        /// The key of the NUL-terminated name at `start`, of which
        /// `available` bytes may be read; nil when no NUL ends it there.
        @inline(__always)
        init?(_ start: UnsafePointer<UInt8>, available: Int) {
            self.start = start
            if available >= 16 {
                let raw = UnsafeRawPointer(start)
                let first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
                let second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                if let zero = Self.firstZeroByte(first) {
                    count = zero
                    high = Self.keep(first.byteSwapped, bytes: zero)
                    low = 0
                    return
                }
                high = first.byteSwapped
                if let zero = Self.firstZeroByte(second) {
                    count = 8 + zero
                    low = Self.keep(second.byteSwapped, bytes: zero)
                    return
                }
                low = second.byteSwapped
                guard let nul = memchr(start + 16, 0, available - 16) else { return nil }
                count = 16 + UnsafeRawPointer(start + 16).distance(to: UnsafeRawPointer(nul))
                return
            }
            guard let nul = memchr(start, 0, available) else { return nil }
            count = UnsafeRawPointer(start).distance(to: UnsafeRawPointer(nul))
            var words: (UInt64, UInt64) = (0, 0)
            for index in 0..<count {
                let byte = UInt64(start[index])
                if index < 8 { words.0 |= byte << (56 - 8 * index) } else { words.1 |= byte << (56 - 8 * (index - 8)) }
            }
            (high, low) = words
        }

        /// Negative, zero or positive as this name sorts before, with or
        /// after `other` (bytes, then length).
        @inline(__always)
        func order(_ other: NameKey) -> Int {
            if high != other.high { return high < other.high ? -1 : 1 }
            if low != other.low { return low < other.low ? -1 : 1 }
            guard count > 16, other.count > 16 else { return count - other.count }
            return Tree.compare(start + 16, count - 16, other.start + 16, other.count - 16)
        }

        /// The index of the first zero byte of a little-endian word.
        @inline(__always)
        private static func firstZeroByte(_ word: UInt64) -> Int? {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let found = (word &- ones) & ~word & highs
            return found == 0 ? nil : found.trailingZeroBitCount &>> 3
        }

        /// A big-endian word with only its first `bytes` (0 to 7) bytes kept.
        @inline(__always)
        private static func keep(_ word: UInt64, bytes: Int) -> UInt64 {
            bytes == 0 ? 0 : word & ~(UInt64.max &>> UInt64(truncatingIfNeeded: bytes &<< 3))
        }
    }
}
