/* font.c - TrueType faces: HarfBuzz measurement, and their embedding as subset CID fonts.
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

/* The most characters one glyph stands for in ToUnicode (a ligature). */
#define LIG_MAX 4

typedef struct face_data {
    char *path;      /* the TrueType file */
    hb_blob_t *blob; /* the file */
    hb_face_t *face;
    hb_font_t *font;        /* scaled to units per em */
    double upem;            /* units per em */
    double ascent, descent; /* in em */
    int owner;              /* the face embedding this file: this one, or an earlier face of the
                               same file, whose glyph record and objects are used */
    unsigned nglyphs;       /* glyphs in the face */
    uint32_t *drawn;        /* drawn[g]: the character glyph g stands for (names_better), 0 for
                               a glyph not drawn (nglyphs long, allocated on first use; owner's
                               only) */
    uint32_t *lig;          /* lig[g * LIG_MAX ..]: the characters ligature glyph g was drawn
                               for, 0-padded; NULL until a ligature is drawn (owner's only) */
    HPDF_Dict type0;        /* the Type0 font, NULL until selected on a page (owner's only) */
    bool broken;            /* libharu could not make type0 */
    int bbox[4];            /* head: xMin, yMin, xMax, yMax in font units */
    double italic;          /* post: italic angle in degrees */
    bool fixed;             /* post: monospaced */
    bool italic_style;      /* OS/2: the italic bit of fsSelection */
    unsigned weight;        /* OS/2: usWeightClass (400 without OS/2) */
    bool whole;             /* OS/2: fsType forbids subsetting, so the whole file is embedded */
    bool cff;               /* CFF outlines (OpenType .otf): a CIDFontType0 with the OpenType
                               program as FontFile3; else TrueType (glyf): CIDFontType2 */
} face_data;

struct pdf_fonts {
    face_data faces[FACE_COUNT];
    HPDF_Doc doc; /* the document the fonts' objects belong to */
};

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
    return f;
fail:
    pdf_fonts_free(f);
    return NULL;
}

void pdf_fonts_free(pdf_fonts *f)
{
    if (!f)
        return;
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

/* A glyph's advance in 1000ths of an em, as /W gives it. */
static int glyph_width(const face_data *fd, hb_codepoint_t g)
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
        int adjust = glyph_width(emb, g) - (int)lround(pos[i].x_advance * 1000.0 / fd->upem);
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

/* ---- embedding (pdf_fonts_finish) ---- */

/* A length in font units in 1000ths of an em. */
static int thousandths(const face_data *fd, double units)
{
    return (int)lround(units * 1000.0 / fd->upem);
}

/* The face's PostScript name, cut to the characters a PDF name and a font
 * name allow ("Font" when it has none). */
static void ps_name(const face_data *fd, char *out, size_t size)
{
    char raw[64];
    unsigned len = sizeof raw;
    if (!hb_ot_name_get_utf8(fd->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
                             raw))
        raw[0] = 0;
    size_t k = 0;
    for (const char *p = raw; *p && k + 1 < size; p++)
        if (*p > 0x20 && *p < 0x7f && !strchr("[](){}<>/%#", *p))
            out[k++] = *p;
    if (k == 0)
        k = (size_t)snprintf(out, size, "Font");
    out[k] = 0;
}

/* The subset font program: glyph 0 and the n glyphs gids (ids kept), their
 * characters in the cmap, no hinting, none of the tables only layout or
 * other formats use. Returns the program (hb_blob_destroy it) or NULL. */
static hb_blob_t *subset_program(const face_data *fd, const unsigned *gids, size_t n)
{
    static const hb_tag_t drop[] = {
        HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
        HB_TAG('k', 'e', 'r', 'n'), HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'),
        HB_TAG('M', 'A', 'T', 'H'), HB_TAG('m', 'o', 'r', 'x'), HB_TAG('k', 'e', 'r', 'x'),
        HB_TAG('D', 'S', 'I', 'G'), HB_TAG('h', 'd', 'm', 'x'), HB_TAG('V', 'D', 'M', 'X'),
        HB_TAG('L', 'T', 'S', 'H'), HB_TAG('g', 'a', 's', 'p'), HB_TAG('P', 'C', 'L', 'T'),
        HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'),
        HB_TAG('C', 'O', 'L', 'R'), HB_TAG('C', 'P', 'A', 'L'), HB_TAG('S', 'V', 'G', ' '),
        HB_TAG('E', 'B', 'D', 'T'), HB_TAG('E', 'B', 'L', 'C'), HB_TAG('E', 'B', 'S', 'C'),
        HB_TAG('S', 'T', 'A', 'T'), HB_TAG('m', 'e', 't', 'a'), HB_TAG('F', 'F', 'T', 'M')};
    hb_blob_t *prog = NULL;
    hb_face_t *sub = NULL;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        goto out;
    hb_set_t *glyphs = hb_subset_input_glyph_set(in), *chars = hb_subset_input_unicode_set(in);
    hb_set_add(glyphs, 0);
    for (size_t i = 0; i < n; i++) {
        hb_set_add(glyphs, gids[i]);
        hb_set_add(chars, fd->drawn[gids[i]]);
    }
    hb_set_t *tables = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
        hb_set_add(tables, drop[i]);
    /* glyph ids kept, so CID = glyph id; without hinting the glyphs are
     * still plain TrueType outlines, which viewers render unhinted anyway */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NO_HINTING);
    sub = hb_subset_or_fail(fd->face, in);
    if (sub)
        prog = hb_face_reference_blob(sub);
    if (prog && hb_blob_get_length(prog) == 0) {
        hb_blob_destroy(prog);
        prog = NULL;
    }
out:
    hb_face_destroy(sub);
    hb_subset_input_destroy(in);
    return prog;
}

