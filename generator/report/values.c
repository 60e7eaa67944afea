/* values.c - the model's computed values: named formulas (formula.h) over the profile's fields,
 * the data tables and each other.
 *
 * Loading parses every formula, orders the values so that each comes after
 * the values it uses (a depth-first walk; a value met again while it is
 * being walked closes a cycle, which is an error naming the cycle), checks
 * their types in that order, registers each as a fact conditions may test,
 * and evaluates them once on the schema's example profile, so a division by
 * zero shows when the model loads, at the formula. Evaluating for a profile
 * fills one slot per schema field from its facts, then the values in order. */
#include "report/load.h"
#include "core/i18n.h"
#include "core/table.h"
#include "util/suggest.h"

#include <string.h>

/* The resolver's context: the load and the names formulas may use. */
typedef struct names {
    rctx *c;
    const char **all; /* fields' paths then values' names, for suggestions (NULL-ended) */
} names;

/* The fx type of a profile field: numbers, strings (an enum's values), booleans. */
static bool field_type(const pf_schema *schema, size_t i, fx_type *t)
{
    const pf_field *f = &schema->fields[i];
    const char *dot = strchr(f->path, '.');
    bool in_optional = false;
    for (size_t k = 0; dot && k < i; k++)
        if (schema->fields[k].type == PF_SECTION && schema->fields[k].optional &&
            strncmp(schema->fields[k].path, f->path, (size_t)(dot - f->path)) == 0 &&
            !schema->fields[k].path[dot - f->path])
            in_optional = true;
    t->nullable = in_optional || (!f->required && !f->def);
    t->allowed = NULL;
    switch (f->type) {
    case PF_INT:
    case PF_NUMBER:
        t->kind = FX_NUM;
        return true;
    case PF_BOOL:
        t->kind = FX_BOOL;
        return true;
    case PF_ENUM:
    case PF_REGION:
        t->allowed = f->allowed;
        /* fall through */
    case PF_STRING:
    case PF_DATE:
        t->kind = FX_STR;
        return true;
    default:
        return false; /* sections and lists are not values a formula can use */
    }
}

static bool resolve(void *ctx, const char *name, fx_type *type, size_t *slot)
{
    names *n = ctx;
    const ruleset *rs = n->c->rs;
    for (size_t i = 0; i < rs->schema->n; i++)
        if (strcmp(rs->schema->fields[i].path, name) == 0) {
            *slot = i;
            return field_type(rs->schema, i, type);
        }
    for (size_t i = 0; i < rs->nvalues; i++)
        if (rs->values[i].checked && strcmp(rs->values[i].name, name) == 0) {
            *slot = rs->schema->n + i;
            *type = rs->values[i].type;
            return true;
        }
    return false;
}

static fx_env env_of(names *n)
{
    fx_env env = {resolve, n, n->c->s->data, n->all};
    return env;
}

/* The names formulas may use, for suggestions. */
static const char **all_names(rctx *c)
{
    const ruleset *rs = c->rs;
    const char **all = arena_alloc(c->a, (rs->schema->n + rs->nvalues + 1) * sizeof *all);
    size_t k = 0;
    fx_type t;
    for (size_t i = 0; i < rs->schema->n; i++)
        if (field_type(rs->schema, i, &t))
            all[k++] = rs->schema->fields[i].path;
    for (size_t i = 0; i < rs->nvalues; i++)
        all[k++] = rs->values[i].name;
    return all;
}

static bool valid_name(const char *s)
{
    if (!s || !((*s >= 'a' && *s <= 'z') || *s == '_'))
        return false;
    return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(s);
}

