/* font_internal.h - what font.c (loading, measuring, drawing), font_cache.c (the font files and
 * shaping results a batch shares) and font_embed.c (the PDF objects of the faces drawn) share.
 * Internal to pdf/font. */
#ifndef IMPRINT_PDF_FONT_INTERNAL_H
#define IMPRINT_PDF_FONT_INTERNAL_H

#include "pdf/font.h"
#include "util/buf.h"

#include <hb.h>
#include <stdint.h>

/* The most characters one glyph stands for in ToUnicode (a ligature). */
#define LIG_MAX 4

/* A font file, loaded once by a pdf_font_cache and read-only after, so the documents of a
 * batch share it on any thread (its hb_font is immutable: HarfBuzz shapes with it
 * concurrently). */
typedef struct font_file {
    char *path;              /* the file */
    uint32_t id;             /* its number in the cache (shaping results are keyed by it) */
    hb_blob_t *blob;         /* the file's bytes */
    hb_face_t *face;         /* a collection's first font */
    hb_font_t *font;         /* scaled to units per em, immutable */
    double upem;             /* units per em */
    double ascent, descent;  /* in em */
    unsigned nglyphs;        /* glyphs in the face */
    int bbox[4];             /* head: xMin, yMin, xMax, yMax in font units */
    double italic;           /* post: italic angle in degrees */
    bool fixed;              /* post: monospaced */
    bool italic_style;       /* OS/2: the italic bit of fsSelection */
    unsigned weight;         /* OS/2: usWeightClass (400 without OS/2) */
    bool whole;              /* OS/2: fsType forbids subsetting, so the whole file is embedded */
    bool cff;                /* CFF outlines (OpenType .otf): a CIDFontType0 with the OpenType
                                program as FontFile3; else TrueType (glyf): CIDFontType2 */
    uint8_t latin_has[32];   /* bit cp: the face has a glyph for cp (cp < 256) */
    uint32_t latin_gid[256]; /* that glyph */
} font_file;

/* Opens path through cache c (read and parsed on first use; thread-safe). Returns the file,
 * owned by the cache, or NULL with an error naming it (not a font, CFF2 outlines, a licence that
 * forbids embedding) or config, the file that chose it, when it cannot be read. */
const font_file *font_cache_open(pdf_font_cache *c, const char *path, const char *config,
                                 err_list *errs);

/* One face of a document: its file and what the document drew with it. */
typedef struct face_data {
    const font_file *ff; /* NULL: an empty place of the fallback chain */
    int owner;           /* the face embedding this file: this one, or an earlier face of the
                            same file, whose glyph record and objects are used */
    uint32_t *drawn;     /* drawn[g]: the character glyph g stands for (names_better), 0 for
                            a glyph not drawn (nglyphs long, allocated on first use; owner's
                            only) */
    uint32_t *lig;       /* lig[g * LIG_MAX ..]: the characters ligature glyph g was drawn
                            for, 0-padded; NULL until a ligature is drawn (owner's only) */
    HPDF_Dict type0;     /* the Type0 font, NULL until selected on a page (owner's only) */
    bool broken;         /* libharu could not make type0 */
} face_data;

/* What is kept of shaping a text in a font file. */
typedef enum shape_kind {
    SHAPE_WIDTH, /* the advance in em (a double) */
    SHAPE_KERN,  /* pdf_kern_segments' pieces: the pen's end (a double, font units), then per
                    piece its start (a uint32_t byte offset) and x (a double, font units) */
} shape_kind;

/* A text shaped (open addressing; the texts and results in data, back to back). Not locked:
 * a document's own, or the batch's behind its lock. */
typedef struct shape_entry {
    uint64_t hash;       /* of the file, the kind and the text; 0: an empty slot */
    uint32_t off, len;   /* the text at data + off, the result right after it */
    uint32_t rlen;       /* the result's bytes */
    uint32_t file, kind; /* the font file's id and the shape_kind */
} shape_entry;

typedef struct shape_cache {
    shape_entry *slots; /* cap slots */
    size_t cap, used;   /* cap a power of two */
    buf data;           /* the texts and results */
} shape_cache;

/* The most bytes of text a shape_cache keeps results for (longer texts are shaped each time). */
#define SHAPE_CACHE_MAX_TEXT 256

/* The hash a shape_cache files kind's result for text (n bytes) in file under. */
uint64_t shape_cache_hash(uint32_t file, shape_kind kind, const char *text, size_t n);
/* The result of kind for text in file (h its shape_cache_hash), *rlen set to its bytes; NULL when
 * c has none. Valid until the next shape_cache_add to c. */
const unsigned char *shape_cache_find(const shape_cache *c, uint64_t h, uint32_t file,
                                      shape_kind kind, const char *text, size_t n, size_t *rlen);
/* Keeps the result r (rlen bytes) of kind for text in file (not there yet); a full cache keeps
 * nothing more. */
void shape_cache_add(shape_cache *c, uint64_t h, uint32_t file, shape_kind kind, const char *text,
                     size_t n, const void *r, size_t rlen);
/* Frees c's memory (not c). */
void shape_cache_clear(shape_cache *c);

/* The batch's shaping results for kind of text in file, copied into out (replacing what it held);
 * false when there are none. Thread-safe. */
bool font_cache_shaped(pdf_font_cache *c, uint64_t h, uint32_t file, shape_kind kind,
                       const char *text, size_t n, buf *out);
/* Keeps a result in the batch's cache (unless it has it). Thread-safe. */
void font_cache_keep(pdf_font_cache *c, uint64_t h, uint32_t file, shape_kind kind,
                     const char *text, size_t n, const void *r, size_t rlen);

struct pdf_fonts {
    face_data faces[FACE_COUNT];
    HPDF_Doc doc;          /* the document the fonts' objects belong to */
    pdf_font_cache *cache; /* the font files (and the batch's shaping results) */
    bool own_cache;        /* cache was made for this document alone (no batch to share) */
    shape_cache *shaped;   /* this document's shaping results (malloc'd; written by the
                              measuring calls, which the one thread of the document makes) */
    buf *scratch;          /* a result being made or copied (malloc'd, like shaped) */
};

/* A glyph's advance in 1000ths of an em, as /W gives it. */
int font_glyph_width(const font_file *ff, hb_codepoint_t g);

#endif
