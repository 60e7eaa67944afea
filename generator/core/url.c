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

/* The value of a hex digit, or -1. */
static int hex(char c)
{
    const char *digits = "0123456789abcdef";
    const char *at = c ? strchr(digits, c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c) : NULL;
    return at ? (int)(at - digits) : -1;
}

size_t url_unescape(char *s)
{
    size_t o = 0;
    for (size_t i = 0; s[i];) {
        int hi = s[i] == '%' ? hex(s[i + 1]) : -1, lo = hi >= 0 ? hex(s[i + 2]) : -1;
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
