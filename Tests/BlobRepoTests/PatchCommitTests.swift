@testable import BlobRepo
import Foundation
import RefStore
import Testing

/// A commit that patches HEAD's snapshot must make exactly the snapshot,
/// diff and events that building it whole makes.
@Suite struct PatchCommitTests {
    /// A source folder described as files of functions; rendering it gives
    /// the text of each file.
    struct Model {
        var files: [String: [String: Int]] = [:]

        func text(_ path: String) -> String {
            var text = "local M = {}\n"
            for (name, value) in files[path]!.sorted(by: { $0.key < $1.key }) {
                switch value % 4 {
                case 0: text += "function \(name)(x) return x + \(value) end\n"
                case 1: text += "function \(name)(x) return function(y) return x * y + \(value) end end\n"
                case 2: text += "function \(name)(x) print(x, \(value)) end\n"
                default: text += "function M.\(name)(x) return x - \(value) end\n"
                }
            }
            return text + "return M\n"
        }
    }

    /// Two workspaces with the same sources: `patching` commits as usual,
    /// `whole` loses its cache's base before every commit, so that it
    /// builds every snapshot whole.
    final class Pair {
        let patching: (repo: Repository, source: String)
        let whole: (repo: Repository, source: String)
        /// How many statuses took the patching path.
        var patchedStatuses = 0

        init() throws {
            func make() throws -> (Repository, String) {
                let root = Samples.temporaryDirectory()
                return (try Repository.initialize(at: root), root + "/src")
            }
            patching = try make()
            whole = try make()
        }

        func write(_ model: Model, changed paths: Set<String>) throws {
            for side in [patching, whole] {
                for path in paths {
                    let file = side.source + "/" + path
                    if model.files[path] == nil {
                        try? FileManager.default.removeItem(atPath: file)
                    } else {
                        try Samples.write(model.text(path), to: file)
                    }
                }
            }
        }

        func forgetBase(_ repo: Repository, _ source: String) throws {
            try repo.refs.updateSourceCache(SourceCacheUpdate(
                root: repo.sourceCacheKey(source), entries: [], removed: [], readGeneration: -1, readBase: nil))
        }

