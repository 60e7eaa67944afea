/* markdown.c - cmark-gfm parsing with GFM extensions, anchors, directives and HTML output.
 *
 * Parsing: cmark-gfm with the table, strikethrough, autolink and tasklist
 * extensions and footnotes. After parsing, raw HTML is processed (rawhtml.h:
 * markdown="1" elements, raw HTML left out unless the site allows it), then
 * one pass over the tree expands faq directives into
 * heading + answer blocks, records table/chart directives, and gives every
 * top-level heading a unique slug id. HTML rendering walks the top-level
 * blocks itself so headings and directives get imprint's markup, and hands
 * every other block to cmark's own renderer. */
#include "core/markdown.h"
#include "util/utf8.h"
#include "core/html5.h"
#include "core/i18n.h"
#include "core/imgattr.h"
#include "core/spans.h"
#include "core/mdcode.h"
#include "core/rawhtml.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define PARSE_OPTS (CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8)
#define RENDER_OPTS (CMARK_OPT_UNSAFE)

struct md_doc {
    cmark_node *root;
    cmark_llist *exts;    /* syntax extensions, for the renderer */
    cmark_parser *parser; /* kept alive: it owns the extension list */
    md_heading *heads;
    size_t nheads, capheads;
    md_directive *dirs;
    size_t ndirs, capdirs;
    const char *faq_name; /* points into strings owned below */
    char **strings;       /* malloc'd strings the arrays point to */
    size_t nstrings, capstrings;
    const char *file;
    int line0;
    md_html_env html;       /* raw HTML's settings and the page's one warning (rawhtml.h) */
    const hl_set *hl;       /* fenced code's languages (md_set_highlight), or NULL */
    const i18n_lang *words; /* the words of screen readers' labels (md_set_words), or NULL */
};

static pthread_once_t ext_once = PTHREAD_ONCE_INIT;

/* cmark-gfm keeps its table of special inline characters (SPECIAL_CHARS and
 * SKIP_CHARS, static in its inlines.c) in globals that every parse changes:
 * cmark_parser_finish adds the attached extensions' characters ('~', and ':'
 * and 'w' of autolinks) before its inline pass and removes them after it, so
 * two unserialised parses can lose strikethrough and autolinks (cmark-gfm
 * issues 176 and 221). The table cannot be set once instead: the same
 * per-extension lists drive those writes and the matching of '~' delimiters to
 * strikethrough. Only cmark_parser_finish reads or writes it (block parsing,
 * cmark_parser_feed, does neither; docs/performance.md, "One lock", has the
 * evidence), so this lock serialises finish alone; feeding and rendering stay
 * parallel. */
static pthread_mutex_t finish_lock = PTHREAD_MUTEX_INITIALIZER;

static cmark_node *parse_text(cmark_parser *p, const char *text, size_t len)
{
    cmark_parser_feed(p, text, len);
    pthread_mutex_lock(&finish_lock);
    cmark_node *root = cmark_parser_finish(p);
    pthread_mutex_unlock(&finish_lock);
    return root;
}

static void register_exts(void)
{
    cmark_gfm_core_extensions_ensure_registered();
}

static const char *keep(md_doc *d, char *s)
{
    if (d->nstrings == d->capstrings) {
        d->capstrings = d->capstrings ? d->capstrings * 2 : 16;
        d->strings = xrealloc(d->strings, d->capstrings * sizeof *d->strings);
    }
    d->strings[d->nstrings++] = s;
    return s;
}

/* The length of the valid UTF-8 sequence (not NUL, not overlong, no
 * surrogate) at s, of at most len bytes, or 0. */
static size_t utf8_valid_at(const char *s, size_t len)
{
    static const uint32_t min[] = {0, 1, 0x80, 0x800, 0x10000};
    size_t n;
    uint32_t cp = utf8_next(s, len, &n); /* a bad byte: U+FFFD of one byte */
    bool ok = !(cp == 0xfffd && n == 1) && cp >= min[n] && cp <= 0x10ffff &&
              !(cp >= 0xd800 && cp <= 0xdfff);
    return ok ? n : 0;
}

