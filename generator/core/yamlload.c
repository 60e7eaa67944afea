/* yamlload.c - libyaml event stream to model.h values, keeping line:col of each node.
 *
 * The event parser (not libyaml's document loader) is used so that every value
 * knows where it came from. Nesting is bounded by YAML_MAX_DEPTH; anchors are
 * kept in a small table and aliases share the anchored value (the model is
 * read-only once loaded, so sharing is safe). Sharing keeps the memory of the
 * load small, but whoever walks the values (JSON for cache keys, templates)
 * sees every alias expanded, so the loader counts values as if expanded and
 * stops at YAML_MAX_VALUES: a few lines of aliases ("billion laughs") cannot
 * make a build walk billions of values. */
#include "core/yamlload.h"
#include "util/buf.h"
#include "util/fsutil.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct anchor {
    const char *name;
    value *v;
    size_t count; /* values in v when expanded; ANCHOR_OPEN while v is being read */
} anchor;

#define ANCHOR_OPEN ((size_t)-1)

typedef struct loader {
    arena *a;
    yaml_parser_t parser;
    const char *file;
    int line0;
    err_list *errs;
    const char *text; /* the input, for hints on libyaml's messages */
    size_t len;
    anchor *anchors;
    size_t nanchors, capanchors;
    size_t count; /* values read so far, aliases expanded */
    bool failed;
} loader;

static void fail(loader *L, yaml_mark_t m, const char *fmt, const char *arg)
{
    if (!L->failed)
        err_add(L->errs, L->file, (int)m.line + L->line0, (int)m.column + 1, fmt, arg);
    L->failed = true;
}

/* The line before the one at index i that has text (not blank, not a comment):
 * its start, or NULL. */
static const char *line_before(const char *text, size_t i)
{
    const char *p = text + i;
    while (p > text && p[-1] != '\n')
        p--; /* the start of i's line */
    while (p > text) {
        const char *end = p - 1, *start = end;
        while (start > text && start[-1] != '\n')
            start--;
        const char *q = start;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if (q < end && *q != '#')
            return start;
        p = start;
    }
    return NULL;
}

/* Plain words for libyaml's messages, and the place the mistake is rather than
 * where libyaml noticed it; may move *m. */
static void yaml_hint(const loader *L, yaml_mark_t *m, buf *msg)
{
    const char *problem = L->parser.problem ? L->parser.problem : "";
    const char *context = L->parser.context ? L->parser.context : "";
    if (m->index < L->len && L->text[m->index] == '\t') {
        /* libyaml's words for a tab do not say "tab" */
        buf_puts(msg, " (a tab: YAML does not allow tabs for indentation; use spaces)");
    } else if (strstr(context, "quoted scalar") && strstr(problem, "end of stream")) {
        *m = L->parser.context_mark; /* where the string opens, not the end of the file */
        buf_puts(msg, " (a quoted string that starts here is never closed)");
    } else if (strcmp(problem, "mapping values are not allowed in this context") == 0) {
        /* "name X" without its colon runs on into the next line, whose ':' is then
           refused: the mistake is the line before */
        const char *prev = line_before(L->text, m->index);
        const char *end = prev ? strchr(prev, '\n') : NULL;
        const char *line = L->text + m->index - m->column;
        const char *colon = memchr(line, ':', m->column);
        if (colon && colon < L->text + m->index && colon[1] == ' ') {
            /* "title: Part 2: the rest": the second ": " on a line */
            buf_puts(msg, " (a ': ' inside a value: put the value in quotes)");
        } else if (prev && end && !memchr(prev, ':', (size_t)(end - prev))) {
            int back = 1;
            for (const char *q = end + 1; q < L->text + m->index; q++)
                back += *q == '\n';
            m->line -= (size_t)back;
            m->column = strspn(prev, " ");
            buf_puts(msg, " (this line has no ':' after its key, so it runs on into the next)");
        } else {
            buf_puts(msg, " (is this line indented deeper than the keys above it? the keys of "
                          "one mapping line up)");
        }
    }
}

static bool next_event(loader *L, yaml_event_t *ev)
{
    if (yaml_parser_parse(&L->parser, ev))
        return true;
    if (!L->failed) {
        yaml_mark_t m = L->parser.problem_mark;
        buf msg = BUF_INIT;
        buf_printf(&msg, "YAML: %s", L->parser.problem ? L->parser.problem : "syntax error");
        if (L->parser.context)
            buf_printf(&msg, " %s", L->parser.context);
        yaml_hint(L, &m, &msg);
        err_add(L->errs, L->file, (int)m.line + L->line0, (int)m.column + 1, "%s", buf_cstr(&msg));
        buf_free(&msg);
    }
    L->failed = true;
    return false;
}

