/* linkcheck.h - an index of built files, their element ids and their links, checked at the end. */
#ifndef IMPRINT_LINKCHECK_H
#define IMPRINT_LINKCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* Collects every output file and, for HTML files, their ids and internal
 * links; then checks that each link points at a file that exists and, with a
 * #fragment, at an id in it. Not thread safe: one index per build, fed from
 * one thread (or merged). */
typedef struct link_index link_index;

link_index *link_index_new(void);
void link_index_free(link_index *ix);

/* Records a built file (path relative to the site root, "guide/x/index.html").
 * For HTML pass its text to record ids and links; NULL for other files.
 * `source` is the file that produced it (a content page or a layout),
 * `source_text` the part of it that holds links (used to find the line of a
 * broken link; may be NULL) and `line0` the file line source_text starts on. */
void link_index_add(link_index *ix, const char *path, const char *html, size_t len,
                    const char *source, const char *source_text, int line0);

/* Reserves n entries for link_index_set and returns the first one's slot. */
size_t link_index_reserve(link_index *ix, size_t n);
/* Fills a reserved slot, as link_index_add would append. Different slots may
 * be filled from different threads at once (after the reserve). */
void link_index_set(link_index *ix, size_t slot, const char *path, const char *html, size_t len,
                    const char *source, const char *source_text, int line0);

/* Fills a reserved slot from lists kept from an earlier build. The lists are borrowed, not
 * copied: they must stay as they are until the index is freed. */
void link_index_set_lists(link_index *ix, size_t slot, const char *path, const char *source,
                          char *const *ids, size_t nids, char *const *links, size_t nlinks);
/* The ids and links recorded in a slot (owned by the index, valid until it is freed). */
void link_index_lists(const link_index *ix, size_t slot, char *const **ids, size_t *nids,
                      char *const **links, size_t *nlinks);

/* Marks the links of a slot as checked already: link_index_check does not look at them (the
 * file stays a target for others'). For a page kept from the last build when nothing its links
 * lead to changed. */
void link_index_trust(link_index *ix, size_t slot);

/* Checks every recorded link (but those of trusted slots). Each broken one adds
 * "source:line:col: broken link 'href' in /page: why; did you mean 'x'?" to
 * errs (the suggestion when a page or, for a missing anchor, an id of the
 * target page is close), as a warning when warn. Returns the count. */
size_t link_index_check(link_index *ix, bool warn, err_list *errs);

#endif
