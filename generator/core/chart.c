/* chart.c - bar charts of data tables: option parsing, layout to a display list, inline SVG.
 *
 * A chart is a horizontal bar chart: one group per table row, its category
 * label at the left, one bar per series (table column) inside the group, a
 * legend above and a value axis below.
 *
 *   ■ Series one         ■ Series two                        legend (wraps)
 *                      │████████████ 22,000
 *    Simple JSON REST  │███████████████████ 35,000           a group per row
 *   API (RPS per core) │
 *                      0      10,000     20,000     30,000   tick labels
 *
 * Layout works in the caller's units (points for the PDF, viewBox units for
 * SVG), top-left origin, y down:
 *  1. Category labels get at most a third of the width, right-aligned against
 *     the plot; a label too wide wraps onto two lines at the most balanced
 *     word break, then shrinks (to 75%), then loses its tail to an ellipsis.
 *     The text alternative (desc) always has the full text.
 *  2. The value axis starts at zero (or lower, for negative data) and ends on
 *     a round tick: steps of 1, 2 or 5 times a power of ten, about five of
 *     them, widened while tick labels would collide.
 *  3. The plot is as wide as it can be while every value label, placed just
 *     past its bar's end, and the last tick label stay inside the box. If
 *     that leaves too narrow a plot, every font shrinks and layout reruns.
 * Text widths come from the caller's measure function or, without one, from
 * an estimate built on DejaVu Sans metrics (a wide UI font), so that labels
 * fit whichever font a browser picks. Numbers in the SVG are printed with
 * integer arithmetic to two decimals: no locale or float-printing quirks. */
#include "core/chart.h"
#include "core/chart_internal.h"

#include "core/table.h"
#include "util/xalloc.h"
#include "core/yamlload.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const mode_names[] = {"value", "low", "high", "range"};

/* ---- cells ---- */

int chart_cell_nums(const value *cell, val_mode mode, double *a, double *b)
{
    if (!cell || cell->type == VAL_NULL)
        return 0;
    if (cell->type == VAL_NUM) {
        *a = *b = cell->u.num;
        return isfinite(*a) ? 1 : -1;
    }
    if (cell->type != VAL_MAP)
        return -1;
    const value *v = val_map_get(cell, "value");
    const value *lo = val_map_get(cell, "low"), *hi = val_map_get(cell, "high");
    const value *x = NULL, *y = NULL;
    switch (mode) {
    case VM_VALUE:
        x = y = v;
        break;
    case VM_LOW:
        x = y = lo ? lo : v;
        break;
    case VM_HIGH:
        x = y = hi ? hi : v;
        break;
    case VM_RANGE:
        if (lo && hi)
            x = lo, y = hi;
        else
            x = y = v;
        break;
    }
    if (!x || x->type != VAL_NUM || y->type != VAL_NUM)
        return -1;
    *a = x->u.num;
    *b = y->u.num;
    return isfinite(*a) && isfinite(*b) ? 1 : -1;
}

static bool cell_is_range(const value *cell)
{
    return cell && cell->type == VAL_MAP && val_map_get(cell, "low") && val_map_get(cell, "high");
}

const char *chart_row_id(const dtable *t, size_t r)
{
    return val_as_str(val_map_get(t->rows[r], "id"));
}

/* Appends a short description of a cell for messages: its text, or its type. */
static void cell_brief(const dtable *t, size_t r, size_t col, buf *out)
{
    const value *cell = dtable_cell(t, r, col);
    if (!cell || cell->type == VAL_NULL) {
        buf_puts(out, "an empty cell");
        return;
    }
    buf tmp = BUF_INIT;
    dtable_cell_text(t, r, col, &tmp);
    if (tmp.len)
        buf_printf(out, "\"%s\"", buf_cstr(&tmp));
    else
        buf_puts(out, val_type_name(cell->type));
    buf_free(&tmp);
}

/* ---- options ---- */

/* Where option errors go: the options' text and the file line of its first line. */
typedef struct opt_ctx {
    const dtable *t;
    const char *text;
    const char *file;
    int line0;
    err_list *errs;
    bool *failed; /* set by opt_err_at: the options have an error */
} opt_ctx;

