import BlobRepo
import Foundation
import Testing

@Suite struct GCTests {
    let threeWeeks = 21 * 86_400

    /// A repository with two commits, where the second replaced a.f, plus
    /// one stray blob that nothing names.
    func repositoryWithGarbage() throws -> (Repository, stray: FunctionHash) {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1, "a.g": 1]), message: "v1")
        try repo.commit(Samples.set(["a.f": 2, "a.g": 1]), message: "v2")
        let stray = try repo.hashObject(Array("nobody refers to me".utf8), write: true)
        return (repo, stray)
    }

    @Test func unreachableOldObjectsGoReachableOnesStay() throws {
        let (repo, stray) = try repositoryWithGarbage()
        try Samples.ageEverything(repo, secondsAgo: threeWeeks)
        let before = try repo.objects.statistics()
        let report = try repo.gc()
        #expect(report.removed.map(\.hash) == [stray])
        #expect(report.removedBytes > 0)
        #expect(try repo.objects.statistics().count == before.count - 1)
        #expect(try repo.fsck().isClean)
    }

    @Test func recentUnreachableObjectsAreKeptUntilPruneNow() throws {
        let (repo, stray) = try repositoryWithGarbage()
        let report = try repo.gc()
        #expect(report.removed.isEmpty)
        #expect(report.keptRecent == 1)
        #expect(repo.objects.contains(stray))
        let now = try repo.gc(GCOptions(pruneBefore: Date()))
        #expect(now.removed.map(\.hash) == [stray])
    }

    @Test func dryRunDeletesNothing() throws {
        let (repo, stray) = try repositoryWithGarbage()
        let report = try repo.gc(GCOptions(pruneBefore: Date(), dryRun: true))
        #expect(report.removed.map(\.hash) == [stray])
        #expect(repo.objects.contains(stray))
    }

    @Test func historyWithinTheExpiryKeepsOldBlobs() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1]), message: "v1")
        try repo.commit(Samples.set(["a.f": 2]), message: "v2")
        // Rewind the branch as if history had been dropped: only events and the ref log name v1 now.
        let v1 = try repo.resolve("HEAD~1")
        let v2 = try repo.head()
        try Samples.ageEverything(repo, secondsAgo: threeWeeks)
        let oldBlob = Samples.function("a.f", body: 1).hash
        try repo.refs.update(.init(ref: "HEAD", expected: .at(v2), new: try orphanCommit(repo, tree: repo.commit(v2).tree), message: "rewrite"))
        var report = try repo.gc(GCOptions(pruneBefore: Date()))
        #expect(repo.objects.contains(oldBlob))
        #expect(repo.objects.contains(v1))
        #expect(!report.removed.contains { $0.hash == oldBlob })
        // Past the expiry, history roots nothing.
        report = try repo.gc(GCOptions(pruneBefore: Date(), expireBefore: Date().addingTimeInterval(60)))
        #expect(!repo.objects.contains(oldBlob))
        #expect(!repo.objects.contains(v1))
        #expect(try repo.fsck().isClean)
    }

    @Test func pinsOfLiveProcessesKeepTheirSnapshot() throws {
        let repo = try Samples.repository()
        let v1 = try repo.commit(Samples.set(["a.f": 1]), message: "v1")
        let v2 = try repo.commit(Samples.set(["a.f": 2]), message: "v2")
        let tree = try repo.commit(v1.commit!).tree
        let oldBlob = Samples.function("a.f", body: 1).hash
        try repo.refs.pin(tree)
        // Cut v1 out of the branch's history, so only the pin names it.
        let orphan = try orphanCommit(repo, tree: repo.commit(v2.commit!).tree)
        try repo.refs.update(.init(ref: "HEAD", expected: .at(v2.commit!), new: orphan, message: "rewrite"))
        let options = GCOptions(pruneBefore: Date(), expireBefore: Date().addingTimeInterval(60))
        _ = try repo.gc(options)
        #expect(repo.objects.contains(oldBlob))
        // A pin whose process is gone roots nothing and is dropped.
        try repo.refs.unpin(try repo.refs.pins().map(\.id))
        try repo.refs.pin(tree, for: .init(pid: Int32.max - 1, startTime: 1))
        let report = try repo.gc(options)
        #expect(report.deadPinsDropped == 1)
        #expect(!repo.objects.contains(oldBlob))
    }

    @Test func gcStopsOnAnUnreadableReachableObject() throws {
        let (repo, stray) = try repositoryWithGarbage()
        let tree = try repo.commit(repo.head()).tree
        try repo.objects.delete(tree)
        #expect(throws: RepositoryError.self) { try repo.gc(GCOptions(pruneBefore: Date())) }
        #expect(repo.objects.contains(stray))
    }

    @Test func expiryDatesParseAsGitWritesThem() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(ExpiryDate.parse("now", now: now) == now)
        #expect(ExpiryDate.parse("never", now: now) == .distantPast)
        #expect(ExpiryDate.parse("2.weeks.ago", now: now) == now.addingTimeInterval(-14 * 86_400))
        #expect(ExpiryDate.parse("90 days", now: now) == now.addingTimeInterval(-90 * 86_400))
        #expect(ExpiryDate.parse("3.hours.ago", now: now) == now.addingTimeInterval(-3 * 3600))
        #expect(ExpiryDate.parse("@1700000000", now: now) == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(ExpiryDate.parse("2026-01-31", now: now) == Date(timeIntervalSince1970: 1_769_817_600))
        #expect(ExpiryDate.parse(" 2026-01-31T12:00:00Z ", now: now) == Date(timeIntervalSince1970: 1_769_817_600 + 43_200))
        #expect(ExpiryDate.parse("soon", now: now) == nil)
        #expect(ExpiryDate.parse("2.fortnights.ago", now: now) == nil)
    }

    func orphanCommit(_ repo: Repository, tree: FunctionHash) throws -> FunctionHash {
        let commit = Commit(tree: tree, parents: [], author: .init(name: "t", email: "t@t", time: 1),
                            committer: .init(name: "t", email: "t@t", time: 1), message: "orphan\n")
        return try repo.hashObject(commit.encoded(), kind: .commit, write: true)
    }
}

