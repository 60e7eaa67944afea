/* site.c - site assembly: template contexts, page rendering, assets, output swap. */
#define _GNU_SOURCE
#include "site/site.h"
#include "core/date.h"
#include "core/chart.h"
#include "site/cache.h"
#include "core/content.h"
#include "site/feeds.h"
#include "util/fsutil.h"
#include "site/linkcheck.h"
#include "core/markdown.h"
#include "util/pool.h"
#include "util/strmap.h"
#include "core/table.h"
#include "core/template.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* State of one build, shared read-only by page renders once set up. */
typedef struct build {
    const site *s;
    const site_build_opts *o;
    tpl_set *tpls;
    char *layouts_dir;
    char *root;      /* folder being written: OUT_DIR/.site-tmp-PID */
    value *site_ctx; /* the `site` map */
    value *assets;   /* the `assets` map */
    link_index *links;
    size_t files;
    /* incremental builds (cache.h) */
    const build_cache *old; /* the last build's record, or NULL */
    build_cache *cache;     /* this build's record, or NULL */
    bool incremental;       /* write changed files only, through staging */
    uint64_t global_key;    /* hash of everything every page depends on */
    pthread_mutex_t lock;   /* guards the fields below, written from page threads */
    char **staged;          /* final paths of staged files; file i is ROOT/i */
    size_t nstaged, capstaged;
    size_t written;  /* files written */
    size_t outs_cap; /* capacity of cache->out_paths/out_hashes */
} build;

/* Adds a written (or kept) file to this build's record; b->lock held. */
static void record_output(build *b, const char *rel, uint64_t h)
{
    if (b->cache->nouts == b->outs_cap) {
        b->outs_cap = b->outs_cap ? b->outs_cap * 2 : 256;
        b->cache->out_paths = xrealloc(b->cache->out_paths, b->outs_cap * sizeof(char *));
        b->cache->out_hashes = xrealloc(b->cache->out_hashes, b->outs_cap * sizeof(uint64_t));
    }
    b->cache->out_paths[b->cache->nouts] = xstrdup(rel);
    b->cache->out_hashes[b->cache->nouts++] = h;
}

/* Writes one output file (any thread): records its hash for the cache and,
 * in an incremental build, skips it when unchanged or stages it otherwise. */
static int put_output(build *b, const char *rel, const char *data, size_t len, err_list *errs)
{
    uint64_t h = strmap_hash(data, len), prev;
    bool same = b->old && cache_output_hash(b->old, rel, &prev) && prev == h;
    char *path = NULL;
    int rc = 0;
    pthread_mutex_lock(&b->lock);
    if (b->cache)
        record_output(b, rel, h);
    if (b->o->write && !(b->incremental && same)) {
        if (b->incremental) {
            if (b->nstaged == b->capstaged) {
                b->capstaged = b->capstaged ? b->capstaged * 2 : 64;
                b->staged = xrealloc(b->staged, b->capstaged * sizeof *b->staged);
            }
            path = xasprintf("%s/%zu", b->root, b->nstaged);
            b->staged[b->nstaged++] = xstrdup(rel);
        } else
            path = fs_join(b->root, rel);
        b->written++;
    }
    pthread_mutex_unlock(&b->lock);
    if (path)
        rc = fs_write_direct(path, data, len,
                             errs); /* staged or in the new tree: swapped in at the end */
    free(path);
    return rc;
}

static int emit(build *b, const char *rel, const char *data, size_t len, bool html,
                const char *source, const char *source_text, int line0, err_list *errs)
{
    link_index_add(b->links, rel, html ? data : NULL, len, source, source_text, line0);
    b->files++;
    return put_output(b, rel, data, len, errs);
}

/* Copies the files that sit beside the pages in content/ (images,
 * downloads) to the same paths in the site; pages, site.yaml and the data
 * and profile folders are sources, not outputs. */
