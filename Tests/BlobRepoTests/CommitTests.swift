import BlobRepo
import Foundation
import Testing

@Suite struct CommitTests {
    @Test func aCommitRecordsOneEventPerChangedFunction() throws {
        let repo = try Samples.repository()
        let first = try repo.commit(Samples.set(["a.f": 1, "a.g": 1, "b.h": 1]), message: "first")
        #expect(first.events.count == 3)
        #expect(first.events.allSatisfy { $0.oldHash == nil && $0.cause == .commit && $0.commit == first.commit })
        let second = try repo.commit(Samples.set(["a.f": 2, "a.g": 1, "b.k": 1]), message: "second\n\nbody")
        #expect(second.parent == first.commit)
        #expect(second.events.map(\.function) == ["a.f", "b.h", "b.k"])
        let byName = Dictionary(uniqueKeysWithValues: second.events.map { ($0.function, $0) })
        #expect(byName["b.h"]?.newHash == nil)
        #expect(byName["b.k"]?.oldHash == nil)
        #expect(byName["a.f"]?.oldHash == Samples.function("a.f", body: 1).hash)
        #expect(byName["a.f"]?.message == "second")
        #expect(try repo.log(function: "a.f").count == 2)
        #expect(try repo.log(function: "a.g").count == 1)
    }

    @Test func anUnchangedSetWritesNothing() throws {
        let repo = try Samples.repository()
        let set = Samples.set(["a.f": 1])
        let first = try repo.commit(set, message: "first")
        let before = try repo.objects.statistics().count
        let again = try repo.commit(set, message: "again")
        #expect(!again.changed)
        #expect(again.events.isEmpty)
        #expect(try repo.objects.statistics().count == before)
        #expect(try repo.head() == first.commit)
        #expect(try repo.refs.eventCount() == 1)
    }

    @Test func aSameFunctionIsStoredOnce() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1, "a.g": 1]), message: "first")
        let second = try repo.commit(Samples.set(["a.f": 1, "a.g": 2]), message: "second")
        // g's blob and a.lua's source; the root, functions/ and src/ trees; the commit.
        #expect(second.objectsWritten == 2 + 3 + 1)
    }

    @Test func closuresAreStoredAndListed() throws {
        let repo = try Samples.repository()
        let inner = Samples.closure("a.f/1", 7)
        let result = try repo.commit(Samples.set(["a.f": 1], closures: ["a.f": inner]), message: "with closure")
        let snapshot = try repo.snapshot(commit: result.commit!)
        #expect(snapshot.closures == [inner.hash])
        #expect(try repo.functionBlob(inner.hash) == inner)
    }

    @Test func permissionsOfTheSetAreInMeta() throws {
        let repo = try Samples.repository()
        var set = Samples.set(["a.f": 1])
        set.functions["a.io"] = Samples.function("a.io", body: 1, permissions: ["fs", "stdout"])
        let result = try repo.commit(set, message: "io")
        #expect(try repo.snapshot(commit: result.commit!).meta.permissions == ["fs", "stdout"])
    }

    @Test func historyIsAGitHistory() throws {
        let repo = try Samples.repository()
        for body in 1...3 { try repo.commit(Samples.set(["a.f": body]), message: "v\(body)") }
        let log = try repo.log()
        #expect(log.map(\.commit.subject) == ["v3", "v2", "v1"])
        #expect(try repo.log(limit: 2).count == 2)
        #expect(log[0].commit.parents == [log[1].hash])
        #expect(log[2].commit.parents.isEmpty)
    }

    @Test func anEmptyRepositoryHasNoCommits() throws {
        let repo = try Samples.repository()
        #expect(throws: RepositoryError.self) { try repo.head() }
        #expect(throws: RepositoryError.self) { try repo.log() }
    }
}

