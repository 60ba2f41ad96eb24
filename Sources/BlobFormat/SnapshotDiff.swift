/// What changed between two snapshots, by function name and by chunk path.
public struct SnapshotDiff: Hashable, Sendable {
    /// One name whose blob differs: `old` is `nil` when it was added, `new`
    /// when it was removed.
    public struct Change: Hashable, Sendable {
        public var name: String
        public var old: FunctionHash?
        public var new: FunctionHash?

        public init(name: String, old: FunctionHash?, new: FunctionHash?) {
            self.name = name
            self.old = old
            self.new = new
        }

        public enum Kind: String, Sendable { case added, removed, changed }

        public var kind: Kind { old == nil ? .added : new == nil ? .removed : .changed }
    }

    /// Changed functions, sorted by name.
    public var functions: [Change]
    /// Changed chunks, sorted by path.
    public var chunks: [Change]

    public init(from old: Snapshot?, to new: Snapshot) {
        functions = Self.changes(old?.functions ?? [:], new.functions)
        chunks = Self.changes(old?.chunks ?? [:], new.chunks)
    }

    /// A diff of the given changes, each list put in name order.
    public init(functions: [Change], chunks: [Change]) {
        self.functions = functions.sorted { $0.name < $1.name }
        self.chunks = chunks.sorted { $0.name < $1.name }
    }

    public var isEmpty: Bool { functions.isEmpty && chunks.isEmpty }

    static func changes(_ old: [String: FunctionHash], _ new: [String: FunctionHash]) -> [Change] {
        var changes: [Change] = []
        for (name, hash) in new where old[name] != hash { changes.append(Change(name: name, old: old[name], new: hash)) }
        for (name, hash) in old where new[name] == nil { changes.append(Change(name: name, old: hash, new: nil)) }
        return changes.sorted { $0.name < $1.name }
    }

    /// The changes between what each name held before and holds after
    /// (`nil`: absent); names whose hash is the same are left out.
    public static func changes(_ pairs: [(name: String, old: FunctionHash?, new: FunctionHash?)]) -> [Change] {
        pairs.filter { $0.old != $0.new }.map { Change(name: $0.name, old: $0.old, new: $0.new) }
    }
}
