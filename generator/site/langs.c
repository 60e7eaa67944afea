/* langs.c - the website of a multilingual site (core/translate.h): each page's translations
 * for the language switcher and the hreflang alternates, the `site` map of each language
 * (its own sections), and a page's links that depend on its language (its home, its feed,
 * the menu). For a site in one language these add keys no layout needs to read, and change
 * nothing else. */
#include "site/internal.h"
#include "core/content.h"
#include "core/translate.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

value *site_ctx_translations(arena *a, const site *s, const page *p)
{
    value *list = val_list(a);
    for (size_t k = 0; k < s->nlangs; k++) {
        const page *t = p->translations ? p->translations[k] : k == p->lang ? p : NULL;
        if (!t)
            continue;
        value *m = val_map(a);
        val_map_set(a, m, "language", val_str_own(a, translate_tag(s, t)));
        val_map_set(a, m, "name", val_str_own(a, s->langs[k].name));
        val_map_set(a, m, "url", val_str_own(a, t->url));
        val_map_set(a, m, "permalink",
                    val_str_own(a, arena_printf(a, "%s%s", s->base_url, t->url)));
        val_map_set(a, m, "current", val_bool(a, t == p));
        val_list_push(a, list, m);
    }
    return list;
}

void site_ctx_page_langs(arena *a, const site *s, const page *p, value *m)
{
    const page *home = s->langs[p->lang].home ? s->langs[p->lang].home : s->home;
    const page *orig = p->translations ? p->translations[0] : p->lang ? NULL : p;
    value *translations = site_ctx_translations(a, s, p);
    val_map_set(a, m, "translations", translations);
    val_map_set(a, m, "has_translations", val_bool(a, translations->u.list.len > 1));
    val_map_set(a, m, "x_default",
                val_str_own(a, orig ? arena_printf(a, "%s%s", s->base_url, orig->url) : ""));
    val_map_set(a, m, "home_url", val_str_own(a, home->url));
    val_map_set(a, m, "feed_url", val_str_own(a, arena_printf(a, "%satom.xml", home->url)));
}

void site_ctx_lang_sites(build *b)
{
    const site *s = b->s;
    arena *a = s->arena;
    val_map_set(a, b->site_ctx, "multilingual", val_bool(a, translate_multilingual(s)));
    b->lang_sites = arena_alloc(a, s->nlangs * sizeof *b->lang_sites);
    b->lang_sites[0] = b->site_ctx;
    for (size_t k = 1; k < s->nlangs; k++) {
        if (!s->langs[k].home)
            continue;
        /* the site as its pages see it: the same keys, but the sections of its language */
        value *m = val_map(a);
        val_map_set_all(a, m, b->site_ctx);
        val_map_set(a, m, "sections", site_ctx_sections(a, s->langs[k].home));
        b->lang_sites[k] = m;
    }
}

value *site_ctx_site_of(const build *b, const char *url)
{
    const page *p = site_page_by_url(b->s, url);
    return p && p->lang && b->lang_sites && b->lang_sites[p->lang] ? b->lang_sites[p->lang]
                                                                   : b->site_ctx;
}

const char *site_lang_url(arena *a, const site *s, const char *page_url, const char *url)
{
    const page *p = site_page_by_url(s, page_url);
    char *to = p && p->lang ? translate_link_url(s, p, url) : NULL;
    const char *out = to ? arena_strdup(a, to) : url;
    free(to);
    return out;
}
