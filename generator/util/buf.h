/* buf.h - the one growable byte buffer used everywhere in imprint. */
#ifndef IMPRINT_BUF_H
#define IMPRINT_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* A growable, always NUL-terminated byte string. A zeroed buf (BUF_INIT) is a
 * valid empty buffer; `data` may be NULL until the first write. */
typedef struct buf {
    char *data; /* bytes, NUL-terminated once anything was written; owned */
    size_t len; /* bytes in use, not counting the terminating NUL */
    size_t cap; /* bytes allocated */
} buf;

#define BUF_INIT                                                                                   \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void buf_grow(buf *b, size_t extra);           /* room for `extra` more bytes */
void buf_put(buf *b, const void *p, size_t n); /* append n bytes */
void buf_puts(buf *b, const char *s);          /* append a C string */
void buf_putc(buf *b, char c);                 /* append one byte */
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
void buf_truncate(buf *b, size_t len); /* shrink to len bytes (len <= b->len) */
void buf_reset(buf *b);                /* empty it, keep the memory */
/* The contents as a C string ("" when empty); valid until the next write. */
const char *buf_cstr(const buf *b);
/* Hands the contents to the caller (free() it; never NULL) and empties b. */
char *buf_detach(buf *b);
void buf_free(buf *b); /* release memory; b is empty after */

/* Appends items joined by ", " ("a, b, c"). */
void buf_join(buf *b, const char *const *items, size_t n);
/* Append s with the five HTML/XML special characters escaped (& < > " '). */
/* Appends v in decimal ("-42"), as "%lld" would, without printf's cost (the PDF writes
 * hundreds of thousands of numbers). */
void buf_put_int(buf *b, long long v);
/* Appends v as 16 lower-case hexadecimal digits, as "%016" PRIx64 would (the build cache
 * writes one a line). */
void buf_put_hex64(buf *b, uint64_t v);
/* The value of the hexadecimal digit c (either case), or -1: what buf_put_hex and
 * buf_put_hex64 write, read back. */
int buf_hex_value(char c);
/* append the n bytes at p as upper-case hexadecimal digits, two a byte */
void buf_put_hex(buf *b, const void *p, size_t n);
void buf_put_html(buf *b, const char *s, size_t n);
/* Append s as the inside of a JSON string literal (no surrounding quotes). */
void buf_put_json(buf *b, const char *s, size_t n);
/* Append the C string s as a JSON string literal, quotes included. */
void buf_put_json_str(buf *b, const char *s);

#endif
