/* mdcode.c - fenced code blocks rendered by highlighting inside cmark's HTML (mdcode.h). */
#include "core/mdcode.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct md_codeswap {
    cmark_node **code; /* the code blocks taken out ... */
    cmark_node **html; /* ... and the HTML blocks in their places */
    size_t n, cap;
};

bool md_code_html(const hl_set *set, cmark_node *n, buf *out)
{
    const char *info = cmark_node_get_fence_info(n), *text = cmark_node_get_literal(n);
    if (cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK || !info || !*info)
        return false;
    return hl_render_html(set, info, text ? text : "", text ? strlen(text) : 0, out);
}

md_codeswap *md_code_html_begin(const hl_set *set, cmark_node *n)
{
    md_codeswap *s = NULL;
    cmark_node **found = NULL;
    size_t nfound = 0, cap = 0;
    buf html = BUF_INIT;
    /* collected first: the iterator must not see the tree change */
    cmark_iter *it = cmark_iter_new(n);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *c = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || c == n || cmark_node_get_type(c) != CMARK_NODE_CODE_BLOCK)
            continue;
        if (nfound == cap) {
            cap = cap ? cap * 2 : 8;
            found = xrealloc(found, cap * sizeof *found);
        }
        found[nfound++] = c;
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < nfound; i++) {
        buf_reset(&html);
        if (!md_code_html(set, found[i], &html))
            continue;
        cmark_node *h = cmark_node_new(CMARK_NODE_HTML_BLOCK);
        cmark_node_set_literal(h, buf_cstr(&html));
        if (!cmark_node_replace(found[i], h)) {
            cmark_node_free(h);
            continue;
        }
        if (!s)
            s = xcalloc(1, sizeof *s);
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 8;
            s->code = xrealloc(s->code, s->cap * sizeof *s->code);
            s->html = xrealloc(s->html, s->cap * sizeof *s->html);
        }
        s->code[s->n] = found[i];
        s->html[s->n++] = h;
    }
    free(found);
    buf_free(&html);
    return s;
}

void md_code_html_end(md_codeswap *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        cmark_node_replace(s->html[i], s->code[i]);
        cmark_node_free(s->html[i]);
    }
    free(s->code);
    free(s->html);
    free(s);
}
