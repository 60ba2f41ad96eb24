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

    /// Entries whose objects are already stored (reused from the source
    /// cache rather than compiled again): by name, hash, path and path.
    public var storedFunctions: [String: FunctionHash] = [:]
    public var storedClosures: Set<FunctionHash> = []
    public var storedChunks: [String: FunctionHash] = [:]
    public var storedSources: [String: FunctionHash] = [:]
    /// The permissions the stored functions need.
    public var storedPermissions: [String] = []

    public init(functions: [String: FunctionBlob] = [:], closures: [FunctionBlob] = [],
                chunks: [String: FunctionBlob] = [:], sources: [String: [UInt8]] = [:], compiler: String = "") {
        self.functions = functions
        self.closures = closures
        self.chunks = chunks
        self.sources = sources
        self.compiler = compiler
    }

    /// Every new blob as a git object, and the snapshot that names them and
    /// the stored entries (before holds are applied); each blob is encoded
    /// and hashed once.
    func prepared() -> (objects: [GitObject], snapshot: Snapshot) {
        var objects: [GitObject] = []
        func store(_ object: GitObject) -> FunctionHash {
            objects.append(object)
            return object.hash
        }
        let blobs = Array(functions.values) + closures + Array(chunks.values)
        let snapshot = Snapshot(
            functions: storedFunctions.merging(functions.mapValues { store($0.object) }) { _, new in new },
            closures: storedClosures.union(closures.map { store($0.object) }),
            chunks: storedChunks.merging(chunks.mapValues { store($0.object) }) { _, new in new },
            sources: storedSources.merging(sources.mapValues { store(GitObject(kind: .blob, payload: $0)) }) { _, new in new },
            meta: SnapshotMeta(compiler: compiler, permissions: blobs.flatMap(\.permissions) + storedPermissions))
        return (objects, snapshot)
    }

    /// The chunk blobs just compiled, by the hashes `prepared()` gave them
    /// in `snapshot`.
    func chunksByHash(in snapshot: Snapshot) -> [FunctionHash: FunctionBlob] {
        Dictionary(chunks.map { (snapshot.chunks[$0.key]!, $0.value) }) { first, _ in first }
    }

    /// Every hash of a stored entry, which must exist before a commit may name it.
    var storedHashes: Set<FunctionHash> {
        Set(storedFunctions.values).union(storedClosures).union(storedChunks.values).union(storedSources.values)
    }

    /// The snapshot that names the set's blobs, before holds are applied.
    var snapshot: Snapshot { prepared().snapshot }
}
