#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat
import CFileControl

/// Objects written together and made durable together, as git's batch
/// fsync does: each object goes to a temporary file (``TemporaryFile``);
/// ``commit()`` makes the files durable, names them (a link, or a rename),
/// and makes the names durable too (a few files and their folders each on
/// its own, on a few threads at once; past ``fileSyncLimit`` objects, one
/// `syncfs` before the renames and one after). Only after that may a ref
/// name them. A caller with work of its own takes the three steps one by
/// one (``startSyncing()``, ``renameIntoPlace()``, ``waitUntilDurable()``)
/// and works between them while the disk does.
///
/// A batch that is dropped without ``commit()`` removes its temporary files.
public final class WriteBatch {
    private let store: ObjectStore
    private let deflater = Deflater()
    private var pending: [PendingFile] = []
    /// Of the first ``fileSyncLimit`` files, those still open and not yet
    /// queued to sync.
    private var unsynced: [PendingFile] = []
    /// The files whose syncs are queued, in queue order, by the path that
    /// names each in an error (an unnamed file's final one).
    private var syncing: [String] = []
    private var pendingHashes: Set<FunctionHash> = []
    /// A large object being written on a thread of its own
    /// (``addInBackground(_:hash:)``), taken in by ``takeBackground()``.
    private var background: (hash: FunctionHash, final: String, work: BackgroundWork, written: WrittenFile)?
    /// Whether new files are made without a name (see ``TemporaryFile``);
    /// false once the file system has refused one.
    private(set) var makesUnnamedFiles = TemporaryFile.unnamedFilesWork
    /// Syncs the files, then their folders.
    private let syncs = ConcurrentSync(capacity: WriteBatch.fileSyncLimit)

    init(store: ObjectStore) {
        self.store = store
    }

    deinit {
        if let background {
            background.work.join()
            if case let .success(file)? = background.written.result { file.discard(isOpen: true) }
        }
        // Syncs under way close their files; a sync not yet taken is run.
        if stage != .writing || !syncing.isEmpty { _ = syncs.wait() }
        for file in unsynced where file.closesWhenSynced { close(file.temporary.fd) }
        for file in pending { file.temporary.discard(isOpen: false) }
    }

    /// Whether `object` is stored as zlib stored blocks rather than
    /// deflated: a tree is. Trees are mostly 32-byte hashes, which do not
    /// compress: level 1 shrinks a 520 kB `functions/` tree by 30 % in 10
    /// ms (storing it takes under 1 ms), and a commit's small trees by a
    /// fifth at most, in 10–50 µs each against 0.5–2 µs. Any zlib reader,
    /// git's too, reads both.
    static func storesUndeflated(_ object: GitObject) -> Bool { object.kind == .tree }

    /// Whether `object` is a large tree (64 kB or more), written to its
    /// file from its own bytes with no copy and its writeback started at
    /// once (see ``keep(_:as:hash:large:)``).
    static func isLarge(_ object: GitObject) -> Bool {
        storesUndeflated(object) && object.payload.count >= 64 << 10
    }

    /// How many new objects the batch will write.
    public var count: Int { pending.count + (background == nil ? 0 : 1) }
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
    /// With `lookingForStored` false the object is written without looking
    /// for a stored copy first: for an object just made that is rarely
    /// stored (a new commit, a tree that a commit changed), where the look
    /// is a path lookup that misses. A stored copy is then replaced by the
    /// same bytes.
    @discardableResult
    public func add(_ object: GitObject, hash: FunctionHash, lookingForStored: Bool = true) throws(ObjectStoreError) -> FunctionHash {
        precondition(stage == .writing, "WriteBatch: an object added while the batch is being made durable")
        if pendingHashes.contains(hash) || background?.hash == hash { return hash }
        let header = object.header
        let final = store.path(of: hash)
        if lookingForStored, utimes(final, nil) == 0 { return hash }
        let folder = String(final.dropLast(63))
        let started = clock.now
        let file: TemporaryFile
        let unnamed = takesUnnamedFile()
        if Self.isLarge(object) {
            file = try Self.writeUndeflated(object, in: folder, unnamed: unnamed)
            writing += clock.now - started
        } else {
            let compressed = Self.storesUndeflated(object) ? StoredZlib.encoded(header, object.payload)
                                                           : deflater.compress(header, object.payload)
            let compressedAt = clock.now
            compressing += compressedAt - started
            file = try Self.create(in: folder, unnamed: unnamed) { (fd, path) throws(ObjectStoreError) in
                try FileSystem.writeAll(fd, compressed, path: path)
            }
            writing += clock.now - compressedAt
        }
        if unnamed, file.path != nil { makesUnnamedFiles = false }
        keep(file, as: final, hash: hash, large: Self.isLarge(object))
        return hash
    }

