import BlobFormat
import ObjectStore
import RefStore

/// An object as `show` presents it.
public enum ShownObject: Sendable {
    /// A commit and what it changed against its first parent.
    case commit(FunctionHash, Commit, SnapshotDiff)
    case tree(FunctionHash, Tree)
    /// A function blob, decoded.
    case function(FunctionHash, FunctionBlob)
    /// Any other blob (source text, meta).
    case blob(FunctionHash, [UInt8])
}

extension Repository {
    /// Finds what `spec` names: a revision (commit), else an object by hash
    /// or unique prefix, else a function of `HEAD`'s snapshot by name.
    public func show(_ spec: String) throws(RepositoryError) -> ShownObject {
        if let commitHash = try? resolve(spec) {
            return .commit(commitHash, try commit(commitHash), try diff(to: commitHash.hex))
        }
        let candidates = try matches(hashPrefix: spec)
        if candidates.count > 1 { throw .ambiguous(prefix: spec, candidates: candidates) }
        if let hash = candidates.first { return try describe(hash) }
        if let head = try? head(), let hash = try snapshot(commit: head).functions[spec] {
            return try describe(hash)
        }
        throw .unknownRevision(spec)
    }

    private func describe(_ hash: FunctionHash) throws(RepositoryError) -> ShownObject {
        let object = try object(hash)
        switch object.kind {
        case .commit: return .commit(hash, try commit(hash), try diff(to: hash.hex))
        case .tree:
            do { return .tree(hash, try Tree(decoding: object.payload)) } catch { throw .format(error, object: hash) }
        case .blob where FunctionBlob.looksLikeFunctionBlob(object.payload):
            return .function(hash, try functionBlob(hash))
        case .blob, .tag: return .blob(hash, object.payload)
        }
    }

    /// Hashes `payload` as an object of `kind` and, when `write`, stores it.
    @discardableResult
    public func hashObject(_ payload: [UInt8], kind: ObjectKind = .blob, write: Bool) throws(RepositoryError) -> FunctionHash {
        let object = GitObject(kind: kind, payload: payload)
        guard write else { return object.hash }
        return try RepositoryLock.holding(.shared, in: gitDirectory) { () throws(RepositoryError) in
            do throws(ObjectStoreError) { return try objects.write(object) } catch { throw .objects(error) }
        }
    }

    /// Stores many blobs at once (one durable batch) and returns their hashes
    /// in order: the work of `hash-object -w --stdin-paths`.
    public func writeBlobs(_ payloads: some Sequence<[UInt8]>) throws(RepositoryError) -> [FunctionHash] {
        try RepositoryLock.holding(.shared, in: gitDirectory) { () throws(RepositoryError) in
            try wrapping {
                let batch = objects.batch()
                let hashes = try payloads.map { try batch.add(GitObject(kind: .blob, payload: $0)) }
                try batch.commit()
                return hashes
            }
        }
    }
}
