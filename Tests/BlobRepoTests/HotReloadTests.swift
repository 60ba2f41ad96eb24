import BlobRepo
import Foundation
import LuaVM
import Testing

/// A repository with a src/ folder, committed from the test.
struct ScriptWorkspace {
    let repository: Repository
    let source: String

    init(_ files: [String: String]) throws {
        let root = Samples.temporaryDirectory()
        repository = try Repository.initialize(at: root)
        source = root + "/src"
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws { try Samples.write(text, to: source + "/" + path) }

    func remove(_ path: String) throws { try FileManager.default.removeItem(atPath: source + "/" + path) }

    @discardableResult
    func commit(_ message: String = "change") throws -> CommitResult {
        try repository.commit(directory: source, message: message)
    }

    /// A host loaded at HEAD, following it, with output collected.
    func follow(permissions: Permissions = .all) throws -> (HotReloader, Output) {
        let output = Output()
        let host = ScriptHost(repository: repository, vm: VM(permissions: permissions))
        host.vm.output = { output.text += String(decoding: $0, as: UTF8.self) }
        return (try HotReloader(host: host), output)
    }
}

final class Output: @unchecked Sendable { var text = "" }

@Suite struct HotReloadTests {
    @Test func aChangedFunctionIsPatchedAndTheRestIsUntouched() throws {
        let space = try ScriptWorkspace([
            "game.lua": "function greet(name) return 'hello ' .. name end\nfunction add(a, b) return a + b end\n",
            "util.lua": "function twice(x) return 2 * x end\n",
        ])
        try space.commit()
        let (reloader, _) = try space.follow()
        let host = reloader.host
        #expect(try host.call("greet", [.string("ada")]) == [.string("hello ada")])
        #expect(try host.call("twice", [.integer(4)]) == [.integer(8)])
        #expect(try reloader.poll() == nil)

        try space.write("util.lua", "function twice(x) return x + x + 1 end\n")
        try space.commit()
        let reads = host.blobs.reads
        let result = try #require(try reloader.poll())
        #expect(result.updated == ["twice"])
        #expect(result.added.isEmpty && result.removed.isEmpty)
        #expect(result.unchanged == 2)
        // Only the function's blob was read: its chunk did not change.
        #expect(result.rerunFiles.isEmpty)
        #expect(host.blobs.reads == reads + 1)
        #expect(try host.call("twice", [.integer(4)]) == [.integer(9)])
        // An unchanged function keeps its decoded blob.
        #expect(host.vm.isDecoded("greet"))
        #expect(try host.call("greet", [.string("bo")]) == [.string("hello bo")])
    }

    @Test func globalsAndFileLocalsKeepTheirValuesAcrossAPatch() throws {
        let space = try ScriptWorkspace([
            "counter.lua": """
                local count = 0
                local step <const> = 1
                total = 100
                function bump() count = count + 1; total = total + 1; return count end
                function peek() return count, total end
                """,
        ])
        try space.commit()
        let (reloader, _) = try space.follow()
        let host = reloader.host
        _ = try host.call("bump")
        _ = try host.call("bump")
        // The new body counts by ten; the chunk (and so the locals) stays.
        try space.write("counter.lua", """
            local count = 0
            local step <const> = 1
            total = 100
            function bump() count = count + 10; total = total + 10; return count end
            function peek() return count, total end
            """)
        try space.commit()
        let result = try #require(try reloader.poll())
        #expect(result.updated == ["bump"])
        #expect(result.rerunFiles.isEmpty)
        #expect(try host.call("bump") == [.integer(12)])
        #expect(try host.call("peek") == [.integer(12), .integer(112)])
    }

    @Test func aNewVersionMayUseAFileLocalTheOldOneDidNotUse() throws {
        let space = try ScriptWorkspace(["secret.lua": "local secret = 42\nlocal other = 'x'\nfunction get() return 1 end\n"])
        try space.commit()
        let (reloader, _) = try space.follow()
        #expect(try reloader.host.call("get") == [.integer(1)])
        try space.write("secret.lua", "local secret = 42\nlocal other = 'x'\nfunction get() return secret, other end\n")
        try space.commit()
        let result = try #require(try reloader.poll())
        #expect(result.rerunFiles.isEmpty)
        #expect(try reloader.host.call("get") == [.integer(42), .string("x")])
    }

    @Test func aChangedChunkRunsAgainAndRemovedFunctionsBecomeNil() throws {
        let space = try ScriptWorkspace([
            "a.lua": "config = {speed = 1}\nfunction speed() return config.speed end\nfunction old() return 'old' end\n",
            "b.lua": "visits = 0\nfunction visit() visits = visits + 1; return visits end\n",
        ])
        try space.commit()
        let (reloader, output) = try space.follow()
        let host = reloader.host
        #expect(try host.call("visit") == [.integer(1)])
        try space.write("a.lua", "config = {speed = 5}\nprint('a ran')\nfunction speed() return config.speed end\n")
        try space.commit()
        let result = try #require(try reloader.poll())
        #expect(result.removed == ["old"])
        #expect(result.rerunFiles == ["a.lua"])
        #expect(output.text == "a ran\n")
        #expect(try host.call("speed") == [.integer(5)])
        #expect(throws: LuaError.self) { try host.call("old") }
        // b.lua did not run again: its global kept counting.
        #expect(try host.call("visit") == [.integer(2)])
    }

