/* blocks.c - Markdown blocks to flow items: headings, paragraphs, lists, quotes, code,
 * rules, images, data tables, charts and footnotes.
 *
 * Each block kind has a function that appends its items; one that can fail
 * (an image, a directive, nesting too deep) adds an error and returns -1, and
 * the walk goes on so that one run reports every problem of a chapter. */
#include "pdf/blocks.h"
#include "core/theme.h"
#include "core/url.h"
#include "util/buf.h"
#include "core/chart.h"
#include "util/fsutil.h"
#include "util/xalloc.h"
#include "pdf/inline.h"
#include "pdf/table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_LIST_DEPTH 16

typedef struct chapter_ctx {
    flow *f;
    HPDF_Doc doc;
    const pdf_chapter *ch;
    int number;
    int h2, h3; /* heading counters */
    const pdf_settings *set;
    err_list *errs;
    cmark_node **notes; /* footnote definitions, in order */
    size_t nnotes, capnotes;
} chapter_ctx;

static inline_style body_style(const flow *f)
{
    inline_style st = {FACE_BODY,        FACE_BOLD,      FACE_ITALIC, FACE_BOLD_ITALIC,
                       f->st->body_size, f->st->leading, f->st->text, f->st->primary};
    return st;
}

static int node_line(chapter_ctx *c, cmark_node *n)
{
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
    if (f->st->number_headings && level <= 3) {
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
    size_t lines =
        para_flow(f, &p, f->indent, f->width - f->indent, &st, ALIGN_RAGGED, before[level]);
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
    for (cmark_node *item = cmark_node_first_child(n); item;
         item = cmark_node_next(item), number++) {
        buf_reset(&marker);
        if (ordered)
            buf_printf(&marker, "%d.", number);
        else
            buf_puts(&marker, depth % 2 ? "\xe2\x80\x93" : "\xe2\x80\xa2"); /* – or • */
        double mw = pdf_text_width(f->fonts, FACE_BODY, st.size, marker.data, marker.len);
        f->marker = arena_strdup(f->a, buf_cstr(&marker));
        f->marker_x = f->indent + indent - 5 - mw;
        f->marker_y = para_baseline(f, FACE_BODY, st.size, st.leading);
        f->marker_face = FACE_BODY;
        f->marker_size = st.size;
        f->marker_color = ordered ? f->st->text : f->st->accent;
        f->indent += indent;
        if (layout_blocks(c, item, depth + 1) != 0)
            rc = -1;
        f->indent -= indent;
        f->marker = NULL;
    }
    buf_free(&marker);
    return rc;
}

/* ---- code blocks ---- */

static void code_block(chapter_ctx *c, cmark_node *n)
{
    flow *f = c->f;
    const char *text = cmark_node_get_literal(n);
    double size = f->st->small_size * 0.95, leading = size * 1.45;
    double x = f->indent, w = f->width - f->indent;
    double base = para_baseline(f, FACE_MONO, size, leading);
    double pad = size * 0.6; /* the box's margin above the first line and below the last */
    const char *p = text ? text : "";
    bool first = true;
    flow_begin(f, pad, 6, true);
    flow_rect(f, x, 0, w, pad, f->st->surface);
    while (*p || first) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (!nl && len == 0 && !first)
            break;
        /* wrap a line wider than the box at character boundaries */
        size_t i = 0;
        do {
            size_t j = i, k;
            double lw = 0;
            while (j < len) {
                pdf_utf8_next(p + j, len - j, &k);
                double cw = pdf_text_width(f->fonts, FACE_MONO, size, p + j, k);
                if (j > i && lw + cw > w - 12)
                    break;
                lw += cw;
                j += k;
            }
            flow_begin(f, leading, 0, true);
            flow_rect(f, x, 0, w, leading, f->st->surface);
            if (j > i)
                flow_text(f, x + 6, base, FACE_MONO, size, f->st->text, p + i, j - i);
            i = j;
            first = false;
        } while (i < len);
        if (!nl)
            break;
        p = nl + 1;
    }
    flow_begin(f, pad, 0, false);
    flow_rect(f, x, 0, w, pad, f->st->surface);
}

/* ---- images ---- */

/* Loads a block image into the document and lays it out at most as wide as
 * the text and 80% of a page high. Returns 0, or -1 with an error. */
