#include "sqlite_options.h"
#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

// SQLite syncs a log's folder after the first sync of each connection that
// opened the log with SQLITE_OPEN_CREATE, which it always does, so every
// command paid a folder sync for a log that had existed for days. The log
// is opened without it when it exists; a new one is still created, and its
// folder synced.
static sqlite3_vfs *base_vfs;
static sqlite3_vfs log_keeping_vfs;

static int open_existing_log_plainly(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags) {
    (void)vfs;
    if ((flags & SQLITE_OPEN_WAL) && (flags & SQLITE_OPEN_CREATE) && name && access(name, F_OK) == 0) {
        int result = base_vfs->xOpen(base_vfs, name, file, flags & ~SQLITE_OPEN_CREATE, out_flags);
        // Removed meanwhile: create it after all.
        if (result != SQLITE_CANTOPEN) return result;
    }
    return base_vfs->xOpen(base_vfs, name, file, flags, out_flags);
}

static void register_vfs(void) {
    base_vfs = sqlite3_vfs_find(0);
    if (!base_vfs) return;
    log_keeping_vfs = *base_vfs;
    log_keeping_vfs.zName = "blobrepo";
    log_keeping_vfs.pNext = 0;
    log_keeping_vfs.xOpen = open_existing_log_plainly;
    if (sqlite3_vfs_register(&log_keeping_vfs, 0) != SQLITE_OK) base_vfs = 0;
}

const char *blobrepo_sqlite_vfs(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, register_vfs);
    return base_vfs ? log_keeping_vfs.zName : 0;
}

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
