/* doc.c - assembles the PDF: cover, contents, body pages, headers and footers, links,
 * outline, page labels and metadata; then saves it through a memory stream.
 *
 * Order of work: load fonts; lay every chapter out into one flow; paginate
 * it; lay out and paginate the contents (entries point at body page
 * numbers, so the contents' own length never shifts them); draw cover,
 * contents and body; then resolve anchors into destinations for the links
 * and the outline, which need every page to exist. */
#include "pdf/pdf.h"
#include "core/date.h"
#include "core/content.h"
#include "site/feeds.h"
#include "util/fsutil.h"
#include "core/template.h"
#include "util/xalloc.h"
#include "pdf/fixup.h"
#include "pdf/hyphen.h"
#include "pdf/inline.h"
#include "pdf/paginate.h"
#include "pdf/style.h"

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct hpdf_state {
    HPDF_STATUS error; /* first libharu error */
    HPDF_STATUS detail;
} hpdf_state;

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    hpdf_state *st = user;
    if (!st->error) {
        st->error = error;
        st->detail = detail;
    }
}

typedef struct anchor_pos {
    const char *name;
    size_t page; /* index into the document's pages */
    double x, y; /* PDF coordinates */
} anchor_pos;

typedef struct link_req {
    size_t page;
    HPDF_Rect rect;
    const char *target;
    bool internal;
} link_req;

typedef struct doc_ctx {
    const site *s;
    const pdf_meta *meta;
    HPDF_Doc doc;
    hpdf_state hs;
    pdf_style st;
    pdf_fonts *fonts;
    arena *a;
    HPDF_Page *pages;
    size_t npages, cappages;
    anchor_pos *anchors;
    size_t nanchors, capanchors;
    link_req *links;
    size_t nlinks, caplinks;
    tpl_set *tpls;
    const tpl *hf[4]; /* header left/right, footer left/right */
    err_list *errs;
} doc_ctx;

static void rgb_fill(HPDF_Page p, uint32_t c)
{
    HPDF_Page_SetRGBFill(p, ((c >> 16) & 255) / 255.0f, ((c >> 8) & 255) / 255.0f,
                         (c & 255) / 255.0f);
}

static void rgb_stroke(HPDF_Page p, uint32_t c)
{
    HPDF_Page_SetRGBStroke(p, ((c >> 16) & 255) / 255.0f, ((c >> 8) & 255) / 255.0f,
                           (c & 255) / 255.0f);
}

static HPDF_Page new_page(doc_ctx *d)
{
    HPDF_Page p = HPDF_AddPage(d->doc);
    HPDF_Page_SetWidth(p, (HPDF_REAL)d->st.page_w);
    HPDF_Page_SetHeight(p, (HPDF_REAL)d->st.page_h);
    if (d->npages == d->cappages) {
        d->cappages = d->cappages ? d->cappages * 2 : 32;
        d->pages = xrealloc(d->pages, d->cappages * sizeof *d->pages);
    }
    d->pages[d->npages++] = p;
    return p;
}

static void add_anchor(doc_ctx *d, const char *name, double x, double y)
{
    if (d->nanchors == d->capanchors) {
        d->capanchors = d->capanchors ? d->capanchors * 2 : 64;
        d->anchors = xrealloc(d->anchors, d->capanchors * sizeof *d->anchors);
    }
    d->anchors[d->nanchors++] = (anchor_pos){name, d->npages - 1, x, y};
}

static void add_link(doc_ctx *d, HPDF_Rect r, const char *target, bool internal)
{
    if (d->nlinks == d->caplinks) {
        d->caplinks = d->caplinks ? d->caplinks * 2 : 64;
        d->links = xrealloc(d->links, d->caplinks * sizeof *d->links);
    }
    d->links[d->nlinks++] = (link_req){d->npages - 1, r, target, internal};
}

static void draw_text(doc_ctx *d, HPDF_Page p, pdf_face face, double size, uint32_t color, double x,
                      double y, const char *text)
{
    if (!text[0])
        return;
    HPDF_Page_BeginText(p);
    HPDF_Page_SetFontAndSize(p, pdf_font(d->fonts, face), (HPDF_REAL)size);
    rgb_fill(p, color);
    HPDF_Page_TextOut(p, (HPDF_REAL)x, (HPDF_REAL)y, text);
    HPDF_Page_EndText(p);
}

