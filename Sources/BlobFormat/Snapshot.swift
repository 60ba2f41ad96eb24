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
        var rootEntries = [TreeEntry(mode: .file, name: Entry.meta, hash: hashed(meta.object))]
        func add(_ name: String, _ tree: Tree) {
            rootEntries.append(TreeEntry(mode: .tree, name: name, hash: hashed(tree.object)))
        }
        add(Entry.functions, try Tree(entries: functions.map { TreeEntry(mode: .file, name: $0.key, hash: $0.value) }))
        add(Entry.closures, try Tree(entries: closures.map { TreeEntry(mode: .file, name: $0.hex, hash: $0) }))
        add(Entry.chunks, try Self.pathTree(chunks, hashing: hashed))
        add(Entry.sources, try Self.pathTree(sources, hashing: hashed))
        _ = hashed(try Tree(entries: rootEntries).object)
        return objects
    }

    /// The hash of the root tree.
    public func rootHash() throws(FormatError) -> FunctionHash {
        try hashedTreeObjects().last!.hash
    }

    /// A tree of nested subtrees for `paths` (`a/b.lua`); hands every
    /// subtree to `hashing` and returns the top one (not handed over).
    static func pathTree(_ paths: [String: FunctionHash], hashing: (GitObject) -> FunctionHash) throws(FormatError) -> Tree {
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
