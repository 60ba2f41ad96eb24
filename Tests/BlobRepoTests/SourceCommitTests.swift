import BlobRepo
import Foundation
import Testing

@Suite struct SourceCommitTests {
    /// A repository and a src/ folder with `files` (path → source), their
    /// times set a minute back so that the source cache may trust them.
    func workspace(_ files: [String: String]) throws -> (Repository, String) {
        let root = Samples.temporaryDirectory()
        let repo = try Repository.initialize(at: root)
        for (path, text) in files { try write(text, to: root + "/src/" + path) }
        return (repo, root + "/src")
    }

    func write(_ text: String, to path: String) throws { try Samples.write(text, to: path) }

    /// Commits and returns how many files were compiled.
    func commit(_ repo: Repository, _ source: String, _ message: String) throws -> (CommitResult, compiled: Int) {
        nonisolated(unsafe) var total = -1
        let result = try repo.commit(directory: source, message: message) { _, count in total = count }
        return (result, total)
    }

    /// Chunks run in the byte order of their paths, a folder's files
    /// sorting as its name with a "/" after it; hidden names and files that
    /// are not `.lua` are left out.
    @Test func filesAreFoundInTheByteOrderOfTheirPaths() throws {
        var files: [String: String] = [:]
        // Names that share their first eight bytes are told apart past them.
        for path in ["a.lua", "a/b.lua", "a0.lua", "B.lua", "b/c/d.lua", "b.lua", "ü.lua", "a/.hidden.lua", ".hidden.lua", "notes.txt",
                     "longname1.lua", "longname/x.lua", "longname.lua", "longname0.lua"] {
            files[path] = "seen = (seen or '') .. '\(path) '\n"
        }
        files["zz.lua"] = "function order() return seen end\n"
        let (repo, source) = try workspace(files)
        try repo.commit(directory: source, message: "order")
        let host = ScriptHost(repository: repo)
        try host.load()
        #expect(try host.call("order") == [.string(
            "B.lua a.lua a/b.lua a0.lua b.lua b/c/d.lua longname.lua longname/x.lua longname0.lua longname1.lua ü.lua ")])
    }

    @Test func unchangedFilesAreNotCompiledAgain() throws {
        var files: [String: String] = [:]
        for index in 0..<20 { files["m\(index).lua"] = "function f\(index)(x) return x + \(index) end\n" }
        let (repo, source) = try workspace(files)
        let first = try commit(repo, source, "first")
        #expect(first.compiled == 20)
        #expect(first.0.events.count == 20)
        let again = try commit(repo, source, "again")
        #expect(again.compiled == 0)
        #expect(!again.0.changed)
        try write("function f7(x) return x * 7 end\n", to: source + "/m7.lua")
        let edited = try commit(repo, source, "edit")
        #expect(edited.compiled == 1)
        #expect(edited.0.events.map(\.function) == ["f7"])
        // A removed file removes its functions.
        try FileManager.default.removeItem(atPath: source + "/m3.lua")
        let removed = try commit(repo, source, "remove")
        #expect(removed.0.events.map(\.function) == ["f3"])
        #expect(removed.0.events.first?.newHash == nil)
        #expect(try repo.fsck().isClean)
    }

    @Test func cachedEntriesWhoseObjectsWereCollectedAreCompiledAgain() throws {
        let (repo, source) = try workspace(["a.lua": "function a() return 1 end\n"])
        _ = try commit(repo, source, "first")
        // Move the branch to an unrelated snapshot and collect everything.
        let other = Samples.temporaryDirectory()
        try write("function z() end\n", to: other + "/z.lua")
        _ = try repo.rollback(to: "HEAD")
        try repo.refs.update(.init(ref: "HEAD", expected: .any, new: try orphan(repo), message: "rewrite"))
        _ = try repo.gc(GCOptions(pruneBefore: Date(), expireBefore: Date().addingTimeInterval(60)))
        let again = try commit(repo, source, "again")
        #expect(again.compiled == 1)
        #expect(try repo.fsck().isClean)
    }

    @Test func aRecentlyModifiedFileIsNotTrusted() throws {
        let (repo, source) = try workspace(["a.lua": "function a() return 1 end\n"])
        _ = try commit(repo, source, "first")
        try "function a() return 2 end\n".write(toFile: source + "/a.lua", atomically: false, encoding: .utf8)
        let edited = try commit(repo, source, "edit")
        #expect(edited.compiled == 1)
        #expect(edited.0.events.map(\.function) == ["a"])
    }

    @Test func statusReportsWithoutWriting() throws {
        let (repo, source) = try workspace(["a.lua": "function a() return 1 end\nfunction b() end\n"])
        _ = try commit(repo, source, "first")
        try write("function a() return 2 end\nfunction c() end\n", to: source + "/a.lua")
        let before = try repo.objects.statistics().count
        let diff = try repo.status(directory: source)
        #expect(diff.functions.map(\.name) == ["a", "b", "c"])
        #expect(diff.functions.map(\.kind) == [.changed, .removed, .added])
        #expect(try repo.objects.statistics().count == before)
    }

    func orphan(_ repo: Repository) throws -> FunctionHash {
        let set = ScriptSet(functions: ["z": Samples.closure("z", 0)], compiler: "test")
        let other = try Repository.initialize(at: Samples.temporaryDirectory())
        let result = try other.commit(set, message: "z")
        let commit = try other.commit(result.commit!)
        let snapshot = try other.snapshot(tree: commit.tree)
        for object in try snapshot.treeObjects() { try repo.objects.write(object) }
        try repo.objects.write(Samples.closure("z", 0).object)
        let orphan = Commit(tree: commit.tree, parents: [], author: commit.author, committer: commit.committer, message: "orphan\n")
        return try repo.hashObject(orphan.encoded(), kind: .commit, write: true)
    }
}
