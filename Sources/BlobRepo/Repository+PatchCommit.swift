import BlobFormat
import FoundationEssentials
import LuaCompiler
import ObjectStore
import RefStore

/// A commit that patches HEAD's snapshot instead of building it whole.
///
/// When the source cache was last written by the commit HEAD is at (its
/// base is HEAD's tree), the reused entries are exactly what HEAD's snapshot
/// holds for their files, holds applied. A commit then needs only the stale
/// and removed files: it compiles those, splices their functions into the
/// `functions/` tree's bytes, patches the few `chunks/` and `src/` subtrees
/// on their paths, and writes the new trees; the other 10,000 entries are
/// neither decoded nor hashed one by one. The snapshot it makes is the one
/// the full commit would make, byte for byte (a test compares the two).
extension Repository {
    /// What patching HEAD's snapshot made.
    struct Patch {
        var tree: FunctionHash
        /// The trees and meta HEAD's snapshot does not have, children before
        /// parents, the root last.
        var treeObjects: [(object: GitObject, hash: FunctionHash)]
        var diff: SnapshotDiff
        var heldBack: [String]
        var released: [String]
        /// For the load index: every function change and every stale file's
        /// change, when no name and no file came or went.
        var indexChanges: IndexChanges?
        /// Blobs HEAD's snapshot names among those the changed files
        /// compiled to: stored and reachable, so not written or refreshed.
        var named: Set<FunctionHash>
        /// HEAD's `functions/` tree when it was read without checking its
        /// hash (see ``verifyStoredTree()``): how it was spliced, the new
        /// tree with the checkpoints of its hash, and the id it must have.
        var unverified: Unverified?

        struct Unverified {
            var spliced: SplicedTree
            var newTree: GitObject
            var checkpoints: HashCheckpoints
            var hash: FunctionHash
        }

        /// Checks the hash of HEAD's `functions/` tree, read unchecked so
        /// that the check runs while the new objects sync: nothing made
        /// from it may be named before it passes. The tree is told from the
        /// new one (spliced in place, it is the new one with the old hashes
        /// put back), and the bytes the two share (all before the first
        /// changed entry, when they are of one size) are not hashed again.
        func verifyStoredTree() throws(RepositoryError) {
            guard let unverified else { return }
            let actual = unverified.spliced.originalHash(unverified.newTree, resumingFrom: unverified.checkpoints)
            guard actual == unverified.hash else { throw .objects(.hashMismatch(unverified.hash, actual: actual)) }
        }
    }

