/* pack.c - re-serializes a libharu PDF into object streams and a cross-reference stream.
 *
 * libharu writes every object at top level with a cross-reference table (ISO
 * 32000-1, 7.5.4); PDF 1.5 lets all but streams share Flate-compressed object
 * streams (7.5.7), indexed by a cross-reference stream (7.5.8). The steps:
 * 1. read the table's sections, newest first through /Prev (7.5.6), and trailers;
 * 2. parse each object in use with a small tokenizer (7.2, 7.3): "N G obj", a
 *    value, "endobj", or a dictionary, "stream", data (/Length, checked against
 *    "endstream"), "endstream", "endobj";
 * 3. number the objects reachable from /Root and /Info (a stream's indirect
 *    /Length not counting) 1, 2, ... in their old order;
 * 4. write the header, the streams, the object streams and the xref stream.
 * Nothing recurses whatever the input's nesting; no read passes its end. */
#include "pdf/pack.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <hpdf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 256       /* brackets nested inside one object */
#define MAX_SECTIONS 64     /* cross-reference sections linked by /Prev */
#define MAX_OBJECTS 8388607 /* the largest object number (PDF 1.7, Annex C) */
#define PER_STREAM 128      /* objects in one object stream */
#define TAIL 1024           /* "startxref" is looked for in the file's last bytes */
#define NOPOS ((size_t)-1)

typedef unsigned char uchar;

/* The kinds of token (7.2, 7.3). */
typedef enum tk_type {
    TK_NUM,      /* integer or real */
    TK_NAME,     /* /Name, its #xx escapes kept */
    TK_STR,      /* (literal string) or <hex string>, as written */
    TK_DICT,     /* << */
    TK_DICT_END, /* >> */
    TK_ARR,      /* [ */
    TK_ARR_END,  /* ] */
    TK_WORD      /* true, false, null, R, obj, endobj, stream, ... */
} tk_type;

typedef struct tok {
    tk_type type;
    size_t off, len; /* its bytes in the input */
} tok;

/* What the cross-reference says about one object number, and what parsing found. */
typedef struct obj {
    size_t off;            /* "N G obj" in the input */
    size_t body, body_end; /* the value's bytes (a stream's dictionary) */
    size_t data, data_len; /* a stream's data */
    uint32_t gen;          /* generation */
    uint32_t renum;        /* number in the output; 0 while unreachable */
    bool known;            /* an entry was seen (the newest section's counts) */
    bool used;             /* in use ("n"), not free */
    bool stream;           /* a stream object */
} obj;

/* A row of the output's cross-reference stream (7.5.8.3). */
typedef struct xrow {
    uint64_t f2; /* offset (type 1) or object stream (type 2) */
    uint32_t f3; /* generation (types 0, 1) or index in the object stream (type 2) */
    uchar type;  /* 0 free, 1 at top level, 2 in an object stream */
} xrow;

/* The state of one pdf_pack call. */
typedef struct packer {
    const uchar *in;
    size_t len;
    err_list *errs;
    const char *file;
    obj *objs;                 /* indexed by object number */
    size_t nobj, cap;          /* numbers listed (the largest plus 1); allocated */
    size_t size;               /* the largest /Size */
    tok *t;                    /* the tokens of the object at hand */
    size_t nt, tcap;           /* tokens; allocated */
    uint64_t root[2], info[2]; /* the trailer's /Root and /Info: number, generation (0 0: none) */
    size_t id_off, id_end;     /* its /ID in the input (0 0: none) */
} packer;

/* Records an error at byte `at` of the input; returns -1. */
__attribute__((format(printf, 3, 4))) static int fail(packer *p, size_t at, const char *fmt, ...)
{
    buf m = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&m, fmt, ap);
    va_end(ap);
    err_add(p->errs, p->file, 0, 0, "cannot pack the PDF: byte %zu: %s", at, buf_cstr(&m));
    buf_free(&m);
    return -1;
}

/* ---- the tokenizer (7.2) ---- */

/* Each byte's class (7.2.2, 7.2.3), looked up for every byte: regular (the characters of
 * names, numbers and keywords, 0), a delimiter (DLM) or white space (SPC). */
enum { REGULAR, DLM, SPC };
static const uchar byte_class[256] = {
    [0] = SPC,   ['\t'] = SPC, ['\n'] = SPC, ['\f'] = SPC, ['\r'] = SPC, [' '] = SPC,
    ['('] = DLM, [')'] = DLM,  ['<'] = DLM,  ['>'] = DLM,  ['['] = DLM,  [']'] = DLM,
    ['{'] = DLM, ['}'] = DLM,  ['/'] = DLM,  ['%'] = DLM};

