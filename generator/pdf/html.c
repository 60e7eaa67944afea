/* html.c - raw HTML for the PDF (html.h): a fragment built into cmark blocks, and the looks
 * of the elements that hold blocks.
 *
 * The builder reads core/htmltok.h's tokens with a stack of the open block
 * elements, each a cmark container: inline content (text, inline tags,
 * images, line breaks) goes into the open paragraph or heading, or into a
 * paragraph opened for it (in a list an item is opened first, in a table a
 * row and a cell); a block start tag closes the open paragraph; an end tag
 * closes everything opened after its element, and one with no open element
 * is ignored. So unclosed and stray tags never fail: the tree is what a
 * browser would show, near enough. Inside a table cell blocks are read
 * through (their text joins the cell's, a line break between). */
#include "pdf/html.h"
#include "core/brand.h"
#include "core/htmltok.h"
#include "core/imgattr.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

typedef enum el_kind {
    EL_INLINE, /* any element not below: an inline tag, styled by para_add_inlines */
    EL_P,
    EL_HEADING,
    EL_LIST,
    EL_ITEM,
    EL_QUOTE,
    EL_PRE,
    EL_TABLE,
    EL_ROW,
    EL_CELL,
    EL_CAPTION,
    EL_BOX,     /* holds blocks: a custom block */
    EL_THROUGH, /* thead, tbody, tfoot, html, body: read through */
    EL_HR,
    EL_BR,
    EL_IMG,
    EL_NONE, /* shows nothing itself: script, style, the other void elements */
} el_kind;

static const struct {
    const char *name;
    el_kind kind;
} elements[] = {
    {"p", EL_P},
    {"h1", EL_HEADING},
    {"h2", EL_HEADING},
    {"h3", EL_HEADING},
    {"h4", EL_HEADING},
    {"h5", EL_HEADING},
    {"h6", EL_HEADING},
    {"ul", EL_LIST},
    {"ol", EL_LIST},
    {"li", EL_ITEM},
    {"blockquote", EL_QUOTE},
    {"pre", EL_PRE},
    {"table", EL_TABLE},
    {"tr", EL_ROW},
    {"td", EL_CELL},
    {"th", EL_CELL},
    {"caption", EL_CAPTION},
    {"thead", EL_THROUGH},
    {"tbody", EL_THROUGH},
    {"tfoot", EL_THROUGH},
    {"html", EL_THROUGH},
    {"body", EL_THROUGH},
    {"hr", EL_HR},
    {"br", EL_BR},
    {"img", EL_IMG},
    {"aside", EL_BOX},
    {"div", EL_BOX},
    {"section", EL_BOX},
    {"article", EL_BOX},
    {"details", EL_BOX},
    {"summary", EL_BOX},
    {"figure", EL_BOX},
    {"figcaption", EL_BOX},
    {"header", EL_BOX},
    {"footer", EL_BOX},
    {"nav", EL_BOX},
    {"main", EL_BOX},
    {"address", EL_BOX},
    {"center", EL_BOX},
    {"dl", EL_BOX},
    {"dt", EL_BOX},
    {"dd", EL_BOX},
    {"fieldset", EL_BOX},
    {"legend", EL_BOX},
    {"form", EL_BOX},
    {"script", EL_NONE},
    {"style", EL_NONE},
    {"head", EL_NONE},
    {"template", EL_NONE},
};

static el_kind kind_of(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof elements / sizeof *elements; i++)
        if (html_name_is(name, len, elements[i].name))
            return elements[i].kind;
    return html_is_void(name, len) ? EL_NONE : EL_INLINE;
}

typedef struct open_el {
    cmark_node *node; /* the container */
    el_kind kind;
    char name[12]; /* lower case; "" when opened implicitly */
} open_el;

/* root, the explicit elements, and an implicit row, cell and paragraph */
#define STACK_CAP (PDF_HTML_MAX_DEPTH + 4)

typedef struct builder {
    open_el st[STACK_CAP];
    size_t n;        /* st[0] is the document */
    cmark_node *pre; /* the open <pre>'s code block, or NULL */
    buf pre_text;    /* its text */
    buf decoded;     /* a text token, references decoded */
    buf scratch;
} builder;

static open_el *top(builder *b)
{
    return &b->st[b->n - 1];
}

