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
 *   A <key>                                   the Atom feeds' key
 *   K                                         no link was broken
 *   D <key> <path>                            a PDF's key and file, one line per language */
#define _GNU_SOURCE
#include "site/cache.h"
#include "source_id.h"
#include "core/theme.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CACHE_FILE ".imprint-cache"
#define PAGES_FILE ".imprint-pages"
#define FRONT_FILE ".imprint-front"
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

/* The I and L lines of the page being read, gathered until its record ends. */
typedef struct page_lists {
    char **ids, **links;
    size_t nids, nlinks, capids, caplinks;
} page_lists;

static void lists_push(char ***arr, size_t *n, size_t *cap, char *s)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *arr = xrealloc(*arr, *cap * sizeof **arr);
    }
    (*arr)[(*n)++] = s;
}

/* Ends the record of pg (NULL: none open) where the file's next record starts (end, in the
 * text, or NULL): its lists, pointing into the file's text, in one allocation. */
static void lists_finish(cache_page *pg, page_lists *l, const char *end)
{
    if (pg) {
        pg->block_len = pg->block && end ? (size_t)(end - pg->block) : 0;
        pg->block = pg->block_len ? pg->block : NULL;
        char **mem = xmalloc((l->nids + l->nlinks + 1) * sizeof *mem);
        memcpy(mem, l->ids, l->nids * sizeof *mem);
        memcpy(mem + l->nids, l->links, l->nlinks * sizeof *mem);
        pg->mem = mem;
        pg->ids = mem;
        pg->nids = l->nids;
        pg->links = mem + l->nids;
        pg->nlinks = l->nlinks;
    }
    l->nids = l->nlinks = 0;
}

/* Reads a 16-digit hexadecimal key and the tab after it at s: the rest's start, or NULL. */
static char *hex_field(char *s, unsigned long long *v)
{
    char *e;
    *v = strtoull(s, &e, 16);
    return e != s && *e == '\t' ? e + 1 : NULL;
}

/* Adds the input of an F line's fields (rest) to c (capacity *cap); a damaged line is left
 * out (the file is then read again). Hand-rolled: this runs for every input on every no-op
 * check. */
static void add_input(build_cache *c, const char *rest, size_t *cap)
{
    cache_input in = {0};
    const char *q = rest;
    char *e;
    in.size = strtoll(q, &e, 10);
    bool ok = *e == '\t';
    if (ok)
        in.mtime = strtoll(q = e + 1, &e, 10), ok = *e == '\t';
    if (ok)
        in.ino = strtoll(q = e + 1, &e, 10), ok = *e == '\t';
    if (ok)
        in.hash = strtoull(q = e + 1, &e, 16), ok = *e == '\t';
    if (!ok)
        return;
    in.path = xstrdup(e + 1);
    if (c->ninputs == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        c->inputs = xrealloc(c->inputs, *cap * sizeof *c->inputs);
    }
    c->inputs[c->ninputs++] = in;
}

/* Parses the records of one cache file into c. The file is input like any
 * other: false when it is missing, not this version's, or names a path
 * outside the output (the build then starts afresh). The file's text is
 * freed, or kept in *keep when keep is not NULL (the page lists point into it). */
