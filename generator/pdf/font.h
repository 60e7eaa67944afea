/* font.h - the PDF engine's fonts: loading TrueType faces, measuring text, glyph coverage,
 * and embedding the faces a document draws as subset CID fonts.
 *
 * HarfBuzz (hb) reads the faces' tables to measure advances and to tell
 * whether a face has a glyph, so a character the chosen face lacks (an arrow
 * in a serif face) is set in the fallback face instead of showing a
 * missing-glyph box. The PDF objects of each face drawn (a Type0 font with
 * Identity-H codes = glyph ids, its CIDFontType2 with the widths of the
 * glyphs drawn, a FontDescriptor, the subset font program made by
 * hb-subset, a ToUnicode CMap) are imprint's own, built through libharu's
 * object API: pdf_font_select names a face on a page, pdf_font_show turns
 * text into the glyph codes to show and records the glyphs, and
 * pdf_fonts_finish builds the objects from what was recorded.
 *
 * Threads: a pdf_fonts belongs to one document and the thread typesetting
 * it; different documents load, measure and embed their fonts on different
 * threads at once. A pdf_font_cache is shared by the documents of a batch
 * (the reports of one run) on any thread: each font file is read and parsed
 * once, then read-only, and a text shaped in one document is not shaped
 * again in the next (its results kept behind the cache's lock, and copied
 * into the document's own cache, which needs none). */
#ifndef IMPRINT_PDF_FONT_H
#define IMPRINT_PDF_FONT_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/* The faces a document uses. */
typedef enum pdf_face {
    FACE_BODY,        /* running text */
    FACE_BOLD,        /* strong */
    FACE_ITALIC,      /* emphasis */
    FACE_BOLD_ITALIC, /* strong emphasis */
    FACE_SANS,        /* headers, footers, captions, tables */
    FACE_SANS_BOLD,   /* headings */
    FACE_MONO,        /* code */
    FACE_FALLBACK,    /* characters the face chosen lacks: the first face of the fallback chain */
    FACE_FALLBACK_LAST = FACE_FALLBACK + 3, /* the chain's last possible face (four in all,
                                               tried in order; pdf_face_for) */
    FACE_COUNT
} pdf_face;

typedef struct pdf_fonts pdf_fonts;
typedef struct pdf_font_cache pdf_font_cache;

/* A new, empty cache of font files and shaping results for documents to share
 * (pdf_fonts_load); free with pdf_font_cache_free after the last of them. */
pdf_font_cache *pdf_font_cache_new(void);
/* Frees the cache and its font files (NULL is allowed). */
void pdf_font_cache_free(pdf_font_cache *c);

/* Opens the faces from font files (paths[FACE_x]) for doc, the document
 * whose objects will embed them, through cache (the batch's, which must
 * outlive the set; NULL: a cache of the document's own): TrueType or OpenType with CFF outlines,
 * a collection's (.ttc) first font; paths[i] NULL after FACE_FALLBACK
 * leaves that place of the fallback chain empty. Errors name the file (or
 * the `config` file, the site.yaml that chose it, when the file cannot be
 * read): not a font, variable CFF2 outlines, a licence that forbids
 * embedding. Faces with the same file share one embedded font.
 * Returns the set (free with pdf_fonts_free after the document is saved;
 * NULL is allowed there) or NULL with errors. */
pdf_fonts *pdf_fonts_load(HPDF_Doc doc, pdf_font_cache *cache, const char *const paths[FACE_COUNT],
                          const char *config, err_list *errs);
/* Frees the set (not the PDF objects, which belong to the document). */
void pdf_fonts_free(pdf_fonts *f);

/* The name of face's font in page's resources ("F3", valid as long as the
 * document), adding the font to the page's /Resources /Font dictionary on
 * the face's first use on that page; only faces selected somewhere are
 * embedded. Returns NULL when libharu cannot make the objects (out of
 * memory; pdf_fonts_finish then fails). */
const char *pdf_font_select(pdf_fonts *f, pdf_face face, HPDF_Page page);
/* Appends to out the text-showing operator that draws len bytes of UTF-8
 * text in face from the current point, and returns the number of glyphs it
 * shows (0: nothing the face can draw, and out holds an empty show). Plain
 * text is "<glyph ids> Tj", each character's nominal glyph with no
 * shaping; complex text (Hebrew, Arabic and the other scripts HarfBuzz must
 * shape: contextual forms, required ligatures, right to left) is
 * "[<ids> adj <ids>] TJ", the shaped glyphs in visual order with the
 * adjustments that give HarfBuzz's advances; so is any text when rtl is
 * true (a right-to-left run: its glyphs from the right, brackets mirrored). A character the face
 * has no glyph for, and U+0000, U+FEFF and U+FFFE, are left out. Records the glyphs and the
 * characters they were drawn for (the lowest code point when a glyph serves several characters
 * separately, all of a ligature's) for the font's widths, subset and ToUnicode map. */
size_t pdf_font_show(pdf_fonts *f, pdf_face face, const char *text, size_t len, bool rtl, buf *out);
/* Builds the objects of every face selected on a page: the subset font
 * program (glyph ids kept), widths, descriptor and ToUnicode map. Call once,
 * after the last page is drawn and before the document is saved. Returns 0,
 * or -1 with an error naming the font file. */
int pdf_fonts_finish(pdf_fonts *f, err_list *errs);
/* True when face has a glyph for code point cp (false for an empty place
 * of the fallback chain). */
bool pdf_has_glyph(const pdf_fonts *f, pdf_face face, uint32_t cp);
/* The face that draws cp for text in face: face itself when it has the
 * glyph, else the first face of the fallback chain that has it, else
 * FACE_COUNT (no face has it). */
pdf_face pdf_face_for(const pdf_fonts *f, pdf_face face, uint32_t cp);
/* Width in points of len bytes of UTF-8 text in face at size, as HarfBuzz
 * sets it: the font's advances with its kerning (GPOS or kern table), no
 * ligatures (but complex text's required ones, shaped as pdf_font_show draws it). Characters the
 * face lacks are measured in the face that draws them (pdf_face_for). */
double pdf_text_width(const pdf_fonts *f, pdf_face face, double size, const char *text, size_t len);

/* Called for each piece of a kerned run: draw text[0..len) at x (points from
 * the run's start) with the font's plain advances. */
typedef void (*pdf_segment_fn)(void *ctx, const char *text, size_t len, double x);

/* Splits text (all in one face) where kerning moves a glyph away from its
 * plain advance, so that drawing each piece at its x reproduces the kerned
 * setting with a PDF text operator, which applies no kerning; complex text
 * is one piece (pdf_font_show positions its glyphs). Returns the run's
 * width, equal to pdf_text_width. fn must not measure or show text with f
 * (the pieces are read from f's cache as fn is called). */
double pdf_kern_segments(const pdf_fonts *f, pdf_face face, double size, const char *text,
                         size_t len, pdf_segment_fn fn, void *ctx);
/* Ascender and descender (negative) of a face, in points at size. */
double pdf_ascent(const pdf_fonts *f, pdf_face face, double size);
double pdf_descent(const pdf_fonts *f, pdf_face face, double size);

#endif