static int copy_content_files(build *b, err_list *errs)
{
    char *dir = fs_join(b->s->dir, "content");
    fs_list files = {0};
    int rc = fs_walk(dir, &files, errs);
    for (size_t i = 0; rc == 0 && i < files.len; i++) {
        const char *rel = files.paths[i];
        size_t n = strlen(rel);
        if ((n > 3 && strcmp(rel + n - 3, ".md") == 0) || strcmp(rel, "site.yaml") == 0 ||
            strncmp(rel, "data/", 5) == 0 || strncmp(rel, "profiles/", 9) == 0)
            continue;
        char *src = fs_join(dir, rel);
        size_t len = 0;
        char *data = fs_read(src, &len, errs);
        if (!data || emit(b, rel, data, len, false, src, NULL, 0, errs) != 0)
            rc = -1;
        free(data);
        free(src);
    }
    fs_list_free(&files);
    free(dir);
    return rc;
}

/* Copies assets/, fingerprinting CSS file names, and fills the `assets` map
 * (key: the file name with '.' as '_', "site_css"). */
static int copy_assets(build *b, err_list *errs)
{
    arena *a = b->s->arena;
    char *dir = fs_join(b->s->dir, "assets");
    fs_list files = {0};
    int rc = 0;
    b->assets = val_map(a);
    if (fs_walk(dir, &files, errs) != 0) {
        rc = -1;
        goto out;
    }
    for (size_t i = 0; i < files.len; i++) {
        const char *rel = files.paths[i];
        char *src = fs_join(dir, rel);
        size_t len = 0;
        char *data = fs_read(src, &len, errs);
        if (!data) {
            rc = -1;
            free(src);
            continue;
        }
        const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
        const char *dot = strrchr(base, '.');
        if ((dot && (strcmp(dot, ".ttf") == 0 || strcmp(dot, ".otf") == 0)) ||
            strncmp(rel, "readme/", 7) == 0) {
            /* TrueType/OpenType files are the PDF's fonts, not web fonts;
             * readme/ holds the README's pictures */
            free(data);
            free(src);
            continue;
        }
        char *out_rel;
        if (dot && strcmp(dot, ".css") == 0)
            out_rel = xasprintf("assets/%.*s.%08llx%s", (int)(dot - rel), rel,
                                (unsigned long long)(strmap_hash(data, len) & 0xffffffffULL), dot);
        else
            out_rel = xasprintf("assets/%s", rel);
        char *key = xstrdup(base);
        for (char *k = key; *k; k++)
            if (*k == '.' || *k == '-')
                *k = '_';
        val_map_set(a, b->assets, key, val_str_own(a, arena_printf(a, "/%s", out_rel)));
        if (emit(b, out_rel, data, len, false, src, NULL, 0, errs) != 0)
            rc = -1;
        free(key);
        free(out_rel);
        free(data);
        free(src);
    }
out:
    fs_list_free(&files);
    free(dir);
    return rc;
}

static value *page_ref(arena *a, const page *p)
{
    value *m = val_map(a);
    val_map_set(a, m, "title", val_str_own(a, p->title));
    val_map_set(a, m, "url", val_str_own(a, p->url));
    val_map_set(a, m, "description", val_str_own(a, p->description));
    return m;
}

static value *children_list(arena *a, const page *p)
{
    value *l = val_list(a);
    for (size_t i = 0; i < p->nchildren; i++)
        val_list_push(a, l, page_ref(a, p->children[i]));
    return l;
}

/* The `site` map: the config plus computed fields. Built once per build. */
static value *site_context(const site *s)
{
    arena *a = s->arena;
    value *m = site_context_map(a, s);
    value *sections = val_list(a);
    for (size_t i = 0; i < s->home->nchildren; i++) {
        const page *c = s->home->children[i];
        if (c->kind != PAGE_SECTION)
            continue;
        value *sec = page_ref(a, c);
        val_map_set(a, sec, "pages", children_list(a, c));
        val_list_push(a, sections, sec);
    }
    val_map_set(a, m, "sections", sections);
    return m;
}

