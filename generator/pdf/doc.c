/* doc.c - the engine's stages: fonts and style, layout, pagination, contents, drawing,
 * links, outline, page labels, metadata; then the file, saved through a memory stream.
 *
 * Order of work (pdf_render): load the style and fonts; lay every chapter out
 * into one flow and paginate it; lay out and paginate the contents (entries
 * point at body page numbers, so the contents' own length never shifts them);
 * draw cover, contents and body; then resolve anchors into destinations for
 * the links and the outline, which need every page to exist; last the
 * fonts' objects (font.h), once every glyph drawn is known. */
#include "pdf/doc.h"
#include "util/utf8.h"
#include "core/url.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/lang.h"
#include "util/xalloc.h"
#include "pdf/blocks.h"
#include "pdf/pack.h"
#include "pdf/pdfa.h"
#include "pdf/style.h"

#include <hpdf_pages.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    hpdf_state *st = user;
    if (!st->error) {
        st->error = error;
        st->detail = detail;
    }
}

void doc_rgb_fill(HPDF_Page p, uint32_t c)
{
    HPDF_Page_SetRGBFill(p, ((c >> 16) & 255) / 255.0f, ((c >> 8) & 255) / 255.0f,
                         (c & 255) / 255.0f);
}

void doc_rgb_stroke(HPDF_Page p, uint32_t c)
{
    HPDF_Page_SetRGBStroke(p, ((c >> 16) & 255) / 255.0f, ((c >> 8) & 255) / 255.0f,
                           (c & 255) / 255.0f);
}

HPDF_Page doc_new_page(doc_ctx *d)
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

/* Switches page p's marked content to element tag (0: artifact), the new
 * sequence's place in reading order being key. */
static void mark(doc_ctx *d, HPDF_Page p, int tag, uint64_t key)
{
    if (!d->tags || d->mc == tag)
        return;
    HPDF_Stream s = ((HPDF_PageAttr)p->attr)->stream;
    if (d->mc >= 0)
        HPDF_Stream_WriteStr(s, "EMC\n");
    if (tag == 0) {
        HPDF_Stream_WriteStr(s, "/Artifact BMC\n");
    } else {
        char op[96];
        pdf_tag_bdc(d->tags, tag, pdf_tag_mark(d->tags, tag, d->npages - 1, key), op, sizeof op);
        HPDF_Stream_WriteStr(s, op);
    }
    d->mc = tag;
}

void doc_tag_begin(doc_ctx *d, HPDF_Page p, int tag)
{
    mark(d, p, tag, ++d->seq);
}

void doc_tag_end(doc_ctx *d, HPDF_Page p)
{
    if (d->tags && d->mc >= 0)
        HPDF_Stream_WriteStr(((HPDF_PageAttr)p->attr)->stream, "EMC\n");
    d->mc = -1;
}

static void add_anchor(doc_ctx *d, const char *name, double x, double y)
{
    if (d->nanchors == d->capanchors) {
        d->capanchors = d->capanchors ? d->capanchors * 2 : 64;
        d->anchors = xrealloc(d->anchors, d->capanchors * sizeof *d->anchors);
    }
    d->anchors[d->nanchors++] = (anchor_pos){name, d->npages - 1, x, y};
}

static void add_link(doc_ctx *d, HPDF_Rect r, const pdf_op *op, uint64_t key)
{
    if (d->nlinks == d->caplinks) {
        d->caplinks = d->caplinks ? d->caplinks * 2 : 64;
        d->links = xrealloc(d->links, d->caplinks * sizeof *d->links);
    }
    d->links[d->nlinks++] =
        (link_req){d->npages - 1, r, op->text, op->kind == OP_LINK_DEST, op->tag, key};
}

void doc_page_write(HPDF_Page p, const char *s, size_t n)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)p->attr;
    HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)s, (HPDF_UINT)n);
}

/* Draws the ops of items [first, end) with tops at ys, in the text block
 * whose top-left corner is (left, top) in PDF coordinates. Shapes first,
 * then images, then text, so backgrounds sit under text. */
