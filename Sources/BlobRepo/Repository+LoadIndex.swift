#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat
import ObjectStore

/// The load index of each committed snapshot (``LoadIndex``), kept in
/// `.blobrepo/load-index/<tree>`: written by the command that commits the
/// snapshot, once its objects are written (while they are made durable, or
/// after the ref moves); deleted by `gc` unless a ref or a live pin names
/// the snapshot (or it is the base of a patch that stays).
/// A ref names the snapshot only once its objects are durable, so an index
/// reached through a ref names a snapshot whose blobs were all stored, and
/// a loader can trust it instead of checking each blob.
///
/// A commit that changes only blobs stores its index as a patch over the
/// full index its parent's reads (the parent's own, or its parent's base),
/// until the patch would hold more than ``loadIndexPatchLimit(functions:)``
/// hashes; then it writes a full index again. A base is a full index of a
/// snapshot of its own, so `gc` writes out whole a patch whose base goes.
extension Repository {
    /// What a chunk blob declares and makes (see ``LoadIndex/chunkSummaries``).
    typealias ChunkSummary = (declares: [String]?, makes: [String])

    static func summary(of chunk: FunctionBlob) -> ChunkSummary { (chunk.declaredGlobals, chunk.namedFunctions) }

    var loadIndexDirectory: String { gitDirectory + "/load-index" }

    func loadIndexPath(_ tree: FunctionHash) -> String { loadIndexDirectory + "/" + tree.hex }

    /// The stored index of the snapshot at `tree`, or nil when there is none
    /// or it cannot be read (then it is rebuilt by ``buildLoadIndex(tree:)``).
    public func storedLoadIndex(tree: FunctionHash) -> LoadIndex? {
        guard let region = try? FileSystem.mapFile(loadIndexPath(tree)) else { return nil }
        guard let trees = LoadIndex.patchTrees(region.bytes) else { return try? LoadIndex(region: region, tree: tree) }
        guard let base = try? FileSystem.mapFile(loadIndexPath(trees.base)) else { return nil }
        return try? LoadIndex(patch: region.bytes, base: base, tree: tree)
    }

    /// The most hashes a stored patch holds for a snapshot of `functions`
    /// named functions: a sixteenth of them, and at least 64. A loader reads
    /// the patch's hashes into a table, so it stays small beside the index.
    static func loadIndexPatchLimit(functions: Int) -> Int { max(64, functions / 16) }

    /// The tree of the full index under the stored patch of `tree`; nil when
    /// that index is full or absent.
    func loadIndexBase(of tree: FunctionHash) -> FunctionHash? {
        guard let region = try? FileSystem.mapFile(loadIndexPath(tree)) else { return nil }
        return LoadIndex.patchTrees(region.bytes)?.base
    }

    /// Builds the index of the snapshot at `tree` from the snapshot itself,
    /// after checking that every blob it names is stored, and keeps it.
    /// Chunk blobs in `known` (decoded already) are not read again.
    /// It holds the repository lock shared, so that gc cannot delete a blob
    /// between the check and the write.
    public func buildLoadIndex(tree: FunctionHash, known: [FunctionHash: FunctionBlob] = [:]) throws(RepositoryError) -> LoadIndex {
        let snapshot = try snapshot(tree: tree)
        return try RepositoryLock.holding(.shared, in: gitDirectory) { () throws(RepositoryError) -> LoadIndex in
            let absent = objects.missing(Array(snapshot.blobHashes))
            if let first = absent.min(by: { $0.hex < $1.hex }) { throw .objects(.missing(first)) }
            try writeLoadIndex(tree: tree, snapshot: snapshot, known: known)
            // Mapped, not decoded from the bytes just written: a lookup touches
            // only the pages it needs.
            guard let index = storedLoadIndex(tree: tree) else {
                throw .format(.malformed("load index", "the index just written does not read back"), object: tree)
            }
            return index
        }
    }

    /// Writes the index of `snapshot` (whose root is `tree`) unless it is
    /// stored already. When `parent` (the snapshot it was made from) has an
    /// index and only blobs changed, that index is patched; otherwise it is
    /// built whole. What each chunk declares comes from `known` (chunks
    /// just compiled), the parent's index, or else the chunk blob.
    func writeLoadIndex(tree: FunctionHash, snapshot: Snapshot, known: [FunctionHash: FunctionBlob],
                        parent: (tree: FunctionHash, snapshot: Snapshot)? = nil) throws(RepositoryError) {
        try writeLoadIndex(tree: tree, parent: parent?.tree, changes: parent.flatMap { Self.changes(from: $0.snapshot, to: snapshot) },
                           known: known) { snapshot }
    }