static int image(chapter_ctx *c, cmark_node *img)
{
    flow *f = c->f;
    const char *url = cmark_node_get_url(img);
    char *path = NULL;
    HPDF_Image im = NULL;
    int rc = -1;
    url = url ? url : "";
    int line = node_line(c, img), col = cmark_node_get_start_column(img);
    const char *file = md_file(c->ch->doc);
    if (url_is_external(url)) {
        err_add(c->errs, file, line, col,
                "image '%s': only local PNG and JPEG files can go in the PDF", url);
        goto out;
    }
    /* "/assets/x" is a site asset (the site's or the theme's); any other "/x"
     * a file copied from content/ */
    const char *root = c->set->dir; /* the folder the image must stay in */
    if (strncmp(url, "/assets/", 8) == 0) {
        path = theme_resolve(c->set->dir, c->set->theme_dir, url + 1, &root);
        if (!path)
            path = fs_join(c->set->dir, url + 1);
    } else if (url[0] == '/')
        path = xasprintf("%s/content%s", c->set->dir, url);
    else
        path = fs_join(c->ch->dir, url);
    size_t n = strlen(path);
    bool png = n > 4 && strcasecmp(path + n - 4, ".png") == 0;
    bool jpg = (n > 4 && strcasecmp(path + n - 4, ".jpg") == 0) ||
               (n > 5 && strcasecmp(path + n - 5, ".jpeg") == 0);
    if (!fs_is_file(path)) {
        err_add(c->errs, file, line, col, "image '%s' not found (%s)", url, path);
        goto out;
    }
    if (!fs_inside(path, root)) {
        err_add(c->errs, file, line, col,
                "image '%s' is outside the site folder; images are read only from there", url);
        goto out;
    }
    if (!png && !jpg) {
        err_add(c->errs, file, line, col, "image '%s': the PDF takes PNG and JPEG images", url);
        goto out;
    }
    im = png ? HPDF_LoadPngImageFromFile(c->doc, path) : HPDF_LoadJpegImageFromFile(c->doc, path);
    if (!im) {
        HPDF_ResetError(c->doc);
        err_add(c->errs, file, line, col, "image '%s' cannot be read as %s", url,
                png ? "PNG" : "JPEG");
        goto out;
    }
    double w = HPDF_Image_GetWidth(im) * 0.75, h = HPDF_Image_GetHeight(im) * 0.75; /* 96 dpi */
    double maxw = f->width - f->indent;
    double maxh = (f->st->page_h - f->st->margin_top - f->st->margin_bottom) * 0.8;
    double k = fmin(1.0, fmin(maxw / w, maxh / h));
    flow_begin(f, h * k, 8, false);
    flow_image(f, f->indent, 0, w * k, h * k, path, im);
    rc = 0;
out:
    free(path);
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
    para_add_inlines(f, &p, n, &st, f->base_url);
    bool tight =
        depth > 0 && cmark_node_get_type(parent) == CMARK_NODE_ITEM && !cmark_node_previous(n);
    para_flow(f, &p, f->indent, f->width - f->indent, &st,
              f->st->justify ? ALIGN_JUSTIFY : ALIGN_RAGGED, tight ? 3 : st.leading * 0.55);
    return 0;
}

/* Raw HTML (shown as text, never interpreted) and thematic breaks. */
static void html_block(chapter_ctx *c, cmark_node *n)
{
    flow *f = c->f;
    inline_style st = body_style(f);
    para p = {0};
    const char *lit = cmark_node_get_literal(n);
    para_add(f, &p, lit, strlen(lit), FACE_MONO, st.size * 0.9, f->st->text, NULL, 0);
    para_flow(f, &p, f->indent, f->width - f->indent, &st, ALIGN_RAGGED, st.leading * 0.55);
}

static void thematic_break(chapter_ctx *c)
{
    flow *f = c->f;
    flow_begin(f, 14, 6, false);
    double w = (f->width - f->indent) / 3;
    flow_line(f, f->indent + w, 7, w, 0, 0.8, f->st->rule);
}