static value *menu_context(arena *a, const site *s, const char *url)
{
    value *l = val_list(a);
    const value *menu = val_path(s->config, "menus.main");
    for (size_t i = 0; menu && menu->type == VAL_LIST && i < menu->u.list.len; i++) {
        const value *e = menu->u.list.items[i];
        const char *mu = val_str_or(val_map_get(e, "url"), "/");
        value *m = val_map(a);
        val_map_set(a, m, "name", val_map_get(e, "name"));
        val_map_set(a, m, "url", val_map_get(e, "url"));
        /* the longest matching menu URL is the active one; exact for "/" */
        bool active =
            strcmp(mu, "/") == 0 ? strcmp(url, "/") == 0 : strncmp(url, mu, strlen(mu)) == 0;
        for (size_t k = 0; active && k < menu->u.list.len; k++) {
            const char *other = val_str_or(val_map_get(menu->u.list.items[k], "url"), "/");
            if (strlen(other) > strlen(mu) && strncmp(url, other, strlen(other)) == 0)
                active = false;
        }
        val_map_set(a, m, "active", val_bool(a, active));
        val_list_push(a, l, m);
    }
    return l;
}

int site_directive_html(const site *s, dtable_lookup_fn lookup, void *lookup_ctx, const md_doc *doc,
                        const md_directive *dir, buf *out, err_list *errs)
{
    const dtable *t = lookup(lookup_ctx, dir->name);
    if (!t) {
        err_add(errs, md_file(doc), dir->line, dir->col, "unknown data table '%s'", dir->name);
        return -1;
    }
    buf id = BUF_INIT;
    buf_printf(&id, "%s-%s", dir->kind == MD_DIR_CHART ? "chart" : "table", dir->name);
    /* the same table shown twice in a page gets distinct ids */
    size_t n;
    const md_directive *all = md_directives(doc, &n);
    for (const md_directive *o = all; o < dir; o++)
        if (o->kind == dir->kind && strcmp(o->name, dir->name) == 0)
            buf_printf(&id, "-%zu", (size_t)(dir - all));
    int rc = 0;
    if (dir->kind == MD_DIR_TABLE) {
        dtable_render_html(t, buf_cstr(&id), out);
    } else if (dir->kind == MD_DIR_CHART) {
        /* the brand colours (site.yaml's brand.colors over the defaults) */
        const brand_palette *pal = &s->palette;
        chart_style style = {
            .series = {pal->primary, pal->accent, pal->muted, pal->text},
            .text = pal->text,
            .muted = pal->muted,
            .grid = 0xe3e6ea,
            .font_size = 19,
        };
        chart *c = chart_new(t, dir->body, md_file(doc), dir->line + 1, errs);
        if (c) {
            ch_geom g;
            chart_layout(c, 720, &style, NULL, NULL, &g);
            chart_svg(c, &g, buf_cstr(&id), out);
            ch_geom_free(&g);
            chart_free(c);
        } else {
            rc = -1;
        }
    }
    buf_free(&id);
    return rc;
}

/* HTML for a table or chart directive: the site's own data tables. */
static int render_directive(void *ctx, const md_doc *doc, const md_directive *dir, buf *out,
                            err_list *errs)
{
    const site *s = ctx;
    return site_directive_html(s, site_table_lookup, (void *)s, doc, dir, out, errs);
}

