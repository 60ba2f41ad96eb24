import BlobFormat
import Foundation

/// What a commit learnt about one source file: its stat data when it was
/// compiled, and what it compiled to. While the file's size, modification
/// time and inode are unchanged, a commit reuses these hashes instead of
/// reading and compiling the file again.
///
/// The outputs stay in their stored form and each accessor decodes only its
/// part: a commit that patches its parent reads every file's closures and
/// permissions but the function lists of the changed files alone.
public struct SourceCacheEntry: Hashable, Sendable {
    public var path: String
    public var size: Int64
    public var modifiedNanoseconds: Int64
    public var inode: Int64
    /// The git blob of the source text.
    public var source: FunctionHash
    public var chunk: FunctionHash
    /// The outputs in a compact binary form: the number of named functions
    /// (u32) and for each its name (u16 length and bytes), hash (32 bytes),
    /// line and column (u32 each); the number of closures (u32) and their
    /// hashes; then the permissions, one a line. Big-endian.
    let outputs: [UInt8]
    /// Where in `outputs` the closure count and the permissions start,
    /// found once when the entry is made (each accessor starts there).
    private let closuresAt: Int
    private let permissionsAt: Int

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
        self.init(path: path, size: size, modifiedNanoseconds: modifiedNanoseconds, inode: inode, source: source, chunk: chunk,
                  outputs: bytes)!
    }

    /// An entry read back; nil when `outputs` is not well formed.
    init?(path: String, size: Int64, modifiedNanoseconds: Int64, inode: Int64, source: FunctionHash, chunk: FunctionHash,
          outputs: [UInt8]) {
        guard let closuresAt = Self.closuresStart(outputs) else { return nil }
        let permissionsAt = closuresAt + 4 + Self.u32(outputs, closuresAt) * 32
        guard permissionsAt <= outputs.count else { return nil }
        self.path = path
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        self.inode = inode
        self.source = source
        self.chunk = chunk
        self.outputs = outputs
        self.closuresAt = closuresAt
        self.permissionsAt = permissionsAt
    }

    /// Named functions: name, blob, and the line and column of their definition.
    public var functions: [NamedHash] {
        var functions: [NamedHash] = []
        var at = 4
        functions.reserveCapacity(Self.u32(outputs, 0))
        for _ in 0..<Self.u32(outputs, 0) {
            let length = Int(outputs[at]) << 8 | Int(outputs[at + 1])
            let name = String(decoding: outputs[(at + 2)..<(at + 2 + length)], as: UTF8.self)
            at += 2 + length
            functions.append(NamedHash(name: name, hash: FunctionHash(bytes: outputs[at..<(at + 32)])!,
                                       line: Self.u32(outputs, at + 32), column: Self.u32(outputs, at + 36)))
            at += 40
        }
        return functions
    }

    public var closures: [FunctionHash] {
        (0..<Self.u32(outputs, closuresAt)).map { index in
            let at = closuresAt + 4 + index * 32
            return FunctionHash(bytes: outputs[at..<(at + 32)])!
        }
    }

    public var permissions: [String] {
        String(decoding: outputs[permissionsAt...], as: UTF8.self).split(separator: "\n").map(String.init)
    }

    private static func u32(_ bytes: [UInt8], _ at: Int) -> Int {
        Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }

    /// Where the closure count starts, past the function records; nil when
    /// the records run past the end.
    private static func closuresStart(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var at = 4
        for _ in 0..<u32(bytes, 0) {
            guard bytes.count - at >= 2 else { return nil }
            at += 2 + (Int(bytes[at]) << 8 | Int(bytes[at + 1])) + 40
            guard at <= bytes.count else { return nil }
        }
        return bytes.count - at >= 4 ? at : nil
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
            try db.rows("SELECT path, size, mtime_ns, inode, source, chunk, outputs FROM source_cache WHERE root = ?", [root]) { row in
                // An entry that does not read back is left out: its file is compiled again.
                guard let source = row.hash(4), let chunk = row.hash(5), let outputs = row.bytes(6),
                      let entry = SourceCacheEntry(path: row.string(0), size: row.int64(1), modifiedNanoseconds: row.int64(2),
                                                   inode: row.int64(3), source: source, chunk: chunk, outputs: outputs) else { return }
                cache.entries[entry.path] = entry
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

    static func sourceCacheState(_ db: SQLiteConnection, root: String) throws -> SourceCache {
        try db.one("SELECT generation, base FROM source_cache_state WHERE root = ?", [root]) {
            SourceCache(generation: $0.int64(0), base: $0.hash(1))
        } ?? SourceCache()
    }

    /// Writes the entries, removes the removed paths, and moves the
    /// generation on by one; the base is kept only when the generation is
    /// still the one the writer read. A writer that read generation `g` and
    /// finds `g + 1` afterwards knows that its write was the only one.
    static func apply(_ update: SourceCacheUpdate, _ db: SQLiteConnection) throws {
        let current = try sourceCacheState(db, root: update.root).generation
        for path in update.removed { try db.execute("DELETE FROM source_cache WHERE root = ? AND path = ?", [update.root, path]) }
        for entry in update.entries {
            try db.execute("""
                INSERT OR REPLACE INTO source_cache(root, path, size, mtime_ns, inode, source, chunk, outputs)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [update.root, entry.path, entry.size, entry.modifiedNanoseconds, entry.inode,
                      entry.source, entry.chunk, entry.outputs])
        }
        try db.execute("INSERT OR REPLACE INTO source_cache_state(root, generation, base) VALUES (?, ?, ?)",
                       [update.root, current + 1, current == update.readGeneration ? update.base : nil])
    }
}
