import BlobFormat
import FoundationEssentials

/// What a commit learnt about one source file: its stat data when it was
/// compiled, and what it compiled to. While the file's size, modification
/// time and inode are unchanged, a commit reuses these hashes instead of
/// reading and compiling the file again.
///
/// The outputs stay in their stored form and each accessor decodes only its
/// part. They are stored in two parts: the closures and permissions, which a
/// commit that patches its parent needs for every file, with the stat data;
/// and the named functions, which it needs for the changed files alone, in
/// rows of their own that are read only when asked for
/// (``RefStore/functions(of:in:)``, ``RefStore/readFunctions(into:)``).
public struct SourceCacheEntry: Hashable, Sendable {
    public var path: String
    public var size: Int64
    public var modifiedNanoseconds: Int64
    public var inode: Int64
    /// The git blob of the source text.
    public var source: FunctionHash
    public var chunk: FunctionHash
    /// The closures and permissions: the number of closures (u32) and their
    /// hashes, then the permissions, one a line. Big-endian.
    let extras: [UInt8]
    /// Where in `extras` the permissions start.
    private let permissionsAt: Int
    /// The named functions: their number (u32) and for each its name (u16
    /// length and bytes), hash (32 bytes), line and column (u32 each).
    /// Big-endian. Nil while they are not read.
    private(set) var functionRecords: [UInt8]?

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
        var records: [UInt8] = []
        Self.append(functions.count, to: &records)
        for function in functions {
            let name = Array(function.name.utf8)
            records += [UInt8(name.count >> 8), UInt8(name.count & 0xFF)] + name + function.hash.bytes
            Self.append(function.line, to: &records)
            Self.append(function.column, to: &records)
        }
        var extras: [UInt8] = []
        Self.append(closures.count, to: &extras)
        for closure in closures { extras += closure.bytes }
        for (index, permission) in permissions.enumerated() {
            if index > 0 { extras.append(UInt8(ascii: "\n")) }
            extras += Array(permission.utf8)
        }
        self.init(path: path, size: size, modifiedNanoseconds: modifiedNanoseconds, inode: inode, source: source, chunk: chunk,
                  extras: extras)!
        functionRecords = records
    }

    /// An entry read back, its functions not yet read; nil when `extras`
    /// is not well formed.
    init?(path: String, size: Int64, modifiedNanoseconds: Int64, inode: Int64, source: FunctionHash, chunk: FunctionHash,
          extras: [UInt8]) {
        guard extras.count >= 4, extras.count - 4 >= Self.u32(extras, 0) * 32 else { return nil }
        self.path = path
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        self.inode = inode
        self.source = source
        self.chunk = chunk
        self.extras = extras
        permissionsAt = 4 + Self.u32(extras, 0) * 32
    }

    /// Whether ``functions`` may be asked for: the entry was made from a
    /// compiled file, or its functions were read.
    public var functionsRead: Bool { functionRecords != nil }

    /// Takes the stored function records read back; false, leaving the
    /// entry as it was, when they are not well formed.
    mutating func setFunctionRecords(_ records: [UInt8]) -> Bool {
        guard Self.recordsAreWellFormed(records) else { return false }
        functionRecords = records
        return true
    }

    /// Named functions: name, blob, and the line and column of their
    /// definition. Only for an entry whose functions are read.
    public var functions: [NamedHash] {
        guard let records = functionRecords else {
            preconditionFailure("the functions of the source cache entry for \(path) were not read")
        }
        var functions: [NamedHash] = []
        var at = 4
        functions.reserveCapacity(Self.u32(records, 0))
        for _ in 0..<Self.u32(records, 0) {
            let length = Int(records[at]) << 8 | Int(records[at + 1])
            let name = String(decoding: records[(at + 2)..<(at + 2 + length)], as: UTF8.self)
            at += 2 + length
            functions.append(NamedHash(name: name, hash: FunctionHash(bytes: records[at..<(at + 32)])!,
                                       line: Self.u32(records, at + 32), column: Self.u32(records, at + 36)))
            at += 40
        }
        return functions
    }

    public var closures: [FunctionHash] {
        (0..<Self.u32(extras, 0)).map { index in
            let at = 4 + index * 32
            return FunctionHash(bytes: extras[at..<(at + 32)])!
        }
    }

    public var permissions: [String] {
        String(decoding: extras[permissionsAt...], as: UTF8.self).split(separator: "\n").map(String.init)
    }

    private static func append(_ value: Int, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(value).bigEndian) { bytes += $0 }
    }

    private static func u32(_ bytes: [UInt8], _ at: Int) -> Int {
        Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }

    /// Whether the function records end exactly where the last one does.
    private static func recordsAreWellFormed(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        var at = 4
        for _ in 0..<u32(bytes, 0) {
            guard bytes.count - at >= 2 else { return false }
            at += 2 + (Int(bytes[at]) << 8 | Int(bytes[at + 1])) + 40
            guard at <= bytes.count else { return false }
        }
        return at == bytes.count
    }
}

/// The source cache of one source directory as one read saw it.
public struct SourceCache: Sendable {
    /// The cache's key: the source directory (and the compiler).
    public var root: String
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