/* The `page` map for p, with its rendered content. */
static value *page_context(arena *a, const site *s, const page *p, const char *content)
{
    value *m = val_map(a);
    buf tmp = BUF_INIT;
    val_map_set(a, m, "title", val_str_own(a, p->title));
    const char *desc = p->description[0] ? p->description : p->summary ? p->summary : "";
    val_map_set(a, m, "description", val_str_own(a, desc));
    val_map_set(a, m, "url", val_str_own(a, p->url));
    val_map_set(a, m, "permalink", val_str_own(a, arena_printf(a, "%s%s", s->base_url, p->url)));
    const char *kind = p->kind == PAGE_HOME ? "home" : p->kind == PAGE_SECTION ? "section" : "page";
    val_map_set(a, m, "kind", val_str_own(a, kind));
    val_map_set(a, m, "is_home", val_bool(a, p->kind == PAGE_HOME));
    val_map_set(a, m, "is_section", val_bool(a, p->kind == PAGE_SECTION));
    val_map_set(a, m, "is_page", val_bool(a, p->kind == PAGE_PAGE));
    val_map_set(a, m, "og_type", val_str_own(a, p->kind == PAGE_PAGE ? "article" : "website"));
    val_map_set(a, m, "date", val_str_own(a, p->date));
    date_format_display(p->date, &tmp);
    val_map_set(a, m, "date_display", val_str(a, buf_cstr(&tmp)));
    buf_reset(&tmp);
    val_map_set(a, m, "content", val_str_own(a, content));
    value *toc = val_list(a);
    for (size_t i = 0; i < p->ntoc; i++) {
        if (p->toc[i].level < 2 || p->toc[i].level > 3)
            continue;
        value *e = val_map(a);
        val_map_set(a, e, "id", val_str_own(a, p->toc[i].id));
        val_map_set(a, e, "text", val_str_own(a, p->toc[i].text));
        val_map_set(a, e, "level", val_num(a, p->toc[i].level));
        val_map_set(a, e, "sub", val_bool(a, p->toc[i].level > 2));
        val_list_push(a, toc, e);
    }
    val_map_set(a, m, "toc", toc);
    val_map_set(a, m, "has_toc", val_bool(a, toc->u.list.len > 1));
    /* breadcrumbs, home first */
    const page *chain[64];
    size_t depth = 0;
    for (const page *q = p; q && depth < 64; q = q->parent)
        chain[depth++] = q;
    value *crumbs = val_list(a);
    for (size_t i = depth; i-- > 0;) {
        value *c = page_ref(a, chain[i]);
        val_map_set(a, c, "last", val_bool(a, i == 0));
        val_map_set(a, c, "first", val_bool(a, i == depth - 1));
        val_list_push(a, crumbs, c);
    }
    val_map_set(a, m, "breadcrumbs", crumbs);
    val_map_set(a, m, "prev", p->prev ? page_ref(a, p->prev) : val_null(a));
    val_map_set(a, m, "next", p->next ? page_ref(a, p->next) : val_null(a));
    val_map_set(a, m, "pages", children_list(a, p));
    val_map_set(a, m, "has_pages", val_bool(a, p->nchildren > 0));
    size_t words = p->doc ? md_word_count(p->doc) : 0;
    val_map_set(a, m, "word_count", val_num(a, (double)words));
    val_map_set(a, m, "reading_minutes",
                val_num(a, (double)((words + 219) / 220 ? (words + 219) / 220 : 1)));
    val_map_set(a, m, "params", p->front);
    feeds_json_ld(s, p, &tmp);
    val_map_set(a, m, "json_ld", val_str(a, buf_cstr(&tmp)));
    buf_free(&tmp);
    return m;
}

static value *root_context(arena *a, build *b, value *page_map, const char *url)
{
    value *ctx = val_map(a);
    val_map_set(a, ctx, "site", b->site_ctx);
    val_map_set(a, ctx, "data", b->s->data);
    val_map_set(a, ctx, "assets", b->assets);
    val_map_set(a, ctx, "menu_main", menu_context(a, b->s, url));
    val_map_set(a, ctx, "page", page_map);
    return ctx;
}

