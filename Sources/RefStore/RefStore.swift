import BlobFormat
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Refs, the ReloadEvent log, the ref log and the pins of running VMs, in
/// one SQLite database (`blobrepo.sqlite`, WAL mode).
///
/// A ref update and the events it records are one transaction: they never
/// disagree. After each update the ref is also written as a git ref file
/// (`HEAD`, `refs/heads/*`, `refs/tags/*`) so that git's tools see it; the
/// database wins when the two differ.
///
/// Sendable because every use of the connection holds `lock`.
public final class RefStore: @unchecked Sendable {
    /// The database file.
    public let path: String
    /// The git directory whose ref files mirror the database.
    public let gitDirectory: String
    /// One connection: a command is one short process, and a host's few
    /// ref reads and writes take turns (`lock`).
    let database: SQLiteConnection
    private let lock = Lock()

    /// Opens the database at `path`, creating it and running migrations when
    /// `create` is true; otherwise the file must exist.
    public init(path: String, gitDirectory: String, create: Bool = false) throws(RefStoreError) {
        self.path = path
        self.gitDirectory = gitDirectory
        if !create, access(path, F_OK) != 0 { throw .notARepository(gitDirectory) }
        do {
            database = try SQLiteConnection(path: path, create: create)
            // WAL mode is kept in the database file: it is set once, at creation,
            // not checked on every open.
            if create { try database.executeScript("PRAGMA journal_mode = WAL") }
            try Schema.migrate(database, path: path)
        } catch let error as RefStoreError {
            throw error
        } catch {
            throw .storage("cannot open \(path): \(error)")
        }
    }

    /// Runs `body` in a read transaction, turning database errors into ours.
    func read<T>(_ body: (SQLiteConnection) throws -> T) throws(RefStoreError) -> T {
        try serialized(writing: false, body)
    }

    /// Runs `body` in an immediate write transaction.
    func write<T>(_ body: (SQLiteConnection) throws -> T) throws(RefStoreError) -> T {
        try serialized(writing: true, body)
    }

    private func serialized<T>(writing: Bool, _ body: (SQLiteConnection) throws -> T) throws(RefStoreError) -> T {
        do {
            return try lock.withLock { () throws -> T in try database.transaction(writing: writing) { try body(database) } }
        } catch let error as RefStoreError {
            throw error
        } catch {
            throw .storage("\(writing ? "writing" : "reading") \(path): \(error)")
        }
    }
}

/// Milliseconds since the epoch, the unit of every time in the database.
enum Milliseconds {
    static func from(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ value: Int64) -> Date { Date(timeIntervalSince1970: Double(value) / 1000) }
}
