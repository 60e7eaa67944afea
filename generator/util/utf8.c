/* utf8.c - UTF-8 code points: decoding and encoding (utf8.h). */
#include "util/utf8.h"

#include <string.h>

uint32_t utf8_next(const char *s, size_t len, size_t *n)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t cp;
    size_t k;
    if (p[0] < 0x80)
        cp = p[0], k = 1;
    else if ((p[0] & 0xe0) == 0xc0)
        cp = p[0] & 0x1f, k = 2;
    else if ((p[0] & 0xf0) == 0xe0)
        cp = p[0] & 0x0f, k = 3;
    else if ((p[0] & 0xf8) == 0xf0)
        cp = p[0] & 0x07, k = 4;
    else {
        *n = 1;
        return 0xfffd;
    }
    if (k > len) {
        *n = 1;
        return 0xfffd;
    }
    for (size_t i = 1; i < k; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            *n = 1;
            return 0xfffd;
        }
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    *n = k;
    return cp;
}

void utf8_put(buf *out, uint32_t cp)
{
    if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        cp = 0xfffd;
    if (cp < 0x80) {
        buf_putc(out, (char)cp);
    } else if (cp < 0x800) {
        buf_putc(out, (char)(0xc0 | (cp >> 6)));
        buf_putc(out, (char)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        buf_putc(out, (char)(0xe0 | (cp >> 12)));
        buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
        buf_putc(out, (char)(0x80 | (cp & 0x3f)));
    } else {
        buf_putc(out, (char)(0xf0 | (cp >> 18)));
        buf_putc(out, (char)(0x80 | ((cp >> 12) & 0x3f)));
        buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
        buf_putc(out, (char)(0x80 | (cp & 0x3f)));
    }
}

void utf16be_put(buf *out, const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0, n; i < len; i += n) {
        uint32_t cp = utf8_next(s + i, len - i, &n);
        uint32_t units[2] = {cp, 0};
        int k = 1;
        if (cp > 0xffff) {
            units[0] = 0xd800 + ((cp - 0x10000) >> 10);
            units[1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
            k = 2;
        }
        for (int j = 0; j < k; j++) {
            buf_putc(out, (char)(units[j] >> 8));
            buf_putc(out, (char)(units[j] & 0xff));
        }
    }
}
