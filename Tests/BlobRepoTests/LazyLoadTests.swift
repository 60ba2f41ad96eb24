import BlobFormat
@testable import BlobRepo
import Foundation
import LuaVM
import Testing

/// The first load of a snapshot runs from its load index: files that only
/// assign globals wait until one of their globals is used, named functions
/// wait for their first call.
@Suite struct LazyLoadTests {
    func thirtyFiles() throws -> ScriptWorkspace {
        var files: [String: String] = [:]
        for index in 0..<30 { files["m\(index).lua"] = "function f\(index)(x) return x + \(index) end\n" }
        return try ScriptWorkspace(files)
    }

    @Test func aFirstLoadReadsNothingUntilAFunctionIsUsed() throws {
        let space = try thirtyFiles()
        try space.commit()
        let host = ScriptHost(repository: space.repository)
        let result = try host.load()
        #expect(result.deferredFiles == 30)
        #expect(result.rerunFiles.isEmpty)
        #expect(host.blobs.reads == 0)
        #expect(host.vm.deferredChunkCount == 30)
        #expect(host.functionHash("f7") != nil)
        // The call reads the file's chunk (which defines f7) and f7's blob.
        #expect(try host.call("f7", [.integer(1)]) == [.integer(8)])
        #expect(host.blobs.reads == 2)
        #expect(host.vm.deferredChunkCount == 29)
        #expect(host.vm.isDecoded("f7"))
        #expect(!host.vm.isDecoded("f8"))
    }

    @Test func filesThatDoMoreRunInPlaceAndSeeOnlyEarlierFiles() throws {
        let space = try ScriptWorkspace([
            "a.lua": "function early() return 'early' end\n",
            "b.lua": "seen = {type(early), type(late)}\nfunction report() return seen[1], seen[2], late() end\n",
            "c.lua": "function late() return 'late' end\n",
        ])
        try space.commit()
        let host = ScriptHost(repository: space.repository)
        let result = try host.load()
        #expect(result.rerunFiles == ["b.lua"])
        #expect(result.deferredFiles == 2)
        #expect(try host.call("report") == [.string("function"), .string("nil"), .string("late")])
    }

