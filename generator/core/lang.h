/* lang.h - what imprint knows of a language from its tag (BCP 47: "de", "ar-EG"). Pure and
 * thread-safe. */
#ifndef IMPRINT_CORE_LANG_H
#define IMPRINT_CORE_LANG_H

#include <stdbool.h>

/* True when the language of tag is written right to left (Arabic, Hebrew, Persian, Urdu,
 * Yiddish, Pashto, Sindhi, Dhivehi, Central Kurdish), whatever its region ("ar-EG"). */
bool lang_is_rtl(const char *tag);

#endif
