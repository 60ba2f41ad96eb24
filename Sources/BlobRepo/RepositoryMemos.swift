import BlobFormat
import Foundation
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

    private let lock = NSLock()
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
/// what each needs to be written.
final class PendingLoadIndexes: @unchecked Sendable {
    typealias Pending = (tree: FunctionHash, snapshot: Snapshot, known: [FunctionHash: FunctionBlob],
                         parent: (tree: FunctionHash, snapshot: Snapshot)?)
    private let lock = NSLock()
    private var entries: [Pending] = []
    private var isDeferring = false

    var deferring: Bool {
        get { lock.withLock { isDeferring } }
        set { lock.withLock { isDeferring = newValue } }
    }

    func add(_ pending: Pending) { lock.withLock { entries.append(pending) } }

    /// Everything pending, oldest first; the list is left empty.
    func take() -> [Pending] {
        lock.withLock {
            defer { entries.removeAll() }
            return entries
        }
    }
}

/// The source cache of one source directory, as this process last read or
/// wrote it. An entry states what a file with given stat data compiled to,
/// which stays true whatever other processes write, so a remembered entry
/// is never wrong, at most missing (and the file is then compiled again).
final class SourceCacheMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var key = ""
    private var entries: [String: SourceCacheEntry] = [:]

    func entries(key: String, orRead read: () throws(RepositoryError) -> [String: SourceCacheEntry]) throws(RepositoryError) -> [String: SourceCacheEntry] {
        if let found = lock.withLock({ self.key == key ? entries : nil }) { return found }
        let read = try read()
        lock.withLock {
            self.key = key
            entries = read
        }
        return read
    }

    /// Records what a commit wrote to the cache under `key`.
    func update(key: String, entries written: [SourceCacheEntry], removed: [String]) {
        lock.withLock {
            guard self.key == key else { return }
            for entry in written { entries[entry.path] = entry }
            for path in removed { entries[path] = nil }
        }
    }
}