    /// Commits `scan` by patching HEAD's snapshot, or returns nil, having
    /// moved nothing, when the full commit must run instead: the cache's
    /// base is not HEAD's tree, a file fails to compile or a name is defined
    /// twice (the full commit reports every diagnostic), a file could not be
    /// stat'ed, or HEAD moved meanwhile.
    func patchCommit(_ scan: SourceScan, cache: SourceCache, key: String, message: String,
                     progress: ((Int, Int) -> Void)?) throws(RepositoryError) -> CommitResult? {
        let clock = ContinuousClock()
        let started = clock.now
        guard let (base, (ref, head), sources, definedBefore, prefetched) = try compiledOnHead(
            scan, cache: cache, key: key, progress: progress, unverified: true) else { return nil }
        let hashing = clock.now
        let (blobs, proposed) = sources.scriptSet.prepared()
        let recording = clock.now
        var known: [FunctionHash: FunctionBlob] = [:]
        var indexed = false
        // Under the repository's shared lock from the patch on: the new
        // `functions/` tree is written as soon as it is hashed (on a thread
        // of its own, while the rest of the snapshot is made), and gc must
        // not take its temporary file for a stale one.
        let recorded = try RepositoryLock.holding(.shared, in: gitDirectory) {
            () throws(RepositoryError) -> (patch: Patch, entries: [SourceCacheEntry], result: CommitResult)? in
            let batch = objects.batch()
            guard let patch = try patch(tree: base, scan: scan, definedBefore: definedBefore, proposed: proposed,
                                        verifyingLater: true, writingTo: batch, prefetched: prefetched) else { return nil }
            let entries = sources.cacheEntries(in: proposed)
            let cacheUpdate = SourceCacheUpdate(root: key, entries: entries, removed: scan.removed,
                                                readGeneration: cache.generation, readBase: cache.base, base: patch.tree)
            var result = CommitResult(commit: nil, parent: head, ref: ref, diff: patch.diff, events: [],
                                      heldBack: patch.heldBack, released: patch.released, objectsWritten: 0)
            result.patched = true
            result.timings.compile = hashing - started
            result.timings.hash = recording - hashing
            if patch.tree == base {
                try writeUnchanged(cacheUpdate, result: &result)
                return (patch, entries, result)
            }
            known = sources.scriptSet.chunksByHash(in: proposed)
            let moved = try record(tree: patch.tree, treeObjects: patch.treeObjects, treesAreNew: true,
                                   blobs: blobs.filter { !patch.named.contains($0.hash) },
                                   parent: head, cause: .commit, message: message, sourceCache: cacheUpdate, batch: batch,
                                   whileSyncing: { () throws(RepositoryError) in
                                       try patch.verifyStoredTree()
                                       // A patch of the parent's index needs none of the
                                       // new objects: it is written while they are synced.
                                       guard patch.indexChanges != nil, !defersLoadIndexes else { return }
                                       indexed = (try? writeLoadIndex(tree: patch.tree, parent: base, changes: patch.indexChanges,
                                                                      known: known) {
                                           () throws(RepositoryError) in throw .invalidArgument("the snapshot is not stored yet")
                                       }) != nil
                                   },
                                   result: &result)
            return moved ? (patch, entries, result) : nil
        }
        guard let (patch, entries, recordedResult) = recorded else { return nil }
        var result = recordedResult
        if patch.tree != base, !indexed {
            // Now under the lock, or later under `writePendingLoadIndexes`'s.
            let changes = patch.indexChanges
            _ = try? RepositoryLock.holding(.shared, in: gitDirectory) { () throws(RepositoryError) in
                pendingLoadIndexes.write { () throws(RepositoryError) in
                    try self.writeLoadIndex(tree: patch.tree, parent: base, changes: changes, known: known) {
                        () throws(RepositoryError) in try self.snapshot(tree: patch.tree)
                    }
                }
            }
        }
        if result.sourceCacheWritten {
            sourceCacheMemo.update(key: key, after: cache.generation, entries: entries, removed: scan.removed)
        }
        result.timings.record = clock.now - recording - result.timings.write - result.timings.compress
        return result
    }

    /// What committing `scan` would change, found as ``patchCommit`` finds
    /// it and with nothing written; nil when the full path must answer.
    func patchedStatus(_ scan: SourceScan, cache: SourceCache, key: String) throws(RepositoryError) -> SnapshotDiff? {
        guard let (base, _, sources, definedBefore, prefetched) = try compiledOnHead(
            scan, cache: cache, key: key, progress: nil, unverified: false) else { return nil }
        return try patch(tree: base, scan: scan, definedBefore: definedBefore, proposed: sources.scriptSet.prepared().snapshot,
                         prefetched: prefetched)?.diff
    }

    /// HEAD's tree and commit, with the stale files of `scan` compiled, when
    /// a commit may patch HEAD's snapshot: the cache's base is HEAD's tree,
    /// every stale file was stat'ed and every one compiles. Nil otherwise.
    /// What the patch reads of HEAD (its commit, which must name the
    /// cache's base, then the snapshot's root, meta and `functions/` tree,
    /// the last unchecked when `unverified`) is read while the changed
    /// files compile.
    private func compiledOnHead(_ scan: SourceScan, cache: SourceCache, key: String, progress: ((Int, Int) -> Void)?,
                                unverified: Bool) throws(RepositoryError)
        -> (base: FunctionHash, head: (ref: String, commit: FunctionHash), sources: CompiledSources,
            definedBefore: [String: [SourceCacheEntry.NamedHash]], prefetched: HeadPrefetch)? {
        guard let base = cache.base, scan.stale.allSatisfy({ $0.status != nil }) else { return nil }
        let (ref, target) = try wrapping { try refs.follow(RefName.head) }
        guard let head = target else { return nil }
        let changed = !(scan.stale.isEmpty && scan.removed.isEmpty)
        let prefetched = HeadPrefetch(self, commit: head, tree: base, functions: changed, unverified: unverified)
        // What the changed files defined before; the other files' functions are not read.
        guard let definedBefore = try wrapping({ try refs.functions(of: scan.stale.map(\.file) + scan.removed, in: cache) })
        else { return nil }
        var sources = CompiledSources(scan, cacheKey: key)
        var definedAt: [String: SourcePlace] = [:]
        var diagnostics: [String] = []
        try sources.compileStale(of: scan, definedAt: &definedAt, diagnostics: &diagnostics, progress: progress)
        guard diagnostics.isEmpty, try prefetched.namesTree() else { return nil }
        return (base, (ref, head), sources, definedBefore, prefetched)
    }

