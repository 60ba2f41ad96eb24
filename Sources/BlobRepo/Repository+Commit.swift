import BlobFormat
import FoundationEssentials
import ObjectStore
import RefStore

extension Repository {
    /// Commits `set` on top of `HEAD`: writes its objects, then moves the ref
    /// and records one ReloadEvent per function whose blob changed, in one
    /// transaction. Functions held by a rollback stay held while the set
    /// brings back the blob the rollback undid. When nothing changed, nothing
    /// is written and the result has no commit.
    @discardableResult
    public func commit(_ set: ScriptSet, message: String) throws(RepositoryError) -> CommitResult {
        try commit(set, message: message) { _ in nil }
    }

    /// ``commit(_:message:)``; `sourceCache` gives the source cache update
    /// that goes with it, from the set's own snapshot (every blob hashed,
    /// holds not yet applied).
    func commit(_ set: ScriptSet, message: String,
                sourceCache: (Snapshot) -> SourceCacheUpdate?) throws(RepositoryError) -> CommitResult {
        let clock = ContinuousClock()
        let started = clock.now
        let (blobs, proposed) = set.prepared()
        let hashing = clock.now - started
        let cacheUpdate = sourceCache(proposed)
        let stored = set.storedHashes
        var result = try advance(cause: .commit, message: message, blobs: blobs, chunks: set.chunksByHash(in: proposed),
                                 sourceCache: cacheUpdate) { (parent) throws(RepositoryError) in
            // Reused entries must be stored: the parent's are; others are checked.
            let known = try parent.map { (parent) throws(RepositoryError) in try blobHashes(tree: parent.tree) } ?? []
            for hash in stored where !known.contains(hash) && !objects.contains(hash) { throw .objects(.missing(hash)) }
            var snapshot = proposed
            var heldBack: [String] = []
            var released: [String] = []
            var heldPermissions: [String] = []
            for (name, hold) in parent?.snapshot.meta.holds ?? [:] {
                if hold.isKept(by: snapshot.functions[name]) {
                    snapshot.functions[name] = hold.held
                    snapshot.meta.holds[name] = hold
                    let needs = try heldBlobNeeds(hold.held)
                    snapshot.closures.formUnion(needs.closures)
                    heldPermissions += needs.permissions
                    heldBack.append(name)
                } else {
                    released.append(name)
                }
            }
            // A held blob may need what the rest of the set does not.
            snapshot.meta = SnapshotMeta(format: snapshot.meta.format, compiler: snapshot.meta.compiler, holds: snapshot.meta.holds,
                                         permissions: snapshot.meta.permissions + heldPermissions)
            return (snapshot, heldBack.sorted(), released.sorted())
        }
        result.timings.hash = hashing
        return result
    }

    /// Points one function back at an earlier blob, as a new commit with
    /// cause `rollback`: by default the previous distinct blob in the
    /// function's log, or `target` (a hash or unique prefix). The function is
    /// then held (see ``commit(_:message:)``).
    @discardableResult
    public func rollback(function name: String, to target: String? = nil) throws(RepositoryError) -> CommitResult {
        let head = try head()
        let current = try snapshot(commit: head).functions[name]
        let destination: FunctionHash
        if let target {
            destination = try expand(hashPrefix: target)
        } else {
            destination = try previousBlob(of: name, current: current)
        }
        guard destination != current else {
            throw .invalidArgument("function '\(name)' is already at \(destination.abbreviated())")
        }
        let needs = try heldBlobNeeds(destination)
        let message = "Roll back \(name) to \(destination.abbreviated())"
        // The source caches that vouched for HEAD's snapshot vouch for this
        // one: it differs in a hold alone, and the patching commit applies holds.
        return try advance(cause: .rollback, message: message, blobs: [], rebasesSourceCaches: true) { (parent) throws(RepositoryError) in
            guard var snapshot = parent?.snapshot else { throw .noCommits }
            let replaced = snapshot.functions[name]
            snapshot.functions[name] = destination
            snapshot.closures.formUnion(needs.closures)
            snapshot.meta = SnapshotMeta(
                format: snapshot.meta.format, compiler: snapshot.meta.compiler,
                holds: snapshot.meta.holds.merging([name: .init(held: destination, replaced: replaced)]) { $1 },
                permissions: snapshot.meta.permissions + needs.permissions)
            return (snapshot, [], [])
        }
    }

    /// Moves the whole script set back to the snapshot of `revision`, as a
    /// new commit with cause `reset`; history is kept.
    @discardableResult
    public func rollback(to revision: String) throws(RepositoryError) -> CommitResult {
        let target = try resolve(revision)
        let snapshot = try snapshot(commit: target)
        let message = "Reset to \(target.abbreviated())"
        return try advance(cause: .reset, message: message, blobs: []) { _ in (snapshot, [], []) }
    }

