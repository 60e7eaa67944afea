/* markdown.h - Markdown bodies: cmark-gfm parsing, heading anchors, directives, HTML rendering.
 *
 * One parsed md_doc feeds every output: the HTML renderer here, and later the
 * PDF layout engine, which walks md_doc_root() itself. Directives are fenced
 * code blocks whose info string is `table NAME`, `chart NAME` or `faq NAME`:
 * plain CommonMark that reads well anywhere, expanded by imprint. */
#ifndef IMPRINT_MARKDOWN_H
#define IMPRINT_MARKDOWN_H

#include <cmark-gfm.h>

#include "util/buf.h"
#include "util/err.h"
#include "core/model.h"

typedef struct md_doc md_doc;

/* The most cells a GFM table may have (header columns times rows, header row
 * included). cmark-gfm pads every row to the header's width, so a few KB of
 * "|"s can ask for gigabytes; a larger table is an error at its delimiter row
 * (split it, or make it a data table, which has no such cost). */
#define MD_MAX_TABLE_CELLS 200000

/* The longest link destination, in bytes (RFC 9110 asks only 8,000 of every
 * recipient). The PDF repeats a link's URI on every line its text spans, so a
 * 400 KB autolink would write gigabytes; a longer one is an error at its link. */
#define MD_MAX_LINK_URL 8000

/* cmark-gfm's autolink extension copies the rest of a line for every bare link
 * it finds (URL, www. or e-mail address), so its memory grows with the line's
 * length times its links: 40,000 addresses on one 470 KB line take 460 MB. A
 * line whose length times its possible bare links exceeds this is an error at
 * the line (64 MB of work: 1,000 links on a 64 KB line); lines up to 64 KB are
 * never refused. */
#define MD_MAX_AUTOLINK_COST (64 * 1024 * 1024)

/* A heading that gets an anchor: every heading that is a direct child of the
 * document (after FAQ expansion), in document order. */
typedef struct md_heading {
    cmark_node *node; /* the heading node in the tree */
    int level;        /* 1-6 */
    const char *id;   /* anchor id, unique in the document */
    const char *text; /* plain text (code spans included, markup dropped) */
    int line;         /* line in the source file */
} md_heading;

typedef enum md_directive_kind { MD_DIR_TABLE, MD_DIR_CHART, MD_DIR_FAQ } md_directive_kind;

/* A directive found in the body (faq ones are already expanded in the tree). */
typedef struct md_directive {
    md_directive_kind kind; /* which directive */
    const char *name;       /* the data file it names */
    cmark_node *node;       /* the code block (NULL for an expanded faq) */
    const char *body;       /* the block's text (options for a chart), "" if none */
    int line, col;          /* position of the fence in the source file */
} md_directive;

/* Parses a Markdown body of len bytes. file and line0 (the file line of the
 * body's first line) place messages. data is the site's data map, used to
 * expand faq directives (NULL: none allowed). An HTML block opening with a
 * markdown="1" tag becomes a custom block (on_enter the tag, on_exit its end
 * tag) holding the Markdown up to its end (core/rawhtml.h). Unless unsafe, the
 * text of raw HTML (and those tags) is replaced by "<!-- raw HTML omitted -->",
 * with one warning at the first. Invalid UTF-8 is an error. Returns a document
 * (free with md_free) or NULL with errors in errs. */
md_doc *md_parse(const char *text, size_t len, const char *file, int line0, const value *data,
                 bool unsafe, err_list *errs);
void md_free(md_doc *doc);

cmark_node *md_doc_root(const md_doc *doc);
const md_heading *md_headings(const md_doc *doc, size_t *n);
const md_directive *md_directives(const md_doc *doc, size_t *n);
/* The data file name of the first faq directive, or NULL. */
const char *md_faq_name(const md_doc *doc);

/* Renders a table or chart directive as HTML into out; returns 0, or -1 with
 * an error (file:line:col of the directive) in errs. */
typedef int (*md_directive_fn)(void *ctx, const md_doc *doc, const md_directive *dir, buf *out,
                               err_list *errs);

/* Renders the document as HTML to out: headings with ids and self-links,
 * directives through fn (NULL: every directive is an error), footnotes at the
 * end. Returns 0, or -1 with errors in errs. Not thread safe for one doc (it
 * moves footnote nodes briefly); different docs render in parallel fine. */
int md_render_html(md_doc *doc, md_directive_fn fn, void *ctx, buf *out, err_list *errs);

/* Gives md_render_html the languages of fenced code (core/highlight.h): a
 * block whose language hl knows, or that asks for line numbers or marked
 * lines, is rendered highlighted (core/mdcode.h); others as cmark renders
 * them. hl (NULL: none; line options still apply) is only read, and must
 * outlive the rendering. site_page_parse sets the site's set. */
struct hl_set;
void md_set_highlight(md_doc *doc, const struct hl_set *hl);

/* Gives md_render_html the words of the labels it writes for screen readers
 * (core/i18n.h: link_to_section on a heading's self-link, task_done and
 * task_to_do on task list checkboxes, back_to_content on a footnote's link
 * back), in the document's language; NULL (the default): English. words is
 * only read, and must outlive the rendering. site_page_parse sets the page's. */
struct i18n_lang;
void md_set_words(md_doc *doc, const struct i18n_lang *words);

/* The source file name the document was parsed from. */
const char *md_file(const md_doc *doc);
/* The line in the source file where node starts. */
int md_node_line(const md_doc *doc, cmark_node *node);

/* Called for each link and image URL: sets *repl to a malloc'd replacement
 * URL, or leaves it NULL to keep the URL. Returns 0, or -1 with an error at
 * line/col (in the source file). */
typedef int (*md_link_fn)(void *ctx, const char *url, int line, int col, char **repl,
                          err_list *errs);
/* Rewrites link and image URLs through fn, every one of them even after a
 * failure (so all errors are reported). Returns 0, or -1 when fn failed. */
int md_rewrite_links(md_doc *doc, md_link_fn fn, void *ctx, err_list *errs);

/* Appends the plain text of the first paragraph (for summaries). */
void md_first_paragraph(const md_doc *doc, buf *out);
/* Number of words in the document's text. */
size_t md_word_count(const md_doc *doc);
/* Appends the plain text of a node's inline content. */
void md_node_text(cmark_node *node, buf *out);

/* Writes an anchor id for text to out, as Hugo does: letters and digits of
 * every script kept ("Why Both Are Winning" -> "why-both-are-winning",
 * "日本語の見出し" -> "日本語の見出し", "Überblick" -> "überblick"; Latin,
 * Greek and Cyrillic lowercased), anything else a single '-', '.' and
 * apostrophes dropped ("Vue.js" -> "vuejs"); "section" when no letter or
 * digit is left. Never empty. */
void md_slugify(const char *text, buf *out);

/* Checks that s (len bytes) is valid UTF-8; on failure sets line and col
 * (1-based) of the first bad byte and returns false. */
bool md_valid_utf8(const char *s, size_t len, int *line, int *col);

#endif
