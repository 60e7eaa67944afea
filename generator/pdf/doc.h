/* doc.h - the document being typeset, shared by doc.c (the stages, drawing, links,
 * outline, metadata) and furniture.c (cover, contents, running headers and footers).
 * Internal to the engine. A doc_ctx belongs to one pdf_render call on one thread. */
#ifndef IMPRINT_PDF_DOC_H
#define IMPRINT_PDF_DOC_H

#include <hpdf.h>

#include "core/template.h"
#include "pdf/flow.h"
#include "pdf/hyphen.h"
#include "pdf/image.h"
#include "pdf/paginate.h"
#include "pdf/pdf.h"
#include "pdf/tag.h"

/* The first error libharu reported through its error handler. */
typedef struct hpdf_state {
    HPDF_STATUS error; /* first libharu error, 0 for none */
    HPDF_STATUS detail;
} hpdf_state;

/* Where a named destination was drawn. */
typedef struct anchor_pos {
    const char *name; /* "/guide/x/" or "/guide/x/#id" (in the arena) */
    size_t page;      /* index into the document's pages */
    double x, y;      /* PDF coordinates */
} anchor_pos;

/* A link drawn, resolved once every page exists. */
typedef struct link_req {
    size_t page;        /* index into the document's pages */
    HPDF_Rect rect;     /* the clickable area */
    const char *target; /* an anchor name (internal) or a URI */
    bool internal;      /* target names an anchor */
    int tag;            /* its Link structure element (pdf/tag.h), 0 untagged */
    uint64_t key;       /* its place in reading order */
} link_req;

/* A character no face of the document has, and the source that draws it first. */
typedef struct missing_char {
    uint32_t cp;      /* the code point */
    const char *file; /* the source file (the flow item's), or NULL */
    int line;         /* its line, or 0 */
} missing_char;

/* A flow broken into pages. */
typedef struct paged {
    flow f;         /* the items */
    double *ys;     /* item i's top within its page's text block (malloc'd) */
    pg_page *pages; /* the pages, each a run of items (malloc'd) */
    size_t npages;
    size_t *foot; /* the note items at the pages' feet (pg_page.foot; malloc'd, or NULL) */
} paged;

/* One document being made. Arrays are malloc'd; strings and flows live in a. */
typedef struct doc_ctx {
    const pdf_settings *set; /* the caller's settings */
    const pdf_meta *meta;    /* the caller's cover and metadata */
    HPDF_Doc doc;            /* the libharu document */
    hpdf_state hs;           /* its first error */
    pdf_style st;            /* the look (style.h) */
    pdf_fonts *fonts;        /* the faces, loaded into doc */
    arena *a;                /* flows, strings */
    HPDF_Page *pages;        /* every page drawn, in order */
    size_t npages, cappages;
    anchor_pos *anchors; /* destinations drawn */
    size_t nanchors, capanchors;
    link_req *links; /* links drawn */
    size_t nlinks, caplinks;
    tpl_set *tpls;                /* the header and footer templates */
    const tpl *hf[4];             /* header left/right, footer left/right */
    pdf_hyphenator *hyph;         /* patterns loaded for this document, or NULL */
    pdf_images *images;           /* the pictures loaded into doc (body images, the logo) */
    paged body, toc;              /* the chapters, the contents */
    size_t *page_of;              /* body item i is on body page page_of[i] */
    err_list *errs;               /* the caller's error list */
    pdf_tags *tags;               /* the structure (pdf/tag.h), NULL when the PDF is not tagged */
    int mc;                       /* the marked-content sequence open on the page being drawn: -1
                                     none, 0 an artifact, else the element whose content it is */
    uint64_t key_base;            /* reading-order keys of the flow being drawn start here (0: the
                                     cover, whose content is keyed in drawing order, by seq) */
    uint64_t seq;                 /* the last key given in drawing order */
    bool repeat_first;            /* the next doc_draw_items' first item repeats a table header (an
                                     artifact) */
    struct missing_char *missing; /* characters no face has, each once (malloc'd) */
    size_t nmissing, capmissing;
    bool rtl; /* the document's language is written right to left: the cover, the contents and
                 the running heads are mirrored, their lines right to left */
} doc_ctx;

