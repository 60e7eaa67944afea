/* feeds.c - sitemap, Atom feed, robots.txt and JSON-LD, written with explicit escaping. */
#include "site/feeds.h"
#include "core/date.h"
#include "core/markdown.h"
#include "core/translate.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void feeds_page_date(const site *s, const page *p, buf *out)
{
    const char *d = p->lastmod && p->lastmod[0] ? p->lastmod : p->date;
    if (d && strlen(d) >= 10)
        buf_put(out, d, 10);
    else
        date_format_ymd(s->build_time, out);
}

static void put_xml(buf *out, const char *s)
{
    buf_put_html(out, s, strlen(s));
}

static void permalink(const site *s, const page *p, buf *out)
{
    buf_puts(out, s->base_url);
    buf_puts(out, p->url);
}

/* One xhtml:link alternate of a sitemap entry: p's permalink as language lang. */
static void put_alternate(const site *s, const char *lang, const page *p, buf *out)
{
    buf_puts(out, "\n    <xhtml:link rel=\"alternate\" hreflang=\"");
    put_xml(out, lang);
    buf_puts(out, "\" href=\"");
    put_xml(out, s->base_url);
    put_xml(out, p->url);
    buf_puts(out, "\"/>");
}

void feeds_sitemap(const site *s, buf *out)
{
    buf tmp = BUF_INIT;
    bool multi = translate_multilingual(s);
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    buf_puts(out, multi ? "\n        xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n" : ">\n");
    for (size_t i = 0; i < s->npages; i++) {
        const page *p = s->pages[i];
        buf_reset(&tmp);
        permalink(s, p, &tmp);
        buf_puts(out, "  <url><loc>");
        put_xml(out, buf_cstr(&tmp));
        buf_puts(out, "</loc><lastmod>");
        feeds_page_date(s, p, out);
        buf_puts(out, "</lastmod>");
        /* Google's format: every language version, itself included, and x-default */
        for (size_t k = 0; multi && k < s->nlangs; k++)
            if (p->translations[k])
                put_alternate(s, translate_tag(s, p->translations[k]), p->translations[k], out);
        if (multi && p->translations[0])
            put_alternate(s, "x-default", p->translations[0], out);
        buf_puts(out, multi ? "\n  </url>\n" : "</url>\n");
    }
    buf_puts(out, "</urlset>\n");
    buf_free(&tmp);
}

typedef struct feed_key {
    const char *date; /* YYYY-MM-DD... or "" */
    size_t index;
} feed_key;

static int feed_cmp(const void *a, const void *b)
{
    const feed_key *x = a, *y = b;
    int c = strcmp(y->date, x->date); /* newest first */
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The regular pages of language lang, newest first, cut to limit; *n gets the count. */
static size_t *feed_order(const site *s, size_t lang, size_t limit, size_t *n)
{
    feed_key *keys = xmalloc((s->npages ? s->npages : 1) * sizeof *keys);
    size_t k = 0;
    for (size_t i = 0; i < s->npages; i++) {
        const page *p = s->pages[i];
        if (p->kind != PAGE_PAGE || p->lang != lang)
            continue;
        keys[k].date = p->lastmod && p->lastmod[0] ? p->lastmod : p->date;
        keys[k].index = i;
        k++;
    }
    qsort(keys, k, sizeof *keys, feed_cmp);
    if (k > limit)
        k = limit;
    size_t *order = xmalloc((k ? k : 1) * sizeof *order);
    for (size_t i = 0; i < k; i++)
        order[i] = keys[i].index;
    free(keys);
    *n = k;
    return order;
}

bool *feeds_select(const site *s, size_t limit)
{
    bool *in = xcalloc(s->npages ? s->npages : 1, sizeof *in);
    for (size_t lang = 0; lang < s->nlangs; lang++) {
        size_t n;
        size_t *order = feed_order(s, lang, limit, &n);
        for (size_t i = 0; i < n; i++)
            in[order[i]] = true;
        free(order);
    }
    return in;
}

void feeds_atom(const site *s, size_t lang, const char *const *contents, size_t limit, buf *out)
{
    buf tmp = BUF_INIT;
    const char *title = val_str_or(val_map_get(s->config, "title"), "");
    const char *author = val_str_or(val_map_get(s->config, "author"), "");
    /* the feed's home: "/" or the language's ("/de/") */
    const char *home = s->langs[lang].home ? s->langs[lang].home->url : "/";
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed "
                  "xmlns=\"http://www.w3.org/2005/Atom\" ");
    if (translate_multilingual(s)) {
        buf_puts(out, "xml:lang=\"");
        put_xml(out, s->langs[lang].code);
        buf_puts(out, "\" ");
    }
    buf_puts(out, "xml:base=\"");
    put_xml(out, s->base_url);
    buf_puts(out, "/\">\n  <title>");
    put_xml(out, title);
    buf_puts(out, "</title>\n  <link href=\"");
    put_xml(out, s->base_url);
    put_xml(out, home);
    buf_puts(out, "atom.xml\" rel=\"self\"/>\n  <link href=\"");
    put_xml(out, s->base_url);
    put_xml(out, home);
    buf_puts(out, "\"/>\n  <id>");
    put_xml(out, s->base_url);
    put_xml(out, home);
    buf_puts(out, "</id>\n  <updated>");
    date_format_ymd(s->build_time, out);
    buf_puts(out, "T00:00:00Z</updated>\n");
    if (author[0]) {
        buf_puts(out, "  <author><name>");
        put_xml(out, author);
        buf_puts(out, "</name></author>\n");
    }
    size_t nsel;
    size_t *order = feed_order(s, lang, limit, &nsel);
    for (size_t k = 0; k < nsel; k++) {
        size_t i = order[k];
        const page *p = s->pages[i];
        buf_reset(&tmp);
        permalink(s, p, &tmp);
        buf_puts(out, "  <entry>\n    <title>");
        put_xml(out, p->title);
        buf_puts(out, "</title>\n    <link href=\"");
        put_xml(out, buf_cstr(&tmp));
        buf_puts(out, "\"/>\n    <id>");
        put_xml(out, buf_cstr(&tmp));
        buf_puts(out, "</id>\n    <updated>");
        feeds_page_date(s, p, out);
        buf_puts(out, "T00:00:00Z</updated>\n");
        if (p->description[0]) {
            buf_puts(out, "    <summary>");
            put_xml(out, p->description);
            buf_puts(out, "</summary>\n");
        }
        if (contents && contents[i]) {
            buf_puts(out, "    <content type=\"html\">");
            put_xml(out, contents[i]);
            buf_puts(out, "</content>\n");
        }
        buf_puts(out, "  </entry>\n");
    }
    free(order);
    buf_puts(out, "</feed>\n");
    buf_free(&tmp);
}

