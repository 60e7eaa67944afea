/* paginate.c - first-fit page breaking with backtracking to the last allowed break.
 *
 * Items are stacked until one does not fit; the page then ends at the latest
 * point before it where keep_with_next allows a break (so a heading never
 * ends a page, a paragraph never leaves one line behind or carries one line
 * over, and a table header stays with its first rows). */
#include "paginate.h"
#include "../xalloc.h"

#include <stdlib.h>

static void push(pg_page **pages, size_t *n, size_t *cap, pg_page p)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *pages = xrealloc(*pages, *cap * sizeof **pages);
    }
    (*pages)[(*n)++] = p;
}

size_t paginate(const flow *f, double body_h, double *ys, pg_page **out, err_list *errs, const char *file)
{
    pg_page *pages = NULL;
    size_t np = 0, cap = 0;
    const char *chapter = NULL;
    size_t i = 0;
    while (i < f->nitems) {
        pg_page pg = {i, i, -1, chapter};
        double y = 0;
        const flow_item *it0 = &f->items[i];
        if (it0->header >= 0) {
            pg.header = it0->header;
            y = f->items[it0->header].height;
        }
        size_t k = i;
        for (; k < f->nitems; k++) {
            const flow_item *it = &f->items[k];
            if (it->break_before && k > i)
                break;
            double sb = k == i ? 0 : it->space_before;
            if (y + sb + it->height <= body_h + 0.01) {
                ys[k] = y + sb;
                y += sb + it->height;
                continue;
            }
            if (k == i) {
                err_add(errs, file, 0, 0, "a block is taller than the page (%.0f pt of %.0f pt)", it->height, body_h);
                free(pages);
                *out = NULL;
                return 0;
            }
            /* back up to the last item after which a break is allowed */
            size_t j = k;
            while (j > i + 1 && f->items[j - 1].keep_with_next)
                j--;
            if (j > i + 1 || !f->items[i].keep_with_next)
                k = j;
            break;
        }
        pg.end = k;
        /* the running header names the chapter the page starts in */
        for (size_t q = i; q < k; q++)
            if (f->items[q].chapter) {
                if (q == i)
                    pg.chapter = f->items[q].chapter;
                break;
            }
        push(&pages, &np, &cap, pg);
        /* chapter state follows the last chapter start placed */
        chapter = NULL;
        for (size_t q = k; q-- > 0;)
            if (f->items[q].chapter) {
                chapter = f->items[q].chapter;
                break;
            }
        i = k;
    }
    *out = pages;
    return np;
}
