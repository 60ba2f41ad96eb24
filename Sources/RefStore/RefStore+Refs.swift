#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BlobFormat
import FoundationEssentials

/// One ref: a name and either a target object or the ref it points to.
public struct Ref: Hashable, Sendable {
    public var name: String
    public var target: FunctionHash?
    public var symbolic: String?
}

/// What a compare-and-swap update expects to find.
public enum RefExpectation: Hashable, Sendable {
    /// Whatever the ref holds.
    case any
    /// The ref must not exist.
    case absent
    /// The ref must point at this object.
    case at(FunctionHash)
}

/// One ref move and the ReloadEvents that it explains.
public struct RefUpdate: Sendable {
    public var ref: String
    public var expected: RefExpectation
    /// The new target, or `nil` to delete the ref.
    public var new: FunctionHash?
    public var events: [ReloadEvent]
    /// The ref log's line for this move.
    public var message: String
    /// A change to a source cache that takes effect with the move, or not at all.
    public var sourceCache: SourceCacheUpdate?
    /// Source caches whose base is `from` take `to` with the move (see
    /// ``RefStore/rebaseSourceCaches(from:to:_:)``).
    public var rebasedSourceCaches: (from: FunctionHash, to: FunctionHash)?

    public init(ref: String, expected: RefExpectation, new: FunctionHash?, events: [ReloadEvent] = [], message: String,
                sourceCache: SourceCacheUpdate? = nil, rebasedSourceCaches: (from: FunctionHash, to: FunctionHash)? = nil) {
        self.ref = ref
        self.expected = expected
        self.new = new
        self.events = events
        self.message = message
        self.sourceCache = sourceCache
        self.rebasedSourceCaches = rebasedSourceCaches
    }
}

/// One line of the ref log: a ref moved from `old` to `new`.
public struct RefLogEntry: Hashable, Sendable {
    public var id: Int64
    public var time: Date
    public var ref: String
    public var old: FunctionHash?
    public var new: FunctionHash?
    public var message: String
}

extension RefStore {
    /// Sets a symbolic ref (`HEAD` → `refs/heads/main`).
    public func setSymbolic(_ name: String, to target: String) throws(RefStoreError) {
        try RefName.validate(name)
        try RefName.validate(target)
        try write { db in
            try db.execute("INSERT OR REPLACE INTO ref(name, target, symbolic) VALUES (?, NULL, ?)", [name, target])
        }
        try writeGitRefFiles([name])
    }

    /// The ref that `name` finally stands for, following symbolic refs
    /// (`HEAD` → `refs/heads/main`).
    public func fullName(_ name: String) throws(RefStoreError) -> String {
        try read { db in try Self.follow(db, name) }
    }

    /// The object `name` points at, following symbolic refs; `nil` when the
    /// ref (or the branch that HEAD names) does not exist yet.
    public func resolve(_ name: String) throws(RefStoreError) -> FunctionHash? {
        try read { db in try Self.target(db, try Self.follow(db, name)) }
    }

    /// ``fullName(_:)`` and ``resolve(_:)`` of `name` in one read.
    public func follow(_ name: String) throws(RefStoreError) -> (fullName: String, target: FunctionHash?) {
        try read { db in
            let full = try Self.follow(db, name)
            return (full, try Self.target(db, full))
        }
    }

    /// Whether a ref of that exact name exists.
    public func exists(_ name: String) throws(RefStoreError) -> Bool {
        try read { db in try db.one("SELECT 1 FROM ref WHERE name = ?", [name]) { _ in true } ?? false }
    }

    /// Every ref, sorted by name.
    public func refs() throws(RefStoreError) -> [Ref] {
        try read { db in try Self.refs(db) }
    }