static void set_literal(builder *b, cmark_node *n, const char *s, size_t len)
{
    buf_reset(&b->scratch);
    buf_put(&b->scratch, s, len);
    cmark_node_set_literal(n, buf_cstr(&b->scratch));
}

/* True when n holds something to show (text that is not white space, an
 * image, code). */
static bool has_content(cmark_node *n)
{
    for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
        cmark_node_type t = cmark_node_get_type(c);
        const char *lit = t == CMARK_NODE_TEXT ? cmark_node_get_literal(c) : NULL;
        if (t == CMARK_NODE_IMAGE || t == CMARK_NODE_CODE || (lit && lit[strspn(lit, " \t\n\r")]))
            return true;
        if (t != CMARK_NODE_TEXT && t != CMARK_NODE_HTML_INLINE && t != CMARK_NODE_LINEBREAK)
            return true;
    }
    return false;
}

/* Closes the innermost open element: a <pre> gets its text; a paragraph or
 * heading loses its trailing white space (a lone image stays alone); an empty
 * paragraph, heading, list, quote or box is dropped. */
static void pop(builder *b)
{
    open_el *e = top(b);
    cmark_node *last;
    b->n--;
    if (e->kind == EL_PRE) {
        const char *t = buf_cstr(&b->pre_text);
        cmark_node_set_literal(e->node, t[0] == '\n' ? t + 1 : t);
        buf_reset(&b->pre_text);
        b->pre = NULL;
        return;
    }
    while ((e->kind == EL_P || e->kind == EL_HEADING) && (last = cmark_node_last_child(e->node)) &&
           cmark_node_get_type(last) == CMARK_NODE_TEXT &&
           !cmark_node_get_literal(last)[strspn(cmark_node_get_literal(last), " \t\n\r")])
        cmark_node_free(last);
    if (((e->kind == EL_P || e->kind == EL_HEADING) && !has_content(e->node)) ||
        ((e->kind == EL_LIST || e->kind == EL_ITEM || e->kind == EL_QUOTE || e->kind == EL_BOX) &&
         !cmark_node_first_child(e->node)))
        cmark_node_free(e->node);
}

/* Appends n to the innermost open element and, when kind is not EL_NONE,
 * opens it. False (n freed) when it cannot go there or the stack is full. */
static bool push_el(builder *b, cmark_node *n, el_kind kind, const char *name, size_t len)
{
    if ((kind != EL_NONE && b->n >= STACK_CAP) || !cmark_node_append_child(top(b)->node, n)) {
        cmark_node_free(n);
        return false;
    }
    if (kind == EL_NONE)
        return true;
    open_el *e = &b->st[b->n++];
    e->node = n;
    e->kind = kind;
    size_t k = 0;
    for (; k < len && k < sizeof e->name - 1; k++)
        e->name[k] = name[k] >= 'A' && name[k] <= 'Z' ? (char)(name[k] - 'A' + 'a') : name[k];
    e->name[k] = '\0';
    return true;
}

/* A custom block whose on_enter is the len bytes of tag. */
static cmark_node *box(builder *b, const char *tag, size_t len)
{
    cmark_node *n = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    buf_reset(&b->scratch);
    buf_put(&b->scratch, tag, len);
    cmark_node_set_on_enter(n, buf_cstr(&b->scratch));
    return n;
}

/* The open paragraph or heading, or NULL. */
static cmark_node *leaf(builder *b)
{
    el_kind k = top(b)->kind;
    return k == EL_P || k == EL_HEADING ? top(b)->node : NULL;
}

/* The open paragraph or heading, opening one (and the item, row or cell it
 * needs) when there is none; NULL when the stack is full. */
static cmark_node *need_leaf(builder *b)
{
    if (leaf(b))
        return leaf(b);
    if (top(b)->kind == EL_LIST)
        push_el(b, cmark_node_new(CMARK_NODE_ITEM), EL_ITEM, "", 0);
    if (top(b)->kind == EL_TABLE)
        push_el(b, box(b, "<tr>", 4), EL_ROW, "", 0);
    if (top(b)->kind == EL_ROW)
        push_el(b, box(b, "<td>", 4), EL_CELL, "", 0);
    if (!push_el(b, cmark_node_new(CMARK_NODE_PARAGRAPH), EL_P, "", 0))
        return NULL;
    return top(b)->node;
}

static void close_leaf(builder *b)
{
    while (b->n > 1 && leaf(b))
        pop(b);
}

