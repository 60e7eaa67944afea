/* i18n.c - string tables: loading and checking layouts/i18n/, merging them over English,
 * look-ups, filling in {names}, dates and numbers per language. */
#include "core/i18n.h"
#include "core/date.h"
#include "core/keys.h"
#include "core/table.h"
#include "core/yamlload.h"
#include "util/fsutil.h"
#include "util/suggest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* layouts/i18n/en.yaml, compiled in: i18n_en.inc is made from it by
 * scaffold/embed.sh (Makefile), as {"en.yaml", "text"}. */
static const struct {
    const char *name; /* "en.yaml" */
    const char *text; /* the file's text */
} BUILTIN[] = {
#include "i18n_en.inc"
};

/* The file name compiled-in English is named by in messages. */
#define BUILTIN_FILE "imprint's built-in layouts/i18n/en.yaml"

struct i18n_lang {
    const char *tag; /* the tag its files are named by ("de", "pt-BR"); "en" for English */
    value *strings;  /* VAL_MAP of VAL_STR: English's keys, this language's strings over them */
    size_t *filled;  /* indices into strings of the strings that name a {value} */
    size_t nfilled;  /* entries of filled */
};

struct i18n_set {
    const i18n_lang **langs; /* English first, then one per tag with a file, in name order */
    size_t n;                /* entries of langs */
};

/* One table file read. */
typedef struct table_file {
    const char *tag;  /* its name without .yaml ("de") */
    const char *file; /* its path, for messages */
    const char *text; /* its text, for the position of a key */
    value *map;       /* its strings (VAL_MAP), checked to be strings */
    bool site;        /* the site's file (not the theme's) */
} table_file;

/* The files read and what is known of them while loading. */
typedef struct loading {
    arena *a;
    table_file *files; /* theme's, then site's (arena) */
    size_t nfiles;
    const char **known; /* English's keys: built in, then the theme's and site's en.yaml (arena) */
    size_t nknown;
    value *english; /* English merged: built in, theme's en.yaml, site's en.yaml */
    err_list *errs;
} loading;

/* ---- tags ---- */

/* Length of tag's primary language ("de" of "de-CH"). */
static size_t primary_len(const char *tag)
{
    return strcspn(tag, "-_");
}

/* True when tags a and b are the same, ignoring case ('_' and '-' alike); with
 * n, only the first n bytes of b and then all of a. */
static bool same_tag(const char *a, const char *b, size_t n)
{
    size_t i = 0;
    for (; i < n && a[i] && b[i]; i++) {
        char x = a[i] == '_' ? '-' : a[i], y = b[i] == '_' ? '-' : b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return !a[i] && (i == n || !b[i]);
}

static bool is_english(const char *tag)
{
    return same_tag(tag, "en", (size_t)-1);
}

/* ---- filling in {names} ---- */

/* Appends the text of name (NUL-terminated) for ctx; nothing when it has none. */
typedef void (*fill_fn)(const void *ctx, const char *name, buf *out);

/* Bytes of the name at p: letters, digits, '_' and '.'. */
static size_t name_len(const char *p)
{
    size_t n = 0;
    while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
           (p[n] >= '0' && p[n] <= '9') || p[n] == '_' || p[n] == '.')
        n++;
    return n;
}

/* The {name} of pattern at or after p: its '{' (NULL: none) and the name's length. */
static const char *next_name(const char *p, size_t *len)
{
    for (const char *open = strchr(p, '{'); open; open = strchr(open + 1, '{')) {
        size_t n = name_len(open + 1);
        if (n && n < 128 && open[n + 1] == '}') {
            *len = n;
            return open;
        }
    }
    return NULL;
}

static void fill(const char *pattern, fill_fn get, const void *ctx, buf *out)
{
    const char *p = pattern, *open;
    size_t n;
    while ((open = next_name(p, &n))) {
        char name[128];
        buf_put(out, p, (size_t)(open - p));
        memcpy(name, open + 1, n);
        name[n] = '\0';
        get(ctx, name, out);
        p = open + n + 2;
    }
    buf_puts(out, p);
}

