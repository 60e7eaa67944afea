/* highlight_html.c - what highlighting gives the outputs: the token kinds' names, CSS
 * classes and PDF colours, the fence's info-string options, and a code block as HTML. */
#include "core/highlight.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name, *cls;
    uint32_t colour; /* the light theme's (assets/css/site.css, --hl-*) */
} kinds[HL_NKINDS] = {
    [HL_PLAIN] = {"plain", NULL, 0},
    [HL_KEYWORD] = {"keyword", "hl-kw", 0x8e2b74},
    [HL_TYPE] = {"type", "hl-ty", 0x0b6470},
    [HL_BUILTIN] = {"builtin", "hl-bi", 0x7a4a00},
    [HL_FUNCTION] = {"function", "hl-fn", 0x1d4ca8},
    [HL_STRING] = {"string", "hl-st", 0x1a6630},
    [HL_ESCAPE] = {"escape", "hl-es", 0x9c3c00},
    [HL_NUMBER] = {"number", "hl-nu", 0xa0381c},
    [HL_COMMENT] = {"comment", "hl-co", 0x5b6670},
    [HL_OPERATOR] = {"operator", "hl-op", 0x8c2a3c},
    [HL_PUNCT] = {"punctuation", "hl-pu", 0x4a5560},
    [HL_META] = {"meta", "hl-me", 0x6b4fa0},
    [HL_TAG] = {"tag", "hl-tg", 0x0b6470},
    [HL_ATTRIBUTE] = {"attribute", "hl-at", 0x1d4ca8},
    [HL_VARIABLE] = {"variable", "hl-va", 0x9c3c00},
    [HL_CONSTANT] = {"constant", "hl-cn", 0x0b5c9e},
    [HL_HEADING] = {"heading", "hl-hd", 0x1f4e79},
    [HL_INSERTED] = {"inserted", "hl-in", 0x17612a},
    [HL_DELETED] = {"deleted", "hl-de", 0xa3162c},
};

const char *hl_kind_name(hl_kind kind)
{
    return (unsigned)kind < HL_NKINDS ? kinds[kind].name : NULL;
}

const char *hl_kind_class(hl_kind kind)
{
    return (unsigned)kind < HL_NKINDS ? kinds[kind].cls : NULL;
}

uint32_t hl_kind_colour(hl_kind kind, uint32_t text)
{
    return (unsigned)kind < HL_NKINDS && kind != HL_PLAIN ? kinds[kind].colour : text;
}

/* ---- the fence's info string ---- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == ',';
}

/* Adds "4", "4-5" (or a number) to f's marks. */
static void add_mark(hl_fence *f, const char *s, size_t n)
{
    char tmp[32];
    char *end;
    if (!n || n >= sizeof tmp || f->nmarks == HL_MAX_MARKS)
        return;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    long from = strtol(tmp, &end, 10), to = from;
    if (end == tmp)
        return;
    if (*end == '-')
        to = strtol(end + 1, &end, 10);
    if (*end || from < 1 || to < from)
        return;
    f->marks[f->nmarks].from = from;
    f->marks[f->nmarks].to = to;
    f->nmarks++;
}

/* hl_lines' value from p: [2, "4-5"], "2 4-5" or 2; returns its end. */
static const char *parse_marks(hl_fence *f, const char *p)
{
    char close = *p == '[' ? ']' : *p == '"' ? '"' : 0;
    p += close != 0;
    for (;;) {
        while (is_space(*p) || (close == ']' && *p == '"'))
            p++;
        if (!*p || *p == '}' || (close && *p == close))
            break;
        const char *s = p;
        while (*p && *p != '}' && *p != '"' && *p != close && !is_space(*p))
            p++;
        add_mark(f, s, (size_t)(p - s));
        if (!close)
            break;
    }
    return close && *p == close ? p + 1 : p;
}

