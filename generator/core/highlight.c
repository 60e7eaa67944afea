/* highlight.c - the tokenizer: a language's rules applied to code in one left-to-right pass.
 *
 * At each position the tokenizer looks at the frame on top of its stack (the
 * root, or a span with an inside state: a template literal, an
 * interpolation, a tag, a heredoc). A frame first gets its own say: an
 * escape, its end delimiter (a balanced one counts its brackets), the end of
 * its line. Then the frame's state tries those of its rules that can start
 * with the byte there, in file order; the first that matches emits its
 * tokens and moves on, a span with an inside state pushes a frame. When none
 * matches, an identifier (or one character) goes in the frame's own kind.
 *
 * Every rule looks ahead a bounded distance or consumes what it looks at;
 * a span that does not match after all (no end on its line, a body too long,
 * not followed by what it must be) takes back what it emitted. The text such
 * spans scan in vain is counted: past WASTE_FACTOR times the text's length
 * (input made to defeat them: a line of "/[/[/[..." in JavaScript) they are
 * no longer tried, so the pass is linear whatever the input. The stack
 * (HL_MAX_DEPTH frames) and the pending heredocs (HEREDOC_QUEUE) are the only
 * state beside the output. */
#include "core/highlight_internal.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define HEREDOC_QUEUE 4     /* heredocs opened on one line that wait for its end */
#define CAPTURE_MAX 64      /* the longest captured delimiter (C++ allows 16) */
#define IDENT_CHARS_MAX 256 /* an identifier rule with its own characters looks no further */
#define WASTE_FACTOR 4      /* spans that may fail scan at most this times the text in vain */

uint64_t hl_word_hash(const char *s, size_t n, bool fold)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (fold && c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        h = (h ^ c) * 1099511628211ULL;
    }
    return h;
}

/* ---- the tokenizer's state ---- */

typedef struct frame {
    const hl_rule *r;    /* the span (or heredoc) it is the body of; NULL for the root */
    int state;           /* the state whose rules apply, or -1: none */
    uint8_t kind;        /* the kind of text no rule takes */
    int depth;           /* open brackets of r's balance */
    size_t cap, capn;    /* the captured delimiter (or a heredoc's word) in the text */
    bool heredoc, strip; /* a heredoc body; its end line may be indented (<<-) */
} frame;

typedef struct pending {
    const hl_rule *r;
    size_t at;        /* where its marker ends: the body starts on a later line */
    size_t word, len; /* the word that ends it */
    bool strip, quoted;
} pending;

typedef struct tk {
    const hl_lang *L;
    const char *t;
    size_t n;
    hl_tokens *out;
    frame st[HL_MAX_DEPTH + 1];
    int top;
    size_t lex, lexn;     /* the previous lexeme (for `after`); lexn 0: none yet */
    size_t id_at, id_end; /* the identifier at id_at ends at id_end (a cache) */
    pending pend[HEREDOC_QUEUE];
    int npend;
    size_t waste; /* bytes scanned by spans that then did not match */
} tk;

static void emit(tk *k, size_t start, size_t len, uint8_t kind)
{
    hl_tokens *o = k->out;
    if (!len)
        return;
    if (o->len && o->items[o->len - 1].kind == kind &&
        o->items[o->len - 1].start + o->items[o->len - 1].len == start) {
        o->items[o->len - 1].len += len;
        return;
    }
    if (o->len == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 256;
        o->items = xrealloc(o->items, o->cap * sizeof *o->items);
    }
    o->items[o->len++] = (hl_token){start, len, (hl_kind)kind};
}

/* What emit has done, so that a span that fails can take it back. */
typedef struct mark {
    size_t len;
    hl_token last;
} mark;

static mark mark_out(const tk *k)
{
    mark m = {k->out->len, {0, 0, HL_PLAIN}};
    if (m.len)
        m.last = k->out->items[m.len - 1];
    return m;
}

static void rollback(tk *k, mark m)
{
    k->out->len = m.len;
    if (m.len)
        k->out->items[m.len - 1] = m.last;
}

