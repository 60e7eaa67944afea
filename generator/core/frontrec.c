/* frontrec.c - encoding and decoding a page's front-matter record (see frontrec.h).
 *
 * A record is text with length-prefixed strings, so any byte may occur in a value:
 *   record  := body_off ',' body_len ',' body_line ',' nwarn ':' value warning*
 *   value   := type line ',' col ',' payload
 *              'n' (null) | 'b' '0'/'1' | 'd' 16 hex digits (the double's bits)
 *              | 's' len ':' bytes | 'l' n ':' value* | 'm' n ':' (len ':' key value)*
 *   warning := 'w' or 'e', then len ':' bytes (the message as listed) */
#include "core/frontrec.h"
#include "core/yamlload.h"

#include <string.h>

static void put_num(buf *b, unsigned long long v, char end)
{
    buf_put_int(b, (long long)v);
    buf_putc(b, end);
}

static void put_bytes(buf *b, const char *s, size_t n)
{
    put_num(b, n, ':');
    buf_put(b, s, n);
}

/* Nesting is bounded by the loader's (YAML_MAX_DEPTH), so this recursion is too. */
static void put_value(buf *b, const value *v)
{
    static const char types[] = {[VAL_NULL] = 'n', [VAL_BOOL] = 'b', [VAL_NUM] = 'd',
                                 [VAL_STR] = 's',  [VAL_LIST] = 'l', [VAL_MAP] = 'm'};
    buf_putc(b, types[v->type]);
    put_num(b, (unsigned long long)(v->pos.line > 0 ? v->pos.line : 0), ',');
    put_num(b, (unsigned long long)(v->pos.col > 0 ? v->pos.col : 0), ',');
    switch (v->type) {
    case VAL_NULL:
        break;
    case VAL_BOOL:
        buf_putc(b, v->u.b ? '1' : '0');
        break;
    case VAL_NUM: {
        uint64_t bits;
        memcpy(&bits, &v->u.num, sizeof bits);
        buf_put_hex64(b, bits);
        break;
    }
    case VAL_STR:
        put_bytes(b, v->u.str.s, v->u.str.len);
        break;
    case VAL_LIST:
        put_num(b, v->u.list.len, ':');
        for (size_t i = 0; i < v->u.list.len; i++)
            put_value(b, v->u.list.items[i]);
        break;
    case VAL_MAP:
        put_num(b, v->u.map.len, ':');
        for (size_t i = 0; i < v->u.map.len; i++) {
            put_bytes(b, v->u.map.keys[i], strlen(v->u.map.keys[i]));
            put_value(b, v->u.map.vals[i]);
        }
        break;
    }
}

void front_encode(const page *p, const err_list *warns, buf *out)
{
    put_num(out, p->body_off, ',');
    put_num(out, p->body_len, ',');
    put_num(out, (unsigned long long)(p->body_line > 0 ? p->body_line : 0), ',');
    put_num(out, warns->len, ':');
    put_value(out, p->front);
    for (size_t i = 0; i < warns->len; i++) {
        buf_putc(out, warns->items[i].is_warning ? 'w' : 'e');
        put_bytes(out, warns->items[i].text, strlen(warns->items[i].text));
    }
}

/* A record being read: every read checks the bounds and clears ok on damage. */
typedef struct reader {
    const char *p, *end;
    bool ok;
    arena *a;
    const char *file; /* the values' positions' file */
} reader;

static char take(reader *r)
{
    if (r->p >= r->end) {
        r->ok = false;
        return '\0';
    }
    return *r->p++;
}

/* A decimal number up to 10^15 and the character after it, which must be end. */
static size_t get_num(reader *r, char end)
{
    size_t v = 0;
    int n = 0;
    while (r->ok && r->p < r->end && *r->p >= '0' && *r->p <= '9' && n < 15)
        v = v * 10 + (size_t)(*r->p++ - '0'), n++;
    if (!n || take(r) != end)
        r->ok = false;
    return v;
}

