import BlobFormat
import Foundation
import GRDB

/// A running VM's claim on a snapshot: while its process lives, gc keeps
/// everything the snapshot reaches.
public struct Pin: Hashable, Sendable {
    public var id: Int64
    public var process: ProcessIdentity
    /// The root tree of the pinned snapshot.
    public var snapshot: FunctionHash
    public var created: Date
}

extension RefStore {
    /// Pins `snapshot` for `process` and returns the pin's id.
    @discardableResult
    public func pin(_ snapshot: FunctionHash, for process: ProcessIdentity = .current) throws(RefStoreError) -> Int64 {
        try write { db in
            try db.execute(
                sql: "INSERT INTO pin(pid, process_start, snapshot, created) VALUES (?, ?, ?, ?)",
                arguments: [process.pid, process.startTime, snapshot, Milliseconds.from(Date())])
            return db.lastInsertedRowID
        }
    }

    /// Releases pins by id.
    public func unpin(_ ids: [Int64]) throws(RefStoreError) {
        guard !ids.isEmpty else { return }
        try write { db in
            for id in ids { try db.execute(sql: "DELETE FROM pin WHERE id = ?", arguments: [id]) }
        }
    }

    /// Every pin, oldest first.
    public func pins() throws(RefStoreError) -> [Pin] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM pin ORDER BY id").map {
                Pin(id: $0["id"], process: ProcessIdentity(pid: $0["pid"], startTime: $0["process_start"]),
                    snapshot: $0["snapshot"], created: Milliseconds.date($0["created"]))
            }
        }
    }

    /// Drops the pins of processes that are gone and returns the live ones.
    public func livePins() throws(RefStoreError) -> [Pin] {
        let all = try pins()
        let dead = all.filter { !$0.process.isAlive }
        try unpin(dead.map(\.id))
        return all.filter { $0.process.isAlive }
    }
}
