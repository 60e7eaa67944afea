/* bidi.h - the Unicode bidirectional algorithm (UAX #9, by fribidi) for the
 * PDF's paragraphs: the embedding level of every byte of a paragraph's text,
 * and the visual order of a line's pieces.
 *
 * Right-to-left text (Hebrew, Arabic) is broken into lines in its logical
 * (reading) order like any text; each line's pieces are then drawn in the
 * visual order bidi_order gives, the pieces at an odd level shaped right to
 * left by HarfBuzz (pdf/font.h). Pure functions: safe on any thread. */
#ifndef IMPRINT_PDF_BIDI_H
#define IMPRINT_PDF_BIDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A paragraph's base direction. */
typedef enum bidi_dir {
    BIDI_LTR,  /* left to right */
    BIDI_RTL,  /* right to left */
    BIDI_AUTO, /* that of its first strong character (rules P2, P3), else left to right */
} bidi_dir;

/* The levels of one paragraph's text: the texts of its n pieces (its
 * fragments) read one after another. */
typedef struct bidi_para {
    uint8_t *levels; /* levels[b]: the level of byte b of the joined texts (a
                        character's every byte has its level); malloc'd */
    size_t *start;   /* start[i]: the offset of piece i's first byte there (n + 1 entries) */
    uint8_t base;    /* the paragraph's level: 0 left to right, 1 right to left */
} bidi_para;

/* Resolves the levels of the paragraph whose text is the n pieces
 * texts[i] (lens[i] bytes of UTF-8 each), in base direction dir. Returns
 * false, and leaves out empty, when every character is at level 0 (a
 * left-to-right paragraph without right-to-left text: nothing to reorder);
 * true with out filled (free with bidi_para_free) otherwise. */
bool bidi_resolve(const char *const *texts, const size_t *lens, size_t n, bidi_dir dir,
                  bidi_para *out);
/* Frees what bidi_resolve filled; an empty one does nothing. */
void bidi_para_free(bidi_para *bp);
/* The level of byte offset off of piece i. */
uint8_t bidi_level(const bidi_para *bp, size_t i, size_t off);

/* The visual order of a line of n pieces whose levels are levels[0..n)
 * (rule L2: from the highest level to the lowest odd one, every run at that
 * level or above is reversed): order[v] is the logical index of the piece
 * drawn v-th from the left. */
void bidi_order(const uint8_t *levels, size_t n, size_t *order);

#endif
