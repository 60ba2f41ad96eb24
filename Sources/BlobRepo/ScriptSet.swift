import BlobFormat

/// What a commit stores: the compiled functions of a source directory with
/// their chunks and source text. The compiler produces it; tests and hosts
/// may build one in code.
public struct ScriptSet: Sendable {
    /// Named functions by snapshot name (`foo`, `M.f`, `net.http::helper`).
    public var functions: [String: FunctionBlob]
    /// Nested anonymous functions, referenced by hash from their parents.
    public var closures: [FunctionBlob]
    /// Each file's top-level code, by path relative to the source directory.
    public var chunks: [String: FunctionBlob]
    /// Each file's source text, by the same paths.
    public var sources: [String: [UInt8]]
    /// The name and version of the compiler that made the blobs.
    public var compiler: String

    public init(functions: [String: FunctionBlob] = [:], closures: [FunctionBlob] = [],
                chunks: [String: FunctionBlob] = [:], sources: [String: [UInt8]] = [:], compiler: String = "") {
        self.functions = functions
        self.closures = closures
        self.chunks = chunks
        self.sources = sources
        self.compiler = compiler
    }

    /// Every blob the set stores, as git objects.
    var objects: [GitObject] {
        functions.values.map(\.object) + closures.map(\.object) + chunks.values.map(\.object)
            + sources.values.map { GitObject(kind: .blob, payload: $0) }
    }

    /// The snapshot that names the set's blobs, before holds are applied.
    var snapshot: Snapshot {
        let blobs = Array(functions.values) + closures + Array(chunks.values)
        return Snapshot(
            functions: functions.mapValues(\.hash),
            closures: Set(closures.map(\.hash)),
            chunks: chunks.mapValues(\.hash),
            sources: sources.mapValues { GitObject(kind: .blob, payload: $0).hash },
            meta: SnapshotMeta(compiler: compiler, permissions: blobs.flatMap(\.permissions)))
    }
}
