#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat

/// Objects written together and made durable together, as git's batch
/// fsync does: each object goes to a temporary file; ``commit()`` syncs the
/// file system once, renames every file into place, and syncs once more so
/// that the renames are durable too. Only after that may a ref name them.
///
/// A batch that is dropped without ``commit()`` removes its temporary files.
public final class WriteBatch {
    static let temporaryPrefix = "tmp_obj_"

    private let store: ObjectStore
    private let deflater = Deflater()
    private var pending: [(temporary: String, final: String)] = []
    private var pendingHashes: Set<FunctionHash> = []
    private var knownDirectories: Set<String> = []

    init(store: ObjectStore) {
        self.store = store
    }

    deinit {
        for file in pending { unlink(file.temporary) }
    }

    /// How many new objects the batch will write.
    public var count: Int { pending.count }

    /// Adds `object` and returns its hash; a stored object is only refreshed.
    @discardableResult
    public func add(_ object: GitObject) throws(ObjectStoreError) -> FunctionHash {
        let header = object.header
        let hash = object.hash
        if pendingHashes.contains(hash) { return hash }
        let final = store.path(of: hash)
        if utimes(final, nil) == 0 { return hash }
        let folder = String(final.dropLast(63))
        if !knownDirectories.contains(folder) {
            try FileSystem.makeDirectory(folder)
            knownDirectories.insert(folder)
        }
        let compressed = deflater.compress(header, object.payload)
        let temporary = try FileSystem.writeTemporary(compressed, in: folder, prefix: Self.temporaryPrefix)
        pending.append((temporary, final))
        pendingHashes.insert(hash)
        return hash
    }

    /// Makes every added object durable and visible.
    public func commit() throws(ObjectStoreError) {
        guard !pending.isEmpty else { return }
        try FileSystem.syncFileSystem(containing: store.directory)
        while let file = pending.last {
            // Read-only, as git leaves its objects.
            chmod(file.temporary, 0o444)
            if rename(file.temporary, file.final) != 0 {
                throw .io(path: file.final, operation: "rename", errno: errno)
            }
            pending.removeLast()
        }
        pendingHashes.removeAll()
        try FileSystem.syncFileSystem(containing: store.directory)
    }
}
