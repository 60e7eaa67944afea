/* internal.h - the report engine's insides, shared by report.c, render.c and batch.c only. */
#ifndef IMPRINT_REPORT_INTERNAL_H
#define IMPRINT_REPORT_INTERNAL_H

#include "core/template.h"
#include "report/report.h"

/* Everything a batch shares. Built by report_engine_new, read-only after. */
struct report_engine {
    const site *s;            /* the loaded site (not owned) */
    arena *a;                 /* owns the ruleset and every value below */
    const ruleset *rules;     /* the decision framework */
    char *layouts_dir;        /* SITE_DIR/layouts (malloc'd) */
    tpl_set *tpls;            /* templates of layouts/; thread-safe lookups */
    const tpl *md_tpl;        /* layouts/report.md: the body in Markdown */
    const tpl *html_tpl;      /* layouts/report.html: the page around it */
    const char *md_file;      /* path of report.md, for messages */
    const char *css;          /* every stylesheet of assets/, inlined into report.html */
    const char *default_date; /* YYYY-MM-DD of the site's build time: profiles without a date */
    value *site_ctx;          /* `site` for templates: config + base_url, language, year */
    value *site_ctx_md;       /* the same, strings escaped for Markdown */
    value *menu;              /* menus.main with absolute URLs */
    value *pdf_config;        /* site.yaml with rules.yaml's settings.pdf merged into pdf */
    struct pdf_hyphenator
        *hyph; /* hyphenation patterns, loaded once for every report (NULL: none) */
};

/* Appends s escaped for Markdown text: ASCII punctuation that Markdown
 * reads gets a backslash, line breaks become spaces. The characters
 * Mustache escapes for HTML (& < > " ') are left to it. */
void report_md_escape(const char *s, buf *out);

/* A copy of v (a context map) with every string escaped by report_md_escape,
 * except the values of keys that hold ids, URLs and table names (id, url,
 * link, table), which the Markdown template puts into link destinations and
 * directive names. */
value *report_md_copy(arena *a, const value *v);

#endif
