/* linebreak.c - line breaking over boxes, glue and penalties: greedy and Knuth–Plass.
 *
 * Greedy: each line takes items while their natural width fits.
 *
 * Optimal (D. E. Knuth and M. F. Plass, "Breaking Paragraphs into Lines",
 * Software—Practice and Experience 11, 1981): every legal breakpoint that
 * could end a line within tolerance becomes an active node; for each new
 * breakpoint the best predecessor is the one with the least total demerits,
 * where a line's demerits are (l + b)^2 plus the penalty squared (or minus it
 * when negative), b = 100 |r|^3 is its badness from the adjustment ratio r,
 * plus extra demerits for two flagged (hyphen) breaks in a row and for lines
 * whose tightness class differs by more than one from the previous line's.
 * A node also records how many hyphenated lines end in a row, so a third is
 * never chosen. A break is legal at glue that follows a box and at a penalty
 * below LB_INFINITY; a forced penalty always ends a line. */
#include "pdf/linebreak.h"
#include "util/xalloc.h"

#include <math.h>
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
static void measure(const lb_item *items, size_t start, size_t end, double *w, double *st,
                    double *sh)
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

static lb_line make_line(const lb_item *items, size_t n, size_t start, size_t end,
                         double line_width, bool last)
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

static size_t greedy(const lb_item *items, size_t n, double line_width, lb_line **out)
{
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
        bool last =
            best >= n || (items[best].type == LB_PENALTY && items[best].penalty <= -LB_INFINITY);
        push(&lines, &nl, &cap, make_line(items, n, start, best, line_width, last));
        start = skip_discardable(items, best < n ? best + 1 : n, n);
    }
    *out = lines;
    return nl;
}

/* ---- Knuth–Plass ---- */

#define LINE_PENALTY 10.0
#define FLAGGED_DEMERITS 3000.0
#define FITNESS_DEMERITS 100.0
#define FINAL_HYPHEN_DEMERITS 5000.0
#define MAX_HYPHEN_RUN 2

typedef struct kp_node {
    size_t pos;  /* the break item (n for the paragraph's start sentinel) */
    size_t line; /* lines before this break */
    int fitness; /* tightness class 0 (tight) .. 3 (very loose) of the line ending here */
    int hyphens; /* hyphenated lines ending in a row at this break */
    double total_w, total_st, total_sh; /* sums after this break (for the next line's width) */
    double demerits;                    /* total demerits up to here */
    long prev; /* index of the previous node in the arena, -1 at the start */
    bool active;
} kp_node;

typedef struct kp {
    kp_node *nodes;
    size_t n, cap;
    size_t *active; /* indices of the active nodes: each break weighs only these, so a
                       paragraph costs time in its length, not in its length squared */
    size_t nactive, capactive;
    size_t tries; /* lines weighed (kp_try calls): the work done, for lb_break_counted */
} kp;

static long kp_add(kp *k, kp_node nd)
{
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 64;
        k->nodes = xrealloc(k->nodes, k->cap * sizeof *k->nodes);
    }
    if (k->nactive == k->capactive) {
        k->capactive = k->capactive ? k->capactive * 2 : 64;
        k->active = xrealloc(k->active, k->capactive * sizeof *k->active);
    }
    k->nodes[k->n] = nd;
    k->active[k->nactive++] = k->n;
    return (long)k->n++;
}

static int fitness_of(double r)
{
    if (r < -0.5)
        return 0;
    if (r <= 0.5)
        return 1;
    if (r <= 1)
        return 2;
    return 3;
}

/* Sums of widths, stretch and shrink after a break at i: skip the glue and
 * non-forced penalties that a line start discards. */
static void after_break(const lb_item *items, size_t n, size_t i, double *w, double *st, double *sh,
                        const double *cw, const double *cst, const double *csh)
{
    size_t j = i;
    /* the break item itself is consumed; then following glue/penalties */
    for (j = i + (i < n ? 1 : 0); j < n; j++) {
        if (items[j].type == LB_BOX ||
            (items[j].type == LB_PENALTY && items[j].penalty <= -LB_INFINITY && j > i))
            break;
    }
    *w = cw[j];
    *st = cst[j];
    *sh = csh[j];
}

/* Prefix sums over the items: w[i], st[i] and sh[i] are the widths, stretch
 * and shrink of the items [0, i) that count in a line. */
