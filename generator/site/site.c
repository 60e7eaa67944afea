/* site.c - the website stage: renders every page through its layout on the
 * thread pool (reusing unchanged pages in an incremental build), the 404 page,
 * alias redirects and feeds, checks every link, then finishes the output. */
#define _GNU_SOURCE
#include "site/internal.h"
#include "site/relurl.h"
#include "core/content.h"
#include "core/i18n.h"
#include "core/theme.h"
#include "core/translate.h"
#include "core/markdown.h"
#include "site/feeds.h"
#include "util/fsutil.h"
#include "util/pool.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FEED_LIMIT 50 /* the feed carries the newest 50 pages, like most feeds */

/* The layout called name, or NULL with an error: it does not compile, or
 * there is none (reported at for_file, the page asking). */
static const tpl *layout(build *b, const char *name, const char *for_file, err_list *errs)
{
    const tpl *t = NULL;
    if (tpl_set_get(b->tpls, name, &t, errs) == 0 && !t)
        err_add(errs, for_file, 1, 1, "no layout '%s' (looked for %s, %s.mustache, %s.html in %s)",
                name, name, name, name, b->layouts_where);
    return t;
}

/* With relative_urls, makes html's root-relative URLs relative to the file
 * at rel (in the site), in place. */
static void finish_html(const build *b, const char *rel, buf *html)
{
    if (!b->s->relative_urls)
        return;
    buf out = BUF_INIT;
    html_relative_urls(html->data ? html->data : "", html->len, rel, &out);
    buf_free(html);
    *html = out;
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
    if (md_render_html(p->doc, site_ctx_directive, (void *)b->s, &content, errs) != 0)
        goto out;
    value *pm = site_ctx_page(a, b->s, p, buf_cstr(&content));
    value *ctx = site_ctx_root(a, b, pm, p->url);
    if (tpl_render(b->tpls, t, ctx, &html, errs) != 0)
        goto out;
    /* links are checked as written (site paths), before relative_urls rewrites them */
    link_index_set(b->links, slot, p->out_path, html.data, html.len, p->file, NULL, 0);
    finish_html(b, p->out_path, &html);
    rc = site_out_put(b, p->out_path, NULL, html.data, html.len, errs); /* claimed already */
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
    char *file = theme_resolve(b->s->dir, b->s->theme_dir, "layouts/404.html", NULL);
    const tpl *t = layout(b, "404", file ? file : "layouts/404.html", errs);
    if (!t)
        goto out;
    value *pm = val_map(a);
    const char *lang = val_str_or(val_map_get(b->s->config, "language"), "en");
    val_map_set(a, pm, "title",
                val_str(a, i18n_get(i18n_lang_for(b->s->i18n, lang), "page_not_found")));
    val_map_set(a, pm, "description", val_str(a, ""));
    val_map_set(a, pm, "url", val_str(a, "/404.html"));
    val_map_set(a, pm, "permalink", val_str_own(a, arena_printf(a, "%s/404.html", b->s->base_url)));
    val_map_set(a, pm, "kind", val_str(a, "404"));
    val_map_set(a, pm, "og_type", val_str(a, "website"));
    val_map_set(a, pm, "json_ld", val_str(a, "{}"));
    val_map_set(a, pm, "home_url", val_str(a, "/"));
    val_map_set(a, pm, "feed_url", val_str(a, "/atom.xml"));
    value *ctx = site_ctx_root(a, b, pm, "/404.html");
    if (tpl_render(b->tpls, t, ctx, &html, errs) != 0)
        goto out;
    /* no relative_urls here: a server shows 404.html at any address, where only
     * root-relative links lead anywhere (and from disk it is never shown) */
    out_owner who = {.what = "the 404 page", .file = file};
    rc = site_out_emit(b, "404.html", &who, html.data, html.len, true, file, NULL, 0, errs);
out:
    free(file);
    buf_free(&html);
    arena_free(a);
    return rc;
}

