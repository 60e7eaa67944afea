/* site.h - renders a loaded site to OUT_DIR/site: pages, assets, feed, sitemap; checks links. */
#ifndef IMPRINT_SITE_H
#define IMPRINT_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"
#include "core/model.h"

/* Progress callback: done of total pages rendered. Called from the building
 * thread; may be NULL. */
typedef void (*site_progress_fn)(void *ctx, size_t done, size_t total);

typedef struct site_build_opts {
    const char *out_dir;       /* OUT_DIR; the site goes to OUT_DIR/site */
    struct journal *journal;   /* with write: the update of OUT_DIR (util/journal.h) */
    bool write;                /* false: render and check only (imprint check) */
    int jobs;                  /* threads rendering pages (<= 1: the calling thread) */
    bool links_warn;           /* broken internal links are warnings, not errors */
    site_progress_fn progress; /* NULL for none */
    const struct build_cache
        *old_cache; /* the last build's cache: reuse what did not change (NULL: none) */
    struct build_cache *new_cache; /* filled with this build's record (NULL: none kept) */
    void *progress_ctx;            /* passed to progress */
} site_build_opts;

typedef struct site_build_stats {
    size_t pages;    /* pages in the site */
    size_t rendered; /* pages rendered this time (all, unless the cache had them) */
    size_t files;    /* files in the site (pages, assets, feeds, redirects) */
    size_t written;  /* files written this time */
} site_build_stats;

/* Renders every page through its layout (SITE_DIR/layouts), copies assets
 * (CSS fingerprinted), writes 404.html, alias redirects, sitemap.xml,
 * atom.xml and robots.txt, then checks every internal link and #anchor of the
 * result. With opts->write the files are written into the stage of
 * opts->journal and the steps that put them in place are recorded there:
 * nothing in OUT_DIR changes until the caller commits the journal, so a
 * failed build leaves the previous OUT_DIR/site untouched. A full build
 * stages a whole new tree that replaces OUT_DIR/site in one atomic exchange.
 *
 * With an old cache and an existing OUT_DIR/site the build is incremental: a
 * page whose key (cache.h) is unchanged is not rendered again (its recorded
 * ids and links still take part in the link check), and only files whose
 * content changed are staged, to be moved into place at commit; files the
 * site no longer has are removed then. The result is byte-identical to a full
 * build. Returns 0, or -1 with errors. */
int site_build(const site *s, const site_build_opts *opts, site_build_stats *stats, err_list *errs);

struct md_doc;
struct md_directive;

/* Renders a table or chart directive of doc as HTML with the site's brand
 * colours, exactly as pages show it, but finding the table through
 * lookup(lookup_ctx, name) (reports pass their computed tables). Returns 0,
 * or -1 with an error at the directive's file:line:col (unknown table, bad
 * chart options). */
int site_directive_html(const site *s, dtable_lookup_fn lookup, void *lookup_ctx,
                        const struct md_doc *doc, const struct md_directive *dir, buf *out,
                        err_list *errs);

#endif
