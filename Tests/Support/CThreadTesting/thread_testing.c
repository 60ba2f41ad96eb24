#define _GNU_SOURCE
#include <errno.h>
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
