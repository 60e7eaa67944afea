/* flow.h - the PDF engine's internal model: drawing ops, the vertical flow, the style.
 *
 * Layout turns blocks into a flow: a list of items (a line of a paragraph, a
 * table row, a heading line, a chart), each with a height, the space above
 * it, whether it must stay with the next item, and the drawing ops that paint
 * it relative to its own top-left corner (y grows downwards). Pagination
 * then only moves whole items (a footnote's lines are items too, placed at
 * the foot of the page whose line references the note); rendering turns ops
 * into libharu calls. */
#ifndef IMPRINT_PDF_FLOW_H
#define IMPRINT_PDF_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"
#include "core/model.h"
#include "pdf/font.h"
#include "pdf/tag.h"

struct pdf_image; /* a loaded picture (pdf/image.h) */

typedef enum op_kind {
    OP_TEXT,      /* text in face/size/color at (x, y = baseline) */
    OP_TEXT_RTL,  /* the same, set right to left: shaped in that direction, glyphs in visual
                     order from x */
    OP_RECT,      /* filled rectangle (x, y top-left, w, h) */
    OP_LINE,      /* stroked line from (x, y) to (x + w, y + h), width line_width */
    OP_LINK_URI,  /* clickable rectangle opening the URI in text */
    OP_LINK_DEST, /* clickable rectangle jumping to the anchor named text */
    OP_ANCHOR,    /* a destination named text at (x, y) */
    OP_IMAGE,     /* the picture image drawn into (x, y, w, h); text is its alt text */
} op_kind;

typedef struct pdf_op { /* (fields ordered to pack: a long document holds millions) */
    op_kind kind;       /* what to draw */
    pdf_face face;      /* OP_TEXT */
    uint32_t color;     /* 0xRRGGBB fill or stroke */
    int tag;            /* the structure element (pdf/tag.h) its content belongs to; 0: an
                           artifact (decoration) */
    double x, y, w, h;  /* position and size, relative to the item's top-left */
    double size;        /* OP_TEXT: font size; OP_LINE: line width */
    const char *text;   /* text, URI, anchor name or an image's alt text (arena) */
    /* OP_IMAGE: the picture (pdf/image.h), owned by the document's image cache */
    const struct pdf_image *image;
} pdf_op;

typedef struct flow_item {
    double height;       /* vertical extent */
    double space_before; /* gap above; dropped at the top of a page */
    bool keep_with_next; /* no page break between this item and the next */
    bool break_before;   /* always start a new page here (a chapter) */
    long header;         /* for a table row: index of its header item to repeat, else -1 */
    const char *chapter; /* set on a chapter's first item: the running header text */
    size_t op_start;     /* first op in flow.ops */
    size_t op_count;     /* number of ops */
    int quote_depth;     /* block quotes it sits in (a bar is drawn for each) */
    const char *file;    /* the source its content comes from (for errors), or NULL */
    int line;            /* the line there its block starts, or 0 */
    int note;            /* nonzero: a line of note `note`, for a page's foot (paginate.h) */
    int ref;             /* nonzero: the first note placed with this line (then flow_note.next) */
} flow_item;

/* A footnote: one for each definition referenced, numbered at its first
 * reference, laid out at its chapter's end (pdf/notes.h). */
typedef struct flow_note {
    const void *def;    /* its cmark footnote definition (one note for each) */
    const char *label;  /* the number the references and the note show ("3") */
    const char *anchor; /* its destination name, which the references link to */
    long item;          /* the body item whose line first references it; -1 before */
    int next;           /* the next note placed with the same line, 0 for none */
    size_t first, end;  /* its items [first, end), once laid out */
} flow_note;

/* A heading, for the outline and the table of contents. */
typedef struct flow_heading {
    int level;          /* 1 = chapter, 2, 3, 4 */
    const char *title;  /* plain text (with its number when numbered) */
    const char *anchor; /* its destination name ("/guide/x/#id", "/guide/x/") */
    size_t item;        /* the flow item it starts at */
} flow_heading;

/* Colours, type sizes and page geometry, from site.yaml (pdf: and brand:). */
typedef struct pdf_style {
    double page_w, page_h; /* points */
    double margin_top, margin_bottom, margin_inner, margin_outer;
    double body_size, leading; /* body text size and line height */
    double small_size;         /* captions, tables, footnotes */
    bool justify;              /* justified body paragraphs */
    bool number_headings;      /* "2.1 Title" */
    bool chapter_new_page;     /* chapters start on a new page */
    bool tagged;               /* a tagged PDF (PDF/UA-1, PDF/A-2a); else untagged, PDF/A-2u */
    bool strict;               /* PDF/UA's demands on the author (alt text) are errors */
    int balance_lines;         /* a chapter's last page gets at least this many items (0: off) */
    bool notes_at_foot;        /* footnotes at the foot of their page, else at the chapter's end */
    bool notes_continuous;     /* footnotes numbered through the document, else per chapter */
    uint32_t primary, accent, text, muted, surface, rule;
    pdf_face body_face; /* body text's face: FACE_BODY (0); a raw HTML element's look (html.h)
                           may set FACE_ITALIC, FACE_BOLD or FACE_SANS for its text */
    const char *header_left, *header_right, *footer_left,
        *footer_right; /* Mustache templates; footer_right NULL: the words' page_x_of_y */
} pdf_style;

