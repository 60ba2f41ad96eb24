#ifndef BLOBREPO_FILE_CONTROL_H
#define BLOBREPO_FILE_CONTROL_H

/// Starts writing the dirty pages of the open file `fd` to disk and returns
/// without waiting for them (Linux's `sync_file_range` with
/// `SYNC_FILE_RANGE_WRITE`, which Swift's Glibc module does not show). It
/// makes nothing durable: a later `fsync` still must. Where the call does not
/// exist it does nothing. Returns 0, or -1 with `errno` set.
int blobrepo_start_writeback(int fd);

/// Gives the empty file `fd` the disk space for its first `length` bytes
/// without changing its size (Linux's `fallocate` with
/// `FALLOC_FL_KEEP_SIZE`). On ext4 a file whose space is already allocated
/// is not flushed when it is renamed over another file (its delayed
/// allocation would be). Where the call does not exist, or the filesystem
/// does not support it, it does nothing. Returns 0, or -1 with `errno` set.
int blobrepo_reserve_space(int fd, long long length);

/// Opens a new file in `folder` that has no name yet (Linux's `O_TMPFILE`),
/// for reading and writing, with permissions `mode` once it is linked. A
/// crash before ``blobrepo_link_unnamed`` leaves nothing behind. Returns the
/// descriptor, or -1 with `errno` set (`EOPNOTSUPP`, `EISDIR` or `EINVAL`
/// where the system or the filesystem has no such files).
int blobrepo_open_unnamed(const char *folder, unsigned int mode);

/// Gives the unnamed file `fd` the name `path` (`linkat` through
/// `/proc/self/fd`, which needs no privilege). Fails with `EEXIST` when
/// `path` exists: it is never replaced. Returns 0, or -1 with `errno` set.
int blobrepo_link_unnamed(int fd, const char *path);

#endif