static bool parse_file(build_cache *c, const char *out_dir, const char *name, char **keep)
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
    page_lists lists = {0};
    bool valid = true;
    char *line = text + magic + 1;
    for (; *line && valid;) {
        char *nl = strchr(line, '\n');
        if (!nl)
            break;
        *nl = '\0';
        char kind = line[0];
        char *rest = line[1] == '\t' ? line + 2 : line + 1, *at;
        unsigned long long k;
        if (pg && kind != 'I' && kind != 'L') { /* the page's record ends */
            lists_finish(pg, &lists, keep ? line : NULL);
            pg = NULL;
        }
        if (kind == 'I' && pg) {
            lists_push(&lists.ids, &lists.nids, &lists.capids, rest);
        } else if (kind == 'L' && pg) {
            lists_push(&lists.links, &lists.nlinks, &lists.caplinks, rest);
        } else if (kind == 'S') {
            free(c->signature);
            c->signature = xstrdup(rest);
        } else if (kind == 'F') {
            add_input(c, rest, &capin);
        } else if (kind == 'P') {
            valid = (at = hex_field(rest, &k)) && fs_safe_relative(at);
            if (valid) {
                if (c->npages == cappg) {
                    cappg = cappg ? cappg * 2 : 256;
                    c->pages = xrealloc(c->pages, cappg * sizeof *c->pages);
                }
                pg = &c->pages[c->npages++];
                memset(pg, 0, sizeof *pg);
                pg->key = k;
                pg->path = xstrdup(at);
                pg->block = keep ? line : NULL;
            }
        } else if (kind == 'O') {
            valid = (at = hex_field(rest, &k)) && fs_safe_relative(at);
            if (valid) {
                if (c->nouts == capout) {
                    capout = capout ? capout * 2 : 256;
                    c->out_paths = xrealloc(c->out_paths, capout * sizeof *c->out_paths);
                    c->out_hashes = xrealloc(c->out_hashes, capout * sizeof *c->out_hashes);
                }
                c->out_paths[c->nouts] = xstrdup(at);
                c->out_hashes[c->nouts++] = k;
            }
        } else if (kind == 'K') {
            c->links_clean = true;
        } else if (kind == 'A') {
            c->feed_key = strtoull(rest, NULL, 16);
        } else if (kind == 'D') {
            if ((at = hex_field(rest, &k)) && pdf_in(at, out_dir) &&
                (!c->npdfs || c->pdf_key == k)) {
                c->pdf_key = k;
                push_str(&c->pdf_paths, &c->npdfs, at, strlen(at));
            }
        }
        line = nl + 1;
    }
    lists_finish(pg, &lists, keep ? line : NULL);
    free(lists.ids);
    free(lists.links);
    if (keep && valid)
        *keep = text;
    else
        free(text);
    return valid;
}

static void front_free(cache_front *f)
{
    if (f) {
        free(f->path);
        free(f->data);
        free(f);
    }
}

/* Adds f to c->fronts, replacing (and freeing) a record of the same path. */
static void front_put(build_cache *c, cache_front *f)
{
    front_free(strmap_put(&c->fronts, f->path, f));
}

/* .imprint-front holds a header line for each record, "R <hash> <bytes> <path>", then the
 * record and a newline. A damaged file is read up to where it is damaged (the pages after are
 * loaded from their files). */
void cache_load_fronts(build_cache *c, const char *out_dir)
{
    char *path = fs_join(out_dir, FRONT_FILE);
    err_list ignore = ERR_LIST_INIT;
    size_t len = 0, magic = strlen(CACHE_MAGIC);
    char *text = fs_read(path, &len, &ignore);
    free(path);
    err_list_free(&ignore);
    const char *p = text ? text + magic + 1 : NULL, *end = text ? text + len : NULL;
    if (!text || len < magic + 1 || strncmp(text, CACHE_MAGIC, magic) != 0 || text[magic] != '\n')
        p = end;
    while (p && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        char *e;
        unsigned long long hash = 0, n = 0;
        bool ok = nl && p[0] == 'R' && p[1] == '\t';
        if (ok)
            hash = strtoull(p + 2, &e, 16), ok = *e == '\t';
        if (ok)
            n = strtoull(e + 1, &e, 10), ok = *e == '\t' && e < nl;
        if (!ok || n >= (size_t)(end - nl) || nl[1 + n] != '\n')
            break;
        cache_front *f = xmalloc(sizeof *f);
        f->path = xstrndup(e + 1, (size_t)(nl - e - 1));
        f->hash = hash;
        f->len = n;
        f->data = xstrndup(nl + 1, n);
        front_put(c, f);
        p = nl + 1 + n + 1;
    }
    free(text);
}

build_cache *cache_load(const char *out_dir)
{
    build_cache *c = xcalloc(1, sizeof *c);
    if (!parse_file(c, out_dir, CACHE_FILE, NULL)) {
        cache_free(c);
        return NULL;
    }
    return c;
}

bool cache_load_pages(build_cache *c, const char *out_dir)
{
    free(c->pages_text);
    c->pages_text = NULL;
    bool ok = parse_file(c, out_dir, PAGES_FILE, &c->pages_text);
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
        free(c->pages[i].path);
        free(c->pages[i].mem);
    }
    free(c->pages);
    free(c->pages_text);
    for (size_t i = 0; i < c->fronts.cap; i++)
        if (c->fronts.keys[i])
            front_free(c->fronts.vals[i]);
    strmap_free(&c->fronts);
    for (size_t i = 0; i < c->nouts; i++)
        free(c->out_paths[i]);
    free(c->out_paths);
    free(c->out_hashes);
    strmap_free(&c->page_index);
    strmap_free(&c->out_index);
    free(c);
}

