/* inline.c - inline text: fragments to boxes and glue, lines from the line breaker, and
 * the drawing ops of each line (frags.c turns cmark inlines into the fragments).
 *
 * Words become boxes (split further where the face lacks a glyph, so those
 * characters are set in the fallback face), spaces become glue that may
 * stretch by half and shrink by a third of a space. A word wider than the
 * line is cut into pieces with break opportunities between them (the
 * documented fallback for URLs and long identifiers). */
#include "pdf/inline.h"
#include "pdf/bidi.h"
#include "pdf/cjk.h"
#include "util/utf8.h"
#include "pdf/hyphen.h"
#include "pdf/notes.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RATIO 1.96 /* spaces at most 1.98 times their natural width */

typedef struct piece {
    size_t frag;      /* fragment it comes from */
    const char *text; /* box text (inside the fragment), NULL for glue/penalty */
    size_t len;
    pdf_face face; /* face the box is drawn in */
    uint8_t level; /* its bidirectional embedding level (pdf/bidi.h): odd is right to left */
    bool joiner;   /* glue between CJK characters (pdf/cjk.h): a break and a justification
                      point, but no space */
} piece;

typedef struct builder {
    flow *f;
    const para *p;
    lb_item *items;
    piece *pieces;
    size_t n, cap;
    bool hyphenate;        /* offer hyphenation points (justified paragraphs) */
    const bidi_para *bidi; /* the paragraph's levels, NULL when it is all left to right */
} builder;

static void add_item(builder *b, lb_item it, piece pc)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->items = xrealloc(b->items, b->cap * sizeof *b->items);
        b->pieces = xrealloc(b->pieces, b->cap * sizeof *b->pieces);
    }
    b->items[b->n] = it;
    b->pieces[b->n] = pc;
    b->n++;
}

/* Adds a stretch of a word as boxes, one per run of characters drawn in one
 * face (its own, or the fallback chain's for characters it lacks) at one
 * bidirectional level. */
static void add_boxes(builder *b, size_t fi, const char *w, size_t len)
{
    const frag *fr = &b->p->frags[fi];
    size_t i = 0, off = (size_t)(w - fr->text);
    while (i < len) {
        size_t n;
        uint32_t cp = utf8_next(w + i, len - i, &n);
        pdf_face face = pdf_face_for(b->f->fonts, fr->face, cp);
        uint8_t level = b->bidi ? bidi_level(b->bidi, fi, off + i) : 0;
        size_t j = i + n;
        while (j < len) {
            uint32_t c2 = utf8_next(w + j, len - j, &n);
            if (pdf_face_for(b->f->fonts, fr->face, c2) != face ||
                (b->bidi && bidi_level(b->bidi, fi, off + j) != level))
                break;
            j += n;
        }
        if (face == FACE_COUNT) /* no face has it: measured as drawn, not at all (show.c) */
            face = FACE_FALLBACK;
        lb_item it = {LB_BOX, pdf_text_width(b->f->fonts, face, fr->size, w + i, j - i), 0, 0, 0,
                      false};
        piece pc = {fi, w + i, j - i, face, level, false};
        add_item(b, it, pc);
        i = j;
    }
}

/* The letters hyphenation patterns are written in: ASCII, Latin-1 and Latin
 * Extended-A/B, Greek, Cyrillic (not digits, punctuation, symbols). */
static bool is_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7) ||
           (cp >= 0x370 && cp <= 0x52f && cp != 0x37e && cp != 0x387);
}

static bool is_capital(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7);
}

/* Where a word may take a hyphen: only plain words of letters (after leading
 * and trailing punctuation), at least 6 long, not acronyms or camel-case
 * names - nor capitalised words, except in a language that capitalises its
 * nouns (German) -, not code, links or superscripts. Returns the count. */
