import ArgumentParser
import BlobRepo

struct Tag: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Create, list or delete tags.",
        discussion: """
            blobrepo tag                 list tags
            blobrepo tag v1 [REV]        tag REV (default HEAD) as v1
            blobrepo tag -d v1           delete the tag v1
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The tag's name.")
    var name: String?

    @Argument(help: "The revision to tag.")
    var revision: String = Repository.headRef

    @Flag(name: .shortAndLong, help: "Delete the tag.")
    var delete = false

    @Flag(name: .shortAndLong, help: "Move an existing tag.")
    var force = false

    func validate() throws {
        if delete, name == nil { throw ValidationError("-d needs a tag name") }
    }

    func run() throws {
        let repo = try repository.open()
        guard let name else {
            for tag in try repo.tags() { print("\(tag.name)\t\(tag.target.abbreviated(12))") }
            return
        }
        if delete {
            try repo.deleteTag(name)
            print("Deleted tag \(name)")
        } else {
            let target = try repo.tag(name, at: revision, force: force)
            print("Tagged \(target.abbreviated(12)) as \(name)")
        }
    }
}