    /// HEAD's snapshot (at `tree`) with the outputs of the stale and removed
    /// files of `scan` replaced by `proposed` (the stale files compiled);
    /// `definedBefore` holds what the cache says those files defined. Nil
    /// when a stale file defines a name that a reused file defines too.
    ///
    /// With `verifyingLater`, HEAD's `functions/` tree (half a megabyte
    /// for 10,000 functions) is read without checking its hash, and the
    /// patch's ``Patch/verifyStoredTree()`` checks it: the caller runs the
    /// check while the disk makes the new objects durable.
    private func patch(tree: FunctionHash, scan: SourceScan, definedBefore: [String: [SourceCacheEntry.NamedHash]],
                       proposed: Snapshot, verifyingLater: Bool = false, writingTo batch: WriteBatch? = nil,
                       prefetched: HeadPrefetch? = nil) throws(RepositoryError) -> Patch? {
        var treeObjects: [(object: GitObject, hash: FunctionHash)] = []
        // HEAD's trees that come out unchanged are stored and reachable: they
        // are neither written again nor freshened.
        var stored: Set<FunctionHash> = [tree]
        func hashed(_ object: GitObject) -> FunctionHash { hashed(object, hash: object.hash) }
        func hashed(_ object: GitObject, hash: FunctionHash) -> FunctionHash {
            if !stored.contains(hash) { treeObjects.append((object, hash)) }
            return hash
        }
        let root: Tree
        if let read = prefetched?.root(of: tree) { root = read } else { root = try storedTree(tree) }
        for entry in root.entries { stored.insert(entry.hash) }
        func part(_ name: String) throws(RepositoryError) -> FunctionHash {
            guard let entry = root[name] else { throw .format(.malformed("snapshot", "root tree has no '\(name)'"), object: tree) }
            return entry.hash
        }
        let metaHash = try part(Snapshot.Entry.meta)
        let parentMeta: SnapshotMeta
        if let read = prefetched?.meta(metaHash) { parentMeta = read } else { parentMeta = try storedMeta(metaHash) }
        // No file changed: HEAD's snapshot is the answer, holds and all.
        if scan.stale.isEmpty, scan.removed.isEmpty {
            return Patch(tree: tree, treeObjects: [], diff: SnapshotDiff(functions: [], chunks: []),
                         heldBack: parentMeta.holds.keys.sorted(), released: [], indexChanges: ([], []), named: [], unverified: nil)
        }

        // Functions: what the changed files defined before, what they define now.
        var before: [String: FunctionHash] = [:]
        for functions in definedBefore.values {
            for function in functions { before[function.name] = function.hash }
        }
        var holds = parentMeta.holds
        var released: [String] = []
        var values: [String: FunctionHash?] = [:]
        for name in Set(before.keys).union(proposed.functions.keys) {
            let compiled = proposed.functions[name]
            if let hold = holds[name] {
                if hold.isKept(by: compiled) {
                    values.updateValue(hold.held, forKey: name)
                    continue
                }
                holds[name] = nil
                released.append(name)
            }
            values.updateValue(compiled, forKey: name)
        }
        let names = ByteOrder.sorted(Array(values.keys), name: { $0 })
        let functionsHash = try part(Snapshot.Entry.functions)
        let spliced: SplicedTree
        // Read unchecked when checked later; given up to the splicing, which
        // then writes the changed hashes over the old ones without a copy.
        let functionsPayload: [UInt8]
        if let taken = prefetched?.take(functionsHash) {
            functionsPayload = taken
        } else if verifyingLater {
            functionsPayload = try storedObjectUnverified(functionsHash, kind: .tree).payload
        } else {
            functionsPayload = try storedObject(functionsHash, kind: .tree).payload
        }
        do throws(FormatError) {
            spliced = try Tree.splicing(consume functionsPayload, names.map { ($0, values[$0]!) })
        } catch {
            throw .format(error, object: functionsHash)
        }
        var functionPairs: [(name: String, old: FunctionHash?, new: FunctionHash?)] = []
        for (index, name) in names.enumerated() {
            let old = spliced.previous[index]
            // A name a reused file defines too: the full commit reports it.
            if before[name] == nil, proposed.functions[name] != nil, old != nil { return nil }
            functionPairs.append((name, old, values[name]!))
        }
        let functionChanges = SnapshotDiff.changes(functionPairs)
        let newFunctionsObject = GitObject(kind: .tree, payload: spliced.payload)
        let unverified: Patch.Unverified?
        let newFunctions: FunctionHash
        if verifyingLater {
            let (hash, checkpoints) = newFunctionsObject.hashKeepingCheckpoints()
            newFunctions = hashed(newFunctionsObject, hash: hash)
            unverified = Patch.Unverified(spliced: spliced, newTree: newFunctionsObject, checkpoints: checkpoints, hash: functionsHash)
            // Written, on a thread of its own, while the rest is made.
            if let batch, newFunctions != functionsHash {
                try wrapping { try batch.addInBackground(newFunctionsObject, hash: newFunctions) }
            }
        } else {
            newFunctions = hashed(newFunctionsObject)
            unverified = nil
        }

        // Closures: every reused file's, the stale files', and those the held
        // blobs reach; the held blobs' permissions go into meta with the set's.
        var closures = proposed.closures
        for entry in scan.reused { closures.formUnion(entry.closures) }
        var heldPermissions: [String] = []
        for hold in holds.values {
            let needs = try heldBlobNeeds(hold.held)
            closures.formUnion(needs.closures)
            heldPermissions += needs.permissions
        }
        let closuresHash = try part(Snapshot.Entry.closures)
        let newClosures: FunctionHash
        let parentClosures = Set(try storedTree(closuresHash).entries.map(\.hash))
        if parentClosures == closures {
            newClosures = closuresHash
        } else {
            do throws(FormatError) { newClosures = hashed(try Snapshot.closureTree(closures).object) } catch {
                throw .format(error, object: closuresHash)
            }
        }

        // Chunks and sources, on the paths of the stale and removed files.
        var chunkValues: [String: FunctionHash?] = [:]
        var sourceValues: [String: FunctionHash?] = [:]
        for (file, _) in scan.stale {
            chunkValues.updateValue(proposed.chunks[file], forKey: file)
            sourceValues.updateValue(proposed.sources[file], forKey: file)
        }
        for path in scan.removed {
            chunkValues.updateValue(nil, forKey: path)
            sourceValues.updateValue(nil, forKey: path)
        }
        var chunksBefore: [String: FunctionHash] = [:]
        var sourcesBefore: [String: FunctionHash] = [:]
        let newChunks = try splicedPathTree(try part(Snapshot.Entry.chunks), chunkValues, &chunksBefore, hashed) { stored.insert($0) }
        let newSources = try splicedPathTree(try part(Snapshot.Entry.sources), sourceValues, &sourcesBefore, hashed) { stored.insert($0) }
        let chunkChanges = SnapshotDiff.changes(chunkValues.map { ($0.key, chunksBefore[$0.key], $0.value) })

        let meta = SnapshotMeta(format: parentMeta.format, compiler: proposed.meta.compiler, holds: holds,
                                permissions: proposed.meta.permissions + scan.reused.flatMap(\.permissions) + heldPermissions)
        let newTree: FunctionHash
        do throws(FormatError) {
            newTree = hashed(try Snapshot.rootTree(meta: hashed(meta.object), functions: newFunctions, closures: newClosures,
                                                   chunks: newChunks, sources: newSources).object)
        } catch {
            throw .format(error, object: tree)
        }

        let namesStay = functionChanges.allSatisfy { $0.kind == .changed }
        let filesStay = chunkChanges.allSatisfy { $0.kind == .changed }
        let indexChanges: IndexChanges? = !(namesStay && filesStay) ? nil : (
            functionChanges.map { ($0.name, $0.new!) },
            scan.stale.compactMap { (file, _) -> FileChange? in
                guard let chunkBefore = chunksBefore[file], let chunk = chunkValues[file] ?? nil else { return nil }
                return (file, chunkBefore, sourcesBefore[file], chunk, sourceValues[file] ?? nil)
            })
        return Patch(
            tree: newTree, treeObjects: treeObjects, diff: SnapshotDiff(functions: functionChanges, chunks: chunkChanges),
            heldBack: holds.keys.sorted(), released: released.sorted(), indexChanges: indexChanges,
            named: Set(spliced.previous.compactMap { $0 }).union(chunksBefore.values).union(sourcesBefore.values)
                .union(parentClosures.intersection(proposed.closures)),
            unverified: unverified)
    }

