/* htmltok.h - a small tolerant HTML tokenizer: tags and their attributes, text, comments,
 * character references.
 *
 * Raw HTML written in Markdown is read with this one tokenizer: core/rawhtml.c
 * finds markdown="1" elements with it, pdf/html.c builds the PDF's blocks from
 * its tokens. It follows the HTML standard's tokenizer where that is simple
 * (tag and attribute syntax, comments and bogus comments, <script> and
 * <style> content as raw text, character references) and never fails: what
 * cannot start a tag is text, and a tag or comment cut off by the end of the
 * input is dropped with the rest of the input (as a browser does). Linear in
 * the input; tokens point into it, nothing is allocated. */
#ifndef IMPRINT_HTMLTOK_H
#define IMPRINT_HTMLTOK_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* More attributes on one tag than this are read past and left out. */
#define HTML_MAX_ATTRS 16

typedef enum html_kind {
    HTML_TEXT,    /* text between tags (character references not decoded) */
    HTML_START,   /* a start tag, "<p class=x>" */
    HTML_END,     /* an end tag, "</p>" */
    HTML_COMMENT, /* a comment, a doctype, "<?...>", or a tag cut off by the input's end */
    HTML_RAWTEXT, /* the content of <script> or <style>, never markup and never shown */
} html_kind;

typedef struct html_attr {
    const char *name;  /* as written (compare with html_name_is) */
    size_t name_len;   /* its bytes */
    const char *value; /* the value without quotes, references not decoded; "" if none */
    size_t value_len;  /* its bytes */
    const char *end;   /* one past the attribute's source text (closing quote included) */
} html_attr;

typedef struct html_token {
    html_kind kind;
    const char *text;                /* the token's source text, in the input */
    size_t len;                      /* its bytes */
    const char *name;                /* HTML_START, HTML_END: the tag name as written */
    size_t name_len;                 /* its bytes */
    html_attr attrs[HTML_MAX_ATTRS]; /* HTML_START: the first HTML_MAX_ATTRS attributes */
    size_t nattrs;                   /* how many of them */
    bool self_closing;               /* HTML_START: written "<br/>" */
} html_token;

/* The tokenizer's place in its input; initialise with html_lexer_init. */
typedef struct html_lexer {
    const char *p, *end; /* what is left of the input */
    const char *raw;     /* after <script> or <style>: that name (its raw text comes next) */
} html_lexer;

/* Starts tokenizing the len bytes of s (which must outlive the tokens). */
void html_lexer_init(html_lexer *lx, const char *s, size_t len);
/* Reads the next token into t; false at the end of the input. */
bool html_next(html_lexer *lx, html_token *t);

/* True when the len bytes of name are lower (an ASCII lower-case name) in
 * any case. */
bool html_name_is(const char *name, size_t len, const char *lower);
/* The attribute of t named lower (any case), or NULL. */
const html_attr *html_attr_get(const html_token *t, const char *lower);
/* True for the void elements (br, img, hr, input, meta, ...): no content, no end tag. */
bool html_is_void(const char *name, size_t len);

/* Appends the len bytes of s to out with character references decoded:
 * decimal and hex ("&#8212;", "&#x2014;"; an invalid code point gives U+FFFD)
 * and the named ones people write (amp, lt, gt, quot, apos, nbsp, mdash,
 * ndash, hellip, copy, reg, trade, the curly quotes and some more). A
 * reference imprint does not know stays as written. */
void html_decode(const char *s, size_t len, buf *out);

#endif
