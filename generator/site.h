/* site.h - renders a loaded site to OUT_DIR/site: pages, assets, feed, sitemap; checks links. */
#ifndef IMPRINT_SITE_H
#define IMPRINT_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "model.h"

/* Progress callback: done of total pages rendered. Called from the building
 * thread; may be NULL. */
typedef void (*site_progress_fn)(void *ctx, size_t done, size_t total);

typedef struct site_build_opts {
    const char *out_dir;         /* OUT_DIR; the site goes to OUT_DIR/site */
    bool write;                  /* false: render and check only (imprint check) */
    int jobs;                    /* threads rendering pages (<= 1: the calling thread) */
    site_progress_fn progress;   /* NULL for none */
    void *progress_ctx;          /* passed to progress */
} site_build_opts;

typedef struct site_build_stats {
    size_t pages;  /* HTML pages rendered from content */
    size_t files;  /* files written in all (pages, assets, feeds, redirects) */
} site_build_stats;

/* Renders every page through its layout (SITE_DIR/layouts), copies assets
 * (CSS fingerprinted), writes 404.html, alias redirects, sitemap.xml,
 * atom.xml and robots.txt, then checks every internal link and #anchor of the
 * result. With opts->write the site is built in a temporary folder inside
 * OUT_DIR and swapped in only when everything succeeded, so a failed build
 * leaves the previous OUT_DIR/site untouched. Returns 0, or -1 with errors. */
int site_build(const site *s, const site_build_opts *opts, site_build_stats *stats, err_list *errs);

struct md_doc;
struct md_directive;

/* Finds a data table by name for site_directive_html; NULL when unknown. */
typedef const dtable *(*site_table_fn)(void *ctx, const char *name);

/* Renders a table or chart directive of doc as HTML with the site's brand
 * colours, exactly as pages show it, but finding the table through
 * lookup(lookup_ctx, name) (reports pass their computed tables). Returns 0,
 * or -1 with an error at the directive's file:line:col (unknown table, bad
 * chart options). */
int site_directive_html(const site *s, site_table_fn lookup, void *lookup_ctx, const struct md_doc *doc,
                        const struct md_directive *dir, buf *out, err_list *errs);

#endif
