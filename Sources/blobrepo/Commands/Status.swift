import ArgumentParser
import BlobRepo

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
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
