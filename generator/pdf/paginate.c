/* paginate.c - first-fit page breaking with backtracking to the last allowed break.
 *
 * Items are stacked until one does not fit; the page then ends at the latest
 * point before it where keep_with_next allows a break (so a heading never
 * ends a page, a paragraph never leaves one line behind or carries one line
 * over, and a table header stays with its first rows). */
#include "pdf/paginate.h"
#include "util/xalloc.h"

#include <stdlib.h>

static void push(pg_page **pages, size_t *n, size_t *cap, pg_page p)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *pages = xrealloc(*pages, *cap * sizeof **pages);
    }
    (*pages)[(*n)++] = p;
}

size_t paginate(const flow *f, double body_h, double *ys, pg_page **out, err_list *errs,
                const char *file)
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
                err_add(errs, it->file ? it->file : file, it->line, it->line ? 1 : 0,
                        "a block is taller than the page (%.0f pt of %.0f pt)", it->height, body_h);
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

/* Stacks items [first, end) from the top (after a repeated header); returns
 * the height used, writing positions to ys. */
static double stack(const flow *f, size_t first, size_t end, long header, double *ys)
{
    double y = header >= 0 ? f->items[header].height : 0;
    for (size_t k = first; k < end; k++) {
        double sb = k == first ? 0 : f->items[k].space_before;
        ys[k] = y + sb;
        y += sb + f->items[k].height;
    }
    return y;
}

void paginate_balance(const flow *f, double body_h, double *ys, pg_page *pages, size_t np,
                      size_t min_items)
{
    for (size_t p = 1; p < np; p++) {
        pg_page *last = &pages[p], *prev = &pages[p - 1];
        bool chapter_end = p + 1 == np || f->items[pages[p + 1].first].break_before;
        if (!chapter_end || f->items[last->first].break_before ||
            last->end - last->first >= min_items)
            continue;
        size_t need = min_items - (last->end - last->first);
        /* the latest allowed break that moves at least `need` items */
        for (size_t j = prev->end - need; j > prev->first + 1; j--) {
            if (f->items[j - 1].keep_with_next)
                continue;
            long header = f->items[j].header;
            if (stack(f, j, last->end, header, ys) <= body_h + 0.01) {
                prev->end = j;
                last->first = j;
                last->header = header;
            } else
                stack(f, last->first, last->end, last->header, ys);
            break;
        }
    }
}