/* The flow being built; every string and array lives in `a`. */
typedef struct flow {
    arena *a;
    const pdf_fonts *fonts;
    const pdf_style *st;
    double width;      /* text block width (less a block quote's right indent) */
    double full_width; /* the text block's whole width, in which a right-to-left chapter's
                          boxes are mirrored (flow_mirror_x) */
    pdf_op *ops;
    size_t nops, capops;
    flow_item *items;
    size_t nitems, capitems;
    flow_heading *heads;
    size_t nheads, capheads;
    int heading_shift;    /* added to every heading's level: 1 inside a part (a part is level 1) */
    bool break_next;      /* the next chapter starts a new page (it follows a part's divider) */
    int quote_depth;      /* current block quote nesting */
    double indent;        /* current left indent (lists, quotes) */
    const char *page_url; /* URL of the chapter being laid out ("#x" links resolve to it) */
    const char *base_url; /* site base URL, for relative links */
    const char *pending_anchor; /* an anchor for the next item's top, NULL when none */
    const char *src_file;       /* the source of the block being laid out (errors), or NULL */
    int src_line;               /* its first line there, or 0 */
    const struct pdf_hyphenator *hyph; /* hyphenation patterns; NULL: no hyphenation */
    bool rtl;      /* the chapter's language is written right to left: its paragraphs start
                      at the right (pdf/bidi.h), its lists' markers and images mirrored */
    bool dir_auto; /* (not rtl) a paragraph takes the direction of its first strong letter, as
                      in a chapter's body; else left to right (the contents, the cover) */
    /* structure (pdf/tag.h): NULL when the PDF is not tagged */
    pdf_tags *tags;
    int tag;              /* the element text, images and links added now belong to (0: artifact) */
    int shape_tag;        /* the element rectangles and lines belong to: 0 (decoration), except
                             inside a chart, whose drawing is its Figure's content */
    int part_tag;         /* the Part element chapters go into, 0 for the Document */
    int last_h;           /* the level of the last heading element, so that levels never skip */
    const char *link_src; /* the link (frag.link) link_tag was made for */
    int link_tag;         /* its Link element */
    const char *span_src; /* the passage language (frag.lang) span_tag was made for */
    int span_tag;         /* its Span element: the runs of one passage share it */
    /* a list marker waiting for the next item (drawn at its baseline) */
    const char *marker; /* NULL when none */
    double marker_x, marker_y;
    pdf_face marker_face;
    double marker_size;
    uint32_t marker_color;
    int marker_tag; /* the marker's element (a Lbl) */
    int marker_box; /* a task list item's box drawn instead of the marker's text: 0 none,
                       1 open, 2 checked */
    /* footnotes (pdf/notes.h): note id i is notes[i - 1] */
    flow_note *notes; /* every note referenced so far */
    size_t nnotes, capnotes;
    int note_number;        /* the last number given in the current numbering */
    int note_open;          /* the note being laid out, 0 when none */
    const void *note_doc;   /* the cmark document whose definitions note_defs lists */
    const void **note_defs; /* its footnote definitions, in cmark's numbering order */
    int *note_ids;          /* the note id of each of them, 0 while unreferenced */
    size_t nnote_defs;
} flow;

/* Building a flow: one thread per flow; every string passed in is copied
 * into f->a, so it need not outlive the call, except flow_link's target, which
 * must already live in f->a: a link broken over many lines shares one copy. */

/* Starts a new item; ops added until the next flow_begin belong to it (an
 * anchor pending in f->pending_anchor goes on its top). Returns its index. */
size_t flow_begin(flow *f, double height, double space_before, bool keep_with_next);
/* Add one op to the current item, at (x, y) relative to its top-left corner
 * (see op_kind for what each draws). */
void flow_text(flow *f, double x, double y, pdf_face face, double size, uint32_t color,
               const char *text, size_t len);
/* Text (in logical order) set right to left from its left edge x. */
void flow_text_rtl(flow *f, double x, double y, pdf_face face, double size, uint32_t color,
                   const char *text, size_t len);
void flow_rect(flow *f, double x, double y, double w, double h, uint32_t color);
void flow_line(flow *f, double x, double y, double w, double h, double width, uint32_t color);
void flow_link(flow *f, op_kind kind, double x, double y, double w, double h, const char *target);
void flow_anchor(flow *f, double x, double y, const char *name);
/* An image op: img drawn into (x, y, w, h), alt its alternative text (kept
 * for tagging; "" when it has none). */
void flow_image(flow *f, double x, double y, double w, double h, const char *alt,
                const struct pdf_image *img);
void flow_heading_add(flow *f, int level, const char *title, const char *anchor, size_t item);

/* The left edge of a box that is w wide and starts x from the text block's
 * start edge: x itself, or in a right-to-left chapter (f->rtl) its mirror
 * image, as far from the right edge. */
double flow_mirror_x(const flow *f, double x, double w);

/* Opens a structure element of type inside the current one (f->tag) and
 * makes it current; returns the element that was current, for
 * flow_tag_close. Without tagging (f->tags NULL) nothing changes and the
 * current element (0) is returned. */
int flow_tag_open(flow *f, tag_type type);
/* Makes prev (what flow_tag_open returned) current again. */
void flow_tag_close(flow *f, int prev);
/* A heading element for a heading of level (1 = chapter, after the flow's
 * heading_shift is added): H1..H6, never more than one level below the
 * previous heading, as PDF/UA asks. Opens it as flow_tag_open does. */
int flow_tag_heading(flow *f, int level);

#endif