/* Reads one value's keys and parses its formula (type checking comes later). */
static void read_value(rctx *c, const value *v, rule_value *out)
{
    static const char *const keys[] = {"name", "formula", "label", "unit", "decimals", NULL};
    rl_check_keys(c, v, keys, "a value");
    const ruleset *rs = c->rs;
    out->name = rl_str(c, v, "name", true, "a value");
    const char *what = arena_printf(c->a, "value '%s'", out->name ? out->name : "?");
    if (out->name && !valid_name(out->name))
        bad(c, val_map_get(v, "name"),
            "a value's name must be lowercase letters, digits and '_' (formulas use it)");
    for (size_t i = 0; out->name && i < rs->schema->n; i++)
        if (strncmp(rs->schema->fields[i].path, out->name, strlen(out->name)) == 0 &&
            strchr(".", rs->schema->fields[i].path[strlen(out->name)]))
            bad(c, val_map_get(v, "name"), "the value '%s' has the name of a profile field",
                out->name);
    if (out->name && strcmp(out->name, "score") == 0)
        bad(c, val_map_get(v, "name"), "'score' is taken: score.OPTION are the options' scores");
    for (size_t i = 0; out->name && i + 1 < rs->nvalues; i++)
        if (rs->values[i].name && strcmp(rs->values[i].name, out->name) == 0)
            bad(c, val_map_get(v, "name"), "the value '%s' is declared twice", out->name);
    out->label = rl_str(c, v, "label", false, what);
    if (!out->label)
        out->label = out->name;
    out->unit = rl_str(c, v, "unit", false, what);
    out->decimals = (int)rl_num(c, v, "decimals", 0, 10, -1, false, what);
    const value *fv = val_map_get(v, "formula");
    if (!fv || fv->type == VAL_NULL) {
        bad(c, v, "%s needs 'formula'", what);
        return;
    }
    if (fv->type == VAL_NUM || fv->type == VAL_BOOL) { /* formula: 160 */
        buf t = BUF_INIT;
        val_to_text(fv, &t);
        out->pos = fv->pos;
        out->expr = fx_parse(c->a, arena_strdup(c->a, buf_cstr(&t)), c->file, fv->pos.line,
                             fv->pos.col, c->errs);
        buf_free(&t);
    } else if (fv->type == VAL_STR) {
        out->pos = rl_text_pos(c, fv, 0);
        out->expr =
            fx_parse(c->a, fv->u.str.s, out->pos.file, out->pos.line, out->pos.col, c->errs);
    } else {
        bad(c, fv, "the formula of %s must be a string", what);
        return;
    }
    if (!out->expr)
        c->ok = false;
}

/* The index of the value called name, or nvalues. */
static size_t value_index(const ruleset *rs, const char *name)
{
    size_t i = 0;
    while (i < rs->nvalues && strcmp(rs->values[i].name ? rs->values[i].name : "", name) != 0)
        i++;
    return i;
}

/* Depth-first: appends i after the values it uses. state: 0 new, 1 being
 * walked, 2 done; path holds the walk for the cycle message. Returns false
 * after a cycle (reported once). */
static bool order_value(rctx *c, size_t i, unsigned char *state, size_t *path, size_t depth)
{
    ruleset *rs = c->rs;
    if (state[i] == 2 || !rs->values[i].expr)
        return true;
    path[depth] = i;
    if (state[i] == 1) {
        size_t start = 0;
        while (path[start] != i)
            start++;
        buf m = BUF_INIT;
        for (size_t k = start; k <= depth; k++)
            buf_printf(&m, "%s%s", k > start ? " -> " : "", rs->values[path[k]].name);
        err_add(c->errs, rs->values[i].pos.file, rs->values[i].pos.line, rs->values[i].pos.col,
                "the values form a cycle: %s (a value cannot depend on itself)", buf_cstr(&m));
        buf_free(&m);
        c->ok = false;
        return false;
    }
    state[i] = 1;
    const char *const *used;
    size_t n = fx_names(rs->values[i].expr, &used);
    for (size_t k = 0; k < n; k++) {
        size_t d = value_index(rs, used[k]);
        if (d < rs->nvalues && !order_value(c, d, state, path, depth + 1))
            return false;
    }
    state[i] = 2;
    rs->value_order[rs->nslots++ - rs->schema->n] = i;
    return true;
}

/* Registers a checked value as a fact conditions may test. */
static void add_fact(rctx *c, const rule_value *v)
{
    size_t n = 0;
    while (v->type.allowed && v->type.allowed[n])
        n++;
    pf_type t = v->type.kind == FX_NUM    ? PF_NUMBER
                : v->type.kind == FX_BOOL ? PF_BOOL
                : v->type.allowed         ? PF_ENUM
                                          : PF_STRING;
    cond_add_fact(&c->cc, v->name, t, v->type.allowed, n);
}

