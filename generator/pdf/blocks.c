/* blocks.c - Markdown blocks to flow items: headings, paragraphs, lists, quotes, code,
 * rules, images, data tables, charts and footnotes.
 *
 * Each block kind has a function that appends its items; one that can fail
 * (an image, a directive, nesting too deep) adds an error and returns -1, and
 * the walk goes on so that one run reports every problem of a chapter. */
#include "pdf/blocks.h"
#include "core/lang.h"

#include <cmark-gfm-core-extensions.h>
#include "core/theme.h"
#include "core/url.h"
#include "util/buf.h"
#include "core/chart.h"
#include "core/htmltok.h"
#include "core/i18n.h"
#include "core/imgattr.h"
#include "util/fsutil.h"
#include "util/xalloc.h"
#include "pdf/html.h"
#include "pdf/code.h"
#include "pdf/inline.h"
#include "pdf/notes.h"
#include "pdf/table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_LIST_DEPTH 16

typedef struct chapter_ctx {
    flow *f;
    pdf_images *images; /* the document's pictures (pdf/image.h) */
    const pdf_chapter *ch;
    int number;
    int h2, h3; /* heading counters */
    const pdf_settings *set;
    err_list *errs;
    int html_line; /* inside raw HTML: its block's line (the nodes built from it have none) */
} chapter_ctx;

/* Body text's style; its faces follow body_face (a raw HTML element's look
 * may set it): emphasis in italic text is upright. */
static inline_style body_style(const flow *f)
{
    pdf_face r = f->st->body_face, b = FACE_BOLD, i = FACE_ITALIC, bi = FACE_BOLD_ITALIC;
    if (r == FACE_ITALIC)
        b = FACE_BOLD_ITALIC, i = FACE_BODY, bi = FACE_BOLD;
    else if (r == FACE_BOLD)
        i = bi = FACE_BOLD_ITALIC;
    else if (r == FACE_SANS)
        b = bi = FACE_SANS_BOLD, i = FACE_SANS;
    inline_style st = {r, b, i, bi, f->st->body_size, f->st->leading, f->st->text, f->st->primary};
    return st;
}

/* A node's line in its file. A node built from raw HTML has none of its own
 * and takes its HTML block's, another one without (made by a pass) that of
 * the nearest enclosing node that has one. */
static int node_line(chapter_ctx *c, cmark_node *n)
{
    if (cmark_node_get_start_line(n) <= 0 && c->html_line)
        return c->html_line;
    while (cmark_node_get_start_line(n) <= 0 && cmark_node_parent(n))
        n = cmark_node_parent(n);
    return md_node_line(c->ch->doc, n);
}

static int layout_blocks(chapter_ctx *c, cmark_node *parent, int depth);

/* ---- headings ---- */

static void heading(chapter_ctx *c, cmark_node *n, const md_heading *mh)
{
    flow *f = c->f;
    int level = cmark_node_get_heading_level(n) - c->ch->shift;
    if (level < 2)
        level = 2;
    if (level > 4)
        level = 4;
    buf num = BUF_INIT, title = BUF_INIT, anchor = BUF_INIT;
    if (level == 2)
        c->h2++, c->h3 = 0;
    else if (level == 3)
        c->h3++;
    if (f->st->number_headings && level <= 3 && c->ch->kind == PDF_CHAPTER) {
        if (level == 2)
            buf_printf(&num, "%d.%d", c->number, c->h2);
        else
            buf_printf(&num, "%d.%d.%d", c->number, c->h2, c->h3);
    }
    static const double sizes[] = {0, 0, 14.5, 12, 10.5};
    static const double before[] = {0, 0, 20, 14, 10};
    double size = sizes[level];
    inline_style st = {FACE_SANS_BOLD,
                       FACE_SANS_BOLD,
                       FACE_SANS_BOLD,
                       FACE_SANS_BOLD,
                       size,
                       size * 1.3,
                       level == 2 ? f->st->primary : f->st->text,
                       f->st->primary};
    para p = {0};
    if (num.len) {
        para_add(f, &p, num.data, num.len, FACE_SANS_BOLD, size, f->st->accent, NULL, 0);
        para_add(f, &p, " ", 1, FACE_SANS_BOLD, size, f->st->accent, NULL, 0);
    }
    para_add_inlines(f, &p, n, &st, f->base_url);
    if (mh)
        buf_printf(&title, "%s%s%s", num.data ? num.data : "", num.len ? " " : "", mh->text);
    buf_printf(&anchor, "%s#%s", c->ch->url, mh ? mh->id : "");
    size_t first = f->nitems;
    f->pending_anchor = arena_strdup(f->a, buf_cstr(&anchor)); /* on the heading's first line */
    int outer = flow_tag_heading(f, level);
    bool dir_auto = f->dir_auto;
    f->dir_auto = false; /* a heading keeps the chapter's direction, its number first */
    size_t lines =
        para_flow(f, &p, f->indent, f->width - f->indent, &st, ALIGN_RAGGED, before[level]);
    f->dir_auto = dir_auto;
    flow_tag_close(f, outer);
    f->pending_anchor = NULL;
    for (size_t i = 0; i < lines; i++)
        f->items[first + i].keep_with_next = true;
    if (lines && mh)
        flow_heading_add(f, level, buf_cstr(&title), buf_cstr(&anchor), first);
    buf_free(&num);
    buf_free(&title);
    buf_free(&anchor);
}