/* The index of the innermost open element of kind k (or k2), or 0. */
static size_t find_kind(builder *b, el_kind k, el_kind k2)
{
    for (size_t i = b->n - 1; i > 0; i--)
        if (b->st[i].kind == k || b->st[i].kind == k2)
            return i;
    return 0;
}

static bool in_cell(builder *b)
{
    return find_kind(b, EL_CELL, EL_CELL) > 0;
}

/* Decoded text: into the <pre>, or the open paragraph (white space only
 * where one is open; none at a paragraph's start). */
static void text(builder *b, const char *s, size_t len)
{
    buf_reset(&b->decoded);
    html_decode(s, len, &b->decoded);
    const char *t = buf_cstr(&b->decoded);
    if (b->pre) {
        buf_puts(&b->pre_text, t);
        return;
    }
    bool space = !t[strspn(t, " \t\n\r")];
    cmark_node *p = space ? leaf(b) : need_leaf(b);
    if (!p)
        return;
    if (!has_content(p))
        t += strspn(t, " \t\n\r");
    if (!*t)
        return;
    cmark_node *n = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(n, t);
    cmark_node_append_child(p, n);
}

static void free_attr(cmark_mem *mem, void *p)
{
    (void)mem;
    free(p);
}

/* An HTML width or height ("300", "300px", "50%") as imgattr.h's length. */
static img_length html_length(const html_attr *a)
{
    img_length l = {0, IMG_UNIT_NONE};
    char num[32];
    if (!a || !a->value_len || a->value_len >= sizeof num)
        return l;
    memcpy(num, a->value, a->value_len);
    num[a->value_len] = '\0';
    char *end;
    double v = strtod(num, &end);
    if (!(v > 0 && v < 100000) || (*end && strcmp(end, "%") != 0 && strcmp(end, "px") != 0))
        return l;
    l.value = v;
    l.unit = *end == '%' ? IMG_UNIT_PCT : IMG_UNIT_PX;
    return l;
}

/* <img>: an image node in the open paragraph, alt text as its text, its
 * width and height kept as imgattr.h's. */
static void image(builder *b, const html_token *t)
{
    cmark_node *p = need_leaf(b);
    if (!p)
        return;
    const html_attr *src = html_attr_get(t, "src"), *alt = html_attr_get(t, "alt");
    cmark_node *img = cmark_node_new(CMARK_NODE_IMAGE);
    buf_reset(&b->scratch);
    if (src)
        html_decode(src->value, src->value_len, &b->scratch);
    cmark_node_set_url(img, buf_cstr(&b->scratch));
    buf_reset(&b->scratch);
    if (alt)
        html_decode(alt->value, alt->value_len, &b->scratch);
    if (b->scratch.len) {
        cmark_node *a = cmark_node_new(CMARK_NODE_TEXT);
        cmark_node_set_literal(a, buf_cstr(&b->scratch));
        cmark_node_append_child(img, a);
    }
    md_imgattr size = {html_length(html_attr_get(t, "width")),
                       html_length(html_attr_get(t, "height"))};
    if (size.width.value > 0 || size.height.value > 0) {
        md_imgattr *kept = xmalloc(sizeof *kept);
        *kept = size;
        cmark_node_set_user_data(img, kept);
        cmark_node_set_user_data_free_func(img, free_attr);
    }
    cmark_node_append_child(p, img);
}

/* The node a block start tag makes (NULL for none). */
static cmark_node *block_node(builder *b, el_kind k, const html_token *t)
{
    cmark_node *n = NULL;
    if (k == EL_P) {
        n = cmark_node_new(CMARK_NODE_PARAGRAPH);
    } else if (k == EL_HEADING) {
        n = cmark_node_new(CMARK_NODE_HEADING);
        cmark_node_set_heading_level(n, t->name[1] - '0');
    } else if (k == EL_LIST || k == EL_ITEM) {
        bool ol = html_name_is(t->name, t->name_len, "ol");
        n = cmark_node_new(k == EL_LIST ? CMARK_NODE_LIST : CMARK_NODE_ITEM);
        if (k == EL_LIST)
            cmark_node_set_list_type(n, ol ? CMARK_ORDERED_LIST : CMARK_BULLET_LIST);
        const html_attr *start = ol ? html_attr_get(t, "start") : NULL;
        if (start && start->value_len && start->value_len < 9 && start->value[0] >= '0' &&
            start->value[0] <= '9')
            cmark_node_set_list_start(n, atoi(start->value));
    } else if (k == EL_QUOTE) {
        n = cmark_node_new(CMARK_NODE_BLOCK_QUOTE);
    } else if (k == EL_PRE) {
        n = cmark_node_new(CMARK_NODE_CODE_BLOCK);
    } else if (k == EL_HR) {
        n = cmark_node_new(CMARK_NODE_THEMATIC_BREAK);
    } else {
        n = box(b, t->text, t->len);
    }
    return n;
}