    /// Takes a written temporary file into the batch. A large file's data
    /// takes longest to write, so its writeback was started as soon as it
    /// was written and the small files are written while the disk takes
    /// it; its sync waits for them, with theirs (first in the queue): a sync
    /// under way writes the folder and inode blocks that creating the small
    /// files must change, and they would wait for it.
    private func keep(_ file: TemporaryFile, as final: String, hash: FunctionHash, large: Bool) {
        pending.append(PendingFile(temporary: file, final: final))
        pendingHashes.insert(hash)
        let kept = PendingFile(temporary: file, final: final)
        if kept.closesWhenSynced, unsynced.count + syncing.count >= Self.fileSyncLimit {
            close(file.fd)
        } else if large {
            unsynced.insert(kept, at: 0)
        } else {
            unsynced.append(kept)
        }
    }

    /// Whether the next file is made without a name: while it can, and
    /// while the files are few enough to be synced one by one (an unnamed
    /// file stays open until it is linked; the object written in the
    /// background counts).
    private func takesUnnamedFile() -> Bool {
        makesUnnamedFiles && unsynced.count + syncing.count + (background == nil ? 0 : 1) < Self.fileSyncLimit
    }

    /// Adds a large object that is stored undeflated (see
    /// ``isLarge(_:)``) without waiting for it: a thread of its own
    /// creates its file, writes the half megabyte and starts its writeback
    /// while the caller goes on (building the rest of a snapshot). It is
    /// not looked for among the stored objects. The next step that needs
    /// it takes it in; a failure to write it is thrown there.
    /// Another object, or one while another is being written so, is
    /// added at once instead.
    public func addInBackground(_ object: GitObject, hash: FunctionHash) throws(ObjectStoreError) {
        precondition(stage == .writing, "WriteBatch: an object added while the batch is being made durable")
        guard background == nil, !pendingHashes.contains(hash), Self.isLarge(object) else {
            try add(object, hash: hash, lookingForStored: false)
            return
        }
        let final = store.path(of: hash)
        let folder = String(final.dropLast(63))
        let written = WrittenFile()
        let unnamed = takesUnnamedFile()
        let work = BackgroundWork {
            let clock = ContinuousClock()
            let started = clock.now
            written.result = Result { () throws(ObjectStoreError) in
                try Self.writeUndeflated(object, in: folder, unnamed: unnamed)
            }
            written.duration = clock.now - started
        }
        background = (hash, final, work, written)
    }

    /// Waits for the object written in the background and takes it in
    /// with the others.
    private func takeBackground() throws(ObjectStoreError) {
        guard let taken = background else { return }
        background = nil
        taken.work.join()
        writing += taken.written.duration
        guard let result = taken.written.result else { preconditionFailure("WriteBatch: a background write that never ran") }
        keep(try result.get(), as: taken.final, hash: taken.hash, large: true)
    }

    /// Where a background write leaves its file (or its failure), and how
    /// long it took; read only once its thread is joined.
    private final class WrittenFile: @unchecked Sendable {
        var result: Result<TemporaryFile, ObjectStoreError>?
        var duration: Duration = .zero
    }

    /// A temporary file in `folder` holding `object` as stored zlib blocks,
    /// its writeback started (see ``keep(_:as:hash:large:)``), still open.
    private static func writeUndeflated(_ object: GitObject, in folder: String, unnamed: Bool) throws(ObjectStoreError) -> TemporaryFile {
        let header = object.header
        let file = try create(in: folder, unnamed: unnamed) { (fd, path) throws(ObjectStoreError) in
            try StoredZlib.write(header, object.payload, to: fd, path: path)
        }
        _ = blobrepo_start_writeback(file.fd)
        return file
    }

    /// A temporary file in the fan-out `folder` (created when missing)
    /// holding what `write` wrote, read-only as git leaves its objects,
    /// still open; unnamed when asked and the file system can (see
    /// ``TemporaryFile``). `write` gets a path to name in errors.
    private static func create(in folder: String, unnamed: Bool, _ write: (Int32, String) throws(ObjectStoreError) -> Void)
        throws(ObjectStoreError) -> TemporaryFile {
        let file: TemporaryFile
        do {
            file = try TemporaryFile(in: folder, unnamed: unnamed)
        } catch .io(_, _, ENOENT) {
            try FileSystem.makeDirectory(folder)
            file = try TemporaryFile(in: folder, unnamed: unnamed)
        }
        do throws(ObjectStoreError) {
            try write(file.fd, file.path ?? folder)
        } catch {
            file.discard(isOpen: true)
            throw error
        }
        return file
    }

    /// Up to this many objects, each file and folder is synced on its own;
    /// above it, one `syncfs` before the renames and one after are cheaper.
    /// A `syncfs` also waits for every other write pending on the same
    /// filesystem (a build's output, a log), which can take far longer than
    /// syncing a few dozen files of our own.
    static let fileSyncLimit = 64

