/* brand.h - the brand colours of site.yaml (brand.colors), read once for every output.
 *
 * The website's charts, the PDF and the reports take their colours from the
 * palette the site loader fills (site->palette), so a colour is parsed in one
 * place and a bad one is the same error whichever output is built. */
#ifndef IMPRINT_BRAND_H
#define IMPRINT_BRAND_H

#include <stdint.h>

#include "core/model.h"
#include "util/err.h"

/* Parses "#rrggbb" (either case) into 0xrrggbb. 0, or -1 when s is NULL or
 * not exactly that form. */
int colour_parse(const char *s, uint32_t *out);

/* Fills out with imprint's default palette, then the colours that
 * config's brand.colors sets (primary, accent, text, muted, surface, rule;
 * other keys, such as the site stylesheet's background, are left to the
 * layouts). Returns 0, or -1 with an error at each value that is not
 * "#rrggbb" (and at brand.colors itself when it is not a mapping). */
int brand_palette_load(const value *config, brand_palette *out, err_list *errs);

#endif
