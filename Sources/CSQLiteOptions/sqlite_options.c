#include "sqlite_options.h"
#include <sqlite3.h>

// sqlite3_file_control's argument is a pointer, which is clearer from C.
int blobrepo_sqlite_keep_wal(void *connection) {
    sqlite3 *db = connection;
    int persist = 1;
    int result = sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    if (result != SQLITE_OK) return result;
    // A kept log is truncated to this many bytes after a checkpoint on close.
    return sqlite3_exec(db, "PRAGMA journal_size_limit = 0", 0, 0, 0);
}