/* ---- lists ---- */

static int list(chapter_ctx *c, cmark_node *n, int depth)
{
    flow *f = c->f;
    bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
    int number = cmark_node_get_list_start(n);
    double indent = 16;
    inline_style st = body_style(f);
    buf marker = BUF_INIT;
    int rc = 0;
    int outer = flow_tag_open(f, TAG_L);
    pdf_tag_set_numbering(f->tags, f->tag, ordered ? "Decimal" : depth % 2 ? "Circle" : "Disc");
    for (cmark_node *item = cmark_node_first_child(n); item;
         item = cmark_node_next(item), number++) {
        buf_reset(&marker);
        int list_tag = flow_tag_open(f, TAG_LI);
        /* a task list item ("- [x] done") gets a box, ticked when done, for its marker */
        bool task = strcmp(cmark_node_get_type_string(item), "tasklist") == 0;
        f->marker_box = task ? 1 + cmark_gfm_extensions_get_tasklist_item_checked(item) : 0;
        if (ordered)
            buf_printf(&marker, "%d.", number);
        else
            buf_puts(&marker, depth % 2 ? "\xe2\x80\x93" : "\xe2\x80\xa2"); /* – or • */
        double mw = task ? st.size * 0.72
                         : pdf_text_width(f->fonts, FACE_BODY, st.size, marker.data, marker.len);
        f->marker = arena_strdup(f->a, buf_cstr(&marker));
        f->marker_x = flow_mirror_x(f, f->indent + indent - 5 - mw, mw);
        f->marker_y = para_baseline(f, FACE_BODY, st.size, st.leading);
        f->marker_face = FACE_BODY;
        f->marker_size = st.size;
        f->marker_color = ordered ? f->st->text : f->st->accent;
        /* a number or a task box is a label; a bullet is decoration (the list's
         * /ListNumbering says what its items are marked with) */
        f->marker_tag = f->tags && (ordered || task) ? pdf_tag_new(f->tags, f->tag, TAG_LBL) : 0;
        if (task)
            pdf_tag_set_alt(f->tags, f->marker_tag, f->marker_box == 2 ? "checked" : "not checked");
        int item_tag = flow_tag_open(f, TAG_LBODY);
        f->indent += indent;
        if (layout_blocks(c, item, depth + 1) != 0)
            rc = -1;
        f->indent -= indent;
        flow_tag_close(f, item_tag);
        flow_tag_close(f, list_tag);
        f->marker = NULL;
        f->marker_box = 0;
    }
    flow_tag_close(f, outer);
    buf_free(&marker);
    return rc;
}

/* ---- code blocks ---- */

static void code_block(chapter_ctx *c, cmark_node *n)
{
    int outer = flow_tag_open(c->f, TAG_CODE);
    pdf_code_flow(c->f, c->set->highlight, cmark_node_get_fence_info(n), cmark_node_get_literal(n));
    flow_tag_close(c->f, outer);
}

/* ---- images ---- */

/* The file an image URL names and, in *root, the folder it must stay in:
 * "/assets/x" is a site asset (the site's or the theme's), any other "/x" a
 * file copied from content/, anything else a file beside the chapter.
 * Returns a malloc'd path. */
