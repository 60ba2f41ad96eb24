import ArgumentParser
import BlobRepo
import FoundationEssentials

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
    var directory: String = Self.defaultDirectory

    @Option(name: .shortAndLong, help: "The commit message.")
    var message: String = Self.defaultMessage

    @Flag(help: "Print how long each phase took: compile, hash, compress, write, record.")
    var timings = false

    static let defaultDirectory = "src"
    static let defaultMessage = "Update scripts"

    func run() throws {
        try Self.execute((directory, message), repository: repository.path, timings: timings)
    }

    typealias Invocation = (directory: String, message: String)

    /// The invocation that `words` (what follows `commit`) spell when they are
    /// at most one DIR and at most one `-m MESSAGE`, in either order, and no
    /// word starts with `-` otherwise; nil for everything else (help, other
    /// options), which the argument parser handles. A deploy script commits
    /// often, and describing every command's options by reflection costs a
    /// few milliseconds of each commit.
    static func plainArguments(_ words: ArraySlice<String>) -> Invocation? {
        guard let (directory, message) = PlainWords.positionalAndOption(words, option: ["-m", "--message"]) else { return nil }
        return (directory ?? defaultDirectory, message ?? defaultMessage)
    }

    /// Commits `invocation.directory` to the repository at `path` (or the
    /// one found upward from here) and prints what changed.
    static func execute(_ invocation: Invocation, repository path: String? = nil, timings: Bool = false) throws {
        // Read from now on, while the repository opens.
        let source = SourceDirectory(invocation.directory)
        let repo = try RepositoryOptions.open(path: path)
        let progress = Progress(label: "Compiling")
        let result = try repo.commit(source, message: invocation.message, progress: progress.report)
        progress.finish()
        // The repository's caches and its database connection go with the
        // process (the commit is on disk; closing would only free memory).
        ProcessLifetime.keep(repo)
        ProcessLifetime.keep(result)
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
        print("[\(Repository.shortName(ofRef: result.ref)) \(commit.abbreviated(12))] \(invocation.message.split(separator: "\n").first ?? "")")
        print("\(counts[.added] ?? 0) added, \(counts[.changed] ?? 0) changed, \(counts[.removed] ?? 0) removed")
        Formatting.changes(result.diff.functions).forEach { print($0) }
        for name in result.heldBack { print("held  \(name) (rolled back; its source has not changed)") }
        for name in result.released { print("released  \(name) (its source changed since the rollback)") }
    }
}
