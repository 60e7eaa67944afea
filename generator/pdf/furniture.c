/* furniture.c - what the engine adds around the chapters: the cover, the contents, and
 * every page's running header and footer. */
#include "pdf/doc.h"
#include "core/i18n.h"
#include "util/fsutil.h"
#include "util/xalloc.h"
#include "pdf/inline.h"

#include <stdlib.h>
#include <string.h>

/* ---- header and footer ---- */

/* Renders header or footer template `which` (hf[0..3]) for a page into out
 * as plain text: Mustache's HTML escapes are undone; with no template, the
 * words' page_x_of_y is filled in. The templates compiled and the context is
 * a plain map, so rendering has nothing to report. */
static void render_hf(doc_ctx *d, int which, const char *chapter, size_t pageno, size_t pages,
                      buf *out)
{
    arena *a = arena_new();
    value *ctx = val_map(a);
    val_map_set(a, ctx, "title", val_str(a, d->meta->title));
    val_map_set(a, ctx, "chapter", val_str(a, chapter ? chapter : ""));
    val_map_set(a, ctx, "page", val_num(a, (double)pageno));
    val_map_set(a, ctx, "pages", val_num(a, (double)pages));
    val_map_set(a, ctx, "brand",
                val_str(a, val_str_or(val_path(d->set->config, "brand.name"), "")));
    val_map_set(a, ctx, "author", val_str(a, d->meta->author));
    val_map_set(a, ctx, "i18n", (value *)i18n_strings(d->set->words));
    err_list ignore = ERR_LIST_INIT;
    buf_reset(out);
    if (!d->hf[which]) {
        if (which == 3)
            i18n_fill(i18n_get(d->set->words, "page_x_of_y"), ctx, out);
        arena_free(a);
        return;
    }
    tpl_render(d->tpls, d->hf[which], ctx, out, &ignore);
    err_list_free(&ignore);
    /* Mustache escapes HTML; a PDF wants the plain text back */
    buf plain = BUF_INIT;
    for (size_t i = 0; i < out->len; i++) {
        static const struct {
            const char *e;
            char c;
        } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
        bool done = false;
        for (size_t k = 0; k < 5 && !done; k++) {
            size_t n = strlen(ents[k].e);
            if (strncmp(out->data + i, ents[k].e, n) == 0) {
                buf_putc(&plain, ents[k].c);
                i += n - 1;
                done = true;
            }
        }
        if (!done)
            buf_putc(&plain, out->data[i]);
    }
    buf_reset(out);
    buf_put(out, plain.data ? plain.data : "", plain.len);
    buf_free(&plain);
    arena_free(a);
}

/* Fits text into width by cutting it with an ellipsis. */
static void fit(doc_ctx *d, pdf_face face, double size, buf *t, double width)
{
    if (pdf_text_width(d->fonts, face, size, t->data ? t->data : "", t->len) <= width)
        return;
    while (t->len > 0) {
        /* drop one UTF-8 character */
        size_t n = t->len - 1;
        while (n > 0 && ((unsigned char)t->data[n] & 0xc0) == 0x80)
            n--;
        buf_truncate(t, n);
        buf tmp = BUF_INIT;
        buf_printf(&tmp, "%s\xe2\x80\xa6", buf_cstr(t));
        if (pdf_text_width(d->fonts, face, size, tmp.data, tmp.len) <= width) {
            buf_reset(t);
            buf_put(t, tmp.data, tmp.len);
            buf_free(&tmp);
            return;
        }
        buf_free(&tmp);
    }
}

/* The left edge of a line of text w wide whose start is at x on an
 * unmirrored page: x, or in a right-to-left document its mirror image. */
static double page_x(const doc_ctx *d, double x, double w)
{
    return d->rtl ? d->st.page_w - x - w : x;
}

/* Draws text with its start at x (page_x), as doc_draw_text does. */
static void draw_at(doc_ctx *d, HPDF_Page p, pdf_face face, double size, uint32_t color, double x,
                    double y, const char *text)
{
    double w = pdf_text_width(d->fonts, face, size, text, strlen(text));
    doc_draw_text(d, p, face, size, color, page_x(d, x, w), y, text);
}

