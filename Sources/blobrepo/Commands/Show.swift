import ArgumentParser
import BlobRepo

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a commit, tree or blob.",
        discussion: """
            SPEC is a revision (HEAD, main~2, a tag), an object hash or unique prefix, or the \
            name of a function in HEAD. A commit prints with the functions it changed; a \
            function blob prints its fields and its instructions; other blobs print as they are.

            Examples:
              blobrepo show HEAD~1
              blobrepo show Account:deposit
              blobrepo show 3f2a9c
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "What to show.")
    var spec: String = Repository.headRef

    func run() throws {
        let repo = try repository.open()
        switch try repo.show(spec) {
        case let .commit(hash, commit, diff):
            print(CommitText.render(hash, commit))
            if !diff.isEmpty { print() }
            Formatting.changes(diff.functions).forEach { print($0) }
            Formatting.changes(diff.chunks).forEach { print("chunk " + $0) }
        case let .tree(_, tree):
            for entry in tree.entries {
                let kind = entry.isTree ? "tree" : "blob"
                print("\(entry.mode.rawValue.leftPadded(6)) \(kind) \(entry.hash.hex)\t\(entry.name)")
            }
        case let .function(hash, blob):
            print(FunctionText.render(hash, blob))
        case let .blob(_, bytes):
            FileOutput.write(bytes)
        }
    }
}

/// A function blob's fields and its instructions, for `show`.
enum FunctionText {
    static func render(_ hash: FunctionHash, _ blob: FunctionBlob) -> String {
        var lines = ["function \(blob.name)", "hash       \(hash.hex)"]
        let parameters = blob.parameterNames + (blob.isVararg ? ["..."] : [])
        lines.append("parameters (\(parameters.joined(separator: ", ")))  arity \(blob.arity)\(blob.isVararg ? "+vararg" : "")")
        lines.append("registers  \(blob.registerCount)")
        if !blob.upvalues.isEmpty {
            lines.append("upvalues   " + blob.upvalues.enumerated().map { index, upvalue in
                "\(index):\(upvalue.name)(\(upvalue.fromParentRegister ? "register" : "upvalue") \(upvalue.index))"
            }.joined(separator: " "))
        }
        if !blob.globals.isEmpty { lines.append("globals    " + blob.globals.joined(separator: " ")) }
        if !blob.permissions.isEmpty { lines.append("permissions " + blob.permissions.joined(separator: " ")) }
        if !blob.constants.isEmpty {
            lines.append("constants (\(blob.constants.count))")
            for (index, constant) in blob.constants.enumerated() { lines.append("  K\(index)  \(Disassembler.text(constant))") }
        }
        if !blob.closures.isEmpty {
            lines.append("closures (\(blob.closures.count))")
            for (index, closure) in blob.closures.enumerated() { lines.append("  F\(index)  \(closure.hex)") }
        }
        lines.append("instructions (\(blob.instructions.count))")
        lines += Disassembler.listing(blob)
        return lines.joined(separator: "\n")
    }
}