static void set_lex(tk *k, size_t p, size_t len, uint8_t kind)
{
    if (kind != HL_COMMENT && len) {
        k->lex = p;
        k->lexn = len;
    }
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static size_t utf8_len(const char *t, size_t p, size_t n)
{
    unsigned char c = (unsigned char)t[p];
    size_t k = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return p + k <= n ? k : n - p;
}

static bool at_line_start(const tk *k, size_t p)
{
    return p == 0 || k->t[p - 1] == '\n';
}

/* Bytes an escape at p takes: C's lengths for \x, \u, \U and octal digits,
 * else the escape and one character. */
static size_t escape_len(const tk *k, size_t p)
{
    const char *t = k->t;
    size_t n = k->n, q = p + 1, most = 0;
    if (q >= n)
        return 1;
    unsigned char c = (unsigned char)t[q];
    if (c == 'u' && q + 1 < n && t[q + 1] == '{') {
        size_t e = q + 2;
        while (e < n && e < q + 12 && t[e] != '}' && t[e] != '\n')
            e++;
        return e < n && t[e] == '}' ? e + 1 - p : 2;
    }
    if (c == 'x' || c == 'u' || c == 'U') {
        most = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        q++;
        while (q < n && most-- && strchr("0123456789abcdefABCDEF", t[q]) && t[q])
            q++;
        return q - p;
    }
    if (c >= '0' && c <= '7') {
        while (q < n && q < p + 4 && t[q] >= '0' && t[q] <= '7')
            q++;
        return q - p;
    }
    return 1 + utf8_len(t, q, n);
}

static bool starts_with(const tk *k, size_t p, hl_str s, bool fold)
{
    if (s.n > k->n - p)
        return false;
    if (!fold)
        return memcmp(k->t + p, s.s, s.n) == 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned char a = (unsigned char)k->t[p + i], b = (unsigned char)s.s[i];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (unsigned char)(b - 'A' + 'a');
        if (a != b)
            return false;
    }
    return true;
}

/* The end of the identifier of the language that starts at p, or p. */
static size_t ident_end(tk *k, size_t p)
{
    if (k->id_at == p)
        return k->id_end;
    size_t q = p;
    if (hl_cls_has(&k->L->id_start, (unsigned char)k->t[p]))
        for (q = p + 1; q < k->n && hl_cls_has(&k->L->id_chars, (unsigned char)k->t[q]); q++)
            ;
    k->id_at = p;
    k->id_end = q;
    return q;
}

/* Length of the end delimiter of the frame's (or a scan's) span at q, or 0. */
static size_t end_at(const tk *k, const hl_rule *r, size_t q, size_t cap, size_t capn)
{
    if (!starts_with(k, q, r->end_pre, false))
        return 0;
    size_t len = r->end_pre.n;
    if (!r->has_capture)
        return len;
    if (capn > k->n - q - len || memcmp(k->t + q + len, k->t + cap, capn) != 0)
        return 0;
    len += capn;
    return starts_with(k, q + len, r->end_post, false) ? len + r->end_post.n : 0;
}

/* ---- conditions every rule may have ---- */

static bool conditions(tk *k, const hl_rule *r, size_t p)
{
    const char *t = k->t;
    if (r->at == AT_LINE && !at_line_start(k, p))
        return false;
    if (r->at == AT_INDENT)
        for (size_t q = p; q > 0 && t[q - 1] != '\n'; q--)
            if (!is_blank((unsigned char)t[q - 1]))
                return false;
    if (r->after_space && p > 0 && !is_blank((unsigned char)t[p - 1]) && t[p - 1] != '\n')
        return false;
    if (r->nafter) {
        bool ok = false;
        for (size_t i = 0; i < r->nafter && !ok; i++)
            ok = r->after[i].n
                     ? k->lexn == r->after[i].n && memcmp(t + k->lex, r->after[i].s, k->lexn) == 0
                     : k->lexn == 0;
        if (!ok)
            return false;
    }
    return true;
}

