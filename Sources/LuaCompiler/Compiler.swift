import BlobFormat

/// One compiled source file: its chunk, the named functions it defines and
/// the nested closures they use.
public struct CompiledFile: Sendable {
    /// The file's path relative to the source directory (`net/http.lua`).
    public var path: String
    /// The file's top-level code.
    public var chunk: FunctionBlob
    /// Named functions (`foo`, `M.f`, `A:m`, `net.http::helper`), in source order.
    public var functions: [NamedFunction]
    /// Every nested anonymous function, referred to by hash from its parent.
    public var closures: [FunctionBlob]
    /// The line where each nested function starts (the first, when one blob
    /// stands in several places), for error positions; not part of any hash.
    public var closureLines: [FunctionHash: Int] = [:]

    /// A named function and where it is defined.
    public struct NamedFunction: Sendable {
        public var name: String
        public var blob: FunctionBlob
        public var position: SourcePosition
    }
}

/// The Lua 5.4 compiler: source text to content-addressed function blobs.
public enum Compiler {
    /// The name and version recorded in each snapshot's `meta`.
    public static let identity = "blobrepo-lua 2"

    /// Compiles one file. `path` is relative to the source directory and
    /// names the file in diagnostics and file-private functions.
    ///
    /// With `standalone`, the chunk's function definitions are ordinary
    /// closures, as in a chunk given to Lua's `load`, rather than named
    /// blobs of a script set. `isFile` false is for text given to `load`,
    /// whose first line is not skipped when it starts with '#'.
    public static func compile(_ source: [UInt8], path: String, standalone: Bool = false,
                               isFile: Bool = true) throws(CompileFailure) -> CompiledFile {
        var parser = Parser(source: source, path: path, isFile: isFile)
        let block = parser.parseChunk()
        if !parser.diagnostics.isEmpty { throw CompileFailure(parser.diagnostics) }
        let generator = CodeGenerator(path: path, namesFunctions: !standalone)
        let chunk = generator.compileChunk(block)
        if !generator.diagnostics.isEmpty { throw CompileFailure(generator.diagnostics) }
        return CompiledFile(
            path: path, chunk: chunk,
            functions: generator.namedFunctions.map { .init(name: $0.name, blob: $0.blob, position: $0.position) },
            closures: generator.closures, closureLines: generator.closureLines)
    }
}