    /// A stored path tree with `changes` applied (see ``Snapshot/splicingPathTree``);
    /// `read` is told each stored subtree it reads.
    private func splicedPathTree(_ hash: FunctionHash, _ changes: [String: FunctionHash?], _ previous: inout [String: FunctionHash],
                                 _ hashing: (GitObject) -> FunctionHash,
                                 read: (FunctionHash) -> Void) throws(RepositoryError) -> FunctionHash {
        do {
            let tree = try Snapshot.splicingPathTree(
                try storedTree(hash), changes: changes, load: { (hash) throws(RepositoryError) in
                    read(hash)
                    return try storedTree(hash)
                },
                hashing: hashing, previous: &previous)
            return hashing(tree.object)
        } catch let error as RepositoryError {
            throw error
        } catch let error as FormatError {
            throw .format(error, object: hash)
        } catch {
            throw .invalidArgument("\(error)")
        }
    }
}

/// What a patch reads of HEAD's snapshot, read on a thread of its own
/// while the changed files compile: HEAD's commit, the snapshot's root tree
/// and meta, and its `functions/` tree (half a megabyte for 10,000
/// functions). The reads are mostly copying and the kernel's work, the
/// compile the caller's. With no changed file to compile, they are made at
/// once, on the caller's thread.
final class HeadPrefetch: @unchecked Sendable {
    private let tree: FunctionHash
    private var work: BackgroundWork?
    /// The error reading HEAD's commit threw, if it did.
    private var failure: RepositoryError?
    /// Whether HEAD's commit names `tree`.
    private var headNamesTree = false
    private var rootTree: Tree?
    private var metaHash: FunctionHash?
    private var snapshotMeta: SnapshotMeta?
    private var functionsHash: FunctionHash?
    private var payload: [UInt8]?