void doc_draw_items(doc_ctx *d, HPDF_Page p, const flow *f, const size_t *idx, const double *ys,
                    size_t n, double left, double top)
{
    bool repeat = d->repeat_first;
    d->repeat_first = false;
    text_state ts = {0};
    for (int pass = 0; pass < 3; pass++) {
        for (size_t k = 0; k < n; k++) {
            const flow_item *it = &f->items[idx[k]];
            double iy = top - ys[k];
            if (pass == 0 && it->quote_depth > 0) {
                mark(d, p, 0, 0);
                for (int q = 0; q < it->quote_depth; q++) {
                    doc_rgb_fill(p, d->st.accent);
                    HPDF_Page_Rectangle(p, (HPDF_REAL)(left + q * 14 + 2),
                                        (HPDF_REAL)(iy - it->height), 2.5f, (HPDF_REAL)it->height);
                    HPDF_Page_Fill(p);
                }
            }
            for (size_t o = it->op_start; o < it->op_start + it->op_count; o++) {
                const pdf_op *op = &f->ops[o];
                double x = left + op->x, y = iy - op->y;
                /* the content's place in reading order; a table header repeated at the
                 * top of a page is an artifact */
                uint64_t key = d->key_base ? d->key_base + o : ++d->seq;
                int tag = repeat && k == 0 ? 0 : op->tag;
                bool draws = (pass == 0 && (op->kind == OP_RECT || op->kind == OP_LINE)) ||
                             (pass == 1 && op->kind == OP_IMAGE) ||
                             (pass == 2 && (op->kind == OP_TEXT || op->kind == OP_TEXT_RTL));
                if (draws && d->tags && d->mc != tag)
                    doc_text_end(p, &ts); /* a marked-content sequence stays inside BT ... ET */
                if (draws)
                    mark(d, p, tag, key);
                if (pass == 0 && op->kind == OP_RECT) {
                    doc_rgb_fill(p, op->color);
                    HPDF_Page_Rectangle(p, (HPDF_REAL)x, (HPDF_REAL)(y - op->h), (HPDF_REAL)op->w,
                                        (HPDF_REAL)op->h);
                    HPDF_Page_Fill(p);
                } else if (pass == 0 && op->kind == OP_LINE) {
                    doc_rgb_stroke(p, op->color);
                    HPDF_Page_SetLineWidth(p, (HPDF_REAL)op->size);
                    HPDF_Page_MoveTo(p, (HPDF_REAL)x, (HPDF_REAL)y);
                    HPDF_Page_LineTo(p, (HPDF_REAL)(x + op->w), (HPDF_REAL)(y - op->h));
                    HPDF_Page_Stroke(p);
                } else if (pass == 1 && op->kind == OP_IMAGE) {
                    pdf_image_draw(p, op->image, x, y - op->h, op->w, op->h);
                } else if (pass == 2 && (op->kind == OP_TEXT || op->kind == OP_TEXT_RTL)) {
                    doc_text_show(d, p, &ts, op, x, y, it->file, it->line);
                } else if (pass == 2 && op->kind == OP_ANCHOR) {
                    add_anchor(d, op->text, left, iy + 4);
                } else if (pass == 2 && (op->kind == OP_LINK_URI || op->kind == OP_LINK_DEST)) {
                    HPDF_Rect r = {(HPDF_REAL)x, (HPDF_REAL)(y - op->h), (HPDF_REAL)(x + op->w),
                                   (HPDF_REAL)y};
                    add_link(d, r, op, key);
                }
            }
        }
        doc_text_end(p, &ts);
        doc_tag_end(d, p);
    }
}

/* ---- links, outline, metadata ---- */

/* The anchor called name; a link's percent-encoded id ("#%C3%BCberblick") finds
 * the heading's own ("#überblick"). */
