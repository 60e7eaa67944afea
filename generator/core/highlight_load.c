/* highlight_load.c - language files (layouts/highlight/NAME.yaml) read, checked and compiled
 * into the rules highlight.c runs.
 *
 * A file is a map: name, aliases, optionally identifier (the characters of
 * a word), rules (the root state) and states (named lists of rules that
 * spans tokenize their bodies with). Each rule is a map with exactly one of
 * span, words, identifier, chars, tokens, number or heredoc, and options;
 * docs/highlighting.md describes them all. Every mistake is an error at its
 * file:line:col: unknown keys and kinds (with a suggestion), options that do
 * not go together, malformed character classes, a words entry that is not
 * an identifier, an unknown state, an alias used twice. */
#include "core/highlight_internal.h"
#include "core/keys.h"
#include "core/theme.h"
#include "core/yamlload.h"
#include "util/fsutil.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ctx {
    hl_set *set;
    hl_lang *L;
    const char *file, *text;
    const value *states; /* the states map, or NULL */
    err_list *errs;
    int rc;
} ctx;

#define FAIL(c, at, ...)                                                                           \
    do {                                                                                           \
        val_error((c)->errs, at, (c)->file, __VA_ARGS__);                                          \
        (c)->rc = -1;                                                                              \
    } while (0)

static hl_str str_of(ctx *c, const char *s, size_t n)
{
    return (hl_str){arena_strndup(c->set->a, s, n), n};
}

/* The text of a scalar as written: a string's own, else the plain scalar at
 * v's position in the file (true, NULL, 42 in a words list are words). */
static hl_str scalar_text(ctx *c, const value *v)
{
    if (v->type == VAL_STR)
        return (hl_str){v->u.str.s, v->u.str.len};
    if (v->type == VAL_LIST || v->type == VAL_MAP || !v->pos.line || !c->text)
        return (hl_str){NULL, 0};
    const char *p = c->text;
    for (int line = 1; line < v->pos.line && p; line++)
        if ((p = strchr(p, '\n')))
            p++;
    if (!p || strnlen(p, (size_t)v->pos.col) < (size_t)v->pos.col)
        return (hl_str){NULL, 0};
    p += v->pos.col - 1;
    return (hl_str){p, strcspn(p, " \t\r\n,]}#")};
}

/* A non-empty string value, or NULL with an error naming what it should be. */
static const char *want_str(ctx *c, const value *v, const char *key)
{
    hl_str s = scalar_text(c, v);
    if (!s.n) {
        FAIL(c, v, "'%s' must be a non-empty string", key);
        return NULL;
    }
    return arena_strndup(c->set->a, s.s, s.n);
}

/* A string or a list of strings as an array (n 0 after an error). */
static hl_str *want_strs(ctx *c, const value *v, const char *key, bool empty_ok, size_t *n)
{
    bool list = v->type == VAL_LIST;
    size_t len = list ? v->u.list.len : 1;
    *n = 0;
    if ((list && !len) || v->type == VAL_MAP) {
        FAIL(c, v, "'%s' must be a string or a non-empty list of strings", key);
        return NULL;
    }
    hl_str *a = arena_alloc(c->set->a, len * sizeof *a);
    for (size_t i = 0; i < len; i++) {
        const value *it = list ? v->u.list.items[i] : v;
        hl_str s = scalar_text(c, it);
        if ((!s.n && !empty_ok) || (!s.s && it->type != VAL_NULL)) {
            FAIL(c, it, "every entry of '%s' must be a non-empty string", key);
            return NULL;
        }
        a[i] = str_of(c, s.s ? s.s : "", s.n);
    }
    *n = len;
    return a;
}

static bool want_bool(ctx *c, const value *v, const char *key)
{
    if (v->type != VAL_BOOL)
        FAIL(c, v, "'%s' must be true or false", key);
    return v->type == VAL_BOOL && v->u.b;
}

/* A one-character option (escape, continues, separator): the byte, or -1. */
static int want_char(ctx *c, const value *v, const char *key)
{
    const char *s = val_as_str(v);
    if (!s || v->u.str.len != 1) {
        FAIL(c, v, "'%s' must be one ASCII character", key);
        return -1;
    }
    return (unsigned char)s[0];
}

