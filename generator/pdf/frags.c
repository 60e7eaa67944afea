/* frags.c - a paragraph's styled fragments: cmark inlines (and raw HTML's inline tags)
 * to runs of text in one face, size, colour and link (pdf/inline.h). */
#include "core/htmltok.h"
#include "core/spans.h"
#include "core/url.h"
#include "pdf/inline.h"
#include "pdf/notes.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void para_add(flow *f, para *p, const char *text, size_t len, pdf_face face, double size,
              uint32_t color, const char *link, unsigned flags)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        p->frags = arena_realloc(f->a, p->frags, p->cap * sizeof *p->frags, cap * sizeof *p->frags);
        p->cap = cap;
    }
    frag *fr = &p->frags[p->n++];
    fr->text = arena_strndup(f->a, text, len);
    fr->len = len;
    fr->face = face;
    fr->size = size;
    fr->color = color;
    fr->link = link; /* in f->a, shared by every fragment and op of the link: a long URL is
                        copied once, not once a word and a line */
    fr->flags = flags;
    fr->note = 0;
    fr->lang = NULL;
}

static pdf_face pick_face(const inline_style *st, int strong, int emph)
{
    if (strong && emph)
        return st->bold_italic;
    if (strong)
        return st->bold;
    if (emph)
        return st->italic;
    return st->regular;
}

/* Where a link to url goes: "#x" on the chapter's page and "/site/paths"
 * are internal anchors (*flags FRAG_INTERNAL), others URIs (relative ones
 * joined to base_url). The target is in f->a. */
static const char *link_target(flow *f, const char *url, const char *base_url, unsigned *flags)
{
    *flags = 0;
    if (url[0] == '#' && f->page_url) {
        *flags = FRAG_INTERNAL;
        return arena_printf(f->a, "%s%s", f->page_url, url);
    }
    if (url[0] == '#' || (url[0] == '/' && url[1] != '/')) {
        *flags = FRAG_INTERNAL;
        return arena_strdup(f->a, url);
    }
    if (url_is_external(url) || url[0] == '/')
        return arena_strdup(f->a, url);
    return arena_printf(f->a, "%s/%s", base_url, url);
}

/* The styles raw HTML's inline tags set in a paragraph (markdown.unsafe):
 * how many of each element are open. A stray end tag changes nothing. */
typedef struct html_state {
    int bold, italic, mono, sup, sub, small, underline, strike, hidden;
    int anchors;         /* open <a> elements */
    const char *link;    /* the outermost open <a href>'s target (f->a), or NULL */
    unsigned link_flags; /* its FRAG_INTERNAL */
} html_state;

/* Appends the len bytes of t in the style of the Markdown around it (strong,
 * emph, flags, link) and the raw HTML tags open (h). */
static void add_text(flow *f, para *p, const char *t, size_t len, const inline_style *st,
                     int strong, int emph, unsigned flags, const char *link, const html_state *h)
{
    if (h->hidden)
        return; /* <script>, <style> */
    if (!link && h->link)
        link = h->link, flags |= h->link_flags;
    flags |= (h->strike ? FRAG_STRIKE : 0) | (h->underline ? FRAG_UNDERLINE : 0) |
             (h->sup   ? FRAG_SUPER
              : h->sub ? FRAG_SUB
                       : 0) |
             (h->mono ? FRAG_CODE : 0);
    pdf_face face = h->mono ? FACE_MONO : pick_face(st, strong + h->bold, emph + h->italic);
    double size =
        st->size * (h->sup || h->sub ? 0.7 : 1) * (h->mono ? 0.9 : 1) * (h->small ? 0.85 : 1);
    para_add(f, p, t, len, face, size, link ? st->link_color : st->color, link, flags);
}

/* The counter of h that the inline element name opens, or NULL. */
static int *html_counter(html_state *h, const char *name, size_t len)
{
    static const struct {
        const char *name;
        size_t offset;
    } els[] = {{"b", offsetof(html_state, bold)},        {"strong", offsetof(html_state, bold)},
               {"i", offsetof(html_state, italic)},      {"em", offsetof(html_state, italic)},
               {"cite", offsetof(html_state, italic)},   {"var", offsetof(html_state, italic)},
               {"dfn", offsetof(html_state, italic)},    {"code", offsetof(html_state, mono)},
               {"kbd", offsetof(html_state, mono)},      {"samp", offsetof(html_state, mono)},
               {"tt", offsetof(html_state, mono)},       {"sup", offsetof(html_state, sup)},
               {"sub", offsetof(html_state, sub)},       {"small", offsetof(html_state, small)},
               {"u", offsetof(html_state, underline)},   {"ins", offsetof(html_state, underline)},
               {"s", offsetof(html_state, strike)},      {"del", offsetof(html_state, strike)},
               {"strike", offsetof(html_state, strike)}, {"script", offsetof(html_state, hidden)},
               {"style", offsetof(html_state, hidden)}};
    for (size_t i = 0; i < sizeof els / sizeof *els; i++)
        if (html_name_is(name, len, els[i].name))
            return (int *)((char *)h + els[i].offset);
    return NULL;
}

