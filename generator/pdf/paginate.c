/* paginate.c - first-fit page breaking with backtracking to the last allowed break, and
 * footnotes at the foot of the page whose body references them.
 *
 * Items are stacked until one does not fit; the page then ends at the latest
 * point before it where keep_with_next allows a break (so a heading never
 * ends a page, a paragraph never leaves one line behind or carries one line
 * over, and a table header stays with its first rows).
 *
 * Footnotes follow TeX's insertions, simplified: a page's notes sit at the
 * bottom of its text block, under a rule, and the body ends higher by their
 * height. A line that references notes first goes on a page only with them;
 * when they do not fit whole, the last one is split after the latest of its
 * lines that fits where its own keeps allow (so a note too long for the
 * space left starts on its reference's page), and its rest opens the next
 * page's foot, before that page's own notes. Otherwise the line moves on. The
 * foot as it stood before each item is kept, so backing up to an earlier
 * break takes back the notes of the items it moves off the page. */
#include "pdf/paginate.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>

#define SLACK 0.01 /* rounding: a block that fits to a hundredth of a point fits */

/* The notes of the page being filled. */
typedef struct foot_state {
    size_t n;          /* entries in the foot list so far (every page's) */
    double h;          /* height of this page's notes (without PG_FOOT_SKIP), 0 when none */
    int carry;         /* a note split on this page, continued on the next, or 0 */
    size_t carry_from; /* its first item not on this page */
} foot_state;

typedef struct pager {
    const flow *f;
    double body_h;
    double *ys;
    pg_page *pages;
    size_t np, cap;
    size_t *foot; /* every page's note items, page after page */
    size_t capfoot;
    size_t foot0;      /* the current page's first entry in foot */
    foot_state fs;     /* the current page's foot */
    foot_state *saved; /* for each body item placed: the foot before it */
    err_list *errs;
    const char *file;
} pager;

static void push(pager *p, pg_page pg)
{
    if (p->np == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->pages = xrealloc(p->pages, p->cap * sizeof *p->pages);
    }
    p->pages[p->np++] = pg;
}

/* Adds note item q at the bottom of the page's foot. */
static void foot_add(pager *p, size_t q)
{
    if (p->fs.n == p->capfoot) {
        p->capfoot = p->capfoot ? p->capfoot * 2 : 16;
        p->foot = xrealloc(p->foot, p->capfoot * sizeof *p->foot);
    }
    const flow_item *it = &p->f->items[q];
    p->fs.h += (p->fs.n == p->foot0 ? 0 : it->space_before) + it->height;
    p->foot[p->fs.n++] = q;
}

static void foot_add_note(pager *p, int id)
{
    const flow_note *n = &p->f->notes[id - 1];
    for (size_t q = n->first; q < n->end; q++)
        foot_add(p, q);
}

/* True when a body ending at y and notes of height h fit in the page. */
static bool fits(const pager *p, double y, double h)
{
    return y + (h > 0 ? PG_FOOT_SKIP + h : 0) <= p->body_h + SLACK;
}

/* Adds the notes of body item k, whose bottom would be at y, to the foot.
 * Returns false, the foot unchanged, when the item cannot go on this page.
 * opens: k is the page's first body item (a note may then split anywhere). */
static bool place_notes(pager *p, size_t k, double y, bool opens)
{
    const flow *f = p->f;
    int id = f->items[k].ref, last = id;
    if (!id)
        return fits(p, y, p->fs.h);
    if (p->fs.carry)
        return false; /* a note was split here: the foot is full */
    foot_state start = p->fs;
    for (int n = id; n; n = f->notes[n - 1].next)
        foot_add_note(p, last = n);
    if (fits(p, y, p->fs.h))
        return true;
    /* split the last: the latest of its lines that fits and may end its part on this page */
    p->fs = start;
    for (int n = id; n != last; n = f->notes[n - 1].next)
        foot_add_note(p, n);
    const flow_note *ln = &f->notes[last - 1];
    foot_state whole = p->fs;
    size_t kept = 0, any = 0; /* where the part may end: keeps allowing, anywhere */
    for (size_t q = ln->first; q + 1 < ln->end; q++) {
        foot_add(p, q);
        if (!fits(p, y, p->fs.h))
            break;
        any = q + 1;
        if (!f->items[q].keep_with_next)
            kept = q + 1;
    }
    size_t cut = kept ? kept : opens ? any : 0;
    p->fs = cut ? whole : start;
    if (!cut)
        return false;
    for (size_t q = ln->first; q < cut; q++)
        foot_add(p, q);
    p->fs.carry = last;
    p->fs.carry_from = cut;
    return true;
}

