/* url.h - URLs: the one rule for telling a link that leaves the site from one inside it, and
 * percent-decoding. */
#ifndef IMPRINT_URL_H
#define IMPRINT_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* True when url points outside the site: it has a scheme (http:, https:,
 * mailto:, tel:, data:, ... — a ':' before any '/', '?' or '#') or is
 * protocol-relative ("//host/..."). Relative paths, site paths ("/x") and
 * fragments ("#x") are internal. Pure and thread-safe. */
bool url_is_external(const char *url);

/* Decodes %XX escapes in place (a '%' not followed by two hex digits stays
 * as it is; '+' stays '+'). The result may hold NUL bytes ("%00"); returns
 * its length. Pure and thread-safe. */
size_t url_unescape(char *s);

/* Resolves the path ref[0..n) (no query or fragment) against the site path base
 * ("/de/guide/intro/"), as a browser does: a ref starting with '/' is a site path, any
 * other is relative to base's folder (everything up to its last '/'); "." and ".."
 * segments are folded ("../setup/" from "/de/guide/intro/" is "/de/guide/setup/"), never
 * above the root. Appends the result, which starts with '/', to out. Pure and thread-safe. */
void url_resolve(const char *base, const char *ref, size_t n, buf *out);

#endif