    @Test func aRunningFrameFinishesOnItsOldBlob() throws {
        let version = { (tag: String) in
            """
            function helper() return '\(tag)' end
            function work()
              local before = helper()
              reload_now()
              local after = helper()
              return before, after, '\(tag)'
            end
            """
        }
        let space = try ScriptWorkspace(["work.lua": version("v1")])
        try space.commit()
        let (reloader, _) = try space.follow()
        let host = reloader.host
        try space.write("work.lua", version("v2"))
        try space.commit()
        nonisolated(unsafe) var applied: ReloadResult?
        host.vm.register("reload_now") { _ in
            applied = try reloader.poll()
            return []
        }
        // The frame of work() started on v1 and finishes on it; the call of
        // helper() after the reload is a new call, so it runs v2.
        #expect(try host.call("work") == [.string("v1"), .string("v2"), .string("v1")])
        #expect(applied?.updated == ["helper", "work"])
        #expect(applied?.stillRunning == ["work"])
        #expect(try host.call("work") == [.string("v2"), .string("v2"), .string("v2")])
    }

    @Test func closuresFromAnOldBlobKeepWorking() throws {
        let rest = "function keep() saved = make() end\nfunction use() return saved() end\n"
        let space = try ScriptWorkspace(["make.lua": "function make() return function() return 'old' end end\n" + rest])
        try space.commit()
        let (reloader, _) = try space.follow()
        let host = reloader.host
        _ = try host.call("keep")
        try space.write("make.lua", "function make() return function() return 'new' end end\n" + rest)
        try space.commit()
        #expect(try reloader.poll()?.updated == ["make"])
        #expect(try host.call("use") == [.string("old")])
        _ = try host.call("keep")
        #expect(try host.call("use") == [.string("new")])
    }

    @Test func aReloadThatFailsLeavesTheVMAsItWas() throws {
        let space = try ScriptWorkspace([
            "a.lua": "state = 'v1'\nfunction value() return 'v1' end\n",
            "b.lua": "function other() return 'other v1' end\nfunction get_state() return state end\n",
        ])
        try space.commit()
        let (reloader, _) = try space.follow()
        let host = reloader.host
        let loaded = host.commit

        // An error in a chunk that runs again.
        try space.write("a.lua", "state = 'v2'\nfunction value() return 'v2' end\nerror('boom')\n")
        try space.write("b.lua", "function other() return 'other v2' end\nfunction get_state() return state end\n")
        try space.commit()
        #expect {
            try reloader.poll()
        } throws: { error in
            guard case let .chunkFailed(path, message) = error as? LoadError else { return false }
            return path == "a.lua" && message.contains("boom")
        }
        #expect(host.commit == loaded)
        #expect(try host.call("value") == [.string("v1")])
        #expect(try host.call("other") == [.string("other v1")])
        #expect(try host.call("get_state") == [.string("v1")])
        // The refused commit is not tried again until the ref moves on.
        #expect(try reloader.poll() == nil)

        // A missing blob.
        try space.write("a.lua", "state = 'v3'\nfunction value() return 'v3' end\n")
        let third = try space.commit()
        let valueHash = try #require(try space.repository.snapshot(commit: third.commit!).functions["value"])
        try space.repository.objects.delete(valueHash)
        #expect {
            try reloader.poll()
        } throws: { error in
            guard case let .missingBlobs(hashes) = error as? LoadError else { return false }
            return hashes == [valueHash]
        }
        #expect(try host.call("value") == [.string("v1")])
    }

    @Test func permissionsAreCheckedBeforeAnythingRuns() throws {
        let space = try ScriptWorkspace(["a.lua": "function hello() print('hi') end\nfunction pure(x) return x * 2 end\n"])
        try space.commit()
        let host = ScriptHost(repository: space.repository, vm: VM(permissions: .none))
        #expect {
            try host.load()
        } throws: { error in
            (error as? LoadError) == .notPermitted(["stdout"])
        }
        #expect(host.commit == nil)

        // A host function behind a capability the VM does not grant.
        let vm = VM(permissions: .only(["stdout"]))
        vm.register("launch", capability: "missiles") { _ in [.string("launched")] }
        vm.register("status") { _ in [.string("ok")] }
        let granted = ScriptHost(repository: space.repository, vm: vm)
        try granted.load()
        #expect(try granted.call("status") == [.string("ok")])
        #expect {
            try granted.call("launch")
        } throws: { error in
            "\(error)".contains("permission 'missiles' is not granted")
        }
    }

    @Test func reloadsAreRecordedAsEvents() throws {
        let space = try ScriptWorkspace(["a.lua": "function f() return 1 end\n"])
        try space.commit()
        let (reloader, _) = try space.follow()
        try space.write("a.lua", "function f() return 2 end\n")
        try space.commit()
        try reloader.poll()
        let events = try space.repository.log(function: "f")
        #expect(events.map(\.cause) == [.reload, .commit, .commit])
        #expect(events.first?.ref == "refs/heads/main")
        #expect(events.first?.newHash == events[1].newHash)
    }

    @Test func hostsPinWhatTheyLoaded() throws {
        let space = try ScriptWorkspace(["a.lua": "function f() return 1 end\n"])
        try space.commit()
        let (reloader, _) = try space.follow()
        #expect(try space.repository.refs.pins().count == 1)
        for value in 2...4 {
            try space.write("a.lua", "function f() return \(value) end\n")
            try space.commit()
            try reloader.poll()
        }
        // The loaded snapshot and the one before it.
        #expect(try space.repository.refs.pins().count == 2)
        reloader.host.unload()
        #expect(try space.repository.refs.pins().isEmpty)
    }
}
