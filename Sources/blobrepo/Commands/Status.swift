import ArgumentParser
import BlobRepo

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what committing DIR would change, by function.")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The source directory.")
    var directory: String = CommitCommand.defaultDirectory

    func run() throws {
        try Self.execute(directory, repository: repository.path)
    }

    /// The directory that `words` (what follows `status`) name when they are
    /// at most one word that does not start with `-`; nil for anything else,
    /// which the argument parser handles.
    static func plainArguments(_ words: ArraySlice<String>) -> String? {
        guard let (directory, _) = PlainWords.positionalAndOption(words, option: []) else { return nil }
        return directory ?? CommitCommand.defaultDirectory
    }

    /// Prints what committing `directory` to the repository at `path` (or
    /// the one found upward from here) would change.
    static func execute(_ directory: String, repository path: String? = nil) throws {
        // Read from now on, while the repository opens.
        let source = SourceDirectory(directory)
        let repo = try RepositoryOptions.open(path: path)
        let diff = try repo.status(source)
        ProcessLifetime.keep(repo)
        if diff.isEmpty { return print("Nothing to commit: no function changed.") }
        Formatting.changes(diff.functions).forEach { print($0) }
        Formatting.changes(diff.chunks).forEach { print("chunk " + $0) }
    }
}