    /// Starts reading the commit `commit`, which should name the snapshot at
    /// `tree`, and, when it does, the snapshot's root and meta, and its
    /// `functions/` tree when `functions` (its hash checked unless
    /// `unverified`; see ``Repository/patch``).
    init(_ repository: Repository, commit: FunctionHash, tree: FunctionHash, functions: Bool, unverified: Bool) {
        self.tree = tree
        let read = { [self] in
            do throws(RepositoryError) {
                guard try repository.commit(commit).tree == tree else { return }
                headNamesTree = true
            } catch {
                failure = error
                return
            }
            guard let root = try? repository.storedTree(tree) else { return }
            rootTree = root
            if let entry = root[Snapshot.Entry.meta], let meta = try? repository.storedMeta(entry.hash) {
                metaHash = entry.hash
                snapshotMeta = meta
            }
            guard functions, let entry = root[Snapshot.Entry.functions],
                  let object = try? (unverified ? repository.storedObjectUnverified(entry.hash, kind: .tree)
                                                : repository.storedObject(entry.hash, kind: .tree)) else { return }
            functionsHash = entry.hash
            payload = object.payload
        }
        if functions { work = BackgroundWork(read) } else { read() }
    }

    /// Whether HEAD's commit names the snapshot the reads are of; throws
    /// what reading the commit threw.
    func namesTree() throws(RepositoryError) -> Bool {
        finish()
        if let failure { throw failure }
        return headNamesTree
    }

    /// The snapshot's root tree, when `wanted` is the snapshot read; nil
    /// when the read failed or was of another snapshot.
    func root(of wanted: FunctionHash) -> Tree? {
        finish()
        return wanted == tree ? rootTree : nil
    }

    /// The snapshot's meta, when `wanted` is its hash and it was read.
    func meta(_ wanted: FunctionHash) -> SnapshotMeta? {
        finish()
        return wanted == metaHash ? snapshotMeta : nil
    }

    /// The payload of the tree `wanted`, handed over (no copy is left
    /// here), once read; nil when the read failed or read another tree.
    func take(_ wanted: FunctionHash) -> [UInt8]? {
        finish()
        guard functionsHash == wanted, let bytes = payload else { return nil }
        payload = nil
        return bytes
    }

    /// Waits for the reads, once.
    private func finish() {
        work?.join()
        work = nil
    }
}
