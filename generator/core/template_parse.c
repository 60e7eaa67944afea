/* template_parse.c - compiles Mustache source into the node tree of template_internal.h.
 *
 * Compilation runs in passes over a flat token list, so that nothing recurses
 * on input-controlled depth:
 *
 *   1. lex: split the source into text tokens (each ends at a newline or at a
 *      tag) and tag tokens, applying {{=<% %>=}} delimiter changes as they come;
 *   2. match: pair every {{/name}} with its opening tag on an explicit stack
 *      (at most TPL_MAX_NESTING deep);
 *   3. standalone: per source line, decide whether the line holds nothing but
 *      whitespace and one standalone-capable tag (section, inverted, close,
 *      comment, partial, set-delimiter, parent, block) or one of the tag pairs
 *      that the inheritance spec treats as one ({{<p}}{{/p}}, {{$b}}{{/b}},
 *      {{<p}}{{$b}}, {{/b}}{{/p}}). Such lines are removed from the output; a
 *      standalone partial or parent keeps the removed whitespace as the
 *      indentation of every line it renders;
 *   4. dedent: a block whose opening tag is standalone loses the common
 *      indentation of its lines ("block indentation is removed at the site of
 *      definition and added at the site of expansion");
 *   5. build: turn the tokens into nodes, inserting an N_LINE node at the start
 *      of every output line so the renderer can indent partials line by line.
 *
 * The rules follow the Mustache spec (tests/spec/mustache, including the
 * optional ~inheritance and ~dynamic-names modules). */
#include "core/template_internal.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define NPOS ((size_t)-1)
#define MAX_DELIM 32 /* longest delimiter {{=OPEN CLOSE=}} may set */

/* What pass 3 decided about a standalone tag's line. */
enum { SA_NONE, SA_LINE, SA_KEEP_NL };

typedef struct tok {
    bool is_tag;
    char sigil;          /* tags: 0 for {{name}}, else one of & { # ^ / ! > < $ = */
    bool dynamic;        /* {{>*name}}, {{<*name}} and their close tags */
    size_t start, end;   /* bytes of src; a tag's span includes its delimiters */
    size_t name, nlen;   /* tags: the trimmed name */
    int line, col;       /* tags: position of the opening delimiter */
    long match;          /* open tags: index of the close; close tags: index of the open; -1 */
    long up;             /* index of the innermost enclosing open tag, -1 at top level */
    int sa;              /* tags: SA_* for the tag's line; text: SA_LINE when dropped */
    size_t line_start;   /* standalone tags: offset where the removed line starts */
    size_t line_end;     /* standalone tags: offset past the removed line */
    size_t ind, ind_len; /* standalone tags: whitespace before the tag on its line */
    bool open_sa;        /* '$': the opening tag's line is removed, so the body is dedented */
    bool site_sa;        /* '$': standalone as a block site */
    size_t ded, ded_len; /* '$' with open_sa: the common indentation of the body */
    size_t x, x_len;     /* '$' with site_sa: the indentation the site adds */
} tok;

typedef struct parser {
    const char *src; /* the arena copy of the source */
    size_t len;
    const char *file;
    err_list *errs;
    arena *a;
    tok *toks; /* heap array */
    size_t ntoks, cap;
    size_t lp;     /* position tracking for line/col: offset reached */
    int line, col; /* line and column at lp */
} parser;

static bool is_ws(char c)
{
    return c == ' ' || c == '\t';
}

static size_t find(const char *s, size_t len, size_t from, const char *pat, size_t plen)
{
    if (plen == 0 || len < plen)
        return NPOS;
    for (size_t i = from; i + plen <= len; i++)
        if (s[i] == pat[0] && memcmp(s + i, pat, plen) == 0)
            return i;
    return NPOS;
}

/* Line and column (1-based, columns in UTF-8 characters) of offset off; offsets
 * must be asked for in increasing order. */
static void position(parser *p, size_t off, int *line, int *col)
{
    for (; p->lp < off; p->lp++) {
        if (p->src[p->lp] == '\n') {
            p->line++;
            p->col = 1;
        } else if (((unsigned char)p->src[p->lp] & 0xC0) != 0x80) {
            p->col++;
        }
    }
    *line = p->line;
    *col = p->col;
}

