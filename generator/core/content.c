/* content.c - reads content/: config, data files, pages; builds and orders the section tree. */
#define _DEFAULT_SOURCE
#include "core/content.h"
#include "core/content_internal.h"
#include "core/highlight.h"
#include "core/i18n.h"
#include "core/theme.h"
#include "core/translate.h"
#include "core/siteconf.h"
#include "core/brand.h"
#include "core/date.h"
#include "core/url.h"
#include "core/chart.h"
#include "util/strmap.h"
#include "util/fsutil.h"
#include "core/table.h"
#include "util/xalloc.h"
#include "core/yamlload.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int content_split(const char *text, size_t len, const char *file, const char **fm, size_t *fm_len,
                  int *fm_line, const char **body, size_t *body_len, int *body_line, err_list *errs)
{
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3; /* a UTF-8 byte order mark, as some Windows editors write */
        len -= 3;
    }
    *fm = text;
    *fm_len = 0;
    *fm_line = 2;
    *body = text;
    *body_len = len;
    *body_line = 1;
    if (!(len >= 4 && strncmp(text, "---", 3) == 0 && (text[3] == '\n' || text[3] == '\r')))
        return 0;
    const char *p = text + (text[3] == '\r' ? 5 : 4), *end = text + len;
    int line = 2;
    *fm = p;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        size_t n = (size_t)(eol - p);
        if (n && p[n - 1] == '\r')
            n--;
        if ((n == 3 && (strncmp(p, "---", 3) == 0 || strncmp(p, "...", 3) == 0))) {
            *fm_len = (size_t)(p - *fm);
            *body = nl ? nl + 1 : end;
            *body_len = (size_t)(end - *body);
            *body_line = line + 1;
            return 0;
        }
        p = nl ? nl + 1 : end;
        line++;
    }
    err_add(errs, file, 1, 1, "front matter starts with '---' but has no closing '---' line");
    return -1;
}

const dtable *site_table(const site *s, const char *name)
{
    for (size_t i = 0; i < s->ntables; i++)
        if (strcmp(s->tables[i]->name, name) == 0)
            return s->tables[i];
    return NULL;
}

value *site_context_map(arena *a, const site *s)
{
    value *m = val_map(a);
    buf ymd = BUF_INIT;
    val_map_set_all(a, m, s->config);
    val_map_set(a, m, "base_url", val_str_own(a, s->base_url));
    date_format_ymd(s->build_time, &ymd);
    val_map_set(a, m, "build_date", val_str(a, buf_cstr(&ymd)));
    val_map_set(a, m, "year", val_strn(a, buf_cstr(&ymd), 4));
    buf_free(&ymd);
    return m;
}

const dtable *site_table_lookup(void *ctx, const char *name)
{
    return site_table(ctx, name);
}

page *site_page_by_src(const site *s, const char *src)
{
    return s->by_src ? strmap_get(s->by_src, src) : NULL;
}

page *site_page_by_url(const site *s, const char *url)
{
    return s->by_url ? strmap_get(s->by_url, url) : NULL;
}

/* ---- config ---- */

int content_expect(const value *map, const char *key, val_type t, bool required, const char *file,
                   const value **out, err_list *errs)
{
    const value *v = val_map_get(map, key);
    int rc = 0;
    *out = NULL;
    if (!v || v->type == VAL_NULL) {
        if (required) {
            err_add(errs, file, map && map->pos.line ? map->pos.line : 1, 1,
                    "missing required key '%s'", key);
            rc = -1;
        }
    } else if (v->type != t) {
        err_add(errs, v->pos.file ? v->pos.file : file, v->pos.line, v->pos.col,
                "'%s' must be %s, not %s", key, val_type_name(t), val_type_name(v->type));
        rc = -1;
    } else {
        *out = v;
    }
    return rc;
}

