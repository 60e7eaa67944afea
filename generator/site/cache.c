/* cache.c - reading, writing and comparing the build cache (see cache.h).
 *
 * Format, one record a line, fields separated by a tab (paths and values
 * cannot contain tabs or newlines: such a link is simply not cached and the
 * page is re-rendered):
 *   imprint-cache 1
 *   S <signature>
 *   F <size> <mtime> <ino> <hash> <path>      an input file
 *   P <key> <path>                            a page, then its I and L lines
 *   I <id>
 *   L <href>
 *   O <hash> <path>                           a written file
 *   D <key> <path>                            a PDF's key and file, one line per language */
#define _GNU_SOURCE
#include "site/cache.h"
#include "source_id.h"
#include "core/theme.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CACHE_FILE ".imprint-cache"
#define PAGES_FILE ".imprint-pages"
/* The first line of a cache file: its format and the code that wrote it (a digest of
 * imprint's sources, build/gen/source_id.h): another build's cache is not this one's. */
#define CACHE_MAGIC "imprint-cache 2 " IMPRINT_SOURCE_ID

uint64_t cache_mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h * 1099511628211ULL;
}

static void push_str(char ***arr, size_t *n, const char *s, size_t len)
{
    if ((*n & (*n - 1)) == 0 || *n == 0)
        *arr = xrealloc(*arr, (*n ? *n * 2 : 4) * sizeof **arr);
    (*arr)[(*n)++] = xstrndup(s, len);
}

void cache_index(build_cache *c)
{
    strmap_free(&c->page_index);
    strmap_free(&c->out_index);
    for (size_t i = 0; i < c->npages; i++)
        strmap_put(&c->page_index, c->pages[i].path, &c->pages[i]);
    for (size_t i = 0; i < c->nouts; i++)
        strmap_put(&c->out_index, c->out_paths[i], (void *)(i + 1));
}

/* A whitepaper's recorded path is OUT_DIR/NAME.pdf (or NAME.de.pdf). */
static bool pdf_in(const char *path, const char *out_dir)
{
    size_t n = strlen(out_dir);
    return strncmp(path, out_dir, n) == 0 && path[n] == '/' && fs_safe_relative(path + n + 1) &&
           !strchr(path + n + 1, '/');
}

/* Parses the records of one cache file into c. The file is input like any
 * other: false when it is missing, not this version's, or names a path
 * outside the output (the build then starts afresh). */
static bool parse_file(build_cache *c, const char *out_dir, const char *name)
{
    char *path = fs_join(out_dir, name);
    err_list ignore = ERR_LIST_INIT;
    size_t len = 0;
    char *text = fs_read(path, &len, &ignore);
    free(path);
    err_list_free(&ignore);
    size_t magic = strlen(CACHE_MAGIC);
    if (!text || len < magic + 1 || strncmp(text, CACHE_MAGIC, magic) != 0 || text[magic] != '\n') {
        free(text);
        return false;
    }
    size_t capin = c->ninputs, cappg = c->npages, capout = c->nouts;
    cache_page *pg = NULL;
    bool valid = true;
    for (char *line = text + magic + 1; *line && valid;) {
        char *nl = strchr(line, '\n');
        if (!nl)
            break;
        *nl = '\0';
        char kind = line[0];
        char *rest = line[1] == '\t' ? line + 2 : line + 1;
        if (kind == 'S') {
            free(c->signature);
            c->signature = xstrdup(rest);
        } else if (kind == 'F') {
            cache_input in = {0};
            char *q = rest, *e;
            /* hand-rolled: this runs for every input on every no-op check */
            in.size = strtoll(q, &e, 10);
            bool ok = *e == '\t';
            if (ok)
                in.mtime = strtoll(q = e + 1, &e, 10), ok = *e == '\t';
            if (ok)
                in.ino = strtoll(q = e + 1, &e, 10), ok = *e == '\t';
            if (ok)
                in.hash = strtoull(q = e + 1, &e, 16), ok = *e == '\t';
            if (ok) {
                in.path = xstrdup(e + 1);
                if (c->ninputs == capin) {
                    capin = capin ? capin * 2 : 256;
                    c->inputs = xrealloc(c->inputs, capin * sizeof *c->inputs);
                }
                c->inputs[c->ninputs++] = in;
            }
        } else if (kind == 'P') {
            unsigned long long k;
            int off = 0;
            valid = sscanf(rest, "%llx\t%n", &k, &off) == 1 && off && fs_safe_relative(rest + off);
            if (valid) {
                if (c->npages == cappg) {
                    cappg = cappg ? cappg * 2 : 256;
                    c->pages = xrealloc(c->pages, cappg * sizeof *c->pages);
                }
                pg = &c->pages[c->npages++];
                memset(pg, 0, sizeof *pg);
                pg->key = k;
                pg->path = xstrdup(rest + off);
            }
        } else if (kind == 'I' && pg) {
            push_str(&pg->ids, &pg->nids, rest, strlen(rest));
        } else if (kind == 'L' && pg) {
            push_str(&pg->links, &pg->nlinks, rest, strlen(rest));
        } else if (kind == 'O') {
            unsigned long long h;
            int off = 0;
            valid = sscanf(rest, "%llx\t%n", &h, &off) == 1 && off && fs_safe_relative(rest + off);
            if (valid) {
                if (c->nouts == capout) {
                    capout = capout ? capout * 2 : 256;
                    c->out_paths = xrealloc(c->out_paths, capout * sizeof *c->out_paths);
                    c->out_hashes = xrealloc(c->out_hashes, capout * sizeof *c->out_hashes);
                }
                c->out_paths[c->nouts] = xstrdup(rest + off);
                c->out_hashes[c->nouts++] = h;
            }
        } else if (kind == 'D') {
            unsigned long long k;
            int off = 0;
            if (sscanf(rest, "%llx\t%n", &k, &off) == 1 && off && pdf_in(rest + off, out_dir) &&
                (!c->npdfs || c->pdf_key == k)) {
                c->pdf_key = k;
                push_str(&c->pdf_paths, &c->npdfs, rest + off, strlen(rest + off));
            }
        }
        line = nl + 1;
    }
    free(text);
    return valid;
}

