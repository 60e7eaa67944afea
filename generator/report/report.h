/* report.h - client reports: a profile in, a recommendation report out (HTML, PDF, JSON).
 *
 * The pipeline, one file per stage:
 *   profile.c  the profile file -> validated facts          (profile.h)
 *   rules.c    content/data/rules.yaml -> the framework     (rules.h)
 *   cond.c     its condition language: compile, evaluate    (cond.h)
 *   report.c   the engine (everything shared by a batch) and report_compute:
 *              rules fired, scores, recommendation, confidence, scale, cost
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
    double score[STACK_COUNT];    /* sum of the weights of the fired rules per stack */
    report_stack rec;             /* the recommendation (docs/reports.md: the decision rule) */
    double confidence;            /* 0.5 to 1, two decimals (docs/reports.md: how it is computed) */
    const char *confidence_label; /* "high", "moderate" or "low" */
    const rule **fired;           /* the rules that fired, in rules.yaml order */
    size_t nfired;
    const char *summary;              /* one paragraph of the guide's sentences */
    const rule_band *band;            /* the RPS band of peak_rps; NULL without peak_rps */
    double cores[2];                  /* python, nodejs: ceil(peak_rps / RPS per core); 0 without */
    bool has_cost;                    /* the profile has hiring: the cost estimate exists */
    double hours;                     /* engineers x months x hours per month */
    double rate_low[2], rate_high[2]; /* hourly rates of the region, python and nodejs */
    double cost_low[2], cost_high[2]; /* hours x rate */
    const char *region_name;          /* the region as the rates table names it */
    const rule_topic **topics;        /* workload topics whose condition holds */
    size_t ntopics;
    const rule_note **risks; /* risks for the recommended stack that apply */
    size_t nrisks;
    const rule_note **steps; /* next steps that apply */
    size_t nsteps;
} report;

/* Applies the framework to p (whose facts gain the derived ones: scale.band,
 * hiring.engineer_months, score.*). Fills *r; never fails on a valid profile. */
void report_compute(const report_engine *e, profile *p, arena *a, report *r);

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
 * the layout before the version was written; 2 added schema_version and inputs. */
#define REPORT_JSON_VERSION 2

typedef struct report_opts {
    const char *out_dir;         /* reports go to OUT_DIR/<slug>/ */
    unsigned jobs;               /* threads (>= 1) */
    unsigned shard, nshards;     /* take profiles i with i % nshards == shard - 1 (1-based shard) */
    report_progress_fn progress; /* NULL for none */
    void *progress_ctx;
} report_opts;

typedef struct report_stats {
    size_t selected; /* profiles in this shard */
    size_t written;  /* reports written */
    size_t failed;   /* profiles that failed */
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
