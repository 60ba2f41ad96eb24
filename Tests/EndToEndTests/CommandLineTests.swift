import BlobRepo
import Foundation
import Testing

@Suite(.serialized) struct CommandLineTests {
    /// A repository with three commits of a 40-function set made by the
    /// synth tool: v1, then three functions changed, then one more.
    func sampleRepository() throws -> String {
        let directory = temporaryDirectory()
        #expect(try Binary.blobrepo(["init"], in: directory).status == 0)
        #expect(try Binary.synth(["commit", ".", "40", "1"], in: directory).status == 0)
        #expect(try Binary.synth(["commit", ".", "40", "2", "3"], in: directory).status == 0)
        #expect(try Binary.synth(["commit", ".", "40", "3", "1"], in: directory).status == 0)
        return directory
    }

    @Test func initCreatesABareSha256GitRepository() throws {
        let directory = temporaryDirectory()
        let result = try Binary.blobrepo(["init", "project"], in: directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Initialized empty blobrepo repository"))
        let project = directory + "/project"
        #expect(try Binary.git(["rev-parse", "--show-object-format"], in: project).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "sha256")
        #expect(try Binary.git(["rev-parse", "--is-bare-repository"], in: project).stdout.hasPrefix("true"))
        #expect(try Binary.blobrepo(["init", "project"], in: directory).status == 1)
    }

    @Test func logShowsCommitsAndFunctionHistory() throws {
        let directory = try sampleRepository()
        let log = try Binary.blobrepo(["log"], in: directory)
        #expect(log.status == 0)
        #expect(log.lines.filter { $0.hasPrefix("commit ") }.count == 3)
        #expect(try Binary.blobrepo(["log", "-n", "1"], in: directory).lines.filter { $0.hasPrefix("commit ") }.count == 1)
        let history = try Binary.blobrepo(["log", "mod0.f0"], in: directory)
        #expect(history.status == 0)
        #expect(history.lines.count == 3)
        #expect(history.lines[2].contains("(none) ->"))
        let json = try Binary.blobrepo(["log", "mod0.f0", "--json"], in: directory)
        let events = try JSONDecoder.iso.decode([ReloadEvent].self, from: Data(json.stdout.utf8))
        #expect(events.map(\.cause) == [.commit, .commit, .commit])
        #expect(events[0].oldHash == events[1].newHash)
        let commits = try JSONSerialization.jsonObject(with: Data(try Binary.blobrepo(["log", "--json"], in: directory).stdout.utf8)) as? [[String: Any]]
        #expect(commits?.count == 3)
    }

    @Test func diffShowRollbackAndTagWorkTogether() throws {
        let directory = try sampleRepository()
        let diff = try Binary.blobrepo(["diff", "HEAD~2", "HEAD~1"], in: directory)
        #expect(diff.lines.map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == ["M mod0.f0", "M mod0.f2", "M mod1.f1"])
        #expect(try Binary.blobrepo(["diff"], in: directory).lines.count == 3)
        let show = try Binary.blobrepo(["show", "mod0.f0"], in: directory)
        #expect(show.stdout.contains("function mod0.f0"))
        #expect(show.stdout.contains("instructions (3)"))
        #expect(try Binary.blobrepo(["show", "HEAD~1"], in: directory).stdout.contains("Version 2 of 3 functions"))
        #expect(try Binary.blobrepo(["tag", "v1", "HEAD~2"], in: directory).status == 0)
        #expect(try Binary.blobrepo(["tag"], in: directory).stdout.hasPrefix("v1\t"))

        let rollback = try Binary.blobrepo(["rollback", "mod0.f0"], in: directory)
        #expect(rollback.status == 0, "\(rollback.stderr)")
        let history = try Binary.blobrepo(["log", "mod0.f0"], in: directory).lines
        #expect(history.first?.contains("rollback") == true)
        let reset = try Binary.blobrepo(["rollback", "--to", "v1"], in: directory)
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(try Binary.blobrepo(["diff", "v1", "HEAD"], in: directory).stdout.isEmpty)
        #expect(try Binary.blobrepo(["fsck"], in: directory).status == 0)
    }

    @Test func gitAcceptsTheRepository() throws {
        let directory = try sampleRepository()
        try Binary.blobrepo(["rollback", "mod0.f0"], in: directory)
        try Binary.blobrepo(["tag", "first", "HEAD~3"], in: directory)
        try Binary.blobrepo(["rollback", "--to", "first"], in: directory)
        try Binary.blobrepo(["gc", "--prune=now"], in: directory)
        let fsck = try Binary.git(["fsck", "--strict", "--no-dangling"], in: directory)
        #expect(fsck.status == 0, "\(fsck.stdout)\(fsck.stderr)")
        let tree = try Binary.git(["cat-file", "-p", "HEAD^{tree}"], in: directory).lines.map { $0.split(separator: "\t").last! }
        #expect(tree == ["chunks", "closures", "functions", "meta", "src"])
        // Three commits, the rollback and the reset.
        #expect(try Binary.git(["log", "--oneline"], in: directory).lines.count == 5)
        #expect(try Binary.git(["rev-parse", "first"], in: directory).status == 0)
        let functions = try Binary.git(["ls-tree", "--name-only", "HEAD:functions"], in: directory).lines
        #expect(functions.count == 40)
    }

    @Test func gcReportsWhatItRemoves() throws {
        let directory = try sampleRepository()
        let stray = try Binary.blobrepo(["hash-object", "-w", "--stdin-paths"], in: directory, input: "/etc/hostname\n")
        #expect(stray.status == 0)
        let hash = stray.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let dry = try Binary.blobrepo(["gc", "--prune=now", "--dry-run"], in: directory)
        #expect(dry.stdout.contains("would remove \(hash)"))
        let gc = try Binary.blobrepo(["gc", "--prune=now"], in: directory)
        #expect(gc.stdout.hasPrefix("Removed 1 objects"))
        #expect(try Binary.blobrepo(["show", hash], in: directory).status == 1)
        #expect(try Binary.blobrepo(["gc", "--prune=whenever"], in: directory).status != 0)
    }

    @Test func hashObjectAgreesWithGit() throws {
        let directory = try sampleRepository()
        let file = directory + "/payload.txt"
        try "some payload\n".write(toFile: file, atomically: true, encoding: .utf8)
        let ours = try Binary.blobrepo(["hash-object", file], in: directory).stdout
        let theirs = try Binary.git(["hash-object", file], in: directory).stdout
        #expect(ours == theirs)
    }

    @Test(arguments: [
        (["show", "nosuch"], "unknown revision 'nosuch'"),
        (["diff", "HEAD~7"], "unknown revision 'HEAD~7'"),
        (["log", "nosuch.fn"], "no function 'nosuch.fn'"),
        (["log", "--rev", "nosuch"], "unknown revision 'nosuch'"),
        (["rollback", "nosuch.fn"], "no function 'nosuch.fn'"),
        (["rollback", "--to", "v9"], "unknown revision 'v9'"),
        (["rollback", "mod0.f0", "--to", "ffff"], "unknown revision 'ffff'"),
        (["tag", "x", "nosuch"], "unknown revision 'nosuch'"),
        (["tag", "bad name"], "not a valid ref name"),
        (["tag", "-d", "nosuch"], "unknown revision"),
        (["rollback"], "give a FUNCTION"),
        (["log", "-n", "many"], "invalid for '-n"),
        (["log", "-n=-3"], "must not be negative"),
    ])
    func badInputFailsClearlyAndChangesNothing(_ arguments: [String], _ message: String) throws {
        let directory = try sampleRepository()
        let before = try RepositoryState(directory)
        let result = try Binary.blobrepo(arguments, in: directory)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try RepositoryState(directory) == before)
    }

    @Test func outsideARepositoryTheMessageSaysSo() throws {
        let directory = temporaryDirectory()
        for command in [["log"], ["fsck"], ["gc"], ["show"]] {
            let result = try Binary.blobrepo(command, in: directory)
            #expect(result.status == 1)
            #expect(result.stderr.contains("not a blobrepo repository"))
        }
        #expect(try Binary.blobrepo(["log", "--repo", directory + "/missing"], in: "/").stderr.contains("not a blobrepo repository"))
    }

    @Test func corruptObjectsAreNamedNeverTrusted() throws {
        let directory = try sampleRepository()
        let repo = try Repository.open(at: directory)
        let blob = try repo.snapshot(commit: repo.head()).functions["mod0.f0"]!
        let path = repo.objects.path(of: blob)
        chmod(path, 0o644)
        var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        bytes.removeLast(6)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let fsck = try Binary.blobrepo(["fsck"], in: directory)
        #expect(fsck.status == 1)
        #expect(fsck.stdout.contains("corrupt \(blob.hex)"))
        let show = try Binary.blobrepo(["show", "mod0.f0"], in: directory)
        #expect(show.status == 1)
        #expect(show.stderr.contains(blob.hex))
    }
}

extension JSONDecoder {
    static var iso: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
