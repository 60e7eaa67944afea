/* suggest.h - "did you mean": the nearest of some candidates by edit distance.
 * Pure functions: any thread may call them. */
#ifndef IMPRINT_SUGGEST_H
#define IMPRINT_SUGGEST_H

#include <stddef.h>

/* The candidate closest to word by edit distance (case-insensitive; a swap of
 * neighbours counts one), when it is close enough to be a likely typo (at most
 * a third of the longer word's letters, 1 to 3); else NULL. The result is one
 * of cands. */
const char *suggest_nearest(const char *word, const char *const *cands, size_t n);

#endif
