import BlobFormat
import LuaCompiler
import LuaVM

/// Where functions start in the committed source, found when an error
/// message first needs it (blobs hold only lines relative to their
/// function): the file is compiled once and its lines kept.
final class SourceLines {
    let repository: Repository
    /// The source blob of each file of the loaded snapshot.
    var sources: [String: FunctionHash] = [:]
    /// Where to find source blobs after a first load from an index (the
    /// files are searched when a message needs one, not up front).
    var index: LoadIndex?
    private var compiled: [FunctionHash: (functions: [String: Int], closures: [FunctionHash: Int])] = [:]

    init(repository: Repository) { self.repository = repository }

    func firstLine(source path: String, of function: FunctionOrigin) -> Int? {
        if case .chunk = function { return 1 }
        guard let hash = sources[path] ?? index?.files.first(where: { $0.path == path })?.source, let lines = lines(hash, path: path) else { return nil }
        switch function {
        case .chunk: return 1
        case let .named(name): return lines.functions[name]
        case let .closure(closure): return lines.closures[closure]
        }
    }

    private func lines(_ hash: FunctionHash, path: String) -> (functions: [String: Int], closures: [FunctionHash: Int])? {
        if let known = compiled[hash] { return known }
        guard let object = try? repository.object(hash), let file = try? Compiler.compile(object.payload, path: path) else {
            return nil
        }
        let lines = (Dictionary(file.functions.map { ($0.name, $0.position.line) }) { first, _ in first }, file.closureLines)
        compiled[hash] = lines
        return lines
    }
}
