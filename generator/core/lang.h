/* lang.h - what imprint knows of a language from its tag (BCP 47: "de", "ar-EG"). Pure and
 * thread-safe. */
#ifndef IMPRINT_CORE_LANG_H
#define IMPRINT_CORE_LANG_H

#include <stdbool.h>
#include <stddef.h>

/* The primary subtag of tag ("pt" of "pt-BR"), lower-cased, into out; "" when it has none
 * (up to 7 letters are kept). */
void lang_primary(const char *tag, char out[8]);

/* True when the language of tag is written right to left (Arabic, Hebrew, Persian, Urdu,
 * Yiddish, Pashto, Sindhi, Dhivehi, Central Kurdish), whatever its region ("ar-EG"). */
bool lang_is_rtl(const char *tag);

/* The language's name in itself ("Deutsch", "Français", "日本語", "العربية") from a small
 * built-in table of common languages, by the tag's primary subtag ("pt-BR": "Português");
 * NULL when the table does not have it. */
const char *lang_name(const char *tag);

/* True when the n bytes at s are shaped like the short language tags that name a translation
 * in a file name: 2 or 3 ASCII letters, optionally '-' and a region (2 letters or 3 digits) or
 * a script (4 letters): "de", "fil", "pt-BR", "es-419", "zh-Hant". Not "2", "v1", "draft". */
bool lang_tag_shaped(const char *s, size_t n);

#endif