/* ---- doc.c: drawing ---- */

/* Sets the fill or stroke colour to 0xRRGGBB. */
void doc_rgb_fill(HPDF_Page p, uint32_t c);
void doc_rgb_stroke(HPDF_Page p, uint32_t c);
/* Marked content (a tagged PDF; no-ops otherwise): opens a sequence of
 * element tag's content (0: an artifact) on page p, the page drawn last,
 * closing the one open unless it is the same; doc_tag_end closes it. What
 * is drawn between belongs to tag. */
void doc_tag_begin(doc_ctx *d, HPDF_Page p, int tag);
void doc_tag_end(doc_ctx *d, HPDF_Page p);
/* Adds a page of the style's size at the end of the document and returns it. */
HPDF_Page doc_new_page(doc_ctx *d);
/* Appends n bytes of raw PDF operators to page p's content stream (after
 * whatever libharu has written there; end them with a newline). */
void doc_page_write(HPDF_Page p, const char *s, size_t n);
/* The state of the text object open on a page: consecutive runs share one
 * BT ... ET and set the font and colour only when they change. */
typedef struct text_state {
    bool open;      /* inside BT ... ET */
    pdf_face face;  /* the font set, FACE_COUNT for none */
    double size;    /* its size */
    uint32_t color; /* the fill colour set, above 0xffffff for none */
} text_state;

/* Shows op's text (OP_TEXT, OP_TEXT_RTL: layout's runs, already in visual
 * order) with its baseline at (x, y) on page p, inside the text object ts
 * (opened as needed): characters its face lacks in the fallback chain; a
 * character no face has is left out and recorded for
 * doc_missing_glyphs_report with file:line, the source of the text (NULL,
 * 0: none). */
void doc_text_show(doc_ctx *d, HPDF_Page p, text_state *ts, const pdf_op *op, double x, double y,
                   const char *file, int line);
/* Closes the text object ts, if one is open (before marked content changes). */
void doc_text_end(HPDF_Page p, text_state *ts);
/* Warns once for each source line whose characters no font has, naming them
 * and the font to add. */
void doc_missing_glyphs_report(doc_ctx *d);

/* Draws one line of text with its baseline at (x, y), as one BT..ET text
 * object in face's font (pdf_font_select, pdf_font_show): a line with
 * right-to-left characters in visual order (the document's direction its
 * base), characters no face has left out; nothing for "". */
void doc_draw_text(doc_ctx *d, HPDF_Page p, pdf_face face, double size, uint32_t color, double x,
                   double y, const char *text);
/* Draws the ops of the n items idx[] of f with tops at ys[], in the text
 * block whose top-left corner is (left, top); records their anchors and
 * links on the last page added. */
void doc_draw_items(doc_ctx *d, HPDF_Page p, const flow *f, const size_t *idx, const double *ys,
                    size_t n, double left, double top);

/* ---- furniture.c: what the engine adds around the chapters ---- */

/* Draws the cover on a new page. Returns 0, or -1 with an error (an
 * unreadable brand.logo; the rest of the cover is still drawn). */
int doc_cover(doc_ctx *d);
/* Lays the contents out into f: chapters and their sections, dot leaders,
 * body page numbers (page_of_item[item] + 1), each line a link. */
void doc_contents(doc_ctx *d, const flow *body, const size_t *page_of_item, flow *f);
/* Draws a page's running header (body pages) and footer: the templates of
 * pdf.header and pdf.footer, cut to fit; contents pages get a roman number. */
void doc_header_footer(doc_ctx *d, HPDF_Page p, const char *chapter, size_t pageno, size_t pages,
                       bool header);

#endif
