/* translate.c - multilingual sites: the languages of site.yaml, translations by file name
 * (guide/intro.de.md translates guide/intro.md), and where a translation's links lead. */
#define _DEFAULT_SOURCE /* strncasecmp */
#include "core/translate.h"
#include "core/content.h"
#include "core/lang.h"
#include "core/url.h"
#include "util/buf.h"
#include "util/strmap.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The index of the language whose tag is tag[0..n) (case-insensitively, as tags compare),
 * or s->nlangs when there is none. */
static size_t find_lang(const site *s, const char *tag, size_t n)
{
    size_t k = 0;
    while (k < s->nlangs &&
           !(strlen(s->langs[k].code) == n && strncasecmp(s->langs[k].code, tag, n) == 0))
        k++;
    return k;
}

/* Adds the language code (at is its value, for messages) with its name (NULL: the built-in
 * table's, else the code). 0, or -1 with an error. */
static int add_lang(site *s, const char *code, const value *name, const value *at, const char *file,
                    err_list *errs)
{
    if (!lang_tag_shaped(code, strlen(code))) {
        val_error(errs, at, file,
                  "languages: '%s' is not a language tag like en, de, fr or pt-BR (2 or 3 "
                  "letters, then a region if any)",
                  code);
        return -1;
    }
    if (find_lang(s, code, strlen(code)) < s->nlangs) {
        val_error(errs, at, file, "languages: '%s' is there twice", code);
        return -1;
    }
    if (name && name->type != VAL_NULL && name->type != VAL_STR) {
        val_error(errs, name, file, "languages: the name of '%s' must be a string, not %s", code,
                  val_type_name(name->type));
        return -1;
    }
    site_lang *l = &s->langs[s->nlangs++];
    l->code = code;
    l->name = val_as_str(name) ? val_as_str(name) : lang_name(code) ? lang_name(code) : code;
    return 0;
}

/* Makes the language `want` (site.yaml's language, at def) the default: first in s->langs,
 * the others in their order. 0, or -1 with an error when it is not one of them. */