@Suite struct RollbackTests {
    @Test func rollbackGoesToThePreviousBlobAsANewCommit() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1, "a.g": 1]), message: "v1")
        let bad = try repo.commit(Samples.set(["a.f": 2, "a.g": 2]), message: "v2")
        let result = try repo.rollback(function: "a.f")
        #expect(result.parent == bad.commit)
        #expect(result.events.count == 1)
        #expect(result.events[0].cause == .rollback)
        #expect(result.events[0].newHash == Samples.function("a.f", body: 1).hash)
        let snapshot = try repo.snapshot(commit: result.commit!)
        #expect(snapshot.functions["a.f"] == Samples.function("a.f", body: 1).hash)
        #expect(snapshot.functions["a.g"] == Samples.function("a.g", body: 2).hash)
        #expect(snapshot.meta.holds["a.f"]?.replaced == Samples.function("a.f", body: 2).hash)
        #expect(try repo.log().count == 3)
    }

    @Test func rollbackToAGivenHashPrefix() throws {
        let repo = try Samples.repository()
        for body in 1...3 { try repo.commit(Samples.set(["a.f": body]), message: "v\(body)") }
        let target = Samples.function("a.f", body: 1).hash
        let result = try repo.rollback(function: "a.f", to: String(target.hex.prefix(10)))
        #expect(try repo.snapshot(commit: result.commit!).functions["a.f"] == target)
    }

    @Test func aHoldSurvivesARecommitOfTheSameSourceAndIsReleasedByAChange() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1, "a.g": 1]), message: "v1")
        try repo.commit(Samples.set(["a.f": 2, "a.g": 1]), message: "v2 (bad f)")
        try repo.rollback(function: "a.f")
        // The same source again, with another function changed: f stays held.
        let held = try repo.commit(Samples.set(["a.f": 2, "a.g": 2]), message: "g changes")
        #expect(held.heldBack == ["a.f"])
        #expect(held.events.map(\.function) == ["a.g"])
        #expect(try repo.snapshot(commit: held.commit!).functions["a.f"] == Samples.function("a.f", body: 1).hash)
        // A fixed f: the hold is released and the new blob taken.
        let fixed = try repo.commit(Samples.set(["a.f": 3, "a.g": 2]), message: "fix f")
        #expect(fixed.released == ["a.f"])
        let snapshot = try repo.snapshot(commit: fixed.commit!)
        #expect(snapshot.functions["a.f"] == Samples.function("a.f", body: 3).hash)
        #expect(snapshot.meta.holds.isEmpty)
    }

    @Test func rollingBackTwiceGoesBackToWhereItWas() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1]), message: "v1")
        try repo.commit(Samples.set(["a.f": 2]), message: "v2")
        try repo.rollback(function: "a.f")
        let again = try repo.rollback(function: "a.f")
        #expect(try repo.snapshot(commit: again.commit!).functions["a.f"] == Samples.function("a.f", body: 2).hash)
    }

    @Test func rollbackWithoutHistoryOrOfAnUnknownFunctionFails() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1]), message: "v1")
        let before = try repo.head()
        #expect(throws: RepositoryError.self) { try repo.rollback(function: "a.f") }
        #expect(throws: RepositoryError.self) { try repo.rollback(function: "nobody") }
        #expect(throws: RepositoryError.self) { try repo.rollback(function: "a.f", to: "0000") }
        #expect(throws: RepositoryError.self) { try repo.rollback(function: "a.f", to: try repo.head().hex) }
        #expect(try repo.head() == before)
    }

    @Test func resetMovesTheWholeSetBackAsANewCommit() throws {
        let repo = try Samples.repository()
        let v1 = try repo.commit(Samples.set(["a.f": 1, "a.g": 1]), message: "v1")
        try repo.commit(Samples.set(["a.f": 2, "a.g": 2, "a.h": 1]), message: "v2")
        let reset = try repo.rollback(to: "HEAD~1")
        #expect(try repo.commit(reset.commit!).tree == (try repo.commit(v1.commit!).tree))
        #expect(reset.events.map(\.function) == ["a.f", "a.g", "a.h"])
        #expect(reset.events.allSatisfy { $0.cause == .reset })
        #expect(try repo.log().count == 3)
    }
}

@Suite struct RevisionTests {
    @Test func gitRevisionSyntaxResolves() throws {
        let repo = try Samples.repository()
        var commits: [FunctionHash] = []
        for body in 1...4 { commits.append(try repo.commit(Samples.set(["a.f": body]), message: "v\(body)").commit!) }
        #expect(try repo.resolve("HEAD") == commits[3])
        #expect(try repo.resolve("@") == commits[3])
        #expect(try repo.resolve("main") == commits[3])
        #expect(try repo.resolve("refs/heads/main") == commits[3])
        #expect(try repo.resolve("HEAD^") == commits[2])
        #expect(try repo.resolve("HEAD~2") == commits[1])
        #expect(try repo.resolve("HEAD~1^") == commits[1])
        #expect(try repo.resolve("main~3") == commits[0])
        #expect(try repo.resolve(String(commits[1].hex.prefix(8))) == commits[1])
        #expect(try repo.resolve(commits[1].hex.uppercased()) == commits[1])
        try repo.tag("v1", at: "HEAD~3")
        #expect(try repo.resolve("v1") == commits[0])
        #expect(try repo.resolve("tags/v1") == commits[0])
        #expect(try repo.resolve("v1~0") == commits[0])
    }