static int load_config(site *s, err_list *errs)
{
    char *path = fs_join(s->dir, "content/site.yaml");
    const char *file = arena_strdup(s->arena, path);
    const value *base, *menus, *md, *unsafe = NULL, *any;
    value *cfg = NULL;
    char *text = NULL;
    int rc = -1;
    if (!fs_is_file(path)) {
        err_add(errs, file, 0, 0, "missing site config (content/site.yaml with at least a title)");
        goto out;
    }
    size_t len = 0;
    if (!(text = fs_read(path, &len, errs)) ||
        !(cfg = yaml_load(s->arena, text, len, file, 1, errs)))
        goto out;
    if (cfg->type != VAL_MAP) {
        err_add(errs, file, cfg->pos.line, cfg->pos.col, "site config must be a mapping");
        cfg = NULL;
        goto out;
    }
    site_config_check_keys(cfg, text, file, errs);
    rc = 0;
    rc |= content_expect(cfg, "title", VAL_STR, true, file, &any, errs);
    rc |= content_expect(cfg, "base_url", VAL_STR, false, file, &base, errs);
    rc |= content_expect(cfg, "language", VAL_STR, false, file, &any, errs);
    rc |= content_expect(cfg, "description", VAL_STR, false, file, &any, errs);
    rc |= content_expect(cfg, "brand", VAL_MAP, false, file, &any, errs);
    rc |= content_expect(cfg, "menus", VAL_MAP, false, file, &menus, errs);
    rc |= content_expect(cfg, "markdown", VAL_MAP, false, file, &md, errs);
    if (md)
        rc |= content_expect(md, "unsafe", VAL_BOOL, false, file, &unsafe, errs);
    s->unsafe_html = unsafe && unsafe->u.b;
    const value *rel = NULL;
    rc |= content_expect(cfg, "relative_urls", VAL_BOOL, false, file, &rel, errs);
    s->relative_urls = rel && rel->u.b;
    for (size_t i = 0; menus && i < menus->u.map.len; i++) {
        const value *m = menus->u.map.vals[i];
        if (m->type != VAL_LIST) {
            err_add(errs, file, m->pos.line, m->pos.col, "menu '%s' must be a list of {name, url}",
                    menus->u.map.keys[i]);
            rc = -1;
            continue;
        }
        for (size_t k = 0; k < m->u.list.len; k++) {
            const value *e = m->u.list.items[k];
            if (!val_as_str(val_map_get(e, "name")) || !val_as_str(val_map_get(e, "url"))) {
                err_add(errs, file, e->pos.line, e->pos.col,
                        "a menu entry needs 'name' and 'url' strings");
                rc = -1;
            }
        }
    }
    const char *b = base ? base->u.str.s : "";
    size_t bl = strlen(b);
    while (bl && b[bl - 1] == '/')
        bl--;
    s->base_url = arena_strndup(s->arena, b, bl);
    rc |= translate_config(s, cfg, file, errs);
    if (!val_map_get(cfg, "language"))
        val_map_set(s->arena, cfg, "language", val_str(s->arena, "en"));
    s->config = cfg;
out:
    free(text);
    free(path);
    return rc;
}

/* ---- data ---- */

static int load_data(site *s, err_list *errs)
{
    char *dir = fs_join(s->dir, "content/data");
    fs_list files = {0};
    int rc = -1;
    s->data = val_map(s->arena);
    if (fs_walk(dir, &files, errs) != 0)
        goto out;
    rc = 0;
    for (size_t i = 0; i < files.len; i++) {
        const char *rel = files.paths[i];
        size_t n = strlen(rel);
        if (strchr(rel, '/') || n < 6 ||
            (strcmp(rel + n - 5, ".yaml") != 0 && strcmp(rel + n - 4, ".yml") != 0))
            continue;
        char *path = fs_join(dir, rel);
        char *name = xstrndup(rel, n - (rel[n - 4] == '.' ? 4 : 5));
        const char *file = arena_strdup(s->arena, path);
        value *v = yaml_load_file(s->arena, path, errs);
        dtable *t = NULL;
        if (!v)
            rc = -1;
        else
            val_map_set(s->arena, s->data, name, v);
        if (v && dtable_is_table(v) && !(t = dtable_from_value(s->arena, name, file, v, errs)))
            rc = -1;
        if (t) {
            s->tables = arena_realloc(s->arena, s->tables, s->ntables * sizeof *s->tables,
                                      (s->ntables + 1) * sizeof *s->tables);
            s->tables[s->ntables++] = t;
        }
        free(name);
        free(path);
    }
out:
    fs_list_free(&files);
    free(dir);
    return rc;
}

