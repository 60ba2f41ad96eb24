import BlobFormat
import ObjectStore
import RefStore

/// One thing wrong in a repository, naming the object or ref.
public struct FsckProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// An object file that does not inflate, verify or parse.
        case corruptObject = "corrupt"
        /// An object that something reachable names but that is not stored.
        case missingObject = "missing"
        /// A reachable object of the wrong kind or layout for its place.
        case badSnapshot = "bad-snapshot"
        /// A ref that names no commit.
        case badRef = "bad-ref"
        /// A git ref file for a ref the ref database does not have.
        case refFileMismatch = "ref-file"
    }

    public var kind: Kind
    public var hash: FunctionHash?
    public var message: String

    public var description: String {
        if let hash { "\(kind.rawValue) \(hash.hex): \(message)" } else { "\(kind.rawValue): \(message)" }
    }
}

/// What fsck checked and found.
public struct FsckReport: Sendable {
    public var problems: [FsckProblem]
    /// Objects read and verified.
    public var objectsChecked: Int
    /// Objects that no ref reaches (not a problem: gc removes them in time).
    public var unreachable: Int
    /// Git ref files that disagreed with the ref database and were rewritten
    /// from it (the database is the truth; a crash between a ref update and
    /// its file write leaves such a file behind).
    public var repairedRefFiles: [GitRefMismatch]
    /// Load indexes (derived data, docs/format.md) that did not match their
    /// snapshot, named by tree; they were deleted, and a load rebuilds them.
    public var removedLoadIndexes: [String] = []

    public var isClean: Bool { problems.isEmpty }
}

extension Repository {
    /// Verifies every object (hash, compression, declared size, format, that
    /// function blobs, trees and commits are in canonical form, and that
    /// function blobs' code passes the ``Verifier``), and
    /// that every ref reaches only stored objects in the snapshot layout.
    /// Git ref files that disagree with the ref database are rewritten from
    /// it and reported; ref files the database does not know are problems.
    /// Load indexes that do not match their snapshot are deleted and reported.
    public func fsck() throws(RepositoryError) -> FsckReport {
        var problems: [FsckProblem] = []
        var good: [FunctionHash: GitObject] = [:]
        let entries = try wrapping { try objects.enumerate() }
        for entry in entries {
            do throws(ObjectStoreError) {
                let object = try objects.read(entry.hash)
                if let reason = Self.formatProblem(object) {
                    problems.append(FsckProblem(kind: .corruptObject, hash: entry.hash, message: reason))
                } else {
                    good[entry.hash] = object
                }
            } catch {
                problems.append(FsckProblem(kind: .corruptObject, hash: entry.hash, message: Self.reason(error)))
            }
        }
        let stored = Set(entries.map(\.hash))
        var reached = Set<FunctionHash>()
        for ref in try wrapping({ try refs.refs() }) {
            if let symbolic = ref.symbolic {
                if symbolic != RefName.defaultBranch, try wrapping({ try refs.resolve(symbolic) }) == nil {
                    problems.append(FsckProblem(kind: .badRef, hash: nil, message: "\(ref.name) points to \(symbolic), which does not exist"))
                }
                continue
            }
            guard let target = ref.target else { continue }
            problems += checkHistory(from: target, ref: ref.name, objects: good, stored: stored, reached: &reached)
        }
        let mismatches = try wrapping { try refs.gitRefMismatches() }
        let known = Set(try wrapping { try refs.refs().map(\.name) })
        let repairable = mismatches.filter { known.contains($0.ref) }
        if !repairable.isEmpty { try wrapping { try refs.rewriteGitRefFiles() } }
        for stray in mismatches where !known.contains(stray.ref) {
            problems.append(FsckProblem(kind: .refFileMismatch, hash: nil,
                                        message: "\(stray.description); the ref database does not know this ref"))
        }
        return FsckReport(problems: problems, objectsChecked: entries.count, unreachable: stored.subtracting(reached).count,
                          repairedRefFiles: repairable, removedLoadIndexes: checkLoadIndexes())
    }