/* Draws the ops of items [first, end) with tops at ys, in the text block
 * whose top-left corner is (left, top) in PDF coordinates. Shapes first,
 * then images, then text, so backgrounds sit under text. */
static void draw_items(doc_ctx *d, HPDF_Page p, const flow *f, const size_t *idx, const double *ys,
                       size_t n, double left, double top)
{
    for (int pass = 0; pass < 3; pass++) {
        bool in_text = false;
        pdf_face cur_face = FACE_COUNT;
        double cur_size = 0;
        uint32_t cur_color = 0x1000000;
        for (size_t k = 0; k < n; k++) {
            const flow_item *it = &f->items[idx[k]];
            double iy = top - ys[k];
            if (pass == 0 && it->quote_depth > 0) {
                for (int q = 0; q < it->quote_depth; q++) {
                    rgb_fill(p, d->st.accent);
                    HPDF_Page_Rectangle(p, (HPDF_REAL)(left + q * 14 + 2),
                                        (HPDF_REAL)(iy - it->height), 2.5f, (HPDF_REAL)it->height);
                    HPDF_Page_Fill(p);
                }
            }
            for (size_t o = it->op_start; o < it->op_start + it->op_count; o++) {
                const pdf_op *op = &f->ops[o];
                double x = left + op->x, y = iy - op->y;
                if (pass == 0 && op->kind == OP_RECT) {
                    rgb_fill(p, op->color);
                    HPDF_Page_Rectangle(p, (HPDF_REAL)x, (HPDF_REAL)(y - op->h), (HPDF_REAL)op->w,
                                        (HPDF_REAL)op->h);
                    HPDF_Page_Fill(p);
                } else if (pass == 0 && op->kind == OP_LINE) {
                    rgb_stroke(p, op->color);
                    HPDF_Page_SetLineWidth(p, (HPDF_REAL)op->size);
                    HPDF_Page_MoveTo(p, (HPDF_REAL)x, (HPDF_REAL)y);
                    HPDF_Page_LineTo(p, (HPDF_REAL)(x + op->w), (HPDF_REAL)(y - op->h));
                    HPDF_Page_Stroke(p);
                } else if (pass == 1 && op->kind == OP_IMAGE) {
                    HPDF_Page_DrawImage(p, (HPDF_Image)op->image, (HPDF_REAL)x,
                                        (HPDF_REAL)(y - op->h), (HPDF_REAL)op->w, (HPDF_REAL)op->h);
                } else if (pass == 2 && op->kind == OP_TEXT && op->text[0]) {
                    if (!in_text) {
                        HPDF_Page_BeginText(p);
                        in_text = true;
                    }
                    if (op->face != cur_face || op->size != cur_size) {
                        HPDF_Page_SetFontAndSize(p, pdf_font(d->fonts, op->face),
                                                 (HPDF_REAL)op->size);
                        cur_face = op->face;
                        cur_size = op->size;
                    }
                    if (op->color != cur_color) {
                        rgb_fill(p, op->color);
                        cur_color = op->color;
                    }
                    HPDF_Page_TextOut(p, (HPDF_REAL)x, (HPDF_REAL)y, op->text);
                } else if (pass == 2 && op->kind == OP_ANCHOR) {
                    add_anchor(d, op->text, left, iy + 4);
                } else if (pass == 2 && (op->kind == OP_LINK_URI || op->kind == OP_LINK_DEST)) {
                    HPDF_Rect r = {(HPDF_REAL)x, (HPDF_REAL)(y - op->h), (HPDF_REAL)(x + op->w),
                                   (HPDF_REAL)y};
                    add_link(d, r, op->text, op->kind == OP_LINK_DEST);
                }
            }
        }
        if (in_text)
            HPDF_Page_EndText(p);
    }
}

/* ---- header and footer ---- */

