#ifndef BLOBREPO_FILE_CONTROL_H
#define BLOBREPO_FILE_CONTROL_H

/// Starts writing the dirty pages of the open file `fd` to disk and returns
/// without waiting for them (Linux's `sync_file_range` with
/// `SYNC_FILE_RANGE_WRITE`, which Swift's Glibc module does not show). It
/// makes nothing durable: a later `fsync` still must. Where the call does not
/// exist it does nothing. Returns 0, or -1 with `errno` set.
int blobrepo_start_writeback(int fd);

#endif
