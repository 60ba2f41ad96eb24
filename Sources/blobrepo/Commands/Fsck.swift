import ArgumentParser
import BlobRepo

struct Fsck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fsck",
        abstract: "Verify the objects, snapshots and refs of the repository.",
        discussion: """
            Reads and verifies every object (hash, compression, declared size, canonical \
            form), walks every ref's history and snapshots, and compares the git ref files \
            with the ref database. Prints each problem; exits 1 when there is any.
            """)

    @OptionGroup var repository: RepositoryOptions

    func run() throws {
        let repo = try repository.open()
        let report = try repo.fsck()
        for problem in report.problems { print(problem) }
        for repaired in report.repairedRefFiles { print("repaired \(repaired)") }
        for tree in report.removedLoadIndexes {
            print("removed load index \(tree): it did not match its snapshot (the next load rebuilds it)")
        }
        print("checked \(report.objectsChecked) objects: \(report.problems.count) problems, \(report.unreachable) unreachable")
        if !report.isClean { throw ExitCode.failure }
    }
}
