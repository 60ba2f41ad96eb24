#ifndef BLOBREPO_SQLITE_OPTIONS_H
#define BLOBREPO_SQLITE_OPTIONS_H

/// Keeps the write-ahead log file of the database connection `connection`
/// (a `sqlite3 *`) between processes: when the last connection closes, it
/// checkpoints the log and truncates it to nothing instead of deleting it.
/// The next process then neither recreates the file nor has a log to read
/// through before its first query. Returns an SQLite result code.
int blobrepo_sqlite_keep_wal(void *connection);

#endif