void cache_page_set_lists(cache_page *p, char *const *ids, size_t nids, char *const *links,
                          size_t nlinks)
{
    size_t bytes = 0;
    for (size_t i = 0; i < nids; i++)
        bytes += strlen(ids[i]) + 1;
    for (size_t i = 0; i < nlinks; i++)
        bytes += strlen(links[i]) + 1;
    char **arr = xmalloc((nids + nlinks + 1) * sizeof *arr + bytes);
    char *str = (char *)(arr + nids + nlinks + 1);
    for (size_t i = 0; i < nids + nlinks; i++) {
        const char *from = i < nids ? ids[i] : links[i - nids];
        size_t n = strlen(from) + 1;
        memcpy(str, from, n);
        arr[i] = str;
        str += n;
    }
    p->mem = arr;
    p->ids = arr;
    p->nids = nids;
    p->links = arr + nids;
    p->nlinks = nlinks;
}

/* The input path of a page file ("content/" REL) into out. */
static const char *content_path(const char *rel, buf *out)
{
    buf_reset(out);
    buf_puts(out, "content/");
    buf_puts(out, rel);
    return buf_cstr(out);
}

static const char *front_find(void *ctx, const char *rel, size_t *len, uint64_t *hash)
{
    const build_cache *c = ctx;
    buf path = BUF_INIT;
    const cache_front *f =
        c->front_from ? strmap_get(&c->front_from->fronts, content_path(rel, &path)) : NULL;
    uint64_t now = f ? cache_input_hash(c, buf_cstr(&path)) : 0;
    buf_free(&path);
    if (!f || !now || now != f->hash)
        return NULL;
    *len = f->len;
    *hash = now;
    return f->data;
}

static void front_keep(void *ctx, const char *rel, const char *rec, size_t len)
{
    build_cache *c = ctx;
    buf path = BUF_INIT;
    cache_front *f = xmalloc(sizeof *f);
    f->path = xstrdup(content_path(rel, &path));
    f->hash = cache_input_hash(c, f->path);
    f->data = xstrndup(rec, len);
    f->len = len;
    buf_free(&path);
    front_put(c, f);
}