static bool is_regular(uchar c)
{
    return byte_class[c] == REGULAR;
}

/* Whether s[0..n) is a number: [+-] digits [. digits], at least one digit. */
static bool is_number(const uchar *s, size_t n)
{
    size_t i = n && (s[0] == '+' || s[0] == '-'), digits = 0, dots = 0;
    for (; i < n; i++) {
        if (s[i] == '.' ? dots++ : !isdigit(s[i]))
            return false;
        digits += s[i] != '.';
    }
    return digits > 0;
}

/* Reads the token at *pos, past white space and comments, not beyond `end`: 1 with *t
 * set and *pos past it, 0 at the end, -1 when malformed (so are braces: those of
 * PostScript functions are in streams' data). */
static int lex(const packer *p, size_t end, size_t *pos, tok *t)
{
    const uchar *in = p->in;
    size_t i = *pos, s;
    for (;;) {
        while (i < end && byte_class[in[i]] == SPC)
            i++;
        if (i >= end || in[i] != '%')
            break;
        while (i < end && in[i] != '\n' && in[i] != '\r')
            i++;
    }
    if ((*pos = s = i) >= end)
        return 0;
    if (in[i] == '(') {
        for (size_t depth = 0; i < end; i++) {
            if (in[i] == '\\')
                i++; /* the escaped byte is skipped whatever it is */
            else if (in[i] == '(')
                depth++;
            else if (in[i] == ')' && --depth == 0)
                break;
        }
        if (i >= end)
            return -1;
        *t = (tok){TK_STR, s, i + 1 - s};
    } else if (in[i] == '<' && i + 1 < end && in[i + 1] == '<') {
        *t = (tok){TK_DICT, s, 2};
    } else if (in[i] == '<') {
        for (i++; i < end && in[i] != '>'; i++)
            if (!isxdigit(in[i]) && byte_class[in[i]] != SPC)
                return -1;
        if (i >= end)
            return -1;
        *t = (tok){TK_STR, s, i + 1 - s};
    } else if (in[i] == '>') {
        if (i + 1 >= end || in[i + 1] != '>')
            return -1;
        *t = (tok){TK_DICT_END, s, 2};
    } else if (in[i] == '[' || in[i] == ']') {
        *t = (tok){in[i] == '[' ? TK_ARR : TK_ARR_END, s, 1};
    } else if (in[i] == '/' || is_regular(in[i])) {
        for (i++; i < end && is_regular(in[i]); i++)
            ;
        tk_type ty = in[s] == '/' ? TK_NAME : is_number(in + s, i - s) ? TK_NUM : TK_WORD;
        *t = (tok){ty, s, i - s};
    } else {
        return -1; /* ) { } */
    }
    *pos = s + t->len;
    return 1;
}

/* Lexes the next token from *pos to the end of the input into *t. */
static bool next(const packer *p, size_t *pos, tok *t)
{
    return lex(p, p->len, pos, t) == 1;
}

/* Whether t is the keyword s. */
static bool is_word(const packer *p, const tok *t, const char *s)
{
    size_t n = strlen(s);
    return t->type == TK_WORD && t->len == n && memcmp(p->in + t->off, s, n) == 0;
}

/* Reads an unsigned integer token no greater than max into *v. */
static bool tok_uint(const packer *p, const tok *t, uint64_t max, uint64_t *v)
{
    uint64_t x = 0;
    if (t->type != TK_NUM)
        return false;
    for (size_t i = 0; i < t->len; i++) {
        uchar c = p->in[t->off + i];
        if (c < '0' || c > '9' || x > (max - (c - '0')) / 10)
            return false;
        x = x * 10 + (c - '0');
    }
    *v = x;
    return true;
}

static void push(packer *p, tok k)
{
    if (p->nt == p->tcap) {
        p->tcap = p->tcap ? p->tcap * 2 : 64;
        p->t = xrealloc(p->t, p->tcap * sizeof *p->t);
    }
    p->t[p->nt++] = k;
}

/* ---- values: the tokens in p->t (7.3) ---- */

/* Whether tokens i, i+1, i+2 are a reference "N G R"; its numbers into num, gen. */
static bool is_ref(const packer *p, size_t i, uint64_t *num, uint64_t *gen)
{
    return i + 2 < p->nt && tok_uint(p, &p->t[i], UINT32_MAX, num) &&
           tok_uint(p, &p->t[i + 1], UINT32_MAX, gen) && is_word(p, &p->t[i + 2], "R");
}

