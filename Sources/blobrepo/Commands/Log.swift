import ArgumentParser
import BlobFormat
import BlobRepo
import FoundationEssentials

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show commits, or one function's history of ReloadEvents.",
        discussion: """
            Without FUNCTION: the commits from REV (default HEAD) back, newest first.
            With FUNCTION: every time its blob changed (commit, rollback, reset, reload), newest first.

            Examples:
              blobrepo log -n 5
              blobrepo log Account:deposit --json
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "A function name (foo, M.update, Account:deposit).")
    var function: String?

    @Option(name: .customShort("n"), help: "Show at most N entries.")
    var limit: Int?

    @Option(help: "The revision to start from when listing commits.")
    var rev: String = Repository.headRef

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("-n must not be negative") }
    }

    func run() throws {
        try Self.execute((function, limit, rev, json), repository: repository.path)
    }

    typealias Invocation = (function: String?, limit: Int?, rev: String, json: Bool)

    /// The invocation that `words` (what follows `log`) spell when they are
    /// at most one FUNCTION and at most one `-n N` (N a number, not negative),
    /// in either order, and nothing else; nil for everything else (help,
    /// other options, a bad N), which the argument parser handles.
    static func plainArguments(_ words: ArraySlice<String>) -> Invocation? {
        guard let (function, count) = PlainWords.positionalAndOption(words, option: ["-n"]) else { return nil }
        var limit: Int?
        if let count {
            guard let number = Int(count), number >= 0 else { return nil }
            limit = number
        }
        return (function, limit, Repository.headRef, false)
    }

    /// Prints one function's events, or the commits from `invocation.rev`,
    /// of the repository at `path` (or the one found upward from here).
    static func execute(_ invocation: Invocation, repository path: String? = nil) throws {
        let (function, limit, rev, json) = invocation
        let repo = try RepositoryOptions.open(path: path)
        if let function {
            let events = try repo.log(function: function, limit: limit)
            if json { return print(try Formatting.json(events)) }
            for event in events {
                print("\(Formatting.eventTime(event.time))  \(event.cause.rawValue.rightPadded(8))"
                    + "  \(Formatting.short(event.oldHash)) -> \(Formatting.short(event.newHash))"
                    + "  \(event.commit.map { $0.abbreviated(12) } ?? "")  \(event.message)")
            }
            return
        }
        let entries = try repo.log(from: rev, limit: limit)
        if json { return print(try Formatting.json(entries.map(CommitRecord.init))) }
        for (index, entry) in entries.enumerated() {
            if index > 0 { print() }
            print(CommitText.render(entry.hash, entry.commit))
        }
    }
}

/// A commit as `log --json` prints it.
struct CommitRecord: Encodable {
    var hash: String
    var tree: String
    var parents: [String]
    var author: String
    var time: Int64
    var message: String

    init(_ entry: LogEntry) {
        hash = entry.hash.hex
        tree = entry.commit.tree.hex
        parents = entry.commit.parents.map(\.hex)
        author = "\(entry.commit.author.name) <\(entry.commit.author.email)>"
        time = entry.commit.author.time
        message = entry.commit.message
    }
}

/// A commit as `log` and `show` print it, in git's layout.
enum CommitText {
    static func render(_ hash: FunctionHash, _ commit: Commit) -> String {
        var lines = ["commit \(hash.hex)"]
        if commit.parents.count > 1 { lines.append("Merge: " + commit.parents.map { $0.abbreviated(7) }.joined(separator: " ")) }
        lines.append("Author: \(commit.author.name) <\(commit.author.email)>")
        lines.append("Date:   \(Formatting.gitDate(seconds: commit.author.time, timezoneMinutes: commit.author.timezoneMinutes))")
        lines.append("")
        var message = commit.message
        while message.hasSuffix("\n") { message.removeLast() }
        lines += message.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        return lines.joined(separator: "\n")
    }
}
