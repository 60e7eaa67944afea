/* rawhtml.c - raw HTML in a parsed Markdown tree: markdown="1" elements paired into custom
 * blocks, raw HTML replaced by a comment unless the site allows it (rawhtml.h).
 *
 * CommonMark ends an HTML block at a blank line, so kramdown-style input
 *     <aside markdown="1" class="pquote">      an HTML block (the opener)
 *
 *     **Bold** words.                          a paragraph
 *
 *     </aside>                                 an HTML block (the closer)
 * arrives as three sibling blocks. The pass pairs them: a custom block takes
 * the opener's place, the blocks up to the closer become its children, and
 * opener and closer go (what either holds besides the two tags stays, as
 * Markdown inside the element or raw HTML after it). The containers are
 * visited from a work list, never by recursion. */
#include "core/rawhtml.h"
#include "core/htmltok.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct work_item {
    cmark_node *node; /* a container whose children are to be scanned */
    int depth;        /* markdown="1" elements around it */
} work_item;

typedef struct pass {
    md_html_env *env;
    work_item *work;
    size_t nwork, capwork;
    size_t pad_left; /* newlines sub-parses may still be padded with */
} pass;

static void push(pass *ps, cmark_node *n, int depth)
{
    if (ps->nwork == ps->capwork) {
        ps->capwork = ps->capwork ? ps->capwork * 2 : 16;
        ps->work = xrealloc(ps->work, ps->capwork * sizeof *ps->work);
    }
    ps->work[ps->nwork++] = (work_item){n, depth};
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

/* The first token of lit that is not white space, when it is a start tag
 * with markdown="1", "block" or "span"; its name goes to name (lower case). */
static bool opener(const char *lit, html_token *t, char name[32])
{
    html_lexer lx;
    html_lexer_init(&lx, lit, strlen(lit));
    bool got = html_next(&lx, t);
    if (got && t->kind == HTML_TEXT && blank(t->text, t->len))
        got = html_next(&lx, t);
    if (!got || t->kind != HTML_START || t->name_len >= 32 || html_is_void(t->name, t->name_len))
        return false;
    const html_attr *a = html_attr_get(t, "markdown");
    if (!a || !(html_name_is(a->value, a->value_len, "1") ||
                html_name_is(a->value, a->value_len, "block") ||
                html_name_is(a->value, a->value_len, "span")))
        return false;
    for (size_t i = 0; i < t->name_len; i++) {
        char c = t->name[i];
        name[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    name[t->name_len] = '\0';
    return true;
}

/* Follows the elements named name through s: depth rises at each start tag
 * and falls at each end tag. When it reaches 0, sets *at and *after to the
 * end tag's start and end and returns 0; else returns the depth at s's end. */
static int follow(const char *s, size_t len, const char *name, int depth, const char **at,
                  const char **after)
{
    html_lexer lx;
    html_token t;
    html_lexer_init(&lx, s, len);
    while (html_next(&lx, &t)) {
        if (!html_name_is(t.name ? t.name : "", t.name_len, name))
            continue;
        if (t.kind == HTML_START)
            depth++;
        else if (t.kind == HTML_END && --depth == 0) {
            *at = t.text;
            *after = t.text + t.len;
            return 0;
        }
    }
    return depth;
}

/* A new HTML block holding the n bytes of s. */
static cmark_node *html_block_of(const char *s, size_t n)
{
    cmark_node *b = cmark_node_new(CMARK_NODE_HTML_BLOCK);
    char *lit = xstrndup(s, n);
    cmark_node_set_literal(b, lit);
    free(lit);
    return b;
}

/* Parses the n bytes of Markdown at s, written from line `line` of the tree,
 * into x's children. Parsed after line - 1 empty lines, its nodes have the
 * tree's line numbers, while the padding budget lasts (a page of thousands
 * of elements deep into it would otherwise take time quadratic in its size). */
static void parse_into(pass *ps, cmark_node *x, const char *s, size_t n, int line)
{
    if (blank(s, n))
        return;
    size_t pad = line > 1 && (size_t)line - 1 <= ps->pad_left ? (size_t)line - 1 : 0;
    ps->pad_left -= pad;
    buf text = BUF_INIT;
    buf_grow(&text, pad + n);
    for (size_t i = 0; i < pad; i++)
        buf_putc(&text, '\n');
    buf_put(&text, s, n);
    cmark_node *doc = ps->env->parse(ps->env->ctx, text.data, text.len);
    buf_free(&text);
    cmark_node *c;
    while ((c = cmark_node_first_child(doc)))
        if (!cmark_node_append_child(x, c)) {
            cmark_node_unlink(c);
            cmark_node_free(c);
        }
    cmark_node_free(doc);
}

/* A paragraph whose last inline is the end tag </name>: drops that tag (and
 * the line break before it) and returns true. */
static bool closes_paragraph(cmark_node *p, const char *name)
{
    cmark_node *last = cmark_node_last_child(p);
    if (!last || cmark_node_get_type(last) != CMARK_NODE_HTML_INLINE)
        return false;
    const char *lit = cmark_node_get_literal(last), *at, *after;
    if (follow(lit, strlen(lit), name, 1, &at, &after) != 0 || at != lit || *after)
        return false;
    cmark_node *prev = cmark_node_previous(last);
    cmark_node_free(last);
    if (prev && (cmark_node_get_type(prev) == CMARK_NODE_SOFTBREAK ||
                 cmark_node_get_type(prev) == CMARK_NODE_LINEBREAK))
        cmark_node_free(prev);
    return true;
}

/* Moves the siblings after x into it up to the element's end (the HTML block
 * or paragraph that closes it, depth counting the open ones), or to the end
 * of the parent when nothing closes it. */
static void absorb(cmark_node *x, const char *name, int depth)
{
    cmark_node *s = cmark_node_next(x), *next;
    for (; s; s = next) {
        next = cmark_node_next(s);
        cmark_node_type t = cmark_node_get_type(s);
        if (t == CMARK_NODE_HTML_BLOCK) {
            const char *lit = cmark_node_get_literal(s), *at, *after;
            size_t len = strlen(lit);
            depth = follow(lit, len, name, depth, &at, &after);
            if (depth == 0) {
                if (!blank(lit, (size_t)(at - lit)))
                    cmark_node_append_child(x, html_block_of(lit, (size_t)(at - lit)));
                if (!blank(after, len - (size_t)(after - lit)))
                    cmark_node_insert_after(x, html_block_of(after, len - (size_t)(after - lit)));
                cmark_node_free(s);
                return;
            }
        } else if (t == CMARK_NODE_PARAGRAPH && depth == 1 && closes_paragraph(s, name)) {
            if (cmark_node_first_child(s))
                cmark_node_append_child(x, s);
            else
                cmark_node_free(s);
            return;
        }
        cmark_node_append_child(x, s);
    }
}

/* The on_enter of a markdown="1" element: its tag without the markdown attribute. */
static char *enter_tag(const html_token *t)
{
    const html_attr *a = html_attr_get(t, "markdown");
    const char *cut = a->name;
    while (cut > t->text + 1 && (cut[-1] == ' ' || cut[-1] == '\t' || cut[-1] == '\n'))
        cut--;
    buf b = BUF_INIT;
    buf_put(&b, t->text, (size_t)(cut - t->text));
    buf_put(&b, a->end, (size_t)(t->text + t->len - a->end));
    return buf_detach(&b);
}

/* Turns the HTML block hb (a markdown="1" opener) and what belongs to it into
 * a custom block; returns that, or NULL when hb is no opener. */
static cmark_node *pair(pass *ps, cmark_node *hb)
{
    const char *lit = cmark_node_get_literal(hb);
    html_token t;
    char name[32];
    if (!lit || !opener(lit, &t, name))
        return NULL;
    cmark_node *x = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    char *enter = enter_tag(&t), *exit = xasprintf("</%s>", name);
    cmark_node_set_on_enter(x, enter);
    cmark_node_set_on_exit(x, exit);
    free(enter);
    free(exit);
    if (!cmark_node_insert_before(hb, x)) {
        cmark_node_free(x);
        return NULL;
    }
    const char *rest = t.text + t.len, *end = lit + strlen(lit), *at = end, *after = end;
    int depth = follow(rest, (size_t)(end - rest), name, 1, &at, &after);
    int line = cmark_node_get_start_line(hb);
    for (const char *p = lit; p < rest; p++)
        line += *p == '\n';
    parse_into(ps, x, rest, (size_t)(at - rest), line);
    if (depth == 0 && !blank(after, (size_t)(end - after)))
        cmark_node_insert_after(hb, html_block_of(after, (size_t)(end - after)));
    cmark_node_free(hb);
    if (depth > 0)
        absorb(x, name, depth);
    return x;
}

static bool is_container(cmark_node *n)
{
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_LIST:
    case CMARK_NODE_ITEM:
    case CMARK_NODE_FOOTNOTE_DEFINITION:
    case CMARK_NODE_CUSTOM_BLOCK:
        return true;
    default:
        return false;
    }
}

/* Pairs the markdown="1" elements of every container, from a work list. */
static void pair_all(pass *ps, cmark_node *root)
{
    push(ps, root, 0);
    while (ps->nwork) {
        work_item w = ps->work[--ps->nwork];
        cmark_node *n = cmark_node_first_child(w.node), *x;
        while (n) {
            if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK && w.depth < MD_HTML_MAX_DEPTH &&
                (x = pair(ps, n))) {
                push(ps, x, w.depth + 1);
                n = cmark_node_next(x);
                continue;
            }
            if (is_container(n))
                push(ps, n, w.depth);
            n = cmark_node_next(n);
        }
    }
}

/* True when lit holds something besides comments and white space. */
static bool more_than_comments(const char *lit)
{
    html_lexer lx;
    html_token t;
    html_lexer_init(&lx, lit, strlen(lit));
    while (html_next(&lx, &t))
        if (t.kind != HTML_COMMENT && !(t.kind == HTML_TEXT && blank(t.text, t.len)))
            return true;
    return false;
}

/* The first raw HTML that is more than comments, in document order: its
 * line and column in the tree (0 when there is none). */
static void first_raw(cmark_node *root, int *line, int *col)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    *line = *col = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_HTML_INLINE))
            continue;
        if (!more_than_comments(cmark_node_get_literal(n)))
            continue;
        /* an inline without a position of its own takes its block's */
        while (n && cmark_node_get_start_line(n) <= 0)
            n = cmark_node_parent(n);
        *line = n ? cmark_node_get_start_line(n) : 1;
        *col = n && cmark_node_get_start_column(n) > 0 ? cmark_node_get_start_column(n) : 1;
        break;
    }
    cmark_iter_free(it);
}

