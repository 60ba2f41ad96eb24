import BlobFormat
import ArgumentParser
import BlobRepo
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        Self.execute((statements, file, arguments))
    }

    typealias Invocation = (statements: [String], file: String?, arguments: [String])

    /// Runs the statements and the file, then exits: 0, or 1 after printing
    /// the error.
    static func execute(_ invocation: Invocation) -> Never {
        do {
            try ScriptRunner.run(statements: invocation.statements, path: invocation.file, arguments: invocation.arguments) {
                StandardStream.output($0)
            }
            terminate(EXIT_SUCCESS)
        } catch {
            StandardStream.error("blobrepo: \(error)\n")
            terminate(EXIT_FAILURE)
        }
    }

    /// The invocation that `words` (what follows `run`) spell when they are
    /// `-e STATEMENT` pairs and then a file that does not start with `-`,
    /// followed by anything; nil for everything else (help, other options,
    /// a missing file or statement), which the argument parser handles.
    static func plainArguments(_ words: ArraySlice<String>) -> Invocation? {
        var statements: [String] = []
        var rest = words
        while let word = rest.first, word.hasPrefix("-") {
            guard word == "-e", rest.count >= 2 else { return nil }
            statements.append(rest[rest.startIndex + 1])
            rest = rest.dropFirst(2)
        }
        guard let file = rest.first else { return statements.isEmpty ? nil : (statements, nil, []) }
        return (statements, file, Array(rest.dropFirst()))
    }
}

/// Ends the process with `status` (inside a command, `exit` names the
/// parser's method).
private func terminate(_ status: Int32) -> Never { exit(status) }
