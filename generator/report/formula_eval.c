/* formula_eval.c - the formulas' evaluation (fx_eval): a walk over a checked tree. */
#include "report/formula_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail_at(const node *n, const char *why, fx_fail *fail)
{
    fail->line = n->line;
    fail->col = n->col;
    fail->why = why;
    return -1;
}

static const char *const not_finite = "the result is not a finite number";

/* The null value. */
static const fx_val null_val = {FX_NULL, 0, NULL, false};

/* A number result; -0 is 0 (a report never shows "-0"). */
static fx_val num_val(double x)
{
    return (fx_val){.kind = FX_NUM, .num = x == 0 ? 0 : x};
}

/* x rounded half away from zero at digits decimals, as written: the shortest
 * decimal that reads back as x is rounded, so round(2.675, 2) is 2.68 (the
 * double nearest 2.675 lies just below it). */
static double round_digits(double x, int digits)
{
    char s[40];
    int prec = 1;
    for (; prec < 17; prec++) {
        snprintf(s, sizeof s, "%.*e", prec - 1, x);
        if (strtod(s, NULL) == x)
            break;
    }
    snprintf(s, sizeof s, "%.*e", prec - 1, fabs(x));
    /* s is "D.DDDDe+XX" (or "De+XX"): the digits, and the exponent of the first */
    char d[20];
    int nd = 0;
    const char *q = s;
    for (; *q != 'e'; q++)
        if (*q >= '0' && *q <= '9')
            d[nd++] = *q;
    int exp10 = atoi(q + 1);
    int keep = exp10 + 1 + digits; /* digits before the cut */
    if (keep >= nd)
        return x;
    if (keep < 0)
        return 0;
    bool up = d[keep] >= '5';
    char r[32];
    int nr = 0;
    r[nr++] = '0'; /* room for a carry */
    for (int i = 0; i < keep; i++)
        r[nr++] = d[i];
    for (int i = nr - 1; up && i >= 0; i--) {
        if (r[i] == '9') {
            r[i] = '0';
        } else {
            r[i]++;
            up = false;
        }
    }
    snprintf(r + nr, sizeof r - (size_t)nr, "e%d", exp10 - keep + 1);
    double y = strtod(r, NULL);
    return x < 0 ? -y : y;
}

static int eval(const node *n, const fx_val *slots, fx_val *out, fx_fail *fail);

/* Evaluates every operand of n into v (as many as n has); *null when one is
 * not of kind k (null, or a slot of another kind than checked). */
static int eval_args(const node *n, const fx_val *slots, fx_val *v, fx_kind k, bool *null,
                     fx_fail *fail)
{
    *null = false;
    for (size_t i = 0; i < n->nargs; i++) {
        if (eval(n->args[i], slots, &v[i], fail) < 0)
            return -1;
        *null |= v[i].kind != k;
    }
    return 0;
}

static int eval_lookup(const node *n, const fx_val *slots, fx_val *out, fx_fail *fail)
{
    fx_val row;
    if (eval(n->args[1], slots, &row, fail) < 0)
        return -1;
    *out = null_val;
    const value *r = row.kind == FX_STR ? fxi_find_row(n->rows, n->nrows, row.str) : NULL;
    const value *cell = r ? val_path(r, n->args[2]->str) : NULL;
    double num = 0;
    cell_kind k = fxi_cell_of(cell, &num);
    if (k == CELL_NUM && n->type.kind == FX_NUM)
        *out = num_val(num);
    else if (k == CELL_STR && n->type.kind == FX_STR)
        *out = (fx_val){.kind = FX_STR, .str = cell->u.str.s};
    return 0;
}

static int eval_band(const node *n, const fx_val *slots, fx_val *out, fx_fail *fail)
{
    fx_val x;
    if (eval(n->args[0], slots, &x, fail) < 0)
        return -1;
    *out = null_val;
    for (size_t i = 0; x.kind == FX_NUM && i < n->nrows; i++) {
        const value *lo = val_map_get(n->rows[i], "min"), *hi = val_map_get(n->rows[i], "max");
        if ((lo && lo->type == VAL_NUM && x.num < lo->u.num) ||
            (hi && hi->type == VAL_NUM && x.num >= hi->u.num))
            continue;
        *out = (fx_val){.kind = FX_STR, .str = fxi_item_id(n->rows[i])};
        break;
    }
    return 0;
}

/* '-', + - * /: numbers in, a finite number out (division by zero fails). */
static int eval_arith(const node *n, const fx_val *slots, fx_val *out, fx_fail *fail)
{
    fx_val v[2];
    bool isnull;
    if (eval_args(n, slots, v, FX_NUM, &isnull, fail) < 0)
        return -1;
    if (isnull) {
        *out = null_val;
        return 0;
    }
    if (n->kind == N_NEG) {
        *out = num_val(-v[0].num);
        return 0;
    }
    double x = v[0].num, y = v[1].num, r;
    if (n->kind == N_DIV && y == 0)
        return fail_at(n, "division by zero", fail);
    r = n->kind == N_ADD ? x + y : n->kind == N_SUB ? x - y : n->kind == N_MUL ? x * y : x / y;
    if (!isfinite(r))
        return fail_at(n, not_finite, fail);
    *out = num_val(r);
    return 0;
}

/* < <= > >= (two numbers) and == != (two values of one kind): true or false,
 * or null when an operand is null (or of another kind than checked). */
