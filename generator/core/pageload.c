/* pageload.c - loading the page files of content/: reading and splitting them (in parallel),
 * their front matter's fields, and restoring unchanged ones from their records
 * (core/frontrec.h). */
#include "core/content.h"
#include "core/content_internal.h"
#include "core/date.h"
#include "core/frontrec.h"
#include "core/keys.h"
#include "core/markdown.h"
#include "core/translate.h"
#include "core/yamlload.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static bool safe_segment(const char *s)
{
    if (!*s || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
        return false;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

/* The date of a page: "YYYY-MM-DD", optionally with a time. */
static int front_date(page *p, const value *v, err_list *errs)
{
    int y, mo, da, rc = 0;
    p->date = "";
    if (v && v->type == VAL_STR && date_parse_ymd(v->u.str.s, &y, &mo, &da)) {
        p->date = v->u.str.s;
    } else if (v && v->type == VAL_STR) {
        err_add(errs, p->file, v->pos.line, v->pos.col, "date '%s' is not YYYY-MM-DD[THH:MM:SSZ]",
                v->u.str.s);
        rc = -1;
    } else if (v && v->type != VAL_NULL) {
        err_add(errs, p->file, v->pos.line, v->pos.col, "'date' must be a date like 2026-03-30");
        rc = -1;
    }
    return rc;
}

/* Aliases: site paths that redirect to the page. */
static int front_aliases(page *p, const value *v, err_list *errs)
{
    int rc = 0;
    for (size_t i = 0; v && i < v->u.list.len; i++) {
        const value *a = v->u.list.items[i];
        const char *u = val_as_str(a);
        bool ok = u && u[0] == '/' && !strstr(u, "..") && !strstr(u, "//");
        for (const char *q = u; ok && *q; q++)
            ok = *q != '\\' && *q != '?' && *q != '#';
        if (!ok) {
            err_add(errs, p->file, a->pos.line, a->pos.col,
                    "an alias must be a site path like /old/path/ (no '..', '?', '#')");
            rc = -1;
        }
    }
    p->aliases = (value *)v;
    return rc;
}

/* The front-matter keys imprint reads; a page's other keys are its own
 * (page.params), so only a near miss of these warns ("wieght", "darft"). */
static const char *const FRONT_KEYS[] = {"title",   "description", "date",    "lastmod",
                                         "weight",  "draft",       "layout",  "slug",
                                         "aliases", "author",      "language"};

static int front_fields(page *p, err_list *errs)
{
    value *f = p->front;
    const value *v;
    int rc = content_expect(f, "title", VAL_STR, true, p->file, &v, errs);
    p->title = v ? v->u.str.s : "";
    rc |= content_expect(f, "description", VAL_STR, false, p->file, &v, errs);
    p->description = v ? v->u.str.s : "";
    rc |= content_expect(f, "language", VAL_STR, false, p->file, &v, errs);
    p->language = v ? v->u.str.s : "";
    rc |= front_date(p, val_map_get(f, "date"), errs);
    v = val_map_get(f, "lastmod");
    p->lastmod = v && v->type == VAL_STR ? v->u.str.s : p->date;
    v = val_map_get(f, "weight");
    if (v && v->type != VAL_NUM) {
        err_add(errs, p->file, v->pos.line, v->pos.col, "'weight' must be a number");
        rc = -1;
    }
    p->weight = val_num_or(v, 0);
    rc |= content_expect(f, "draft", VAL_BOOL, false, p->file, &v, errs);
    p->draft = v && v->u.b;
    rc |= content_expect(f, "layout", VAL_STR, false, p->file, &v, errs);
    p->layout = v ? v->u.str.s : NULL;
    if (p->layout && !safe_segment(p->layout)) {
        err_add(errs, p->file, v->pos.line, v->pos.col, "layout '%s' must be a plain template name",
                p->layout);
        p->layout = NULL;
        rc = -1;
    }
    rc |= content_expect(f, "slug", VAL_STR, false, p->file, &v, errs);
    if (v && !safe_segment(v->u.str.s)) {
        err_add(errs, p->file, v->pos.line, v->pos.col,
                "slug '%s' must be one URL segment of letters, digits, '-', '_' or '.' "
                "(it would escape the output folder)",
                v->u.str.s);
        rc = -1;
    } else if (v) {
        p->slug = v->u.str.s;
    }
    rc |= content_expect(f, "aliases", VAL_LIST, false, p->file, &v, errs);
    rc |= front_aliases(p, v, errs);
    return rc;
}

/* A page file read and split, before its front matter is parsed. Filled on
 * any thread (read_one), consumed in order by load_page. */
typedef struct raw_page {
    char *path;      /* SITE/content/REL (malloc'd) */
    const char *rel; /* path relative to content/ */
    char *text;      /* the whole file (malloc'd; moves into the page) */
    size_t len;
    const char *fm, *body;
    size_t fm_len, body_len;
    int fm_line, body_line;
    err_list errs;   /* problems found reading it */
    const char *rec; /* its record from the build cache (the file is not read), or NULL */
    size_t rec_len;
    uint64_t hash; /* with rec: the file's content hash */
} raw_page;

typedef struct read_job {
    const char *content_dir;
    raw_page *raws;
} read_job;

/* Reads, validates and splits one page file: the I/O and byte scanning of
 * loading, done in parallel. */
static void read_one(void *ctx, size_t i)
{
    read_job *j = ctx;
    raw_page *r = &j->raws[i];
    int line, col;
    if (!r->path)
        r->path = fs_join(j->content_dir, r->rel);
    if (r->rec)
        return; /* restored from its record: read only to be rendered */
    r->text = fs_read(r->path, &r->len, &r->errs);
    if (!r->text)
        return;
    if (content_split(r->text, r->len, r->path, &r->fm, &r->fm_len, &r->fm_line, &r->body,
                      &r->body_len, &r->body_line, &r->errs) != 0)
        goto bad;
    /* only the front matter is checked here: md_parse checks the body when
     * the page is rendered, so a build never scans a body twice */
    if (!md_valid_utf8(r->text, (size_t)(r->body - r->text), &line, &col)) {
        err_add(&r->errs, r->path, line, col, "invalid UTF-8 (or a NUL byte)");
        goto bad;
    }
    return;
bad:
    free(r->text);
    r->text = NULL;
}

/* The fields and language of p, whose front matter is set: 0 or -1 with errors. */
static int page_fields(site *s, page *p, int fm_line, err_list *errs)
{
    if (p->front->type == VAL_NULL)
        p->front = val_map(s->arena);
    if (p->front->type != VAL_MAP) {
        err_add(errs, p->file, fm_line, 1, "front matter must be a mapping of keys to values");
        return -1;
    }
    return front_fields(p, errs) != 0 || translate_page(s, p, errs) != 0 ? -1 : 0;
}

/* Makes the page of a read file: parses its front matter into the site
 * arena (in file order, so values and messages come out the same for any
 * number of threads). The file text moves into the page (*out). With fc, the
 * page's record is kept there. Returns 0, or -1 with errors (the reading errors
 * of r among them) and *out NULL. */
static int load_page(site *s, raw_page *r, const front_cache *fc, page **out, err_list *errs)
{
    page *p = NULL;
    err_list warns = ERR_LIST_INIT; /* the file's own warnings, kept in its record */
    int rc = -1;
    *out = NULL;
    if (r->errs.errors) {
        err_list_move(errs, &r->errs);
        goto out;
    }
    p = arena_alloc(s->arena, sizeof *p);
    p->file = arena_strdup(s->arena, r->path);
    p->src = arena_strdup(s->arena, r->rel);
    p->front = r->fm_len ? yaml_load(s->arena, r->fm, r->fm_len, p->file, r->fm_line, errs)
                         : val_map(s->arena);
    if (!p->front || page_fields(s, p, r->fm_line, errs) != 0)
        goto out;
    keys_check(&warns, r->text, p->file, p->front, FRONT_KEYS,
               sizeof FRONT_KEYS / sizeof *FRONT_KEYS, NULL, KEYS_WARN_NEAR);
    p->raw = r->text;
    r->text = NULL;
    p->body = r->body;
    p->body_len = r->body_len;
    p->body_line = r->body_line;
    p->body_off = (size_t)(r->body - p->raw);
    if (fc) {
        buf rec = BUF_INIT;
        front_encode(p, &warns, &rec);
        fc->keep(fc->ctx, r->rel, rec.data, rec.len);
        buf_free(&rec);
    }
    err_list_move(errs, &warns);
    *out = p;
    rc = 0;
out:
    err_list_free(&warns);
    return rc;
}

/* Makes the page of a file restored from its record (r->rec), as load_page would from the
 * file; its text is read when it is parsed. A damaged record is read from the file instead. */
static int load_kept_page(site *s, raw_page *r, const front_cache *fc, page **out, err_list *errs)
{
    page *p = arena_alloc(s->arena, sizeof *p);
    err_list warns = ERR_LIST_INIT;
    int rc = -1;
    *out = NULL;
    p->file = arena_strdup(s->arena, r->path);
    p->src = arena_strdup(s->arena, r->rel);
    if (!front_decode(s->arena, r->rec, r->rec_len, p, &warns)) {
        r->rec = NULL;
        read_job rj = {NULL, r};
        read_one(&rj, 0);
        return load_page(s, r, fc, out, errs);
    }
    p->raw_hash = r->hash;
    if (page_fields(s, p, 1, errs) != 0)
        goto out;
    fc->keep(fc->ctx, r->rel, r->rec, r->rec_len);
    err_list_move(errs, &warns);
    *out = p;
    rc = 0;
out:
    err_list_free(&warns);
    return rc;
}

/* Reads the page files of content/ (in parallel; with fc, only those without a record) and
 * makes their pages, in file order; drafts are left out. 0 or -1 with the errors of every page. */
int content_load_pages(site *s, const char *content_dir, const fs_list *files, int jobs,
                       const front_cache *fc, size_t *cap, err_list *errs)
{
    size_t nraw = 0;
    int rc = 0;
    raw_page *raws = xcalloc(files->len ? files->len : 1, sizeof *raws);
    for (size_t i = 0; i < files->len; i++) {
        const char *rel = files->paths[i];
        size_t n = strlen(rel);
        if (n < 4 || strcmp(rel + n - 3, ".md") != 0 || strncmp(rel, "data/", 5) == 0)
            continue;
        raw_page *r = &raws[nraw++];
        r->rel = rel;
        if (fc)
            r->rec = fc->find(fc->ctx, rel, &r->rec_len, &r->hash);
    }
    read_job rj = {content_dir, raws};
    pool_run(nraw, jobs, read_one, &rj);
    for (size_t i = 0; i < nraw; i++) {
        page *p = NULL;
        if ((raws[i].rec ? load_kept_page(s, &raws[i], fc, &p, errs)
                         : load_page(s, &raws[i], fc, &p, errs)) != 0)
            rc = -1;
        if (p && p->draft) {
            free(p->raw);
            p->raw = NULL;
        } else if (p) {
            content_place(s, p);
            content_add_page(s, p, cap);
        }
        free(raws[i].text);
        free(raws[i].path);
        err_list_free(&raws[i].errs);
    }
    free(raws);
    return rc;
}