static size_t hyphen_points(builder *b, const frag *fr, const char *w, size_t len, size_t *pts,
                            size_t max)
{
    if (!b->hyphenate || !b->f->hyph || (fr->flags & (FRAG_CODE | FRAG_SUPER | FRAG_SUB)) ||
        fr->link)
        return 0;
    size_t s = 0, e = len, n, letters = 0;
    while (s < len && !is_letter(utf8_next(w + s, len - s, &n)))
        s += n;
    /* the word ends after its last letter */
    for (size_t i = s; i < len; i += n)
        if (is_letter(utf8_next(w + i, len - i, &n)))
            e = i + n;
    if (s >= len)
        return 0;
    bool nouns = pdf_hyphenator_capitalised(b->f->hyph);
    for (size_t i = s; i < e; i += n, letters++) {
        uint32_t cp = utf8_next(w + i, e - i, &n);
        if (!is_letter(cp))
            return 0; /* digits, hyphens, apostrophes: leave the word whole */
        if (is_capital(cp) && !(nouns && i == s))
            return 0; /* acronyms (API), names (Microsoft, JavaScript) stay whole */
    }
    if (letters < 6)
        return 0;
    size_t np = pdf_hyphenate(b->f->hyph, w + s, e - s, pts, max);
    for (size_t i = 0; i < np; i++)
        pts[i] += s;
    return np;
}

static void add_word(builder *b, size_t fi, const char *w, size_t len)
{
    const frag *fr = &b->p->frags[fi];
    size_t pts[32];
    size_t np = hyphen_points(b, fr, w, len, pts, 32);
    size_t from = 0;
    for (size_t k = 0; k < np; k++) {
        add_boxes(b, fi, w + from, pts[k] - from);
        double hw = pdf_text_width(b->f->fonts, fr->face, fr->size, "-", 1);
        add_item(b, (lb_item){LB_PENALTY, hw, 0, 0, 50, true},
                 (piece){fi, NULL, 0, fr->face, 0, false});
        from = pts[k];
    }
    add_boxes(b, fi, w + from, len - from);
}

/* Adds a word (no spaces in it) with a free break wherever CJK text allows
 * one (pdf/cjk.h): zero-width glue that stretches a little, so that a
 * justified line of CJK text spreads its characters evenly; the stretches
 * between breaks (a Latin word among them) are words of their own. */
static void add_word_cjk(builder *b, size_t fi, const char *w, size_t len)
{
    if (!cjk_may_have(w, len)) {
        add_word(b, fi, w, len);
        return;
    }
    const frag *fr = &b->p->frags[fi];
    size_t from = 0, n;
    uint32_t prev = utf8_next(w, len, &n);
    for (size_t i = n; i < len; i += n) {
        uint32_t c = utf8_next(w + i, len - i, &n);
        if (cjk_break_between(prev, c)) {
            add_word(b, fi, w + from, i - from);
            uint8_t level = b->bidi ? bidi_level(b->bidi, fi, (size_t)(w + i - fr->text)) : 0;
            add_item(b, (lb_item){LB_GLUE, 0, fr->size * 0.06, 0, 0, false},
                     (piece){fi, NULL, 0, fr->face, level, true});
            from = i;
        }
        prev = c;
    }
    add_word(b, fi, w + from, len - from);
}