build_cache *cache_load(const char *out_dir)
{
    build_cache *c = xcalloc(1, sizeof *c);
    if (!parse_file(c, out_dir, CACHE_FILE)) {
        cache_free(c);
        return NULL;
    }
    return c;
}

bool cache_load_pages(build_cache *c, const char *out_dir)
{
    bool ok = parse_file(c, out_dir, PAGES_FILE);
    if (ok)
        cache_index(c);
    return ok;
}

void cache_free(build_cache *c)
{
    if (!c)
        return;
    free(c->signature);
    for (size_t i = 0; i < c->npdfs; i++)
        free(c->pdf_paths[i]);
    free(c->pdf_paths);
    for (size_t i = 0; i < c->ninputs; i++)
        free(c->inputs[i].path);
    free(c->inputs);
    for (size_t i = 0; i < c->npages; i++) {
        cache_page *p = &c->pages[i];
        free(p->path);
        for (size_t k = 0; k < p->nids; k++)
            free(p->ids[k]);
        for (size_t k = 0; k < p->nlinks; k++)
            free(p->links[k]);
        free(p->ids);
        free(p->links);
    }
    free(c->pages);
    for (size_t i = 0; i < c->nouts; i++)
        free(c->out_paths[i]);
    free(c->out_paths);
    free(c->out_hashes);
    strmap_free(&c->page_index);
    strmap_free(&c->out_index);
    free(c);
}

static bool plain(const char *s)
{
    return !strpbrk(s, "\t\n\r");
}

static int cmp_out(const void *a, const void *b, void *ctx)
{
    char *const *paths = ctx;
    return strcmp(paths[*(const size_t *)a], paths[*(const size_t *)b]);
}

