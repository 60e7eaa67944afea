/* code.h - a fenced code block laid out into the PDF flow: monospace lines in a box, each
 * token in its highlighting colour, with line numbers and marked lines on request. */
#ifndef IMPRINT_PDF_CODE_H
#define IMPRINT_PDF_CODE_H

#include "core/highlight.h"
#include "pdf/flow.h"

/* Appends the code block text (NUL-terminated; NULL is empty) with the fence
 * info string info (NULL: none) to the flow at f->indent: one item per
 * visual line, a line wider than the box wrapped at a character. Tokens of a
 * language set knows (set may be NULL) take hl_kind_colour's colours;
 * linenos numbers the lines in a gutter (muted), hl_lines puts a band of
 * HL_MARK_COLOUR with an accent bar behind the marked lines
 * (core/highlight.h's hl_fence). Never fails. */
void pdf_code_flow(flow *f, const hl_set *set, const char *info, const char *text);

#endif
