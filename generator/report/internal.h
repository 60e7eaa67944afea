/* internal.h - the report engine's insides, shared by the files of report/ only.
 *
 * Threads: the engine is read-only once made (but for its font cache, which
 * locks itself); a report_ctx belongs to the one thread rendering its report. */
#ifndef IMPRINT_REPORT_INTERNAL_H
#define IMPRINT_REPORT_INTERNAL_H

#include "core/markdown.h"
#include "core/template.h"
#include "report/report.h"

/* Everything a batch shares. Built by report_engine_new, read-only after. */
struct report_engine {
    const site *s;            /* the loaded site (not owned) */
    arena *a;                 /* owns the ruleset and every value below */
    const ruleset *rules;     /* the decision framework */
    char *layouts_dir;        /* SITE_DIR/layouts (malloc'd) */
    char *site_yaml;          /* SITE_DIR/content/site.yaml (malloc'd), named in PDF messages */
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
    struct pdf_font_cache *fonts; /* font files, read once, and the words shaped, for every
                                     report's PDF (locked inside: pdf/font.h) */
};

/* One report being rendered (render.c, context.c, pdf.c). Everything made
 * for it lives in a, freed when the report is done. */
typedef struct report_ctx {
    const report_engine *e; /* the batch's engine */
    const report *r;        /* the computed report */
    arena *a;               /* owns every value and table below */
    const char *base;       /* the site's base_url, for absolute links */
    const dtable **tables;  /* the tables computed for this report (report_tables_make) */
    size_t ntables;
    err_list *errs;                /* where problems go */
    const char *lang;              /* the report's language: its profile's `language` field when
                                      the schema has one and it is given, else the site's */
    const struct i18n_lang *words; /* the strings of lang (core/i18n.h) */
} report_ctx;

/* ---- context.c: the report as values ---- */

/* Sets c->lang and c->words from the profile and the site; a profile
 * language without a string table is a warning at its value (English words
 * are used). */
void report_language(report_ctx *c);

/* Computes the tables the report's text names (report-scores, report-split,
 * report-profile, report-topic-ID and the model's computed tables, whose
 * templates see ctx) into c->tables. Returns 0, or -1 with errors (a table
 * that does not validate, a formula that fails). */
int report_tables_make(report_ctx *c, const value *ctx);
/* A dtable_lookup_fn (ctx: the report_ctx): the report's tables first, then
 * the site's. NULL when neither has name. */
const dtable *report_table_lookup(void *ctx, const char *name);
/* The `report` map the templates show (docs/reports.md: the report context). */
value *report_context(report_ctx *c);
/* Renders the model's sections that apply with md_ctx (the Markdown
 * context) and adds them to md_report (its `report`) as `sections` (id,
 * title escaped for Markdown, body) and `has_sections`. Returns 0, or -1
 * with errors. */
int report_sections(report_ctx *c, value *md_report, const value *md_ctx);
/* `toc` for report.html: id and text of each "## " heading of doc. */
value *report_toc(report_ctx *c, const md_doc *doc);
/* The content of report.json. */
value *report_json(report_ctx *c);

/* ---- pdf.c: the PDF assembly ---- */

/* Typesets doc (the report's parsed Markdown) as report.pdf into out: each
 * "## " section a chapter, with the report's cover and date and the PDF
 * settings of site.yaml under rules.yaml's settings.pdf. Returns 0, or -1
 * with errors. */
int report_pdf(report_ctx *c, md_doc *doc, buf *out);

/* ---- report.c ---- */

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
