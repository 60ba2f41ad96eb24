import BlobFormat
import ObjectStore

/// Walks the object graph: commits to their trees and parents, trees to
/// their entries, tags to their objects, and function blobs to their nested
/// closures.
struct Reachability {
    /// Where the walk could not go on.
    struct Failure: Error {
        var hash: FunctionHash
        var error: any Error
    }

    let read: (FunctionHash) throws -> GitObject

    /// Every object reachable from `roots`. Only blobs that are roots are
    /// read (for the closures a function blob names): snapshots list every
    /// closure in their `closures/` tree.
    func reachable(from roots: Set<FunctionHash>) throws(Failure) -> Set<FunctionHash> {
        var seen = Set<FunctionHash>()
        var pending = roots.map { (hash: $0, isRoot: true) }
        while let (hash, isRoot) = pending.popLast() {
            guard seen.insert(hash).inserted else { continue }
            do {
                for child in try children(of: hash, readBlobs: isRoot) {
                    pending.append((child, false))
                }
            } catch {
                throw Failure(hash: hash, error: error)
            }
        }
        return seen
    }

    /// The objects that `hash` refers to directly; blobs only when asked.
    func children(of hash: FunctionHash, readBlobs: Bool) throws -> [FunctionHash] {
        let object = try read(hash)
        switch object.kind {
        case .commit:
            let commit = try Commit(decoding: object.payload)
            return [commit.tree] + commit.parents
        case .tree:
            return try Tree(decoding: object.payload).entries.filter { $0.mode != .gitlink }.map(\.hash)
        case .blob:
            guard readBlobs, FunctionBlob.looksLikeFunctionBlob(object.payload) else { return [] }
            return try FunctionBlob(decoding: object.payload).closures
        case .tag:
            let text = String(decoding: object.payload.prefix(80), as: UTF8.self)
            guard text.hasPrefix("object "), let hash = FunctionHash(hex: text.dropFirst(7).prefix(64)) else {
                throw FormatError.malformed("tag", "no 'object' line")
            }
            return [hash]
        }
    }
}