/* num, when object num is in use with generation gen; else 0 (a reference to it means null). */
static uint32_t resolve(const packer *p, uint64_t num, uint64_t gen)
{
    return num < p->nobj && p->objs[num].used && p->objs[num].gen == gen ? (uint32_t)num : 0;
}

/* The index just past the value that starts at token i (a checked value). */
static size_t skip_value(const packer *p, size_t i)
{
    uint64_t num, gen;
    size_t depth = 0;
    if (i < p->nt && p->t[i].type != TK_DICT && p->t[i].type != TK_ARR)
        return is_ref(p, i, &num, &gen) ? i + 3 : i + 1;
    for (; i < p->nt; i++) {
        tk_type ty = p->t[i].type;
        if (ty == TK_DICT || ty == TK_ARR)
            depth++;
        else if ((ty == TK_DICT_END || ty == TK_ARR_END) && --depth == 0)
            return i + 1;
    }
    return p->nt;
}

/* The value of /key in the dictionary opening at token 0 (checked): its tokens
 * [*vs, *ve). False when the key is absent. */
static bool dict_get(const packer *p, const char *key, size_t *vs, size_t *ve)
{
    size_t n = strlen(key);
    for (size_t i = 1; i < p->nt && p->t[i].type == TK_NAME; i = *ve) {
        *vs = i + 1;
        *ve = skip_value(p, *vs);
        if (p->t[i].len == n + 1 && memcmp(p->in + p->t[i].off + 1, key, n) == 0)
            return true;
    }
    return false;
}

/* Checks that p->t is one value: brackets matched (at most MAX_DEPTH deep), keys names
 * with a value each, "R" only in references, no keyword but true, false and null.
 * Returns NULL, or what is wrong with *bad the token where it was found. */
static const char *check_value(const packer *p, size_t *bad)
{
    uchar stack[MAX_DEPTH]; /* TK_DICT or TK_ARR for each open bracket */
    size_t depth = 0, values = 0;
    uint64_t num, gen;
    bool key = false; /* in a dictionary, a key comes next */
    for (size_t i = 0; i < p->nt; i++) {
        const tok *k = &p->t[i];
        bool done = true; /* a value ended with this token */
        *bad = i;
        if (depth && stack[depth - 1] == TK_DICT && key) {
            if (k->type != TK_DICT_END && k->type != TK_NAME)
                return "a dictionary key is not a name";
            if (k->type == TK_NAME) {
                key = false;
                continue;
            }
            depth--;
        } else if (k->type == TK_DICT || k->type == TK_ARR) {
            if (depth == MAX_DEPTH)
                return "brackets nested too deeply";
            stack[depth++] = (uchar)k->type;
            key = k->type == TK_DICT;
            done = false;
        } else if (k->type == TK_DICT_END) {
            return depth && stack[depth - 1] == TK_DICT ? "a dictionary key has no value"
                                                        : "\">>\" closes nothing";
        } else if (k->type == TK_ARR_END) {
            if (!depth || stack[--depth] != TK_ARR)
                return "\"]\" closes nothing";
        } else if (k->type == TK_NUM && is_ref(p, i, &num, &gen)) {
            i += 2;
        } else if (k->type == TK_WORD && !is_word(p, k, "true") && !is_word(p, k, "false") &&
                   !is_word(p, k, "null")) {
            return "an unexpected keyword";
        }
        if (done && depth == 0)
            values++;
        else if (done)
            key = stack[depth - 1] == TK_DICT;
    }
    *bad = p->nt;
    if (depth)
        return "a bracket is not closed";
    return values == 1 ? NULL : values ? "more than one value" : "no value";
}

/* Lexes one value into p->t from *pos up to the keyword after it (endobj,
 * stream or startxref: *end) and checks it (check_value). Returns 0, or -1
 * with an error about `what`. */
static int lex_value(packer *p, size_t *pos, tok *end, const char *what)
{
    size_t bad;
    int r;
    p->nt = 0;
    while ((r = lex(p, p->len, pos, end)) == 1 && !is_word(p, end, "endobj") &&
           !is_word(p, end, "stream") && !is_word(p, end, "startxref"))
        push(p, *end);
    if (r != 1)
        return fail(p, *pos, "%s: %s", what, r ? "a malformed token" : "the file ends");
    const char *why = check_value(p, &bad);
    return why ? fail(p, bad < p->nt ? p->t[bad].off : end->off, "%s: %s", what, why) : 0;
}

