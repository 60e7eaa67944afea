/* chart_internal.h - the chart object, shared by chart.c (options, model) and
 * chart_draw.c (layout, SVG) only. */
#ifndef IMPRINT_CHART_INTERNAL_H
#define IMPRINT_CHART_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/chart.h"
#include "util/buf.h"

/* Which number of a cell a series draws. */
typedef enum val_mode { VM_VALUE, VM_LOW, VM_HIGH, VM_RANGE } val_mode;

#define NO_COLUMN ((size_t)-1)

struct chart {
    arena *a;          /* owns the option values and every array below */
    const dtable *t;   /* the table charted (not owned) */
    const char *title; /* option title or the table's caption */
    size_t *rows;      /* row indices into t, in display order */
    size_t nrows;
    size_t *series; /* column indices into t, one bar each per row */
    val_mode *mode; /* mode[i] belongs to series[i] */
    size_t nseries;
    size_t label_col; /* column of the category labels, NO_COLUMN: row ids */
};

/* The numbers cell gives under mode: *a = *b for a single number, low and
 * high for a range. Returns 1, 0 for an empty cell (no bar), -1 when the cell
 * has no such number. */
int chart_cell_nums(const value *cell, val_mode mode, double *a, double *b);
/* The "id" cell of row r of t as a string, or NULL when it has none. */
const char *chart_row_id(const dtable *t, size_t r);

#endif