static bool followed(const tk *k, const hl_rule *r, size_t e)
{
    if (!r->nfollow)
        return true;
    while (e < k->n && is_blank((unsigned char)k->t[e]) && k->t[e] != '\r')
        e++;
    for (size_t i = 0; i < r->nfollow; i++) {
        hl_str f = r->follow[i];
        if (starts_with(k, e, f, false))
            return true;
        /* a "\n" at the end also matches the end of the text */
        if (f.n && f.s[f.n - 1] == '\n' && f.n - 1 == k->n - e &&
            memcmp(k->t + e, f.s, f.n - 1) == 0)
            return true;
    }
    return false;
}

/* ---- rules that are one run of text ---- */

static size_t match_words(tk *k, const hl_rule *r, size_t p)
{
    size_t e = ident_end(k, p);
    if (e == p)
        return 0;
    uint64_t h = hl_word_hash(k->t + p, e - p, r->ignore_case);
    for (size_t i = h & (r->wcap - 1);; i = (i + 1) & (r->wcap - 1)) {
        hl_str w = r->words[i];
        if (!w.s)
            return 0;
        if (w.n == e - p && starts_with(k, p, w, r->ignore_case))
            return e;
    }
}

static size_t match_ident(tk *k, const hl_rule *r, size_t p)
{
    const char *t = k->t;
    size_t e;
    if (!r->has_ichars) {
        e = ident_end(k, p);
    } else {
        if (!hl_cls_has(&k->L->id_start, (unsigned char)t[p]))
            return 0;
        for (e = p + 1; e < k->n && hl_cls_has(&r->ichars, (unsigned char)t[e]); e++)
            if (e - p > IDENT_CHARS_MAX)
                return 0;
        while (e > p + 1 && is_blank((unsigned char)t[e - 1]))
            e--;
    }
    if (e == p)
        return 0;
    if (r->ends_with.n && (e - p < r->ends_with.n ||
                           memcmp(t + e - r->ends_with.n, r->ends_with.s, r->ends_with.n) != 0))
        return 0;
    if (r->casemode != CASE_ANY) {
        bool upper = false, lower = false;
        for (size_t i = p; i < e; i++) {
            upper |= t[i] >= 'A' && t[i] <= 'Z';
            lower |= t[i] >= 'a' && t[i] <= 'z';
        }
        bool first_up = t[p] >= 'A' && t[p] <= 'Z';
        if ((r->casemode == CASE_UPPER && (lower || !upper || e - p < 2)) ||
            (r->casemode == CASE_CAPITAL && (!first_up || !lower)) ||
            (r->casemode == CASE_LOWER && upper))
            return 0;
    }
    return e;
}

static size_t match_tokens(const tk *k, const hl_rule *r, size_t p)
{
    size_t best = 0;
    for (size_t i = 0; i < r->nstarts; i++)
        if (r->starts[i].n > best && starts_with(k, p, r->starts[i], r->ignore_case))
            best = r->starts[i].n;
    return best ? p + best : 0;
}

static bool digit_in(unsigned char c, unsigned base)
{
    if (base == 16)
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
    return c >= '0' && c < '0' + base;
}

/* Digits of base from q (a separator only between digits); returns the end. */
static size_t digits(const tk *k, const hl_rule *r, size_t q, unsigned base)
{
    const char *t = k->t;
    while (q < k->n &&
           (digit_in((unsigned char)t[q], base) || (r->sep >= 0 && t[q] == r->sep && q + 1 < k->n &&
                                                    digit_in((unsigned char)t[q + 1], base))))
        q++;
    return q;
}

