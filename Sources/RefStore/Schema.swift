import GRDB

/// The ref database's schema, as numbered migrations. A database written by
/// a newer build (with migrations this one does not know) is refused.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("1-refs-events-pins") { db in
            try db.execute(sql: """
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
                """)
        }
        migrator.registerMigration("2-source-cache") { db in
            try db.execute(sql: """
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
                """)
        }
        migrator.registerMigration("3-source-cache-state") { db in
            try db.execute(sql: """
                CREATE TABLE source_cache_state (
                    root TEXT PRIMARY KEY NOT NULL,
                    generation INTEGER NOT NULL,
                    base BLOB CHECK (base IS NULL OR length(base) = 32)
                );
                """)
        }
        return migrator
    }
}