bool md_valid_utf8(const char *s, size_t len, int *line, int *col)
{
    const unsigned char *p = (const unsigned char *)s;
    const uint64_t high = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
    size_t i = 0, n;
    while (i < len) {
        uint64_t w;
        if (len - i >= 8 && (memcpy(&w, p + i, 8), ((w | (w - ones)) & high) == 0)) {
            i += 8; /* eight ASCII bytes, none NUL (a NUL or a high byte sets a top bit) */
            continue;
        }
        if (!(n = utf8_valid_at(s + i, len - i)))
            break;
        i += n;
    }
    if (i >= len)
        return true;
    /* the place of the bad byte: lines before it, characters (bytes that do not
     * continue a sequence) since its line began, in the valid text before it */
    int ln = 1, cl = 1;
    for (size_t k = 0; k < i; k++)
        if (p[k] == '\n')
            ln++, cl = 1;
        else if ((p[k] & 0xc0) != 0x80)
            cl++;
    *line = ln;
    *col = cl;
    return false;
}

/* Calls piece with each piece of node's plain text in order: the literal of
 * every text and code node, " " for a line break. */
static void text_pieces(cmark_node *node, void (*piece)(void *ctx, const char *s), void *ctx)
{
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            piece(ctx, cmark_node_get_literal(n));
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            piece(ctx, " ");
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
}

static void put_piece(void *out, const char *s)
{
    buf_puts(out, s);
}

void md_node_text(cmark_node *node, buf *out)
{
    text_pieces(node, put_piece, out);
}

/* True for the non-ASCII code points an id drops as separators: spaces,
 * punctuation and symbols (Latin-1's, general punctuation, currency, arrows,
 * maths, box drawing, CJK and fullwidth punctuation, Arabic punctuation,
 * emoji); letters, digits and combining marks of every script are kept. */
static bool unicode_separator(uint32_t c)
{
    static const uint32_t ranges[][2] = {
        {0x00a0, 0x00a9}, {0x00ab, 0x00b4},  {0x00b6, 0x00b9}, {0x00bb, 0x00bf}, {0x00d7, 0x00d7},
        {0x00f7, 0x00f7}, {0x060c, 0x060c},  {0x061b, 0x061b}, {0x061f, 0x061f}, {0x066a, 0x066d},
        {0x06d4, 0x06d4}, {0x2000, 0x206f},  {0x20a0, 0x20cf}, {0x2100, 0x2bff}, {0x3000, 0x303f},
        {0xfe00, 0xfe0f}, {0xfe30, 0xfe6f},  {0xff01, 0xff0f}, {0xff1a, 0xff20}, {0xff3b, 0xff40},
        {0xff5b, 0xff65}, {0x1f000, 0x1faff}};
    for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++)
        if (c >= ranges[i][0] && c <= ranges[i][1])
            return true;
    return false;
}

/* The lowercase of c for the alphabets with a simple case offset (Latin-1,
 * Latin Extended-A, Greek, Cyrillic); other code points as they are. */
static uint32_t unicode_lower(uint32_t c)
{
    if ((c >= 0xc0 && c <= 0xde && c != 0xd7) || (c >= 0x391 && c <= 0x3a9 && c != 0x3a2) ||
        (c >= 0x410 && c <= 0x42f))
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40f)
        return c + 0x50;
    if (c >= 0x100 && c <= 0x17f && c != 0x130 && c != 0x138 && c != 0x149 && c != 0x178 &&
        ((c < 0x139 || c > 0x148) && (c < 0x179 || c > 0x17e) ? c % 2 == 0 : c % 2 == 1))
        return c + 1;
    return c;
}

void md_slugify(const char *text, buf *out)
{
    size_t start = out->len, left = strlen(text);
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned char c = *p;
        uint32_t cp = c;
        size_t len = 1;
        if (c >= 0x80)
            cp = utf8_next((const char *)p, left - (size_t)((const char *)p - text), &len);
        if (cp == 0x2018 || cp == 0x2019 || c == '.' || c == '\'') {
            /* "Vue.js" -> "vuejs", "don't" and "don’t" -> "dont" */
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                   (c >= 0x80 && !unicode_separator(cp))) {
            if (dash && out->len > start)
                buf_putc(out, '-');
            dash = false;
            if (c >= 0x80)
                utf8_put(out, unicode_lower(cp));
            else
                buf_putc(out, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
        } else {
            dash = true;
        }
        p += len - 1;
    }
    if (out->len == start)
        buf_puts(out, "section");
}

