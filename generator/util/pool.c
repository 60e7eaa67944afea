/* pool.c - a minimal fork-join pool: threads pull task indices from an atomic counter. */
#include "util/pool.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct pool_job {
    size_t n;
    atomic_size_t next;
    void (*fn)(void *ctx, size_t i);
    void *ctx;
} pool_job;

static void *worker(void *arg)
{
    pool_job *j = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&j->next, 1);
        if (i >= j->n)
            break;
        j->fn(j->ctx, i);
    }
    return NULL;
}

void pool_run(size_t n, int jobs, void (*fn)(void *ctx, size_t i), void *ctx)
{
    pool_job j = {.n = n, .fn = fn, .ctx = ctx};
    atomic_init(&j.next, 0);
    if (jobs > (int)n)
        jobs = (int)n;
    if (jobs <= 1) {
        worker(&j);
        return;
    }
    pthread_t *t = xmalloc((size_t)jobs * sizeof *t);
    int started = 0;
    for (int k = 1; k < jobs; k++)
        if (pthread_create(&t[started], NULL, worker, &j) == 0)
            started++;
    worker(&j); /* the calling thread works too */
    for (int k = 0; k < started; k++)
        pthread_join(t[k], NULL);
    free(t);
}

int pool_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}
