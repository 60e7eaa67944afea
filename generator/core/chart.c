/* chart.c - bar charts of data tables: option parsing, layout to a display list, inline SVG.
 *
 * A chart is a horizontal bar chart: one group per table row, its category
 * label at the left, one bar per series (table column) inside the group, a
 * legend above and a value axis below.
 *
 *   ■ Python (FastAPI)   ■ Node.js (Express)                 legend (wraps)
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

#include "core/table.h"
#include "util/xalloc.h"
#include "core/yamlload.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Which number of a cell a series draws. */
typedef enum val_mode { VM_VALUE, VM_LOW, VM_HIGH, VM_RANGE } val_mode;

static const char *const mode_names[] = {"value", "low", "high", "range"};

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

/* ---- cells ---- */

/* The numbers cell gives under mode: *a = *b for a single number, low and
 * high for a range. Returns 1, 0 for an empty cell (no bar), -1 when the cell
 * has no such number. */
static int cell_nums(const value *cell, val_mode mode, double *a, double *b)
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

static const char *row_id(const dtable *t, size_t r)
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
        const char *id = row_id(t, r);
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
        while (r < c->t->nrows && !(row_id(c->t, r) && strcmp(row_id(c->t, r), id) == 0))
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
        if (cell_nums(cell, mode, &a, &b) >= 0)
            continue;
        buf what = BUF_INIT, name = BUF_INIT;
        cell_brief(c->t, r, col, &what);
        if (row_id(c->t, r))
            buf_printf(&name, "'%s'", row_id(c->t, r));
        else
            buf_printf(&name, "%zu", r + 1);
        if (cell_is_range(cell) && mode == VM_VALUE)
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
        int k = cell_nums(dtable_cell(c->t, c->rows[i], col), mode, &a, &b);
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
    opt_ctx o = {t, options ? options : "", file, line > 0 ? line : 1, errs};
    size_t before = errs->errors;
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
    if (errs->errors > before)
        goto fail;
    /* with default series, a value: that leaves no column to chart is reported there */
    if (!parse_series(c, &o, series, mode, m) || errs->errors > before)
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

/* ---- text measuring ---- */

/* Advance widths in em of DejaVu Sans (Debian's default UI font and wider
 * than most), by character class; anything unknown counts as wide. */
static double glyph_em(uint32_t ch)
{
    if (ch == ' ' || ch == '.' || ch == ',' || ch == ':' || ch == ';' || ch == '\'' || ch == '!')
        return 0.32;
    if (ch == 'i' || ch == 'l' || ch == 'j' || ch == '|' || ch == 'I' || ch == 'J')
        return 0.30;
    if (ch == 'f' || ch == 't' || ch == 'r' || ch == '(' || ch == ')' || ch == '[' || ch == ']' ||
        ch == '/' || ch == '-' || ch == '"')
        return 0.42;
    if (ch == 'm')
        return 0.98;
    if (ch == 'w')
        return 0.82;
    if (ch == 'M' || ch == 'W' || ch == '%' || ch == '@')
        return 1.0;
    if (ch >= 'A' && ch <= 'Z')
        return 0.78;
    if (ch >= '0' && ch <= '9')
        return 0.64;
    if (ch < 0x80)
        return 0.63;
    return ch == 0x2026 ? 1.0 : 0.9; /* "…", other scripts and symbols */
}

/* Decodes the UTF-8 sequence at *s (advancing it); invalid bytes count as one character. */
static uint32_t next_cp(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t ch = *p++;
    int more = ch >= 0xf0 ? 3 : ch >= 0xe0 ? 2 : ch >= 0xc0 ? 1 : 0;
    if (ch >= 0xc0)
        ch &= 0x3f >> more;
    while (more-- > 0 && (*p & 0xc0) == 0x80)
        ch = (ch << 6) | (*p++ & 0x3f);
    *s = (const char *)p;
    return ch;
}