static void render_hf(doc_ctx *d, int which, const char *chapter, size_t pageno, size_t pages,
                      buf *out)
{
    arena *a = arena_new();
    value *ctx = val_map(a);
    val_map_set(a, ctx, "title", val_str(a, d->meta->title));
    val_map_set(a, ctx, "chapter", val_str(a, chapter ? chapter : ""));
    val_map_set(a, ctx, "page", val_num(a, (double)pageno));
    val_map_set(a, ctx, "pages", val_num(a, (double)pages));
    val_map_set(a, ctx, "brand", val_str(a, val_str_or(val_path(d->s->config, "brand.name"), "")));
    val_map_set(a, ctx, "author", val_str(a, d->meta->author));
    err_list ignore = ERR_LIST_INIT;
    buf_reset(out);
    if (d->hf[which])
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

static void header_footer(doc_ctx *d, HPDF_Page p, const char *chapter, size_t pageno, size_t pages,
                          bool header)
{
    buf t = BUF_INIT;
    double left = d->st.margin_inner, right = d->st.page_w - d->st.margin_outer, w = right - left;
    double size = 7.8;
    if (header) {
        double y = d->st.page_h - d->st.margin_top + 28;
        render_hf(d, 0, chapter, pageno, pages, &t);
        fit(d, FACE_SANS, size, &t, w * 0.48);
        draw_text(d, p, FACE_SANS, size, d->st.muted, left, y, buf_cstr(&t));
        render_hf(d, 1, chapter, pageno, pages, &t);
        fit(d, FACE_SANS_BOLD, size, &t, w * 0.48);
        double tw = pdf_text_width(d->fonts, FACE_SANS_BOLD, size, t.data ? t.data : "", t.len);
        draw_text(d, p, FACE_SANS_BOLD, size, d->st.primary, right - tw, y, buf_cstr(&t));
        rgb_stroke(p, d->st.primary);
        HPDF_Page_SetLineWidth(p, 0.8f);
        HPDF_Page_MoveTo(p, (HPDF_REAL)left, (HPDF_REAL)(y - 7));
        HPDF_Page_LineTo(p, (HPDF_REAL)right, (HPDF_REAL)(y - 7));
        HPDF_Page_Stroke(p);
    }
    double fy = d->st.margin_bottom - 34;
    rgb_stroke(p, d->st.rule);
    HPDF_Page_SetLineWidth(p, 0.5f);
    HPDF_Page_MoveTo(p, (HPDF_REAL)left, (HPDF_REAL)(fy + 12));
    HPDF_Page_LineTo(p, (HPDF_REAL)right, (HPDF_REAL)(fy + 12));
    HPDF_Page_Stroke(p);
    render_hf(d, 2, chapter, pageno, pages, &t);
    fit(d, FACE_SANS, size, &t, w * 0.6);
    draw_text(d, p, FACE_SANS, size, d->st.muted, left, fy, buf_cstr(&t));
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
    draw_text(d, p, FACE_SANS, size, d->st.text, right - tw, fy, buf_cstr(&t));
    buf_free(&t);
}

/* ---- cover ---- */

static double cover_block(doc_ctx *d, HPDF_Page p, const char *text, pdf_face face, double size,
                          double leading, uint32_t color, double x, double top, double width)
{
    flow f = {0};
    f.a = d->a;
    f.fonts = d->fonts;
    f.st = &d->st;
    f.width = width;
    para pa = {0};
    para_add(&f, &pa, text, strlen(text), face, size, color, NULL, 0);
    inline_style is = {face, face, face, face, size, leading, color, color};
    size_t n = para_flow(&f, &pa, 0, width, &is, ALIGN_RAGGED, 0);
    size_t *idx = xmalloc((n ? n : 1) * sizeof *idx);
    double *ys = xmalloc((n ? n : 1) * sizeof *ys);
    for (size_t i = 0; i < n; i++)
        idx[i] = i, ys[i] = i * leading;
    draw_items(d, p, &f, idx, ys, n, x, top);
    free(idx);
    free(ys);
    return n * leading;
}

static void cover(doc_ctx *d)
{
    HPDF_Page p = new_page(d);
    double W = d->st.page_w, H = d->st.page_h;
    double x = d->st.margin_inner, w = W - d->st.margin_inner - d->st.margin_outer;
    double band = H * 0.58;
    rgb_fill(p, d->st.primary);
    HPDF_Page_Rectangle(p, 0, (HPDF_REAL)(H - band), (HPDF_REAL)W, (HPDF_REAL)band);
    HPDF_Page_Fill(p);
    rgb_fill(p, d->st.accent);
    HPDF_Page_Rectangle(p, 0, (HPDF_REAL)(H - band - 6), (HPDF_REAL)W, 6);
    HPDF_Page_Fill(p);
    const char *brand = val_str_or(val_path(d->s->config, "brand.name"), "");
    const value *logo = val_path(d->s->config, "brand.logo");
    double y = H - 70;
    if (logo && val_as_str(logo)) {
        /* a logo (PNG or JPEG under the site folder) replaces the wordmark */
        char *path = fs_join(d->s->dir, val_as_str(logo));
        size_t n = strlen(path);
        bool png = n > 4 && strcmp(path + n - 4, ".png") == 0;
        HPDF_Image im = !fs_is_file(path) ? NULL
                        : png             ? HPDF_LoadPngImageFromFile(d->doc, path)
                                          : HPDF_LoadJpegImageFromFile(d->doc, path);
        if (!im) {
            HPDF_ResetError(d->doc);
            d->hs.error = 0;
            err_add(d->errs, logo->pos.file, logo->pos.line, logo->pos.col,
                    "brand.logo '%s' is not a readable PNG or JPEG file", val_as_str(logo));
        } else {
            double lh = 30, lw = lh * HPDF_Image_GetWidth(im) / HPDF_Image_GetHeight(im);
            HPDF_Page_DrawImage(p, im, (HPDF_REAL)x, (HPDF_REAL)(y - 8), (HPDF_REAL)lw,
                                (HPDF_REAL)lh);
        }
        free(path);
    } else if (brand[0]) {
        rgb_fill(p, d->st.accent);
        HPDF_Page_Rectangle(p, (HPDF_REAL)x, (HPDF_REAL)(y - 3), 14, 14);
        HPDF_Page_Fill(p);
        draw_text(d, p, FACE_SANS_BOLD, 13, 0xffffff, x + 22, y, brand);
    }
    double top = H - band + 250;
    if (d->meta->kicker[0]) {
        draw_text(d, p, FACE_SANS_BOLD, 9.5, 0xf6c9a5, x, top + 26, d->meta->kicker);
    }
    double h =
        cover_block(d, p, d->meta->title, FACE_SANS_BOLD, 29, 35, 0xffffff, x, top, w * 0.92);
    if (d->meta->subtitle[0])
        cover_block(d, p, d->meta->subtitle, FACE_ITALIC, 12.5, 18, 0xdce6f0, x, top - h - 14,
                    w * 0.85);
    double by = H - band - 60;
    if (d->meta->author[0]) {
        draw_text(d, p, FACE_SANS, 9, d->st.muted, x, by, "WRITTEN BY");
        draw_text(d, p, FACE_SANS_BOLD, 13, d->st.text, x, by - 18, d->meta->author);
    }
    if (d->meta->publisher[0]) {
        draw_text(d, p, FACE_SANS, 9, d->st.muted, x + w / 2, by, "PUBLISHED BY");
        draw_text(d, p, FACE_SANS_BOLD, 13, d->st.text, x + w / 2, by - 18, d->meta->publisher);
    }
    if (d->meta->date[0])
        draw_text(d, p, FACE_SANS, 10, d->st.text, x, by - 48, d->meta->date);
    rgb_stroke(p, d->st.rule);
    HPDF_Page_SetLineWidth(p, 0.5f);
    HPDF_Page_MoveTo(p, (HPDF_REAL)x, 72);
    HPDF_Page_LineTo(p, (HPDF_REAL)(x + w), 72);
    HPDF_Page_Stroke(p);
    draw_text(d, p, FACE_SANS, 8, d->st.muted, x, 56, d->s->base_url);
}

/* ---- contents ---- */

static void toc_flow(doc_ctx *d, const flow *body, const size_t *page_of_item, flow *f)
{
    double w = f->width;
    /* the title */
    flow_begin(f, 40, 0, true);
    flow_text(f, 0, 26, FACE_SANS_BOLD, 24, d->st.primary, "Contents", 8);
    flow_rect(f, 0, 34, 36, 2.5, d->st.accent);
    flow_begin(f, 12, 0, true);
    buf num = BUF_INIT;
    for (size_t i = 0; i < body->nheads; i++) {
        const flow_heading *h = &body->heads[i];
        if (h->level > 2)
            continue;
        bool chapter = h->level == 1;
        double size = chapter ? 10.5 : 9.5, lead = size * 1.5;
        pdf_face face = chapter ? FACE_SANS_BOLD : FACE_BODY;
        double indent = chapter ? 0 : 18;
        buf_reset(&num);
        buf_printf(&num, "%zu", page_of_item[h->item] + 1);
        double nw = pdf_text_width(d->fonts, face, size, num.data, num.len);
        /* the title, broken to leave room for the number */
        para pa = {0};
        para_add(f, &pa, h->title, strlen(h->title), face, size,
                 chapter ? d->st.primary : d->st.text, NULL, 0);
        para_lines pl;
        double tw = w - indent - nw - 24;
        para_break(f, &pa, tw, ALIGN_RAGGED, &pl);
        double base = para_baseline(f, face, size, lead);
        for (size_t l = 0; l < pl.nlines; l++) {
            flow_begin(f, lead, l == 0 ? (chapter ? 9 : 1.5) : 0, l + 1 < pl.nlines);
            para_draw_line(f, &pa, &pl, l, indent, base, ALIGN_RAGGED);
            if (l + 1 == pl.nlines) {
                /* dot leaders from the end of the text to the number */
                double end = indent;
                const pdf_op *last = &f->ops[f->nops - 1];
                if (last->kind == OP_TEXT)
                    end = last->x + pdf_text_width(d->fonts, last->face, last->size, last->text,
                                                   strlen(last->text));
                /* leaders end at the same x on every line, so their dots line up */
                double dot = pdf_text_width(d->fonts, FACE_BODY, size, ". ", 2);
                double x0 = end + 6,
                       x1 = w - pdf_text_width(d->fonts, FACE_SANS_BOLD, 10.5, "000", 3) - 6;
                buf dots = BUF_INIT;
                size_t count = x1 > x0 ? (size_t)((x1 - x0) / dot) : 0;
                for (size_t q = 0; q < count; q++)
                    buf_puts(&dots, ". ");
                if (count)
                    flow_text(f, x1 - count * dot, base, FACE_BODY, size, d->st.muted, dots.data,
                              dots.len);
                buf_free(&dots);
                flow_text(f, w - nw, base, face, size, chapter ? d->st.primary : d->st.text,
                          num.data, num.len);
            }
            /* every line of the entry links to its heading */
            flow_link(f, OP_LINK_DEST, indent, 0, w - indent, lead, h->anchor);
        }
        para_lines_free(&pl);
    }
    buf_free(&num);
}

/* ---- links, outline, metadata ---- */

static const anchor_pos *find_anchor(doc_ctx *d, const char *name)
{
    for (size_t i = 0; i < d->nanchors; i++)
        if (strcmp(d->anchors[i].name, name) == 0)
            return &d->anchors[i];
    return NULL;
}

static HPDF_Destination dest_for(doc_ctx *d, const anchor_pos *a)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(d->pages[a->page]);
    HPDF_Destination_SetFitH(dst, (HPDF_REAL)a->y); /* libharu refuses XYZ without a zoom */
    return dst;
}