static char *image_path(chapter_ctx *c, const char *url, const char **root)
{
    *root = c->set->dir;
    if (strncmp(url, "/assets/", 8) == 0) {
        char *path = theme_resolve(c->set->dir, c->set->theme_dir, url + 1, root);
        return path ? path : fs_join(c->set->dir, url + 1);
    }
    if (url[0] == '/')
        return xasprintf("%s/content%s", c->set->dir, url);
    return fs_join(c->ch->dir, url);
}

/* The size in points to draw im at: the width and height written after the
 * image (a percentage of the text width, or of the text block's height),
 * the other side in proportion; else 96 pixels an inch. Then scaled down to
 * fit the text width and 80% of the page's text block. */
static void image_size(chapter_ctx *c, cmark_node *node, const pdf_image *im, double *w, double *h)
{
    flow *f = c->f;
    double maxw = f->width - f->indent;
    double body_h = f->st->page_h - f->st->margin_top - f->st->margin_bottom;
    double nw = im->width * 0.75, nh = im->height * 0.75;
    const md_imgattr *a = md_imgattr_get(node);
    double aw = a ? md_imglen_points(a->width, maxw) : 0;
    double ah = a ? md_imglen_points(a->height, body_h) : 0;
    *w = aw > 0 ? aw : ah > 0 ? nw * ah / nh : nw;
    *h = ah > 0 ? ah : aw > 0 ? nh * aw / nw : nh;
    double k = fmin(1.0, fmin(maxw / *w, body_h * 0.8 / *h));
    *w *= k;
    *h *= k;
}

/* The alt text of an image that cannot be drawn, as an italic paragraph. */
static void image_alt(chapter_ctx *c, const char *alt)
{
    flow *f = c->f;
    inline_style st = body_style(f);
    para p = {0};
    const char *text = alt[0] ? alt : "(image)";
    para_add(f, &p, text, strlen(text), FACE_ITALIC, st.size, f->st->muted, NULL, 0);
    int outer = flow_tag_open(f, TAG_P);
    para_flow(f, &p, f->indent, f->width - f->indent, &st, ALIGN_RAGGED, st.leading * 0.55);
    flow_tag_close(f, outer);
}

/* Places a loaded image as a Figure whose /Alt is its alt text. Without alt
 * text the picture is drawn as an artifact (decoration) and, in a tagged
 * PDF, a warning says so, an error when pdf.strict asks for PDF/UA's rule.
 * Returns 0, or -1 with that error. */
static int image_place(chapter_ctx *c, cmark_node *img, const pdf_image *im, double w, double h,
                       const char *alt)
{
    flow *f = c->f;
    int rc = 0;
    int outer = f->tag;
    if (alt[0]) {
        outer = flow_tag_open(f, TAG_FIGURE);
        pdf_tag_set_alt(f->tags, f->tag, alt);
    } else if (f->tags) {
        const char *url = cmark_node_get_url(img);
        bool strict = f->st->strict;
        (strict ? err_add : err_warn)(
            c->errs, md_file(c->ch->doc), node_line(c, img), cmark_node_get_start_column(img),
            "image '%s' has no alt text%s: write what it shows between the brackets, "
            "![like this](%s)",
            url ? url : "",
            strict ? " (pdf.strict: PDF/UA needs one)" : "; the PDF marks it as decoration",
            url ? url : "");
        rc = strict ? -1 : 0;
        f->tag = 0;
    }
    flow_begin(f, h, 8, false);
    flow_image(f, flow_mirror_x(f, f->indent, w), 0, w, h, alt, im);
    flow_tag_close(f, outer);
    return rc;
}

/* Loads a block image into the document (its format from its content,
 * pdf/image.h) and lays it out, its alt text kept on the op. Returns 0, or
 * -1 with an error; an SVG librsvg cannot read is a warning, and its alt
 * text stands in its place (but an SVG when librsvg is not installed is an
 * error: every SVG would be missing). */
