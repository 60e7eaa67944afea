/* rules.h - the site's report model, read from content/data/rules.yaml: options, computed
 * values, rules, and what a report shows.
 *
 * The model is data: the options a report recommends, values computed by
 * formulas (formula.h) from the profile and the data tables, rules that each
 * name a condition on profile facts, the option they favour, a weight, and
 * the guide's own sentences with a link to the guide section they come
 * from; topics, risks and next steps; report sections and computed tables
 * of the site's own. Changing any of it needs no recompile. Loading checks everything a report
 * later relies on: conditions name known fields and allowed values, links point at real pages and
 * heading ids of the site, and every quoted text occurs in the page it links
 * to (the guide's words only). docs/reports.md
 * documents the file.
 *
 * Threads: a ruleset is loaded once and immutable after; reports evaluate
 * it (rules_cond_eval) on many threads at once. */
#ifndef IMPRINT_REPORT_RULES_H
#define IMPRINT_REPORT_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"
#include "core/model.h"
#include "report/formula.h"
#include "report/profile.h"

/* The most options a model may declare (notes keep a bit per option). */
#define RULES_MAX_OPTIONS 64

/* A compiled condition (opaque; immutable once loaded). */
typedef struct rule_cond rule_cond;

/* A passage of the guide. */
typedef struct rule_quote {
    const char *headline;   /* the guide's bold lead sentence; NULL if none */
    const char *text;       /* the quoted sentences; NULL only for optional quotes */
    const char *link;       /* site URL of the source ("/guide/page/#heading-id") */
    const char *link_title; /* "Page title › Heading" */
} rule_quote;

/* One rule of the framework. */
typedef struct rule {
    const char *id;        /* unique; letters, digits and '-' */
    src_pos pos;           /* where the rule starts in rules.yaml */
    const rule_cond *when; /* fires when this holds */
    size_t favours;        /* the option it adds weight to (index into ruleset.options) */
    double weight;         /* how much (> 0) */
    rule_quote q;          /* why, in the guide's words */
} rule;

/* A risk or a next step: shown for some recommendations, when relevant. */
typedef struct rule_note {
    const rule_cond *when; /* NULL: always relevant */
    uint64_t options;      /* bit (1 << option index) per recommendation it applies to */
    rule_quote q;          /* the guide's words */
} rule_note;

/* A topic: a report section shown only when its condition holds, comparing
 * the options on rows of a data table. */
typedef struct rule_topic {
    const char *id;        /* unique; names the computed table report-topic-ID */
    const char *title;     /* the section heading */
    const rule_cond *when; /* shown when this holds */
    const dtable *table;   /* the table the rows come from */
    const char **rows;     /* row ids, in display order */
    size_t nrows;
    rule_quote q; /* optional passage (q.text NULL when none) */
} rule_topic;

/* A part of a composite option's split: which option takes which part. */
typedef struct rule_split {
    const char *part; /* the guide's words for the part */
    size_t option;    /* a single option (index into ruleset.options) */
} rule_split;

/* An option a report can recommend. */
typedef struct rule_option {
    const char *id;            /* unique; letters, digits and '-' ("postgres") */
    const char *name;          /* display name ("PostgreSQL") */
    rule_quote summary;        /* the guide's case for it */
    const char *split_caption; /* a composite option: its split table's caption; NULL: single */
    rule_split *split;         /* a composite option: its parts, in order */
    size_t nsplit;
} rule_option;

/* A computed value of the model (values.c). */
typedef struct rule_value {
    const char *name;  /* letters, digits and '_'; a fact conditions may test */
    src_pos pos;       /* where its formula is, for messages */
    fx_expr *expr;     /* the checked formula */
    fx_type type;      /* what it holds */
    const char *label; /* how the report names it; the name when not given */
    const char *unit;  /* "USD", "cores"; NULL: none */
    int decimals;      /* digits its text shows; -1: as few as needed */
    bool checked;      /* its formula passed fx_check (formulas may use it) */
} rule_value;

/* A report section of the site's own (sections.c). */
typedef struct rule_section {
    const char *id;         /* unique; letters, digits and '-' */
    const char *title;      /* its "## " heading */
    const rule_cond *when;  /* shown when this holds; NULL: always */
    const struct tpl *body; /* Markdown with Mustache, rendered with the report context */
    int pad;                /* spaces its rendering starts with (rules_template_start) */
} rule_section;

/* A string of a computed table's declaration that is computed per report. */
typedef struct rule_cell {
    const value *at;        /* the declaration's string (identity: where it sits) */
    fx_expr *expr;          /* a "=formula", or NULL */
    const struct tpl *text; /* a string with {{...}}, or NULL */
    int pad;                /* spaces its rendering starts with (rules_template_start) */
} rule_cell;

