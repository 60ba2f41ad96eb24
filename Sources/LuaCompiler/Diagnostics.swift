/// A place in a source file: 1-based line and column (in bytes).
public struct SourcePosition: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// One compile error, at a place in a file.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var position: SourcePosition
    public var message: String

    public init(path: String, position: SourcePosition, message: String) {
        self.path = path
        self.position = position
        self.message = message
    }

    /// `path:line:column: message`
    public var description: String { "\(path):\(position.line):\(position.column): \(message)" }

    /// The description, then the source line and a caret under the column.
    public func rendered(source: [UInt8]) -> String {
        var lines = source.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard position.line >= 1, position.line <= lines.count else { return description }
        if lines[position.line - 1].last == UInt8(ascii: "\r") { lines[position.line - 1].removeLast() }
        let text = String(decoding: lines[position.line - 1], as: UTF8.self)
        let indent = lines[position.line - 1].prefix(max(0, position.column - 1)).map { $0 == UInt8(ascii: "\t") ? "\t" : " " }.joined()
        return "\(description)\n  \(text)\n  \(indent)^"
    }
}

/// Every diagnostic of a failed compile, in source order.
public struct CompileFailure: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted { ($0.path, $0.position) < ($1.path, $1.position) }
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
