/* rules.h - the guide's decision framework, read from content/data/rules.yaml.
 *
 * The framework is data: every rule names a condition on profile facts, the
 * stack it favours, a weight, and the guide's own sentences with a link to the
 * guide section they come from. Changing a weight or adding a rule needs no
 * recompile. Loading checks everything a report later relies on: conditions
 * name known fields and allowed values, links point at real pages and
 * heading ids of the site, and every quoted text occurs in the page it links
 * to (the guide's words only). docs/reports.md
 * documents the file.
 *
 * Threads: a ruleset is loaded once and immutable after; reports evaluate
 * it (rules_cond_eval) on many threads at once. */
#ifndef IMPRINT_REPORT_RULES_H
#define IMPRINT_REPORT_RULES_H

#include <stdbool.h>

#include "util/err.h"
#include "core/model.h"
#include "report/profile.h"

/* The stacks a report can recommend. */
typedef enum report_stack { STACK_PYTHON, STACK_NODEJS, STACK_HYBRID, STACK_COUNT } report_stack;

/* "python", "nodejs", "hybrid": the ids used in rules.yaml and report.json. */
extern const char *const report_stack_ids[STACK_COUNT];

/* A compiled condition (opaque; immutable once loaded). */
typedef struct rule_cond rule_cond;

/* A passage of the guide. */
typedef struct rule_quote {
    const char *headline; /* the guide's bold lead sentence; NULL if none */
    const char *text;     /* the quoted sentences; NULL only for optional quotes */
    const char *link;     /* site URL of the source ("/guide/nodejs/#where-nodejs-struggles") */
    const char
        *link_title; /* "When Node.js Wins (and When It Does Not) › Where Node.js Struggles" */
} rule_quote;

/* One rule of the framework. */
typedef struct rule {
    const char *id;        /* unique; letters, digits and '-' */
    src_pos pos;           /* where the rule starts in rules.yaml */
    const rule_cond *when; /* fires when this holds */
    report_stack favours;  /* the stack it adds weight to */
    double weight;         /* how much (> 0) */
    rule_quote q;          /* why, in the guide's words */
} rule;

/* A risk or a next step: shown for some recommendations, when relevant. */
typedef struct rule_note {
    const rule_cond *when; /* NULL: always relevant */
    unsigned stacks;       /* bit (1 << stack) per recommendation it applies to */
    rule_quote q;          /* the guide's words */
} rule_note;

/* A workload topic: a report section shown only when its condition holds,
 * comparing the stacks on rows of a data table. */
typedef struct rule_topic {
    const char *id;        /* unique; names the computed table report-topic-ID */
    const char *title;     /* the section heading */
    const rule_cond *when; /* shown when this holds */
    const dtable *table;   /* the table the rows come from */
    const char **rows;     /* row ids, in display order */
    size_t nrows;
    rule_quote q; /* optional passage (q.text NULL when none) */
} rule_topic;

/* One of the guide's RPS bands (benchmarks.yaml rps_bands): min <= rps < max. */
typedef struct rule_band {
    const char *id;    /* "under-10k" */
    double min, max;   /* max is HUGE_VAL when open */
    const char *title; /* the guide's bold lead sentence */
    const char *text;  /* the guide's explanation */
} rule_band;

/* A part of the hybrid split: which stack takes which part. */
typedef struct rule_split {
    const char *part;   /* "AI services and data pipelines" (the guide's words) */
    report_stack stack; /* python or nodejs */
} rule_split;

/* What rules.yaml says about one stack. */
typedef struct rule_stack {
    const char *name;   /* display name ("Node.js") */
    rule_quote summary; /* the guide's one-sentence case for it */
    rule_split *split;  /* hybrid only: the split, in order */
    size_t nsplit;
} rule_stack;

/* The whole framework plus the settings and data it computes with. */
typedef struct ruleset {
    const char *file;        /* path of rules.yaml, for messages */
    double hours_per_month;  /* billable hours per engineer-month in cost estimates */
    const char *currency;    /* currency of the rates ("USD") */
    const dtable *rates;     /* hourly {low, high} per region (rows) and stack (columns) */
    const pf_schema *schema; /* the profile schema (content/data/profile.yaml), which
                                conditions are checked against */
    const char **regions;    /* the rates table's row ids: allowed hiring.region values */
    size_t nregions;
    const dtable *throughput;     /* the benchmark table */
    const char *throughput_row;   /* its row of RPS per core ("json-rps") */
    const char *throughput_label; /* that row's label ("Simple JSON REST API (RPS per core)") */
    double rps_per_core[2];       /* python, nodejs */
    rule_band *bands;             /* the RPS bands, in order */
    size_t nbands;
    report_stack tie_breaker;        /* python or nodejs: wins an equal score */
    double damping;                  /* confidence formula constant (docs/reports.md) */
    double conf_high, conf_moderate; /* confidence label thresholds */
    const value *pdf; /* overrides of site.yaml's pdf settings for report PDFs, or NULL */
    rule_stack stacks[STACK_COUNT];
    rule *rules; /* in file order: the order they are evaluated in */
    size_t nrules;
    rule_topic *topics;
    size_t ntopics;
    rule_note *risks;
    size_t nrisks;
    rule_note *steps; /* next steps */
    size_t nsteps;
} ruleset;

/* Loads SITE_DIR/content/data/rules.yaml (already read by site_load as data
 * file "rules") and checks it against the site. Returns the ruleset
 * (arena-allocated) or NULL with file:line:col errors. */
ruleset *rules_load(arena *a, const site *s, err_list *errs);

/* The same from a document already parsed: doc from `file`, whose text (may
 * be NULL) places messages about keys. */
ruleset *rules_from_value(arena *a, const site *s, const value *doc, const char *text,
                          const char *file, err_list *errs);

/* True when c holds for facts (the normalised profile map plus the derived
 * facts: scale.band, hiring.engineer_months, score.*). A field that is null
 * or absent matches only ne and not_in. */
bool rules_cond_eval(const rule_cond *c, const value *facts);

/* The stack for an id ("nodejs"), or STACK_COUNT. */
report_stack report_stack_from_id(const char *id);

#endif