static void build_items(flow *f, const para *p, builder *b)
{
    b->f = f;
    b->p = p;
    for (size_t fi = 0; fi < p->n; fi++) {
        const frag *fr = &p->frags[fi];
        if (fr->flags & FRAG_BREAK) {
            add_item(b, (lb_item){LB_GLUE, 0, 1e6, 0, 0, false},
                     (piece){fi, NULL, 0, fr->face, 0, false});
            add_item(b, (lb_item){LB_PENALTY, 0, 0, 0, -LB_INFINITY, false},
                     (piece){fi, NULL, 0, fr->face, 0, false});
            continue;
        }
        size_t i = 0;
        while (i < fr->len) {
            if (fr->text[i] == ' ' || fr->text[i] == '\n' || fr->text[i] == '\t') {
                /* one glue for a run of spaces; none at the start of the paragraph */
                while (i < fr->len &&
                       (fr->text[i] == ' ' || fr->text[i] == '\n' || fr->text[i] == '\t'))
                    i++;
                if (b->n && b->items[b->n - 1].type == LB_GLUE)
                    continue;
                double sp = pdf_text_width(f->fonts, fr->face, fr->size, " ", 1);
                uint8_t level = b->bidi ? bidi_level(b->bidi, fi, i - 1) : 0;
                add_item(b, (lb_item){LB_GLUE, sp, sp / 2, sp / 3, 0, false},
                         (piece){fi, NULL, 0, fr->face, level, false});
                continue;
            }
            size_t j = i;
            while (j < fr->len && fr->text[j] != ' ' && fr->text[j] != '\n' && fr->text[j] != '\t')
                j++;
            add_word_cjk(b, fi, fr->text + i, j - i);
            i = j;
        }
    }
    /* drop trailing glue, then the paragraph end: infinite glue + forced break */
    while (b->n && b->items[b->n - 1].type == LB_GLUE)
        b->n--;
    /* the last word of a paragraph is never hyphenated */
    size_t last_glue = 0;
    for (size_t k = 0; k < b->n; k++)
        if (b->items[k].type == LB_GLUE)
            last_glue = k;
    size_t w = last_glue;
    for (size_t k = last_glue; k < b->n; k++)
        if (!(b->items[k].type == LB_PENALTY && b->items[k].flagged)) {
            b->items[w] = b->items[k];
            b->pieces[w] = b->pieces[k];
            w++;
        }
    b->n = w;
    add_item(b, (lb_item){LB_GLUE, 0, 1e6, 0, 0, false}, (piece){0, NULL, 0, FACE_BODY, 0, false});
    add_item(b, (lb_item){LB_PENALTY, 0, 0, 0, -LB_INFINITY, false},
             (piece){0, NULL, 0, FACE_BODY, 0, false});
}

/* Cuts boxes wider than width into pieces that fit, with free breaks between. */
static void split_wide(flow *f, const para *p, builder *b, double width)
{
    builder out = {0};
    out.f = f;
    out.p = p;
    for (size_t k = 0; k < b->n; k++) {
        if (b->items[k].type != LB_BOX || b->items[k].width <= width) {
            add_item(&out, b->items[k], b->pieces[k]);
            continue;
        }
        const piece *pc = &b->pieces[k];
        const frag *fr = &p->frags[pc->frag];
        size_t i = 0;
        while (i < pc->len) {
            size_t j = i, n;
            double w = 0;
            while (j < pc->len) {
                utf8_next(pc->text + j, pc->len - j, &n);
                double cw = pdf_text_width(f->fonts, pc->face, fr->size, pc->text + j, n);
                if (j > i && w + cw > width)
                    break;
                w += cw;
                j += n;
            }
            if (i > 0)
                add_item(&out, (lb_item){LB_PENALTY, 0, 0, 0, 50, false},
                         (piece){pc->frag, NULL, 0, pc->face, pc->level, false});
            add_item(&out, (lb_item){LB_BOX, w, 0, 0, 0, false},
                     (piece){pc->frag, pc->text + i, j - i, pc->face, pc->level, false});
            i = j;
        }
    }
    free(b->items);
    free(b->pieces);
    *b = out;
}

/* The paragraph's bidirectional levels (NULL bp->levels when it needs none). */
static void resolve_levels(flow *f, const para *p, bidi_para *bp)
{
    const char **texts = xmalloc((p->n + 1) * sizeof *texts);
    size_t *lens = xmalloc((p->n + 1) * sizeof *lens);
    for (size_t i = 0; i < p->n; i++) {
        texts[i] = p->frags[i].text;
        lens[i] = (p->frags[i].flags & FRAG_BREAK) ? 0 : p->frags[i].len;
    }
    bidi_resolve(texts, lens, p->n, f->rtl ? BIDI_RTL : f->dir_auto ? BIDI_AUTO : BIDI_LTR, bp);
    free(texts);
    free(lens);
}