/* ---- reading the input ---- */

/* The first occurrence of s at or after from, or NOPOS. */
static size_t find(const packer *p, size_t from, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = from; i < p->len && p->len - i >= n; i++)
        if (memcmp(p->in + i, s, n) == 0)
            return i;
    return NOPOS;
}

/* The last occurrence of s inside [from, to), or NOPOS. */
static size_t rfind(const packer *p, size_t from, size_t to, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = to >= n ? to - n + 1 : 0; i-- > from;)
        if (memcmp(p->in + i, s, n) == 0)
            return i;
    return NOPOS;
}

/* Reads /key, a reference, of the trailer in p->t into ref unless a newer one gave it. */
static int trailer_ref(packer *p, const char *key, uint64_t ref[2])
{
    size_t vs, ve;
    if (ref[0] || !dict_get(p, key, &vs, &ve) || (ve - vs == 3 && is_ref(p, vs, ref, ref + 1)))
        return 0;
    return fail(p, p->t[vs].off, "the trailer's /%s is not a reference", key);
}

/* Records the entry for object num unless a newer section gave one. The table grows to
 * the largest number listed, which the file's size bounds (an object takes more than 8
 * bytes): garbage cannot ask for much memory. */
static int add_entry(packer *p, size_t at, uint64_t num, uint64_t off, uint64_t gen, bool used)
{
    if (num > p->len / 8)
        return fail(p, at, "object %" PRIu64 " in a file of %zu bytes", num, p->len);
    if (num >= p->cap) {
        size_t cap = 2 * num + 64 < p->len / 8 + 1 ? 2 * num + 64 : p->len / 8 + 1;
        p->objs = xrealloc(p->objs, cap * sizeof *p->objs);
        memset(p->objs + p->cap, 0, (cap - p->cap) * sizeof *p->objs);
        p->cap = cap;
    }
    p->nobj = num >= p->nobj ? (size_t)num + 1 : p->nobj;
    obj *o = &p->objs[num];
    if (o->known)
        return 0;
    *o = (obj){.off = (size_t)off, .gen = (uint32_t)gen, .known = true, .used = used && num};
    if (o->used && off >= p->len)
        return fail(p, at, "object %" PRIu64 " is past the end of the file", num);
    return 0;
}

/* Reads the cross-reference section at xoff and its trailer's keys (where no newer one
 * gave them); *prev is the older section's offset, or NOPOS. Returns 0 or -1. */
static int read_section(packer *p, size_t xoff, size_t *prev)
{
    size_t pos = xoff, vs, ve;
    uint64_t first, count, off, gen;
    tok k = {TK_WORD, xoff, 0}, a, b, c;
    if (!next(p, &pos, &k) || !is_word(p, &k, "xref"))
        return fail(p, xoff, "%s",
                    k.type == TK_NUM
                        ? "the cross-reference is a stream, not a table as libharu writes"
                        : "no cross-reference table (\"xref\") where \"startxref\" points");
    while (next(p, &pos, &k) && !is_word(p, &k, "trailer")) {
        if (!tok_uint(p, &k, MAX_OBJECTS, &first) || !next(p, &pos, &a) ||
            !tok_uint(p, &a, MAX_OBJECTS, &count) || first + count > MAX_OBJECTS + 1)
            return fail(p, k.off, "a malformed cross-reference subsection");
        for (uint64_t i = 0; i < count; i++) {
            size_t at = pos;
            if (!next(p, &pos, &a) || !next(p, &pos, &b) || !next(p, &pos, &c) ||
                !tok_uint(p, &a, UINT64_MAX, &off) || !tok_uint(p, &b, 65535, &gen) ||
                !(is_word(p, &c, "n") || is_word(p, &c, "f")))
                return fail(p, at, "a malformed entry for object %" PRIu64, first + i);
            if (add_entry(p, at, first + i, off, gen, is_word(p, &c, "n")) != 0)
                return -1;
        }
    }
    if (lex_value(p, &pos, &k, "the trailer") != 0)
        return -1;
    if (p->t[0].type != TK_DICT)
        return fail(p, p->t[0].off, "the trailer is not a dictionary");
    if (dict_get(p, "Encrypt", &vs, &ve) || dict_get(p, "XRefStm", &vs, &ve))
        return fail(p, p->t[vs - 1].off, "the file is encrypted or has a cross-reference stream");
    if (dict_get(p, "Size", &vs, &ve)) {
        if (ve - vs != 1 || !tok_uint(p, &p->t[vs], MAX_OBJECTS + 1, &count))
            return fail(p, p->t[vs].off, "the trailer's /Size is not a number of objects");
        p->size = count > p->size ? (size_t)count : p->size;
    }
    if (trailer_ref(p, "Root", p->root) != 0 || trailer_ref(p, "Info", p->info) != 0)
        return -1;
    if (!p->id_end && dict_get(p, "ID", &vs, &ve)) {
        p->id_off = p->t[vs].off;
        p->id_end = p->t[ve - 1].off + p->t[ve - 1].len;
    }
    *prev = NOPOS;
    if (dict_get(p, "Prev", &vs, &ve)) {
        if (ve - vs != 1 || !tok_uint(p, &p->t[vs], p->len - 1, &off))
            return fail(p, p->t[vs].off, "the trailer's /Prev is not an offset in the file");
        *prev = (size_t)off;
    }
    return 0;
}

