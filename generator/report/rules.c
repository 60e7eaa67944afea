/* rules.c - loads and checks rules.yaml, compiles its conditions, evaluates them.
 *
 * The condition language (README, "Client reports"): a condition is a
 * mapping whose entries must all hold.
 *   FIELD: scalar             the fact equals it (a list fact: contains it)
 *   FIELD: [a, b]             the fact is one of them (a list fact: shares one)
 *   FIELD: {OP: operand, ...} each test holds; OP is eq, ne, in, not_in, lt,
 *                             lte, gt or gte; a comparison's operand is a
 *                             number or the name of another numeric fact
 *   all: [cond, ...]          every condition holds
 *   any: [cond, ...]          at least one holds
 *   not: cond                 it does not hold
 * Fields are the profile's dotted paths plus derived facts: scale.band (the
 * id of the RPS band peak_rps falls in, null without peak_rps),
 * hiring.engineer_months, and score.python / score.nodejs / score.hybrid
 * (the sums of the rules above the one being evaluated). Everything is
 * checked at load time against the schema, so a typo in a field or a value
 * is an error at its line, not a rule that silently never fires. */
#include "rules.h"
#include "../buf.h"
#include "../content.h"
#include "../fsutil.h"
#include "../markdown.h"
#include "../table.h"
#include "../yamlload.h"
#include "profile.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const report_stack_ids[STACK_COUNT] = {"python", "nodejs", "hybrid"};

report_stack report_stack_from_id(const char *id)
{
    for (int i = 0; id && i < STACK_COUNT; i++)
        if (strcmp(id, report_stack_ids[i]) == 0)
            return (report_stack)i;
    return STACK_COUNT;
}

/* Nesting of all/any/not deeper than this is an error (never recurse on
 * input-controlled depth without a limit). */
#define MAX_COND_DEPTH 16

typedef enum cond_kind { C_ALL, C_ANY, C_NOT, C_TEST } cond_kind;
typedef enum cond_op { OP_EQ, OP_NE, OP_IN, OP_NOT_IN, OP_LT, OP_LTE, OP_GT, OP_GTE, OP_COUNT } cond_op;
static const char *const op_names[OP_COUNT] = {"eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte"};

struct rule_cond {
    cond_kind kind;
    const rule_cond **kids;     /* C_ALL, C_ANY: the parts; C_NOT: one */
    size_t n;
    const char *field;          /* C_TEST: dotted fact path */
    bool list_field;            /* the fact is a list (compliance) */
    cond_op op;
    const value *operand;       /* a scalar, or a list for in / not_in */
    const char *operand_field;  /* comparisons against another fact, or NULL */
};

/* A fact conditions may test. */
typedef struct fact {
    const char *path;
    pf_type type;
    const char *const *allowed; /* enumerations */
    size_t nallowed;
} fact;

/* A page's text, normalised for quote checks. */
typedef struct page_text {
    const page *p;
    char *text;
} page_text;

typedef struct rctx {
    arena *a;
    const site *s;
    const char *file;
    const char *text;
    err_list *errs;
    bool ok;
    ruleset *rs;
    fact *facts;
    size_t nfacts;
    page_text *pages;
    size_t npages;
} rctx;

static void bad(rctx *c, const value *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void bad(rctx *c, const value *at, const char *fmt, ...)
{
    buf msg = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    const char *file = at && at->pos.file ? at->pos.file : c->file;
    err_add(c->errs, file, at ? at->pos.line : 0, at ? at->pos.col : 0, "%s", buf_cstr(&msg));
    buf_free(&msg);
    c->ok = false;
}

static void join(const char *const *items, size_t n, buf *out)
{
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "%s%s", i ? ", " : "", items[i]);
}

/* Errors for keys of map not in allowed (NULL-terminated), with suggestions. */
static void check_keys(rctx *c, const value *map, const char *const *allowed, const char *what)
{
    size_t n = 0;
    while (allowed[n])
        n++;
    for (size_t i = 0; i < map->u.map.len; i++) {
        const char *k = map->u.map.keys[i];
        bool known = false;
        for (size_t j = 0; j < n && !known; j++)
            known = strcmp(k, allowed[j]) == 0;
        if (known)
            continue;
        src_pos at = report_key_pos(c->text, map, map->u.map.vals[i], k);
        buf m = BUF_INIT;
        buf_printf(&m, "unknown key '%s' in %s", k, what);
        const char *near = report_suggest(k, allowed, n);
        if (near)
            buf_printf(&m, "; did you mean '%s'?", near);
        buf_puts(&m, " (allowed: ");
        join(allowed, n, &m);
        buf_puts(&m, ")");
        err_add(c->errs, at.file ? at.file : c->file, at.line, at.col, "%s", buf_cstr(&m));
        buf_free(&m);
        c->ok = false;
    }
}

