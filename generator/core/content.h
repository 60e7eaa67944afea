/* content.h - loads a site folder: site.yaml, data files, and the Markdown pages with front matter.
 */
#ifndef IMPRINT_CONTENT_H
#define IMPRINT_CONTENT_H

#include "util/err.h"
#include "core/model.h"

/* Loads SITE_DIR/content: the config (content/site.yaml), every data file
 * (content/data/ *.yaml, tables validated), every page's front matter
 * (content/ **.md) and the languages of fenced code (layouts/highlight/ of
 * the site and the theme, core/highlight.h), builds the section tree and orders it (weight, then
 * title). The Markdown bodies are parsed later, one page at a time
 * (site_page_parse), so a large site never holds every tree at once. Drafts
 * are skipped; a missing home page or section index is made up (see
 * page.implicit). Page files are read on `jobs` threads. Reports every problem
 * it finds as file:line:col, not just the first, in a stable order. Returns
 * the site (free with site_free) or NULL when any error was added to errs.
 * theme_dir: the built-in theme (core/theme.h) whose layouts and assets stand
 * in for those the site lacks; NULL for none. */
site *site_load(const char *dir, const char *theme_dir, int jobs, err_list *errs);

/* 0 when dir is a site folder (it has content/); -1 with an error that says
 * so and how to start one. site_load checks it first. */
int site_check_folder(const char *dir, err_list *errs);
void site_free(site *s);

/* Parses p's Markdown (if not parsed yet): sets p->doc, p->toc and
 * p->summary, resolves relative .md and file links to site URLs and checks
 * its directives. Touches only p, so different pages parse on different
 * threads at once. Returns 0, or -1 with file:line:col errors. */
int site_page_parse(const site *s, page *p, err_list *errs);
/* Frees what site_page_parse made (p->doc, p->toc, p->summary). */
void site_page_release(page *p);

/* The data table called name, or NULL. */
const dtable *site_table(const site *s, const char *name);
/* The `site` map every template sees, website and reports alike: site.yaml's
 * keys, base_url (without trailing slash), build_date ("YYYY-MM-DD", UTC) and
 * year, allocated from a. The website adds its sections, reports their
 * defaults. The config's values are shared, not copied. */
value *site_context_map(arena *a, const site *s);
/* site_table as a dtable_lookup_fn: ctx is the (const) site. */
const dtable *site_table_lookup(void *ctx, const char *name);
/* The page whose source path (relative to content/) is src, or NULL. */
page *site_page_by_src(const site *s, const char *src);
/* The page whose URL is url ("/guide/" or "/guide/benchmarks/"), or NULL. */
page *site_page_by_url(const site *s, const char *url);

/* Splits a page file into front matter and body. On success sets the front
 * matter span (*fm, *fm_len; *fm_line its first line) -- empty when the file
 * has none -- and the body span with *body_line. Returns 0, or -1 with an
 * error (front matter not closed). A UTF-8 byte order mark at the start is
 * skipped. */
int content_split(const char *text, size_t len, const char *file, const char **fm, size_t *fm_len,
                  int *fm_line, const char **body, size_t *body_len, int *body_line,
                  err_list *errs);

#endif