int cache_stage(const build_cache *c, journal *j, err_list *errs)
{
    buf b = BUF_INIT, pg = BUF_INIT;
    buf_printf(&b, "%s\nS\t%s\n", CACHE_MAGIC, c->signature ? c->signature : "");
    for (size_t i = 0; i < c->ninputs; i++)
        if (plain(c->inputs[i].path))
            buf_printf(&b, "F\t%lld\t%lld\t%lld\t%016" PRIx64 "\t%s\n", c->inputs[i].size,
                       c->inputs[i].mtime, c->inputs[i].ino, c->inputs[i].hash, c->inputs[i].path);
    bool pdfs_plain = true; /* all of them or none: a missing one is typeset again */
    for (size_t i = 0; i < c->npdfs; i++)
        pdfs_plain = pdfs_plain && plain(c->pdf_paths[i]);
    for (size_t i = 0; c->pdf_key && pdfs_plain && i < c->npdfs; i++)
        buf_printf(&b, "D\t%016" PRIx64 "\t%s\n", c->pdf_key, c->pdf_paths[i]);
    buf_printf(&pg, "%s\n", CACHE_MAGIC);
    for (size_t i = 0; i < c->npages; i++) {
        const cache_page *p = &c->pages[i];
        bool ok = p->path && plain(p->path);
        for (size_t k = 0; k < p->nids && ok; k++)
            ok = plain(p->ids[k]);
        for (size_t k = 0; k < p->nlinks && ok; k++)
            ok = plain(p->links[k]);
        if (!ok)
            continue; /* not cacheable: rendered again next time */
        buf_printf(&pg, "P\t%016" PRIx64 "\t%s\n", p->key, p->path);
        for (size_t k = 0; k < p->nids; k++)
            buf_printf(&pg, "I\t%s\n", p->ids[k]);
        for (size_t k = 0; k < p->nlinks; k++)
            buf_printf(&pg, "L\t%s\n", p->links[k]);
    }
    /* outputs sorted by path, so the record does not depend on thread timing */
    size_t *order = xmalloc((c->nouts ? c->nouts : 1) * sizeof *order);
    for (size_t i = 0; i < c->nouts; i++)
        order[i] = i;
    qsort_r(order, c->nouts, sizeof *order, cmp_out, c->out_paths);
    for (size_t k = 0; k < c->nouts; k++) {
        size_t i = order[k];
        if (plain(c->out_paths[i]))
            buf_printf(&pg, "O\t%016" PRIx64 "\t%s\n", c->out_hashes[i], c->out_paths[i]);
    }
    free(order);
    /* pages first: a cache file naming inputs is only trusted with its pages beside it */
    char *ppath = fs_join(journal_stage(j), PAGES_FILE),
         *path = fs_join(journal_stage(j), CACHE_FILE);
    int rc = -1;
    if (fs_write_direct(ppath, pg.data, pg.len, errs) == 0 &&
        fs_write_direct(path, b.data, b.len, errs) == 0) {
        journal_move(j, PAGES_FILE, PAGES_FILE);
        journal_move(j, CACHE_FILE, CACHE_FILE);
        rc = 0;
    }
    free(ppath);
    free(path);
    buf_free(&b);
    buf_free(&pg);
    return rc;
}

static int cmp_input(const void *a, const void *b)
{
    return strcmp(((const cache_input *)a)->path, ((const cache_input *)b)->path);
}

static const cache_input *find_input(const build_cache *c, const char *path)
{
    if (!c || !c->ninputs)
        return NULL;
    cache_input key = {.path = (char *)path};
    return bsearch(&key, c->inputs, c->ninputs, sizeof key, cmp_input);
}