static const value *need_map(rctx *c, const value *v, const value *parent, const char *what)
{
    if (v && v->type == VAL_MAP)
        return v;
    bad(c, v ? v : parent, "%s must be a mapping", what);
    return NULL;
}

/* A string field; NULL (with an error when required) if absent or wrong. */
static const char *str_field(rctx *c, const value *map, const char *key, bool required, const char *what)
{
    const value *v = val_map_get(map, key);
    if (!v || v->type == VAL_NULL) {
        if (required)
            bad(c, map, "%s needs '%s'", what, key);
        return NULL;
    }
    if (v->type != VAL_STR || !v->u.str.len) {
        bad(c, v, "'%s' of %s must be a non-empty string", key, what);
        return NULL;
    }
    return v->u.str.s;
}

/* A number field in [lo, hi]; def when absent. */
static double num_field(rctx *c, const value *map, const char *key, double lo, double hi, double def,
                        bool required, const char *what)
{
    const value *v = val_map_get(map, key);
    if (!v || v->type == VAL_NULL) {
        if (required)
            bad(c, map, "%s needs '%s' (a number from %g to %g)", what, key, lo, hi);
        return def;
    }
    if (v->type != VAL_NUM || v->u.num < lo || v->u.num > hi) {
        bad(c, v, "'%s' of %s must be a number from %g to %g", key, what, lo, hi);
        return def;
    }
    return v->u.num;
}

/* ---- quotes and links ---- */

/* Appends s with '*' (Markdown emphasis) removed and whitespace runs as one space. */
static void normalise(const char *s, size_t n, buf *out)
{
    bool space = out->len > 0 && out->data[out->len - 1] == ' ';
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '*')
            continue;
        if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
            if (!space && out->len)
                buf_putc(out, ' ');
            space = true;
            continue;
        }
        buf_putc(out, ch);
        space = false;
    }
}

/* Appends every string in v (a data file the page shows), separated so
 * that no quote can span two of them. */
static void data_strings(const value *v, int depth, buf *out)
{
    if (!v || depth > YAML_MAX_DEPTH)
        return;
    if (v->type == VAL_STR) {
        normalise(v->u.str.s, v->u.str.len, out);
        buf_puts(out, "\x01 ");
    } else if (v->type == VAL_LIST) {
        for (size_t i = 0; i < v->u.list.len; i++)
            data_strings(v->u.list.items[i], depth + 1, out);
    } else if (v->type == VAL_MAP) {
        for (size_t i = 0; i < v->u.map.len; i++)
            data_strings(v->u.map.vals[i], depth + 1, out);
    }
}

/* The normalised text of page p: its Markdown body and the data files its
 * directives show (a FAQ's answers). Cached for the load. */
static const char *text_of(rctx *c, const page *p)
{
    for (size_t i = 0; i < c->npages; i++)
        if (c->pages[i].p == p)
            return c->pages[i].text;
    buf b = BUF_INIT;
    normalise(p->body ? p->body : "", p->body_len, &b);
    buf_puts(&b, "\x01 ");
    if (p->doc) {
        size_t n;
        const md_directive *d = md_directives(p->doc, &n);
        for (size_t i = 0; i < n; i++)
            data_strings(val_map_get(c->s->data, d[i].name), 0, &b);
        const char *faq = md_faq_name(p->doc);
        if (faq)
            data_strings(val_map_get(c->s->data, faq), 0, &b);
    }
    c->pages = arena_realloc(c->a, c->pages, c->npages * sizeof *c->pages, (c->npages + 1) * sizeof *c->pages);
    c->pages[c->npages].p = p;
    c->pages[c->npages].text = arena_strdup(c->a, buf_cstr(&b));
    buf_free(&b);
    return c->pages[c->npages++].text;
}

/* Checks a link to a guide section; returns its page (NULL after an error)
 * and sets *title to "Page title › Heading". */
