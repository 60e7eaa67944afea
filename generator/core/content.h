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

/* Page records kept between builds (core/frontrec.h), which site_load_cached takes for the page
 * files that did not change. The build cache (site/cache.h) provides them. */
typedef struct front_cache {
    /* The record kept for content/REL when that file is unchanged since (*hash: the file's
     * content hash, never 0), or NULL. Called on the loading thread only. */
    const char *(*find)(void *ctx, const char *rel, size_t *len, uint64_t *hash);
    /* Keeps the record of content/REL for the next build (rec is copied). Called once for each
     * page file loaded, drafts too, in file order, on the loading thread. */
    void (*keep)(void *ctx, const char *rel, const char *rec, size_t len);
    void *ctx;
    long long newest; /* the newest modification time (seconds) of content/'s files when the
                         build looked at them (the build's date without SOURCE_DATE_EPOCH and
                         page dates), so that they are not looked at again; -1: not known */
} front_cache;

/* site_load, taking a page whose file is unchanged from its record in fc (not reading the file:
 * its text is read when the page is parsed, site_page_parse) and keeping every page's record
 * in fc for the next build. The site is the same as site_load's, its messages too, in the same
 * order. fc NULL: site_load. */
site *site_load_cached(const char *dir, const char *theme_dir, int jobs, const front_cache *fc,
                       err_list *errs);

/* 0 when dir is a site folder (it has content/); -1 with an error that says
 * so and how to start one. site_load checks it first. */
int site_check_folder(const char *dir, err_list *errs);
void site_free(site *s);

/* Parses p's Markdown (if not parsed yet; reading the page file first when it was restored
 * from the build cache, an error if it changed since): sets p->doc, p->toc and p->summary, resolves
 * relative .md and file links to site URLs and checks its directives. Touches only p, so different
 * pages parse on different threads at once. Returns 0, or -1 with file:line:col errors. */
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
