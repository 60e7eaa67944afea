/* htmltok.c - the HTML tokenizer of htmltok.h: tags, attributes, text, comments, references.
 *
 * A subset of the HTML standard's tokenization (html.spec.whatwg.org, section
 * 13.2.5), enough for the fragments people write in Markdown:
 *   "<" letter ...  a start tag: a name, then attributes (name, name=value,
 *                   name="value", name='value') up to ">" or "/>";
 *   "</" letter     an end tag (attributes read past);
 *   "<!--" ... "-->" a comment; "<!x>", "<?x>", "</ x>" bogus comments to ">";
 *   any other "<"   text.
 * After <script> or <style> everything up to the matching end tag is one
 * HTML_RAWTEXT token. Every step moves forward, so tokenizing is linear. */
#include "core/htmltok.h"
#include "util/utf8.h"

#include <stdint.h>
#include <string.h>

void html_lexer_init(html_lexer *lx, const char *s, size_t len)
{
    lx->p = s;
    lx->end = s + len;
    lx->raw = NULL;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool html_name_is(const char *name, size_t len, const char *want)
{
    size_t n = strlen(want);
    if (len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(name[i]) != want[i])
            return false;
    return true;
}

const html_attr *html_attr_get(const html_token *t, const char *want)
{
    for (size_t i = 0; i < t->nattrs; i++)
        if (html_name_is(t->attrs[i].name, t->attrs[i].name_len, want))
            return &t->attrs[i];
    return NULL;
}

bool html_is_void(const char *name, size_t len)
{
    static const char *const voids[] = {"area",  "base", "br",   "col",   "embed",  "hr",    "img",
                                        "input", "link", "meta", "param", "source", "track", "wbr"};
    for (size_t i = 0; i < sizeof voids / sizeof *voids; i++)
        if (html_name_is(name, len, voids[i]))
            return true;
    return false;
}

/* Where the first case-insensitive "</name" followed by a space, "/" or ">"
 * (or the end) starts in [p, end), or end. */
static const char *find_end_tag(const char *p, const char *end, const char *name)
{
    size_t n = strlen(name);
    for (; p < end; p++) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt)
            return end;
        p = lt;
        if ((size_t)(end - p) >= n + 2 && p[1] == '/' && html_name_is(p + 2, n, name) &&
            (p + 2 + n == end || is_space(p[2 + n]) || p[2 + n] == '/' || p[2 + n] == '>'))
            return p;
    }
    return end;
}

/* Reads one attribute at *pp (not a space, "/" or ">") into a (when a is not
 * NULL); false when the input ends inside it. */
static bool read_attr(const char **pp, const char *end, html_attr *a)
{
    const char *p = *pp, *name = p;
    p++; /* the first character is always part of the name, even "=" */
    while (p < end && !is_space(*p) && *p != '/' && *p != '>' && *p != '=')
        p++;
    const char *name_end = p, *value = "", *value_end = NULL;
    const char *q = p;
    while (q < end && is_space(*q))
        q++;
    if (q < end && *q == '=') {
        q++;
        while (q < end && is_space(*q))
            q++;
        if (q < end && (*q == '"' || *q == '\'')) {
            const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
            if (!close)
                return false;
            value = q + 1;
            value_end = close;
            p = close + 1;
        } else {
            value = q;
            while (q < end && !is_space(*q) && *q != '>')
                q++;
            value_end = q;
            p = q;
        }
    }
    if (a) {
        a->name = name;
        a->name_len = (size_t)(name_end - name);
        a->value = value;
        a->value_len = value_end ? (size_t)(value_end - value) : 0;
        a->end = p;
    }
    *pp = p;
    return true;
}

/* Reads a start or end tag whose name starts at p; false when the input ends
 * inside it. */