static void add_heading(md_doc *d, cmark_node *h, buf *scratch)
{
    buf text = BUF_INIT;
    md_node_text(h, &text);
    buf_reset(scratch);
    md_slugify(buf_cstr(&text), scratch);
    size_t base = scratch->len;
    for (int k = 1;; k++) {
        bool taken = false;
        for (size_t i = 0; i < d->nheads && !taken; i++)
            taken = strcmp(d->heads[i].id, buf_cstr(scratch)) == 0;
        if (!taken)
            break;
        buf_truncate(scratch, base);
        buf_printf(scratch, "-%d", k);
    }
    if (d->nheads == d->capheads) {
        d->capheads = d->capheads ? d->capheads * 2 : 16;
        d->heads = xrealloc(d->heads, d->capheads * sizeof *d->heads);
    }
    md_heading *mh = &d->heads[d->nheads++];
    mh->node = h;
    mh->level = cmark_node_get_heading_level(h);
    mh->id = keep(d, xstrdup(buf_cstr(scratch)));
    mh->text = keep(d, buf_detach(&text));
    mh->line = cmark_node_get_start_line(h) + d->line0 - 1;
}

static void add_directive(md_doc *d, md_directive_kind kind, const char *name, cmark_node *node,
                          int line, int col)
{
    if (d->ndirs == d->capdirs) {
        d->capdirs = d->capdirs ? d->capdirs * 2 : 8;
        d->dirs = xrealloc(d->dirs, d->capdirs * sizeof *d->dirs);
    }
    md_directive *dir = &d->dirs[d->ndirs++];
    dir->kind = kind;
    dir->name = keep(d, xstrdup(name));
    dir->node = node;
    dir->body =
        node && cmark_node_get_literal(node) ? keep(d, xstrdup(cmark_node_get_literal(node))) : "";
    dir->line = line;
    dir->col = col;
}

static cmark_parser *new_parser(void)
{
    static const char *names[] = {"table", "strikethrough", "autolink", "tasklist"};
    pthread_once(&ext_once, register_exts);
    cmark_parser *p = cmark_parser_new(PARSE_OPTS);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(names[i]);
        if (e)
            cmark_parser_attach_syntax_extension(p, e);
    }
    return p;
}

/* Parses the len bytes of text as Markdown (rawhtml.h: a markdown="1" element's). */
static cmark_node *parse_fragment(void *ctx, const char *text, size_t len)
{
    cmark_parser *p = new_parser();
    cmark_node *root = parse_text(p, text, len);
    cmark_parser_free(p);
    return root;
}

/* Replaces a faq directive block with a heading and the parsed answer for each item. */
static int expand_faq(md_doc *d, cmark_node *block, const char *name, const value *data, int line,
                      int col, err_list *errs)
{
    const value *faq = data ? val_map_get(data, name) : NULL;
    const value *items = faq ? (faq->type == VAL_LIST ? faq : val_map_get(faq, "items")) : NULL;
    if (!faq) {
        err_add(errs, d->file, line, col, "faq directive: no data file content/data/%s.yaml", name);
        return -1;
    }
    if (!items || items->type != VAL_LIST) {
        err_add(
            errs, faq->pos.file, faq->pos.line, faq->pos.col,
            "faq data '%s' must be a list of {question, answer} or have such a list under 'items'",
            name);
        return -1;
    }
    cmark_node *after = block;
    for (size_t i = 0; i < items->u.list.len; i++) {
        const value *it = items->u.list.items[i];
        const char *q = val_as_str(val_map_get(it, "question"));
        const char *a = val_as_str(val_map_get(it, "answer"));
        if (!q || !a) {
            err_add(errs, it->pos.file, it->pos.line, it->pos.col,
                    "a faq item needs a 'question' and an 'answer' (strings)");
            return -1;
        }
        cmark_node *h = cmark_node_new(CMARK_NODE_HEADING);
        cmark_node_set_heading_level(h, 2);
        cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
        cmark_node_set_literal(t, q);
        cmark_node_append_child(h, t);
        cmark_node_insert_after(after, h);
        after = h;
        cmark_parser *p = new_parser();
        cmark_node *ans = parse_text(p, a, strlen(a));
        const value *av = val_map_get(it, "answer");
        md_html_env html = d->html; /* positions in the data file */
        html.file = av->pos.file, html.line0 = av->pos.line, html.len = strlen(a);
        md_html_process(ans, &html, errs);
        d->html.warned = html.warned;
        cmark_node *c;
        while ((c = cmark_node_first_child(ans))) {
            cmark_node_unlink(c);
            cmark_node_insert_after(after, c);
            after = c;
        }
        cmark_node_free(ans);
        cmark_parser_free(p);
    }
    add_directive(d, MD_DIR_FAQ, name, NULL, line, col);
    if (!d->faq_name)
        d->faq_name = d->dirs[d->ndirs - 1].name;
    cmark_node_free(block);
    return 0;
}