/* YAML 1.2 core-schema-like resolution of an untagged plain scalar. */
static value *resolve_plain(arena *a, const char *s, size_t n)
{
    if (n == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
        strcmp(s, "NULL") == 0)
        return val_null(a);
    if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0)
        return val_bool(a, true);
    if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0)
        return val_bool(a, false);
    /* numbers: [-+]? digits [. digits] [e[-+]digits], or [-+]? . digits */
    size_t i = 0;
    bool digits = false;
    if (s[i] == '-' || s[i] == '+')
        i++;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, digits = true;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, digits = true;
    }
    if (digits && i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < n && (s[j] == '-' || s[j] == '+'))
            j++;
        bool ed = false;
        while (j < n && s[j] >= '0' && s[j] <= '9')
            j++, ed = true;
        if (ed)
            i = j;
    }
    if (digits && i == n) {
        errno = 0;
        double d = strtod(s, NULL);
        if (errno == 0 && isfinite(d))
            return val_num(a, d);
    }
    return val_strn(a, s, n);
}

static void set_pos(loader *L, value *v, yaml_mark_t m)
{
    v->pos.file = L->file;
    v->pos.line = (int)m.line + L->line0;
    v->pos.col = (int)m.column + 1;
}

/* Counts n more values; false (with an error at m) past the limit. */
static bool count_values(loader *L, size_t n, yaml_mark_t m)
{
    if (n > YAML_MAX_VALUES - L->count) {
        fail(L, m, "%s",
             "YAML aliases expand to more than " YAML_MAX_VALUES_TEXT " values (an alias bomb?)");
        return false;
    }
    L->count += n;
    return true;
}

/* Records an anchor on v; returns its index (for anchor_close), or -1 when
 * the node has none. */
static long remember(loader *L, const yaml_char_t *name, value *v)
{
    if (!name)
        return -1;
    if (L->nanchors == L->capanchors) {
        size_t cap = L->capanchors ? L->capanchors * 2 : 8;
        L->anchors = arena_realloc(L->a, L->anchors, L->capanchors * sizeof *L->anchors,
                                   cap * sizeof *L->anchors);
        L->capanchors = cap;
    }
    L->anchors[L->nanchors].name = arena_strdup(L->a, (const char *)name);
    L->anchors[L->nanchors].v = v;
    L->anchors[L->nanchors].count = ANCHOR_OPEN;
    return (long)L->nanchors++;
}

/* The anchored node that started when L->count was `start` is complete. */
static void anchor_close(loader *L, long i, size_t start)
{
    if (i >= 0)
        L->anchors[i].count = L->count - start;
}

static value *parse_node(loader *L, yaml_event_t *ev, int depth);

/* Parses the items of a sequence or mapping whose start event was consumed. */
static value *parse_collection(loader *L, value *v, yaml_event_type_t end, int depth)
{
    yaml_event_t ev;
    for (;;) {
        if (!next_event(L, &ev))
            return NULL;
        if (ev.type == end) {
            yaml_event_delete(&ev);
            return v;
        }
        if (v->type == VAL_LIST) {
            value *item = parse_node(L, &ev, depth + 1);
            if (!item)
                return NULL;
            val_list_push(L->a, v, item);
            continue;
        }
        /* mapping: ev is the key */
        if (ev.type != YAML_SCALAR_EVENT) {
            fail(L, ev.start_mark, "%s", "mapping keys must be plain strings");
            yaml_event_delete(&ev);
            return NULL;
        }
        size_t klen = ev.data.scalar.length;
        char *key = arena_strndup(L->a, (const char *)ev.data.scalar.value, klen);
        yaml_mark_t km = ev.start_mark;
        yaml_event_delete(&ev);
        if (strlen(key) != klen) {
            fail(L, km, "%s", "mapping key contains a NUL character");
            return NULL;
        }
        if (val_map_get(v, key)) {
            fail(L, km, "duplicate key '%s'", key);
            return NULL;
        }
        if (!next_event(L, &ev))
            return NULL;
        value *val = parse_node(L, &ev, depth + 1);
        if (!val)
            return NULL;
        val_map_set(L->a, v, key, val);
    }
}

