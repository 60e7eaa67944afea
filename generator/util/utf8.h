/* utf8.h - one UTF-8 code point at a time: decoding and encoding. Pure and thread-safe. */
#ifndef IMPRINT_UTF8_H
#define IMPRINT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Decodes one UTF-8 code point at s (len bytes available); sets *n to its
 * length (1 for a bad byte, which decodes as U+FFFD). */
uint32_t utf8_next(const char *s, size_t len, size_t *n);

/* Appends cp as UTF-8; a code point UTF-8 cannot carry (0, a surrogate,
 * above U+10FFFF) is written as U+FFFD. */
void utf8_put(buf *out, uint32_t cp);

/* Appends UTF-8 string s as UTF-16BE code units (past U+FFFF a surrogate
 * pair; no byte-order mark): a PDF text string's bytes after its FE FF. */
void utf16be_put(buf *out, const char *s);

#endif