static void make_links(doc_ctx *d)
{
    buf url = BUF_INIT;
    for (size_t i = 0; i < d->nlinks; i++) {
        const link_req *l = &d->links[i];
        HPDF_Annotation an;
        const anchor_pos *a = l->internal ? find_anchor(d, l->target) : NULL;
        if (!a && l->internal) {
            /* a page of the site that is not in the PDF (or a chapter's own #top): its web address
             */
            char *hash = strchr(l->target, '#');
            if (hash) {
                buf_reset(&url);
                buf_put(&url, l->target, (size_t)(hash - l->target));
                a = find_anchor(d, buf_cstr(&url));
            }
        }
        if (a)
            an = HPDF_Page_CreateLinkAnnot(d->pages[l->page], l->rect, dest_for(d, a));
        else {
            buf_reset(&url);
            if (l->internal)
                buf_puts(&url, d->s->base_url);
            buf_puts(&url, l->target);
            an = HPDF_Page_CreateURILinkAnnot(d->pages[l->page], l->rect, buf_cstr(&url));
        }
        if (an)
            HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
    }
    buf_free(&url);
}

static void make_outline(doc_ctx *d, const flow *body)
{
    HPDF_Encoder enc = HPDF_GetEncoder(d->doc, "UTF-8");
    HPDF_Outline parents[5] = {NULL};
    for (size_t i = 0; i < body->nheads; i++) {
        const flow_heading *h = &body->heads[i];
        int lv = h->level < 1 ? 1 : h->level > 4 ? 4 : h->level;
        HPDF_Outline parent = NULL;
        for (int k = lv - 1; k >= 1 && !parent; k--)
            parent = parents[k];
        HPDF_Outline o = HPDF_CreateOutline(d->doc, parent, h->title, enc);
        const anchor_pos *a = find_anchor(d, h->anchor);
        if (o && a)
            HPDF_Outline_SetDestination(o, dest_for(d, a));
        if (o)
            HPDF_Outline_SetOpened(o, lv == 1 ? HPDF_TRUE : HPDF_FALSE);
        parents[lv] = o;
        for (int k = lv + 1; k < 5; k++)
            parents[k] = NULL;
    }
}

