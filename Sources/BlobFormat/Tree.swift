
/// One entry of a git tree: a mode, a name and the object it names.
public struct TreeEntry: Hashable, Sendable {
    /// The modes that git accepts in a tree.
    public enum Mode: String, Sendable {
        case file = "100644"
        case executable = "100755"
        case symlink = "120000"
        case tree = "40000"
        case gitlink = "160000"

        /// The mode and the space that follows it in an encoded entry.
        var prefix: [UInt8] {
            switch self {
            case .file: Self.filePrefix
            case .tree: Self.treePrefix
            default: Array((rawValue + " ").utf8)
            }
        }
        private static let filePrefix = Array("100644 ".utf8)
        private static let treePrefix = Array("40000 ".utf8)
    }

    public var mode: Mode
    public var name: String
    public var hash: FunctionHash

    public init(mode: Mode, name: String, hash: FunctionHash) {
        self.mode = mode
        self.name = name
        self.hash = hash
    }

    public var isTree: Bool { mode == .tree }

    /// git's order: by name bytes, a tree compared as if its name ended in
    /// `/`. Compares the UTF-8 bytes in place, without building keys.
    static func precedes(_ a: TreeEntry, _ b: TreeEntry) -> Bool {
        var left = a.name
        var right = b.name
        return left.withUTF8 { l in
            right.withUTF8 { r in
                let common = min(l.count, r.count)
                for index in 0..<common where l[index] != r[index] { return l[index] < r[index] }
                // Past the common prefix: the next byte, or '/' for a tree, or nothing.
                let x = l.count > common ? Int(l[common]) : (a.isTree ? Int(UInt8(ascii: "/")) : -1)
                let y = r.count > common ? Int(r[common]) : (b.isTree ? Int(UInt8(ascii: "/")) : -1)
                return x < y
            }
        }
    }

    /// Checks what `git fsck --strict` checks of an entry's name.
    public static func validate(name: String) throws(FormatError) {
        if name.isEmpty { throw .invalidName(name, reason: "empty") }
        if name == "." || name == ".." { throw .invalidName(name, reason: "a path component of its own") }
        if name.utf8.count == 4, name.utf8.first == UInt8(ascii: "."), name.dropFirst().lowercased() == "git" {
            throw .invalidName(name, reason: "reserved by git")
        }
        for byte in name.utf8 where byte == UInt8(ascii: "/") || byte == 0 {
            throw .invalidName(name, reason: byte == 0 ? "contains NUL" : "contains '/'")
        }
    }
}

/// A git tree: entries in git's order, with unique names.
public struct Tree: Hashable, Sendable {
    public private(set) var entries: [TreeEntry]

    /// A tree of `entries`, sorted into git's order. Throws for an invalid or
    /// repeated name.
    public init(entries: [TreeEntry]) throws(FormatError) {
        for entry in entries { try TreeEntry.validate(name: entry.name) }
        let sorted = Self.sortedInGitOrder(entries)
        for (left, right) in zip(sorted, sorted.dropFirst()) where left.name == right.name {
            throw .invalidName(left.name, reason: "appears twice in one tree")
        }
        self.entries = sorted
    }

    /// `entries` in git's order: by name bytes, a tree's name followed by `/`.
    static func sortedInGitOrder(_ entries: [TreeEntry]) -> [TreeEntry] {
        ByteOrder.sorted(entries, name: \.name) { $0.isTree ? UInt8(ascii: "/") : nil }
    }

    /// Entries already in git's order, checked in one pass.
    private init(ordered entries: [TreeEntry]) throws(FormatError) {
        var previous: TreeEntry?
        for entry in entries {
            try TreeEntry.validate(name: entry.name)
            if let previous, !TreeEntry.precedes(previous, entry) {
                throw .malformed("tree", "entry '\(entry.name)' is out of git's order or repeated")
            }
            previous = entry
        }
        self.entries = entries
    }

    /// The entry named `name`, if any.
    public subscript(name: String) -> TreeEntry? {
        entries.first { $0.name == name }
    }

    /// The tree's payload: `"<mode> <name>\0<32-byte hash>"` per entry.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.count * 48)
        for entry in entries {
            out.append(contentsOf: entry.mode.prefix)
            out.append(contentsOf: entry.name.utf8)
            out.append(0)
            out.append(contentsOf: entry.hash.bytes)
        }
        return out
    }

    /// The tree as a git object.
    public var object: GitObject { GitObject(kind: .tree, payload: encoded()) }

    /// Parses a tree payload, rejecting unknown modes, invalid names,
    /// entries out of git's order and truncated hashes.
    public init(decoding payload: [UInt8]) throws(FormatError) {
        var entries: [TreeEntry] = []
        var index = 0
        while index < payload.count {
            guard let space = payload[index...].firstIndex(of: UInt8(ascii: " ")) else {
                throw .malformed("tree", "entry without a mode at byte \(index)")
            }
            let modeText = String(decoding: payload[index..<space], as: UTF8.self)
            guard let mode = TreeEntry.Mode(rawValue: modeText) else {
                throw .malformed("tree", "unknown mode '\(modeText)'")
            }
            guard let nul = payload[space...].firstIndex(of: 0) else {
                throw .malformed("tree", "entry name not terminated")
            }
            guard let name = String(validating: payload[(space + 1)..<nul], as: UTF8.self) else {
                throw .malformed("tree", "entry name is not UTF-8")
            }
            guard payload.count - (nul + 1) >= FunctionHash.byteCount else {
                throw .malformed("tree", "truncated hash for '\(name)'")
            }
            let hash = FunctionHash(bytes: payload[(nul + 1)..<(nul + 1 + FunctionHash.byteCount)])!
            entries.append(TreeEntry(mode: mode, name: name, hash: hash))
            index = nul + 1 + FunctionHash.byteCount
        }
        try self.init(ordered: entries)
    }
}