    /// Moves one ref if it is where `update.expected` says, and records its
    /// ReloadEvents and a ref-log line, all in one transaction. Throws
    /// ``RefStoreError/refMoved(ref:expected:actual:)`` when another writer
    /// moved the ref first. Returns the stored events, with their ids.
    ///
    /// `beforeCommit` runs inside the transaction, after its statements and
    /// before it commits: the caller waits there for what the ref will name
    /// to be durable, so that the statements run while the disk works. What
    /// it throws rolls the transaction back and is thrown on.
    @discardableResult
    public func update(_ update: RefUpdate,
                       beforeCommit: () throws(RefStoreError) -> Void = {}) throws(RefStoreError) -> [ReloadEvent] {
        try RefName.validate(update.ref)
        // The git ref files are written while SQLite commits (and syncs its
        // log), on a thread of their own, from the refs as the transaction
        // leaves them; the ref-file lock is held until the commit is done, so
        // that no other writer's files can come between. A commit that fails
        // puts the files back as the database has them.
        let names = [update.ref, RefName.head]
        var refFiles: BackgroundWork?
        var lockDescriptor: Int32 = -1
        var refFilesFailure: RefStoreError?
        defer { if lockDescriptor >= 0 { close(lockDescriptor) } }
        let stored: [ReloadEvent]
        do {
            stored = try write { db -> [ReloadEvent] in
                let name = try Self.follow(db, update.ref)
                let current = try Self.target(db, name)
                switch update.expected {
                case .any: break
                case .absent where current != nil: throw RefStoreError.refExists(name)
                case let .at(hash) where hash != current:
                    throw RefStoreError.refMoved(ref: name, expected: hash, actual: current)
                default: break
                }
                if let new = update.new {
                    try db.execute("INSERT OR REPLACE INTO ref(name, target, symbolic) VALUES (?, ?, NULL)", [name, new])
                } else {
                    try db.execute("DELETE FROM ref WHERE name = ?", [name])
                }
                let now = Milliseconds.from(Date())
                try db.execute("INSERT INTO ref_log(time, ref, old, new, message) VALUES (?, ?, ?, ?, ?)",
                               [now, name, current, update.new, update.message])
                if let sourceCache = update.sourceCache { try Self.apply(sourceCache, db) }
                if let rebase = update.rebasedSourceCaches { try Self.rebaseSourceCaches(from: rebase.from, to: rebase.to, db) }
                let stored = try update.events.map { try Self.insert($0, db) }
                try beforeCommit()
                let refs = try Self.refsByName(db)
                refFiles = BackgroundWork { [self] in
                    do throws(RefStoreError) {
                        lockDescriptor = try lockRefFiles()
                        try writeRefFiles(names, refs: refs)
                    } catch {
                        refFilesFailure = error
                    }
                }
                return stored
            }
        } catch {
            refFiles?.join()
            if lockDescriptor >= 0, let refs = try? read({ db in try Self.refsByName(db) }) {
                try? writeRefFiles(names, refs: refs)
            }
            throw error
        }
        refFiles?.join()
        if let refFilesFailure { throw refFilesFailure }
        return stored
    }

    /// The ref log, newest first, optionally of one ref and at most `limit` lines.
    public func refLog(ref: String? = nil, limit: Int? = nil) throws(RefStoreError) -> [RefLogEntry] {
        try read { db in
            var sql = "SELECT id, time, ref, old, new, message FROM ref_log"
            var arguments: [any SQLiteArgument] = []
            if let ref {
                sql += " WHERE ref = ?"
                arguments.append(ref)
            }
            sql += " ORDER BY id DESC"
            if let limit {
                sql += " LIMIT ?"
                arguments.append(limit)
            }
            var entries: [RefLogEntry] = []
            try db.rows(sql, arguments) {
                entries.append(RefLogEntry(id: $0.int64(0), time: Milliseconds.date($0.int64(1)), ref: $0.string(2),
                                           old: $0.hash(3), new: $0.hash(4), message: $0.string(5)))
            }
            return entries
        }
    }

    /// The objects named by ref-log lines younger than `date`: gc roots.
    public func refLogTargets(since date: Date) throws(RefStoreError) -> Set<FunctionHash> {
        try read { db in
            var hashes = Set<FunctionHash>()
            try db.rows("SELECT old, new FROM ref_log WHERE time >= ?", [Milliseconds.from(date)]) { row in
                if let old = row.hash(0) { hashes.insert(old) }
                if let new = row.hash(1) { hashes.insert(new) }
            }
            return hashes
        }
    }

    static func follow(_ db: SQLiteConnection, _ name: String) throws -> String {
        var current = name
        for _ in 0..<5 {
            guard let symbolic = try db.one("SELECT symbolic FROM ref WHERE name = ?", [current], { $0.optionalString(0) }) ?? nil else {
                return current
            }
            current = symbolic
        }
        throw RefStoreError.symbolicLoop(name)
    }

    static func target(_ db: SQLiteConnection, _ name: String) throws -> FunctionHash? {
        try db.one("SELECT target FROM ref WHERE name = ? AND target IS NOT NULL", [name]) { $0.hash(0) } ?? nil
    }

    /// Every ref, sorted by name.
    static func refs(_ db: SQLiteConnection) throws -> [Ref] {
        var refs: [Ref] = []
        try db.rows("SELECT name, target, symbolic FROM ref ORDER BY name") { refs.append(Ref(name: $0.string(0), target: $0.hash(1), symbolic: $0.optionalString(2))) }
        return refs
    }
}