        /// Commits both sides and checks they agree; returns the patching side's result.
        @discardableResult
        func commit(_ message: String) throws -> CommitResult? {
            try forgetBase(whole.repo, whole.source)
            // Status first, on both sides: the same answer, and nothing written.
            let wholeStatus: Result<(diff: SnapshotDiff, patched: Bool), RepositoryError>
            do { wholeStatus = .success(try whole.repo.statusReport(SourceDirectory(whole.source))) } catch { wholeStatus = .failure(error) }
            let patchingStatus: Result<(diff: SnapshotDiff, patched: Bool), RepositoryError>
            do { patchingStatus = .success(try patching.repo.statusReport(SourceDirectory(patching.source))) } catch {
                patchingStatus = .failure(error)
            }
            switch (wholeStatus, patchingStatus) {
            case let (.success(expected), .success(actual)):
                #expect(!expected.patched)
                #expect(actual.diff == expected.diff)
                if actual.patched { patchedStatuses += 1 }
            case let (.failure(expected), .failure(actual)):
                #expect("\(actual)" == "\(expected)".replacingOccurrences(of: whole.source, with: patching.source))
            default:
                Issue.record("one side's status failed: \(wholeStatus) / \(patchingStatus)")
            }
            let expected: Result<CommitResult, RepositoryError>
            do { expected = .success(try whole.repo.commit(directory: whole.source, message: message)) } catch {
                expected = .failure(error)
            }
            let actual: Result<CommitResult, RepositoryError>
            do { actual = .success(try patching.repo.commit(directory: patching.source, message: message)) } catch {
                actual = .failure(error)
            }
            switch (expected, actual) {
            case let (.success(expected), .success(actual)):
                #expect(!expected.patched)
                #expect(actual.changed == expected.changed)
                #expect(actual.diff == expected.diff)
                #expect(actual.heldBack == expected.heldBack)
                #expect(actual.released == expected.released)
                #expect(actual.events.map { [$0.function, $0.oldHash?.hex, $0.newHash?.hex] }
                        == expected.events.map { [$0.function, $0.oldHash?.hex, $0.newHash?.hex] })
                let tree = try patching.repo.commit(patching.repo.head()).tree
                #expect(tree == (try whole.repo.commit(whole.repo.head()).tree))
                let index = try String(contentsOfFile: patching.repo.loadIndexPath(tree), encoding: .isoLatin1)
                #expect(index == (try String(contentsOfFile: whole.repo.loadIndexPath(tree), encoding: .isoLatin1)))
                return actual
            case let (.failure(expected), .failure(actual)):
                #expect("\(actual)" == "\(expected)".replacingOccurrences(of: whole.source, with: patching.source))
                return nil
            default:
                Issue.record("one side failed: \(expected) / \(actual)")
                return nil
            }
        }
    }

    @Test func patchedCommitsMatchWholeOnesThroughRandomEdits() throws {
        let pair = try Pair()
        var model = Model()
        // A fixed linear congruential sequence, so that a failing run of edits reproduces.
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        var nextName = 0
        func newName() -> String {
            nextName += 1
            return "f\(nextName)"
        }
        for index in 0..<8 {
            let path = index < 5 ? "m\(index).lua" : "lib/n\(index).lua"
            model.files[path] = [newName(): index, newName(): index + 1]
        }
        try pair.write(model, changed: Set(model.files.keys))
        try pair.commit("first")
        var patched = 0
        var last: CommitResult?
        for step in 0..<60 {
            var changed: Set<String> = []
            let paths = model.files.keys.sorted()
            let path = pick(paths)
            switch next() % 9 {
            case 0, 1, 2:  // edit a body
                if let name = model.files[path]!.keys.sorted().first { model.files[path]![name]! += 1 + Int(next() % 3) }
                changed.insert(path)
            case 3:  // add a function
                model.files[path]![newName()] = Int(next() % 100)
                changed.insert(path)
            case 4:  // remove a function
                if let name = model.files[path]!.keys.sorted().last { model.files[path]![name] = nil }
                changed.insert(path)
            case 5:  // add a file, now and then in a new folder
                let added = next() % 2 == 0 ? "new\(step).lua" : "d\(step)/new.lua"
                model.files[added] = [newName(): step]
                changed.insert(added)
            case 6:  // delete a file
                if paths.count > 3 {
                    model.files[path] = nil
                    changed.insert(path)
                }
            case 7:  // move a function to another file
                let other = pick(paths)
                if other != path, let name = model.files[path]!.keys.sorted().first {
                    model.files[other]![name] = model.files[path]![name]
                    model.files[path]![name] = nil
                    changed.formUnion([path, other])
                }
            default:  // rewrite a file unchanged
                changed.insert(path)
            }
            if step % 10 == 4 {
                // Nothing changed since the last commit: answered from HEAD's snapshot as it is.
                let unchanged = try pair.commit("nothing")
                #expect(unchanged?.commit == nil)
                #expect(unchanged?.patched == true)
            }
            try pair.write(model, changed: changed)
            let result = try pair.commit("step \(step)")
            if result?.patched == true { patched += 1 }
            last = result?.changed == true ? result : last
            if step % 15 == 7, let name = last?.events.first(where: { $0.oldHash != nil && $0.newHash != nil })?.function {
                // A rollback on both sides: the commits after it patch the rolled-back snapshot.
                _ = try pair.patching.repo.rollback(function: name)
                _ = try pair.whole.repo.rollback(function: name)
            }
        }
        #expect(patched > 40)
        #expect(pair.patchedStatuses > 40)
        #expect(try pair.patching.repo.fsck().isClean)
    }

    @Test func aNameDefinedTwiceIsReportedAsTheWholeCommitReportsIt() throws {
        let pair = try Pair()
        var model = Model()
        model.files["a.lua"] = ["f": 1]
        model.files["b.lua"] = ["g": 2]
        try pair.write(model, changed: ["a.lua", "b.lua"])
        try pair.commit("first")
        model.files["b.lua"]!["f"] = 5
        try pair.write(model, changed: ["b.lua"])
        #expect(try pair.commit("twice") == nil)
        model.files["b.lua"]!["f"] = nil
        try pair.write(model, changed: ["b.lua"])
        let fixed = try pair.commit("fixed")
        #expect(fixed?.patched == true)
        #expect(fixed?.changed == false)
    }

    @Test func aHoldSurvivesPatchedCommitsUntilItsSourceChanges() throws {
        let pair = try Pair()
        var model = Model()
        model.files["a.lua"] = ["f": 4, "g": 8]
        model.files["b.lua"] = ["h": 12]
        try pair.write(model, changed: ["a.lua", "b.lua"])
        try pair.commit("first")
        model.files["a.lua"]!["f"] = 16
        try pair.write(model, changed: ["a.lua"])
        try pair.commit("second")
        for side in [pair.patching, pair.whole] { _ = try side.repo.rollback(function: "f") }
        // The rollback moved the cache's base with HEAD: the snapshot differs
        // in the hold alone, which patching applies. Nothing changed since.
        let statusesBefore = pair.patchedStatuses
        let afterRollback = try pair.commit("after rollback")
        #expect(afterRollback?.patched == true)
        #expect(afterRollback?.commit == nil)
        #expect(afterRollback?.heldBack == ["f"])
        #expect(pair.patchedStatuses == statusesBefore + 1)
        model.files["b.lua"]!["h"] = 20
        try pair.write(model, changed: ["b.lua"])
        let kept = try pair.commit("other file")
        #expect(kept?.patched == true)
        #expect(kept?.heldBack == ["f"])
        model.files["a.lua"]!["g"] = 24
        try pair.write(model, changed: ["a.lua"])
        let stillKept = try pair.commit("same file, other function")
        #expect(stillKept?.heldBack == ["f"])
        model.files["a.lua"]!["f"] = 28
        try pair.write(model, changed: ["a.lua"])
        let released = try pair.commit("the held function changed")
        #expect(released?.patched == true)
        #expect(released?.released == ["f"])
    }

    /// A rolled-back blob may need a permission the rest of the set does
    /// not: meta keeps it while the hold lasts, on the whole and the patched
    /// path alike (a host checks meta before it loads the set).
    @Test func aHeldBlobKeepsItsPermissionsInMeta() throws {
        let pair = try Pair()
        var model = Model()
        model.files["a.lua"] = ["f": 6, "g": 8]  // f prints: stdout
        model.files["b.lua"] = ["h": 12]
        try pair.write(model, changed: ["a.lua", "b.lua"])
        try pair.commit("first")
        func permissions() throws -> [String] {
            try pair.patching.repo.snapshot(commit: pair.patching.repo.head()).meta.permissions
        }
        #expect(try permissions() == ["stdout"])
        model.files["a.lua"]!["f"] = 4
        try pair.write(model, changed: ["a.lua"])
        try pair.commit("f stops printing")
        #expect(try permissions() == [])
        for side in [pair.patching, pair.whole] { _ = try side.repo.rollback(function: "f") }
        #expect(try permissions() == ["stdout"])
        model.files["b.lua"]!["h"] = 16
        try pair.write(model, changed: ["b.lua"])
        #expect(try pair.commit("whole, the hold kept")?.heldBack == ["f"])
        #expect(try permissions() == ["stdout"])
        model.files["b.lua"]!["h"] = 20
        try pair.write(model, changed: ["b.lua"])
        let patched = try pair.commit("patched, the hold kept")
        #expect(patched?.patched == true)
        #expect(try permissions() == ["stdout"])
        model.files["a.lua"]!["f"] = 24
        try pair.write(model, changed: ["a.lua"])
        #expect(try pair.commit("the hold released")?.released == ["f"])
        #expect(try permissions() == [])
    }

    /// The permissions of a held blob's closures count as the blob's own:
    /// the whole set's permissions include every closure's.
    @Test func aHeldBlobsClosuresKeepTheirPermissionsInMeta() throws {
        let space = try ScriptWorkspace(["a.lua": "function f() return function() print('x') end end\n"])
        func permissions() throws -> [String] { try space.repository.snapshot(commit: space.repository.head()).meta.permissions }
        try space.commit()
        #expect(try permissions() == ["stdout"])
        try space.write("a.lua", "function f() return function() return 1 end end\n")
        try space.commit()
        #expect(try permissions() == [])
        _ = try space.repository.rollback(function: "f")
        #expect(try permissions() == ["stdout"])
        try space.write("b.lua", "function g() return 2 end\n")
        #expect(try space.commit().patched)
        #expect(try permissions() == ["stdout"])
    }

    @Test func anotherWriterOfTheCacheMakesTheNextCommitBuildWhole() throws {
        let (repo, source) = (try Samples.repository(), Samples.temporaryDirectory())
        try Samples.write("function a() return 1 end\n", to: source + "/a.lua")
        try repo.commit(directory: source, message: "first")
        try Samples.write("function a() return 2 end\n", to: source + "/a.lua")
        #expect(try repo.commit(directory: source, message: "patched").patched)
        // A second handle on the same repository (another process) commits.
        let other = try Repository.open(at: repo.gitDirectory)
        try Samples.write("function a() return 3 end\n", to: source + "/a.lua")
        #expect(try other.commit(directory: source, message: "other").patched)
        // This process's memo is a generation behind: it reads the cache again.
        try Samples.write("function a() return 4 end\n", to: source + "/a.lua")
        let next = try repo.commit(directory: source, message: "next")
        #expect(next.patched)
        #expect(next.events.map(\.function) == ["a"])
        #expect(try repo.fsck().isClean)
    }

    /// What a patch reads of HEAD is read only when HEAD's commit names
    /// the snapshot asked for; the `functions/` tree, only when asked for,
    /// is handed over once, and only as the tree asked for.
    @Test func headsSnapshotIsPrefetchedOnlyWhenHeadNamesItAndItsTreeHandedOverOnce() throws {
        let (repo, source) = (try Samples.repository(), Samples.temporaryDirectory())
        try Samples.write("function a() return 1 end\nfunction b() return 2 end\n", to: source + "/a.lua")
        try repo.commit(directory: source, message: "first")
        let head = try repo.head()
        let tree = try repo.commit(head).tree
        let root = try repo.storedTree(tree)
        let functions = try #require(root["functions"]).hash
        let meta = try #require(root["meta"]).hash
        let expected = try repo.object(functions).payload

        let wrong = HeadPrefetch(repo, commit: head, tree: functions, functions: true, unverified: false)
        #expect(try wrong.namesTree() == false)
        #expect(wrong.root(of: functions) == nil)
        #expect(wrong.meta(meta) == nil)
        #expect(wrong.take(functions) == nil)

        let prefetch = HeadPrefetch(repo, commit: head, tree: tree, functions: true, unverified: true)
        #expect(try prefetch.namesTree())
        #expect(prefetch.root(of: tree) == root)
        #expect(prefetch.root(of: functions) == nil)
        #expect(prefetch.meta(meta) == (try repo.storedMeta(meta)))
        #expect(prefetch.meta(functions) == nil)
        #expect(prefetch.take(tree) == nil)
        #expect(prefetch.take(functions) == expected)
        #expect(prefetch.take(functions) == nil)

        let withoutTree = HeadPrefetch(repo, commit: head, tree: tree, functions: false, unverified: false)
        #expect(try withoutTree.namesTree())
        #expect(withoutTree.root(of: tree) == root)
        #expect(withoutTree.take(functions) == nil)
    }

    /// A HEAD commit that cannot be read is reported as it was before the
    /// read moved beside the compile: the commit fails with the error.
    @Test func aPrefetchOfAMissingHeadCommitThrowsWhatTheReadThrew() throws {
        let (repo, source) = (try Samples.repository(), Samples.temporaryDirectory())
        try Samples.write("function a() return 1 end\n", to: source + "/a.lua")
        try repo.commit(directory: source, message: "first")
        let tree = try repo.commit(try repo.head()).tree
        let missing = try #require(FunctionHash(hex: String(repeating: "ab", count: 32)))
        let prefetch = HeadPrefetch(repo, commit: missing, tree: tree, functions: true, unverified: false)
        #expect(throws: RepositoryError.self) { try prefetch.namesTree() }
        #expect(prefetch.root(of: tree) == nil)
    }

    /// HEAD's `functions/` tree is checked while the new objects sync: a
    /// stored tree that is not what its name says stops the commit there,
    /// with the ref, the events and the load indexes as they were and no
    /// new object in place.
    @Test func aDamagedFunctionsTreeStopsAPatchedCommitBeforeTheRefMoves() throws {
        let (repo, source) = (try Samples.repository(), Samples.temporaryDirectory())
        try Samples.write("function a() return 1 end\nfunction b() return 2 end\n", to: source + "/a.lua")
        try repo.commit(directory: source, message: "first")
        let head = try repo.head()
        let functions = try #require(try repo.storedTree(try repo.commit(head).tree)["functions"]).hash
        // Another tree (one hash changed), stored under the functions tree's name.
        var payload = try repo.object(functions).payload
        payload[payload.count - 1] ^= 0xFF
        let impostor = GitObject(kind: .tree, payload: payload)
        try repo.objects.write(impostor)
        let path = repo.objects.path(of: functions)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: repo.objects.path(of: impostor.hash), toPath: path)
        let indexes = try FileManager.default.contentsOfDirectory(atPath: repo.loadIndexDirectory).sorted()
        let events = try repo.refs.eventCount()

        try Samples.write("function a() return 10 end\nfunction b() return 2 end\n", to: source + "/a.lua")
        let error = #expect(throws: RepositoryError.self) { try repo.commit(directory: source, message: "second") }
        guard case .objects(.hashMismatch(functions, actual: impostor.hash)) = error else {
            Issue.record("expected the functions tree's hash mismatch, got \(String(describing: error))")
            return
        }
        #expect(try repo.head() == head)
        #expect(try repo.refs.eventCount() == events)
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo.loadIndexDirectory).sorted() == indexes)
        #expect(try repo.objects.temporaryFiles().isEmpty)
    }

    /// Every object HEAD's snapshot names is stored and reachable: a patched
    /// commit neither writes nor freshens them (the racily written ones of a
    /// second ago are the exception gc already leaves alone).
    @Test func aPatchedCommitWritesOnlyWhatItsParentLacks() throws {
        let (repo, source) = (try Samples.repository(), Samples.temporaryDirectory())
        for index in 0..<4 {
            try Samples.write("function f\(index)() return \(index) end\nfunction g\(index)() return -\(index) end\n",
                              to: source + "/mod\(index % 2)/file\(index).lua")
        }
        try repo.commit(directory: source, message: "first")
        let objects = repo.gitDirectory + "/objects"
        var before: [String: Int] = [:]
        for folder in try FileManager.default.contentsOfDirectory(atPath: objects) where folder.count == 2 {
            for name in try FileManager.default.contentsOfDirectory(atPath: objects + "/" + folder) {
                let path = objects + "/" + folder + "/" + name
                var times = [timeval(tv_sec: 1_000_000_000, tv_usec: 0), timeval(tv_sec: 1_000_000_000, tv_usec: 0)]
                #expect(utimes(path, &times) == 0)
                before[path] = 1_000_000_000
            }
        }
        Thread.sleep(forTimeInterval: 1.1)
        try Samples.write("function f2() return 20 end\nfunction g2() return -2 end\n", to: source + "/mod0/file2.lua")
        let result = try repo.commit(directory: source, message: "one function")
        #expect(result.patched)
        var written = 0
        for folder in try FileManager.default.contentsOfDirectory(atPath: objects) where folder.count == 2 {
            for name in try FileManager.default.contentsOfDirectory(atPath: objects + "/" + folder) {
                let path = objects + "/" + folder + "/" + name
                let modified = try #require(FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
                if let old = before[path] {
                    #expect(Int(modified.timeIntervalSince1970) == old, "\(path) was written or freshened")
                } else {
                    written += 1
                }
            }
        }
        // The function and source blobs, functions/, src/mod0/, src/, the root tree and the commit.
        #expect(written == 7)
        #expect(result.objectsWritten == written)
        #expect(try repo.fsck().isClean)
    }
}