static const tpl *layout(build *b, const char *name, const char *for_file, err_list *errs)
{
    const tpl *t = tpl_set_get(b->tpls, name, errs);
    if (!t)
        err_add(errs, for_file, 1, 1, "no layout '%s' (looked for %s/%s, %s.mustache, %s.html)",
                name, b->layouts_dir, name, name, name);
    return t;
}

/* Renders one page to its file into link-index slot `slot`; its content HTML
 * is returned in *content_out (malloc'd) for the feed. Runs on any thread:
 * it touches only its own arena, buffers, slot and file. */
static int render_page(build *b, const page *p, size_t slot, bool j_keep, char **content_out,
                       err_list *errs)
{
    arena *a = arena_new();
    buf content = BUF_INIT, html = BUF_INIT;
    int rc = -1;
    const tpl *t = layout(b, p->layout, p->file, errs);
    if (!t)
        goto out;
    if (site_page_parse(b->s, (page *)p, errs) != 0)
        goto out;
    if (md_render_html(p->doc, render_directive, (void *)b->s, &content, errs) != 0)
        goto out;
    value *pm = page_context(a, b->s, p, buf_cstr(&content));
    value *ctx = root_context(a, b, pm, p->url);
    if (tpl_render(b->tpls, t, ctx, &html, errs) != 0)
        goto out;
    link_index_set(b->links, slot, p->out_path, html.data, html.len, p->file, NULL, 0);
    rc = put_output(b, p->out_path, html.data, html.len, errs);
out:
    /* the tree is done with once the page is written; a big site never holds them all */
    site_page_release((page *)p);
    *content_out = rc == 0 && j_keep ? buf_detach(&content) : NULL;
    buf_free(&content);
    buf_free(&html);
    arena_free(a);
    return rc;
}

static int render_404(build *b, err_list *errs)
{
    arena *a = arena_new();
    buf html = BUF_INIT;
    int rc = -1;
    char *file = fs_join(b->layouts_dir, "404.html");
    const tpl *t = layout(b, "404", file, errs);
    if (!t)
        goto out;
    value *pm = val_map(a);
    val_map_set(a, pm, "title", val_str(a, "Page not found"));
    val_map_set(a, pm, "description", val_str(a, ""));
    val_map_set(a, pm, "url", val_str(a, "/404.html"));
    val_map_set(a, pm, "permalink", val_str_own(a, arena_printf(a, "%s/404.html", b->s->base_url)));
    val_map_set(a, pm, "kind", val_str(a, "404"));
    val_map_set(a, pm, "og_type", val_str(a, "website"));
    val_map_set(a, pm, "json_ld", val_str(a, "{}"));
    value *ctx = root_context(a, b, pm, "/404.html");
    if (tpl_render(b->tpls, t, ctx, &html, errs) != 0)
        goto out;
    rc = emit(b, "404.html", html.data, html.len, true, file, NULL, 0, errs);
out:
    free(file);
    buf_free(&html);
    arena_free(a);
    return rc;
}