static size_t match_number(tk *k, const hl_rule *r, size_t p)
{
    const char *t = k->t;
    size_t n = k->n, q = p;
    unsigned char c = (unsigned char)t[p], x = p + 2 < n ? (unsigned char)(t[p + 1] | 0x20) : 0;
    static const struct {
        unsigned flag, base;
        char letter;
    } prefixed[] = {{NUM_HEX, 16, 'x'}, {NUM_BIN, 2, 'b'}, {NUM_OCT, 8, 'o'}};
    if (c == '.') {
        if (!(r->numflags & NUM_DOT) || p + 1 >= n || t[p + 1] < '0' || t[p + 1] > '9' ||
            (p > 0 && hl_cls_has(&k->L->id_chars, (unsigned char)t[p - 1])))
            return 0;
        q = digits(k, r, p + 1, 10);
    } else if (c >= '0' && c <= '9') {
        for (size_t i = 0; i < 3 && q == p; i++)
            if (c == '0' && (r->numflags & prefixed[i].flag) && x == prefixed[i].letter &&
                digit_in((unsigned char)t[p + 2], prefixed[i].base))
                q = digits(k, r, p + 2, prefixed[i].base);
        if (q == p) {
            q = digits(k, r, p, 10);
            if ((r->numflags & NUM_FLOAT) && q + 1 < n && t[q] == '.' && t[q + 1] >= '0' &&
                t[q + 1] <= '9')
                q = digits(k, r, q + 1, 10);
        }
    } else {
        return 0;
    }
    if ((r->numflags & NUM_FLOAT) && q < n && (t[q] | 0x20) == 'e' && !(x == 'x' && c == '0')) {
        size_t e = q + 1;
        if (e < n && (t[e] == '+' || t[e] == '-'))
            e++;
        if (e < n && t[e] >= '0' && t[e] <= '9')
            q = digits(k, r, e, 10);
    }
    if (r->has_suffix)
        while (q < n && hl_cls_has(&r->suffix, (unsigned char)t[q]))
            q++;
    return q;
}

/* ---- spans ---- */

/* Matches a span's start at p: sets *body (where the body begins) and the
 * capture; false when it does not start here. */
static bool span_start(tk *k, const hl_rule *r, size_t p, size_t *body, size_t *cap, size_t *capn)
{
    size_t len = 0;
    for (size_t i = 0; i < r->nstarts; i++)
        if (r->starts[i].n > len && starts_with(k, p, r->starts[i], r->ignore_case))
            len = r->starts[i].n;
    if (!len)
        return false;
    size_t q = p + len;
    if (r->has_next && (q >= k->n || !hl_cls_has(&r->next, (unsigned char)k->t[q])))
        return false;
    *cap = q;
    if (r->has_capture) {
        while (q < k->n && q - *cap < CAPTURE_MAX &&
               hl_cls_has(&r->capture, (unsigned char)k->t[q]))
            q++;
        if (!starts_with(k, q, r->open, false))
            return false;
        *capn = q - *cap;
        q += r->open.n;
    }
    *body = q;
    return true;
}

/* The body of a span that ends with its line (a line comment); a newline
 * after r->cont does not end it. */
static size_t line_end(const tk *k, const hl_rule *r, size_t q)
{
    for (;;) {
        const char *nl = memchr(k->t + q, '\n', k->n - q);
        if (!nl)
            return k->n;
        size_t e = (size_t)(nl - k->t), b = e;
        if (b > q && k->t[b - 1] == '\r')
            b--;
        if (r->cont < 0 || b == q || (unsigned char)k->t[b - 1] != r->cont)
            return e;
        q = e + 1;
    }
}

/* A YAML block scalar: the rest of the indicator's line must hold only
 * modifiers; the body is the following lines indented deeper than the
 * indicator's line, blank lines included. Returns its end, or 0. */