static tok *push_tok(parser *p)
{
    if (p->ntoks == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        p->toks = xrealloc(p->toks, p->cap * sizeof *p->toks);
    }
    tok *t = &p->toks[p->ntoks++];
    memset(t, 0, sizeof *t);
    t->match = t->up = -1;
    return t;
}

/* Adds src[a, b) as text tokens, one per line piece. */
static void lex_text(parser *p, size_t a, size_t b)
{
    while (a < b) {
        size_t e = a;
        while (e < b && p->src[e] != '\n')
            e++;
        if (e < b)
            e++; /* keep the newline in this piece */
        tok *t = push_tok(p);
        t->start = a;
        t->end = e;
        a = e;
    }
}

/* Parses the inside of {{=OPEN CLOSE=}} (without the '=' signs). */
static bool set_delims(const char *s, size_t n, const char **open, size_t *olen, const char **close,
                       size_t *clen)
{
    size_t i = 0, j;
    while (i < n && is_ws(s[i]))
        i++;
    j = i;
    while (j < n && !is_ws(s[j]) && s[j] != '=')
        j++;
    if (j == i || j >= n || s[j] == '=')
        return false;
    *open = s + i;
    *olen = j - i;
    while (j < n && is_ws(s[j]))
        j++;
    i = j;
    while (j < n && !is_ws(s[j]) && s[j] != '=')
        j++;
    if (j == i)
        return false;
    *close = s + i;
    *clen = j - i;
    while (j < n && is_ws(s[j]))
        j++;
    return j == n && *olen <= MAX_DELIM && *clen <= MAX_DELIM;
}

/* Pass 1. Returns false after adding an error. */
static bool lex(parser *p)
{
    const char *open = "{{", *close = "}}";
    size_t olen = 2, clen = 2, pos = 0;
    const char *s = p->src;
    bool ok = false;
    for (;;) {
        size_t at = find(s, p->len, pos, open, olen);
        lex_text(p, pos, at == NPOS ? p->len : at);
        if (at == NPOS)
            break;
        int line, col;
        position(p, at, &line, &col);
        size_t q = at + olen;
        while (q < p->len && is_ws(s[q]))
            q++;
        char sigil = 0;
        if (q < p->len && s[q] && strchr("&{#^/!><$=", s[q]))
            sigil = s[q++];
        /* the closing delimiter, with the sigil's mirror for {{{ }}} and {{= =}} */
        char closer[MAX_DELIM + 1];
        size_t cl = 0;
        if (sigil == '{' || sigil == '=')
            closer[cl++] = sigil == '{' ? '}' : '=';
        memcpy(closer + cl, close, clen);
        cl += clen;
        size_t ce = find(s, p->len, q, closer, cl);
        if (ce == NPOS) {
            err_add(p->errs, p->file, line, col, "unclosed tag: no '%.*s' after '%.*s'", (int)cl,
                    closer, (int)olen, open);
            goto out;
        }
        /* a tag never holds another tag's delimiters: "{{{x}}" (one brace
         * missing) would otherwise run on to the next "}}}" and swallow what
         * lies between */
        size_t inner_close = sigil == '{' ? find(s, ce, q, close, clen) : NPOS;
        size_t inner_open = sigil != '!' ? find(s, ce, q, open, olen) : NPOS;
        if (inner_close != NPOS || inner_open != NPOS) {
            bool by_close = inner_close != NPOS && (inner_open == NPOS || inner_close < inner_open);
            err_add(p->errs, p->file, line, col,
                    "unclosed tag: '%.*s%s' needs '%.*s' before '%.*s'", (int)olen, open,
                    sigil == '{' ? "{" : "", (int)cl, closer, (int)(by_close ? clen : olen),
                    by_close ? close : open);
            goto out;
        }
        tok *t = push_tok(p);
        t->is_tag = true;
        t->sigil = sigil;
        t->start = at;
        t->end = ce + cl;
        t->line = line;
        t->col = col;
        pos = t->end;
        if (sigil == '=') {
            if (!set_delims(s + q, ce - q, &open, &olen, &close, &clen)) {
                err_add(p->errs, p->file, line, col,
                        "bad set-delimiter tag: want two delimiters of at most %d bytes, "
                        "without spaces or '=', as in {{=<%% %%>=}}",
                        MAX_DELIM);
                goto out;
            }
            continue;
        }
        if (sigil == '!')
            continue;
        size_t a = q, b = ce;
        while (a < b && is_ws(s[a]))
            a++;
        while (b > a && is_ws(s[b - 1]))
            b--;
        if ((sigil == '>' || sigil == '<' || sigil == '/') && a < b && s[a] == '*') {
            t->dynamic = true;
            a++;
            while (a < b && is_ws(s[a]))
                a++;
        }
        if (a == b) {
            err_add(p->errs, p->file, line, col, "empty tag name");
            goto out;
        }
        t->name = a;
        t->nlen = b - a;
    }
    ok = true;
out:
    return ok;
}

