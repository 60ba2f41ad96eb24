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
}
