/* profile.c - validates client profiles against the schema and normalises them into facts.
 *
 * One pass over the schema (fields[] below, in the order docs/reports.md lists
 * them) reads each field from the YAML map, checks its type and range, and
 * writes the value or its default into the facts map; a second pass over the
 * YAML keys warns about keys the schema does not know, with the nearest known
 * key (Levenshtein distance, case-insensitive) as a suggestion. */
#include "report/profile.h"
#include "core/keys.h"
#include "util/suggest.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const AI_ML[] = {"none", "planned", "core", NULL};
static const char *const REALTIME[] = {"none", "light", "heavy", NULL};
static const char *const IO[] = {"low", "medium", "high", NULL};
static const char *const COMPLIANCE[] = {"HIPAA", "GDPR", "PCI-DSS", "SOC2", NULL};
static const char *const FRONTEND[] = {"none", "react", "vue", "angular", "next", "other", NULL};

static const pf_field fields[] = {
    {"client", PF_STRING, NULL, 0, 200, true, NULL, "Client"},
    {"project", PF_STRING, NULL, 0, 200, true, NULL, "Project"},
    {"prepared_for", PF_STRING, NULL, 0, 200, false, "", "Prepared for"},
    {"date", PF_DATE, NULL, 0, 0, false, NULL, "Date"},
    {"workload", PF_SECTION, NULL, 0, 0, false, NULL, "Workload"},
    {"workload.ai_ml", PF_ENUM, AI_ML, 0, 0, false, "none", "AI / machine learning"},
    {"workload.data_pipelines", PF_BOOL, NULL, 0, 0, false, "false", "Data pipelines (ETL)"},
    {"workload.scientific", PF_BOOL, NULL, 0, 0, false, "false",
     "Scientific computing and analytics"},
    {"workload.realtime", PF_ENUM, REALTIME, 0, 0, false, "none", "Real-time features"},
    {"workload.io_concurrency", PF_ENUM, IO, 0, 0, false, "low", "I/O concurrency"},
    {"workload.cpu_heavy", PF_BOOL, NULL, 0, 0, false, "false", "CPU-heavy work"},
    {"workload.serverless", PF_BOOL, NULL, 0, 0, false, "false", "Serverless-first"},
    {"workload.mvp", PF_BOOL, NULL, 0, 0, false, "false", "Prototype / MVP"},
    {"workload.compliance", PF_ENUM_LIST, COMPLIANCE, 0, 0, false, NULL, "Compliance"},
    {"workload.peak_rps", PF_INT, NULL, 0, 100000000, false, "0", "Peak requests per second"},
    {"team", PF_SECTION, NULL, 0, 0, false, NULL, "Team"},
    {"team.frontend", PF_ENUM, FRONTEND, 0, 0, false, "none", "Frontend"},
    {"team.python_devs", PF_INT, NULL, 0, 100000, false, "0", "Python developers"},
    {"team.node_devs", PF_INT, NULL, 0, 100000, false, "0", "Node.js developers"},
    {"hiring", PF_SECTION, NULL, 0, 0, false, NULL, "Hiring"},
    {"hiring.region", PF_REGION, NULL, 0, 0, true, NULL, "Hiring region"},
    {"hiring.engineers", PF_INT, NULL, 1, 10000, true, NULL, "Engineers"},
    {"hiring.months", PF_INT, NULL, 1, 120, true, NULL, "Months"},
};
#define NFIELDS (sizeof fields / sizeof *fields)

const pf_field *profile_fields(size_t *n)
{
    *n = NFIELDS;
    return fields;
}

/* ---- validation ---- */

typedef struct vctx {
    arena *a;
    const char *file;
    const char *text;
    const char *const *regions;
    size_t nregions;
    err_list *errs;
    bool ok; /* false once fail() recorded a problem: the checks below record every problem
                and go on, and profile_from_value returns NULL when !ok */
} vctx;