@Suite struct FsckTests {
    @Test func aHealthyRepositoryIsClean() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1, "b.g": 1], closures: ["a.f": Samples.closure("inner", 1)]), message: "v1")
        try repo.rollback(to: "HEAD")
        let report = try repo.fsck()
        #expect(report.isClean, "\(report.problems)")
        #expect(report.objectsChecked > 5)
    }

    @Test func aCorruptObjectIsNamed() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1]), message: "v1")
        let blob = Samples.function("a.f", body: 1).hash
        let path = repo.objects.path(of: blob)
        chmod(path, 0o644)
        var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        bytes[bytes.count - 3] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let report = try repo.fsck()
        #expect(!report.isClean)
        #expect(report.problems.contains { $0.hash == blob && $0.kind == .corruptObject })
    }

    @Test func aMissingObjectIsNamedWithWhatNeedsIt() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1]), message: "v1")
        let blob = Samples.function("a.f", body: 1).hash
        try repo.objects.delete(blob)
        let problems = try repo.fsck().problems
        #expect(problems.count == 1)
        #expect(problems.first?.kind == .missingObject)
        #expect(problems.first?.hash == blob)
        #expect(problems.first?.message.contains("function a.f") == true)
    }

    @Test func aNonCanonicalFunctionBlobIsCorrupt() throws {
        let repo = try Samples.repository()
        var bytes = FunctionBlob(name: "f").encoded()
        bytes[8] = 2  // vararg flag
        let hash = try repo.hashObject(bytes, write: true)
        #expect(try repo.fsck().problems.contains { $0.hash == hash })
    }

    @Test func aStaleRefFileIsRepairedFromTheDatabase() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1]), message: "v1")
        let file = repo.gitDirectory + "/refs/heads/main"
        try "0000\n".write(toFile: file, atomically: true, encoding: .utf8)
        let report = try repo.fsck()
        #expect(report.isClean)
        #expect(report.repairedRefFiles.map(\.ref) == ["refs/heads/main"])
        #expect(try String(contentsOfFile: file, encoding: .utf8) == (try repo.head().hex) + "\n")
        #expect(try repo.fsck().repairedRefFiles.isEmpty)
    }

    @Test func aRefFileTheDatabaseDoesNotKnowIsAProblem() throws {
        let repo = try Samples.repository()
        try repo.commit(Samples.set(["a.f": 1]), message: "v1")
        try ((try repo.head().hex) + "\n").write(toFile: repo.gitDirectory + "/refs/heads/pushed", atomically: true, encoding: .utf8)
        #expect(try repo.fsck().problems.map(\.kind) == [.refFileMismatch])
    }
}
