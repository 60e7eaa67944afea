/* siteconf.c - the keys of site.yaml imprint reads, and warnings for the ones it would not. */
#include "core/siteconf.h"
#include "core/keys.h"

#include <string.h>

/* The keys imprint reads in site.yaml, and in its maps that have a fixed set of
 * keys. The top level is open (every key reaches templates as site.<key>), so
 * only a near miss of a known key warns there; the maps below are closed. */
static const char *const SITE_KEYS[] = {
    "title", "description", "base_url", "language", "languages", "author", "publisher",    "brand",
    "menus", "markdown",    "pdf",      "pdf_name", "links",     "strict", "relative_urls"};
static const char *const BRAND_KEYS[] = {"name", "logo", "colors", "fonts"};
static const char *const COLOR_KEYS[] = {"primary", "accent",     "text", "muted",
                                         "surface", "background", "rule"};
static const char *const PDF_KEYS[] = {
    "name",      "kicker",        "keywords",      "paper",           "margin",
    "body_size", "leading",       "justify",       "number_headings", "chapter_new_page",
    "chapters",  "preface_title", "balance_lines", "footnotes",       "header",
    "footer",    "fonts",         "html_classes",  "tagged",          "strict"};
const char *const SITE_PDF_FONT_KEYS[SITE_PDF_FONTS] = {
    "body", "bold", "italic", "bold_italic", "sans", "sans_bold", "mono", "fallback"};
static const char *const RUNNING_KEYS[] = {"left", "right"};
static const char *const FOOTNOTE_KEYS[] = {"place", "numbering"};
static const char *const MARKDOWN_KEYS[] = {"unsafe"};
#define NKEYS(k) (sizeof k / sizeof *k)

/* A top-level key that belongs one level down ("colors:" not indented under
 * "brand:"): the map it was meant for, else NULL. */
static const char *misplaced_key(const char *key)
{
    static const struct {
        const char *key, *under;
    } nested[] = {{"colors", "brand"}, {"logo", "brand"},         {"paper", "pdf"},
                  {"kicker", "pdf"},   {"fonts", "brand or pdf"}, {"unsafe", "markdown"}};
    for (size_t i = 0; i < NKEYS(nested); i++)
        if (strcmp(key, nested[i].key) == 0)
            return nested[i].under;
    return NULL;
}

void site_config_check_keys(const value *cfg, const char *text, const char *file, err_list *errs)
{
    keys_check(errs, text, file, cfg, SITE_KEYS, NKEYS(SITE_KEYS), NULL, KEYS_WARN_NEAR);
    for (size_t i = 0; i < cfg->u.map.len; i++) {
        const char *k = cfg->u.map.keys[i], *under = misplaced_key(k);
        if (under) {
            src_pos at = yaml_key_pos(text, cfg, cfg->u.map.vals[i], k);
            err_warn(errs, file, at.line, at.col,
                     "'%s' is not read at the top level; indent it under '%s:'", k, under);
        }
    }
    static const struct {
        const char *path, *where; /* the map's dotted path, and as messages name it */
        const char *const *keys;  /* the keys it has */
        size_t n;
    } closed[] = {
        {"brand", "'brand'", BRAND_KEYS, NKEYS(BRAND_KEYS)},
        {"brand.colors", "'brand.colors'", COLOR_KEYS, NKEYS(COLOR_KEYS)},
        {"pdf", "'pdf'", PDF_KEYS, NKEYS(PDF_KEYS)},
        {"pdf.fonts", "'pdf.fonts'", SITE_PDF_FONT_KEYS, SITE_PDF_FONTS},
        {"pdf.header", "'pdf.header'", RUNNING_KEYS, NKEYS(RUNNING_KEYS)},
        {"pdf.footer", "'pdf.footer'", RUNNING_KEYS, NKEYS(RUNNING_KEYS)},
        {"pdf.footnotes", "'pdf.footnotes'", FOOTNOTE_KEYS, NKEYS(FOOTNOTE_KEYS)},
        {"markdown", "'markdown'", MARKDOWN_KEYS, NKEYS(MARKDOWN_KEYS)},
    };
    for (size_t i = 0; i < NKEYS(closed); i++) {
        const value *m = val_path(cfg, closed[i].path);
        if (m && m->type == VAL_MAP)
            keys_check(errs, text, file, m, closed[i].keys, closed[i].n, closed[i].where,
                       KEYS_WARN);
    }
}
