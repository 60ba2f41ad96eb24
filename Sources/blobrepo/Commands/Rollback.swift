import ArgumentParser
import BlobRepo

struct Rollback: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Point one function back at an earlier blob, or the whole set at an earlier commit.",
        discussion: """
            blobrepo rollback FUNCTION          back to its previous blob in its log
            blobrepo rollback FUNCTION --to H   to the blob H (a hash or unique prefix)
            blobrepo rollback --to REV          the whole script set to REV's snapshot

            Either way a new commit is made (history is never rewritten) and ReloadEvents \
            are recorded (cause rollback or reset). A rolled-back function stays held: a \
            later commit that brings back the blob it undid keeps the rolled-back one.
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The function to roll back.")
    var function: String?

    @Option(help: ArgumentHelp("With FUNCTION, the blob to roll back to; alone, the revision to reset to.", valueName: "HASH|REV"))
    var to: String?

    func validate() throws {
        if function == nil, to == nil { throw ValidationError("give a FUNCTION, --to REV, or both") }
    }

    func run() throws {
        let repo = try repository.open()
        let result = if let function { try repo.rollback(function: function, to: to) } else { try repo.rollback(to: to!) }
        guard let commit = result.commit else {
            print("Nothing to do: the snapshot is already there.")
            return
        }
        print("[\(Repository.shortName(ofRef: result.ref)) \(commit.abbreviated(12))] \(function.map { "rolled back \($0)" } ?? "reset to \(to!)")")
        Formatting.changes(result.diff.functions).forEach { print($0) }
    }
}