static size_t indented_end(const tk *k, size_t p, size_t q)
{
    const char *t = k->t;
    size_t n = k->n, ls = p, indent = 0, end;
    while (q < n && (t[q] == '-' || t[q] == '+' || (t[q] >= '0' && t[q] <= '9')))
        q++;
    while (q < n && is_blank((unsigned char)t[q]))
        q++;
    if (q < n && t[q] != '\n')
        return 0;
    while (ls > 0 && t[ls - 1] != '\n')
        ls--;
    /* the indicator's line's indentation, "- " of a sequence item included */
    while (t[ls + indent] == ' ' || t[ls + indent] == '\t' ||
           (t[ls + indent] == '-' && (t[ls + indent + 1] == ' ' || t[ls + indent + 1] == '\t')))
        indent++;
    end = q;
    while (end < n) { /* end is at the newline closing a body line */
        size_t s = end + 1, i = 0;
        while (s + i < n && t[s + i] == ' ')
            i++;
        bool blank = s + i >= n || t[s + i] == '\n' || t[s + i] == '\r';
        if (!blank && i <= indent)
            break;
        const char *nl = memchr(t + s, '\n', n - s);
        if (blank && !nl)
            break;
        end = nl ? (size_t)(nl - t) : n;
    }
    return end;
}

/* The end of a bracketed run in a span's body at q (its closing bracket
 * included; escapes honoured; never past the line). */
static size_t bracket_end(const tk *k, const hl_rule *r, size_t q)
{
    for (q++; q < k->n && k->t[q] != '\n'; q++) {
        if (r->escape >= 0 && (unsigned char)k->t[q] == r->escape && q + 1 < k->n)
            q++;
        else if ((unsigned char)k->t[q] == r->bal_close)
            return q + 1;
    }
    return q;
}

/* Scans a span without an inside state from p, emitting its tokens; returns
 * its end, or 0 (nothing emitted) when it does not match. */
static size_t scan_span(tk *k, const hl_rule *r, size_t p)
{
    const char *t = k->t;
    size_t n = k->n, body, cap = 0, capn = 0, q, seg, units = 0;
    int depth = 0;
    bool found = false;
    if (!span_start(k, r, p, &body, &cap, &capn))
        return 0;
    mark m = mark_out(k);
    emit(k, p, body - p, r->delim);
    q = seg = body;
    if (r->indented) {
        size_t e = indented_end(k, p, body);
        if (!e)
            goto fail;
        emit(k, body, e - body, r->kind);
        return e;
    }
    if (!r->has_end && !r->has_body) {
        q = line_end(k, r, body);
        emit(k, body, q - body, r->kind);
        return q;
    }
    while (q < n) {
        unsigned char c = (unsigned char)t[q];
        size_t el;
        if (r->has_end && r->escape >= 0 && c == r->escape) {
            el = escape_len(k, q);
            emit(k, seg, q - seg, r->kind);
            emit(k, q, el, r->raw ? r->kind : HL_ESCAPE);
            q = seg = q + el;
        } else if (r->nest && span_start(k, r, q, &el, &cap, &capn)) {
            depth++;
            q = el;
            continue;
        } else if (r->has_end && (el = end_at(k, r, q, cap, capn)) != 0) {
            if (r->dbl && end_at(k, r, q + el, cap, capn)) {
                emit(k, seg, q - seg, r->kind);
                emit(k, q, 2 * el, HL_ESCAPE);
                q = seg = q + 2 * el;
            } else if (depth > 0) {
                depth--;
                q += el;
                continue;
            } else {
                emit(k, seg, q - seg, r->kind);
                emit(k, q, el, r->delim);
                q = seg = q + el;
                found = true;
                break;
            }
        } else if ((c == '\n' && !r->multiline && r->has_end) ||
                   (r->has_body && !hl_cls_has(&r->body, c)) ||
                   (!r->has_end && r->max && units == r->max)) {
            break; /* without an end, max is where the body stops */
        } else if (r->bal_open >= 0 && c == r->bal_open) {
            q = bracket_end(k, r, q); /* a regular expression's [...]: no end inside */
        } else {
            q += utf8_len(t, q, n);
        }
        if (r->max && ++units > r->max)
            goto fail;
    }
    if ((r->has_end && !found && (r->require_end || r->max || r->has_body)) ||
        (!r->has_end && q == body))
        goto fail;
    emit(k, seg, q - seg, r->kind);
    if (found && r->has_suffix) {
        size_t s = q;
        while (q < n && hl_cls_has(&r->suffix, (unsigned char)t[q]))
            q++;
        emit(k, s, q - s, r->delim);
    }
    return q;
fail:
    k->waste += q - p;
    rollback(k, m);
    return 0;
}

