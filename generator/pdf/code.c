/* code.c - fenced code to flow items: monospace lines in the code box, coloured by
 * core/highlight.c's tokens, with a gutter of line numbers and marked lines (code.h). */
#include "pdf/code.h"
#include "util/utf8.h"
#include "pdf/inline.h"

#include <stdio.h>
#include <string.h>

typedef struct code_ctx {
    flow *f;
    const char *text;
    const hl_tokens *toks;
    size_t ti; /* the token the next piece starts in */
    double size, leading, base;
    double x, w;   /* the box */
    double gutter; /* the line numbers' width, 0 without */
} code_ctx;

/* Draws text[i, j) (within one line) from x, a piece per token. */
static void draw_run(code_ctx *c, size_t i, size_t j, double x)
{
    flow *f = c->f;
    while (c->ti < c->toks->len && c->toks->items[c->ti].start + c->toks->items[c->ti].len <= i)
        c->ti++;
    for (size_t t = c->ti; t < c->toks->len && i < j; t++) {
        const hl_token *k = &c->toks->items[t];
        size_t e = k->start + k->len < j ? k->start + k->len : j;
        if (e <= i)
            continue;
        double pw = pdf_text_width(f->fonts, FACE_MONO, c->size, c->text + i, e - i);
        if (strspn(c->text + i, " \t") < e - i)
            flow_text(f, x, c->base, FACE_MONO, c->size, hl_kind_colour(k->kind, f->st->text),
                      c->text + i, e - i);
        x += pw;
        i = e;
    }
}

/* Lays out source line number `line` (text[s, e)), wrapped to the box. */
static void code_line(code_ctx *c, const hl_fence *fence, long line, size_t s, size_t e)
{
    flow *f = c->f;
    bool marked = hl_fence_marked(fence, line);
    double x0 = c->x + 6 + c->gutter, room = c->w - 12 - c->gutter;
    size_t i = s;
    do {
        size_t j = i, k;
        double lw = 0;
        while (j < e) {
            utf8_next(c->text + j, e - j, &k);
            double cw = pdf_text_width(f->fonts, FACE_MONO, c->size, c->text + j, k);
            if (j > i && lw + cw > room)
                break;
            lw += cw;
            j += k;
        }
        flow_begin(f, c->leading, 0, true);
        flow_rect(f, c->x, 0, c->w, c->leading, marked ? HL_MARK_COLOUR : f->st->surface);
        if (marked)
            flow_rect(f, c->x, 0, 2, c->leading, f->st->accent);
        if (c->gutter && i == s) {
            char num[24];
            int n = snprintf(num, sizeof num, "%ld", fence->linenostart + line - 1);
            double nw = pdf_text_width(f->fonts, FACE_MONO, c->size, num, (size_t)n);
            int tag = f->tag;
            f->tag = 0; /* a line number is not part of the code: an artifact */
            flow_text(f, x0 - 10 - nw, c->base, FACE_MONO, c->size, f->st->muted, num, (size_t)n);
            f->tag = tag;
        }
        draw_run(c, i, j, x0);
        i = j;
    } while (i < e);
}

void pdf_code_flow(flow *f, const hl_set *set, const char *info, const char *text)
{
    hl_fence fence;
    hl_tokens toks = HL_TOKENS_INIT;
    code_ctx c = {.f = f, .text = text ? text : "", .toks = &toks};
    size_t len = strlen(c.text);
    hl_fence_parse(info, &fence);
    hl_tokenize(hl_find(set, fence.lang), c.text, len, &toks);
    c.size = f->st->small_size * 0.95;
    c.leading = c.size * 1.45;
    c.x = f->indent;
    c.w = f->width - f->indent;
    c.base = para_baseline(f, FACE_MONO, c.size, c.leading);
    if (fence.linenos) {
        long last = fence.linenostart;
        for (size_t i = 0; i + 1 < len; i++)
            last += c.text[i] == '\n';
        char num[24];
        int n = snprintf(num, sizeof num, "%ld", last);
        c.gutter = pdf_text_width(f->fonts, FACE_MONO, c.size, num, (size_t)n) + 10;
    }
    double pad = c.size * 0.6; /* the box's margin above the first line and below the last */
    flow_begin(f, pad, 6, true);
    flow_rect(f, c.x, 0, c.w, pad, f->st->surface);
    size_t s = 0;
    long line = 1;
    do { /* every line, and one for an empty block; a last newline ends the last line */
        const char *nl = memchr(c.text + s, '\n', len - s);
        size_t e = nl ? (size_t)(nl - c.text) : len;
        code_line(&c, &fence, line++, s, e);
        s = e + 1;
    } while (s < len);
    flow_begin(f, pad, 0, false);
    flow_rect(f, c.x, 0, c.w, pad, f->st->surface);
    hl_tokens_free(&toks);
}