static int image(chapter_ctx *c, cmark_node *img)
{
    const char *url = cmark_node_get_url(img), *root;
    char *path = NULL;
    buf why = BUF_INIT, alt = BUF_INIT;
    img_format fmt = IMG_UNKNOWN;
    double w = 0, h = 0;
    int rc = -1;
    url = url ? url : "";
    int line = node_line(c, img), col = cmark_node_get_start_column(img);
    const char *file = md_file(c->ch->doc);
    md_node_text(img, &alt);
    if (url_is_external(url)) {
        err_add(c->errs, file, line, col,
                "image '%s': only local PNG, JPEG and SVG files can go in the PDF", url);
        goto out;
    }
    path = image_path(c, url, &root);
    if (!fs_is_file(path)) {
        err_add(c->errs, file, line, col, "image '%s' not found (%s)", url, path);
        goto out;
    }
    if (!fs_inside(path, root)) {
        err_add(c->errs, file, line, col,
                "image '%s' is outside the site folder; images are read only from there", url);
        goto out;
    }
    const pdf_image *im = pdf_image_open(c->images, path, &fmt, &why);
    if (im) {
        image_size(c, img, im, &w, &h);
        im = pdf_image_sized(c->images, im, w, h, &why); /* an SVG: rasterised for that size */
    }
    if (!im && fmt == IMG_SVG && pdf_image_svg_ready()) {
        err_warn(c->errs, file, line, col, "image '%s' %s; the PDF shows its alt text instead", url,
                 buf_cstr(&why));
        image_alt(c, buf_cstr(&alt));
        rc = 0;
    } else if (!im) {
        err_add(c->errs, file, line, col, "image '%s' %s", url, buf_cstr(&why));
    } else {
        rc = image_place(c, img, im, w, h, buf_cstr(&alt));
    }
out:
    free(path);
    buf_free(&why);
    buf_free(&alt);
    return rc;
}

/* ---- directives ---- */

static double measure_cb(void *ctx, const char *text, double size, int bold)
{
    flow *f = ctx;
    return pdf_text_width(f->fonts, bold ? FACE_SANS_BOLD : FACE_SANS, size, text, strlen(text));
}

/* A chart directive: its title, then the chart. Returns 0, or -1 with errors. */
static int chart_block(chapter_ctx *c, const md_directive *d, const dtable *t)
{
    flow *f = c->f;
    chart *ch = chart_new(t, d->body, md_file(c->ch->doc), d->line + 1, c->errs);
    if (!ch)
        return -1;
    chart_style style = {{f->st->primary, f->st->accent, 0x5b8db8, 0x8a8f96},
                         f->st->text,
                         f->st->muted,
                         0xd5dbe1,
                         8};
    ch_geom g = {0};
    double w = f->width - f->indent;
    chart_layout(ch, w, &style, measure_cb, f, &g);
    /* the title, kept with the chart */
    inline_style st = {FACE_SANS_BOLD, FACE_SANS_BOLD,          FACE_SANS_BOLD,
                       FACE_SANS_BOLD, f->st->small_size * 1.1, f->st->small_size * 1.1 * 1.4,
                       f->st->text,    f->st->primary};
    /* a Figure whose /Alt states the data; its title and drawing are its content */
    int outer = flow_tag_open(f, TAG_FIGURE);
    buf alt = BUF_INIT;
    i18n_format(c->set->words, "chart_alt", &alt, "title", chart_title(ch), "description",
                g.desc ? g.desc : "", NULL);
    pdf_tag_set_alt(f->tags, f->tag, buf_cstr(&alt));
    buf_free(&alt);
    int shapes = f->shape_tag;
    f->shape_tag = f->tag;
    para title = {0};
    const char *tt = chart_title(ch);
    para_add(f, &title, tt, strlen(tt), FACE_SANS_BOLD, st.size, f->st->text, NULL, 0);
    size_t first = f->nitems;
    size_t n = para_flow(f, &title, f->indent, w, &st, ALIGN_RAGGED, 12);
    for (size_t i = 0; i < n; i++)
        f->items[first + i].keep_with_next = true;
    flow_begin(f, g.height, 4, false);
    for (size_t i = 0; i < g.n; i++) {
        const ch_item *it = &g.items[i];
        double x = f->indent + it->x;
        switch (it->kind) {
        case CH_RECT:
            flow_rect(f, x, it->y, it->w, it->h, it->color);
            break;
        case CH_LINE:
            flow_line(f, x, it->y, it->w, it->h, it->size, it->color);
            break;
        case CH_TEXT: {
            pdf_face face = it->bold ? FACE_SANS_BOLD : FACE_SANS;
            double tw = pdf_text_width(f->fonts, face, it->size, it->text, strlen(it->text));
            if (it->anchor == CH_MIDDLE)
                x -= tw / 2;
            else if (it->anchor == CH_END)
                x -= tw;
            flow_text(f, x, it->y, face, it->size, it->color, it->text, strlen(it->text));
            break;
        }
        }
    }
    f->shape_tag = shapes;
    flow_tag_close(f, outer);
    ch_geom_free(&g);
    chart_free(ch);
    return 0;
}