    /// The blob a function had before `current`: the newest hash in its log,
    /// old or new side, that differs from `current`.
    func previousBlob(of name: String, current: FunctionHash?) throws(RepositoryError) -> FunctionHash {
        let events = try wrapping { try refs.events(function: name) }
        if events.isEmpty, current == nil { throw .unknownFunction(name, revision: "HEAD or its log") }
        for event in events {
            for hash in [event.newHash, event.oldHash] {
                if let hash, hash != current { return hash }
            }
        }
        throw .noEarlierVersion(name)
    }

    /// What a blob held by a rollback brings into a snapshot besides its
    /// name: every closure blob it reaches, transitively, and the
    /// permissions that it and those closures need (a set's permissions
    /// count every closure's). The commit paths and the rollback itself add
    /// both, so that meta and `closures/` are the same whichever made them.
    func heldBlobNeeds(_ hash: FunctionHash) throws(RepositoryError) -> (closures: Set<FunctionHash>, permissions: [String]) {
        let blob = try functionBlob(hash)
        var found = Set<FunctionHash>()
        var permissions = blob.permissions
        var pending = blob.closures
        while let next = pending.popLast() {
            guard found.insert(next).inserted else { continue }
            let closure = try functionBlob(next)
            permissions += closure.permissions
            pending += closure.closures
        }
        return (found, permissions)
    }

    typealias Parent = (commit: FunctionHash, tree: FunctionHash, snapshot: Snapshot)
    typealias Proposal = (snapshot: Snapshot, heldBack: [String], released: [String])

    /// Repeatedly: reads the ref, builds the next snapshot from its commit,
    /// writes `blobs` (the first time), the trees and the commit as one
    /// batch, and moves the ref by compare-and-swap, until the swap
    /// succeeds. All of it holds the repository lock shared, so gc cannot
    /// sweep objects in between. Last, it writes the new snapshot's load
    /// index (with the chunk blobs of `chunks` at hand), which a failure to
    /// write only leaves missing. A `sourceCache` update is applied with the
    /// move, its base set to the new tree; when nothing changed, on its own
    /// (if it has anything to say), after `blobs` are stored.
    func advance(cause: ReloadEvent.Cause, message: String, blobs: [GitObject],
                 chunks: [FunctionHash: FunctionBlob] = [:], sourceCache: SourceCacheUpdate? = nil, rebasesSourceCaches: Bool = false,
                 build: (Parent?) throws(RepositoryError) -> Proposal) throws(RepositoryError) -> CommitResult {
        let maximumAttempts = 1000
        return try RepositoryLock.holding(.shared, in: gitDirectory) { () throws(RepositoryError) -> CommitResult in
            let clock = ContinuousClock()
            let recording = clock.now
            let ref = try wrapping { try refs.fullName(RefName.head) }
            var unwritten = blobs
            for _ in 0..<maximumAttempts {
                let parentHash = try wrapping { try refs.resolve(RefName.head) }
                var parent: Parent?
                if let parentHash {
                    let parentTree = try commit(parentHash).tree
                    parent = (parentHash, parentTree, try snapshot(tree: parentTree))
                }
                let proposal = try build(parent)
                let treeObjects = try wrapping { try proposal.snapshot.hashedTreeObjects() }
                let tree = treeObjects.last!.hash
                var cacheUpdate = sourceCache
                cacheUpdate?.base = tree
                var result = CommitResult(
                    commit: nil, parent: parentHash, ref: ref, diff: SnapshotDiff(from: parent?.snapshot, to: proposal.snapshot),
                    events: [], heldBack: proposal.heldBack, released: proposal.released, objectsWritten: 0)
                if let parent, parent.tree == tree {
                    // The cache's entries name these blobs: they must be stored.
                    result.objectsWritten = try store(unwritten, timings: &result.timings)
                    try writeUnchanged(cacheUpdate, result: &result)
                    return result
                }
                let recorded = try record(tree: tree, treeObjects: treeObjects, blobs: unwritten, parent: parentHash,
                                          cause: cause, message: message, sourceCache: cacheUpdate,
                                          rebase: rebasesSourceCaches ? parent.map { ($0.tree, tree) } : nil, result: &result)
                unwritten = []
                guard recorded else { continue }
                snapshotMemo.remember(tree, proposal.snapshot)
                let snapshot = proposal.snapshot
                let parentSnapshot = parent.map { ($0.tree, $0.snapshot) }
                pendingLoadIndexes.write { () throws(RepositoryError) in
                    try self.writeLoadIndex(tree: tree, snapshot: snapshot, known: chunks, parent: parentSnapshot)
                }
                result.timings.record = clock.now - recording - result.timings.write - result.timings.compress
                return result
            }
            throw .contention(ref: ref, attempts: maximumAttempts)
        }
    }

