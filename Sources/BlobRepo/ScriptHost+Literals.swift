import LuaCompiler
import LuaVM

extension ScriptHost {
    /// Calls the function named as in the snapshot (`foo`, `M.f`, `A:m`)
    /// with arguments written as Lua expressions (`42`, `"text"`, `{1, 2}`),
    /// and returns its results as `print` would show them: what
    /// `blobrepo call` does.
    public func call(_ name: String, literals: [String]) throws -> String {
        if name.contains("::") {
            throw RepositoryError.invalidArgument("'\(name)' is private to its file; call a function that uses it")
        }
        let source = literals.isEmpty ? "return" : "return " + literals.joined(separator: ", ")
        let compiled = try Compiler.compile(Array(source.utf8), path: "arguments")
        let chunk = try vm.load(chunk: compiled.chunk, functions: [:],
                                closures: Dictionary(compiled.closures.map { ($0.hash, $0) }) { first, _ in first },
                                source: "arguments")
        return try vm.callGlobal(name, arguments: vm.run(chunk))
    }
}