/* Reads every cross-reference section, newest first, and the trailers. Returns 0 or -1. */
static int read_xref(packer *p)
{
    size_t pos, xoff;
    uint64_t v;
    tok k;
    if (p->len < 8 || memcmp(p->in, "%PDF-", 5) != 0)
        return fail(p, 0, "not a PDF file (no \"%%PDF-\" header)");
    size_t sx = rfind(p, p->len > TAIL ? p->len - TAIL : 0, p->len, "startxref");
    if (sx == NOPOS)
        return fail(p, p->len, "no \"startxref\" at the end of the file");
    pos = sx + 9;
    if (!next(p, &pos, &k) || !tok_uint(p, &k, p->len - 1, &v))
        return fail(p, sx, "\"startxref\" is not followed by an offset in the file");
    xoff = (size_t)v;
    for (size_t sec = 0; xoff != NOPOS; sec++) {
        if (sec == MAX_SECTIONS)
            return fail(p, xoff, "more than %d cross-reference sections (/Prev loops?)",
                        MAX_SECTIONS);
        if (read_section(p, xoff, &xoff) != 0)
            return -1;
    }
    if (!p->size || !p->root[0])
        return fail(p, sx, "the trailer has no /%s", p->size ? "Root" : "Size");
    if (p->nobj > p->size)
        return fail(p, sx, "object %zu is beyond /Size %zu", p->nobj - 1, p->size);
    return 0;
}

/* The length a stream's /Length gives (p->t holds its dictionary): a number,
 * or a reference to an object that is one. */
static bool stream_length(const packer *p, uint64_t *n)
{
    size_t vs, ve, pos;
    uint64_t num, gen;
    tok a, b, c, v, e;
    if (!dict_get(p, "Length", &vs, &ve))
        return false;
    if (ve - vs == 1)
        return tok_uint(p, &p->t[vs], p->len, n);
    uint32_t target = is_ref(p, vs, &num, &gen) ? resolve(p, num, gen) : 0;
    if (!target)
        return false;
    pos = p->objs[target].off;
    return next(p, &pos, &a) && tok_uint(p, &a, UINT32_MAX, &num) && num == target &&
           next(p, &pos, &b) && tok_uint(p, &b, UINT32_MAX, &gen) && gen == p->objs[target].gen &&
           next(p, &pos, &c) && is_word(p, &c, "obj") && next(p, &pos, &v) &&
           tok_uint(p, &v, p->len, n) && next(p, &pos, &e) && is_word(p, &e, "endobj");
}

