#include "sqlite_options.h"
#include <sqlite3.h>

// sqlite3_db_config is variadic, which Swift cannot call directly.
int blobrepo_sqlite_keep_wal(void *connection) {
    sqlite3 *db = connection;
    int persist = 1;
    int result = sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    if (result != SQLITE_OK) return result;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}
