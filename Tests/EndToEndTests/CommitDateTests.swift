import BlobFormat
import BlobRepo
import Foundation
import Testing

/// `show` prints a commit's date as git does; git reads the same commits.
@Suite struct CommitDateTests {
    /// Times across a day and a year boundary, in zones east and west of
    /// UTC and with half hours, on single- and double-digit days.
    @Test(arguments: [(0, 0), (1_764_000_000, -300), (1_767_225_599, 330), (1_767_225_600, -570), (951_782_400, 60),
                      (1_709_164_800, -720), (1_700_000_000, 840)])
    func showPrintsTheDateGitPrints(_ time: Int64, _ zone: Int) throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/src", withIntermediateDirectories: true)
        try "function f() return 1 end\n".write(toFile: directory + "/src/a.lua", atomically: true, encoding: .utf8)
        try Binary.blobrepo(["init"], in: directory)
        try Binary.blobrepo(["commit", "-m", "first"], in: directory)
        let repo = try Repository.open(at: directory)
        let head = try repo.head()
        // HEAD's snapshot again, under a commit made at `time` in `zone`.
        let signature = Signature(name: "a", email: "a@b", time: time, timezoneMinutes: zone)
        let commit = try repo.objects.write(GitObject(kind: .commit, payload: Commit(
            tree: try repo.commit(head).tree, parents: [head], author: signature, committer: signature, message: "dated\n").encoded()))
        try repo.refs.update(.init(ref: "HEAD", expected: .at(head), new: commit, message: "dated"))
        let show = try Binary.blobrepo(["show", "HEAD"], in: directory)
        #expect(show.status == 0, "\(show.stderr)")
        let ours = show.lines.first { $0.hasPrefix("Date:") }
        let theirs = try Binary.git(["log", "-1", "--format=Date:   %ad", commit.hex], in: directory).lines.first
        #expect(ours != nil)
        #expect(ours == theirs)
    }
}
