/* cond.h - the condition language of rules.yaml (internal to generator/report/).
 * Compiling happens once, on the thread loading the rules; compiled
 * conditions are immutable, and rules_cond_eval (rules.h) reads them from
 * any thread. */
#ifndef IMPRINT_REPORT_COND_H
#define IMPRINT_REPORT_COND_H

#include "report/profile.h"
#include "report/rules.h"

/* A fact conditions may test. */
typedef struct cond_fact {
    const char *path;           /* dotted path ("section.key"), or a value's name */
    pf_type type;               /* what it holds: numbers allow comparisons; PF_SECTION: not
                                   known (a value whose formula has an error): any test
                                   compiles, so one mistake gives one message */
    const char *const *allowed; /* enumerations: the values it can have */
    size_t nallowed;
} cond_fact;

/* Where conditions are compiled: the facts, and where errors go. */
typedef struct cond_ctx {
    arena *a;         /* compiled conditions live here */
    const char *file; /* for messages without a position */
    const char *text; /* the YAML text (may be NULL): points messages about keys at the key */
    err_list *errs;
    cond_fact *facts; /* registered with cond_add_fact */
    size_t nfacts;
    bool ok; /* false once an error was added */
} cond_ctx;

/* Registers a fact; allowed (n values) only for enumerations. */
void cond_add_fact(cond_ctx *c, const char *path, pf_type type, const char *const *allowed,
                   size_t n);

/* Compiles the condition v, checking fields, tests and values against the
 * facts. Returns it (arena-allocated) or NULL with file:line:col errors. */
rule_cond *cond_compile(cond_ctx *c, const value *v);

#endif
