/* table.c - lays out tables: column widths from content, wrapped cells, zebra rows, repeated
 * headers.
 *
 * Widths: each column has a minimum (its widest word) and a maximum (its
 * longest cell on one line). If the maxima fit, columns get them plus a
 * share of the spare width; otherwise each gets its minimum plus a share of
 * the rest in proportion to (max - min), the usual automatic table layout. */
#include "pdf/table.h"
#include "util/buf.h"
#include "core/table.h"

#include <cmark-gfm-core-extensions.h>
#include <string.h>

#define CELL_PAD_X 5.0
#define CELL_PAD_Y 4.0

static inline_style cell_style(flow *f, double size, bool header, bool bold, uint32_t color)
{
    inline_style st = {header || bold ? FACE_SANS_BOLD : FACE_SANS,
                       FACE_SANS_BOLD,
                       FACE_SANS,
                       FACE_SANS_BOLD,
                       size,
                       size * 1.35,
                       color,
                       f->st->primary};
    return st;
}

void pdf_grid_from_dtable(flow *f, const dtable *t, pdf_grid *g)
{
    memset(g, 0, sizeof *g);
    g->nrows = t->nrows + 1;
    g->ncols = t->ncols;
    g->cells = arena_alloc(f->a, g->nrows * g->ncols * sizeof *g->cells);
    g->align = arena_alloc(f->a, g->ncols * sizeof *g->align);
    g->row_header = arena_alloc(f->a, g->ncols * sizeof *g->row_header);
    g->caption = t->caption;
    g->source = t->source ? arena_printf(f->a, "Source: %s", t->source) : NULL;
    double size = f->st->small_size;
    buf cell = BUF_INIT;
    for (size_t c = 0; c < t->ncols; c++) {
        g->align[c] = dtable_col_align(t, c);
        g->row_header[c] = t->cols[c].row_header;
        para_add(f, &g->cells[c], t->cols[c].label, strlen(t->cols[c].label), FACE_SANS_BOLD, size,
                 0xffffff, NULL, 0);
    }
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            buf_reset(&cell);
            dtable_cell_text(t, r, c, &cell);
            pdf_face face = t->cols[c].row_header ? FACE_SANS_BOLD : FACE_SANS;
            para_add(f, &g->cells[(r + 1) * g->ncols + c], buf_cstr(&cell), cell.len, face, size,
                     f->st->text, NULL, 0);
        }
    buf_free(&cell);
}

/* A GFM column's alignment as its delimiter row sets it ("---:" right, ":-:"
 * centre, ":--" or "---" left), as the website's HTML shows it. */
static col_align gfm_align(cmark_node *table, size_t col)
{
    const uint8_t *al = cmark_gfm_extensions_get_table_alignments(table);
    if (!al || col >= cmark_gfm_extensions_get_table_columns(table))
        return ALIGN_LEFT;
    return al[col] == 'r' ? ALIGN_RIGHT : al[col] == 'c' ? ALIGN_CENTER : ALIGN_LEFT;
}

void pdf_grid_from_gfm(flow *f, cmark_node *table, const char *base_url, pdf_grid *g)
{
    memset(g, 0, sizeof *g);
    for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
        size_t cols = 0;
        for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c))
            cols++;
        if (cols > g->ncols)
            g->ncols = cols;
        g->nrows++;
    }
    if (!g->ncols)
        return;
    g->cells = arena_alloc(f->a, g->nrows * g->ncols * sizeof *g->cells);
    g->align = arena_alloc(f->a, g->ncols * sizeof *g->align);
    g->row_header = arena_alloc(f->a, g->ncols * sizeof *g->row_header);
    for (size_t c = 0; c < g->ncols; c++)
        g->align[c] = gfm_align(table, c);
    size_t r = 0;
    for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row), r++) {
        size_t c = 0;
        inline_style st =
            cell_style(f, f->st->small_size, r == 0, false, r == 0 ? 0xffffff : f->st->text);
        for (cmark_node *cell = cmark_node_first_child(row); cell;
             cell = cmark_node_next(cell), c++)
            para_add_inlines(f, &g->cells[r * g->ncols + c], cell, &st, base_url);
    }
}

/* How the cells of column c are set. */
static para_align cell_align(const pdf_grid *g, size_t c)
{
    return g->align[c] == ALIGN_RIGHT    ? ALIGN_RIGHT_EDGE
           : g->align[c] == ALIGN_CENTER ? ALIGN_CENTERED
                                         : ALIGN_RAGGED;
}

/* Draws one row into a new flow item; returns the item index. */
static size_t row_item(flow *f, const pdf_grid *g, size_t r, const double *widths, double x,
                       bool zebra, double space_before)
{
    double size = f->st->small_size, leading = size * 1.35;
    para_lines *pls = arena_alloc(f->a, g->ncols * sizeof *pls);
    size_t maxlines = 1;
    for (size_t c = 0; c < g->ncols; c++) {
        const para *p = &g->cells[r * g->ncols + c];
        para_break(f, p, widths[c] - 2 * CELL_PAD_X, cell_align(g, c), &pls[c]);
        if (pls[c].nlines > maxlines)
            maxlines = pls[c].nlines;
    }
    double h = maxlines * leading + 2 * CELL_PAD_Y;
    size_t item = flow_begin(f, h, space_before, false);
    double total = 0;
    for (size_t c = 0; c < g->ncols; c++)
        total += widths[c];
    /* a right-to-left chapter's table starts at the right, its first column rightmost */
    x = flow_mirror_x(f, x, total);
    if (r == 0)
        flow_rect(f, x, 0, total, h, f->st->primary);
    else if (zebra)
        flow_rect(f, x, 0, total, h, f->st->surface);
    double base = para_baseline(f, FACE_SANS, size, leading);
    double off = 0;
    int row = flow_tag_open(f, TAG_TR);
    for (size_t c = 0; c < g->ncols; c++) {
        const para *p = &g->cells[r * g->ncols + c];
        /* the header row's cells head their columns; a row-header column's its rows */
        bool th = r == 0 || g->row_header[c];
        int cell = flow_tag_open(f, th ? TAG_TH : TAG_TD);
        pdf_tag_set_scope(f->tags, f->tag, r == 0 ? SCOPE_COLUMN : th ? SCOPE_ROW : SCOPE_NONE);
        double cx = f->rtl ? x + total - off - widths[c] : x + off;
        for (size_t i = 0; i < pls[c].nlines; i++)
            para_draw_line(f, p, &pls[c], i, cx + CELL_PAD_X, CELL_PAD_Y + i * leading + base,
                           cell_align(g, c));
        flow_tag_close(f, cell);
        para_lines_free(&pls[c]);
        off += widths[c];
    }
    flow_tag_close(f, row);
    flow_line(f, x, h, total, 0, 0.5, f->st->rule);
    return item;
}