static double estimate_width(const char *s, double size, int bold)
{
    double em = 0;
    while (*s)
        em += glyph_em(next_cp(&s));
    return em * size * (bold ? 1.1 : 1.0);
}

/* ---- layout ---- */

typedef struct bar {
    int has;     /* 0: an empty cell, no bar */
    double a, b; /* the cell's numbers: equal for one number, low and high for a range */
    int range;   /* drawn from a to b rather than from 0 */
    char *label; /* the value as the table formats it */
} bar;

typedef struct label_fit {
    char *line[2]; /* one or two lines (line[1] NULL for one) */
    double size;   /* font size they fit at */
    double width;  /* widest line */
} label_fit;

typedef struct lay {
    const chart *c;
    const chart_style *st;
    chart_measure_fn measure;
    void *ctx;
    ch_geom *g;
    size_t cap;
} lay;

static double text_w(const lay *L, const char *s, double size, int bold)
{
    return L->measure ? L->measure(L->ctx, s, size, bold) : estimate_width(s, size, bold);
}

static ch_item *push(lay *L, ch_kind kind, uint32_t color)
{
    if (L->g->n == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 64;
        L->g->items = xrealloc(L->g->items, L->cap * sizeof *L->g->items);
    }
    ch_item *it = &L->g->items[L->g->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->color = color;
    return it;
}

static void add_rect(lay *L, double x, double y, double w, double h, uint32_t color)
{
    ch_item *it = push(L, CH_RECT, color);
    it->x = x, it->y = y, it->w = w, it->h = h;
}

static void add_line(lay *L, double x1, double y1, double x2, double y2, double width,
                     uint32_t color)
{
    ch_item *it = push(L, CH_LINE, color);
    it->x = x1, it->y = y1, it->w = x2 - x1, it->h = y2 - y1, it->size = width;
}

static void add_text(lay *L, double x, double y, double size, ch_anchor anchor, int bold,
                     uint32_t color, const char *text)
{
    ch_item *it = push(L, CH_TEXT, color);
    it->x = x, it->y = y, it->size = size, it->anchor = anchor, it->bold = bold;
    it->text = xstrdup(text);
}

/* Appends x formatted like the table formats a number of column col, with
 * the cell's own prefix/suffix taking precedence. */
static void put_value(const dt_column *col, const value *cell, double x, bool affixes, buf *out)
{
    const char *prefix = val_str_or(val_map_get(cell, "prefix"), col->prefix);
    buf_puts(out, prefix);
    dtable_format_number(x, col->decimals, out);
    if (affixes)
        buf_puts(out, val_str_or(val_map_get(cell, "suffix"), col->suffix));
}

static void fill_bars(const chart *c, bar *bars)
{
    for (size_t i = 0; i < c->nrows; i++)
        for (size_t s = 0; s < c->nseries; s++) {
            bar *b = &bars[i * c->nseries + s];
            const value *cell = dtable_cell(c->t, c->rows[i], c->series[s]);
            const dt_column *col = &c->t->cols[c->series[s]];
            b->has = cell_nums(cell, c->mode[s], &b->a, &b->b) == 1;
            b->range = c->mode[s] == VM_RANGE;
            if (!b->has)
                continue;
            buf text = BUF_INIT;
            if (b->range && b->a != b->b) { /* "$80 to $150", as the table writes a range */
                put_value(col, cell, b->a, false, &text);
                buf_puts(&text, " to ");
            }
            put_value(col, cell, b->b, true, &text);
            b->label = buf_detach(&text);
        }
}

/* The category label of the i-th charted row. */
static char *row_label(const chart *c, size_t i)
{
    size_t r = c->rows[i];
    buf text = BUF_INIT;
    if (c->label_col != NO_COLUMN)
        dtable_cell_text(c->t, r, c->label_col, &text);
    if (!text.len && row_id(c->t, r))
        buf_puts(&text, row_id(c->t, r));
    return buf_detach(&text);
}

/* Cuts s to whole characters that, with "…", measure at most maxw. */
static char *ellipsize(const lay *L, const char *s, double size, double maxw)
{
    size_t n = strlen(s);
    buf b = BUF_INIT;
    for (;;) {
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--; /* back onto a character boundary */
        while (n > 0 && s[n - 1] == ' ')
            n--;
        buf_reset(&b);
        buf_put(&b, s, n);
        buf_puts(&b, "\xe2\x80\xa6");
        if (n == 0 || text_w(L, buf_cstr(&b), size, 0) <= maxw)
            break;
        n--;
    }
    return buf_detach(&b);
}

/* Splits text into at most two lines no wider than maxw, shrinking the size
 * down to 75% and then cutting with an ellipsis as a last resort. */
static label_fit fit_label(const lay *L, const char *text, double size, double maxw)
{
    label_fit f = {{NULL, NULL}, size, 0};
    size_t len = strlen(text);
    for (double sz = size;; sz *= 0.93) {
        int last = sz * 0.93 < size * 0.75;
        double w = text_w(L, text, sz, 0);
        if (w <= maxw || (last && !strchr(text, ' '))) {
            f.line[0] = w <= maxw ? xstrdup(text) : ellipsize(L, text, sz, maxw);
            f.size = sz;
            break;
        }
        /* the most balanced break between words */
        double best = INFINITY;
        size_t at = 0;
        for (size_t k = 1; k < len; k++) {
            if (text[k] != ' ')
                continue;
            char *first = xstrndup(text, k);
            double m = fmax(text_w(L, first, sz, 0), text_w(L, text + k + 1, sz, 0));
            free(first);
            if (m < best)
                best = m, at = k;
        }
        if (best <= maxw || last) {
            f.line[0] = xstrndup(text, at);
            f.line[1] = xstrdup(text + at + 1);
            for (int i = 0; i < 2; i++)
                if (text_w(L, f.line[i], sz, 0) > maxw) {
                    char *cut = ellipsize(L, f.line[i], sz, maxw);
                    free(f.line[i]);
                    f.line[i] = cut;
                }
            f.size = sz;
            break;
        }
    }
    for (int i = 0; i < 2; i++)
        if (f.line[i])
            f.width = fmax(f.width, text_w(L, f.line[i], f.size, 0));
    return f;
}

/* A round step (1, 2 or 5 times a power of ten) of at least raw, and the
 * decimals its multiples need. */
static double nice_step(double raw, int *decimals)
{
    double mag = pow(10, floor(log10(raw)));
    double norm = raw / mag;
    double m = norm <= 1 + 1e-9 ? 1 : norm <= 2 + 1e-9 ? 2 : norm <= 5 + 1e-9 ? 5 : 10;
    double step = m * mag;
    int e = (int)floor(log10(step) + 1e-9);
    *decimals = e < 0 ? -e : 0;
    return step;
}

/* The affixes every series shares, for tick labels ("$50"); "" when they differ. */
static void shared_affixes(const chart *c, const char **prefix, const char **suffix)
{
    *prefix = c->t->cols[c->series[0]].prefix;
    *suffix = c->t->cols[c->series[0]].suffix;
    for (size_t s = 1; s < c->nseries; s++) {
        if (strcmp(*prefix, c->t->cols[c->series[s]].prefix) != 0)
            *prefix = "";
        if (strcmp(*suffix, c->t->cols[c->series[s]].suffix) != 0)
            *suffix = "";
    }
}

/* Sizes that scale together. */
typedef struct metrics {
    double label, value, tick, legend; /* font sizes */
    double bar, bar_gap, group_pad;    /* bar height, space between bars, group padding */
    double gap;                        /* label column to plot, bar end to value label */
} metrics;

static metrics scaled(double fs)
{
    metrics m = {fs, fs * 0.95, fs * 0.9, fs * 0.95, fs * 1.15, fs * 0.2, fs * 0.6, fs * 0.5};
    return m;
}

/* The plot: value axis and horizontal extent. */
typedef struct axis {
    double lo, hi, step; /* axis range and tick step */
    int decimals;        /* of tick labels */
    double x0, w;        /* plot left edge and width */
} axis;

static double ax_x(const axis *ax, double v)
{
    return ax->x0 + (v - ax->lo) / (ax->hi - ax->lo) * ax->w;
}

static void tick_label(const axis *ax, double v, const char *prefix, const char *suffix, buf *out)
{
    buf_reset(out);
    if (v < 0)
        buf_putc(out, '-');
    buf_puts(out, prefix);
    dtable_format_number(fabs(v), ax->decimals, out);
    buf_puts(out, suffix);
}

/* Fits the axis: the widest plot from x0 that keeps value labels and tick
 * labels inside width, with tick labels that do not collide. Returns false
 * when the plot would be narrower than a fifth of the width. */
static bool fit_axis(const lay *L, const bar *bars, size_t nbars, const metrics *m, double width,
                     double x0, axis *ax)
{
    const chart *c = L->c;
    double dmin = 0, dmax = 0;
    for (size_t i = 0; i < nbars; i++)
        if (bars[i].has) {
            dmin = fmin(dmin, fmin(bars[i].a, bars[i].b));
            dmax = fmax(dmax, fmax(bars[i].a, bars[i].b));
        }
    const char *prefix, *suffix;
    shared_affixes(c, &prefix, &suffix);
    double span = dmax - dmin > 0 ? dmax - dmin : 1;
    ax->step = nice_step(span / 5, &ax->decimals);
    ax->x0 = x0;
    buf t = BUF_INIT;
    for (int attempt = 0; attempt < 12; attempt++) {
        ax->lo = floor(dmin / ax->step + 1e-9) * ax->step;
        ax->hi = ceil(dmax / ax->step - 1e-9) * ax->step;
        if (ax->hi <= ax->lo)
            ax->hi = ax->lo + ax->step;
        double range = ax->hi - ax->lo;
        double widest = 0, last = 0;
        int nticks = (int)floor(range / ax->step + 0.5);
        for (int k = 0; k <= nticks; k++) {
            tick_label(ax, ax->lo + k * ax->step, prefix, suffix, &t);
            last = text_w(L, buf_cstr(&t), m->tick, 0);
            widest = fmax(widest, last);
        }
        double w = width - x0 - last / 2;
        for (size_t i = 0; i < nbars; i++) {
            if (!bars[i].has)
                continue;
            double end = fmax(fmax(bars[i].a, bars[i].b), 0);
            double room = width - x0 - m->gap - text_w(L, bars[i].label, m->value, 0);
            if (end > ax->lo)
                w = fmin(w, room * range / (end - ax->lo));
            else if (room < 0)
                w = -1;
        }
        ax->w = w;
        if (w < width * 0.2) {
            buf_free(&t);
            return false;
        }
        /* tick labels need their width plus a gap between centres */
        if (ax->step / range * w >= widest + m->tick || nticks <= 1)
            break;
        ax->step = nice_step(ax->step * 1.5, &ax->decimals);
    }
    buf_free(&t);
    return true;
}

/* Lays out the legend at the top: from x_pref when it fits on one line
 * there, else from 0, wrapping. Returns its height. */
static double legend(lay *L, const metrics *m, double width, double x_pref)
{
    const chart *c = L->c;
    double sw = m->legend * 0.8, pad = m->legend * 0.45, space = m->legend * 1.4;
    double rowh = m->legend * 1.6;
    double total = 0;
    for (size_t s = 0; s < c->nseries; s++)
        total +=
            (s ? space : 0) + sw + pad + text_w(L, c->t->cols[c->series[s]].label, m->legend, 0);
    double x0 = total <= width - x_pref ? x_pref : 0;
    double x = x0, y = 0;
    for (size_t s = 0; s < c->nseries; s++) {
        const char *name = c->t->cols[c->series[s]].label;
        double tw = text_w(L, name, m->legend, 0), w = sw + pad + tw;
        if (x > x0 && x + w > width) {
            x = x0;
            y += rowh;
        }
        add_rect(L, x, y + (rowh - sw) / 2, sw, sw, L->st->series[s % 4]);
        /* an entry wider than the chart loses its tail */
        char *text =
            x + w <= width ? xstrdup(name) : ellipsize(L, name, m->legend, width - x - sw - pad);
        add_text(L, x + sw + pad, y + rowh / 2 + m->legend * 0.35, m->legend, CH_START, 0,
                 L->st->muted, text);
        free(text);
        x += w + space;
    }
    return y + rowh;
}

static uint32_t mix(uint32_t a, uint32_t b, double t)
{
    uint32_t out = 0;
    for (int sh = 0; sh <= 16; sh += 8) {
        double ca = (a >> sh) & 0xff, cb = (b >> sh) & 0xff;
        out |= (uint32_t)lround(ca + (cb - ca) * t) << sh;
    }
    return out;
}

/* Builds the text alternative: "Row — Series: value; Series: value. Row — …". */
static char *describe(const chart *c, const bar *bars, char **labels)
{
    buf d = BUF_INIT;
    for (size_t i = 0; i < c->nrows; i++) {
        if (i)
            buf_putc(&d, ' ');
        buf_printf(&d, "%s \xe2\x80\x94 ", labels[i]);
        for (size_t s = 0; s < c->nseries; s++) {
            const bar *b = &bars[i * c->nseries + s];
            buf_printf(&d, "%s%s: %s", s ? "; " : "", c->t->cols[c->series[s]].label,
                       b->has ? b->label : "no value");
        }
        buf_putc(&d, '.');
    }
    return buf_detach(&d);
}

void chart_layout(const chart *c, double width, const chart_style *style, chart_measure_fn measure,
                  void *ctx, ch_geom *g)
{
    memset(g, 0, sizeof *g);
    lay L = {c, style, measure, ctx, g, 0};
    size_t nb = c->nrows * c->nseries;
    bar *bars = xcalloc(nb ? nb : 1, sizeof *bars);
    char **labels = xcalloc(c->nrows ? c->nrows : 1, sizeof *labels);
    label_fit *fits = xcalloc(c->nrows ? c->nrows : 1, sizeof *fits);
    fill_bars(c, bars);
    for (size_t i = 0; i < c->nrows; i++)
        labels[i] = row_label(c, i);
    if (width < 1)
        width = 1;
    double base = style->font_size > 0 ? style->font_size : 12;

    /* steps 1 to 3, with smaller type while the plot does not fit */
    metrics m;
    axis ax;
    double label_w = 0;
    for (double fs = base;; fs *= 0.88) {
        m = scaled(fs);
        label_w = 0;
        for (size_t i = 0; i < c->nrows; i++) {
            for (int k = 0; k < 2; k++)
                free(fits[i].line[k]);
            fits[i] = fit_label(&L, labels[i], m.label, width / 3);
            label_w = fmax(label_w, fits[i].width);
        }
        if (fit_axis(&L, bars, nb, &m, width, label_w + m.gap * 1.2, &ax) || fs < base * 0.4)
            break;
    }
    if (ax.w < 1)
        ax.w = 1;

    /* legend, then one group per row, then the tick labels */
    double top = legend(&L, &m, width, ax.x0) + m.group_pad * 0.6;
    double y = top;
    double *group_y = xcalloc(c->nrows ? c->nrows : 1, sizeof *group_y);
    double *group_h = xcalloc(c->nrows ? c->nrows : 1, sizeof *group_h);
    for (size_t i = 0; i < c->nrows; i++) {
        double bars_h = c->nseries * m.bar + (c->nseries - 1) * m.bar_gap;
        double text_h = (fits[i].line[1] ? 2 : 1) * fits[i].size * 1.25;
        group_y[i] = y;
        group_h[i] = fmax(bars_h, text_h) + 2 * m.group_pad;
        y += group_h[i];
    }
    double bottom = y;

    /* grid and ticks: a light line per tick, the zero line a little stronger */
    const char *prefix, *suffix;
    shared_affixes(c, &prefix, &suffix);
    buf t = BUF_INIT;
    int nticks = (int)floor((ax.hi - ax.lo) / ax.step + 0.5);
    double tick_y = bottom + m.tick * 1.45;
    for (int k = 0; k <= nticks; k++) {
        double v = ax.lo + k * ax.step, x = ax_x(&ax, v);
        if (fabs(v) > ax.step * 1e-9)
            add_line(&L, x, top, x, bottom, 1, style->grid);
    }
    for (int k = 0; k <= nticks; k++) {
        double v = ax.lo + k * ax.step, x = ax_x(&ax, v);
        tick_label(&ax, v, prefix, suffix, &t);
        double tw = text_w(&L, buf_cstr(&t), m.tick, 0);
        ch_anchor an = CH_MIDDLE;
        if (x - tw / 2 < 0)
            an = CH_START, x = 0;
        else if (x + tw / 2 > width)
            an = CH_END, x = width;
        add_text(&L, x, tick_y, m.tick, an, 0, style->muted, buf_cstr(&t));
    }
    buf_free(&t);

    /* bars with their value labels, category labels */
    for (size_t i = 0; i < c->nrows; i++) {
        double bars_h = c->nseries * m.bar + (c->nseries - 1) * m.bar_gap;
        double by = group_y[i] + (group_h[i] - bars_h) / 2;
        for (size_t s = 0; s < c->nseries; s++, by += m.bar + m.bar_gap) {
            const bar *b = &bars[i * c->nseries + s];
            if (!b->has)
                continue;
            double from = b->range ? b->a : fmin(b->a, 0), to = b->range ? b->b : fmax(b->a, 0);
            double x1 = ax_x(&ax, fmin(from, to)), x2 = ax_x(&ax, fmax(from, to));
            if (x2 - x1 < 2 && (b->range || b->a != 0)) { /* keep tiny values and points visible */
                double mid = (x1 + x2) / 2;
                x1 = fmax(ax.x0, mid - 1);
                x2 = x1 + 2;
            }
            add_rect(&L, x1, by, x2 - x1, m.bar, style->series[s % 4]);
            /* the label past the bar's end: left of a negative bar when it fits */
            double ly = by + m.bar / 2 + m.value * 0.35;
            if (!b->range && b->a < 0 && x1 - m.gap - text_w(&L, b->label, m.value, 0) >= ax.x0)
                add_text(&L, x1 - m.gap, ly, m.value, CH_END, 0, style->text, b->label);
            else
                add_text(&L, x2 + m.gap, ly, m.value, CH_START, 0, style->text, b->label);
        }
        int nl = fits[i].line[1] ? 2 : 1;
        double lh = fits[i].size * 1.25;
        double cy = group_y[i] + group_h[i] / 2;
        for (int k = 0; k < nl; k++)
            add_text(&L, label_w, cy - (nl - 1) * lh / 2 + k * lh + fits[i].size * 0.35,
                     fits[i].size, CH_END, 0, style->text, fits[i].line[k]);
    }
    double zx = ax_x(&ax, fmax(ax.lo, 0));
    add_line(&L, zx, top, zx, bottom, 1, mix(style->grid, style->muted, 0.45));

    g->width = width;
    g->height = ceil(tick_y + m.tick * 0.45);
    g->desc = describe(c, bars, labels);

    for (size_t i = 0; i < nb; i++)
        free(bars[i].label);
    for (size_t i = 0; i < c->nrows; i++) {
        free(labels[i]);
        free(fits[i].line[0]);
        free(fits[i].line[1]);
    }
    free(bars);
    free(labels);
    free(fits);
    free(group_y);
    free(group_h);
}

void ch_geom_free(ch_geom *g)
{
    for (size_t i = 0; i < g->n; i++)
        free((char *)g->items[i].text);
    free(g->items);
    free(g->desc);
    memset(g, 0, sizeof *g);
}

/* ---- SVG ---- */

/* Appends x rounded to two decimals, trailing zeros dropped, with integer
 * arithmetic so that no locale or printf rounding quirk can change it. */
static void put_num(buf *out, double x)
{
    long long v = isfinite(x) ? llround(x * 100) : 0;
    if (v < 0) {
        buf_putc(out, '-');
        v = -v;
    }
    buf_printf(out, "%lld", v / 100);
    int frac = (int)(v % 100);
    if (frac % 10)
        buf_printf(out, ".%02d", frac);
    else if (frac)
        buf_printf(out, ".%d", frac / 10);
}

static void put_attr(buf *out, const char *name, double x)
{
    buf_printf(out, " %s=\"", name);
    put_num(out, x);
    buf_putc(out, '"');
}

static void put_html(buf *out, const char *s)
{
    buf_put_html(out, s, strlen(s));
}

void chart_svg(const chart *c, const ch_geom *g, const char *id, buf *out)
{
    buf_puts(out, "<figure class=\"chart\" id=\"");
    put_html(out, id);
    buf_puts(out, "\"><svg viewBox=\"0 0 ");
    put_num(out, g->width);
    buf_putc(out, ' ');
    put_num(out, g->height);
    buf_puts(out, "\" width=\"100%\" role=\"img\" aria-labelledby=\"");
    put_html(out, id);
    buf_puts(out, "-title ");
    put_html(out, id);
    buf_puts(out, "-desc\"><title id=\"");
    put_html(out, id);
    buf_puts(out, "-title\">");
    put_html(out, chart_title(c));
    buf_puts(out, "</title><desc id=\"");
    put_html(out, id);
    buf_puts(out, "-desc\">");
    put_html(out, g->desc ? g->desc : "");
    buf_puts(out, "</desc>\n");
    for (size_t i = 0; i < g->n; i++) {
        const ch_item *it = &g->items[i];
        switch (it->kind) {
        case CH_RECT:
            buf_puts(out, "<rect");
            put_attr(out, "x", it->x);
            put_attr(out, "y", it->y);
            put_attr(out, "width", it->w);
            put_attr(out, "height", it->h);
            buf_printf(out, " fill=\"#%06x\"/>\n", (unsigned)(it->color & 0xffffff));
            break;
        case CH_LINE:
            buf_puts(out, "<line");
            put_attr(out, "x1", it->x);
            put_attr(out, "y1", it->y);
            put_attr(out, "x2", it->x + it->w);
            put_attr(out, "y2", it->y + it->h);
            buf_printf(out, " stroke=\"#%06x\"", (unsigned)(it->color & 0xffffff));
            put_attr(out, "stroke-width", it->size);
            buf_puts(out, "/>\n");
            break;
        case CH_TEXT:
            buf_puts(out, "<text");
            put_attr(out, "x", it->x);
            put_attr(out, "y", it->y);
            put_attr(out, "font-size", it->size);
            buf_printf(out, " font-family=\"inherit\" fill=\"#%06x\"",
                       (unsigned)(it->color & 0xffffff));
            if (it->anchor != CH_START)
                buf_printf(out, " text-anchor=\"%s\"", it->anchor == CH_MIDDLE ? "middle" : "end");
            if (it->bold)
                buf_puts(out, " font-weight=\"bold\"");
            buf_putc(out, '>');
            put_html(out, it->text ? it->text : "");
            buf_puts(out, "</text>\n");
            break;
        }
    }
    buf_puts(out, "</svg><figcaption>");
    put_html(out, chart_title(c));
    buf_puts(out, "</figcaption></figure>\n");
}
