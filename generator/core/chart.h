/* chart.h - bar charts of data tables: options, layout to a display list, SVG output.
 *
 * A ```chart NAME``` directive names a data table; its body holds YAML
 * options. The chart is laid out once into a display list of rectangles,
 * lines and text in a top-left origin, y-down coordinate space (points), which
 * the web renderer turns into inline SVG (chart_svg) and the PDF engine draws
 * with libharu. Options (all optional):
 *   title:  text above the chart          (default: the table's caption)
 *   rows:   [row ids]                     (default: every row)
 *   series: [column keys]                 (default: every column whose cells are all numeric)
 *   value:  value | low | high | range    (which number of a cell; default: range when the
 *                                          cells are {low, high}, else value)
 *   label:  column key for category labels (default: the first row-header column) */
#ifndef IMPRINT_CHART_H
#define IMPRINT_CHART_H

#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"
#include "core/model.h"

/* The largest magnitude a charted value may have: beyond it the axis
 * arithmetic (ticks, labels, SVG numbers to two decimals) loses precision or
 * overflows, so chart_new refuses such a value at the directive. */
#define CHART_MAX_VALUE 1e15

typedef struct chart chart;

/* Parses the options (YAML text, may be empty) against table t. file/line
 * place errors: line is the file line of the options' first line. Unknown
 * options, row ids and column keys, and series with non-numeric cells are
 * errors listing what is allowed. Returns the chart (free with chart_free) or
 * NULL with errors. */
chart *chart_new(const dtable *t, const char *options, const char *file, int line, err_list *errs);
void chart_free(chart *c);
/* The chart's title (never NULL). */
const char *chart_title(const chart *c);

typedef enum ch_kind { CH_RECT, CH_LINE, CH_TEXT } ch_kind;
typedef enum ch_anchor { CH_START, CH_MIDDLE, CH_END } ch_anchor;

/* One thing to draw. */
typedef struct ch_item {
    ch_kind kind;     /* which of the fields below apply */
    double x, y;      /* rect: top-left corner; line: start; text: baseline anchor point */
    double w, h;      /* rect: size; line: end point is (x + w, y + h) */
    double size;      /* text: font size; line: stroke width */
    ch_anchor anchor; /* text: which end of the text sits at x */
    int bold;         /* text: bold face */
    uint32_t color;   /* 0xRRGGBB fill (rect, text) or stroke (line) */
    const char *text; /* text: UTF-8, owned by the geometry */
} ch_item;

/* A laid-out chart. */
typedef struct ch_geom {
    double width, height; /* the box the items fill */
    ch_item *items;       /* in drawing order */
    size_t n;             /* number of items */
    char *desc;           /* a text alternative listing every value ("Rust: 22,000; ...") */
} ch_geom;

/* Colours and type for a chart; the series cycle through series[]. */
typedef struct chart_style {
    uint32_t series[4]; /* bar colours */
    uint32_t text;      /* labels */
    uint32_t muted;     /* axis ticks and legend text */
    uint32_t grid;      /* grid lines */
    double font_size;   /* label size in points */
} chart_style;

/* Width of text at a size in the caller's font (bold or not). */
typedef double (*chart_measure_fn)(void *ctx, const char *text, double size, int bold);

/* Lays c out `width` wide; the height follows from the rows and series.
 * measure may be NULL (an average-width estimate is used). Fills *g (free
 * with ch_geom_free). */
void chart_layout(const chart *c, double width, const chart_style *style, chart_measure_fn measure,
                  void *ctx, ch_geom *g);
void ch_geom_free(ch_geom *g);

/* Appends the geometry as an accessible inline <svg> (role="img", <title>,
 * <desc>) inside a <figure> with a <figcaption>; id makes ids unique. */
void chart_svg(const chart *c, const ch_geom *g, const char *id, buf *out);

#endif
