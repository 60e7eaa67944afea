/* table.h - data tables: validating content/data/NAME.yaml tables and formatting their cells.
 *
 * Schema (docs/directives.md documents it for users):
 *   caption: text (required)         source: text      source_url: URL
 *   columns: [{key, label, align?, prefix?, suffix?, decimals?, row_header?}] (required)
 *   rows: [{id?, <key>: cell, ...}] (required)
 * A cell is a string (shown as is), a number (prefix + grouped digits +
 * suffix), a {low, high} range ("$80 to $150"), or a map with `text` (shown)
 * plus numbers for computation. prefix/suffix in a cell map override the
 * column's. */
#ifndef IMPRINT_TABLE_H
#define IMPRINT_TABLE_H

#include "util/buf.h"
#include "util/err.h"
#include "core/model.h"

/* True when a data document looks like a table (a map with columns and rows). */
bool dtable_is_table(const value *doc);

/* Validates doc as a table named name. Returns the table (arena-allocated) or
 * NULL with file:line:col errors for every problem found. */
dtable *dtable_from_value(arena *a, const char *name, const char *file, const value *doc,
                          err_list *errs);

/* The cell of row r under column c, NULL when absent. */
const value *dtable_cell(const dtable *t, size_t r, size_t c);
/* Appends the display text of a cell (see the schema above). */
void dtable_cell_text(const dtable *t, size_t r, size_t c, buf *out);
/* The alignment a column renders with (ALIGN_AUTO resolved). */
col_align dtable_col_align(const dtable *t, size_t c);
/* The row whose id is id, or NULL. */
const value *dtable_row(const dtable *t, const char *id);
/* Appends a number with thousands separators and `decimals` digits (-1: as few as needed). */
void dtable_format_number(double x, int decimals, buf *out);
/* dtable_format_number with other separators between thousands and before
 * the decimals (a language's: core/i18n.h's i18n_number). */
void dtable_format_number_sep(double x, int decimals, const char *thousands, const char *point,
                              buf *out);

/* Appends the table as an accessible HTML <figure> with caption, scoped
 * header cells and the source line. id_prefix makes element ids unique in the
 * page ("table-rates"). */
void dtable_render_html(const dtable *t, const char *id_prefix, buf *out);

#endif
