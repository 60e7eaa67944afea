/* linebreak.h - paragraph line breaking on boxes, glue and penalties.
 *
 * The model is Knuth and Plass's ("Breaking Paragraphs into Lines", 1981):
 * a paragraph is a sequence of boxes (fixed width), glue (a space that can
 * stretch and shrink) and penalties (possible breaks with a cost; a flagged
 * penalty is a hyphen). The breaker only sees widths, so the same items can
 * come from any font or script. This module is the one place that decides
 * where lines end; its algorithm can be replaced without touching callers.
 * It keeps no state: any thread may break any paragraph. */
#ifndef IMPRINT_PDF_LINEBREAK_H
#define IMPRINT_PDF_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>

#define LB_INFINITY 10000.0 /* a penalty >= this never breaks; <= -this always breaks */

typedef enum lb_type { LB_BOX, LB_GLUE, LB_PENALTY } lb_type;

typedef struct lb_item {
    lb_type type;   /* box, glue or penalty */
    double width;   /* natural width (a penalty's width is added only when it breaks: a hyphen) */
    double stretch; /* glue: how far it may stretch */
    double shrink;  /* glue: how far it may shrink */
    double penalty; /* penalty: cost of breaking here */
    bool flagged;   /* penalty: a hyphenation break */
} lb_item;

typedef enum lb_mode {
    LB_GREEDY,  /* first fit: as many items on each line as fit (ragged text, fallback) */
    LB_OPTIMAL, /* Knuth–Plass total fit: least total demerits over the paragraph */
} lb_mode;

/* One line of the result. */
typedef struct lb_line {
    size_t start;  /* first item on the line (leading glue already skipped) */
    size_t end;    /* the break item (glue or penalty) ending the line, or n for the last */
    double ratio;  /* adjustment ratio: >0 stretch, <0 shrink (of the glue on the line) */
    bool overfull; /* the content did not fit even fully shrunk */
} lb_line;

/* Breaks items[0..n) into lines of width line_width. The paragraph should
 * end with glue and a forced break (penalty -LB_INFINITY). Returns the number
 * of lines written to *lines (a malloc'd array the caller frees). A box wider
 * than the line gets a line of its own and is marked overfull: the caller
 * splits such boxes beforehand where it can.
 *
 * LB_OPTIMAL tries adjustment-ratio tolerances of 1, then 2, keeping every
 * line's ratio within [-1, tolerance]; it never sets more than two hyphenated
 * lines in a row. When no set of breaks meets 2, an emergency pass accepts
 * any looseness and still minimises demerits (the paragraph then has loose
 * lines, as in TeX with emergency stretch); only when that fails too does it
 * fall back to LB_GREEDY. */
size_t lb_break(const lb_item *items, size_t n, double line_width, lb_mode mode, lb_line **lines);

/* lb_break, also setting *work (when not NULL) to the number of candidate
 * lines it weighed, over every pass: the measure of its cost, which grows with
 * the paragraph's length times the lines a break can reach back, never with
 * the length squared (tests hold it to that). */
size_t lb_break_counted(const lb_item *items, size_t n, double line_width, lb_mode mode,
                        lb_line **lines, size_t *work);

#endif
