/* spans.h - a passage in another language, written as Pandoc and Quarto write a bracketed
 * span: [Guten Tag]{lang=de}, [مرحبا]{lang="ar"}.
 *
 * md_parse runs md_spans_parse once on the tree: the brackets and braces leave the text and
 * what was between them becomes a span node (a custom inline) whose HTML is
 * <span lang="de">…</span> (dir="rtl" added for a right-to-left language), with or without
 * markdown.unsafe; the PDF gives its text a Span element with that /Lang (pdf/frags.c).
 * Any thread, one tree at a time. */
#ifndef IMPRINT_CORE_SPANS_H
#define IMPRINT_CORE_SPANS_H

#include <cmark-gfm.h>

#include "util/err.h"

/* For every "[...]" under root that "{...}" follows with no space between
 * (cmark-gfm leaves both as text when they are no link), reads lang=TAG from
 * the braces and turns the bracketed inlines into a span node. A key other
 * than lang, or a value that is not a language tag, is a warning at its
 * file:line:col (line0: the file line of the tree's first line) and leaves
 * the text as written. */
void md_spans_parse(cmark_node *root, const char *file, int line0, err_list *errs);

/* The language of a span node md_spans_parse made ("de"), or NULL for any
 * other node. Valid as long as the tree. */
const char *md_span_lang(cmark_node *n);

#endif