static const page *check_link(rctx *c, const value *v, const char **title)
{
    const char *link = val_as_str(v);
    if (!link || link[0] != '/') {
        bad(c, v, "a link must be a site URL like /guide/nodejs/#where-nodejs-struggles");
        return NULL;
    }
    const char *hash = strchr(link, '#');
    char *path = arena_strndup(c->a, link, hash ? (size_t)(hash - link) : strlen(link));
    const page *p = site_page_by_url(c->s, path);
    if (!p) {
        bad(c, v, "link '%s': no page of the site has the URL '%s'", link, path);
        return NULL;
    }
    if (!hash || !hash[1]) {
        *title = p->title;
        return p;
    }
    for (size_t i = 0; i < p->ntoc; i++)
        if (strcmp(p->toc[i].id, hash + 1) == 0) {
            *title = arena_printf(c->a, "%s \xe2\x80\xba %s", p->title, p->toc[i].text);
            return p;
        }
    buf m = BUF_INIT;
    for (size_t i = 0; i < p->ntoc; i++)
        buf_printf(&m, "%s%s", i ? ", " : "", p->toc[i].id);
    bad(c, v, "link '%s': %s has no heading with the id '%s' (ids: %s)", link, path, hash + 1,
        m.len ? buf_cstr(&m) : "none");
    buf_free(&m);
    return NULL;
}

/* Checks that the string v occurs, word for word, in page p. */
static void check_quote(rctx *c, const value *v, const page *p)
{
    const char *s = val_as_str(v);
    if (!s || !p)
        return;
    buf q = BUF_INIT;
    normalise(s, strlen(s), &q);
    if (q.len && !strstr(text_of(c, p), buf_cstr(&q)))
        bad(c, v, "not a quote from %s: reasons, risks and steps must use the guide's own sentences "
                  "(check the wording against %s)",
            p->url, p->file);
    buf_free(&q);
}

/* Reads headline, text and link of map into q. With text_required false,
 * a passage without text is allowed (q->text NULL). */
static void read_quote(rctx *c, const value *map, rule_quote *q, bool text_required, const char *what)
{
    q->headline = str_field(c, map, "headline", false, what);
    q->text = str_field(c, map, "text", text_required, what);
    const value *lv = val_map_get(map, "link");
    if (!q->text && !q->headline && !lv)
        return;
    if (!lv) {
        bad(c, map, "%s needs 'link': the guide section its text comes from", what);
        return;
    }
    const page *p = check_link(c, lv, &q->link_title);
    if (!p)
        return;
    q->link = val_as_str(lv);
    check_quote(c, val_map_get(map, "headline"), p);
    check_quote(c, val_map_get(map, "text"), p);
}

/* ---- conditions ---- */

static const fact *find_fact(rctx *c, const char *path)
{
    for (size_t i = 0; i < c->nfacts; i++)
        if (strcmp(c->facts[i].path, path) == 0)
            return &c->facts[i];
    return NULL;
}

static void add_fact(rctx *c, const char *path, pf_type type, const char *const *allowed, size_t n)
{
    c->facts = arena_realloc(c->a, c->facts, c->nfacts * sizeof *c->facts, (c->nfacts + 1) * sizeof *c->facts);
    c->facts[c->nfacts++] = (fact){path, type, allowed, n};
}

/* The facts conditions may use: the profile schema plus the derived ones. */
static void build_facts(rctx *c)
{
    size_t n;
    const pf_field *f = profile_fields(&n);
    for (size_t i = 0; i < n; i++) {
        if (f[i].type == PF_SECTION)
            continue;
        size_t k = 0;
        while (f[i].allowed && f[i].allowed[k])
            k++;
        if (f[i].type == PF_REGION)
            add_fact(c, f[i].path, PF_ENUM, c->rs->regions, c->rs->nregions);
        else
            add_fact(c, f[i].path, f[i].type, f[i].allowed, k);
    }
    const char **bands = arena_alloc(c->a, (c->rs->nbands + 1) * sizeof *bands);
    for (size_t i = 0; i < c->rs->nbands; i++)
        bands[i] = c->rs->bands[i].id;
    add_fact(c, "scale.band", PF_ENUM, bands, c->rs->nbands);
    add_fact(c, "hiring.engineer_months", PF_NUMBER, NULL, 0);
    add_fact(c, "score.python", PF_NUMBER, NULL, 0);
    add_fact(c, "score.nodejs", PF_NUMBER, NULL, 0);
    add_fact(c, "score.hybrid", PF_NUMBER, NULL, 0);
}