/* ---- pages ---- */

static int page_cmp(const void *a, const void *b)
{
    const page *x = *(page *const *)a, *y = *(page *const *)b;
    if (x->weight != y->weight)
        return x->weight < y->weight ? -1 : 1;
    int c = strcmp(x->title, y->title);
    return c ? c : strcmp(x->src, y->src);
}

/* Folder part of a source path ("guide/x.md" -> "guide", "x.md" -> ""). */
static const char *dir_of(arena *a, const char *src)
{
    const char *slash = strrchr(src, '/');
    return slash ? arena_strndup(a, src, (size_t)(slash - src)) : "";
}

static bool is_index(const char *src)
{
    const char *slash = strrchr(src, '/');
    return strcmp(slash ? slash + 1 : src, "_index.md") == 0;
}

void content_place(site *s, page *p)
{
    arena *a = s->arena;
    const char *dir = dir_of(a, p->base_src);
    if (is_index(p->base_src)) {
        p->kind = dir[0] ? PAGE_SECTION : PAGE_HOME;
        /* a section's URL is its folder; a slug renames the last segment */
        const char *parent = dir_of(a, dir);
        const char *last = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
        const char *seg = p->slug ? p->slug : last;
        p->section = dir;
        if (p->kind == PAGE_HOME)
            p->url = "/";
        else
            p->url = parent[0] ? arena_cat(a, "/", parent, "/", seg, "/", NULL)
                               : arena_cat(a, "/", seg, "/", NULL);
    } else {
        p->kind = PAGE_PAGE;
        const char *base = strrchr(p->base_src, '/') ? strrchr(p->base_src, '/') + 1 : p->base_src;
        const char *seg = p->slug ? p->slug : arena_strndup(a, base, strlen(base) - 3);
        p->section = dir;
        p->url = dir[0] ? arena_cat(a, "/", dir, "/", seg, "/", NULL)
                        : arena_cat(a, "/", seg, "/", NULL);
    }
    if (p->lang) /* a translation: under its language's prefix (/de/guide/intro/) */
        p->url = arena_cat(a, "/", s->langs[p->lang].code, p->url, NULL);
    p->out_path = arena_cat(a, p->url + 1, "index.html", NULL);
    if (!p->layout)
        p->layout = p->kind == PAGE_HOME ? "home" : p->kind == PAGE_SECTION ? "section" : "page";
}

/* Links each page to its nearest ancestor section (or home) and sorts children. */
static void build_tree(site *s)
{
    arena *a = s->arena;
    for (size_t i = 0; i < s->npages; i++) {
        page *p = s->pages[i];
        if (p->kind == PAGE_HOME)
            continue;
        const char *dir = p->kind == PAGE_SECTION ? dir_of(a, p->section) : p->section;
        page *parent = NULL;
        for (;;) {
            char *src = dir[0] ? arena_cat(a, dir, "/_index.md", NULL) : "_index.md";
            parent = site_page_by_src(s, translate_src(a, s, src, p->lang));
            if (parent || !dir[0])
                break;
            dir = dir_of(a, dir);
        }
        p->parent = parent ? parent : s->langs[p->lang].home;
        p->parent->nchildren++;
    }
    /* children arrays sized by a first count, filled by a second pass */
    for (size_t i = 0; i < s->npages; i++) {
        page *p = s->pages[i];
        p->children = p->nchildren ? arena_alloc(a, p->nchildren * sizeof(page *)) : NULL;
        p->nchildren = 0;
    }
    for (size_t i = 0; i < s->npages; i++) {
        page *p = s->pages[i];
        if (p->parent)
            p->parent->children[p->parent->nchildren++] = p;
    }
    for (size_t i = 0; i < s->npages; i++) {
        page *p = s->pages[i];
        if (p->nchildren > 1)
            qsort(p->children, p->nchildren, sizeof(page *), page_cmp);
        page *prev = NULL;
        for (size_t k = 0; k < p->nchildren; k++) {
            page *c = p->children[k];
            if (c->kind != PAGE_PAGE)
                continue;
            c->prev = prev;
            if (prev)
                prev->next = c;
            prev = c;
        }
    }
}