void para_break(flow *f, const para *p, double width, para_align align, para_lines *out)
{
    builder b = {0};
    bidi_para bp;
    resolve_levels(f, p, &bp);
    b.hyphenate = align == ALIGN_JUSTIFY;
    b.bidi = bp.levels ? &bp : NULL;
    build_items(f, p, &b);
    uint8_t base = bp.base;
    bool bidi = b.bidi != NULL;
    b.bidi = NULL;
    bidi_para_free(&bp);
    split_wide(f, p, &b, width);
    if (align != ALIGN_JUSTIFY)
        for (size_t k = 0; k < b.n; k++)
            b.items[k].shrink = 0; /* ragged lines are set at natural width: nothing may shrink */
    memset(out, 0, sizeof *out);
    out->items = b.items;
    out->pieces = b.pieces;
    out->n = b.n;
    out->width = width;
    out->bidi = bidi;
    out->base = base;
    out->nlines =
        lb_break(b.items, b.n, width, align == ALIGN_JUSTIFY ? LB_OPTIMAL : LB_GREEDY, &out->lines);
}

void para_lines_free(para_lines *pl)
{
    free(pl->items);
    free(pl->pieces);
    free(pl->lines);
    memset(pl, 0, sizeof *pl);
}

static bool same_style(const frag *a, const frag *b, pdf_face fa, pdf_face fb)
{
    return fa == fb && a->size == b->size && a->color == b->color && a->flags == b->flags &&
           a->link == b->link && a->note == b->note && a->lang == b->lang;
}

/* Natural width of line i's content (for ragged alignment). */
static double natural_width(const para_lines *pl, size_t i)
{
    const lb_line *l = &pl->lines[i];
    double w = 0;
    for (size_t k = l->start; k < l->end && k < pl->n; k++)
        if (pl->items[k].type != LB_PENALTY)
            w += pl->items[k].width;
    /* trailing glue before the break does not count */
    for (size_t k = l->end; k > l->start && pl->items[k - 1].type == LB_GLUE; k--)
        w -= pl->items[k - 1].width;
    return w;
}

typedef struct seg_ctx {
    flow *f;
    double x, y;
    pdf_face face;
    double size;
    uint32_t color;
} seg_ctx;

static void draw_segment(void *ctx, const char *text, size_t len, double x)
{
    seg_ctx *c = ctx;
    flow_text(c->f, c->x + x, c->y, c->face, c->size, c->color, text, len);
}

/* The element a run's text belongs to: the paragraph's, or for a link its
 * Link (one for all the runs of a link, which share fr->link), inside a
 * Reference for a footnote reference, inside a Span with its /Lang for a
 * passage in another language. */
static int run_tag(flow *f, const frag *fr)
{
    if (!f->tags || (!fr->link && !fr->note && !fr->lang))
        return f->tag;
    if (fr->link && !fr->lang && fr->link == f->link_src &&
        pdf_tag_parent(f->tags, f->link_tag) == f->tag)
        return f->link_tag;
    int tag = fr->note ? pdf_tag_new(f->tags, f->tag, TAG_REFERENCE) : f->tag;
    if (fr->lang && fr->lang == f->span_src && pdf_tag_parent(f->tags, f->span_tag) == tag) {
        tag = f->span_tag; /* the passage's next run */
    } else if (fr->lang) { /* a passage in another language: a Span with its /Lang */
        tag = pdf_tag_new(f->tags, tag, TAG_SPAN);
        pdf_tag_set_lang(f->tags, tag, fr->lang);
        f->span_src = fr->lang;
        f->span_tag = tag;
    }
    if (fr->link) {
        tag = pdf_tag_new(f->tags, tag, TAG_LINK);
        f->link_src = fr->link;
        f->link_tag = tag;
    }
    return tag;
}

