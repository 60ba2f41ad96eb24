import BlobFormat
import Foundation
import GRDB

/// What a commit learnt about one source file: its stat data when it was
/// compiled, and what it compiled to. While the file's size, modification
/// time and inode are unchanged, a commit reuses these hashes instead of
/// reading and compiling the file again.
public struct SourceCacheEntry: Hashable, Sendable {
    public var path: String
    public var size: Int64
    public var modifiedNanoseconds: Int64
    public var inode: Int64
    /// The git blob of the source text.
    public var source: FunctionHash
    public var chunk: FunctionHash
    /// Named functions: name, blob, and the line and column of their definition.
    public var functions: [NamedHash]
    public var closures: [FunctionHash]
    public var permissions: [String]

    public struct NamedHash: Hashable, Sendable {
        public var name: String
        public var hash: FunctionHash
        public var line: Int
        public var column: Int

        public init(name: String, hash: FunctionHash, line: Int, column: Int) {
            self.name = name
            self.hash = hash
            self.line = line
            self.column = column
        }
    }

    public init(path: String, size: Int64, modifiedNanoseconds: Int64, inode: Int64, source: FunctionHash, chunk: FunctionHash,
                functions: [NamedHash], closures: [FunctionHash], permissions: [String]) {
        self.path = path
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        self.inode = inode
        self.source = source
        self.chunk = chunk
        self.functions = functions
        self.closures = closures
        self.permissions = permissions
    }

    /// The outputs in a compact binary form: for each named function its
    /// name (u16 length and bytes), hash (32 bytes), line and column (u32
    /// each); then each closure's hash; then the permissions, one a line.
    var outputs: Data {
        var bytes: [UInt8] = []
        func u32(_ value: Int) { withUnsafeBytes(of: UInt32(value).bigEndian) { bytes += $0 } }
        u32(functions.count)
        for function in functions {
            let name = Array(function.name.utf8)
            bytes += [UInt8(name.count >> 8), UInt8(name.count & 0xFF)] + name + function.hash.bytes
            u32(function.line)
            u32(function.column)
        }
        u32(closures.count)
        for closure in closures { bytes += closure.bytes }
        bytes += Array(permissions.joined(separator: "\n").utf8)
        return Data(bytes)
    }

