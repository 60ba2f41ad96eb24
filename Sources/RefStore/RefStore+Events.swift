import BlobFormat
import FoundationEssentials

extension RefStore {
    /// Appends events that do not move a ref (a running VM reporting that it
    /// picked up a version). Returns them with their ids.
    @discardableResult
    public func record(_ events: [ReloadEvent]) throws(RefStoreError) -> [ReloadEvent] {
        try write { db in try events.map { try Self.insert($0, db) } }
    }

    static func insert(_ event: ReloadEvent, _ db: SQLiteConnection) throws -> ReloadEvent {
        try db.execute("""
            INSERT INTO reload_event(time, ref, function, old_hash, new_hash, cause, commit_hash, message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [Milliseconds.from(event.time), event.ref, event.function, event.oldHash,
                  event.newHash, event.cause.rawValue, event.commit, event.message])
        var stored = event
        stored.id = db.lastInsertedRowID
        return stored
    }

    /// The events of one function, newest first, at most `limit`.
    public func events(function: String, limit: Int? = nil) throws(RefStoreError) -> [ReloadEvent] {
        try events(where: "function = ?", [function], limit: limit)
    }

    /// Every event, newest first, at most `limit`.
    public func events(limit: Int? = nil) throws(RefStoreError) -> [ReloadEvent] {
        try events(where: nil, [], limit: limit)
    }

    /// The events recorded with one commit.
    public func events(commit: FunctionHash) throws(RefStoreError) -> [ReloadEvent] {
        try events(where: "commit_hash = ?", [commit], limit: nil)
    }

    /// How many events the log holds.
    public func eventCount() throws(RefStoreError) -> Int {
        try read { db in try db.one("SELECT count(*) FROM reload_event") { $0.int(0) } ?? 0 }
    }

    /// Every object that an event younger than `date` names (its commit, old
    /// and new blob): gc roots.
    public func eventTargets(since date: Date) throws(RefStoreError) -> Set<FunctionHash> {
        try read { db in
            var hashes = Set<FunctionHash>()
            try db.rows("SELECT old_hash, new_hash, commit_hash FROM reload_event WHERE time >= ?", [Milliseconds.from(date)]) { row in
                for column: Int32 in 0..<3 {
                    if let hash = row.hash(column) { hashes.insert(hash) }
                }
            }
            return hashes
        }
    }

    private func events(where condition: String?, _ arguments: [any SQLiteArgument], limit: Int?) throws(RefStoreError) -> [ReloadEvent] {
        try read { db in
            var sql = "SELECT id, time, ref, function, old_hash, new_hash, cause, commit_hash, message FROM reload_event"
            var arguments = arguments
            if let condition { sql += " WHERE " + condition }
            sql += " ORDER BY id DESC"
            if let limit {
                sql += " LIMIT ?"
                arguments.append(limit)
            }
            var events: [ReloadEvent] = []
            try db.rows(sql, arguments) { row in
                let causeText = row.string(6)
                guard let cause = ReloadEvent.Cause(rawValue: causeText) else {
                    throw RefStoreError.storage("reload_event \(row.int64(0)) has unknown cause '\(causeText)'")
                }
                events.append(ReloadEvent(
                    id: row.int64(0), time: Milliseconds.date(row.int64(1)), ref: row.string(2), function: row.string(3),
                    oldHash: row.hash(4), newHash: row.hash(5), cause: cause, commit: row.hash(7), message: row.string(8)))
            }
            return events
        }
    }
}
