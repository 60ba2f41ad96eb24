/// A script set at one moment: every named function, nested closure, chunk
/// and source file, by hash. Stored as a git tree:
///
///     functions/<name>     one blob per named function
///     closures/<hex>       every nested closure blob, so that git's own
///                          reachability (gc, push, fetch) keeps them
///     chunks/<path>        each file's top-level code, mirroring src/
///     src/<path>           the committed source text
///     meta                 see ``SnapshotMeta``
public struct Snapshot: Hashable, Sendable {
    public var functions: [String: FunctionHash]
    public var closures: Set<FunctionHash>
    /// Chunk blobs by source path relative to the source directory (`net/http.lua`).
    public var chunks: [String: FunctionHash]
    /// Source text blobs by source path.
    public var sources: [String: FunctionHash]
    public var meta: SnapshotMeta

    public init(functions: [String: FunctionHash] = [:], closures: Set<FunctionHash> = [],
                chunks: [String: FunctionHash] = [:], sources: [String: FunctionHash] = [:],
                meta: SnapshotMeta = SnapshotMeta()) {
        self.functions = functions
        self.closures = closures
        self.chunks = chunks
        self.sources = sources
        self.meta = meta
    }

    /// The names of the top-level entries of a snapshot tree.
    public enum Entry {
        public static let functions = "functions"
        public static let closures = "closures"
        public static let chunks = "chunks"
        public static let sources = "src"
        public static let meta = "meta"
    }

    /// Every blob the snapshot names (functions, closures, chunks, sources),
    /// not counting its trees and meta.
    public var blobHashes: Set<FunctionHash> {
        Set(functions.values).union(closures).union(chunks.values).union(sources.values)
    }

    /// The trees and the meta blob that store this snapshot, children before
    /// parents; the root tree is last.
    public func treeObjects() throws(FormatError) -> [GitObject] {
        try hashedTreeObjects().map(\.object)
    }

    /// ``treeObjects()`` with each object's hash, computed once: the
    /// `functions` tree of a large set is hundreds of kilobytes.
    public func hashedTreeObjects() throws(FormatError) -> [(object: GitObject, hash: FunctionHash)] {
        var objects: [(object: GitObject, hash: FunctionHash)] = []
        func hashed(_ object: GitObject) -> FunctionHash {
            let hash = object.hash
            objects.append((object, hash))
            return hash
        }
        let root = try Self.rootTree(
            meta: hashed(meta.object),
            functions: hashed(try Tree(entries: functions.map { TreeEntry(mode: .file, name: $0.key, hash: $0.value) }).object),
            closures: hashed(try Self.closureTree(closures).object),
            chunks: hashed(try Self.pathTree(chunks, hashing: hashed).object),
            sources: hashed(try Self.pathTree(sources, hashing: hashed).object))
        _ = hashed(root.object)
        return objects
    }

    /// The root tree of a snapshot whose parts have the given hashes.
    public static func rootTree(meta: FunctionHash, functions: FunctionHash, closures: FunctionHash,
                                chunks: FunctionHash, sources: FunctionHash) throws(FormatError) -> Tree {
        try Tree(entries: [
            TreeEntry(mode: .file, name: Entry.meta, hash: meta),
            TreeEntry(mode: .tree, name: Entry.functions, hash: functions),
            TreeEntry(mode: .tree, name: Entry.closures, hash: closures),
            TreeEntry(mode: .tree, name: Entry.chunks, hash: chunks),
            TreeEntry(mode: .tree, name: Entry.sources, hash: sources),
        ])
    }

    /// The `closures/` tree: each closure blob under its hex hash.
    public static func closureTree(_ closures: Set<FunctionHash>) throws(FormatError) -> Tree {
        try Tree(entries: closures.map { TreeEntry(mode: .file, name: $0.hex, hash: $0) })
    }

    /// The hash of the root tree.
    public func rootHash() throws(FormatError) -> FunctionHash {
        try hashedTreeObjects().last!.hash
    }

