#include "sqlite_options.h"
#include <sqlite3.h>

// Runs after every commit, with the write lock released: once the log is
// long, copy it into the database and truncate it. A truncating checkpoint
// waits, through the busy handler, for every reader to finish; it is run
// without one, so that a reader holding a transaction open cannot stall a
// commit. The commit has happened whatever this returns, so a checkpoint
// that fails (busy, or a disk error) is left to a later commit rather than
// reported as the commit's error.
static int checkpoint_long_log(void *unused, sqlite3 *db, const char *schema, int frames) {
    (void)unused;
    if (frames < BLOBREPO_SQLITE_LOG_LIMIT) return SQLITE_OK;
    sqlite3_busy_timeout(db, 0);
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_TRUNCATE, 0, 0);
    sqlite3_busy_timeout(db, BLOBREPO_SQLITE_BUSY_MILLISECONDS);
    return SQLITE_OK;
}

int blobrepo_sqlite_keep_wal(void *connection) {
    sqlite3 *db = connection;
    int result = sqlite3_busy_timeout(db, BLOBREPO_SQLITE_BUSY_MILLISECONDS);
    if (result != SQLITE_OK) return result;
    int persist = 1;
    // sqlite3_file_control's argument is a pointer, which is clearer from C.
    result = sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    if (result != SQLITE_OK) return result;
    result = sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
    if (result != SQLITE_OK) return result;
    sqlite3_wal_hook(db, checkpoint_long_log, 0);
    return SQLITE_OK;
}