/* The directive that code block n is, or NULL when it is plain code. */
static const md_directive *find_directive(chapter_ctx *c, cmark_node *n)
{
    size_t nd;
    const md_directive *dirs = md_directives(c->ch->doc, &nd);
    for (size_t i = 0; i < nd; i++)
        if (dirs[i].node == n)
            return &dirs[i];
    return NULL;
}

/* A table or chart directive. Returns 0, or -1 with an error (an unknown
 * table, a bad chart). */
static int directive(chapter_ctx *c, const md_directive *d)
{
    const pdf_settings *set = c->set;
    const dtable *t = set->tables ? set->tables(set->tables_ctx, d->name) : NULL;
    if (!t) {
        err_add(c->errs, md_file(c->ch->doc), d->line, d->col, "unknown data table '%s'", d->name);
        return -1;
    }
    if (d->kind == MD_DIR_CHART)
        return chart_block(c, d, t);
    pdf_grid g;
    pdf_grid_from_dtable(c->f, t, &g);
    buf anchor = BUF_INIT;
    buf_printf(&anchor, "%s#table-%s", c->ch->url, t->name);
    pdf_grid_flow(c->f, &g, c->f->indent, c->f->width - c->f->indent, 12, buf_cstr(&anchor));
    buf_free(&anchor);
    return 0;
}

/* ---- the block walk ---- */

static const md_heading *find_heading(chapter_ctx *c, cmark_node *n)
{
    size_t nh;
    const md_heading *hs = md_headings(c->ch->doc, &nh);
    for (size_t i = 0; i < nh; i++)
        if (hs[i].node == n)
            return &hs[i];
    return NULL;
}

static cmark_node *lone_image(cmark_node *parent)
{
    cmark_node *ch = cmark_node_first_child(parent);
    if (ch && !cmark_node_next(ch) && cmark_node_get_type(ch) == CMARK_NODE_IMAGE)
        return ch;
    return NULL;
}

/* A paragraph: a lone image is laid out as a block; text is justified when the
 * style asks, except the first paragraph of a list item, which sits tight
 * under its marker. Returns 0, or -1 with an error (the image). */
static int paragraph(chapter_ctx *c, cmark_node *n, cmark_node *parent, int depth)
{
    flow *f = c->f;
    inline_style st = body_style(f);
    cmark_node *img = lone_image(n);
    if (img)
        return image(c, img);
    para p = {0};
    /* a list item's only paragraph is its LBody's text: no P of its own */
    bool lone = cmark_node_get_type(parent) == CMARK_NODE_ITEM && !cmark_node_previous(n) &&
                !cmark_node_next(n);
    int outer = lone ? f->tag : flow_tag_open(f, TAG_P);
    para_add_inlines(f, &p, n, &st, f->base_url);
    bool tight =
        depth > 0 && cmark_node_get_type(parent) == CMARK_NODE_ITEM && !cmark_node_previous(n);
    para_flow(f, &p, f->indent, f->width - f->indent, &st,
              f->st->justify ? ALIGN_JUSTIFY : ALIGN_RAGGED, tight ? 3 : st.leading * 0.55);
    flow_tag_close(f, outer);
    return 0;
}

/* ---- raw HTML (markdown.unsafe; else core/markdown.c left comments, which build to nothing) */

/* Lays out the children of n (raw HTML's blocks, a markdown="1" element's
 * Markdown) in the style st: their headings are not numbered and do not
 * count in the chapter's numbering. Returns 0, or -1 with an error. */
