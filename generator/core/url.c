/* url.c - internal or external links; percent-decoding. */
#include "core/url.h"

#include <string.h>

bool url_is_external(const char *url)
{
    if (strncmp(url, "//", 2) == 0)
        return true;
    for (const char *p = url; *p && *p != '/' && *p != '#' && *p != '?'; p++)
        if (*p == ':')
            return true;
    return false;
}

size_t url_unescape(char *s)
{
    size_t o = 0;
    for (size_t i = 0; s[i];) {
        int hi = s[i] == '%' ? buf_hex_value(s[i + 1]) : -1,
            lo = hi >= 0 ? buf_hex_value(s[i + 2]) : -1;
        if (lo >= 0) {
            s[o++] = (char)(hi * 16 + lo);
            i += 3;
        } else {
            s[o++] = s[i++];
        }
    }
    s[o] = '\0';
    return o;
}

void url_resolve(const char *base, const char *ref, size_t n, buf *out)
{
    size_t root = out->len; /* where the result starts in out */
    buf_putc(out, '/');
    const char *slash = strrchr(base, '/');
    if (n && ref[0] != '/' && base[0] == '/' && slash > base)
        buf_put(out, base + 1, (size_t)(slash - base)); /* base's folder: "de/guide/intro/" */
    /* out ends in '/' before each segment; only a last segment has none after it */
    for (const char *p = ref, *end = ref + n; p < end;) {
        const char *sl = memchr(p, '/', (size_t)(end - p));
        size_t k = sl ? (size_t)(sl - p) : (size_t)(end - p);
        if (k == 2 && p[0] == '.' && p[1] == '.') {
            size_t len = out->len; /* up one folder, never above the root */
            if (len - root > 1)
                for (len--; out->data[len - 1] != '/';)
                    len--;
            buf_truncate(out, len);
        } else if (k && !(k == 1 && p[0] == '.')) {
            buf_put(out, p, k);
            if (sl)
                buf_putc(out, '/');
        }
        p += k + 1;
    }
}
