/* content.h - loads a site folder: site.yaml, data files, and the Markdown pages with front matter. */
#ifndef IMPRINT_CONTENT_H
#define IMPRINT_CONTENT_H

#include "err.h"
#include "model.h"

/* Loads SITE_DIR/content: the config (content/site.yaml), every data file
 * (content/data/ *.yaml, tables validated), and every page (content/ **.md,
 * front matter validated, Markdown parsed, relative .md links resolved to page
 * URLs), builds the section tree and orders it (weight, then title). Drafts
 * are skipped. Reports every problem it finds as file:line:col, not just the
 * first. Returns the site (free with site_free) or NULL when any error was
 * added to errs. */
site *site_load(const char *dir, err_list *errs);
void site_free(site *s);

/* The data table called name, or NULL. */
const dtable *site_table(const site *s, const char *name);
/* The page whose source path (relative to content/) is src, or NULL. */
page *site_page_by_src(const site *s, const char *src);
/* The page whose URL is url ("/guide/" or "/guide/benchmarks/"), or NULL. */
page *site_page_by_url(const site *s, const char *url);

/* Splits a page file into front matter and body. On success sets the front
 * matter span (*fm, *fm_len; *fm_line its first line) -- empty when the file
 * has none -- and the body span with *body_line. Returns 0, or -1 with an
 * error (front matter not closed). */
int content_split(const char *text, size_t len, const char *file, const char **fm, size_t *fm_len,
                  int *fm_line, const char **body, size_t *body_len, int *body_line, err_list *errs);

#endif