static void fail(vctx *c, const value *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(vctx *c, const value *at, const char *fmt, ...)
{
    buf msg = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    err_add(c->errs, c->file, at ? at->pos.line : 0, at ? at->pos.col : 0, "%s", buf_cstr(&msg));
    buf_free(&msg);
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
    case PF_ENUM: {
        const char *s = check_enum(c, f, v, f->allowed, count(f->allowed), false);
        if (s)
            out = val_str_own(a, s);
        break;
    }
    case PF_REGION: {
        const char *s = check_enum(c, f, v, c->regions, c->nregions, false);
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
        if (v->type == VAL_NUM && v->u.num == floor(v->u.num) && v->u.num >= f->min &&
            v->u.num <= f->max) {
            out = v;
        } else {
            describe(v, &m);
            fail(c, v, "'%s' must be a whole number from %.0f to %.0f; got %s", f->path, f->min,
                 f->max, buf_cstr(&m));
        }
        break;
    case PF_SECTION:
        break;
    }
    buf_free(&m);
    return out;
}

/* The keys a section (prefix "" for the top level) may hold, as plain names. */
static size_t section_keys(const char *prefix, const char **keys)
{
    size_t n = 0, plen = strlen(prefix);
    for (size_t i = 0; i < NFIELDS; i++) {
        const char *p = fields[i].path;
        if (plen ? strncmp(p, prefix, plen) == 0 && p[plen] == '.' && !strchr(p + plen + 1, '.')
                 : !strchr(p, '.'))
            keys[n++] = plen ? p + plen + 1 : p;
    }
    return n;
}

/* Warns about every key of map that the section does not know. */
static void unknown_keys(vctx *c, const value *map, const char *prefix)
{
    const char *keys[NFIELDS];
    size_t n = section_keys(prefix, keys);
    char *where = prefix[0] ? xasprintf("'%s'", prefix) : NULL;
    keys_check(c->errs, c->text, c->file, map, keys, n, where, KEYS_WARN);
    free(where);
}

static void describe_field(const vctx *c, const pf_field *f, buf *m)
{
    if (f->type == PF_REGION) {
        buf_puts(m, "one of: ");
        buf_join(m, c->regions, c->nregions);
    } else if (f->type == PF_INT) {
        buf_printf(m, "a whole number from %.0f to %.0f", f->min, f->max);
    } else if (f->type == PF_STRING) {
        buf_puts(m, "a string");
        if (f->max > 0)
            buf_printf(m, " of at most %.0f characters", f->max);
    } else if (f->type == PF_ENUM) {
        buf_puts(m, "one of: ");
        buf_join(m, f->allowed, count(f->allowed));
    }
}

/* 0, 1, 2 for a path in workload, team, hiring. */
static int section_of(const char *path)
{
    return strncmp(path, "workload", 8) == 0 ? 0 : strncmp(path, "team", 4) == 0 ? 1 : 2;
}

static const char *const section_names[3] = {"workload", "team", "hiring"};

/* A section of the profile (workload, team, hiring): checks its value in doc
 * and adds its fact map to p->facts (workload and team always, hiring only
 * when given), recording the map in sections[] and its source in srcs[]. */
static void section(vctx *c, const value *doc, const pf_field *f, profile *p, value *sections[3],
                    const value *srcs[3])
{
    int s = section_of(f->path);
    const value *sv = val_map_get(doc, f->path);
    if (sv && sv->type != VAL_MAP && sv->type != VAL_NULL) {
        const char *keys[NFIELDS];
        size_t n = section_keys(f->path, keys);
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
        srcs[s] = sv;
    }
    if (s < 2 || srcs[s]) {
        sections[s] = val_map(c->a);
        val_map_set(c->a, p->facts, section_names[s], sections[s]);
    } else {
        val_map_set(c->a, p->facts, section_names[s], val_null(c->a));
    }
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
    p->peak_rps = val_num_or(val_path(f, "workload.peak_rps"), 0);
    const value *h = val_map_get(f, "hiring");
    p->has_hiring = h && h->type == VAL_MAP;
    if (p->has_hiring) {
        p->region = val_as_str(val_map_get(h, "region"));
        p->engineers = val_num_or(val_map_get(h, "engineers"), 0);
        p->months = val_num_or(val_map_get(h, "months"), 0);
    }
}

profile *profile_from_value(arena *a, const value *doc, const char *text, const char *file,
                            const char *const *regions, size_t nregions, const char *default_date,
                            err_list *errs)
{
    vctx c = {a, file, text, regions, nregions, errs, true};
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
    value *sections[3] = {NULL, NULL, NULL}; /* the fact maps of workload, team, hiring */
    const value *srcs[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < NFIELDS; i++) {
        const pf_field *f = &fields[i];
        const char *dot = strchr(f->path, '.');
        if (f->type == PF_SECTION) {
            section(&c, doc, f, p, sections, srcs);
            continue;
        }
        const value *map = doc;
        value *dst = p->facts;
        const char *key = f->path;
        if (dot) {
            int s = section_of(f->path);
            if (!sections[s])
                continue; /* hiring absent: none of its fields apply */
            map = srcs[s];
            dst = sections[s];
            key = dot + 1;
        }
        value *v = map ? val_map_get(map, key) : NULL;
        value *norm = NULL;
        if (v && v->type != VAL_NULL)
            norm = check_field(&c, f, v);
        else if (f->required) {
            const value *at = v ? v : map ? map : doc;
            value keyat = {0};
            if (!v && dot) { /* at the section's key ("hiring:") */
                int s = section_of(f->path);
                keyat.pos = yaml_key_pos(text, doc, srcs[s], section_names[s]);
                at = &keyat;
            }
            buf m = BUF_INIT;
            if (v) {
                buf_printf(&m, "'%s' must not be empty", f->path);
            } else {
                buf_printf(&m, "missing required key '%s'", f->path);
                if (dot) {
                    buf_puts(&m, " (");
                    describe_field(&c, f, &m);
                    buf_puts(&m, ")");
                }
            }
            fail(&c, at, "%s", buf_cstr(&m));
            buf_free(&m);
        }
        if (!norm)
            norm = default_value(a, f);
        val_map_set(a, dst, key, norm);
    }
    if (!c.ok)
        return NULL;
    shortcuts(a, p, doc, default_date);
    return p;
}

/* ---- the JSON Schema ---- */

/* Appends s as a JSON string, quotes included. */
static void json_str(buf *out, const char *s)
{
    buf_putc(out, '"');
    buf_put_json(out, s, strlen(s));
    buf_putc(out, '"');
}

/* Appends the values of list (n of them) as a JSON array, null last when nullable. */
static void json_enum(buf *out, const char *const *list, size_t n, bool nullable)
{
    buf_putc(out, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(out, ',');
        json_str(out, list[i]);
    }
    buf_puts(out, nullable ? ",null]" : "]");
}

/* The JSON Schema of one field that is not a section. */
static void json_field(const pf_field *f, const char *const *regions, size_t nregions, buf *out)
{
    bool nullable = !f->required; /* null stands for "not given" */
    buf_puts(out, "{\"title\":");
    json_str(out, f->label);
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
        buf_puts(out, ",\"enum\":");
        json_enum(out, f->allowed, count(f->allowed), nullable);
        break;
    case PF_REGION:
        buf_puts(out, ",\"enum\":");
        json_enum(out, regions, nregions, nullable);
        break;
    case PF_ENUM_LIST:
        buf_printf(out,
                   ",\"type\":[\"array\"%s],\"items\":{\"enum\":", nullable ? ",\"null\"" : "");
        json_enum(out, f->allowed, count(f->allowed), false);
        buf_putc(out, '}');
        break;
    case PF_INT:
    case PF_NUMBER:
        buf_printf(out, ",\"type\":[\"integer\"%s],\"minimum\":%.0f,\"maximum\":%.0f",
                   nullable ? ",\"null\"" : "", f->min, f->max);
        break;
    case PF_SECTION:
        break;
    }
    if (f->def && f->def[0]) {
        buf_puts(out, ",\"default\":");
        if (f->type == PF_BOOL || f->type == PF_INT || f->type == PF_NUMBER)
            buf_puts(out, f->def);
        else
            json_str(out, f->def);
    }
    buf_putc(out, '}');
}

