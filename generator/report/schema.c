/* schema.c - loads the site's profile schema (content/data/profile.yaml) into a pf_schema:
 * its fields in display order, sections first then their fields, each checked (a known
 * type, allowed values or a values_from table, a range, a default and an example that
 * fit the type, labels of real values). */
#include "report/profile.h"
#include "core/content.h"
#include "core/keys.h"
#include "core/table.h"
#include "util/suggest.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- the schema, from content/data/profile.yaml ---- */

static const char *const FIELD_KEYS[] = {
    "key",      "type",    "label",  "values",   "values_from", "min",     "max",    "max_length",
    "required", "default", "fields", "optional", "description", "example", "labels", "unit"};

static const struct {
    const char *name;
    pf_type type;
} TYPES[] = {{"string", PF_STRING}, {"date", PF_DATE},           {"boolean", PF_BOOL},
             {"enum", PF_ENUM},     {"enum_list", PF_ENUM_LIST}, {"integer", PF_INT},
             {"number", PF_NUMBER}, {"section", PF_SECTION}};

typedef struct sctx {
    arena *a;
    const site *s;
    const char *file; /* content/data/profile.yaml */
    err_list *errs;
    pf_field *fields; /* growing, malloc'd */
    size_t n, cap;
    bool ok;
} sctx;

static void schema_bad(sctx *c, const value *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void schema_bad(sctx *c, const value *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vadd(c->errs, at && at->pos.file ? at->pos.file : c->file, at ? at->pos.line : 0,
             at ? at->pos.col : 0, fmt, ap);
    va_end(ap);
    c->ok = false;
}

/* The allowed words of an enum: `values` (a list of distinct strings), or the
 * row ids of the data table named by `values_from` (then the type becomes
 * PF_REGION: the report shows the row's label). NULL after an error. */
static const char **enum_values(sctx *c, const value *m, pf_field *f)
{
    const value *vals = val_map_get(m, "values"), *from = val_map_get(m, "values_from");
    const char **out = NULL;
    if (from && f->type == PF_ENUM && !vals) {
        const dtable *t = site_table(c->s, val_str_or(from, ""));
        if (!t) {
            schema_bad(c, from,
                       "'values_from' names a data table (content/data/NAME.yaml with "
                       "columns and rows); there is no table '%s'",
                       val_str_or(from, ""));
            return NULL;
        }
        out = arena_alloc(c->a, (t->nrows + 1) * sizeof *out);
        for (size_t r = 0; r < t->nrows; r++)
            out[r] = val_str_or(val_map_get(t->rows[r], "id"), "");
        f->type = PF_REGION;
        f->table = t->name;
        return out;
    }
    if (!vals || vals->type != VAL_LIST || vals->u.list.len == 0) {
        schema_bad(c, vals ? vals : m, "'%s' needs 'values': a list of the allowed words%s",
                   f->path, f->type == PF_ENUM ? " (or 'values_from': a data table)" : "");
        return NULL;
    }
    out = arena_alloc(c->a, (vals->u.list.len + 1) * sizeof *out);
    for (size_t i = 0; i < vals->u.list.len; i++) {
        const value *v = vals->u.list.items[i];
        buf t = BUF_INIT;
        if (v->type == VAL_STR || v->type == VAL_NUM || v->type == VAL_BOOL)
            val_to_text(v, &t);
        out[i] = arena_strdup(c->a, buf_cstr(&t));
        buf_free(&t);
        for (size_t k = 0; k < i; k++)
            if (strcmp(out[k], out[i]) == 0)
                schema_bad(c, v, "'%s' lists the value '%s' twice", f->path, out[i]);
        if (!out[i][0])
            schema_bad(c, v, "'%s': a value must be a word, not %s", f->path,
                       val_type_name(v->type));
    }
    return out;
}

/* A number key of m (min, max, max_length), or dflt when absent. */
static double number_key(sctx *c, const value *m, const char *key, double dflt)
{
    const value *v = val_map_get(m, key);
    if (!v)
        return dflt;
    if (v->type != VAL_NUM) {
        schema_bad(c, v, "'%s' must be a number", key);
        return dflt;
    }
    return v->u.num;
}

/* f->def from m's default, checked against the field's type. */
static void field_default(sctx *c, const value *m, pf_field *f)
{
    const value *d = val_map_get(m, "default");
    if (!d || d->type == VAL_NULL)
        return;
    buf t = BUF_INIT;
    bool ok = false;
    switch (f->type) {
    case PF_BOOL:
        ok = d->type == VAL_BOOL;
        break;
    case PF_INT:
    case PF_NUMBER:
        ok = d->type == VAL_NUM && d->u.num >= f->min && d->u.num <= f->max &&
             (f->type == PF_NUMBER || d->u.num == floor(d->u.num));
        break;
    case PF_ENUM:
        for (size_t i = 0; val_as_str(d) && f->allowed && f->allowed[i]; i++)
            ok |= strcmp(f->allowed[i], val_as_str(d)) == 0;
        break;
    case PF_STRING:
        ok = d->type == VAL_STR;
        break;
    default:
        ok = false;
    }
    if (ok && val_to_text(d, &t))
        f->def = arena_strdup(c->a, buf_cstr(&t));
    else
        schema_bad(c, d, "the default of '%s' is not one of its values", f->path);
    buf_free(&t);
}

static void push_field(sctx *c, const pf_field *f)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 32;
        c->fields = xrealloc(c->fields, c->cap * sizeof *c->fields);
    }
    c->fields[c->n++] = *f;
}

