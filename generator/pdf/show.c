/* show.c - text into a page's content stream: runs in their fonts (the fallback face for
 * what a face lacks), right-to-left runs in visual order, and the warning for
 * characters no font has (pdf/doc.h). */
#include "pdf/bidi.h"
#include "pdf/cjk.h"
#include "pdf/doc.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Appends v and a space to b: at most 3 decimals, no trailing zeros ("12.5",
 * "0.333", "-4"), the same bytes in any locale. */
static void put_num(buf *b, double v)
{
    long long m = llround(v * 1000);
    if (m < 0) {
        buf_putc(b, '-');
        m = -m;
    }
    buf_put_int(b, m / 1000);
    int f = (int)(m % 1000);
    if (f) {
        char frac[5] = {'.', (char)('0' + f / 100), (char)('0' + f / 10 % 10),
                        (char)('0' + f % 10)};
        for (int i = 3; frac[i] == '0'; i--)
            frac[i] = 0;
        buf_puts(b, frac);
    }
    buf_putc(b, ' ');
}

/* Shows len bytes of text, all of which face has, with its baseline at (x,
 * y), opening the text object if needed. */
static void show_run(doc_ctx *d, HPDF_Page p, text_state *ts, pdf_face face, double size,
                     uint32_t color, double x, double y, const char *text, size_t len, bool rtl)
{
    buf codes = BUF_INIT, ops = BUF_INIT;
    size_t glyphs = pdf_font_show(d->fonts, face, text, len, rtl, &codes);
    const char *name = glyphs ? pdf_font_select(d->fonts, face, p) : NULL;
    if (!name)
        goto out; /* "", or nothing the face can draw */
    if (!ts->open) {
        buf_puts(&ops, "BT\n");
        *ts = (text_state){true, FACE_COUNT, 0, 0x1000000};
    }
    if (face != ts->face || size != ts->size) {
        buf_printf(&ops, "/%s ", name);
        put_num(&ops, size);
        buf_puts(&ops, "Tf\n");
        ts->face = face;
        ts->size = size;
    }
    if (color != ts->color) {
        for (int shift = 16; shift >= 0; shift -= 8)
            put_num(&ops, ((color >> shift) & 255) / 255.0);
        buf_puts(&ops, "rg\n");
        ts->color = color;
    }
    buf_puts(&ops, "1 0 0 1 ");
    put_num(&ops, x);
    put_num(&ops, y);
    buf_puts(&ops, "Tm ");
    buf_put(&ops, codes.data, codes.len);
    buf_putc(&ops, '\n');
    doc_page_write(p, ops.data, ops.len);
out:
    buf_free(&codes);
    buf_free(&ops);
}

/* Which face draws code point cp of text in face: face itself, else the
 * fallback chain's first face that has it, else none (FACE_COUNT); a control or format character
 * (tab, zero-width space, byte-order mark), which is not drawn, counts as
 * the face's own. */
static pdf_face face_for(const doc_ctx *d, pdf_face face, uint32_t cp)
{
    bool invisible = cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x200b && cp <= 0x200f) ||
                     (cp >= 0x2060 && cp <= 0x2064) || cp == 0xfeff;
    return invisible ? face : pdf_face_for(d->fonts, face, cp);
}

/* A character no face has, recorded once a document with the source line
 * that first draws it, for missing_glyphs_report. */
static void missing_glyph(doc_ctx *d, uint32_t cp, const char *file, int line)
{
    for (size_t i = 0; i < d->nmissing; i++)
        if (d->missing[i].cp == cp)
            return;
    if (d->nmissing == d->capmissing) {
        d->capmissing = d->capmissing ? d->capmissing * 2 : 8;
        d->missing = xrealloc(d->missing, d->capmissing * sizeof *d->missing);
    }
    d->missing[d->nmissing++] = (missing_char){cp, file, line};
}

/* One warning for each source line whose characters no font has (never a
 * silent gap), naming them and the font to add. */
void doc_missing_glyphs_report(doc_ctx *d)
{
    buf chars = BUF_INIT;
    for (size_t i = 0; i < d->nmissing;) {
        const missing_char *m = &d->missing[i];
        bool cjk = false;
        size_t j = i, shown = 0;
        buf_reset(&chars);
        for (; j < d->nmissing && d->missing[j].line == m->line &&
               (d->missing[j].file == m->file ||
                (m->file && d->missing[j].file && strcmp(d->missing[j].file, m->file) == 0));
             j++) {
            uint32_t cp = d->missing[j].cp;
            cjk |= cjk_script(cp); /* one Debian package covers them */
            if (shown++ < 8) {
                buf_printf(&chars, "%s'", shown > 1 ? ", " : "");
                utf8_put(&chars, cp);
                buf_printf(&chars, "' (U+%04X)", (unsigned)cp);
            }
        }
        if (shown > 8)
            buf_printf(&chars, " and %zu more", shown - 8);
        err_warn(d->errs, m->file ? m->file : d->set->config_file, m->line, m->line ? 1 : 0,
                 "no font of the PDF has %s, so %s left out: add a font that has %s to "
                 "pdf.fonts.fallback (a list, tried in order)%s",
                 buf_cstr(&chars), shown > 1 ? "they are" : "it is", shown > 1 ? "them" : "it",
                 cjk ? "; for Chinese, Japanese and Korean install Debian's fonts-noto-cjk, "
                       "whose Noto Sans CJK imprint then falls back to"
                     : "");
        i = j;
    }
    buf_free(&chars);
}

