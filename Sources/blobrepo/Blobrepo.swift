import ArgumentParser
import BlobRepo

@main
struct Blobrepo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blobrepo",
        abstract: "A content-addressed repository of compiled script functions.",
        discussion: """
            blobrepo versions script sets the way git versions files, but its unit is the \
            compiled function. The repository (.blobrepo) is also a bare SHA-256 git \
            repository: `git --git-dir=.blobrepo log` works on it.

            Revisions (REV) are written as in git: HEAD, a branch or tag name, a full or \
            abbreviated hash (4+ hex digits), each followed by ~N, ^ or ^N.
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, CommitCommand.self, Status.self, Check.self, Run.self, Call.self, Watch.self, Log.self, Show.self, Diff.self, Rollback.self, Tag.self,
            GC.self, Fsck.self, HashObject.self,
        ]
    )

    /// Parses the command line and runs the command. `run`, `commit`,
    /// `status`, `log` and `call` with plain arguments skip the parser: they
    /// are the commands whose start-up time shows, and the parser's
    /// reflection over every command's options (and its check for a
    /// completion-script request) costs 2–3 ms, more than `log FUNCTION`
    /// itself.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let words = arguments.dropFirst()
        if arguments.first == "run", let plain = Run.plainArguments(words) {
            Run.execute(plain)
        }
        do {
            // `call` passes what follows FUNCTION through, `--repo` included.
            if arguments.first == "call" {
                if let (plain, repository) = Call.plainArguments(words) { return try Call.execute(plain, repository: repository) }
            } else if let (words, repository) = PlainWords.repository(words) {
                switch arguments.first {
                case "commit":
                    if let plain = CommitCommand.plainArguments(words) { return try CommitCommand.execute(plain, repository: repository) }
                case "status":
                    if let plain = Status.plainArguments(words) { return try Status.execute(plain, repository: repository) }
                case "log":
                    if let plain = Log.plainArguments(words) { return try Log.execute(plain, repository: repository) }
                default: break
                }
            }
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// Options every command that works on an existing repository takes.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .customLong("repo"), help: ArgumentHelp(
        "The repository: a .blobrepo directory or a folder that holds one (default: search upward from here).",
        valueName: "PATH"))
    var path: String?

    func open() throws -> Repository {
        try Self.open(path: path)
    }

    /// The repository at `path`, or the one found upward from here.
    static func open(path: String?) throws -> Repository {
        if let path { return try Repository.open(at: path) }
        return try Repository.discover()
    }
}

/// A failure the command itself detects, printed as `Error: message`.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The plain spellings of the commands that skip the argument parser, read
/// by hand; anything else is left to the parser (nil).
enum PlainWords {
    /// `words` without their one `--repo PATH`, and PATH (nil when there is
    /// none); nil when `--repo` comes twice or without a plain value.
    static func repository(_ words: ArraySlice<String>) -> (words: ArraySlice<String>, path: String?)? {
        guard let at = words.firstIndex(of: "--repo") else { return (words, nil) }
        let value = words.index(after: at)
        guard value < words.endIndex, !words[value].hasPrefix("-"),
              !words[words.index(after: value)...].contains("--repo") else { return nil }
        return (words[..<at] + words[words.index(after: value)...], words[value])
    }

    /// The one word of `words` that does not start with `-` and the value of
    /// the one option named in `option` (a value that does not start with
    /// `-`), each optional, in either order; nil for anything else.
    static func positionalAndOption(_ words: ArraySlice<String>, option: Set<String>) -> (positional: String?, value: String?)? {
        var positional: String?
        var value: String?
        var rest = words
        while let word = rest.first {
            if option.contains(word) {
                guard value == nil, rest.count >= 2, !rest[rest.startIndex + 1].hasPrefix("-") else { return nil }
                value = rest[rest.startIndex + 1]
                rest = rest.dropFirst(2)
            } else if positional == nil, !word.hasPrefix("-") {
                positional = word
                rest = rest.dropFirst()
            } else {
                return nil
            }
        }
        return (positional, value)
    }
}
