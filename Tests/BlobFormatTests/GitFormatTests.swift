import BlobFormat
import Foundation
import TestScratch
import Testing

/// Runs git in a fresh SHA-256 bare repository and returns its output.
struct GitOracle {
    let directory: URL

    init() throws {
        directory = URL(fileURLWithPath: Scratch.path("oracle"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        _ = try run(["init", "-q", "--bare", "--object-format=sha256", directory.path], gitDirectory: false)
    }

    @discardableResult
    func run(_ arguments: [String], input: String = "", environment: [String: String] = [:], gitDirectory: Bool = true) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = (gitDirectory ? ["--git-dir=" + directory.path] : []) + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw OracleError(arguments: arguments, status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct OracleError: Error { var arguments: [String]; var status: Int32 }
}

@Suite struct GitFormatTests {
    let blobA = GitObject(kind: .blob, payload: Array("a\n".utf8)).hash
    let blobB = GitObject(kind: .blob, payload: Array("b\n".utf8)).hash

    @Test func treesSortAsGitSortsThem() throws {
        // git compares a tree's name as if it ended in '/': "a.b" < "a/" (a tree) but "a" (a file) < "a.b".
        let tree = try Tree(entries: [
            TreeEntry(mode: .tree, name: "a", hash: blobA),
            TreeEntry(mode: .file, name: "a.b", hash: blobB),
            TreeEntry(mode: .file, name: "a-", hash: blobB),
            TreeEntry(mode: .file, name: "B", hash: blobA),
        ])
        #expect(tree.entries.map(\.name) == ["B", "a-", "a.b", "a"])
    }

    @Test func treeHashMatchesGitMktree() throws {
        let git = try GitOracle()
        let hashA = try git.run(["hash-object", "-w", "--stdin"], input: "a\n")
        let hashB = try git.run(["hash-object", "-w", "--stdin"], input: "b\n")
        #expect(hashA == blobA.hex)
        #expect(hashB == blobB.hex)
        let subtree = try Tree(entries: [TreeEntry(mode: .file, name: "x.lua", hash: blobA)])
        let subtreeHash = try git.run(["mktree"], input: "100644 blob \(hashA)\tx.lua\n")
        #expect(subtreeHash == subtree.object.hash.hex)
        let tree = try Tree(entries: [
            TreeEntry(mode: .file, name: "Account:deposit", hash: blobB),
            TreeEntry(mode: .tree, name: "net", hash: subtree.object.hash),
            TreeEntry(mode: .file, name: "net.http::helper", hash: blobA),
            TreeEntry(mode: .executable, name: "run", hash: blobA),
        ])
        let listing = tree.entries.map { "\($0.mode.rawValue == "40000" ? "040000" : $0.mode.rawValue) \($0.isTree ? "tree" : "blob") \($0.hash.hex)\t\($0.name)" }
        #expect(try git.run(["mktree"], input: listing.joined(separator: "\n") + "\n") == tree.object.hash.hex)
        #expect(try Tree(decoding: tree.encoded()) == tree)
    }

    @Test func commitHashMatchesGitCommitTree() throws {
        let git = try GitOracle()
        let tree = try git.run(["mktree"], input: "")
        let environment = [
            "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.org", "GIT_AUTHOR_DATE": "1700000000 +0130",
            "GIT_COMMITTER_NAME": "Bob", "GIT_COMMITTER_EMAIL": "bob@example.org", "GIT_COMMITTER_DATE": "1700000100 -0800",
        ]
        let first = try git.run(["commit-tree", tree, "-m", "First"], environment: environment)
        let second = try git.run(["commit-tree", tree, "-p", first, "-m", "Second\n\nBody line"], environment: environment)
        let commit = Commit(
            tree: FunctionHash(hex: tree)!, parents: [FunctionHash(hex: first)!],
            author: Signature(name: "Ada", email: "ada@example.org", time: 1_700_000_000, timezoneMinutes: 90),
            committer: Signature(name: "Bob", email: "bob@example.org", time: 1_700_000_100, timezoneMinutes: -480),
            message: "Second\n\nBody line\n")
        #expect(commit.object.hash.hex == second)
        let raw = try git.run(["cat-file", "commit", second])
        #expect(try Commit(decoding: Array((raw + "\n").utf8)) == commit)
    }

    @Test func commitsKeepOtherHeadersByteForByte() throws {
        let text = """
            tree \(blobA.hex)
            author A <a@x> 1 +0000
            committer A <a@x> 1 +0000
            encoding ISO-8859-1
            gpgsig -----BEGIN PGP SIGNATURE-----
             line two
             -----END PGP SIGNATURE-----

            Message
            """
        let commit = try Commit(decoding: Array(text.utf8))
        #expect(commit.extraHeaders.count == 2)
        #expect(commit.encoded() == Array(text.utf8))
    }

    @Test(arguments: [
        "tree x\nauthor A <a> 1 +0000\ncommitter A <a> 1 +0000\n\nm",
        "author A <a> 1 +0000\n\nm",
        "tree \(String(repeating: "0", count: 64))\nauthor A a 1 +0000\ncommitter A <a> 1 +0000\n\nm",
        "tree \(String(repeating: "0", count: 64))\nauthor A <a> 1 +0000\ncommitter A <a> 1 +0000",
    ])
    func malformedCommitsAreRejected(_ text: String) {
        #expect(throws: FormatError.self) { try Commit(decoding: Array(text.utf8)) }
    }

    @Test func malformedTreesAreRejected() throws {
        let good = try Tree(entries: [TreeEntry(mode: .file, name: "a", hash: blobA), TreeEntry(mode: .file, name: "b", hash: blobB)])
        let bytes = good.encoded()
        #expect(throws: FormatError.self) { try Tree(decoding: Array(bytes.dropLast())) }
        let swapped = Array(bytes[(bytes.count / 2)...]) + Array(bytes[..<(bytes.count / 2)])
        #expect(throws: FormatError.self) { try Tree(decoding: swapped) }
        #expect(throws: FormatError.self) { try Tree(decoding: Array("100645 a\0".utf8) + blobA.bytes) }
        #expect(throws: FormatError.self) { try Tree(entries: [TreeEntry(mode: .file, name: "a/b", hash: blobA)]) }
        #expect(throws: FormatError.self) { try Tree(entries: [TreeEntry(mode: .file, name: ".git", hash: blobA)]) }
        #expect(throws: FormatError.self) { try Tree(entries: [TreeEntry(mode: .file, name: "a", hash: blobA), TreeEntry(mode: .file, name: "a", hash: blobB)]) }
    }

    @Test func objectHeadersAreStrict() throws {
        #expect(try GitObject.parseHeader(Array("blob 12\0".utf8)) == (ObjectKind.blob, 12, 8))
        #expect(try GitObject.parseHeader(Array("commit 999999999999999999\0".utf8)) == (ObjectKind.commit, 999_999_999_999_999_999, 26))
        #expect(try GitObject.parseHeader(Array("tag 0\0rest".utf8)) == (ObjectKind.tag, 0, 6))
        for bad in ["blob 012\0", "blob -1\0", "blob\0", "blobs 1\0", "blob 1", "blob  1\0", "blob 1x\0", "bloc 1\0",
                    "blob 1000000000000000000\0", " 1\0", "blob \0", String(repeating: "b", count: 70) + " 1\0"] {
            #expect(throws: FormatError.self) { try GitObject.parseHeader(Array(bad.utf8)) }
        }
        let object = GitObject(kind: .tree, payload: [1, 2])
        #expect(try GitObject(framed: object.framed) == object)
    }
}

@Suite struct SnapshotTests {
    func sample() -> Snapshot {
        let blob = { (text: String) in GitObject(kind: .blob, payload: Array(text.utf8)).hash }
        return Snapshot(
            functions: ["foo": blob("foo"), "M.update": blob("u"), "Account:deposit": blob("d"), "net.http::helper": blob("h")],
            closures: [blob("c1"), blob("c2")],
            chunks: ["main.lua": blob("chunk main"), "net/http.lua": blob("chunk http"), "net/deep/x.lua": blob("chunk x")],
            sources: ["main.lua": blob("src main"), "net/http.lua": blob("src http"), "net/deep/x.lua": blob("src x")],
            meta: SnapshotMeta(compiler: "test 1", holds: ["foo": .init(held: blob("old"), replaced: blob("foo"))], permissions: ["stdout"]))
    }

    @Test func snapshotRoundTripsThroughItsTrees() throws {
        let snapshot = sample()
        let objects = try snapshot.treeObjects()
        let byHash = Dictionary(objects.map { ($0.hash, $0) }) { first, _ in first }
        let decoded = try Snapshot(root: objects.last!.hash) { hash in
            guard let object = byHash[hash] else { throw FormatError.malformed("test", "missing \(hash)") }
            return object
        }
        #expect(decoded == snapshot)
        let root = try Tree(decoding: objects.last!.payload)
        #expect(root.entries.map(\.name) == ["chunks", "closures", "functions", "meta", "src"])
    }

    @Test func metaRoundTripsAndRejectsOtherForms() throws {
        let meta = sample().meta
        #expect(try SnapshotMeta(decoding: meta.encoded()) == meta)
        #expect(throws: FormatError.self) { try SnapshotMeta(decoding: Array("compiler x\nformat 1\n".utf8)) }
        #expect(throws: FormatError.self) { try SnapshotMeta(decoding: Array("format 1\ncompiler x\nbogus\n".utf8)) }
        #expect(throws: FormatError.self) { try SnapshotMeta(decoding: Array("format 1\ncompiler x".utf8)) }
    }

    @Test func diffNamesAddedRemovedAndChanged() {
        let old = sample()
        var new = old
        new.functions["foo"] = nil
        new.functions["bar"] = old.functions["M.update"]
        new.functions["M.update"] = old.functions["foo"]
        let diff = SnapshotDiff(from: old, to: new)
        #expect(diff.functions.map(\.name) == ["M.update", "bar", "foo"])
        #expect(diff.functions.map(\.kind) == [.changed, .added, .removed])
        #expect(diff.chunks.isEmpty)
        #expect(SnapshotDiff(from: old, to: old).isEmpty)
    }
}

@Suite struct HashCheckpointTests {
    /// An object hashed from another's checkpoints gets the id it gets on
    /// its own, wherever the two first differ: before, on and after the
    /// checkpoints, in the header (another size), and not at all; and the
    /// same checkpoints serve any number of objects.
    @Test func resumingFromCheckpointsGivesTheSameIds() {
        var state: UInt64 = 5
        let payload = (0..<200_000).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        let original = GitObject(kind: .tree, payload: payload)
        let (id, checkpoints) = original.hashKeepingCheckpoints(interval: 4096)
        #expect(id == original.hash)
        let header = original.header.count
        for position in [0, 1, 4095, 4096, 4097, 65_536, 123_457, 199_999] {
            var changed = payload
            changed[position] ^= 0x5A
            let other = GitObject(kind: .tree, payload: changed)
            #expect(other.hash(resumingFrom: checkpoints, sharedPrefix: header + position) == other.hash, "at \(position)")
            // A shorter shared prefix than the real one is fine too.
            #expect(other.hash(resumingFrom: checkpoints, sharedPrefix: position / 2) == other.hash)
        }
        #expect(original.hash(resumingFrom: checkpoints, sharedPrefix: header + payload.count) == id)
        let longer = GitObject(kind: .tree, payload: payload + [1])
        #expect(longer.hash(resumingFrom: checkpoints, sharedPrefix: 0) == longer.hash)
    }

    /// Hashing with some 32-byte runs replaced gives the id of the object
    /// that has those bytes there, from a checkpoint or from the start.
    @Test func replacedRunsGiveTheOtherObjectsId() {
        var state: UInt64 = 9
        func byte() -> UInt8 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        let payload = (0..<100_000).map { _ in byte() }
        let object = GitObject(kind: .tree, payload: payload)
        let (_, checkpoints) = object.hashKeepingCheckpoints(interval: 4096)
        let header = object.header.count
        let offsets = [5000, 5032, 40_000, 99_968]
        let hashes = offsets.map { _ in FunctionHash(bytes: (0..<32).map { _ in byte() })! }
        var other = payload
        for (offset, hash) in zip(offsets, hashes) { other.replaceSubrange(offset..<(offset + 32), with: hash.bytes) }
        let expected = GitObject(kind: .tree, payload: other).hash
        let replacing = Array(zip(offsets, hashes)).map { (offset: $0.0, hash: $0.1) }
        for shared in [0, 3, header + 4096, header + 5000] {
            #expect(object.hash(resumingFrom: checkpoints, sharedPrefix: shared, replacing: replacing) == expected, "from \(shared)")
        }
        #expect(object.hash(resumingFrom: checkpoints, sharedPrefix: header + 5000, replacing: []) == object.hash)
    }
}