/* An optional text key of m (description, unit); NULL when absent or wrong. */
static const char *text_key(sctx *c, const value *m, const char *key)
{
    const value *v = val_map_get(m, key);
    if (v && (v->type != VAL_STR || !v->u.str.len))
        schema_bad(c, v, "'%s' must be a non-empty string", key);
    return v && v->type == VAL_STR && v->u.str.len ? v->u.str.s : NULL;
}

/* m's `labels`: a mapping of values to the text the report shows for them. */
static const value *labels_key(sctx *c, const value *m)
{
    const value *v = val_map_get(m, "labels");
    if (!v)
        return NULL;
    bool ok = v->type == VAL_MAP;
    for (size_t i = 0; ok && i < v->u.map.len; i++)
        ok = v->u.map.vals[i]->type == VAL_STR;
    if (!ok) {
        schema_bad(c, v,
                   "'labels' must map values to the text the report shows for them "
                   "({0: not given})");
        return NULL;
    }
    return v;
}

/* Loads the fields of list (a section's, prefix its path; "" at the top). */
static void load_fields(sctx *c, const value *list, const char *prefix)
{
    if (!list || list->type != VAL_LIST) {
        schema_bad(c, list, "'fields' must be a list of fields (key, type, label, ...)");
        return;
    }
    size_t first = c->n;
    for (size_t i = 0; i < list->u.list.len; i++) {
        const value *m = list->u.list.items[i];
        if (m->type != VAL_MAP) {
            schema_bad(c, m, "a field must be a mapping (key, type, label, ...)");
            continue;
        }
        if (keys_check(c->errs, NULL, c->file, m, FIELD_KEYS,
                       sizeof FIELD_KEYS / sizeof *FIELD_KEYS, "a field", KEYS_ERROR))
            c->ok = false;
        const char *key = val_as_str(val_map_get(m, "key"));
        const char *type = val_as_str(val_map_get(m, "type"));
        if (!key || !key[0] ||
            strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(key)) {
            schema_bad(c, val_map_get(m, "key") ? val_map_get(m, "key") : m,
                       "a field needs a 'key' of lowercase letters, digits and '_'");
            continue;
        }
        pf_field f = {0};
        f.path = prefix[0] ? arena_printf(c->a, "%s.%s", prefix, key) : arena_strdup(c->a, key);
        for (size_t k = first; k < c->n; k++)
            if (strcmp(c->fields[k].path, f.path) == 0)
                schema_bad(c, m, "the field '%s' is declared twice", f.path);
        size_t t = 0, nt = sizeof TYPES / sizeof *TYPES;
        while (t < nt && !(type && strcmp(TYPES[t].name, type) == 0))
            t++;
        if (t == nt) {
            const char *names[sizeof TYPES / sizeof *TYPES];
            for (size_t k = 0; k < nt; k++)
                names[k] = TYPES[k].name;
            const char *near = type ? suggest_nearest(type, names, nt) : NULL;
            buf b = BUF_INIT;
            buf_join(&b, names, nt);
            schema_bad(c, val_map_get(m, "type") ? val_map_get(m, "type") : m,
                       "'%s' needs a 'type': one of %s%s%s%s", f.path, buf_cstr(&b),
                       near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
            buf_free(&b);
            continue;
        }
        f.type = TYPES[t].type;
        f.label = val_str_or(val_map_get(m, "label"), f.path);
        f.required = val_truthy(val_map_get(m, "required"));
        f.optional = val_truthy(val_map_get(m, "optional"));
        bool numeric = f.type == PF_INT || f.type == PF_NUMBER;
        f.min = numeric ? number_key(c, m, "min", 0) : 0;
        f.max = numeric               ? number_key(c, m, "max", 1e9)
                : f.type == PF_STRING ? number_key(c, m, "max_length", 0)
                                      : 0;
        f.description = text_key(c, m, "description");
        f.unit = numeric ? text_key(c, m, "unit") : NULL;
        f.labels = labels_key(c, m);
        f.example = val_map_get(m, "example");
        if (f.min > f.max && numeric)
            schema_bad(c, m, "'%s': min is more than max", f.path);
        if (f.type == PF_ENUM || f.type == PF_ENUM_LIST)
            f.allowed = enum_values(c, m, &f);
        field_default(c, m, &f);
        if (f.type == PF_SECTION && prefix[0]) {
            schema_bad(c, m, "'%s': a section holds fields, not further sections", f.path);
            continue;
        }
        push_field(c, &f);
        if (f.type == PF_SECTION)
            load_fields(c, val_map_get(m, "fields"), f.path);
    }
}

/* Every field's example must be a valid value of the field, and its labels
 * must name values an enumeration has. */
static void check_examples(sctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        const pf_field *f = &c->fields[i];
        if (f->example && f->type != PF_SECTION &&
            !profile_field_valid(c->a, f, f->example, c->file, c->errs))
            c->ok = false;
        for (size_t k = 0; f->labels && f->allowed && k < f->labels->u.map.len; k++) {
            size_t j = 0;
            while (f->allowed[j] && strcmp(f->allowed[j], f->labels->u.map.keys[k]) != 0)
                j++;
            if (!f->allowed[j])
                schema_bad(c, f->labels->u.map.vals[k], "'%s' has no value '%s' to label", f->path,
                           f->labels->u.map.keys[k]);
        }
    }
}

