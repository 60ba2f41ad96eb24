import BlobFormat
import ObjectStore
import RefStore

extension Repository {
    /// Reads and verifies one object.
    public func object(_ hash: FunctionHash) throws(RepositoryError) -> GitObject {
        do { return try objects.read(hash) } catch { throw .objects(error) }
    }

    /// Reads a commit.
    public func commit(_ hash: FunctionHash) throws(RepositoryError) -> Commit {
        let object = try storedObject(hash, kind: .commit)
        do { return try Commit(decoding: object.payload) } catch { throw .format(error, object: hash) }
    }

    /// A stored object that must be of `kind`.
    func storedObject(_ hash: FunctionHash, kind: ObjectKind) throws(RepositoryError) -> GitObject {
        let object = try object(hash)
        guard object.kind == kind else { throw .wrongKind(hash, expected: kind.rawValue, found: object.kind.rawValue) }
        return object
    }

    /// ``storedObject(_:kind:)`` with its hash not checked yet (see
    /// ``ObjectStore/readUnverified(_:)``).
    func storedObjectUnverified(_ hash: FunctionHash, kind: ObjectKind) throws(RepositoryError) -> GitObject {
        let object: GitObject
        do { object = try objects.readUnverified(hash) } catch { throw .objects(error) }
        guard object.kind == kind else { throw .wrongKind(hash, expected: kind.rawValue, found: object.kind.rawValue) }
        return object
    }

    /// A stored tree, decoded.
    func storedTree(_ hash: FunctionHash) throws(RepositoryError) -> Tree {
        let payload = try storedObject(hash, kind: .tree).payload
        do throws(FormatError) { return try Tree(decoding: payload) } catch { throw .format(error, object: hash) }
    }

    /// A stored `meta` blob, decoded.
    func storedMeta(_ hash: FunctionHash) throws(RepositoryError) -> SnapshotMeta {
        let payload = try object(hash).payload
        do throws(FormatError) { return try SnapshotMeta(decoding: payload) } catch { throw .format(error, object: hash) }
    }

    /// Reads the snapshot whose root tree is `tree`.
    public func snapshot(tree: FunctionHash) throws(RepositoryError) -> Snapshot {
        try snapshotMemo.snapshot(tree) { () throws(RepositoryError) in
            try wrapping {
                do { return try Snapshot(root: tree) { try self.objects.read($0) } } catch let error as FormatError {
                    throw RepositoryError.format(error, object: tree)
                }
            }
        }
    }

    /// The `meta` of the snapshot whose root is `tree`, without reading the rest.
    public func snapshotMeta(tree: FunctionHash) throws(RepositoryError) -> SnapshotMeta {
        if let known = snapshotMemo.known(tree) { return known.meta }
        guard let entry = try storedTree(tree)[Snapshot.Entry.meta] else {
            throw .format(.malformed("snapshot", "it has no meta"), object: tree)
        }
        return try storedMeta(entry.hash)
    }

    /// Every blob the snapshot at `tree` names (see ``Snapshot/blobHashes``),
    /// computed once per snapshot.
    func blobHashes(tree: FunctionHash) throws(RepositoryError) -> Set<FunctionHash> {
        try snapshotMemo.blobHashes(tree) { () throws(RepositoryError) in try snapshot(tree: tree) }
    }

    /// Reads the snapshot of a commit.
    public func snapshot(commit hash: FunctionHash) throws(RepositoryError) -> Snapshot {
        try snapshot(tree: try commit(hash).tree)
    }

    /// Reads a function blob.
    public func functionBlob(_ hash: FunctionHash) throws(RepositoryError) -> FunctionBlob {
        let object = try object(hash)
        guard object.kind == .blob, FunctionBlob.looksLikeFunctionBlob(object.payload) else {
            throw .wrongKind(hash, expected: "function blob", found: object.kind == .blob ? "plain blob" : object.kind.rawValue)
        }
        do { return try FunctionBlob(decoding: object.payload) } catch { throw .format(error, object: hash) }
    }

    /// The object whose hex name starts with `prefix` (at least 4 digits);
    /// throws when none or several do.
    public func expand(hashPrefix prefix: String) throws(RepositoryError) -> FunctionHash {
        let candidates = try matches(hashPrefix: prefix)
        guard let first = candidates.first else { throw .unknownRevision(prefix) }
        guard candidates.count == 1 else { throw .ambiguous(prefix: prefix, candidates: candidates) }
        return first
    }

    func matches(hashPrefix prefix: String) throws(RepositoryError) -> [FunctionHash] {
        guard prefix.count >= FunctionHash.minimumAbbreviation, prefix.count <= 64, Hex.isHex(prefix) else { return [] }
        do { return try objects.hashes(withPrefix: prefix).sorted() } catch { throw .objects(error) }
    }

    /// The shortest prefix of `hash`, at least `minimum` digits, that no
    /// other stored object shares.
    public func abbreviate(_ hash: FunctionHash, minimum: Int = 12) -> String {
        var length = minimum
        while length < 64, (try? matches(hashPrefix: hash.abbreviated(length)).count) ?? 1 > 1 { length += 1 }
        return hash.abbreviated(length)
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