    /// What changed between two snapshots, for patching an index: every
    /// changed function and every file; nil when a name or a file came or went.
    typealias IndexChanges = (functions: [(name: String, hash: FunctionHash)], files: [FileChange])

    /// Writes the index of the snapshot at `tree` unless it is stored
    /// already: the index of `parent` patched with `changes` when it can be
    /// (see ``loadIndexPatches(_:functions:files:tree:known:)``), else built
    /// whole from `snapshot()`.
    func writeLoadIndex(tree: FunctionHash, parent: FunctionHash?, changes: IndexChanges?, known: [FunctionHash: FunctionBlob],
                        snapshot: () throws(RepositoryError) -> Snapshot) throws(RepositoryError) {
        if storedLoadIndex(tree: tree) != nil { return }
        let parentIndex = parent.flatMap { storedLoadIndex(tree: $0) }
        if let changes, let parentIndex,
           let patches = try loadIndexPatches(parentIndex, functions: changes.functions, files: changes.files, tree: tree, known: known) {
            let hashes = parentIndex.overlay(adding: patches)
            // The tree field is one of them, kept in the patch's header.
            if hashes.count - 1 <= Self.loadIndexPatchLimit(functions: parentIndex.functionCount) {
                let patch = LoadIndex.encodePatch(tree: tree, base: parentIndex.baseTree, patches: hashes)
                try storeLoadIndex(tree: tree) { (path, durable) throws(ObjectStoreError) in
                    try FileSystem.replaceFile(path, with: patch, durable: durable)
                }
            } else {
                // The base's mapped bytes written out with every hash: no copy in memory.
                try storeLoadIndex(tree: tree) { (path, durable) throws(ObjectStoreError) in
                    try FileSystem.replaceFile(path, with: parentIndex.baseBytes, patches: hashes.map { ($0.offset, $0.hash.bytes) },
                                               durable: durable)
                }
            }
            return
        }
        var summaries = parentIndex?.chunkSummaries ?? [:]
        for (hash, blob) in known { summaries[hash] = Self.summary(of: blob) }
        let bytes = try loadIndexBytes(tree: tree, snapshot: try snapshot(), summaries: &summaries)
        try storeLoadIndex(tree: tree) { (path, durable) throws(ObjectStoreError) in
            try FileSystem.replaceFile(path, with: bytes, durable: durable)
        }
    }

    /// The index of `snapshot` built whole; what each chunk declares and
    /// makes comes from `summaries`, or from its blob (then remembered there).
    func loadIndexBytes(tree: FunctionHash, snapshot: Snapshot,
                        summaries: inout [FunctionHash: ChunkSummary]) throws(RepositoryError) -> [UInt8] {
        var files: [LoadIndex.FileInput] = []
        files.reserveCapacity(snapshot.chunks.count)
        for (path, hash) in snapshot.chunks {
            let summary: ChunkSummary
            if let found = summaries[hash] {
                summary = found
            } else {
                summary = Self.summary(of: try functionBlob(hash))
                summaries[hash] = summary
            }
            files.append(LoadIndex.FileInput(path: path, chunk: hash, source: snapshot.sources[path],
                                             declares: summary.declares, makes: summary.makes))
        }
        return LoadIndex.encode(tree: tree, files: files, functions: snapshot.functions)
    }

    /// Checks every stored load index against its snapshot and deletes the
    /// ones that differ, that name a snapshot not fully stored, or that
    /// cannot be read (a load rebuilds them); returns the trees of those.
    func checkLoadIndexes() -> [String] {
        var deleted: [String] = []
        var summaries: [FunctionHash: ChunkSummary] = [:]
        // Other names are temporary files of writes that may be under way:
        // gc removes leftovers, under the repository lock.
        for name in ((try? FileSystem.list(loadIndexDirectory)) ?? []).sorted() {
            guard let tree = FunctionHash(hex: name) else { continue }
            let path = loadIndexDirectory + "/" + name
            let sound: Bool = {
                // A patch reads its base: a damaged or missing base fails it too.
                guard let stored = storedLoadIndex(tree: tree),
                      let snapshot = try? snapshot(tree: tree), objects.missing(Array(snapshot.blobHashes)).isEmpty,
                      let expected = try? loadIndexBytes(tree: tree, snapshot: snapshot, summaries: &summaries) else { return false }
                return stored.bytes == expected
            }()
            if !sound, unlink(path) == 0 { deleted.append(name) }
        }
        return deleted
    }

