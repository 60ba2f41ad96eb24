import BlobRepo
import Foundation
import Testing

/// Hot reload through real processes: `blobrepo watch`, and pins held by a
/// running host against `gc` in another process.
@Suite(.serialized) struct HotReloadCommandTests {
    func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    @Test func watchCommitsReloadsSurvivesCompileErrorsAndFollowsRollbacks() throws {
        let directory = temporaryDirectory()
        try Binary.blobrepo(["init"], in: directory)
        try write("function tick(n) return 'v1', n end\n", to: directory + "/src/a.lua")
        let output = URL(fileURLWithPath: directory + "/watch.out")
        let errors = URL(fileURLWithPath: directory + "/watch.err")
        let watch = try Binary.start("blobrepo", ["watch", "--call", "tick", "7", "--every", "50"], in: directory,
                                     output: output, errors: errors)
        defer { if watch.isRunning { watch.terminate() } }
        #expect(Binary.waitFor(output) { $0.contains("v1\t7\n") })

        // An edit is committed and picked up by the running loop.
        try write("function tick(n) return 'v2', n * 2 end\n", to: directory + "/src/a.lua")
        #expect(Binary.waitFor(output) { $0.contains("v2\t14\n") })

        // A compile error is reported; the loop goes on with the last good snapshot.
        try write("function tick(n) return 'v3' + end\n", to: directory + "/src/a.lua")
        #expect(Binary.waitFor(errors) { $0.contains("a.lua:1:") && $0.contains("nothing was committed") })
        let lines = (try String(contentsOf: output, encoding: .utf8)).split(separator: "\n").count
        #expect(Binary.waitFor(output) { $0.split(separator: "\n").count >= lines + 2 && $0.hasSuffix("v2\t14\n") })

        // A rollback from another process takes effect in the loop.
        let rollback = try Binary.blobrepo(["rollback", "tick"], in: directory)
        #expect(rollback.status == 0)
        #expect(Binary.waitFor(output) { $0.hasSuffix("v1\t7\n") })
        #expect(Binary.waitFor(errors) { $0.contains("reloaded") })

        // The running host is in the log of the function.
        let log = try Binary.blobrepo(["log", "tick"], in: directory)
        #expect(log.lines.first?.contains("reload") == true)

        // Ctrl-C ends the loop cleanly and releases its pins.
        #expect(try Repository.open(at: directory).refs.pins().count >= 1)
        kill(watch.processIdentifier, SIGINT)
        watch.waitUntilExit()
        #expect(watch.terminationStatus == 0)
        #expect(try Repository.open(at: directory).refs.pins().isEmpty)
    }

    @Test func watchNeedsAFunctionAndADirectory() throws {
        let directory = temporaryDirectory()
        try Binary.blobrepo(["init"], in: directory)
        let noCall = try Binary.blobrepo(["watch"], in: directory)
        #expect(noCall.status != 0)
        #expect(noCall.stderr.contains("--call"))
        let noDirectory = try Binary.blobrepo(["watch", "missing", "--call", "f"], in: directory)
        #expect(noDirectory.status != 0)
        #expect(noDirectory.stderr.contains("no directory 'missing'"))
    }

    @Test func gcKeepsWhatALiveHostPinsAndDropsItWhenTheHostIsGone() throws {
        let directory = temporaryDirectory()
        try Binary.blobrepo(["init"], in: directory)
        try write("function pinned() return 'kept while loaded' end\n", to: directory + "/src/a.lua")
        try Binary.blobrepo(["commit", "-m", "v1"], in: directory)
        let repository = try Repository.open(at: directory)
        let blob = try #require(try repository.snapshot(commit: repository.head()).functions["pinned"])

        // A real second process loads the snapshot and holds it.
        let output = URL(fileURLWithPath: directory + "/hold.out")
        let holder = try Binary.startSynth(["hold", ".", "HEAD"], in: directory, output: output)
        defer { if holder.isRunning { holder.terminate() } }
        #expect(Binary.waitFor(output) { $0.contains("loaded") })

        // Move HEAD away so that only the pin reaches the old snapshot.
        #expect(try Binary.synth(["orphan", "."], in: directory).status == 0)
        let first = try Binary.blobrepo(["gc", "--prune=now", "--expire=now"], in: directory)
        #expect(first.status == 0)
        #expect(repository.objects.contains(blob))

        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        let second = try Binary.blobrepo(["gc", "--prune=now", "--expire=now"], in: directory)
        #expect(second.status == 0)
        #expect(!repository.objects.contains(blob))
        #expect(try repository.refs.pins().isEmpty)
    }

    @Test func theExampleHostHotReloadsWhileItRuns() throws {
        let directory = temporaryDirectory()
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/EventHost/scripts")
        try FileManager.default.copyItem(atPath: examples.path, toPath: directory + "/scripts")
        try Binary.blobrepo(["init"], in: directory)
        #expect(try Binary.blobrepo(["commit", "scripts", "-m", "rules"], in: directory).status == 0)

        let output = URL(fileURLWithPath: directory + "/host.out")
        let host = try Binary.start("blobrepo-example-events", [".", "400", "20"], in: directory, output: output)
        defer { if host.isRunning { host.terminate() } }
        #expect(Binary.waitFor(output) { $0.contains("[announce] cy joined (3 players)") })

        // A new rule, committed while the host runs.
        let rules = directory + "/scripts/rules.lua"
        let text = try String(contentsOfFile: rules, encoding: .utf8)
        try text.replacingOccurrences(of: "return world.add_score(player, points)",
                                      with: "world.announce('bonus for ' .. player)\n  return world.add_score(player, points * 10)")
            .write(toFile: rules, atomically: true, encoding: .utf8)
        #expect(try Binary.blobrepo(["commit", "scripts", "-m", "bonus"], in: directory).status == 0)
        #expect(Binary.waitFor(output) { $0.contains("[reload]") && $0.contains("[announce] bonus for") })
        host.terminate()
        host.waitUntilExit()
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        let reload = try #require(lines.firstIndex { $0.hasPrefix("[reload]") })
        // Before the reload no bonus, after it one per score event; the
        // file-level count of players survived the patch.
        #expect(!lines[..<reload].contains { $0.contains("bonus") })
        #expect(lines[reload].contains("on_score"))
        #expect(lines[reload...].contains { $0.contains("bonus for") })
        #expect(!lines.contains { $0.contains("[script error]") })
    }
}
