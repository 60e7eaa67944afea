/* whitepaper.c - the site's pages as one PDF document: its structure (preface, parts,
 * chapters), cover, file name. */
#include "build/whitepaper.h"
#include "core/content.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/translate.h"
#include "pdf/pdf.h"
#include "util/fsutil.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Checks pdf.name and returns OUT_DIR/NAME.pdf (malloc'd), OUT_DIR/NAME.de.pdf for a language
 * other than the default, or NULL with an error at cfg (site.yaml). */
static char *output_path(const site *s, size_t lang, const char *cfg, const char *out_dir,
                         err_list *errs)
{
    const value *pdf = val_map_get(s->config, "pdf");
    const char *name = val_str_or(val_map_get(pdf, "name"),
                                  val_str_or(val_map_get(s->config, "pdf_name"), "document"));
    bool safe = name[0] && name[0] != '.';
    for (const char *q = name; *q && safe; q++)
        safe = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
               *q == '-' || *q == '_' || *q == '.';
    if (!safe) {
        err_add(errs, cfg, 0, 0,
                "pdf.name '%s' must be a file name of letters, digits, '-', '_' and '.'", name);
        return NULL;
    }
    return lang ? xasprintf("%s/%s.%s.pdf", out_dir, name, s->langs[lang].code)
                : xasprintf("%s/%s.pdf", out_dir, name);
}

/* The chapters being chosen: room for every page, plus a part per section. */
typedef struct picks {
    const site *s;
    pdf_chapter *ch;
    size_t n;
    err_list *errs;
    int rc;                 /* -1 once a page failed to parse */
    size_t lang;            /* the document's language: an index of s->langs */
    const char *tag;        /* its tag ("de") */
    const i18n_lang *words; /* the words imprint prints, in that language */
    bool multilingual;      /* the site has more than one language (translate_multilingual) */
} picks;

/* p in language lang: its translation when it has one that is written (a made-up section or
 * home of a translation has no text: the original's stands in), else p. */
static page *in_lang(page *p, size_t lang)
{
    page *t = translate_to(p, lang);
    return t->implicit ? p : t;
}

/* True when p's body has a block. */
static bool has_text(const page *p)
{
    return p->doc && cmark_node_first_child(md_doc_root(p->doc));
}

/* Appends p, or its translation into the document's language when it has one, as a chapter
 * of the given kind (for a part or a preface, title is its title; NULL: the page's). A page
 * whose body is empty is left out, unless it is a part (a divider needs no text). A chapter in
 * another language than the document's (an untranslated page) has its own /Lang. */
static void add(picks *k, page *p, pdf_chapter_kind kind, const char *title)
{
    p = in_lang(p, k->lang);
    const char *tag = translate_tag(k->s, p);
    if (site_page_parse(k->s, p, k->errs) != 0) {
        k->rc = -1;
        return;
    }
    if (kind != PDF_PART && !has_text(p))
        return;
    const char *slash = strrchr(p->file, '/');
    k->ch[k->n++] = (pdf_chapter){
        .kind = kind,
        .title = title ? title : p->title,
        .url = p->url,
        .doc = has_text(p) ? p->doc : NULL,
        .dir = slash ? arena_strndup(k->s->arena, p->file, (size_t)(slash - p->file)) : ".",
        .lang = k->multilingual                 ? (strcmp(tag, k->tag) != 0 ? tag : NULL)
                : p->language && p->language[0] ? p->language
                                                : NULL,
    };
}

/* Every page under section p as a chapter, in the site's order (a
 * sub-section's own text, if any, is a chapter before its pages). Depth is
 * the site's folder depth. */
static void add_pages_of(picks *k, const page *p)
{
    for (size_t i = 0; i < p->nchildren; i++) {
        page *c = p->children[i];
        add(k, c, PDF_CHAPTER, NULL);
        if (c->kind == PAGE_SECTION)
            add_pages_of(k, c);
    }
}