static void value_get(const void *ctx, const char *name, buf *out)
{
    val_to_text(ctx ? val_path(ctx, name) : NULL, out);
}

void i18n_fill(const char *pattern, const value *ctx, buf *out)
{
    fill(pattern, value_get, ctx, out);
}

/* i18n_format's pairs. */
typedef struct pairs {
    const char *names[8], *texts[8];
    size_t n;
} pairs;

static void pairs_get(const void *ctx, const char *name, buf *out)
{
    const pairs *p = ctx;
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->names[i], name) == 0) {
            buf_puts(out, p->texts[i]);
            return;
        }
}

void i18n_format(const i18n_lang *l, const char *key, buf *out, ...)
{
    pairs p = {.n = 0};
    va_list ap;
    va_start(ap, out);
    for (const char *name; p.n < 8 && (name = va_arg(ap, const char *)); p.n++) {
        p.names[p.n] = name;
        p.texts[p.n] = va_arg(ap, const char *);
    }
    va_end(ap);
    fill(i18n_get(l, key), pairs_get, &p, out);
}

/* ---- reading and checking tables ---- */

/* Checks that v (the document of file) is a map of strings; an empty
 * document is an empty map. Returns the map, or NULL with errors. */
static value *check_table(arena *a, value *v, const char *file, err_list *errs)
{
    if (v->type == VAL_NULL)
        return val_map(a);
    if (v->type != VAL_MAP) {
        err_add(errs, file, v->pos.line, v->pos.col,
                "a string table must be a mapping of keys to strings (contents: \"Inhalt\"), not "
                "%s",
                val_type_name(v->type));
        return NULL;
    }
    bool ok = true;
    for (size_t i = 0; i < v->u.map.len; i++) {
        const value *s = v->u.map.vals[i];
        if (s->type != VAL_STR) {
            err_add(errs, file, s->pos.line, s->pos.col,
                    "the string '%s' must be text, not %s (put it in quotes: \"...\")",
                    v->u.map.keys[i], val_type_name(s->type));
            ok = false;
        }
    }
    return ok ? v : NULL;
}

/* Reads every NAME.yaml (or .yml) of DIR/layouts/i18n into L->files. 0, or
 * -1 with the errors of every file that is not a table. */
static int read_dir(loading *L, const char *dir, bool from_site)
{
    char *root = fs_join(dir, "layouts/i18n");
    fs_list files = {0};
    int rc = fs_walk(root, &files, L->errs);
    for (size_t i = 0; i < files.len; i++) {
        const char *rel = files.paths[i];
        size_t n = strlen(rel), ext = n > 5 && strcmp(rel + n - 5, ".yaml") == 0  ? 5
                                      : n > 4 && strcmp(rel + n - 4, ".yml") == 0 ? 4
                                                                                  : 0;
        if (!ext || strchr(rel, '/'))
            continue;
        char *path = fs_join(root, rel);
        size_t len = 0;
        char *text = fs_read(path, &len, L->errs);
        const char *file = arena_strdup(L->a, path);
        value *v = text ? yaml_load(L->a, text, len, file, 1, L->errs) : NULL;
        value *map = v ? check_table(L->a, v, file, L->errs) : NULL;
        if (map) {
            L->files = arena_realloc(L->a, L->files, L->nfiles * sizeof *L->files,
                                     (L->nfiles + 1) * sizeof *L->files);
            L->files[L->nfiles++] = (table_file){arena_strndup(L->a, rel, n - ext), file,
                                                 arena_strndup(L->a, text, len), map, from_site};
        } else {
            rc = -1;
        }
        free(text);
        free(path);
    }
    fs_list_free(&files);
    free(root);
    return rc;
}

/* True when key is among known[0..n). */
static bool has_key(const char *const *known, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(known[i], key) == 0)
            return true;
    return false;
}