/* Applies the tags of an inline HTML node's text (lit) to h: styles open and
 * close, <a href> links, <br> breaks the line, <img> shows its alt text. */
static void html_tags(flow *f, para *p, const char *lit, const inline_style *st,
                      const char *base_url, int strong, int emph, html_state *h)
{
    html_lexer lx;
    html_token t;
    buf b = BUF_INIT;
    html_lexer_init(&lx, lit ? lit : "", lit ? strlen(lit) : 0);
    while (html_next(&lx, &t)) {
        if (t.kind != HTML_START && t.kind != HTML_END)
            continue;
        bool start = t.kind == HTML_START;
        int *count = html_counter(h, t.name, t.name_len);
        const html_attr *a =
            start ? html_attr_get(&t, html_name_is(t.name, t.name_len, "a") ? "href" : "alt")
                  : NULL;
        buf_reset(&b);
        if (a)
            html_decode(a->value, a->value_len, &b);
        if (count && (start || *count > 0))
            *count += start ? 1 : -1;
        else if (html_name_is(t.name, t.name_len, "a") && (start || h->anchors > 0)) {
            if (start && !h->anchors && a)
                h->link = link_target(f, buf_cstr(&b), base_url, &h->link_flags);
            h->anchors += start ? 1 : -1;
            if (!h->anchors)
                h->link = NULL;
        } else if (start && html_name_is(t.name, t.name_len, "br"))
            para_add(f, p, "", 0, st->regular, st->size, st->color, NULL, FRAG_BREAK);
        else if (start && html_name_is(t.name, t.name_len, "img") && b.len)
            add_text(f, p, b.data, b.len, st, strong, emph, 0, NULL, h);
    }
    buf_free(&b);
}

/* Inline nesting is bounded by cmark's own limits on emphasis; links and
 * emphasis are tracked with counters, not recursion. */
void para_add_inlines(flow *f, para *p, cmark_node *node, const inline_style *st,
                      const char *base_url)
{
    int strong = 0, emph = 0, strike = 0;
    const char *link = NULL;
    unsigned link_flags = 0;
    html_state hs = {0};
    const char *langs[16]; /* the bracketed spans open: their languages (core/spans.h) */
    size_t nlangs = 0, before;
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (n == node)
            continue;
        bool enter = ev == CMARK_EVENT_ENTER;
        const char *type = cmark_node_get_type_string(n);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_STRONG:
            strong += enter ? 1 : -1;
            break;
        case CMARK_NODE_EMPH:
            emph += enter ? 1 : -1;
            break;
        case CMARK_NODE_LINK:
            if (enter) {
                const char *url = cmark_node_get_url(n);
                link = link_target(f, url ? url : "", base_url, &link_flags);
            } else
                link = NULL;
            break;
        case CMARK_NODE_TEXT: {
            const char *t = cmark_node_get_literal(n);
            before = p->n;
            add_text(f, p, t, strlen(t), st, strong, emph,
                     (strike ? FRAG_STRIKE : 0) | (link ? link_flags : 0), link, &hs);
            if (nlangs && p->n > before)
                p->frags[p->n - 1].lang = langs[nlangs - 1];
            break;
        }
        case CMARK_NODE_CUSTOM_INLINE: /* a passage in another language */
            if (md_span_lang(n) && enter && nlangs < sizeof langs / sizeof *langs)
                langs[nlangs++] = arena_strdup(f->a, md_span_lang(n));
            else if (md_span_lang(n) && !enter && nlangs)
                nlangs--;
            break;
        case CMARK_NODE_HTML_INLINE: /* (only with markdown.unsafe; else a comment) */
            html_tags(f, p, cmark_node_get_literal(n), st, base_url, strong, emph, &hs);
            break;
        case CMARK_NODE_CODE: {
            const char *t = cmark_node_get_literal(n);
            para_add(f, p, t, strlen(t), FACE_MONO, st->size * 0.9,
                     link ? st->link_color : st->color, link, FRAG_CODE | (link ? link_flags : 0));
            break;
        }
        case CMARK_NODE_SOFTBREAK:
            para_add(f, p, " ", 1, st->regular, st->size, st->color, NULL, 0);
            break;
        case CMARK_NODE_LINEBREAK:
            para_add(f, p, "", 0, st->regular, st->size, st->color, NULL, FRAG_BREAK);
            break;
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            if (enter) {
                /* the note's number, a link to the note (pdf/notes.h) */
                int note = pdf_note_ref(f, n);
                const char *t = note ? f->notes[note - 1].label : cmark_node_get_literal(n);
                para_add(f, p, t ? t : "", t ? strlen(t) : 0, st->regular, st->size * 0.65,
                         st->link_color, note ? f->notes[note - 1].anchor : NULL,
                         FRAG_SUPER | (note ? FRAG_INTERNAL : 0));
                p->frags[p->n - 1].note = note;
            }
            break;
        case CMARK_NODE_IMAGE:
            /* inline images show their alt text; block images are laid out by blocks.c */
            break;
        default:
            if (type && strcmp(type, "strikethrough") == 0)
                strike += enter ? 1 : -1;
            break;
        }
    }
    cmark_iter_free(it);
}
