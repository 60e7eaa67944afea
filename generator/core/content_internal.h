/* content_internal.h - what content.c (the site: config, data, tree) and pageload.c (the page
 * files) share; nothing else includes it. */
#ifndef IMPRINT_CONTENT_INTERNAL_H
#define IMPRINT_CONTENT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/content.h"
#include "util/fsutil.h"

/* The value of key in map, when it has the type t: *out (NULL when missing or null). A
 * missing required key or a wrong type is an error at its position. 0 or -1. */
int content_expect(const value *map, const char *key, val_type t, bool required, const char *file,
                   const value **out, err_list *errs);
/* Sets p's section, slug, URL and output path from its source path and front matter. */
void content_place(site *s, page *p);
/* Appends p to s->pages (capacity *cap). */
void content_add_page(site *s, page *p, size_t *cap);
/* Reads the page files among files (paths under content_dir; on `jobs` threads; with fc, only
 * those without a record, core/content.h) and makes their pages, in file order, drafts left
 * out. 0 or -1 with the errors of every page. */
int content_load_pages(site *s, const char *content_dir, const fs_list *files, int jobs,
                       const front_cache *fc, size_t *cap, err_list *errs);

#endif