static bool opens(char sigil)
{
    return sigil == '#' || sigil == '^' || sigil == '<' || sigil == '$';
}

/* Pass 2: pairs open and close tags. Returns false after adding an error. */
static bool match(parser *p)
{
    long *stack = xmalloc(TPL_MAX_NESTING * sizeof *stack);
    size_t depth = 0;
    bool ok = false;
    for (size_t i = 0; i < p->ntoks; i++) {
        tok *t = &p->toks[i];
        t->up = depth ? stack[depth - 1] : -1;
        if (!t->is_tag)
            continue;
        if (opens(t->sigil)) {
            if (depth == TPL_MAX_NESTING) {
                err_add(p->errs, p->file, t->line, t->col,
                        "sections nested too deeply (more than %d levels)", TPL_MAX_NESTING);
                goto out;
            }
            stack[depth++] = (long)i;
        } else if (t->sigil == '/') {
            const char *name = p->src + t->name;
            if (!depth) {
                err_add(p->errs, p->file, t->line, t->col,
                        "close tag '/%s%.*s' has no open section", t->dynamic ? "*" : "",
                        (int)t->nlen, name);
                goto out;
            }
            tok *o = &p->toks[stack[depth - 1]];
            if (o->nlen != t->nlen || o->dynamic != t->dynamic ||
                memcmp(p->src + o->name, name, t->nlen) != 0) {
                err_add(p->errs, p->file, t->line, t->col,
                        "close tag '/%s%.*s' does not match open section '%s%.*s' (opened at "
                        "%d:%d)",
                        t->dynamic ? "*" : "", (int)t->nlen, name, o->dynamic ? "*" : "",
                        (int)o->nlen, p->src + o->name, o->line, o->col);
                goto out;
            }
            o->match = (long)i;
            t->match = stack[--depth];
        }
    }
    if (depth) {
        tok *o = &p->toks[stack[depth - 1]];
        err_add(p->errs, p->file, o->line, o->col, "unclosed section '%s%.*s'",
                o->dynamic ? "*" : "", (int)o->nlen, p->src + o->name);
        goto out;
    }
    ok = true;
out:
    free(stack);
    return ok;
}

/* Whether text token t is whitespace, optionally ending in "\n" or "\r\n". */
static bool ws_text(const parser *p, const tok *t)
{
    size_t e = t->end;
    if (e > t->start && p->src[e - 1] == '\n') {
        e--;
        if (e > t->start && p->src[e - 1] == '\r')
            e--;
    }
    for (size_t i = t->start; i < e; i++)
        if (!is_ws(p->src[i]))
            return false;
    return true;
}

static bool ends_line(const parser *p, const tok *t)
{
    return !t->is_tag && t->end > t->start && p->src[t->end - 1] == '\n';
}

static bool standalone_capable(char sigil)
{
    return sigil && strchr("#^/!><$=", sigil);
}

/* Which two adjacent tags count as one standalone unit (inheritance spec):
 * returns SA_LINE or SA_KEEP_NL, or SA_NONE. */