/* True when p's Markdown body has a character that is not white space (read
 * from the source: parsing here would take the page's parse, and its
 * warnings, from the build). */
static bool has_body(const page *p)
{
    for (size_t i = 0; p->body && i < p->body_len; i++)
        if (!strchr(" \t\r\n", p->body[i]))
            return true;
    return false;
}

/* True when section p has a page with text below it. */
static bool has_pages(const page *p)
{
    for (size_t i = 0; i < p->nchildren; i++) {
        const page *c = p->children[i];
        if (has_body(c) || (c->kind == PAGE_SECTION && has_pages(c)))
            return true;
    }
    return false;
}

/* pdf.chapters: the pages and sections to include, in order: a page's URL
 * ("/guide/install/") or its file under content/ ("guide/install.md"); a
 * section opens a part with its pages; the home page is the preface. */
static void listed(picks *k, const value *list, const char *cfg, const char *preface)
{
    const site *s = k->s;
    if (list->type != VAL_LIST) {
        val_error(k->errs, list, cfg, "pdf.chapters must be a list of pages and sections");
        k->rc = -1;
        return;
    }
    for (size_t i = 0; i < list->u.list.len; i++) {
        const value *v = list->u.list.items[i];
        const char *want = val_as_str(v);
        page *p = want ? site_page_by_url(s, want) : NULL;
        for (size_t q = 0; want && !p && q < s->npages; q++)
            if (strcmp(s->pages[q]->src, want) == 0)
                p = s->pages[q];
        if (!p) {
            const char **names = xcalloc(2 * s->npages + 1, sizeof *names);
            for (size_t q = 0; q < s->npages; q++)
                names[2 * q] = s->pages[q]->url, names[2 * q + 1] = s->pages[q]->src;
            const char *near = want ? suggest_nearest(want, names, 2 * s->npages) : NULL;
            val_error(k->errs, v, cfg, "pdf.chapters: no page or section '%s'%s%s%s",
                      want ? want : "?", near ? "; did you mean '" : "", near ? near : "",
                      near ? "'?" : " (give its URL, such as /guide/install/)");
            free(names);
            k->rc = -1;
        } else if (p->kind == PAGE_HOME) {
            add(k, p, PDF_PREFACE, preface);
        } else if (p->kind == PAGE_SECTION) {
            add(k, p, PDF_PART, NULL);
            add_pages_of(k, p);
        } else {
            add(k, p, PDF_CHAPTER, NULL);
        }
    }
}

/* Fills k->ch with the document's structure (docs/pdf.md: the structure):
 * pdf.chapters when given; else the home page's text as a preface, then, when
 * two or more sections have pages, the pages outside any section as
 * chapters and each section as a part of its pages; otherwise every page as a
 * chapter, a section's own text an unnumbered chapter before its pages; and
 * the home page alone when no other page has text (a one-page site). */
static void chapters(picks *k, const char *cfg)
{
    const site *s = k->s;
    const value *pdf = val_map_get(s->config, "pdf");
    const char *preface =
        val_str_or(val_map_get(pdf, "preface_title"), i18n_get(k->words, "preface"));
    if (val_map_get(pdf, "chapters")) {
        listed(k, val_map_get(pdf, "chapters"), cfg, preface);
        return;
    }
    page *home = s->home && !s->home->implicit ? s->home : NULL; /* add() translates it */
    if (home)
        add(k, home, PDF_PREFACE, preface);
    size_t sections = 0;
    for (size_t i = 0; s->home && i < s->home->nchildren; i++)
        sections += s->home->children[i]->kind == PAGE_SECTION && has_pages(s->home->children[i]);
    if (sections >= 2) {
        for (size_t i = 0; i < s->home->nchildren; i++)
            if (s->home->children[i]->kind != PAGE_SECTION)
                add(k, s->home->children[i], PDF_CHAPTER, NULL);
        for (size_t i = 0; i < s->home->nchildren; i++)
            if (s->home->children[i]->kind == PAGE_SECTION && has_pages(s->home->children[i])) {
                add(k, s->home->children[i], PDF_PART, NULL);
                add_pages_of(k, s->home->children[i]);
            }
    } else {
        for (size_t i = 0; i < s->npages; i++) /* the default language's: add() translates */
            if (s->pages[i]->kind != PAGE_HOME && !s->pages[i]->lang)
                add(k, s->pages[i], s->pages[i]->kind == PAGE_SECTION ? PDF_PREFACE : PDF_CHAPTER,
                    NULL);
    }
    if (k->rc == 0 && home && has_text(in_lang(home, k->lang)) && k->n == 1) { /* one page */
        k->ch[0].kind = PDF_CHAPTER;
        k->ch[0].title = in_lang(home, k->lang)->title;
    }
}