static int write_aliases(build *b, const page *p, err_list *errs)
{
    int rc = 0;
    if (!p->aliases || !p->aliases->u.list.len)
        return 0;
    buf html = BUF_INIT, target = BUF_INIT;
    /* in the page's language (else the site's) */
    const char *lang =
        p->language[0] ? p->language : val_str_or(val_map_get(b->s->config, "language"), "en");
    const char *moved = i18n_get(i18n_lang_for(b->s->i18n, lang), "page_moved");
    for (size_t i = 0; p->aliases && i < p->aliases->u.list.len; i++) {
        const value *item = p->aliases->u.list.items[i];
        const char *alias = val_as_str(item);
        buf_reset(&html);
        buf_reset(&target);
        buf_printf(&target, "%s%s", b->s->base_url, p->url);
        buf_puts(&html, "<!doctype html>\n<html lang=\"");
        buf_put_html(&html, lang, strlen(lang));
        buf_puts(&html, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        buf_put_html(&html, p->title, strlen(p->title));
        buf_puts(&html, "</title>\n<link rel=\"canonical\" href=\"");
        buf_put_html(&html, target.data, target.len);
        buf_printf(&html,
                   "\">\n<meta http-equiv=\"refresh\" content=\"0; url=%s\">\n</head>\n<body>\n"
                   "<p>",
                   p->url);
        buf_put_html(&html, moved, strlen(moved));
        buf_printf(&html, " <a href=\"%s\">", p->url);
        buf_put_html(&html, p->title, strlen(p->title));
        buf_puts(&html, "</a>.</p>\n</body>\n</html>\n");
        size_t n = strlen(alias);
        char *rel = alias[n - 1] == '/'
                        ? xasprintf("%sindex.html", alias + 1)
                        : (strstr(alias, ".htm") ? xstrdup(alias + 1)
                                                 : xasprintf("%s/index.html", alias + 1));
        finish_html(b, rel, &html);
        char *what = xasprintf("the alias '%s'", alias);
        out_owner who = {
            .what = what, .file = p->file, .line = item->pos.line, .col = item->pos.col};
        if (site_out_emit(b, rel, &who, html.data, html.len, true, p->file, NULL, 0, errs) != 0)
            rc = -1;
        free(what);
        free(rel);
    }
    buf_free(&html);
    buf_free(&target);
    return rc;
}

typedef struct render_job {
    build *b;
    bool *kept;           /* per page: kept from the last build, not rendered */
    char **contents;      /* per page: its content HTML, for the feed */
    const bool *in_feed;  /* per page: its content goes into the feed */
    err_list *errs;       /* per page, merged in page order */
    bool *failed;         /* per page: its render failed */
    size_t first_slot;    /* link-index slots reserved for the pages */
    pthread_mutex_t lock; /* serialises the progress callback */
    atomic_size_t done;
    atomic_size_t rendered;
} render_job;

static void render_one(void *ctx, size_t i)
{
    render_job *j = ctx;
    build *b = j->b;
    const page *p = b->s->pages[i];
    size_t slot = j->first_slot + i;
    uint64_t key = b->cache ? cache_page_key(b->cache, b->global_key, p) : 0;
    const cache_page *old = b->old ? cache_find_page(b->old, p->out_path) : NULL;
    cache_page *rec = b->cache ? &b->cache->pages[i] : NULL;
    if (old && old->key == key && (!j->in_feed[i] || b->feed_current)) {
        /* unchanged: keep the file; its links still join the check */
        j->kept[i] = true;
        link_index_set_lists(b->links, slot, p->out_path, p->file, old->ids, old->nids, old->links,
                             old->nlinks);
        uint64_t h;
        if (b->cache && cache_output_hash(b->old, p->out_path, &h)) {
            pthread_mutex_lock(&b->lock);
            site_out_record(b, p->out_path, h);
            pthread_mutex_unlock(&b->lock);
        }
    } else {
        j->failed[i] = render_page(b, p, slot, j->in_feed[i], &j->contents[i], &j->errs[i]) != 0;
        atomic_fetch_add(&j->rendered, 1);
    }
    if (rec && j->kept[i]) {
        *rec = *old; /* its lists and lines are the last record's, which outlives this one */
        rec->path = xstrdup(p->out_path);
        rec->mem = NULL;
    } else if (rec) {
        char *const *ids, *const *links;
        size_t nids, nlinks;
        link_index_lists(b->links, slot, &ids, &nids, &links, &nlinks);
        rec->path = xstrdup(p->out_path);
        rec->key = key;
        cache_page_set_lists(rec, ids, nids, links, nlinks);
    }
    size_t done = atomic_fetch_add(&j->done, 1) + 1;
    if (b->o->progress) {
        pthread_mutex_lock(&j->lock);
        b->o->progress(b->o->progress_ctx, done, b->s->npages);
        pthread_mutex_unlock(&j->lock);
    }
}

/* The path of language lang's Atom feed ("atom.xml", "de/atom.xml"; malloc'd). */
static char *feed_path(const site *s, size_t lang)
{
    return xasprintf("%satom.xml", s->langs[lang].home->url + 1);
}

/* Sets the record's feed_key from the keys of the pages in the feeds (in_feed) and b->feed_current
 * when the last build wrote the feeds with the same key: they are kept, and their pages
 * are rendered only if they changed themselves. */
static void feed_plan(build *b, const bool *in_feed)
{
    const site *s = b->s;
    if (!b->cache)
        return;
    uint64_t k = cache_mix(b->global_key, 0xfeed);
    for (size_t i = 0; i < s->npages; i++)
        if (in_feed[i])
            k = cache_mix(cache_mix(k, i), cache_page_key(b->cache, b->global_key, s->pages[i]));
    b->cache->feed_key = k ? k : 1;
    b->feed_current = b->incremental && b->old && b->old->feed_key == b->cache->feed_key;
    for (size_t lang = 0; b->feed_current && lang < s->nlangs; lang++) {
        if (!s->langs[lang].home)
            continue;
        uint64_t h;
        char *path = feed_path(s, lang);
        b->feed_current = cache_output_hash(b->old, path, &h);
        free(path);
    }
}

/* Renders every page on the thread pool into b (contents[i]: page i's content
 * HTML for the feed), then merges their errors in page order. 0 or -1. */
static int render_pages(build *b, char **contents, bool *kept, size_t *first_slot, size_t *rendered,
                        err_list *errs)
{
    const site *s = b->s;
    size_t n = s->npages ? s->npages : 1;
    render_job job;
    int rc = 0;
    memset(&job, 0, sizeof job);
    job.b = b;
    job.contents = contents;
    job.kept = kept;
    job.in_feed = feeds_select(s, FEED_LIMIT);
    job.errs = xcalloc(n, sizeof(err_list));
    job.failed = xcalloc(n, sizeof(bool));
    job.first_slot = link_index_reserve(b->links, s->npages);
    feed_plan(b, job.in_feed);
    /* the pages claim their files first, in page order (two pages with one
     * URL were refused when the site loaded) */
    for (size_t i = 0; i < s->npages; i++) {
        out_owner who = {.what = "the page", .file = s->pages[i]->file, .line = 1, .col = 1};
        if (site_out_claim(b, s->pages[i]->out_path, &who, errs) != 0)
            rc = -1;
    }
    pthread_mutex_init(&job.lock, NULL);
    atomic_init(&job.done, 0);
    pool_run(s->npages, b->o->jobs, render_one, &job);
    pthread_mutex_destroy(&job.lock);
    b->files += s->npages;
    *rendered = atomic_load(&job.rendered);
    for (size_t i = 0; i < s->npages; i++) {
        err_list_move(errs, &job.errs[i]);
        if (job.failed[i])
            rc = -1;
    }
    free((void *)job.in_feed);
    *first_slot = job.first_slot;
    free(job.errs);
    free(job.failed);
    return rc;
}

/* True when the links of the pages kept from the last build need no check: that build's
 * links were all sound, the site has the same files, and every file written again that
 * could be a link's target is a page with the same ids as before. b->cache is indexed. */
static bool links_unchanged(const build *b)
{
    const build_cache *old = b->old, *now = b->cache;
    bool same = b->incremental && old && now && old->links_clean && old->nouts == now->nouts;
    for (size_t i = 0; same && i < now->nouts; i++)
        same = strmap_get(&old->out_index, now->out_paths[i]) != NULL;
    for (size_t i = 0; same && i < b->nstaged; i++) {
        const char *path = b->staged[i];
        size_t n = strlen(path);
        const cache_page *was = cache_find_page(old, path), *is = cache_find_page(now, path);
        if (!was || !is) {
            same = n < 5 || strcmp(path + n - 5, ".html") != 0; /* no ids in a file not HTML */
            continue;
        }
        same = was->nids == is->nids;
        for (size_t k = 0; same && k < is->nids; k++)
            same = strcmp(was->ids[k], is->ids[k]) == 0;
    }
    return same;
}

/* The files beside the pages: alias redirects, 404.html, sitemap, feed and
 * robots.txt. Every one is tried, so all their errors are reported. */
static int write_extras(build *b, char *const *contents, err_list *errs)
{
    const site *s = b->s;
    buf tmp = BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < s->npages; i++)
        rc |= write_aliases(b, s->pages[i], errs);
    rc |= render_404(b, errs);
    feeds_sitemap(s, &tmp);
    static const out_owner sitemap = {.what = "imprint's sitemap"},
                           atom = {.what = "imprint's feed"},
                           robots = {.what = "imprint's robots.txt"};
    rc |= site_out_emit(b, "sitemap.xml", &sitemap, tmp.data, tmp.len, false, "sitemap.xml", NULL,
                        0, errs);
    for (size_t lang = 0; lang < s->nlangs; lang++) { /* a feed per language: /de/atom.xml */
        if (!s->langs[lang].home)
            continue;
        char *path = feed_path(s, lang);
        if (b->feed_current) { /* no page of it changed: the file stays */
            rc |= site_out_keep(b, path, &atom, errs);
        } else {
            buf_reset(&tmp);
            feeds_atom(s, lang, (const char *const *)contents, FEED_LIMIT, &tmp);
            rc |= site_out_emit(b, path, &atom, tmp.data, tmp.len, false, path, NULL, 0, errs);
        }
        free(path);
    }
    buf_reset(&tmp);
    feeds_robots(s, &tmp);
    rc |= site_out_emit(b, "robots.txt", &robots, tmp.data, tmp.len, false, "robots.txt", NULL, 0,
                        errs);
    rc |= site_out_check_folders(b, errs);
    buf_free(&tmp);
    return rc;
}