static int pair_kind(const parser *p, long a, long b)
{
    const tok *x = &p->toks[a], *y = &p->toks[b];
    if (x->sigil == '<' && y->sigil == '/' && y->match == a)
        return SA_LINE; /* {{<p}}{{/p}} */
    if (x->sigil == '$' && y->sigil == '/' && y->match == a)
        return SA_KEEP_NL; /* {{$b}}{{/b}}: the newline stays */
    if (x->sigil == '<' && y->sigil == '$' && y->up == a)
        return SA_LINE; /* {{<p}}{{$b}} */
    if (x->sigil == '/' && y->sigil == '/' && p->toks[x->match].sigil == '$' &&
        p->toks[y->match].sigil == '<' && p->toks[x->match].up == y->match)
        return SA_LINE; /* {{/b}}{{/p}} */
    return SA_NONE;
}

/* Pass 3: finds standalone lines and marks their tags and whitespace. */
static void standalone(parser *p)
{
    size_t i = 0;
    while (i < p->ntoks) {
        size_t j = i;
        while (j < p->ntoks && !ends_line(p, &p->toks[j]))
            j++;
        if (j < p->ntoks)
            j++; /* the line is toks[i, j) */
        long tags[2];
        size_t ntags = 0;
        bool blank = true;
        for (size_t k = i; k < j && blank; k++) {
            if (p->toks[k].is_tag) {
                if (ntags < 2)
                    tags[ntags] = (long)k;
                ntags++;
            } else if (!ws_text(p, &p->toks[k])) {
                blank = false;
            }
        }
        int kind = SA_NONE;
        if (blank && ntags == 1 && standalone_capable(p->toks[tags[0]].sigil))
            kind = SA_LINE;
        else if (blank && ntags == 2 && tags[1] == tags[0] + 1)
            kind = pair_kind(p, tags[0], tags[1]);
        if (kind != SA_NONE) {
            tok *first = &p->toks[tags[0]], *last = &p->toks[tags[ntags - 1]];
            tok *lead = p->toks[i].is_tag ? NULL : &p->toks[i];
            tok *trail = (size_t)tags[ntags - 1] + 1 < j ? &p->toks[j - 1] : NULL;
            size_t ls = lead ? lead->start : first->start;
            size_t le = trail ? trail->end : last->end;
            if (lead)
                lead->sa = SA_LINE;
            if (trail && kind == SA_LINE) {
                trail->sa = SA_LINE;
            } else if (trail) {
                /* keep just the line break */
                size_t s = trail->end;
                if (s > trail->start && p->src[s - 1] == '\n')
                    s--;
                if (s > trail->start && p->src[s - 1] == '\r')
                    s--;
                trail->start = s;
            }
            for (size_t k = 0; k < ntags; k++) {
                tok *t = &p->toks[tags[k]];
                t->sa = kind;
                t->line_start = ls;
                t->line_end = le;
                t->ind = ls;
                t->ind_len = lead ? lead->end - lead->start : 0;
                if (t->sigil == '$') {
                    /* as an argument after {{<p}}, or alone on its line */
                    t->open_sa = true;
                    t->site_sa = ntags == 1 || kind == SA_KEEP_NL;
                }
            }
        }
        i = j;
    }
}

/* Common leading whitespace of the non-blank lines of src[a, b), as offset and
 * length into src (the common-indentation rule of textwrap.dedent). */
static void common_indent(const parser *p, size_t a, size_t b, size_t *off, size_t *n)
{
    const char *s = p->src;
    bool any = false;
    *off = a;
    *n = 0;
    size_t i = a;
    while (i < b) {
        size_t ws = i;
        while (ws < b && is_ws(s[ws]))
            ws++;
        bool blank = ws == b || s[ws] == '\n' || (s[ws] == '\r' && ws + 1 < b && s[ws + 1] == '\n');
        if (!blank) {
            if (!any) {
                *off = i;
                *n = ws - i;
                any = true;
            } else {
                size_t k = 0;
                while (k < *n && k < ws - i && s[i + k] == s[*off + k])
                    k++;
                *n = k;
            }
        }
        while (i < b && s[i] != '\n')
            i++;
        if (i < b)
            i++;
    }
}

