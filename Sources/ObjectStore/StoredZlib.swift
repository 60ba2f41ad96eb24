import CZlib

/// A zlib stream of stored (uncompressed) deflate blocks, written to a file
/// straight from the object's own bytes: what zlib writes at level 0, less
/// the copy of a half-megabyte tree into a buffer first (see
/// ``WriteBatch/storesUndeflated(_:)``). Any zlib reader reads it.
enum StoredZlib {
    /// The most data one stored block holds (its length is 16 bits).
    static let blockSize = 65_535

    /// Writes the stream of `first` followed by `second` to `fd`.
    static func write(_ first: [UInt8], _ second: [UInt8], to fd: Int32, path: String) throws(ObjectStoreError) {
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
        var checksum = adler32(0, nil, 0)
        first.withUnsafeBufferPointer { checksum = adler32_z(checksum, $0.baseAddress, $0.count) }
        second.withUnsafeBufferPointer { checksum = adler32_z(checksum, $0.baseAddress, $0.count) }
        framing += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: checksum >> $0) }

        // Array's pointer methods do not carry typed errors: the first failure
        // is kept and thrown afterwards.
        var failure: ObjectStoreError?
        func put(_ bytes: UnsafeRawBufferPointer) {
            guard failure == nil else { return }
            do throws(ObjectStoreError) { try FileSystem.writeAll(fd, bytes, path: path) } catch { failure = error }
        }
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
        if let failure { throw failure }
    }
}
