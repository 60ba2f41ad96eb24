/// The ref database's schema, as numbered migrations. A database written by
/// a newer build (with migrations this one does not know) is refused.
///
/// The identifiers of the migrations applied are rows of `grdb_migrations`
/// (the table's name comes from the first builds, whose databases open
/// unchanged).
enum Schema {
    /// The migrations in order: an identifier and its SQL.
    static let migrations: [(identifier: String, sql: String)] = [
        ("1-refs-events-pins", """
                CREATE TABLE ref (
                    name TEXT PRIMARY KEY NOT NULL,
                    target BLOB CHECK (target IS NULL OR length(target) = 32),
                    symbolic TEXT,
                    CHECK ((target IS NULL) <> (symbolic IS NULL))
                );
                CREATE TABLE ref_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    time INTEGER NOT NULL,
                    ref TEXT NOT NULL,
                    old BLOB,
                    new BLOB,
                    message TEXT NOT NULL
                );
                CREATE INDEX ref_log_by_ref ON ref_log(ref, id);
                CREATE TABLE reload_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    time INTEGER NOT NULL,
                    ref TEXT NOT NULL,
                    function TEXT NOT NULL,
                    old_hash BLOB,
                    new_hash BLOB,
                    cause TEXT NOT NULL,
                    commit_hash BLOB,
                    message TEXT NOT NULL
                );
                CREATE INDEX reload_event_by_function ON reload_event(function, id);
                CREATE INDEX reload_event_by_time ON reload_event(time);
                CREATE TABLE pin (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    pid INTEGER NOT NULL,
                    process_start INTEGER NOT NULL,
                    snapshot BLOB NOT NULL,
                    created INTEGER NOT NULL
                );
                """),
        ("2-source-cache", """
                CREATE TABLE source_cache (
                    root TEXT NOT NULL,
                    path TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    mtime_ns INTEGER NOT NULL,
                    inode INTEGER NOT NULL,
                    source BLOB NOT NULL,
                    chunk BLOB NOT NULL,
                    outputs BLOB NOT NULL,
                    PRIMARY KEY (root, path)
                );
                """),
        ("3-source-cache-state", """
                CREATE TABLE source_cache_state (
                    root TEXT PRIMARY KEY NOT NULL,
                    generation INTEGER NOT NULL,
                    base BLOB CHECK (base IS NULL OR length(base) = 32)
                );
                """),
        // The stat rows, read by every commit and status, apart from the
        // function lists, read for the changed files alone. The cache starts
        // again empty (it is rebuilt by the next commit); the generation
        // moves on, so no writer that read the old rows keeps a base.
        ("4-source-cache-split", """
                CREATE TABLE source_file (
                    root TEXT NOT NULL,
                    path TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    mtime_ns INTEGER NOT NULL,
                    inode INTEGER NOT NULL,
                    source BLOB NOT NULL,
                    chunk BLOB NOT NULL,
                    extras BLOB NOT NULL,
                    PRIMARY KEY (root, path)
                ) WITHOUT ROWID;
                CREATE TABLE source_functions (
                    root TEXT NOT NULL,
                    path TEXT NOT NULL,
                    functions BLOB NOT NULL,
                    PRIMARY KEY (root, path)
                );
                DROP TABLE source_cache;
                UPDATE source_cache_state SET generation = generation + 1, base = NULL;
                """),
    ]

    /// Refuses a database with migrations this build does not know, and
    /// applies the missing ones in one write transaction.
    static func migrate(_ database: SQLiteConnection, path: String) throws {
        let known = Set(migrations.map(\.identifier))
        let applied = try database.transaction(writing: false) { try Self.applied(database) }
        if !applied.isSubset(of: known) { throw RefStoreError.newerSchema(path: path) }
        guard applied.count < known.count else { return }
        try database.transaction(writing: true) {
            // Read again under the write lock: another process may have migrated meanwhile.
            let applied = try Self.applied(database)
            if !applied.isSubset(of: known) { throw RefStoreError.newerSchema(path: path) }
            try database.executeScript("CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for migration in migrations where !applied.contains(migration.identifier) {
                try database.executeScript(migration.sql)
                try database.execute("INSERT INTO grdb_migrations(identifier) VALUES (?)", [migration.identifier])
            }
        }
    }

    /// The identifiers of the migrations applied; none before the first.
    private static func applied(_ database: SQLiteConnection) throws -> Set<String> {
        let exists = try database.one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations'") { _ in true }
        guard exists == true else { return [] }
        var identifiers = Set<String>()
        try database.rows("SELECT identifier FROM grdb_migrations") { identifiers.insert($0.string(0)) }
        return identifiers
    }
}
