#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat

/// Objects written together and made durable together, as git's batch
/// fsync does: each object goes to a temporary file; ``commit()`` makes the
/// files durable, renames them into place, and makes the renames durable
/// too (a few files and their folders one by one, many with one `syncfs`
/// each time). Only after that may a ref name them.
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

    /// Whether `object` is written as stored zlib blocks rather than
    /// deflated: a large tree is mostly 32-byte hashes, which do not
    /// compress (level 1 shrinks a 520 kB `functions/` tree by 30 % in
    /// 10 ms; storing it takes under 1 ms). Any zlib reader, git's too,
    /// reads both.
    static func storesUndeflated(_ object: GitObject) -> Bool {
        object.kind == .tree && object.payload.count >= 64 << 10
    }

    /// How many new objects the batch will write.
    public var count: Int { pending.count }
    /// Time spent compressing, and writing and syncing files, so far.
    public private(set) var compressing: Duration = .zero
    public private(set) var writing: Duration = .zero
    private let clock = ContinuousClock()

    /// Adds `object` and returns its hash; a stored object is only refreshed.
    @discardableResult
    public func add(_ object: GitObject) throws(ObjectStoreError) -> FunctionHash {
        try add(object, hash: object.hash)
    }

    /// ``add(_:)`` for an object whose hash the caller computed already.
    @discardableResult
    public func add(_ object: GitObject, hash: FunctionHash) throws(ObjectStoreError) -> FunctionHash {
        let header = object.header
        if pendingHashes.contains(hash) { return hash }
        let final = store.path(of: hash)
        if utimes(final, nil) == 0 { return hash }
        let folder = String(final.dropLast(63))
        if !knownDirectories.contains(folder) {
            try FileSystem.makeDirectory(folder)
            knownDirectories.insert(folder)
        }
        let started = clock.now
        let temporary: String
        if Self.storesUndeflated(object) {
            temporary = try FileSystem.writeTemporary(in: folder, prefix: Self.temporaryPrefix) { (fd, path) throws(ObjectStoreError) in
                try StoredZlib.write(header, object.payload, to: fd, path: path)
            }
            writing += clock.now - started
        } else {
            let compressed = deflater.compress(header, object.payload)
            let compressedAt = clock.now
            compressing += compressedAt - started
            temporary = try FileSystem.writeTemporary(compressed, in: folder, prefix: Self.temporaryPrefix)
            writing += clock.now - compressedAt
        }
        pending.append((temporary, final))
        pendingHashes.insert(hash)
        return hash
    }

    /// Up to this many objects, each file and folder is synced on its own;
    /// above it, one `syncfs` before the renames and one after are cheaper.
    /// A `syncfs` also waits for every other write pending on the same
    /// filesystem (a build's output, a log), which can take far longer than
    /// syncing a few dozen files of our own.
    static let fileSyncLimit = 64

    /// Makes every added object durable and visible.
    public func commit() throws(ObjectStoreError) {
        guard !pending.isEmpty else { return }
        let started = clock.now
        defer { writing += clock.now - started }
        let syncEachFile = pending.count <= Self.fileSyncLimit || !FileSystem.canSyncFileSystem
        if syncEachFile {
            try ConcurrentSync.sync(pending.map(\.temporary))
        } else {
            try FileSystem.syncFileSystem(containing: store.directory)
        }
        var folders = Set<String>()
        while let file = pending.last {
            // Read-only, as git leaves its objects.
            chmod(file.temporary, 0o444)
            if rename(file.temporary, file.final) != 0 {
                throw .io(path: file.final, operation: "rename", errno: errno)
            }
            folders.insert(String(file.final.dropLast(63)))
            pending.removeLast()
        }
        pendingHashes.removeAll()
        if syncEachFile {
            try ConcurrentSync.sync(Array(folders))
        } else {
            try FileSystem.syncFileSystem(containing: store.directory)
        }
    }
}