/* Splits "table NAME" into kind and name; returns 1 for a directive, 0 for an
 * ordinary code block, -1 for a malformed directive (error added). */
static int parse_info(md_doc *d, const char *info, md_directive_kind *kind, buf *name, int line,
                      int col, err_list *errs)
{
    static const struct {
        const char *word;
        md_directive_kind kind;
    } kinds[] = {{"table", MD_DIR_TABLE}, {"chart", MD_DIR_CHART}, {"faq", MD_DIR_FAQ}};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        size_t n = strlen(kinds[i].word);
        if (strncmp(info, kinds[i].word, n) != 0 || (info[n] && info[n] != ' ' && info[n] != '\t'))
            continue;
        const char *p = info + n;
        while (*p == ' ' || *p == '\t')
            p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t')
            e++;
        buf_reset(name);
        buf_put(name, p, (size_t)(e - p));
        bool ok = name->len > 0;
        for (size_t k = 0; k < name->len && ok; k++) {
            char c = name->data[k];
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_';
        }
        if (!ok) {
            err_add(errs, d->file, line, col,
                    "%s directive needs a data file name (letters, digits, - and _): ```%s NAME",
                    kinds[i].word, kinds[i].word);
            return -1;
        }
        *kind = kinds[i].kind;
        return 1;
    }
    /* "WORD NAME" with WORD a near miss of a directive ("tabel prices"): shown as
       code, which is surely not what was meant */
    size_t wl = strcspn(info, " \t");
    const char *rest = info + wl + strspn(info + wl, " \t");
    if (wl && wl < 16 && *rest && !rest[strcspn(rest, " \t")]) {
        char word[16];
        memcpy(word, info, wl);
        word[wl] = '\0';
        static const char *const words[] = {"table", "chart", "faq"};
        const char *near = suggest_nearest(word, words, 3);
        if (near)
            err_warn(errs, d->file, line, col,
                     "```%s %s is shown as a code block: '%s' is not a directive; did you mean "
                     "'%s'?",
                     word, rest, word, near);
    }
    return 0;
}

static int node_line(const md_doc *d, cmark_node *n)
{
    return cmark_node_get_start_line(n) + d->line0 - 1;
}

/* An inline node's line and column, or those of the nearest enclosing block
 * that has one (cmark-gfm's autolinks carry no position). */
static void inline_pos(const md_doc *d, cmark_node *n, int *line, int *col)
{
    while (n && (cmark_node_get_start_line(n) <= 0 || cmark_node_get_start_column(n) <= 0))
        n = cmark_node_parent(n);
    *line = n ? node_line(d, n) : d->line0;
    *col = n ? cmark_node_get_start_column(n) : 1;
}