/* The latest break before body item k, after the page's first body item i,
 * that keep_with_next allows (note items do not count); k when the page is
 * one chain of kept items. */
static size_t back_up(const flow *f, size_t i, size_t k)
{
    size_t j = k, q;
    for (;;) {
        q = j - 1;
        while (f->items[q].note)
            q--;
        if (q == i || !f->items[q].keep_with_next)
            break;
        j = q;
    }
    return f->items[q].keep_with_next ? k : j;
}

/* Stacks body items from i onto the page pg (after its repeated header and
 * the notes carried to it) with their notes. Returns where the page's body
 * ends, or SIZE_MAX with an error (an item that fits on no page). */
static size_t fill_page(pager *p, size_t i, const pg_page *pg)
{
    const flow *f = p->f;
    double y = pg->header >= 0 ? f->items[pg->header].height : 0;
    bool carried = p->fs.n > p->foot0, any = false;
    size_t k = i;
    for (; k < f->nitems; k++) {
        const flow_item *it = &f->items[k];
        if (it->note)
            continue;
        if (it->break_before && (any || carried))
            break; /* a chapter starts a page; notes carried over do not cross it */
        double sb = any ? it->space_before : 0, bottom = y + sb + it->height;
        p->saved[k] = p->fs;
        if (bottom <= p->body_h + SLACK && place_notes(p, k, bottom, !any)) {
            p->ys[k] = y + sb;
            y = bottom;
            any = true;
            continue;
        }
        if (!any && !carried) {
            const char *file = it->file ? it->file : p->file;
            if (bottom > p->body_h + SLACK)
                err_add(p->errs, file, it->line, it->line ? 1 : 0,
                        "a block is taller than the page (%.0f pt of %.0f pt)", it->height,
                        p->body_h);
            else
                err_add(p->errs, file, it->line, it->line ? 1 : 0,
                        "a line and the first line of its footnote are taller than the page");
            return SIZE_MAX;
        }
        if (any)
            k = back_up(f, i, k);
        p->fs = p->saved[k];
        break;
    }
    return k;
}

/* Starts a page's foot with the rest of the note split on the page before. */
static void start_foot(pager *p)
{
    int carry = p->fs.carry;
    p->foot0 = p->fs.n;
    p->fs.h = 0;
    p->fs.carry = 0;
    if (carry)
        for (size_t q = p->fs.carry_from; q < p->f->notes[carry - 1].end; q++)
            foot_add(p, q);
}

/* Gives page pg its foot and the foot's items their ys (the foot ends at body_h). */
static void end_foot(pager *p, pg_page *pg)
{
    pg->foot = p->foot0;
    pg->nfoot = p->fs.n - p->foot0;
    pg->foot_h = pg->nfoot ? PG_FOOT_SKIP + p->fs.h : 0;
    double y = p->body_h - p->fs.h;
    for (size_t e = p->foot0; e < p->fs.n; e++) {
        const flow_item *it = &p->f->items[p->foot[e]];
        double sb = e == p->foot0 ? 0 : it->space_before;
        p->ys[p->foot[e]] = y + sb;
        y += sb + it->height;
    }
}

/* Every note placed at a foot fits on a page with the rule. Returns 0, or -1
 * with an error for each that does not. */
static int notes_fit(const pager *p)
{
    const flow *f = p->f;
    int rc = 0;
    for (size_t n = 0; n < f->nnotes; n++) {
        const flow_note *nt = &f->notes[n];
        if (nt->end <= nt->first || !f->items[nt->first].note)
            continue;
        double h = 0;
        for (size_t q = nt->first; q < nt->end; q++)
            h += (q == nt->first ? 0 : f->items[q].space_before) + f->items[q].height;
        if (PG_FOOT_SKIP + h > p->body_h + SLACK) {
            const flow_item *it = &f->items[nt->first];
            err_add(p->errs, it->file ? it->file : p->file, it->line, it->line ? 1 : 0,
                    "a footnote is taller than the page (%.0f pt of %.0f pt)", PG_FOOT_SKIP + h,
                    p->body_h);
            rc = -1;
        }
    }
    return rc;
}

