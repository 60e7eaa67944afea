/* font.h - the PDF engine's fonts: loading TrueType faces, measuring text, glyph coverage.
 *
 * libharu embeds and draws the fonts; HarfBuzz (hb) reads their tables to
 * measure advances and to tell whether a face has a glyph, so a character the
 * chosen face lacks (an arrow in a serif face) is set in the fallback face
 * instead of showing a missing-glyph box.
 *
 * Threads: a pdf_fonts belongs to one document and the thread typesetting
 * it (pdf_font loads faces into that document); different documents load
 * and measure their fonts on different threads at once. */
#ifndef IMPRINT_PDF_FONT_H
#define IMPRINT_PDF_FONT_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
    FACE_FALLBACK,    /* characters no other face has */
    FACE_COUNT
} pdf_face;

typedef struct pdf_fonts pdf_fonts;

/* Loads the faces from TrueType files (paths[FACE_x]) into doc. Errors name
 * the file (and `config` file, the site.yaml that chose it). Returns the set
 * (free with pdf_fonts_free after the document is saved; NULL is allowed
 * there) or NULL with errors. */
pdf_fonts *pdf_fonts_load(HPDF_Doc doc, const char *const paths[FACE_COUNT], const char *config,
                          err_list *errs);
void pdf_fonts_free(pdf_fonts *f);

/* The libharu font to draw a face with (UTF-8 encoded), loaded into the
 * document on first use, so only the faces a document draws are embedded. */
HPDF_Font pdf_font(pdf_fonts *f, pdf_face face);
/* True when face has a glyph for code point cp. */
bool pdf_has_glyph(const pdf_fonts *f, pdf_face face, uint32_t cp);
/* Width in points of len bytes of UTF-8 text in face at size, as HarfBuzz
 * sets it: the font's advances with its kerning (GPOS or kern table), no
 * ligatures. Characters the face lacks are measured in the fallback face (as
 * they will be drawn). */
double pdf_text_width(const pdf_fonts *f, pdf_face face, double size, const char *text, size_t len);

/* Called for each piece of a kerned run: draw text[0..len) at x (points from
 * the run's start) with the font's plain advances. */
typedef void (*pdf_segment_fn)(void *ctx, const char *text, size_t len, double x);

/* Splits text (all in one face) where kerning moves a glyph away from its
 * plain advance, so that drawing each piece at its x reproduces the kerned
 * setting with a renderer that applies no kerning (libharu). Returns the
 * run's width, equal to pdf_text_width. */
double pdf_kern_segments(const pdf_fonts *f, pdf_face face, double size, const char *text,
                         size_t len, pdf_segment_fn fn, void *ctx);
/* Ascender and descender (negative) of a face, in points at size. */
double pdf_ascent(const pdf_fonts *f, pdf_face face, double size);
double pdf_descent(const pdf_fonts *f, pdf_face face, double size);

#endif