/* Pass 4: the dedent of standalone block bodies and the indent of standalone sites. */
static void dedent(parser *p)
{
    for (size_t i = 0; i < p->ntoks; i++) {
        tok *t = &p->toks[i];
        if (!t->is_tag || t->sigil != '$' || !t->open_sa)
            continue;
        if (t->sa == SA_LINE) {
            const tok *c = &p->toks[t->match];
            size_t a = t->line_end;
            size_t b = c->sa == SA_LINE ? c->line_start : c->start;
            if (a < b)
                common_indent(p, a, b, &t->ded, &t->ded_len);
        }
        if (!t->site_sa)
            continue;
        /* relative to the dedent of the enclosing standalone block, if any */
        size_t enc = 0;
        for (long u = t->up; u >= 0; u = p->toks[u].up)
            if (p->toks[u].sigil == '$' && p->toks[u].open_sa) {
                enc = p->toks[u].ded_len;
                break;
            }
        if (t->ded_len > enc) {
            t->x = t->ded + enc;
            t->x_len = t->ded_len - enc;
        } else {
            size_t k = enc < t->ind_len ? enc : t->ind_len;
            t->x = t->ind + k;
            t->x_len = t->ind_len - k;
        }
    }
}

/* ---- pass 5: the node tree ---- */

typedef struct frame {
    long open;       /* index of the opening token, -1 for the root */
    node_kind kind;  /* N_SECTION, N_PARENT or N_BLOCK; N_TEXT for the root */
    tpl_node *items; /* heap array of the body so far */
    size_t len, cap;
    size_t ded, ded_len; /* indentation stripped from lines in this body */
} frame;

static void append(frame *f, const tpl_node *n)
{
    if (f->kind == N_PARENT && n->kind != N_BLOCK)
        return; /* a parent's body is only its block arguments */
    if (f->len == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 8;
        f->items = xrealloc(f->items, f->cap * sizeof *f->items);
    }
    f->items[f->len++] = *n;
}

/* Splits a dotted name into its parts ("." alone is the implicit iterator). */
static void set_path(parser *p, tpl_node *n, const char *name, size_t len)
{
    n->text = arena_strndup(p->a, name, len);
    n->len = len;
    if (len == 1 && name[0] == '.')
        return;
    size_t parts = 1;
    for (size_t i = 0; i < len; i++)
        parts += name[i] == '.';
    n->path = arena_alloc(p->a, parts * sizeof *n->path);
    size_t a = 0;
    for (size_t i = 0; i <= len; i++)
        if (i == len || name[i] == '.') {
            n->path[n->npath++] = arena_strndup(p->a, name + a, i - a);
            a = i + 1;
        }
}

/* Moves a finished body from the heap into the arena. */
static tpl_node *finish(parser *p, frame *f, size_t *n)
{
    tpl_node *kids = arena_alloc(p->a, (f->len ? f->len : 1) * sizeof *kids);
    if (f->len)
        memcpy(kids, f->items, f->len * sizeof *kids);
    free(f->items);
    *n = f->len;
    return kids;
}

static node_kind container_kind(char sigil)
{
    return sigil == '<' ? N_PARENT : sigil == '$' ? N_BLOCK : N_SECTION;
}

/* Adds the text token t to f, with an N_LINE first when it starts a line. */
static void build_text(parser *p, frame *f, const tok *t, bool *bol)
{
    const char *s = p->src + t->start;
    size_t n = t->end - t->start;
    if (*bol) {
        size_t k = 0;
        if (f->ded_len) {
            if (ends_line(p, t) && ws_text(p, t)) {
                while (k < n && is_ws(s[k]))
                    k++;
            } else {
                while (k < f->ded_len && k < n && s[k] == p->src[f->ded + k])
                    k++;
            }
        }
        s += k;
        n -= k;
        tpl_node ln = {.kind = N_LINE};
        ln.flag = (n >= 1 && s[0] == '\n') || (n >= 2 && s[0] == '\r' && s[1] == '\n');
        append(f, &ln);
        *bol = false;
    }
    if (n) {
        tpl_node tn = {.kind = N_TEXT, .text = s, .len = n};
        append(f, &tn);
    }
    if (ends_line(p, t))
        *bol = true;
}

/* A partial or parent tag names another template: by name, or (dynamic)
 * by a context path; when it stands alone on its line, the line's
 * indentation goes with it. */
static void set_template_ref(parser *p, tpl_node *n, const tok *t)
{
    const char *name = p->src + t->name;
    n->flag = t->sa != SA_NONE;
    n->dynamic = t->dynamic;
    if (t->dynamic)
        set_path(p, n, name, t->nlen);
    else
        n->text = arena_strndup(p->a, name, t->nlen);
    n->indent = p->src + t->ind;
    n->indent_len = t->ind_len;
}