static const anchor_pos *find_anchor(doc_ctx *d, const char *name)
{
    char *plain = xstrdup(name);
    url_unescape(plain);
    const anchor_pos *found = NULL;
    for (size_t i = 0; i < d->nanchors && !found; i++)
        if (strcmp(d->anchors[i].name, name) == 0 || strcmp(d->anchors[i].name, plain) == 0)
            found = &d->anchors[i];
    free(plain);
    return found;
}

static HPDF_Destination dest_for(doc_ctx *d, const anchor_pos *a)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(d->pages[a->page]);
    HPDF_Destination_SetFitH(dst, (HPDF_REAL)a->y); /* libharu refuses XYZ without a zoom */
    return dst;
}

/* Turns every link drawn into an annotation: to its anchor's destination,
 * else to the web (internal targets joined to base_url). */
static void make_links(doc_ctx *d)
{
    buf url = BUF_INIT;
    for (size_t i = 0; i < d->nlinks; i++) {
        const link_req *l = &d->links[i];
        HPDF_Annotation an;
        const anchor_pos *a = l->internal ? find_anchor(d, l->target) : NULL;
        if (!a && l->internal) {
            /* a heading of a page that is in the PDF but has no destination (a chapter's own
             * #top): the page's start; a page not in the PDF gets its web address below */
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
                buf_puts(&url, d->set->base_url);
            buf_puts(&url, l->target);
            an = HPDF_Page_CreateURILinkAnnot(d->pages[l->page], l->rect, buf_cstr(&url));
        }
        if (!an)
            continue;
        HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
        HPDF_Dict_AddNumber(an, "F", 4); /* printed (PDF/A) */
        buf_reset(&url);
        buf_printf(&url, "%s %s", a ? "Go to" : "Open", l->target);
        pdf_tag_annot(d->tags, l->tag, an, l->page, l->key, buf_cstr(&url));
    }
    buf_free(&url);
}

/* The PDF outline (bookmarks): every heading of the body, nested by level,
 * chapters open. */