/* Parses object num where the cross-reference points, a stream's data too. 0 or -1. */
static int parse_obj(packer *p, uint32_t num)
{
    obj *o = &p->objs[num];
    size_t pos = o->off, end = NOPOS;
    uint64_t v, g;
    char what[32];
    tok a, b, c, k;
    snprintf(what, sizeof what, "object %" PRIu32, num);
    if (!(next(p, &pos, &a) && tok_uint(p, &a, UINT32_MAX, &v) && v == num && next(p, &pos, &b) &&
          tok_uint(p, &b, UINT32_MAX, &g) && g == o->gen && next(p, &pos, &c) &&
          is_word(p, &c, "obj")))
        return fail(p, o->off, "%s: not found where the cross-reference points", what);
    o->body = pos;
    if (lex_value(p, &pos, &k, what) != 0)
        return -1;
    o->body_end = k.off;
    if (is_word(p, &k, "endobj"))
        return 0;
    if (!is_word(p, &k, "stream"))
        return fail(p, k.off, "%s: no \"endobj\"", what);
    o->stream = true;
    if (p->t[0].type != TK_DICT)
        return fail(p, o->body, "%s: a stream without a dictionary", what);
    pos += pos < p->len && p->in[pos] == '\r';
    if (pos >= p->len || p->in[pos] != '\n')
        return fail(p, pos, "%s: no end of line after \"stream\"", what);
    o->data = pos + 1;
    /* the data: /Length bytes, when "endstream" follows after at most one end of line */
    if (stream_length(p, &v) && v <= p->len - o->data) {
        end = o->data + (size_t)v;
        end += end < p->len && p->in[end] == '\r';
        end += end < p->len && p->in[end] == '\n';
        if (p->len - end >= 9 && memcmp(p->in + end, "endstream", 9) == 0)
            o->data_len = (size_t)v;
        else
            end = NOPOS;
    }
    if (end == NOPOS) { /* else, as readers do: to the last "endstream" before "endobj" */
        size_t eo = find(p, o->data, "endobj");
        if (eo == NOPOS || (end = rfind(p, o->data, eo, "endstream")) == NOPOS)
            return fail(p, o->data, "%s: a stream without \"endstream\"", what);
        size_t e = end - (end > o->data && p->in[end - 1] == '\n');
        o->data_len = e - (e > o->data && p->in[e - 1] == '\r') - o->data;
        err_warn(p->errs, p->file, 0, 0,
                 "PDF byte %zu: %s: the stream's /Length does not match its data, measured up "
                 "to \"endstream\" (%zu bytes)",
                 o->data, what, o->data_len);
    }
    pos = end + 9;
    if (!next(p, &pos, &k) || !is_word(p, &k, "endobj"))
        return fail(p, end + 9, "%s: no \"endobj\" after \"endstream\"", what);
    return 0;
}

/* Tokenizes the bytes [from, to) (a value parsed before) into p->t. */
static void relex(packer *p, size_t from, size_t to)
{
    tok k;
    p->nt = 0;
    while (lex(p, to, &from, &k) == 1)
        push(p, k);
}

/* Tokenizes object o's value into p->t, leaving out a stream's /Length entry. */
static void load(packer *p, const obj *o)
{
    size_t vs, ve;
    relex(p, o->body, o->body_end);
    if (o->stream && dict_get(p, "Length", &vs, &ve)) {
        memmove(p->t + vs - 1, p->t + ve, (p->nt - ve) * sizeof *p->t);
        p->nt -= ve - vs + 1;
    }
}

/* Numbers the objects reachable from /Root and /Info (a stream's /Length not counting)
 * 1, 2, ... in their old order. Returns how many. */
static uint32_t number_objects(packer *p)
{
    uint32_t *queue = xmalloc(p->nobj * sizeof *queue), k = 0;
    size_t head = 0, tail = 0;
    uint64_t n, g;
    uint32_t roots[2] = {resolve(p, p->root[0], p->root[1]), resolve(p, p->info[0], p->info[1])};
    for (int i = 0; i < 2; i++)
        if (roots[i] && !p->objs[roots[i]].renum) {
            p->objs[roots[i]].renum = 1;
            queue[tail++] = roots[i];
        }
    while (head < tail) {
        const obj *o = &p->objs[queue[head++]];
        load(p, o);
        for (size_t i = 0; i < p->nt; i++) {
            uint32_t target = is_ref(p, i, &n, &g) ? resolve(p, n, g) : 0;
            if (target && !p->objs[target].renum) {
                p->objs[target].renum = 1;
                queue[tail++] = target;
            }
        }
    }
    for (size_t num = 1; num < p->nobj; num++)
        if (p->objs[num].renum)
            p->objs[num].renum = ++k;
    free(queue);
    return k;
}

/* ---- writing ---- */

/* Appends token s[0..n) to out, a space before it only where it would run into what out
 * ends with ("/Count 3", "0 R", but "/Type/Page", "[1 2]<</A(x)>>"; "/" then "/B"). */
static void put_tok(buf *out, const char *s, size_t n)
{
    uchar last = out->len ? (uchar)out->data[out->len - 1] : ' ', first = (uchar)s[0];
    if (last == '/' ? first == '/' || is_regular(first) : is_regular(last) && is_regular(first))
        buf_putc(out, ' ');
    buf_put(out, s, n);
}

/* Appends the first n tokens of p->t, references renumbered ("null" for an object that
 * does not exist). */