static bool numeric(pf_type t)
{
    return t == PF_INT || t == PF_NUMBER;
}

/* Checks one operand value for fact f; true when it fits. */
static bool check_operand(rctx *c, const fact *f, const value *v, const char *op)
{
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
        const char *near = s ? report_suggest(s, f->allowed, f->nallowed) : NULL;
        if (near)
            buf_printf(&m, "; did you mean '%s'?", near);
        buf_puts(&m, " (values: ");
        join(f->allowed, f->nallowed, &m);
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

static rule_cond *new_test(rctx *c, const fact *f, cond_op op, const value *operand)
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
static rule_cond *compile_op(rctx *c, const fact *f, cond_op op, const value *v)
{
    rule_cond *t = new_test(c, f, op, v);
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
    if (op >= OP_LT) {
        if (!numeric(f->type)) {
            bad(c, v, "'%s' is not a number: use eq, ne, in or not_in", f->path);
            return NULL;
        }
        if (v->type == VAL_STR) {
            const fact *other = find_fact(c, v->u.str.s);
            if (!other || !numeric(other->type)) {
                bad(c, v, "'%s %s' needs a number or a numeric field; '%s' is neither", f->path, op_names[op],
                    v->u.str.s);
                return NULL;
            }
            t->operand_field = other->path;
            return t;
        }
    }
    return check_operand(c, f, v, op_names[op]) ? t : NULL;
}

static rule_cond *compile(rctx *c, const value *v, int depth);

static rule_cond *group(rctx *c, cond_kind kind, const rule_cond **kids, size_t n)
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
static rule_cond *compile_field(rctx *c, const value *map, const char *key, const value *v)
{
    const fact *f = find_fact(c, key);
    if (!f) {
        const char **names = arena_alloc(c->a, c->nfacts * sizeof *names);
        for (size_t i = 0; i < c->nfacts; i++)
            names[i] = c->facts[i].path;
        src_pos at = report_key_pos(c->text, map, v, key);
        buf m = BUF_INIT;
        buf_printf(&m, "unknown field '%s' in a condition", key);
        const char *near = report_suggest(key, names, c->nfacts);
        if (near) {
            buf_printf(&m, "; did you mean '%s'?", near);
        } else {
            buf_puts(&m, " (fields: ");
            join(names, c->nfacts, &m);
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
        bad(c, v, "'%s' needs a test (eq, ne, in, not_in, lt, lte, gt, gte)", key);
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
            src_pos at = report_key_pos(c->text, v, v->u.map.vals[i], opn);
            const char *near = report_suggest(opn, op_names, OP_COUNT);
            err_add(c->errs, at.file ? at.file : c->file, at.line, at.col,
                    "unknown test '%s'%s%s%s (allowed: eq, ne, in, not_in, lt, lte, gt, gte)", opn,
                    near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
            c->ok = ok = false;
            continue;
        }
        kids[i] = compile_op(c, f, op, v->u.map.vals[i]);
        ok &= kids[i] != NULL;
    }
    return ok ? group(c, C_ALL, kids, v->u.map.len) : NULL;
}

static rule_cond *compile_list(rctx *c, cond_kind kind, const value *v, int depth)
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
static rule_cond *compile(rctx *c, const value *v, int depth)
{
    if (depth > MAX_COND_DEPTH) {
        bad(c, v, "conditions nest deeper than %d levels", MAX_COND_DEPTH);
        return NULL;
    }
    if (!v || v->type != VAL_MAP || !v->u.map.len) {
        bad(c, v, "a condition is a mapping of FIELD: test, all: [...], any: [...] or not: condition");
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
    case VAL_STR: return strcmp(a->u.str.s, b->u.str.s) == 0;
    case VAL_NUM: return a->u.num == b->u.num;
    case VAL_BOOL: return a->u.b == b->u.b;
    default: return false;
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
    case OP_LT: return x < y;
    case OP_LTE: return x <= y;
    case OP_GT: return x > y;
    case OP_GTE: return x >= y;
    default: return false;
    }
}

/* ---- sections of rules.yaml ---- */

static report_stack stack_field(rctx *c, const value *map, const char *key, bool hybrid_ok, const char *what)
{
    const value *v = val_map_get(map, key);
    const char *s = val_as_str(v);
    report_stack st = report_stack_from_id(s);
    if (st == STACK_COUNT || (!hybrid_ok && st == STACK_HYBRID)) {
        const char *near = s ? report_suggest(s, report_stack_ids, hybrid_ok ? 3 : 2) : NULL;
        bad(c, v ? v : map, "'%s' of %s must be %s%s%s%s", key, what,
            hybrid_ok ? "python, nodejs or hybrid" : "python or nodejs", near ? "; did you mean '" : "",
            near ? near : "", near ? "'?" : "");
        return STACK_COUNT;
    }
    return st;
}

/* Reads a numeric cell (a number, or a map with `value`). */
static bool cell_number(const value *cell, double *out)
{
    if (cell && cell->type == VAL_NUM) {
        *out = cell->u.num;
        return true;
    }
    const value *v = val_map_get(cell, "value");
    if (v && v->type == VAL_NUM) {
        *out = v->u.num;
        return true;
    }
    return false;
}

static const dtable *table_field(rctx *c, const value *map, const char *key, const char *what)
{
    const value *v = val_map_get(map, key);
    const char *name = val_as_str(v);
    const dtable *t = name ? site_table(c->s, name) : NULL;
    if (!t)
        bad(c, v ? v : map, "'%s' of %s must name a data table of content/data/", key, what);
    return t;
}

static void load_settings(rctx *c, const value *doc)
{
    ruleset *rs = c->rs;
    const value *set = need_map(c, val_map_get(doc, "settings"), doc, "'settings'");
    if (!set)
        return;
    static const char *const keys[] = {"hours_per_month", "currency", "rates", "throughput", "rps_bands",
                                       "tie_breaker", "confidence", "pdf", NULL};
    check_keys(c, set, keys, "settings");
    rs->hours_per_month = num_field(c, set, "hours_per_month", 1, 744, 160, true, "settings");
    rs->currency = str_field(c, set, "currency", true, "settings");
    rs->tie_breaker = stack_field(c, set, "tie_breaker", false, "settings");
    /* rates: hourly {low, high} per region and stack */
    rs->rates = table_field(c, set, "rates", "settings");
    if (rs->rates) {
        const dtable *t = rs->rates;
        rs->regions = arena_alloc(c->a, (t->nrows + 1) * sizeof *rs->regions);
        for (size_t r = 0; r < t->nrows; r++) {
            const char *id = val_as_str(val_map_get(t->rows[r], "id"));
            if (!id) {
                bad(c, t->rows[r], "every row of the rates table needs an 'id' (the hiring.region value)");
                continue;
            }
            rs->regions[rs->nregions++] = id;
            for (int s = 0; s < 2; s++) {
                const value *cell = val_map_get(t->rows[r], report_stack_ids[s]);
                const value *lo = val_map_get(cell, "low"), *hi = val_map_get(cell, "high");
                if (!lo || !hi || lo->type != VAL_NUM || hi->type != VAL_NUM || lo->u.num > hi->u.num)
                    bad(c, cell ? cell : t->rows[r], "the rates table needs a '%s' cell {low, high} in row '%s'",
                        report_stack_ids[s], id);
            }
        }
    }
    /* throughput: RPS per core of each stack */
    const value *tp = need_map(c, val_map_get(set, "throughput"), set, "'settings.throughput'");
    if (tp) {
        static const char *const tkeys[] = {"table", "row", NULL};
        check_keys(c, tp, tkeys, "settings.throughput");
        rs->throughput = table_field(c, tp, "table", "settings.throughput");
        rs->throughput_row = str_field(c, tp, "row", true, "settings.throughput");
        const value *row = rs->throughput && rs->throughput_row ? dtable_row(rs->throughput, rs->throughput_row)
                                                                : NULL;
        if (rs->throughput && rs->throughput_row && !row)
            bad(c, val_map_get(tp, "row"), "the table '%s' has no row '%s'", rs->throughput->name, rs->throughput_row);
        for (int s = 0; row && s < 2; s++) {
            const value *cell = val_map_get(row, report_stack_ids[s]);
            if (!cell_number(cell, &rs->rps_per_core[s]) || rs->rps_per_core[s] <= 0)
                bad(c, cell ? cell : row, "row '%s' needs a positive number under '%s' (requests per second per core)",
                    rs->throughput_row, report_stack_ids[s]);
        }
        if (row && rs->throughput->ncols)
            rs->throughput_label = val_as_str(val_map_get(row, rs->throughput->cols[0].key));
        if (!rs->throughput_label)
            rs->throughput_label = rs->throughput_row;
    }
    /* RPS bands: the list rps_bands of a data file */
    const value *bv = val_map_get(set, "rps_bands");
    const char *bname = val_as_str(bv);
    const value *bands = bname ? val_map_get(val_map_get(c->s->data, bname), "rps_bands") : NULL;
    if (!bands || bands->type != VAL_LIST || !bands->u.list.len) {
        bad(c, bv ? bv : set, "'rps_bands' of settings must name a data file with an 'rps_bands' list");
    } else {
        rs->bands = arena_alloc(c->a, bands->u.list.len * sizeof *rs->bands);
        for (size_t i = 0; i < bands->u.list.len; i++) {
            const value *b = need_map(c, bands->u.list.items[i], bands, "an RPS band");
            if (!b)
                continue;
            rule_band *rb = &rs->bands[rs->nbands++];
            rb->id = str_field(c, b, "id", true, "an RPS band");
            rb->title = str_field(c, b, "title", true, "an RPS band");
            rb->text = str_field(c, b, "text", true, "an RPS band");
            rb->min = num_field(c, b, "min", 0, 1e12, 0, false, "an RPS band");
            rb->max = num_field(c, b, "max", 0, 1e12, HUGE_VAL, false, "an RPS band");
            if (rb->max <= rb->min)
                bad(c, b, "an RPS band's max must be above its min");
            if (i > 0 && rb->min != rs->bands[i - 1].max)
                bad(c, b, "RPS bands must follow each other: this min must equal the previous band's max");
        }
    }
    const value *conf = need_map(c, val_map_get(set, "confidence"), set, "'settings.confidence'");
    if (conf) {
        static const char *const ckeys[] = {"damping", "high", "moderate", NULL};
        check_keys(c, conf, ckeys, "settings.confidence");
        rs->damping = num_field(c, conf, "damping", 0, 1000, 4, true, "settings.confidence");
        rs->conf_high = num_field(c, conf, "high", 0.5, 1, 0.75, true, "settings.confidence");
        rs->conf_moderate = num_field(c, conf, "moderate", 0.5, 1, 0.6, true, "settings.confidence");
        if (rs->conf_moderate > rs->conf_high)
            bad(c, conf, "confidence 'moderate' must not be above 'high'");
    }
    const value *pdf = val_map_get(set, "pdf");
    if (pdf && pdf->type != VAL_MAP)
        bad(c, pdf, "'pdf' of settings must be a mapping of site.yaml pdf settings");
    rs->pdf = pdf && pdf->type == VAL_MAP ? pdf : NULL;
}

static void load_stacks(rctx *c, const value *doc)
{
    const value *st = need_map(c, val_map_get(doc, "stacks"), doc, "'stacks'");
    if (!st)
        return;
    static const char *const keys[] = {"python", "nodejs", "hybrid", NULL};
    check_keys(c, st, keys, "stacks");
    for (int i = 0; i < STACK_COUNT; i++) {
        const value *v = val_map_get(st, report_stack_ids[i]);
        char *what = arena_printf(c->a, "stacks.%s", report_stack_ids[i]);
        if (!need_map(c, v, st, what))
            continue;
        static const char *const skeys[] = {"name", "headline", "text", "link", "split", NULL};
        check_keys(c, v, skeys, what);
        rule_stack *rs = &c->rs->stacks[i];
        rs->name = str_field(c, v, "name", true, what);
        read_quote(c, v, &rs->summary, true, what);
        const value *split = val_map_get(v, "split");
        if (i != STACK_HYBRID) {
            if (split)
                bad(c, split, "only stacks.hybrid has a split");
            continue;
        }
        if (!split || split->type != VAL_LIST || !split->u.list.len) {
            bad(c, split ? split : v, "stacks.hybrid needs a 'split': a list of {part, stack}");
            continue;
        }
        rs->split = arena_alloc(c->a, split->u.list.len * sizeof *rs->split);
        for (size_t k = 0; k < split->u.list.len; k++) {
            const value *sv = need_map(c, split->u.list.items[k], split, "a split part");
            if (!sv)
                continue;
            static const char *const pkeys[] = {"part", "stack", NULL};
            check_keys(c, sv, pkeys, "a split part");
            rule_split *sp = &rs->split[rs->nsplit++];
            sp->part = str_field(c, sv, "part", true, "a split part");
            sp->stack = stack_field(c, sv, "stack", false, "a split part");
            if (sp->part && rs->summary.text && !strstr(rs->summary.text, sp->part))
                bad(c, val_map_get(sv, "part"), "a split part must be words of stacks.hybrid's text");
        }
    }
}

static bool valid_id(const char *s)
{
    if (!s || !s[0])
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

static void load_rules(rctx *c, const value *doc)
{
    const value *list = val_map_get(doc, "rules");
    if (!list || list->type != VAL_LIST || !list->u.list.len) {
        bad(c, list ? list : doc, "'rules' must be a non-empty list of rules");
        return;
    }
    ruleset *rs = c->rs;
    rs->rules = arena_alloc(c->a, list->u.list.len * sizeof *rs->rules);
    for (size_t i = 0; i < list->u.list.len; i++) {
        const value *v = need_map(c, list->u.list.items[i], list, "a rule");
        if (!v)
            continue;
        static const char *const keys[] = {"id", "when", "favours", "weight", "headline", "text", "link", NULL};
        check_keys(c, v, keys, "a rule");
        rule *r = &rs->rules[rs->nrules++];
        r->pos = v->pos;
        r->id = str_field(c, v, "id", true, "a rule");
        if (r->id && !valid_id(r->id))
            bad(c, val_map_get(v, "id"), "rule id '%s' must be lowercase letters, digits and '-'", r->id);
        for (size_t k = 0; r->id && k + 1 < rs->nrules; k++)
            if (rs->rules[k].id && strcmp(rs->rules[k].id, r->id) == 0)
                bad(c, val_map_get(v, "id"), "duplicate rule id '%s' (first at line %d)", r->id,
                    rs->rules[k].pos.line);
        char *what = arena_printf(c->a, "rule '%s'", r->id ? r->id : "?");
        const value *when = val_map_get(v, "when");
        if (!when)
            bad(c, v, "%s needs 'when': the condition it fires on", what);
        else
            r->when = compile(c, when, 0);
        r->favours = stack_field(c, v, "favours", true, what);
        r->weight = num_field(c, v, "weight", 0.001, 1000, 1, true, what);
        read_quote(c, v, &r->q, true, what);
    }
}

static void load_topics(rctx *c, const value *doc)
{
    const value *list = val_map_get(doc, "topics");
    if (!list)
        return;
    if (list->type != VAL_LIST) {
        bad(c, list, "'topics' must be a list");
        return;
    }
    ruleset *rs = c->rs;
    rs->topics = arena_alloc(c->a, list->u.list.len * sizeof *rs->topics);
    for (size_t i = 0; i < list->u.list.len; i++) {
        const value *v = need_map(c, list->u.list.items[i], list, "a topic");
        if (!v)
            continue;
        static const char *const keys[] = {"id", "title", "when", "table", "rows", "headline", "text", "link",
                                           NULL};
        check_keys(c, v, keys, "a topic");
        rule_topic *t = &rs->topics[rs->ntopics++];
        t->id = str_field(c, v, "id", true, "a topic");
        if (t->id && !valid_id(t->id))
            bad(c, val_map_get(v, "id"), "topic id '%s' must be lowercase letters, digits and '-'", t->id);
        for (size_t k = 0; t->id && k + 1 < rs->ntopics; k++)
            if (rs->topics[k].id && strcmp(rs->topics[k].id, t->id) == 0)
                bad(c, val_map_get(v, "id"), "duplicate topic id '%s'", t->id);
        char *what = arena_printf(c->a, "topic '%s'", t->id ? t->id : "?");
        t->title = str_field(c, v, "title", true, what);
        const value *when = val_map_get(v, "when");
        if (!when)
            bad(c, v, "%s needs 'when': topics appear only when relevant", what);
        else
            t->when = compile(c, when, 0);
        t->table = val_map_get(v, "table") ? table_field(c, v, "table", what) : rs->throughput;
        const value *rows = val_map_get(v, "rows");
        if (!rows || rows->type != VAL_LIST || !rows->u.list.len) {
            bad(c, rows ? rows : v, "%s needs 'rows': a list of row ids of its table", what);
        } else if (t->table) {
            t->rows = arena_alloc(c->a, rows->u.list.len * sizeof *t->rows);
            for (size_t k = 0; k < rows->u.list.len; k++) {
                const char *id = val_as_str(rows->u.list.items[k]);
                if (!id || !dtable_row(t->table, id))
                    bad(c, rows->u.list.items[k], "the table '%s' has no row '%s'", t->table->name,
                        id ? id : "?");
                else
                    t->rows[t->nrows++] = id;
            }
        }
        read_quote(c, v, &t->q, false, what);
    }
}

static void load_notes(rctx *c, const value *doc, const char *key, rule_note **out, size_t *nout)
{
    const value *list = val_map_get(doc, key);
    if (!list)
        return;
    if (list->type != VAL_LIST) {
        bad(c, list, "'%s' must be a list", key);
        return;
    }
    *out = arena_alloc(c->a, list->u.list.len * sizeof **out);
    for (size_t i = 0; i < list->u.list.len; i++) {
        char *what = arena_printf(c->a, "%s item %zu", key, i + 1);
        const value *v = need_map(c, list->u.list.items[i], list, what);
        if (!v)
            continue;
        static const char *const keys[] = {"stacks", "when", "headline", "text", "link", NULL};
        check_keys(c, v, keys, what);
        rule_note *n = &(*out)[(*nout)++];
        const value *when = val_map_get(v, "when");
        n->when = when ? compile(c, when, 0) : NULL;
        const value *st = val_map_get(v, "stacks");
        n->stacks = (1u << STACK_COUNT) - 1;
        if (st) {
            n->stacks = 0;
            if (st->type != VAL_LIST || !st->u.list.len)
                bad(c, st, "'stacks' of %s must be a list of python, nodejs, hybrid", what);
            for (size_t k = 0; st->type == VAL_LIST && k < st->u.list.len; k++) {
                report_stack s = report_stack_from_id(val_as_str(st->u.list.items[k]));
                if (s == STACK_COUNT)
                    bad(c, st->u.list.items[k], "'stacks' of %s must list python, nodejs or hybrid", what);
                else
                    n->stacks |= 1u << s;
            }
        }
        read_quote(c, v, &n->q, true, what);
    }
}

ruleset *rules_from_value(arena *a, const site *s, const value *doc, const char *text, const char *file,
                          err_list *errs)
{
    rctx c = {a, s, file, text, errs, true, NULL, NULL, 0, NULL, 0};
    if (!doc || doc->type != VAL_MAP) {
        err_add(errs, file, 1, 1, "rules.yaml must be a mapping with settings, stacks and rules");
        return NULL;
    }
    static const char *const keys[] = {"settings", "stacks", "rules", "topics", "risks", "next_steps", NULL};
    c.rs = arena_alloc(a, sizeof *c.rs);
    c.rs->file = file;
    check_keys(&c, doc, keys, "rules.yaml");
    load_settings(&c, doc);
    build_facts(&c);
    load_stacks(&c, doc);
    load_rules(&c, doc);
    load_topics(&c, doc);
    load_notes(&c, doc, "risks", &c.rs->risks, &c.rs->nrisks);
    load_notes(&c, doc, "next_steps", &c.rs->steps, &c.rs->nsteps);
    return c.ok ? c.rs : NULL;
}

ruleset *rules_load(arena *a, const site *s, err_list *errs)
{
    char *file = fs_join(s->dir, "content/data/rules.yaml");
    ruleset *rs = NULL;
    const value *doc = val_map_get(s->data, "rules");
    if (!doc) {
        err_add(errs, file, 0, 0, "no decision rules: reports need content/data/rules.yaml (README, Client reports)");
        free(file);
        return NULL;
    }
    const char *path = doc->pos.file ? doc->pos.file : arena_strdup(a, file);
    err_list ignore = ERR_LIST_INIT;
    char *text = fs_read(path, NULL, &ignore); /* only to point messages at keys */
    err_list_free(&ignore);
    rs = rules_from_value(a, s, doc, text, path, errs);
    free(text);
    free(file);
    return rs;
}
