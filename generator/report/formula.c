/* formula.c - the report model's formulas: the lexer and the parser, and the overview of all parts.
 *
 * Grammar (formula.h lists what each part means), lowest binding first:
 *   formula := expr END
 *   expr    := expr 'or' expr | expr 'and' expr      (left-associative)
 *            | 'not' expr                            (binds looser than comparisons)
 *            | sum CMP sum                           (CMP: < <= > >= == !=; no chains)
 *            | sum
 *   sum     := sum ('+' | '-') prod | prod           (left-associative)
 *   prod    := prod ('*' | '/') unary | unary        (left-associative)
 *   unary   := '-' unary | primary
 *   primary := NUMBER | STRING | 'true' | 'false' | 'null' | NAME
 *            | FUNC '(' expr (',' expr)* ')' | '(' expr ')'
 *   NAME    := IDENT ('.' IDENT)*     IDENT := [A-Za-z_][A-Za-z0-9_]*  (no spaces around '.')
 *   NUMBER  := DIGITS ('.' DIGITS)? ([eE] [+-]? DIGITS)?
 *   STRING  := "..." or '...', with the escapes \" \' and \\ only
 * A hand-written lexer feeds a Pratt parser (precedence climbing): parse_expr
 * reads a prefix (a value, '-', 'not', '(' or a call), then folds in infix
 * operators whose binding power is above the caller's. 'not' inside a
 * comparison or arithmetic ("a == not b") must be parenthesised.
 *
 * Depth: every recursion of the parser adds a level, and every node records
 * its height in the tree; either above MAX_DEPTH is an error, so checking and
 * evaluating (both tree walks) recurse at most MAX_DEPTH deep.
 *
 * Checking walks the tree once: it resolves names to slots through the
 * caller, infers each node's fx_type (kind, nullable, allowed strings),
 * resolves lookup and band sources to the data's rows and checks the cells a
 * lookup can reach and every item of a band. Errors name the formula's
 * character they are about; an operand that failed counts as null for its
 * operator, so one mistake gives one message. Evaluation is a tree walk over
 * the checked tree that reads only the tree, the data and the slots.
 *
 * Files: this one lexes and parses (fx_parse, fx_names); formula_check.c
 * checks (fx_check), formula_eval.c evaluates (fx_eval); formula_int.h holds
 * the tree they share. */
#include "report/formula_int.h"
#include "util/strmap.h"
#include "util/suggest.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- tokens ---- */

typedef enum tok_kind {
    T_END,
    T_NUM,
    T_STR,
    T_NAME,
    T_LPAREN,
    T_RPAREN,
    T_COMMA,
    T_PLUS,
    T_MINUS,
    T_STAR,
    T_SLASH,
    T_LT,
    T_LE,
    T_GT,
    T_GE,
    T_EQ,
    T_NE,
    T_AND,
    T_OR,
    T_NOT,
    T_TRUE,
    T_FALSE,
    T_NULL
} tok_kind;

typedef struct token {
    tok_kind kind;
    size_t off, len; /* the lexeme in the source */
    int line, col;   /* of its first character */
    double num;      /* T_NUM */
    const char *str; /* T_STR: the text, unescaped; T_NAME: the name (arena) */
} token;

/* ---- functions ---- */

const char *const fxi_fn_names[NFUNCS + 1] = {"min", "max",   "abs",    "ceil", "floor", "round",
                                              "if",  "given", "lookup", "band", NULL};
static const int fn_min_args[NFUNCS] = {2, 2, 1, 1, 1, 1, 3, 1, 3, 2};
static const int fn_max_args[NFUNCS] = {-1, -1, 1, 1, 1, 2, 3, 1, 3, 2}; /* -1: any number */

/* ---- lexer ---- */

typedef struct parser {
    arena *a;
    const char *src;
    const char *file;
    err_list *errs;
    size_t pos;      /* next byte to read */
    int line, col;   /* of src[pos] */
    int line0, col0; /* of src[0] */
    bool failed;     /* an error was added: parsing stops */
    token tok;       /* the current token */
    token prev;      /* the one before it (kind T_END at the start) */
    bool have_prev;  /* prev is a real token */
    strmap seen;     /* names already in names */
    const char **names;
    size_t nnames, cap_names;
} parser;

