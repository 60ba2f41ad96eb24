#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include "threads.h"

#if defined(__linux__)
/// What the new thread runs first: its body and context, and the CPUs to
/// take back.
struct start {
    void *(*body)(void *);
    void *context;
    cpu_set_t allowed;
};

static void *run_anywhere(void *argument) {
    struct start start = *(struct start *)argument;
    free(argument);
    sched_setaffinity(0, sizeof start.allowed, &start.allowed);
    return start.body(start.context);
}
#endif

int blobrepo_thread_create(pthread_t *thread, void *(*body)(void *), void *context) {
#if defined(__linux__)
    struct start *start = malloc(sizeof *start);
    int here = sched_getcpu();
    if (start != NULL && here >= 0 && sched_getaffinity(0, sizeof start->allowed, &start->allowed) == 0
        && CPU_ISSET(here, &start->allowed) && CPU_COUNT(&start->allowed) > 1) {
        cpu_set_t elsewhere = start->allowed;
        CPU_CLR(here, &elsewhere);
        pthread_attr_t attributes;
        if (pthread_attr_init(&attributes) == 0) {
            int created = -1;
            if (pthread_attr_setaffinity_np(&attributes, sizeof elsewhere, &elsewhere) == 0) {
                start->body = body;
                start->context = context;
                created = pthread_create(thread, &attributes, run_anywhere, start);
            }
            pthread_attr_destroy(&attributes);
            if (created == 0) return 0;
        }
    }
    free(start);
#endif
    return pthread_create(thread, NULL, body, context);
}