static void emit_run(flow *f, const frag *fr, pdf_face face, buf *text, double x, double y,
                     double w, bool rtl)
{
    if (!text->len)
        return;
    int outer = f->tag;
    f->tag = run_tag(f, fr);
    if (fr->link)
        pdf_tag_add_text(f->tags, f->tag, buf_cstr(text));
    double size = fr->size, by = y;
    if (fr->flags & FRAG_SUPER)
        by = y - size * 0.6;
    else if (fr->flags & FRAG_SUB)
        by = y + size * 0.35;
    if (fr->flags & FRAG_CODE)
        flow_rect(f, x - 1, y - size * 0.95, w + 2, size * 1.3, 0xeef1f4);
    /* kerning: the run is drawn in pieces wherever the font kerns a pair */
    seg_ctx sc = {f, x, by, face, size, fr->color};
    if (rtl) /* shaped whole, kerning included (pdf/font.h) */
        flow_text_rtl(f, x, by, face, size, fr->color, text->data, text->len);
    else
        pdf_kern_segments(f->fonts, face, size, text->data, text->len, draw_segment, &sc);
    if (fr->flags & FRAG_STRIKE)
        flow_line(f, x, y - size * 0.3, w, 0, 0.6, fr->color);
    if (fr->flags & FRAG_UNDERLINE)
        flow_line(f, x, by + size * 0.15, w, 0, 0.5, fr->color);
    if (fr->link) {
        double asc = size * 0.95;
        flow_link(f, (fr->flags & FRAG_INTERNAL) ? OP_LINK_DEST : OP_LINK_URI, x, by - asc, w,
                  size * 1.25, fr->link);
    }
    if (fr->note) /* the line shows a footnote reference: its note may go on its page */
        pdf_note_drawn(f, fr->note);
    f->tag = outer;
}

/* Draws line i of a paragraph with right-to-left text (pl->bidi): every
 * piece at the x its visual order (bidi_order) gives, each box a run of its
 * own shaped in its direction, drawn in reading order so that the content
 * (and the structure tree) reads in logical order. A right-to-left
 * paragraph starts at the right: its ragged and last lines are set flush
 * right, and ALIGN_RIGHT_EDGE mirrors to the left. */
static void draw_line_bidi(flow *f, const para *p, const para_lines *pl, size_t i, double x,
                           double y, para_align align, double ratio, bool hyphen, bool end_space)
{
    const lb_line *l = &pl->lines[i];
    size_t s = l->start, e = l->end < pl->n ? l->end : pl->n;
    while (e > s && pl->items[e - 1].type == LB_GLUE)
        e--; /* a line's trailing space is not drawn */
    size_t n = e - s;
    uint8_t *lv = xmalloc(n + 1);
    size_t *order = xmalloc((n + 1) * sizeof *order);
    double *pos = xmalloc((n + 1) * sizeof *pos), total = 0;
    for (size_t k = 0; k < n; k++)
        lv[k] = pl->pieces[s + k].level;
    bidi_order(lv, n, order);
    for (size_t v = 0; v < n; v++) {
        const lb_item *it = &pl->items[s + order[v]];
        pos[order[v]] = total;
        if (it->type == LB_BOX)
            total += it->width;
        else if (it->type == LB_GLUE)
            total += it->width + (ratio > 0 ? ratio * it->stretch : ratio * it->shrink);
    }
    bool flush_right = pl->base ? align != ALIGN_RIGHT_EDGE : align == ALIGN_RIGHT_EDGE;
    double left = align == ALIGN_CENTERED ? x + (pl->width - total) / 2
                  : flush_right           ? x + pl->width - total
                                          : x;
    buf run = BUF_INIT;
    for (size_t k = 0; k < n; k++) {
        const lb_item *it = &pl->items[s + k];
        const piece *pc = &pl->pieces[s + k];
        if (it->type != LB_BOX)
            continue;
        const frag *fr = &p->frags[pc->frag];
        double bx = left + pos[k];
        buf_reset(&run);
        buf_put(&run, pc->text, pc->len);
        /* the word boundary after it (a line's end is one too, end_space) */
        bool space = (s + k + 1 < l->end && pl->items[s + k + 1].type == LB_GLUE &&
                      !pl->pieces[s + k + 1].joiner) ||
                     (end_space && k + 1 == n);
        double sw = space ? pdf_text_width(f->fonts, pc->face, fr->size, " ", 1) : 0;
        if (space)
            buf_putc(&run, ' ');
        emit_run(f, fr, pc->face, &run, (pc->level & 1) ? bx - sw : bx, y, it->width + sw,
                 pc->level & 1);
        if (hyphen && k + 1 == n) {
            double hw = pdf_text_width(f->fonts, pc->face, fr->size, "-", 1);
            flow_text(f, (pc->level & 1) ? bx - hw : bx + it->width, y, pc->face, fr->size,
                      fr->color, "-", 1);
        }
    }
    buf_free(&run);
    free(lv);
    free(order);
    free(pos);
}

