/* siteconf.h - checking site.yaml's keys: a likely typo or a misplaced key is
 * a warning at its position, with the key probably meant. Any thread. */
#ifndef IMPRINT_SITECONF_H
#define IMPRINT_SITECONF_H

#include "core/model.h"
#include "util/err.h"

/* Warns about the keys of site.yaml (cfg, a map; text its file's text, file
 * its name) imprint would not read: a near miss of a known key at the top
 * level (which is open: every key reaches templates as site.<key>), any
 * unknown key in brand, brand.colors, pdf, pdf.fonts, pdf.header, pdf.footer,
 * pdf.footnotes and markdown, and a top-level key that belongs one level down. Adds
 * warnings only. */
/* The keys of pdf.fonts, one a face, in the order of pdf/font.h's faces (the
 * PDF stage reads them with this list, and checks the count). */
#define SITE_PDF_FONTS 8
extern const char *const SITE_PDF_FONT_KEYS[SITE_PDF_FONTS];

void site_config_check_keys(const value *cfg, const char *text, const char *file, err_list *errs);

#endif