/* PDF info strings are PDFDocEncoding: Latin-1 characters pass, others become '?'. */
static void latin1(const char *s, buf *out)
{
    buf_reset(out);
    size_t len = strlen(s), i = 0;
    while (i < len) {
        size_t n;
        uint32_t cp = pdf_utf8_next(s + i, len - i, &n);
        if (cp == 0x2019 || cp == 0x2018)
            cp = '\'';
        else if (cp == 0x201c || cp == 0x201d)
            cp = '"';
        else if (cp == 0x2013 || cp == 0x2014)
            cp = '-';
        buf_putc(out, cp < 256 ? (char)cp : '?');
        i += n;
    }
}

static void metadata(doc_ctx *d)
{
    buf t = BUF_INIT;
    static const struct {
        HPDF_InfoType type;
        size_t off;
    } fields[] = {{HPDF_INFO_TITLE, offsetof(pdf_meta, title)},
                  {HPDF_INFO_AUTHOR, offsetof(pdf_meta, author)},
                  {HPDF_INFO_SUBJECT, offsetof(pdf_meta, subtitle)},
                  {HPDF_INFO_KEYWORDS, offsetof(pdf_meta, keywords)}};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const char *v = *(const char *const *)((const char *)d->meta + fields[i].off);
        if (v && v[0]) {
            latin1(v, &t);
            HPDF_SetInfoAttr(d->doc, fields[i].type, t.data);
        }
    }
    HPDF_SetInfoAttr(d->doc, HPDF_INFO_CREATOR, "imprint");
    date_parts dp;
    date_from_epoch(d->s->build_time, &dp);
    HPDF_Date date = {dp.year, dp.month, dp.day, dp.hour, dp.min, dp.sec, 'Z', 0, 0};
    HPDF_SetInfoDateAttr(d->doc, HPDF_INFO_CREATION_DATE, date);
    HPDF_SetInfoDateAttr(d->doc, HPDF_INFO_MOD_DATE, date);
    buf_free(&t);
}

