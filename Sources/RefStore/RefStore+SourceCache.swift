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

    /// Writes `entries` into the cache of `root` and removes the entries of
    /// `removed` paths; other entries stay as they are.
    public func updateSourceCache(root: String, entries: [SourceCacheEntry], removed: [String]) throws(RefStoreError) {
        guard !entries.isEmpty || !removed.isEmpty else { return }
        try write { db in
            let delete = try db.cachedStatement(sql: "DELETE FROM source_cache WHERE root = ? AND path = ?")
            for path in removed { try delete.execute(arguments: [root, path]) }
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO source_cache(root, path, size, mtime_ns, inode, source, chunk, outputs)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for entry in entries {
                try insert.execute(arguments: [root, entry.path, entry.size, entry.modifiedNanoseconds, entry.inode,
                                               entry.source, entry.chunk, entry.outputs])
            }
        }
    }
}
