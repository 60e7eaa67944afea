/* cond.c - rules.yaml's condition language: compiled against known facts, evaluated per profile.
 *
 * A condition is a mapping whose entries must all hold:
 *   FIELD: scalar             the fact equals it (a list fact: contains it)
 *   FIELD: [a, b]             the fact is one of them (a list fact: shares one)
 *   FIELD: {OP: operand, ...} each test holds; OP is eq, ne, in, not_in, lt,
 *                             lte, gt or gte; a comparison's operand is a
 *                             number or the name of another numeric fact;
 *                             given: true holds when the fact is not null
 *                             (given: false when it is)
 *   all: [cond, ...]          every condition holds
 *   any: [cond, ...]          at least one holds
 *   not: cond                 it does not hold
 * Compiling checks every field, operator and value against the facts the
 * caller registered (their types and allowed values), so a typo is an error
 * at its line with a suggestion, not a rule that silently never fires. */
#include "report/cond.h"
#include "core/keys.h"
#include "util/suggest.h"
#include "util/buf.h"

#include <stdarg.h>
#include <string.h>

/* Nesting of all/any/not deeper than this is an error (never recurse on
 * input-controlled depth without a limit). */
#define MAX_COND_DEPTH 16

typedef enum cond_kind { C_ALL, C_ANY, C_NOT, C_TEST } cond_kind;
typedef enum cond_op {
    OP_EQ,
    OP_NE,
    OP_IN,
    OP_NOT_IN,
    OP_LT,
    OP_LTE,
    OP_GT,
    OP_GTE,
    OP_GIVEN,
    OP_COUNT
} cond_op;
static const char *const op_names[OP_COUNT] = {"eq",  "ne", "in",  "not_in", "lt",
                                               "lte", "gt", "gte", "given"};

struct rule_cond {
    cond_kind kind;
    const rule_cond **kids; /* C_ALL, C_ANY: the parts; C_NOT: one */
    size_t n;
    const char *field; /* C_TEST: dotted fact path */
    bool list_field;   /* the fact is a list (compliance) */
    cond_op op;
    const value *operand;      /* a scalar, or a list for in / not_in */
    const char *operand_field; /* comparisons against another fact, or NULL */
};

/* An error at a value's position; the rules (or profile) are then invalid. */
#define bad(c, at, ...) ((c)->ok = false, val_error((c)->errs, (at), (c)->file, __VA_ARGS__))

static rule_cond *compile(cond_ctx *c, const value *v, int depth);

static const cond_fact *find_fact(cond_ctx *c, const char *path)
{
    for (size_t i = 0; i < c->nfacts; i++)
        if (strcmp(c->facts[i].path, path) == 0)
            return &c->facts[i];
    return NULL;
}

void cond_add_fact(cond_ctx *c, const char *path, pf_type type, const char *const *allowed,
                   size_t n)
{
    c->facts = arena_realloc(c->a, c->facts, c->nfacts * sizeof *c->facts,
                             (c->nfacts + 1) * sizeof *c->facts);
    c->facts[c->nfacts++] = (cond_fact){path, type, allowed, n};
}

static bool numeric(pf_type t)
{
    return t == PF_INT || t == PF_NUMBER;
}

/* Checks one operand value for fact f; true when it fits. */
static bool check_operand(cond_ctx *c, const cond_fact *f, const value *v, const char *op)
{
    if (f->type == PF_SECTION)
        return true; /* a fact of unknown type: its own error was reported */
    if (numeric(f->type)) {
        if (v->type == VAL_NUM)
            return true;
        bad(c, v, "'%s %s' needs a number", f->path, op);
        return false;
    }
    if (f->type == PF_BOOL) {
        if (v->type == VAL_BOOL)
            return true;
        bad(c, v, "'%s' is true or false", f->path);
        return false;
    }
    if (f->nallowed) {
        const char *s = val_as_str(v);
        for (size_t i = 0; s && i < f->nallowed; i++)
            if (strcmp(s, f->allowed[i]) == 0)
                return true;
        buf m = BUF_INIT;
        buf_printf(&m, "'%s' is never ", f->path);
        if (s)
            buf_printf(&m, "'%s'", s);
        else
            buf_puts(&m, val_type_name(v->type));
        const char *near = s ? suggest_nearest(s, f->allowed, f->nallowed) : NULL;
        if (near)
            buf_printf(&m, "; did you mean '%s'?", near);
        buf_puts(&m, " (values: ");
        buf_join(&m, f->allowed, f->nallowed);
        buf_puts(&m, ")");
        bad(c, v, "%s", buf_cstr(&m));
        buf_free(&m);
        return false;
    }
    if (v->type == VAL_STR)
        return true;
    bad(c, v, "'%s' needs a string", f->path);
    return false;
}

