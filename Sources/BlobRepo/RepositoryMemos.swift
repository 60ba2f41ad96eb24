import BlobFormat
import FoundationEssentials
import RefStore

/// A few recently read or written snapshots, by root tree hash, with the
/// set of blobs each names once someone asked for it. Snapshots are
/// immutable values named by their hash, so a remembered one is never stale.
final class SnapshotMemo: @unchecked Sendable {
    private final class Entry {
        let tree: FunctionHash
        let snapshot: Snapshot
        var blobHashes: Set<FunctionHash>?
        init(tree: FunctionHash, snapshot: Snapshot) {
            self.tree = tree
            self.snapshot = snapshot
        }
    }

    private let lock = Lock()
    private var entries: [Entry] = []

    func snapshot(_ tree: FunctionHash, orRead read: () throws(RepositoryError) -> Snapshot) throws(RepositoryError) -> Snapshot {
        try entry(tree, orRead: read).snapshot
    }

    /// ``Snapshot/blobHashes`` of the snapshot at `tree`, computed once.
    func blobHashes(_ tree: FunctionHash, orRead read: () throws(RepositoryError) -> Snapshot) throws(RepositoryError) -> Set<FunctionHash> {
        let entry = try entry(tree, orRead: read)
        return lock.withLock {
            if let known = entry.blobHashes { return known }
            let hashes = entry.snapshot.blobHashes
            entry.blobHashes = hashes
            return hashes
        }
    }

    /// The snapshot at `tree`, when it is remembered.
    func known(_ tree: FunctionHash) -> Snapshot? {
        lock.withLock { entries.first { $0.tree == tree }?.snapshot }
    }

    /// Remembers a snapshot that was just written, so that the next commit
    /// and a reload to it need not read it back.
    func remember(_ tree: FunctionHash, _ snapshot: Snapshot) {
        lock.withLock { insert(Entry(tree: tree, snapshot: snapshot)) }
    }

    private func entry(_ tree: FunctionHash, orRead read: () throws(RepositoryError) -> Snapshot) throws(RepositoryError) -> Entry {
        if let found = lock.withLock({ entries.first { $0.tree == tree } }) { return found }
        let entry = Entry(tree: tree, snapshot: try read())
        lock.withLock { insert(entry) }
        return entry
    }

    private func insert(_ entry: Entry) {
        guard !entries.contains(where: { $0.tree == entry.tree }) else { return }
        entries.append(entry)
        if entries.count > 4 { entries.removeFirst() }
    }
}

/// Load indexes that commits put off (see ``Repository/defersLoadIndexes``):
/// for each, the write to run later.
final class PendingLoadIndexes: @unchecked Sendable {
    typealias Write = () throws(RepositoryError) -> Void
    private let lock = Lock()
    private var entries: [Write] = []
    private var isDeferring = false

    var deferring: Bool {
        get { lock.withLock { isDeferring } }
        set { lock.withLock { isDeferring = newValue } }
    }

    /// Runs `write` now, or keeps it for later while indexes are deferred.
    func write(_ write: @escaping Write) {
        let later = lock.withLock {
            if isDeferring { entries.append(write) }
            return isDeferring
        }
        if !later { try? write() }
    }

    /// Everything pending, oldest first; the list is left empty.
    func take() -> [Write] {
        lock.withLock {
            defer { entries.removeAll() }
            return entries
        }
    }
}

/// The source cache of one source directory, as this process last read or
/// wrote it, with the generation it had then. It is used while the
/// database's generation is the same (no other process wrote since), and
/// read again otherwise.
final class SourceCacheMemo: @unchecked Sendable {
    private let lock = Lock()
    private var key = ""
    private var cache: SourceCache?
    /// What commits wrote since `cache` was remembered, in order, applied
    /// when the cache is next asked for: applying them at once would copy
    /// the whole dictionary, which the committing caller still holds, and a
    /// command exits before it asks again.
    private var writes: [(entries: [SourceCacheEntry], removed: [String])] = []

    /// The cache under `key`: the remembered one when `current` (the
    /// database's generation and base, asked only when there is one) says
    /// it is up to date, else what `read` returns.
    func cache(key: String, current: () throws(RepositoryError) -> SourceCache,
               orRead read: () throws(RepositoryError) -> SourceCache) throws(RepositoryError) -> SourceCache {
        if var found = lock.withLock({ self.key == key ? remembered() : nil }) {
            let state = try current()
            if found.generation == state.generation {
                found.base = state.base
                return found
            }
        }
        let read = try read()
        lock.withLock {
            self.key = key
            cache = read
            writes = []
        }
        return read
    }

    /// The remembered cache with the writes since applied. Called holding the lock.
    private func remembered() -> SourceCache? {
        guard var found = cache else { return nil }
        if !writes.isEmpty {
            cache = nil
            for write in writes {
                for entry in write.entries { found.entries[entry.path] = entry }
                for path in write.removed { found.entries[path] = nil }
            }
            found.generation += Int64(writes.count)
            writes = []
            cache = found
        }
        return found
    }

    /// Records what a commit wrote to the cache under `key` after reading it
    /// at `generation`: if no one else wrote in between, the database is now
    /// at the next generation (a different one tells the next commit to read
    /// the cache again).
    func update(key: String, after generation: Int64, entries written: [SourceCacheEntry], removed: [String]) {
        lock.withLock {
            guard self.key == key, let cache, cache.generation + Int64(writes.count) == generation else {
                self.cache = nil
                writes = []
                return
            }
            writes.append((written, removed))
        }
    }
}