int site_build(const site *s, const site_build_opts *o, site_build_stats *stats, err_list *errs)
{
    build b = {0};
    int rc = -1;
    size_t rendered = 0;
    char **contents = xcalloc(s->npages ? s->npages : 1, sizeof(char *));
    bool *kept = xcalloc(s->npages ? s->npages : 1, sizeof(bool));
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
    b.layouts_where = theme_layouts_where(s->arena, s);
    b.tpls = theme_layouts(s);
    b.links = link_index_new();
    if (o->write) {
        b.root = fs_join(journal_stage(o->journal), b.incremental ? STAGED_FILES : STAGED_TREE);
        if (fs_mkdirs(b.root, errs) != 0)
            goto out;
    }
    if (site_out_copy_assets(&b, errs) != 0 || site_out_copy_content(&b, errs) != 0)
        goto out;
    b.site_ctx = site_ctx_site(s);
    site_ctx_lang_sites(&b);
    bool multi = translate_multilingual(s);
    value *langs = val_list(s->arena); /* every language's `site` map, for the cache key */
    for (size_t k = 0; multi && k < s->nlangs; k++)
        if (b.lang_sites[k])
            val_list_push(s->arena, langs, b.lang_sites[k]);
    if (b.cache) {
        b.global_key = cache_site_key(b.cache, multi ? langs : b.site_ctx, b.assets);
        if (multi)
            b.global_key = cache_langs_key(b.global_key, s);
        b.cache->pages = xcalloc(s->npages ? s->npages : 1, sizeof(cache_page));
        b.cache->npages = s->npages;
    }
    /* pages and extras both run to the end, so one build lists every error */
    size_t first_slot = 0;
    int render_rc = render_pages(&b, contents, kept, &first_slot, &rendered, errs);
    if ((write_extras(&b, contents, errs) | render_rc) != 0)
        goto out;
    if (b.cache)
        cache_index(b.cache);
    bool trust = links_unchanged(&b); /* the kept pages' links were checked last time */
    for (size_t i = 0; trust && i < s->npages; i++)
        if (kept[i])
            link_index_trust(b.links, first_slot + i);
    size_t broken = link_index_check(b.links, o->links_warn, errs);
    if (b.cache)
        b.cache->links_clean = broken == 0;
    if (broken > 0 && !o->links_warn)
        goto out;
    if (o->write &&
        (b.incremental ? site_out_apply_staged(&b, errs) : site_out_swap_in(&b, errs)) != 0)
        goto out;
    rc = 0;
    if (stats) {
        stats->pages = s->npages;
        stats->rendered = rendered;
        stats->files = b.files;
        stats->written = b.written;
    }
out:
    for (size_t i = 0; i < s->npages; i++)
        free(contents[i]);
    free(contents);
    free(kept);
    for (size_t i = 0; i < b.nstaged; i++)
        free(b.staged[i]);
    free(b.staged);
    pthread_mutex_destroy(&b.lock);
    link_index_free(b.links);
    site_out_owners_free(&b);
    tpl_set_free(b.tpls);
    free(b.root);
    return rc;
}