front_cache cache_front_source(build_cache *c, const build_cache *old)
{
    long long newest = 0;
    for (size_t i = 0; i < c->ninputs; i++) {
        long long secs = c->inputs[i].mtime / 1000000000LL; /* st_mtime, as stat gives it */
        if (strncmp(c->inputs[i].path, "content/", 8) == 0 && secs > newest)
            newest = secs;
    }
    c->front_from = old;
    return (front_cache){.find = front_find, .keep = front_keep, .ctx = c, .newest = newest};
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

/* Appends one record line: its kind, then a tab before each field given (NULL: none). */
static void put_line(buf *b, char kind, const uint64_t *hex, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    buf_grow(b, n + 20);
    b->data[b->len++] = kind;
    if (hex) {
        b->data[b->len++] = '\t';
        buf_put_hex64(b, *hex);
    }
    if (text) {
        b->data[b->len++] = '\t';
        memcpy(b->data + b->len, text, n);
        b->len += n;
    }
    b->data[b->len++] = '\n';
    b->data[b->len] = '\0';
}

/* The page records of c, in the order of the inputs, as .imprint-front holds them. */
static void put_fronts(const build_cache *c, buf *out)
{
    buf_puts(out, CACHE_MAGIC "\n");
    for (size_t i = 0; i < c->ninputs; i++) {
        const cache_front *f = strmap_get(&c->fronts, c->inputs[i].path);
        if (!f || !plain(f->path))
            continue;
        buf_puts(out, "R\t");
        buf_put_hex64(out, f->hash);
        buf_putc(out, '\t');
        buf_put_int(out, (long long)f->len);
        buf_putc(out, '\t');
        buf_puts(out, f->path);
        buf_putc(out, '\n');
        buf_put(out, f->data, f->len);
        buf_putc(out, '\n');
    }
}

int cache_stage(const build_cache *c, journal *j, err_list *errs)
{
    buf b = BUF_INIT, pg = BUF_INIT;
    buf_puts(&b, CACHE_MAGIC "\n");
    put_line(&b, 'S', NULL, c->signature ? c->signature : "");
    for (size_t i = 0; i < c->ninputs; i++) {
        const cache_input *in = &c->inputs[i];
        if (!plain(in->path))
            continue;
        buf_puts(&b, "F\t");
        buf_put_int(&b, in->size);
        buf_putc(&b, '\t');
        buf_put_int(&b, in->mtime);
        buf_putc(&b, '\t');
        buf_put_int(&b, in->ino);
        buf_putc(&b, '\t');
        buf_put_hex64(&b, in->hash);
        buf_putc(&b, '\t');
        buf_puts(&b, in->path);
        buf_putc(&b, '\n');
    }
    bool pdfs_plain = true; /* all of them or none: a missing one is typeset again */
    for (size_t i = 0; i < c->npdfs; i++)
        pdfs_plain = pdfs_plain && plain(c->pdf_paths[i]);
    for (size_t i = 0; c->pdf_key && pdfs_plain && i < c->npdfs; i++)
        put_line(&b, 'D', &c->pdf_key, c->pdf_paths[i]);
    buf_puts(&pg, CACHE_MAGIC "\n");
    for (size_t i = 0; i < c->npages; i++) {
        const cache_page *p = &c->pages[i];
        if (p->block) { /* read from the last cache file, and kept: its lines, whose ends
                           reading cut, as they were */
            size_t at = pg.len;
            buf_put(&pg, p->block, p->block_len);
            for (size_t k = at; k < pg.len; k++)
                if (!pg.data[k])
                    pg.data[k] = '\n';
            continue;
        }
        bool ok = p->path && plain(p->path);
        for (size_t k = 0; k < p->nids && ok; k++)
            ok = plain(p->ids[k]);
        for (size_t k = 0; k < p->nlinks && ok; k++)
            ok = plain(p->links[k]);
        if (!ok)
            continue; /* not cacheable: rendered again next time */
        put_line(&pg, 'P', &p->key, p->path);
        for (size_t k = 0; k < p->nids; k++)
            put_line(&pg, 'I', NULL, p->ids[k]);
        for (size_t k = 0; k < p->nlinks; k++)
            put_line(&pg, 'L', NULL, p->links[k]);
    }
    /* outputs sorted by path, so the record does not depend on thread timing */
    size_t *order = xmalloc((c->nouts ? c->nouts : 1) * sizeof *order);
    for (size_t i = 0; i < c->nouts; i++)
        order[i] = i;
    qsort_r(order, c->nouts, sizeof *order, cmp_out, c->out_paths);
    for (size_t k = 0; k < c->nouts; k++) {
        size_t i = order[k];
        if (plain(c->out_paths[i]))
            put_line(&pg, 'O', &c->out_hashes[i], c->out_paths[i]);
    }
    free(order);
    if (c->feed_key)
        put_line(&pg, 'A', &c->feed_key, NULL);
    if (c->links_clean)
        put_line(&pg, 'K', NULL, NULL);
    buf fr = BUF_INIT;
    put_fronts(c, &fr);
    /* pages first: a cache file naming inputs is only trusted with its pages beside it */
    char *ppath = fs_join(journal_stage(j), PAGES_FILE),
         *fpath = fs_join(journal_stage(j), FRONT_FILE),
         *path = fs_join(journal_stage(j), CACHE_FILE);
    int rc = -1;
    if (fs_write_direct(ppath, pg.data, pg.len, errs) == 0 &&
        fs_write_direct(fpath, fr.data, fr.len, errs) == 0 &&
        fs_write_direct(path, b.data, b.len, errs) == 0) {
        journal_move(j, PAGES_FILE, PAGES_FILE);
        journal_move(j, FRONT_FILE, FRONT_FILE);
        journal_move(j, CACHE_FILE, CACHE_FILE);
        rc = 0;
    }
    free(ppath);
    free(fpath);
    free(path);
    buf_free(&b);
    buf_free(&pg);
    buf_free(&fr);
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
            char *rel = fs_join(roots[r].as, files.paths[i]);
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

/* A page's key: the site-wide key, the page's source (its front matter with it), and every
 * input of site_ctx_page (site/context.c) that does not come from the page's own file: its
 * place (what the menu's active flag and the permalink derive
 * from), its ancestors, neighbours and children as page_ref shows them.
 * Everything else site_ctx_page reads is the page's own source (summary,
 * table of contents, word count, FAQ) or site-wide (config, data). Keep the
 * two in step: tests/incremental.py compares with clean builds. */
uint64_t cache_page_key(const build_cache *c, uint64_t site_key, const page *p)
{
    char src[1024];
    snprintf(src, sizeof src, "content/%s", p->src);
    /* the source's hash covers its front matter; a page imprint made up has none */
    uint64_t k = cache_mix(site_key, p->implicit ? 1 : cache_input_hash(c, src));
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
