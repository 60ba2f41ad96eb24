import Foundation
import LuaCompiler
import LuaVM

/// Loads a committed snapshot into a fresh VM and calls one of its
/// functions: what `blobrepo call` does.
public struct SnapshotRunner {
    let repository: Repository
    let vm: VM

    /// Loads the snapshot at `revision`: every blob it names is read and
    /// verified, then the chunks run in path order.
    public init(repository: Repository, revision: String, output: @escaping (String) -> Void) throws {
        self.repository = repository
        vm = VM()
        vm.output = output
        let snapshot = try repository.snapshot(commit: repository.resolve(revision))
        var functions: [String: FunctionBlob] = [:]
        for (name, hash) in snapshot.functions { functions[name] = try repository.functionBlob(hash) }
        var closures: [FunctionHash: FunctionBlob] = [:]
        for hash in snapshot.closures { closures[hash] = try repository.functionBlob(hash) }
        // Where each function starts, from the committed source (blobs hold
        // only relative lines).
        var lines: [String: Int] = [:]
        var closureLines: [FunctionHash: Int] = [:]
        for (path, hash) in snapshot.sources {
            let object = try repository.object(hash)
            if let compiled = try? Compiler.compile(object.payload, path: path) {
                for function in compiled.functions { lines[function.name] = function.position.line }
                closureLines.merge(compiled.closureLines) { first, _ in first }
            }
        }
        for path in snapshot.chunks.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let chunk = try vm.load(chunk: repository.functionBlob(snapshot.chunks[path]!), functions: functions,
                                    closures: closures, source: path, lines: lines, closureLines: closureLines)
            try vm.run(chunk)
        }
    }

    /// Calls the function named as in the snapshot (`foo`, `M.f`, `A:m`) with
    /// arguments written as Lua expressions (`42`, `"text"`, `{1, 2}`), and
    /// returns its results as `print` would show them.
    public func call(_ name: String, arguments: [String]) throws -> String {
        if name.contains("::") {
            throw RepositoryError.invalidArgument("'\(name)' is private to its file; call a function that uses it")
        }
        let method = name.split(separator: ":").count == 2
        let path = name.split(whereSeparator: { $0 == "." || $0 == ":" }).map(String.init)
        var argumentSource = "return " + (arguments.isEmpty ? "" : arguments.joined(separator: ", "))
        if arguments.isEmpty { argumentSource = "return" }
        let compiled = try Compiler.compile(Array(argumentSource.utf8), path: "arguments")
        let argumentChunk = try vm.load(chunk: compiled.chunk, functions: [:],
                                        closures: Dictionary(compiled.closures.map { ($0.hash, $0) }) { first, _ in first },
                                        source: "arguments")
        let values = try vm.run(argumentChunk)
        return try vm.callGlobal(path: path, method: method, arguments: values)
    }
}
