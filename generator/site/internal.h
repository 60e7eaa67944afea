/* internal.h - the website stage's insides, shared by site.c (page rendering and
 * the build), context.c (template contexts, directive HTML), langs.c (what a page's
 * language changes in them) and output.c (writing, staging, assets, the output swap) only. */
#ifndef IMPRINT_SITE_INTERNAL_H
#define IMPRINT_SITE_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/template.h"
#include "site/cache.h"
#include "site/linkcheck.h"
#include "site/site.h"
#include "util/strmap.h"
#include "util/err.h"
#include "util/journal.h"

/* What writes an output file, for the message when two things would. */
typedef struct out_owner {
    char *path;       /* the output path, relative to site/ (owned) */
    const char *what; /* "the page", "the alias '/x/'", "imprint's sitemap" ... */
    const char *file; /* where it comes from, or NULL for imprint's own files */
    int line, col;    /* its position in file (0: the whole file) */
} out_owner;

/* State of one build, shared read-only by page renders once set up. */
typedef struct build {
    const site *s;
    const site_build_opts *o;
    tpl_set *tpls;
    const char *layouts_where; /* where layouts are looked for, for messages (in the site arena) */
    char *root;                /* folder being written: in the journal's stage */
    value *site_ctx;           /* the `site` map */
    value **lang_sites;        /* the `site` map of each language, by index of site.langs (the
                                  default's is site_ctx; NULL for a language without pages) */
    value *assets;             /* the `assets` map */
    link_index *links;
    size_t files;
    /* incremental builds (cache.h) */
    const build_cache *old; /* the last build's record, or NULL */
    build_cache *cache;     /* this build's record, or NULL */
    bool incremental;       /* write changed files only, through staging */
    uint64_t global_key;    /* hash of everything every page depends on */
    bool feed_current;      /* the last build's feeds are still right: kept, their pages not
                               rendered for their content */
    pthread_mutex_t lock;   /* guards the fields below, written from page threads */
    char **staged;          /* final paths of staged files; file i is ROOT/i */
    size_t nstaged, capstaged;
    size_t written;     /* files written */
    size_t outs_cap;    /* capacity of cache->out_paths/out_hashes */
    out_owner **owners; /* every output path with what writes it (site_out_claim) */
    size_t nowners, capowners;
    strmap owner_index; /* path -> index + 1 into owners */
} build;

/* ---- output.c: every file of the site goes through these ---- */

/* Claims the output path rel for who (copied).
 * Every output has one owner: a second claim is an error at the position of
 * whichever claimant has one, naming both. b->lock held, or one thread. */
int site_out_claim(build *b, const char *rel, const out_owner *who, err_list *errs);
/* After every claim: an output path that needs a folder where another output
 * is a file ("sitemap.xml/index.html" beside "sitemap.xml") is an error. */
int site_out_check_folders(build *b, err_list *errs);
/* Frees the claims. */
void site_out_owners_free(build *b);
/* Adds a written (or kept) file to this build's record; b->lock held. */
void site_out_record(build *b, const char *rel, uint64_t h);
/* Keeps the file rel as the last build wrote it, without making it again (one thread): claims
 * it for who, records it for the cache and lets the link check see it (as a file without
 * links). Only for a path cache_output_hash(b->old, ...) knows. 0 or -1 with an error. */
int site_out_keep(build *b, const char *rel, const out_owner *who, err_list *errs);
/* Writes one output file (any thread): claims it for who (NULL: claimed
 * already), records its hash for the cache and, in an incremental build,
 * skips it when unchanged or stages it otherwise. 0 or -1 with an error. */
int site_out_put(build *b, const char *rel, const out_owner *who, const char *data, size_t len,
                 err_list *errs);
/* site_out_put for a file the link check should see: html (NULL for other
 * files) is indexed with source/source_text/line0 for positioned errors. */
int site_out_emit(build *b, const char *rel, const out_owner *who, const char *data, size_t len,
                  bool html, const char *source, const char *source_text, int line0,
                  err_list *errs);
/* Copies content/'s non-page files (images, downloads) to the same paths. */
int site_out_copy_content(build *b, err_list *errs);
/* Copies assets/ to site/assets/ (CSS fingerprinted) and fills b->assets. */
int site_out_copy_assets(build *b, err_list *errs);
/* Where a build stages its files inside the journal's stage: a full build a
 * whole tree, an incremental build the changed files, numbered. */
#define STAGED_TREE "site"
#define STAGED_FILES "files"
/* Incremental finish: records the moves of the staged files into OUT_DIR/site
 * and the removal of files the site no longer has. 0 or -1 with errors. */
int site_out_apply_staged(build *b, err_list *errs);
/* Full build finish: records the exchange of the staged tree with OUT_DIR/site. */
int site_out_swap_in(build *b, err_list *errs);

/* ---- context.c: what templates see ---- */

/* The `site` map: the config plus computed fields (sections). Built once. */
value *site_ctx_site(const site *s);
/* The `page` map for p, with its rendered content. */
value *site_ctx_page(arena *a, const site *s, const page *p, const char *content);
/* The root context of a layout: site, data, assets, menu_main, page and i18n
 * (the strings of page.language, else the site's language: core/i18n.h). */
value *site_ctx_root(arena *a, build *b, value *page_map, const char *url);
/* An md_directive_fn: a page's table or chart directive as HTML, from the
 * site (ctx) and its own data tables. */
int site_ctx_directive(void *ctx, const struct md_doc *doc, const struct md_directive *dir,
                       buf *out, err_list *errs);
/* The list of the sections under home, each {title, url, description, pages}: site.sections. */
value *site_ctx_sections(arena *a, const page *home);

/* ---- langs.c: what a page's language changes (core/translate.h) ---- */

/* p in each language it is written in, in the site's order of languages, each {language,
 * name, url, permalink, current}: page.translations. */
value *site_ctx_translations(arena *a, const site *s, const page *p);
/* Sets the keys of page map m that follow p's language: translations, has_translations,
 * x_default (the permalink of the default language's page, "" when there is none), home_url
 * and feed_url (its language's home page and Atom feed). */
void site_ctx_page_langs(arena *a, const site *s, const page *p, value *m);
/* Sets site.multilingual in b->site_ctx and makes b->lang_sites, once per build. */
void site_ctx_lang_sites(build *b);
/* The `site` map for the page at url: its language's (the default's for any other url). */
value *site_ctx_site_of(const build *b, const char *url);
/* A site path (url, as a menu writes it) as the page at page_url leads to it: in a
 * translation, to the page's translation (translate_link_url); else url itself. Allocated
 * from a when it differs. */
const char *site_lang_url(arena *a, const site *s, const char *page_url, const char *url);

#endif
