/* relurl.h - relative URLs (site.yaml relative_urls: true), so that a built site
 * works opened from disk (file://), where "/assets/site.css" means the disk's root.
 * Pure function: any thread. */
#ifndef IMPRINT_RELURL_H
#define IMPRINT_RELURL_H

#include "util/buf.h"

#include <stddef.h>

/* Appends html (len bytes) to out with every root-relative URL of an href,
 * src or action attribute ("/docs/two/#x") made relative to the folder of
 * out_path, the file's path in the site ("docs/first/index.html" gives
 * "../../docs/two/index.html#x"): a URL ending in "/" gets "index.html", which
 * a browser reading files does not add. Other URLs ("https://", "//host",
 * "#x", "page/") are kept. */
void html_relative_urls(const char *html, size_t len, const char *out_path, buf *out);

#endif