/* <li> closes the open item of its list, <dt> and <dd> the open term or
 * definition of theirs (as HTML's parser does). */
static void close_sibling(builder *b, el_kind k, const html_token *t)
{
    bool def = k == EL_BOX && (html_name_is(t->name, t->name_len, "dt") ||
                               html_name_is(t->name, t->name_len, "dd"));
    if (k != EL_ITEM && !def)
        return;
    for (size_t i = b->n - 1; i > 0; i--) {
        const open_el *e = &b->st[i];
        if (def ? strcmp(e->name, "dl") == 0 : e->kind == EL_LIST)
            return; /* the list: nothing of it is open */
        if (def ? strcmp(e->name, "dt") == 0 || strcmp(e->name, "dd") == 0 : e->kind == EL_ITEM) {
            while (b->n > i)
                pop(b);
            return;
        }
    }
}

/* A block start tag. */
static void block_start(builder *b, el_kind k, const html_token *t)
{
    if (in_cell(b) && k != EL_ROW && k != EL_CELL) {
        cmark_node *p = leaf(b); /* read through, a line break between blocks */
        if (p && has_content(p) &&
            cmark_node_get_type(cmark_node_last_child(p)) != CMARK_NODE_LINEBREAK)
            cmark_node_append_child(p, cmark_node_new(CMARK_NODE_LINEBREAK));
        return;
    }
    close_leaf(b);
    size_t i;
    if (k == EL_ROW || k == EL_CELL || k == EL_CAPTION) {
        i = k == EL_CELL ? find_kind(b, EL_ROW, EL_TABLE) : find_kind(b, EL_TABLE, EL_TABLE);
        if (!i)
            return; /* no table open: read through */
        while (b->n > i + 1)
            pop(b);
        if (k == EL_CELL && top(b)->kind == EL_TABLE)
            push_el(b, box(b, "<tr>", 4), EL_ROW, "", 0);
    } else {
        close_sibling(b, k, t);
    }
    if (k == EL_ITEM && top(b)->kind != EL_LIST)
        push_el(b, cmark_node_new(CMARK_NODE_LIST), EL_LIST, "", 0);
    else if (k != EL_ITEM && top(b)->kind == EL_LIST)
        push_el(b, cmark_node_new(CMARK_NODE_ITEM), EL_ITEM, "", 0);
    else if (k != EL_ROW && k != EL_CELL && k != EL_CAPTION &&
             (top(b)->kind == EL_TABLE || top(b)->kind == EL_ROW))
        return; /* a block between a table's rows: its text goes into a cell */
    if (k != EL_HR && b->n > PDF_HTML_MAX_DEPTH)
        return; /* too deep: read through */
    cmark_node *n = block_node(b, k, t);
    if (k == EL_CAPTION) { /* before its table, as the table's title */
        if (cmark_node_insert_before(top(b)->node, n))
            b->st[b->n++] = (open_el){n, EL_BOX, "caption"};
        else
            cmark_node_free(n);
        return;
    }
    if (push_el(b, n, k == EL_HR ? EL_NONE : k, t->name, t->name_len) && k == EL_PRE)
        b->pre = n;
}

/* An end tag: closes its element and everything opened after it. */
static void block_end(builder *b, const html_token *t)
{
    for (size_t i = b->n - 1; i > 0; i--)
        if (html_name_is(t->name, t->name_len, b->st[i].name)) {
            while (b->n > i)
                pop(b);
            return;
        }
}

/* An inline tag: an inline HTML node in the open paragraph (an end tag only
 * when one is open). */
static void inline_tag(builder *b, const html_token *t)
{
    cmark_node *p = t->kind == HTML_START ? need_leaf(b) : leaf(b);
    if (!p)
        return;
    cmark_node *n = cmark_node_new(CMARK_NODE_HTML_INLINE);
    set_literal(b, n, t->text, t->len);
    cmark_node_append_child(p, n);
}

