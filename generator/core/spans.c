/* spans.c - bracketed spans with a language: "[", the inlines, "]{lang=de}" turned into a
 * span node.
 *
 * cmark-gfm leaves a bracket that makes no link as text, merged with the text around it: a
 * span opens at a '[' in a text node and closes at a ']' followed by braces in the same
 * node or in a later sibling (emphasis, code and links may lie between). A ']' closes the
 * nearest '[' still open, so [a [b]{lang=fr} c]{lang=de} nests. */
#include "core/spans.h"
#include "core/lang.h"
#include "util/buf.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SPAN_ATTRS 256 /* longer braces are text, not attributes */

static void free_lang(cmark_mem *mem, void *p)
{
    (void)mem;
    free(p);
}

/* The length of the braces at s ("{lang=de}", both braces counted) when s
 * starts with one closed on the same line, else 0. */
static size_t braces_at(const char *s)
{
    const char *end = strchr(s, '}');
    if (s[0] != '{' || !end || memchr(s, '\n', (size_t)(end - s)) || end - s > MAX_SPAN_ATTRS)
        return 0;
    return (size_t)(end - s) + 1;
}

/* Reads lang=TAG (or lang="TAG") from the n bytes of attrs (inside the
 * braces) into out; warns at (line, col) and returns false when the braces
 * hold anything else or the tag is not one. */