/* One pass: directives, then heading ids. */
static int postprocess(md_doc *d, const value *data, err_list *errs)
{
    int rc = 0;
    buf name = BUF_INIT, scratch = BUF_INIT;
    cmark_node **todo = NULL;
    size_t ntodo = 0, cap = 0;
    cmark_iter *it = cmark_iter_new(d->root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (t == CMARK_NODE_LINK &&
            strlen(cmark_node_get_url(n) ? cmark_node_get_url(n) : "") > MD_MAX_LINK_URL) {
            int line, col;
            inline_pos(d, n, &line, &col);
            err_add(errs, d->file, line, col,
                    "link destination of %zu bytes; the limit is %d (MD_MAX_LINK_URL)",
                    strlen(cmark_node_get_url(n)), MD_MAX_LINK_URL);
            rc = -1;
        } else if (t == CMARK_NODE_CODE_BLOCK && cmark_node_get_fence_info(n)) {
            md_directive_kind kind;
            int line = node_line(d, n), col = cmark_node_get_start_column(n);
            int r = parse_info(d, cmark_node_get_fence_info(n), &kind, &name, line, col, errs);
            if (r < 0)
                rc = -1;
            else if (r > 0 && kind == MD_DIR_FAQ) {
                if (ntodo == cap) {
                    cap = cap ? cap * 2 : 16;
                    todo = xrealloc(todo, cap * sizeof *todo);
                }
                todo[ntodo++] = n;
            } else if (r > 0)
                add_directive(d, kind, buf_cstr(&name), n, line, col);
        }
    }
    cmark_iter_free(it);
    /* mutate after the walk: the iterator must not see changed nodes */
    for (size_t i = 0; i < ntodo; i++) {
        cmark_node *n = todo[i];
        md_directive_kind kind;
        int line = node_line(d, n), col = cmark_node_get_start_column(n);
        parse_info(d, cmark_node_get_fence_info(n), &kind, &name, line, col, errs);
        if (expand_faq(d, n, buf_cstr(&name), data, line, col, errs) != 0)
            rc = -1;
    }
    for (cmark_node *n = cmark_node_first_child(d->root); n; n = cmark_node_next(n))
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
            add_heading(d, n, &scratch);
    free(todo);
    buf_free(&name);
    buf_free(&scratch);
    return rc;
}

/* The cells of a GFM delimiter row ("|---|:-:|"), or 0 when line is not one. */
static size_t delimiter_cells(const char *line, size_t n)
{
    size_t cells = 1, dashes = 0, i = 0;
    while (i < n && i < 3 && line[i] == ' ')
        i++;
    if (i < n && line[i] == '|')
        i++;
    for (; i < n; i++) {
        char c = line[i];
        if (c == '-')
            dashes++;
        else if (c == '|' && i + 1 < n)
            cells++;
        else if (c != ':' && c != ' ' && c != '\t' && c != '|' && c != '\r')
            return 0;
    }
    return dashes ? cells : 0;
}

/* How many places on a line could start a bare link for cmark-gfm's autolink
 * extension: "@" (an e-mail address), "www." and "://". */
static size_t autolink_starts(const char *p, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += p[i] == '@' || (p[i] == 'w' && n - i >= 4 && memcmp(p + i, "www.", 4) == 0) ||
                 (p[i] == ':' && n - i >= 3 && p[i + 1] == '/' && p[i + 2] == '/');
    return count;
}

/* Refuses, before cmark-gfm allocates for them, a GFM table whose header width
 * times its rows exceeds MD_MAX_TABLE_CELLS, and a line whose bare links times
 * its length exceeds MD_MAX_AUTOLINK_COST. 0 or -1 with an error. */
static int check_limits(const char *text, size_t len, const char *file, int line0, err_list *errs)
{
    const char *end = text + len, *prev = NULL;
    int line = line0, rc = 0;
    for (const char *p = text; p < end && rc == 0; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        size_t cols = prev && n ? delimiter_cells(p, n) : 0;
        if (cols > 1) {
            size_t rows = 1;
            for (const char *q = nl ? nl + 1 : end; q < end && *q != '\n'; rows++) {
                const char *qnl = memchr(q, '\n', (size_t)(end - q));
                q = qnl ? qnl + 1 : end;
            }
            if (cols * rows > MD_MAX_TABLE_CELLS) {
                err_add(errs, file, line, 1,
                        "a table of %zu columns and %zu rows is more than the %d cells a table "
                        "may have; split it, or make it a data table",
                        cols, rows, MD_MAX_TABLE_CELLS);
                rc = -1;
            }
        }
        size_t links = n > MD_MAX_AUTOLINK_COST / 1024 ? autolink_starts(p, n) : 0;
        if (links && n > MD_MAX_AUTOLINK_COST / links) {
            err_add(errs, file, line, 1,
                    "a line of %zu bytes with %zu bare links is more than autolinking handles "
                    "(length times links at most %d); break it into shorter lines",
                    n, links, MD_MAX_AUTOLINK_COST);
            rc = -1;
        }
        prev = n ? p : NULL;
        p = nl ? nl + 1 : end;
    }
    return rc;
}