/* Shows len bytes of text in op's face, size and colour with its baseline
 * at (x, y): the characters the face lacks in the fallback face, as layout
 * measured them (pdf_text_width), the pieces of right-to-left text (rtl)
 * from the right; a character no face has is left out with a warning at
 * file:line, the source of the text. */
static void text_span(doc_ctx *d, HPDF_Page p, text_state *ts, const pdf_op *op, const char *text,
                      size_t len, bool rtl, double x, double y, const char *file, int line)
{
    pdf_face face = op->face;
    double size = op->size;
    size_t i = 0, n;
    if (rtl) /* the first piece ends at the right */
        x += pdf_text_width(d->fonts, face, size, text, len);
    while (i < len) {
        uint32_t cp = utf8_next(text + i, len - i, &n);
        pdf_face use = face_for(d, face, cp);
        size_t j = i + n;
        while (j < len && face_for(d, face, utf8_next(text + j, len - j, &n)) == use)
            j += n;
        /* (a text in one face needs no width: nothing follows it) */
        double w =
            rtl || j < len || i > 0 ? pdf_text_width(d->fonts, face, size, text + i, j - i) : 0;
        if (rtl)
            x -= w; /* a piece ends where the one before it starts */
        if (use == FACE_COUNT) {
            for (size_t k = i; k < j; k += n)
                missing_glyph(d, utf8_next(text + k, j - k, &n), file, line);
        } else {
            show_run(d, p, ts, use, size, op->color, x, y, text + i, j - i, rtl);
        }
        if (!rtl)
            x += w;
        i = j;
    }
}

void doc_text_show(doc_ctx *d, HPDF_Page p, text_state *ts, const pdf_op *op, double x, double y,
                   const char *file, int line)
{
    text_span(d, p, ts, op, op->text, strlen(op->text), op->kind == OP_TEXT_RTL, x, y, file, line);
}

/* Shows a line of text that layout did not order (a running head, a label
 * on the cover) with its baseline at (x, y): with right-to-left characters,
 * in visual order (pdf/bidi.h) in the document's direction, each run of one
 * level drawn in its direction. */
static void show_unordered(doc_ctx *d, HPDF_Page p, text_state *ts, const pdf_op *op, double x,
                           double y)
{
    const char *text = op->text;
    size_t len = strlen(text);
    bidi_para bp;
    if (!bidi_resolve(&text, &len, 1, d->rtl ? BIDI_RTL : BIDI_LTR, &bp)) {
        text_span(d, p, ts, op, text, len, false, x, y, NULL, 0);
        return;
    }
    /* the runs of one level, in reading order, then drawn left to right */
    size_t nruns = 0, *start = xmalloc((len + 1) * sizeof *start);
    uint8_t *lv = xmalloc(len + 1);
    for (size_t b = 0; b < len; b++)
        if (b == 0 || bp.levels[b] != bp.levels[b - 1]) {
            start[nruns] = b;
            lv[nruns++] = bp.levels[b];
        }
    start[nruns] = len;
    size_t *order = xmalloc((nruns + 1) * sizeof *order);
    double *rx = xmalloc((nruns + 1) * sizeof *rx);
    bidi_order(lv, nruns, order);
    for (size_t v = 0; v < nruns; v++) {
        size_t r = order[v];
        rx[r] = x;
        x += pdf_text_width(d->fonts, op->face, op->size, text + start[r], start[r + 1] - start[r]);
    }
    /* drawn in reading order, so that the content reads in logical order */
    for (size_t r = 0; r < nruns; r++)
        text_span(d, p, ts, op, text + start[r], start[r + 1] - start[r], lv[r] & 1, rx[r], y, NULL,
                  0);
    free(start);
    free(lv);
    free(order);
    free(rx);
    bidi_para_free(&bp);
}

/* Closes the text object, if one is open (before marked content changes). */
void doc_text_end(HPDF_Page p, text_state *ts)
{
    if (ts->open)
        doc_page_write(p, "ET\n", 3);
    ts->open = false;
}

void doc_draw_text(doc_ctx *d, HPDF_Page p, pdf_face face, double size, uint32_t color, double x,
                   double y, const char *text)
{
    text_state ts = {0};
    pdf_op op = {.kind = OP_TEXT, .face = face, .color = color, .size = size, .text = text};
    show_unordered(d, p, &ts, &op, x, y);
    doc_text_end(p, &ts);
}