/* The 6-letter subset tag: a hash of the face's name and the glyph set. */
static void subset_tag(const char *name, const unsigned *gids, size_t n, char tag[7])
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (gids[i] >> 8)) * 1099511628211u;
        h = (h ^ (gids[i] & 255)) * 1099511628211u;
    }
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = 0;
}

/* Appends cp as the hex digits of its UTF-16BE form. */
static void put_utf16(buf *b, uint32_t cp)
{
    if (cp < 0x10000)
        buf_printf(b, "%04X", (unsigned)cp);
    else
        buf_printf(b, "%04X%04X", (unsigned)(0xd800 + ((cp - 0x10000) >> 10)),
                   (unsigned)(0xdc00 + ((cp - 0x10000) & 0x3ff)));
}

/* One line of a ToUnicode map: glyphs first..last to the characters from cp. */
typedef struct cmap_run {
    unsigned first, last;
    uint32_t cp;
    const uint32_t *seq; /* a ligature's LIG_MAX characters (0-padded), or NULL */
} cmap_run;

/* Appends the lines of one kind (bfchar: runs of one glyph; bfrange: the
 * rest) in blocks of at most 100, as a CMap allows. */
static void cmap_block(buf *out, const cmap_run *runs, size_t n, bool ranges)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += (runs[i].first != runs[i].last) == ranges;
    for (size_t i = 0, done = 0; i < n; i++) {
        if ((runs[i].first != runs[i].last) != ranges)
            continue;
        if (done % 100 == 0)
            buf_printf(out, "%zu begin%s\n", count - done < 100 ? count - done : 100,
                       ranges ? "bfrange" : "bfchar");
        if (ranges)
            buf_printf(out, "<%04X> <%04X> ", runs[i].first, runs[i].last);
        else
            buf_printf(out, "<%04X> ", runs[i].first);
        buf_putc(out, '<');
        for (size_t k = 0; k < (runs[i].seq ? LIG_MAX : 1); k++)
            if (!runs[i].seq || runs[i].seq[k])
                put_utf16(out, runs[i].seq ? runs[i].seq[k] : runs[i].cp);
        buf_puts(out, ">\n");
        if (++done % 100 == 0 || done == count)
            buf_printf(out, "end%s\n", ranges ? "bfrange" : "bfchar");
    }
}