void values_load(rctx *c, const value *doc)
{
    ruleset *rs = c->rs;
    const value *list = val_map_get(doc, "values");
    rs->nslots = rs->schema->n;
    if (!list)
        return;
    if (list->type != VAL_LIST) {
        bad(c, list, "'values' must be a list of {name, formula}");
        return;
    }
    rs->values = arena_alloc(c->a, (list->u.list.len + 1) * sizeof *rs->values);
    for (size_t i = 0; i < list->u.list.len; i++) {
        const value *v = rl_need_map(c, list->u.list.items[i], list, "a value");
        if (v)
            read_value(c, v, &rs->values[rs->nvalues++]);
    }
    size_t nv = rs->nvalues;
    rs->value_order = arena_alloc(c->a, (nv + 1) * sizeof *rs->value_order);
    unsigned char *state = arena_alloc(c->a, nv + 1);
    size_t *path = arena_alloc(c->a, (nv + 1) * sizeof *path);
    bool cycle = false;
    for (size_t i = 0; i < nv && !cycle; i++)
        cycle = rs->values[i].name && !order_value(c, i, state, path, 0);
    if (cycle) { /* conditions on the values still compile: one mistake, one message */
        for (size_t i = 0; i < nv; i++)
            if (rs->values[i].name)
                cond_add_fact(&c->cc, rs->values[i].name, PF_SECTION, NULL, 0);
        return;
    }
    names n = {c, all_names(c)};
    fx_env env = env_of(&n);
    bool typed = true;
    for (size_t k = 0; k + rs->schema->n < rs->nslots; k++) {
        rule_value *v = &rs->values[rs->value_order[k]];
        if (fx_check(v->expr, &env, &v->type, c->errs) != 0) {
            c->ok = typed = false;
            cond_add_fact(&c->cc, v->name, PF_SECTION, NULL, 0);
            continue;
        }
        v->checked = true;
        add_fact(c, v);
    }
    if (!typed || rs->nslots != rs->schema->n + nv)
        return;
    /* the example profile: a formula that cannot run on it is an error now */
    profile *ex = profile_example(c->a, rs->schema, "2026-01-01");
    fx_val *slots = arena_alloc(c->a, rs->nslots * sizeof *slots);
    size_t failed;
    fx_fail fail;
    if (rules_values_eval(rs, ex->facts, c->a, slots, &fail, &failed) != 0) {
        err_add(c->errs, rs->values[failed].pos.file, fail.line, fail.col,
                "%s in the value '%s' on the schema's example profile (each field's example, "
                "else its default)",
                fail.why, rs->values[failed].name);
        c->ok = false;
    }
}

fx_expr *values_formula(rctx *c, const char *f, src_pos at)
{
    const ruleset *rs = c->rs;
    fx_expr *e = fx_parse(c->a, f, at.file, at.line, at.col, c->errs);
    const char *const *used;
    size_t nused = e ? fx_names(e, &used) : 0;
    for (size_t i = 0; i < nused; i++) {
        size_t v = value_index(rs, used[i]);
        if (v < rs->nvalues && !rs->values[v].checked)
            return NULL; /* it uses a value whose own error was reported (c->ok is false) */
    }
    names n = {c, all_names(c)};
    fx_env env = env_of(&n);
    fx_type t;
    if (!e || fx_check(e, &env, &t, c->errs) != 0) {
        c->ok = false;
        return NULL;
    }
    return e;
}

/* A fact as a formula's value (lists and maps: null; formulas cannot use them). */
static fx_val fx_of(const value *v)
{
    fx_val x = {FX_NULL, 0, NULL, false};
    if (v && v->type == VAL_NUM)
        x.kind = FX_NUM, x.num = v->u.num;
    else if (v && v->type == VAL_STR)
        x.kind = FX_STR, x.str = v->u.str.s;
    else if (v && v->type == VAL_BOOL)
        x.kind = FX_BOOL, x.b = v->u.b;
    return x;
}

value *rules_fx_value(arena *a, const fx_val *x)
{
    switch (x->kind) {
    case FX_NUM:
        return val_num(a, x->num);
    case FX_STR:
        return val_str_own(a, x->str);
    case FX_BOOL:
        return val_bool(a, x->b);
    default:
        return val_null(a);
    }
}

int rules_values_eval(const ruleset *rs, value *facts, arena *a, fx_val *slots, fx_fail *fail,
                      size_t *failed)
{
    for (size_t i = 0; i < rs->schema->n; i++)
        slots[i] = fx_of(val_path(facts, rs->schema->fields[i].path));
    for (size_t k = 0; k + rs->schema->n < rs->nslots; k++) {
        size_t i = rs->value_order[k];
        fx_val *out = &slots[rs->schema->n + i];
        if (fx_eval(rs->values[i].expr, slots, out, fail) != 0) {
            *failed = i;
            return -1;
        }
        val_map_set(a, facts, rs->values[i].name, rules_fx_value(a, out));
    }
    return 0;
}

void rules_value_text(const rule_value *v, const fx_val *x, const i18n_lang *words, buf *out)
{
    switch (x->kind) {
    case FX_NUM:
        i18n_number(words, x->num, v ? v->decimals : -1, out);
        break;
    case FX_STR:
        buf_puts(out, x->str);
        break;
    case FX_BOOL:
        buf_puts(out, i18n_get(words, x->b ? "answer_yes" : "answer_no"));
        break;
    default:
        break;
    }
}
