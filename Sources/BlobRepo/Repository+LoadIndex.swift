#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat
import ObjectStore

/// The load index of each committed snapshot (``LoadIndex``), kept in
/// `.blobrepo/load-index/<tree>`: written by the command that commits the
/// snapshot, after its objects are on disk; deleted by `gc` once the
/// snapshot is unreachable. So an index that exists names a snapshot whose
/// blobs were all stored, and a loader can trust it instead of checking
/// each blob.
extension Repository {
    /// What a chunk blob declares and makes (see ``LoadIndex/chunkSummaries``).
    typealias ChunkSummary = (declares: [String]?, makes: [String])

    var loadIndexDirectory: String { gitDirectory + "/load-index" }

    func loadIndexPath(_ tree: FunctionHash) -> String { loadIndexDirectory + "/" + tree.hex }

    /// The stored index of the snapshot at `tree`, or nil when there is none
    /// or it cannot be read (then it is rebuilt by ``buildLoadIndex(tree:)``).
    public func storedLoadIndex(tree: FunctionHash) -> LoadIndex? {
        guard let region = try? FileSystem.mapFile(loadIndexPath(tree)) else { return nil }
        return try? LoadIndex(region: region, tree: tree)
    }

    /// Builds the index of the snapshot at `tree` from the snapshot itself,
    /// after checking that every blob it names is stored, and keeps it.
    /// It holds the repository lock shared, so that gc cannot delete a blob
    /// between the check and the write.
    public func buildLoadIndex(tree: FunctionHash) throws(RepositoryError) -> LoadIndex {
        let snapshot = try snapshot(tree: tree)
        return try RepositoryLock.holding(.shared, in: gitDirectory) { () throws(RepositoryError) -> LoadIndex in
            let absent = objects.missing(Array(snapshot.blobHashes))
            if let first = absent.min(by: { $0.hex < $1.hex }) { throw .objects(.missing(first)) }
            return try writeLoadIndex(tree: tree, snapshot: snapshot, known: [:], parent: nil)
        }
    }

    /// Writes the index of `snapshot` (whose root is `tree`) unless it is
    /// stored already. What each chunk declares comes from `known` (chunks
    /// just compiled), the index of `parent`, or else the chunk blob.
    @discardableResult
    func writeLoadIndex(tree: FunctionHash, snapshot: Snapshot, known: [FunctionHash: FunctionBlob],
                        parent: FunctionHash?) throws(RepositoryError) -> LoadIndex {
        if let stored = storedLoadIndex(tree: tree) { return stored }
        let inherited = parent.flatMap { storedLoadIndex(tree: $0)?.chunkSummaries } ?? [:]
        var chunks: [String: (chunk: FunctionHash, declares: [String]?)] = [:]
        var makers: [String: String] = [:]
        for (path, hash) in snapshot.chunks {
            let summary: ChunkSummary
            if let blob = known[hash] {
                summary = (blob.declaredGlobals, blob.namedFunctions)
            } else if let found = inherited[hash] {
                summary = found
            } else {
                let blob = try functionBlob(hash)
                summary = (blob.declaredGlobals, blob.namedFunctions)
            }
            chunks[path] = (hash, summary.declares)
            for name in summary.makes { makers[name] = path }
        }
        let bytes = LoadIndex.encode(tree: tree, chunks: chunks, sources: snapshot.sources,
                                     functions: snapshot.functions, makers: makers)
        do throws(ObjectStoreError) { try FileSystem.replaceFile(loadIndexPath(tree), with: bytes) } catch {
            throw .objects(error)
        }
        do throws(FormatError) { return try LoadIndex(decoding: bytes, tree: tree) } catch {
            throw .format(error, object: tree)
        }
    }

    /// Deletes the indexes of snapshots that are not in `reachable`, and
    /// temporary files of interrupted writes; returns how many it deleted.
    @discardableResult
    func pruneLoadIndexes(keeping reachable: Set<FunctionHash>) -> Int {
        var deleted = 0
        for name in (try? FileSystem.list(loadIndexDirectory)) ?? [] {
            if let tree = FunctionHash(hex: name), reachable.contains(tree) { continue }
            if unlink(loadIndexDirectory + "/" + name) == 0 { deleted += 1 }
        }
        return deleted
    }
}