    /// Why an intact object is malformed for its kind, or `nil`.
    private static func formatProblem(_ object: GitObject) -> String? {
        do {
            switch object.kind {
            case .commit:
                let commit = try Commit(decoding: object.payload)
                if commit.encoded() != object.payload { return "commit is not in canonical form" }
            case .tree:
                _ = try Tree(decoding: object.payload)
            case .blob where FunctionBlob.looksLikeFunctionBlob(object.payload):
                let blob = try FunctionBlob(decoding: object.payload)
                if blob.encoded() != object.payload { return "function blob is not in canonical form" }
                try Verifier.verify(blob)
            case .blob, .tag:
                break
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    private static func reason(_ error: ObjectStoreError) -> String {
        let text = error.description
        let prefix = "object "
        guard text.hasPrefix(prefix) else { return text }
        // Drop "object <hash> " since the problem names the hash already.
        return text.dropFirst(prefix.count + 64).trimming(\.isWhitespace)
    }

    /// A problem for an object that is needed but missing, or stored but unreadable.
    private static func absent(_ hash: FunctionHash, stored: Set<FunctionHash>, _ place: String) -> FsckProblem {
        stored.contains(hash)
            ? FsckProblem(kind: .corruptObject, hash: hash, message: "unreadable, \(place)")
            : FsckProblem(kind: .missingObject, hash: hash, message: place)
    }

    /// Checks every commit from `tip` back, and each commit's snapshot.
    private func checkHistory(from tip: FunctionHash, ref: String, objects good: [FunctionHash: GitObject],
                              stored: Set<FunctionHash>, reached: inout Set<FunctionHash>) -> [FsckProblem] {
        var problems: [FsckProblem] = []
        var checkedCode = Set<FunctionHash>()
        func missing(_ hash: FunctionHash, _ place: String) {
            problems.append(Self.absent(hash, stored: stored, "needed by \(place)"))
        }
        var pending = [tip]
        while let hash = pending.popLast() {
            guard reached.insert(hash).inserted else { continue }
            guard let object = good[hash] else {
                missing(hash, hash == tip ? ref : "the history of \(ref)")
                continue
            }
            guard object.kind == .commit, let commit = try? Commit(decoding: object.payload) else {
                problems.append(FsckProblem(kind: .badRef, hash: hash, message: "\(ref) reaches a \(object.kind.rawValue) where a commit belongs"))
                continue
            }
            pending += commit.parents
            let place = "commit \(hash.abbreviated())"
            var trees = [commit.tree]
            while let tree = trees.popLast() {
                guard reached.insert(tree).inserted else { continue }
                guard let treeObject = good[tree] else {
                    missing(tree, place)
                    continue
                }
                guard treeObject.kind == .tree, let parsed = try? Tree(decoding: treeObject.payload) else {
                    problems.append(FsckProblem(kind: .badSnapshot, hash: tree, message: "a \(treeObject.kind.rawValue) where \(place) needs a tree"))
                    continue
                }
                for entry in parsed.entries {
                    if entry.isTree { trees.append(entry.hash) } else { reached.insert(entry.hash) }
                }
            }
            do {
                let snapshot = try Snapshot(root: commit.tree) { hash in
                    guard let object = good[hash] else { throw ObjectStoreError.missing(hash) }
                    return object
                }
                problems += checkBlobs(of: snapshot, place: place, objects: good, stored: stored, checked: &checkedCode)
            } catch is ObjectStoreError {
                // Already reported as missing or corrupt above.
            } catch {
                problems.append(FsckProblem(kind: .badSnapshot, hash: commit.tree, message: "\(place): \(error)"))
            }
        }
        return problems
    }

    /// Checks that a snapshot's blobs are stored, that the functions,
    /// closures and chunks are function blobs, and that every closure they
    /// name is stored and listed.
    private func checkBlobs(of snapshot: Snapshot, place: String, objects good: [FunctionHash: GitObject],
                            stored: Set<FunctionHash>, checked: inout Set<FunctionHash>) -> [FsckProblem] {
        var problems: [FsckProblem] = []
        let code = snapshot.functions.map { ("function \($0.key)", $0.value) }
            + snapshot.closures.map { ("closure", $0) }
            + snapshot.chunks.map { ("chunk \($0.key)", $0.value) }
        for (role, hash) in code where !checked.contains(hash) {
            guard let object = good[hash] else {
                problems.append(Self.absent(hash, stored: stored, "\(role) of \(place)"))
                continue
            }
            guard object.kind == .blob, FunctionBlob.looksLikeFunctionBlob(object.payload),
                  let blob = try? FunctionBlob(decoding: object.payload) else {
                problems.append(FsckProblem(kind: .badSnapshot, hash: hash, message: "\(role) of \(place) is not a function blob"))
                continue
            }
            for closure in blob.closures where !snapshot.closures.contains(closure) {
                problems.append(FsckProblem(kind: .badSnapshot, hash: closure, message: "closure of \(role) is not listed in closures/ of \(place)"))
            }
            checked.insert(hash)
        }
        for (path, hash) in snapshot.sources where good[hash] == nil {
            problems.append(Self.absent(hash, stored: stored, "source \(path) of \(place)"))
        }
        return problems
    }
}
