/* keys.c - where a YAML key is written, and checking a map's keys against the known ones. */
#include "core/keys.h"
#include "util/buf.h"
#include "util/suggest.h"

#include <string.h>

static const char *line_start(const char *text, int line)
{
    const char *p = text;
    for (int i = 1; i < line && p; i++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return p;
}

/* Column (1-based) of the last `key` followed by ':' on the line at p,
 * starting before column `before` (0: anywhere); 0 if none. */
static int key_on_line(const char *p, const char *key, int before)
{
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p), klen = strlen(key);
    int found = 0;
    for (size_t i = 0; klen && i + klen <= n; i++) {
        if (before && (int)i + 1 >= before)
            break;
        if (memcmp(p + i, key, klen) != 0)
            continue;
        char prev = i ? p[i - 1] : ' ';
        if (!strchr(" \t{,-\"'", prev))
            continue;
        size_t k = i + klen;
        if (k < n && (p[k] == '"' || p[k] == '\''))
            k++;
        while (k < n && p[k] == ' ')
            k++;
        if (k < n && p[k] == ':')
            found = (int)i + 1;
    }
    return found;
}

src_pos yaml_key_pos(const char *text, const value *parent, const value *v, const char *key)
{
    src_pos at = v && v->pos.line ? v->pos : parent->pos;
    if (!text || !at.line)
        return at;
    int stop = parent->pos.line > 0 ? parent->pos.line : 1;
    for (int line = at.line; line >= stop && line >= 1; line--) {
        const char *p = line_start(text, line);
        if (!p)
            break;
        int col = key_on_line(p, key, line == at.line ? at.col : 0);
        if (col) {
            at.line = line;
            at.col = col;
            return at;
        }
    }
    return at;
}

size_t keys_check(err_list *errs, const char *text, const char *file, const value *map,
                  const char *const *allowed, size_t n, const char *where, keys_mode mode)
{
    size_t unknown = 0;
    for (size_t i = 0; i < map->u.map.len; i++) {
        const char *k = map->u.map.keys[i];
        bool known = false;
        for (size_t j = 0; j < n && !known; j++)
            known = strcmp(k, allowed[j]) == 0;
        const char *near = known ? NULL : suggest_nearest(k, allowed, n);
        if (known || (mode == KEYS_WARN_NEAR && !near))
            continue;
        src_pos at = yaml_key_pos(text, map, map->u.map.vals[i], k);
        buf m = BUF_INIT;
        buf_printf(&m, "unknown key '%s'", k);
        if (where)
            buf_printf(&m, " in %s", where);
        if (near)
            buf_printf(&m, "; did you mean '%s'?", near);
        if (mode != KEYS_WARN_NEAR) {
            buf_puts(&m, " (allowed: ");
            buf_join(&m, allowed, n);
            buf_puts(&m, ")");
        }
        if (mode == KEYS_ERROR)
            err_add(errs, at.file ? at.file : file, at.line, at.col, "%s", buf_cstr(&m));
        else
            err_warn(errs, at.file ? at.file : file, at.line, at.col, "%s", buf_cstr(&m));
        buf_free(&m);
        unknown++;
    }
    return unknown;
}