static void token(builder *b, const html_token *t)
{
    if (t->kind == HTML_TEXT) {
        text(b, t->text, t->len);
        return;
    }
    if (t->kind != HTML_START && t->kind != HTML_END)
        return; /* comments, and the raw text of <script> and <style> */
    el_kind k = kind_of(t->name, t->name_len);
    if (b->pre && !(k == EL_PRE && t->kind == HTML_END))
        return; /* tags inside <pre> show nothing */
    if (k == EL_NONE || k == EL_THROUGH)
        return;
    if (t->kind == HTML_END)
        k == EL_INLINE ? inline_tag(b, t) : block_end(b, t);
    else if (k == EL_INLINE)
        inline_tag(b, t);
    else if (k == EL_BR) {
        if (leaf(b))
            cmark_node_append_child(leaf(b), cmark_node_new(CMARK_NODE_LINEBREAK));
    } else if (k == EL_IMG)
        image(b, t);
    else
        block_start(b, k, t);
}

cmark_node *pdf_html_tree(const char *html, size_t len)
{
    builder b = {0};
    b.st[0] = (open_el){cmark_node_new(CMARK_NODE_DOCUMENT), EL_BOX, ""};
    b.n = 1;
    html_lexer lx;
    html_token t;
    html_lexer_init(&lx, html, len);
    while (html_next(&lx, &t))
        token(&b, &t);
    while (b.n > 1)
        pop(&b);
    buf_free(&b.pre_text);
    buf_free(&b.decoded);
    buf_free(&b.scratch);
    return b.st[0].node;
}

/* ---- looks ---- */

enum { ROLE_KEEP, ROLE_TEXT, ROLE_PRIMARY, ROLE_ACCENT, ROLE_MUTED };

/* The built-in looks: for a class, or (element) for an element's name. */
static const struct builtin {
    const char *name;
    bool element;
    double size;
    pdf_face face;
    int role;
    bool rule, bar;
    double indent;
} builtins[] = {
    {"pquote", false, 1.3, FACE_ITALIC, ROLE_PRIMARY, true, false, 24},
    {"pullquote", false, 1.3, FACE_ITALIC, ROLE_PRIMARY, true, false, 24},
    {"note", false, 1, FACE_BODY, ROLE_KEEP, false, true, 0},
    {"lead", false, 1.15, FACE_BODY, ROLE_KEEP, false, false, 0},
    {"small", false, 0.85, FACE_BODY, ROLE_MUTED, false, false, 0},
    {"summary", true, 1, FACE_BOLD, ROLE_KEEP, false, false, 0},
    {"dt", true, 1, FACE_BOLD, ROLE_KEEP, false, false, 0},
    {"legend", true, 1, FACE_BOLD, ROLE_KEEP, false, false, 0},
    {"figcaption", true, 0.85, FACE_ITALIC, ROLE_MUTED, false, false, 0},
    {"caption", true, 0.85, FACE_ITALIC, ROLE_MUTED, false, false, 0},
    {"dd", true, 1, FACE_BODY, ROLE_KEEP, false, false, 18},
};

static const char *const roles[] = {"", "text", "primary", "accent", "muted"};

static uint32_t role_color(const pdf_style *st, int role)
{
    return role == ROLE_PRIMARY  ? st->primary
           : role == ROLE_ACCENT ? st->accent
           : role == ROLE_MUTED  ? st->muted
                                 : st->text;
}

/* Applies the built-in look named name (a class, or an element's name);
 * false when there is none. */
static bool apply_builtin(const char *name, size_t len, bool element, const pdf_style *st,
                          pdf_html_look *look)
{
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++) {
        const struct builtin *b = &builtins[i];
        if (b->element != element || !html_name_is(name, len, b->name))
            continue;
        look->size = b->size;
        look->face = b->face;
        look->recolor = b->role != ROLE_KEEP;
        look->color = role_color(st, b->role);
        look->rule = b->rule;
        look->bar = b->bar;
        look->indent = b->indent;
        return true;
    }
    return false;
}

