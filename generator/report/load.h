/* load.h - what the loaders of rules.yaml share (rules.c, values.c, sections.c; internal to
 * generator/report/): the load's context and the checks every section of the file uses.
 *
 * Threads: a load runs on one thread; nothing here is shared. */
#ifndef IMPRINT_REPORT_LOAD_H
#define IMPRINT_REPORT_LOAD_H

#include <stdbool.h>

#include "core/model.h"
#include "core/template.h"
#include "report/cond.h"
#include "report/rules.h"

/* A page's text, normalised for quote checks. */
typedef struct page_text {
    const page *p;
    char *text;
} page_text;

/* One load of rules.yaml. */
typedef struct rctx {
    arena *a;         /* the ruleset and everything it points to live here */
    const site *s;    /* the site the model is checked against */
    const char *file; /* rules.yaml, for messages */
    const char *text; /* its text (may be NULL): places messages about keys and formulas */
    err_list *errs;
    bool ok;          /* false once bad() recorded a problem: the loaders record every problem and
                         go on, so one run reports them all, and rules_from_value returns NULL when
                         !ok (libyaml keeps its parser's problem the same way) */
    ruleset *rs;      /* being filled */
    tpl_set *tpls;    /* where sections' and tables' templates are compiled */
    cond_ctx cc;      /* conditions: the facts they may test, and their errors */
    page_text *pages; /* pages' normalised text, made on first use */
    size_t npages;
} rctx;

/* An error at a value's position; the model is then invalid. */
#define bad(c, at, ...) ((c)->ok = false, val_error((c)->errs, (at), (c)->file, __VA_ARGS__))

/* Errors for keys of map not in allowed (NULL-terminated), with suggestions. */
void rl_check_keys(rctx *c, const value *map, const char *const *allowed, const char *what);
/* v when it is a mapping; else NULL with an error ("WHAT must be a mapping"). */
const value *rl_need_map(rctx *c, const value *v, const value *parent, const char *what);
/* A string field of map; NULL (with an error when required) if absent or wrong. */
const char *rl_str(rctx *c, const value *map, const char *key, bool required, const char *what);
/* A number field of map in [lo, hi]; def when absent. */
double rl_num(rctx *c, const value *map, const char *key, double lo, double hi, double def,
              bool required, const char *what);
/* True when s is an id: lowercase letters, digits and '-'. */
bool rl_valid_id(const char *s);
/* Compiles a condition; NULL (and the load fails) after errors. */
const rule_cond *rl_when(rctx *c, const value *v);
/* The character of the file's text at `at` (its line and column), or '\0'
 * when the text is not known or has none there. */
char rl_char_at(const rctx *c, src_pos at);
/* Where the text of the string v starts in the file: its position, one
 * column on when it is quoted, plus skip more bytes (a leading '='). */
src_pos rl_text_pos(const rctx *c, const value *v, int skip);

/* ---- values.c ---- */

/* Loads `values` (their formulas checked, ordered, tried on the schema's
 * example profile) and registers each as a fact conditions may test. */
void values_load(rctx *c, const value *doc);
/* Compiles "=formula" (f, starting at `at`) against the profile's fields and
 * the values; NULL after errors. */
fx_expr *values_formula(rctx *c, const char *f, src_pos at);

/* ---- sections.c ---- */

/* Loads `sections` and `tables`. */
void sections_load(rctx *c, const value *doc);

#endif
