/* deps.h - the Debian packages a site's content needs to be built as written: the hyphenation
 * patterns of each language it is written in (hyphen-de), and Noto Sans CJK
 * (fonts-noto-cjk) when a page has Chinese, Japanese or Korean text or the site names a font
 * of that package. `imprint deps` prints them; `make` installs them before it builds. Pure:
 * any thread. */
#ifndef IMPRINT_BUILD_DEPS_H
#define IMPRINT_BUILD_DEPS_H

#include "core/model.h"
#include "util/buf.h"

/* Appends to out the packages s needs, one a line, each once, in a stable
 * order (languages in site order, then fonts); nothing when it needs none. */
void deps_packages(const site *s, buf *out);

#endif