/* A span with an inside state: emits its start and pushes its frame. */
static size_t push_span(tk *k, const hl_rule *r, size_t p)
{
    size_t body, cap = 0, capn = 0;
    if (k->top >= HL_MAX_DEPTH || !span_start(k, r, p, &body, &cap, &capn))
        return 0;
    emit(k, p, body - p, r->delim);
    k->st[++k->top] = (frame){r, r->inside, r->kind, 0, cap, capn, false, false};
    return body;
}

/* <<WORD, <<-WORD, <<'WORD', <<"WORD", <<\WORD: emits the marker and queues
 * the body, which starts on the next line. */
static size_t match_heredoc(tk *k, const hl_rule *r, size_t p)
{
    const char *t = k->t;
    size_t n = k->n, q = match_tokens(k, r, p), w, e;
    bool strip = false, quoted = false;
    char quote = 0;
    if (!q || (q < n && t[q] == '<') || (p > 0 && t[p - 1] == '<'))
        return 0; /* <<< is a here-string */
    if (q < n && (t[q] == '-' || t[q] == '~'))
        strip = true, q++;
    while (q < n && is_blank((unsigned char)t[q]))
        q++;
    if (q < n && (t[q] == '\'' || t[q] == '"'))
        quote = t[q++], quoted = true;
    else if (q < n && t[q] == '\\')
        q++, quoted = true;
    for (w = e = q; e < n && e - w < 64; e++) {
        char c = t[e];
        if (quote ? c == quote || c == '\n'
                  : !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
                      (e > w && c >= '0' && c <= '9')))
            break;
    }
    if (e == w || (quote && (e >= n || t[e] != quote)))
        return 0;
    if (k->npend < HEREDOC_QUEUE)
        k->pend[k->npend++] = (pending){r, e, w, e - w, strip, quoted};
    e += quote ? 1 : 0;
    emit(k, p, e - p, r->delim);
    return e;
}

/* Starts the first queued heredoc at the line starting at p. */
static void start_heredoc(tk *k, size_t p)
{
    pending h = k->pend[0];
    if (h.at >= p)
        return;
    memmove(k->pend, k->pend + 1, (size_t)(k->npend - 1) * sizeof *k->pend);
    k->npend--;
    if (k->top < HL_MAX_DEPTH)
        k->st[++k->top] =
            (frame){h.r, h.quoted ? -1 : h.r->inside, h.r->kind, 0, h.word, h.len, true, h.strip};
}

/* ---- the pass ---- */

/* Tries the rule r at p; returns where the text it took ends, or 0. */
static size_t try_rule(tk *k, const hl_rule *r, size_t p)
{
    size_t e = 0;
    if (!conditions(k, r, p))
        return 0;
    switch (r->type) {
    case RT_SPAN: {
        if (r->inside >= 0) {
            e = push_span(k, r, p);
            if (e)
                set_lex(k, p, e - p, r->delim);
            return e;
        }
        bool may_fail = r->nfollow || r->require_end || r->max || r->has_body || r->has_next;
        if (may_fail && k->waste > WASTE_FACTOR * k->n + 65536)
            return 0; /* they have scanned enough in vain */
        mark m = mark_out(k);
        e = scan_span(k, r, p);
        if (e && !followed(k, r, e)) {
            k->waste += e - p;
            rollback(k, m);
            return 0;
        }
        if (e)
            set_lex(k, p, e - p, r->kind);
        return e;
    }
    case RT_HEREDOC:
        e = match_heredoc(k, r, p);
        if (e)
            set_lex(k, p, e - p, r->delim);
        return e;
    case RT_WORDS:
        e = match_words(k, r, p);
        break;
    case RT_IDENT:
        e = match_ident(k, r, p);
        break;
    case RT_CHARS:
        e = hl_cls_has(&r->chars, (unsigned char)k->t[p]) ? p + utf8_len(k->t, p, k->n) : 0;
        break;
    case RT_TOKENS:
        e = match_tokens(k, r, p);
        break;
    case RT_NUMBER:
        e = match_number(k, r, p);
        break;
    }
    if (!e || !followed(k, r, e))
        return 0;
    emit(k, p, e - p, r->kind);
    set_lex(k, p, e - p, r->kind);
    return e;
}

