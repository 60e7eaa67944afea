/* whitepaper.h - the site's whitepaper: which pages become chapters, the cover, the file name.
 *
 * Takes a loaded site; gives the bytes of OUT_DIR/NAME.pdf, typeset by the
 * PDF engine (pdf/pdf.h) with the site's settings (site.yaml's pdf: and
 * brand:, the brand palette, the site's data tables, its build time). */
#ifndef IMPRINT_BUILD_WHITEPAPER_H
#define IMPRINT_BUILD_WHITEPAPER_H

#include "util/buf.h"
#include "util/err.h"
#include "core/model.h"

/* Typesets the whitepaper in language lang (an index of s->langs; 0, the default language,
 * for a site in one language): every page of s except the home page and empty section pages,
 * in site order, one chapter each, and appends the PDF file's bytes to out. The structure is
 * the default language's; each page is taken in its translation into lang when it has one,
 * else as it is, in its own language (its chapter gets its /Lang), so every language's
 * document has the same chapters. The document's language (/Lang, hyphenation) and its cover
 * (the home page's title and description) are lang's.
 * Sets *path (malloc'd, the caller frees it) to where the file belongs:
 * OUT_DIR/NAME.pdf for the default language, OUT_DIR/NAME.LANG.pdf for another (NAME.de.pdf),
 * NAME from site.yaml's pdf.name, else pdf_name, else
 * "document". The caller writes it (build.c stages it in the output's
 * update, util/journal.h) with the other outputs of the build. Parses the pages' Markdown that is
 * not parsed yet (site_page_parse), so it must not run while other threads parse pages of s.
 * Returns 0, or -1 with file:line:col errors (*path is then left alone). */
int whitepaper_render(const site *s, size_t lang, const char *out_dir, buf *out, char **path,
                      err_list *errs);

#endif
