#define _GNU_SOURCE
#include <fcntl.h>
#include "file_control.h"

int blobrepo_start_writeback(int fd) {
#if defined(__linux__) && defined(SYNC_FILE_RANGE_WRITE)
    return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd;
    return 0;
#endif
}

int blobrepo_reserve_space(int fd, long long length) {
#if defined(__linux__) && defined(FALLOC_FL_KEEP_SIZE)
    return fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)length);
#else
    (void)fd;
    (void)length;
    return 0;
#endif
}
