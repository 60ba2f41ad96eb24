import BlobFormat
import CSQLite

/// A value bound to a statement's `?`.
protocol SQLiteArgument {
    /// Binds the value to parameter `index` (from 1) of `statement`.
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

/// SQLite copies bound text and blobs before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension Int64: SQLiteArgument {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self) }
}

extension Int: SQLiteArgument {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, Int64(self)) }
}

extension Int32: SQLiteArgument {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, Int64(self)) }
}

extension String: SQLiteArgument {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        var text = self
        return text.withUTF8 { sqlite3_bind_text(statement, index, $0.baseAddress, Int32($0.count), transient) }
    }
}

extension [UInt8]: SQLiteArgument {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), transient) }
    }
}

extension FunctionHash: SQLiteArgument {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 { bytes.bind(to: statement, at: index) }
}

extension Optional: SQLiteArgument where Wrapped: SQLiteArgument {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        switch self {
        case let value?: value.bind(to: statement, at: index)
        case nil: sqlite3_bind_null(statement, index)
        }
    }
}

/// One prepared statement of a ``SQLiteConnection``.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer

    init(_ handle: OpaquePointer, connection: OpaquePointer) {
        self.handle = handle
        self.connection = connection
    }

    func finalize() { sqlite3_finalize(handle) }

    /// Binds `arguments`, steps through at most `limit` rows, calling `body`
    /// with each, and resets the statement for its next use.
    func run(_ arguments: [any SQLiteArgument], limit: Int = .max, _ body: (SQLiteRow) throws -> Void) throws {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        guard Int(sqlite3_bind_parameter_count(handle)) == arguments.count else {
            throw SQLiteError(code: SQLITE_RANGE, message: "\(arguments.count) arguments for \(sqlite3_bind_parameter_count(handle)) parameters")
        }
        for (offset, argument) in arguments.enumerated() {
            let code = argument.bind(to: handle, at: Int32(offset + 1))
            guard code == SQLITE_OK else { throw error(code) }
        }
        var rows = 0
        while rows < limit {
            switch sqlite3_step(handle) {
            case SQLITE_ROW:
                try body(SQLiteRow(statement: handle))
                rows += 1
            case SQLITE_DONE:
                return
            case let code:
                throw error(code)
            }
        }
    }

    private func error(_ code: Int32) -> SQLiteError {
        SQLiteError(code: code, message: String(cString: sqlite3_errmsg(connection)))
    }
}

/// The current row of a statement; columns are numbered from 0.
struct SQLiteRow {
    let statement: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }

    func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(statement, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))), as: UTF8.self)
    }

    func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }

    /// The bytes of a blob column; nil when it holds another type.
    func bytes(_ column: Int32) -> [UInt8]? {
        guard sqlite3_column_type(statement, column) == SQLITE_BLOB else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0 else { return [] }
        guard let start = sqlite3_column_blob(statement, column) else { return nil }
        return Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// A 32-byte blob column as a hash, read in place; nil for NULL or any other value.
    func hash(_ column: Int32) -> FunctionHash? {
        guard sqlite3_column_type(statement, column) == SQLITE_BLOB,
              sqlite3_column_bytes(statement, column) == Int32(FunctionHash.byteCount),
              let start = sqlite3_column_blob(statement, column) else { return nil }
        return FunctionHash(bytes: UnsafeRawBufferPointer(start: start, count: FunctionHash.byteCount))
    }
}
