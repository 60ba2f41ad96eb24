import ArgumentParser
import BlobRepo

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
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
        ProcessLifetime.keep(set)
    }
}
