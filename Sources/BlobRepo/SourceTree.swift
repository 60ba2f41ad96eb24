import Foundation
import LuaCompiler

/// The `.lua` files under a source directory, by path relative to it, in
/// path order (the order chunks run in).
struct SourceTree {
    let root: String
    let files: [String]

    init(root: String) throws(RepositoryError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .invalidArgument("source directory '\(root)' does not exist")
        }
        self.root = root
        let base = URL(fileURLWithPath: root).standardizedFileURL
        var found: [String] = []
        if let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) {
            for case let url as URL in walker where url.pathExtension == "lua" {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                found.append(String(url.standardizedFileURL.path.dropFirst(base.path.count + 1)))
            }
        }
        files = found.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    func contents(of file: String) throws(RepositoryError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: root + "/" + file) else {
            throw .invalidArgument("cannot read \(root)/\(file)")
        }
        return [UInt8](data)
    }
}

extension Repository {
    /// Compiles every `.lua` file under `directory` into a script set.
    /// Throws ``RepositoryError/compileFailed(_:)`` with every diagnostic of
    /// every file when any file fails, and for two files that define the
    /// same function.
    public static func compile(directory: String) throws(RepositoryError) -> ScriptSet {
        let tree = try SourceTree(root: directory)
        var set = ScriptSet(compiler: Compiler.identity)
        var diagnostics: [String] = []
        var definedAt: [String: String] = [:]
        for file in tree.files {
            let source = try tree.contents(of: file)
            set.sources[file] = source
            do throws(CompileFailure) {
                let compiled = try Compiler.compile(source, path: file)
                set.chunks[file] = compiled.chunk
                set.closures += compiled.closures
                for function in compiled.functions {
                    let place = "\(file):\(function.position.line):\(function.position.column)"
                    if let earlier = definedAt[function.name] {
                        diagnostics.append("\(place): function '\(function.name)' is also defined at \(earlier)")
                        continue
                    }
                    definedAt[function.name] = place
                    set.functions[function.name] = function.blob
                }
            } catch {
                diagnostics += error.diagnostics.map { $0.rendered(source: source) }
            }
        }
        if !diagnostics.isEmpty { throw .compileFailed(diagnostics) }
        return set
    }

    /// The parse tree of one file, printed as Lua with every operation in
    /// parentheses (`blobrepo check --print`).
    public static func parseTree(file: String) throws(RepositoryError) -> String {
        guard let data = FileManager.default.contents(atPath: file) else { throw .invalidArgument("cannot read \(file)") }
        let source = [UInt8](data)
        do throws(CompileFailure) { return try SyntaxPrinter.normalized(source, path: file) } catch {
            throw .compileFailed(error.diagnostics.map { $0.rendered(source: source) })
        }
    }

    /// Compiles `directory` and commits it (see ``commit(_:message:)``).
    @discardableResult
    public func commit(directory: String, message: String) throws(RepositoryError) -> CommitResult {
        try commit(try Self.compile(directory: directory), message: message)
    }

    /// What committing `directory` would change, without writing anything.
    public func status(directory: String) throws(RepositoryError) -> SnapshotDiff {
        let set = try Self.compile(directory: directory)
        var proposed = set.snapshot
        let parent: Snapshot? = if let head = try? head() { try snapshot(commit: head) } else { nil }
        for (name, hold) in parent?.meta.holds ?? [:] where proposed.functions[name] == hold.replaced {
            proposed.functions[name] = hold.held
        }
        return SnapshotDiff(from: parent, to: proposed)
    }
}
