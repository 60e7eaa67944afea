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

static pthread_once_t hb_once = PTHREAD_ONCE_INIT;

/* HarfBuzz fills its language table lazily on first use; doing that once,
 * before documents are laid out on several threads, keeps it race-free. */
static void hb_warm_up(void)
{
    hb_language_from_string("en", -1);
}

/* The big-endian unsigned field of size bytes at off in table tag of face;
 * 0 when the face has no such table or it is shorter. */
static uint32_t table_field(hb_face_t *face, hb_tag_t tag, unsigned off, unsigned size)
{
    hb_blob_t *b = hb_face_reference_table(face, tag);
    unsigned len;
    const char *p = hb_blob_get_data(b, &len);
    uint32_t v = 0;
    if (p && off + size <= len)
        for (unsigned i = 0; i < size; i++)
            v = v << 8 | (unsigned char)p[off + i];
    hb_blob_destroy(b);
    return v;
}

/* True when face has a non-empty table tag. */
static bool has_table(hb_face_t *face, hb_tag_t tag)
{
    hb_blob_t *b = hb_face_reference_table(face, tag);
    bool has = hb_blob_get_length(b) > 0;
    hb_blob_destroy(b);
    return has;
}

/* Reads what the font descriptor needs from the head, post and OS/2 tables.
 * Returns false with an error when the licence forbids embedding. */
static bool read_tables(face_data *fd, err_list *errs)
{
    static const hb_tag_t head = HB_TAG('h', 'e', 'a', 'd'), post = HB_TAG('p', 'o', 's', 't'),
                          os2 = HB_TAG('O', 'S', '/', '2');
    for (int i = 0; i < 4; i++)
        fd->bbox[i] = (int16_t)table_field(fd->face, head, 36 + 2 * (unsigned)i, 2);
    fd->italic = (int32_t)table_field(fd->face, post, 4, 4) / 65536.0;
    fd->fixed = table_field(fd->face, post, 12, 4) != 0;
    hb_blob_t *t = hb_face_reference_table(fd->face, os2);
    bool has_os2 = hb_blob_get_length(t) >= 64;
    hb_blob_destroy(t);
    fd->weight = has_os2 ? table_field(fd->face, os2, 4, 2) : 400;
    fd->italic_style = has_os2 && (table_field(fd->face, os2, 62, 2) & 1);
    unsigned fs_type = has_os2 ? table_field(fd->face, os2, 8, 2) : 0;
    /* fsType: 2 = restricted licence, 0x200 = bitmap embedding only */
    if ((fs_type & 0x000f) == 0x0002 || (fs_type & 0x0200)) {
        err_add(errs, fd->path, 0, 0, "the font's licence (OS/2 fsType) forbids embedding it");
        return false;
    }
    fd->whole = fs_type & 0x0100;
    return true;
}

pdf_fonts *pdf_fonts_load(HPDF_Doc doc, const char *const paths[FACE_COUNT], const char *config,
                          err_list *errs)
{
    pthread_once(&hb_once, hb_warm_up);
    pdf_fonts *f = xcalloc(1, sizeof *f);
    for (int i = 0; i < FACE_COUNT; i++) {
        face_data *fd = &f->faces[i];
        const char *path = paths[i];
        if (!path && i > FACE_FALLBACK)
            continue; /* an empty place of the fallback chain */
        FILE *probe = path ? fopen(path, "rb") : NULL;
        if (!probe) {
            err_add(errs, config, 0, 0, "font file %s cannot be read", path ? path : "(none)");
            goto fail;
        }
        fclose(probe);
        fd->path = xstrdup(path);
        fd->blob = hb_blob_create_from_file(path);
        fd->face = hb_face_create(fd->blob, 0); /* a collection's first font */
        fd->upem = hb_face_get_upem(fd->face);
        fd->nglyphs = hb_face_get_glyph_count(fd->face);
        if (hb_blob_get_length(fd->blob) == 0 || fd->upem <= 0 || fd->nglyphs == 0) {
            err_add(errs, path, 0, 0, "not a TrueType or OpenType font");
            goto fail;
        }
        fd->cff = !has_table(fd->face, HB_TAG('g', 'l', 'y', 'f')) &&
                  has_table(fd->face, HB_TAG('C', 'F', 'F', ' '));
        if (!fd->cff && !has_table(fd->face, HB_TAG('g', 'l', 'y', 'f'))) {
            err_add(errs, path, 0, 0,
                    "the font has neither TrueType (glyf) nor CFF outlines (a variable CFF2 "
                    "font cannot be embedded: use a static instance)");
            goto fail;
        }
        if (!read_tables(fd, errs))
            goto fail;
        fd->font = hb_font_create(fd->face);
        hb_font_set_scale(fd->font, (int)fd->upem, (int)fd->upem);
        hb_font_extents_t ext;
        hb_font_get_h_extents(fd->font, &ext);
        fd->ascent = ext.ascender / fd->upem;
        fd->descent = ext.descender / fd->upem;
        fd->owner = i;
        for (int j = 0; j < i; j++)
            if (f->faces[j].path && strcmp(f->faces[j].path, path) == 0) {
                fd->owner = j;
                break;
            }
    }
    f->doc = doc;
    f->widths = xcalloc(1, sizeof *f->widths);
    return f;
fail:
    pdf_fonts_free(f);
    return NULL;
}

