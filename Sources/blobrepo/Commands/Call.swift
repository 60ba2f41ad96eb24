import BlobFormat
import ArgumentParser
import BlobRepo
import FoundationEssentials

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
    var ref: String = Repository.headRef

    @Argument(help: "The function (foo, M.f, Account:deposit).")
    var function: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments, as Lua expressions.")
    var arguments: [String] = []

    func run() throws {
        try Self.execute((ref, function, arguments), repository: repository.path)
    }

    typealias Invocation = (ref: String, function: String, arguments: [String])

    /// The invocation that `words` (what follows `call`) spell, and the
    /// repository path, when they are `--ref REV` and `--repo PATH` (each at
    /// most once, with plain values) before FUNCTION, and then anything but
    /// a request for help (taken verbatim, as the parser passes it through);
    /// nil for everything else, which the argument parser handles.
    static func plainArguments(_ words: ArraySlice<String>) -> (invocation: Invocation, repository: String?)? {
        var ref: String?
        var repository: String?
        var rest = words
        while let word = rest.first, word.hasPrefix("-") {
            guard rest.count >= 2, case let value = rest[rest.startIndex + 1], !value.hasPrefix("-") else { return nil }
            switch word {
            case "--ref" where ref == nil: ref = value
            case "--repo" where repository == nil: repository = value
            default: return nil
            }
            rest = rest.dropFirst(2)
        }
        guard let function = rest.first, !rest.contains("-h"), !rest.contains("--help") else { return nil }
        return ((ref ?? Repository.headRef, function, Array(rest.dropFirst())), repository)
    }

    /// Loads `invocation.ref` of the repository at `path` (or the one found
    /// upward from here), calls the function and prints its results.
    static func execute(_ invocation: Invocation, repository path: String? = nil) throws {
        let (ref, function, arguments) = invocation
        let repo = try RepositoryOptions.open(path: path)
        do {
            let host = ScriptHost(repository: repo)
            host.vm.output = { StandardStream.output($0) }
            try host.load(ref)
            print(try host.call(function, literals: arguments))
        } catch let error as RepositoryError {
            throw error
        } catch {
            StandardStream.error("Error: \(error)\n")
            throw ExitCode.failure
        }
    }
}