/* Adds the parse's one error (later ones are dropped: the first is the cause). */
static void perr(parser *p, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void perr(parser *p, int line, int col, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    va_list ap;
    va_start(ap, fmt);
    err_vadd(p->errs, p->file, line, col, fmt, ap);
    va_end(ap);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident(char c)
{
    return is_ident_start(c) || is_digit(c);
}

/* Moves past n bytes, keeping line and col. */
static void advance(parser *p, size_t n)
{
    for (size_t i = 0; i < n && p->src[p->pos]; i++) {
        if (p->src[p->pos] == '\n') {
            p->line++;
            p->col = 1;
        } else {
            p->col++;
        }
        p->pos++;
    }
}

static void lex_number(parser *p, token *t)
{
    const char *s = p->src;
    size_t i = p->pos;
    while (is_digit(s[i]))
        i++;
    if (s[i] == '.' && is_digit(s[i + 1])) {
        i++;
        while (is_digit(s[i]))
            i++;
    }
    if ((s[i] == 'e' || s[i] == 'E') &&
        (is_digit(s[i + 1]) || ((s[i + 1] == '+' || s[i + 1] == '-') && is_digit(s[i + 2])))) {
        i += 2;
        while (is_digit(s[i]))
            i++;
    }
    if (is_ident(s[i]) || s[i] == '.') {
        size_t j = i;
        while (is_ident(s[j]) || s[j] == '.')
            j++;
        perr(p, t->line, t->col, "malformed number '%.*s'", (int)(j - p->pos), s + p->pos);
        return;
    }
    char *text = arena_strndup(p->a, s + p->pos, i - p->pos);
    t->kind = T_NUM;
    t->num = strtod(text, NULL);
    if (!isfinite(t->num))
        perr(p, t->line, t->col, "the number '%s' is too large", text);
    advance(p, i - p->pos);
}

static void lex_name(parser *p, token *t)
{
    static const struct {
        const char *word;
        tok_kind kind;
    } keywords[] = {{"and", T_AND},   {"or", T_OR},       {"not", T_NOT},
                    {"true", T_TRUE}, {"false", T_FALSE}, {"null", T_NULL}};
    const char *s = p->src;
    size_t i = p->pos;
    for (;;) {
        while (is_ident(s[i]))
            i++;
        if (s[i] != '.')
            break;
        if (!is_ident_start(s[i + 1])) {
            perr(p, t->line, t->col + (int)(i - p->pos),
                 "expected a letter or '_' after '.' in a name");
            return;
        }
        i++;
    }
    size_t n = i - p->pos;
    t->kind = T_NAME;
    for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
        if (strlen(keywords[k].word) == n && memcmp(keywords[k].word, s + p->pos, n) == 0)
            t->kind = keywords[k].kind;
    if (t->kind == T_NAME)
        t->str = arena_strndup(p->a, s + p->pos, n);
    advance(p, n);
}

/* A quoted string; only \" \' and \\ are escapes. */
static void lex_string(parser *p, token *t)
{
    const char *s = p->src;
    char quote = s[p->pos];
    /* find the end and check the escapes (advance keeps the positions) */
    advance(p, 1);
    size_t body = p->pos;
    while (s[p->pos] && s[p->pos] != quote) {
        if (s[p->pos] == '\\') {
            char c = s[p->pos + 1];
            if (c != '"' && c != '\'' && c != '\\') {
                if (!c)
                    break;
                if (c > ' ' && c < 0x7f)
                    perr(p, p->line, p->col,
                         "unknown escape '\\%c' in a string (escapes: \\\" \\' \\\\)", c);
                else
                    perr(p, p->line, p->col, "unknown escape in a string (escapes: \\\" \\' \\\\)");
                return;
            }
            advance(p, 1);
        }
        advance(p, 1);
    }
    if (s[p->pos] != quote) {
        perr(p, t->line, t->col, "unclosed string");
        return;
    }
    char *out = arena_alloc(p->a, p->pos - body + 1);
    size_t n = 0;
    for (size_t i = body; i < p->pos; i++) {
        if (s[i] == '\\')
            i++;
        out[n++] = s[i];
    }
    out[n] = '\0';
    t->kind = T_STR;
    t->str = out;
    advance(p, 1);
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
    size_t n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
    if (s[0] >= 0xf8)
        n = 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

static void lex_symbol(parser *p, token *t)
{
    static const struct {
        const char *text;
        tok_kind kind;
    } symbols[] = {{"<=", T_LE},    {">=", T_GE},   {"==", T_EQ},  {"!=", T_NE},   {"(", T_LPAREN},
                   {")", T_RPAREN}, {",", T_COMMA}, {"+", T_PLUS}, {"-", T_MINUS}, {"*", T_STAR},
                   {"/", T_SLASH},  {"<", T_LT},    {">", T_GT}};
    const char *s = p->src + p->pos;
    for (size_t k = 0; k < sizeof symbols / sizeof symbols[0]; k++) {
        size_t n = strlen(symbols[k].text);
        if (strncmp(s, symbols[k].text, n) == 0) {
            t->kind = symbols[k].kind;
            advance(p, n);
            return;
        }
    }
    unsigned char c = (unsigned char)*s;
    size_t n = utf8_len((const unsigned char *)s);
    if (c == '=')
        perr(p, t->line, t->col, "unexpected '='; did you mean '=='?");
    else if (c == '!')
        perr(p, t->line, t->col, "unexpected '!'; did you mean 'not' or '!='?");
    else if (c == '&')
        perr(p, t->line, t->col, "unexpected '&'; did you mean 'and'?");
    else if (c == '|')
        perr(p, t->line, t->col, "unexpected '|'; did you mean 'or'?");
    else if (c > ' ' && c < 0x7f)
        perr(p, t->line, t->col, "unexpected character '%c'", c);
    else if (n)
        perr(p, t->line, t->col, "unexpected character '%.*s'", (int)n, s);
    else
        perr(p, t->line, t->col, "unexpected byte 0x%02x", c);
}

/* Reads the next token into p->tok (T_END at the end or after an error). */
static void next(parser *p)
{
    p->prev = p->tok;
    p->have_prev = true;
    const char *s = p->src;
    while (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\r' || s[p->pos] == '\n')
        advance(p, 1);
    token t = {.kind = T_END, .off = p->pos, .line = p->line, .col = p->col};
    char c = s[p->pos];
    if (p->failed || !c)
        ;
    else if (is_digit(c))
        lex_number(p, &t);
    else if (is_ident_start(c))
        lex_name(p, &t);
    else if (c == '"' || c == '\'')
        lex_string(p, &t);
    else
        lex_symbol(p, &t);
    if (p->failed)
        t.kind = T_END;
    t.len = p->pos - t.off;
    p->tok = t;
}

/* ---- parser ---- */

enum {
    BP_OR = 1,
    BP_AND = 2,
    BP_NOT = 3, /* the operand of 'not': comparisons and tighter */
    BP_CMP = 4,
    BP_SUM = 5,
    BP_PROD = 6,
    BP_UNARY = 7 /* the operand of '-': a primary or another '-' */
};

/* The binding power of an infix operator, 0 for any other token. */
static int infix_bp(tok_kind k, node_kind *op)
{
    static const struct {
        tok_kind tok;
        node_kind node;
        int bp;
    } ops[] = {{T_OR, N_OR, BP_OR},      {T_AND, N_AND, BP_AND},   {T_LT, N_LT, BP_CMP},
               {T_LE, N_LE, BP_CMP},     {T_GT, N_GT, BP_CMP},     {T_GE, N_GE, BP_CMP},
               {T_EQ, N_EQ, BP_CMP},     {T_NE, N_NE, BP_CMP},     {T_PLUS, N_ADD, BP_SUM},
               {T_MINUS, N_SUB, BP_SUM}, {T_STAR, N_MUL, BP_PROD}, {T_SLASH, N_DIV, BP_PROD}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (ops[i].tok == k) {
            *op = ops[i].node;
            return ops[i].bp;
        }
    return 0;
}

static void too_deep(parser *p, const token *at)
{
    perr(p, at->line, at->col, "the formula nests deeper than %d levels", MAX_DEPTH);
}

/* A node about token at, with args (copied) as its operands; NULL when the
 * tree grows taller than MAX_DEPTH. */
static node *new_node(parser *p, node_kind k, const token *at, node **args, size_t nargs)
{
    node *n = arena_alloc(p->a, sizeof *n);
    n->kind = k;
    n->line = n->sline = at->line;
    n->col = n->scol = at->col;
    n->start = at->off;
    n->end = at->off + at->len;
    n->height = 1;
    if (nargs) {
        n->args = arena_alloc(p->a, nargs * sizeof *n->args);
        memcpy(n->args, args, nargs * sizeof *args);
        n->nargs = nargs;
    }
    for (size_t i = 0; i < nargs; i++)
        if (args[i]->height + 1 > n->height)
            n->height = args[i]->height + 1;
    if (n->height > MAX_DEPTH) {
        too_deep(p, at);
        return NULL;
    }
    return n;
}

/* Records a name for fx_names (once). */
static void add_name(parser *p, const char *name)
{
    if (strmap_get(&p->seen, name))
        return;
    strmap_put(&p->seen, name, (void *)name);
    if (p->nnames == p->cap_names) {
        size_t cap = p->cap_names ? 2 * p->cap_names : 8;
        p->names =
            arena_realloc(p->a, p->names, p->cap_names * sizeof *p->names, cap * sizeof *p->names);
        p->cap_names = cap;
    }
    p->names[p->nnames++] = name;
}

static node *parse_expr(parser *p, int min_bp, int depth);

/* parse_expr one level deeper, or an error at the token that opens the level. */
static node *deeper(parser *p, int min_bp, int depth, const token *at)
{
    if (depth >= MAX_DEPTH) {
        too_deep(p, at);
        return NULL;
    }
    return parse_expr(p, min_bp, depth + 1);
}

/* The error for a token where a value should start. */
static void expected_value(parser *p)
{
    const token *t = &p->tok;
    if (t->kind != T_END)
        perr(p, t->line, t->col, "expected a value, found '%.*s'", (int)t->len, p->src + t->off);
    else if (p->have_prev && p->prev.len)
        perr(p, p->prev.line, p->prev.col, "expected a value after '%.*s'", (int)p->prev.len,
             p->src + p->prev.off);
    else
        perr(p, p->line0, p->col0, "empty formula");
}

/* The error for a token where ')' (or ',' when in_call) should be. */
static void expected_close(parser *p, const token *open, bool in_call)
{
    const token *t = &p->tok;
    if (t->kind == T_END)
        perr(p, open->line, open->col, "unclosed '('");
    else
        perr(p, t->line, t->col, "expected %s, found '%.*s'",
             in_call ? "',' or ')'" : "')' or an operator", (int)t->len, p->src + t->off);
}

/* A function call: name is the function's name, p->tok its '('. */
static node *parse_call(parser *p, const token *name, int depth)
{
    int fn = -1;
    for (int i = 0; i < NFUNCS; i++)
        if (strcmp(name->str, fxi_fn_names[i]) == 0)
            fn = i;
    if (fn < 0) {
        const char *near = suggest_nearest(name->str, fxi_fn_names, NFUNCS);
        if (near)
            perr(p, name->line, name->col, "unknown function '%s'; did you mean '%s'?", name->str,
                 near);
        else
            perr(p, name->line, name->col,
                 "unknown function '%s' (functions: min, max, abs, ceil, floor, round, if, given, "
                 "lookup, band)",
                 name->str);
        return NULL;
    }
    token open = p->tok;
    next(p);
    node **args = NULL;
    size_t n = 0, cap = 0;
    if (p->tok.kind != T_RPAREN) {
        for (;;) {
            node *arg = deeper(p, 0, depth, &open);
            if (!arg)
                return NULL;
            if (n == cap) {
                size_t ncap = cap ? 2 * cap : 4;
                args = arena_realloc(p->a, args, cap * sizeof *args, ncap * sizeof *args);
                cap = ncap;
            }
            args[n++] = arg;
            if (p->tok.kind == T_COMMA) {
                next(p);
                continue;
            }
            if (p->tok.kind == T_RPAREN)
                break;
            expected_close(p, &open, true);
            return NULL;
        }
    }
    size_t end = p->tok.off + p->tok.len;
    next(p);
    int lo = fn_min_args[fn], hi = fn_max_args[fn];
    if ((int)n < lo || (hi >= 0 && (int)n > hi)) {
        if (hi < 0)
            perr(p, name->line, name->col, "%s() takes at least %d arguments, not %zu", name->str,
                 lo, n);
        else if (lo != hi)
            perr(p, name->line, name->col, "%s() takes %d or %d arguments, not %zu", name->str, lo,
                 hi, n);
        else
            perr(p, name->line, name->col, "%s() takes %d argument%s, not %zu", name->str, lo,
                 lo == 1 ? "" : "s", n);
        return NULL;
    }
    node_kind k = (node_kind)(N_MIN + fn);
    const node *bad = NULL;
    const char *what = NULL;
    if (k == N_LOOKUP && args[0]->kind != N_STR)
        bad = args[0], what = "lookup()'s SOURCE must be a string literal, such as \"rates\"";
    else if (k == N_LOOKUP && args[2]->kind != N_STR)
        bad = args[2], what = "lookup()'s FIELD must be a string literal, such as \"basic.low\"";
    else if (k == N_BAND && args[1]->kind != N_STR)
        bad = args[1],
        what = "band()'s SOURCE must be a string literal, such as \"benchmarks.rps_bands\"";
    if (bad) {
        perr(p, bad->sline, bad->scol, "%s", what);
        return NULL;
    }
    node *c = new_node(p, k, name, args, n);
    if (c)
        c->end = end;
    return c;
}

/* A value, a prefix operator with its operand, a parenthesised expression or a call. */
static node *parse_prefix(parser *p, int min_bp, int depth)
{
    token t = p->tok;
    node *n = NULL, *operand = NULL;
    switch (t.kind) {
    case T_NUM:
    case T_STR:
    case T_TRUE:
    case T_FALSE:
    case T_NULL:
        next(p);
        n = new_node(p,
                     t.kind == T_NUM    ? N_NUM
                     : t.kind == T_STR  ? N_STR
                     : t.kind == T_NULL ? N_NULL
                                        : N_BOOL,
                     &t, NULL, 0);
        n->num = t.num;
        n->str = t.str;
        n->b = t.kind == T_TRUE;
        return n;
    case T_NAME:
        next(p);
        if (p->tok.kind == T_LPAREN)
            return parse_call(p, &t, depth);
        n = new_node(p, N_NAME, &t, NULL, 0);
        n->str = t.str;
        add_name(p, t.str);
        return n;
    case T_LPAREN:
        next(p);
        n = deeper(p, 0, depth, &t);
        if (!n)
            return NULL;
        if (p->tok.kind != T_RPAREN) {
            expected_close(p, &t, false);
            return NULL;
        }
        n->sline = t.line;
        n->scol = t.col;
        n->start = t.off;
        n->end = p->tok.off + p->tok.len;
        next(p);
        return n;
    case T_MINUS:
        next(p);
        operand = deeper(p, BP_UNARY, depth, &t);
        if (!operand)
            return NULL;
        n = new_node(p, N_NEG, &t, &operand, 1);
        break;
    case T_NOT:
        if (min_bp > BP_NOT) {
            perr(p, t.line, t.col,
                 "'not' binds looser than the operator before it: write (not ...)");
            return NULL;
        }
        next(p);
        operand = deeper(p, BP_NOT, depth, &t);
        if (!operand)
            return NULL;
        n = new_node(p, N_NOT, &t, &operand, 1);
        break;
    default:
        expected_value(p);
        return NULL;
    }
    if (n)
        n->end = operand->end;
    return n;
}

static node *parse_expr(parser *p, int min_bp, int depth)
{
    node *lhs = parse_prefix(p, min_bp, depth);
    bool compared = false; /* lhs is a comparison made here (not in parentheses) */
    while (lhs) {
        node_kind op = N_ADD;
        int bp = infix_bp(p->tok.kind, &op);
        if (bp <= min_bp)
            break;
        token at = p->tok;
        if (bp == BP_CMP && compared) {
            perr(p, at.line, at.col, "comparisons do not chain; join two with 'and'");
            return NULL;
        }
        next(p);
        node *rhs = deeper(p, bp, depth, &at);
        if (!rhs)
            return NULL;
        node *two[2] = {lhs, rhs};
        node *n = new_node(p, op, &at, two, 2);
        if (!n)
            return NULL;
        n->sline = lhs->sline;
        n->scol = lhs->scol;
        n->start = lhs->start;
        n->end = rhs->end;
        lhs = n;
        compared = bp == BP_CMP;
    }
    return lhs;
}

fx_expr *fx_parse(arena *a, const char *src, const char *file, int line, int col, err_list *errs)
{
    parser p = {.a = a, .file = file, .errs = errs, .line = line, .col = col};
    p.line0 = line;
    p.col0 = col;
    p.src = arena_strdup(a, src);
    p.seen = (strmap)STRMAP_INIT;
    fx_expr *e = NULL;
    next(&p);
    p.have_prev = false;
    node *root = parse_expr(&p, 0, 0);
    if (root && p.tok.kind == T_RPAREN)
        perr(&p, p.tok.line, p.tok.col, "unmatched ')'");
    else if (root && p.tok.kind != T_END)
        perr(&p, p.tok.line, p.tok.col, "expected an operator, found '%.*s'", (int)p.tok.len,
             p.src + p.tok.off);
    if (root && !p.failed) {
        e = arena_alloc(a, sizeof *e);
        e->a = a;
        e->src = p.src;
        e->file = file ? arena_strdup(a, file) : NULL;
        e->root = root;
        e->names = p.names;
        e->nnames = p.nnames;
    }
    strmap_free(&p.seen);
    return e;
}

size_t fx_names(const fx_expr *e, const char *const **names)
{
    *names = e->names;
    return e->nnames;
}
