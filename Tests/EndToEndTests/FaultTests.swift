import BlobRepo
import Foundation
import Testing

@Suite(.serialized) struct FaultTests {
    func repositoryWithOneCommit(functions: Int) throws -> String {
        let directory = temporaryDirectory()
        try Binary.blobrepo(["init"], in: directory)
        #expect(try Binary.synth(["commit", ".", "\(functions)", "1"], in: directory).status == 0)
        return directory
    }

    func printedCommits(_ file: URL) -> [FunctionHash] {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        // A line cut off by the kill is not a whole hash and is skipped.
        return text.split(separator: "\n").compactMap { FunctionHash(hex: $0) }
    }

    @Test func sigkillAtAnyPointLeavesAConsistentRepository() throws {
        var random = SystemRandomNumberGenerator()
        var directory = ""
        for trial in 0..<60 {
            // A fresh repository every ten trials keeps each fsck short.
            if trial % 10 == 0 {
                if !directory.isEmpty { try checkWithGit(directory) }
                directory = try repositoryWithOneCommit(functions: 30)
            }
            let before = try Repository.open(at: directory).head()
            let output = URL(fileURLWithPath: directory).appendingPathComponent("trial-\(trial).out")
            let child = try Binary.startSynth(["loop", ".", "30", "1000", "t\(trial)"], in: directory, output: output)
            usleep(UInt32.random(in: 20_000...250_000, using: &random))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            #expect(child.terminationReason == .uncaughtSignal)

            let repo = try Repository.open(at: directory)
            let report = try repo.fsck()
            #expect(report.isClean, "trial \(trial): \(report.problems)")
            // The ref is at the last commit the child reported, or at the
            // one after it whose report the kill cut off.
            let last = printedCommits(output).last ?? before
            let head = try repo.head()
            let parent = try repo.commit(head).parents.first
            #expect(head == last || parent == last, "trial \(trial): HEAD \(head) is neither \(last) nor its child")
            #expect(!(try repo.refs.events(commit: head).isEmpty) || head == before)
        }
        try checkWithGit(directory)
    }

    /// After crashes: gc removes the debris, and both fsck agree.
    func checkWithGit(_ directory: String) throws {
        let repo = try Repository.open(at: directory)
        #expect(try repo.gc(GCOptions(pruneBefore: Date())).reachable > 0)
        #expect(try repo.fsck().isClean)
        #expect(try repo.objects.temporaryFiles().isEmpty)
        let git = try Binary.git(["fsck", "--strict", "--no-dangling"], in: directory)
        #expect(git.status == 0, "\(git.stderr)")
    }

    @Test func twoProcessesCommittingAtOnceLoseNothing() throws {
        let directory = try repositoryWithOneCommit(functions: 10)
        let outputs = ["a", "b"].map { URL(fileURLWithPath: directory).appendingPathComponent("\($0).out") }
        let writers = try zip(["A", "B"], outputs).map { label, output in
            try Binary.startSynth(["loop", ".", "10", "100", label], in: directory, output: output)
        }
        for writer in writers {
            writer.waitUntilExit()
            #expect(writer.terminationStatus == 0)
        }
        let repo = try Repository.open(at: directory)
        let log = try repo.log()
        #expect(log.count == 201)
        let subjects = Set(log.map(\.commit.subject))
        for label in ["A", "B"] {
            for step in 1...100 { #expect(subjects.contains("\(label) step \(step)")) }
        }
        let reported = Set(outputs.flatMap(printedCommits))
        #expect(reported.count == 200)
        #expect(reported.isSubset(of: Set(log.map(\.hash))))
        for commit in reported { #expect(!(try repo.refs.events(commit: commit)).isEmpty) }
        #expect(try repo.fsck().isClean)
    }

    @Test func gcDuringCommitsDeletesNothingReachable() throws {
        let directory = try repositoryWithOneCommit(functions: 20)
        let output = URL(fileURLWithPath: directory).appendingPathComponent("loop.out")
        let writer = try Binary.startSynth(["loop", ".", "20", "100", "G"], in: directory, output: output)
        var runs = 0
        while writer.isRunning || runs == 0 {
            let gc = try Binary.blobrepo(["gc", "--prune=now", "--expire=now"], in: directory)
            #expect(gc.status == 0, "\(gc.stderr)")
            runs += 1
        }
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        #expect(runs > 1)
        let repo = try Repository.open(at: directory)
        #expect(try repo.log().count == 101)
        let report = try repo.fsck()
        #expect(report.isClean, "\(report.problems)")
    }
}