/* Adds map's strings to L->english and their keys to L->known. */
static void add_english(loading *L, const value *map)
{
    for (size_t i = 0; i < map->u.map.len; i++) {
        const char *k = map->u.map.keys[i];
        if (!has_key(L->known, L->nknown, k)) {
            L->known = arena_realloc(L->a, L->known, L->nknown * sizeof *L->known,
                                     (L->nknown + 1) * sizeof *L->known);
            L->known[L->nknown++] = k;
        }
        val_map_set(L->a, L->english, k, map->u.map.vals[i]);
    }
}

/* Warns about each {name} without a dot in f's string for key that English's
 * string for it does not name: nothing fills it in. (A dotted name is a path
 * into a layout's context, which any string may name; date_format is given
 * the four names of a date, of which English uses three.) */
static void check_names(loading *L, const table_file *f, const char *key, const value *s)
{
    const char *english = strcmp(key, "date_format") == 0
                              ? "{day}, {month}, {month_num}, {year}"
                              : val_as_str(val_map_get(L->english, key));
    const char *p = s->u.str.s, *open;
    size_t n;
    while (english && (open = next_name(p, &n))) {
        char want[132];
        snprintf(want, sizeof want, "{%.*s}", (int)n, open + 1);
        if (!memchr(open + 1, '.', n) && !strstr(english, want))
            err_warn(L->errs, f->file, s->pos.line, s->pos.col,
                     "%s in the string '%s' is never filled in: it is given the names of "
                     "English's string (\"%s\")",
                     want, key, english);
        p = open + n + 2;
    }
}

/* Checks the keys of every table against English's: unknown keys, and a
 * site's own English key that is near one of imprint's. */