    /// Writes `blobs` as one batch and returns how many were new.
    func store(_ blobs: [GitObject], timings: inout CommitTimings) throws(RepositoryError) -> Int {
        guard !blobs.isEmpty else { return 0 }
        let batch = objects.batch()
        var written = 0
        try wrapping {
            for blob in blobs { try batch.add(blob) }
            written = batch.count
            try batch.commit()
        }
        timings.compress = batch.compressing
        timings.write = batch.writing
        return written
    }

    /// Writes `blobs`, the trees and a commit of `tree` on `parent` as one
    /// batch, then moves HEAD from `parent` to it with one ReloadEvent per
    /// function of `result.diff` (and the `sourceCache` update) in one
    /// transaction; source caches based on `rebase.from` are based on
    /// `rebase.to` after it. Returns false, having moved nothing, when HEAD
    /// is no longer at `parent`; the objects stay written.
    ///
    /// `whileSyncing` runs while the new files are being made durable,
    /// before they have their names (when it throws, nothing is moved); the
    /// transaction's statements run while their folders are. `treesAreNew`
    /// says that `treeObjects` are trees the parent's snapshot lacks (so
    /// rarely stored at all): they are written without looking for them
    /// first, as the commit always is. `batch` may hold some of them
    /// already (written early, so that their syncs start sooner).
    func record(tree: FunctionHash, treeObjects: [(object: GitObject, hash: FunctionHash)], treesAreNew: Bool = false,
                blobs: [GitObject], parent: FunctionHash?, cause: ReloadEvent.Cause, message: String,
                sourceCache: SourceCacheUpdate?, rebase: (from: FunctionHash, to: FunctionHash)? = nil, batch: WriteBatch? = nil,
                whileSyncing: () throws(RepositoryError) -> Void = {}, result: inout CommitResult) throws(RepositoryError) -> Bool {
        let signature = Identity.signature(config: config)
        let commitObject = Commit(
            tree: tree, parents: parent.map { [$0] } ?? [], author: signature, committer: signature,
            message: message.hasSuffix("\n") ? message : message + "\n").object
        let batch = batch ?? objects.batch()
        defer {
            result.timings.compress += batch.compressing
            result.timings.write += batch.writing
        }
        try wrapping {
            for blob in blobs { try batch.add(blob) }
            for tree in treeObjects { try batch.add(tree.object, hash: tree.hash, lookingForStored: !treesAreNew) }
            try batch.add(commitObject, hash: commitObject.hash, lookingForStored: false)
            result.objectsWritten += batch.count
            try batch.startSyncing()
        }
        // What it throws drops the batch: its files never get their names.
        try whileSyncing()
        try wrapping { try batch.renameIntoPlace() }
        let commitHash = commitObject.hash
        let now = Date()
        let subject = message.split(separator: "\n").first.map(String.init) ?? ""
        let events = result.diff.functions.map {
            ReloadEvent(time: now, ref: result.ref, function: $0.name, oldHash: $0.old, newHash: $0.new,
                        cause: cause, commit: commitHash, message: subject)
        }
        let update = RefUpdate(
            ref: RefName.head, expected: parent.map { .at($0) } ?? .absent, new: commitHash,
            events: events, message: "\(cause.rawValue): \(subject)", sourceCache: sourceCache, rebasedSourceCaches: rebase)
        var unsynced: ObjectStoreError?
        do throws(RefStoreError) {
            result.events = try refs.update(update) { () throws(RefStoreError) in
                do throws(ObjectStoreError) { try batch.waitUntilDurable() } catch {
                    unsynced = error
                    throw .storage("\(error)")
                }
            }
        } catch .refMoved, .refExists {
            return false
        } catch {
            throw unsynced.map { .objects($0) } ?? .refs(error)
        }
        result.commit = commitHash
        result.sourceCacheWritten = sourceCache != nil
        return true
    }

    /// When a commit changes nothing, its source cache update is written on
    /// its own, and only when it has entries to store or a new base.
    func writeUnchanged(_ sourceCache: SourceCacheUpdate?, result: inout CommitResult) throws(RepositoryError) {
        guard let sourceCache, !sourceCache.entries.isEmpty || !sourceCache.removed.isEmpty
                || sourceCache.base != sourceCache.readBase else { return }
        try wrapping { try refs.updateSourceCache(sourceCache) }
        result.sourceCacheWritten = true
    }
}
