import BlobFormat
import FoundationEssentials

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
            try db.execute("INSERT INTO pin(pid, process_start, snapshot, created) VALUES (?, ?, ?, ?)",
                           [process.pid, process.startTime, snapshot, Milliseconds.from(Date())])
            return db.lastInsertedRowID
        }
    }

    /// Releases pins by id.
    public func unpin(_ ids: [Int64]) throws(RefStoreError) {
        guard !ids.isEmpty else { return }
        try write { db in
            for id in ids { try db.execute("DELETE FROM pin WHERE id = ?", [id]) }
        }
    }

    /// Every pin, oldest first.
    public func pins() throws(RefStoreError) -> [Pin] {
        try read { db in
            var pins: [Pin] = []
            try db.rows("SELECT id, pid, process_start, snapshot, created FROM pin ORDER BY id") { row in
                guard let snapshot = row.hash(3), let pid = Int32(exactly: row.int64(1)) else {
                    throw RefStoreError.storage("pin \(row.int64(0)) is malformed")
                }
                pins.append(Pin(id: row.int64(0), process: ProcessIdentity(pid: pid, startTime: row.int64(2)),
                                snapshot: snapshot, created: Milliseconds.date(row.int64(4))))
            }
            return pins
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