static void check_keys(loading *L, size_t nbuiltin)
{
    for (size_t i = 0; i < L->nfiles; i++) {
        const table_file *f = &L->files[i];
        bool en = is_english(f->tag);
        for (size_t k = 0; k < f->map->u.map.len; k++) {
            const char *key = f->map->u.map.keys[k];
            const char *near = NULL;
            if (en) { /* its own keys are English's; one near a built-in key is a typo */
                if (has_key(L->known, nbuiltin, key) ||
                    !(near = suggest_nearest(key, L->known, nbuiltin)))
                    continue;
            } else if (has_key(L->known, L->nknown, key)) {
                check_names(L, f, key, f->map->u.map.vals[k]);
                continue;
            } else {
                near = suggest_nearest(key, L->known, L->nknown);
            }
            src_pos at = yaml_key_pos(f->text, f->map, f->map->u.map.vals[k], key);
            const char *file = at.file ? at.file : f->file;
            if (en)
                err_warn(L->errs, file, at.line, at.col,
                         "'%s' is not one of imprint's strings; did you mean '%s'?", key, near);
            else
                err_warn(L->errs, file, at.line, at.col,
                         "unknown string '%s'%s%s%s (every key of a string table is one of "
                         "en.yaml's; a site's own strings go into its layouts/i18n/en.yaml too)",
                         key, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
        }
    }
}

/* ---- the tables ---- */

/* A language's table: English's strings, then those of the files of tag's
 * primary language (when tag has a region), then tag's, theme's before the
 * site's. */
static i18n_lang *make_lang(loading *L, const char *tag)
{
    i18n_lang *l = arena_alloc(L->a, sizeof *l);
    l->tag = tag;
    l->strings = val_map(L->a);
    val_map_set_all(L->a, l->strings, L->english);
    size_t plen = primary_len(tag);
    for (int pass = tag[plen] ? 0 : 1; pass < 2; pass++)
        for (size_t i = 0; i < L->nfiles; i++) {
            const table_file *f = &L->files[i];
            if (!is_english(tag) &&
                (pass == 0 ? same_tag(f->tag, tag, plen) : same_tag(f->tag, tag, (size_t)-1)))
                val_map_set_all(L->a, l->strings, f->map);
        }
    const value *m = l->strings;
    l->filled = arena_alloc(L->a, (m->u.map.len + 1) * sizeof *l->filled);
    for (size_t i = 0; i < m->u.map.len; i++) {
        size_t n;
        if (next_name(m->u.map.vals[i]->u.str.s, &n))
            l->filled[l->nfilled++] = i;
    }
    return l;
}

/* Parses the compiled-in English into L (its keys the first known). */
static void load_builtin(loading *L)
{
    err_list ignore = ERR_LIST_INIT; /* tests/unit/test_i18n.c loads it without an error */
    L->english = val_map(L->a);
    for (size_t i = 0; i < sizeof BUILTIN / sizeof *BUILTIN; i++) {
        value *v =
            yaml_load(L->a, BUILTIN[i].text, strlen(BUILTIN[i].text), BUILTIN_FILE, 1, &ignore);
        value *map = v ? check_table(L->a, v, BUILTIN_FILE, &ignore) : NULL;
        if (map)
            add_english(L, map);
    }
    err_list_free(&ignore);
}

const i18n_lang *i18n_english(arena *a)
{
    loading L = {.a = a};
    load_builtin(&L);
    return make_lang(&L, "en");
}

i18n_set *i18n_load(arena *a, const char *site_dir, const char *theme_dir, err_list *errs)
{
    loading L = {.a = a, .errs = errs};
    load_builtin(&L);
    size_t nbuiltin = L.nknown;
    int rc = theme_dir ? read_dir(&L, theme_dir, false) : 0;
    if ((rc | read_dir(&L, site_dir, true)) != 0)
        return NULL;
    for (size_t pass = 0; pass < 2; pass++) /* the theme's en.yaml, then the site's */
        for (size_t i = 0; i < L.nfiles; i++)
            if (L.files[i].site == (pass == 1) && is_english(L.files[i].tag))
                add_english(&L, L.files[i].map);
    check_keys(&L, nbuiltin);
    i18n_set *set = arena_alloc(a, sizeof *set);
    set->langs = arena_alloc(a, (L.nfiles + 1) * sizeof *set->langs);
    set->langs[set->n++] = make_lang(&L, "en");
    for (size_t i = 0; i < L.nfiles; i++) {
        bool seen = is_english(L.files[i].tag);
        for (size_t k = 0; k < set->n && !seen; k++)
            seen = same_tag(set->langs[k]->tag, L.files[i].tag, (size_t)-1);
        if (!seen)
            set->langs[set->n++] = make_lang(&L, L.files[i].tag);
    }
    return set;
}

/* The table for tag itself (exact), or for its primary language; NULL for none. */
static const i18n_lang *find(const i18n_set *set, const char *tag, bool exact)
{
    for (size_t i = 0; i < set->n; i++)
        if (exact ? same_tag(set->langs[i]->tag, tag, (size_t)-1)
                  : same_tag(set->langs[i]->tag, tag, primary_len(tag)))
            return set->langs[i];
    return NULL;
}

const i18n_lang *i18n_lang_for(const i18n_set *set, const char *tag)
{
    const i18n_lang *l = tag && tag[0] ? find(set, tag, true) : NULL;
    if (!l && tag && tag[0])
        l = find(set, tag, false);
    return l ? l : set->langs[0];
}

bool i18n_has(const i18n_set *set, const char *tag)
{
    return !tag || !tag[0] || find(set, tag, true) || find(set, tag, false);
}

bool i18n_check_language(const i18n_set *set, const value *v, const char *file, err_list *errs)
{
    const char *tag = val_as_str(v);
    if (!tag || i18n_has(set, tag))
        return true;
    err_warn(errs, v->pos.file ? v->pos.file : file, v->pos.line, v->pos.col,
             "no strings for the language '%s' (layouts/i18n/%s.yaml, in the site or imprint's "
             "theme): imprint's own words (\"Contents\", dates) are printed in English; "
             "translate them in the site's layouts/i18n/%s.yaml (docs/templates.md: the i18n keys)",
             tag, tag, tag);
    return false;
}

/* i18n_check_language once per tag: warned (in a) lists the tags warned about. */
static void check_language(const i18n_set *set, const value *v, const char *file,
                           const char ***warned, size_t *nwarned, arena *a, err_list *errs)
{
    const char *tag = val_as_str(v);
    for (size_t i = 0; tag && i < *nwarned; i++)
        if (same_tag((*warned)[i], tag, (size_t)-1))
            return;
    if (i18n_check_language(set, v, file, errs))
        return;
    *warned =
        arena_realloc(a, *warned, *nwarned * sizeof **warned, (*nwarned + 1) * sizeof **warned);
    (*warned)[(*nwarned)++] = tag;
}

int i18n_site_load(site *s, err_list *errs)
{
    if (!(s->i18n = i18n_load(s->arena, s->dir, s->theme_dir, errs)))
        return -1;
    const char **warned = NULL;
    size_t nwarned = 0;
    check_language(s->i18n, val_map_get(s->config, "language"), NULL, &warned, &nwarned, s->arena,
                   errs);
    for (size_t i = 0; i < s->npages; i++)
        check_language(s->i18n, val_map_get(s->pages[i]->front, "language"), s->pages[i]->file,
                       &warned, &nwarned, s->arena, errs);
    return 0;
}

/* ---- look-ups ---- */

const char *i18n_tag(const i18n_lang *l)
{
    return l->tag;
}

const char *i18n_get(const i18n_lang *l, const char *key)
{
    return val_str_or(val_map_get(l->strings, key), key);
}

const value *i18n_strings(const i18n_lang *l)
{
    return l->strings;
}

value *i18n_context(arena *a, const i18n_lang *l, const value *ctx)
{
    const value *src = l->strings;
    size_t n = src->u.map.len;
    value *m = val_map(a);
    m->u.map.keys = arena_alloc(a, (n + 1) * sizeof *m->u.map.keys);
    m->u.map.vals = arena_alloc(a, (n + 1) * sizeof *m->u.map.vals);
    memcpy(m->u.map.keys, src->u.map.keys, n * sizeof *m->u.map.keys);
    memcpy(m->u.map.vals, src->u.map.vals, n * sizeof *m->u.map.vals);
    m->u.map.len = n;
    m->u.map.cap = n + 1;
    buf b = BUF_INIT;
    for (size_t i = 0; i < l->nfilled; i++) {
        size_t k = l->filled[i];
        buf_reset(&b);
        i18n_fill(src->u.map.vals[k]->u.str.s, ctx, &b);
        m->u.map.vals[k] = val_str(a, buf_cstr(&b));
    }
    buf_free(&b);
    return m;
}

/* ---- dates and numbers ---- */

/* A date being written. */
typedef struct date_ctx {
    const i18n_lang *l; /* its language */
    int y, m, d;        /* the date */
} date_ctx;

static void date_get(const void *ctx, const char *name, buf *out)
{
    const date_ctx *c = ctx;
    if (strcmp(name, "year") == 0) {
        buf_printf(out, "%d", c->y);
    } else if (strcmp(name, "month") == 0) {
        char key[16];
        snprintf(key, sizeof key, "month_%d", c->m);
        buf_puts(out, i18n_get(c->l, key));
    } else if (strcmp(name, "month_num") == 0) {
        buf_printf(out, "%d", c->m);
    } else if (strcmp(name, "day") == 0) {
        if (c->d == 1)
            buf_puts(out, i18n_get(c->l, "day_1"));
        else
            buf_printf(out, "%d", c->d);
    }
}

void i18n_date(const i18n_lang *l, const char *ymd, buf *out)
{
    date_ctx c = {.l = l};
    if (date_parse_ymd(ymd, &c.y, &c.m, &c.d))
        fill(i18n_get(l, "date_format"), date_get, &c, out);
}

void i18n_number(const i18n_lang *l, double x, int decimals, buf *out)
{
    dtable_format_number_sep(x, decimals, i18n_get(l, "thousands_separator"),
                             i18n_get(l, "decimal_separator"), out);
}
