/* suggest.c - "did you mean": the nearest of some candidates by edit distance. */
#include "util/suggest.h"

#include <ctype.h>
#include <string.h>

#define MAX_WORD 64

/* Edit distance of a and b, ignoring ASCII case: insertions, deletions,
 * substitutions and swaps of neighbours each count one (optimal string
 * alignment). Words longer than MAX_WORD count as far apart. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > MAX_WORD || lb > MAX_WORD)
        return (size_t)-1;
    size_t rows[3][MAX_WORD + 1]; /* rows i-2, i-1, i (rotating) */
    for (size_t j = 0; j <= lb; j++)
        rows[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t *cur = rows[i % 3], *prev = rows[(i - 1) % 3], *pp = rows[(i + 1) % 3];
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            size_t best = prev[j - 1] + (ca != cb);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && pp[j - 2] + 1 < best)
                best = pp[j - 2] + 1;
            cur[j] = best;
        }
    }
    return rows[la % 3][lb];
}

const char *suggest_nearest(const char *word, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t d = distance(word, cands[i]);
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    if (!best)
        return NULL;
    size_t longer = strlen(word) > strlen(best) ? strlen(word) : strlen(best);
    size_t limit = longer / 3 > 3 ? 3 : longer / 3;
    if (limit < 1)
        limit = 1;
    return best_d <= limit ? best : NULL;
}
