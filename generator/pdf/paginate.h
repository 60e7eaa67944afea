/* paginate.h - breaks a flow into pages, honouring keeps, chapter breaks, table headers and
 * footnotes at the foot of the page that references them.
 * Reads the flow only (and writes the caller's arrays): safe on any thread. */
#ifndef IMPRINT_PDF_PAGINATE_H
#define IMPRINT_PDF_PAGINATE_H

#include "pdf/flow.h"

/* The space between a page's body and its first footnote, with the rule in it
 * PG_FOOT_RULE below the space's top. */
#define PG_FOOT_SKIP 14.0
#define PG_FOOT_RULE 7.0

/* One page of the flow. */
typedef struct pg_page {
    size_t first, end;   /* items [first, end) in the body (the note items among them are not) */
    long header;         /* a table header item repeated at the top, or -1 */
    const char *chapter; /* running header: the chapter this page is in (NULL before any) */
    size_t foot, nfoot;  /* the note items at its foot: foot[foot .. foot + nfoot) */
    double foot_h;       /* the foot's height (PG_FOOT_SKIP and the notes), 0 without notes */
} pg_page;

/* Places items into pages of height body_h. ys (room for f->nitems) receives
 * each item's top within its page's text block (a body item's after any
 * repeated header; a note item's in the foot, which ends at body_h).
 * Breaks happen where keep_with_next allows; a chain of kept items longer
 * than a page is broken before the item that does not fit.
 *
 * Footnotes: items with `note` set are not stacked in the body; a body item
 * whose `ref` names notes goes on a page only with them at its foot (under a
 * rule, PG_FOOT_SKIP below the body), in order after the notes already there.
 * When they do not fit whole, the last is split after the latest of its lines
 * that fits and that keep_with_next allows (at least one line stays; any line
 * when the item opens its page); failing that, the item moves to the next
 * page. The rest of a split note opens the next page's foot, or a page of its
 * own before a chapter break. Backing up to an earlier break takes back the
 * notes of the items it moves.
 *
 * An item, or a note, taller than a page is an error at its file (or at
 * `file`): nothing is ever drawn past the margins. Returns the number of
 * pages, with the array in *pages and the pages' note items in *foot (both
 * malloc'd, the caller frees them; *foot may be NULL), or 0 with an error. */
size_t paginate(const flow *f, double body_h, double *ys, pg_page **pages, size_t **foot,
                err_list *errs, const char *file);

/* Balances chapter ends: where a chapter's last page holds fewer than
 * min_items items and the page before belongs to the same chapter, that page
 * ends earlier (at an allowed break) so the last page gets at least
 * min_items, as long as everything still fits. Pages with footnotes at their
 * foot are left as they are. Updates pages and ys. */
void paginate_balance(const flow *f, double body_h, double *ys, pg_page *pages, size_t np,
                      size_t min_items);

#endif
