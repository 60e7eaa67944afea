/* font_embed.c - the PDF objects of the faces a document drew: subset font programs
 * (hb-subset), CID fonts, widths, descriptors and ToUnicode maps (pdf_fonts_finish). */
#include "pdf/font.h"
#include "pdf/font_internal.h"
#include "util/xalloc.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A length in font units in 1000ths of an em. */
static int thousandths(const face_data *fd, double units)
{
    return (int)lround(units * 1000.0 / fd->ff->upem);
}

/* The face's PostScript name, cut to the characters a PDF name and a font
 * name allow ("Font" when it has none). */
static void ps_name(const face_data *fd, char *out, size_t size)
{
    char raw[64];
    unsigned len = sizeof raw;
    if (!hb_ot_name_get_utf8(fd->ff->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
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
    sub = hb_subset_or_fail(fd->ff->face, in);
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
        int wi = font_glyph_width(fd->ff, gids[i]);
        while (same < n && gids[same] == gids[same - 1] + 1 &&
               font_glyph_width(fd->ff, gids[same]) == wi)
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
    if (!hb_ot_metrics_get_position(fd->ff->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) || cap <= 0)
        cap = (hb_position_t)lround(fd->ff->ascent * fd->ff->upem * 0.7);
    /* Symbolic (4): the glyphs are named by id, not by a Latin encoding */
    int flags =
        4 | (fd->ff->fixed ? 1 : 0) | (fd->ff->italic != 0 || fd->ff->italic_style ? 64 : 0);
    /* TrueType records no stem width: estimated from the weight class */
    int stemv = (int)lround(50 + (fd->ff->weight / 65.0) * (fd->ff->weight / 65.0));
    int bad = 0;
    for (int i = 0; i < 4; i++)
        bad |= HPDF_Array_AddNumber(bbox, thousandths(fd, fd->ff->bbox[i])) != HPDF_OK;
    bad |= HPDF_Dict_AddName(fdesc, "Type", "FontDescriptor") != HPDF_OK;
    bad |= HPDF_Dict_AddName(fdesc, "FontName", name) != HPDF_OK;
    bad |= HPDF_Dict_AddNumber(fdesc, "Flags", flags) != HPDF_OK;
    bad |= HPDF_Dict_Add(fdesc, "FontBBox", bbox) != HPDF_OK;
    if (fd->ff->italic == floor(fd->ff->italic))
        bad |= HPDF_Dict_AddNumber(fdesc, "ItalicAngle", (HPDF_INT32)fd->ff->italic) != HPDF_OK;
    else
        bad |= HPDF_Dict_AddReal(fdesc, "ItalicAngle", (HPDF_REAL)fd->ff->italic) != HPDF_OK;
    bad |=
        HPDF_Dict_AddNumber(fdesc, "Ascent", (HPDF_INT32)lround(fd->ff->ascent * 1000)) != HPDF_OK;
    bad |= HPDF_Dict_AddNumber(fdesc, "Descent", (HPDF_INT32)lround(fd->ff->descent * 1000)) !=
           HPDF_OK;
    bad |= HPDF_Dict_AddNumber(fdesc, "CapHeight", thousandths(fd, cap)) != HPDF_OK;
    bad |= HPDF_Dict_AddNumber(fdesc, "StemV", stemv) != HPDF_OK;
    if (fd->ff->cff) { /* the OpenType program itself (PDF 1.6's FontFile3, allowed by PDF/A-2) */
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
    unsigned *gids = xmalloc((fd->ff->nglyphs + 1) * sizeof *gids);
    size_t n = 0;
    hb_blob_t *prog = NULL;
    buf cmap = BUF_INIT;
    for (unsigned g = 1; fd->drawn && g < fd->ff->nglyphs; g++)
        if (fd->drawn[g])
            gids[n++] = g;
    char ps[64], tag[7], name[72];
    ps_name(fd, ps, sizeof ps);
    subset_tag(ps, gids, n, tag);
    if (fd->ff->whole)
        snprintf(name, sizeof name, "%s", ps);
    else
        snprintf(name, sizeof name, "%s+%s", tag, ps);
    prog = fd->ff->whole ? hb_blob_reference(fd->ff->blob) : subset_program(fd, gids, n);
    if (!prog) {
        err_add(errs, fd->ff->path, 0, 0, "HarfBuzz could not subset the font for embedding");
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
        bad |= HPDF_Dict_AddName(cid, "Subtype", fd->ff->cff ? "CIDFontType0" : "CIDFontType2") !=
               HPDF_OK;
        bad |= HPDF_Dict_AddName(cid, "BaseFont", name) != HPDF_OK;
        bad |= HPDF_Dict_Add(cid, "CIDSystemInfo", info) != HPDF_OK;
        bad |= HPDF_Dict_Add(cid, "FontDescriptor", fdesc) != HPDF_OK;
        bad |= HPDF_Dict_AddNumber(cid, "DW", font_glyph_width(fd->ff, 0)) != HPDF_OK;
        bad |= HPDF_Dict_Add(cid, "W", w) != HPDF_OK;
        if (!fd->ff->cff) /* a CFF program's CIDs are its glyph ids */
            bad |= HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity") != HPDF_OK;
        bad |= HPDF_Array_Add(kids, cid) != HPDF_OK;
        bad |= HPDF_Dict_AddName(fd->type0, "Subtype", "Type0") != HPDF_OK;
        bad |= HPDF_Dict_AddName(fd->type0, "BaseFont", name) != HPDF_OK;
        bad |= HPDF_Dict_AddName(fd->type0, "Encoding", "Identity-H") != HPDF_OK;
        bad |= HPDF_Dict_Add(fd->type0, "DescendantFonts", kids) != HPDF_OK;
        bad |= HPDF_Dict_Add(fd->type0, "ToUnicode", umap) != HPDF_OK;
    }
    if (bad) {
        err_add(errs, fd->ff->path, 0, 0, "libharu could not make the font's PDF objects");
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
            err_add(errs, fd->ff->path, 0, 0, "libharu could not make the font's PDF objects");
            rc = -1;
        } else if (fd->type0 && embed(f->doc, fd, errs) != 0)
            rc = -1;
    }
    return rc;
}
