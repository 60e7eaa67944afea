/* chart_draw.c - a chart's layout to a display list, and that list as inline SVG
 * (the algorithm is described at the top of chart.c). */
#include "core/chart.h"
#include "core/chart_internal.h"

#include "core/table.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
            b->has = chart_cell_nums(cell, c->mode[s], &b->a, &b->b) == 1;
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
    if (!text.len && chart_row_id(c->t, r))
        buf_puts(&text, chart_row_id(c->t, r));
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

/* The grid and the ticks below the plot: a light line per tick (the zero line
 * is drawn last, a little stronger) and the tick labels at tick_y. */
static void draw_axis(lay *L, const axis *ax, const metrics *m, double top, double bottom,
                      double width, double tick_y)
{
    const char *prefix, *suffix;
    shared_affixes(L->c, &prefix, &suffix);
    buf t = BUF_INIT;
    int nticks = (int)floor((ax->hi - ax->lo) / ax->step + 0.5);
    for (int k = 0; k <= nticks; k++) {
        double v = ax->lo + k * ax->step, x = ax_x(ax, v);
        if (fabs(v) > ax->step * 1e-9)
            add_line(L, x, top, x, bottom, 1, L->st->grid);
    }
    for (int k = 0; k <= nticks; k++) {
        double v = ax->lo + k * ax->step, x = ax_x(ax, v);
        tick_label(ax, v, prefix, suffix, &t);
        double tw = text_w(L, buf_cstr(&t), m->tick, 0);
        ch_anchor an = CH_MIDDLE;
        if (x - tw / 2 < 0)
            an = CH_START, x = 0;
        else if (x + tw / 2 > width)
            an = CH_END, x = width;
        add_text(L, x, tick_y, m->tick, an, 0, L->st->muted, buf_cstr(&t));
    }
    buf_free(&t);
}

/* One row's bars (bars[0..nseries-1]) from the top y, each with its value
 * label past the bar's end (left of a negative bar when it fits there). */
static void draw_bars(lay *L, const axis *ax, const metrics *m, const bar *bars, double y)
{
    for (size_t s = 0; s < L->c->nseries; s++, y += m->bar + m->bar_gap) {
        const bar *b = &bars[s];
        if (!b->has)
            continue;
        double from = b->range ? b->a : fmin(b->a, 0), to = b->range ? b->b : fmax(b->a, 0);
        double x1 = ax_x(ax, fmin(from, to)), x2 = ax_x(ax, fmax(from, to));
        if (x2 - x1 < 2 && (b->range || b->a != 0)) { /* keep tiny values and points visible */
            double mid = (x1 + x2) / 2;
            x1 = fmax(ax->x0, mid - 1);
            x2 = x1 + 2;
        }
        add_rect(L, x1, y, x2 - x1, m->bar, L->st->series[s % 4]);
        double ly = y + m->bar / 2 + m->value * 0.35;
        if (!b->range && b->a < 0 && x1 - m->gap - text_w(L, b->label, m->value, 0) >= ax->x0)
            add_text(L, x1 - m->gap, ly, m->value, CH_END, 0, L->st->text, b->label);
        else
            add_text(L, x2 + m->gap, ly, m->value, CH_START, 0, L->st->text, b->label);
    }
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

    double tick_y = bottom + m.tick * 1.45;
    draw_axis(&L, &ax, &m, top, bottom, width, tick_y);

    /* bars with their value labels, category labels */
    for (size_t i = 0; i < c->nrows; i++) {
        double bars_h = c->nseries * m.bar + (c->nseries - 1) * m.bar_gap;
        draw_bars(&L, &ax, &m, &bars[i * c->nseries], group_y[i] + (group_h[i] - bars_h) / 2);
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