void doc_header_footer(doc_ctx *d, HPDF_Page p, const char *chapter, size_t pageno, size_t pages,
                       bool header)
{
    buf t = BUF_INIT;
    double left = d->st.margin_inner, right = d->st.page_w - d->st.margin_outer, w = right - left;
    double size = 7.8;
    doc_tag_begin(d, p, 0); /* running heads and page numbers are artifacts */
    if (header) {
        double y = d->st.page_h - d->st.margin_top + 28;
        render_hf(d, 0, chapter, pageno, pages, &t);
        fit(d, FACE_SANS, size, &t, w * 0.48);
        draw_at(d, p, FACE_SANS, size, d->st.muted, left, y, buf_cstr(&t));
        render_hf(d, 1, chapter, pageno, pages, &t);
        fit(d, FACE_SANS_BOLD, size, &t, w * 0.48);
        double tw = pdf_text_width(d->fonts, FACE_SANS_BOLD, size, t.data ? t.data : "", t.len);
        draw_at(d, p, FACE_SANS_BOLD, size, d->st.primary, right - tw, y, buf_cstr(&t));
        doc_rgb_stroke(p, d->st.primary);
        HPDF_Page_SetLineWidth(p, 0.8f);
        HPDF_Page_MoveTo(p, (HPDF_REAL)left, (HPDF_REAL)(y - 7));
        HPDF_Page_LineTo(p, (HPDF_REAL)right, (HPDF_REAL)(y - 7));
        HPDF_Page_Stroke(p);
    }
    double fy = d->st.margin_bottom - 34;
    doc_rgb_stroke(p, d->st.rule);
    HPDF_Page_SetLineWidth(p, 0.5f);
    HPDF_Page_MoveTo(p, (HPDF_REAL)left, (HPDF_REAL)(fy + 12));
    HPDF_Page_LineTo(p, (HPDF_REAL)right, (HPDF_REAL)(fy + 12));
    HPDF_Page_Stroke(p);
    render_hf(d, 2, chapter, pageno, pages, &t);
    fit(d, FACE_SANS, size, &t, w * 0.6);
    draw_at(d, p, FACE_SANS, size, d->st.muted, left, fy, buf_cstr(&t));
    if (header)
        render_hf(d, 3, chapter, pageno, pages, &t);
    else {
        /* front matter (contents) is numbered i, ii, ... like its page labels */
        static const char *roman[] = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"};
        buf_reset(&t);
        buf_puts(&t, pageno >= 1 && pageno <= 10 ? roman[pageno - 1] : "");
    }
    fit(d, FACE_SANS, size, &t, w * 0.38);
    double tw = pdf_text_width(d->fonts, FACE_SANS, size, t.data ? t.data : "", t.len);
    draw_at(d, p, FACE_SANS, size, d->st.text, right - tw, fy, buf_cstr(&t));
    doc_tag_end(d, p);
    buf_free(&t);
}

/* ---- cover ---- */

/* Sets text ragged into width with its top-left corner at (x, top), as
 * structure element type; returns its height. */
static double cover_block(doc_ctx *d, HPDF_Page p, const char *text, pdf_face face, double size,
                          double leading, uint32_t color, double x, double top, double width,
                          tag_type type)
{
    flow f = {0};
    f.a = d->a;
    f.fonts = d->fonts;
    f.st = &d->st;
    f.width = f.full_width = width;
    f.tags = d->tags;
    f.rtl = d->rtl;
    f.tag = pdf_tag_new(d->tags, 0, type);
    para pa = {0};
    para_add(&f, &pa, text, strlen(text), face, size, color, NULL, 0);
    inline_style is = {face, face, face, face, size, leading, color, color};
    size_t n = para_flow(&f, &pa, 0, width, &is, ALIGN_RAGGED, 0);
    size_t *idx = xmalloc((n ? n : 1) * sizeof *idx);
    double *ys = xmalloc((n ? n : 1) * sizeof *ys);
    for (size_t i = 0; i < n; i++)
        idx[i] = i, ys[i] = i * leading;
    doc_draw_items(d, p, &f, idx, ys, n, page_x(d, x, width), top);
    free(idx);
    free(ys);
    return n * leading;
}

