#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <sched.h>
#include <string.h>
#include "thread_testing.h"

int blobrepo_thread_allowed_cpus(unsigned char *bits, int size) {
#if defined(__linux__)
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return -1;
    memset(bits, 0, (size_t)size);
    for (int cpu = 0; cpu < CPU_SETSIZE && cpu / 8 < size; cpu++) {
        if (CPU_ISSET(cpu, &allowed)) bits[cpu / 8] |= (unsigned char)(1u << (cpu % 8));
    }
    return 0;
#else
    (void)bits;
    (void)size;
    errno = ENOSYS;
    return -1;
#endif
}

int blobrepo_thread_stay_on_this_cpu(void) {
#if defined(__linux__)
    int here = sched_getcpu();
    if (here < 0) return -1;
    cpu_set_t only;
    CPU_ZERO(&only);
    CPU_SET(here, &only);
    return sched_setaffinity(0, sizeof only, &only);
#else
    errno = ENOSYS;
    return -1;
#endif
}

struct slow_end {
    int *ended;
    int milliseconds;
};

static pthread_key_t slow_end_key;

static void end_slowly(void *context) {
    struct slow_end *end = context;
    struct timespec pause = {end->milliseconds / 1000, (long)(end->milliseconds % 1000) * 1000000L};
    nanosleep(&pause, 0);
    __atomic_store_n(end->ended, 1, __ATOMIC_RELEASE);
    free(end);
}

static void make_slow_end_key(void) {
    pthread_key_create(&slow_end_key, end_slowly);
}

int blobrepo_thread_end_slowly(int *ended, int milliseconds) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_slow_end_key);
    struct slow_end *end = malloc(sizeof *end);
    if (!end) return ENOMEM;
    end->ended = ended;
    end->milliseconds = milliseconds;
    return pthread_setspecific(slow_end_key, end);
}

int blobrepo_thread_load(const int *value) {
    return __atomic_load_n(value, __ATOMIC_ACQUIRE);
}