static int html_children(chapter_ctx *c, cmark_node *n, int depth, pdf_style *st)
{
    flow *f = c->f;
    const pdf_style *outer = f->st;
    int h2 = c->h2, h3 = c->h3;
    st->number_headings = false;
    f->st = st;
    int rc = layout_blocks(c, n, depth + 1);
    f->st = outer;
    c->h2 = h2, c->h3 = h3;
    return rc;
}

/* An HTML block: its elements built into blocks (pdf/html.h), laid out as
 * Markdown's are, with errors at the block's line. Returns 0, or -1 with an
 * error (an image). */
static int html_block(chapter_ctx *c, cmark_node *n, int depth)
{
    const char *lit = cmark_node_get_literal(n);
    cmark_node *tree = pdf_html_tree(lit ? lit : "", lit ? strlen(lit) : 0);
    pdf_style st = *c->f->st;
    int outer = c->html_line;
    c->html_line = node_line(c, n);
    int rc = html_children(c, tree, depth, &st);
    c->html_line = outer;
    cmark_node_free(tree);
    return rc;
}

/* The lang attribute of an HTML element's start tag (on_enter), as the
 * language of the structure element it became (/Lang): a passage in another
 * language is read in that language. */
static void element_lang(flow *f, const char *on_enter)
{
    html_lexer lx;
    html_token t;
    if (!f->tags || !on_enter)
        return;
    html_lexer_init(&lx, on_enter, strlen(on_enter));
    if (!html_next(&lx, &t) || t.kind != HTML_START)
        return;
    const html_attr *lang = html_attr_get(&t, "lang");
    if (lang && lang->value_len) {
        buf v = BUF_INIT;
        html_decode(lang->value, lang->value_len, &v);
        pdf_tag_set_lang(f->tags, f->tag, buf_cstr(&v));
        buf_free(&v);
    }
}

/* An element that holds blocks: a markdown="1" element (core/rawhtml.h) or
 * an aside, div, details, figure, ... of an HTML block. A table is a grid
 * (its rows and cells are its children, as a GFM table's); the others lay
 * their children out in the look of their class or name (pdf/html.h): type
 * size, face and colour, a rule above and below, a bar, an indent on both
 * sides. Returns 0, or -1 with an error. */
static int html_element(chapter_ctx *c, cmark_node *n, int depth)
{
    flow *f = c->f;
    pdf_html_look lk;
    int rc = pdf_html_look_of(cmark_node_get_on_enter(n), c->set->config, f->st, &lk, c->errs);
    cmark_node *row = cmark_node_first_child(n);
    if (strcmp(lk.name, "table") == 0 && row &&
        cmark_node_get_type(row) == CMARK_NODE_CUSTOM_BLOCK) { /* (pdf_html_tree's) */
        pdf_grid g;
        pdf_grid_from_gfm(f, n, f->base_url, &g);
        pdf_grid_flow(f, &g, f->indent, f->width - f->indent, 12, NULL);
        return rc;
    }
    pdf_style st = *f->st;
    st.body_size *= lk.size;
    st.leading *= lk.size;
    st.body_face = lk.face == FACE_BODY ? st.body_face : lk.face;
    st.text = lk.recolor ? lk.color : st.text;
    st.justify = st.justify && !lk.rule && lk.size == 1; /* a pull quote is set ragged */
    double x = f->indent + lk.indent, w = f->width - f->indent - 2 * lk.indent;
    if (lk.rule) {
        flow_begin(f, 10, 12, true);
        flow_line(f, x, 5, w, 0, 1.2, f->st->accent);
    }
    double indent = lk.indent + (lk.bar ? 14 : 0);
    int outer = flow_tag_open(f, strcmp(lk.name, "blockquote") == 0 ? TAG_BLOCKQUOTE : TAG_DIV);
    element_lang(f, cmark_node_get_on_enter(n));
    f->indent += indent;
    f->width -= lk.indent;
    f->quote_depth += lk.bar;
    if (html_children(c, n, depth, &st) != 0)
        rc = -1;
    f->quote_depth -= lk.bar;
    f->width += lk.indent;
    f->indent -= indent;
    flow_tag_close(f, outer);
    if (lk.rule) {
        if (f->nitems)
            f->items[f->nitems - 1].keep_with_next = true; /* the rule stays with the text */
        flow_begin(f, 10, 2, false);
        flow_line(f, x, 5, w, 0, 1.2, f->st->accent);
    }
    return rc;
}

