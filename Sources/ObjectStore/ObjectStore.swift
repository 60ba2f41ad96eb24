#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat

/// The object directory of a repository: loose git objects, each zlib
/// compressed at `objects/ab/cdef…`, named by the SHA-256 of its framed bytes.
///
/// It knows bytes and hashes, not what they mean. Writes go to a temporary
/// file that is flushed and renamed into place, so a reader never sees half
/// an object; reads verify the hash and never inflate past the declared size.
public final class ObjectStore: @unchecked Sendable {
    /// The `objects` directory.
    public let directory: String
    /// The largest object this store will inflate.
    public let sizeLimit: Int

    /// A store over `directory` (created when missing).
    public init(directory: String, sizeLimit: Int = 512 << 20) throws(ObjectStoreError) {
        self.directory = directory
        self.sizeLimit = sizeLimit
        try FileSystem.makeDirectory(directory)
    }

    /// The path of the file that holds `hash`.
    public func path(of hash: FunctionHash) -> String {
        let hex = hash.hex
        return "\(directory)/\(hex.prefix(2))/\(hex.dropFirst(2))"
    }

    /// Whether `hash` is stored.
    public func contains(_ hash: FunctionHash) -> Bool {
        access(path(of: hash), F_OK) == 0
    }

    /// Those of `hashes` that are not stored. Many hashes are checked by
    /// listing the fan-out directories they fall in, one read each, rather
    /// than by one path lookup per object.
    public func missing(_ hashes: some Collection<FunctionHash>) -> [FunctionHash] {
        guard hashes.count > 512 else { return hashes.filter { !contains($0) } }
        var wanted: [String: [(rest: Substring, hash: FunctionHash)]] = [:]
        for hash in hashes {
            let hex = hash.hex
            wanted[String(hex.prefix(2)), default: []].append((hex.dropFirst(2), hash))
        }
        var missing: [FunctionHash] = []
        for (fanout, entries) in wanted {
            let present = Set((try? FileSystem.list("\(directory)/\(fanout)")) ?? [])
            for entry in entries where !present.contains(String(entry.rest)) { missing.append(entry.hash) }
        }
        return missing
    }

    /// Stores one object durably and returns its hash. An object that is
    /// already stored is not rewritten; its time is refreshed so that a
    /// concurrent `gc` within its grace period keeps it.
    @discardableResult
    public func write(_ object: GitObject) throws(ObjectStoreError) -> FunctionHash {
        let batch = WriteBatch(store: self)
        let hash = try batch.add(object)
        try batch.commit()
        return hash
    }

    /// A batch of writes that become durable together, with two file-system
    /// syncs in all rather than one per object.
    public func batch() -> WriteBatch { WriteBatch(store: self) }

    /// Reads, inflates and verifies one object.
    public func read(_ hash: FunctionHash) throws(ObjectStoreError) -> GitObject {
        let object = try inflated(hash, checkingSum: true)
        try Self.verify(object, is: hash)
        return object
    }

    /// Throws ``ObjectStoreError/hashMismatch(_:actual:)`` unless `object`
    /// is the one named `hash`.
    public static func verify(_ object: GitObject, is hash: FunctionHash) throws(ObjectStoreError) {
        let actual = object.hash
        guard actual == hash else { throw .hashMismatch(hash, actual: actual) }
    }

    /// Reads and inflates one object, checking all but its hash: for a
    /// caller with other work to do first, which calls ``verify(_:is:)``
    /// before anything made from the object may be named by a ref. The
    /// zlib checksum of a stream of stored blocks (a large tree) is not
    /// checked either: the hash covers every byte it covers.
    public func readUnverified(_ hash: FunctionHash) throws(ObjectStoreError) -> GitObject {
        try inflated(hash, checkingSum: false)
    }

    private func inflated(_ hash: FunctionHash, checkingSum: Bool) throws(ObjectStoreError) -> GitObject {
        let compressed: ByteRegion
        do { compressed = try FileSystem.contents(path(of: hash)) } catch {
            if case .io(_, _, ENOENT) = error { throw .missing(hash) }
            throw error
        }
        let inflated: (kind: ObjectKind, payload: [UInt8])
        do { inflated = try LooseObjectInflater.inflate(compressed.bytes, limit: sizeLimit, checkingSum: checkingSum) } catch {
            switch error {
            case let .corrupt(reason): throw .corrupt(hash, reason: reason)
            case .truncated: throw .corrupt(hash, reason: "truncated (the data ends before the declared size)")
            case let .oversized(declared): throw .corrupt(hash, reason: "more data than the \(declared) bytes its header declares")
            case let .tooLarge(declared, limit): throw .tooLarge(hash, declared: declared, limit: limit)
            }
        }
        return GitObject(kind: inflated.kind, payload: inflated.payload)
    }

    /// One stored object's file: its hash, its size on disk and when it was
    /// last written or refreshed.
    public struct Entry: Hashable, Sendable {
        public var hash: FunctionHash
        public var bytes: Int
        /// Seconds since the Unix epoch.
        public var modified: Int64
    }

    /// Every stored object. Files that are not objects (temporary files of a
    /// write in progress) are skipped.
    public func enumerate() throws(ObjectStoreError) -> [Entry] {
        var entries: [Entry] = []
        for fanout in try FileSystem.list(directory) where fanout.utf8.count == 2 && Hex.isHex(fanout) {
            for rest in try FileSystem.list("\(directory)/\(fanout)") where rest.utf8.count == 62 {
                guard let hash = FunctionHash(hex: fanout + rest), hash.hex == fanout + rest else { continue }
                guard let info = FileSystem.status("\(directory)/\(fanout)/\(rest)") else { continue }
                entries.append(Entry(hash: hash, bytes: info.size, modified: info.modified))
            }
        }
        return entries
    }

    /// Leftover temporary files of interrupted writes, with their times.
    public func temporaryFiles() throws(ObjectStoreError) -> [(path: String, modified: Int64)] {
        var files: [(String, Int64)] = []
        for fanout in try FileSystem.list(directory) where fanout.utf8.count == 2 && Hex.isHex(fanout) {
            for name in try FileSystem.list("\(directory)/\(fanout)") where name.hasPrefix(TemporaryFile.prefix) {
                let path = "\(directory)/\(fanout)/\(name)"
                if let info = FileSystem.status(path) { files.append((path, info.modified)) }
            }
        }
        return files
    }

    /// The stored objects whose hex names start with `prefix` (lowercase).
    public func hashes(withPrefix prefix: String) throws(ObjectStoreError) -> [FunctionHash] {
        let prefix = prefix.lowercased()
        guard prefix.utf8.count >= 2, Hex.isHex(prefix) else { return [] }
        let fanout = String(prefix.prefix(2))
        let rest = prefix.dropFirst(2)
        let names: [String]
        do { names = try FileSystem.list("\(directory)/\(fanout)") } catch {
            if case .io(_, _, ENOENT) = error { return [] }
            throw error
        }
        return names.compactMap { name in
            guard name.hasPrefix(rest), let hash = FunctionHash(hex: fanout + name) else { return nil }
            return hash
        }
    }

    /// Removes one object. Removing a missing object is not an error.
    public func delete(_ hash: FunctionHash) throws(ObjectStoreError) {
        let file = path(of: hash)
        if unlink(file) != 0, errno != ENOENT { throw .io(path: file, operation: "unlink", errno: errno) }
    }

    /// How many objects are stored and how many bytes their files take.
    public func statistics() throws(ObjectStoreError) -> (count: Int, bytes: Int) {
        let entries = try enumerate()
        return (entries.count, entries.reduce(0) { $0 + $1.bytes })
    }
}
