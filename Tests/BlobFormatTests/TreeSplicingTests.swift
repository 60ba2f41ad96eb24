import BlobFormat
import Foundation
import Testing

@Suite struct TreeSplicingTests {
    func tree(_ entries: [String: FunctionHash]) throws -> Tree {
        try Tree(entries: entries.map { TreeEntry(mode: .file, name: $0.key, hash: $0.value) })
    }

    func hash(_ random: inout SeededGenerator) -> FunctionHash {
        FunctionHash(bytes: (0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) })!
    }

    /// A random set of entries among `keys`, random changes to some of them
    /// (set or removed), and the entries the changes lead to.
    func randomCase(_ keys: [String], _ random: inout SeededGenerator)
        -> (before: [String: FunctionHash], changes: [String: FunctionHash?], after: [String: FunctionHash]) {
        var before: [String: FunctionHash] = [:]
        for key in keys where random.next() % 2 == 0 { before[key] = hash(&random) }
        var changes: [String: FunctionHash?] = [:]
        for key in keys where random.next() % 3 == 0 {
            changes.updateValue(random.next() % 3 == 0 ? nil : hash(&random), forKey: key)
        }
        var after = before
        for (key, value) in changes { after[key] = value }
        return (before, changes, after)
    }

    /// Names short and long: those sharing their first eight or sixteen
    /// bytes, one the prefix of another, one of exactly sixteen bytes.
    @Test(arguments: [
        ["a", "b", "a.b", "a-b", "M.f", "M:g", "net.http::h", "zz", "ünï", "Z", "a0", "_"],
        ["handler_1", "handler_10", "handler_100", "handler_1000", "handler_2",
         "sixteen_bytes_ab", "sixteen_bytes_a", "sixteen_bytes_abc", "sixteen_bytes_abd", "sixteen_bytes_b",
         "a_name_longer_than_sixteen", "a_name_longer_than_sixteen_bytes", "a_name_longer_than_sixteeN", "x"],
    ])
    func splicingGivesTheTreeBuiltWhole(names: [String]) throws {
        var random = SeededGenerator(state: 11)
        for _ in 0..<200 {
            let (entries, changes, expected) = randomCase(names, &random)
            let ordered = changes.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let original = try tree(entries).encoded()
            let spliced = try Tree.splicing(original, ordered.map { ($0, changes[$0]!) })
            #expect(spliced.payload == (try tree(expected).encoded()))
            #expect(spliced.previous == ordered.map { entries[$0] })
            // The bytes said to be unchanged are.
            #expect(spliced.unchangedPrefix <= min(original.count, spliced.payload.count))
            #expect(spliced.payload.prefix(spliced.unchangedPrefix) == original.prefix(spliced.unchangedPrefix))
        }
    }

    /// Edits alone (every change a new hash for an entry that exists) are
    /// written over the old hashes in the payload given, not into a copy;
    /// the result tells the old payload's id from the new one.
    @Test func editsAreSplicedInPlace() throws {
        var random = SeededGenerator(state: 3)
        var entries: [String: FunctionHash] = [:]
        for name in (0..<3000).map({ "f\($0)" }) { entries[name] = hash(&random) }
        let edits: [(name: String, hash: FunctionHash?)] = [("f1", hash(&random)), ("f2000", hash(&random)), ("f2001", entries["f2001"])]
        let old = try tree(entries)
        let payload = old.encoded()
        let address = payload.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        let spliced = try Tree.splicing(consume payload, edits)
        #expect(spliced.payload.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } == address)
        var expected = entries
        for edit in edits { expected[edit.name] = edit.hash }
        #expect(spliced.payload == (try tree(expected).encoded()))
        #expect(spliced.previous == [entries["f1"], entries["f2000"], entries["f2001"]])
        guard case let .overwritten(hashes) = spliced.original else {
            Issue.record("edits alone were not spliced in place")
            return
        }
        #expect(hashes.map(\.hash) == [entries["f1"]!, entries["f2000"]!])
        let newTree = GitObject(kind: .tree, payload: spliced.payload)
        let (_, checkpoints) = newTree.hashKeepingCheckpoints(interval: 4096)
        #expect(spliced.originalHash(newTree, resumingFrom: checkpoints) == old.object.hash)
        // Nothing changed: the payload comes back as it was.
        let unchanged = try Tree.splicing(spliced.payload, [("f5", expected["f5"])])
        #expect(unchanged.payload == spliced.payload)
        #expect(unchanged.unchangedPrefix == spliced.payload.count)
    }

    /// Entries that come and go are spliced beside the old payload, which
    /// the result keeps, and its id is told too.
    @Test func addedAndRemovedEntriesKeepTheOldPayload() throws {
        var random = SeededGenerator(state: 4)
        var entries: [String: FunctionHash] = [:]
        for name in (0..<3000).map({ "f\($0)" }) { entries[name] = hash(&random) }
        let old = try tree(entries)
        let spliced = try Tree.splicing(old.encoded(), [("f1", nil), ("f1a", hash(&random))])
        guard case let .kept(payload) = spliced.original else {
            Issue.record("an added entry was spliced in place")
            return
        }
        #expect(payload == old.encoded())
        let newTree = GitObject(kind: .tree, payload: spliced.payload)
        let (_, checkpoints) = newTree.hashKeepingCheckpoints(interval: 4096)
        #expect(spliced.originalHash(newTree, resumingFrom: checkpoints) == old.object.hash)
    }

    @Test func badChangesAndTreesAreRejected() throws {
        var random = SeededGenerator(state: 5)
        let payload = try tree(["a": hash(&random), "c": hash(&random)]).encoded()
        #expect(throws: FormatError.self) { try Tree.splicing(payload, [("c", nil), ("b", nil)]) }
        #expect(throws: FormatError.self) { try Tree.splicing(payload, [("b", nil), ("b", nil)]) }
        #expect(throws: FormatError.self) { try Tree.splicing(payload, [("x/y", nil)]) }
        #expect(throws: FormatError.self) { try Tree.splicing(Array(payload.dropLast()), [("b", nil)]) }
        let withFolder = try Tree(entries: [TreeEntry(mode: .tree, name: "d", hash: hash(&random))]).encoded()
        #expect(throws: FormatError.self) { try Tree.splicing(withFolder, [("b", nil)]) }
        let half = payload.count / 2
        let unordered: [UInt8] = Array(payload[half...]) + Array(payload[..<half])
        #expect(throws: FormatError.self) { try Tree.splicing(unordered, [("b", nil)]) }
        // Two long names that share their first sixteen bytes, out of order,
        // and a repeated one.
        let long = try tree(["a_name_longer_than_sixteen_1": hash(&random), "a_name_longer_than_sixteen_2": hash(&random)]).encoded()
        let entry = long.count / 2
        #expect(throws: FormatError.self) { try Tree.splicing(Array(long[entry...]) + Array(long[..<entry]), [("b", nil)]) }
        #expect(throws: FormatError.self) { try Tree.splicing(Array(long[..<entry]) + Array(long[..<entry]), [("b", nil)]) }
        // A name with no NUL before the payload ends.
        #expect(throws: FormatError.self) { try Tree.splicing(Array("100644 abc".utf8), [("b", nil)]) }
    }

    @Test func pathTreesSpliceLikeTheyBuild() throws {
        var random = SeededGenerator(state: 23)
        let paths = ["a.lua", "b.lua", "net/http.lua", "net/tcp.lua", "net/deep/x.lua", "z/y.lua", "net.lua"]
        for _ in 0..<200 {
            let (files, changes, expected) = randomCase(paths, &random)
            var stored: [FunctionHash: Tree] = [:]
            let before = try Snapshot.pathTree(files) { object in
                stored[object.hash] = try! Tree(decoding: object.payload)
                return object.hash
            }
            var previous: [String: FunctionHash] = [:]
            let after = try Snapshot.splicingPathTree(before, changes: changes, load: { stored[$0]! }, hashing: { $0.hash },
                                                      previous: &previous)
            #expect(after == (try Snapshot.pathTree(expected) { $0.hash }))
            #expect(previous == files.filter { changes.keys.contains($0.key) })
        }
    }
}
