import ArgumentParser
import BlobRepo

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the functions added, removed and changed between two revisions.",
        discussion: """
            No REV: HEAD against its parent. One REV: REV against HEAD. Two: the first against the second.
            Each line: A (added), D (removed) or M (changed), the name, the old and new blob.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "Zero, one or two revisions.")
    var revisions: [String] = []

    @Flag(help: "Also list changed chunks (files whose top-level code changed).")
    var chunks = false

    func validate() throws {
        if revisions.count > 2 { throw ValidationError("give at most two revisions") }
    }

    func run() throws {
        let repo = try repository.open()
        let diff = switch revisions.count {
        case 0: try repo.diff()
        case 1: try repo.diff(from: revisions[0])
        default: try repo.diff(from: revisions[0], to: revisions[1])
        }
        Formatting.changes(diff.functions).forEach { print($0) }
        if chunks {
            Formatting.changes(diff.chunks).forEach { print("chunk " + $0) }
        }
    }
}