/* Parses a character class: characters and ranges ("A-Za-z_"), '\' taking
 * the next character as it is, a leading '^' for every byte but these; a
 * non-ASCII character stands for every non-ASCII byte. */
static bool parse_cls(ctx *c, const value *v, const char *key, hl_cls *out)
{
    const char *s = val_as_str(v);
    memset(out, 0, sizeof *out);
    if (!s || !*s) {
        FAIL(c, v, "'%s' must be a character class such as \"A-Za-z0-9_\"", key);
        return false;
    }
    bool neg = s[0] == '^' && s[1];
    size_t n = strlen(s);
    for (size_t i = neg; i < n; i++) {
        unsigned char a = (unsigned char)s[i];
        if (a == '\\' && i + 1 < n)
            a = (unsigned char)s[++i];
        if (a >= 0x80) {
            for (unsigned b = 0x80; b < 0x100; b++)
                hl_cls_add(out, (unsigned char)b);
            continue;
        }
        unsigned z = a;
        if (i + 2 < n && s[i + 1] == '-') {
            z = (unsigned char)s[i + 2];
            if (z < a || z >= 0x80) {
                FAIL(c, v,
                     "'%s': the range %c-%c is backwards or not ASCII (a '-' that is a character "
                     "goes first or last, or as \\-)",
                     key, a, s[i + 2]);
                return false;
            }
            i += 2;
        }
        for (unsigned b = a; b <= z; b++)
            hl_cls_add(out, (unsigned char)b);
    }
    if (neg)
        for (size_t w = 0; w < 8; w++)
            out->w[w] = ~out->w[w];
    return true;
}

static int want_kind(ctx *c, const value *v, const char *key)
{
    const char *s = val_as_str(v);
    const char *names[HL_NKINDS];
    for (int k = 0; k < HL_NKINDS; k++) {
        names[k] = hl_kind_name((hl_kind)k);
        if (s && strcmp(s, names[k]) == 0)
            return k;
    }
    const char *near = s ? suggest_nearest(s, names, HL_NKINDS) : NULL;
    buf all = BUF_INIT;
    buf_join(&all, names, HL_NKINDS);
    FAIL(c, v, "unknown %s '%s'%s%s%s (one of: %s)", key, s ? s : "",
         near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "", buf_cstr(&all));
    buf_free(&all);
    return HL_PLAIN;
}

/* The index of state `name` ("root" is the rules), or -1 with an error at v. */
static int want_state(ctx *c, const value *v)
{
    const char *s = val_as_str(v);
    if (s && strcmp(s, "root") == 0)
        return 0;
    for (size_t i = 0; c->states && s && i < c->states->u.map.len; i++)
        if (strcmp(c->states->u.map.keys[i], s) == 0)
            return (int)i + 1;
    buf known = BUF_INIT;
    buf_puts(&known, "root");
    for (size_t i = 0; c->states && i < c->states->u.map.len; i++)
        buf_printf(&known, ", %s", c->states->u.map.keys[i]);
    FAIL(c, v, "no state '%s' (states: %s)", s ? s : "", buf_cstr(&known));
    buf_free(&known);
    return -1;
}

static bool is_ident(const hl_lang *L, hl_str w)
{
    if (!w.n || !hl_cls_has(&L->id_start, (unsigned char)w.s[0]))
        return false;
    for (size_t i = 1; i < w.n; i++)
        if (!hl_cls_has(&L->id_chars, (unsigned char)w.s[i]))
            return false;
    return true;
}

static void add_first(hl_cls *first, hl_str s, bool fold)
{
    unsigned char b = (unsigned char)s.s[0];
    hl_cls_add(first, b);
    if (fold && b >= 'a' && b <= 'z')
        hl_cls_add(first, (unsigned char)(b - 'a' + 'A'));
    if (fold && b >= 'A' && b <= 'Z')
        hl_cls_add(first, (unsigned char)(b - 'A' + 'a'));
}

/* ---- one rule ---- */

static const char *const types[] = {"span",   "words",  "identifier", "chars",
                                    "tokens", "number", "heredoc"};
static const char *const common[] = {"kind", "at", "after_space", "after", "followed_by"};
static const char *const span_opts[] = {
    "end",    "escape", "raw",      "double",      "nest",    "multiline", "require_end",
    "body",   "max",    "capture",  "open",        "balance", "inside",    "continues",
    "suffix", "next",   "indented", "ignore_case", "delim"};
