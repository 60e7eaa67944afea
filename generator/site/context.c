/* context.c - the template contexts of the website (site, page, root) and the
 * HTML of table and chart directives. */
#include "site/internal.h"
#include "core/chart.h"
#include "core/content.h"
#include "core/i18n.h"
#include "core/lang.h"
#include "core/markdown.h"
#include "core/table.h"
#include "site/feeds.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

value *site_ctx_sections(arena *a, const page *home)
{
    value *sections = val_list(a);
    for (size_t i = 0; i < home->nchildren; i++) {
        const page *c = home->children[i];
        if (c->kind != PAGE_SECTION)
            continue;
        value *sec = page_ref(a, c);
        val_map_set(a, sec, "pages", children_list(a, c));
        val_list_push(a, sections, sec);
    }
    return sections;
}

/* The `site` map: the config plus computed fields. Built once per build. */
value *site_ctx_site(const site *s)
{
    arena *a = s->arena;
    value *m = site_context_map(a, s);
    val_map_set(a, m, "sections", site_ctx_sections(a, s->home));
    return m;
}

static value *menu_context(arena *a, const site *s, const char *url)
{
    value *l = val_list(a);
    const value *menu = val_path(s->config, "menus.main");
    for (size_t i = 0; menu && menu->type == VAL_LIST && i < menu->u.list.len; i++) {
        const value *e = menu->u.list.items[i];
        const char *written = val_str_or(val_map_get(e, "url"), "/");
        const char *mu = site_lang_url(a, s, url, written); /* in a translation, its language's */
        value *m = val_map(a);
        val_map_set(a, m, "name", val_map_get(e, "name"));
        val_map_set(a, m, "url", mu == written ? val_map_get(e, "url") : val_str_own(a, mu));
        /* the longest matching menu URL is the active one; exact for "/" */
        bool active =
            strcmp(written, "/") == 0 ? strcmp(url, mu) == 0 : strncmp(url, mu, strlen(mu)) == 0;
        for (size_t k = 0; active && k < menu->u.list.len; k++) {
            const char *other = site_lang_url(
                a, s, url, val_str_or(val_map_get(menu->u.list.items[k], "url"), "/"));
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
int site_ctx_directive(void *ctx, const md_doc *doc, const md_directive *dir, buf *out,
                       err_list *errs)
{
    const site *s = ctx;
    return site_directive_html(s, site_table_lookup, (void *)s, doc, dir, out, errs);
}

/* The `page` map for p, with its rendered content. */
value *site_ctx_page(arena *a, const site *s, const page *p, const char *content)
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
    /* its language (front matter, else the site's) and whether it is written right to left */
    const char *lang = p->language && p->language[0]
                           ? p->language
                           : val_str_or(val_map_get(s->config, "language"), "en");
    val_map_set(a, m, "language", val_str_own(a, lang));
    val_map_set(a, m, "rtl", val_bool(a, lang_is_rtl(lang)));
    val_map_set(a, m, "date", val_str_own(a, p->date));
    i18n_date(i18n_lang_for(s->i18n, lang), p->date, &tmp);
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
    site_ctx_page_langs(a, s, p, m); /* translations, its language's home and feed */
    buf_free(&tmp);
    return m;
}

value *site_ctx_root(arena *a, build *b, value *page_map, const char *url)
{
    value *ctx = val_map(a);
    val_map_set(a, ctx, "site", site_ctx_site_of(b, url));
    val_map_set(a, ctx, "data", b->s->data);
    val_map_set(a, ctx, "assets", b->assets);
    val_map_set(a, ctx, "menu_main", menu_context(a, b->s, url));
    val_map_set(a, ctx, "page", page_map);
    /* the words of the page's language (the site's for the 404 page), each {name} filled in
     * from this context */
    const char *lang = val_str_or(val_map_get(page_map, "language"),
                                  val_str_or(val_map_get(b->s->config, "language"), "en"));
    val_map_set(a, ctx, "i18n", i18n_context(a, i18n_lang_for(b->s->i18n, lang), ctx));
    return ctx;
}
