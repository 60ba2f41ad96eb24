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

    /// The outputs as text, one a line: `f NAME HASH LINE COLUMN`,
    /// `c HASH`, `p PERMISSION` (names hold no spaces or newlines).
    var outputs: String {
        var lines = functions.map { "f \($0.name) \($0.hash.hex) \($0.line) \($0.column)" }
        lines += closures.map { "c \($0.hex)" }
        lines += permissions.map { "p \($0)" }
        return lines.joined(separator: "\n")
    }

    mutating func parseOutputs(_ text: String) -> Bool {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            switch (fields.first, fields.count) {
            case ("f", 5):
                guard let hash = FunctionHash(hex: fields[2]), let row = Int(fields[3]), let column = Int(fields[4]) else { return false }
                functions.append(NamedHash(name: String(fields[1]), hash: hash, line: row, column: column))
            case ("c", 2):
                guard let hash = FunctionHash(hex: fields[1]) else { return false }
                closures.append(hash)
            case ("p", 2):
                permissions.append(String(fields[1]))
            default:
                return false
            }
        }
        return true
    }
}

extension RefStore {
    /// The cached entries of the source directory `root`, by path.
    public func sourceCache(root: String) throws(RefStoreError) -> [String: SourceCacheEntry] {
        try read { db in
            var entries: [String: SourceCacheEntry] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM source_cache WHERE root = ?", arguments: [root])
            while let row = try rows.next() {
                guard let source: FunctionHash = row["source"], let chunk: FunctionHash = row["chunk"] else { continue }
                var entry = SourceCacheEntry(
                    path: row["path"], size: row["size"], modifiedNanoseconds: row["mtime_ns"], inode: row["inode"],
                    source: source, chunk: chunk, functions: [], closures: [], permissions: [])
                if entry.parseOutputs(row["outputs"]) { entries[entry.path] = entry }
            }
            return entries
        }
    }

    /// Replaces the cache of `root` with `entries`.
    public func replaceSourceCache(root: String, with entries: [SourceCacheEntry]) throws(RefStoreError) {
        try write { db in
            try db.execute(sql: "DELETE FROM source_cache WHERE root = ?", arguments: [root])
            let insert = try db.cachedStatement(sql: """
                INSERT INTO source_cache(root, path, size, mtime_ns, inode, source, chunk, outputs)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for entry in entries {
                try insert.execute(arguments: [root, entry.path, entry.size, entry.modifiedNanoseconds, entry.inode,
                                               entry.source, entry.chunk, entry.outputs])
            }
        }
    }
}
