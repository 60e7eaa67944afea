/* url.h - the one rule for telling a link that leaves the site from one inside it. */
#ifndef IMPRINT_URL_H
#define IMPRINT_URL_H

#include <stdbool.h>

/* True when url points outside the site: it has a scheme (http:, https:,
 * mailto:, tel:, data:, ... — a ':' before any '/', '?' or '#') or is
 * protocol-relative ("//host/..."). Relative paths, site paths ("/x") and
 * fragments ("#x") are internal. Pure and thread-safe. */
bool url_is_external(const char *url);

#endif
