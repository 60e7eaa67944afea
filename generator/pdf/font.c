/* font.c - TrueType and CFF OpenType faces: loading, HarfBuzz measurement and shaping, the
 * fallback chain, and the glyph codes drawn (font_embed.c embeds them as subset CID fonts).
 *
 * Embedding (PDF 32000-1:2008 9.7 and 9.10, the PDF/A-2 and PDF/UA-1 font
 * rules): each face drawn becomes a Type0 font with the Identity-H
 * encoding, so the codes shown are 2-byte glyph ids; its descendant is a
 * CIDFontType2 whose CIDs are those glyph ids (/CIDToGIDMap /Identity) and
 * whose font program is the face subset by hb-subset to the glyphs drawn,
 * glyph ids kept, hinting and layout tables dropped (layout is done). /W
 * gives the drawn glyphs' advances from hmtx in 1000ths of an em, rounded,
 * as a checker computes them from the program. The ToUnicode CMap maps each
 * glyph to the character it was drawn for. The subset's tag is a hash of the
 * glyph set, so the same document gives the same bytes. */
#include "pdf/font.h"
#include "pdf/font_internal.h"
#include "util/strmap.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pdf_fonts *pdf_fonts_load(HPDF_Doc doc, pdf_font_cache *cache, const char *const paths[FACE_COUNT],
                          const char *config, err_list *errs)
{
    pdf_fonts *f = xcalloc(1, sizeof *f);
    f->doc = doc;
    f->own_cache = !cache;
    f->cache = cache ? cache : pdf_font_cache_new();
    f->shaped = xcalloc(1, sizeof *f->shaped);
    f->scratch = xcalloc(1, sizeof *f->scratch);
    for (int i = 0; i < FACE_COUNT; i++) {
        face_data *fd = &f->faces[i];
        if (!paths[i] && i > FACE_FALLBACK)
            continue; /* an empty place of the fallback chain */
        if (!paths[i]) {
            err_add(errs, config, 0, 0, "font file (none) cannot be read");
            goto fail;
        }
        if (!(fd->ff = font_cache_open(f->cache, paths[i], config, errs)))
            goto fail;
        fd->owner = i;
        for (int j = 0; j < i; j++)
            if (f->faces[j].ff == fd->ff) {
                fd->owner = j;
                break;
            }
    }
    return f;
fail:
    pdf_fonts_free(f);
    return NULL;
}

void pdf_fonts_free(pdf_fonts *f)
{
    if (!f)
        return;
    if (f->shaped)
        shape_cache_clear(f->shaped);
    free(f->shaped);
    if (f->scratch)
        buf_free(f->scratch);
    free(f->scratch);
    for (int i = 0; i < FACE_COUNT; i++) {
        free(f->faces[i].drawn);
        free(f->faces[i].lig);
    }
    if (f->own_cache)
        pdf_font_cache_free(f->cache);
    free(f);
}

const char *pdf_font_select(pdf_fonts *f, pdf_face face, HPDF_Page page)
{
    face_data *fd = &f->faces[f->faces[face].owner];
    if (fd->broken)
        return NULL;
    if (!fd->type0) {
        fd->type0 = HPDF_Dict_New(f->doc->mmgr);
        /* HPDF_Xref_Add frees the dictionary when it fails */
        if (!fd->type0 || HPDF_Xref_Add(f->doc->xref, fd->type0) != HPDF_OK ||
            HPDF_Dict_AddName(fd->type0, "Type", "Font") != HPDF_OK) {
            fd->type0 = NULL;
            fd->broken = true;
            return NULL;
        }
    }
    /* the page's /Font resources, made on first use, kept in the page's
     * attributes where libharu's own images and fonts find them */
    return HPDF_Page_GetLocalFontName(page, fd->type0);
}

/* Whether ToUnicode should map a glyph drawn for old (0: none yet) to cp
 * instead: the lowest of the characters a glyph was drawn for ('-' rather
 * than a soft hyphen, a space rather than a no-break space), a control
 * character only when there is nothing else; the same in any drawing order. */
static bool names_better(uint32_t cp, uint32_t old)
{
    bool ctl = cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
    bool old_ctl = old < 0x20 || (old >= 0x7f && old < 0xa0);
    return old == 0 || (ctl != old_ctl ? old_ctl : cp < old);
}

/* True when text has characters whose glyphs depend on their neighbours or
 * that are written right to left: Hebrew, Arabic, Syriac, Thaana, NKo and
 * the other scripts from U+0590 to U+08FF, the Indic scripts, and the
 * Hebrew and Arabic presentation forms. HarfBuzz shapes such text with the
 * script and direction it finds; other text is set as Latin. */
