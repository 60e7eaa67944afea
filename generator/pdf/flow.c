/* flow.c - appending items and drawing ops to a flow. */
#include "pdf/flow.h"

#include <string.h>

static pdf_op *new_op(flow *f, op_kind kind)
{
    if (f->nops == f->capops) {
        size_t cap = f->capops ? f->capops * 2 : 256;
        f->ops = arena_realloc(f->a, f->ops, f->capops * sizeof *f->ops, cap * sizeof *f->ops);
        f->capops = cap;
    }
    pdf_op *op = &f->ops[f->nops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->tag = kind == OP_RECT || kind == OP_LINE ? f->shape_tag : f->tag;
    if (f->nitems)
        f->items[f->nitems - 1].op_count++;
    return op;
}

size_t flow_begin(flow *f, double height, double space_before, bool keep_with_next)
{
    if (f->nitems == f->capitems) {
        size_t cap = f->capitems ? f->capitems * 2 : 128;
        f->items =
            arena_realloc(f->a, f->items, f->capitems * sizeof *f->items, cap * sizeof *f->items);
        f->capitems = cap;
    }
    flow_item *it = &f->items[f->nitems];
    memset(it, 0, sizeof *it);
    it->height = height;
    it->space_before = space_before;
    it->keep_with_next = keep_with_next;
    it->header = -1;
    it->op_start = f->nops;
    it->quote_depth = f->quote_depth;
    it->file = f->src_file;
    it->line = f->src_line;
    f->nitems++;
    if (f->pending_anchor) {
        const char *name = f->pending_anchor;
        f->pending_anchor = NULL;
        flow_anchor(f, 0, 0, name);
    }
    if (f->marker && f->marker_box) {
        /* a box a little under the text's height, sitting on the baseline; a tick when done */
        double s = f->marker_size * 0.72, x = f->marker_x, y = f->marker_y - s, lw = 0.7;
        int shape = f->shape_tag;
        f->marker = NULL;
        f->shape_tag = f->marker_tag; /* the box is the label (its /Alt says checked or not) */
        flow_line(f, x, y, s, 0, lw, f->marker_color);
        flow_line(f, x, y + s, s, 0, lw, f->marker_color);
        flow_line(f, x, y, 0, s, lw, f->marker_color);
        flow_line(f, x + s, y, 0, s, lw, f->marker_color);
        if (f->marker_box == 2) {
            flow_line(f, x + s * 0.2, y + s * 0.5, s * 0.25, s * 0.3, lw * 1.4, f->marker_color);
            flow_line(f, x + s * 0.45, y + s * 0.8, s * 0.38, -s * 0.62, lw * 1.4, f->marker_color);
        }
        f->shape_tag = shape;
    } else if (f->marker) {
        const char *m = f->marker;
        int tag = f->tag;
        f->marker = NULL;
        f->tag = f->marker_tag;
        flow_text(f, f->marker_x, f->marker_y, f->marker_face, f->marker_size, f->marker_color, m,
                  strlen(m));
        f->tag = tag;
    }
    return f->nitems - 1;
}

void flow_text(flow *f, double x, double y, pdf_face face, double size, uint32_t color,
               const char *text, size_t len)
{
    pdf_op *op = new_op(f, OP_TEXT);
    op->x = x;
    op->y = y;
    op->face = face;
    op->size = size;
    op->color = color;
    op->text = arena_strndup(f->a, text, len);
}

double flow_mirror_x(const flow *f, double x, double w)
{
    return f->rtl ? f->full_width - x - w : x;
}

void flow_text_rtl(flow *f, double x, double y, pdf_face face, double size, uint32_t color,
                   const char *text, size_t len)
{
    flow_text(f, x, y, face, size, color, text, len);
    f->ops[f->nops - 1].kind = OP_TEXT_RTL;
}

void flow_rect(flow *f, double x, double y, double w, double h, uint32_t color)
{
    pdf_op *op = new_op(f, OP_RECT);
    op->x = x, op->y = y, op->w = w, op->h = h;
    op->color = color;
}

void flow_line(flow *f, double x, double y, double w, double h, double width, uint32_t color)
{
    pdf_op *op = new_op(f, OP_LINE);
    op->x = x, op->y = y, op->w = w, op->h = h;
    op->size = width;
    op->color = color;
}

void flow_link(flow *f, op_kind kind, double x, double y, double w, double h, const char *target)
{
    pdf_op *op = new_op(f, kind);
    op->x = x, op->y = y, op->w = w, op->h = h;
    op->text = target;
}

void flow_anchor(flow *f, double x, double y, const char *name)
{
    pdf_op *op = new_op(f, OP_ANCHOR);
    op->x = x, op->y = y;
    op->text = arena_strdup(f->a, name);
}

void flow_image(flow *f, double x, double y, double w, double h, const char *alt,
                const struct pdf_image *img)
{
    pdf_op *op = new_op(f, OP_IMAGE);
    op->x = x, op->y = y, op->w = w, op->h = h;
    op->text = arena_strdup(f->a, alt);
    op->image = img;
}

void flow_heading_add(flow *f, int level, const char *title, const char *anchor, size_t item)
{
    if (f->nheads == f->capheads) {
        size_t cap = f->capheads ? f->capheads * 2 : 32;
        f->heads =
            arena_realloc(f->a, f->heads, f->capheads * sizeof *f->heads, cap * sizeof *f->heads);
        f->capheads = cap;
    }
    flow_heading *h = &f->heads[f->nheads++];
    h->level = level + f->heading_shift;
    h->title = arena_strdup(f->a, title);
    h->anchor = arena_strdup(f->a, anchor);
    h->item = item;
}

int flow_tag_open(flow *f, tag_type type)
{
    int prev = f->tag;
    if (f->tags)
        f->tag = pdf_tag_new(f->tags, f->tag, type);
    return prev;
}

void flow_tag_close(flow *f, int prev)
{
    f->tag = prev;
}

int flow_tag_heading(flow *f, int level)
{
    level += f->heading_shift;
    if (level > f->last_h + 1)
        level = f->last_h + 1;
    if (level < 1)
        level = 1;
    if (level > 6)
        level = 6;
    f->last_h = level;
    return flow_tag_open(f, (tag_type)(TAG_H1 + level - 1));
}
