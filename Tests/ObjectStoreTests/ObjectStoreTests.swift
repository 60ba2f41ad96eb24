import BlobFormat
import CZlib
import Foundation
@testable import ObjectStore
import TestScratch
import Testing

/// A fresh object store in a temporary directory.
func makeStore() throws -> ObjectStore {
    let directory = URL(fileURLWithPath: Scratch.path("store") + "/objects")
    return try ObjectStore(directory: directory.path)
}

/// Deflates `bytes` with zlib's one-shot API, to forge object files.
func deflateBytes(_ bytes: [UInt8]) -> [UInt8] {
    var length = compressBound(UInt(bytes.count))
    var output = [UInt8](repeating: 0, count: Int(length))
    _ = compress(&output, &length, bytes, UInt(bytes.count))
    return Array(output.prefix(Int(length)))
}

func replaceFile(_ path: String, with bytes: [UInt8]) throws {
    chmod(path, 0o644)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

@Suite struct ObjectStoreTests {
    let object = GitObject(kind: .blob, payload: Array("local x = 1\n".utf8))

    @Test func writtenObjectsReadBackAndVerify() throws {
        let store = try makeStore()
        let hash = try store.write(object)
        #expect(hash == object.hash)
        #expect(store.contains(hash))
        #expect(try store.read(hash) == object)
        let path = store.path(of: hash)
        #expect(path.hasSuffix("/\(hash.hex.prefix(2))/\(hash.hex.dropFirst(2))"))
    }

    /// Deflated objects on either side of the first inflate call's 4 kB
    /// (finished in that call, or continued from it) read back whole, and
    /// one cut short is reported as truncated.
    @Test(arguments: [0, 1, 4000, 4084, 4085, 4096, 5000, 100_000])
    func deflatedObjectsOfAnySizeReadBack(size: Int) throws {
        let store = try makeStore()
        var state: UInt64 = UInt64(size) &+ 1
        // Half text, half noise: deflated, with matches and literals.
        let payload = (0..<size).map { index -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1
            return index % 2 == 0 ? UInt8(ascii: "a") + UInt8(index % 7) : UInt8(truncatingIfNeeded: state >> 40)
        }
        let object = GitObject(kind: .blob, payload: payload)
        try store.write(object)
        #expect(try store.read(object.hash) == object)
        let path = store.path(of: object.hash)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        guard bytes.count > 8 else { return }
        try FileManager.default.removeItem(atPath: path)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        #expect(throws: ObjectStoreError.self) { try store.read(object.hash) }
    }

    @Test func filesAreZlibOfHeaderAndPayloadAsGitWritesThem() throws {
        let store = try makeStore()
        let hash = try store.write(object)
        var compressed = try FileSystem.readFile(store.path(of: hash))
        var length = UInt(object.framed.count)
        var output = [UInt8](repeating: 0, count: Int(length))
        #expect(uncompress(&output, &length, &compressed, UInt(compressed.count)) == Z_OK)
        #expect(output == object.framed)
    }

    @Test func largeTreesAreStoredAndSmallObjectsDeflated() throws {
        let store = try makeStore()
        let entries = (0..<3000).map { index in
            TreeEntry(mode: .file, name: "handler_\(index)", hash: GitObject(kind: .blob, payload: Array("\(index)".utf8)).hash)
        }
        let large = try Tree(entries: entries).object
        let small = GitObject(kind: .blob, payload: [UInt8](repeating: 65, count: 100_000))
        for (object, stored) in [(large, true), (small, false)] {
            let hash = try store.write(object)
            #expect(try store.read(hash) == object)
            var file = try FileSystem.readFile(store.path(of: hash))
            var length = UInt(object.framed.count)
            var output = [UInt8](repeating: 0, count: Int(length))
            #expect(uncompress(&output, &length, &file, UInt(file.count)) == Z_OK)
            #expect(output == object.framed)
            // Stored blocks take a few bytes more than the payload; deflated repeats far less.
            #expect((file.count > object.framed.count) == stored)
        }
    }

    /// Stored blocks hold at most 65,535 bytes each; the header and the
    /// payload are written as one stream across block boundaries.
    @Test(arguments: [(0, 0), (12, 0), (12, 65_523), (12, 65_524), (3, 200_000), (65_535, 1), (70_000, 70_000)])
    func storedStreamsInflateToTheirBytes(_ headCount: Int, _ tailCount: Int) throws {
        let head = (0..<headCount).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let tail = (0..<tailCount).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
        let folder = Scratch.path("stored")
        try FileSystem.makeDirectory(folder)
        let (path, fd) = try FileSystem.createTemporary(in: folder, prefix: "z")
        try StoredZlib.write(head, tail, to: fd, path: path)
        close(fd)
        var file = try FileSystem.readFile(path)
        let blocks = max(1, (head.count + tail.count + 65_534) / 65_535)
        #expect(file.count == 2 + 5 * blocks + head.count + tail.count + 4)
        var length = UInt(head.count + tail.count + 1)
        var output = [UInt8](repeating: 0, count: Int(length))
        #expect(uncompress(&output, &length, &file, UInt(file.count)) == Z_OK)
        #expect(Array(output.prefix(Int(length))) == head + tail)
    }

    @Test func existingObjectsAreNotRewrittenButRefreshed() throws {
        let store = try makeStore()
        let hash = try store.write(object)
        let path = store.path(of: hash)
        let old = timeval(tv_sec: 1_000_000, tv_usec: 0)
        var times = [old, old]
        utimes(path, &times)
        var before = stat()
        stat(path, &before)
        try store.write(object)
        var after = stat()
        stat(path, &after)
        #expect(before.st_ino == after.st_ino)
        #expect(after.st_mtim.tv_sec > 1_000_000)
    }

    @Test func missingObjectsAreReportedByHash() throws {
        let store = try makeStore()
        #expect(throws: ObjectStoreError.missing(object.hash)) { try store.read(object.hash) }
    }

    /// Few hashes are looked up one by one, many through directory
    /// listings: both ways find exactly the absent ones.
    @Test(arguments: [10, 2000]) func missingNamesExactlyTheAbsentObjects(count: Int) throws {
        let store = try makeStore()
        let objects = (0..<count).map { GitObject(kind: .blob, payload: Array("object \($0)".utf8)) }
        let batch = store.batch()
        for object in objects.enumerated() where object.offset % 3 != 0 { try batch.add(object.element) }
        try batch.commit()
        let absent = objects.enumerated().filter { $0.offset % 3 == 0 }.map(\.element.hash)
        #expect(Set(store.missing(objects.map(\.hash))) == Set(absent))
        #expect(store.missing([]).isEmpty)
    }

    @Test func flippedBytesAreCaught() throws {
        let store = try makeStore()
        let hash = try store.write(object)
        var bytes = try FileSystem.readFile(store.path(of: hash))
        bytes[bytes.count / 2] ^= 0x40
        try replaceFile(store.path(of: hash), with: bytes)
        let error = #expect(throws: ObjectStoreError.self) { try store.read(hash) }
        #expect(error?.description.contains(hash.hex) == true)
    }

    @Test func contentUnderTheWrongNameIsAHashMismatch() throws {
        let store = try makeStore()
        let hash = try store.write(object)
        let other = GitObject(kind: .blob, payload: Array("local x = 2\n".utf8))
        try replaceFile(store.path(of: hash), with: deflateBytes(other.framed))
        #expect(throws: ObjectStoreError.hashMismatch(hash, actual: other.hash)) { try store.read(hash) }
    }

    @Test func truncatedFilesAreCorrupt() throws {
        let store = try makeStore()
        let big = GitObject(kind: .blob, payload: (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 7919) })
        let hash = try store.write(big)
        let bytes = try FileSystem.readFile(store.path(of: hash))
        for length in [0, 1, 2, 10, bytes.count / 2, bytes.count - 1] {
            try replaceFile(store.path(of: hash), with: Array(bytes.prefix(length)))
            let error = #expect(throws: ObjectStoreError.self) { try store.read(hash) }
            if case .corrupt(let named, _) = error { #expect(named == hash) } else { Issue.record("expected .corrupt, got \(String(describing: error))") }
        }
    }

    @Test func moreDataThanDeclaredIsRefusedWithoutInflatingIt() throws {
        let store = try makeStore()
        let declared = GitObject(kind: .blob, payload: Array("abc".utf8))
        let path = store.path(of: declared.hash)
        try FileSystem.makeDirectory(String(path.dropLast(63)))
        let lying = Array("blob 3\0".utf8) + [UInt8](repeating: 0x61, count: 1 << 20)
        try replaceFile(path, with: deflateBytes(lying))
        let error = #expect(throws: ObjectStoreError.self) { try store.read(declared.hash) }
        #expect(error?.description.contains("more data") == true)
    }

    @Test func impossibleDeclaredSizesAreRefused() throws {
        let store = try makeStore()
        let hash = object.hash
        let path = store.path(of: hash)
        try FileSystem.makeDirectory(String(path.dropLast(63)))
        try replaceFile(path, with: deflateBytes(Array("blob 99999999999\0abc".utf8)))
        #expect(throws: ObjectStoreError.self) { try store.read(hash) }
        let small = try ObjectStore(directory: store.directory, sizeLimit: 4)
        try replaceFile(path, with: deflateBytes(object.framed))
        #expect(throws: ObjectStoreError.tooLarge(hash, declared: object.payload.count, limit: 4)) { try small.read(hash) }
    }

    @Test func garbageIsCorruptNotACrash() throws {
        let store = try makeStore()
        let hash = object.hash
        let path = store.path(of: hash)
        try FileSystem.makeDirectory(String(path.dropLast(63)))
        var random = SystemRandomNumberGenerator()
        for length in [3, 64, 4096] {
            try replaceFile(path, with: (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) })
            #expect(throws: ObjectStoreError.self) { try store.read(hash) }
        }
        try replaceFile(path, with: deflateBytes(Array("blob 1x\0a".utf8)))
        #expect(throws: ObjectStoreError.self) { try store.read(hash) }
    }

    @Test func enumerateCountDeleteAndPrefixes() throws {
        let store = try makeStore()
        let objects = (0..<50).map { GitObject(kind: .blob, payload: Array("object \($0)".utf8)) }
        let batch = store.batch()
        for object in objects { try batch.add(object) }
        #expect(batch.count == 50)
        try batch.commit()
        #expect(Set(try store.enumerate().map(\.hash)) == Set(objects.map(\.hash)))
        let statistics = try store.statistics()
        #expect(statistics.count == 50)
        #expect(statistics.bytes > 0)
        let target = objects[7].hash
        #expect(try store.hashes(withPrefix: String(target.hex.prefix(10))) == [target])
        #expect(try store.hashes(withPrefix: "zz").isEmpty)
        try store.delete(target)
        try store.delete(target)
        #expect(!store.contains(target))
        #expect(try store.statistics().count == 49)
    }

    /// Objects land read-only, as git leaves them, and no temporary file
    /// stays behind, for a batch of a few (each synced on its own) and one
    /// of many (past the per-file limit: one `syncfs` each side of the renames).
    @Test(arguments: [3, WriteBatch.fileSyncLimit + 5]) func committedObjectsAreReadOnlyAndInPlace(count: Int) throws {
        let store = try makeStore()
        let objects = (0..<count).map { GitObject(kind: .blob, payload: Array("read-only \($0)".utf8)) }
        let batch = store.batch()
        for object in objects { try batch.add(object) }
        try batch.commit()
        try expectInPlace(objects, in: store)
    }

    /// Taken step by step, a batch is invisible while its files sync,
    /// visible once renamed, and takes new objects once durable; both sizes
    /// of batch (each file synced, or `syncfs`). Where files can be made
    /// without a name, the first ``WriteBatch/fileSyncLimit`` are: no
    /// temporary name shows while they sync (nor after a crash).
    @Test(arguments: [3, WriteBatch.fileSyncLimit + 5]) func stepsMakeObjectsVisibleOnlyAfterTheirFilesSync(count: Int) throws {
        let store = try makeStore()
        let objects = (0..<count).map { GitObject(kind: .blob, payload: Array("staged \($0)".utf8)) }
        let batch = store.batch()
        for object in objects { try batch.add(object) }
        try batch.startSyncing()
        #expect(store.missing(objects.map(\.hash)).count == count)
        let named = batch.makesUnnamedFiles ? max(0, count - WriteBatch.fileSyncLimit) : count
        #expect(try store.temporaryFiles().count == named)
        try batch.renameIntoPlace()
        #expect(store.missing(objects.map(\.hash)).isEmpty)
        #expect(try store.temporaryFiles().isEmpty)
        try batch.waitUntilDurable()
        try batch.waitUntilDurable()
        let late = GitObject(kind: .blob, payload: Array("after the steps".utf8))
        try batch.add(late)
        try batch.commit()
        #expect(try store.read(late.hash) == late)
    }

    /// Added without looking for a stored copy, an object already stored
    /// is written again, replacing a damaged copy (a link never replaces:
    /// an unnamed file then takes a temporary name and is renamed over
    /// it); looked for, it is only refreshed.
    @Test func anObjectAddedWithoutLookingIsWrittenEvenWhenStored() throws {
        let store = try makeStore()
        try store.write(object)
        try replaceFile(store.path(of: object.hash), with: deflateBytes(Array("blob 12\0local x = 2\n".utf8)))
        chmod(store.path(of: object.hash), 0o444)
        var before = stat()
        stat(store.path(of: object.hash), &before)
        let looking = store.batch()
        try looking.add(object)
        #expect(looking.count == 0)
        let blind = store.batch()
        try blind.add(object, hash: object.hash, lookingForStored: false)
        #expect(blind.count == 1)
        try blind.commit()
        var after = stat()
        stat(store.path(of: object.hash), &after)
        #expect(after.st_ino != before.st_ino)
        #expect(after.st_mode & 0o777 == 0o444)
        #expect(try store.read(object.hash) == object)
        #expect(try store.temporaryFiles().isEmpty)
    }

    /// Trees, small or large, are stored as zlib stored blocks; blobs and
    /// commits are deflated. All read back, by git's zlib too.
    @Test func treesAreStoredUndeflatedAndTheRestDeflated() throws {
        let store = try makeStore()
        let hash = try #require(FunctionHash(bytes: [UInt8](repeating: 7, count: 32)))
        let tree = try Tree(entries: [TreeEntry(mode: .file, name: "f", hash: hash)]).object
        let blob = GitObject(kind: .blob, payload: Array(String(repeating: "local x = 1\n", count: 40).utf8))
        #expect(WriteBatch.storesUndeflated(tree) && !WriteBatch.isLarge(tree))
        #expect(!WriteBatch.storesUndeflated(blob))
        let batch = store.batch()
        try batch.add(tree)
        try batch.add(blob)
        try batch.commit()
        try expectInPlace([tree, blob], in: store)
        // The first block's header: BTYPE 00 is a stored block.
        let treeFile = try FileSystem.readFile(store.path(of: tree.hash))
        let blobFile = try FileSystem.readFile(store.path(of: blob.hash))
        #expect(treeFile[2] & 0x06 == 0)
        #expect(blobFile[2] & 0x06 != 0)
        #expect(blobFile.count < blob.framed.count)
        for file in [treeFile, blobFile] {
            var inflated = [UInt8](repeating: 0, count: 1024)
            var length = UInt(inflated.count)
            #expect(uncompress(&inflated, &length, file, UInt(file.count)) == Z_OK)
        }
    }

    /// A large object's writeback starts as soon as it is written, its sync
    /// with the small ones'; all of them end up in place, read-only and
    /// readable.
    @Test func aLargeObjectWrittenBackFirstEndsUpLikeTheRest() throws {
        let store = try makeStore()
        let large = GitObject(kind: .tree, payload: (0..<(200 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        #expect(WriteBatch.isLarge(large))
        let small = (0..<4).map { GitObject(kind: .blob, payload: Array("small \($0)".utf8)) }
        let batch = store.batch()
        try batch.add(small[0])
        try batch.add(large)
        for object in small.dropFirst() { try batch.add(object) }
        try batch.commit()
        try expectInPlace([large] + small, in: store)
    }

    /// A large object added in the background is written on another thread
    /// and taken in with the rest: counted, not written twice when added
    /// again, and in place, read-only and readable after the commit; a
    /// batch dropped before taking it in leaves nothing behind.
    @Test func aLargeObjectAddedInTheBackgroundEndsUpLikeTheRest() throws {
        let store = try makeStore()
        let large = GitObject(kind: .tree, payload: (0..<(300 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 17) })
        let small = (0..<3).map { GitObject(kind: .blob, payload: Array("beside \($0)".utf8)) }
        let batch = store.batch()
        try batch.addInBackground(large, hash: large.hash)
        #expect(batch.count == 1)
        for object in small { try batch.add(object) }
        try batch.add(large, hash: large.hash, lookingForStored: false)
        #expect(batch.count == 4)
        try batch.commit()
        try expectInPlace([large] + small, in: store)

        let other = GitObject(kind: .tree, payload: [UInt8](repeating: 3, count: 200 << 10))
        do {
            let dropped = store.batch()
            try dropped.addInBackground(other, hash: other.hash)
        }
        #expect(!store.contains(other.hash))
        #expect(try store.temporaryFiles().isEmpty)
    }

    /// Each of `objects` is stored under its name, read-only and readable,
    /// with no temporary file left.
    func expectInPlace(_ objects: [GitObject], in store: ObjectStore) throws {
        for object in objects {
            var info = stat()
            #expect(stat(store.path(of: object.hash), &info) == 0)
            #expect(info.st_mode & 0o777 == 0o444)
            #expect(try store.read(object.hash) == object)
        }
        #expect(try store.temporaryFiles().isEmpty)
    }

    /// A batch dropped while its files sync (its caller failed meanwhile),
    /// or with only a large file's writeback started, waits for the syncs
    /// and removes its files.
    @Test(arguments: [false, true]) func aBatchDroppedWhileSyncingLeavesNoFiles(beforeTheSteps: Bool) throws {
        let store = try makeStore()
        do {
            let batch = store.batch()
            try batch.add(GitObject(kind: .tree, payload: [UInt8](repeating: 7, count: 100 << 10)))
            for index in 0..<5 { try batch.add(GitObject(kind: .blob, payload: Array("dropped \(index)".utf8))) }
            if !beforeTheSteps { try batch.startSyncing() }
        }
        #expect(try store.enumerate().isEmpty)
        #expect(try store.temporaryFiles().isEmpty)
    }

    @Test func anAbandonedBatchLeavesNoFiles() throws {
        let store = try makeStore()
        do {
            let batch = store.batch()
            try batch.add(object)
        }
        #expect(try store.enumerate().isEmpty)
        #expect(try store.temporaryFiles().isEmpty)
        #expect(!store.contains(object.hash))
    }
}

@Suite struct ConcurrentSyncTests {
    /// Each job's outcome comes back in queue order, a failure as its
    /// errno; a queued descriptor is closed, even when its sync fails; the
    /// pool takes a second round. (The descriptor is a pipe's write end:
    /// its read end then reads end of file, which no other test's files
    /// can fake by reusing the descriptor's number.)
    @Test func outcomesComeBackInOrderRoundAfterRound() throws {
        let folder = Scratch.path("sync")
        try FileSystem.makeDirectory(folder)
        let file = folder + "/present"
        #expect(creat(file, 0o644) >= 0)
        let syncs = ConcurrentSync(capacity: 8)
        syncs.sync(path: file)
        syncs.sync(path: folder + "/absent")
        syncs.sync(path: folder)
        #expect(syncs.wait() == [0, ENOENT, 0])
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        #expect(fcntl(ends[0], F_SETFL, O_NONBLOCK) == 0)
        syncs.sync(descriptor: ends[1])
        for _ in 0..<5 { syncs.sync(path: file) }
        #expect(syncs.wait() == [EINVAL] + [Int32](repeating: 0, count: 5))
        var byte: UInt8 = 0
        #expect(read(ends[0], &byte, 1) == 0)
        close(ends[0])
        syncs.finish()
        #expect(syncs.wait().isEmpty)
    }

    /// A descriptor queued to be kept is synced and left open.
    @Test func aKeptDescriptorStaysOpen() throws {
        let folder = Scratch.path("sync-kept")
        try FileSystem.makeDirectory(folder)
        let fd = open(folder + "/kept", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(fd >= 0)
        let syncs = ConcurrentSync(capacity: 2)
        syncs.sync(descriptor: fd, closing: false)
        #expect(syncs.wait() == [0])
        #expect(write(fd, "x", 1) == 1)
        #expect(close(fd) == 0)
    }
}

@Suite struct TemporaryFileTests {
    /// An unnamed file has no name in its folder until it is named; a
    /// named one does, under the temporary prefix; both end up under the
    /// final name, with the bytes written.
    @Test(arguments: [true, false]) func filesAreNamedIntoPlace(unnamed: Bool) throws {
        let folder = Scratch.path("temporary-\(unnamed)")
        try FileSystem.makeDirectory(folder)
        let file = try TemporaryFile(in: folder, unnamed: unnamed)
        #expect(write(file.fd, "object", 6) == 6)
        let names = try FileSystem.list(folder)
        if unnamed && TemporaryFile.unnamedFilesWork && file.path == nil {
            #expect(names.isEmpty)
        } else {
            #expect(names.count == 1 && names[0].hasPrefix(TemporaryFile.prefix))
        }
        try file.name(folder + "/final")
        if file.path != nil { close(file.fd) }
        #expect(try FileSystem.list(folder) == ["final"])
        #expect(try FileSystem.readFile(folder + "/final") == Array("object".utf8))
    }

    /// Naming onto an existing file replaces it; a discarded file leaves
    /// nothing; a missing folder is reported as such (the batch creates it).
    @Test(arguments: [true, false]) func namingReplacesAndDiscardingRemoves(unnamed: Bool) throws {
        let folder = Scratch.path("replace-\(unnamed)")
        try FileSystem.makeDirectory(folder)
        #expect(creat(folder + "/final", 0o644) >= 0)
        let file = try TemporaryFile(in: folder, unnamed: unnamed)
        #expect(write(file.fd, "new", 3) == 3)
        try file.name(folder + "/final")
        if file.path != nil { close(file.fd) }
        #expect(try FileSystem.list(folder) == ["final"])
        #expect(try FileSystem.readFile(folder + "/final") == Array("new".utf8))

        let dropped = try TemporaryFile(in: folder, unnamed: unnamed)
        dropped.discard(isOpen: true)
        #expect(try FileSystem.list(folder) == ["final"])
        #expect(throws: ObjectStoreError.self) { try TemporaryFile(in: folder + "/absent", unnamed: unnamed) }
    }

    /// A file that cannot be named (its folder is gone) is reported, and
    /// stays open until discarded: it is closed once, not twice.
    @Test(arguments: [true, false]) func aFailedNamingLeavesTheFileToDiscard(unnamed: Bool) throws {
        let folder = Scratch.path("unnameable-\(unnamed)")
        try FileSystem.makeDirectory(folder)
        let file = try TemporaryFile(in: folder, unnamed: unnamed)
        #expect(throws: ObjectStoreError.self) { try file.name(folder + "/absent/final") }
        #expect(fcntl(file.fd, F_GETFD) != -1)
        // Tests run in parallel: once closed, the number may name another
        // thread's new file. A second descriptor keeps this file's inode in
        // use, so a reused number cannot name it.
        let held = dup(file.fd)
        defer { close(held) }
        file.discard(isOpen: true)
        #expect(fcntl(file.fd, F_GETFD) == -1 || Self.inode(file.fd) != Self.inode(held))
        #expect(try FileSystem.list(folder).isEmpty)
    }

    private static func inode(_ fd: Int32) -> ino_t? {
        var status = stat()
        return fstat(fd, &status) == 0 ? status.st_ino : nil
    }
}

@Suite struct PathTests {
    @Test func pathsAreMadeAbsoluteByName() {
        #expect(FileSystem.absolutePath("a/./b/../c", from: "/x/y") == "/x/y/a/c")
        #expect(FileSystem.absolutePath("/a//b/", from: "/x") == "/a/b")
        #expect(FileSystem.absolutePath("../../..", from: "/x") == "/")
        #expect(FileSystem.absolutePath("", from: "/x/y") == "/x/y")
        #expect(FileSystem.absolutePath("/") == "/")
        #expect(FileSystem.absolutePath("src") == FileSystem.currentDirectory + "/src")
    }
}
