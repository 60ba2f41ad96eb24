import BlobFormat
import ArgumentParser
import BlobRepo
import FoundationEssentials

struct HashObject: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-object",
        abstract: "Compute object hashes of files, and optionally store them (as git hash-object).",
        discussion: """
            Examples:
              blobrepo hash-object src/main.lua
              find src -type f | blobrepo hash-object -w --stdin-paths
            """)

    @OptionGroup var repository: RepositoryOptions

    @Flag(name: .customShort("w"), help: "Write the objects into the repository.")
    var write = false

    @Flag(help: "Read file paths from standard input, one a line.")
    var stdinPaths = false

    @Option(name: .customShort("t"), help: "The object type.")
    var type: String = "blob"

    @Argument(help: "Files to hash.")
    var files: [String] = []

    func run() throws {
        guard let kind = ObjectKind(rawValue: type) else { throw ValidationError("unknown object type '\(type)'") }
        var paths = files
        if stdinPaths {
            while let line = readLine(strippingNewline: true) { if !line.isEmpty { paths.append(line) } }
        }
        let payloads = try paths.map { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read '\(path)'") }
            return [UInt8](data)
        }
        let hashes: [FunctionHash]
        if write, kind == .blob {
            hashes = try repository.open().writeBlobs(payloads)
        } else if write {
            let repo = try repository.open()
            hashes = try payloads.map { try repo.hashObject($0, kind: kind, write: true) }
        } else {
            hashes = payloads.map { GitObject(kind: kind, payload: $0).hash }
        }
        var output = ""
        for hash in hashes { output += hash.hex + "\n" }
        StandardStream.output(Array(output.utf8))
    }
}