    mutating func parseOutputs(_ data: Data) -> Bool {
        let bytes = [UInt8](data)
        var index = 0
        func u32() -> Int? {
            guard bytes.count - index >= 4 else { return nil }
            defer { index += 4 }
            return bytes[index..<index + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        func hash() -> FunctionHash? {
            guard bytes.count - index >= 32 else { return nil }
            defer { index += 32 }
            return FunctionHash(bytes: bytes[index..<index + 32])
        }
        guard let functionCount = u32() else { return false }
        for _ in 0..<functionCount {
            guard bytes.count - index >= 2 else { return false }
            let length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            index += 2
            guard bytes.count - index >= length else { return false }
            let name = String(decoding: bytes[index..<index + length], as: UTF8.self)
            index += length
            guard let hash = hash(), let line = u32(), let column = u32() else { return false }
            functions.append(NamedHash(name: name, hash: hash, line: line, column: column))
        }
        guard let closureCount = u32() else { return false }
        for _ in 0..<closureCount {
            guard let closure = hash() else { return false }
            closures.append(closure)
        }
        permissions = String(decoding: bytes[index...], as: UTF8.self).split(separator: "\n").map(String.init)
        return true
    }
}

/// The source cache of one source directory as one read saw it.
public struct SourceCache: Sendable {
    /// The entries by path.
    public var entries: [String: SourceCacheEntry]
    /// Counts the writes to this directory's cache; 0 before the first.
    public var generation: Int64
    /// The root tree of the commit that last wrote these entries, when that
    /// commit had read them at the generation before its own write: then
    /// the tree is exactly what the entries of the files still present
    /// compile to (holds applied), and a commit may patch it instead of
    /// building the whole snapshot again.
    public var base: FunctionHash?

    public init(entries: [String: SourceCacheEntry] = [:], generation: Int64 = 0, base: FunctionHash? = nil) {
        self.entries = entries
        self.generation = generation
        self.base = base
    }
}

/// What a commit writes to the source cache of `root`.
public struct SourceCacheUpdate: Sendable {
    public var root: String
    public var entries: [SourceCacheEntry]
    public var removed: [String]
    /// The generation the commit read its entries at.
    public var readGeneration: Int64
    /// The root tree the commit made from them; stored as the cache's base
    /// only when no other write came between the read and this one.
    public var base: FunctionHash?
    /// The base the commit read with its entries.
    public var readBase: FunctionHash?

    public init(root: String, entries: [SourceCacheEntry], removed: [String], readGeneration: Int64,
                readBase: FunctionHash?, base: FunctionHash? = nil) {
        self.root = root
        self.entries = entries
        self.removed = removed
        self.readGeneration = readGeneration
        self.readBase = readBase
        self.base = base
    }
}

extension RefStore {
    /// The cache of the source directory `root`, its entries and state read
    /// in one transaction.
    public func sourceCache(root: String) throws(RefStoreError) -> SourceCache {
        try read { db in
            var cache = try Self.sourceCacheState(db, root: root)
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM source_cache WHERE root = ?", arguments: [root])
            while let row = try rows.next() {
                guard let source: FunctionHash = row["source"], let chunk: FunctionHash = row["chunk"] else { continue }
                var entry = SourceCacheEntry(
                    path: row["path"], size: row["size"], modifiedNanoseconds: row["mtime_ns"], inode: row["inode"],
                    source: source, chunk: chunk, functions: [], closures: [], permissions: [])
                if entry.parseOutputs(row["outputs"]) { cache.entries[entry.path] = entry }
            }
            return cache
        }
    }

    /// The generation and base of the cache of `root`, without its entries
    /// (``SourceCache/entries`` is empty).
    public func sourceCacheState(root: String) throws(RefStoreError) -> SourceCache {
        try read { db in try Self.sourceCacheState(db, root: root) }
    }

    /// Applies `update` on its own (a commit applies it in its ref update).
    public func updateSourceCache(_ update: SourceCacheUpdate) throws(RefStoreError) {
        try write { db in try Self.apply(update, db) }
    }

    static func sourceCacheState(_ db: Database, root: String) throws -> SourceCache {
        guard let row = try Row.fetchOne(db, sql: "SELECT generation, base FROM source_cache_state WHERE root = ?", arguments: [root]) else {
            return SourceCache()
        }
        return SourceCache(generation: row["generation"], base: row["base"])
    }

    /// Writes the entries, removes the removed paths, and moves the
    /// generation on by one; the base is kept only when the generation is
    /// still the one the writer read. A writer that read generation `g` and
    /// finds `g + 1` afterwards knows that its write was the only one.
    static func apply(_ update: SourceCacheUpdate, _ db: Database) throws {
        let current = try sourceCacheState(db, root: update.root).generation
        let delete = try db.cachedStatement(sql: "DELETE FROM source_cache WHERE root = ? AND path = ?")
        for path in update.removed { try delete.execute(arguments: [update.root, path]) }
        let insert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO source_cache(root, path, size, mtime_ns, inode, source, chunk, outputs)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for entry in update.entries {
            try insert.execute(arguments: [update.root, entry.path, entry.size, entry.modifiedNanoseconds, entry.inode,
                                           entry.source, entry.chunk, entry.outputs])
        }
        try db.execute(
            sql: "INSERT OR REPLACE INTO source_cache_state(root, generation, base) VALUES (?, ?, ?)",
            arguments: [update.root, current + 1, current == update.readGeneration ? update.base : nil])
    }
}