/* Replaces every raw HTML node's text with MD_HTML_OMITTED (nodes are
 * collected first: the iterator must not see them change). */
static void omit_all(cmark_node *root)
{
    cmark_node **list = NULL;
    size_t n = 0, cap = 0;
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(node);
        if (ev == CMARK_EVENT_ENTER &&
            (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE ||
             t == CMARK_NODE_CUSTOM_BLOCK || t == CMARK_NODE_CUSTOM_INLINE)) {
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                list = xrealloc(list, cap * sizeof *list);
            }
            list[n++] = node;
        }
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < n; i++) {
        cmark_node_type t = cmark_node_get_type(list[i]);
        if (t == CMARK_NODE_CUSTOM_BLOCK || t == CMARK_NODE_CUSTOM_INLINE) {
            cmark_node_set_on_enter(list[i], MD_HTML_OMITTED);
            cmark_node_set_on_exit(list[i], "");
        } else {
            cmark_node_set_literal(list[i], MD_HTML_OMITTED);
        }
    }
    free(list);
}

void md_html_process(cmark_node *root, md_html_env *env, err_list *errs)
{
    pass ps = {env, NULL, 0, 0, 4 * env->len + 65536};
    if (!env->unsafe && !env->warned) {
        int line, col;
        first_raw(root, &line, &col);
        if (line > 0) {
            err_warn(errs, env->file, line + env->line0 - 1, col,
                     "raw HTML is left out: set markdown.unsafe: true in site.yaml to render it");
            env->warned = true;
        }
    }
    pair_all(&ps, root);
    if (!env->unsafe)
        omit_all(root);
    free(ps.work);
}
