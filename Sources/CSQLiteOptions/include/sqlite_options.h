#ifndef BLOBREPO_SQLITE_OPTIONS_H
#define BLOBREPO_SQLITE_OPTIONS_H

/// Keeps the write-ahead log of the database connection `connection` (a
/// `sqlite3 *`) between processes: the log file is not deleted when the last
/// connection closes, and closing does not checkpoint it (SQLite checkpoints
/// on its own as the log grows). Returns an SQLite result code.
int blobrepo_sqlite_keep_wal(void *connection);

#endif