static void make_outline(doc_ctx *d)
{
    const flow *body = &d->body.f;
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

/* The document-level metadata PDF/A and PDF/UA ask for (pdf/pdfa.h): the
 * Info dictionary and its XMP twin, the output intent, the language, the
 * file's /ID (a digest of what identifies the document). Returns 0, or -1
 * with an error. */
static int metadata(doc_ctx *d)
{
    buf seed = BUF_INIT;
    const pdf_meta *m = d->meta;
    buf_printf(&seed, "%s\n%s\n%s\n%s\n%lld\n%zu", m->title, m->subtitle, m->author, m->keywords,
               d->set->date, d->npages);
    pdfa_meta pm = {m->title[0] ? m->title : "Untitled",
                    m->author,
                    m->subtitle,
                    m->keywords,
                    val_str_or(val_map_get(d->set->config, "language"), "en"),
                    d->set->date,
                    d->tags ? 'A' : 'U',
                    d->tags != NULL,
                    (const unsigned char *)seed.data,
                    seed.len};
    int rc = pdfa_apply(d->doc, &pm, d->errs);
    buf_free(&seed);
    return rc;
}

/* ---- the stages ---- */

/* Reads the style, starts the libharu document, loads the fonts and compiles
 * the header and footer templates. Returns 0, or -1 with errors. */
static int open_document(doc_ctx *d)
{
    const char *cfg = d->set->config_file;
    const char *fonts[FACE_COUNT];
    if (pdf_style_load(d->set, d->a, &d->st, fonts, d->errs) != 0)
        return -1;
    d->rtl = lang_is_rtl(val_str_or(val_map_get(d->set->config, "language"), "en"));
    d->doc = HPDF_New(on_error, &d->hs);
    if (!d->doc) {
        err_add(d->errs, cfg, 0, 0, "libharu could not start a document");
        return -1;
    }
    d->images = pdf_images_new(d->doc);
    d->tags = d->st.tagged ? pdf_tags_new() : NULL;
    d->mc = -1;
    HPDF_SetCompressionMode(d->doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d->doc);
    HPDF_SetPageMode(d->doc, HPDF_PAGE_MODE_USE_OUTLINE);
    d->fonts = pdf_fonts_load(d->doc, d->set->font_cache, fonts, cfg, d->errs);
    if (!d->fonts)
        return -1;
    d->tpls = tpl_set_new(NULL, false);
    const char *hf[4] = {d->st.header_left, d->st.header_right, d->st.footer_left,
                         d->st.footer_right};
    static const char *hf_names[4] = {"pdf.header.left", "pdf.header.right", "pdf.footer.left",
                                      "pdf.footer.right"};
    for (int i = 0; i < 4; i++) /* NULL: the words of the language (pdf/style.h) */
        if (hf[i] &&
            !(d->hf[i] = tpl_set_add(d->tpls, hf_names[i], hf[i], strlen(hf[i]), cfg, d->errs)))
            return -1;
    return 0;
}

/* An empty flow as wide as the text block. */
static void flow_init(doc_ctx *d, flow *f)
{
    f->a = d->a;
    f->fonts = d->fonts;
    f->st = &d->st;
    f->width = d->st.page_w - d->st.margin_inner - d->st.margin_outer;
    f->full_width = f->width;
    f->tags = d->tags;
    f->rtl = d->rtl; /* the contents (a chapter sets its own) */
}

/* Breaks p's flow into pages of the text block's height. Returns 0, or -1
 * with an error (an item taller than a page). */
static int paginate_flow(doc_ctx *d, paged *p)
{
    double body_h = d->st.page_h - d->st.margin_top - d->st.margin_bottom;
    p->ys = xcalloc(p->f.nitems + 1, sizeof *p->ys);
    p->npages = paginate(&p->f, body_h, p->ys, &p->pages, &p->foot, d->errs, d->set->config_file);
    return p->npages ? 0 : -1;
}

/* The hyphenation patterns for the body: none when pdf.hyphenate is false,
 * else the shared ones, else patterns for the language loaded now. */
static const pdf_hyphenator *hyphenation(doc_ctx *d)
{
    const value *hy = val_path(d->set->config, "pdf.hyphenate");
    if (hy && !val_truthy(hy))
        return NULL;
    if (d->set->hyph)
        return d->set->hyph;
    const value *lang = val_map_get(d->set->config, "language");
    const char *tag = val_str_or(lang, "en"), *pkg = pdf_hyphen_package(tag);
    d->hyph = pdf_hyphenator_new(tag);
    if (!d->hyph && pkg)
        err_warn(d->errs, lang ? lang->pos.file : d->set->config_file, lang ? lang->pos.line : 0,
                 lang ? lang->pos.col : 0,
                 "no hyphenation patterns for language '%s' are installed, so the PDF is set "
                 "without hyphenation: install Debian's %s (apt-get install %s), or set "
                 "pdf.hyphenate: false",
                 tag, pkg, pkg);
    return d->hyph;
}

/* Lays every chapter out into the body flow and paginates it. Returns 0, or
 * -1 with the errors of every chapter that failed. */
static int layout_body(doc_ctx *d, const pdf_chapter *chapters, size_t n)
{
    flow *f = &d->body.f;
    int rc = 0;
    flow_init(d, f);
    f->base_url = d->set->base_url;
    f->hyph = hyphenation(d);
    int chapter = 0, part = 0;
    for (size_t i = 0; i < n; i++) {
        const pdf_chapter *ch = &chapters[i];
        int number = ch->kind == PDF_CHAPTER ? ++chapter : ch->kind == PDF_PART ? ++part : 0;
        /* a part is a level-1 entry of the contents and outline; its chapters nest under it */
        f->heading_shift = ch->kind == PDF_PART ? 0 : part > 0;
        if (pdf_layout_chapter(f, d->images, ch, number, d->set, d->errs) != 0)
            rc = -1;
    }
    f->heading_shift = 0;
    if (rc != 0 || paginate_flow(d, &d->body) != 0)
        return -1;
    if (d->st.balance_lines > 0)
        paginate_balance(f, d->st.page_h - d->st.margin_top - d->st.margin_bottom, d->body.ys,
                         d->body.pages, d->body.npages, (size_t)d->st.balance_lines);
    d->page_of = xcalloc(f->nitems + 1, sizeof *d->page_of);
    for (size_t p = 0; p < d->body.npages; p++) {
        const pg_page *pg = &d->body.pages[p];
        for (size_t i = pg->first; i < pg->end; i++)
            if (!f->items[i].note)
                d->page_of[i] = p;
        for (size_t e = pg->foot; e < pg->foot + pg->nfoot; e++)
            d->page_of[d->body.foot[e]] = p;
    }
    return 0;
}

/* Lays out and paginates the contents. Returns 0, or -1 with an error. */
static int layout_contents(doc_ctx *d)
{
    flow_init(d, &d->toc.f);
    doc_contents(d, &d->body.f, d->page_of, &d->toc.f);
    return paginate_flow(d, &d->toc);
}

/* Draws page p of a paginated flow (its repeated table header first, its
 * footnotes at the foot under a rule) on a new page; idx and ys are scratch
 * arrays with room for the page's items. */
static HPDF_Page draw_flow_page(doc_ctx *d, const paged *pf, size_t p, size_t *idx, double *ys)
{
    HPDF_Page pg = doc_new_page(d);
    const pg_page *pp = &pf->pages[p];
    double top = d->st.page_h - d->st.margin_top;
    size_t k = 0;
    if (pp->header >= 0)
        idx[k] = (size_t)pp->header, ys[k] = 0, k++;
    for (size_t i = pp->first; i < pp->end; i++)
        if (!pf->f.items[i].note)
            idx[k] = i, ys[k] = pf->ys[i], k++;
    for (size_t n = 0; n < pp->nfoot; n++, k++)
        idx[k] = pf->foot[pp->foot + n], ys[k] = pf->ys[idx[k]];
    if (pp->nfoot) {
        double body_h = d->st.page_h - d->st.margin_top - d->st.margin_bottom;
        doc_tag_begin(d, pg, 0);
        double y = top - (body_h - pp->foot_h + PG_FOOT_RULE);
        doc_rgb_stroke(pg, d->st.rule);
        HPDF_Page_SetLineWidth(pg, 0.6f);
        HPDF_Page_MoveTo(pg, (HPDF_REAL)d->st.margin_inner, (HPDF_REAL)y);
        HPDF_Page_LineTo(pg, (HPDF_REAL)(d->st.margin_inner + 80), (HPDF_REAL)y);
        HPDF_Page_Stroke(pg);
        doc_tag_end(d, pg);
    }
    d->repeat_first = pp->header >= 0;
    doc_draw_items(d, pg, &pf->f, idx, ys, k, d->st.margin_inner, top);
    return pg;
}

/* Draws the cover, the contents pages (numbered i, ii, ...) and the body
 * pages. Returns 0, or -1 with an error (the cover's logo). */
static int draw_pages(doc_ctx *d)
{
    if (doc_cover(d) != 0)
        return -1;
    size_t room = d->body.f.nitems + d->toc.f.nitems + 2;
    size_t *idx = xmalloc(room * sizeof *idx);
    double *ys = xmalloc(room * sizeof *ys);
    d->key_base = (uint64_t)1 << 40; /* the contents read after the cover, before the body */
    for (size_t p = 0; p < d->toc.npages; p++) {
        HPDF_Page pg = draw_flow_page(d, &d->toc, p, idx, ys);
        doc_header_footer(d, pg, i18n_get(d->set->words, "contents"), p + 2, d->body.npages, false);
    }
    d->key_base = (uint64_t)2 << 40;
    for (size_t p = 0; p < d->body.npages; p++) {
        HPDF_Page pg = draw_flow_page(d, &d->body, p, idx, ys);
        doc_header_footer(d, pg, d->body.pages[p].chapter, p + 1, d->body.npages, true);
    }
    free(idx);
    free(ys);
    return 0;
}

/* What needs every page: links, the outline, page labels, the structure
 * tree; then the metadata. Returns 0, or -1 with an error. */
static int finish(doc_ctx *d)
{
    make_links(d);
    make_outline(d);
    HPDF_AddPageLabel(d->doc, 0, HPDF_PAGE_NUM_STYLE_LOWER_ROMAN, 1, NULL);
    HPDF_AddPageLabel(d->doc, (HPDF_UINT)(1 + d->toc.npages), HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
    doc_missing_glyphs_report(d);
    if (pdf_tags_prepare(d->tags, d->doc, d->pages, d->npages, d->errs, d->set->config_file) != 0)
        return -1;
    return metadata(d);
}

/* Builds the fonts' objects, writes the document into a memory stream and
 * appends its bytes to out. Returns 0, or -1 with an error. */
static int save(doc_ctx *d, buf *out)
{
    const char *cfg = d->set->config_file;
    buf file = BUF_INIT;
    int rc = -1;
    if (pdf_fonts_finish(d->fonts, d->errs) != 0)
        goto out;
    if (HPDF_SaveToStream(d->doc) != HPDF_OK || d->hs.error) {
        err_add(d->errs, cfg, 0, 0, "libharu failed to write the PDF (error 0x%04X, detail %u)",
                (unsigned)d->hs.error, (unsigned)d->hs.detail);
        goto out;
    }
    HPDF_ResetStream(d->doc);
    for (;;) {
        HPDF_BYTE chunk[65536];
        HPDF_UINT32 len = sizeof chunk;
        HPDF_STATUS st = HPDF_ReadFromStream(d->doc, chunk, &len);
        if (len)
            buf_put(&file, chunk, len);
        if (st == HPDF_STREAM_EOF || len == 0)
            break;
        if (st != HPDF_OK) {
            err_add(d->errs, cfg, 0, 0, "libharu failed to read back the PDF");
            goto out;
        }
    }
    /* libharu's objects are done with: freed before the file is rewritten, so the two
     * copies of a long document are never in memory at once */
    HPDF_Free(d->doc);
    d->doc = NULL;
    /* the structure tree, then everything rewritten compactly: object streams, a
     * cross-reference stream */
    if (pdf_tags_append(d->tags, &file, d->errs, cfg) != 0)
        goto out;
    rc = pdf_pack((const unsigned char *)file.data, file.len, out, d->errs, cfg);
out:
    buf_free(&file);
    return rc;
}

static void paged_free(paged *p)
{
    free(p->ys);
    free(p->pages);
    free(p->foot);
}

static void doc_free(doc_ctx *d)
{
    paged_free(&d->body);
    paged_free(&d->toc);
    free(d->page_of);
    free(d->pages);
    free(d->anchors);
    free(d->links);
    free(d->missing);
    tpl_set_free(d->tpls);
    pdf_hyphenator_free(d->hyph);
    pdf_images_free(d->images);
    pdf_tags_free(d->tags);
    if (d->doc)
        HPDF_Free(d->doc);
    pdf_fonts_free(d->fonts);
    arena_free(d->a);
}

int pdf_render(const pdf_settings *set, const pdf_meta *meta, const pdf_chapter *chapters, size_t n,
               buf *out, err_list *errs)
{
    doc_ctx d = {0};
    int rc = -1;
    pdf_settings own = *set; /* the settings, with English words when they give none */
    d.set = &own;
    d.meta = meta;
    d.errs = errs;
    d.a = arena_new();
    if (!own.words)
        own.words = i18n_english(d.a);
    if (n == 0) {
        err_add(errs, set->config_file, 0, 0,
                "nothing to typeset: no page has any text (the PDF's chapters are the site's "
                "pages, or the home page alone when it is the only one: write some text in "
                "content/_index.md or add a page such as content/notes/first.md, or build "
                "with --html-only)");
        goto out;
    }
    if (open_document(&d) != 0 || layout_body(&d, chapters, n) != 0 || layout_contents(&d) != 0 ||
        draw_pages(&d) != 0 || finish(&d) != 0)
        goto out;
    if (save(&d, out) != 0)
        goto out;
    rc = 0;
out:
    doc_free(&d);
    return rc;
}