    @Test(arguments: ["nosuch", "HEAD~9", "HEAD^2", "abc", "HEAD~x", "zzzz"])
    func unknownRevisionsFail(_ revision: String) throws {
        let repo = try Samples.repository()
        for body in 1...2 { try repo.commit(Samples.set(["a.f": body]), message: "v\(body)") }
        #expect(throws: RepositoryError.self) { try repo.resolve(revision) }
    }

    @Test func aBlobHashIsNotACommit() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1]), message: "v1")
        let blob = Samples.function("a.f", body: 1).hash
        let error = #expect(throws: RepositoryError.self) { try repo.resolve(blob.hex) }
        #expect(error?.description.contains("not a commit") == true)
    }

    @Test func tagsCannotBeOverwrittenWithoutForce() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1]), message: "v1")
        try repo.commit(Samples.set(["a.f": 2]), message: "v2")
        try repo.tag("stable", at: "HEAD~1")
        #expect(throws: RepositoryError.self) { try repo.tag("stable") }
        try repo.tag("stable", force: true)
        #expect(try repo.resolve("stable") == (try repo.head()))
        #expect(try repo.tags().map(\.name) == ["stable"])
        try repo.deleteTag("stable")
        #expect(try repo.tags().isEmpty)
        #expect(throws: RepositoryError.self) { try repo.deleteTag("stable") }
        #expect(throws: RepositoryError.self) { try repo.tag("bad name") }
    }

    @Test func diffBetweenRevisions() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1, "a.g": 1]), message: "v1")
        try repo.commit(Samples.set(["a.f": 2, "a.g": 1]), message: "v2")
        try repo.commit(Samples.set(["a.f": 2, "b.h": 1]), message: "v3")
        #expect(try repo.diff().functions.map(\.name) == ["a.g", "b.h"])
        #expect(try repo.diff(from: "HEAD~2").functions.map(\.name) == ["a.f", "a.g", "b.h"])
        #expect(try repo.diff(from: "HEAD~2", to: "HEAD~1").functions.map(\.kind) == [.changed])
        #expect(try repo.diff(from: "HEAD", to: "HEAD").isEmpty)
    }

    @Test func showFindsCommitsObjectsAndFunctions() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1]), message: "v1")
        guard case .commit(_, let commit, let diff) = try repo.show("HEAD") else { Issue.record("not a commit"); return }
        #expect(commit.subject == "v1")
        #expect(diff.functions.count == 1)
        guard case .function(let hash, let blob) = try repo.show("a.f") else { Issue.record("not a function"); return }
        #expect(blob.name == "a.f")
        guard case .function = try repo.show(String(hash.hex.prefix(6))) else { Issue.record("prefix"); return }
        guard case .tree(_, let tree) = try repo.show(try repo.commit(repo.head()).tree.hex) else { Issue.record("tree"); return }
        #expect(tree.entries.count == 5)
        #expect(throws: RepositoryError.self) { try repo.show("nothing-here") }
    }
}

@Suite struct DiscoveryTests {
    @Test func discoverWalksUpward() throws {
        let root = Samples.temporaryDirectory()
        try Repository.initialize(at: root)
        let deep = root + "/src/net/http"
        try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
        #expect(try Repository.discover(from: deep).gitDirectory == root + "/.blobrepo")
        #expect(try Repository.open(at: root + "/.blobrepo").gitDirectory == root + "/.blobrepo")
    }

    @Test func aFolderWithoutARepositoryIsNotOne() {
        let empty = Samples.temporaryDirectory()
        let error = #expect(throws: RepositoryError.self) { try Repository.open(at: empty) }
        #expect(error?.description.contains("not a blobrepo repository") == true)
    }

    @Test func initTwiceFails() throws {
        let root = Samples.temporaryDirectory()
        try Repository.initialize(at: root)
        #expect(throws: RepositoryError.self) { try Repository.initialize(at: root) }
    }
}
