import ArgumentParser
import BlobRepo
import Foundation

struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "Compile the .lua files under DIR and commit them.",
        discussion: """
            Compiles every .lua file under DIR (default: src) into function blobs, stores \
            the new ones, records a snapshot and a commit, moves the branch and logs one \
            ReloadEvent per function whose blob changed. Any compile error: every \
            diagnostic is printed, nothing is written, exit 1. Nothing changed: nothing is \
            written, exit 0.

            Examples:
              blobrepo commit -m "Tune spawn rates"
              blobrepo commit scripts/ -m "First version"
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The source directory.")
    var directory: String = "src"

    @Option(name: .shortAndLong, help: "The commit message.")
    var message: String = "Update scripts"

    @Flag(help: "Print how long each phase took: compile, hash, compress, write, record.")
    var timings = false

    func run() throws {
        let repo = try repository.open()
        let progress = Progress(label: "Compiling")
        let result = try repo.commit(directory: directory, message: message, progress: progress.report)
        progress.finish()
        if timings {
            let t = result.timings
            let ms = Formatting.milliseconds
            print("timings: compile \(ms(t.compile)), hash \(ms(t.hash)), compress \(ms(t.compress)), write \(ms(t.write)), record \(ms(t.record))")
        }
        guard let commit = result.commit else {
            print("Nothing to commit: no function changed.")
            for name in result.heldBack { print("held  \(name) (rolled back; its source has not changed)") }
            return
        }
        let counts = Dictionary(grouping: result.diff.functions, by: \.kind).mapValues(\.count)
        print("[\(Repository.shortName(ofRef: result.ref)) \(commit.abbreviated(12))] \(message.split(separator: "\n").first ?? "")")
        print("\(counts[.added] ?? 0) added, \(counts[.changed] ?? 0) changed, \(counts[.removed] ?? 0) removed")
        Formatting.changes(result.diff.functions).forEach { print($0) }
        for name in result.heldBack { print("held  \(name) (rolled back; its source has not changed)") }
        for name in result.released { print("released  \(name) (its source changed since the rollback)") }
    }
}