int cache_scan_inputs(build_cache *c, const char *site_dir, const char *theme_dir,
                      const build_cache *old, err_list *errs)
{
    /* where each folder is, and the name its files are recorded under */
    static const struct {
        bool theme;
        const char *dir, *as;
    } roots[] = {{false, "content", "content"},
                 {false, "layouts", "layouts"},
                 {false, "assets", "assets"},
                 {true, "layouts", "theme/layouts"},
                 {true, "assets", "theme/assets"}};
    bool with_theme = theme_dir && !theme_same_dir(site_dir, theme_dir);
    size_t cap = 0;
    int rc = 0;
    for (size_t r = 0; r < sizeof roots / sizeof *roots; r++) {
        if (roots[r].theme && !with_theme)
            continue;
        char *root = fs_join(roots[r].theme ? theme_dir : site_dir, roots[r].dir);
        fs_list files = {0};
        if (fs_walk(root, &files, errs) != 0)
            rc = -1;
        for (size_t i = 0; i < files.len; i++) {
            char *rel = xasprintf("%s/%s", roots[r].as, files.paths[i]);
            char *full = fs_join(root, files.paths[i]);
            struct stat st;
            if (stat(full, &st) != 0) {
                free(rel);
                free(full);
                continue;
            }
            cache_input in = {rel, (long long)st.st_size,
                              (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
                              (long long)st.st_ino, 0};
            const cache_input *prev = find_input(old, rel);
            if (prev && prev->size == in.size && prev->mtime == in.mtime && prev->ino == in.ino)
                in.hash = prev->hash;
            else {
                size_t len = 0;
                char *data = fs_read(full, &len, errs);
                in.hash = data ? strmap_hash(data, len) : 0;
                free(data);
            }
            if (c->ninputs == cap) {
                cap = cap ? cap * 2 : 256;
                c->inputs = xrealloc(c->inputs, cap * sizeof *c->inputs);
            }
            c->inputs[c->ninputs++] = in;
            free(full);
        }
        fs_list_free(&files);
        free(root);
    }
    qsort(c->inputs, c->ninputs, sizeof *c->inputs, cmp_input);
    return rc;
}

bool cache_inputs_unchanged(const build_cache *a, const build_cache *b)
{
    if (!a || !b || a->ninputs != b->ninputs || !a->signature || !b->signature ||
        strcmp(a->signature, b->signature) != 0)
        return false;
    for (size_t i = 0; i < a->ninputs; i++) {
        const cache_input *x = &a->inputs[i], *y = &b->inputs[i];
        if (strcmp(x->path, y->path) != 0 || x->size != y->size || x->mtime != y->mtime ||
            x->ino != y->ino)
            return false;
    }
    return true;
}

uint64_t cache_input_hash(const build_cache *c, const char *path)
{
    const cache_input *in = find_input(c, path);
    return in ? in->hash : 0;
}

const cache_page *cache_find_page(const build_cache *c, const char *path)
{
    return c ? strmap_get(&c->page_index, path) : NULL;
}

bool cache_output_hash(const build_cache *c, const char *path, uint64_t *hash)
{
    size_t i = c ? (size_t)strmap_get(&c->out_index, path) : 0;
    if (!i)
        return false;
    *hash = c->out_hashes[i - 1];
    return true;
}

/* ---- keys: what each output depends on ---- */

static uint64_t mix_str(uint64_t k, const char *str)
{
    return cache_mix(k, str ? strmap_hash(str, strlen(str)) : 0);
}

/* A page as another page's context shows it: page_ref's fields. */
static uint64_t mix_ref(uint64_t k, const page *q)
{
    if (!q)
        return cache_mix(k, 0);
    k = mix_str(k, q->title);
    k = mix_str(k, q->url);
    return mix_str(k, q->description);
}

/* A page's key: the site-wide key, the page's source, and every input of
 * site_ctx_page (site/context.c) that does not come from the page's own body: its front
 * matter and place (what the menu's active flag and the permalink derive
 * from), its ancestors, neighbours and children as page_ref shows them.
 * Everything else site_ctx_page reads is the page's own source (summary,
 * table of contents, word count, FAQ) or site-wide (config, data). Keep the
 * two in step: tests/incremental.py compares with clean builds. */
uint64_t cache_page_key(const build_cache *c, uint64_t site_key, const page *p)
{
    char src[1024];
    snprintf(src, sizeof src, "content/%s", p->src);
    uint64_t k = cache_mix(site_key, p->implicit ? 1 : cache_input_hash(c, src));
    buf front = BUF_INIT;
    val_to_json(p->front, &front);
    k = cache_mix(k, strmap_hash(front.data ? front.data : "", front.len));
    buf_free(&front);
    k = mix_str(k, p->title);
    k = mix_str(k, p->description);
    k = mix_str(k, p->url);
    k = mix_str(k, p->layout);
    k = cache_mix(k, (uint64_t)p->kind);
    for (const page *q = p->parent; q; q = q->parent)
        k = mix_ref(k, q);
    k = mix_ref(mix_ref(k, p->prev), p->next);
    k = cache_mix(k, p->nchildren);
    for (size_t i = 0; i < p->nchildren; i++)
        k = mix_ref(k, p->children[i]);
    return k ? k : 1;
}

uint64_t cache_langs_key(uint64_t site_key, const site *s)
{
    uint64_t k = site_key;
    for (size_t i = 0; i < s->npages; i++) {
        k = mix_str(k, s->pages[i]->src);
        k = mix_str(k, s->pages[i]->url);
        k = cache_mix(k, s->pages[i]->lang);
    }
    return k;
}

uint64_t cache_site_key(const build_cache *c, const value *site_ctx, const value *assets)
{
    uint64_t k =
        strmap_hash(c->signature ? c->signature : "", c->signature ? strlen(c->signature) : 0);
    for (size_t i = 0; i < c->ninputs; i++) {
        const cache_input *in = &c->inputs[i];
        if (strncmp(in->path, "content/", 8) == 0 && strcmp(in->path, "content/site.yaml") != 0 &&
            strncmp(in->path, "content/data/", 13) != 0)
            continue; /* pages count in their own keys */
        k = cache_mix(k, strmap_hash(in->path, strlen(in->path)));
        k = cache_mix(k, in->hash);
    }
    buf json = BUF_INIT;
    val_to_json(site_ctx, &json);
    val_to_json(assets, &json);
    k = cache_mix(k, strmap_hash(json.data ? json.data : "", json.len));
    buf_free(&json);
    return k;
}

uint64_t cache_pdf_key(const build_cache *c, const char *date)
{
    uint64_t key = cache_mix(1, strmap_hash(date, strlen(date)));
    for (size_t i = 0; i < c->ninputs; i++) {
        const cache_input *in = &c->inputs[i];
        /* the PDF uses no layout, but fenced code's languages (layouts/highlight/) and the
         * string tables (layouts/i18n/) */
        const char *rel = strncmp(in->path, "theme/", 6) == 0 ? in->path + 6 : in->path;
        if (strncmp(rel, "layouts/", 8) != 0 || strncmp(rel, "layouts/highlight/", 18) == 0 ||
            strncmp(rel, "layouts/i18n/", 13) == 0)
            key = cache_mix(cache_mix(key, strmap_hash(in->path, strlen(in->path))), in->hash);
    }
    return key;
}