/* Pass 5. Returns the root nodes through t. It is long because it is one
 * switch over the tag kinds with a few lines each, all sharing the frame
 * stack; split up, each part would take the whole parser state. */
static void build(parser *p, struct tpl *out)
{
    frame *stack = xmalloc((TPL_MAX_NESTING + 1) * sizeof *stack);
    size_t depth = 1;
    bool bol = true; /* at the beginning of an output line */
    memset(&stack[0], 0, sizeof stack[0]);
    stack[0].open = -1;
    stack[0].kind = N_TEXT;
    for (size_t i = 0; i < p->ntoks; i++) {
        const tok *t = &p->toks[i];
        frame *f = &stack[depth - 1];
        if (!t->is_tag) {
            if (t->sa == SA_LINE) {
                if (ends_line(p, t))
                    bol = true;
                continue;
            }
            build_text(p, f, t, &bol);
            continue;
        }
        if (t->sa == SA_NONE && bol) {
            tpl_node ln = {.kind = N_LINE};
            append(f, &ln);
            bol = false;
        } else if (t->sa == SA_KEEP_NL) {
            bol = false; /* the kept line break starts the next line */
        }
        tpl_node n = {.line = t->line, .col = t->col};
        const char *name = p->src + t->name;
        switch (t->sigil) {
        case '!':
        case '=':
            break;
        case 0:
        case '&':
        case '{':
            n.kind = N_VAR;
            n.flag = t->sigil == 0;
            set_path(p, &n, name, t->nlen);
            append(f, &n);
            break;
        case '>':
            n.kind = N_PARTIAL;
            set_template_ref(p, &n, t);
            append(f, &n);
            break;
        case '/': {
            /* close the body; the open tag's node was kept in the frame */
            frame *done = &stack[--depth];
            const tok *o = &p->toks[done->open];
            tpl_node c = {.kind = done->kind, .line = o->line, .col = o->col};
            c.kids = finish(p, done, &c.nkids);
            const char *oname = p->src + o->name;
            if (c.kind == N_SECTION) {
                c.flag = o->sigil == '^';
                set_path(p, &c, oname, o->nlen);
            } else if (c.kind == N_PARENT) {
                set_template_ref(p, &c, o);
            } else {
                c.flag = o->site_sa;
                c.dedented = o->open_sa;
                c.text = arena_strndup(p->a, oname, o->nlen);
                c.indent = p->src + o->x;
                c.indent_len = o->x_len;
            }
            append(&stack[depth - 1], &c);
            break;
        }
        default: { /* # ^ < $ open a body */
            frame *nf = &stack[depth++];
            memset(nf, 0, sizeof *nf);
            nf->open = (long)i;
            nf->kind = container_kind(t->sigil);
            nf->ded = f->ded;
            nf->ded_len = f->ded_len;
            if (t->sigil == '$' && t->open_sa && t->ded_len >= f->ded_len) {
                nf->ded = t->ded;
                nf->ded_len = t->ded_len;
            }
            break;
        }
        }
    }
    /* match() guaranteed every body was closed */
    out->root = finish(p, &stack[0], &out->nroot);
    free(stack);
}

struct tpl *tpl_compile(const char *name, const char *src, size_t len, const char *file,
                        err_list *errs)
{
    struct tpl *t = NULL;
    arena *a = arena_new();
    parser p = {.len = len, .file = file ? file : name, .errs = errs, .a = a, .line = 1, .col = 1};
    char *copy = arena_alloc(a, len + 1);
    if (len)
        memcpy(copy, src, len);
    p.src = copy;
    if (!lex(&p) || !match(&p))
        goto out;
    standalone(&p);
    dedent(&p);
    t = arena_alloc(a, sizeof *t);
    t->arena = a;
    t->name = arena_strdup(a, name);
    t->file = arena_strdup(a, file ? file : name);
    build(&p, t);
    a = NULL; /* owned by t now */
out:
    free(p.toks);
    arena_free(a);
    return t;
}

void tpl_free_compiled(struct tpl *t)
{
    if (t)
        arena_free(t->arena);
}