/* Orders pages home first, then depth-first in tree order; each language's pages after the
 * default language's. */
static void order_pages(site *s)
{
    page **out = arena_alloc(s->arena, s->npages * sizeof(page *));
    size_t n = 0;
    page **stack = xmalloc((s->npages + 1) * sizeof(page *));
    size_t sp = 0;
    for (size_t k = s->nlangs; k-- > 0;)
        if (s->langs[k].home)
            stack[sp++] = s->langs[k].home;
    while (sp) {
        page *p = stack[--sp];
        out[n++] = p;
        for (size_t k = p->nchildren; k-- > 0;)
            stack[sp++] = p->children[k];
    }
    free(stack);
    s->pages = out;
    s->npages = n;
}

void content_add_page(site *s, page *p, size_t *cap)
{
    if (s->npages == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        s->pages = arena_realloc(s->arena, s->pages, *cap * sizeof(page *), ncap * sizeof(page *));
        *cap = ncap;
    }
    s->pages[s->npages++] = p;
    if (p->kind == PAGE_HOME)
        s->langs[p->lang].home = p;
    if (p->kind == PAGE_HOME && !p->lang)
        s->home = p;
}

/* Like Hugo: a site needs no content/_index.md (the home page then has the
 * site's title), and a folder of pages without _index.md is still a section,
 * titled after the folder. */
static void add_implicit_pages(site *s, size_t *cap)
{
    arena *a = s->arena;
    strmap have = STRMAP_INIT; /* the index pages, by their file as their language names it */
    for (size_t i = 0; i < s->npages; i++)
        if (s->pages[i]->kind != PAGE_PAGE)
            strmap_put(&have, translate_src(a, s, s->pages[i]->base_src, s->pages[i]->lang),
                       s->pages[i]);
    size_t n = s->npages;
    for (size_t i = 0; i <= n; i++) {
        const char *dir = i < n ? s->pages[i]->section : "";
        size_t lang = i < n ? s->pages[i]->lang : 0; /* each language has its own tree */
        /* the folder and each of its ancestors */
        while (dir) {
            const char *index = dir[0] ? arena_cat(a, dir, "/_index.md", NULL) : "_index.md";
            if (!strmap_get(&have, translate_src(a, s, index, lang))) {
                page *p = arena_alloc(a, sizeof *p);
                const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
                translate_made_up(s, p, index, lang);
                p->file = arena_printf(a, "%s/content/%s", s->dir, p->src);
                p->front = val_map(a);
                p->title =
                    dir[0] ? arena_printf(a, "%c%s",
                                          base[0] >= 'a' && base[0] <= 'z' ? base[0] - 32 : base[0],
                                          base + 1)
                           : val_str_or(val_map_get(s->config, "title"), "Home");
                p->description = "";
                p->date = p->lastmod = "";
                p->body = "";
                p->body_line = 1;
                p->implicit = true;
                content_place(s, p);
                content_add_page(s, p, cap);
                strmap_put(&have, p->src, p);
            }
            if (!dir[0])
                break;
            dir = dir_of(a, dir);
        }
    }
    strmap_free(&have);
}

/* Fills the src and url indexes; two pages with one URL is an error. */
static int index_pages(site *s, err_list *errs)
{
    int rc = 0;
    s->by_src = arena_alloc(s->arena, sizeof(strmap));
    s->by_url = arena_alloc(s->arena, sizeof(strmap));
    for (size_t i = 0; i < s->npages; i++) {
        page *p = s->pages[i];
        strmap_put(s->by_src, p->src, p);
        page *other = strmap_put(s->by_url, p->url, p);
        if (other) {
            page *later = strcmp(other->src, p->src) > 0 ? other : p,
                 *first = later == p ? other : p;
            err_add(errs, later->file, 1, 1, "page URL %s is also the URL of %s", later->url,
                    first->file);
            strmap_put(s->by_url, first->url, first);
            rc = -1;
        }
    }
    return rc;
}

