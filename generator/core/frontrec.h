/* frontrec.h - a page's loaded front matter as bytes, kept between builds.
 *
 * An incremental build (site/cache.h) keeps, for every page file it loaded, what loading it
 * produced: the front matter's values with their positions, where the body starts, and the
 * warnings loading gave. When the file is unchanged the next build restores the page from the
 * record instead of reading and parsing the file again; its body is read only if the page is
 * rendered (site_page_parse). The format is private to this file and changes with imprint
 * (the build cache is only read by the build that wrote it). */
#ifndef IMPRINT_FRONTREC_H
#define IMPRINT_FRONTREC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "util/buf.h"
#include "util/err.h"

/* Appends to out the record of p as loaded from its file: p->front (values and positions),
 * p->body_off, body_len and body_line, and the problems in warns (those loading found in the
 * file's own text: unknown front-matter keys). */
void front_encode(const page *p, const err_list *warns, buf *out);

/* Restores from rec[0..len) (a record front_encode wrote) p->front, allocated from a with
 * positions in p->file, and p->body_off, body_len and body_line; appends the record's problems
 * to warns. False when the record is damaged or truncated: p->front is then NULL and warns
 * unchanged (load the page from its file). Nesting is bounded like the YAML loader's. */
bool front_decode(arena *a, const char *rec, size_t len, page *p, err_list *warns);

#endif
