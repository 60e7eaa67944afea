/* mdcode.h - fenced code blocks in a Markdown body's HTML: the ones highlighting renders
 * (core/highlight.h: a language it knows, or line options) go in as its HTML, in the
 * place cmark's renderer would have put theirs.
 *
 * markdown.c's renderer hands a top-level block to md_code_html first, and
 * brackets cmark's rendering of any other block with md_code_html_begin and
 * md_code_html_end, which swap the code blocks nested in it (in a list, a
 * quote, a footnote) for HTML blocks holding their HTML, and back. */
#ifndef IMPRINT_MDCODE_H
#define IMPRINT_MDCODE_H

#include <cmark-gfm.h>
#include <stdbool.h>

#include "core/highlight.h"
#include "util/buf.h"

typedef struct md_codeswap md_codeswap;

/* Appends the code block n as highlighting renders it with set (NULL: no
 * language is known, line options still apply). False, appending nothing,
 * when n is not a fenced code block or highlighting leaves it to cmark. */
bool md_code_html(const hl_set *set, cmark_node *n, buf *out);

/* Replaces every fenced code block below n that highlighting renders by an
 * HTML block holding its HTML; returns what md_code_html_end puts back (NULL
 * when nothing was replaced). The tree is changed until then: not thread
 * safe for one tree. */
md_codeswap *md_code_html_begin(const hl_set *set, cmark_node *n);
/* Puts the code blocks back where they were and frees s (NULL: nothing). */
void md_code_html_end(md_codeswap *s);

#endif