/* A computed table: a data table whose strings may be formulas and templates. */
typedef struct rule_table {
    const char *name;      /* the name ```table NAME shows it by ("report-cost") */
    const rule_cond *when; /* made when this holds; NULL: always */
    const value *doc;      /* the declaration: caption, source, columns, rows (data table form) */
    const char *source_of; /* a data table whose caption and page are the source line; NULL */
    rule_cell *cells;      /* its computed strings */
    size_t ncells;
} rule_table;

struct tpl_set;

/* The whole model: options, values, rules and what a report shows. */
typedef struct ruleset {
    const char *file;                /* path of rules.yaml, for messages */
    const pf_schema *schema;         /* the profile schema (content/data/profile.yaml), which
                                        conditions and formulas are checked against */
    size_t tie_breaker;              /* the single option that wins an equal top score */
    double damping;                  /* confidence formula constant (docs/reports.md) */
    double conf_high, conf_moderate; /* confidence label thresholds */
    const char *option_word;         /* how the report names an option ("stack") */
    const char *option_title;        /* the same capitalised, for column heads ("Stack") */
    const char *options_word;        /* and several ("stacks") */
    const char *recommendation_word; /* what the recommendation is ("backend stack") */
    const char *lede;                /* the report cover's line under the title; NULL: none */
    const char *subject;             /* the page title's words after the client ("stack report") */
    const char *guide;        /* the guide's URL on the site ("/guide/"), linked from reports */
    const char *pdf_subtitle; /* the PDF's subtitle before " for <client>" */
    const char *keywords;     /* the PDF's keywords after the client and the recommendation;
                                 NULL: none */
    const value *pdf;         /* overrides of site.yaml's pdf settings for report PDFs, or NULL */
    rule_option *options;     /* in display order */
    size_t noptions;
    rule_value *values; /* in file order */
    size_t nvalues;
    size_t *value_order; /* value indexes in an order where each comes after those it uses */
    size_t nslots;       /* fx slots: the schema's fields (field i: slot i), then the values */
    rule *rules;         /* in file order: the order they are evaluated in */
    size_t nrules;
    rule_topic *topics;
    size_t ntopics;
    rule_note *risks;
    size_t nrisks;
    rule_note *steps; /* next steps */
    size_t nsteps;
    rule_section *sections;
    size_t nsections;
    rule_table *tables;
    size_t ntables;
} ruleset;

/* Loads SITE_DIR/content/data/rules.yaml (already read by site_load as data
 * file "rules") and checks it against the site; the sections' and tables'
 * templates are compiled into tpls. Returns the ruleset (arena-allocated) or
 * NULL with file:line:col errors. */
ruleset *rules_load(arena *a, const site *s, struct tpl_set *tpls, err_list *errs);

/* The same from a document already parsed: doc from `file`, whose text (may
 * be NULL) places messages about keys. */
ruleset *rules_from_value(arena *a, const site *s, struct tpl_set *tpls, const value *doc,
                          const char *text, const char *file, err_list *errs);

/* True when c holds for facts (the normalised profile map plus the computed
 * values and score.OPTION). A field that is null or absent matches only ne,
 * not_in and given: false. */
bool rules_cond_eval(const rule_cond *c, const value *facts);

/* Evaluates the model's values for a profile's facts (its normalised map):
 * slots (rs->nslots of them) get the fields' values and then the values',
 * and each value is also set in facts under its name (null when it has
 * none), for conditions. Returns 0, or -1 with *fail and *failed (the index
 * of the value whose formula failed). */
int rules_values_eval(const ruleset *rs, value *facts, arena *a, fx_val *slots, fx_fail *fail,
                      size_t *failed);
/* A formula's result as a value in a (null for FX_NULL). */
value *rules_fx_value(arena *a, const fx_val *x);
/* Appends how the report shows x, a result of value v (v NULL: a table
 * cell's formula), in the language of words (core/i18n.h): numbers with its
 * thousands and decimal separators and v's decimals, its "yes"/"no"
 * (answer_yes, answer_no), nothing for null. */
void rules_value_text(const rule_value *v, const fx_val *x, const struct i18n_lang *words,
                      buf *out);

/* The data-table document of computed table t for one report: its formulas
 * evaluated with slots (rules_values_eval's) and its templates rendered as
 * plain text with ctx; with slots and ctx NULL, placeholders (0, the
 * template's source), for checking the structure. Returns it (in a), or NULL
 * with *fail set (a formula failed; fail may be NULL when slots is) or
 * errors (a template failed). */
value *rules_table_doc(arena *a, struct tpl_set *tpls, const ruleset *rs, const rule_table *t,
                       const fx_val *slots, const value *ctx, fx_fail *fail, err_list *errs);

/* Where the text of a rendered model template (a section's body, a table's
 * string; len bytes) starts: after the line breaks and the pad spaces put
 * before its source so that its messages have rules.yaml's line and column. */
size_t rules_template_start(const char *s, size_t len, int pad);

/* The index of the option whose id is id, or rs->noptions. */
size_t rules_option(const ruleset *rs, const char *id);

#endif