void para_draw_line(flow *f, const para *p, const para_lines *pl, size_t i, double x, double y,
                    para_align align)
{
    const lb_line *l = &pl->lines[i];
    bool last = l->end >= pl->n ||
                (pl->items[l->end].type == LB_PENALTY && pl->items[l->end].penalty <= -LB_INFINITY);
    /* the last line is not stretched, but shrinks if the breaker needed it to */
    double ratio = align != ALIGN_JUSTIFY ? 0 : last ? (l->ratio < 0 ? l->ratio : 0) : l->ratio;
    /* a space never grows past twice its width (stretch is half a space): a line
     * that would need more (long unbreakable tokens, an emergency break) is set
     * a little short instead, as TeX leaves an underfull line */
    if (ratio > MAX_RATIO)
        ratio = MAX_RATIO;
    bool hyphen =
        l->end < pl->n && pl->items[l->end].type == LB_PENALTY && pl->items[l->end].flagged;
    bool joined = l->end < pl->n && pl->items[l->end].type == LB_GLUE && pl->pieces[l->end].joiner;
    if (pl->bidi) {
        draw_line_bidi(f, p, pl, i, x, y, align, ratio, hyphen, !last && !hyphen && !joined);
        return;
    }
    double cx = x;
    if (align == ALIGN_RIGHT_EDGE)
        cx = x + pl->width - natural_width(pl, i);
    else if (align == ALIGN_CENTERED)
        cx = x + (pl->width - natural_width(pl, i)) / 2;
    buf run = BUF_INIT;
    const frag *run_frag = NULL;
    pdf_face run_face = FACE_BODY;
    double run_x = cx, run_w = 0;
    for (size_t k = l->start; k < l->end && k < pl->n; k++) {
        const lb_item *it = &pl->items[k];
        const piece *pc = &pl->pieces[k];
        const frag *fr = &p->frags[pc->frag];
        if (it->type == LB_BOX) {
            if (run_frag && !same_style(run_frag, fr, run_face, pc->face)) {
                emit_run(f, run_frag, run_face, &run, run_x, y, run_w, false);
                buf_reset(&run);
                run_frag = NULL;
            }
            if (!run_frag) {
                run_frag = fr;
                run_face = pc->face;
                run_x = cx;
                run_w = 0;
            }
            buf_put(&run, pc->text, pc->len);
            run_w += it->width;
            cx += it->width;
        } else if (it->type == LB_GLUE) {
            double gw = it->width + (ratio > 0 ? ratio * it->stretch : ratio * it->shrink);
            /* in a run of one style with natural spacing, a space stays a space */
            bool next_same = k + 1 < l->end && pl->items[k + 1].type == LB_BOX && run_frag &&
                             same_style(run_frag, &p->frags[pl->pieces[k + 1].frag], run_face,
                                        pl->pieces[k + 1].face);
            if (ratio == 0 && next_same && run_frag) {
                if (!pc->joiner)
                    buf_putc(&run, ' ');
                run_w += gw;
            } else if (run_frag && pc->joiner) {
                emit_run(f, run_frag, run_face, &run, run_x, y, run_w, false);
                buf_reset(&run);
                run_frag = NULL;
            } else if (run_frag) {
                /* the space is drawn too (an invisible glyph at the run's end): text
                 * extraction and screen readers find the word boundary in the text */
                buf_putc(&run, ' ');
                emit_run(f, run_frag, run_face, &run, run_x, y, run_w, false);
                buf_reset(&run);
                run_frag = NULL;
            }
            cx += gw;
        }
    }
    if (run_frag && !last && !hyphen && !joined)
        buf_putc(&run, ' '); /* a line's end is a word boundary too */
    if (run_frag)
        emit_run(f, run_frag, run_face, &run, run_x, y, run_w, false);
    /* a hyphenation break draws its hyphen */
    if (hyphen) {
        const frag *fr = &p->frags[pl->pieces[l->end].frag];
        flow_text(f, cx, y, pl->pieces[l->end].face, fr->size, fr->color, "-", 1);
    }
    buf_free(&run);
}