static const char *const words_opts[] = {"ignore_case"};
static const char *const ident_opts[] = {"body", "ends_with"};
static const char *const number_opts[] = {"separator", "suffix"};
static const char *const heredoc_opts[] = {"inside", "delim"};

#define N(a) (sizeof a / sizeof *a)

/* Checks rv's keys: common ones, the type's own, and no other type key. */
static void check_keys(ctx *c, const value *rv, hl_rule_type t)
{
    static const struct {
        const char *const *opts;
        size_t n;
    } own[] = {
        [RT_SPAN] = {span_opts, N(span_opts)},         [RT_WORDS] = {words_opts, N(words_opts)},
        [RT_IDENT] = {ident_opts, N(ident_opts)},      [RT_CHARS] = {NULL, 0},
        [RT_TOKENS] = {words_opts, N(words_opts)},     [RT_NUMBER] = {number_opts, N(number_opts)},
        [RT_HEREDOC] = {heredoc_opts, N(heredoc_opts)}};
    const char *allowed[N(common) + N(span_opts) + 1];
    size_t n = 0;
    allowed[n++] = types[t];
    for (size_t i = 0; i < N(common); i++)
        allowed[n++] = common[i];
    for (size_t i = 0; i < own[t].n; i++)
        allowed[n++] = own[t].opts[i];
    char where[64];
    snprintf(where, sizeof where, "a %s rule", types[t]);
    if (keys_check(c->errs, c->text, c->file, rv, allowed, n, where, KEYS_ERROR))
        c->rc = -1;
}

static void compile_span_end(ctx *c, const value *rv, hl_rule *r)
{
    const value *v;
    if ((v = val_map_get(rv, "capture"))) {
        r->has_capture = parse_cls(c, v, "capture", &r->capture);
        const value *o = val_map_get(rv, "open");
        const char *os = o ? want_str(c, o, "open") : NULL;
        if (os)
            r->open = (hl_str){os, strlen(os)};
    } else if ((v = val_map_get(rv, "open"))) {
        FAIL(c, v, "'open' goes with 'capture'");
    }
    if (!(v = val_map_get(rv, "end"))) {
        if (r->has_capture)
            FAIL(c, rv, "a span with 'capture' needs an 'end' with {} where the capture goes");
        return;
    }
    const char *e = want_str(c, v, "end");
    if (!e)
        return;
    const char *hole = strstr(e, "{}");
    r->has_end = true;
    if (r->has_capture && !hole)
        FAIL(c, v, "'end' must hold {} (where the captured text goes) in a span with 'capture'");
    if (r->has_capture && hole) {
        r->end_pre = str_of(c, e, (size_t)(hole - e));
        r->end_post = str_of(c, hole + 2, strlen(hole + 2));
    } else {
        r->end_pre = str_of(c, e, strlen(e));
    }
}

