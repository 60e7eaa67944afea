/* pool.h - runs n independent tasks on a number of threads. */
#ifndef IMPRINT_POOL_H
#define IMPRINT_POOL_H

#include <stddef.h>

/* Calls fn(ctx, i) for every i in [0, n), on `jobs` threads (jobs <= 1: in
 * the calling thread, in order). Tasks are handed out in increasing order;
 * fn must only touch state of its own task (or synchronise). Returns when all
 * are done. */
void pool_run(size_t n, int jobs, void (*fn)(void *ctx, size_t i), void *ctx);

/* The number of online processors (at least 1), the default for -j. */
int pool_cores(void);

#endif