static bool complex_text(const char *text, size_t len)
{
    for (size_t i = 0, n; i < len; i += n) {
        if ((unsigned char)text[i] < 0xc2) {
            n = 1;
            continue;
        }
        uint32_t cp = utf8_next(text + i, len - i, &n);
        if ((cp >= 0x590 && cp <= 0xdff) || (cp >= 0xfb1d && cp <= 0xfdff) ||
            (cp >= 0xfe70 && cp <= 0xfefc))
            return true;
    }
    return false;
}

/* Shapes text in one face with kerning on and ligatures off (so Latin glyphs
 * map one to one onto characters, as show_nominal draws them); complex text
 * (complex_text) in its own script and direction, and any text right to
 * left when rtl is true (mirroring brackets), glyphs in visual order, each
 * mark its own cluster. */
static hb_buffer_t *shape(const font_file *ff, const char *text, size_t len, bool rtl)
{
    static const hb_feature_t features[] = {{HB_TAG('k', 'e', 'r', 'n'), 1, 0, (unsigned)-1},
                                            {HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1},
                                            {HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
                                            {HB_TAG('c', 'a', 'l', 't'), 0, 0, (unsigned)-1},
                                            {HB_TAG('d', 'l', 'i', 'g'), 0, 0, (unsigned)-1}};
    hb_buffer_t *b = hb_buffer_create();
    hb_buffer_add_utf8(b, text, (int)len, 0, (int)len);
    if (rtl || complex_text(text, len)) {
        hb_buffer_set_cluster_level(b, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
        if (rtl)
            hb_buffer_set_direction(b, HB_DIRECTION_RTL);
        hb_buffer_guess_segment_properties(b);
    } else {
        hb_buffer_set_direction(b, HB_DIRECTION_LTR);
        hb_buffer_set_script(b, HB_SCRIPT_LATIN);
        hb_buffer_set_language(b, hb_language_from_string("en", -1));
    }
    hb_shape(ff->font, b, features, sizeof features / sizeof *features);
    return b;
}

int font_glyph_width(const font_file *ff, hb_codepoint_t g)
{
    return (int)lround(hb_font_get_glyph_h_advance(ff->font, g) * 1000.0 / ff->upem);
}

/* The glyph of ff for cp (false: it has none), from the table of the first 256 characters when
 * it holds cp. */
static bool nominal_glyph(const font_file *ff, uint32_t cp, hb_codepoint_t *g)
{
    if (cp >= 256)
        return hb_font_get_nominal_glyph(ff->font, cp, g);
    *g = ff->latin_gid[cp];
    return ff->latin_has[cp >> 3] >> (cp & 7) & 1;
}

/* Records that glyph g of the face was drawn for the cp_count characters
 * cps: one character in drawn (names_better), a ligature's several in lig. */
static void record_glyph(face_data *emb, hb_codepoint_t g, const uint32_t *cps, size_t cp_count)
{
    if (!emb->drawn)
        emb->drawn = xcalloc(emb->ff->nglyphs, sizeof *emb->drawn);
    if (cp_count > 1) {
        if (!emb->lig)
            emb->lig = xcalloc((size_t)emb->ff->nglyphs * LIG_MAX, sizeof *emb->lig);
        for (size_t k = 0; k < LIG_MAX; k++)
            emb->lig[(size_t)g * LIG_MAX + k] = k < cp_count ? cps[k] : 0;
        emb->drawn[g] = cps[0];
    } else if (names_better(cps[0], emb->drawn[g])) {
        emb->drawn[g] = cps[0];
    }
}

/* True for a glyph id the font may show: never .notdef, nor one past the
 * face or the 2-byte codes. */
static bool showable(const face_data *emb, hb_codepoint_t g)
{
    return g != 0 && g < emb->ff->nglyphs && g <= 0xffff;
}

/* The simple case: each character's nominal glyph, as "<...> Tj". */
static size_t show_nominal(face_data *emb, const char *text, size_t len, buf *out)
{
    size_t count = 0;
    buf_putc(out, '<');
    for (size_t i = 0, n; i < len; i += n) {
        uint32_t cp = utf8_next(text + i, len - i, &n);
        hb_codepoint_t g;
        if (cp == 0 || cp == 0xfeff || cp == 0xfffe || !nominal_glyph(emb->ff, cp, &g) ||
            !showable(emb, g))
            continue; /* a character ToUnicode may not name is not drawn */
        record_glyph(emb, g, &cp, 1);
        unsigned char code[2] = {(unsigned char)(g >> 8), (unsigned char)(g & 255)};
        buf_put_hex(out, code, sizeof code);
        count++;
    }
    buf_puts(out, "> Tj");
    return count;
}

/* Complex text: the glyphs HarfBuzz shaped, in visual order, each recorded
 * for the characters of its cluster, with TJ adjustments where the shaped
 * advance differs from the glyph's width (/W), as "[...] TJ". */
static size_t show_shaped(face_data *emb, const char *text, size_t len, bool rtl, buf *out)
{
    const font_file *ff = emb->ff;
    hb_buffer_t *b = shape(ff, text, len, rtl);
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
    size_t count = 0;
    bool open = false, rtl_buffer = hb_buffer_get_direction(b) == HB_DIRECTION_RTL;
    buf_putc(out, '[');
    for (unsigned i = 0; i < n; i++) {
        hb_codepoint_t g = info[i].codepoint;
        if (!showable(emb, g))
            continue;
        /* the cluster's characters: from its start to the next cluster's */
        size_t start = info[i].cluster, end = len;
        for (unsigned j = 0; j < n; j++)
            if (info[j].cluster > start && info[j].cluster < end)
                end = info[j].cluster;
        uint32_t cps[LIG_MAX];
        size_t ncp = 0;
        for (size_t k = start, m; k < end && ncp < LIG_MAX; k += m)
            cps[ncp++] = utf8_next(text + k, end - k, &m);
        if (ncp == 0 || cps[0] == 0 || cps[0] == 0xfeff || cps[0] == 0xfffe)
            continue;
        if (rtl_buffer) /* a right-to-left ligature's characters in visual order too, as text
                           extraction reverses the whole run (lam-alef reads lam, alef) */
            for (size_t a = 0, z = ncp - 1; a < z; a++, z--) {
                uint32_t t = cps[a];
                cps[a] = cps[z];
                cps[z] = t;
            }
        record_glyph(emb, g, cps, ncp);
        if (!open)
            buf_putc(out, '<');
        open = true;
        unsigned char code[2] = {(unsigned char)(g >> 8), (unsigned char)(g & 255)};
        buf_put_hex(out, code, sizeof code);
        count++;
        int adjust = font_glyph_width(ff, g) - (int)lround(pos[i].x_advance * 1000.0 / ff->upem);
        if (adjust) {
            buf_printf(out, "> %d ", adjust);
            open = false;
        }
    }
    buf_puts(out, open ? ">] TJ" : "] TJ");
    hb_buffer_destroy(b);
    return count;
}

size_t pdf_font_show(pdf_fonts *f, pdf_face face, const char *text, size_t len, bool rtl, buf *out)
{
    face_data *emb = &f->faces[f->faces[face].owner];
    return rtl || complex_text(text, len) ? show_shaped(emb, text, len, rtl, out)
                                          : show_nominal(emb, text, len, out);
}

bool pdf_has_glyph(const pdf_fonts *f, pdf_face face, uint32_t cp)
{
    hb_codepoint_t g;
    return f->faces[face].ff && nominal_glyph(f->faces[face].ff, cp, &g);
}

pdf_face pdf_face_for(const pdf_fonts *f, pdf_face face, uint32_t cp)
{
    if (pdf_has_glyph(f, face, cp))
        return face;
    for (int k = FACE_FALLBACK; k <= FACE_FALLBACK_LAST; k++)
        if (pdf_has_glyph(f, (pdf_face)k, cp))
            return (pdf_face)k;
    return FACE_COUNT;
}

/* Length of the leading stretch of text drawn in one face (pdf_face_for),
 * which *use is set to (face itself for characters no face has). */
static size_t coverage_run(const pdf_fonts *f, pdf_face face, const char *text, size_t len,
                           pdf_face *use)
{
    size_t i = 0, n;
    *use = pdf_face_for(f, face, utf8_next(text, len, &n));
    for (i = n; i < len; i += n)
        if (pdf_face_for(f, face, utf8_next(text + i, len - i, &n)) != *use)
            break;
    if (*use == FACE_COUNT)
        *use = face;
    return i;
}

/* The advance in em of text shaped in ff. */
static double shaped_width(const font_file *ff, const char *text, size_t len)
{
    hb_buffer_t *b = shape(ff, text, len, false);
    unsigned n;
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
    double w = 0;
    for (unsigned i = 0; i < n; i++)
        w += pos[i].x_advance;
    hb_buffer_destroy(b);
    return w / ff->upem;
}

/* A piece of a kerned run, as SHAPE_KERN keeps it. */
typedef struct kern_piece {
    uint32_t start, len; /* its bytes of the run */
    double x;            /* where it starts, in font units from the run's start */
} kern_piece;

/* The pieces of a (not complex) run that drawing each with the plain advances
 * reproduces its kerned setting: a SHAPE_KERN result (the pen's end, then the
 * pieces) into out. */
static void kern_pieces(const font_file *ff, const char *text, size_t len, buf *out)
{
    hb_buffer_t *b = shape(ff, text, len, false);
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
    double pen = 0, seg_x = 0;
    size_t seg_start = 0;
    buf_put(out, &pen, sizeof pen); /* its place; the end is written last */
    for (unsigned i = 0; i < n; i++) {
        double plain = hb_font_get_glyph_h_advance(ff->font, info[i].codepoint);
        pen += pos[i].x_advance;
        bool kerned = pos[i].x_advance != plain || pos[i].x_offset != 0;
        if (kerned && i + 1 < n) {
            size_t end = info[i + 1].cluster;
            kern_piece k = {(uint32_t)seg_start, (uint32_t)(end - seg_start), seg_x};
            buf_put(out, &k, sizeof k);
            seg_start = end;
            seg_x = pen;
        }
    }
    if (seg_start < len) {
        kern_piece k = {(uint32_t)seg_start, (uint32_t)(len - seg_start), seg_x};
        buf_put(out, &k, sizeof k);
    }
    memcpy(out->data, &pen, sizeof pen);
    hb_buffer_destroy(b);
}

/* Shapes text in ff for a result of kind into out (replacing what it held). */
static void shape_result(const font_file *ff, shape_kind kind, const char *text, size_t n, buf *out)
{
    buf_reset(out);
    if (kind == SHAPE_KERN) {
        kern_pieces(ff, text, n, out);
    } else {
        double w = shaped_width(ff, text, n);
        buf_put(out, &w, sizeof w);
    }
}

/* kind's result for text (n bytes) in ff, *rlen set to its bytes: from the document's cache,
 * else the batch's, else shaped now and kept in both. Valid until the next call on f. */
static const unsigned char *shaped(const pdf_fonts *f, const font_file *ff, shape_kind kind,
                                   const char *text, size_t n, size_t *rlen)
{
    buf *r = f->scratch;
    if (n > SHAPE_CACHE_MAX_TEXT) {
        shape_result(ff, kind, text, n, r);
        *rlen = r->len;
        return (const unsigned char *)r->data;
    }
    uint64_t h = shape_cache_hash(ff->id, kind, text, n);
    const unsigned char *c = shape_cache_find(f->shaped, h, ff->id, kind, text, n, rlen);
    if (c)
        return c;
    if (f->own_cache || !font_cache_shaped(f->cache, h, ff->id, kind, text, n, r)) {
        shape_result(ff, kind, text, n, r);
        if (!f->own_cache)
            font_cache_keep(f->cache, h, ff->id, kind, text, n, r->data, r->len);
    }
    shape_cache_add(f->shaped, h, ff->id, kind, text, n, r->data, r->len);
    *rlen = r->len;
    return (const unsigned char *)r->data;
}

/* The width in em of text (n bytes) in ff. */
static double word_width(const pdf_fonts *f, const font_file *ff, const char *text, size_t n)
{
    size_t rlen;
    double w;
    memcpy(&w, shaped(f, ff, SHAPE_WIDTH, text, n, &rlen), sizeof w);
    return w;
}

double pdf_text_width(const pdf_fonts *f, pdf_face face, double size, const char *text, size_t len)
{
    double w = 0;
    size_t i = 0;
    while (i < len) {
        pdf_face use;
        size_t n = coverage_run(f, face, text + i, len - i, &use);
        w += word_width(f, f->faces[use].ff, text + i, n);
        i += n;
    }
    return w * size;
}

double pdf_kern_segments(const pdf_fonts *f, pdf_face face, double size, const char *text,
                         size_t len, pdf_segment_fn fn, void *ctx)
{
    const font_file *ff = f->faces[face].ff;
    if (complex_text(text, len)) {
        /* shaped text is drawn whole, its advances adjusted by pdf_font_show */
        fn(ctx, text, len, 0);
        return word_width(f, ff, text, len) * size;
    }
    size_t rlen;
    const unsigned char *r = shaped(f, ff, SHAPE_KERN, text, len, &rlen);
    double pen;
    memcpy(&pen, r, sizeof pen);
    for (size_t off = sizeof pen; off + sizeof(kern_piece) <= rlen; off += sizeof(kern_piece)) {
        kern_piece k;
        memcpy(&k, r + off, sizeof k);
        fn(ctx, text + k.start, k.len, k.x * size / ff->upem);
    }
    return pen * size / ff->upem;
}

double pdf_ascent(const pdf_fonts *f, pdf_face face, double size)
{
    return f->faces[face].ff->ascent * size;
}

double pdf_descent(const pdf_fonts *f, pdf_face face, double size)
{
    return f->faces[face].ff->descent * size;
}
