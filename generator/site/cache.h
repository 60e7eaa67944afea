/* cache.h - the build cache: what the last build read and wrote, so a rebuild redoes only
 * what changed.
 *
 * It lives in OUT_DIR/.imprint-cache (a text file, replaced together with
 * the outputs by every successful build, util/journal.h) and records: every input file under
 * content/, layouts/ and assets/ with its size, modification time, inode and
 * content hash; the key each page was rendered with and the ids and links
 * of its HTML (for the link check without re-rendering it); and the hash of
 * every file written. A page's key hashes everything its output depends on:
 * the site-wide inputs (config, layouts, data, assets, the site context) and
 * the page's own source and navigation context. */
#ifndef IMPRINT_CACHE_H
#define IMPRINT_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/strmap.h"
#include "core/content.h"
#include "core/model.h"
#include "util/journal.h"

/* One input file. */
typedef struct cache_input {
    char *path;      /* relative to the site folder ("content/guide/x.md") */
    long long size;  /* bytes */
    long long mtime; /* modification time, nanoseconds */
    long long ino;   /* inode number */
    uint64_t hash;   /* FNV-1a of the content */
} cache_input;

/* A rendered page: its key and the ids and links of its HTML. */
typedef struct cache_page {
    char *path;   /* output path relative to site/ */
    uint64_t key; /* the key it was rendered with */
    char **ids;   /* element ids */
    size_t nids;
    char **links; /* href/src values */
    size_t nlinks;
    void *mem;         /* the one allocation holding ids and links (and, in a page set by
                          cache_page_set_lists, their strings; in a page read from the file they point
                          into build_cache.pages_text); NULL when they are another cache's */
    const char *block; /* its P, I and L lines as read (into pages_text, each line's end cut to
                          a NUL), written back as they were; NULL for a page rendered in this
                          build */
    size_t block_len;  /* bytes of block */
} cache_page;

/* A page file's record (core/frontrec.h): what loading it gave, kept for the next build. */
typedef struct cache_front {
    char *path;    /* the input's path ("content/guide/x.md"); the key of fronts */
    uint64_t hash; /* the file's content hash when the record was made */
    char *data;    /* the record */
    size_t len;    /* its bytes */
} cache_front;

typedef struct build_cache build_cache;
struct build_cache {
    char *signature;     /* options and settings the build ran with */
    cache_input *inputs; /* sorted by path */
    size_t ninputs;
    cache_page *pages;
    size_t npages;
    strmap page_index; /* path -> cache_page */
    char **out_paths;  /* every file written under site/ */
    uint64_t *out_hashes;
    size_t nouts;
    strmap out_index; /* path -> index + 1 */
    char *pages_text; /* .imprint-pages as read (lines cut at their ends), or NULL */
    strmap fronts;    /* input path -> cache_front (owned), from .imprint-front or kept by
                         this build's loading */
    const build_cache *front_from; /* where cache_front_source finds records: the last build's
                                      cache, or NULL */
    uint64_t feed_key; /* key the Atom feeds were written with (site/site.c), 0 if none */
    bool links_clean;  /* the build's link check found no broken link */
    uint64_t pdf_key;  /* key the PDFs were typeset with, 0 if none */
    char **pdf_paths;  /* where they were written, one per language, the default's first */
    size_t npdfs;      /* number of pdf_paths; 0 if none */
};

/* Reads OUT_DIR/.imprint-cache (signature, inputs, the PDF's record); NULL
 * when there is none or it is not one this version wrote (a full build
 * follows). Free with cache_free. */
build_cache *cache_load(const char *out_dir);
/* Adds the pages and outputs (OUT_DIR/.imprint-pages), which only a build
 * that renders needs; a no-op check never reads them. False when the file is
 * missing, not this version's, or names a path outside the site: the cache
 * must then not be used (cache_free it and build afresh). */
bool cache_load_pages(build_cache *c, const char *out_dir);
/* Adds the page files' records (OUT_DIR/.imprint-front; cache_front_source) that a build which
 * loads the site uses; a missing or damaged file leaves them out. Touches only c->fronts, so it
 * may run beside cache_load_pages on another thread. */
void cache_load_fronts(build_cache *c, const char *out_dir);
void cache_free(build_cache *c);
/* Writes c into the stage of the output's update j and records the moves
 * that put it in place when j commits (the cache changes with the outputs
 * it describes, never apart from them). 0 or -1 with an error. */
int cache_stage(const build_cache *c, journal *j, err_list *errs);
/* Sets p's ids and links to copies of ids[0..nids) and links[0..nlinks), in one allocation
 * (p->mem; p's earlier lists are not freed). Thread-safe for different pages. */
void cache_page_set_lists(cache_page *p, char *const *ids, size_t nids, char *const *links,
                          size_t nlinks);
/* The front_cache (core/content.h) of a build recording into c: a page file's record from
 * old (NULL: none) when c's scan found the file's content as it was when the record was made,
 * and every record kept into c->fronts (written by cache_stage). c and old must outlive the
 * loading. */
front_cache cache_front_source(build_cache *c, const build_cache *old);
/* Sets up the indexes after filling pages/outs by hand. */
void cache_index(build_cache *c);

/* Lists the inputs of SITE_DIR (content/, layouts/, assets/) and of the
 * theme (THEME_DIR's layouts/ and assets/, recorded as theme/layouts/... and
 * theme/assets/...; none when theme_dir is NULL or SITE_DIR), taking each
 * file's hash from old when its size, time and inode are unchanged and
 * reading it otherwise. Fills c->inputs. 0 or -1 with errors. */
int cache_scan_inputs(build_cache *c, const char *site_dir, const char *theme_dir,
                      const build_cache *old, err_list *errs);
/* True when both list the same inputs with the same stat data and the same
 * signature: nothing can have changed. */
bool cache_inputs_unchanged(const build_cache *a, const build_cache *b);
/* The hash of an input (0 when it is not one). */
uint64_t cache_input_hash(const build_cache *c, const char *path);

const cache_page *cache_find_page(const build_cache *c, const char *path);
/* The hash recorded for an output file, and whether there was one. */
bool cache_output_hash(const build_cache *c, const char *path, uint64_t *hash);

/* Combines hashes (order matters). */
uint64_t cache_mix(uint64_t h, uint64_t v);

/* ---- keys: what each output depends on; every key of the cache is made here ---- */

/* The key every page shares: the signature (options, version, date), the
 * inputs that are not pages (site.yaml, data, layouts, assets), and the
 * site-wide template context and asset map as JSON. */
uint64_t cache_site_key(const build_cache *c, const value *site_ctx, const value *assets);
/* A page's key: site_key, the page's source and its navigation context (its
 * front matter and place, ancestors, neighbours and children as other pages'
 * contexts show them). Never 0. */
uint64_t cache_page_key(const build_cache *c, uint64_t site_key, const page *p);
/* The key every page of a multilingual site (core/translate.h) shares in place of site_key:
 * site_key and every page's source, language and URL, which decide each page's translations
 * (its language switcher and alternates) and where a translation's links lead (to the
 * translations there are). */
uint64_t cache_langs_key(uint64_t site_key, const site *s);
/* The whitepaper's key: the build date (SOURCE_DATE_EPOCH's text, "" when
 * unset) and every input but the website's layouts, which the PDF never reads
 * (layouts/highlight/, fenced code's languages, and layouts/i18n/, the
 * string tables, it does). */
uint64_t cache_pdf_key(const build_cache *c, const char *date);

#endif
