import ArgumentParser
import BlobRepo
import Foundation

struct Call: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call a function of a committed snapshot.",
        discussion: """
            Loads the snapshot at REV (default HEAD) into a fresh VM, runs its chunks in \
            path order, calls FUNCTION with the arguments (Lua expressions: 42, '"text"', \
            '{1, 2}') and prints the results as print would. A Lua error prints its message \
            and exits 1.

            Examples:
              blobrepo call spawn_rate 25
              blobrepo call --ref HEAD~1 on_join '"ada"'
            """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The revision to load.")
    var ref: String = "HEAD"

    @Argument(help: "The function (foo, M.f, Account:deposit).")
    var function: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments, as Lua expressions.")
    var arguments: [String] = []

    func run() throws {
        let repo = try repository.open()
        let standardOutput = FileHandle.standardOutput
        do {
            let host = ScriptHost(repository: repo)
            host.vm.output = { standardOutput.write(Data($0)) }
            try host.load(ref)
            print(try host.call(function, literals: arguments))
        } catch let error as RepositoryError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
