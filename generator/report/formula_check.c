/* formula_check.c - the formulas' checking (fx_check): kinds, names, sources, rows and fields.
 *
 * How checking works is in formula.c's overview; evaluation reads what it
 * sets in the tree (formula_int.h). */
#include "report/formula_int.h"
#include "util/buf.h"
#include "util/strmap.h"
#include "util/suggest.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

/* Operand text quoted in messages is cut after this many bytes. */
#define MAX_QUOTE 60

const char *fx_kind_name(fx_kind k)
{
    switch (k) {
    case FX_NUM:
        return "a number";
    case FX_STR:
        return "a string";
    case FX_BOOL:
        return "true or false";
    case FX_NULL:
        break;
    }
    return "null";
}

typedef struct checker {
    fx_expr *e;
    const fx_env *env;
    err_list *errs;
    bool ok; /* no error added */
} checker;

static void cerr(checker *c, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cerr(checker *c, int line, int col, const char *fmt, ...)
{
    c->ok = false;
    va_list ap;
    va_start(ap, fmt);
    err_vadd(c->errs, c->e->file, line, col, fmt, ap);
    va_end(ap);
}

/* n's text for a message: a string literal as written, anything else in
 * single quotes; long texts are cut (at a UTF-8 character's start). */
static const char *quote(checker *c, const node *n)
{
    const char *s = c->e->src + n->start;
    size_t len = n->end - n->start;
    const char *more = "";
    if (len > MAX_QUOTE) {
        len = MAX_QUOTE;
        while (len && (s[len] & 0xc0) == 0x80)
            len--;
        more = "...";
    }
    if (n->kind == N_STR && !*more)
        return arena_strndup(c->e->a, s, len);
    return arena_printf(c->e->a, "'%.*s%s'", (int)len, s, more);
}

static bool may_be_null(fx_type t)
{
    return t.nullable || t.kind == FX_NULL;
}

/* True when n (checked) is of kind k or the literal null; else an error at n. */
static bool need(checker *c, const node *n, fx_kind k, const char *what)
{
    if (n->type.kind == k || n->type.kind == FX_NULL)
        return true;
    cerr(c, n->sline, n->scol, "%s needs %s, but %s is %s", what, fx_kind_name(k), quote(c, n),
         fx_kind_name(n->type.kind));
    return false;
}

/* The number n is as a literal (a number, or '-' before one). */
static bool literal_num(const node *n, double *v)
{
    double sign = 1;
    while (n->kind == N_NEG) {
        sign = -sign;
        n = n->args[0];
    }
    *v = sign * n->num;
    return n->kind == N_NUM;
}

static size_t count(const char *const *list)
{
    size_t n = 0;
    while (list && list[n])
        n++;
    return n;
}

static bool contains(const char *const *list, const char *s)
{
    for (size_t i = 0; list && list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

/* The strings of a and b, each once (arena, NULL-terminated). */
static const char *const *union_of(checker *c, const char *const *a, const char *const *b)
{
    size_t na = count(a), nb = count(b), n = 0;
    const char **u = arena_alloc(c->e->a, (na + nb + 1) * sizeof *u);
    for (size_t i = 0; i < na; i++)
        u[n++] = a[i];
    for (size_t i = 0; i < nb; i++)
        if (!contains(a, b[i]))
            u[n++] = b[i];
    return u;
}

/* The id of a source's item (checked by source_items; formula_int.h). */
const char *fxi_item_id(const value *item)
{
    return val_as_str(val_map_get(item, "id"));
}

/* The ids of n items (arena, NULL-terminated). */
static const char *const *ids_of(checker *c, value *const *items, size_t n)
{
    const char **ids = arena_alloc(c->e->a, (n + 1) * sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = fxi_item_id(items[i]);
    return ids;
}

/* formula_int.h */
value *fxi_find_row(value *const *rows, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(fxi_item_id(rows[i]), id) == 0)
            return rows[i];
    return NULL;
}

/* "; did you mean 'x'?" for the nearest of a map's keys to word, or "". */
static const char *near_key(checker *c, const char *word, const value *map)
{
    const char *near =
        map && map->type == VAL_MAP ? suggest_nearest(word, map->u.map.keys, map->u.map.len) : NULL;
    return near ? arena_printf(c->e->a, "; did you mean '%s'?", near) : "";
}

/* The items SOURCE (the string literal lit) names: a data table's rows, or
 * DATAFILE.KEY, a list of mappings with a string id each, ids unique. False
 * after an error at lit. */
static bool source_items(checker *c, const node *lit, value *const **items, size_t *n)
{
    const char *s = lit->str;
    const value *data = c->env->data;
    const value *file = val_map_get(data, s);
    const value *list = val_map_get(file, "rows");
    bool ok = false;
    strmap ids = STRMAP_INIT;
    if (!list || list->type != VAL_LIST) {
        const char *dot = strchr(s, '.');
        if (!dot) {
            if (file)
                cerr(c, lit->line, lit->col,
                     "data file '%s' has no rows: name a list in it as \"%s.KEY\"", s, s);
            else
                cerr(c, lit->line, lit->col, "no data table '%s'%s", s, near_key(c, s, data));
            goto out;
        }
        const char *fname = arena_strndup(c->e->a, s, (size_t)(dot - s));
        file = val_map_get(data, fname);
        if (!file) {
            cerr(c, lit->line, lit->col, "no data file '%s' for the source '%s'%s", fname, s,
                 near_key(c, fname, data));
            goto out;
        }
        list = val_path(file, dot + 1);
        if (!list) {
            cerr(c, lit->line, lit->col, "data file '%s' has no '%s'%s", fname, dot + 1,
                 strchr(dot + 1, '.') ? "" : near_key(c, dot + 1, file));
            goto out;
        }
        if (list->type != VAL_LIST) {
            cerr(c, lit->line, lit->col, "'%s' is %s, not a list of items with an id", s,
                 val_type_name(list->type));
            goto out;
        }
    }
    if (!list->u.list.len) {
        cerr(c, lit->line, lit->col, "'%s' has no items", s);
        goto out;
    }
    for (size_t i = 0; i < list->u.list.len; i++) {
        const char *id = fxi_item_id(list->u.list.items[i]);
        if (!id) {
            cerr(c, lit->line, lit->col, "item %zu of '%s' is not a mapping with a string 'id'",
                 i + 1, s);
            goto out;
        }
        if (strmap_get(&ids, id)) {
            cerr(c, lit->line, lit->col, "item %zu of '%s' repeats the id '%s'", i + 1, s, id);
            goto out;
        }
        strmap_put(&ids, id, (void *)id);
    }
    *items = list->u.list.items;
    *n = list->u.list.len;
    ok = true;
out:
    strmap_free(&ids);
    return ok;
}

/* formula_int.h */
cell_kind fxi_cell_of(const value *cell, double *num)
{
    if (!cell || cell->type == VAL_NULL)
        return CELL_NONE;
    if (cell->type == VAL_STR)
        return CELL_STR;
    if (cell->type == VAL_MAP)
        cell = val_map_get(cell, "value");
    if (!cell || cell->type != VAL_NUM)
        return CELL_BAD;
    *num = cell->u.num;
    return CELL_NUM;
}

/* "; did you mean 'basic.low'?" for a field row does not have: the path as
 * far as it exists, then the key nearest to the first missing part. */
static const char *near_field(checker *c, const value *row, const char *field)
{
    const char *part = field;
    for (;;) {
        const char *dot = strchr(part, '.');
        char *name = arena_strndup(c->e->a, part, dot ? (size_t)(dot - part) : strlen(part));
        const value *v = val_map_get(row, name);
        if (!v || !dot) {
            const char *near = v || row->type != VAL_MAP
                                   ? NULL
                                   : suggest_nearest(name, row->u.map.keys, row->u.map.len);
            return near ? arena_printf(c->e->a, "; did you mean '%.*s%s%s'?", (int)(part - field),
                                       field, near, dot ? dot : "")
                        : "";
        }
        row = v;
        part = dot + 1;
    }
}

static fx_kind cell_fx(cell_kind k)
{
    return k == CELL_NUM ? FX_NUM : FX_STR;
}

static const char *cell_name(cell_kind k)
{
    return k == CELL_NUM ? "a number" : "a string";
}

/* One row's cell for lookup n: merges its kind into *kind (first seen in row
 * *first). False after an error. A missing cell is an error when required. */
static bool check_cell(checker *c, const node *n, const char *src, const value *row, bool required,
                       cell_kind *kind, const char **first, bool *missing)
{
    const node *fld = n->args[2];
    const char *id = fxi_item_id(row);
    double num;
    cell_kind k = fxi_cell_of(val_path(row, fld->str), &num);
    if (k == CELL_NONE) {
        if (required)
            cerr(c, fld->line, fld->col, "row '%s' of '%s' has no '%s'%s", id, src, fld->str,
                 near_field(c, row, fld->str));
        *missing = true;
        return !required;
    }
    if (k == CELL_BAD) {
        const value *v = val_path(row, fld->str);
        cerr(c, fld->line, fld->col,
             "'%s' in row '%s' of '%s' is %s, not a number, a string or a mapping with a numeric "
             "'value'",
             fld->str, id, src, val_type_name(v->type));
        return false;
    }
    if (*kind == CELL_NONE) {
        *kind = k;
        *first = id;
    } else if (*kind != k) {
        cerr(c, fld->line, fld->col, "'%s' is %s in row '%s' but %s in row '%s' of '%s'", fld->str,
             cell_name(*kind), *first, cell_name(k), id, src);
        return false;
    }
    return true;
}

/* lookup(SOURCE, row, FIELD): the rows the row can name (a literal, or a
 * string of known values) must each have the field; otherwise every row that
 * has it must agree on its kind. */
static bool check_lookup(checker *c, node *n)
{
    const node *lit = n->args[0], *row = n->args[1], *fld = n->args[2];
    const char *src = lit->str;
    value *const *rows;
    size_t nrows;
    bool found = source_items(c, lit, &rows, &nrows);
    if (!need(c, row, FX_STR, "lookup()'s row") || !found)
        return false;
    const char *one[2] = {row->str, NULL};
    const char *const *known = row->kind == N_STR ? one : row->type.allowed;
    if (known && !known[0])
        known = NULL; /* an empty set of values: as good as unknown */
    cell_kind kind = CELL_NONE;
    const char *first = NULL;
    bool ok = true, missing = false;
    if (known) {
        for (size_t i = 0; ok && known[i]; i++) { /* the first row that fails tells it */
            const value *r = fxi_find_row(rows, nrows, known[i]);
            if (!r) {
                const char *near = row->kind == N_STR
                                       ? suggest_nearest(known[i], ids_of(c, rows, nrows), nrows)
                                       : NULL;
                if (near)
                    cerr(c, row->sline, row->scol, "'%s' has no row '%s'; did you mean '%s'?", src,
                         known[i], near);
                else
                    cerr(c, row->sline, row->scol, "'%s' has no row '%s'", src, known[i]);
                ok = false;
                continue;
            }
            ok = check_cell(c, n, src, r, true, &kind, &first, &missing);
        }
    } else {
        for (size_t i = 0; ok && i < nrows; i++)
            ok = check_cell(c, n, src, rows[i], false, &kind, &first, &missing);
        if (ok && kind == CELL_NONE) {
            cerr(c, fld->line, fld->col, "no row of '%s' has '%s'%s", src, fld->str,
                 near_field(c, rows[0], fld->str));
            ok = false;
        }
    }
    if (!ok)
        return false;
    n->rows = rows;
    n->nrows = nrows;
    n->type = (fx_type){cell_fx(kind), may_be_null(row->type) || !known, NULL};
    return true;
}

/* band(x, SOURCE): every item's min and max are numbers (or absent), max above min. */
static bool check_band(checker *c, node *n)
{
    const node *lit = n->args[1];
    value *const *items;
    size_t nitems;
    bool found = source_items(c, lit, &items, &nitems);
    if (!need(c, n->args[0], FX_NUM, "band()") || !found)
        return false;
    bool ok = true;
    for (size_t i = 0; i < nitems; i++) {
        const char *id = fxi_item_id(items[i]);
        const value *lo = val_map_get(items[i], "min"), *hi = val_map_get(items[i], "max");
        const value *bound[2] = {lo, hi};
        for (int k = 0; k < 2; k++)
            if (bound[k] && bound[k]->type != VAL_NUM && bound[k]->type != VAL_NULL) {
                cerr(c, lit->line, lit->col, "item '%s' of '%s' has a %s that is %s, not a number",
                     id, lit->str, k ? "max" : "min", val_type_name(bound[k]->type));
                ok = false;
            }
        if (lo && hi && lo->type == VAL_NUM && hi->type == VAL_NUM && hi->u.num <= lo->u.num) {
            cerr(c, lit->line, lit->col, "item '%s' of '%s' has max %.15g, not above min %.15g", id,
                 lit->str, hi->u.num, lo->u.num);
            ok = false;
        }
    }
    if (!ok)
        return false;
    n->rows = items;
    n->nrows = nitems;
    n->type = (fx_type){FX_STR, true, ids_of(c, items, nitems)};
    return true;
}

/* == and !=: one kind on both sides (or the literal null); a string literal
 * compared with a string of known values must be one of them. */
static bool check_equality(checker *c, node *n)
{
    const node *l = n->args[0], *r = n->args[1];
    fx_kind lk = l->type.kind, rk = r->type.kind;
    const char *op = n->kind == N_EQ ? "==" : "!=";
    if (lk != rk && lk != FX_NULL && rk != FX_NULL) {
        cerr(c, n->line, n->col, "'%s' needs two values of one kind, but %s is %s and %s is %s", op,
             quote(c, l), fx_kind_name(lk), quote(c, r), fx_kind_name(rk));
        return false;
    }
    for (int side = 0; side < 2; side++) {
        const node *lit = n->args[side], *other = n->args[1 - side];
        const char *const *allowed = other->type.allowed;
        if (lit->kind != N_STR || other->kind == N_STR || !allowed || contains(allowed, lit->str))
            continue;
        const char *near = suggest_nearest(lit->str, allowed, count(allowed));
        buf m = BUF_INIT;
        buf_printf(&m, "%s is never '%s'", quote(c, other), lit->str);
        if (near)
            buf_printf(&m, "; did you mean '%s'?", near);
        buf_puts(&m, " (values: ");
        buf_join(&m, allowed, count(allowed));
        buf_puts(&m, ")");
        cerr(c, lit->line, lit->col, "%s", buf_cstr(&m));
        buf_free(&m);
        return false;
    }
    n->type = (fx_type){FX_BOOL, may_be_null(l->type) || may_be_null(r->type), NULL};
    return true;
}

/* + - * / < <= > >= (numbers) and 'and' 'or' (booleans): both operands of
 * the operator's kind, and no division by the literal 0. */
static bool check_operator(checker *c, node *n)
{
    static const char *const what[] = {"'+'",  "'-'", "'*'",  "'/'",   "'<'",
                                       "'<='", "'>'", "'>='", "'and'", "'or'"};
    size_t w = n->kind >= N_AND ? (size_t)(n->kind - N_AND) + 8 : (size_t)(n->kind - N_ADD);
    fx_kind k = n->kind >= N_AND ? FX_BOOL : FX_NUM;
    bool ok = need(c, n->args[0], k, what[w]);
    ok &= need(c, n->args[1], k, what[w]);
    double v;
    if (n->kind == N_DIV && literal_num(n->args[1], &v) && v == 0) {
        cerr(c, n->line, n->col, "division by zero");
        ok = false;
    }
    return ok;
}

/* min, max, abs, ceil, floor and round: numbers; round's digits, when a
 * literal, a whole number from 0 to MAX_ROUND_DIGITS. */
static bool check_math(checker *c, node *n)
{
    const char *what = arena_printf(c->e->a, "%s()", fxi_fn_names[n->kind - N_MIN]);
    bool ok = need(c, n->args[0], FX_NUM, what);
    for (size_t i = 1; i < n->nargs; i++)
        ok &= need(c, n->args[i], FX_NUM, n->kind == N_ROUND ? "round()'s second argument" : what);
    double v;
    if (n->kind == N_ROUND && n->nargs == 2 && literal_num(n->args[1], &v) &&
        !(v >= 0 && v <= MAX_ROUND_DIGITS && v == floor(v))) {
        const node *d = n->args[1];
        cerr(c, d->sline, d->scol,
             "round()'s digits must be a whole number from 0 to %d, not %.15g", MAX_ROUND_DIGITS,
             v);
        ok = false;
    }
    return ok;
}

/* if(condition, then, else): the branches share a kind (or one is null). */
static bool check_if(checker *c, node *n)
{
    const node *cond = n->args[0], *a = n->args[1], *b = n->args[2];
    if (!need(c, cond, FX_BOOL, "if()'s condition"))
        return false;
    fx_type ta = a->type, tb = b->type;
    if (ta.kind != tb.kind && ta.kind != FX_NULL && tb.kind != FX_NULL) {
        cerr(c, n->line, n->col, "if() needs two branches of one kind, but %s is %s and %s is %s",
             quote(c, a), fx_kind_name(ta.kind), quote(c, b), fx_kind_name(tb.kind));
        return false;
    }
    fx_type t = {ta.kind != FX_NULL ? ta.kind : tb.kind,
                 may_be_null(cond->type) || may_be_null(ta) || may_be_null(tb), NULL};
    if (t.kind == FX_STR) {
        if (ta.kind == FX_NULL)
            t.allowed = tb.allowed;
        else if (tb.kind == FX_NULL)
            t.allowed = ta.allowed;
        else if (ta.allowed && tb.allowed)
            t.allowed = union_of(c, ta.allowed, tb.allowed);
    }
    n->type = t;
    return true;
}

static bool check_name(checker *c, node *n)
{
    fx_type t = {FX_NULL, true, NULL};
    size_t slot = 0;
    if (!c->env->resolve || !c->env->resolve(c->env->ctx, n->str, &t, &slot)) {
        const char *near = suggest_nearest(n->str, c->env->suggest, count(c->env->suggest));
        if (near)
            cerr(c, n->line, n->col, "unknown name '%s'; did you mean '%s'?", n->str, near);
        else
            cerr(c, n->line, n->col, "unknown name '%s'", n->str);
        return false;
    }
    n->type = t;
    n->slot = slot;
    return true;
}

/* Types n and its operands (depth bounded by the parser's MAX_DEPTH). A
 * node that failed gets the type FX_NULL, which every operator takes: its
 * parent then reports only what is wrong with its other operands. */
static bool check(checker *c, node *n)
{
    bool args_ok = true, ok = true, nullable = false;
    /* lookup's and band's SOURCE and FIELD are read by their checks, not typed */
    for (size_t i = 0; i < n->nargs; i++) {
        if ((n->kind == N_LOOKUP && i != 1) || (n->kind == N_BAND && i == 1))
            continue;
        args_ok &= check(c, n->args[i]);
        nullable |= may_be_null(n->args[i]->type);
    }
    bool logic = n->kind == N_NOT || (n->kind >= N_LT && n->kind <= N_OR);
    n->type = (fx_type){logic ? FX_BOOL : FX_NUM, nullable, NULL};
    switch (n->kind) {
    case N_NUM:
        break;
    case N_STR: {
        const char **one = arena_alloc(c->e->a, 2 * sizeof *one);
        one[0] = n->str;
        n->type = (fx_type){FX_STR, false, one};
        break;
    }
    case N_BOOL:
        n->type.kind = FX_BOOL;
        break;
    case N_NULL:
        n->type = (fx_type){FX_NULL, true, NULL};
        break;
    case N_NAME:
        ok = check_name(c, n);
        break;
    case N_NEG:
        ok = need(c, n->args[0], FX_NUM, "'-'");
        break;
    case N_NOT:
        ok = need(c, n->args[0], FX_BOOL, "'not'");
        break;
    case N_ADD:
    case N_SUB:
    case N_MUL:
    case N_DIV:
    case N_LT:
    case N_LE:
    case N_GT:
    case N_GE:
    case N_AND:
    case N_OR:
        ok = check_operator(c, n);
        break;
    case N_EQ:
    case N_NE:
        ok = check_equality(c, n);
        break;
    case N_MIN:
    case N_MAX:
    case N_ABS:
    case N_CEIL:
    case N_FLOOR:
    case N_ROUND:
        ok = check_math(c, n);
        break;
    case N_IF:
        ok = check_if(c, n);
        break;
    case N_GIVEN:
        n->type = (fx_type){FX_BOOL, false, NULL};
        break;
    case N_LOOKUP:
        ok = check_lookup(c, n);
        break;
    case N_BAND:
        ok = check_band(c, n);
        break;
    }
    if (!ok || !args_ok)
        n->type = (fx_type){FX_NULL, true, NULL};
    return ok && args_ok;
}

int fx_check(fx_expr *e, const fx_env *env, fx_type *type, err_list *errs)
{
    checker c = {e, env, errs, true};
    bool ok = check(&c, e->root) && c.ok;
    e->checked = ok;
    *type = ok ? e->root->type : (fx_type){FX_NULL, true, NULL};
    return ok ? 0 : -1;
}