int whitepaper_render(const site *s, size_t lang, const char *out_dir, buf *out, char **path,
                      err_list *errs)
{
    int rc = -1;
    buf ymd = BUF_INIT, date = BUF_INIT, keywords = BUF_INIT;
    picks k = {.s = s,
               .ch = xcalloc(2 * s->npages + 1, sizeof *k.ch),
               .errs = errs,
               .lang = lang,
               .tag = s->langs[lang].code,
               .words = i18n_lang_for(s->i18n, s->langs[lang].code),
               .multilingual = translate_multilingual(s)};
    const value *pdf = val_map_get(s->config, "pdf");
    const page *home = s->home ? in_lang(s->home, lang) : NULL;
    value *config = s->config;
    if (lang) { /* the document's language (its /Lang, its hyphenation) is the translation's */
        config = val_map(s->arena);
        val_map_set_all(s->arena, config, s->config);
        val_map_set(s->arena, config, "language", val_str_own(s->arena, k.tag));
    }
    char *cfg = fs_join(s->dir, "content/site.yaml");
    char *file = output_path(s, lang, cfg, out_dir, errs);
    if (file)
        chapters(&k, cfg);
    if (!file || k.rc != 0)
        goto out;
    const value *kw = val_map_get(pdf, "keywords");
    for (size_t i = 0; kw && kw->type == VAL_LIST && i < kw->u.list.len; i++)
        buf_printf(&keywords, "%s%s", i ? ", " : "", val_str_or(kw->u.list.items[i], ""));
    date_format_ymd(s->build_time, &ymd);
    i18n_date(k.words, buf_cstr(&ymd), &date);
    pdf_meta meta = {
        .title = home ? home->title : val_str_or(val_map_get(s->config, "title"), ""),
        .subtitle = home && home->description[0]
                        ? home->description
                        : val_str_or(val_map_get(s->config, "description"), ""),
        .kicker = val_str_or(val_map_get(pdf, "kicker"), i18n_get(k.words, "cover_whitepaper")),
        .author = val_str_or(val_map_get(s->config, "author"), ""),
        .publisher = val_str_or(val_map_get(s->config, "publisher"), ""),
        .keywords = buf_cstr(&keywords),
        .date = buf_cstr(&date),
    };
    pdf_settings set = {
        .config = config,
        .palette = &s->palette,
        .dir = s->dir,
        .theme_dir = s->theme_dir,
        .config_file = cfg,
        .base_url = s->base_url,
        .date = s->build_time,
        .tables = site_table_lookup,
        .tables_ctx = (void *)s,
        .highlight = s->hl,
        .words = k.words,
    };
    if (pdf_render(&set, &meta, k.ch, k.n, out, errs) != 0)
        goto out;
    *path = file;
    file = NULL;
    rc = 0;
out:
    free(file);
    free(cfg);
    free(k.ch);
    buf_free(&ymd);
    buf_free(&date);
    buf_free(&keywords);
    return rc;
}
