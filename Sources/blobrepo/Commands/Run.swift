import ArgumentParser
import BlobRepo
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a standalone Lua file, like lua5.4 FILE ARGS...",
        discussion: """
            Compiles FILE in memory and runs it in a fresh VM; `...` and the global `arg` \
            hold the arguments. Each -e STATEMENT runs first, in the same VM. A compile or \
            run-time error is printed and the exit status is 1.

            Examples:
              blobrepo run game.lua level1
              blobrepo run -e 'print(_VERSION)'
              blobrepo run -e 'x = 10' show.lua
            """)

    @Option(name: .customShort("e"), help: ArgumentHelp("A statement to run before FILE.", valueName: "STATEMENT"))
    var statements: [String] = []

    @Argument(help: "The Lua file.")
    var file: String?

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script.")
    var arguments: [String] = []

    func validate() throws {
        if file == nil, statements.isEmpty { throw ValidationError("give a FILE to run, or -e STATEMENT") }
    }

    func run() throws {
        let standardOutput = FileHandle.standardOutput
        do {
            try ScriptRunner.run(statements: statements, path: file, arguments: arguments) { standardOutput.write(Data($0)) }
        } catch {
            FileHandle.standardError.write(Data("blobrepo: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
