import BlobFormat
import Foundation
import GRDB

extension RefStore {
    /// Appends events that do not move a ref (a running VM reporting that it
    /// picked up a version). Returns them with their ids.
    @discardableResult
    public func record(_ events: [ReloadEvent]) throws(RefStoreError) -> [ReloadEvent] {
        try write { db in try events.map { try Self.insert($0, db) } }
    }

    static func insert(_ event: ReloadEvent, _ db: Database) throws -> ReloadEvent {
        try db.execute(
            sql: """
                INSERT INTO reload_event(time, ref, function, old_hash, new_hash, cause, commit_hash, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [Milliseconds.from(event.time), event.ref, event.function, event.oldHash,
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
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM reload_event") ?? 0 }
    }

    /// Every object that an event younger than `date` names (its commit, old
    /// and new blob): gc roots.
    public func eventTargets(since date: Date) throws(RefStoreError) -> Set<FunctionHash> {
        try read { db in
            var hashes = Set<FunctionHash>()
            let rows = try Row.fetchCursor(
                db, sql: "SELECT old_hash, new_hash, commit_hash FROM reload_event WHERE time >= ?",
                arguments: [Milliseconds.from(date)])
            while let row = try rows.next() {
                for column in ["old_hash", "new_hash", "commit_hash"] {
                    if let hash: FunctionHash = row[column] { hashes.insert(hash) }
                }
            }
            return hashes
        }
    }

    private func events(where condition: String?, _ arguments: StatementArguments, limit: Int?) throws(RefStoreError) -> [ReloadEvent] {
        try read { db in
            var sql = "SELECT * FROM reload_event"
            var arguments = arguments
            if let condition { sql += " WHERE " + condition }
            sql += " ORDER BY id DESC"
            if let limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let causeText: String = row["cause"]
                guard let cause = ReloadEvent.Cause(rawValue: causeText) else {
                    throw RefStoreError.storage("reload_event \(row["id"] as Int64) has unknown cause '\(causeText)'")
                }
                return ReloadEvent(
                    id: row["id"], time: Milliseconds.date(row["time"]), ref: row["ref"], function: row["function"],
                    oldHash: row["old_hash"], newHash: row["new_hash"], cause: cause, commit: row["commit_hash"],
                    message: row["message"])
            }
        }
    }
}