void feeds_robots(const site *s, buf *out)
{
    buf_printf(out, "User-agent: *\nAllow: /\n\nSitemap: %s/sitemap.xml\n", s->base_url);
}

static void faq_json(const site *s, const char *name, buf *out)
{
    const value *faq = val_map_get(s->data, name);
    const value *items = faq && faq->type == VAL_LIST ? faq : val_map_get(faq, "items");
    buf_puts(out, "{\"@type\":\"FAQPage\",\"mainEntity\":[");
    for (size_t i = 0; items && items->type == VAL_LIST && i < items->u.list.len; i++) {
        const value *it = items->u.list.items[i];
        if (i)
            buf_putc(out, ',');
        buf_puts(out, "{\"@type\":\"Question\",\"name\":");
        buf_put_json_str(out, val_str_or(val_map_get(it, "question"), ""));
        buf_puts(out, ",\"acceptedAnswer\":{\"@type\":\"Answer\",\"text\":");
        /* answers are Markdown prose; trailing newlines of block scalars dropped */
        const char *a = val_str_or(val_map_get(it, "answer"), "");
        size_t n = strlen(a);
        while (n && (a[n - 1] == '\n' || a[n - 1] == ' '))
            n--;
        buf_putc(out, '"');
        buf_put_json(out, a, n);
        buf_puts(out, "\"}}");
    }
    buf_puts(out, "]}");
}

void feeds_json_ld(const site *s, const page *p, buf *out)
{
    buf url = BUF_INIT;
    permalink(s, p, &url);
    const char *author = val_str_or(val_map_get(p->front, "author"),
                                    val_str_or(val_map_get(s->config, "author"), ""));
    const char *publisher = val_str_or(val_map_get(s->config, "publisher"), "");
    /* a translation's language; any other page's is the site's (as it always was) */
    const char *lang =
        p->lang ? translate_tag(s, p) : val_str_or(val_map_get(s->config, "language"), "en");
    const char *faq = p->doc ? md_faq_name(p->doc) : NULL;
    const char *type = p->kind == PAGE_HOME      ? "WebSite"
                       : p->kind == PAGE_SECTION ? "CollectionPage"
                                                 : "Article";
    buf_puts(out, "{\"@context\":\"https://schema.org\"");
    if (faq)
        buf_puts(out, ",\"@graph\":[");
    else
        buf_putc(out, ',');
    buf_printf(out, "%s\"@type\":\"%s\",", faq ? "{" : "", type);
    buf_puts(out, p->kind == PAGE_HOME ? "\"name\":" : "\"headline\":");
    buf_put_json_str(out, p->title);
    if (p->description[0]) {
        buf_puts(out, ",\"description\":");
        buf_put_json_str(out, p->description);
    }
    buf_puts(out, ",\"url\":");
    buf_put_json_str(out, buf_cstr(&url));
    buf_puts(out, ",\"inLanguage\":");
    buf_put_json_str(out, lang);
    if (p->kind != PAGE_HOME) {
        buf_puts(out, ",\"mainEntityOfPage\":");
        buf_put_json_str(out, buf_cstr(&url));
        buf_puts(out, ",\"dateModified\":\"");
        feeds_page_date(s, p, out);
        buf_putc(out, '"');
        if (p->date[0]) {
            buf_puts(out, ",\"datePublished\":");
            buf_put_json_str(out, p->date);
        }
    }
    if (author[0]) {
        buf_puts(out, ",\"author\":{\"@type\":\"Person\",\"name\":");
        buf_put_json_str(out, author);
        buf_putc(out, '}');
    }
    if (publisher[0]) {
        buf_puts(out, ",\"publisher\":{\"@type\":\"Organization\",\"name\":");
        buf_put_json_str(out, publisher);
        buf_putc(out, '}');
    }
    if (faq) {
        buf_puts(out, "},");
        faq_json(s, faq, out);
        buf_puts(out, "]}");
    } else
        buf_putc(out, '}');
    buf_free(&url);
}
