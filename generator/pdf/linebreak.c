/* linebreak.c - greedy (first-fit) line breaking over boxes, glue and penalties.
 *
 * Each line takes items while their natural width fits; a break is legal at
 * glue that follows a box, and at a penalty below LB_INFINITY. A forced
 * penalty always ends the line. The adjustment ratio is computed the Knuth–
 * Plass way so justification can stretch or shrink the glue of each line. */
#include "linebreak.h"
#include "../xalloc.h"

#include <stdint.h>
#include <stdlib.h>

static void push(lb_line **lines, size_t *n, size_t *cap, lb_line l)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *lines = xrealloc(*lines, *cap * sizeof **lines);
    }
    (*lines)[(*n)++] = l;
}

/* Skips glue and non-forced penalties at the start of a line. */
static size_t skip_discardable(const lb_item *items, size_t i, size_t n)
{
    while (i < n && (items[i].type == LB_GLUE ||
                     (items[i].type == LB_PENALTY && items[i].penalty > -LB_INFINITY)))
        i++;
    return i;
}

static bool legal_break(const lb_item *items, size_t i)
{
    if (items[i].type == LB_GLUE)
        return i > 0 && items[i - 1].type == LB_BOX;
    return items[i].type == LB_PENALTY && items[i].penalty < LB_INFINITY;
}

/* Totals of items [start, end): natural width, stretch, shrink. */
static void measure(const lb_item *items, size_t start, size_t end, double *w, double *st, double *sh)
{
    *w = *st = *sh = 0;
    for (size_t i = start; i < end; i++) {
        if (items[i].type == LB_BOX)
            *w += items[i].width;
        else if (items[i].type == LB_GLUE) {
            *w += items[i].width;
            *st += items[i].stretch;
            *sh += items[i].shrink;
        }
    }
}

static lb_line make_line(const lb_item *items, size_t n, size_t start, size_t end, double line_width,
                         bool last)
{
    double w, st, sh;
    measure(items, start, end, &w, &st, &sh);
    if (end < n && items[end].type == LB_PENALTY)
        w += items[end].width;
    lb_line l = {start, end, 0, false};
    if (w < line_width)
        l.ratio = last ? 0 : (st > 0 ? (line_width - w) / st : 0);
    else if (w > line_width) {
        l.ratio = sh > 0 ? (line_width - w) / sh : -2;
        l.overfull = l.ratio < -1;
        if (l.ratio < -1)
            l.ratio = -1;
    }
    return l;
}

size_t lb_break(const lb_item *items, size_t n, double line_width, lb_mode mode, lb_line **out)
{
    (void)mode;
    lb_line *lines = NULL;
    size_t nl = 0, cap = 0;
    size_t start = skip_discardable(items, 0, n);
    while (start < n) {
        if (start == n - 1 && items[start].type == LB_PENALTY)
            break; /* the paragraph's closing forced break after a full line */
        double w = 0, shrink = 0;
        size_t best = SIZE_MAX, i;
        for (i = start; i < n; i++) {
            const lb_item *it = &items[i];
            if (it->type == LB_PENALTY && it->penalty <= -LB_INFINITY) {
                best = i;
                break;
            }
            if (i > start && legal_break(items, i)) {
                double hyphen = it->type == LB_PENALTY ? it->width : 0;
                if (w + hyphen - shrink <= line_width)
                    best = i;
                else {
                    if (best == SIZE_MAX)
                        best = i; /* overfull: nothing shorter was possible */
                    break;
                }
            }
            if (it->type == LB_BOX)
                w += it->width;
            else if (it->type == LB_GLUE) {
                w += it->width;
                shrink += it->shrink;
            }
        }
        if (i == n)
            best = (w - shrink <= line_width || best == SIZE_MAX) ? n : best;
        bool last = best >= n || (items[best].type == LB_PENALTY && items[best].penalty <= -LB_INFINITY);
        push(&lines, &nl, &cap, make_line(items, n, start, best, line_width, last));
        start = skip_discardable(items, best < n ? best + 1 : n, n);
    }
    *out = lines;
    return nl;
}
