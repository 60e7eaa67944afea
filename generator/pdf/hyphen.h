/* hyphen.h - hyphenation points from Liang's patterns (the hyph_*.dic files of Debian's
 * hyphen-* packages, read by imprint itself: hyphen_load.c). */
#ifndef IMPRINT_PDF_HYPHEN_H
#define IMPRINT_PDF_HYPHEN_H

#include <stdbool.h>
#include <stddef.h>

/* One language's patterns. Read-only once loaded: one hyphenator serves any number of
 * threads at once (every function below only reads it). */
typedef struct pdf_hyphenator pdf_hyphenator;

/* Loads the patterns for a language tag ("en", "en-US", "de"): the first
 * existing of DIR/hyph_<ll>_<CC>.dic, DIR/hyph_<ll>.dic, and for a bare
 * language the usual country (en -> en_US), DIR = /usr/share/hyphen. Returns
 * the hyphenator (the caller frees it with pdf_hyphenator_free), or NULL when
 * there is no dictionary (text is then not hyphenated); lang may be NULL. Reading
 * hyphen-de's dictionary (1 MB, 77,000 patterns) takes a few milliseconds. */
pdf_hyphenator *pdf_hyphenator_new(const char *lang);
/* Loads the patterns of the hyph_*.dic file at path (pdf_hyphenator_new once it has
 * chosen a file; the tests load their own): the hyphenator (free it with
 * pdf_hyphenator_free), or NULL when the file cannot be read or has more than 16
 * million pattern prefixes. Its language does not capitalise its nouns. */
pdf_hyphenator *pdf_hyphenator_load(const char *path);
/* The same from the len bytes at data, a dictionary's text (not kept); NULL when it has
 * more than 16 million pattern prefixes. */
pdf_hyphenator *pdf_hyphenator_parse(const char *data, size_t len);
/* Frees h; NULL does nothing. */
void pdf_hyphenator_free(pdf_hyphenator *h);

/* Finds where word (len bytes of UTF-8, letters only, in any case; one with a control
 * character is left whole) may be
 * hyphenated, as LibreOffice's libhyphen would, leaving at least 2 characters
 * before and 3 after a break (more when the dictionary asks), in the
 * dictionary's encoding (UTF-8 or ISO 8859-1: a word with a letter ISO 8859-1
 * lacks is then left whole); breaks that change the spelling are not used.
 * Writes byte offsets into word (a hyphen goes after byte offset-1) in
 * increasing order to points (room for max, owned by the caller) and returns
 * how many. h must not be NULL; word is not kept. */
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
