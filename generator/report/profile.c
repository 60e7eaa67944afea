/* profile.c - validates client profiles against the site's schema (schema.c loads it)
 * and normalises them into facts; the schema's example profile; the JSON Schema.
 *
 * One pass over the schema (in the order profile.yaml lists the fields)
 * reads each field from the YAML map, checks its type and range, and
 * writes the value or its default into the facts map; a second pass over the
 * YAML keys warns about keys the schema does not know, with the nearest known
 * key (Levenshtein distance, case-insensitive) as a suggestion. */
#include "report/profile.h"
#include "core/content.h"
#include "core/keys.h"
#include "core/i18n.h"
#include "core/table.h"
#include "util/suggest.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- validation ---- */

typedef struct vctx {
    arena *a;
    const pf_schema *schema;
    const char *file;
    const char *text;
    err_list *errs;
    bool ok; /* false once fail() recorded a problem: the checks below record every problem
                and go on, and profile_from_value returns NULL when !ok */
} vctx;

static void fail(vctx *c, const value *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(vctx *c, const value *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vadd(c->errs, c->file, at ? at->pos.line : 0, at ? at->pos.col : 0, fmt, ap);
    va_end(ap);
    c->ok = false;
}

/* Appends how a bad value reads in a message: 'text', 12, true, a list. */
static void describe(const value *v, buf *out)
{
    switch (v->type) {
    case VAL_STR:
        if (v->u.str.len > 40)
            buf_printf(out, "'%.40s...'", v->u.str.s);
        else
            buf_printf(out, "'%s'", v->u.str.s);
        break;
    case VAL_NUM:
    case VAL_BOOL:
        val_to_text(v, out);
        break;
    default:
        buf_puts(out, val_type_name(v->type));
    }
}

static size_t count(const char *const *list)
{
    size_t n = 0;
    while (list[n])
        n++;
    return n;
}

/* Checks v against an enumeration; returns the canonical value or NULL after an error. */
static const char *check_enum(vctx *c, const pf_field *f, const value *v,
                              const char *const *allowed, size_t n, bool item)
{
    const char *s = val_as_str(v);
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, allowed[i]) == 0)
            return allowed[i];
    buf m = BUF_INIT;
    buf_printf(&m, "'%s'%s must be one of: ", f->path, item ? " items" : "");
    buf_join(&m, allowed, n);
    buf_puts(&m, "; got ");
    describe(v, &m);
    const char *near = s ? suggest_nearest(s, allowed, n) : NULL;
    if (near)
        buf_printf(&m, " (did you mean '%s'?)", near);
    fail(c, v, "%s", buf_cstr(&m));
    buf_free(&m);
    return NULL;
}

