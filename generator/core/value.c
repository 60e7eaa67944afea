/* value.c - constructors, lookups and text forms of the dynamic values in model.h. */
#include "util/buf.h"
#include "util/err.h"
#include "core/model.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static value *make(arena *a, val_type t)
{
    value *v = arena_alloc(a, sizeof *v);
    v->type = t;
    return v;
}

value *val_null(arena *a)
{
    return make(a, VAL_NULL);
}

value *val_bool(arena *a, bool b)
{
    value *v = make(a, VAL_BOOL);
    v->u.b = b;
    return v;
}

value *val_num(arena *a, double n)
{
    value *v = make(a, VAL_NUM);
    v->u.num = n;
    return v;
}

value *val_strn(arena *a, const char *s, size_t n)
{
    value *v = make(a, VAL_STR);
    v->u.str.s = arena_strndup(a, s, n);
    v->u.str.len = n;
    return v;
}

value *val_str(arena *a, const char *s)
{
    return val_strn(a, s, strlen(s));
}

value *val_str_own(arena *a, const char *s)
{
    value *v = make(a, VAL_STR);
    v->u.str.s = s;
    v->u.str.len = strlen(s);
    return v;
}

value *val_list(arena *a)
{
    return make(a, VAL_LIST);
}

value *val_map(arena *a)
{
    return make(a, VAL_MAP);
}

void val_list_push(arena *a, value *list, value *v)
{
    if (list->u.list.len == list->u.list.cap) {
        size_t cap = list->u.list.cap ? list->u.list.cap * 2 : 4;
        list->u.list.items = arena_realloc(
            a, list->u.list.items, list->u.list.cap * sizeof(value *), cap * sizeof(value *));
        list->u.list.cap = cap;
    }
    list->u.list.items[list->u.list.len++] = v;
}

void val_map_set_all(arena *a, value *dst, const value *src)
{
    for (size_t i = 0; src && src->type == VAL_MAP && i < src->u.map.len; i++)
        val_map_set(a, dst, src->u.map.keys[i], src->u.map.vals[i]);
}

static long map_index(const value *map, const char *key)
{
    for (size_t i = 0; i < map->u.map.len; i++)
        if (strcmp(map->u.map.keys[i], key) == 0)
            return (long)i;
    return -1;
}

void val_map_set(arena *a, value *map, const char *key, value *v)
{
    long i = map_index(map, key);
    if (i >= 0) {
        map->u.map.vals[i] = v;
        return;
    }
    if (map->u.map.len == map->u.map.cap) {
        size_t old = map->u.map.cap, cap = old ? old * 2 : 4;
        map->u.map.keys =
            arena_realloc(a, map->u.map.keys, old * sizeof(char *), cap * sizeof(char *));
        map->u.map.vals =
            arena_realloc(a, map->u.map.vals, old * sizeof(value *), cap * sizeof(value *));
        map->u.map.cap = cap;
    }
    map->u.map.keys[map->u.map.len] = arena_strdup(a, key);
    map->u.map.vals[map->u.map.len] = v;
    map->u.map.len++;
}

value *val_map_get(const value *map, const char *key)
{
    if (!map || map->type != VAL_MAP)
        return NULL;
    long i = map_index(map, key);
    return i >= 0 ? map->u.map.vals[i] : NULL;
}

value *val_path(const value *root, const char *dotted)
{
    const value *v = root;
    char part[256];
    const char *p = dotted;
    while (v && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n >= sizeof part)
            return NULL;
        memcpy(part, p, n);
        part[n] = '\0';
        v = val_map_get(v, part);
        p += n + (dot ? 1 : 0);
    }
    return (value *)v;
}

bool val_truthy(const value *v)
{
    if (!v)
        return false;
    switch (v->type) {
    case VAL_NULL:
        return false;
    case VAL_BOOL:
        return v->u.b;
    case VAL_NUM:
        return true;
    case VAL_STR:
        return v->u.str.len > 0;
    case VAL_LIST:
        return v->u.list.len > 0;
    case VAL_MAP:
        return true;
    }
    return false;
}

const char *val_as_str(const value *v)
{
    return v && v->type == VAL_STR ? v->u.str.s : NULL;
}

const char *val_str_or(const value *v, const char *def)
{
    const char *s = val_as_str(v);
    return s ? s : def;
}

double val_num_or(const value *v, double def)
{
    return v && v->type == VAL_NUM ? v->u.num : def;
}

/* Shortest decimal text that reads back as the same double. */
static void put_num(buf *out, double x)
{
    char tmp[64];
    if (isnan(x)) {
        buf_puts(out, "NaN");
        return;
    }
    if (isinf(x)) {
        buf_puts(out, x < 0 ? "-Infinity" : "Infinity");
        return;
    }
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(tmp, sizeof tmp, "%.0f", x == 0 ? 0.0 : x);
        buf_puts(out, tmp);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, x);
        if (strtod(tmp, NULL) == x)
            break;
    }
    buf_puts(out, tmp);
}

bool val_to_text(const value *v, buf *out)
{
    if (!v)
        return true;
    switch (v->type) {
    case VAL_NULL:
        return true;
    case VAL_BOOL:
        buf_puts(out, v->u.b ? "true" : "false");
        return true;
    case VAL_NUM:
        put_num(out, v->u.num);
        return true;
    case VAL_STR:
        buf_put(out, v->u.str.s, v->u.str.len);
        return true;
    case VAL_LIST:
    case VAL_MAP:
        return false;
    }
    return false;
}

/* JSON output; depth is bounded by the loaders' nesting limit. */
void val_to_json(const value *v, buf *out)
{
    if (!v) {
        buf_puts(out, "null");
        return;
    }
    switch (v->type) {
    case VAL_NULL:
        buf_puts(out, "null");
        break;
    case VAL_BOOL:
        buf_puts(out, v->u.b ? "true" : "false");
        break;
    case VAL_NUM:
        if (isfinite(v->u.num))
            put_num(out, v->u.num);
        else
            buf_puts(out, "null");
        break;
    case VAL_STR:
        buf_putc(out, '"');
        buf_put_json(out, v->u.str.s, v->u.str.len);
        buf_putc(out, '"');
        break;
    case VAL_LIST:
        buf_putc(out, '[');
        for (size_t i = 0; i < v->u.list.len; i++) {
            if (i)
                buf_putc(out, ',');
            val_to_json(v->u.list.items[i], out);
        }
        buf_putc(out, ']');
        break;
    case VAL_MAP:
        buf_putc(out, '{');
        for (size_t i = 0; i < v->u.map.len; i++) {
            if (i)
                buf_putc(out, ',');
            buf_putc(out, '"');
            buf_put_json(out, v->u.map.keys[i], strlen(v->u.map.keys[i]));
            buf_puts(out, "\":");
            val_to_json(v->u.map.vals[i], out);
        }
        buf_putc(out, '}');
        break;
    }
}

void val_error(err_list *errs, const value *at, const char *file, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vadd(errs, at && at->pos.file ? at->pos.file : file, at ? at->pos.line : 0,
             at ? at->pos.col : 0, fmt, ap);
    va_end(ap);
}

const char *val_type_name(val_type t)
{
    switch (t) {
    case VAL_NULL:
        return "null";
    case VAL_BOOL:
        return "a boolean";
    case VAL_NUM:
        return "a number";
    case VAL_STR:
        return "a string";
    case VAL_LIST:
        return "a list";
    case VAL_MAP:
        return "a mapping";
    }
    return "?";
}
