import ArgumentParser
import BlobRepo
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a standalone Lua file, like lua5.4 FILE ARGS...",
        discussion: """
            Compiles FILE in memory and runs it in a fresh VM; `...` and the global `arg` \
            hold the arguments. A compile or run-time error is printed and the exit status is 1.
            """)

    @Argument(help: "The Lua file.")
    var file: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script.")
    var arguments: [String] = []

    func run() throws {
        let standardOutput = FileHandle.standardOutput
        do {
            try ScriptRunner.run(path: file, arguments: arguments) { standardOutput.write(Data($0.utf8)) }
        } catch {
            FileHandle.standardError.write(Data("blobrepo: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