static bool read_tag(html_lexer *lx, html_token *t, const char *p)
{
    const char *end = lx->end;
    t->name = p;
    while (p < end && !is_space(*p) && *p != '/' && *p != '>')
        p++;
    t->name_len = (size_t)(p - t->name);
    for (;;) {
        while (p < end && (is_space(*p) || *p == '/')) {
            if (*p == '/' && p + 1 < end && p[1] == '>')
                t->self_closing = true;
            p++;
        }
        if (p >= end)
            return false;
        if (*p == '>')
            break;
        html_attr *a =
            t->kind == HTML_START && t->nattrs < HTML_MAX_ATTRS ? &t->attrs[t->nattrs] : NULL;
        if (!read_attr(&p, end, a))
            return false;
        if (a)
            t->nattrs++;
    }
    t->len = (size_t)(p + 1 - t->text);
    lx->p = p + 1;
    if (t->kind == HTML_START && (html_name_is(t->name, t->name_len, "script") ||
                                  html_name_is(t->name, t->name_len, "style")))
        lx->raw = html_name_is(t->name, t->name_len, "script") ? "script" : "style";
    return true;
}

/* A comment from t->text to the first `close` at or after from (or the
 * input's end). */
static void read_comment(html_lexer *lx, html_token *t, const char *from, const char *close)
{
    size_t n = strlen(close);
    const char *p = from;
    while (p < lx->end) {
        const char *c = memchr(p, close[0], (size_t)(lx->end - p));
        if (!c || (size_t)(lx->end - c) < n) {
            p = lx->end;
            break;
        }
        if (memcmp(c, close, n) == 0) {
            p = c + n;
            break;
        }
        p = c + 1;
    }
    t->kind = HTML_COMMENT;
    t->len = (size_t)(p - t->text);
    lx->p = p;
}

/* Markup at lx->p (a "<"): true with the token, false when it is text. */
static bool read_markup(html_lexer *lx, html_token *t)
{
    const char *p = lx->p, *end = lx->end;
    size_t left = (size_t)(end - p);
    if (left >= 4 && memcmp(p, "<!--", 4) == 0) {
        /* "<!-->" and "<!--->" are empty comments */
        if (left >= 5 && p[4] == '>')
            read_comment(lx, t, p + 4, ">");
        else if (left >= 6 && p[4] == '-' && p[5] == '>')
            read_comment(lx, t, p + 5, ">");
        else
            read_comment(lx, t, p + 4, "-->");
        return true;
    }
    if (left >= 2 &&
        (p[1] == '!' || p[1] == '?' || (p[1] == '/' && left >= 3 && !is_alpha(p[2])))) {
        read_comment(lx, t, p + 2, ">");
        return true;
    }
    bool end_tag = left >= 3 && p[1] == '/';
    if (!(left >= 2 && is_alpha(p[end_tag ? 2 : 1])))
        return false;
    t->kind = end_tag ? HTML_END : HTML_START;
    if (!read_tag(lx, t, p + (end_tag ? 2 : 1))) {
        /* cut off by the end: dropped with the rest, as a browser does */
        t->kind = HTML_COMMENT;
        t->len = (size_t)(end - p);
        t->nattrs = 0;
        lx->p = end;
    }
    return true;
}

bool html_next(html_lexer *lx, html_token *t)
{
    t->nattrs = 0;
    t->self_closing = false;
    t->name = NULL;
    t->name_len = 0;
    if (lx->raw) {
        const char *e = find_end_tag(lx->p, lx->end, lx->raw);
        lx->raw = NULL;
        if (e > lx->p) {
            t->kind = HTML_RAWTEXT;
            t->text = lx->p;
            t->len = (size_t)(e - lx->p);
            lx->p = e;
            return true;
        }
    }
    if (lx->p >= lx->end)
        return false;
    t->text = lx->p;
    if (*lx->p == '<' && read_markup(lx, t))
        return true;
    /* text up to the next "<" (a "<" that starts no markup is text too) */
    const char *lt =
        lx->p + 1 < lx->end ? memchr(lx->p + 1, '<', (size_t)(lx->end - lx->p - 1)) : NULL;
    const char *e = lt ? lt : lx->end;
    t->kind = HTML_TEXT;
    t->len = (size_t)(e - lx->p);
    lx->p = e;
    return true;
}

/* ---- character references ---- */

