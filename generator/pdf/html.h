/* html.h - raw HTML in the PDF: an HTML fragment built into the blocks the layout already
 * knows, and the look of the elements that hold blocks.
 *
 * Only with markdown.unsafe: otherwise core/markdown.c has replaced raw HTML
 * by a comment, which builds to nothing. The subset the PDF renders:
 *   p, br, a, em, strong, b, i, u, code, kbd, sup, sub, small, s, del, img,
 *   ul, ol, li, blockquote, h1-h6, hr, pre, table, tr, th, td (thead, tbody
 *   and tfoot read through), caption, and as boxes of blocks aside, div,
 *   section, article, details, summary, figure, figcaption, header, footer,
 *   nav, main, address, center, dl, dt, dd, fieldset, legend, form.
 * Any other element shows its text; <script> and <style> show nothing;
 * comments are dropped; character references are decoded. */
#ifndef IMPRINT_PDF_HTML_H
#define IMPRINT_PDF_HTML_H

#include <cmark-gfm.h>

#include "core/model.h"
#include "pdf/flow.h"
#include "util/err.h"

/* Block elements nest at most this deep; deeper start tags are read as if
 * they were not there (their text stays). */
#define PDF_HTML_MAX_DEPTH 12

/* Builds the len bytes of HTML at html into a cmark tree: a document node
 * (free with cmark_node_free) whose blocks are paragraphs, headings, lists,
 * block quotes, rules, code blocks, and custom blocks for the elements that
 * hold blocks (on_enter their start tag: "<aside class=\"pquote\">"); a
 * table is a custom block of rows of cells ("<table>", "<tr>", "<td>").
 * Paragraphs hold text (references decoded), line breaks, images (url from
 * src, alt text as their text, an HTML width kept as core/imgattr.h's
 * width) and the inline tags as inline HTML nodes, for para_add_inlines to
 * style. Never fails, and the tree is at most PDF_HTML_MAX_DEPTH + 4 deep. */
cmark_node *pdf_html_tree(const char *html, size_t len);

/* The look of an element that holds blocks: set for its class (the first
 * of its classes that has one) or else its element name. */
typedef struct pdf_html_look {
    char name[16];  /* the element's name, lower case ("" when on_enter has no tag) */
    double size;    /* body type size, a factor (1) */
    pdf_face face;  /* body text face: FACE_BODY, FACE_ITALIC, FACE_BOLD or FACE_SANS */
    uint32_t color; /* text colour, 0xrrggbb */
    bool recolor;   /* color is set (else the text colour stays) */
    bool rule;      /* a rule above and below */
    bool bar;       /* a bar at the left, as a block quote has */
    double indent;  /* points, on the left and the right */
} pdf_html_look;

/* Fills look for the start tag in tag (a custom block's on_enter; may be
 * NULL) from the built-in looks and config's pdf.html_classes (site.yaml),
 * colours named by their brand role resolved in st. Returns 0, or -1 with an
 * error at each bad pdf.html_classes value (the built-in look is kept). */
int pdf_html_look_of(const char *tag, const value *config, const pdf_style *st, pdf_html_look *look,
                     err_list *errs);

#endif
