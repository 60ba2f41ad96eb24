import BlobFormat
import CSQLiteOptions
import Foundation
import GRDB
import GRDBSQLite

/// Refs, the ReloadEvent log, the ref log and the pins of running VMs, in
/// one SQLite database (`blobrepo.sqlite`, WAL mode).
///
/// A ref update and the events it records are one transaction: they never
/// disagree. After each update the ref is also written as a git ref file
/// (`HEAD`, `refs/heads/*`, `refs/tags/*`) so that git's tools see it; the
/// database wins when the two differ.
public final class RefStore: Sendable {
    /// The database file.
    public let path: String
    /// The git directory whose ref files mirror the database.
    public let gitDirectory: String
    /// One connection: a command is one short process, and a host's few
    /// ref reads and writes take turns.
    let database: DatabaseQueue

    /// Opens the database at `path`, creating it and running migrations when
    /// `create` is true; otherwise the file must exist.
    public init(path: String, gitDirectory: String, create: Bool = false) throws(RefStoreError) {
        self.path = path
        self.gitDirectory = gitDirectory
        if !create, !FileManager.default.fileExists(atPath: path) { throw .notARepository(gitDirectory) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        // Each command is a short process: its log frames stay for the next
        // one to read instead of being checkpointed on close (four syncs fewer
        // per commit); a long log is checkpointed and truncated by a commit.
        configuration.prepareDatabase { db in
            let result = blobrepo_sqlite_keep_wal(UnsafeMutableRawPointer(db.sqliteConnection))
            guard result == 0 else { throw DatabaseError(resultCode: ResultCode(rawValue: result), message: "cannot keep the log") }
        }
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            // WAL mode is kept in the database file: it is set once, at creation,
            // not checked on every open.
            if create { try database.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") } }
            let migrator = Schema.migrator
            let (superseded, complete) = try database.read { db in
                (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
            }
            if superseded { throw RefStoreError.newerSchema(path: path) }
            if !complete { try migrator.migrate(database) }
        } catch let error as RefStoreError {
            throw error
        } catch {
            throw .storage("cannot open \(path): \(error)")
        }
    }

    /// Runs `body` in a read transaction, turning database errors into ours.
    func read<T>(_ body: (Database) throws -> T) throws(RefStoreError) -> T {
        do { return try database.read(body) } catch let error as RefStoreError { throw error } catch {
            throw .storage("reading \(path): \(error)")
        }
    }

    /// Runs `body` in an immediate write transaction.
    func write<T>(_ body: (Database) throws -> T) throws(RefStoreError) -> T {
        do { return try database.write(body) } catch let error as RefStoreError { throw error } catch {
            throw .storage("writing \(path): \(error)")
        }
    }
}

extension FunctionHash: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { Data(bytes).databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> FunctionHash? {
        guard let data = Data.fromDatabaseValue(dbValue) else { return nil }
        return FunctionHash(bytes: data)
    }
}

/// Read straight from the statement's column (no `Data` in between): a
/// commit reads a thousand hashes from the source cache.
extension FunctionHash: StatementColumnConvertible {
    public init?(sqliteStatement: SQLiteStatement, index: CInt) {
        guard sqlite3_column_type(sqliteStatement, index) == SQLITE_BLOB,
              sqlite3_column_bytes(sqliteStatement, index) == Int32(FunctionHash.byteCount),
              let start = sqlite3_column_blob(sqliteStatement, index) else { return nil }
        self.init(bytes: UnsafeRawBufferPointer(start: start, count: FunctionHash.byteCount))
    }
}

/// A blob column's bytes, read straight from the statement.
struct ColumnBytes: DatabaseValueConvertible, StatementColumnConvertible {
    var bytes: [UInt8]

    init(bytes: [UInt8]) { self.bytes = bytes }

    init?(sqliteStatement: SQLiteStatement, index: CInt) {
        guard sqlite3_column_type(sqliteStatement, index) == SQLITE_BLOB else { return nil }
        let count = Int(sqlite3_column_bytes(sqliteStatement, index))
        guard count > 0 else { self.bytes = []; return }
        guard let start = sqlite3_column_blob(sqliteStatement, index) else { return nil }
        bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    var databaseValue: DatabaseValue { Data(bytes).databaseValue }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> ColumnBytes? {
        Data.fromDatabaseValue(dbValue).map { ColumnBytes(bytes: [UInt8]($0)) }
    }
}

/// Milliseconds since the epoch, the unit of every time in the database.
enum Milliseconds {
    static func from(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ value: Int64) -> Date { Date(timeIntervalSince1970: Double(value) / 1000) }
}
