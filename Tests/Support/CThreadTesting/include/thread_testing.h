#ifndef BLOBREPO_THREAD_TESTING_H
#define BLOBREPO_THREAD_TESTING_H

/// What the tests of helper threads read and set of the calling thread's
/// CPUs, which Swift's C library module does not show (`cpu_set_t`'s
/// macros).

/// Copies the set of CPUs the calling thread may run on, one bit per CPU,
/// into the `size` bytes at `bits`. Returns 0, or -1 with `errno` set
/// (ENOSYS elsewhere than Linux).
int blobrepo_thread_allowed_cpus(unsigned char *bits, int size);

/// Keeps the calling thread to the CPU it runs on now. Returns 0, or -1
/// with `errno` set (ENOSYS elsewhere than Linux).
int blobrepo_thread_stay_on_this_cpu(void);

/// Makes the calling thread's end slow: when it ends, it sleeps
/// `milliseconds`, then sets `*ended` to 1 (atomically). Returns 0, or an
/// error number.
int blobrepo_thread_end_slowly(int *ended, int milliseconds);

/// Reads `*value` atomically.
int blobrepo_thread_load(const int *value);

#endif
