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
            let ms = { (d: Duration) in String(format: "%.1f ms", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15) }
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

/// A one-line progress counter on standard error, shown only on a terminal
/// and only for work big enough to wait for.
final class Progress {
    let label: String
    let isTerminal = isatty(2) == 1
    private var shown = false

    init(label: String) { self.label = label }

    func report(_ done: Int, _ total: Int) {
        guard isTerminal, total >= 20, done == total || done % 10 == 0 else { return }
        FileHandle.standardError.write(Data("\r\(label) \(done)/\(total) files".utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what committing DIR would change, by function.")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The source directory.")
    var directory: String = "src"

    func run() throws {
        let repo = try repository.open()
        let diff = try repo.status(directory: directory)
        if diff.isEmpty { return print("Nothing to commit: no function changed.") }
        Formatting.changes(diff.functions).forEach { print($0) }
        Formatting.changes(diff.chunks).forEach { print("chunk " + $0) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compile the .lua files under DIR and report errors; store nothing.",
        discussion: "Needs no repository. Exits 1 when any file has an error.")

    @Argument(help: "The source directory.")
    var directory: String = "src"

    @Option(help: ArgumentHelp("Print how FILE parses instead: every operation in parentheses.", valueName: "FILE"))
    var print: String?

    func run() throws {
        if let file = self.print {
            Swift.print(try Repository.parseTree(file: file), terminator: "")
            return
        }
        let set = try Repository.compile(directory: directory)
        Swift.print("\(set.sources.count) files, \(set.functions.count) functions, \(set.closures.count) nested closures: no errors")
    }
}