void hl_fence_parse(const char *info, hl_fence *f)
{
    memset(f, 0, sizeof *f);
    f->linenostart = 1;
    const char *p = info ? info : "";
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = strcspn(p, " \t{");
    if (n < sizeof f->lang)
        memcpy(f->lang, p, n);
    p = strchr(p + n, '{');
    while (p && *p && *p != '}') {
        if (is_space(*p) || *p == '{') {
            p++;
            continue;
        }
        const char *key = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_')
            p++;
        size_t kn = (size_t)(p - key);
        if (!kn || *p != '=') {
            p += kn ? 0 : 1; /* a flag without a value, or a stray character */
            continue;
        }
        p++;
        if (kn == 8 && strncmp(key, "hl_lines", 8) == 0) {
            p = parse_marks(f, p);
            continue;
        }
        const char *v = p + (*p == '"');
        size_t vn = strcspn(v, "\" \t,}");
        long num = strtol(v, NULL, 10);
        if (kn == 7 && strncmp(key, "linenos", 7) == 0)
            f->linenos = !(vn == 5 && strncmp(v, "false", 5) == 0);
        else if (kn == 11 && strncmp(key, "linenostart", 11) == 0)
            f->linenostart = num > 0 && num < 1000000000 ? num : 1;
        p = v + vn + (v[vn] == '"');
    }
}

bool hl_fence_marked(const hl_fence *f, long line)
{
    for (size_t i = 0; i < f->nmarks; i++)
        if (line >= f->marks[i].from && line <= f->marks[i].to)
            return true;
    return false;
}

/* ---- HTML ---- */

static void open_line(buf *out, const hl_fence *f, long line)
{
    buf_puts(out, hl_fence_marked(f, line) ? "<span class=\"hl-line hl-mark\""
                                           : "<span class=\"hl-line\"");
    if (f->linenos)
        buf_printf(out, " data-ln=\"%ld\"", f->linenostart + line - 1);
    buf_putc(out, '>');
}

static void put_piece(buf *out, hl_kind kind, const char *s, size_t n)
{
    const char *cls = hl_kind_class(kind);
    if (!n)
        return;
    if (cls) { /* not buf_printf: a long file has 100,000 of these */
        buf_put(out, "<span class=\"", 13);
        buf_puts(out, cls);
        buf_put(out, "\">", 2);
    }
    buf_put_html(out, s, n);
    if (cls)
        buf_puts(out, "</span>");
}

bool hl_render_html(const hl_set *set, const char *info, const char *text, size_t len, buf *out)
{
    hl_fence f;
    hl_fence_parse(info, &f);
    const hl_lang *lang = hl_find(set, f.lang);
    bool lines = f.linenos || f.nmarks;
    if (!lang && !lines)
        return false;
    hl_tokens toks = HL_TOKENS_INIT;
    hl_tokenize(lang, text, len, &toks);
    buf_puts(out, "<pre");
    if (lines) {
        long last = f.linenostart, nl = 0;
        for (size_t i = 0; i < len; i++)
            nl += text[i] == '\n';
        last += nl > 0 ? nl - 1 : 0;
        int digits = 1;
        while (last >= 10 && digits < 6)
            last /= 10, digits++;
        buf_printf(out, " class=\"hl-lines%s", f.linenos ? " hl-w" : "\"");
        if (f.linenos)
            buf_printf(out, "%d\"", digits);
    }
    buf_puts(out, "><code");
    if (f.lang[0]) {
        buf_puts(out, " class=\"language-");
        buf_put_html(out, f.lang, strlen(f.lang));
        buf_putc(out, '"');
    }
    buf_putc(out, '>');
    long line = 1;
    bool open = false;
    for (size_t i = 0; i < toks.len; i++) {
        size_t s = toks.items[i].start, e = s + toks.items[i].len;
        while (s < e) {
            if (lines && !open)
                open_line(out, &f, line), open = true;
            const char *nl = memchr(text + s, '\n', e - s);
            size_t pe = nl ? (size_t)(nl - text) : e;
            put_piece(out, toks.items[i].kind, text + s, pe - s);
            s = pe;
            if (nl) {
                buf_puts(out, lines ? "\n</span>" : "\n");
                open = false;
                line++;
                s++;
            }
        }
    }
    if (open)
        buf_puts(out, "</span>");
    buf_puts(out, "</code></pre>\n");
    hl_tokens_free(&toks);
    return true;
}
