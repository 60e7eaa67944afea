/* report.h - client reports: a profile in, a recommendation report out (HTML, PDF, JSON).
 *
 * The pipeline, one file per stage:
 *   schema.c   content/data/profile.yaml -> the profile schema (profile.h)
 *   profile.c  a profile file -> validated facts; its JSON Schema
 *   rules.c    content/data/rules.yaml -> the model         (rules.h, load.h)
 *   values.c   its computed values                          (formula.h: the formulas)
 *   sections.c its report sections and computed tables
 *   cond.c     its condition language: compile, evaluate    (cond.h)
 *   report.c   the engine (everything shared by a batch) and report_compute:
 *              values, rules fired, scores, recommendation, confidence
 *   context.c  a computed report -> values: its tables, the template context, report.json
 *   render.c   -> report.html and report.json, through layouts/report.md and report.html
 *   pdf.c      -> report.pdf: the same Markdown's "## " sections as chapters (pdf/ engine)
 *   batch.c    many profiles -> OUT_DIR/<client-slug>/ on a pool of threads
 *
 * Threads: the engine is built once and is read-only afterwards; each report
 * is computed and rendered in an arena of its own, so reports run in
 * parallel with no shared mutable state and the same bytes at any -j. */
#ifndef IMPRINT_REPORT_H
#define IMPRINT_REPORT_H

#include <stdbool.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/fsutil.h"
#include "core/model.h"
#include "report/profile.h"
#include "report/rules.h"

/* Everything reports share: the site, the rules, the templates, the
 * stylesheet. Opaque; read-only once made. */
typedef struct report_engine report_engine;

/* Loads the rules (content/data/rules.yaml) and prepares the templates of
 * SITE_DIR/layouts for the loaded site s (which must outlive the engine).
 * Returns the engine (free with report_engine_free) or NULL with errors. */
report_engine *report_engine_new(const site *s, err_list *errs);
void report_engine_free(report_engine *e);
/* The framework the engine evaluates. */
const ruleset *report_engine_rules(const report_engine *e);

/* Appends the profile schema as a JSON Schema document (profile.h's
 * profile_json_schema of the site's schema). */
void report_engine_schema(const report_engine *e, buf *out);

/* Validates the profile text (len bytes, from `file`) into a profile in a.
 * Returns NULL with errors; warnings are added either way. */
profile *report_profile_parse(const report_engine *e, arena *a, const char *text, size_t len,
                              const char *file, err_list *errs);

/* A computed report. Pointers live in the arena given to report_compute or
 * in the engine. */
typedef struct report {
    const profile *p;             /* the client's profile */
    const char *slug;             /* the output folder name (report_slug of the client) */
    double *score;                /* per option (ruleset order): the weights of its fired rules */
    size_t rec;                   /* the recommended option (docs/reports.md: the decision rule) */
    double confidence;            /* 0.5 to 1, two decimals (docs/reports.md: how it is computed) */
    const char *confidence_label; /* "high", "moderate" or "low" */
    const rule **fired;           /* the rules that fired, in rules.yaml order */
    size_t nfired;
    const char *summary;       /* one paragraph of the guide's sentences */
    fx_val *slots;             /* the schema's fields, then the model's values (ruleset order) */
    const rule_topic **topics; /* topics whose condition holds */
    size_t ntopics;
    const rule_note **risks; /* risks for the recommended option that apply */
    size_t nrisks;
    const rule_note **steps; /* next steps that apply */
    size_t nsteps;
    const rule_section **sections; /* the site's sections whose condition holds */
    size_t nsections;
    const rule_table **tables; /* the computed tables whose condition holds */
    size_t ntables;
} report;

/* Applies the model to p (whose facts gain the values and score.OPTION).
 * Fills *r and returns 0, or -1 with an error at the profile when a formula
 * fails on it (a division by zero). */
int report_compute(const report_engine *e, profile *p, arena *a, report *r, err_list *errs);

/* The three files of a report, in memory. */
typedef struct report_files {
    buf html; /* report.html */
    buf pdf;  /* report.pdf */
    buf json; /* report.json */
} report_files;

/* Renders r into out (zero-initialise it; free with report_files_free).
 * Returns 0, or -1 with errors (a template or layout problem). */
int report_render(const report_engine *e, const report *r, report_files *out, err_list *errs);
void report_files_free(report_files *f);

/* Appends the folder name for a client: lowercase ASCII letters and digits
 * with single '-' between words, accented Latin letters folded, at most 64
 * bytes; "client-XXXXXXXX" (a hash) when nothing is left. Never contains
 * '/' or starts with '.', so it cannot leave OUT_DIR. */
void report_slug(const char *client, buf *out);

/* Progress: done of total reports. Called from worker threads, one call at a
 * time (under the batch's lock); may be NULL. */
typedef void (*report_progress_fn)(void *ctx, size_t done, size_t total);

/* report.json's layout version (its `schema_version`, docs/reports.md): raised
 * when a key is renamed, removed or changes meaning; new keys keep it. 1 was
 * the layout before the version was written; 2 added schema_version and inputs;
 * 3 replaced scale, cores and cost (one domain's keys) by `values` (every
 * computed value of the site's model) and `sections`, renamed a reason's
 * `stack` to `option`, and `profile` holds the profile's fields only. */
#define REPORT_JSON_VERSION 3

/* A profile's outcome, for --check: called once per computed profile, in
 * input order, on the thread that called report_batch. option is the
 * recommended option's id (the engine's; valid while it lives). */
typedef void (*report_result_fn)(void *ctx, const char *path, const char *slug, const char *option,
                                 double confidence);

typedef struct report_opts {
    const char *out_dir;     /* reports go to OUT_DIR/<slug>/ */
    bool check;              /* validate and compute only: render and write nothing */
    report_result_fn result; /* each profile's outcome, or NULL */
    void *result_ctx;
    unsigned jobs;               /* threads (>= 1) */
    unsigned shard, nshards;     /* take profiles i with i % nshards == shard - 1 (1-based shard) */
    report_progress_fn progress; /* NULL for none */
    void *progress_ctx;
} report_opts;

typedef struct report_stats {
    size_t selected; /* profiles in this shard */
    size_t written;  /* reports written (with check: profiles computed) */
    size_t failed;   /* profiles that failed */
    double eval_ms;  /* time in report_compute (the values, rules and decision), summed
                        over the profiles: what the model costs, without YAML or rendering */
} report_stats;

/* Expands the command line's profile arguments: a file stays as given, a
 * folder means every *.yaml and *.yml directly in it, sorted. Appends to out
 * (malloc'd paths). Returns 0, or -1 with an error per missing argument. */
int report_inputs(const char *const *args, size_t n, fs_list *out, err_list *errs);

/* Writes the report of every selected profile to OUT_DIR/<slug>/report.html,
 * report.pdf and report.json (each file atomically, and only when all three
 * rendered). A profile that fails (unreadable, invalid, a client whose slug
 * an earlier profile already took) fails alone: its errors are added to
 * errs, in input order, and the others are still written. Returns 0 when
 * every selected profile was written, else -1. */
int report_batch(const report_engine *e, const char *const *paths, size_t n, const report_opts *o,
                 report_stats *stats, err_list *errs);

#endif