typedef struct kp_sums {
    double *w, *st, *sh;
} kp_sums;

static kp_sums kp_sums_new(const lb_item *items, size_t n)
{
    kp_sums s = {xmalloc((n + 1) * sizeof *s.w), xmalloc((n + 1) * sizeof *s.st),
                 xmalloc((n + 1) * sizeof *s.sh)};
    s.w[0] = s.st[0] = s.sh[0] = 0;
    for (size_t i = 0; i < n; i++) {
        s.w[i + 1] = s.w[i] + (items[i].type == LB_PENALTY ? 0 : items[i].width);
        s.st[i + 1] = s.st[i] + (items[i].type == LB_GLUE ? items[i].stretch : 0);
        s.sh[i + 1] = s.sh[i] + (items[i].type == LB_GLUE ? items[i].shrink : 0);
    }
    return s;
}

static void kp_sums_free(kp_sums *s)
{
    free(s->w);
    free(s->st);
    free(s->sh);
}

/* The best way found so far to reach a break, per fitness class. */
typedef struct kp_best {
    double d[4];  /* total demerits */
    long prev[4]; /* the node the line starts at, -1 for none */
    int h[4];     /* hyphenated lines in a row */
} kp_best;

/* Weighs the line from node a to the break at item i (pw: the penalty's
 * width) and keeps it in best when it beats the others of its fitness
 * class. A node from which the line is already too long is deactivated. */
static void kp_try(const kp_sums *s, kp *k, size_t a, const lb_item *it, size_t i, double width,
                   double tolerance, kp_best *best)
{
    kp_node *nd = &k->nodes[a];
    k->tries++;
    bool forced = it->type == LB_PENALTY && it->penalty <= -LB_INFINITY;
    bool flagged = it->type == LB_PENALTY && it->flagged;
    double w = s->w[i] - nd->total_w + (it->type == LB_PENALTY ? it->width : 0);
    double r;
    if (w < width) {
        double st = s->st[i] - nd->total_st;
        r = st > 0 ? (width - w) / st : 1e9;
    } else if (w > width) {
        double sh = s->sh[i] - nd->total_sh;
        r = sh > 0 ? (width - w) / sh : -1e9;
    } else
        r = 0;
    if (r < -1) {
        /* the line from nd is too long from here on: nd can no longer start a line */
        nd->active = false;
        return;
    }
    if (r > tolerance && !forced)
        return;
    if (forced && r > tolerance) {
        /* the last line is set with its fill glue; a short last line is fine */
        if (s->st[i] - nd->total_st < 1e5)
            return;
        r = 0;
    }
    double b = 100 * fabs(r) * fabs(r) * fabs(r);
    double d = (LINE_PENALTY + b) * (LINE_PENALTY + b);
    if (it->type == LB_PENALTY && it->penalty >= 0)
        d += it->penalty * it->penalty;
    else if (it->type == LB_PENALTY && it->penalty > -LB_INFINITY)
        d -= it->penalty * it->penalty;
    int h = flagged ? nd->hyphens + 1 : 0;
    if (h > MAX_HYPHEN_RUN)
        return;
    if (flagged && nd->hyphens > 0)
        d += FLAGGED_DEMERITS;
    if (forced && nd->hyphens > 0)
        d += FINAL_HYPHEN_DEMERITS;
    int fit = fitness_of(r);
    if (nd->pos != SIZE_MAX && abs(fit - nd->fitness) > 1)
        d += FITNESS_DEMERITS;
    d += nd->demerits;
    if (d < best->d[fit]) {
        best->d[fit] = d;
        best->prev[fit] = (long)a;
        best->h[fit] = h;
    }
}

/* A legal break at item i: the best line to it from every active node, per
 * fitness class, becomes a new active node. */