static bool valid_date(const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

/* The default of f as a value. */
static value *default_value(arena *a, const pf_field *f)
{
    if (!f->def)
        return f->type == PF_ENUM_LIST ? val_list(a) : val_null(a);
    switch (f->type) {
    case PF_BOOL:
        return val_bool(a, strcmp(f->def, "true") == 0);
    case PF_INT:
    case PF_NUMBER:
        return val_num(a, strtod(f->def, NULL));
    default:
        return val_str_own(a, f->def);
    }
}

/* Characters (code points) in valid UTF-8: the bytes that do not continue one. */
static size_t utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Appends what f takes: "a whole number from 0 to 10", "one of: a, b". */
static void describe_field(const pf_field *f, buf *m)
{
    if (f->type == PF_INT) {
        buf_printf(m, "a whole number from %.0f to %.0f", f->min, f->max);
    } else if (f->type == PF_NUMBER) {
        buf_printf(m, "a number from %g to %g", f->min, f->max);
    } else if (f->type == PF_STRING) {
        buf_puts(m, "a string");
        if (f->max > 0)
            buf_printf(m, " of at most %.0f characters", f->max);
    } else if (f->type == PF_ENUM || f->type == PF_REGION) {
        buf_puts(m, "one of: ");
        buf_join(m, f->allowed, count(f->allowed));
    }
}

/* Validates one present, non-null field value; returns the normalised value or NULL. */
static value *check_field(vctx *c, const pf_field *f, value *v)
{
    arena *a = c->a;
    buf m = BUF_INIT;
    value *out = NULL;
    switch (f->type) {
    case PF_STRING:
        if (v->type == VAL_NUM) {
            val_to_text(v, &m);
            out = val_str(a, buf_cstr(&m));
        } else if (v->type != VAL_STR) {
            fail(c, v, "'%s' must be a string, not %s", f->path, val_type_name(v->type));
        } else if (v->u.str.len == 0 || strspn(v->u.str.s, " \t") == v->u.str.len) {
            fail(c, v, "'%s' must not be empty", f->path);
        } else if (f->max > 0 && utf8_chars(v->u.str.s, v->u.str.len) > f->max) {
            fail(c, v, "'%s' must be at most %.0f characters; got %zu", f->path, f->max,
                 utf8_chars(v->u.str.s, v->u.str.len));
        } else {
            out = v;
        }
        break;
    case PF_DATE: {
        const char *s = val_as_str(v);
        if (s && valid_date(s)) {
            out = v;
        } else {
            describe(v, &m);
            fail(c, v, "'%s' must be a date written YYYY-MM-DD; got %s", f->path, buf_cstr(&m));
        }
        break;
    }
    case PF_BOOL:
        if (v->type == VAL_BOOL) {
            out = v;
        } else {
            describe(v, &m);
            fail(c, v, "'%s' must be true or false; got %s", f->path, buf_cstr(&m));
        }
        break;
    case PF_ENUM:
    case PF_REGION: {
        const char *s = check_enum(c, f, v, f->allowed, count(f->allowed), false);
        if (s)
            out = val_str_own(a, s);
        break;
    }
    case PF_ENUM_LIST:
        if (v->type != VAL_LIST) {
            buf_printf(&m, "'%s' must be a list of: ", f->path);
            buf_join(&m, f->allowed, count(f->allowed));
            buf_puts(&m, "; got ");
            describe(v, &m);
            fail(c, v, "%s", buf_cstr(&m));
            break;
        }
        out = val_list(a);
        for (size_t i = 0; i < v->u.list.len; i++) {
            const char *s =
                check_enum(c, f, v->u.list.items[i], f->allowed, count(f->allowed), true);
            bool dup = false;
            for (size_t k = 0; s && k < out->u.list.len; k++)
                dup |= strcmp(out->u.list.items[k]->u.str.s, s) == 0;
            if (s && !dup)
                val_list_push(a, out, val_str_own(a, s));
        }
        break;
    case PF_INT:
    case PF_NUMBER:
        if (v->type == VAL_NUM && (f->type == PF_NUMBER || v->u.num == floor(v->u.num)) &&
            v->u.num >= f->min && v->u.num <= f->max) {
            out = v;
        } else {
            describe_field(f, &m);
            buf_puts(&m, "; got ");
            describe(v, &m);
            fail(c, v, "'%s' must be %s", f->path, buf_cstr(&m));
        }
        break;
    case PF_SECTION:
        break;
    }
    buf_free(&m);
    return out;
}

/* True when path is a field directly in the section prefix ("" for the top level). */
static bool in_section(const char *path, const char *prefix)
{
    size_t plen = strlen(prefix);
    return plen ? strncmp(path, prefix, plen) == 0 && path[plen] == '.' &&
                      !strchr(path + plen + 1, '.')
                : !strchr(path, '.');
}

/* The keys a section (prefix "" for the top level) may hold, as plain names,
 * into keys (room for every field of the schema). */
static size_t section_keys(const pf_schema *schema, const char *prefix, const char **keys)
{
    size_t n = 0, plen = strlen(prefix);
    for (size_t i = 0; i < schema->n; i++)
        if (in_section(schema->fields[i].path, prefix))
            keys[n++] = schema->fields[i].path + (plen ? plen + 1 : 0);
    return n;
}

/* Warns about every key of map that the section does not know. */
static void unknown_keys(vctx *c, const value *map, const char *prefix)
{
    const char **keys = arena_alloc(c->a, (c->schema->n + 1) * sizeof *keys);
    size_t n = section_keys(c->schema, prefix, keys);
    char *where = prefix[0] ? xasprintf("'%s'", prefix) : NULL;
    keys_check(c->errs, c->text, c->file, map, keys, n, where, KEYS_WARN);
    free(where);
}

/* A section of the profile: checks its value in doc and adds its fact map to
 * p->facts (always, or for an optional section only when given). Returns the
 * fact map (NULL: the section is absent and optional) and sets *src to the
 * section's map in doc (NULL when not given). */
static value *section(vctx *c, const value *doc, const pf_field *f, profile *p, const value **src)
{
    const value *sv = val_map_get(doc, f->path);
    value *facts = NULL;
    *src = NULL;
    if (sv && sv->type != VAL_MAP && sv->type != VAL_NULL) {
        const char **keys = arena_alloc(c->a, (c->schema->n + 1) * sizeof *keys);
        size_t n = section_keys(c->schema, f->path, keys);
        buf m = BUF_INIT;
        buf_printf(&m, "'%s' must be a mapping with keys ", f->path);
        buf_join(&m, keys, n);
        buf_printf(&m, "; got %s", val_type_name(sv->type));
        fail(c, sv, "%s", buf_cstr(&m));
        buf_free(&m);
        sv = NULL;
    }
    if (sv && sv->type == VAL_MAP) {
        unknown_keys(c, sv, f->path);
        *src = sv;
    }
    if (!f->optional || *src) {
        facts = val_map(c->a);
        val_map_set(c->a, p->facts, f->path, facts);
    } else {
        val_map_set(c->a, p->facts, f->path, val_null(c->a));
    }
    return facts;
}

/* Fills p's shortcuts from its normalised facts (and the date default). */
static void shortcuts(arena *a, profile *p, const value *doc, const char *default_date)
{
    value *f = p->facts;
    p->client_v = val_map_get(doc, "client");
    p->client = val_as_str(val_map_get(f, "client"));
    p->project = val_as_str(val_map_get(f, "project"));
    p->prepared_for = val_str_or(val_map_get(f, "prepared_for"), "");
    p->date = val_as_str(val_map_get(f, "date"));
    if (!p->date) {
        p->date = arena_strdup(a, default_date);
        val_map_set(a, f, "date", val_str_own(a, p->date));
    }
}

/* The error for a required field that is missing or empty (v NULL: missing;
 * sect_src: its section's map in doc, or NULL at the top level). */
static void missing(vctx *c, const value *doc, const pf_field *f, const value *v,
                    const value *sect_src, const char *sect)
{
    const value *at = v ? v : sect_src ? sect_src : doc;
    value keyat = {0};
    if (!v && sect) { /* at the section's key ("section:") */
        keyat.pos = yaml_key_pos(c->text, doc, sect_src, sect);
        at = &keyat;
    }
    buf m = BUF_INIT;
    if (v) {
        buf_printf(&m, "'%s' must not be empty", f->path);
    } else {
        buf_printf(&m, "missing required key '%s'", f->path);
        if (sect) {
            buf_puts(&m, " (");
            describe_field(f, &m);
            buf_puts(&m, ")");
        }
    }
    fail(c, at, "%s", buf_cstr(&m));
    buf_free(&m);
}

profile *profile_from_value(arena *a, const pf_schema *schema, const value *doc, const char *text,
                            const char *file, const char *default_date, err_list *errs)
{
    vctx c = {a, schema, file, text, errs, true};
    if (!doc || doc->type != VAL_MAP) {
        err_add(errs, file, doc && doc->pos.line ? doc->pos.line : 1,
                doc && doc->pos.col ? doc->pos.col : 1,
                "a profile must be a mapping with at least 'client' and 'project'");
        return NULL;
    }
    profile *p = arena_alloc(a, sizeof *p);
    p->file = file;
    p->facts = val_map(a);
    unknown_keys(&c, doc, "");
    const pf_field *sect = NULL; /* the section the fields below belong to */
    value *sect_facts = NULL;    /* its fact map (NULL: absent and optional) */
    const value *sect_src = NULL;
    for (size_t i = 0; i < schema->n; i++) {
        const pf_field *f = &schema->fields[i];
        const char *dot = strchr(f->path, '.');
        if (f->type == PF_SECTION) {
            sect = f;
            sect_facts = section(&c, doc, f, p, &sect_src);
            continue;
        }
        const value *map = doc;
        value *dst = p->facts;
        const char *key = f->path;
        if (dot) {
            if (!sect_facts)
                continue; /* an optional section not given: none of its fields apply */
            map = sect_src;
            dst = sect_facts;
            key = dot + 1;
        }
        value *v = map ? val_map_get(map, key) : NULL;
        value *norm = NULL;
        if (v && v->type != VAL_NULL)
            norm = check_field(&c, f, v);
        else if (f->required)
            missing(&c, doc, f, v, dot ? sect_src : NULL, dot ? sect->path : NULL);
        if (!norm)
            norm = default_value(a, f);
        val_map_set(a, dst, key, norm);
    }
    if (!c.ok)
        return NULL;
    shortcuts(a, p, doc, default_date);
    return p;
}

/* A stand-in value of f's type for the example profile. */
static value *stand_in(arena *a, const pf_field *f, const char *default_date)
{
    switch (f->type) {
    case PF_STRING:
        return val_str_own(a, f->label);
    case PF_DATE:
        return val_str(a, default_date);
    case PF_BOOL:
        return val_bool(a, false);
    case PF_ENUM:
    case PF_REGION:
        return val_str_own(a, f->allowed[0]);
    case PF_ENUM_LIST:
        return val_list(a);
    case PF_INT:
    case PF_NUMBER:
        return val_num(a, f->min);
    case PF_SECTION:
        break;
    }
    return val_map(a);
}

profile *profile_example(arena *a, const pf_schema *schema, const char *default_date)
{
    profile *p = arena_alloc(a, sizeof *p);
    p->file = "the schema's example";
    p->facts = val_map(a);
    for (size_t i = 0; i < schema->n; i++) {
        const pf_field *f = &schema->fields[i];
        const char *dot = strchr(f->path, '.');
        value *dst = p->facts;
        if (dot)
            dst = val_map_get(p->facts, arena_strndup(a, f->path, (size_t)(dot - f->path)));
        value *v = f->type == PF_SECTION ? val_map(a)
                   : f->example          ? (value *)f->example
                   : f->def              ? default_value(a, f)
                                         : stand_in(a, f, default_date);
        val_map_set(a, dst, dot ? dot + 1 : f->path, v);
    }
    shortcuts(a, p, p->facts, default_date);
    return p;
}

const char *profile_fact_text(arena *a, const site *s, const pf_field *f, const value *v,
                              const i18n_lang *words)
{
    buf b = BUF_INIT;
    const char *out = NULL;
    if (!v || v->type == VAL_NULL) {
        out = i18n_get(words, "not_given");
    } else if (v->type == VAL_LIST) {
        for (size_t i = 0; i < v->u.list.len; i++)
            buf_printf(&b, "%s%s", i ? ", " : "",
                       profile_fact_text(a, s, f, v->u.list.items[i], words));
        out = v->u.list.len ? arena_strdup(a, buf_cstr(&b)) : i18n_get(words, "none");
    } else {
        if (v->type == VAL_NUM)
            i18n_number(words, v->u.num, -1, &b);
        else
            val_to_text(v, &b);
        const char *label = val_as_str(val_map_get(f->labels, buf_cstr(&b)));
        const dtable *t = f->type == PF_REGION ? site_table(s, f->table) : NULL;
        const value *row = t && !label ? dtable_row(t, buf_cstr(&b)) : NULL;
        for (size_t r = 0; row && t->ncols && r < t->nrows; r++)
            if (t->rows[r] == row) {
                buf_reset(&b);
                dtable_cell_text(t, r, 0, &b);
            }
        out = label                 ? label
              : v->type == VAL_BOOL ? i18n_get(words, v->u.b ? "answer_yes" : "answer_no")
                                    : arena_strdup(a, buf_cstr(&b));
    }
    buf_free(&b);
    return out;
}

/* ---- the JSON Schema ---- */

/* Appends the values of list (n of them) as a JSON array, null last when nullable. */
static void json_enum(buf *out, const char *const *list, size_t n, bool nullable)
{
    buf_putc(out, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(out, ',');
        buf_put_json_str(out, list[i]);
    }
    buf_puts(out, nullable ? ",null]" : "]");
}

/* The JSON Schema of one field that is not a section. */
static void json_field(const pf_field *f, buf *out)
{
    bool nullable = !f->required; /* null stands for "not given" */
    buf_puts(out, "{\"title\":");
    buf_put_json_str(out, f->label);
    if (f->description || f->unit) {
        buf desc = BUF_INIT;
        buf_puts(&desc, f->description ? f->description : "");
        if (f->unit)
            buf_printf(&desc, "%sUnit: %s.", f->description ? " " : "", f->unit);
        buf_puts(out, ",\"description\":");
        buf_put_json_str(out, buf_cstr(&desc));
        buf_free(&desc);
    }
    if (f->example) {
        buf_puts(out, ",\"examples\":[");
        val_to_json(f->example, out);
        buf_putc(out, ']');
    }
    switch (f->type) {
    case PF_STRING:
        buf_printf(out, ",\"type\":[\"string\",\"number\"%s],\"pattern\":\"\\\\S\"",
                   nullable ? ",\"null\"" : "");
        if (f->max > 0)
            buf_printf(out, ",\"maxLength\":%.0f", f->max);
        break;
    case PF_DATE:
        buf_printf(out, ",\"type\":[\"string\"%s],\"format\":\"date\"",
                   nullable ? ",\"null\"" : "");
        break;
    case PF_BOOL:
        buf_printf(out, ",\"type\":[\"boolean\"%s]", nullable ? ",\"null\"" : "");
        break;
    case PF_ENUM:
    case PF_REGION:
        buf_puts(out, ",\"enum\":");
        json_enum(out, f->allowed, count(f->allowed), nullable);
        break;
    case PF_ENUM_LIST:
        buf_printf(out,
                   ",\"type\":[\"array\"%s],\"items\":{\"enum\":", nullable ? ",\"null\"" : "");
        json_enum(out, f->allowed, count(f->allowed), false);
        buf_putc(out, '}');
        break;
    case PF_INT:
    case PF_NUMBER:
        buf_printf(out, ",\"type\":[\"%s\"%s],\"minimum\":%.15g,\"maximum\":%.15g",
                   f->type == PF_INT ? "integer" : "number", nullable ? ",\"null\"" : "", f->min,
                   f->max);
        break;
    case PF_SECTION:
        break;
    }
    if (f->def && f->def[0]) {
        buf_puts(out, ",\"default\":");
        if (f->type == PF_BOOL || f->type == PF_INT || f->type == PF_NUMBER)
            buf_puts(out, f->def);
        else
            buf_put_json_str(out, f->def);
    }
    buf_putc(out, '}');
}

/* The properties and required keys of a section (prefix "" for the top; a
 * section may also be null: not given). */
static void json_object(const pf_schema *schema, const char *prefix, buf *out)
{
    size_t plen = strlen(prefix);
    buf required = BUF_INIT;
    buf_printf(out, "\"type\":%s,\"additionalProperties\":false,\"properties\":{",
               plen ? "[\"object\",\"null\"]" : "\"object\"");
    bool first = true;
    for (size_t i = 0; i < schema->n; i++) {
        const pf_field *f = &schema->fields[i];
        const char *p = f->path;
        if (!in_section(p, prefix))
            continue;
        const char *key = plen ? p + plen + 1 : p;
        buf_puts(out, first ? "" : ",");
        first = false;
        buf_put_json_str(out, key);
        buf_putc(out, ':');
        if (f->type == PF_SECTION) {
            buf_puts(out, "{\"title\":");
            buf_put_json_str(out, f->label);
            buf_putc(out, ',');
            json_object(schema, f->path, out);
            buf_putc(out, '}');
        } else {
            json_field(f, out);
        }
        if (f->required) {
            buf_puts(&required, required.len ? "," : "");
            buf_put_json_str(&required, key);
        }
    }
    buf_printf(out, "},\"required\":[%s]", buf_cstr(&required));
    buf_free(&required);
}

void profile_json_schema(const pf_schema *schema, buf *out)
{
    buf_puts(out, "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
                  "\"title\":\"Client profile\",\"description\":\"A client's project profile, "
                  "for imprint report.\",");
    json_object(schema, "", out);
    buf_puts(out, "}\n");
}

bool profile_field_valid(arena *a, const pf_field *f, const value *v, const char *file,
                         err_list *errs)
{
    vctx c = {a, NULL, file, NULL, errs, true};
    check_field(&c, f, (value *)v);
    return c.ok;
}
