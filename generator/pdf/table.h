/* table.h - tables in the PDF: data tables and GFM pipe tables as grids of paragraphs.
 * Grids live in the flow's arena, used by the one thread laying it out. */
#ifndef IMPRINT_PDF_TABLE_H
#define IMPRINT_PDF_TABLE_H

#include "core/model.h"
#include "pdf/inline.h"

/* A table ready for layout: row 0 is the header. */
typedef struct pdf_grid {
    size_t nrows, ncols;
    para *cells;         /* nrows * ncols, row-major */
    col_align *align;    /* per column: ALIGN_LEFT, ALIGN_RIGHT or ALIGN_CENTER */
    bool *row_header;    /* per column: cells head their row (bold) */
    const char *caption; /* NULL for none */
    const char *source;  /* attribution line, NULL for none */
} pdf_grid;

/* Builds a grid from a data table (cells formatted and aligned as on the
 * site). Everything it allocates lives in f->a. */
void pdf_grid_from_dtable(flow *f, const dtable *t, pdf_grid *g);
/* Builds a grid from a cmark-gfm table node: the first row is the header,
 * columns align as the delimiter row says ("---:" right, ":-:" centre, else
 * left), links relative to base_url. Everything it allocates lives in f->a. */
void pdf_grid_from_gfm(flow *f, cmark_node *table, const char *base_url, pdf_grid *g);

/* Lays the grid out as flow items: caption, header row (repeated on every
 * page the table continues on), rows, source line. Column widths follow the
 * content; when even the narrowest widths do not fit, the type shrinks down
 * to 70% and then words break anywhere. anchor (may be NULL) names the
 * table's destination. */
void pdf_grid_flow(flow *f, const pdf_grid *g, double x, double width, double space_before,
                   const char *anchor);

#endif