/* Keeps a footnote definition for the chapter's end. */
static void add_note(chapter_ctx *c, cmark_node *n)
{
    if (c->nnotes == c->capnotes) {
        c->capnotes = c->capnotes ? c->capnotes * 2 : 8;
        c->notes = xrealloc(c->notes, c->capnotes * sizeof *c->notes);
    }
    c->notes[c->nnotes++] = n;
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
        case CMARK_NODE_BLOCK_QUOTE:
            f->quote_depth++;
            f->indent += 14;
            if (layout_blocks(c, n, depth + 1) != 0)
                rc = -1;
            f->indent -= 14;
            f->quote_depth--;
            break;
        case CMARK_NODE_CODE_BLOCK:
            if (!(dir = find_directive(c, n)))
                code_block(c, n);
            else if (directive(c, dir) != 0)
                rc = -1;
            break;
        case CMARK_NODE_HTML_BLOCK:
            html_block(c, n);
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            thematic_break(c);
            break;
        case CMARK_NODE_FOOTNOTE_DEFINITION:
            add_note(c, n);
            break;
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

static void chapter_title(chapter_ctx *c)
{
    flow *f = c->f;
    buf num = BUF_INIT, title = BUF_INIT;
    buf_printf(&num, "%02d", c->number);
    double size = 24;
    inline_style st = {FACE_SANS_BOLD, FACE_SANS_BOLD, FACE_SANS_BOLD, FACE_SANS_BOLD,
                       size,           size * 1.22,    f->st->primary, f->st->primary};
    size_t first = flow_begin(f, 30, 0, true);
    f->items[first].break_before = f->st->chapter_new_page || c->number == 1;
    f->items[first].chapter = arena_strdup(f->a, c->ch->title);
    if (!f->st->chapter_new_page && c->number > 1)
        f->items[first].space_before = 30;
    flow_anchor(f, 0, 0, c->ch->url);
    flow_text(f, 0, 22, FACE_SANS_BOLD, 20, f->st->accent, num.data, num.len);
    flow_rect(f, 0, 27, 36, 2.5, f->st->accent);
    para p = {0};
    para_add(f, &p, c->ch->title, strlen(c->ch->title), FACE_SANS_BOLD, size, f->st->primary, NULL,
             0);
    size_t n = para_flow(f, &p, 0, f->width, &st, ALIGN_RAGGED, 8);
    for (size_t i = 0; i < n; i++)
        f->items[first + 1 + i].keep_with_next = true;
    flow_begin(f, 10, 0, true);
    if (f->st->number_headings)
        buf_printf(&title, "%d. %s", c->number, c->ch->title);
    else
        buf_puts(&title, c->ch->title);
    flow_heading_add(f, 1, buf_cstr(&title), c->ch->url, first);
    buf_free(&num);
    buf_free(&title);
}

static void footnotes(chapter_ctx *c)
{
    flow *f = c->f;
    if (!c->nnotes)
        return;
    flow_begin(f, 10, 14, true);
    flow_line(f, 0, 5, 80, 0, 0.6, f->st->rule);
    double size = f->st->small_size;
    inline_style st = {FACE_BODY, FACE_BOLD,  FACE_ITALIC, FACE_BOLD_ITALIC,
                       size,      size * 1.4, f->st->text, f->st->primary};
    buf label = BUF_INIT;
    for (size_t i = 0; i < c->nnotes; i++) {
        buf_reset(&label);
        buf_printf(&label, "%zu", i + 1);
        f->marker = arena_strdup(f->a, buf_cstr(&label));
        f->marker_x = 0;
        f->marker_y = para_baseline(f, FACE_BODY, size, st.leading);
        f->marker_face = FACE_BOLD;
        f->marker_size = size;
        f->marker_color = f->st->primary;
        for (cmark_node *b = cmark_node_first_child(c->notes[i]); b; b = cmark_node_next(b)) {
            para p = {0};
            para_add_inlines(f, &p, b, &st, f->base_url);
            para_flow(f, &p, 14, f->width - 14, &st, ALIGN_RAGGED, 2);
        }
        f->marker = NULL;
    }
    buf_free(&label);
}

int pdf_layout_chapter(flow *f, HPDF_Doc doc, const pdf_chapter *ch, int number,
                       const pdf_settings *set, err_list *errs)
{
    chapter_ctx c = {0};
    int rc = 0;
    c.f = f;
    c.doc = doc;
    c.ch = ch;
    c.number = number;
    c.set = set;
    c.errs = errs;
    f->page_url = ch->url;
    chapter_title(&c);
    if (ch->doc) {
        rc = layout_blocks(&c, md_doc_root(ch->doc), 0);
        footnotes(&c);
    }
    free(c.notes);
    f->page_url = NULL;
    return rc;
}