    @Test func theIndexIsWrittenByTheCommitAndRebuiltWhenMissingOrDamaged() throws {
        let space = try thirtyFiles()
        let commit = try #require(try space.commit().commit)
        let tree = try space.repository.commit(commit).tree
        let path = space.repository.gitDirectory + "/load-index/" + tree.hex
        #expect(FileManager.default.fileExists(atPath: path))
        let index = try #require(space.repository.storedLoadIndex(tree: tree))
        #expect(index.files.count == 30 && index.files.allSatisfy(\.lazy))
        #expect(index.functionCount == 30)

        // Damaged: the load runs every file in place and writes a good index.
        // Indexes are always replaced whole (a mapped one never changes under a reader).
        try Data("BLOBLOAD garbage".utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        let host = ScriptHost(repository: space.repository)
        let result = try host.load()
        #expect(result.deferredFiles == 0)
        #expect(result.rerunFiles.count == 30)
        #expect(try host.call("f3", [.integer(1)]) == [.integer(4)])
        #expect(space.repository.storedLoadIndex(tree: tree) == index)

        try FileManager.default.removeItem(atPath: path)
        #expect(try ScriptHost(repository: space.repository).load().rerunFiles.count == 30)
        #expect(space.repository.storedLoadIndex(tree: tree) == index)
    }

    @Test func theIndexOfEachCommitEqualsOneBuiltFromItsSnapshot() throws {
        let space = try thirtyFiles()
        try space.write("main.lua", "print('loaded')\nlocal t = {}\nfunction t.go() end\n")
        try space.commit()
        let edits: [(String, String)] = [
            ("m3.lua", "function f3(x) return x * 3 end\n"),          // a body: the parent's index is patched
            ("main.lua", "print('loaded again')\nlocal t = {}\nfunction t.go() end\n"), // a chunk that makes the same
            ("m4.lua", "function f4(x) return x end\nfunction g4() end\n"), // a new function: built whole
            ("m5.lua", "print('now eager')\nfunction f5(x) return x end\n"),
        ]
        for (path, text) in edits {
            try space.write(path, text)
            let commit = try #require(try space.commit().commit)
            let tree = try space.repository.commit(commit).tree
            let written = try #require(space.repository.storedLoadIndex(tree: tree))
            try FileManager.default.removeItem(atPath: space.repository.gitDirectory + "/load-index/" + tree.hex)
            #expect(try space.repository.buildLoadIndex(tree: tree) == written, "after editing \(path)")
        }
        let last = try #require(space.repository.storedLoadIndex(tree: space.repository.commit(space.repository.head()).tree))
        #expect(last.files.first { $0.path == "m5.lua" }?.lazy == false)
        #expect(last.function(named: "g4") != nil)
    }

    /// Edits of function bodies store the index as a patch over the last
    /// full index, until the patch would hold more than 64 hashes (30
    /// functions: a sixteenth of them is less); every one reads as the index
    /// built whole from its snapshot.
    @Test func bodyEditsStorePatchesOverTheLastFullIndexUntilTheyGrowLarge() throws {
        let space = try thirtyFiles()
        let first = try space.repository.commit(#require(try space.commit().commit)).tree
        func stored(_ tree: FunctionHash) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: space.repository.loadIndexPath(tree)))) }
        #expect(try stored(first).starts(with: Array("BLOBLOAD".utf8)))
        var base = first
        var kinds: [String] = []
        for step in 1...40 {
            // Each edit changes a function's blob and its file's source: two hashes.
            try space.write("m\(step % 30).lua", "function f\(step % 30)(x) return x + \(100 + step) end\n")
            let tree = try space.repository.commit(#require(try space.commit().commit)).tree
            let bytes = try stored(tree)
            let patch = bytes.withUnsafeBytes { LoadIndex.patchTrees($0) }
            kinds.append(patch == nil ? "full" : "patch")
            if let patch {
                #expect(patch.base == base)
                #expect(bytes.count < 80 + 70 * 36)
            } else {
                base = tree
            }
            let read = try #require(space.repository.storedLoadIndex(tree: tree))
            try FileManager.default.removeItem(atPath: space.repository.loadIndexPath(tree))
            #expect(try space.repository.buildLoadIndex(tree: tree) == read, "step \(step)")
            // Put the stored form back: later patches build on it.
            try Data(bytes).write(to: URL(fileURLWithPath: space.repository.loadIndexPath(tree)))
        }
        // 30 functions and 30 sources, then edits of the same fields again: 60 hashes fit;
        // the first edit that would make 65 writes a full index.
        #expect(!kinds.contains("full"))
        #expect(kinds.count == 40)
    }

    @Test func aPatchGrowingPastItsLimitIsWrittenWhole() throws {
        var files: [String: String] = [:]
        for index in 0..<40 { files["m\(index).lua"] = "function f\(index)(x) return x + \(index) end\n" }
        let space = try ScriptWorkspace(files)
        try space.commit()
        var kinds: [String] = []
        for step in 0..<34 {
            try space.write("m\(step).lua", "function f\(step)(x) return x - \(step) end\n")
            let tree = try space.repository.commit(#require(try space.commit().commit)).tree
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: space.repository.loadIndexPath(tree))))
            kinds.append(bytes.withUnsafeBytes { LoadIndex.patchTrees($0) } == nil ? "full" : "patch")
            #expect(space.repository.storedLoadIndex(tree: tree) == (try space.repository.buildLoadIndex(tree: tree)))
        }
        // Each edit adds two hashes: 32 edits make 64, the 33rd would make 66.
        #expect(kinds.prefix(32).allSatisfy { $0 == "patch" })
        #expect(kinds[32] == "full")
        #expect(kinds[33] == "patch")
    }

    /// gc keeps the load indexes of the snapshots a ref or a live pin
    /// names, a patch's base while the patch needs it, and no other: an
    /// index a commit left for every snapshot would pile up for ever. A
    /// load of an old snapshot builds its index again.
    @Test func gcKeepsTheIndexesOfWhatRefsAndPinsName() throws {
        let space = try thirtyFiles()
        let repository = space.repository
        var trees = [try repository.commit(#require(try space.commit().commit)).tree]
        for index in 3..<5 {
            try space.write("m\(index).lua", "function f\(index)(x) return x * \(index) end\n")
            trees.append(try repository.commit(#require(try space.commit().commit)).tree)
        }
        #expect(trees.allSatisfy { repository.storedLoadIndex(tree: $0) != nil })
        #expect(repository.loadIndexBase(of: trees[2]) == trees[0])
        let pin = try repository.refs.pin(trees[0])
        _ = try repository.gc(GCOptions(pruneBefore: Date()))
        #expect(repository.storedLoadIndex(tree: trees[2]) != nil)  // HEAD's
        #expect(repository.storedLoadIndex(tree: trees[0]) != nil)  // pinned, and the base of HEAD's
        #expect(repository.storedLoadIndex(tree: trees[1]) == nil)
        try repository.refs.unpin([pin])
        _ = try repository.gc(GCOptions(pruneBefore: Date()))
        #expect(repository.storedLoadIndex(tree: trees[0]) == nil)
        // HEAD's patch lost its base: it was written out whole first.
        #expect(repository.loadIndexBase(of: trees[2]) == nil)
        #expect(repository.storedLoadIndex(tree: trees[2]) == (try repository.buildLoadIndex(tree: trees[2])))
        let rebuilt = try repository.buildLoadIndex(tree: trees[1])
        #expect(repository.storedLoadIndex(tree: trees[1]) == rebuilt)
        #expect(try repository.fsck().isClean)
    }

    @Test func fsckRemovesAPatchWhoseBaseIsDamaged() throws {
        let space = try thirtyFiles()
        let first = try space.repository.commit(#require(try space.commit().commit)).tree
        try space.write("m3.lua", "function f3(x) return x * 3 end\n")
        let second = try space.repository.commit(#require(try space.commit().commit)).tree
        #expect(space.repository.loadIndexBase(of: second) == first)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: space.repository.loadIndexPath(first))))
        bytes[60 + 64] = 0  // m0.lua no longer lazy
        try Data(bytes).write(to: URL(fileURLWithPath: space.repository.loadIndexPath(first)), options: .atomic)
        let report = try space.repository.fsck()
        #expect(Set(report.removedLoadIndexes) == [first.hex, second.hex])
        #expect(try ScriptHost(repository: space.repository).load().rerunFiles.count == 30)
        #expect(space.repository.storedLoadIndex(tree: second) != nil)
    }

    @Test func aCommitCanLeaveItsIndexForLater() throws {
        let space = try thirtyFiles()
        space.repository.defersLoadIndexes = true
        let first = try #require(try space.commit().commit)
        try space.write("m1.lua", "function f1(x) return -x end\n")
        let second = try #require(try space.commit().commit)
        let trees = try [first, second].map { try space.repository.commit($0).tree }
        #expect(trees.allSatisfy { space.repository.storedLoadIndex(tree: $0) == nil })
        space.repository.writePendingLoadIndexes()
        for tree in trees {
            let written = try #require(space.repository.storedLoadIndex(tree: tree))
            try FileManager.default.removeItem(atPath: space.repository.gitDirectory + "/load-index/" + tree.hex)
            #expect(try space.repository.buildLoadIndex(tree: tree) == written)
        }
    }

    @Test func fsckRemovesAnIndexThatDoesNotMatchItsSnapshot() throws {
        let space = try ScriptWorkspace(["a.lua": "print('eager')\n", "b.lua": "function f() return 1 end\n"])
        let commit = try #require(try space.commit().commit)
        let tree = try space.repository.commit(commit).tree
        #expect(try space.repository.fsck().removedLoadIndexes.isEmpty)
        // Well formed but wrong: a.lua marked lazy, so its print would never run.
        let path = space.repository.gitDirectory + "/load-index/" + tree.hex
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes[60 + 64] == 0)
        bytes[60 + 64] = 1
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        #expect(space.repository.storedLoadIndex(tree: tree)?.files.first?.lazy == true)
        let report = try space.repository.fsck()
        #expect(report.isClean)
        #expect(report.removedLoadIndexes == [tree.hex])
        #expect(!FileManager.default.fileExists(atPath: path))
        let output = Output()
        let host = ScriptHost(repository: space.repository)
        host.vm.output = { output.text += String(decoding: $0, as: UTF8.self) }
        try host.load()
        #expect(output.text == "eager\n")
    }

    @Test func aReloadAfterALazyLoadRunsWhatWaitedAndPatches() throws {
        let space = try ScriptWorkspace([
            "a.lua": "local n = 0\nfunction bump() n = n + 1 return n end\n",
            "b.lua": "function twice(x) return 2 * x end\nLIMIT = 3\n",
        ])
        try space.commit()
        let (reloader, _) = try space.follow()
        let host = reloader.host
        #expect(try host.call("bump") == [.integer(1)])
        #expect(host.vm.deferredChunkCount == 1)
        try space.write("b.lua", "function twice(x) return 2 * x + 1 end\nLIMIT = 3\n")
        try space.commit()
        let result = try #require(try reloader.poll())
        #expect(result.updated == ["twice"])
        #expect(result.rerunFiles.isEmpty)
        #expect(host.vm.deferredChunkCount == 0)
        #expect(try host.call("twice", [.integer(4)]) == [.integer(9)])
        // a.lua's file-level local kept its value.
        #expect(try host.call("bump") == [.integer(2)])
        #expect(try host.vm.call("tostring", [.string("x")]) == [.string("x")])
    }

    @Test func aLazyFileWhoseChunkIsGoneFailsWhenUsedWithAClearError() throws {
        let space = try ScriptWorkspace([
            "a.lua": "function fine() return 1 end\n",
            "b.lua": "function gone() return 2 end\n",
        ])
        let commit = try #require(try space.commit().commit)
        let chunk = try #require(space.repository.snapshot(commit: commit).chunks["b.lua"])
        try FileManager.default.removeItem(atPath: space.repository.objects.path(of: chunk))
        let host = ScriptHost(repository: space.repository)
        try host.load()
        #expect(try host.call("fine") == [.integer(1)])
        #expect {
            try host.call("gone")
        } throws: { error in
            "\(error)".contains(chunk.hex) || "\(error)".contains("missing") || "\(error)".contains("No such file")
        }
    }

    @Test func gcDropsTheIndexesOfSnapshotsNoLongerReachable() throws {
        let space = try thirtyFiles()
        let first = try #require(try space.commit().commit)
        let firstTree = try space.repository.commit(first).tree
        try space.write("m0.lua", "function f0(x) return x end\n")
        let second = try #require(try space.commit().commit)
        let indexes = space.repository.gitDirectory + "/load-index"
        #expect(try FileManager.default.contentsOfDirectory(atPath: indexes).count == 2)
        #expect(space.repository.loadIndexBase(of: try space.repository.commit(second).tree) == firstTree)
        // Cut the first commit out of history; once history expires, nothing reaches it.
        let tree = try space.repository.commit(second).tree
        let orphan = try space.repository.objects.write(GitObject(kind: .commit, payload: Commit(
            tree: tree, parents: [], author: Signature(name: "a", email: "a@b", time: 1, timezoneMinutes: 0),
            committer: Signature(name: "a", email: "a@b", time: 1, timezoneMinutes: 0), message: "orphan\n").encoded()))
        try space.repository.refs.update(.init(ref: "HEAD", expected: .at(second), new: orphan, message: "rewrite"))
        _ = try space.repository.gc(GCOptions(pruneBefore: Date(), expireBefore: Date().addingTimeInterval(60)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: indexes) == [tree.hex])
        #expect(space.repository.storedLoadIndex(tree: firstTree) == nil)
        // The second's index was a patch over the first's: it is written out whole.
        #expect(space.repository.loadIndexBase(of: tree) == nil)
        let kept = try #require(space.repository.storedLoadIndex(tree: tree))
        try FileManager.default.removeItem(atPath: space.repository.loadIndexPath(tree))
        #expect(try space.repository.buildLoadIndex(tree: tree) == kept)
    }
}