int pdf_render(const site *s, const pdf_meta *meta, const pdf_chapter *chapters, size_t n,
               dtable_lookup_fn tables, void *ctx, const pdf_hyphenator *shared_hyph, buf *out,
               err_list *errs)
{
    doc_ctx d = {0};
    int rc = -1;
    const char *fonts[FACE_COUNT];
    flow body = {0}, toc = {0};
    double *ys = NULL, *tys = NULL;
    size_t *page_of = NULL, *idx = NULL;
    pg_page *pages = NULL, *tpages = NULL;
    pdf_hyphenator *hyph = NULL;
    size_t np = 0, ntp = 0;
    char *cfg = fs_join(s->dir, "content/site.yaml");
    d.s = s;
    d.meta = meta;
    d.errs = errs;
    d.a = arena_new();
    if (n == 0) {
        err_add(errs, cfg, 0, 0, "nothing to typeset: the document has no chapters");
        goto out;
    }
    if (pdf_style_load(s, d.a, &d.st, fonts, errs) != 0)
        goto out;
    d.doc = HPDF_New(on_error, &d.hs);
    if (!d.doc) {
        err_add(errs, cfg, 0, 0, "libharu could not start a document");
        goto out;
    }
    HPDF_SetCompressionMode(d.doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d.doc);
    HPDF_SetPageMode(d.doc, HPDF_PAGE_MODE_USE_OUTLINE);
    d.fonts = pdf_fonts_load(d.doc, fonts, cfg, errs);
    if (!d.fonts)
        goto out;
    d.tpls = tpl_set_new(NULL, false);
    const char *hf[4] = {d.st.header_left, d.st.header_right, d.st.footer_left, d.st.footer_right};
    static const char *hf_names[4] = {"pdf.header.left", "pdf.header.right", "pdf.footer.left",
                                      "pdf.footer.right"};
    for (int i = 0; i < 4; i++)
        if (!(d.hf[i] = tpl_set_add(d.tpls, hf_names[i], hf[i], strlen(hf[i]), cfg, errs)))
            goto out;
    /* body */
    double text_w = d.st.page_w - d.st.margin_inner - d.st.margin_outer;
    double body_h = d.st.page_h - d.st.margin_top - d.st.margin_bottom;
    body.a = d.a;
    body.fonts = d.fonts;
    body.st = &d.st;
    body.width = text_w;
    body.base_url = s->base_url;
    /* hyphenation in the site's language, unless pdf.hyphenate is false */
    const value *hy = val_path(s->config, "pdf.hyphenate");
    if ((!hy || val_truthy(hy)) && !shared_hyph)
        hyph = pdf_hyphenator_new(val_str_or(val_map_get(s->config, "language"), "en"));
    body.hyph = hy && !val_truthy(hy) ? NULL : shared_hyph ? shared_hyph : hyph;
    int failed = 0;
    for (size_t i = 0; i < n; i++)
        if (pdf_layout_chapter(&body, d.doc, &chapters[i], (int)i + 1,
                               tables ? tables : site_table_lookup, tables ? ctx : (void *)s,
                               s->dir, errs) != 0)
            failed = 1;
    if (failed)
        goto out;
    ys = xcalloc(body.nitems + 1, sizeof *ys);
    np = paginate(&body, body_h, ys, &pages, errs, cfg);
    if (!np)
        goto out;
    if (d.st.balance_lines > 0)
        paginate_balance(&body, body_h, ys, pages, np, (size_t)d.st.balance_lines);
    page_of = xcalloc(body.nitems + 1, sizeof *page_of);
    for (size_t p = 0; p < np; p++)
        for (size_t i = pages[p].first; i < pages[p].end; i++)
            page_of[i] = p;
    /* contents */
    toc.a = d.a;
    toc.fonts = d.fonts;
    toc.st = &d.st;
    toc.width = text_w;
    toc_flow(&d, &body, page_of, &toc);
    tys = xcalloc(toc.nitems + 1, sizeof *tys);
    ntp = paginate(&toc, body_h, tys, &tpages, errs, cfg);
    if (!ntp)
        goto out;
    /* draw */
    cover(&d);
    if (errs->errors)
        goto out;
    idx = xmalloc((body.nitems + toc.nitems + 2) * sizeof *idx);
    double *yy = xmalloc((body.nitems + toc.nitems + 2) * sizeof *yy);
    for (size_t p = 0; p < ntp; p++) {
        HPDF_Page pg = new_page(&d);
        size_t k = 0;
        for (size_t i = tpages[p].first; i < tpages[p].end; i++, k++)
            idx[k] = i, yy[k] = tys[i];
        draw_items(&d, pg, &toc, idx, yy, k, d.st.margin_inner, d.st.page_h - d.st.margin_top);
        header_footer(&d, pg, "Contents", p + 2, np, false);
    }
    for (size_t p = 0; p < np; p++) {
        HPDF_Page pg = new_page(&d);
        size_t k = 0;
        if (pages[p].header >= 0)
            idx[k] = (size_t)pages[p].header, yy[k] = 0, k++;
        for (size_t i = pages[p].first; i < pages[p].end; i++, k++)
            idx[k] = i, yy[k] = ys[i];
        draw_items(&d, pg, &body, idx, yy, k, d.st.margin_inner, d.st.page_h - d.st.margin_top);
        header_footer(&d, pg, pages[p].chapter, p + 1, np, true);
    }
    free(yy);
    make_links(&d);
    make_outline(&d, &body);
    HPDF_AddPageLabel(d.doc, 0, HPDF_PAGE_NUM_STYLE_LOWER_ROMAN, 1, NULL);
    HPDF_AddPageLabel(d.doc, (HPDF_UINT)(1 + ntp), HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
    metadata(&d);
    if (HPDF_SaveToStream(d.doc) != HPDF_OK || d.hs.error) {
        err_add(errs, cfg, 0, 0, "libharu failed to write the PDF (error 0x%04X, detail %u)",
                (unsigned)d.hs.error, (unsigned)d.hs.detail);
        goto out;
    }
    HPDF_ResetStream(d.doc);
    for (;;) {
        HPDF_BYTE chunk[65536];
        HPDF_UINT32 len = sizeof chunk;
        HPDF_STATUS st = HPDF_ReadFromStream(d.doc, chunk, &len);
        if (len)
            buf_put(out, chunk, len);
        if (st == HPDF_STREAM_EOF || len == 0)
            break;
        if (st != HPDF_OK) {
            err_add(errs, cfg, 0, 0, "libharu failed to read back the PDF");
            goto out;
        }
    }
    if (pdf_fix_tounicode(out) < 0) {
        err_add(errs, cfg, 0, 0, "the PDF libharu wrote has an unexpected structure (no trailer)");
        goto out;
    }
    rc = 0;
out:
    free(ys);
    free(tys);
    free(page_of);
    free(idx);
    free(pages);
    free(tpages);
    free(d.pages);
    free(d.anchors);
    free(d.links);
    tpl_set_free(d.tpls);
    pdf_hyphenator_free(hyph);
    if (d.doc)
        HPDF_Free(d.doc);
    pdf_fonts_free(d.fonts);
    arena_free(d.a);
    free(cfg);
    return rc;
}

/* Checks pdf.name and returns OUT_DIR/NAME.pdf (malloc'd), or NULL with an error. */
static char *output_path(const site *s, const char *out_dir, err_list *errs)
{
    const value *pdf = val_map_get(s->config, "pdf");
    const char *name = val_str_or(val_map_get(pdf, "name"),
                                  val_str_or(val_map_get(s->config, "pdf_name"), "document"));
    bool safe = name[0] && name[0] != '.';
    for (const char *q = name; *q && safe; q++)
        safe = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
               *q == '-' || *q == '_' || *q == '.';
    if (!safe) {
        char *cfg = fs_join(s->dir, "content/site.yaml");
        err_add(errs, cfg, 0, 0,
                "pdf.name '%s' must be a file name of letters, digits, '-', '_' and '.'", name);
        free(cfg);
        return NULL;
    }
    return xasprintf("%s/%s.pdf", out_dir, name);
}

int pdf_site_render(const site *s, const char *out_dir, buf *out, char **path, err_list *errs)
{
    int rc = -1;
    buf date = BUF_INIT, keywords = BUF_INIT;
    pdf_chapter *ch = xcalloc(s->npages + 1, sizeof *ch);
    size_t n = 0;
    const value *pdf = val_map_get(s->config, "pdf");
    char *file = output_path(s, out_dir, errs);
    if (!file)
        goto out;
    for (size_t i = 0; i < s->npages; i++) {
        page *p = s->pages[i];
        if (p->kind == PAGE_HOME)
            continue;
        if (site_page_parse(s, p, errs) != 0)
            continue;
        if (p->kind == PAGE_SECTION && !cmark_node_first_child(md_doc_root(p->doc)))
            continue;
        const char *slash = strrchr(p->file, '/');
        ch[n].title = p->title;
        ch[n].url = p->url;
        ch[n].doc = p->doc;
        ch[n].dir = slash ? arena_strndup(s->arena, p->file, (size_t)(slash - p->file)) : ".";
        n++;
    }
    if (errs->errors)
        goto out;
    const value *kw = val_map_get(pdf, "keywords");
    for (size_t i = 0; kw && kw->type == VAL_LIST && i < kw->u.list.len; i++)
        buf_printf(&keywords, "%s%s", i ? ", " : "", val_str_or(kw->u.list.items[i], ""));
    buf ymd = BUF_INIT;
    date_format_ymd(s->build_time, &ymd);
    date_format_display(buf_cstr(&ymd), &date);
    buf_free(&ymd);
    pdf_meta meta = {
        .title = s->home ? s->home->title : val_str_or(val_map_get(s->config, "title"), ""),
        .subtitle = s->home && s->home->description[0]
                        ? s->home->description
                        : val_str_or(val_map_get(s->config, "description"), ""),
        .kicker = val_str_or(val_map_get(pdf, "kicker"), "WHITEPAPER"),
        .author = val_str_or(val_map_get(s->config, "author"), ""),
        .publisher = val_str_or(val_map_get(s->config, "publisher"), ""),
        .keywords = buf_cstr(&keywords),
        .date = buf_cstr(&date),
    };
    if (pdf_render(s, &meta, ch, n, NULL, NULL, NULL, out, errs) != 0)
        goto out;
    *path = file;
    file = NULL;
    rc = 0;
out:
    free(file);
    free(ch);
    buf_free(&date);
    buf_free(&keywords);
    return rc;
}