static void thematic_break(chapter_ctx *c)
{
    flow *f = c->f;
    flow_begin(f, 14, 6, false);
    double w = (f->width - f->indent) / 3;
    flow_line(f, f->indent + w, 7, w, 0, 0.8, f->st->rule);
}

/* True for the "## " heading that a section chapter (shift > 0) is made
 * from: chapter_title has drawn it already. */
static bool own_heading(chapter_ctx *c, cmark_node *n, int depth)
{
    return depth == 0 && c->ch->shift > 0 && cmark_node_get_type(n) == CMARK_NODE_HEADING &&
           cmark_node_get_heading_level(n) == c->ch->shift + 1;
}

/* Lays out the children of parent, at depth 0 only the chapter's blocks
 * [first, end). Returns 0, or -1 when a block failed (the others are still
 * laid out, so one run reports every error). */
static int layout_blocks(chapter_ctx *c, cmark_node *parent, int depth)
{
    flow *f = c->f;
    int rc = 0;
    if (depth > MAX_LIST_DEPTH * 2) {
        err_add(c->errs, md_file(c->ch->doc), node_line(c, parent), 1,
                "blocks nested too deeply for the PDF");
        return -1;
    }
    cmark_node *n = depth == 0 && c->ch->first ? c->ch->first : cmark_node_first_child(parent);
    cmark_node *end = depth == 0 ? c->ch->end : NULL;
    for (; n && n != end; n = cmark_node_next(n)) {
        const char *type = cmark_node_get_type_string(n);
        const md_directive *dir;
        if (own_heading(c, n, depth))
            continue;
        /* the items this block makes point at it in errors (a block taller than a page) */
        f->src_file = md_file(c->ch->doc);
        f->src_line = node_line(c, n);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_HEADING:
            heading(c, n, depth == 0 ? find_heading(c, n) : NULL);
            break;
        case CMARK_NODE_PARAGRAPH:
            if (paragraph(c, n, parent, depth) != 0)
                rc = -1;
            break;
        case CMARK_NODE_LIST:
            if (depth / 2 >= MAX_LIST_DEPTH) {
                err_add(c->errs, md_file(c->ch->doc), node_line(c, n), 1,
                        "lists nested deeper than %d levels", MAX_LIST_DEPTH);
                rc = -1;
            } else if (list(c, n, depth) != 0)
                rc = -1;
            break;
        case CMARK_NODE_ITEM:
            if (layout_blocks(c, n, depth + 1) != 0)
                rc = -1;
            break;
        case CMARK_NODE_BLOCK_QUOTE: {
            int outer = flow_tag_open(f, TAG_BLOCKQUOTE);
            f->quote_depth++;
            f->indent += 14;
            if (layout_blocks(c, n, depth + 1) != 0)
                rc = -1;
            f->indent -= 14;
            f->quote_depth--;
            flow_tag_close(f, outer);
            break;
        }
        case CMARK_NODE_CODE_BLOCK:
            if (!(dir = find_directive(c, n)))
                code_block(c, n);
            else if (directive(c, dir) != 0)
                rc = -1;
            break;
        case CMARK_NODE_HTML_BLOCK:
            if (html_block(c, n, depth) != 0)
                rc = -1;
            break;
        case CMARK_NODE_CUSTOM_BLOCK:
            if (html_element(c, n, depth) != 0)
                rc = -1;
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            thematic_break(c);
            break;
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            break; /* laid out from its references, by pdf_notes_layout (notes.h) */
        default:
            if (type && strcmp(type, "table") == 0) {
                pdf_grid g;
                pdf_grid_from_gfm(f, n, f->base_url, &g);
                pdf_grid_flow(f, &g, f->indent, f->width - f->indent, 12, NULL);
            }
            break;
        }
    }
    return rc;
}

/* "I", "II", ... for a part's number (up to 3999). */
static void roman(int n, buf *out)
{
    static const struct {
        int v;
        const char *s;
    } r[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
             {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},    {4, "IV"},  {1, "I"}};
    for (size_t i = 0; i < sizeof r / sizeof *r; i++)
        for (; n >= r[i].v; n -= r[i].v)
            buf_puts(out, r[i].s);
}