/* The span options; checks the ones that do not go together. */
static void compile_span(ctx *c, const value *rv, hl_rule *r)
{
    const value *v;
    compile_span_end(c, rv, r);
    static const char *const need_end[] = {"escape",    "raw",         "double", "nest",
                                           "multiline", "require_end", "balance"};
    for (size_t i = 0; i < N(need_end); i++)
        if (!r->has_end && (v = val_map_get(rv, need_end[i])))
            FAIL(c, v, "'%s' needs an 'end'", need_end[i]);
    if ((v = val_map_get(rv, "escape")))
        r->escape = want_char(c, v, "escape");
    if ((v = val_map_get(rv, "raw")) && (r->raw = want_bool(c, v, "raw")) && r->escape < 0)
        FAIL(c, v, "'raw' needs an 'escape'");
    if ((v = val_map_get(rv, "double")))
        r->dbl = want_bool(c, v, "double");
    if ((v = val_map_get(rv, "nest")))
        r->nest = want_bool(c, v, "nest");
    if ((v = val_map_get(rv, "multiline")))
        r->multiline = want_bool(c, v, "multiline");
    if ((v = val_map_get(rv, "require_end")))
        r->require_end = want_bool(c, v, "require_end");
    if ((v = val_map_get(rv, "indented")) && (r->indented = want_bool(c, v, "indented")) &&
        (r->has_end || val_map_get(rv, "body") || val_map_get(rv, "inside")))
        FAIL(c, v, "'indented' goes without 'end', 'body' and 'inside'");
    if ((v = val_map_get(rv, "body")))
        r->has_body = parse_cls(c, v, "body", &r->body);
    if ((v = val_map_get(rv, "max"))) {
        if (v->type != VAL_NUM || v->u.num < 1 || v->u.num > 1e6 || v->u.num != (size_t)v->u.num)
            FAIL(c, v, "'max' must be a whole number from 1 to 1000000");
        else
            r->max = (size_t)v->u.num;
    }
    if ((v = val_map_get(rv, "continues"))) {
        r->cont = want_char(c, v, "continues");
        if (r->has_end)
            FAIL(c, v, "'continues' is for a span that ends with its line (no 'end')");
    }
    if ((v = val_map_get(rv, "balance"))) {
        const char *b = val_as_str(v);
        if (!b || v->u.str.len != 2 || b[0] == b[1]) {
            FAIL(c, v, "'balance' must be two different characters, such as \"{}\"");
        } else {
            r->bal_open = (unsigned char)b[0];
            r->bal_close = (unsigned char)b[1];
        }
    }
    if ((v = val_map_get(rv, "suffix")))
        r->has_suffix = parse_cls(c, v, "suffix", &r->suffix);
    if ((v = val_map_get(rv, "next")))
        r->has_next = parse_cls(c, v, "next", &r->next);
    if ((v = val_map_get(rv, "inside"))) {
        r->inside = want_state(c, v);
        static const char *const atomic[] = {"nest",        "max",    "body",    "require_end",
                                             "followed_by", "suffix", "indented"};
        for (size_t i = 0; i < N(atomic); i++)
            if (val_map_get(rv, atomic[i]))
                FAIL(c, val_map_get(rv, atomic[i]),
                     "'%s' is for a span without 'inside' (whose end is found at once)", atomic[i]);
    }
    if (r->has_capture && r->nest)
        FAIL(c, val_map_get(rv, "nest"), "'nest' does not go with 'capture'");
}

static void compile_number(ctx *c, const value *rv, const value *v, hl_rule *r)
{
    static const char *const feats[] = {"hex", "binary", "octal", "float", "dot"};
    const value *o;
    if (v->type == VAL_STR)
        FAIL(c, v, "'number' is a list of what numbers have: [%s, %s, %s, %s, %s] or []", feats[0],
             feats[1], feats[2], feats[3], feats[4]);
    for (size_t i = 0; v->type == VAL_LIST && i < v->u.list.len; i++) {
        const char *f = val_as_str(v->u.list.items[i]);
        size_t k = 0;
        while (k < N(feats) && (!f || strcmp(f, feats[k]) != 0))
            k++;
        if (k == N(feats))
            FAIL(c, v->u.list.items[i],
                 "unknown number feature '%s' (one of: hex, binary, octal, "
                 "float, dot)",
                 f ? f : "");
        else
            r->numflags |= 1u << k;
    }
    if ((o = val_map_get(rv, "separator")))
        r->sep = want_char(c, o, "separator");
    if ((o = val_map_get(rv, "suffix")))
        r->has_suffix = parse_cls(c, o, "suffix", &r->suffix);
    for (unsigned b = '0'; b <= '9'; b++)
        hl_cls_add(&r->first, (unsigned char)b);
    if (r->numflags & NUM_DOT)
        hl_cls_add(&r->first, '.');
}