static int write_aliases(build *b, const page *p, err_list *errs)
{
    int rc = 0;
    buf html = BUF_INIT, target = BUF_INIT;
    for (size_t i = 0; p->aliases && i < p->aliases->u.list.len; i++) {
        const char *alias = val_as_str(p->aliases->u.list.items[i]);
        buf_reset(&html);
        buf_reset(&target);
        buf_printf(&target, "%s%s", b->s->base_url, p->url);
        buf_puts(&html,
                 "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        buf_put_html(&html, p->title, strlen(p->title));
        buf_puts(&html, "</title>\n<link rel=\"canonical\" href=\"");
        buf_put_html(&html, target.data, target.len);
        buf_printf(&html,
                   "\">\n<meta http-equiv=\"refresh\" content=\"0; url=%s\">\n</head>\n<body>\n"
                   "<p>This page has moved to <a href=\"%s\">",
                   p->url, p->url);
        buf_put_html(&html, p->title, strlen(p->title));
        buf_puts(&html, "</a>.</p>\n</body>\n</html>\n");
        size_t n = strlen(alias);
        char *rel = alias[n - 1] == '/'
                        ? xasprintf("%sindex.html", alias + 1)
                        : (strstr(alias, ".htm") ? xstrdup(alias + 1)
                                                 : xasprintf("%s/index.html", alias + 1));
        if (emit(b, rel, html.data, html.len, true, p->file, NULL, 0, errs) != 0)
            rc = -1;
        free(rel);
    }
    buf_free(&html);
    buf_free(&target);
    return rc;
}

#define FEED_LIMIT 50 /* the feed carries the newest 50 pages, like most feeds */

typedef struct render_job {
    build *b;
    char **contents;      /* per page: its content HTML, for the feed */
    const bool *in_feed;  /* per page: its content goes into the feed */
    err_list *errs;       /* per page, merged in page order */
    size_t first_slot;    /* link-index slots reserved for the pages */
    pthread_mutex_t lock; /* serialises the progress callback */
    atomic_size_t done;
    atomic_size_t rendered;
} render_job;

/* A page's key: the site-wide key, the page's source and its navigation
 * context (everything page_context puts in the page map that does not come
 * from its own body). */
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
 * page_context that does not come from the page's own body: its front
 * matter and place (what the menu's active flag and the permalink derive
 * from), its ancestors, neighbours and children as page_ref shows them.
 * Everything else page_context reads is the page's own source (summary,
 * table of contents, word count, FAQ) or site-wide (config, data). Keep the
 * two in step: tests/incremental.py compares with clean builds. */
