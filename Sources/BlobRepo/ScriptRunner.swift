import BlobFormat
import FoundationEssentials
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

    /// Runs each of `statements` (as `lua -e` does, named `(command line)`),
    /// then compiles and runs `path`, if given, with `arguments` (as `...`
    /// and `arg`), all in one VM, writing what they print to `output`.
    public static func run(statements: [String] = [], path: String?, arguments: [String],
                           output: @escaping ([UInt8]) -> Void) throws(Failure) {
        let vm = VM()
        vm.output = output
        vm.warningOutput = { message in StandardStream.error(Array("Lua warning: ".utf8) + message + [0x0A]) }
        vm.enableLoad()
        vm.setArguments(script: path ?? "", arguments)
        for statement in statements {
            try run(Array(statement.utf8), named: "(command line)", isFile: false, in: vm, arguments: [])
        }
        guard let path else { return }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        try run([UInt8](data), named: path, isFile: true, in: vm, arguments: arguments)
    }

    private static func run(_ source: [UInt8], named name: String, isFile: Bool, in vm: VM, arguments: [String]) throws(Failure) {
        let compiled: CompiledFile
        do throws(CompileFailure) { compiled = try Compiler.compile(source, path: name, standalone: true, isFile: isFile) } catch {
            throw .compile(error.diagnostics.map { $0.rendered(source: source) })
        }
        do {
            let chunk = try vm.load(
                chunk: compiled.chunk,
                functions: Dictionary(compiled.functions.map { ($0.name, $0.blob) }) { first, _ in first },
                closures: Dictionary(compiled.closures.map { ($0.hash, $0) }) { first, _ in first },
                source: name,
                lines: Dictionary(compiled.functions.map { ($0.name, $0.position.line) }) { first, _ in first },
                closureLines: compiled.closureLines)
            try vm.run(chunk, arguments: arguments)
        } catch let error as LuaError {
            throw .runtime(error.message)
        } catch {
            throw .runtime("\(error)")
        }
    }
}
