/* imgattr.c - Pandoc's attribute braces after an image: parsed into the image node's
 * width and height, removed from the text, written on the HTML <img>.
 *
 * The braces are the text that starts right after the image (cmark-gfm
 * leaves "{width=50%}" as ordinary text, in one text node or in several when
 * a character such as '_' cut it): the text nodes that follow the image are
 * read up to the first '}' on the same line, and what they held of the
 * braces is cut from them. */
#include "core/imgattr.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ATTR_TEXT 1024 /* longer braces are text, not attributes */
#define MAX_ATTR_NODES 64  /* text nodes one pair of braces may span */

/* Where warnings go: the file, its line offset, the braces' position. */
typedef struct attr_ctx {
    const char *file;
    int line0;
    int line, col; /* of the '{' in the file (col 0: unknown) */
    err_list *errs;
} attr_ctx;

static void free_attr(cmark_mem *mem, void *p)
{
    (void)mem;
    free(p);
}

/* A positive length: digits with an optional fraction, then a unit (none is
 * CSS pixels). */
static bool parse_length(const char *v, size_t n, img_length *out)
{
    size_t i = 0;
    double x = 0, scale = 1;
    bool digits = false, frac = false;
    for (; i < n && ((v[i] >= '0' && v[i] <= '9') || (v[i] == '.' && !frac)); i++) {
        if (v[i] == '.')
            frac = true;
        else if (frac)
            scale /= 10, x += (v[i] - '0') * scale, digits = true;
        else
            x = x * 10 + (v[i] - '0'), digits = true;
    }
    static const struct {
        const char *name;
        img_unit unit;
    } units[] = {{"", IMG_UNIT_PX},   {"px", IMG_UNIT_PX}, {"%", IMG_UNIT_PCT}, {"in", IMG_UNIT_IN},
                 {"cm", IMG_UNIT_CM}, {"mm", IMG_UNIT_MM}, {"pt", IMG_UNIT_PT}};
    if (!digits || !(x > 0) || x > 1e6)
        return false;
    for (size_t k = 0; k < sizeof units / sizeof *units; k++)
        if (strlen(units[k].name) == n - i && memcmp(v + i, units[k].name, n - i) == 0) {
            out->value = x;
            out->unit = units[k].unit;
            return true;
        }
    return false;
}

/* Applies key=value (value not NUL-terminated) to a, or warns at col. */
static void apply(attr_ctx *c, md_imgattr *a, const char *key, const char *v, size_t vn, int col)
{
    static const char *const known[] = {"width", "height"};
    img_length *l = strcmp(key, "width") == 0    ? &a->width
                    : strcmp(key, "height") == 0 ? &a->height
                                                 : NULL;
    if (!l) {
        const char *near = suggest_nearest(key, known, 2);
        err_warn(c->errs, c->file, c->line, col,
                 "unknown image attribute '%s'%s%s%s; imprint reads width and height (written "
                 "{width=50%%} or {width=300px})",
                 key, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    } else if (!parse_length(v, vn, l))
        err_warn(c->errs, c->file, c->line, col,
                 "image %s '%.*s' is not a positive length: write 300px, 50%%, 8cm, 3in, 20mm "
                 "or 200pt",
                 key, (int)vn, v);
}

/* Reads the attributes of s (n bytes, inside the braces) into a. */
static void parse_attrs(attr_ctx *c, const char *s, size_t n, md_imgattr *a)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= n)
            break;
        size_t start = i;
        int col = c->col ? c->col + 1 + (int)start : 0;
        while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '=')
            i++;
        char *key = xstrndup(s + start, i - start);
        if (i >= n || s[i] != '=') {
            err_warn(c->errs, c->file, c->line, col,
                     "image attribute '%s' is not used: imprint reads width and height (written "
                     "{width=50%%})",
                     key);
            free(key);
            continue;
        }
        i++;
        const char *v = s + i;
        size_t vn;
        if (i < n && (s[i] == '"' || s[i] == '\'')) {
            char q = s[i++];
            v = s + i;
            while (i < n && s[i] != q)
                i++;
            vn = (size_t)(s + i - v);
            i += i < n; /* the closing quote */
        } else {
            while (i < n && s[i] != ' ' && s[i] != '\t')
                i++;
            vn = (size_t)(s + i - v);
        }
        apply(c, a, key, v, vn, col);
        free(key);
    }
}