/* Computes column widths; returns false when even minimum widths overflow. */
static bool column_widths(flow *f, const pdf_grid *g, double width, double *w)
{
    double *mn = arena_alloc(f->a, g->ncols * sizeof *mn),
           *mx = arena_alloc(f->a, g->ncols * sizeof *mx);
    double smin = 0, smax = 0;
    for (size_t c = 0; c < g->ncols; c++) {
        for (size_t r = 0; r < g->nrows; r++) {
            double a = para_min_width(f, &g->cells[r * g->ncols + c]) + 2 * CELL_PAD_X + 0.5;
            double b = para_max_width(f, &g->cells[r * g->ncols + c]) + 2 * CELL_PAD_X + 0.5;
            if (a > mn[c])
                mn[c] = a;
            if (b > mx[c])
                mx[c] = b;
        }
        smin += mn[c];
        smax += mx[c];
    }
    if (smax <= width) {
        for (size_t c = 0; c < g->ncols; c++)
            w[c] = mx[c] + (width - smax) * (smax > 0 ? mx[c] / smax : 1.0 / g->ncols);
        return true;
    }
    for (size_t c = 0; c < g->ncols; c++)
        w[c] = smin <= width
                   ? mn[c] + (width - smin) * (smax > smin ? (mx[c] - mn[c]) / (smax - smin) : 0)
                   : width / g->ncols;
    return smin <= width;
}

static void scale_sizes(pdf_grid *g, double k)
{
    for (size_t i = 0; i < g->nrows * g->ncols; i++)
        for (size_t j = 0; j < g->cells[i].n; j++)
            g->cells[i].frags[j].size *= k;
}

void pdf_grid_flow(flow *f, const pdf_grid *g0, double x, double width, double space_before,
                   const char *anchor)
{
    if (!g0->ncols || !g0->nrows)
        return;
    pdf_grid g = *g0;
    double *w = arena_alloc(f->a, g.ncols * sizeof *w);
    /* shrink the type in steps until the narrowest widths fit (down to 70%) */
    double k = 1.0;
    while (!column_widths(f, &g, width, w) && k > 0.7) {
        scale_sizes(&g, 0.9);
        k *= 0.9;
    }
    double size = f->st->small_size;
    int outer = flow_tag_open(f, TAG_TABLE);
    if (g.caption) {
        int cap_tag = flow_tag_open(f, TAG_CAPTION);
        inline_style st = {FACE_SANS_BOLD, FACE_SANS_BOLD,   FACE_SANS_BOLD, FACE_SANS_BOLD,
                           size * 1.1,     size * 1.1 * 1.4, f->st->text,    f->st->primary};
        para cap = {0};
        para_add(f, &cap, g.caption, strlen(g.caption), FACE_SANS_BOLD, st.size, f->st->text, NULL,
                 0);
        size_t first = f->nitems;
        f->pending_anchor = anchor ? arena_strdup(f->a, anchor) : NULL;
        size_t n = para_flow(f, &cap, x, width, &st, ALIGN_RAGGED, space_before);
        f->pending_anchor = NULL;
        for (size_t i = 0; i < n; i++)
            f->items[first + i].keep_with_next = true;
        space_before = 3;
        flow_tag_close(f, cap_tag);
    }
    int part = flow_tag_open(f, TAG_THEAD);
    size_t header = row_item(f, &g, 0, w, x, false, space_before);
    flow_tag_close(f, part);
    f->items[header].keep_with_next = true;
    part = flow_tag_open(f, TAG_TBODY);
    for (size_t r = 1; r < g.nrows; r++) {
        size_t it = row_item(f, &g, r, w, x, r % 2 == 0, 0);
        f->items[it].header = (long)header;
        /* keep the header with the first two rows */
        if (r == 1 && g.nrows > 2)
            f->items[it].keep_with_next = true;
    }
    flow_tag_close(f, part);
    flow_tag_close(f, outer);
    if (g.source) {
        outer = flow_tag_open(f, TAG_P);
        inline_style st = {FACE_ITALIC, FACE_BOLD_ITALIC,  FACE_ITALIC,  FACE_BOLD_ITALIC,
                           size * 0.95, size * 0.95 * 1.4, f->st->muted, f->st->primary};
        para src = {0};
        para_add(f, &src, g.source, strlen(g.source), FACE_ITALIC, st.size, f->st->muted, NULL, 0);
        f->items[f->nitems - 1].keep_with_next = true;
        para_flow(f, &src, x, width, &st, ALIGN_RAGGED, 3);
        flow_tag_close(f, outer);
    }
}