static bool read_lang(const char *attrs, size_t n, const char *file, int line, int col,
                      err_list *errs, buf *out)
{
    static const char *const known[] = {"lang"};
    while (n && (attrs[0] == ' ' || attrs[0] == '\t'))
        attrs++, n--;
    while (n && (attrs[n - 1] == ' ' || attrs[n - 1] == '\t'))
        n--;
    const char *eq = memchr(attrs, '=', n);
    size_t klen = eq ? (size_t)(eq - attrs) : n;
    char *key = xstrndup(attrs, klen);
    bool ok = false;
    if (strcmp(key, "lang") != 0) {
        const char *near = suggest_nearest(key, known, 1);
        err_warn(errs, file, line, col,
                 "a bracketed span reads only lang, as in [Guten Tag]{lang=de}; '%s'%s%s%s is "
                 "left as text",
                 key, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        goto out;
    }
    const char *v = eq + 1;
    size_t vn = n - klen - 1;
    if (vn >= 2 && (v[0] == '"' || v[0] == '\'') && v[vn - 1] == v[0])
        v++, vn -= 2;
    if (!lang_tag_shaped(v, vn)) {
        err_warn(errs, file, line, col,
                 "'%.*s' is not a language tag (such as de, pt-BR or zh-Hant); the span is left "
                 "as text",
                 (int)vn, v);
        goto out;
    }
    buf_put(out, v, vn);
    ok = true;
out:
    free(key);
    return ok;
}

/* A new text node holding the n bytes at s, put after `at` (or as the last
 * child of parent when at is NULL); nothing for n == 0. */
static void put_text(cmark_node *parent, cmark_node *at, const char *s, size_t n)
{
    if (!n)
        return;
    cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
    char *lit = xstrndup(s, n);
    cmark_node_set_literal(t, lit);
    free(lit);
    if (at)
        cmark_node_insert_after(at, t);
    else
        cmark_node_append_child(parent, t);
}

/* A bracket that may open a span: the text node and the '[' offset in it. */
typedef struct opener {
    cmark_node *node;
    size_t off;
} opener;

/* Makes the span in lang of what lies between the '[' of o and the ']' at
 * offset k of close (a sibling of o.node, or o.node itself), the braces
 * (len bytes after the ']') dropped. Returns the node to go on from: the
 * text after the braces, or the span's next sibling. */
static cmark_node *make_span(opener o, cmark_node *close, size_t k, size_t len, const char *lang)
{
    cmark_node *span = cmark_node_new(CMARK_NODE_CUSTOM_INLINE), *go_on;
    buf html = BUF_INIT;
    buf_printf(&html, "<span lang=\"%s\"%s>", lang, lang_is_rtl(lang) ? " dir=\"rtl\"" : "");
    cmark_node_set_on_enter(span, buf_cstr(&html));
    cmark_node_set_on_exit(span, "</span>");
    cmark_node_set_user_data(span, xstrdup(lang));
    cmark_node_set_user_data_free_func(span, free_lang);
    char *first = xstrdup(cmark_node_get_literal(o.node)),
         *last = xstrdup(cmark_node_get_literal(close));
    cmark_node_insert_after(o.node, span);
    if (o.node == close) {
        put_text(span, NULL, first + o.off + 1, k - o.off - 1);
    } else {
        put_text(span, NULL, first + o.off + 1, strlen(first) - o.off - 1);
        for (cmark_node *n = cmark_node_next(span), *next; n && n != close; n = next) {
            next = cmark_node_next(n);
            cmark_node_append_child(span, n); /* unlinks n from its place */
        }
        put_text(span, NULL, last, k);
        cmark_node_free(close);
    }
    put_text(NULL, span, last + k + 1 + len, strlen(last + k + 1 + len));
    go_on = cmark_node_next(span);
    first[o.off] = 0;
    if (first[0])
        cmark_node_set_literal(o.node, first);
    else
        cmark_node_free(o.node);
    free(first);
    free(last);
    buf_free(&html);
    return go_on;
}

/* Turns the bracketed spans among the children of parent into span nodes. */
static void spans_in(cmark_node *parent, const char *file, int line0, err_list *errs)
{
    opener stack[32];
    size_t depth = 0;
    buf lang = BUF_INIT;
    for (cmark_node *n = cmark_node_first_child(parent), *next; n; n = next) {
        next = cmark_node_next(n);
        const char *lit =
            cmark_node_get_type(n) == CMARK_NODE_TEXT ? cmark_node_get_literal(n) : NULL;
        for (const char *b = lit ? strpbrk(lit, "[]") : NULL; b; b = strpbrk(b + 1, "[]")) {
            size_t k = (size_t)(b - lit); /* the brackets only: strpbrk skips the rest */
            if (lit[k] == '[' && depth < sizeof stack / sizeof *stack) {
                stack[depth++] = (opener){n, k};
                continue;
            }
            if (lit[k] != ']' || !depth)
                continue;
            opener o = stack[--depth]; /* a ']' closes the nearest '[' */
            size_t len = braces_at(lit + k + 1);
            int line = cmark_node_get_start_line(n) + line0 - 1;
            int col = cmark_node_get_start_column(n) > 0
                          ? cmark_node_get_start_column(n) + (int)k + 1
                          : 0; /* the '{' */
            buf_reset(&lang);
            if (!len || !read_lang(lit + k + 2, len - 2, file, line, col, errs, &lang))
                continue;
            next = make_span(o, n, k, len, buf_cstr(&lang));
            break; /* n is gone or changed: go on from the text after the span */
        }
    }
    buf_free(&lang);
}

void md_spans_parse(cmark_node *root, const char *file, int line0, err_list *errs)
{
    cmark_node **parents = NULL;
    size_t n = 0, cap = 0;
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node *child = cmark_node_first_child(node);
        /* a node with inline children: a paragraph, heading, table cell, emphasis, link */
        if (ev != CMARK_EVENT_ENTER || !child ||
            (cmark_node_get_type(child) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_INLINE)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            parents = xrealloc(parents, cap * sizeof *parents);
        }
        parents[n++] = node;
    }
    cmark_iter_free(it);
    /* the tree changes after the walk: the iterator must not see moved nodes; a span made
     * inside an inline listed here is still that inline's child */
    for (size_t i = 0; i < n; i++)
        spans_in(parents[i], file, line0, errs);
    free(parents);
}

const char *md_span_lang(cmark_node *n)
{
    return cmark_node_get_type(n) == CMARK_NODE_CUSTOM_INLINE ? cmark_node_get_user_data(n) : NULL;
}