static void kp_break_at(const kp_sums *s, kp *k, const lb_item *items, size_t n, size_t i,
                        double width, double tolerance)
{
    const lb_item *it = &items[i];
    kp_best best = {{1e300, 1e300, 1e300, 1e300}, {-1, -1, -1, -1}, {0}};
    for (size_t a = 0; a < k->nactive; a++)
        kp_try(s, k, k->active[a], it, i, width, tolerance, &best);
    /* nothing may reach past a forced break; the nodes kp_try deactivated go */
    bool forced = it->type == LB_PENALTY && it->penalty <= -LB_INFINITY;
    size_t kept = 0;
    for (size_t a = 0; a < k->nactive; a++) {
        if (forced)
            k->nodes[k->active[a]].active = false;
        if (k->nodes[k->active[a]].active)
            k->active[kept++] = k->active[a];
    }
    k->nactive = kept;
    double w, st, sh;
    after_break(items, n, i, &w, &st, &sh, s->w, s->st, s->sh);
    for (int fcls = 0; fcls < 4; fcls++) {
        if (best.prev[fcls] < 0)
            continue;
        kp_node nd = {i,
                      k->nodes[best.prev[fcls]].line + 1,
                      fcls,
                      best.h[fcls],
                      w,
                      st,
                      sh,
                      best.d[fcls],
                      best.prev[fcls],
                      true};
        kp_add(k, nd);
    }
}

/* The lines of the best path to the final break; their count, 0 when no
 * path reached it. */
static size_t kp_lines(const kp *k, const lb_item *items, size_t n, size_t first, double width,
                       lb_line **out)
{
    long best = -1;
    for (size_t a = 0; a < k->n; a++)
        if (k->nodes[a].pos == n - 1 &&
            (best < 0 || k->nodes[a].demerits < k->nodes[best].demerits))
            best = (long)a;
    if (best < 0)
        return 0;
    size_t lines = k->nodes[best].line;
    lb_line *res = xmalloc(lines * sizeof *res);
    long cur = best;
    for (size_t li = lines; li-- > 0;) {
        const kp_node *nd = &k->nodes[cur];
        const kp_node *pv = &k->nodes[nd->prev];
        size_t start = pv->pos == SIZE_MAX ? first : skip_discardable(items, pv->pos + 1, n);
        bool last = nd->pos == n - 1;
        res[li] = make_line(items, n, start, nd->pos, width, last);
        cur = nd->prev;
    }
    /* a forced break inside the paragraph ends its line unjustified */
    for (size_t li = 0; li < lines; li++)
        if (res[li].end < n && items[res[li].end].type == LB_PENALTY &&
            items[res[li].end].penalty <= -LB_INFINITY)
            res[li].ratio = res[li].ratio > 0 ? 0 : res[li].ratio;
    *out = res;
    return lines;
}

static size_t kp_break(const lb_item *items, size_t n, double width, double tolerance,
                       lb_line **out, size_t *work)
{
    kp_sums s = kp_sums_new(items, n);
    kp k = {0};
    /* the start: a virtual break before item 0 */
    size_t first = skip_discardable(items, 0, n);
    kp_add(&k, (kp_node){SIZE_MAX, 0, 1, 0, s.w[first], s.st[first], s.sh[first], 0, -1, true});
    for (size_t i = 0; i < n; i++) {
        const lb_item *it = &items[i];
        bool legal = (it->type == LB_GLUE && i > 0 && items[i - 1].type == LB_BOX) ||
                     (it->type == LB_PENALTY && it->penalty < LB_INFINITY);
        if (legal)
            kp_break_at(&s, &k, items, n, i, width, tolerance);
    }
    size_t nl = kp_lines(&k, items, n, first, width, out);
    *work += k.tries;
    free(k.nodes);
    free(k.active);
    kp_sums_free(&s);
    return nl;
}

size_t lb_break_counted(const lb_item *items, size_t n, double line_width, lb_mode mode,
                        lb_line **lines, size_t *work)
{
    size_t nl = 0, done = 0;
    if (mode == LB_OPTIMAL && n > 0 && items[n - 1].type == LB_PENALTY &&
        items[n - 1].penalty <= -LB_INFINITY) {
        static const double tolerances[] = {1.0, 2.0, 1000.0}; /* the last: an emergency pass */
        for (size_t t = 0; t < sizeof tolerances / sizeof *tolerances && !nl; t++)
            nl = kp_break(items, n, line_width, tolerances[t], lines, &done);
    }
    if (!nl)
        nl = greedy(items, n, line_width, lines);
    if (work)
        *work = done;
    return nl;
}

size_t lb_break(const lb_item *items, size_t n, double line_width, lb_mode mode, lb_line **lines)
{
    return lb_break_counted(items, n, line_width, mode, lines, NULL);
}