md_doc *md_parse(const char *text, size_t len, const char *file, int line0, const value *data,
                 bool unsafe, err_list *errs)
{
    md_doc *d = xcalloc(1, sizeof *d);
    int line, col;
    d->file = file;
    d->line0 = line0 > 0 ? line0 : 1;
    if (!md_valid_utf8(text, len, &line, &col)) {
        err_add(errs, file, line + d->line0 - 1, col, "invalid UTF-8 (or a NUL byte)");
        goto fail;
    }
    if (check_limits(text, len, file, d->line0, errs) != 0)
        goto fail;
    d->parser = new_parser();
    d->root = parse_text(d->parser, text, len);
    d->exts = cmark_parser_get_syntax_extensions(d->parser);
    d->html = (md_html_env){file, d->line0, unsafe, false, len, parse_fragment, NULL};
    md_html_process(d->root, &d->html, errs); /* before the passes that read its Markdown */
    md_imgattr_parse(d->root, d->file, d->line0, errs); /* ![a](x.png){width=50%} */
    md_spans_parse(d->root, d->file, d->line0, errs);   /* [Guten Tag]{lang=de} */
    if (postprocess(d, data, errs) != 0)
        goto fail;
    return d;
fail:
    md_free(d);
    return NULL;
}

void md_free(md_doc *d)
{
    if (!d)
        return;
    if (d->root)
        cmark_node_free(d->root);
    if (d->parser)
        cmark_parser_free(d->parser);
    for (size_t i = 0; i < d->nstrings; i++)
        free(d->strings[i]);
    free(d->strings);
    free(d->heads);
    free(d->dirs);
    free(d);
}

cmark_node *md_doc_root(const md_doc *d)
{
    return d->root;
}

const md_heading *md_headings(const md_doc *d, size_t *n)
{
    *n = d->nheads;
    return d->heads;
}

const md_directive *md_directives(const md_doc *d, size_t *n)
{
    *n = d->ndirs;
    return d->dirs;
}

const char *md_faq_name(const md_doc *d)
{
    return d->faq_name;
}

static void render_node(md_doc *d, cmark_node *n, buf *out)
{
    if (md_code_html(d->hl, n, out)) /* a highlighted code block (mdcode.h) */
        return;
    /* and the ones nested in n */
    md_codeswap *code = md_code_html_begin(d->hl, n);
    md_imgswap *imgs = md_imgattr_html_begin(n, RENDER_OPTS, d->exts); /* width, height */
    char *html = cmark_render_html(n, RENDER_OPTS, d->exts);
    md_imgattr_html_end(imgs);
    md_code_html_end(code);
    md_html5_put(html, d->words, out);
    free(html);
}

static void render_heading(md_doc *d, const md_heading *h, buf *out)
{
    md_imgswap *imgs = md_imgattr_html_begin(h->node, RENDER_OPTS, d->exts);
    char *html = cmark_render_html(h->node, RENDER_OPTS, d->exts);
    md_imgattr_html_end(imgs);
    /* cmark gives "<hN>inner</hN>\n": keep inner, add id and a self-link */
    const char *inner = strchr(html, '>');
    const char *end = strstr(html, "</h");
    inner = inner ? inner + 1 : html;
    if (!end || end < inner)
        end = inner + strlen(inner);
    buf_printf(out, "<h%d id=\"%s\">", h->level, h->id);
    char *content = xstrndup(inner, (size_t)(end - inner));
    md_html5_put(content, d->words, out);
    free(content);
    const char *label = d->words ? i18n_get(d->words, "link_to_section") : "Link to this section:";
    buf_printf(out, " <a class=\"anchor\" href=\"#%s\" aria-label=\"", h->id);
    buf_put_html(out, label, strlen(label));
    buf_putc(out, ' ');
    buf_put_html(out, h->text, strlen(h->text));
    buf_printf(out, "\">#</a></h%d>\n", h->level);
    free(html);
}

