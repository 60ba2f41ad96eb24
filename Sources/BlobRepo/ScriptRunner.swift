import Foundation
import LuaCompiler
import LuaVM

/// Runs a standalone Lua file, as `lua5.4 FILE ARGS...` does: compiled in
/// memory, stored nowhere.
public enum ScriptRunner {
    /// Why a script did not run to its end.
    public enum Failure: Error, CustomStringConvertible {
        /// The file does not compile: every diagnostic, rendered.
        case compile([String])
        /// A Lua error escaped the script.
        case runtime(String)
        case unreadable(String)

        public var description: String {
            switch self {
            case let .compile(diagnostics): diagnostics.joined(separator: "\n")
            case let .runtime(message): message
            case let .unreadable(path): "cannot open \(path)"
            }
        }
    }

    /// Compiles and runs `path` with `arguments` (as `...` and `arg`), writing
    /// what it prints to `output`.
    public static func run(path: String, arguments: [String], output: @escaping (String) -> Void) throws(Failure) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        let source = [UInt8](data)
        let compiled: CompiledFile
        do throws(CompileFailure) { compiled = try Compiler.compile(source, path: path) } catch {
            throw .compile(error.diagnostics.map { $0.rendered(source: source) })
        }
        let vm = VM()
        vm.output = output
        do {
            let chunk = try vm.load(
                chunk: compiled.chunk,
                functions: Dictionary(compiled.functions.map { ($0.name, $0.blob) }) { first, _ in first },
                closures: Dictionary(compiled.closures.map { ($0.hash, $0) }) { first, _ in first },
                source: path,
                lines: Dictionary(compiled.functions.map { ($0.name, $0.position.line) }) { first, _ in first },
                closureLines: compiled.closureLines)
            vm.setArguments(script: path, arguments)
            try vm.run(chunk, arguments: arguments)
        } catch let error as LuaError {
            throw .runtime(error.message)
        } catch {
            throw .runtime("\(error)")
        }
    }
}
