import CSQLite
import CSQLiteOptions
import FoundationEssentials

/// A failure reported by SQLite: its result code and message.
struct SQLiteError: Error, CustomStringConvertible {
    var code: Int32
    var message: String

    var description: String { "SQLite error \(code): \(message)" }
}

/// One SQLite connection, used by one thread at a time (``RefStore``
/// serializes access), with its prepared statements kept for reuse.
///
/// The connection waits up to a minute for another process's lock and
/// keeps its write-ahead log between processes (`blobrepo_sqlite_keep_wal`).
/// It reads the database file with `pread` into SQLite's page cache, not
/// through a memory map: a map made commits 0.5–0.8 ms slower, `status`
/// 0.4 ms (`bench/ab.py`).
final class SQLiteConnection {
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]

    /// Opens the database file at `path`, creating it when `create` is true.
    init(path: String, create: Bool) throws(SQLiteError) {
        var connection: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0)
        let opened = sqlite3_open_v2(path, &connection, flags, blobrepo_sqlite_vfs())
        guard let connection else { throw SQLiteError(code: opened, message: "cannot open \(path)") }
        handle = connection
        guard opened == SQLITE_OK else {
            let error = SQLiteError(code: opened, message: String(cString: sqlite3_errmsg(connection)))
            sqlite3_close_v2(connection)
            throw error
        }
        sqlite3_extended_result_codes(handle, 1)
        try check(blobrepo_sqlite_keep_wal(UnsafeMutableRawPointer(handle)))
    }

    deinit {
        for statement in statements.values { statement.finalize() }
        sqlite3_close_v2(handle)
    }

    /// Runs `sql`, which may hold several statements and binds nothing.
    func executeScript(_ sql: String) throws(SQLiteError) {
        try check(sqlite3_exec(handle, sql, nil, nil, nil))
    }

    /// Runs one statement with `arguments` bound to its `?`s, ignoring any rows.
    func execute(_ sql: String, _ arguments: [any SQLiteArgument] = []) throws {
        try statement(sql).run(arguments) { _ in }
    }

    /// Runs one statement and calls `body` with each row it returns.
    func rows(_ sql: String, _ arguments: [any SQLiteArgument] = [], _ body: (SQLiteRow) throws -> Void) throws {
        try statement(sql).run(arguments, body)
    }

    /// The first row's value made by `read`, or nil when there is no row.
    func one<T>(_ sql: String, _ arguments: [any SQLiteArgument] = [], _ read: (SQLiteRow) throws -> T) throws -> T? {
        var value: T?
        try statement(sql).run(arguments, limit: 1) { value = try read($0) }
        return value
    }

    /// The row id of the last row inserted.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Runs `body` in a transaction: `BEGIN IMMEDIATE` (the write lock taken
    /// at once) when `writing`, a deferred read transaction otherwise.
    /// Commits when `body` returns and rolls back when it throws.
    /// The statements are prepared once, like any other: a command runs
    /// half a dozen transactions.
    func transaction<T>(writing: Bool, _ body: () throws -> T) throws -> T {
        try execute(writing ? "BEGIN IMMEDIATE" : "BEGIN")
        let value: T
        do {
            value = try body()
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        return value
    }

    /// The prepared statement for `sql`, made once per connection.
    private func statement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let statement = statements[sql] { return statement }
        var prepared: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard code == SQLITE_OK else { throw SQLiteError(code: code, message: "\(String(cString: sqlite3_errmsg(handle))) in '\(sql)'") }
        guard let prepared else { throw SQLiteError(code: SQLITE_MISUSE, message: "no statement in '\(sql)'") }
        let statement = SQLiteStatement(prepared, connection: handle)
        statements[sql] = statement
        return statement
    }

    private func check(_ code: Int32) throws(SQLiteError) {
        guard code == SQLITE_OK else { throw SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle))) }
    }
}