void pdf_fonts_free(pdf_fonts *f)
{
    if (!f)
        return;
    if (f->widths) {
        free(f->widths->slots);
        buf_free(&f->widths->text);
        free(f->widths);
    }
    for (int i = 0; i < FACE_COUNT; i++) {
        free(f->faces[i].path);
        free(f->faces[i].drawn);
        free(f->faces[i].lig);
        hb_font_destroy(f->faces[i].font);
        hb_face_destroy(f->faces[i].face);
        hb_blob_destroy(f->faces[i].blob);
    }
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
static hb_buffer_t *shape(const face_data *fd, const char *text, size_t len, bool rtl)
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
    hb_shape(fd->font, b, features, sizeof features / sizeof *features);
    return b;
}

int font_glyph_width(const face_data *fd, hb_codepoint_t g)
{
    return (int)lround(hb_font_get_glyph_h_advance(fd->font, g) * 1000.0 / fd->upem);
}

/* Records that glyph g of the face was drawn for the cp_count characters
 * cps: one character in drawn (names_better), a ligature's several in lig. */
static void record_glyph(face_data *emb, hb_codepoint_t g, const uint32_t *cps, size_t cp_count)
{
    if (!emb->drawn)
        emb->drawn = xcalloc(emb->nglyphs, sizeof *emb->drawn);
    if (cp_count > 1) {
        if (!emb->lig)
            emb->lig = xcalloc((size_t)emb->nglyphs * LIG_MAX, sizeof *emb->lig);
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
    return g != 0 && g < emb->nglyphs && g <= 0xffff;
}

/* The simple case: each character's nominal glyph, as "<...> Tj". */
static size_t show_nominal(face_data *emb, const face_data *fd, const char *text, size_t len,
                           buf *out)
{
    size_t count = 0;
    buf_putc(out, '<');
    for (size_t i = 0, n; i < len; i += n) {
        uint32_t cp = utf8_next(text + i, len - i, &n);
        hb_codepoint_t g;
        if (cp == 0 || cp == 0xfeff || cp == 0xfffe ||
            !hb_font_get_nominal_glyph(fd->font, cp, &g) || !showable(emb, g))
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
static size_t show_shaped(face_data *emb, const face_data *fd, const char *text, size_t len,
                          bool rtl, buf *out)
{
    hb_buffer_t *b = shape(fd, text, len, rtl);
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
        int adjust = font_glyph_width(emb, g) - (int)lround(pos[i].x_advance * 1000.0 / fd->upem);
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
    const face_data *fd = &f->faces[face];
    face_data *emb = &f->faces[fd->owner];
    return rtl || complex_text(text, len) ? show_shaped(emb, fd, text, len, rtl, out)
                                          : show_nominal(emb, fd, text, len, out);
}

bool pdf_has_glyph(const pdf_fonts *f, pdf_face face, uint32_t cp)
{
    hb_codepoint_t g;
    return f->faces[face].font && hb_font_get_nominal_glyph(f->faces[face].font, cp, &g);
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

static double shaped_width(const face_data *fd, const char *text, size_t len)
{
    hb_buffer_t *b = shape(fd, text, len, false);
    unsigned n;
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
    double w = 0;
    for (unsigned i = 0; i < n; i++)
        w += pos[i].x_advance;
    hb_buffer_destroy(b);
    return w / fd->upem;
}

#define WIDTH_CACHE_MAX_TEXT 48          /* longer texts (whole lines) are measured each time */
#define WIDTH_CACHE_MAX_SLOTS (1u << 20) /* then the cache stops growing */

/* Doubles c's slots (from 4096), the entries rehashed. */
static void width_cache_grow(width_cache *c)
{
    size_t cap = c->cap ? c->cap * 2 : 4096;
    width_entry *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i].hash) {
            size_t k = c->slots[i].hash & (cap - 1);
            while (slots[k].hash)
                k = (k + 1) & (cap - 1);
            slots[k] = c->slots[i];
        }
    free(c->slots);
    c->slots = slots;
    c->cap = cap;
}

/* The width in em of text (n bytes) in face use: from the cache, else shaped and kept. */
static double word_width(const pdf_fonts *f, pdf_face use, const char *text, size_t n)
{
    width_cache *c = f->widths;
    if (n > WIDTH_CACHE_MAX_TEXT)
        return shaped_width(&f->faces[use], text, n);
    uint64_t h = strmap_hash(text, n) * 31 + (uint64_t)use + 1;
    h = h ? h : 1;
    if (c->used * 10 >= c->cap * 7 && c->cap < WIDTH_CACHE_MAX_SLOTS)
        width_cache_grow(c);
    size_t k = h & (c->cap - 1);
    for (; c->slots[k].hash; k = (k + 1) & (c->cap - 1)) {
        const width_entry *e = &c->slots[k];
        if (e->hash == h && e->face == (int)use && e->len == n &&
            memcmp(c->text.data + e->off, text, n) == 0)
            return e->width;
    }
    double w = shaped_width(&f->faces[use], text, n);
    if (c->used * 10 < c->cap * 9) { /* a full cache measures without keeping */
        c->slots[k] = (width_entry){h, (uint32_t)c->text.len, (uint32_t)n, (int)use, w};
        buf_put(&c->text, text, n);
        c->used++;
    }
    return w;
}

double pdf_text_width(const pdf_fonts *f, pdf_face face, double size, const char *text, size_t len)
{
    double w = 0;
    size_t i = 0;
    while (i < len) {
        pdf_face use;
        size_t n = coverage_run(f, face, text + i, len - i, &use);
        w += word_width(f, use, text + i, n);
        i += n;
    }
    return w * size;
}

double pdf_kern_segments(const pdf_fonts *f, pdf_face face, double size, const char *text,
                         size_t len, pdf_segment_fn fn, void *ctx)
{
    const face_data *fd = &f->faces[face];
    if (complex_text(text, len)) {
        /* shaped text is drawn whole, its advances adjusted by pdf_font_show */
        fn(ctx, text, len, 0);
        return shaped_width(fd, text, len) * size;
    }
    hb_buffer_t *b = shape(fd, text, len, false);
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
    double pen = 0, seg_x = 0;
    size_t seg_start = 0;
    for (unsigned i = 0; i < n; i++) {
        double plain = hb_font_get_glyph_h_advance(fd->font, info[i].codepoint);
        pen += pos[i].x_advance;
        bool kerned = pos[i].x_advance != plain || pos[i].x_offset != 0;
        if (kerned && i + 1 < n) {
            size_t end = info[i + 1].cluster;
            fn(ctx, text + seg_start, end - seg_start, seg_x * size / fd->upem);
            seg_start = end;
            seg_x = pen;
        }
    }
    if (seg_start < len)
        fn(ctx, text + seg_start, len - seg_start, seg_x * size / fd->upem);
    hb_buffer_destroy(b);
    return pen * size / fd->upem;
}

double pdf_ascent(const pdf_fonts *f, pdf_face face, double size)
{
    return f->faces[face].ascent * size;
}

double pdf_descent(const pdf_fonts *f, pdf_face face, double size)
{
    return f->faces[face].descent * size;
}