static void put_toks(const packer *p, buf *out, size_t n)
{
    uint64_t num, gen;
    char ref[32];
    for (size_t i = 0; i < n; i++) {
        uint32_t target;
        if (!is_ref(p, i, &num, &gen)) {
            put_tok(out, (const char *)p->in + p->t[i].off, p->t[i].len);
            continue;
        }
        if ((target = resolve(p, num, gen)) && p->objs[target].renum)
            snprintf(ref, sizeof ref, "%" PRIu32 " 0 R", p->objs[target].renum);
        else
            snprintf(ref, sizeof ref, "null");
        put_tok(out, ref, strlen(ref));
        i += 2;
    }
}

/* Writes stream object o, its /Length the data's byte count, the data as it was. */
static void write_stream(packer *p, const obj *o, buf *out)
{
    load(p, o);
    buf_printf(out, "%" PRIu32 " 0 obj\n", o->renum);
    put_toks(p, out, p->nt - 1); /* all but the closing ">>" */
    put_tok(out, "/Length", 7);
    buf_printf(out, " %zu>>\nstream\n", o->data_len);
    buf_put(out, p->in + o->data, o->data_len);
    buf_puts(out, "\nendstream\nendobj\n");
}

/* Writes data as a Flate-compressed stream object num, the keys before /Filter and
 * /Length in dict. libharu compresses: the binary links zlib only through libharu and
 * libpng; calling zlib directly would need -lz in the Makefile. Returns 0 or -1. */
static int write_flate(packer *p, uint32_t num, const char *dict, const buf *data, buf *out)
{
    HPDF_Error_Rec er;
    HPDF_Error_Init(&er, NULL);
    HPDF_MMgr mm = HPDF_MMgr_New(&er, 0, NULL, NULL);
    HPDF_Stream raw = mm ? HPDF_MemStream_New(mm, 65536) : NULL;
    HPDF_Stream z = raw ? HPDF_MemStream_New(mm, 65536) : NULL;
    bool ok =
        z && data->len <= UINT32_MAX &&
        HPDF_Stream_Write(raw, (const HPDF_BYTE *)data->data, (HPDF_UINT)data->len) == HPDF_OK &&
        HPDF_Stream_WriteToStream(raw, z, HPDF_STREAM_FILTER_FLATE_DECODE, NULL) == HPDF_OK;
    if (ok) {
        buf_printf(out, "%" PRIu32 " 0 obj\n<<%s/Filter/FlateDecode/Length %lu>>\nstream\n", num,
                   dict, (unsigned long)HPDF_Stream_Size(z));
        for (HPDF_UINT i = 0, part = 0; i < HPDF_MemStream_GetBufCount(z); i++) {
            HPDF_BYTE *b = HPDF_MemStream_GetBufPtr(z, i, &part);
            buf_put(out, b, b ? part : 0);
        }
        buf_puts(out, "\nendstream\nendobj\n");
    }
    if (z)
        HPDF_Stream_Free(z);
    if (raw)
        HPDF_Stream_Free(raw);
    if (mm)
        HPDF_MMgr_Free(mm);
    return ok ? 0 : fail(p, p->len, "libharu could not compress a stream");
}

/* Writes the live objects but streams into object streams numbered from `stm`,
 * PER_STREAM each, filling their rows. Returns 0 or -1. */
static int write_object_streams(packer *p, uint32_t stm, xrow *rows, buf *out)
{
    buf head = BUF_INIT, body = BUF_INIT;
    char dict[64];
    uint32_t index = 0;
    int rc = 0;
    for (size_t num = 1; num <= p->nobj && rc == 0; num++) {
        const obj *o = num < p->nobj ? &p->objs[num] : NULL;
        if (o && (!o->renum || o->stream))
            continue;
        if (o) {
            buf_printf(&head, "%s%" PRIu32 " %zu", index ? " " : "", o->renum, body.len);
            relex(p, o->body, o->body_end);
            put_toks(p, &body, p->nt);
            buf_putc(&body, '\n');
            rows[o->renum] = (xrow){stm, index++, 2};
        }
        if (index && (index == PER_STREAM || !o)) {
            buf_putc(&head, '\n');
            snprintf(dict, sizeof dict, "/Type/ObjStm/N %" PRIu32 "/First %zu", index, head.len);
            buf_put(&head, body.data, body.len);
            rows[stm] = (xrow){out->len, 0, 1};
            rc = write_flate(p, stm++, dict, &head, out);
            index = 0;
            buf_reset(&head);
            buf_reset(&body);
        }
    }
    buf_free(&head);
    buf_free(&body);
    return rc;
}