/* The type key's value: what the rule matches, and the bytes it starts with. */
static void compile_what(ctx *c, const value *rv, const value *v, hl_rule *r)
{
    const value *o;
    if ((o = val_map_get(rv, "ignore_case")))
        r->ignore_case = want_bool(c, o, "ignore_case");
    switch (r->type) {
    case RT_SPAN:
    case RT_TOKENS:
    case RT_HEREDOC:
        r->starts = want_strs(c, v, types[r->type], false, &r->nstarts);
        for (size_t i = 0; i < r->nstarts; i++)
            add_first(&r->first, r->starts[i], r->ignore_case);
        if (r->type == RT_SPAN)
            compile_span(c, rv, r);
        if (r->type == RT_HEREDOC && (o = val_map_get(rv, "inside")))
            r->inside = want_state(c, o);
        break;
    case RT_WORDS: {
        size_t n = 0;
        hl_str *w = want_strs(c, v, "words", false, &n);
        for (r->wcap = 8; r->wcap < 2 * n; r->wcap *= 2)
            ;
        r->words = arena_alloc(c->set->a, r->wcap * sizeof *r->words);
        for (size_t i = 0; i < n; i++) {
            if (!is_ident(c->L, w[i]))
                FAIL(c, v->type == VAL_LIST ? v->u.list.items[i] : v,
                     "'%s' is not an identifier of this language (see 'identifier:'); "
                     "use a tokens rule for it",
                     w[i].s);
            add_first(&r->first, w[i], r->ignore_case);
            size_t j = hl_word_hash(w[i].s, w[i].n, r->ignore_case) & (r->wcap - 1);
            while (r->words[j].s)
                j = (j + 1) & (r->wcap - 1);
            r->words[j] = w[i];
        }
        break;
    }
    case RT_IDENT: {
        static const char *const modes[] = {"any", "upper", "capital", "lower"};
        const char *m = val_as_str(v);
        size_t k = 0;
        while (k < N(modes) && (!m || strcmp(m, modes[k]) != 0))
            k++;
        if (k == N(modes))
            FAIL(c, v, "'identifier' must be one of: any, upper, capital, lower");
        r->casemode = (uint8_t)(k < N(modes) ? k : 0);
        r->first = c->L->id_start;
        if ((o = val_map_get(rv, "body")))
            r->has_ichars = parse_cls(c, o, "body", &r->ichars);
        const char *ew = (o = val_map_get(rv, "ends_with")) ? want_str(c, o, "ends_with") : NULL;
        if (ew)
            r->ends_with = (hl_str){ew, strlen(ew)};
        break;
    }
    case RT_CHARS:
        parse_cls(c, v, "chars", &r->chars);
        r->first = r->chars;
        break;
    case RT_NUMBER:
        compile_number(c, rv, v, r);
        break;
    }
}

static void compile_rule(ctx *c, const value *rv, hl_rule *r)
{
    const value *v = NULL, *o;
    memset(r, 0, sizeof *r);
    r->escape = r->bal_open = r->bal_close = r->inside = r->cont = r->sep = -1;
    if (rv->type != VAL_MAP) {
        FAIL(c, rv,
             "a rule must be a map with one of: span, words, identifier, chars, tokens, "
             "number, heredoc");
        return;
    }
    size_t ntypes = 0;
    for (size_t t = 0; t < N(types); t++)
        if ((o = val_map_get(rv, types[t])))
            ntypes++, v = o, r->type = (hl_rule_type)t;
    if (ntypes != 1) {
        FAIL(c, rv,
             "a rule must have exactly one of: span, words, identifier, chars, tokens, "
             "number, heredoc (this one has %zu)",
             ntypes);
        return;
    }
    check_keys(c, rv, r->type);
    if ((o = val_map_get(rv, "kind")))
        r->kind = (uint8_t)want_kind(c, o, "kind");
    else if (r->type == RT_NUMBER)
        r->kind = HL_NUMBER;
    else
        FAIL(c, rv, "a %s rule needs a 'kind'", types[r->type]);
    r->delim = (o = val_map_get(rv, "delim")) ? (uint8_t)want_kind(c, o, "delim") : r->kind;
    if ((o = val_map_get(rv, "at"))) {
        const char *a = val_as_str(o);
        if (a && strcmp(a, "line") == 0)
            r->at = AT_LINE;
        else if (a && strcmp(a, "indent") == 0)
            r->at = AT_INDENT;
        else
            FAIL(c, o, "'at' must be line (column 1) or indent (a line's first non-blank)");
    }
    if ((o = val_map_get(rv, "after_space")))
        r->after_space = want_bool(c, o, "after_space");
    if ((o = val_map_get(rv, "after")))
        r->after = want_strs(c, o, "after", true, &r->nafter);
    if ((o = val_map_get(rv, "followed_by")))
        r->follow = want_strs(c, o, "followed_by", false, &r->nfollow);
    compile_what(c, rv, v, r);
}

/* ---- a state and a language ---- */

