import BlobFormat
import CSQLiteOptions
import Foundation
@testable import RefStore
import TestScratch
import Testing

func makeRefStore() throws -> RefStore {
    let directory = URL(fileURLWithPath: Scratch.path("refs"))
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let store = try RefStore(path: directory.path + "/blobrepo.sqlite", gitDirectory: directory.path, create: true)
    try store.setSymbolic(RefName.head, to: RefName.defaultBranch)
    return store
}

func hash(_ text: String) -> FunctionHash { GitObject(kind: .blob, payload: Array(text.utf8)).hash }

func event(_ function: String, _ old: String?, _ new: String?, cause: ReloadEvent.Cause = .commit) -> ReloadEvent {
    ReloadEvent(time: Date(), ref: RefName.defaultBranch, function: function, oldHash: old.map(hash), newHash: new.map(hash),
                cause: cause, commit: hash("commit"), message: "m")
}

@Suite struct RefStoreTests {
    @Test func aSourceCacheKeepsItsBaseOnlyForTheWriterThatReadTheLatestGeneration() throws {
        let store = try makeRefStore()
        let entry = SourceCacheEntry(path: "a.lua", size: 3, modifiedNanoseconds: 7, inode: 9, source: hash("s"), chunk: hash("c"),
                                     functions: [.init(name: "f", hash: hash("f"), line: 1, column: 1)], closures: [hash("k")],
                                     permissions: ["stdout"])
        #expect(try store.sourceCache(root: "r").generation == 0)
        try store.updateSourceCache(.init(root: "r", entries: [entry], removed: [], readGeneration: 0, readBase: nil, base: hash("t1")))
        var first = try store.sourceCache(root: "r")
        #expect(first.generation == 1)
        #expect(first.base == hash("t1"))
        // The functions are read on request, at the generation the entries were read at.
        #expect(first.entries["a.lua"]?.functionsRead == false)
        #expect(first.entries["a.lua"]?.closures == [hash("k")])
        #expect(first.entries["a.lua"]?.permissions == ["stdout"])
        #expect(try store.functions(of: ["a.lua", "b.lua"], in: first) == ["a.lua": entry.functions])
        #expect(try store.readFunctions(into: &first))
        #expect(first.entries == ["a.lua": entry])
        // A writer that read generation 0 writes after the one above: the base is dropped.
        try store.updateSourceCache(.init(root: "r", entries: [], removed: ["a.lua"], readGeneration: 0, readBase: nil, base: hash("t2")))
        let second = try store.sourceCacheState(root: "r")
        #expect(second.generation == 2)
        #expect(second.base == nil)
        #expect(try store.sourceCache(root: "r").entries.isEmpty)
        // With a ref move, in the same transaction; a lost compare-and-swap writes neither.
        let update = SourceCacheUpdate(root: "r", entries: [entry], removed: [], readGeneration: 2, readBase: nil, base: hash("t3"))
        #expect(throws: RefStoreError.self) {
            try store.update(.init(ref: RefName.head, expected: .at(hash("x")), new: hash("c1"), message: "m", sourceCache: update))
        }
        #expect(try store.sourceCacheState(root: "r").generation == 2)
        _ = try store.update(.init(ref: RefName.head, expected: .absent, new: hash("c1"), message: "m", sourceCache: update))
        #expect(try store.sourceCacheState(root: "r").base == hash("t3"))
        #expect(try store.sourceCacheState(root: "other").generation == 0)
    }

    @Test func functionsAreReadOnlyAtTheGenerationTheEntriesWereReadAt() throws {
        let store = try makeRefStore()
        func entry(_ path: String, _ function: String) -> SourceCacheEntry {
            SourceCacheEntry(path: path, size: 1, modifiedNanoseconds: 2, inode: 3, source: hash(path), chunk: hash("c" + path),
                             functions: [.init(name: function, hash: hash(function), line: 4, column: 5)], closures: [],
                             permissions: [])
        }
        try store.updateSourceCache(.init(root: "r", entries: [entry("a.lua", "f"), entry("b.lua", "g")], removed: [],
                                          readGeneration: 0, readBase: nil))
        let cache = try store.sourceCache(root: "r")
        #expect(try store.functions(of: ["b.lua"], in: cache)?["b.lua"]?.map(\.name) == ["g"])
        var whole = cache
        #expect(try store.readFunctions(into: &whole))
        #expect(whole.entries.values.allSatisfy { $0.functionsRead })
        // Another write came between: nothing is read, and the caller reads the cache again.
        try store.updateSourceCache(.init(root: "r", entries: [entry("a.lua", "h")], removed: [], readGeneration: 1, readBase: nil))
        #expect(try store.functions(of: ["a.lua"], in: cache) == nil)
        var late = cache
        let readAfterAnotherWrite = try store.readFunctions(into: &late)
        #expect(!readAfterAnotherWrite)
        // Function records that do not read back: no answer for the patching
        // commit, and the full commit compiles the file again.
        try store.write { db in try db.execute("UPDATE source_functions SET functions = x'0000000105' WHERE path = 'a.lua'") }
        var damaged = try store.sourceCache(root: "r")
        #expect(try store.functions(of: ["a.lua"], in: damaged) == nil)
        #expect(try store.readFunctions(into: &damaged))
        #expect(Array(damaged.entries.keys) == ["b.lua"])
    }

    @Test func aRefMoveCanRebaseTheCachesOfTheTreeItLeaves() throws {
        let store = try makeRefStore()
        try store.updateSourceCache(.init(root: "r", entries: [], removed: [], readGeneration: 0, readBase: nil, base: hash("t1")))
        try store.updateSourceCache(.init(root: "other", entries: [], removed: [], readGeneration: 0, readBase: nil, base: hash("t9")))
        // A lost compare-and-swap rebases nothing.
        #expect(throws: RefStoreError.self) {
            try store.update(.init(ref: RefName.head, expected: .at(hash("x")), new: hash("c2"), message: "m",
                                   rebasedSourceCaches: (hash("t1"), hash("t2"))))
        }
        #expect(try store.sourceCacheState(root: "r").base == hash("t1"))
        _ = try store.update(.init(ref: RefName.head, expected: .absent, new: hash("c2"), message: "m",
                                   rebasedSourceCaches: (hash("t1"), hash("t2"))))
        let rebased = try store.sourceCacheState(root: "r")
        #expect(rebased.base == hash("t2") && rebased.generation == 2)
        let other = try store.sourceCacheState(root: "other")
        #expect(other.base == hash("t9") && other.generation == 1)
    }

    @Test func headIsSymbolicAndUnbornAtFirst() throws {
        let store = try makeRefStore()
        #expect(try store.resolve(RefName.head) == nil)
        #expect(try store.fullName(RefName.head) == RefName.defaultBranch)
        let head = try String(contentsOfFile: store.gitDirectory + "/HEAD", encoding: .utf8)
        #expect(head == "ref: refs/heads/main\n")
    }

    @Test func updatesMoveRefsAndRecordEventsTogether() throws {
        let store = try makeRefStore()
        let stored = try store.update(RefUpdate(ref: RefName.head, expected: .absent, new: hash("c1"),
                                                events: [event("f", nil, "f1"), event("g", nil, "g1")], message: "commit: one"))
        #expect(stored.map(\.id) == [1, 2])
        #expect(try store.resolve(RefName.head) == hash("c1"))
        #expect(try store.resolve(RefName.defaultBranch) == hash("c1"))
        let file = try String(contentsOfFile: store.gitDirectory + "/refs/heads/main", encoding: .utf8)
        #expect(file == hash("c1").hex + "\n")
        #expect(try store.eventCount() == 2)
        #expect(try store.refLog().first?.new == hash("c1"))
    }

    @Test func aLostCompareAndSwapChangesNothing() throws {
        let store = try makeRefStore()
        try store.update(RefUpdate(ref: RefName.head, expected: .absent, new: hash("c1"), events: [event("f", nil, "f1")], message: "one"))
        #expect(throws: RefStoreError.refMoved(ref: RefName.defaultBranch, expected: hash("c0"), actual: hash("c1"))) {
            try store.update(RefUpdate(ref: RefName.head, expected: .at(hash("c0")), new: hash("c2"),
                                       events: [event("f", "f1", "f2")], message: "two"))
        }
        #expect(throws: RefStoreError.refExists(RefName.defaultBranch)) {
            try store.update(RefUpdate(ref: RefName.head, expected: .absent, new: hash("c2"), message: "two"))
        }
        #expect(try store.resolve(RefName.head) == hash("c1"))
        #expect(try store.eventCount() == 1)
        #expect(try store.refLog().count == 1)
    }

    /// `beforeCommit` runs inside the transaction: another connection still
    /// sees the old ref then; what it throws leaves ref, events, log and
    /// git ref file as they were.
    @Test func beforeCommitRunsInsideTheTransactionAndCanAbortIt() throws {
        let store = try makeRefStore()
        try store.update(RefUpdate(ref: RefName.head, expected: .absent, new: hash("c1"), events: [event("f", nil, "f1")], message: "one"))
        let other = try RefStore(path: store.path, gitDirectory: store.gitDirectory)
        var seenInside: FunctionHash?
        try store.update(RefUpdate(ref: RefName.head, expected: .at(hash("c1")), new: hash("c2"), events: [event("f", "f1", "f2")],
                                   message: "two")) { () throws(RefStoreError) in
            seenInside = try other.resolve(RefName.head)
        }
        #expect(seenInside == hash("c1"))
        #expect(try other.resolve(RefName.head) == hash("c2"))

        #expect(throws: RefStoreError.storage("disk full")) {
            try store.update(RefUpdate(ref: RefName.head, expected: .at(hash("c2")), new: hash("c3"), events: [event("f", "f2", "f3")],
                                       message: "three")) { () throws(RefStoreError) in throw .storage("disk full") }
        }
        #expect(try store.resolve(RefName.head) == hash("c2"))
        #expect(try store.eventCount() == 2)
        #expect(try store.refLog().count == 2)
        let file = try String(contentsOfFile: store.gitDirectory + "/refs/heads/main", encoding: .utf8)
        #expect(file == hash("c2").hex + "\n")
    }

    @Test func functionEventsComeNewestFirstWithALimit() throws {
        let store = try makeRefStore()
        var previous: String?
        for step in 1...5 {
            let version = "f\(step)"
            try store.update(RefUpdate(ref: RefName.head, expected: .any, new: hash("c\(step)"),
                                       events: [event("f", previous, version), event("other", nil, "o\(step)")], message: "\(step)"))
            previous = version
        }
        let events = try store.events(function: "f", limit: 3)
        #expect(events.map(\.newHash) == [hash("f5"), hash("f4"), hash("f3")])
        #expect(events.first?.oldHash == hash("f4"))
        #expect(try store.events(function: "nobody").isEmpty)
        #expect(try store.events(commit: hash("commit")).count == 10)
    }

    @Test func eventTimesRoundTripToTheMillisecond() throws {
        let store = try makeRefStore()
        let time = Date(timeIntervalSince1970: 1_790_000_000.123)
        var original = event("f", nil, "f1")
        original.time = time
        try store.record([original])
        let read = try store.events(function: "f")[0]
        #expect(abs(read.time.timeIntervalSince1970 - time.timeIntervalSince1970) < 0.0005)
        #expect(read.cause == .commit)
        #expect(read.commit == hash("commit"))
    }

    @Test func rootsComeFromRecentHistoryOnly() throws {
        let store = try makeRefStore()
        var old = event("f", "ancient", "older")
        old.time = Date(timeIntervalSinceNow: -100 * 86_400)
        try store.record([old, event("f", "older", "recent")])
        let roots = try store.eventTargets(since: Date(timeIntervalSinceNow: -90 * 86_400))
        #expect(roots.contains(hash("recent")))
        #expect(roots.contains(hash("older")))
        #expect(!roots.contains(hash("ancient")))
    }

    @Test(arguments: ["main", "refs/heads/a..b", "refs/heads/.hidden", "refs/heads/x.lock", "refs/heads/a b", "refs/heads/a~1",
                      "refs/heads/", "refs//x", "refs/heads/x@{1}", "refs/heads/x:y"])
    func invalidRefNamesAreRejected(_ name: String) throws {
        let store = try makeRefStore()
        #expect(throws: RefStoreError.self) { try store.update(RefUpdate(ref: name, expected: .any, new: hash("c"), message: "x")) }
    }

    @Test func tagsAndDeletionWriteAndRemoveGitFiles() throws {
        let store = try makeRefStore()
        try store.update(RefUpdate(ref: "refs/tags/release/v1", expected: .absent, new: hash("c1"), message: "tag"))
        let path = store.gitDirectory + "/refs/tags/release/v1"
        #expect(FileManager.default.fileExists(atPath: path))
        try store.update(RefUpdate(ref: "refs/tags/release/v1", expected: .any, new: nil, message: "delete"))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: store.gitDirectory + "/refs/tags/release"))
        #expect(try store.refs().map(\.name) == ["HEAD"])
    }

    @Test func mismatchedRefFilesAreFoundAndRepaired() throws {
        let store = try makeRefStore()
        try store.update(RefUpdate(ref: RefName.head, expected: .absent, new: hash("c1"), message: "one"))
        #expect(try store.gitRefMismatches().isEmpty)
        try (hash("c0").hex + "\n").write(toFile: store.gitDirectory + "/refs/heads/main", atomically: true, encoding: .utf8)
        try (hash("x").hex + "\n").write(toFile: store.gitDirectory + "/refs/heads/stray", atomically: true, encoding: .utf8)
        let mismatches = try store.gitRefMismatches()
        #expect(mismatches.map(\.ref) == ["refs/heads/main", "refs/heads/stray"])
        try store.rewriteGitRefFiles()
        #expect(try store.gitRefMismatches().map(\.ref) == ["refs/heads/stray"])
    }

    @Test func pinsOfDeadProcessesAreDropped() throws {
        let store = try makeRefStore()
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        let identity = ProcessIdentity(pid: child.processIdentifier, startTime: 0)
        child.waitUntilExit()
        let me = ProcessIdentity.current
        #expect(me.isAlive)
        #expect(me.startTime > 0)
        try store.pin(hash("live snapshot"), for: me)
        try store.pin(hash("dead snapshot"), for: identity)
        #expect(try store.pins().count == 2)
        let live = try store.livePins()
        #expect(live.map(\.snapshot) == [hash("live snapshot")])
        #expect(try store.pins().count == 1)
        try store.unpin(live.map(\.id))
        #expect(try store.pins().isEmpty)
    }

    @Test func aRecycledProcessIdIsNotTheSameProcess() {
        var identity = ProcessIdentity.current
        identity.startTime += 1
        #expect(!identity.isAlive)
    }

    @Test func openingAMissingDatabaseIsNotARepository() {
        #expect(throws: RefStoreError.notARepository("/nonexistent")) {
            try RefStore(path: "/nonexistent/blobrepo.sqlite", gitDirectory: "/nonexistent")
        }
    }

    @Test func aDatabaseFromANewerBuildIsRefused() throws {
        let store = try makeRefStore()
        try store.write { try $0.execute("INSERT INTO grdb_migrations(identifier) VALUES ('99-from-the-future')") }
        #expect(throws: RefStoreError.newerSchema(path: store.path)) {
            try RefStore(path: store.path, gitDirectory: store.gitDirectory)
        }
    }

    @Test func reopeningKeepsEverything() throws {
        let store = try makeRefStore()
        try store.update(RefUpdate(ref: RefName.head, expected: .absent, new: hash("c1"), events: [event("f", nil, "f1")], message: "one"))
        let again = try RefStore(path: store.path, gitDirectory: store.gitDirectory)
        #expect(try again.resolve(RefName.head) == hash("c1"))
        #expect(try again.eventCount() == 1)
    }

    @Test func aReaderHoldingTheLogDoesNotStallCommits() throws {
        let store = try makeRefStore()
        let log = store.path + "-wal"
        func logSize() throws -> Int { try #require(FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) }
        try store.update(RefUpdate(ref: RefName.head, expected: .absent, new: hash("c0"), message: "0"))
        // Another connection holds a read transaction open: the log cannot be truncated meanwhile.
        let reader = try SQLiteConnection(path: store.path, create: false)
        try reader.executeScript("BEGIN")
        #expect(try reader.one("SELECT count(*) FROM ref") { $0.int(0) } == 2)
        let clock = ContinuousClock()
        let started = clock.now
        func commit(_ index: Int) throws {
            let events = (0..<20).map { event("f\($0)", "v\(index - 1)", "v\(index)") }
            try store.update(RefUpdate(ref: RefName.head, expected: .at(hash("c\(index - 1)")), new: hash("c\(index)"),
                                       events: events, message: "\(index)"))
        }
        for index in 1...40 { try commit(index) }
        #expect(clock.now - started < .seconds(20))
        #expect(try logSize() > 32 + Int(BLOBREPO_SQLITE_LOG_LIMIT) * (4096 + 24))
        try reader.executeScript("COMMIT")
        var emptied = false
        for index in 41...80 {
            try commit(index)
            if try logSize() == 0 { emptied = true }
        }
        #expect(emptied)
        #expect(try store.resolve(RefName.head) == hash("c80"))
    }

    @Test func closingKeepsTheLogForTheNextOpenAndALongLogIsTruncatedByACommit() throws {
        var store: RefStore? = try makeRefStore()
        let path = store!.path
        let gitDirectory = store!.gitDirectory
        let log = path + "-wal"
        func logSize() throws -> Int { try #require(FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) }
        try store!.update(RefUpdate(ref: RefName.head, expected: .absent, new: hash("c0"), events: [event("f", nil, "f0")], message: "0"))
        let written = try logSize()
        #expect(written > 0)
        store = nil
        // Closing neither checkpoints nor truncates the log.
        #expect(try logSize() == written)
        store = try RefStore(path: path, gitDirectory: gitDirectory)
        #expect(try store!.read { try $0.one("PRAGMA journal_mode") { $0.string(0) } } == "wal")
        #expect(try store!.resolve(RefName.head) == hash("c0"))

        // Commits across reopenings: the log never grows past the limit and
        // one commit's frames, and it is emptied along the way.
        let frame = 4096 + 24
        var largest = 0
        var emptied = false
        for index in 1...80 {
            if index % 10 == 0 { store = try RefStore(path: path, gitDirectory: gitDirectory) }
            let events = (0..<20).map { event("f\($0)", "v\(index - 1)", "v\(index)") }
            try store!.update(RefUpdate(ref: RefName.head, expected: .at(hash("c\(index - 1)")), new: hash("c\(index)"),
                                        events: events, message: "\(index)"))
            let size = try logSize()
            largest = max(largest, size)
            if size == 0 { emptied = true }
        }
        #expect(emptied)
        #expect(largest < 32 + (Int(BLOBREPO_SQLITE_LOG_LIMIT) + 16) * frame)
        store = nil
        let again = try RefStore(path: path, gitDirectory: gitDirectory)
        #expect(try again.resolve(RefName.head) == hash("c80"))
        #expect(try again.eventCount() == 1 + 80 * 20)
    }
}