static rule_cond *new_test(cond_ctx *c, const cond_fact *f, cond_op op, const value *operand)
{
    rule_cond *t = arena_alloc(c->a, sizeof *t);
    t->kind = C_TEST;
    t->field = f->path;
    t->list_field = f->type == PF_ENUM_LIST;
    t->op = op;
    t->operand = operand;
    return t;
}

/* One test of fact f by operator op against v. */
static rule_cond *compile_op(cond_ctx *c, const cond_fact *f, cond_op op, const value *v)
{
    rule_cond *t = new_test(c, f, op, v);
    if (op == OP_GIVEN) {
        if (v->type == VAL_BOOL)
            return t;
        bad(c, v, "'%s given' needs true or false", f->path);
        return NULL;
    }
    if (op == OP_IN || op == OP_NOT_IN) {
        if (v->type != VAL_LIST || !v->u.list.len) {
            bad(c, v, "'%s %s' needs a non-empty list", f->path, op_names[op]);
            return NULL;
        }
        bool ok = true;
        for (size_t i = 0; i < v->u.list.len; i++)
            ok &= check_operand(c, f, v->u.list.items[i], op_names[op]);
        return ok ? t : NULL;
    }
    if (op >= OP_LT && op <= OP_GTE) {
        if (!numeric(f->type) && f->type != PF_SECTION) {
            bad(c, v, "'%s' is not a number: use eq, ne, in or not_in", f->path);
            return NULL;
        }
        if (v->type == VAL_STR) {
            const cond_fact *other = find_fact(c, v->u.str.s);
            if (!other || !numeric(other->type)) {
                bad(c, v, "'%s %s' needs a number or a numeric field; '%s' is neither", f->path,
                    op_names[op], v->u.str.s);
                return NULL;
            }
            t->operand_field = other->path;
            return t;
        }
    }
    return check_operand(c, f, v, op_names[op]) ? t : NULL;
}

static rule_cond *group(cond_ctx *c, cond_kind kind, const rule_cond **kids, size_t n)
{
    if (n == 1 && kind == C_ALL)
        return (rule_cond *)kids[0];
    rule_cond *g = arena_alloc(c->a, sizeof *g);
    g->kind = kind;
    g->kids = kids;
    g->n = n;
    return g;
}