/* The chapter page pg (body items [i, k)) runs under: the one it starts, or
 * the one before. Returns the chapter the next page continues. */
static const char *chapters(const flow *f, pg_page *pg, size_t i, size_t k)
{
    for (size_t q = i; q < k; q++)
        if (f->items[q].chapter) {
            if (q == i)
                pg->chapter = f->items[q].chapter;
            break;
        }
    for (size_t q = k; q-- > 0;)
        if (f->items[q].chapter)
            return f->items[q].chapter;
    return NULL;
}

size_t paginate(const flow *f, double body_h, double *ys, pg_page **out, size_t **foot,
                err_list *errs, const char *file)
{
    pager p = {.f = f, .body_h = body_h, .ys = ys, .errs = errs, .file = file};
    p.saved = xmalloc((f->nitems + 1) * sizeof *p.saved);
    const char *chapter = NULL;
    size_t i = 0;
    int rc = notes_fit(&p);
    while (rc == 0) {
        while (i < f->nitems && f->items[i].note)
            i++;
        if (i >= f->nitems && !p.fs.carry)
            break;
        pg_page pg = {i, i, -1, chapter, 0, 0, 0};
        start_foot(&p);
        if (i < f->nitems && f->items[i].header >= 0)
            pg.header = f->items[i].header;
        size_t k = fill_page(&p, i, &pg);
        if (k == SIZE_MAX) {
            rc = -1;
            break;
        }
        pg.end = k;
        if (k == i)
            pg.header = -1; /* a page of notes carried over: no table header alone */
        chapter = chapters(f, &pg, i, k);
        end_foot(&p, &pg);
        push(&p, pg);
        i = k;
    }
    free(p.saved);
    if (rc != 0) {
        free(p.pages);
        free(p.foot);
        p.pages = NULL, p.foot = NULL, p.np = 0;
    }
    *out = p.pages;
    *foot = p.foot;
    return p.np;
}

/* Stacks the body items of [first, end) from the top (after a repeated
 * header); returns the height used, writing positions to ys. */
static double stack(const flow *f, size_t first, size_t end, long header, double *ys)
{
    double y = header >= 0 ? f->items[header].height : 0;
    bool top = true;
    for (size_t k = first; k < end; k++) {
        if (f->items[k].note)
            continue;
        double sb = top ? 0 : f->items[k].space_before;
        ys[k] = y + sb;
        y += sb + f->items[k].height;
        top = false;
    }
    return y;
}

static size_t body_items(const flow *f, size_t first, size_t end)
{
    size_t n = 0;
    for (size_t k = first; k < end; k++)
        n += !f->items[k].note;
    return n;
}

void paginate_balance(const flow *f, double body_h, double *ys, pg_page *pages, size_t np,
                      size_t min_items)
{
    for (size_t p = 1; p < np; p++) {
        pg_page *last = &pages[p], *prev = &pages[p - 1];
        if (prev->nfoot || last->nfoot)
            continue; /* moving lines would move their notes too */
        bool chapter_end = p + 1 == np || (pages[p + 1].first < f->nitems &&
                                           f->items[pages[p + 1].first].break_before);
        size_t have = body_items(f, last->first, last->end);
        if (!chapter_end || f->items[last->first].break_before || have >= min_items)
            continue;
        /* the latest allowed break that moves at least min_items - have items */
        size_t moved = 0;
        for (size_t j = prev->end; j-- > prev->first + 2;) {
            if (f->items[j].note || ++moved < min_items - have)
                continue;
            size_t q = j - 1;
            while (f->items[q].note)
                q--;
            if (f->items[q].keep_with_next)
                continue;
            long header = f->items[j].header;
            if (stack(f, j, last->end, header, ys) <= body_h + SLACK) {
                prev->end = j;
                last->first = j;
                last->header = header;
            } else {
                /* the trial wrote positions for items [j, prev->end) too: put both pages back */
                stack(f, prev->first, prev->end, prev->header, ys);
                stack(f, last->first, last->end, last->header, ys);
            }
            break;
        }
    }
}