static int eval_compare(const node *n, const fx_val *slots, fx_val *out, fx_fail *fail)
{
    fx_val v[2];
    bool isnull;
    if (n->kind == N_EQ || n->kind == N_NE) {
        if (eval(n->args[0], slots, &v[0], fail) < 0 || eval(n->args[1], slots, &v[1], fail) < 0)
            return -1;
        if (v[0].kind == FX_NULL || v[0].kind != v[1].kind) {
            *out = null_val;
            return 0;
        }
        bool same = v[0].kind == FX_NUM   ? v[0].num == v[1].num
                    : v[0].kind == FX_STR ? strcmp(v[0].str, v[1].str) == 0
                                          : v[0].b == v[1].b;
        *out = (fx_val){.kind = FX_BOOL, .b = n->kind == N_EQ ? same : !same};
        return 0;
    }
    if (eval_args(n, slots, v, FX_NUM, &isnull, fail) < 0)
        return -1;
    if (isnull) {
        *out = null_val;
        return 0;
    }
    double x = v[0].num, y = v[1].num;
    bool b = n->kind == N_LT ? x < y : n->kind == N_LE ? x <= y : n->kind == N_GT ? x > y : x >= y;
    *out = (fx_val){.kind = FX_BOOL, .b = b};
    return 0;
}

/* not, and, or (booleans in and out), if (only the branch taken is
 * evaluated) and given. */
static int eval_logic(const node *n, const fx_val *slots, fx_val *out, fx_fail *fail)
{
    fx_val v[2];
    bool isnull;
    switch (n->kind) {
    case N_IF:
        if (eval(n->args[0], slots, &v[0], fail) < 0)
            return -1;
        if (v[0].kind != FX_BOOL) {
            *out = null_val;
            return 0;
        }
        return eval(n->args[v[0].b ? 1 : 2], slots, out, fail);
    case N_GIVEN:
        if (eval(n->args[0], slots, &v[0], fail) < 0)
            return -1;
        *out = (fx_val){.kind = FX_BOOL, .b = v[0].kind != FX_NULL};
        return 0;
    default: /* N_NOT, N_AND, N_OR */
        if (eval_args(n, slots, v, FX_BOOL, &isnull, fail) < 0)
            return -1;
        if (isnull)
            *out = null_val;
        else if (n->kind == N_NOT)
            *out = (fx_val){.kind = FX_BOOL, .b = !v[0].b};
        else
            *out = (fx_val){.kind = FX_BOOL,
                            .b = n->kind == N_AND ? v[0].b && v[1].b : v[0].b || v[1].b};
        return 0;
    }
}

/* min, max, abs, ceil, floor and round: numbers in, a number out. */
static int eval_math(const node *n, const fx_val *slots, fx_val *out, fx_fail *fail)
{
    fx_val v[2];
    bool isnull = false;
    if (n->kind == N_MIN || n->kind == N_MAX) {
        /* any number of arguments: one at a time */
        double best = 0;
        for (size_t i = 0; i < n->nargs; i++) {
            if (eval(n->args[i], slots, &v[0], fail) < 0)
                return -1;
            isnull |= v[0].kind != FX_NUM;
            if (!isnull && (i == 0 || (n->kind == N_MIN ? v[0].num < best : v[0].num > best)))
                best = v[0].num;
        }
        *out = isnull ? null_val : num_val(best);
        return 0;
    }
    if (eval_args(n, slots, v, FX_NUM, &isnull, fail) < 0)
        return -1;
    if (isnull) {
        *out = null_val;
        return 0;
    }
    if (n->kind == N_ROUND) {
        double d = n->nargs == 2 ? v[1].num : 0;
        if (!(d >= 0 && d <= MAX_ROUND_DIGITS && d == floor(d)))
            return fail_at(n, "round()'s digits are not a whole number from 0 to 10", fail);
        *out = isfinite(v[0].num) ? num_val(round_digits(v[0].num, (int)d)) : v[0];
        return 0;
    }
    *out = n->kind == N_ABS    ? num_val(fabs(v[0].num))
           : n->kind == N_CEIL ? num_val(ceil(v[0].num))
                               : num_val(floor(v[0].num));
    return 0;
}

/* Depth is bounded by MAX_DEPTH (the parser's limit on the tree's height). */
static int eval(const node *n, const fx_val *slots, fx_val *out, fx_fail *fail)
{
    switch (n->kind) {
    case N_NUM:
        *out = num_val(n->num);
        return 0;
    case N_STR:
        *out = (fx_val){.kind = FX_STR, .str = n->str};
        return 0;
    case N_BOOL:
        *out = (fx_val){.kind = FX_BOOL, .b = n->b};
        return 0;
    case N_NULL:
        *out = null_val;
        return 0;
    case N_NAME:
        *out = slots[n->slot];
        return 0;
    case N_NEG:
    case N_ADD:
    case N_SUB:
    case N_MUL:
    case N_DIV:
        return eval_arith(n, slots, out, fail);
    case N_LT:
    case N_LE:
    case N_GT:
    case N_GE:
    case N_EQ:
    case N_NE:
        return eval_compare(n, slots, out, fail);
    case N_NOT:
    case N_AND:
    case N_OR:
    case N_IF:
    case N_GIVEN:
        return eval_logic(n, slots, out, fail);
    case N_MIN:
    case N_MAX:
    case N_ABS:
    case N_CEIL:
    case N_FLOOR:
    case N_ROUND:
        return eval_math(n, slots, out, fail);
    case N_LOOKUP:
        return eval_lookup(n, slots, out, fail);
    case N_BAND:
        return eval_band(n, slots, out, fail);
    }
    *out = null_val;
    return 0;
}

int fx_eval(const fx_expr *e, const fx_val *slots, fx_val *out, fx_fail *fail)
{
    if (!e->checked)
        return fail_at(e->root, "the formula is not checked", fail);
    fx_val v;
    if (eval(e->root, slots, &v, fail) < 0)
        return -1;
    if (v.kind == FX_NUM && !isfinite(v.num))
        return fail_at(e->root, not_finite, fail);
    *out = v;
    return 0;
}
