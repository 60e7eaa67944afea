/* inline.h - paragraphs: styled inline fragments, line breaking, and drawing lines into a flow.
 *
 * Fragments, their text and the ops drawn live in the flow's arena (f->a);
 * only para_lines is malloc'd (para_lines_free). A flow and its paragraphs
 * belong to the one thread laying its document out. */
#ifndef IMPRINT_PDF_INLINE_H
#define IMPRINT_PDF_INLINE_H

#include <cmark-gfm.h>

#include "pdf/flow.h"
#include "pdf/linebreak.h"

enum {
    FRAG_STRIKE = 1,     /* struck through */
    FRAG_CODE = 2,       /* inline code: tinted background */
    FRAG_SUPER = 4,      /* superscript (footnote reference) */
    FRAG_BREAK = 8,      /* a hard line break (text unused) */
    FRAG_INTERNAL = 16,  /* link is an anchor name inside the document */
    FRAG_SUB = 32,       /* subscript (raw HTML's <sub>) */
    FRAG_UNDERLINE = 64, /* underlined (raw HTML's <u>, <ins>) */
};

/* A run of text in one style. */
typedef struct frag {
    const char *text; /* UTF-8 (arena) */
    size_t len;       /* bytes */
    pdf_face face;    /* face it is set in */
    double size;      /* font size */
    uint32_t color;   /* text colour */
    const char *link; /* URI or anchor name, NULL if not a link */
    unsigned flags;   /* FRAG_* */
    int note;         /* a footnote reference: the note's id (pdf/notes.h), else 0 */
    const char *lang; /* a passage's own language ([Guten Tag]{lang=de}, core/spans.h), in the
                         flow's arena; NULL: the paragraph's */
} frag;

/* Text style of a paragraph. */
typedef struct inline_style {
    pdf_face regular, bold, italic, bold_italic; /* faces for emphasis combinations */
    double size;                                 /* font size */
    double leading;                              /* line height */
    uint32_t color;                              /* text colour */
    uint32_t link_color;                         /* links */
} inline_style;

typedef enum para_align {
    ALIGN_JUSTIFY,
    ALIGN_RAGGED,
    ALIGN_RIGHT_EDGE,
    ALIGN_CENTERED
} para_align;

typedef struct para {
    frag *frags;
    size_t n, cap;
} para;

/* Appends a fragment (text copied into the flow's arena; link, NULL for none,
 * must already live there, one copy for every fragment of the link). */
void para_add(flow *f, para *p, const char *text, size_t len, pdf_face face, double size,
              uint32_t color, const char *link, unsigned flags);
/* Appends the inline children of node (a paragraph, heading, cell or
 * item) with st's faces; links to "/site/paths" become internal anchors,
 * others URIs (relative ones joined to base_url). Raw HTML's inline tags
 * style the text after them (pdf/html.h's subset: b, i, code, kbd, sup, sub,
 * u, s, small, a href, br, img's alt; <script> and <style> hide it). */
void para_add_inlines(flow *f, para *p, cmark_node *node, const inline_style *st,
                      const char *base_url);

/* A paragraph broken into lines at a width. */
typedef struct para_lines {
    lb_item *items;       /* boxes, glue, penalties */
    struct piece *pieces; /* what each item draws */
    size_t n;
    lb_line *lines;
    size_t nlines;
    double width;
    bool bidi;    /* it has right-to-left text: lines are drawn in visual order (pdf/bidi.h) */
    uint8_t base; /* its base level: 1 for a right-to-left paragraph, else 0 */
} para_lines;

/* Breaks p into lines `width` wide. Free with para_lines_free. */
void para_break(flow *f, const para *p, double width, para_align align, para_lines *out);
void para_lines_free(para_lines *pl);
/* Draws line i at (x, baseline y) into the current flow item. */
void para_draw_line(flow *f, const para *p, const para_lines *pl, size_t i, double x, double y,
                    para_align align);
/* Width of the widest unbreakable piece, and of the whole text on one line. */
double para_min_width(flow *f, const para *p);
double para_max_width(flow *f, const para *p);
/* Lays p out as flow items, one per line, with orphan and widow control;
 * x is the left edge (flow indent added by the caller). Returns the number
 * of lines. The first item gets space_before. */
size_t para_flow(flow *f, const para *p, double x, double width, const inline_style *st,
                 para_align align, double space_before);
/* Baseline offset of a line of text at size in a line of height leading. */
double para_baseline(flow *f, pdf_face face, double size, double leading);

#endif