/* Draws brand.logo (a PNG, JPEG or SVG under the site folder) 30 points high
 * with its bottom-left corner at (x, y). Returns 0, or -1 with an error. */
static int cover_logo(doc_ctx *d, HPDF_Page p, const value *logo, double x, double y)
{
    char *path = fs_join(d->set->dir, val_as_str(logo));
    buf why = BUF_INIT;
    img_format fmt;
    const pdf_image *im = NULL;
    int rc = -1;
    const char *name = val_as_str(logo);
    if (!fs_is_file(path))
        err_add(d->errs, logo->pos.file, logo->pos.line, logo->pos.col,
                "brand.logo '%s' is not a readable PNG, JPEG or SVG file (%s not found)", name,
                path);
    else if (!fs_inside(path, d->set->dir)) /* only site files */
        err_add(d->errs, logo->pos.file, logo->pos.line, logo->pos.col,
                "brand.logo '%s' is outside the site folder; images are read only from there",
                name);
    else if (!(im = pdf_image_open(d->images, path, &fmt, &why)) ||
             !(im = pdf_image_sized(d->images, im, 30 * im->width / im->height, 30, &why)))
        err_add(d->errs, logo->pos.file, logo->pos.line, logo->pos.col, "brand.logo '%s' %s", name,
                buf_cstr(&why));
    else {
        const char *brand = val_str_or(val_path(d->set->config, "brand.name"), "");
        int fig = pdf_tag_new(d->tags, 0, TAG_FIGURE);
        buf alt = BUF_INIT;
        i18n_format(d->set->words, "logo_alt", &alt, "brand", brand, NULL);
        size_t from = strspn(buf_cstr(&alt), " "); /* without a brand name: "logo" */
        while (alt.len > from && alt.data[alt.len - 1] == ' ')
            buf_truncate(&alt, alt.len - 1);
        pdf_tag_set_alt(d->tags, fig, buf_cstr(&alt) + from);
        buf_free(&alt);
        doc_tag_begin(d, p, fig);
        double lw = 30 * im->width / im->height;
        pdf_image_draw(p, im, page_x(d, x, lw), y, lw, 30);
        doc_tag_end(d, p);
        rc = 0;
    }
    free(path);
    buf_free(&why);
    return rc;
}

/* One line of the cover's text, as a paragraph of its own, or as part of
 * *in (a label and its value read as one). */
static void cover_text(doc_ctx *d, HPDF_Page p, pdf_face face, double size, uint32_t color,
                       double x, double y, const char *text, const int *in)
{
    if (!text[0])
        return;
    doc_tag_begin(d, p, in ? *in : pdf_tag_new(d->tags, 0, TAG_P));
    draw_at(d, p, face, size, color, x, y, text);
    doc_tag_end(d, p);
}