    /// A tree of nested subtrees for `paths` (`a/b.lua`); hands every
    /// subtree to `hashing` and returns the top one (not handed over).
    public static func pathTree(_ paths: [String: FunctionHash], hashing: (GitObject) -> FunctionHash) throws(FormatError) -> Tree {
        var files: [TreeEntry] = []
        var folders: [String: [String: FunctionHash]] = [:]
        for (path, hash) in paths {
            let parts = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 1 {
                files.append(TreeEntry(mode: .file, name: path, hash: hash))
            } else {
                folders[String(parts[0]), default: [:]][String(parts[1])] = hash
            }
        }
        for (name, contents) in folders {
            let subtree = try pathTree(contents, hashing: hashing)
            files.append(TreeEntry(mode: .tree, name: name, hash: hashing(subtree.object)))
        }
        return try Tree(entries: files)
    }

    /// `tree` (a path tree, as ``pathTree(_:hashing:)`` makes) with each
    /// file of `changes` set to its hash or removed (`nil`); a folder left
    /// empty goes too. Subtrees are read with `load`; every changed subtree
    /// is handed to `hashing`, the top one is returned. `previous` learns
    /// what each changed path held before.
    public static func splicingPathTree(
        _ tree: Tree, changes: [String: FunctionHash?], load: (FunctionHash) throws -> Tree,
        hashing: (GitObject) -> FunctionHash, previous: inout [String: FunctionHash], prefix: String = ""
    ) throws -> Tree {
        var entries = Dictionary(uniqueKeysWithValues: tree.entries.map { ($0.name, $0) })
        var folders: [String: [String: FunctionHash?]] = [:]
        for (path, hash) in changes {
            let parts = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 {
                folders[String(parts[0]), default: [:]][String(parts[1])] = hash
                continue
            }
            if let old = entries[path] {
                guard !old.isTree else { throw FormatError.malformed("tree", "'\(prefix + path)' is a folder, not a file") }
                previous[prefix + path] = old.hash
            }
            entries[path] = hash.map { TreeEntry(mode: .file, name: path, hash: $0) }
        }
        for (name, contents) in folders {
            let old = entries[name]
            if let old, !old.isTree { throw FormatError.malformed("tree", "'\(prefix + name)' is a file, not a folder") }
            let subtree = try splicingPathTree(
                try old.map { try load($0.hash) } ?? Tree(entries: []), changes: contents, load: load,
                hashing: hashing, previous: &previous, prefix: prefix + name + "/")
            entries[name] = subtree.entries.isEmpty ? nil : TreeEntry(mode: .tree, name: name, hash: hashing(subtree.object))
        }
        return try Tree(entries: Array(entries.values))
    }

    /// Reads a snapshot from its root tree; `load` returns an object by hash.
    public init(root: FunctionHash, load: (FunctionHash) throws -> GitObject) throws {
        func tree(_ hash: FunctionHash) throws -> Tree {
            let object = try load(hash)
            guard object.kind == .tree else { throw FormatError.malformed("snapshot", "\(hash.hex) is a \(object.kind.rawValue), not a tree") }
            return try Tree(decoding: object.payload)
        }
        func flatten(_ hash: FunctionHash, prefix: String) throws -> [String: FunctionHash] {
            var paths: [String: FunctionHash] = [:]
            for entry in try tree(hash).entries {
                if entry.isTree {
                    paths.merge(try flatten(entry.hash, prefix: prefix + entry.name + "/")) { $1 }
                } else {
                    paths[prefix + entry.name] = entry.hash
                }
            }
            return paths
        }
        let top = try tree(root)
        func required(_ name: String) throws -> TreeEntry {
            guard let entry = top[name] else { throw FormatError.malformed("snapshot", "root tree \(root.hex) has no '\(name)'") }
            return entry
        }
        let functions = try tree(try required(Entry.functions).hash).entries
        let closures = try tree(try required(Entry.closures).hash).entries
        let metaObject = try load(try required(Entry.meta).hash)
        self.init(
            functions: Dictionary(uniqueKeysWithValues: functions.map { ($0.name, $0.hash) }),
            closures: Set(closures.map(\.hash)),
            chunks: try flatten(try required(Entry.chunks).hash, prefix: ""),
            sources: try flatten(try required(Entry.sources).hash, prefix: ""),
            meta: try SnapshotMeta(decoding: metaObject.payload))
    }
}
