#ifndef BLOBREPO_SQLITE_OPTIONS_H
#define BLOBREPO_SQLITE_OPTIONS_H

/// The frames (changed pages) the write-ahead log holds at most before the
/// commit that reaches this many copies them into the database and
/// truncates the log.
#define BLOBREPO_SQLITE_LOG_LIMIT 128

/// How long a statement waits for another connection's lock, in
/// milliseconds, before it fails with SQLITE_BUSY.
#define BLOBREPO_SQLITE_BUSY_MILLISECONDS 60000

/// Keeps the write-ahead log of the database connection `connection` (a
/// `sqlite3 *`) between processes. Closing neither checkpoints nor deletes
/// it, so a command's commit costs one log sync instead of five (restarting
/// the log, the commit, the checkpoint's log and database syncs); the next
/// process reads the few frames back when it opens. A commit that leaves
/// `BLOBREPO_SQLITE_LOG_LIMIT` frames or more checkpoints them and truncates
/// the log, so that read stays short; it does not wait for readers to
/// do so (a busy log is left to a later commit). Also sets the connection's
/// busy timeout, `BLOBREPO_SQLITE_BUSY_MILLISECONDS`. Returns an SQLite
/// result code.
int blobrepo_sqlite_keep_wal(void *connection);

/// The name of the VFS to open databases with: the default one, except
/// that a write-ahead log that exists is opened without SQLITE_OPEN_CREATE,
/// which spares each connection a sync of the database's folder (SQLite
/// syncs the folder of a log it may have created). Null when registering it
/// failed, which leaves the default VFS.
const char *blobrepo_sqlite_vfs(void);

#endif
