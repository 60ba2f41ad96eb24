import BlobFormat
import CChecksum
import CZlib
import Foundation
@testable import ObjectStore
import TestScratch
import Testing

@Suite struct StoredZlibTests {
    /// Bytes that are not all alike, so that a wrong weight shows.
    static func bytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    /// zlib's own checksum is the oracle: every length around the vector
    /// width and the reduction run, all-0xFF runs (the largest sums), and
    /// a stream checksummed in pieces.
    @Test func adler32IsZlibs() {
        let random = Self.bytes(70_000)
        let saturated = [UInt8](repeating: 0xFF, count: 70_000)
        for data in [random, saturated] {
            for length in Array(0...40) + [5551, 5552, 5553, 5552 * 3 + 17, 65_535, 70_000] {
                let ours = data.withUnsafeBufferPointer { blobrepo_adler32(1, $0.baseAddress, length) }
                let theirs = data.withUnsafeBufferPointer { UInt32(adler32_z(1, $0.baseAddress, length)) }
                #expect(ours == theirs, "length \(length)")
            }
            let pieces = data.withUnsafeBufferPointer { buffer in
                [0..<7, 7..<5560, 5560..<40_000, 40_000..<70_000].reduce(UInt32(1)) { checksum, range in
                    blobrepo_adler32(checksum, buffer.baseAddress! + range.lowerBound, range.count)
                }
            }
            #expect(pieces == data.withUnsafeBufferPointer { UInt32(adler32_z(1, $0.baseAddress, $0.count)) })
        }
    }

    /// The stream of `object` as the store writes a large tree.
    func storedStream(_ object: GitObject) throws -> [UInt8] {
        let folder = Scratch.path("stored")
        try FileSystem.makeDirectory(folder)
        let (path, fd) = try FileSystem.createTemporary(in: folder, prefix: "z")
        try StoredZlib.write(Array(object.framed.prefix(object.framed.count - object.payload.count)), object.payload,
                             to: fd, path: path)
        close(fd)
        return try FileSystem.readFile(path)
    }

    @Test(arguments: [0, 1, 65_520, 65_535, 200_000])
    func storedStreamsAreReadWithoutZlib(_ size: Int) throws {
        let object = GitObject(kind: .blob, payload: Self.bytes(size, seed: UInt64(size)))
        let stream = try storedStream(object)
        let read = stream.withUnsafeBytes { StoredZlib.object($0, limit: 1 << 30) }
        #expect(read?.kind == .blob)
        #expect(read?.payload == object.payload)
        // Made in memory, the stream is the same; zlib reads it.
        let header = Array(object.framed.prefix(object.framed.count - object.payload.count))
        #expect(StoredZlib.encoded(header, object.payload) == stream)
        var inflated = [UInt8](repeating: 0, count: object.framed.count + 1)
        var inflatedLength = UInt(inflated.count)
        #expect(uncompress(&inflated, &inflatedLength, stream, UInt(stream.count)) == Z_OK)
        #expect(Array(inflated.prefix(Int(inflatedLength))) == object.framed)
        // zlib's own level-0 stream is stored blocks too.
        var length = compressBound(UInt(object.framed.count))
        var zlibStream = [UInt8](repeating: 0, count: Int(length))
        #expect(compress2(&zlibStream, &length, object.framed, UInt(object.framed.count), 0) == Z_OK)
        let fromZlib = Array(zlibStream.prefix(Int(length))).withUnsafeBytes { StoredZlib.object($0, limit: 1 << 30) }
        #expect(fromZlib?.payload == object.payload)
    }

    /// Anything but a sound stored stream is left to zlib, which reads or
    /// reports it: deflated data, a flipped data byte (the checksum), a
    /// block length that disagrees with its complement, a cut stream, a
    /// declared size other than the data's, a size over the limit.
    @Test func anythingElseIsLeftToZlib() throws {
        let object = GitObject(kind: .tree, payload: Self.bytes(100_000))
        let stream = try storedStream(object)
        func read(_ bytes: [UInt8], limit: Int = 1 << 30) -> (kind: ObjectKind, payload: [UInt8])? {
            bytes.withUnsafeBytes { StoredZlib.object($0, limit: limit) }
        }
        #expect(read(stream)?.payload == object.payload)
        // (zlib stores random bytes too; repeats it deflates.)
        let repetitive = GitObject(kind: .tree, payload: [UInt8](repeating: 7, count: 100_000))
        #expect(read(deflateBytes(repetitive.framed)) == nil)
        var flipped = stream
        flipped[50_000] ^= 0x01
        #expect(read(flipped) == nil)
        #expect(throws: LooseObjectInflater.Failure.self) {
            try flipped.withUnsafeBytes { try LooseObjectInflater.inflate($0, limit: 1 << 30) }
        }
        var badLength = stream
        badLength[3] ^= 0x01
        #expect(read(badLength) == nil)
        #expect(read(Array(stream.dropLast(1))) == nil)
        #expect(read(Array(stream.prefix(1000))) == nil)
        let misdeclared = GitObject(kind: .tree, payload: Self.bytes(10))
        var forged = try storedStream(GitObject(kind: .tree, payload: Self.bytes(11)))
        forged.replaceSubrange(7..<(7 + 7), with: Array(misdeclared.framed.prefix(7)))
        #expect(read(forged) == nil)
        #expect(read(stream, limit: 99_999) == nil)
        #expect(throws: LooseObjectInflater.Failure.self) {
            try stream.withUnsafeBytes { try LooseObjectInflater.inflate($0, limit: 99_999) }
        }
    }

    /// A large tree read for a later hash check skips the stream's checksum
    /// (the hash covers the same bytes); a plain read still checks it, so a
    /// damaged trailer is reported there (and by fsck).
    @Test func aReadForALaterHashCheckSkipsTheStreamChecksum() throws {
        let store = try makeStore()
        let tree = GitObject(kind: .tree, payload: Self.bytes(100_000))
        let batch = store.batch()
        try batch.add(tree)
        try batch.commit()
        let path = store.path(of: tree.hash)
        var stream = try FileSystem.readFile(path)
        #expect(stream.withUnsafeBytes { StoredZlib.object($0, limit: 1 << 30) } != nil)
        stream[stream.count - 1] ^= 0x01
        try FileManager.default.removeItem(atPath: path)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(stream)))
        #expect(throws: ObjectStoreError.self) { try store.read(tree.hash) }
        let unverified = try store.readUnverified(tree.hash)
        #expect(unverified == tree)
        try ObjectStore.verify(unverified, is: tree.hash)
        // Data damaged instead: the later hash check finds it.
        stream[stream.count / 2] ^= 0x01
        try FileManager.default.removeItem(atPath: path)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(stream)))
        let damaged = try store.readUnverified(tree.hash)
        #expect(throws: ObjectStoreError.self) { try ObjectStore.verify(damaged, is: tree.hash) }
    }
}
