import BlobFormat
import Foundation
@testable import RefStore
import TestScratch
import Testing

@Suite struct SQLiteConnectionTests {
    func connection() throws -> SQLiteConnection {
        let path = Scratch.path("sqlite", suffix: ".sqlite")
        let connection = try SQLiteConnection(path: path, create: true)
        try connection.executeScript("CREATE TABLE t (i INTEGER, s TEXT, b BLOB)")
        return connection
    }

    @Test func valuesRoundTripThroughAReusedStatement() throws {
        let db = try connection()
        let hash = GitObject(kind: .blob, payload: Array("x".utf8)).hash
        let insert = "INSERT INTO t(i, s, b) VALUES (?, ?, ?)"
        try db.execute(insert, [Int64.min, "é\u{0}z", hash])
        try db.execute(insert, [42, String?.none, [UInt8]()])
        var rows: [(Int64, String?, [UInt8]?, FunctionHash?)] = []
        try db.rows("SELECT i, s, b FROM t ORDER BY rowid") { rows.append(($0.int64(0), $0.optionalString(1), $0.bytes(2), $0.hash(2))) }
        #expect(rows.count == 2)
        #expect(rows[0].0 == Int64.min && rows[0].1 == "é\u{0}z" && rows[0].2 == hash.bytes && rows[0].3 == hash)
        // An empty blob is a blob, not NULL, and not a hash.
        #expect(rows[1].0 == 42 && rows[1].1 == nil && rows[1].2 == [] && rows[1].3 == nil)
        #expect(try db.one("SELECT count(*) FROM t WHERE i = ?", [42]) { $0.int(0) } == 1)
        #expect(try db.one("SELECT i FROM t WHERE i = ?", [7]) { $0.int(0) } == nil)
    }

    @Test func aBodyThatThrowsRollsItsTransactionBack() throws {
        let db = try connection()
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try db.transaction(writing: true) {
                try db.execute("INSERT INTO t(i) VALUES (1)")
                throw Stop()
            }
        }
        #expect(try db.one("SELECT count(*) FROM t") { $0.int(0) } == 0)
        try db.transaction(writing: true) { try db.execute("INSERT INTO t(i) VALUES (2)") }
        #expect(try db.one("SELECT count(*) FROM t") { $0.int(0) } == 1)
    }

    @Test func mistakesAreReportedWithSQLitesMessage() throws {
        let db = try connection()
        #expect(throws: SQLiteError.self) { try db.execute("INSERT INTO t(i) VALUES (?)", [1, 2]) }
        let error = #expect(throws: SQLiteError.self) { try db.execute("SELECT x FROM nowhere") }
        #expect(error?.description.contains("no such table: nowhere") == true)
        // The connection is still usable.
        try db.execute("INSERT INTO t(i) VALUES (?)", [3])
        #expect(try db.one("SELECT i FROM t") { $0.int(0) } == 3)
    }

    @Test func threadsOfOneStoreTakeTurns() throws {
        let store = try makeRefStore()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for step in 0..<25 { _ = try? store.record([event("f\(thread)", nil, "v\(step)")]) }
        }
        #expect(try store.eventCount() == 200)
    }

    @Test func aDatabaseMissingLaterMigrationsGetsThemOnOpen() throws {
        let store = try makeRefStore()
        try store.write { db in
            try db.executeScript("DROP TABLE source_cache_state; DROP TABLE source_file; DROP TABLE source_functions")
            try db.execute("DELETE FROM grdb_migrations WHERE identifier <> ?", [Schema.migrations[0].identifier])
        }
        let reopened = try RefStore(path: store.path, gitDirectory: store.gitDirectory)
        #expect(try reopened.sourceCache(root: "r").generation == 0)
        let applied = try reopened.read { db in
            var identifiers: [String] = []
            try db.rows("SELECT identifier FROM grdb_migrations ORDER BY identifier") { identifiers.append($0.string(0)) }
            return identifiers
        }
        #expect(applied == Schema.migrations.map(\.identifier))
    }

    @Test func theSourceCacheSplitStartsTheCacheAgainAndMovesItsGenerationOn() throws {
        let store = try makeRefStore()
        // A database as the third migration left it, with one cached file.
        try store.write { db in
            try db.executeScript("""
                DROP TABLE source_file; DROP TABLE source_functions;
                CREATE TABLE source_cache (root TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL,
                    mtime_ns INTEGER NOT NULL, inode INTEGER NOT NULL, source BLOB NOT NULL, chunk BLOB NOT NULL,
                    outputs BLOB NOT NULL, PRIMARY KEY (root, path));
                INSERT INTO source_cache VALUES ('r', 'a.lua', 1, 2, 3, zeroblob(32), zeroblob(32), zeroblob(8));
                INSERT INTO source_cache_state(root, generation, base) VALUES ('r', 4, zeroblob(32));
                """)
            try db.execute("DELETE FROM grdb_migrations WHERE identifier = ?", ["4-source-cache-split"])
        }
        let reopened = try RefStore(path: store.path, gitDirectory: store.gitDirectory)
        let cache = try reopened.sourceCache(root: "r")
        #expect(cache.entries.isEmpty)
        #expect(cache.generation == 5)
        #expect(cache.base == nil)
    }

    /// The log outlives its connection (an existing one is opened without
    /// being created again) and, once gone, is made again by the next.
    @Test func theLogIsKeptAndMadeAgainWhenGone() throws {
        let path = Scratch.path("log", suffix: ".sqlite")
        do {
            let db = try SQLiteConnection(path: path, create: true)
            try db.executeScript("PRAGMA journal_mode = WAL; CREATE TABLE t (i INTEGER)")
            try db.execute("INSERT INTO t(i) VALUES (1)")
        }
        #expect(access(path + "-wal", F_OK) == 0)
        do {
            let db = try SQLiteConnection(path: path, create: false)
            try db.execute("INSERT INTO t(i) VALUES (2)")
            try db.executeScript("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        unlink(path + "-wal")
        unlink(path + "-shm")
        let db = try SQLiteConnection(path: path, create: false)
        try db.execute("INSERT INTO t(i) VALUES (3)")
        #expect(try db.one("SELECT count(*) FROM t") { $0.int(0) } == 3)
        #expect(access(path + "-wal", F_OK) == 0)
    }
}
