import BlobFormat
import CChecksum

/// A zlib stream of stored (uncompressed) deflate blocks: what zlib writes
/// at level 0, made here without zlib (see ``WriteBatch/add(_:hash:lookingForStored:)``
/// for which objects are stored so). A large tree is written to its file
/// straight from the object's own bytes, with no copy into a buffer first.
/// Any zlib reader reads it; this one reads it back without zlib, whose
/// byte-at-a-time checksum took most of the time of reading such a tree.
enum StoredZlib {
    /// The most data one stored block holds (its length is 16 bits).
    static let blockSize = 65_535

    /// Writes the stream of `first` followed by `second` to `fd`.
    static func write(_ first: [UInt8], _ second: [UInt8], to fd: Int32, path: String) throws(ObjectStoreError) {
        // Array's pointer methods do not carry typed errors: the first failure
        // is kept and thrown afterwards.
        var failure: ObjectStoreError?
        stream(first, second) { bytes in
            guard failure == nil else { return }
            do throws(ObjectStoreError) { try FileSystem.writeAll(fd, bytes, path: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// The stream of `first` followed by `second`, in memory: for a small
    /// object, written with one call.
    static func encoded(_ first: [UInt8], _ second: [UInt8]) -> [UInt8] {
        let total = first.count + second.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(total + 2 + 5 * max(1, (total + blockSize - 1) / blockSize) + 4)
        stream(first, second) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Hands `put` the stream of `first` followed by `second`, piece by
    /// piece: the zlib header, each block's header and data, the Adler-32
    /// trailer.
    private static func stream(_ first: [UInt8], _ second: [UInt8], into put: (UnsafeRawBufferPointer) -> Void) {
        let total = first.count + second.count
        let blocks = max(1, (total + blockSize - 1) / blockSize)
        // zlib header: deflate with a 32 kB window, no dictionary, level "fastest".
        var framing: [UInt8] = [0x78, 0x01]
        framing.reserveCapacity(2 + 5 * blocks + 4)
        for block in 0..<blocks {
            let length = UInt16(min(blockSize, total - block * blockSize))
            framing.append(block == blocks - 1 ? 1 : 0)  // BFINAL on the last; BTYPE 00, stored
            framing += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        }
        var checksum: UInt32 = 1
        first.withUnsafeBufferPointer { checksum = blobrepo_adler32(checksum, $0.baseAddress, $0.count) }
        second.withUnsafeBufferPointer { checksum = blobrepo_adler32(checksum, $0.baseAddress, $0.count) }
        framing += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: checksum >> $0) }

        framing.withUnsafeBytes { frame in
            first.withUnsafeBytes { head in
                second.withUnsafeBytes { tail in
                    /// The data bytes in `start..<end` of `first` then `second`.
                    func data(_ start: Int, _ end: Int) {
                        if start < head.count { put(UnsafeRawBufferPointer(rebasing: head[start..<min(end, head.count)])) }
                        if end > head.count {
                            put(UnsafeRawBufferPointer(rebasing: tail[(max(start, head.count) - head.count)..<(end - head.count)]))
                        }
                    }
                    put(UnsafeRawBufferPointer(rebasing: frame[0..<2]))
                    for block in 0..<blocks {
                        put(UnsafeRawBufferPointer(rebasing: frame[(2 + 5 * block)..<(7 + 5 * block)]))
                        data(block * blockSize, min(total, (block + 1) * blockSize))
                    }
                    put(UnsafeRawBufferPointer(rebasing: frame[(frame.count - 4)...]))
                }
            }
        }
    }

    /// The loose object in `stream` when the stream is a zlib stream of
    /// stored blocks alone, well formed, its checksum right and its data the
    /// git header and exactly the payload it declares, at most `limit`
    /// bytes. Nil for anything else, which zlib then reads (and reports).
    /// Without `checkingSum` the Adler-32 trailer is not checked: for a
    /// caller that checks the object's hash, which covers every byte.
    static func object(_ stream: UnsafeRawBufferPointer, limit: Int, checkingSum: Bool = true)
        -> (kind: ObjectKind, payload: [UInt8])? {
        let bytes = stream.assumingMemoryBound(to: UInt8.self)
        // A zlib header for deflate with no preset dictionary.
        guard bytes.count >= 2, bytes[0] & 0x0F == 8, bytes[0] >> 4 <= 7, bytes[1] & 0x20 == 0,
              (Int(bytes[0]) << 8 | Int(bytes[1])) % 31 == 0 else { return nil }
        var blocks: [Range<Int>] = []
        var at = 2
        var final = false
        while !final {
            // Each block's header starts a byte: BFINAL, then BTYPE 00 (stored).
            guard bytes.count - at >= 5, bytes[at] & 0x06 == 0 else { return nil }
            final = bytes[at] & 1 == 1
            let length = Int(bytes[at + 1]) | Int(bytes[at + 2]) << 8
            guard length == ~(Int(bytes[at + 3]) | Int(bytes[at + 4]) << 8) & 0xFFFF,
                  bytes.count - at - 5 >= length else { return nil }
            blocks.append((at + 5)..<(at + 5 + length))
            at += 5 + length
        }
        guard bytes.count - at == 4, let first = blocks.first else { return nil }
        let expected = UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
        let total = blocks.reduce(0) { $0 + $1.count }
        // The git header, from the first block.
        let head = Array(bytes[first.lowerBound..<min(first.upperBound, first.lowerBound + 64)])
        guard let header = try? GitObject.parseHeader(head), header.size <= limit,
              header.headerLength + header.size == total else { return nil }
        var checksum: UInt32 = 1
        var seen = 0
        let payload = [UInt8](unsafeUninitializedCapacity: header.size) { buffer, count in
            FreshMemory.prefault(UnsafeMutableRawBufferPointer(buffer))
            for block in blocks {
                let data = UnsafeBufferPointer(rebasing: bytes[block])
                if checkingSum { checksum = blobrepo_adler32(checksum, data.baseAddress, data.count) }
                // The header's bytes are checked, not kept.
                let skip = min(data.count, max(0, header.headerLength - seen))
                if skip < data.count {
                    (buffer.baseAddress! + count).update(from: data.baseAddress! + skip, count: data.count - skip)
                    count += data.count - skip
                }
                seen += data.count
            }
        }
        return !checkingSum || checksum == expected ? (header.kind, payload) : nil
    }
}