static void opt_err_at(const opt_ctx *o, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void opt_err_at(const opt_ctx *o, int line, int col, const char *fmt, ...)
{
    buf msg = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    err_add(o->errs, o->file, line, col, "%s", buf_cstr(&msg));
    *o->failed = true;
    buf_free(&msg);
}

/* The position of v, or of the directive's fence (the line before the
 * options, column 1 where fences are written) when v is NULL: a default that
 * does not work. AT expands to the line and column arguments of opt_err_at. */
static int at_line(const opt_ctx *o, const value *v)
{
    return v ? v->pos.line : o->line0 - 1;
}

static int at_col(const value *v)
{
    return v ? v->pos.col : 1;
}

#define AT(o, v) at_line((o), (v)), at_col(v)

/* Column of `key` on the line of its value v: libyaml marks values, not keys,
 * and a message about a key should point at the key. */
static int key_col(const opt_ctx *o, const value *v, const char *key)
{
    const char *p = o->text;
    for (int i = o->line0; i < v->pos.line && p; i++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    if (!p)
        return v->pos.col;
    const char *end = strchr(p, '\n');
    size_t n = end ? (size_t)(end - p) : strlen(p), klen = strlen(key);
    for (size_t i = 0; klen && i + klen <= n; i++)
        if (memcmp(p + i, key, klen) == 0)
            return (int)i + 1;
    return v->pos.col;
}

/* Appends the table's row ids as "a, b, c" (or a note that there are none). */
static void list_row_ids(const dtable *t, buf *out)
{
    size_t shown = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *id = chart_row_id(t, r);
        if (id)
            buf_printf(out, "%s%s", shown++ ? ", " : "", id);
    }
    if (!shown)
        buf_puts(out, "none: give rows an 'id' to pick them");
}

static void list_columns(const dtable *t, buf *out)
{
    for (size_t c = 0; c < t->ncols; c++)
        buf_printf(out, "%s%s", c ? ", " : "", t->cols[c].key);
}

/* Finds column key in t; reports an unknown key at v. */
static size_t find_column(const opt_ctx *o, const value *v, const char *what)
{
    const char *key = val_as_str(v);
    if (!key) {
        opt_err_at(o, AT(o, v), "%s must be a column key, not %s", what, val_type_name(v->type));
        return NO_COLUMN;
    }
    for (size_t c = 0; c < o->t->ncols; c++)
        if (strcmp(o->t->cols[c].key, key) == 0)
            return c;
    buf cols = BUF_INIT;
    list_columns(o->t, &cols);
    opt_err_at(o, AT(o, v), "unknown column '%s' in table '%s' (columns: %s)", key, o->t->name,
               buf_cstr(&cols));
    buf_free(&cols);
    return NO_COLUMN;
}

/* The items of a list option; a single scalar counts as a list of one. */
static size_t list_items(const value *v, const value *const **items)
{
    if (v->type == VAL_LIST) {
        *items = (const value *const *)v->u.list.items;
        return v->u.list.len;
    }
    *items = NULL;
    return 1;
}

static bool parse_rows(chart *c, const opt_ctx *o, const value *v)
{
    const value *const *items;
    size_t n = list_items(v, &items);
    if (n == 0) {
        opt_err_at(o, AT(o, v), "%s", "'rows' is empty; leave it out to chart every row");
        return false;
    }
    bool ok = true;
    c->rows = arena_alloc(c->a, n * sizeof *c->rows);
    for (size_t i = 0; i < n; i++) {
        const value *it = items ? items[i] : v;
        const char *id = val_as_str(it);
        if (!id) {
            opt_err_at(o, AT(o, it), "a row must be named by its id, not %s",
                       val_type_name(it->type));
            ok = false;
            continue;
        }
        size_t r = 0;
        while (r < c->t->nrows &&
               !(chart_row_id(c->t, r) && strcmp(chart_row_id(c->t, r), id) == 0))
            r++;
        if (r == c->t->nrows) {
            buf ids = BUF_INIT;
            list_row_ids(c->t, &ids);
            opt_err_at(o, AT(o, it), "unknown row '%s' in table '%s' (rows: %s)", id, c->t->name,
                       buf_cstr(&ids));
            buf_free(&ids);
            ok = false;
            continue;
        }
        for (size_t k = 0; k < c->nrows; k++)
            if (c->rows[k] == r) {
                opt_err_at(o, AT(o, it), "row '%s' is listed twice", id);
                ok = false;
            }
        c->rows[c->nrows++] = r;
    }
    return ok;
}

/* Checks that every chosen cell of column col has a number under mode;
 * reports the first that does not at v (the option that chose it). */
static bool check_series(const chart *c, const opt_ctx *o, size_t col, val_mode mode,
                         const value *v)
{
    for (size_t i = 0; i < c->nrows; i++) {
        size_t r = c->rows[i];
        double a, b;
        const value *cell = dtable_cell(c->t, r, col);
        int got = chart_cell_nums(cell, mode, &a, &b);
        if (got == 0 || (got > 0 && fabs(a) <= CHART_MAX_VALUE && fabs(b) <= CHART_MAX_VALUE))
            continue;
        buf what = BUF_INIT, name = BUF_INIT;
        cell_brief(c->t, r, col, &what);
        if (chart_row_id(c->t, r))
            buf_printf(&name, "'%s'", chart_row_id(c->t, r));
        else
            buf_printf(&name, "%zu", r + 1);
        if (got > 0)
            opt_err_at(o, AT(o, v),
                       "series '%s': row %s has %s, too large to chart (at most 1e15 either "
                       "way)",
                       c->t->cols[col].key, buf_cstr(&name), buf_cstr(&what));
        else if (cell_is_range(cell) && mode == VM_VALUE)
            opt_err_at(o, AT(o, v),
                       "series '%s': row %s is a range (%s) with no single value; use "
                       "value: range, low or high",
                       c->t->cols[col].key, buf_cstr(&name), buf_cstr(&what));
        else
            opt_err_at(o, AT(o, v),
                       "series '%s': row %s has %s, not a number; choose numeric rows with "
                       "rows: or columns with series:",
                       c->t->cols[col].key, buf_cstr(&name), buf_cstr(&what));
        buf_free(&what);
        buf_free(&name);
        return false;
    }
    return true;
}

/* The default mode of column col: range when its chosen cells are {low,
 * high} (a plain number among them is a range of one point), else value. */
static val_mode default_mode(const chart *c, size_t col)
{
    for (size_t i = 0; i < c->nrows; i++)
        if (cell_is_range(dtable_cell(c->t, c->rows[i], col)))
            return VM_RANGE;
    return VM_VALUE;
}

static bool has_numbers(const chart *c, size_t col, val_mode mode)
{
    size_t filled = 0;
    for (size_t i = 0; i < c->nrows; i++) {
        double a, b;
        int k = chart_cell_nums(dtable_cell(c->t, c->rows[i], col), mode, &a, &b);
        if (k < 0)
            return false;
        filled += (size_t)k;
    }
    return filled > 0;
}

static bool parse_series(chart *c, const opt_ctx *o, const value *v, const value *mode_opt,
                         int mode)
{
    const dtable *t = c->t;
    if (!v) { /* every numeric column that does not label the rows */
        c->series = arena_alloc(c->a, (t->ncols ? t->ncols : 1) * sizeof *c->series);
        c->mode = arena_alloc(c->a, (t->ncols ? t->ncols : 1) * sizeof *c->mode);
        for (size_t col = 0; col < t->ncols; col++) {
            val_mode m = mode >= 0 ? (val_mode)mode : default_mode(c, col);
            if (col == c->label_col || t->cols[col].row_header || !has_numbers(c, col, m))
                continue;
            c->series[c->nseries] = col;
            c->mode[c->nseries++] = m;
        }
        if (c->nseries == 0) {
            buf cols = BUF_INIT;
            list_columns(t, &cols);
            opt_err_at(o, AT(o, mode_opt),
                       "table '%s' has no column of numbers%s to chart; name them with series: "
                       "(columns: %s)",
                       t->name, c->nrows < t->nrows ? " in the chosen rows" : "", buf_cstr(&cols));
            buf_free(&cols);
            return false;
        }
        for (size_t k = 0; k < c->nseries; k++)
            if (!check_series(c, o, c->series[k], c->mode[k], mode_opt))
                return false;
        return true;
    }
    const value *const *items;
    size_t n = list_items(v, &items);
    if (n == 0) {
        opt_err_at(o, AT(o, v), "%s",
                   "'series' is empty; leave it out to chart every numeric column");
        return false;
    }
    bool ok = true;
    c->series = arena_alloc(c->a, n * sizeof *c->series);
    c->mode = arena_alloc(c->a, n * sizeof *c->mode);
    for (size_t i = 0; i < n; i++) {
        const value *it = items ? items[i] : v;
        size_t col = find_column(o, it, "a series");
        if (col == NO_COLUMN) {
            ok = false;
            continue;
        }
        for (size_t k = 0; k < c->nseries; k++)
            if (c->series[k] == col) {
                opt_err_at(o, AT(o, it), "series '%s' is listed twice", t->cols[col].key);
                ok = false;
            }
        val_mode m = mode >= 0 ? (val_mode)mode : default_mode(c, col);
        if (!check_series(c, o, col, m, it))
            ok = false;
        c->series[c->nseries] = col;
        c->mode[c->nseries++] = m;
    }
    return ok;
}

chart *chart_new(const dtable *t, const char *options, const char *file, int line, err_list *errs)
{
    static const char *const known[] = {"title", "rows", "series", "value", "label", NULL};
    chart *c = xcalloc(1, sizeof *c);
    c->a = arena_new();
    c->t = t;
    c->title = t->caption ? t->caption : t->name;
    c->label_col = NO_COLUMN;
    bool failed = false;
    opt_ctx o = {t, options ? options : "", file, line > 0 ? line : 1, errs, &failed};
    const value *doc = yaml_load(c->a, o.text, strlen(o.text), file, o.line0, errs);
    if (!doc)
        goto fail;
    if (doc->type != VAL_MAP && doc->type != VAL_NULL) {
        opt_err_at(&o, AT(&o, doc),
                   "chart options must be a mapping of title, rows, series, value, label; "
                   "not %s",
                   val_type_name(doc->type));
        goto fail;
    }
    for (size_t i = 0; doc->type == VAL_MAP && i < doc->u.map.len; i++) {
        const char *k = doc->u.map.keys[i];
        const char *const *p = known;
        while (*p && strcmp(*p, k) != 0)
            p++;
        if (!*p)
            opt_err_at(&o, doc->u.map.vals[i]->pos.line, key_col(&o, doc->u.map.vals[i], k),
                       "unknown chart option '%s' (allowed: title, rows, series, value, label)", k);
    }
    const value *title = val_map_get(doc, "title"), *rows = val_map_get(doc, "rows");
    const value *series = val_map_get(doc, "series"), *mode = val_map_get(doc, "value");
    const value *label = val_map_get(doc, "label");
    if (title) {
        if (!val_as_str(title) || !title->u.str.len)
            opt_err_at(&o, AT(&o, title), "%s", "title must be non-empty text");
        else
            c->title = title->u.str.s;
    }
    int m = -1;
    if (mode) {
        const char *s = val_as_str(mode);
        for (int k = 0; s && k < 4; k++)
            if (strcmp(s, mode_names[k]) == 0)
                m = k;
        if (m < 0)
            opt_err_at(&o, AT(&o, mode), "value is '%s'; allowed: value, low, high, range",
                       s ? s : val_type_name(mode->type));
    }
    if (label)
        c->label_col = find_column(&o, label, "label");
    else
        for (size_t col = 0; col < t->ncols && c->label_col == NO_COLUMN; col++)
            if (t->cols[col].row_header)
                c->label_col = col;
    if (rows) {
        if (!parse_rows(c, &o, rows))
            goto fail;
    } else {
        c->rows = arena_alloc(c->a, (t->nrows ? t->nrows : 1) * sizeof *c->rows);
        for (size_t r = 0; r < t->nrows; r++)
            c->rows[c->nrows++] = r;
        if (c->nrows == 0) {
            opt_err_at(&o, AT(&o, NULL), "table '%s' has no rows to chart", t->name);
            goto fail;
        }
    }
    if (failed)
        goto fail;
    /* with default series, a value: that leaves no column to chart is reported there */
    if (!parse_series(c, &o, series, mode, m) || failed)
        goto fail;
    return c;
fail:
    chart_free(c);
    return NULL;
}

void chart_free(chart *c)
{
    if (!c)
        return;
    arena_free(c->a);
    free(c);
}

const char *chart_title(const chart *c)
{
    return c->title;
}