/* What the frame on top does at p before its rules: true when it took the
 * text up to *e (e == p: it popped without taking any), false to go on. */
static bool frame_step(tk *k, size_t p, size_t *e)
{
    frame *f = &k->st[k->top];
    const hl_rule *r = f->r;
    const char *t = k->t;
    unsigned char c = (unsigned char)t[p];
    size_t el;
    if (f->heredoc) {
        if (!at_line_start(k, p))
            return false;
        size_t q = p;
        while (f->strip && q < k->n && is_blank((unsigned char)t[q]))
            q++;
        size_t w = q + f->capn;
        if (w > k->n || memcmp(t + q, t + f->cap, f->capn) != 0 ||
            (w < k->n && t[w] != '\n' && t[w] != '\r'))
            return false;
        emit(k, p, w - p, r->delim);
        k->top--;
        *e = w;
        return true;
    }
    if (r->escape >= 0 && c == r->escape) {
        el = escape_len(k, p);
        emit(k, p, el, r->raw ? f->kind : HL_ESCAPE);
        *e = p + el;
        return true;
    }
    if (!r->has_end) {
        if (c == '\n') {
            size_t b = p;
            if (b > 0 && t[b - 1] == '\r')
                b--;
            if (r->cont < 0 || b == 0 || (unsigned char)t[b - 1] != r->cont) {
                k->top--;
                *e = p;
                return true;
            }
        }
        return false;
    }
    if (r->bal_open >= 0 && c == r->bal_open) {
        f->depth++;
        return false;
    }
    if (r->bal_open >= 0 && c == r->bal_close && f->depth > 0) {
        f->depth--;
        return false;
    }
    if ((el = end_at(k, r, p, f->cap, f->capn)) != 0) {
        emit(k, p, el, r->delim);
        set_lex(k, p, el, r->delim);
        k->top--;
        *e = p + el;
        return true;
    }
    if (c == '\n' && !r->multiline) {
        k->top--;
        *e = p;
        return true;
    }
    return false;
}

void hl_tokenize(const hl_lang *lang, const char *text, size_t len, hl_tokens *out)
{
    out->len = 0;
    if (!lang) {
        emit(&(tk){.out = out}, 0, len, HL_PLAIN);
        return;
    }
    tk state = {.L = lang, .t = text, .n = len, .out = out, .id_at = (size_t)-1}, *k = &state;
    k->st[0] = (frame){NULL, 0, HL_PLAIN, 0, 0, 0, false, false};
    size_t p = 0;
    while (p < len) {
        /* a heredoc's body starts on the line after its marker, one at a time */
        if (k->npend && p > 0 && text[p - 1] == '\n' && !k->st[k->top].heredoc)
            start_heredoc(k, p);
        size_t e = 0;
        if (k->top > 0 && frame_step(k, p, &e)) {
            p = e;
            continue;
        }
        frame *f = &k->st[k->top];
        unsigned char c = (unsigned char)text[p];
        if (f->state >= 0) {
            const hl_state *s = &lang->states[f->state];
            for (uint32_t i = s->off[c]; i < s->off[c + 1] && !e; i++)
                e = try_rule(k, &s->rules[s->idx[i]], p);
        }
        if (!e) {
            e = ident_end(k, p);
            if (e == p)
                e = p + utf8_len(text, p, len);
            emit(k, p, e - p, f->kind);
            if (!is_blank(c) && c != '\n')
                set_lex(k, p, e - p, f->kind);
        }
        p = e;
    }
}

void hl_tokens_free(hl_tokens *t)
{
    free(t->items);
    t->items = NULL;
    t->len = t->cap = 0;
}