/* The properties and required keys of a section (prefix "" for the top; a
 * section may also be null: not given). */
static void json_object(const char *prefix, const char *const *regions, size_t nregions, buf *out)
{
    size_t plen = strlen(prefix);
    buf required = BUF_INIT;
    buf_printf(out, "\"type\":%s,\"additionalProperties\":false,\"properties\":{",
               plen ? "[\"object\",\"null\"]" : "\"object\"");
    bool first = true;
    for (size_t i = 0; i < NFIELDS; i++) {
        const pf_field *f = &fields[i];
        const char *p = f->path;
        bool mine =
            plen ? strncmp(p, prefix, plen) == 0 && p[plen] == '.' && !strchr(p + plen + 1, '.')
                 : !strchr(p, '.');
        if (!mine)
            continue;
        const char *key = plen ? p + plen + 1 : p;
        buf_puts(out, first ? "" : ",");
        first = false;
        json_str(out, key);
        buf_putc(out, ':');
        if (f->type == PF_SECTION) {
            buf_puts(out, "{\"title\":");
            json_str(out, f->label);
            buf_putc(out, ',');
            json_object(f->path, regions, nregions, out);
            buf_putc(out, '}');
        } else {
            json_field(f, regions, nregions, out);
        }
        if (f->required) {
            buf_puts(&required, required.len ? "," : "");
            json_str(&required, key);
        }
    }
    buf_printf(out, "},\"required\":[%s]", buf_cstr(&required));
    buf_free(&required);
}

void profile_json_schema(const char *const *regions, size_t nregions, buf *out)
{
    buf_puts(out, "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
                  "\"title\":\"Client profile\",\"description\":\"A client's project profile, "
                  "for imprint report.\",");
    json_object("", regions, nregions, out);
    buf_puts(out, "}\n");
}
