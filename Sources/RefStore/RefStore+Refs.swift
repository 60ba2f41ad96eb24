import BlobFormat
import Foundation
import GRDB

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

    public init(ref: String, expected: RefExpectation, new: FunctionHash?, events: [ReloadEvent] = [], message: String,
                sourceCache: SourceCacheUpdate? = nil) {
        self.ref = ref
        self.expected = expected
        self.new = new
        self.events = events
        self.message = message
        self.sourceCache = sourceCache
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
            try db.execute(sql: "INSERT OR REPLACE INTO ref(name, target, symbolic) VALUES (?, NULL, ?)", arguments: [name, target])
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

    /// Whether a ref of that exact name exists.
    public func exists(_ name: String) throws(RefStoreError) -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM ref WHERE name = ?", arguments: [name]) ?? false }
    }

    /// Every ref, sorted by name.
    public func refs() throws(RefStoreError) -> [Ref] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, target, symbolic FROM ref ORDER BY name").map {
                Ref(name: $0["name"], target: $0["target"], symbolic: $0["symbolic"])
            }
        }
    }

    /// Moves one ref if it is where `update.expected` says, and records its
    /// ReloadEvents and a ref-log line, all in one transaction. Throws
    /// ``RefStoreError/refMoved(ref:expected:actual:)`` when another writer
    /// moved the ref first. Returns the stored events, with their ids.
    @discardableResult
    public func update(_ update: RefUpdate) throws(RefStoreError) -> [ReloadEvent] {
        try RefName.validate(update.ref)
        let stored = try write { db -> [ReloadEvent] in
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
                try db.execute(sql: "INSERT OR REPLACE INTO ref(name, target, symbolic) VALUES (?, ?, NULL)", arguments: [name, new])
            } else {
                try db.execute(sql: "DELETE FROM ref WHERE name = ?", arguments: [name])
            }
            let now = Milliseconds.from(Date())
            try db.execute(
                sql: "INSERT INTO ref_log(time, ref, old, new, message) VALUES (?, ?, ?, ?, ?)",
                arguments: [now, name, current, update.new, update.message])
            if let sourceCache = update.sourceCache { try Self.apply(sourceCache, db) }
            return try update.events.map { try Self.insert($0, db) }
        }
        try writeGitRefFiles([update.ref, RefName.head])
        return stored
    }

    /// The ref log, newest first, optionally of one ref and at most `limit` lines.
    public func refLog(ref: String? = nil, limit: Int? = nil) throws(RefStoreError) -> [RefLogEntry] {
        try read { db in
            var sql = "SELECT id, time, ref, old, new, message FROM ref_log"
            var arguments: StatementArguments = []
            if let ref {
                sql += " WHERE ref = ?"
                arguments += [ref]
            }
            sql += " ORDER BY id DESC"
            if let limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                RefLogEntry(id: $0["id"], time: Milliseconds.date($0["time"]), ref: $0["ref"],
                            old: $0["old"], new: $0["new"], message: $0["message"])
            }
        }
    }

    /// The objects named by ref-log lines younger than `date`: gc roots.
    public func refLogTargets(since date: Date) throws(RefStoreError) -> Set<FunctionHash> {
        try read { db in
            var hashes = Set<FunctionHash>()
            let rows = try Row.fetchCursor(db, sql: "SELECT old, new FROM ref_log WHERE time >= ?", arguments: [Milliseconds.from(date)])
            while let row = try rows.next() {
                if let old: FunctionHash = row["old"] { hashes.insert(old) }
                if let new: FunctionHash = row["new"] { hashes.insert(new) }
            }
            return hashes
        }
    }

    static func follow(_ db: Database, _ name: String) throws -> String {
        var current = name
        for _ in 0..<5 {
            guard let symbolic = try String.fetchOne(db, sql: "SELECT symbolic FROM ref WHERE name = ?", arguments: [current]) else {
                return current
            }
            current = symbolic
        }
        throw RefStoreError.symbolicLoop(name)
    }

    static func target(_ db: Database, _ name: String) throws -> FunctionHash? {
        try FunctionHash.fetchOne(db, sql: "SELECT target FROM ref WHERE name = ? AND target IS NOT NULL", arguments: [name])
    }
}