/* Builds the value that starts with event ev (consumed and deleted here). */
static value *parse_node(loader *L, yaml_event_t *ev, int depth)
{
    value *v = NULL;
    if (depth > YAML_MAX_DEPTH) {
        fail(L, ev->start_mark, "%s", "nesting deeper than the limit");
        yaml_event_delete(ev);
        return NULL;
    }
    switch (ev->type) {
    case YAML_SCALAR_EVENT: {
        const char *s = (const char *)ev->data.scalar.value;
        size_t n = ev->data.scalar.length;
        const char *tag = (const char *)ev->data.scalar.tag;
        if (strlen(s) != n) {
            /* "\0" in a quoted string: C strings would cut the text there */
            fail(L, ev->start_mark, "%s", "a NUL character (\\0) is not allowed in text");
            yaml_event_delete(ev);
            return NULL;
        }
        if (!count_values(L, 1, ev->start_mark)) {
            yaml_event_delete(ev);
            return NULL;
        }
        if (tag && strcmp(tag, YAML_STR_TAG) == 0)
            v = val_strn(L->a, s, n);
        else if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
            v = resolve_plain(L->a, s, n);
        else
            v = val_strn(L->a, s, n);
        set_pos(L, v, ev->start_mark);
        anchor_close(L, remember(L, ev->data.scalar.anchor, v), L->count - 1);
        yaml_event_delete(ev);
        return v;
    }
    case YAML_ALIAS_EVENT: {
        const anchor *an = NULL;
        for (size_t i = L->nanchors; i-- > 0 && !an;)
            if (strcmp(L->anchors[i].name, (const char *)ev->data.alias.anchor) == 0)
                an = &L->anchors[i];
        if (!an)
            fail(L, ev->start_mark, "unknown alias '%s'", (const char *)ev->data.alias.anchor);
        else if (an->count == ANCHOR_OPEN)
            fail(L, ev->start_mark, "alias '%s' refers to a value that contains it (a cycle)",
                 an->name);
        else if (count_values(L, an->count, ev->start_mark))
            v = an->v;
        yaml_event_delete(ev);
        return v;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
        size_t start = L->count;
        if (!count_values(L, 1, ev->start_mark)) {
            yaml_event_delete(ev);
            return NULL;
        }
        v = seq ? val_list(L->a) : val_map(L->a);
        set_pos(L, v, ev->start_mark);
        long an =
            remember(L, seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor, v);
        yaml_event_delete(ev);
        v = parse_collection(L, v, seq ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT, depth);
        anchor_close(L, an, start);
        return v;
    }
    default:
        fail(L, ev->start_mark, "%s", "unexpected YAML event");
        yaml_event_delete(ev);
        return NULL;
    }
}

value *yaml_load(arena *a, const char *text, size_t len, const char *file, int line0,
                 err_list *errs)
{
    loader L = {0};
    value *root = NULL;
    yaml_event_t ev;
    L.a = a;
    L.file = file;
    L.line0 = line0 > 0 ? line0 : 1;
    L.errs = errs;
    if (!yaml_parser_initialize(&L.parser)) {
        err_add(errs, file, 0, 0, "YAML: cannot initialise parser");
        return NULL;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3; /* a UTF-8 byte order mark, as some Windows editors write */
        len -= 3;
    }
    L.text = text;
    L.len = len;
    yaml_parser_set_input_string(&L.parser, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);
    int docs = 0;
    for (;;) {
        if (!next_event(&L, &ev))
            goto out;
        yaml_event_type_t t = ev.type;
        if (t == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        if (t == YAML_DOCUMENT_START_EVENT) {
            if (++docs > 1) {
                fail(&L, ev.start_mark, "%s", "more than one YAML document");
                yaml_event_delete(&ev);
                goto out;
            }
            yaml_event_delete(&ev);
            if (!next_event(&L, &ev))
                goto out;
            root = parse_node(&L, &ev, 0);
            if (!root)
                goto out;
            continue;
        }
        yaml_event_delete(&ev); /* stream start, document end */
    }
    if (!root) {
        root = val_null(a);
        root->pos.file = file;
        root->pos.line = L.line0;
        root->pos.col = 1;
    }
out:
    yaml_parser_delete(&L.parser);
    return L.failed ? NULL : root;
}

value *yaml_load_file(arena *a, const char *path, err_list *errs)
{
    size_t len = 0;
    char *text = fs_read(path, &len, errs);
    value *v = NULL;
    if (!text)
        goto out;
    v = yaml_load(a, text, len, arena_strdup(a, path), 1, errs);
out:
    free(text);
    return v;
}
