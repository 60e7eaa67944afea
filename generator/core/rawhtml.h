/* rawhtml.h - raw HTML in a parsed Markdown tree: markdown="1" elements, and raw HTML left
 * out unless the site allows it. Used by core/markdown.c only.
 *
 * markdown="1" (kramdown's convention): an HTML block that starts with a tag
 * carrying markdown="1" (or "block" or "span") becomes a custom block whose
 * children are Markdown: what follows the tag in that HTML block is parsed as
 * Markdown, and so are the blocks after it up to the HTML block (or the end of
 * a paragraph) that closes the element; an element never closed runs to the
 * end of its parent. Its on_enter is the tag without the markdown attribute,
 * its on_exit the end tag, so the website gets the element around the
 * rendered Markdown and the PDF (pdf/blocks.c) lays the children out in the
 * element's look. Such elements nest up to MD_HTML_MAX_DEPTH deep; deeper ones
 * stay raw HTML. Headings inside one are part of it: no anchor id, not in the
 * contents. */
#ifndef IMPRINT_RAWHTML_H
#define IMPRINT_RAWHTML_H

#include <cmark-gfm.h>
#include <stdbool.h>

#include "util/err.h"

/* How deep markdown="1" elements nest. */
#define MD_HTML_MAX_DEPTH 16

/* The comment raw HTML is replaced with when the site does not allow it. */
#define MD_HTML_OMITTED "<!-- raw HTML omitted -->"

/* Parses the len bytes of text as Markdown (with the page's extensions);
 * returns a document node the caller frees. */
typedef cmark_node *(*md_subparse_fn)(void *ctx, const char *text, size_t len);

typedef struct md_html_env {
    const char *file;     /* the source file, for the warning */
    int line0;            /* the file line of the tree's line 1 */
    bool unsafe;          /* markdown.unsafe: raw HTML goes through */
    bool warned;          /* the page's one raw-HTML warning is given (set when it is) */
    size_t len;           /* the page's length in bytes (bounds the work of positions) */
    md_subparse_fn parse; /* parses the Markdown inside markdown="1" elements */
    void *ctx;            /* passed to parse */
} md_html_env;

/* Processes the raw HTML of the tree under root: pairs markdown="1"
 * elements (both modes); unless env->unsafe, replaces the text of every HTML
 * block and inline, and the tags of markdown="1" elements, with
 * MD_HTML_OMITTED, and warns at the first raw HTML's file:line:col that is
 * more than comments, once for all the calls with one env (env->warned).
 * Markdown parsed from inside an element keeps the page's line numbers
 * (parsed after as many empty lines; past 4 newlines a byte of the page in
 * all they are counted from the element instead). Never fails. */
void md_html_process(cmark_node *root, md_html_env *env, err_list *errs);

#endif