    /// Where ``commit()`` has got to: the files are being synced, or
    /// renamed and their folders being synced.
    private enum Stage { case writing, syncingFiles, syncingFolders }
    private var stage = Stage.writing
    /// Whether each file and folder is synced on its own (else `syncfs`).
    private var syncsEachFile = true
    /// The folders being synced, in the order their syncs were queued.
    private var syncingFolders: [String] = []

    /// Makes every added object durable and visible: ``startSyncing()``,
    /// ``renameIntoPlace()`` and ``waitUntilDurable()`` in one.
    public func commit() throws(ObjectStoreError) {
        try waitUntilDurable()
    }

    /// Starts making the written files durable, on the threads, and
    /// returns: the caller can work meanwhile (a ref must not name the
    /// objects yet). Each file's writeback is started first, so that the
    /// file system writes them all at once rather than one per sync. Throws
    /// when the object written in the background could not be.
    public func startSyncing() throws(ObjectStoreError) {
        if stage == .writing { try takeBackground() }
        guard stage == .writing, !pending.isEmpty else { return }
        let started = clock.now
        defer { writing += clock.now - started }
        stage = .syncingFiles
        syncsEachFile = pending.count <= Self.fileSyncLimit || !FileSystem.canSyncFileSystem
        guard syncsEachFile else { return }
        // The small files' syncs start here, not as each is written: on ext4
        // creating a file waits for the journal commit that a sync runs, so
        // writing while syncing them was slower.
        for file in unsynced { _ = blobrepo_start_writeback(file.temporary.fd) }
        for file in unsynced {
            syncs.sync(descriptor: file.temporary.fd, closing: file.closesWhenSynced)
            syncing.append(file.temporary.path ?? file.final)
        }
        unsynced = []
    }

    /// Waits until the files are durable, names them (links or renames
    /// them into place), and starts syncing their folders. The objects are then visible, not yet
    /// durable.
    public func renameIntoPlace() throws(ObjectStoreError) {
        try startSyncing()
        guard stage == .syncingFiles else { return }
        let started = clock.now
        defer { writing += clock.now - started }
        let synced = syncing
        syncing = []
        if syncsEachFile {
            try check(syncs.wait(), paths: synced)
            // Without syncfs, the files past the first few too.
            try sync(pending.dropFirst(Self.fileSyncLimit).compactMap(\.temporary.path))
        } else {
            // A large file queued as it was written is synced (and closed) anyway.
            if !synced.isEmpty { try check(syncs.wait(), paths: synced) }
            for file in unsynced where file.closesWhenSynced { close(file.temporary.fd) }
            unsynced = []
            try FileSystem.syncFileSystem(containing: store.directory)
        }
        var folders = Set<String>()
        while let file = pending.last {
            try file.temporary.name(file.final)
            folders.insert(String(file.final.dropLast(63)))
            pending.removeLast()
        }
        pendingHashes.removeAll()
        stage = .syncingFolders
        syncingFolders = Array(folders)
        if syncsEachFile, syncingFolders.count <= Self.fileSyncLimit {
            for folder in syncingFolders { syncs.sync(path: folder) }
        }
    }

    /// Waits until every added object is durable under its name; only then
    /// may a ref name them. The batch can take new objects afterwards.
    public func waitUntilDurable() throws(ObjectStoreError) {
        try renameIntoPlace()
        guard stage == .syncingFolders else { return }
        let started = clock.now
        defer { writing += clock.now - started }
        stage = .writing
        let folders = syncingFolders
        syncingFolders = []
        if !syncsEachFile {
            try FileSystem.syncFileSystem(containing: store.directory)
        } else if folders.count <= Self.fileSyncLimit {
            try check(syncs.wait(), paths: folders)
        } else {
            try sync(folders)
        }
        syncs.finish()
    }

    /// Syncs the files or folders at `paths` on the threads, a queue's
    /// worth at a time.
    private func sync(_ paths: [String]) throws(ObjectStoreError) {
        var rest = paths[...]
        while !rest.isEmpty {
            let round = rest.prefix(Self.fileSyncLimit)
            rest = rest.dropFirst(round.count)
            for path in round { syncs.sync(path: path) }
            try check(syncs.wait(), paths: Array(round))
        }
    }

    /// Throws for the first failed sync among `outcomes` (of `paths`, in order).
    private func check(_ outcomes: [Int32], paths: [String]) throws(ObjectStoreError) {
        if let failed = outcomes.firstIndex(where: { $0 != 0 }) {
            throw .io(path: failed < paths.count ? paths[failed] : store.directory, operation: "fsync", errno: outcomes[failed])
        }
    }
}

/// A file of the batch waiting for its name: where it is, and the object's path.
private struct PendingFile {
    var temporary: TemporaryFile
    var final: String

    /// Whether its descriptor is closed once the file is synced: a named
    /// file's is (its path names it); an unnamed file's stays open until
    /// it is linked.
    var closesWhenSynced: Bool { temporary.path != nil }
}