/* A length-prefixed string, copied into the arena (NUL-terminated); its length in *n. */
static char *get_bytes(reader *r, size_t *n)
{
    *n = get_num(r, ':');
    if (!r->ok || *n > (size_t)(r->end - r->p)) {
        r->ok = false;
        return NULL;
    }
    char *s = arena_alloc(r->a, *n + 1);
    memcpy(s, r->p, *n);
    r->p += *n;
    return s;
}

/* A count of items that each take at least `least` more bytes of the record. */
static size_t get_count(reader *r, size_t least)
{
    size_t n = get_num(r, ':');
    if (r->ok && n > (size_t)(r->end - r->p) / least)
        r->ok = false;
    return r->ok ? n : 0;
}

static value *get_value(reader *r, int depth)
{
    value *v = arena_alloc(r->a, sizeof *v);
    char t = take(r);
    v->pos.file = r->file;
    v->pos.line = (int)get_num(r, ',');
    v->pos.col = (int)get_num(r, ',');
    if (!r->ok || depth > YAML_MAX_DEPTH + 1) {
        r->ok = false;
        return v;
    }
    if (t == 'n') {
        v->type = VAL_NULL;
    } else if (t == 'b') {
        v->type = VAL_BOOL;
        v->u.b = take(r) == '1';
    } else if (t == 'd' && r->end - r->p >= 16) {
        uint64_t bits = 0;
        for (int i = 0; i < 16; i++) {
            int d = buf_hex_value(*r->p++);
            r->ok = r->ok && d >= 0;
            bits = bits << 4 | (uint64_t)(d & 15);
        }
        v->type = VAL_NUM;
        memcpy(&v->u.num, &bits, sizeof bits);
    } else if (t == 's') {
        v->type = VAL_STR;
        v->u.str.s = get_bytes(r, &v->u.str.len);
    } else if (t == 'l') {
        v->type = VAL_LIST;
        size_t n = get_count(r, 5);
        v->u.list.items = arena_alloc(r->a, (n ? n : 1) * sizeof(value *));
        v->u.list.cap = n;
        for (size_t i = 0; i < n && r->ok; i++)
            v->u.list.items[v->u.list.len++] = get_value(r, depth + 1);
    } else if (t == 'm') {
        v->type = VAL_MAP;
        size_t n = get_count(r, 7);
        v->u.map.keys = arena_alloc(r->a, (n ? n : 1) * sizeof(char *));
        v->u.map.vals = arena_alloc(r->a, (n ? n : 1) * sizeof(value *));
        v->u.map.cap = n;
        for (size_t i = 0; i < n && r->ok; i++) {
            size_t klen;
            v->u.map.keys[i] = get_bytes(r, &klen);
            v->u.map.vals[v->u.map.len++] = get_value(r, depth + 1);
        }
    } else {
        r->ok = false;
    }
    return v;
}

bool front_decode(arena *a, const char *rec, size_t len, page *p, err_list *warns)
{
    reader r = {rec, rec + len, true, a, p->file};
    err_list got = ERR_LIST_INIT;
    p->body_off = get_num(&r, ',');
    p->body_len = get_num(&r, ',');
    p->body_line = (int)get_num(&r, ',');
    size_t nwarn = get_count(&r, 3);
    p->front = get_value(&r, 0);
    for (size_t i = 0; i < nwarn && r.ok; i++) {
        bool warning = take(&r) == 'w';
        size_t n;
        const char *text = get_bytes(&r, &n);
        if (r.ok && strlen(text) == n)
            err_add_text(&got, text, warning);
        else
            r.ok = false;
    }
    r.ok = r.ok && r.p == r.end && p->front->type == VAL_MAP;
    if (r.ok)
        err_list_move(warns, &got);
    else
        p->front = NULL;
    err_list_free(&got);
    return r.ok;
}
