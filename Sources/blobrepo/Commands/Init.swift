import ArgumentParser
import BlobRepo

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty repository.",
        discussion: "Creates PATH/.blobrepo, a bare SHA-256 git repository with its ref database. HEAD points at the unborn branch main.")

    @Argument(help: "The folder to create the repository in.")
    var path: String = "."

    func run() throws {
        let repository = try Repository.initialize(at: path)
        print("Initialized empty blobrepo repository in \(repository.gitDirectory)")
    }
}