static uint64_t page_key(build *b, const page *p)
{
    char src[1024];
    snprintf(src, sizeof src, "content/%s", p->src);
    uint64_t k = cache_mix(b->global_key, p->implicit ? 1 : cache_input_hash(b->cache, src));
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

static void render_one(void *ctx, size_t i)
{
    render_job *j = ctx;
    build *b = j->b;
    const page *p = b->s->pages[i];
    size_t slot = j->first_slot + i;
    uint64_t key = b->cache ? page_key(b, p) : 0;
    const cache_page *old = b->old ? cache_find_page(b->old, p->out_path) : NULL;
    cache_page *rec = b->cache ? &b->cache->pages[i] : NULL;
    if (old && old->key == key && !j->in_feed[i]) {
        /* unchanged: keep the file; its links still join the check */
        link_index_set_lists(b->links, slot, p->out_path, p->file, old->ids, old->nids, old->links,
                             old->nlinks);
        uint64_t h;
        if (b->cache && cache_output_hash(b->old, p->out_path, &h)) {
            pthread_mutex_lock(&b->lock);
            record_output(b, p->out_path, h);
            pthread_mutex_unlock(&b->lock);
        }
    } else {
        render_page(b, p, slot, j->in_feed[i], &j->contents[i], &j->errs[i]);
        atomic_fetch_add(&j->rendered, 1);
    }
    if (rec) {
        char **ids, **links;
        size_t nids, nlinks;
        link_index_lists(b->links, slot, &ids, &nids, &links, &nlinks);
        rec->path = xstrdup(p->out_path);
        rec->key = key;
        rec->ids = xcalloc(nids ? nids : 1, sizeof(char *));
        for (size_t k = 0; k < nids; k++)
            rec->ids[rec->nids++] = xstrdup(ids[k]);
        rec->links = xcalloc(nlinks ? nlinks : 1, sizeof(char *));
        for (size_t k = 0; k < nlinks; k++)
            rec->links[rec->nlinks++] = xstrdup(links[k]);
        free(links);
    }
    size_t done = atomic_fetch_add(&j->done, 1) + 1;
    if (b->o->progress) {
        pthread_mutex_lock(&j->lock);
        b->o->progress(b->o->progress_ctx, done, b->s->npages);
        pthread_mutex_unlock(&j->lock);
    }
}

/* Hash of everything every page depends on: settings, config, data,
 * layouts, assets, and the site-wide template context. */
static uint64_t global_key(build *b)
{
    uint64_t k = strmap_hash(b->cache->signature ? b->cache->signature : "",
                             b->cache->signature ? strlen(b->cache->signature) : 0);
    for (size_t i = 0; i < b->cache->ninputs; i++) {
        const cache_input *in = &b->cache->inputs[i];
        if (strncmp(in->path, "content/", 8) == 0 && strcmp(in->path, "content/site.yaml") != 0 &&
            strncmp(in->path, "content/data/", 13) != 0)
            continue; /* pages count in their own keys */
        k = cache_mix(k, strmap_hash(in->path, strlen(in->path)));
        k = cache_mix(k, in->hash);
    }
    buf json = BUF_INIT;
    val_to_json(b->site_ctx, &json);
    val_to_json(b->assets, &json);
    k = cache_mix(k, strmap_hash(json.data ? json.data : "", json.len));
    buf_free(&json);
    return k;
}

/* Incremental finish: staged files move into OUT_DIR/site, files the site
 * no longer has go. */
static int apply_staged(build *b, err_list *errs)
{
    char *final = fs_join(b->o->out_dir, "site");
    int rc = 0;
    for (size_t i = 0; i < b->nstaged && rc == 0; i++) {
        char *from = xasprintf("%s/%zu", b->root, i);
        char *to = fs_join(final, b->staged[i]);
        char *slash = strrchr(to, '/');
        *slash = '\0';
        rc = fs_mkdirs(to, errs);
        *slash = '/';
        if (rc == 0 && rename(from, to) != 0) {
            err_add(errs, to, 0, 0, "cannot move the new file into place");
            rc = -1;
        }
        free(from);
        free(to);
    }
    strmap now = STRMAP_INIT;
    for (size_t i = 0; i < b->cache->nouts; i++)
        strmap_put(&now, b->cache->out_paths[i], (void *)1);
    for (size_t i = 0; rc == 0 && i < b->old->nouts; i++)
        if (!strmap_get(&now, b->old->out_paths[i])) {
            char *gone = fs_join(final, b->old->out_paths[i]);
            unlink(gone);
            /* and the folders it leaves empty (rmdir fails on a non-empty one) */
            for (char *slash = strrchr(gone, '/'); slash && slash > gone + strlen(final);
                 slash = strrchr(gone, '/')) {
                *slash = '\0';
                if (rmdir(gone) != 0)
                    break;
            }
            free(gone);
        }
    strmap_free(&now);
    err_list ignore = ERR_LIST_INIT;
    fs_remove_tree(b->root, &ignore);
    err_list_free(&ignore);
    free(final);
    return rc;
}

/* Moves the finished temporary folder into OUT_DIR/site. */
static int swap_in(build *b, err_list *errs)
{
    char *final = fs_join(b->o->out_dir, "site");
    char *old = xasprintf("%s/.site-old-%ld", b->o->out_dir, (long)getpid());
    int rc = -1;
    if (fs_remove_tree(old, errs) != 0)
        goto out;
    if (fs_is_dir(final) && rename(final, old) != 0) {
        err_add(errs, final, 0, 0, "cannot replace the previous site");
        goto out;
    }
    if (rename(b->root, final) != 0) {
        err_add(errs, final, 0, 0, "cannot move the new site into place");
        rename(old, final);
        goto out;
    }
    rc = fs_remove_tree(old, errs);
out:
    free(final);
    free(old);
    return rc;
}

int site_build(const site *s, const site_build_opts *o, site_build_stats *stats, err_list *errs)
{
    build b = {0};
    int rc = -1;
    size_t before = errs->errors;
    char **contents = xcalloc(s->npages, sizeof(char *));
    buf tmp = BUF_INIT;
    b.s = s;
    b.o = o;
    b.old = o->old_cache;
    b.cache = o->new_cache;
    pthread_mutex_init(&b.lock, NULL);
    char *existing = fs_join(o->out_dir, "site");
    b.incremental = o->write && b.old && b.cache && fs_is_dir(existing);
    free(existing);
    if (!b.cache)
        b.old = NULL; /* reuse needs a record to carry over into */
    b.layouts_dir = fs_join(s->dir, "layouts");
    b.tpls = tpl_set_new(b.layouts_dir, true);
    b.links = link_index_new();
    b.root =
        xasprintf("%s/.site-%s-%ld", o->out_dir, b.incremental ? "stage" : "tmp", (long)getpid());
    if (o->write) {
        if (fs_mkdirs(o->out_dir, errs) != 0 || fs_remove_tree(b.root, errs) != 0 ||
            fs_mkdirs(b.root, errs) != 0)
            goto out;
    }
    if (copy_assets(&b, errs) != 0 || copy_content_files(&b, errs) != 0)
        goto out;
    b.site_ctx = site_context(s);
    if (b.cache) {
        b.global_key = global_key(&b);
        b.cache->pages = xcalloc(s->npages ? s->npages : 1, sizeof(cache_page));
        b.cache->npages = s->npages;
    }
    render_job job;
    memset(&job, 0, sizeof job);
    job.b = &b;
    job.contents = contents;
    job.in_feed = feeds_select(s, FEED_LIMIT);
    job.errs = xcalloc(s->npages ? s->npages : 1, sizeof(err_list));
    job.first_slot = link_index_reserve(b.links, s->npages);
    pthread_mutex_init(&job.lock, NULL);
    atomic_init(&job.done, 0);
    pool_run(s->npages, o->jobs, render_one, &job);
    pthread_mutex_destroy(&job.lock);
    free((void *)job.in_feed);
    b.files += s->npages;
    size_t rendered = atomic_load(&job.rendered);
    for (size_t i = 0; i < s->npages; i++) {
        err_list_move(errs, &job.errs[i]);
        write_aliases(&b, s->pages[i], errs);
    }
    free(job.errs);
    render_404(&b, errs);
    feeds_sitemap(s, &tmp);
    emit(&b, "sitemap.xml", tmp.data, tmp.len, false, "sitemap.xml", NULL, 0, errs);
    buf_reset(&tmp);
    feeds_atom(s, (const char *const *)contents, FEED_LIMIT, &tmp);
    emit(&b, "atom.xml", tmp.data, tmp.len, false, "atom.xml", NULL, 0, errs);
    buf_reset(&tmp);
    feeds_robots(s, &tmp);
    emit(&b, "robots.txt", tmp.data, tmp.len, false, "robots.txt", NULL, 0, errs);
    if (errs->errors > before)
        goto out;
    if (link_index_check(b.links, errs) > 0)
        goto out;
    if (o->write && (b.incremental ? apply_staged(&b, errs) : swap_in(&b, errs)) != 0)
        goto out;
    if (b.cache)
        cache_index(b.cache);
    rc = 0;
    if (stats) {
        stats->pages = s->npages;
        stats->rendered = rendered;
        stats->files = b.files;
        stats->written = b.written;
    }
out:
    if (o->write && rc != 0) {
        err_list ignore = ERR_LIST_INIT;
        fs_remove_tree(b.root, &ignore);
        err_list_free(&ignore);
    }
    for (size_t i = 0; i < s->npages; i++)
        free(contents[i]);
    free(contents);
    for (size_t i = 0; i < b.nstaged; i++)
        free(b.staged[i]);
    free(b.staged);
    pthread_mutex_destroy(&b.lock);
    buf_free(&tmp);
    link_index_free(b.links);
    tpl_set_free(b.tpls);
    free(b.layouts_dir);
    free(b.root);
    return rc;
}