/* One key of a pdf.html_classes entry. 0, or -1 with an error at v. */
static int apply_key(const char *cls, const char *key, const value *v, const pdf_style *st,
                     pdf_html_look *look, err_list *errs)
{
    static const char *const faces[] = {"body", "italic", "bold", "sans"};
    static const pdf_face face_of[] = {FACE_BODY, FACE_ITALIC, FACE_BOLD, FACE_SANS};
    const char *s = v->type == VAL_STR ? v->u.str.s : NULL;
    if (strcmp(key, "size") == 0 && v->type == VAL_NUM && v->u.num >= 0.5 && v->u.num <= 3)
        look->size = v->u.num;
    else if (strcmp(key, "indent") == 0 && v->type == VAL_NUM && v->u.num >= 0 && v->u.num <= 144)
        look->indent = v->u.num;
    else if ((strcmp(key, "rule") == 0 || strcmp(key, "bar") == 0) && v->type == VAL_BOOL)
        *(key[0] == 'r' ? &look->rule : &look->bar) = v->u.b;
    else if (strcmp(key, "face") == 0 && s) {
        for (size_t i = 0; i < 4; i++)
            if (strcmp(s, faces[i]) == 0) {
                look->face = face_of[i];
                return 0;
            }
        goto bad;
    } else if (strcmp(key, "color") == 0 && s) {
        for (int r = ROLE_TEXT; r <= ROLE_MUTED; r++)
            if (strcmp(s, roles[r]) == 0) {
                look->color = role_color(st, r);
                look->recolor = true;
                return 0;
            }
        if (colour_parse(s, &look->color) != 0)
            goto bad;
        look->recolor = true;
    } else
        goto bad;
    return 0;
bad:
    err_add(errs, v->pos.file, v->pos.line, v->pos.col, "pdf.html_classes.%s.%s: %s", cls, key,
            strcmp(key, "size") == 0     ? "a number from 0.5 to 3 (times the body size)"
            : strcmp(key, "indent") == 0 ? "a number of points from 0 to 144"
            : strcmp(key, "face") == 0   ? "body, italic, bold or sans"
            : strcmp(key, "color") == 0  ? "text, primary, accent, muted or \"#rrggbb\""
            : strcmp(key, "rule") == 0 || strcmp(key, "bar") == 0
                ? "true or false"
                : "not a key (size, face, color, rule, bar, indent)");
    return -1;
}

/* Applies pdf.html_classes.cls (m) over look. 0, or -1 with errors. */
static int apply_config(const char *cls, const value *m, const pdf_style *st, pdf_html_look *look,
                        err_list *errs)
{
    int rc = 0;
    if (m->type != VAL_MAP) {
        err_add(errs, m->pos.file, m->pos.line, m->pos.col,
                "pdf.html_classes.%s must be a mapping (size, face, color, rule, bar, indent)",
                cls);
        return -1;
    }
    for (size_t i = 0; i < m->u.map.len; i++)
        rc |= apply_key(cls, m->u.map.keys[i], m->u.map.vals[i], st, look, errs);
    return rc;
}

int pdf_html_look_of(const char *tag, const value *config, const pdf_style *st, pdf_html_look *look,
                     err_list *errs)
{
    memset(look, 0, sizeof *look);
    look->size = 1;
    look->face = FACE_BODY;
    html_lexer lx;
    html_token t;
    html_lexer_init(&lx, tag ? tag : "", tag ? strlen(tag) : 0);
    while (html_next(&lx, &t) && t.kind != HTML_START)
        ;
    if (!tag || t.kind != HTML_START)
        return 0;
    size_t n = t.name_len < sizeof look->name ? t.name_len : sizeof look->name - 1;
    for (size_t i = 0; i < n; i++)
        look->name[i] = t.name[i] >= 'A' && t.name[i] <= 'Z' ? (char)(t.name[i] + 32) : t.name[i];
    apply_builtin(look->name, n, true, st, look);
    const value *classes = val_path(config, "pdf.html_classes");
    if (classes && classes->type != VAL_MAP)
        classes = NULL;
    const html_attr *a = html_attr_get(&t, "class");
    const char *p = a ? a->value : "", *end = a ? a->value + a->value_len : p;
    char cls[64];
    while (p < end) {
        size_t len = strcspn(p, " \t\n\r");
        if ((size_t)(end - p) < len)
            len = (size_t)(end - p);
        if (len && len < sizeof cls) {
            memcpy(cls, p, len);
            cls[len] = '\0';
            const value *m = classes ? val_map_get(classes, cls) : NULL;
            bool found = apply_builtin(cls, len, false, st, look);
            if (m)
                return apply_config(cls, m, st, look, errs);
            if (found)
                return 0;
        }
        p += len ? len : 1;
    }
    return 0;
}