static const struct {
    const char *name;
    unsigned cp;
} entities[] = {
    {"AElig", 0xc6},    {"Dagger", 0x2021}, {"Prime", 0x2033},  {"aacute", 0xe1},
    {"acirc", 0xe2},    {"aelig", 0xe6},    {"agrave", 0xe0},   {"amp", 0x26},
    {"apos", 0x27},     {"aring", 0xe5},    {"auml", 0xe4},     {"bull", 0x2022},
    {"ccedil", 0xe7},   {"cent", 0xa2},     {"copy", 0xa9},     {"dagger", 0x2020},
    {"darr", 0x2193},   {"deg", 0xb0},      {"divide", 0xf7},   {"eacute", 0xe9},
    {"ecirc", 0xea},    {"egrave", 0xe8},   {"emsp", 0x2003},   {"ensp", 0x2002},
    {"euml", 0xeb},     {"euro", 0x20ac},   {"frac12", 0xbd},   {"frac14", 0xbc},
    {"frac34", 0xbe},   {"ge", 0x2265},     {"gt", 0x3e},       {"harr", 0x2194},
    {"hellip", 0x2026}, {"iacute", 0xed},   {"iexcl", 0xa1},    {"infin", 0x221e},
    {"iquest", 0xbf},   {"iuml", 0xef},     {"laquo", 0xab},    {"larr", 0x2190},
    {"ldquo", 0x201c},  {"le", 0x2264},     {"lsaquo", 0x2039}, {"lsquo", 0x2018},
    {"lt", 0x3c},       {"mdash", 0x2014},  {"micro", 0xb5},    {"middot", 0xb7},
    {"minus", 0x2212},  {"nbsp", 0xa0},     {"ndash", 0x2013},  {"ne", 0x2260},
    {"ntilde", 0xf1},   {"oacute", 0xf3},   {"ocirc", 0xf4},    {"ouml", 0xf6},
    {"para", 0xb6},     {"permil", 0x2030}, {"plusmn", 0xb1},   {"pound", 0xa3},
    {"prime", 0x2032},  {"quot", 0x22},     {"raquo", 0xbb},    {"rarr", 0x2192},
    {"rdquo", 0x201d},  {"reg", 0xae},      {"rsaquo", 0x203a}, {"rsquo", 0x2019},
    {"sbquo", 0x201a},  {"sect", 0xa7},     {"shy", 0xad},      {"sup2", 0xb2},
    {"sup3", 0xb3},     {"szlig", 0xdf},    {"thinsp", 0x2009}, {"times", 0xd7},
    {"trade", 0x2122},  {"uacute", 0xfa},   {"uarr", 0x2191},   {"uuml", 0xfc},
    {"yen", 0xa5},
};

/* A numeric reference at s ("&#..."): its length (0 when it is none) and code point. */
static size_t numeric_ref(const char *s, size_t len, uint32_t *cp)
{
    size_t i = 2, digits = 0;
    bool hex = i < len && (s[i] == 'x' || s[i] == 'X');
    uint32_t v = 0;
    if (hex)
        i++;
    for (; i < len; i++, digits++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'          ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (d < 0)
            break;
        v = v > 0x10ffff ? v : v * (hex ? 16 : 10) + (uint32_t)d; /* stays out of range once out */
    }
    if (!digits)
        return 0;
    *cp = v;
    return i < len && s[i] == ';' ? i + 1 : i;
}

/* A named reference at s ("&name;"): its length (0 when unknown) and code point. */
static size_t named_ref(const char *s, size_t len, uint32_t *cp)
{
    size_t i = 1;
    while (i < len && i < 12 && (is_alpha(s[i]) || (s[i] >= '0' && s[i] <= '9')))
        i++;
    if (i == 1 || i >= len || s[i] != ';')
        return 0;
    for (size_t k = 0; k < sizeof entities / sizeof *entities; k++)
        if (strlen(entities[k].name) == i - 1 && memcmp(entities[k].name, s + 1, i - 1) == 0) {
            *cp = entities[k].cp;
            return i + 1;
        }
    return 0;
}

void html_decode(const char *s, size_t len, buf *out)
{
    size_t i = 0;
    while (i < len) {
        const char *amp = memchr(s + i, '&', len - i);
        if (!amp) {
            buf_put(out, s + i, len - i);
            return;
        }
        size_t at = (size_t)(amp - s);
        buf_put(out, s + i, at - i);
        uint32_t cp = 0;
        size_t n = at + 1 < len && s[at + 1] == '#' ? numeric_ref(s + at, len - at, &cp)
                                                    : named_ref(s + at, len - at, &cp);
        if (n) {
            utf8_put(out, cp);
            i = at + n;
        } else {
            buf_putc(out, '&');
            i = at + 1;
        }
    }
}