/* Two 64-bit FNV-1a hashes of b (forwards, backwards) in hex: the identifier of a file
 * that had none. Not cryptographic: the same for the same file, different for others. */
static void digest(const buf *b, char hex[33])
{
    uint64_t h1 = 0xcbf29ce484222325u, h2 = 0x6c62272e07bb0142u;
    for (size_t i = 0; i < b->len; i++) {
        h1 = (h1 ^ (uchar)b->data[i]) * 0x100000001b3u;
        h2 = (h2 ^ (uchar)b->data[b->len - 1 - i]) * 0x100000001b3u;
    }
    snprintf(hex, 33, "%016" PRIX64 "%016" PRIX64, h1, h2);
}

/* Writes the cross-reference stream, object num (the last), and the end. 0 or -1. */
static int write_xref(packer *p, uint32_t num, xrow *rows, buf *out)
{
    buf table = BUF_INIT, dict = BUF_INIT;
    size_t xoff = out->len;
    int w2 = 1, w3 = 2; /* field 3: up to object 0's generation, 65535 */
    rows[num] = (xrow){xoff, 0, 1};
    /* field 2: offsets below xoff, object stream numbers up to num */
    while (w2 < 8 && (xoff > num ? xoff : num) >> (8 * w2))
        w2++;
    for (uint32_t i = 0; i <= num; i++) {
        buf_putc(&table, (char)rows[i].type);
        for (int b = w2; b-- > 0;)
            buf_putc(&table, (char)(rows[i].f2 >> (8 * b)));
        for (int b = w3; b-- > 0;)
            buf_putc(&table, (char)(rows[i].f3 >> (8 * b)));
    }
    buf_printf(&dict,
               "/Type/XRef/Size %" PRIu32 "/W[1 %d %d]/Index[0 %" PRIu32 "]/Root %" PRIu32 " 0 R",
               num + 1, w2, w3, num + 1, p->objs[p->root[0]].renum);
    if (resolve(p, p->info[0], p->info[1]))
        buf_printf(&dict, "/Info %" PRIu32 " 0 R", p->objs[p->info[0]].renum);
    buf_puts(&dict, "/ID");
    if (p->id_end) {
        relex(p, p->id_off, p->id_end);
        put_toks(p, &dict, p->nt);
    } else {
        char hex[33];
        digest(out, hex);
        buf_printf(&dict, "[<%s><%s>]", hex, hex);
    }
    int rc = write_flate(p, num, buf_cstr(&dict), &table, out);
    if (rc == 0)
        buf_printf(out, "startxref\n%zu\n%%%%EOF\n", xoff);
    buf_free(&table);
    buf_free(&dict);
    return rc;
}

int pdf_pack(const unsigned char *in, size_t len, buf *out, err_list *errs, const char *file)
{
    packer p = {.in = in, .len = in ? len : 0, .errs = errs, .file = file};
    buf o = BUF_INIT;
    xrow *rows = NULL;
    uint32_t live, plain = 0;
    int rc = -1;
    if (read_xref(&p) != 0)
        goto out;
    for (uint32_t num = 1; num < p.nobj; num++)
        if (p.objs[num].used && parse_obj(&p, num) != 0)
            goto out;
    if (!resolve(&p, p.root[0], p.root[1])) {
        fail(&p, p.len, "the trailer's /Root is not an object in the file");
        goto out;
    }
    live = number_objects(&p);
    for (size_t num = 1; num < p.nobj; num++)
        plain += p.objs[num].renum && !p.objs[num].stream;
    /* numbers: the objects, then the object streams, then the xref stream */
    uint32_t xnum = live + (plain + PER_STREAM - 1) / PER_STREAM + 1;
    rows = xcalloc((size_t)xnum + 1, sizeof *rows);
    rows[0] = (xrow){0, 65535, 0};
    buf_puts(&o, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    for (size_t num = 1; num < p.nobj; num++) {
        const obj *ob = &p.objs[num];
        if (ob->renum && ob->stream) {
            rows[ob->renum] = (xrow){o.len, 0, 1};
            write_stream(&p, ob, &o);
        }
    }
    if (write_object_streams(&p, live + 1, rows, &o) != 0 || write_xref(&p, xnum, rows, &o) != 0)
        goto out;
    buf_put(out, o.data, o.len);
    rc = 0;
out:
    free(p.objs);
    free(p.t);
    free(rows);
    buf_free(&o);
    return rc;
}
