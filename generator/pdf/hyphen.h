/* hyphen.h - hyphenation points from Liang's patterns (Debian's libhyphen and its dictionaries). */
#ifndef IMPRINT_PDF_HYPHEN_H
#define IMPRINT_PDF_HYPHEN_H

#include <stdbool.h>
#include <stddef.h>

typedef struct pdf_hyphenator pdf_hyphenator;

/* Loads the patterns for a language tag ("en", "en-US", "de"): the first
 * existing of DIR/hyph_<ll>_<CC>.dic, DIR/hyph_<ll>.dic, and for a bare
 * language the usual country (en -> en_US), DIR = /usr/share/hyphen. Returns
 * NULL when there is no dictionary (text is then not hyphenated). Read-only
 * once loaded: one hyphenator serves any number of threads. */
pdf_hyphenator *pdf_hyphenator_new(const char *lang);
/* Frees h; NULL does nothing. */
void pdf_hyphenator_free(pdf_hyphenator *h);

/* Finds where word (len bytes of UTF-8, letters only, in any case) may be
 * hyphenated, leaving at least 2 characters before and 3 after a break, in
 * the dictionary's encoding (UTF-8 or ISO 8859-1: a word with a letter
 * ISO 8859-1 lacks is then left whole); breaks that change the spelling are
 * not used. Writes byte offsets into word (a hyphen goes after byte
 * offset-1) in increasing order to points (room for max) and returns how
 * many. */
size_t pdf_hyphenate(const pdf_hyphenator *h, const char *word, size_t len, size_t *points,
                     size_t max);

/* True when h's language capitalises its nouns (German): a word with an
 * initial capital is hyphenated, not kept whole as a name. False for NULL. */
bool pdf_hyphenator_capitalised(const pdf_hyphenator *h);

/* The Debian package with the patterns for language tag lang ("de" ->
 * "hyphen-de"), or NULL for a language Debian has none for (Japanese and
 * Arabic are not hyphenated). */
const char *pdf_hyphen_package(const char *lang);

#endif
