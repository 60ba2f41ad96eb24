import BlobRepo
import Foundation
import Testing

@Suite(.serialized) struct CompileCommitTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/demo")

    /// A repository with Fixtures/demo/v1 copied to src/.
    func workspace() throws -> String {
        let directory = temporaryDirectory()
        try Binary.blobrepo(["init"], in: directory)
        try overlay("v1", onto: directory)
        return directory
    }

    func overlay(_ version: String, onto directory: String) throws {
        let source = Self.demo.appendingPathComponent(version)
        let walker = FileManager.default.enumerator(atPath: source.path)!
        for case let relative as String in walker where relative.hasSuffix(".lua") {
            let target = directory + "/src/" + relative
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
            try FileManager.default.copyItem(atPath: source.appendingPathComponent(relative).path, toPath: target)
        }
    }

    @Test func commitChangeRollbackHoldAndRelease() throws {
        let directory = try workspace()
        let first = try Binary.blobrepo(["commit", "-m", "v1"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("6 added, 0 changed, 0 removed"))
        #expect(try Binary.blobrepo(["commit"], in: directory).stdout.contains("Nothing to commit"))

        try overlay("v2", onto: directory)
        let status = try Binary.blobrepo(["status"], in: directory)
        #expect(status.lines.map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == ["M Account:deposit", "M spawn_rate"])
        let second = try Binary.blobrepo(["commit", "-m", "v2"], in: directory)
        #expect(second.stdout.contains("0 added, 2 changed, 0 removed"))
        #expect(try Binary.blobrepo(["diff"], in: directory).lines.count == 2)
        #expect(try Binary.blobrepo(["log", "Account:deposit"], in: directory).lines.count == 2)

        #expect(try Binary.blobrepo(["rollback", "Account:deposit"], in: directory).status == 0)
        let held = try Binary.blobrepo(["commit", "-m", "v2 again"], in: directory)
        #expect(held.stdout.contains("Nothing to commit"))
        #expect(held.stdout.contains("held  Account:deposit"))
        let repo = try Repository.open(at: directory)
        let v1Deposit = try repo.snapshot(commit: repo.resolve("HEAD~2")).functions["Account:deposit"]
        #expect(try repo.snapshot(commit: repo.head()).functions["Account:deposit"] == v1Deposit)

        try overlay("v3", onto: directory)
        let fixed = try Binary.blobrepo(["commit", "-m", "fix"], in: directory)
        #expect(fixed.stdout.contains("released  Account:deposit"))
        #expect(try repo.snapshot(commit: repo.head()).meta.holds.isEmpty)
        #expect(try Binary.blobrepo(["log", "Account:deposit"], in: directory).lines.count == 4)

        let git = try Binary.git(["fsck", "--strict", "--no-dangling"], in: directory)
        #expect(git.status == 0, "\(git.stderr)")
        #expect(try Binary.git(["ls-tree", "-r", "--name-only", "HEAD:src"], in: directory).lines == ["economy/account.lua", "main.lua", "spawn.lua"])
        #expect(try Binary.blobrepo(["fsck"], in: directory).status == 0)
    }

    @Test func callRunsACommittedFunctionAtAnyRevision() throws {
        let directory = try workspace()
        try Binary.blobrepo(["commit", "-m", "v1"], in: directory)
        #expect(try Binary.blobrepo(["call", "spawn_rate", "25"], in: directory).stdout == "4\n")
        #expect(try Binary.blobrepo(["call", "on_join", "\"ada\""], in: directory).stdout == "welcome, ada\n")
        try overlay("v2", onto: directory)
        try Binary.blobrepo(["commit", "-m", "v2"], in: directory)
        #expect(try Binary.blobrepo(["call", "spawn_rate", "25"], in: directory).stdout == "7\n")
        #expect(try Binary.blobrepo(["call", "--ref", "HEAD~1", "spawn_rate", "25"], in: directory).stdout == "4\n")
        // Rolling one function back changes what the next call runs.
        try Binary.blobrepo(["rollback", "spawn_rate"], in: directory)
        #expect(try Binary.blobrepo(["call", "spawn_rate", "25"], in: directory).stdout == "4\n")
        let missing = try Binary.blobrepo(["call", "nosuch"], in: directory)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no function 'nosuch'"))
        let failing = try Binary.blobrepo(["call", "spawn_rate"], in: directory)
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("spawn.lua:4: attempt to compare nil with number"))
    }

    /// Plain `call [--ref REV] [--repo PATH] FUNCTION ARGS...` is read without
    /// the argument parser; through it (`--repo=PATH`) it must do the same,
    /// and what follows FUNCTION is passed through in both.
    @Test func everySpellingOfCallMeansTheSame() throws {
        let directory = try workspace()
        try Binary.blobrepo(["commit", "-m", "v1"], in: directory)
        try overlay("v2", onto: directory)
        try Binary.blobrepo(["commit", "-m", "v2"], in: directory)
        for words in [["spawn_rate", "25"], ["--ref", "HEAD~1", "spawn_rate", "25"], ["spawn_rate", "-5"],
                      ["on_join", "\"ada\"", "--ref"], ["nosuch"], ["spawn_rate"]] {
            let plain = try Binary.blobrepo(["call"] + words, in: directory)
            let parsed = try Binary.blobrepo(["call", "--repo=" + directory] + words, in: directory)
            let elsewhere = try Binary.blobrepo(["call", "--repo", directory] + words, in: temporaryDirectory())
            for other in [parsed, elsewhere] {
                #expect(other.status == plain.status, "call \(words)")
                #expect(other.stdout == plain.stdout, "call \(words)")
                #expect(other.stderr == plain.stderr, "call \(words)")
            }
        }
        #expect(try Binary.blobrepo(["call", "--ref", "HEAD~1", "spawn_rate", "25"], in: directory).stdout == "4\n")
        let none = try Binary.blobrepo(["call"], in: directory)
        #expect(none.status != 0)
        #expect(none.stderr.contains("Missing expected argument '<function>'"), "\(none.stderr)")
    }

    /// Plain `commit [DIR] [-m MESSAGE]` is read without the argument
    /// parser; every spelling must still mean what the parser makes of it.
    @Test func everySpellingOfCommitMeansTheSame() throws {
        let directory = try workspace()
        let plain = try Binary.blobrepo(["commit", "src", "-m", "first"], in: directory)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.lines.first?.hasSuffix("] first") == true)
        try overlay("v2", onto: directory)
        // Through the parser (`--repo=PATH` is not a plain spelling), the message first.
        let parsed = try Binary.blobrepo(["commit", "--message", "second", "--repo=" + directory, "src"], in: directory)
        #expect(parsed.status == 0, "\(parsed.stderr)")
        #expect(parsed.lines.first?.hasSuffix("] second") == true)
        #expect(parsed.lines.contains { $0.hasPrefix("M  Account:deposit") }, "\(parsed.stdout)")
        #expect(try Binary.blobrepo(["commit", "-m", "again"], in: directory).stdout.contains("Nothing to commit"))
        let before = try RepositoryState(directory)
        let missing = try Binary.blobrepo(["commit", "nosuch", "-m", "none"], in: directory)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("source directory 'nosuch' does not exist"), "\(missing.stderr)")
        #expect(try RepositoryState(directory) == before)
        let log = try Binary.blobrepo(["log"], in: directory).stdout
        #expect(log.contains("second") && log.contains("first") && !log.contains("again"))
    }

    /// Plain `status [DIR]` and `log [FUNCTION] [-n N]` (with or without
    /// `--repo PATH`) are read without the argument parser too; through it
    /// (`--repo=PATH`) they must print the same.
    @Test func plainStatusAndLogMeanWhatTheParserReads() throws {
        let directory = try workspace()
        #expect(try Binary.blobrepo(["commit", "-m", "first"], in: directory).status == 0)
        try overlay("v2", onto: directory)
        let status = try Binary.blobrepo(["status"], in: directory)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("M  Account:deposit"), "\(status.stdout)")
        #expect(try Binary.blobrepo(["status", "src"], in: directory).stdout == status.stdout)
        #expect(try Binary.blobrepo(["status", "--repo", directory, "src"], in: directory).stdout == status.stdout)
        #expect(try Binary.blobrepo(["status", "--repo=" + directory, "src"], in: directory).stdout == status.stdout)
        #expect(try Binary.blobrepo(["commit", "-m", "second"], in: directory).status == 0)

        for words in [["Account:deposit"], ["Account:deposit", "-n", "1"], ["-n", "1", "Account:deposit"], ["-n", "1"], []] {
            let plain = try Binary.blobrepo(["log"] + words, in: directory)
            #expect(plain.status == 0, "\(plain.stderr)")
            #expect(!plain.stdout.isEmpty)
            let parsed = try Binary.blobrepo(["log", "--repo=" + directory] + words, in: directory)
            #expect(parsed.stdout == plain.stdout, "log \(words)")
            let elsewhere = try Binary.blobrepo(["log"] + words + ["--repo", directory], in: temporaryDirectory())
            #expect(elsewhere.stdout == plain.stdout, "log \(words) --repo")
        }
        #expect(try Binary.blobrepo(["log", "Account:deposit", "-n", "1"], in: directory).lines.count == 1)
    }

    @Test(arguments: [
        (["status", "a", "b"], "Unexpected argument 'b'"),
        (["status", "--nosuch"], "Unknown option '--nosuch'"),
        (["log", "a", "b"], "Unexpected argument 'b'"),
        (["log", "-n", "x"], "The value 'x' is invalid for '-n <n>'"),
        (["log", "-n"], "Missing value for '-n <n>'"),
        (["log", "-n", "1", "-n", "2", "--nosuch"], "Unknown option '--nosuch'"),
        (["log", "--repo"], "Missing value for '--repo <PATH>'"),
        (["status", "--repo", "/nonexistent"], "/nonexistent"),
    ])
    func statusAndLogArgumentsThePlainReaderLeavesAreTheParsers(_ arguments: [String], _ message: String) throws {
        let directory = try workspace()
        #expect(try Binary.blobrepo(["commit", "-m", "first"], in: directory).status == 0)
        let result = try Binary.blobrepo(arguments, in: directory)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test(arguments: [
        (["commit", "-m", "-x"], "Missing value for '-m <message>'"),
        (["commit", "a", "b"], "Unexpected argument 'b'"),
        (["commit", "-m", "one", "-m", "two"], ""),
        (["commit", "--nosuch"], "Unknown option '--nosuch'"),
        (["commit", "-m"], "Missing value for '-m <message>'"),
    ])
    func commitArgumentsThePlainReaderLeavesAreTheParsers(_ arguments: [String], _ message: String) throws {
        let directory = try workspace()
        let before = try RepositoryState(directory)
        let result = try Binary.blobrepo(arguments, in: directory)
        if message.isEmpty {
            // The parser takes the last of a repeated option.
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.lines.first?.hasSuffix("] two") == true)
        } else {
            #expect(result.status != 0)
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(try RepositoryState(directory) == before)
        }
    }

    @Test func commitReportsItsPhasesOnRequest() throws {
        let directory = try workspace()
        let result = try Binary.blobrepo(["commit", "--timings"], in: directory)
        #expect(result.status == 0)
        let line = result.lines.first { $0.hasPrefix("timings: ") }
        #expect(line?.contains("compile ") == true)
        #expect(line?.contains("compress ") == true)
        #expect(line?.contains("record ") == true)
    }

    @Test func showPrintsADisassembly() throws {
        let directory = try workspace()
        try Binary.blobrepo(["commit"], in: directory)
        let show = try Binary.blobrepo(["show", "spawn_rate"], in: directory)
        #expect(show.stdout.contains("function spawn_rate"))
        #expect(show.stdout.contains("LTI"))
        #expect(show.stdout.contains("GETUPVAL"))
        #expect(show.stdout.contains("RETURN1"))
    }

    @Test func aCompileErrorStoresNothing() throws {
        let directory = try workspace()
        try Binary.blobrepo(["commit"], in: directory)
        let before = try RepositoryState(directory)
        try "function broken(\n  return 1\nend\nlocal x = = 2\n".write(toFile: directory + "/src/broken.lua", atomically: true, encoding: .utf8)
        try "function Account:deposit() end\n".write(toFile: directory + "/src/zz.lua", atomically: true, encoding: .utf8)
        let result = try Binary.blobrepo(["commit", "-m", "bad"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken.lua:2:3: <name> expected near 'return'"))
        #expect(result.stderr.contains("  return 1\n    ^"))
        #expect(result.stderr.contains("nothing was committed"))
        #expect(try RepositoryState(directory) == before)
        #expect(try Binary.blobrepo(["check"], in: directory).status == 1)
        #expect(try Binary.blobrepo(["status"], in: directory).status == 1)
    }

    @Test func twoFilesDefiningOneFunctionIsAnErrorNamingBoth() throws {
        let directory = try workspace()
        try "function spawn_rate(t) return 1 end\n".write(toFile: directory + "/src/zz.lua", atomically: true, encoding: .utf8)
        let result = try Binary.blobrepo(["commit"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("zz.lua:1:1: function 'spawn_rate' is also defined at spawn.lua:3:1"))
        #expect(try Repository.open(at: directory).refs.resolve("HEAD") == nil)
    }

    @Test func checkNeedsNoRepository() throws {
        let directory = temporaryDirectory()
        let result = try Binary.blobrepo(["check", Self.demo.appendingPathComponent("v1").path], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("3 files, 6 functions"))
        #expect(try Binary.blobrepo(["check", directory + "/nowhere"], in: directory).stderr.contains("does not exist"))
    }
}