/* The ToUnicode CMap of the n glyphs gids (ascending): each to the
 * character it was drawn for, consecutive glyphs of consecutive characters
 * as one range (within one last byte on both sides, as ranges must be). */
static void tounicode(const face_data *fd, const unsigned *gids, size_t n, buf *out)
{
    cmap_run *runs = xmalloc((n ? n : 1) * sizeof *runs);
    size_t nruns = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = fd->drawn[gids[i]];
        const uint32_t *seq = fd->lig ? &fd->lig[(size_t)gids[i] * LIG_MAX] : NULL;
        if (seq && !seq[1])
            seq = NULL;
        cmap_run *r = nruns ? &runs[nruns - 1] : NULL;
        if (r && !seq && !r->seq && gids[i] == r->last + 1 && gids[i] >> 8 == r->first >> 8 &&
            cp < 0x10000 && cp == r->cp + (gids[i] - r->first) && cp >> 8 == r->cp >> 8)
            r->last = gids[i];
        else
            runs[nruns++] = (cmap_run){gids[i], gids[i], cp, seq};
    }
    buf_puts(out, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                  "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                  "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    cmap_block(out, runs, nruns, false);
    cmap_block(out, runs, nruns, true);
    buf_puts(out, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    free(runs);
}

/* The /W array of the n glyphs gids (ascending): "c [w1 w2 ...]" for each
 * run of consecutive glyphs, "c1 c2 w" for a run of three or more of one width. */
static HPDF_Array widths(HPDF_Doc doc, const face_data *fd, const unsigned *gids, size_t n)
{
    HPDF_Array w = HPDF_Array_New(doc->mmgr), list = NULL;
    int bad = !w;
    for (size_t i = 0; i < n && !bad;) {
        size_t same = i + 1;
        int wi = glyph_width(fd, gids[i]);
        while (same < n && gids[same] == gids[same - 1] + 1 && glyph_width(fd, gids[same]) == wi)
            same++;
        if (same - i >= 3) {
            bad |= HPDF_Array_AddNumber(w, (HPDF_INT32)gids[i]) != HPDF_OK;
            bad |= HPDF_Array_AddNumber(w, (HPDF_INT32)gids[same - 1]) != HPDF_OK;
            bad |= HPDF_Array_AddNumber(w, wi) != HPDF_OK;
            list = NULL;
            i = same;
            continue;
        }
        if (!list || gids[i] != gids[i - 1] + 1) {
            list = HPDF_Array_New(doc->mmgr);
            bad |= HPDF_Array_AddNumber(w, (HPDF_INT32)gids[i]) != HPDF_OK;
            bad |= HPDF_Array_Add(w, list) != HPDF_OK;
        }
        bad |= !list || HPDF_Array_AddNumber(list, wi) != HPDF_OK;
        i++;
    }
    return bad ? NULL : w;
}

/* A new dictionary, an indirect object of doc; NULL when libharu fails. */
static HPDF_Dict new_object(HPDF_Doc doc)
{
    HPDF_Dict obj = HPDF_Dict_New(doc->mmgr);
    return obj && HPDF_Xref_Add(doc->xref, obj) == HPDF_OK ? obj : NULL;
}

/* A new Flate-compressed stream object holding n bytes; NULL when libharu fails. */
static HPDF_Dict new_stream(HPDF_Doc doc, const void *data, size_t n)
{
    HPDF_Dict obj = HPDF_DictStream_New(doc->mmgr, doc->xref);
    if (!obj || HPDF_Stream_Write(obj->stream, data, (HPDF_UINT)n) != HPDF_OK)
        return NULL;
    obj->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return obj;
}

/* The font descriptor of a face whose program (Length1 bytes) is prog. */
static HPDF_Dict descriptor(HPDF_Doc doc, face_data *fd, const char *name, HPDF_Dict prog,
                            unsigned length1)
{
    HPDF_Dict fdesc = new_object(doc);
    HPDF_Array bbox = HPDF_Array_New(doc->mmgr);
    if (!fdesc || !bbox || !prog)
        return NULL;
    hb_position_t cap;
    if (!hb_ot_metrics_get_position(fd->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) || cap <= 0)
        cap = (hb_position_t)lround(fd->ascent * fd->upem * 0.7);
    /* Symbolic (4): the glyphs are named by id, not by a Latin encoding */
    int flags = 4 | (fd->fixed ? 1 : 0) | (fd->italic != 0 || fd->italic_style ? 64 : 0);
    /* TrueType records no stem width: estimated from the weight class */
    int stemv = (int)lround(50 + (fd->weight / 65.0) * (fd->weight / 65.0));
    int bad = 0;
    for (int i = 0; i < 4; i++)
        bad |= HPDF_Array_AddNumber(bbox, thousandths(fd, fd->bbox[i])) != HPDF_OK;
    bad |= HPDF_Dict_AddName(fdesc, "Type", "FontDescriptor") != HPDF_OK;
    bad |= HPDF_Dict_AddName(fdesc, "FontName", name) != HPDF_OK;
    bad |= HPDF_Dict_AddNumber(fdesc, "Flags", flags) != HPDF_OK;
    bad |= HPDF_Dict_Add(fdesc, "FontBBox", bbox) != HPDF_OK;
    if (fd->italic == floor(fd->italic))
        bad |= HPDF_Dict_AddNumber(fdesc, "ItalicAngle", (HPDF_INT32)fd->italic) != HPDF_OK;
    else
        bad |= HPDF_Dict_AddReal(fdesc, "ItalicAngle", (HPDF_REAL)fd->italic) != HPDF_OK;
    bad |= HPDF_Dict_AddNumber(fdesc, "Ascent", (HPDF_INT32)lround(fd->ascent * 1000)) != HPDF_OK;
    bad |= HPDF_Dict_AddNumber(fdesc, "Descent", (HPDF_INT32)lround(fd->descent * 1000)) != HPDF_OK;
    bad |= HPDF_Dict_AddNumber(fdesc, "CapHeight", thousandths(fd, cap)) != HPDF_OK;
    bad |= HPDF_Dict_AddNumber(fdesc, "StemV", stemv) != HPDF_OK;
    if (fd->cff) { /* the OpenType program itself (PDF 1.6's FontFile3, allowed by PDF/A-2) */
        bad |= HPDF_Dict_AddName(prog, "Subtype", "OpenType") != HPDF_OK;
        bad |= HPDF_Dict_Add(fdesc, "FontFile3", prog) != HPDF_OK;
    } else {
        bad |= HPDF_Dict_AddNumber(prog, "Length1", (HPDF_INT32)length1) != HPDF_OK;
        bad |= HPDF_Dict_Add(fdesc, "FontFile2", prog) != HPDF_OK;
    }
    return bad ? NULL : fdesc;
}

/* Builds the objects of one face selected on some page. Returns 0, or -1
 * with an error. */
static int embed(HPDF_Doc doc, face_data *fd, err_list *errs)
{
    int rc = -1;
    unsigned *gids = xmalloc((fd->nglyphs + 1) * sizeof *gids);
    size_t n = 0;
    hb_blob_t *prog = NULL;
    buf cmap = BUF_INIT;
    for (unsigned g = 1; fd->drawn && g < fd->nglyphs; g++)
        if (fd->drawn[g])
            gids[n++] = g;
    char ps[64], tag[7], name[72];
    ps_name(fd, ps, sizeof ps);
    subset_tag(ps, gids, n, tag);
    if (fd->whole)
        snprintf(name, sizeof name, "%s", ps);
    else
        snprintf(name, sizeof name, "%s+%s", tag, ps);
    prog = fd->whole ? hb_blob_reference(fd->blob) : subset_program(fd, gids, n);
    if (!prog) {
        err_add(errs, fd->path, 0, 0, "HarfBuzz could not subset the font for embedding");
        goto out;
    }
    unsigned prog_len;
    const char *prog_data = hb_blob_get_data(prog, &prog_len);
    tounicode(fd, gids, n, &cmap);
    HPDF_Dict fdesc = descriptor(doc, fd, name, new_stream(doc, prog_data, prog_len), prog_len);
    HPDF_Dict cid = new_object(doc), umap = new_stream(doc, cmap.data, cmap.len);
    HPDF_Dict info = HPDF_Dict_New(doc->mmgr);
    HPDF_Array kids = HPDF_Array_New(doc->mmgr), w = widths(doc, fd, gids, n);
    int bad = !fdesc || !cid || !umap || !info || !kids || !w;
    if (!bad) {
        bad |=
            HPDF_Dict_Add(info, "Registry", HPDF_String_New(doc->mmgr, "Adobe", NULL)) != HPDF_OK;
        bad |= HPDF_Dict_Add(info, "Ordering", HPDF_String_New(doc->mmgr, "Identity", NULL)) !=
               HPDF_OK;
        bad |= HPDF_Dict_AddNumber(info, "Supplement", 0) != HPDF_OK;
        bad |= HPDF_Dict_AddName(cid, "Type", "Font") != HPDF_OK;
        bad |=
            HPDF_Dict_AddName(cid, "Subtype", fd->cff ? "CIDFontType0" : "CIDFontType2") != HPDF_OK;
        bad |= HPDF_Dict_AddName(cid, "BaseFont", name) != HPDF_OK;
        bad |= HPDF_Dict_Add(cid, "CIDSystemInfo", info) != HPDF_OK;
        bad |= HPDF_Dict_Add(cid, "FontDescriptor", fdesc) != HPDF_OK;
        bad |= HPDF_Dict_AddNumber(cid, "DW", glyph_width(fd, 0)) != HPDF_OK;
        bad |= HPDF_Dict_Add(cid, "W", w) != HPDF_OK;
        if (!fd->cff) /* a CFF program's CIDs are its glyph ids */
            bad |= HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity") != HPDF_OK;
        bad |= HPDF_Array_Add(kids, cid) != HPDF_OK;
        bad |= HPDF_Dict_AddName(fd->type0, "Subtype", "Type0") != HPDF_OK;
        bad |= HPDF_Dict_AddName(fd->type0, "BaseFont", name) != HPDF_OK;
        bad |= HPDF_Dict_AddName(fd->type0, "Encoding", "Identity-H") != HPDF_OK;
        bad |= HPDF_Dict_Add(fd->type0, "DescendantFonts", kids) != HPDF_OK;
        bad |= HPDF_Dict_Add(fd->type0, "ToUnicode", umap) != HPDF_OK;
    }
    if (bad) {
        err_add(errs, fd->path, 0, 0, "libharu could not make the font's PDF objects");
        goto out;
    }
    rc = 0;
out:
    hb_blob_destroy(prog);
    buf_free(&cmap);
    free(gids);
    return rc;
}

int pdf_fonts_finish(pdf_fonts *f, err_list *errs)
{
    int rc = 0;
    for (int i = 0; i < FACE_COUNT; i++) {
        face_data *fd = &f->faces[i];
        if (fd->owner != i)
            continue;
        if (fd->broken) {
            err_add(errs, fd->path, 0, 0, "libharu could not make the font's PDF objects");
            rc = -1;
        } else if (fd->type0 && embed(f->doc, fd, errs) != 0)
            rc = -1;
    }
    return rc;
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

double pdf_text_width(const pdf_fonts *f, pdf_face face, double size, const char *text, size_t len)
{
    double w = 0;
    size_t i = 0;
    while (i < len) {
        pdf_face use;
        size_t n = coverage_run(f, face, text + i, len - i, &use);
        w += shaped_width(&f->faces[use], text + i, n);
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