/* Cuts the first n bytes of text from the text nodes ts[0..k). */
static void consume(cmark_node **ts, size_t k, size_t n)
{
    for (size_t j = 0; j < k && n > 0; j++) {
        const char *lit = cmark_node_get_literal(ts[j]);
        size_t len = strlen(lit);
        if (n >= len) {
            cmark_node_free(ts[j]); /* unlinks it too */
            n -= len;
        } else {
            char *rest = xstrdup(lit + n);
            cmark_node_set_literal(ts[j], rest);
            free(rest);
            n = 0;
        }
    }
}

/* Reads and removes the braces after img, if any. */
static void after_image(attr_ctx *c, cmark_node *img)
{
    cmark_node *ts[MAX_ATTR_NODES];
    size_t k = 0, close = 0;
    buf text = BUF_INIT;
    for (cmark_node *t = cmark_node_next(img);
         t && k < MAX_ATTR_NODES && cmark_node_get_type(t) == CMARK_NODE_TEXT &&
         text.len < MAX_ATTR_TEXT;
         t = cmark_node_next(t)) {
        const char *lit = cmark_node_get_literal(t);
        ts[k++] = t;
        buf_puts(&text, lit ? lit : "");
        if (strchr(lit ? lit : "", '}'))
            break;
    }
    const char *s = buf_cstr(&text), *end = strchr(s, '}');
    if (s[0] == '{' && end && !memchr(s, '\n', (size_t)(end - s))) {
        close = (size_t)(end - s);
        c->line = cmark_node_get_start_line(ts[0]) > 0
                      ? cmark_node_get_start_line(ts[0]) + c->line0 - 1
                      : cmark_node_get_start_line(img) + c->line0 - 1;
        c->col = cmark_node_get_start_column(ts[0]);
        md_imgattr a = {0};
        parse_attrs(c, s + 1, close - 1, &a);
        consume(ts, k, close + 1);
        if (a.width.unit != IMG_UNIT_NONE || a.height.unit != IMG_UNIT_NONE) {
            md_imgattr *kept = xmalloc(sizeof *kept);
            *kept = a;
            cmark_node_set_user_data(img, kept);
            cmark_node_set_user_data_free_func(img, free_attr);
        }
    }
    buf_free(&text);
}

void md_imgattr_parse(cmark_node *root, const char *file, int line0, err_list *errs)
{
    attr_ctx c = {file, line0, 0, 0, errs};
    cmark_node **imgs = NULL;
    size_t n = 0, cap = 0;
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_IMAGE)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            imgs = xrealloc(imgs, cap * sizeof *imgs);
        }
        imgs[n++] = node;
    }
    cmark_iter_free(it);
    /* the tree changes after the walk: the iterator must not see freed nodes */
    for (size_t i = 0; i < n; i++)
        after_image(&c, imgs[i]);
    free(imgs);
}

const md_imgattr *md_imgattr_get(cmark_node *img)
{
    return cmark_node_get_type(img) == CMARK_NODE_IMAGE ? cmark_node_get_user_data(img) : NULL;
}

double md_imglen_points(img_length l, double pct_of)
{
    switch (l.unit) {
    case IMG_UNIT_PX:
        return l.value * 0.75;
    case IMG_UNIT_PCT:
        return l.value * pct_of / 100;
    case IMG_UNIT_IN:
        return l.value * 72;
    case IMG_UNIT_CM:
        return l.value * 72 / 2.54;
    case IMG_UNIT_MM:
        return l.value * 72 / 25.4;
    case IMG_UNIT_PT:
        return l.value;
    default:
        return 0;
    }
}

