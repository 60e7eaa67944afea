/* build.h - the build driver: one call turns a site folder into its outputs.
 *
 * Takes a site folder (content/, layouts/, assets/) and an output folder;
 * gives OUT_DIR/site (the website), OUT_DIR/NAME.pdf (the whitepaper; in a multilingual site
 * also one per other language, OUT_DIR/NAME.de.pdf) and the
 * build cache (OUT_DIR/.imprint-cache, .imprint-pages) that makes the next
 * build incremental. It decides what must be redone (a no-op rebuild loads
 * nothing), typesets the PDF before the site is written and writes the PDF
 * last, so a failure in either output leaves both previous outputs as they
 * were, and records what it wrote in the cache.
 *
 * Stages it drives: core/ (site_load), site/ (site_build, cache), and the
 * whitepaper assembly (build/whitepaper.h) on the pdf/ engine. It prints
 * nothing; main.c reports. Not reentrant for one output folder (two builds
 * into the same OUT_DIR at once are not supported); otherwise thread-safe. */
#ifndef IMPRINT_BUILD_H
#define IMPRINT_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "site/site.h"
#include "util/err.h"

/* What to build. */
typedef struct build_opts {
    const char *site_dir;      /* SITE_DIR */
    const char *theme_dir;     /* the built-in theme (core/theme.h), or NULL for none */
    const char *out_dir;       /* OUT_DIR; NULL: SITE_DIR/output */
    bool write;                /* false: load, render and check links only (imprint check) */
    bool html;                 /* build the website */
    bool pdf;                  /* typeset the whitepaper (only with write) */
    bool force;                /* replace an OUT_DIR/site that imprint did not write */
    bool strict;               /* --strict: warnings fail the build (so does site.yaml's
                                  strict: true) */
    const char *links;         /* --links: "warn" (broken internal links are warnings, for
                                  drafting) or "error"; NULL: site.yaml's links:, else error */
    int jobs;                  /* threads rendering pages (>= 1) */
    const char *version;       /* imprint's version, part of the cache's signature */
    site_progress_fn progress; /* page progress, or NULL */
    void *progress_ctx;        /* passed to progress */
} build_opts;

/* A whitepaper a build made or kept. */
typedef struct build_pdf {
    char *path;   /* where it is (malloc'd) */
    size_t bytes; /* its size, when typeset this time */
    double ms;    /* time spent typesetting it */
} build_pdf;

/* What a build did, for the summary main.c prints. */
typedef struct build_stats {
    char *out_dir;         /* the output folder used (malloc'd) */
    bool nothing_changed;  /* a no-op rebuild: no input changed, nothing was loaded or written */
    size_t inputs_checked; /* inputs compared with the cache (for a no-op rebuild) */
    site_build_stats site; /* the website's pages and files */
    build_pdf *pdfs;       /* the whitepapers, one per language, the default language's first
                              (malloc'd); NULL when none was built */
    size_t npdfs;          /* number of pdfs */
    bool pdf_up_to_date;   /* the whitepapers at pdfs were current, so none was typeset */
    double site_ms;        /* time spent building the website */
    double pdf_ms;         /* time spent typesetting the whitepapers */
    double total_ms;       /* the whole build */
} build_stats;

/* Builds as o says and fills *st (zero it first; release with
 * build_stats_free, also after a failure). Returns 0, or -1 with errors in
 * errs, in which case no output was changed. */
int imprint_build(const build_opts *o, build_stats *st, err_list *errs);
void build_stats_free(build_stats *st);

#endif