const pf_schema *profile_schema_load(arena *a, const site *s, err_list *errs)
{
    sctx c = {a, s,   arena_printf(a, "%s/content/data/profile.yaml", s->dir), errs, NULL, 0,
              0, true};
    pf_schema *out = NULL;
    const value *doc = val_map_get(s->data, "profile");
    static const char *const TOP_KEYS[] = {"fields"};
    if (!doc || doc->type != VAL_MAP) {
        err_add(errs, c.file, 0, 0,
                "client reports need the profile schema: content/data/profile.yaml with "
                "'fields' (docs/reports.md#the-profile)");
        goto out;
    }
    if (keys_check(errs, NULL, c.file, doc, TOP_KEYS, 1, NULL, KEYS_ERROR))
        c.ok = false;
    load_fields(&c, val_map_get(doc, "fields"), "");
    static const char *const needed[] = {"client", "project"};
    for (size_t i = 0; i < 2; i++) {
        bool found = false;
        for (size_t k = 0; k < c.n; k++)
            found |= strcmp(c.fields[k].path, needed[i]) == 0 && c.fields[k].type == PF_STRING &&
                     c.fields[k].required;
        if (!found)
            schema_bad(&c, doc,
                       "the schema needs a required string field '%s' (a report is "
                       "named after it)",
                       needed[i]);
    }
    if (c.ok) /* the examples are checked against fields that loaded */
        check_examples(&c);
    if (!c.ok)
        goto out;
    out = arena_alloc(a, sizeof *out);
    pf_field *f = arena_alloc(a, (c.n + 1) * sizeof *f);
    memcpy(f, c.fields, c.n * sizeof *f);
    out->fields = f;
    out->n = c.n;
out:
    free(c.fields);
    return out;
}