/* Compiles a list of rules into st, with its dispatch table. */
static void compile_state(ctx *c, const char *name, const value *list, hl_state *st)
{
    st->name = arena_strdup(c->set->a, name);
    if (!list || list->type != VAL_LIST) {
        FAIL(c, list, "'%s' must be a list of rules", name);
        return;
    }
    if (list->u.list.len > 60000) {
        FAIL(c, list, "more than 60000 rules in '%s'", name);
        return;
    }
    st->n = list->u.list.len;
    st->rules = arena_alloc(c->set->a, (st->n ? st->n : 1) * sizeof *st->rules);
    for (size_t i = 0; i < st->n; i++)
        compile_rule(c, list->u.list.items[i], &st->rules[i]);
    size_t total = 0;
    for (unsigned b = 0; b < 256; b++) {
        st->off[b] = (uint32_t)total;
        for (size_t i = 0; i < st->n; i++)
            total += hl_cls_has(&st->rules[i].first, (unsigned char)b);
    }
    st->off[256] = (uint32_t)total;
    st->idx = arena_alloc(c->set->a, (total ? total : 1) * sizeof *st->idx);
    for (unsigned b = 0, k = 0; b < 256; b++)
        for (size_t i = 0; i < st->n; i++)
            if (hl_cls_has(&st->rules[i].first, (unsigned char)b))
                st->idx[k++] = (uint16_t)i;
}

static void compile_identifier(ctx *c, const value *doc)
{
    hl_lang *L = c->L;
    const value *id = val_map_get(doc, "identifier"), *v;
    static const char *const keys[] = {"start", "chars"};
    const value def_start = {.type = VAL_STR, .u.str = {"A-Za-z_\x80", 8}};
    const value def_chars = {.type = VAL_STR, .u.str = {"A-Za-z0-9_\x80", 11}};
    if (id && id->type != VAL_MAP)
        FAIL(c, id, "'identifier' must be a map with start and chars");
    if (id && id->type == VAL_MAP &&
        keys_check(c->errs, c->text, c->file, id, keys, 2, "identifier", KEYS_ERROR))
        c->rc = -1;
    v = id && id->type == VAL_MAP ? val_map_get(id, "start") : NULL;
    parse_cls(c, v ? v : &def_start, "start", &L->id_start);
    v = id && id->type == VAL_MAP ? val_map_get(id, "chars") : NULL;
    parse_cls(c, v ? v : &def_chars, "chars", &L->id_chars);
}

/* Registers L under its aliases; false (nothing registered) on a clash. */
static bool add_aliases(ctx *c, const value *aliases, bool weak)
{
    char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < aliases->u.list.len; i++) {
        const value *v = aliases->u.list.items[i];
        hl_str t = scalar_text(c, v);
        char *low = t.n && t.n < 64 ? arena_strndup(c->set->a, t.s, t.n) : NULL;
        if (!low || strpbrk(low, " \t{}")) {
            FAIL(c, v,
                 "an alias must be a word of at most 63 characters, without blanks or braces");
            continue;
        }
        for (char *q = low; *q; q++)
            if (*q >= 'A' && *q <= 'Z')
                *q = (char)(*q - 'A' + 'a');
        const hl_lang *other = strmap_get(&c->set->by_alias, low);
        if (other && !weak)
            FAIL(c, v, "alias '%.*s' is taken by %s (%s)", (int)t.n, t.s, other->name, other->file);
        else if (!other && n < 64)
            names[n++] = low;
    }
    if (c->rc != 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strmap_get(&c->set->by_alias, names[i]))
            strmap_put(&c->set->by_alias, names[i], c->L);
    return true;
}

hl_set *hl_set_new(void)
{
    hl_set *s = xcalloc(1, sizeof *s);
    s->a = arena_new();
    return s;
}

void hl_set_free(hl_set *s)
{
    if (!s)
        return;
    strmap_free(&s->by_alias);
    free(s->langs);
    arena_free(s->a);
    free(s);
}