/* A chapter's opening: its number ("01", none for a preface, "PART I" for a
 * part, which always starts a page: the words' part_label), the accent rule
 * and the title; the contents and outline entry. */
static void chapter_title(chapter_ctx *c)
{
    flow *f = c->f;
    const pdf_chapter *ch = c->ch;
    bool part = ch->kind == PDF_PART, numbered = ch->kind == PDF_CHAPTER;
    buf num = BUF_INIT, title = BUF_INIT, rn = BUF_INIT;
    const i18n_lang *words = c->set->words;
    if (part) {
        roman(c->number, &rn);
        i18n_format(words, "part_label", &num, "number", buf_cstr(&rn), NULL);
    } else if (numbered) {
        buf_printf(&num, "%02d", c->number);
    }
    double size = part ? 30 : 24;
    inline_style st = {FACE_SANS_BOLD, FACE_SANS_BOLD, FACE_SANS_BOLD, FACE_SANS_BOLD,
                       size,           size * 1.22,    f->st->primary, f->st->primary};
    size_t first = flow_begin(f, num.len ? 30 : 4, 0, true);
    f->items[first].break_before =
        part || f->st->chapter_new_page || f->nitems == 1 || f->break_next;
    f->break_next = part;
    f->items[first].chapter = arena_strdup(f->a, ch->title);
    if (!f->items[first].break_before)
        f->items[first].space_before = 30;
    flow_anchor(f, 0, 0, ch->url);
    int outer = flow_tag_heading(f, 1);
    if (num.len) {
        double nw = pdf_text_width(f->fonts, FACE_SANS_BOLD, part ? 14 : 20, num.data, num.len);
        flow_text(f, flow_mirror_x(f, 0, nw), 22, FACE_SANS_BOLD, part ? 14 : 20, f->st->accent,
                  num.data, num.len);
        flow_rect(f, flow_mirror_x(f, 0, 36), 27, 36, 2.5, f->st->accent);
    }
    para p = {0};
    para_add(f, &p, ch->title, strlen(ch->title), FACE_SANS_BOLD, size, f->st->primary, NULL, 0);
    size_t n = para_flow(f, &p, 0, f->width, &st, ALIGN_RAGGED, 8);
    for (size_t i = 0; i < n; i++)
        f->items[first + 1 + i].keep_with_next = true;
    flow_tag_close(f, outer);
    flow_begin(f, part ? 24 : 10, 0, true);
    if (numbered && f->st->number_headings)
        buf_printf(&title, "%d. %s", c->number, ch->title);
    else if (part)
        i18n_format(words, "part_title", &title, "number", buf_cstr(&rn), "title", ch->title, NULL);
    else
        buf_puts(&title, ch->title);
    flow_heading_add(f, 1, buf_cstr(&title), ch->url, first);
    buf_free(&num);
    buf_free(&title);
    buf_free(&rn);
}

int pdf_layout_chapter(flow *f, pdf_images *images, const pdf_chapter *ch, int number,
                       const pdf_settings *set, err_list *errs)
{
    chapter_ctx c = {0};
    int rc = 0;
    c.f = f;
    c.images = images;
    c.ch = ch;
    c.number = number;
    c.set = set;
    c.errs = errs;
    f->page_url = ch->url;
    int notes = pdf_notes_begin(f);
    /* a part holds the chapters after it; a chapter or preface is a section */
    f->tag = ch->kind == PDF_PART ? 0 : f->part_tag;
    flow_tag_open(f, ch->kind == PDF_PART ? TAG_PART : TAG_SECT);
    pdf_tag_set_lang(f->tags, f->tag, ch->lang); /* a chapter in another language */
    f->rtl =
        lang_is_rtl(ch->lang ? ch->lang : val_str_or(val_map_get(set->config, "language"), "en"));
    f->dir_auto = !f->rtl;
    if (ch->kind == PDF_PART)
        f->part_tag = f->tag;
    chapter_title(&c);
    if (ch->doc) {
        rc = layout_blocks(&c, md_doc_root(ch->doc), 0);
        pdf_notes_layout(f, ch->doc, notes);
    }
    f->tag = 0;
    f->page_url = NULL;
    f->rtl = false;
    f->dir_auto = false;
    return rc;
}