/* A length as CSS ("50%", "2in", "300px"), with at most three decimals. */
static void css_length(img_length l, buf *out)
{
    static const char *const units[] = {"", "px", "%", "in", "cm", "mm", "pt"};
    char num[64];
    snprintf(num, sizeof num, "%.3f", l.value);
    char *e = num + strlen(num) - 1;
    while (*e == '0')
        *e-- = '\0';
    if (*e == '.')
        *e = '\0';
    buf_printf(out, "%s%s", num, units[l.unit]);
}

void md_imgattr_html(const md_imgattr *a, buf *out)
{
    if (!a)
        return;
    bool wattr = a->width.unit != IMG_UNIT_NONE && a->width.unit != IMG_UNIT_PCT;
    if (wattr) /* CSS pixels: points / 0.75 */
        buf_printf(out, " width=\"%.0f\"", fmax(1, round(md_imglen_points(a->width, 0) / 0.75)));
    bool wstyle = a->width.unit == IMG_UNIT_PCT, hstyle = a->height.unit != IMG_UNIT_NONE;
    if (!wstyle && !hstyle)
        return;
    buf_puts(out, " style=\"");
    if (wstyle) {
        buf_puts(out, "width:");
        css_length(a->width, out);
        buf_puts(out, hstyle ? ";" : "");
    }
    if (hstyle) {
        buf_puts(out, "height:");
        css_length(a->height, out);
    }
    buf_puts(out, "\"");
}

/* ---- HTML rendering ---- */

struct md_imgswap {
    cmark_node **imgs; /* the images taken out */
    cmark_node **subs; /* the custom inline node standing in for each */
    size_t n;
};

md_imgswap *md_imgattr_html_begin(cmark_node *n, int opts, cmark_llist *exts)
{
    md_imgswap *s = NULL;
    size_t cap = 0;
    cmark_iter *it = cmark_iter_new(n);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *img = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || !md_imgattr_get(img))
            continue;
        if (!s)
            s = xcalloc(1, sizeof *s);
        if (s->n == cap) {
            cap = cap ? cap * 2 : 8;
            s->imgs = xrealloc(s->imgs, cap * sizeof *s->imgs);
            s->subs = xrealloc(s->subs, cap * sizeof *s->subs);
        }
        s->imgs[s->n++] = img;
    }
    cmark_iter_free(it);
    for (size_t i = 0; s && i < s->n; i++) {
        /* cmark writes <img src="..." alt="..." /> (title="..." before " />") */
        char *html = cmark_render_html(s->imgs[i], opts, exts);
        size_t len = strlen(html);
        size_t at = len >= 3 && strcmp(html + len - 3, " />") == 0 ? len - 3 : len;
        buf b = BUF_INIT;
        buf_put(&b, html, at);
        md_imgattr_html(md_imgattr_get(s->imgs[i]), &b);
        buf_puts(&b, html + at);
        free(html);
        /* raw inline HTML, which a table cell may hold too; a custom inline node
         * when opts would leave raw HTML out */
        bool raw = opts & CMARK_OPT_UNSAFE;
        s->subs[i] = cmark_node_new(raw ? CMARK_NODE_HTML_INLINE : CMARK_NODE_CUSTOM_INLINE);
        if (raw)
            cmark_node_set_literal(s->subs[i], buf_cstr(&b));
        else
            cmark_node_set_on_enter(s->subs[i], buf_cstr(&b));
        buf_free(&b);
        if (!cmark_node_replace(s->imgs[i], s->subs[i])) { /* its parent cannot hold it */
            cmark_node_free(s->subs[i]);
            s->subs[i] = NULL;
        }
    }
    return s;
}

void md_imgattr_html_end(md_imgswap *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        if (s->subs[i]) {
            cmark_node_replace(s->subs[i], s->imgs[i]);
            cmark_node_free(s->subs[i]);
        }
    free(s->imgs);
    free(s->subs);
    free(s);
}
