/* highlight.h - syntax highlighting of fenced code: languages as data files, one tokenizer
 * for the site's HTML and the PDF.
 *
 * A language is a YAML file, layouts/highlight/NAME.yaml, in the built-in
 * theme or in the site (the site's file replaces the theme's of the same
 * name, core/theme.h); its format is docs/highlighting.md's. hl_set_load
 * reads every one of them once per build into a read-only set; after that,
 * any number of threads may look languages up and tokenize at once (nothing
 * in the set changes, and the tokenizer keeps its state on its own stack).
 *
 * Tokenizing is one left-to-right pass over the text: at each position the
 * rules of the current state are tried in order (only those that can start
 * with the byte there) and the first that matches wins; a span with an inside
 * state pushes a frame on a small stack (HL_MAX_DEPTH). There is no
 * backtracking and the work is linear in the text: a rule looks ahead a
 * bounded distance or takes what it looked at, and what spans that do not
 * match after all scanned in vain is capped at a few times the text's length
 * (highlight.c). */
#ifndef IMPRINT_HIGHLIGHT_H
#define IMPRINT_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/* The deepest nesting of spans with an inside state (a template literal in
 * an interpolation in a template literal ...); a span that would go deeper
 * does not match, so its text stays in the enclosing span's kind. */
#define HL_MAX_DEPTH 32

/* What a token is. The set is fixed: the site's stylesheet has a class for
 * each (hl_kind_class), the PDF a colour (hl_kind_colour). */
typedef enum hl_kind {
    HL_PLAIN,     /* anything else: identifiers, blanks */
    HL_KEYWORD,   /* if, return, class, SELECT */
    HL_TYPE,      /* int, String, a struct's name */
    HL_BUILTIN,   /* print, len, echo */
    HL_FUNCTION,  /* a name before "(", a definition's name */
    HL_STRING,    /* string and character literals, heredoc bodies */
    HL_ESCAPE,    /* \n inside a string, '' in SQL, &amp; in HTML */
    HL_NUMBER,    /* 42, 0x1F, 1e-3, 1_000u32 */
    HL_COMMENT,   /* comments */
    HL_OPERATOR,  /* + - = && */
    HL_PUNCT,     /* ( ) { } ; , */
    HL_META,      /* preprocessor lines, decorators, annotations, attributes */
    HL_TAG,       /* HTML/XML element names */
    HL_ATTRIBUTE, /* HTML attributes, YAML/JSON keys, CSS properties */
    HL_VARIABLE,  /* $var in shell, ${x} */
    HL_CONSTANT,  /* true, NULL, ALL_CAPS names */
    HL_HEADING,   /* diff file headers */
    HL_INSERTED,  /* diff + lines */
    HL_DELETED,   /* diff - lines */
    HL_NKINDS
} hl_kind;

/* The name a language file gives kind ("keyword"), or NULL for a bad kind. */
const char *hl_kind_name(hl_kind kind);
/* The site's CSS class of kind ("hl-kw"); NULL for HL_PLAIN (no span). */
const char *hl_kind_class(hl_kind kind);
/* The PDF colour of kind, 0xrrggbb: the stylesheet's light theme, which
 * tests/unit/test_highlight.c checks against assets/css/site.css. HL_PLAIN
 * gives text, the colour of ordinary text. */
uint32_t hl_kind_colour(hl_kind kind, uint32_t text);

/* A marked line's background in the PDF (hl_lines): the stylesheet's light
 * --hl-mark. */
#define HL_MARK_COLOUR 0xfbefd0

/* ---- languages ---- */

typedef struct hl_set hl_set;
typedef struct hl_lang hl_lang;

/* An empty set; add languages with hl_set_add. Free with hl_set_free. */
hl_set *hl_set_new(void);
/* Parses one language file's text (len bytes, need not be NUL-terminated;
 * file names it in messages) and adds it to set. Its aliases must not be
 * taken yet, unless weak is true: then an alias already taken is skipped (a
 * site's own language replaces the theme's). Returns 0, or -1 with errors at file:line:col (bad
 * YAML, an unknown key, kind or state, a malformed character class, an alias
 * taken twice) and the set unchanged. Not thread safe: loading only. */
int hl_set_add(hl_set *set, const char *file, const char *text, size_t len, bool weak,
               err_list *errs);
/* Every layouts/highlight/ *.yaml of site_dir and theme_dir (theme_dir may be
 * NULL), the site's first: a site's file replaces the theme's of the same
 * name and takes an alias from any theme language. Returns the set (empty
 * when neither folder has any), or NULL with every file's errors. */
hl_set *hl_set_load(const char *site_dir, const char *theme_dir, err_list *errs);
void hl_set_free(hl_set *set); /* NULL is a no-op */
/* The language a fence names (an alias, compared without case), or NULL for
 * an unknown one, an empty name or a NULL set. */
const hl_lang *hl_find(const hl_set *set, const char *name);
/* A language's name as its file gives it ("C++"). */
const char *hl_lang_name(const hl_lang *lang);
/* The number of languages in set. */
size_t hl_set_count(const hl_set *set);

/* ---- tokenizing ---- */

/* One token: text[start, start + len) is of kind. */
typedef struct hl_token {
    size_t start, len;
    hl_kind kind;
} hl_token;

/* A token list; zero it (HL_TOKENS_INIT) before use, free with hl_tokens_free. */
typedef struct hl_tokens {
    hl_token *items; /* in text order, covering the text with no gap; owned */
    size_t len, cap;
} hl_tokens;

#define HL_TOKENS_INIT                                                                             \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/* Replaces out's tokens with those of text (len bytes) in lang: they cover
 * the text from start to end, and two neighbours never have the same kind.
 * lang NULL gives one HL_PLAIN token (none for empty text). Never fails;
 * thread-safe for a set no one is adding to. */
void hl_tokenize(const hl_lang *lang, const char *text, size_t len, hl_tokens *out);
void hl_tokens_free(hl_tokens *t);

/* ---- the fence's info string ---- */

/* The most hl_lines ranges one fence keeps (more are ignored). */
#define HL_MAX_MARKS 64

/* What a fence's info string asks for: "rust {linenos=true hl_lines=[2,
 * "4-5"] linenostart=10}", the options in Hugo's syntax (docs/highlighting.md).
 * Unknown options and values that do not parse are ignored, as Hugo does. */
typedef struct hl_fence {
    char lang[64];    /* the first word, up to a blank or '{' ("" when none or too long) */
    bool linenos;     /* linenos=true (or table, inline): numbered lines */
    long linenostart; /* the first line's number (linenostart=N); 1 by default */
    struct {
        long from, to; /* lines from..to of the block, counted from 1 (not linenostart) */
    } marks[HL_MAX_MARKS];
    size_t nmarks;
} hl_fence;

/* Parses info (NULL or "" is no language, no options) into out. */
void hl_fence_parse(const char *info, hl_fence *out);
/* True when line (1-based in the block) is one hl_lines marks. */
bool hl_fence_marked(const hl_fence *f, long line);

/* Appends a fenced code block as HTML: <pre><code class="language-X"> with
 * a span per token (class hl_kind_class), every character escaped; with
 * linenos or hl_lines each line in a <span class="hl-line"> (data-ln its
 * number, class hl-mark when marked). Returns false, appending nothing, when
 * the block needs none of this (no language set knows and no option): the
 * caller renders it as before. */
bool hl_render_html(const hl_set *set, const char *info, const char *text, size_t len, buf *out);

#endif