    /// The changes from `old` to `new` when they have the same files and
    /// function names; nil otherwise.
    static func changes(from old: Snapshot, to new: Snapshot) -> IndexChanges? {
        guard old.functions.count == new.functions.count, old.chunks.count == new.chunks.count else { return nil }
        var functions: [(name: String, hash: FunctionHash)] = []
        for (name, hash) in new.functions {
            guard let before = old.functions[name] else { return nil }
            if before != hash { functions.append((name, hash)) }
        }
        var files: [FileChange] = []
        for (path, chunk) in new.chunks {
            guard let before = old.chunks[path] else { return nil }
            files.append((path, before, old.sources[path], chunk, new.sources[path]))
        }
        return (functions, files)
    }

    /// A file of a snapshot with its chunk and source before and after.
    typealias FileChange = (path: String, chunkBefore: FunctionHash, sourceBefore: FunctionHash?,
                            chunk: FunctionHash, source: FunctionHash?)

    /// The writes that patch `index` with new hashes for `functions` (all
    /// of which it names) and `files` (all of which it lists), when every
    /// changed chunk declares and makes what it did; nil otherwise.
    func loadIndexPatches(_ index: LoadIndex, functions: [(name: String, hash: FunctionHash)], files: [FileChange],
                          tree: FunctionHash, known: [FunctionHash: FunctionBlob]) throws(RepositoryError)
        -> [(offset: Int, bytes: [UInt8])]? {
        func summary(_ hash: FunctionHash) throws(RepositoryError) -> (Set<String>?, Set<String>) {
            let blob = if let compiled = known[hash] { compiled } else { try functionBlob(hash) }
            let summary = Self.summary(of: blob)
            return (summary.declares.map(Set.init), Set(summary.makes))
        }
        var changed: [(index: Int, chunk: FunctionHash, source: FunctionHash?)] = []
        for file in files where file.chunkBefore != file.chunk || file.sourceBefore != file.source {
            guard let at = index.fileIndex(path: file.path) else { return nil }
            if file.chunkBefore != file.chunk {
                let (oldDeclares, oldMakes) = try summary(file.chunkBefore)
                let (newDeclares, newMakes) = try summary(file.chunk)
                guard oldDeclares == newDeclares, oldMakes == newMakes else { return nil }
            }
            changed.append((at, file.chunk, file.source))
        }
        return index.patches(tree: tree, files: changed, functions: functions)
    }

    /// Writes the index of `tree` with `write`, given its path and whether
    /// to flush it.
    private func storeLoadIndex(tree: FunctionHash,
                                _ write: (String, Bool) throws(ObjectStoreError) -> Void) throws(RepositoryError) {
        // Derived data, like git's commit-graph: not flushed (a reader checks
        // its structure and rebuilds what fails), so indexing adds no wait
        // on the disk to a commit.
        do throws(ObjectStoreError) { try write(loadIndexPath(tree), false) } catch {
            throw .objects(error)
        }
    }

    /// Writes the load indexes that commits put off (see
    /// ``defersLoadIndexes``), oldest first, each patched from the one
    /// before when it can be. A failure only leaves an index missing.
    public func writePendingLoadIndexes() {
        let pending = pendingLoadIndexes.take()
        guard !pending.isEmpty else { return }
        try? RepositoryLock.holding(.shared, in: gitDirectory) { () throws(RepositoryError) in
            for write in pending { try? write() }
        }
    }

    /// Deletes the indexes of snapshots that are not in `kept` (a patch
    /// kept over a base that goes is written out whole first), and
    /// temporary files of interrupted writes; returns how many it deleted.
    @discardableResult
    func pruneLoadIndexes(keeping kept: Set<FunctionHash>) -> Int {
        var deleted = 0
        let names = (try? FileSystem.list(loadIndexDirectory)) ?? []
        // A patch that stays over a base that goes is written out whole first
        // (or, when it cannot be read, deleted: a load rebuilds it).
        for name in names {
            guard let tree = FunctionHash(hex: name), kept.contains(tree),
                  let base = loadIndexBase(of: tree), !kept.contains(base) else { continue }
            if let index = storedLoadIndex(tree: tree),
               (try? storeLoadIndex(tree: tree, { (path, durable) throws(ObjectStoreError) in
                   try FileSystem.replaceFile(path, with: index.bytes, durable: durable)
               })) != nil { continue }
            if unlink(loadIndexPath(tree)) == 0 { deleted += 1 }
        }
        for name in names {
            if let tree = FunctionHash(hex: name), kept.contains(tree) { continue }
            if unlink(loadIndexDirectory + "/" + name) == 0 { deleted += 1 }
        }
        return deleted
    }
}
