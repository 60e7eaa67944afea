/* url.h - URLs: the one rule for telling a link that leaves the site from one inside it, and
 * percent-decoding. */
#ifndef IMPRINT_URL_H
#define IMPRINT_URL_H

#include <stdbool.h>
#include <stddef.h>

/* True when url points outside the site: it has a scheme (http:, https:,
 * mailto:, tel:, data:, ... — a ':' before any '/', '?' or '#') or is
 * protocol-relative ("//host/..."). Relative paths, site paths ("/x") and
 * fragments ("#x") are internal. Pure and thread-safe. */
bool url_is_external(const char *url);

/* Decodes %XX escapes in place (a '%' not followed by two hex digits stays
 * as it is; '+' stays '+'). The result may hold NUL bytes ("%00"); returns
 * its length. Pure and thread-safe. */
size_t url_unescape(char *s);

#endif