int md_render_html(md_doc *d, md_directive_fn fn, void *ctx, buf *out, err_list *errs)
{
    int rc = 0;
    size_t hi = 0, di = 0;
    cmark_node *notes = NULL;
    cmark_node *n = cmark_node_first_child(d->root);
    while (n) {
        cmark_node *next = cmark_node_next(n);
        cmark_node_type t = cmark_node_get_type(n);
        if (t == CMARK_NODE_HEADING && hi < d->nheads && d->heads[hi].node == n) {
            render_heading(d, &d->heads[hi++], out);
        } else if (t == CMARK_NODE_FOOTNOTE_DEFINITION) {
            if (!notes)
                notes = cmark_node_new(CMARK_NODE_DOCUMENT);
            cmark_node_unlink(n);
            cmark_node_append_child(notes, n);
        } else {
            const md_directive *dir = NULL;
            for (size_t k = di; k < d->ndirs && !dir; k++)
                if (d->dirs[k].node == n)
                    dir = &d->dirs[k], di = k + 1;
            if (dir) {
                if (!fn) {
                    err_add(errs, d->file, dir->line, dir->col, "unknown data table '%s'",
                            dir->name);
                    rc = -1;
                } else if (fn(ctx, d, dir, out, errs) != 0)
                    rc = -1;
            } else {
                render_node(d, n, out);
            }
        }
        n = next;
    }
    if (notes) {
        render_node(d, notes, out);
        cmark_node *c;
        while ((c = cmark_node_first_child(notes))) {
            cmark_node_unlink(c);
            cmark_node_append_child(d->root, c);
        }
        cmark_node_free(notes);
    }
    return rc;
}

const char *md_file(const md_doc *d)
{
    return d->file;
}

void md_set_highlight(md_doc *d, const hl_set *hl)
{
    d->hl = hl;
}

void md_set_words(md_doc *d, const i18n_lang *words)
{
    d->words = words;
}

int md_node_line(const md_doc *d, cmark_node *n)
{
    return node_line(d, n);
}

int md_rewrite_links(md_doc *d, md_link_fn fn, void *ctx, err_list *errs)
{
    int rc = 0;
    cmark_iter *it = cmark_iter_new(d->root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE))
            continue;
        const char *url = cmark_node_get_url(n);
        char *repl = NULL;
        if (fn(ctx, url ? url : "", node_line(d, n), cmark_node_get_start_column(n), &repl, errs) !=
            0)
            rc = -1;
        if (repl) {
            cmark_node_set_url(n, repl);
            free(repl);
        }
    }
    cmark_iter_free(it);
    return rc;
}

void md_first_paragraph(const md_doc *d, buf *out)
{
    for (cmark_node *n = cmark_node_first_child(d->root); n; n = cmark_node_next(n))
        if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
            md_node_text(n, out);
            return;
        }
}

/* Words counted piece by piece (text_pieces): runs of bytes other than ' ',
 * '\n' and '\t'; in says whether the text so far ends inside a word. */
typedef struct word_count {
    size_t words;
    bool in;
} word_count;

static void count_piece(void *ctx, const char *s)
{
    word_count *wc = ctx;
    size_t words = 0;
    bool in = wc->in;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p == ' ' || *p == '\n' || *p == '\t') {
            in = false;
            p++;
            continue;
        }
        words += !in;
        in = true;
        for (p++; *p > ' ';) /* the rest of the word: every byte above ' ' is in one */
            p++;
    }
    wc->words += words;
    wc->in = in;
}

/* The words of md_node_text's text, counted without making it. */
size_t md_word_count(const md_doc *d)
{
    word_count wc = {0, false};
    text_pieces(d->root, count_piece, &wc);
    return wc.words;
}