/* The build's date: SOURCE_DATE_EPOCH, else the newest page date, else the
 * newest content file's modification time; never the clock. */
static long long build_time(const site *s, const char *content_dir, const fs_list *files,
                            const front_cache *fc)
{
    long long t = date_source_epoch(), newest_date = 0;
    if (t >= 0)
        goto out;
    bool known = fc && fc->newest >= 0; /* the build looked at the files already */
    t = known ? fc->newest : 0;
    for (size_t i = 0; !known && i < files->len; i++) {
        char *path = fs_join(content_dir, files->paths[i]);
        struct stat st;
        if (stat(path, &st) == 0 && (long long)st.st_mtime > t)
            t = (long long)st.st_mtime;
        free(path);
    }
    for (size_t i = 0; i < s->npages; i++) {
        int y, mo, d;
        if (date_parse_ymd(s->pages[i]->lastmod, &y, &mo, &d) &&
            date_to_epoch(y, mo, d) > newest_date)
            newest_date = date_to_epoch(y, mo, d);
    }
    if (newest_date)
        t = newest_date;
out:
    return t;
}

int site_check_folder(const char *dir, err_list *errs)
{
    char *content_dir = fs_join(dir, "content");
    int rc = 0;
    if (!fs_is_dir(content_dir)) {
        err_add(errs, content_dir, 0, 0,
                "no content folder (is -C pointing at a site? 'imprint new %s' starts one there)",
                dir);
        rc = -1;
    }
    free(content_dir);
    return rc;
}

site *site_load(const char *dir, const char *theme_dir, int jobs, err_list *errs)
{
    return site_load_cached(dir, theme_dir, jobs, NULL, errs);
}

site *site_load_cached(const char *dir, const char *theme_dir, int jobs, const front_cache *fc,
                       err_list *errs)
{
    site *s = NULL;
    arena *a = arena_new();
    fs_list files = {0};
    char *content_dir = fs_join(dir, "content");
    size_t cap = 0;
    int rc = -1;
    s = arena_alloc(a, sizeof *s);
    s->arena = a;
    s->dir = arena_strdup(a, dir);
    s->theme_dir = theme_dir && !theme_same_dir(dir, theme_dir) ? arena_strdup(a, theme_dir) : NULL;
    if (site_check_folder(dir, errs) != 0)
        goto out;
    rc = load_config(s, errs);
    if (!s->langs) /* site.yaml unreadable: one language, so that the pages still load */
        translate_config(s, val_map(a), NULL, errs);
    if (s->config)
        rc |= brand_palette_load(s->config, &s->palette, errs);
    rc |= load_data(s, errs);
    if (!(s->hl = hl_set_load(dir, s->theme_dir, errs)))
        rc = -1;
    if (fs_walk(content_dir, &files, errs) != 0) {
        rc = -1;
        goto out;
    }
    rc |= content_load_pages(s, content_dir, &files, jobs, fc, &cap, errs);
    rc |= i18n_site_load(s, errs); /* after the pages: it checks their languages */
    if (rc != 0)
        goto out;
    add_implicit_pages(s, &cap);
    if (index_pages(s, errs) != 0) {
        rc = -1;
        goto out;
    }
    translate_link(s);
    build_tree(s);
    order_pages(s);
    s->build_time = build_time(s, content_dir, &files, fc);
out:
    fs_list_free(&files);
    free(content_dir);
    if (rc != 0) {
        site_free(s);
        s = NULL;
    }
    return s;
}

void site_free(site *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->npages; i++) {
        site_page_release(s->pages[i]);
        free(s->pages[i]->raw);
    }
    if (s->by_src)
        strmap_free(s->by_src);
    if (s->by_url)
        strmap_free(s->by_url);
    hl_set_free(s->hl);
    arena_free(s->arena);
}