/* One FIELD: test entry. */
static rule_cond *compile_field(cond_ctx *c, const value *map, const char *key, const value *v)
{
    const cond_fact *f = find_fact(c, key);
    if (!f) {
        const char **names = arena_alloc(c->a, c->nfacts * sizeof *names);
        for (size_t i = 0; i < c->nfacts; i++)
            names[i] = c->facts[i].path;
        src_pos at = yaml_key_pos(c->text, map, v, key);
        buf m = BUF_INIT;
        buf_printf(&m, "unknown field '%s' in a condition", key);
        const char *near = suggest_nearest(key, names, c->nfacts);
        if (near) {
            buf_printf(&m, "; did you mean '%s'?", near);
        } else {
            buf_puts(&m, " (fields: ");
            buf_join(&m, names, c->nfacts);
            buf_puts(&m, ", or all, any, not)");
        }
        err_add(c->errs, at.file ? at.file : c->file, at.line, at.col, "%s", buf_cstr(&m));
        buf_free(&m);
        c->ok = false;
        return NULL;
    }
    if (v->type == VAL_LIST)
        return compile_op(c, f, OP_IN, v);
    if (v->type != VAL_MAP)
        return compile_op(c, f, OP_EQ, v);
    if (!v->u.map.len) {
        bad(c, v, "'%s' needs a test (eq, ne, in, not_in, lt, lte, gt, gte, given)", key);
        return NULL;
    }
    const rule_cond **kids = arena_alloc(c->a, v->u.map.len * sizeof *kids);
    bool ok = true;
    for (size_t i = 0; i < v->u.map.len; i++) {
        const char *opn = v->u.map.keys[i];
        cond_op op = OP_COUNT;
        for (int k = 0; k < OP_COUNT; k++)
            if (strcmp(opn, op_names[k]) == 0)
                op = (cond_op)k;
        if (op == OP_COUNT) {
            src_pos at = yaml_key_pos(c->text, v, v->u.map.vals[i], opn);
            const char *near = suggest_nearest(opn, op_names, OP_COUNT);
            err_add(
                c->errs, at.file ? at.file : c->file, at.line, at.col,
                "unknown test '%s'%s%s%s (allowed: eq, ne, in, not_in, lt, lte, gt, gte, given)",
                opn, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
            c->ok = ok = false;
            continue;
        }
        kids[i] = compile_op(c, f, op, v->u.map.vals[i]);
        ok &= kids[i] != NULL;
    }
    return ok ? group(c, C_ALL, kids, v->u.map.len) : NULL;
}

static rule_cond *compile_list(cond_ctx *c, cond_kind kind, const value *v, int depth)
{
    if (!v || v->type != VAL_LIST || !v->u.list.len) {
        bad(c, v, "'%s' needs a non-empty list of conditions", kind == C_ALL ? "all" : "any");
        return NULL;
    }
    const rule_cond **kids = arena_alloc(c->a, v->u.list.len * sizeof *kids);
    bool ok = true;
    for (size_t i = 0; i < v->u.list.len; i++) {
        kids[i] = compile(c, v->u.list.items[i], depth + 1);
        ok &= kids[i] != NULL;
    }
    return ok ? group(c, kind, kids, v->u.list.len) : NULL;
}

/* Compiles a condition mapping; NULL after errors. */
static rule_cond *compile(cond_ctx *c, const value *v, int depth)
{
    if (depth > MAX_COND_DEPTH) {
        bad(c, v, "conditions nest deeper than %d levels", MAX_COND_DEPTH);
        return NULL;
    }
    if (!v || v->type != VAL_MAP || !v->u.map.len) {
        bad(c, v,
            "a condition is a mapping of FIELD: test, all: [...], any: [...] or not: condition");
        return NULL;
    }
    const rule_cond **kids = arena_alloc(c->a, v->u.map.len * sizeof *kids);
    bool ok = true;
    for (size_t i = 0; i < v->u.map.len; i++) {
        const char *k = v->u.map.keys[i];
        const value *x = v->u.map.vals[i];
        if (strcmp(k, "all") == 0) {
            kids[i] = compile_list(c, C_ALL, x, depth);
        } else if (strcmp(k, "any") == 0) {
            kids[i] = compile_list(c, C_ANY, x, depth);
        } else if (strcmp(k, "not") == 0) {
            const rule_cond *inner = compile(c, x, depth + 1);
            const rule_cond **one = arena_alloc(c->a, sizeof *one);
            *one = inner;
            kids[i] = inner ? group(c, C_NOT, one, 1) : NULL;
        } else {
            kids[i] = compile_field(c, v, k, x);
        }
        ok &= kids[i] != NULL;
    }
    return ok ? group(c, C_ALL, kids, v->u.map.len) : NULL;
}

static bool same(const value *a, const value *b)
{
    if (!a || !b || a->type != b->type)
        return false;
    switch (a->type) {
    case VAL_STR:
        return strcmp(a->u.str.s, b->u.str.s) == 0;
    case VAL_NUM:
        return a->u.num == b->u.num;
    case VAL_BOOL:
        return a->u.b == b->u.b;
    default:
        return false;
    }
}

/* True when the fact fv (a scalar, or a list fact's items) matches any of
 * the operand's values. */
static bool matches(const rule_cond *t, const value *fv)
{
    const value *const *ops = &t->operand;
    size_t nops = 1;
    if (t->operand->type == VAL_LIST) {
        ops = (const value *const *)t->operand->u.list.items;
        nops = t->operand->u.list.len;
    }
    if (t->list_field) {
        for (size_t i = 0; fv && fv->type == VAL_LIST && i < fv->u.list.len; i++)
            for (size_t k = 0; k < nops; k++)
                if (same(fv->u.list.items[i], ops[k]))
                    return true;
        return false;
    }
    for (size_t k = 0; k < nops; k++)
        if (same(fv, ops[k]))
            return true;
    return false;
}

/* Evaluation depth is bounded by MAX_COND_DEPTH at compile time. */
bool rules_cond_eval(const rule_cond *c, const value *facts)
{
    switch (c->kind) {
    case C_ALL:
        for (size_t i = 0; i < c->n; i++)
            if (!rules_cond_eval(c->kids[i], facts))
                return false;
        return true;
    case C_ANY:
        for (size_t i = 0; i < c->n; i++)
            if (rules_cond_eval(c->kids[i], facts))
                return true;
        return false;
    case C_NOT:
        return !rules_cond_eval(c->kids[0], facts);
    case C_TEST:
        break;
    }
    const value *fv = val_path(facts, c->field);
    switch (c->op) {
    case OP_GIVEN:
        return (fv && fv->type != VAL_NULL) == c->operand->u.b;
    case OP_EQ:
    case OP_IN:
        return matches(c, fv);
    case OP_NE:
    case OP_NOT_IN:
        return !matches(c, fv);
    default:
        break;
    }
    const value *ov = c->operand_field ? val_path(facts, c->operand_field) : c->operand;
    if (!fv || fv->type != VAL_NUM || !ov || ov->type != VAL_NUM)
        return false;
    double x = fv->u.num, y = ov->u.num;
    switch (c->op) {
    case OP_LT:
        return x < y;
    case OP_LTE:
        return x <= y;
    case OP_GT:
        return x > y;
    case OP_GTE:
        return x >= y;
    default:
        return false;
    }
}

rule_cond *cond_compile(cond_ctx *c, const value *v)
{
    return compile(c, v, 0);
}
