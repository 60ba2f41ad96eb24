#ifndef BLOBREPO_THREADS_H
#define BLOBREPO_THREADS_H

#include <pthread.h>

/// Starts a helper thread on another CPU than the calling thread's, then
/// lets it run anywhere.
///
/// A new thread is queued on its creator's CPU by some schedulers (Linux
/// in a small virtual machine, seen here): while the creator computes, the
/// helper waits for it to block or be preempted, up to a scheduler tick (3
/// ms), even with the other CPU idle. `blobrepo_thread_create` gives the
/// thread, for its start only, every CPU the process may use but the
/// caller's; the thread then takes the whole set back before `body` runs.
/// Where the process may use one CPU only, or elsewhere than Linux, it is
/// a plain `pthread_create`. Returns what `pthread_create` returns.
int blobrepo_thread_create(pthread_t *thread, void *(*body)(void *), void *context);

#endif
