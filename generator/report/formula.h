/* formula.h - the report model's formulas: named values computed from profile facts and data
 * tables (internal to generator/report/).
 *
 * A formula is a pure expression (no I/O, no loops, no assignment):
 *   literals      12  1.5  2e3  "text"  'text'  true  false  null
 *   names         hosting.region  hours   (a profile fact or another value; the
 *                 caller resolves them)
 *   arithmetic    + - * /  and unary -          (numbers)
 *   comparison    < <= > >=  (numbers)   == !=  (two numbers, two strings or two booleans)
 *   logic         and  or  not                  (booleans)
 *   grouping      ( ... )
 *   functions     min(a, b, ...)  max(a, b, ...)  abs(x)  ceil(x)  floor(x)
 *                 round(x)  round(x, digits)     (half away from zero)
 *                 if(condition, then, else)      (only the branch taken is evaluated)
 *                 given(x)                       (true unless x is null)
 *                 lookup(SOURCE, row, FIELD)     a cell of a data table
 *                 band(x, SOURCE)                the id of the item whose [min, max) holds x
 *   SOURCE is a string literal: the name of a data table of the site ("rates":
 *   rows by their id), or DATAFILE.KEY naming a list of mappings with an `id`
 *   in a data file ("benchmarks.rps_bands"). FIELD is a string literal, a
 *   dotted path inside the row ("basic.low"); a cell is a number, a string,
 *   or a mapping with `value` (a number). band's items have optional numbers
 *   min (default: no lower bound) and max (default: no upper bound).
 * Null propagates: an operator or function with a null operand gives null
 * (except given, and if, whose untaken branch is never evaluated; a null
 * condition gives null). lookup with a row id the source does not have gives
 * null; band with no item holding x gives null.
 *
 * Checking happens once, when the model is loaded: fx_parse finds syntax
 * errors, fx_check types (numbers, strings, booleans; what each operator and
 * function takes), sources, fields and rows: a lookup whose row is a string
 * of known values (an enum field, a band) must find every one of those rows
 * with the field, of one kind. Every error is at the file:line:col of the
 * formula's character it is about.
 *
 * Threads: parsing and checking happen on the loading thread; a checked
 * expression is immutable and fx_eval reads it from any thread. */
#ifndef IMPRINT_REPORT_FORMULA_H
#define IMPRINT_REPORT_FORMULA_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"
#include "core/model.h"

/* What a value holds at run time (FX_NULL: nothing). */
typedef enum fx_kind { FX_NULL, FX_NUM, FX_STR, FX_BOOL } fx_kind;

/* The static type of a name or an expression. */
typedef struct fx_type {
    fx_kind kind;               /* FX_NULL only for the literal null (and if(c, null, null)) */
    bool nullable;              /* may be null at run time */
    const char *const *allowed; /* FX_STR: the values it can take (NULL-terminated; the caller's
                                   or the arena's), or NULL when any string is possible */
} fx_type;

/* A run-time value. */
typedef struct fx_val {
    fx_kind kind;    /* FX_NULL: no value */
    double num;      /* FX_NUM */
    const char *str; /* FX_STR: lives in the checked expression, the data, or the caller's facts */
    bool b;          /* FX_BOOL */
} fx_val;

/* A parsed formula (opaque). */
typedef struct fx_expr fx_expr;

/* Parses src (a NUL-terminated formula) into a, whose characters start at
 * file:line:col (col of src[0]; used for every message about the formula).
 * Returns the expression or NULL with errors (unexpected character, unclosed
 * parenthesis or string, unknown function, wrong number of arguments, a
 * SOURCE or FIELD that is not a string literal, nesting deeper than 64). */
fx_expr *fx_parse(arena *a, const char *src, const char *file, int line, int col, err_list *errs);

/* The distinct names e refers to, in order of first appearance (function
 * names and literals are not names). *names points into e. */
size_t fx_names(const fx_expr *e, const char *const **names);

/* Resolves a name while checking: true with its type and slot (an index into
 * the slots array fx_eval receives), false when the name is unknown. */
typedef bool (*fx_resolve_fn)(void *ctx, const char *name, fx_type *type, size_t *slot);

/* What checking needs: the names, and the data lookup and band read. */
typedef struct fx_env {
    fx_resolve_fn resolve;
    void *ctx;
    const value *data;          /* the site's data files by name (site->data) */
    const char *const *suggest; /* NULL-terminated names offered for an unknown name ("did you
                                   mean"), or NULL */
} fx_env;

/* Type-checks e (from fx_parse) and binds its names to slots and its sources
 * to the data (which must outlive e). Sets *type. Returns 0, or -1 with
 * errors: an unknown name (with a suggestion), an operator or function
 * given the wrong kinds, a source, row or field that does not exist, cells
 * of different kinds, a division by the literal 0. Call once per expression. */
int fx_check(fx_expr *e, const fx_env *env, fx_type *type, err_list *errs);

/* A run-time failure: where in the formula and why. */
typedef struct fx_fail {
    int line, col;   /* the failing operator's position */
    const char *why; /* static text: "division by zero" */
} fx_fail;

/* Evaluates a checked e with slots[i] the value of the name bound to slot i.
 * Returns 0 with *out set (strings point into e, the data or the slots), or
 * -1 with *fail set (division by zero, a result that is not a finite
 * number). Reads only its arguments: safe on many threads at once. */
int fx_eval(const fx_expr *e, const fx_val *slots, fx_val *out, fx_fail *fail);

/* "a number", "a string", "true or false", "null": for messages. */
const char *fx_kind_name(fx_kind k);

#endif
