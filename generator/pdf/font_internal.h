/* font_internal.h - what font.c (loading, measuring, drawing) and font_embed.c (the PDF
 * objects of the faces drawn) share: a face's data. Internal to pdf/font. */
#ifndef IMPRINT_PDF_FONT_INTERNAL_H
#define IMPRINT_PDF_FONT_INTERNAL_H

#include "pdf/font.h"
#include "util/buf.h"

#include <hb.h>
#include <stdint.h>

/* The most characters one glyph stands for in ToUnicode (a ligature). */
#define LIG_MAX 4

typedef struct face_data {
    char *path;      /* the font file */
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

/* A word's width, shaped once a document: the same words recur ("the", "and") and shaping
 * is most of measuring. */
typedef struct width_entry {
    uint64_t hash;     /* of the face and the text; 0: an empty slot */
    uint32_t off, len; /* the text, at width_cache.text + off */
    int face;          /* the face that drew it */
    double width;      /* its advance in em */
} width_entry;

typedef struct width_cache {
    width_entry *slots; /* open addressing; cap slots */
    size_t cap, used;   /* cap a power of two */
    buf text;           /* the cached texts, back to back */
} width_cache;

struct pdf_fonts {
    face_data faces[FACE_COUNT];
    HPDF_Doc doc;        /* the document the fonts' objects belong to */
    width_cache *widths; /* measured words (malloc'd; written by pdf_text_width, which the
                            one thread of the document calls) */
};

/* A glyph's advance in 1000ths of an em, as /W gives it. */
int font_glyph_width(const face_data *fd, hb_codepoint_t g);

#endif