static int put_default_first(site *s, const char *want, const value *def, const char *file,
                             err_list *errs)
{
    size_t k = find_lang(s, want, strlen(want));
    if (k == s->nlangs) {
        const char **codes = xcalloc(s->nlangs + 1, sizeof *codes);
        for (size_t i = 0; i < s->nlangs; i++)
            codes[i] = s->langs[i].code;
        const char *near = suggest_nearest(want, codes, s->nlangs);
        val_error(errs, def, file,
                  "language '%s' (the default language) is not one of languages%s%s%s", want,
                  near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
        free(codes);
        return -1;
    }
    site_lang first = s->langs[k];
    memmove(s->langs + 1, s->langs, k * sizeof *s->langs);
    s->langs[0] = first;
    return 0;
}

int translate_config(site *s, value *cfg, const char *file, err_list *errs)
{
    const value *decl = val_map_get(cfg, "languages"), *def = val_map_get(cfg, "language");
    const char *want = val_as_str(def);
    bool list = decl && decl->type == VAL_LIST, map = decl && decl->type == VAL_MAP;
    size_t n = list ? decl->u.list.len : map ? decl->u.map.len : 0;
    int rc = 0;
    s->langs = arena_alloc(s->arena, (n + 1) * sizeof *s->langs);
    s->nlangs = 0;
    if (decl && decl->type != VAL_NULL && !list && !map) {
        val_error(errs, decl, file,
                  "languages must be a list of language tags ([en, de, fr]) or a map from tag "
                  "to name ({en: English, de: Deutsch}), not %s",
                  val_type_name(decl->type));
        rc = -1;
    }
    for (size_t i = 0; i < n; i++) {
        const value *item = list ? decl->u.list.items[i] : decl->u.map.vals[i];
        const char *code = list ? val_as_str(item) : decl->u.map.keys[i];
        if (!code) {
            val_error(errs, item, file, "languages: each entry must be a language tag like de");
            rc = -1;
        } else if (add_lang(s, code, list ? NULL : item, item, file, errs) != 0) {
            rc = -1;
        }
    }
    if (n && !s->nlangs)
        rc = -1;
    if (s->nlangs && want && put_default_first(s, want, def, file, errs) != 0)
        rc = -1;
    s->translated = s->nlangs > 0;
    if (!s->nlangs) { /* one language: site.yaml's, or English */
        const char *code = want ? want : "en";
        s->langs[0] = (site_lang){code, lang_name(code) ? lang_name(code) : code, NULL};
        s->nlangs = 1;
    } else if (!want) {
        val_map_set(s->arena, cfg, "language", val_str_own(s->arena, s->langs[0].code));
    }
    return rc;
}

/* The error for a file whose name ends in tag[0..n), which is not a language of the site. */
static void not_a_language(const site *s, const page *p, const char *tag, size_t n, err_list *errs)
{
    buf codes = BUF_INIT, near = BUF_INIT, renamed = BUF_INIT;
    const char **cands = xcalloc(s->nlangs + 1, sizeof *cands);
    char *word = xstrndup(tag, n);
    for (size_t i = 0; i < s->nlangs; i++) {
        buf_printf(&codes, "%s%s", i ? ", " : "", s->langs[i].code);
        cands[i] = s->langs[i].code;
    }
    const char *name = strrchr(p->src, '/') ? strrchr(p->src, '/') + 1 : p->src;
    int stem = (int)(tag - 1 - name); /* "intro" of intro.dee.md */
    const char *best = suggest_nearest(word, cands, s->nlangs);
    if (best)
        buf_printf(&near, "; did you mean '%.*s.%s.md'?", stem, name, best);
    buf_printf(&renamed, "%.*s-%s.md", stem, name, word);
    const value *decl = val_map_get(s->config, "languages");
    err_add(errs, p->file, 1, 1,
            "'.%s' in the file name names a translation, but '%s' is not one of the site's "
            "languages (%s, declared at %s:%d:%d)%s A page that is no translation needs another "
            "name, such as '%s'",
            word, word, buf_cstr(&codes), decl && decl->pos.file ? decl->pos.file : "site.yaml",
            decl ? decl->pos.line : 0, decl ? decl->pos.col : 0, best ? buf_cstr(&near) : ".",
            buf_cstr(&renamed));
    free(word);
    free(cands);
    buf_free(&codes);
    buf_free(&near);
    buf_free(&renamed);
}

int translate_page(const site *s, page *p, err_list *errs)
{
    p->base_src = p->src;
    p->lang = 0;
    const char *name = strrchr(p->src, '/') ? strrchr(p->src, '/') + 1 : p->src;
    size_t len = strlen(name);
    if (!s->translated || len < 4)
        return 0;
    const char *end = name + len - 3, *dot = end; /* end: the ".md" */
    while (dot > name && dot[-1] != '.')
        dot--;
    if (dot <= name + 1 || !lang_tag_shaped(dot, (size_t)(end - dot)))
        return 0; /* no suffix ("intro.md"), or not shaped like a language ("v1.2.md") */
    size_t k = find_lang(s, dot, (size_t)(end - dot));
    if (k == s->nlangs) {
        not_a_language(s, p, dot, (size_t)(end - dot), errs);
        return -1;
    }
    p->base_src = arena_printf(s->arena, "%.*s.md", (int)(dot - 1 - p->src), p->src);
    p->lang = k;
    if (k && !p->language[0])
        p->language = s->langs[k].code;
    return 0;
}

const char *translate_src(arena *a, const site *s, const char *base_src, size_t lang)
{
    if (!lang)
        return base_src;
    return arena_printf(a, "%.*s.%s.md", (int)(strlen(base_src) - 3), base_src,
                        s->langs[lang].code);
}

void translate_made_up(site *s, page *p, const char *base_src, size_t lang)
{
    p->base_src = base_src;
    p->src = translate_src(s->arena, s, base_src, lang);
    p->lang = lang;
    p->language = lang ? s->langs[lang].code : "";
}

void translate_link(site *s)
{
    strmap groups = STRMAP_INIT; /* base_src -> the group's translations array */
    for (size_t i = 0; i < s->npages; i++) {
        page *p = s->pages[i];
        page **g = strmap_get(&groups, p->base_src);
        if (!g) {
            g = arena_alloc(s->arena, s->nlangs * sizeof *g);
            strmap_put(&groups, p->base_src, g);
        }
        g[p->lang] = p;
        p->translations = g;
    }
    for (size_t i = 0; i < s->npages; i++) {
        page *p = s->pages[i], *orig = p->translations[0];
        if (p->implicit && p->lang && orig && !orig->implicit)
            p->title = orig->title;
    }
    strmap_free(&groups);
}

bool translate_multilingual(const site *s)
{
    size_t built = 0;
    for (size_t k = 0; k < s->nlangs; k++)
        built += s->langs[k].home != NULL;
    return built > 1;
}

const char *translate_tag(const site *s, const page *p)
{
    return p->language && p->language[0] ? p->language : s->langs[0].code;
}

page *translate_to(page *p, size_t lang)
{
    if (!lang || p->lang || !p->translations || !p->translations[lang])
        return p;
    return p->translations[lang];
}

/* The page whose URL is path, or path with a '/' added ("/guide/setup"); NULL if none. */
static page *page_at(const site *s, buf *path)
{
    page *q = site_page_by_url(s, buf_cstr(path));
    if (!q && path->len && path->data[path->len - 1] != '/') {
        buf_putc(path, '/');
        q = site_page_by_url(s, buf_cstr(path));
    }
    return q;
}

char *translate_link_url(const site *s, const page *from, const char *url)
{
    size_t n = strcspn(url, "?#");
    const char *last = url;
    for (const char *q = url; q < url + n; q++)
        if (*q == '/')
            last = q + 1;
    bool relative = url[0] != '/';
    /* a file ("img/x.png", "other.md") is page.c's to resolve */
    if (!from->lang || !n || url_is_external(url) ||
        (relative && memchr(last, '.', url + n - last)))
        return NULL;
    buf path = BUF_INIT;
    char *out = NULL;
    url_resolve(from->url, url, n, &path);
    page *q = page_at(s, &path);
    const char *code = s->langs[from->lang].code;
    size_t cl = strlen(code);
    if (!q && relative && strncmp(buf_cstr(&path) + 1, code, cl) == 0 && path.data[1 + cl] == '/') {
        /* "../setup/" in /de/guide/intro/ where there is no /de/guide/setup/: the original's */
        buf orig = BUF_INIT;
        buf_puts(&orig, path.data + 1 + cl);
        q = page_at(s, &orig);
        buf_free(&orig);
    }
    if (q && !q->lang) {
        const page *to = translate_to(q, from->lang);
        if (to != q || relative)
            out = xasprintf("%s%s", to->url, url + n);
    }
    buf_free(&path);
    return out;
}
