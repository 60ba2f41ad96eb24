/// Which capability the code that reaches a standard-library global needs.
/// A function's required permissions are the capabilities of what it names.
enum Capabilities {
    /// Capabilities by `global` or `global.field`.
    static let table: [String: String] = [
        "print": "stdout",
        "io.write": "stdout", "io.stdout": "stdout", "io.stderr": "stdout",
        "io.read": "stdin", "io.stdin": "stdin",
        "io.open": "fs", "io.lines": "fs", "io.close": "fs", "io.input": "fs", "io.output": "fs", "io.tmpfile": "fs",
        "io.popen": "process",
        "os.time": "clock", "os.clock": "clock", "os.date": "clock", "os.difftime": "clock",
        "os.getenv": "env",
        "os.remove": "fs", "os.rename": "fs", "os.tmpname": "fs",
        "os.exit": "process", "os.execute": "process",
    ]

    /// The capabilities a use of the global `name` needs; `field` when the
    /// use is `name.field` with a constant field, `nil` for any other use.
    static func required(global name: String, field: String?) -> [String] {
        if let field { return table["\(name).\(field)"].map { [$0] } ?? [] }
        if let direct = table[name] { return [direct] }
        // The whole library table escapes: everything in it may be reached.
        return Array(Set(table.filter { $0.key.hasPrefix(name + ".") }.values))
    }
}