/* The cover page. Returns 0, or -1 with an error (an unreadable brand.logo). */
int doc_cover(doc_ctx *d)
{
    int rc = 0;
    HPDF_Page p = doc_new_page(d);
    double W = d->st.page_w, H = d->st.page_h;
    double x = d->st.margin_inner, w = W - d->st.margin_inner - d->st.margin_outer;
    double band = H * 0.58;
    doc_tag_begin(d, p, 0);
    doc_rgb_fill(p, d->st.primary);
    HPDF_Page_Rectangle(p, 0, (HPDF_REAL)(H - band), (HPDF_REAL)W, (HPDF_REAL)band);
    HPDF_Page_Fill(p);
    doc_rgb_fill(p, d->st.accent);
    HPDF_Page_Rectangle(p, 0, (HPDF_REAL)(H - band - 6), (HPDF_REAL)W, 6);
    HPDF_Page_Fill(p);
    doc_tag_end(d, p);
    const char *brand = val_str_or(val_path(d->set->config, "brand.name"), "");
    const value *logo = val_path(d->set->config, "brand.logo");
    double y = H - 70;
    if (logo && val_as_str(logo)) {
        rc = cover_logo(d, p, logo, x, y - 8); /* it replaces the wordmark */
    } else if (brand[0]) {
        doc_tag_begin(d, p, 0);
        doc_rgb_fill(p, d->st.accent);
        HPDF_Page_Rectangle(p, (HPDF_REAL)page_x(d, x, 14), (HPDF_REAL)(y - 3), 14, 14);
        HPDF_Page_Fill(p);
        doc_tag_end(d, p);
        cover_text(d, p, FACE_SANS_BOLD, 13, 0xffffff, x + 22, y, brand, NULL);
    }
    double top = H - band + 250;
    if (d->meta->kicker[0])
        cover_text(d, p, FACE_SANS_BOLD, 9.5, 0xf6c9a5, x, top + 26, d->meta->kicker, NULL);
    double h = cover_block(d, p, d->meta->title, FACE_SANS_BOLD, 29, 35, 0xffffff, x, top, w * 0.92,
                           TAG_H1);
    if (d->meta->subtitle[0])
        cover_block(d, p, d->meta->subtitle, FACE_ITALIC, 12.5, 18, 0xdce6f0, x, top - h - 14,
                    w * 0.85, TAG_P);
    double by = H - band - 60;
    if (d->meta->author[0]) {
        int label = pdf_tag_new(d->tags, 0, TAG_P);
        cover_text(d, p, FACE_SANS, 9, d->st.muted, x, by,
                   i18n_get(d->set->words, "cover_written_by"), &label);
        cover_text(d, p, FACE_SANS_BOLD, 13, d->st.text, x, by - 18, d->meta->author, &label);
    }
    if (d->meta->publisher[0]) {
        int label = pdf_tag_new(d->tags, 0, TAG_P);
        cover_text(d, p, FACE_SANS, 9, d->st.muted, x + w / 2, by,
                   i18n_get(d->set->words, "cover_published_by"), &label);
        cover_text(d, p, FACE_SANS_BOLD, 13, d->st.text, x + w / 2, by - 18, d->meta->publisher,
                   &label);
    }
    if (d->meta->date[0])
        cover_text(d, p, FACE_SANS, 10, d->st.text, x, by - 48, d->meta->date, NULL);
    doc_tag_begin(d, p, 0);
    doc_rgb_stroke(p, d->st.rule);
    HPDF_Page_SetLineWidth(p, 0.5f);
    HPDF_Page_MoveTo(p, (HPDF_REAL)page_x(d, x, w), 72);
    HPDF_Page_LineTo(p, (HPDF_REAL)(page_x(d, x, w) + w), 72);
    HPDF_Page_Stroke(p);
    doc_tag_end(d, p);
    cover_text(d, p, FACE_SANS, 8, d->st.muted, x, 56, d->set->base_url, NULL);
    return rc;
}

/* ---- contents ---- */

/* The horizontal extent [*lo, *hi] of the text the ops of f from first on
 * draw (unchanged when they draw none). */
static void text_extent(const doc_ctx *d, const flow *f, size_t first, double *lo, double *hi)
{
    for (size_t o = first; o < f->nops; o++) {
        const pdf_op *op = &f->ops[o];
        if (op->kind != OP_TEXT && op->kind != OP_TEXT_RTL)
            continue;
        double e = op->x + pdf_text_width(d->fonts, op->face, op->size, op->text, strlen(op->text));
        *lo = op->x < *lo ? op->x : *lo;
        *hi = e > *hi ? e : *hi;
    }
}

/* A contents entry's dot leaders and page number, on its last line (whose
 * text ops start at first_op): the number at the end of the line, the
 * leaders from the title's end (its rightmost run, which with right-to-left
 * text is not the last drawn) to a fixed x, so that their dots line up from
 * line to line; in a right-to-left document the number is at the left. */
