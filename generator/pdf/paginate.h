/* paginate.h - breaks a flow into pages, honouring keeps, chapter breaks and table headers.
 * Reads the flow only (and writes the caller's arrays): safe on any thread. */
#ifndef IMPRINT_PDF_PAGINATE_H
#define IMPRINT_PDF_PAGINATE_H

#include "pdf/flow.h"

/* One page of the flow. */
typedef struct pg_page {
    size_t first, end;   /* items [first, end) on this page */
    long header;         /* a table header item repeated at the top, or -1 */
    const char *chapter; /* running header: the chapter this page is in (NULL before any) */
} pg_page;

/* Places items into pages of height body_h. ys (room for f->nitems) receives
 * item i's top within its page's text block (after any repeated header).
 * Breaks happen where keep_with_next allows; a chain of kept items longer
 * than a page is broken before the item that does not fit. An item taller
 * than a page is an error at `file` (nothing is ever drawn past the
 * margins). Returns the number of pages, with the array in *pages (malloc'd:
 * the caller frees it), or 0 with an error. */
size_t paginate(const flow *f, double body_h, double *ys, pg_page **pages, err_list *errs,
                const char *file);

/* Balances chapter ends: where a chapter's last page holds fewer than
 * min_items items and the page before belongs to the same chapter, that page
 * ends earlier (at an allowed break) so the last page gets at least
 * min_items, as long as everything still fits. Updates pages and ys. */
void paginate_balance(const flow *f, double body_h, double *ys, pg_page *pages, size_t np,
                      size_t min_items);

#endif