    public init(root: String, entries: [String: SourceCacheEntry] = [:], generation: Int64 = 0, base: FunctionHash? = nil) {
        self.root = root
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
    /// in one transaction; the entries' functions are not read (see
    /// ``functions(of:in:)`` and ``readFunctions(into:)``). `expectedCount`,
    /// how many entries the caller expects (the files it listed), sizes
    /// the entries once: growing a dictionary of 500 entries step by step
    /// copied them eight times into fresh memory, and counting the rows
    /// first cost as much as a fifth of reading them.
    public func sourceCache(root: String, expectedCount: Int = 0) throws(RefStoreError) -> SourceCache {
        try read { db in
            var cache = try Self.sourceCacheState(db, root: root)
            cache.entries.reserveCapacity(expectedCount)
            try db.rows("SELECT path, size, mtime_ns, inode, source, chunk, extras FROM source_file WHERE root = ?", [root]) { row in
                // An entry that does not read back is left out: its file is compiled again.
                guard let source = row.hash(4), let chunk = row.hash(5), let extras = row.bytes(6),
                      let entry = SourceCacheEntry(path: row.string(0), size: row.int64(1), modifiedNanoseconds: row.int64(2),
                                                   inode: row.int64(3), source: source, chunk: chunk, extras: extras) else { return }
                cache.entries[entry.path] = entry
            }
            return cache
        }
    }

    /// The functions that the entries of `cache` at `paths` record (a path
    /// with no entry has none), read at the generation `cache` was read at.
    /// Nil when another write came after that one (the entries might not
    /// match their functions: read the cache again) or when an entry's
    /// functions do not read back.
    public func functions(of paths: [String], in cache: SourceCache) throws(RefStoreError)
        -> [String: [SourceCacheEntry.NamedHash]]? {
        let entries = paths.compactMap { cache.entries[$0] }
        var found: [String: [SourceCacheEntry.NamedHash]] = [:]
        var unread: [String] = []
        for entry in entries {
            if entry.functionsRead { found[entry.path] = entry.functions } else { unread.append(entry.path) }
        }
        guard !unread.isEmpty else { return found }
        guard let records = try functionRecords(of: unread, root: cache.root, generation: cache.generation) else { return nil }
        for path in unread {
            guard var entry = cache.entries[path], let stored = records[path], entry.setFunctionRecords(stored) else { return nil }
            found[path] = entry.functions
        }
        return found
    }

    /// Reads the functions of every entry of `cache` whose functions are
    /// not read yet. False, when another write came after the one `cache`
    /// was read at: then the entries might not match their functions, and
    /// `cache` should be read again. An entry whose functions do not read
    /// back is taken out of `cache` (its file is compiled again).
    public func readFunctions(into cache: inout SourceCache) throws(RefStoreError) -> Bool {
        guard cache.entries.values.contains(where: { !$0.functionsRead }) else { return true }
        guard let records = try functionRecords(of: nil, root: cache.root, generation: cache.generation) else { return false }
        for (path, entry) in cache.entries where !entry.functionsRead {
            if let stored = records[path], cache.entries[path]!.setFunctionRecords(stored) { continue }
            cache.entries[path] = nil
        }
        return true
    }

    /// The stored function records of `paths` (every path when nil) under
    /// `root`; nil when the cache is no longer at `generation`.
    private func functionRecords(of paths: [String]?, root: String, generation: Int64) throws(RefStoreError) -> [String: [UInt8]]? {
        try read { db -> [String: [UInt8]]? in
            guard try Self.sourceCacheState(db, root: root).generation == generation else { return nil }
            var found: [String: [UInt8]] = [:]
            func take(_ row: SQLiteRow) {
                if let records = row.bytes(1) { found[row.string(0)] = records }
            }
            if let paths {
                for path in paths {
                    try db.rows("SELECT path, functions FROM source_functions WHERE root = ? AND path = ?", [root, path], take)
                }
            } else {
                try db.rows("SELECT path, functions FROM source_functions WHERE root = ?", [root], take)
            }
            return found
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
            SourceCache(root: root, generation: $0.int64(0), base: $0.hash(1))
        } ?? SourceCache(root: root)
    }

    /// Gives the caches whose base is `from` the base `to`, moving their
    /// generations on: for a snapshot that differs from `from` in what the
    /// entries do not record (a function a rollback holds, which meta
    /// records), so that the entries still vouch for it.
    static func rebaseSourceCaches(from: FunctionHash, to: FunctionHash, _ db: SQLiteConnection) throws {
        try db.execute("UPDATE source_cache_state SET base = ?, generation = generation + 1 WHERE base = ?", [to, from])
    }

    /// Writes the entries, removes the removed paths, and moves the
    /// generation on by one; the base is kept only when the generation is
    /// still the one the writer read. A writer that read generation `g` and
    /// finds `g + 1` afterwards knows that its write was the only one.
    static func apply(_ update: SourceCacheUpdate, _ db: SQLiteConnection) throws {
        let current = try sourceCacheState(db, root: update.root).generation
        for path in update.removed {
            try db.execute("DELETE FROM source_file WHERE root = ? AND path = ?", [update.root, path])
            try db.execute("DELETE FROM source_functions WHERE root = ? AND path = ?", [update.root, path])
        }
        for entry in update.entries {
            guard let functions = entry.functionRecords else {
                preconditionFailure("a source cache entry is written with its functions (\(entry.path))")
            }
            try db.execute("""
                INSERT OR REPLACE INTO source_file(root, path, size, mtime_ns, inode, source, chunk, extras)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [update.root, entry.path, entry.size, entry.modifiedNanoseconds, entry.inode,
                      entry.source, entry.chunk, entry.extras])
            try db.execute("INSERT OR REPLACE INTO source_functions(root, path, functions) VALUES (?, ?, ?)",
                           [update.root, entry.path, functions])
        }
        try db.execute("INSERT OR REPLACE INTO source_cache_state(root, generation, base) VALUES (?, ?, ?)",
                       [update.root, current + 1, current == update.readGeneration ? update.base : nil])
    }
}