int hl_set_add(hl_set *set, const char *file, const char *text, size_t len, bool weak,
               err_list *errs)
{
    static const char *const keys[] = {"name", "aliases", "identifier", "rules", "states"};
    arena *tmp = arena_new();
    text = arena_strndup(tmp, text, len); /* NUL-terminated, for finding keys' positions */
    ctx c = {set, NULL, file, text, NULL, errs, 0};
    const value *doc = yaml_load(tmp, text, len, file, 1, errs), *v;
    if (!doc || doc->type != VAL_MAP) {
        if (doc)
            FAIL(&c, doc, "a language file is a map: name, aliases, identifier, rules, states");
        c.rc = -1;
        goto out;
    }
    if (keys_check(errs, text, file, doc, keys, N(keys), "a language file", KEYS_ERROR))
        c.rc = -1;
    c.L = arena_alloc(set->a, sizeof *c.L);
    c.L->file = arena_strdup(set->a, file);
    c.L->name = (v = val_map_get(doc, "name")) ? want_str(&c, v, "name") : NULL;
    if (!v)
        FAIL(&c, doc, "a language file needs a 'name'");
    c.L->name = c.L->name ? c.L->name : "";
    const value *aliases = val_map_get(doc, "aliases");
    if (!aliases || aliases->type != VAL_LIST || !aliases->u.list.len)
        FAIL(&c, aliases ? aliases : doc,
             "a language file needs 'aliases': a list of the names "
             "fences use, such as [c, h]");
    compile_identifier(&c, doc);
    c.states = val_map_get(doc, "states");
    if (c.states && c.states->type != VAL_MAP) {
        FAIL(&c, c.states, "'states' must be a map of names to lists of rules");
        c.states = NULL;
    }
    c.L->nstates = 1 + (c.states ? c.states->u.map.len : 0);
    c.L->states = arena_alloc(set->a, c.L->nstates * sizeof *c.L->states);
    if (!(v = val_map_get(doc, "rules")))
        FAIL(&c, doc, "a language file needs 'rules'");
    else
        compile_state(&c, "rules", v, &c.L->states[0]);
    for (size_t i = 1; i < c.L->nstates; i++) {
        if (strcmp(c.states->u.map.keys[i - 1], "root") == 0)
            FAIL(&c, c.states->u.map.vals[i - 1], "'root' names the rules: pick another name");
        compile_state(&c, c.states->u.map.keys[i - 1], c.states->u.map.vals[i - 1],
                      &c.L->states[i]);
    }
    if (c.rc != 0 || !aliases || aliases->type != VAL_LIST || !add_aliases(&c, aliases, weak)) {
        c.rc = -1;
        goto out;
    }
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 32;
        set->langs = xrealloc(set->langs, set->cap * sizeof *set->langs);
    }
    set->langs[set->n++] = c.L;
out:
    arena_free(tmp);
    return c.rc;
}

/* True for a language file's name: NAME.yaml or NAME.yml, not in a subfolder. */
static bool is_lang_file(const char *rel)
{
    size_t n = strlen(rel);
    return !strchr(rel, '/') && ((n > 5 && strcmp(rel + n - 5, ".yaml") == 0) ||
                                 (n > 4 && strcmp(rel + n - 4, ".yml") == 0));
}

hl_set *hl_set_load(const char *site_dir, const char *theme_dir, err_list *errs)
{
    hl_set *set = hl_set_new();
    fs_list rels = {0}, srcs = {0};
    char *mine = fs_join(site_dir, "layouts/highlight/");
    int rc = theme_walk(site_dir, theme_dir, "layouts/highlight", &rels, &srcs, errs);
    /* the site's files first, so that theirs are the aliases both claim */
    for (int pass = 0; pass < 2 && rc == 0; pass++)
        for (size_t i = 0; i < rels.len; i++) {
            bool own = strncmp(srcs.paths[i], mine, strlen(mine)) == 0;
            if (own != (pass == 0) || !is_lang_file(rels.paths[i]))
                continue;
            size_t len = 0;
            char *text = fs_read(srcs.paths[i], &len, errs);
            if (!text || hl_set_add(set, srcs.paths[i], text, len, !own, errs) != 0)
                rc = -1;
            free(text);
        }
    fs_list_free(&rels);
    fs_list_free(&srcs);
    free(mine);
    if (rc != 0) {
        hl_set_free(set);
        return NULL;
    }
    return set;
}

const hl_lang *hl_find(const hl_set *set, const char *name)
{
    char low[64];
    size_t n = name ? strlen(name) : 0;
    if (!set || !n || n >= sizeof low)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        low[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] - 'A' + 'a') : name[i];
    return strmap_get(&set->by_alias, low);
}

const char *hl_lang_name(const hl_lang *lang)
{
    return lang->name;
}

size_t hl_set_count(const hl_set *set)
{
    return set ? set->n : 0;
}