double para_min_width(flow *f, const para *p)
{
    builder b = {0};
    build_items(f, p, &b);
    double m = 0, w = 0;
    for (size_t k = 0; k < b.n; k++) {
        if (b.items[k].type == LB_BOX)
            w += b.items[k].width;
        else {
            if (w > m)
                m = w;
            w = 0;
        }
    }
    if (w > m)
        m = w;
    free(b.items);
    free(b.pieces);
    return m;
}

double para_max_width(flow *f, const para *p)
{
    builder b = {0};
    build_items(f, p, &b);
    double w = 0, best = 0;
    for (size_t k = 0; k < b.n; k++) {
        if (b.items[k].type == LB_PENALTY && b.items[k].penalty <= -LB_INFINITY) {
            if (w > best)
                best = w;
            w = 0;
        } else if (b.items[k].type != LB_PENALTY)
            w += b.items[k].width;
    }
    if (w > best)
        best = w;
    free(b.items);
    free(b.pieces);
    return best;
}

double para_baseline(flow *f, pdf_face face, double size, double leading)
{
    double asc = pdf_ascent(f->fonts, face, size), desc = pdf_descent(f->fonts, face, size);
    return (leading - (asc - desc)) / 2 + asc;
}

size_t para_flow(flow *f, const para *p, double x, double width, const inline_style *st,
                 para_align align, double space_before)
{
    para_lines pl;
    para_break(f, p, width, align, &pl);
    double base = para_baseline(f, st->regular, st->size, st->leading);
    x = flow_mirror_x(f, x, width);
    for (size_t i = 0; i < pl.nlines; i++) {
        size_t n = pl.nlines;
        /* orphans: the first line never ends a page alone; widows: the last never
         * starts one; and a page never ends on a hyphenated line */
        const lb_line *l = &pl.lines[i];
        bool hyphen =
            l->end < pl.n && pl.items[l->end].type == LB_PENALTY && pl.items[l->end].flagged;
        bool keep = (i == 0 && n >= 2) || (n >= 3 && i == n - 2) || hyphen;
        flow_begin(f, st->leading, i == 0 ? space_before : 0, keep);
        para_draw_line(f, p, &pl, i, x, base, align);
    }
    size_t n = pl.nlines;
    para_lines_free(&pl);
    return n;
}