static void toc_number(doc_ctx *d, flow *f, size_t first_op, double base, pdf_face face,
                       double size, uint32_t color, const buf *num)
{
    double w = f->width, lo = w, hi = 0;
    text_extent(d, f, first_op, &lo, &hi);
    double dot = pdf_text_width(d->fonts, FACE_BODY, size, ". ", 2);
    double slot = pdf_text_width(d->fonts, FACE_SANS_BOLD, 10.5, "000", 3) + 6;
    double x0 = f->rtl ? slot : hi + 6, x1 = f->rtl ? lo - 6 : w - slot;
    buf dots = BUF_INIT;
    size_t count = x1 > x0 ? (size_t)((x1 - x0) / dot) : 0;
    for (size_t q = 0; q < count; q++)
        buf_puts(&dots, ". ");
    int link = f->tag;
    f->tag = 0; /* leaders are an artifact */
    if (count)
        flow_text(f, f->rtl ? x0 : x1 - count * dot, base, FACE_BODY, size, d->st.muted, dots.data,
                  dots.len);
    f->tag = link;
    buf_free(&dots);
    double nw = pdf_text_width(d->fonts, face, size, num->data, num->len);
    flow_text(f, flow_mirror_x(f, w - nw, nw), base, face, size, color, num->data, num->len);
}

void doc_contents(doc_ctx *d, const flow *body, const size_t *page_of_item, flow *f)
{
    double w = f->width;
    /* the title */
    flow_begin(f, 40, 0, true);
    int outer = flow_tag_heading(f, 1);
    const char *title = i18n_get(d->set->words, "contents");
    double cw = pdf_text_width(d->fonts, FACE_SANS_BOLD, 24, title, strlen(title));
    flow_text(f, flow_mirror_x(f, 0, cw), 26, FACE_SANS_BOLD, 24, d->st.primary, title,
              strlen(title));
    flow_tag_close(f, outer);
    flow_rect(f, flow_mirror_x(f, 0, 36), 34, 36, 2.5, d->st.accent);
    flow_begin(f, 12, 0, true);
    outer = flow_tag_open(f, TAG_TOC);
    buf num = BUF_INIT;
    for (size_t i = 0; i < body->nheads; i++) {
        const flow_heading *h = &body->heads[i];
        if (h->level > 2)
            continue;
        bool chapter = h->level == 1;
        double size = chapter ? 10.5 : 9.5, lead = size * 1.5;
        pdf_face face = chapter ? FACE_SANS_BOLD : FACE_BODY;
        uint32_t color = chapter ? d->st.primary : d->st.text;
        double indent = chapter ? 0 : 18;
        buf_reset(&num);
        buf_printf(&num, "%zu", page_of_item[h->item] + 1);
        double nw = pdf_text_width(d->fonts, face, size, num.data, num.len);
        /* the title, broken to leave room for the number */
        para pa = {0};
        para_add(f, &pa, h->title, strlen(h->title), face, size, color, NULL, 0);
        /* an entry: its text and page number are the content of a link */
        int entry = flow_tag_open(f, TAG_TOCI);
        flow_tag_open(f, TAG_LINK);
        para_lines pl;
        double tw = w - indent - nw - 24;
        para_break(f, &pa, tw, ALIGN_RAGGED, &pl);
        double base = para_baseline(f, face, size, lead);
        for (size_t l = 0; l < pl.nlines; l++) {
            flow_begin(f, lead, l == 0 ? (chapter ? 9 : 1.5) : 0, l + 1 < pl.nlines);
            size_t first_op = f->nops;
            para_draw_line(f, &pa, &pl, l, flow_mirror_x(f, indent, tw), base, ALIGN_RAGGED);
            if (l + 1 == pl.nlines)
                toc_number(d, f, first_op, base, face, size, color, &num);
            /* every line of the entry links to its heading */
            flow_link(f, OP_LINK_DEST, flow_mirror_x(f, indent, w - indent), 0, w - indent, lead,
                      h->anchor);
        }
        pdf_tag_add_text(d->tags, f->tag, h->title);
        flow_tag_close(f, entry);
        para_lines_free(&pl);
    }
    flow_tag_close(f, outer);
    buf_free(&num);
}
