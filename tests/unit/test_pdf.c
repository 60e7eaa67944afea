/* test_pdf.c - the PDF engine: line breaking, pagination, and the layout of GFM tables and
 * of chapters cut from a longer document. Runs from the repository root (the fonts of
 * assets/fonts). */
#include "pdf/blocks.h"
#include "pdf/hyphen.h"
#include "pdf/linebreak.h"
#include "pdf/paginate.h"
#include "pdf/table.h"
#include "test.h"

#include <math.h>
#include <stdlib.h>

/* A paragraph of n words of width w separated by spaces of width 1 (stretch
 * 0.5, shrink 0.33), ending with the usual fill glue and forced break. */
static size_t words(lb_item *it, size_t n, double w)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            it[k++] = (lb_item){LB_GLUE, 1, 0.5, 1.0 / 3, 0, false};
        it[k++] = (lb_item){LB_BOX, w, 0, 0, 0, false};
    }
    it[k++] = (lb_item){LB_GLUE, 0, 1e6, 0, 0, false};
    it[k++] = (lb_item){LB_PENALTY, 0, 0, 0, -LB_INFINITY, false};
    return k;
}

static void test_greedy(void)
{
    lb_item it[64];
    lb_line *lines = NULL;
    /* 10 words of 4 with spaces of 1: "wwww wwww wwww" = 14 per 3 words */
    size_t n = words(it, 10, 4);
    size_t nl = lb_break(it, n, 14, LB_GREEDY, &lines);
    INT_EQ(nl, 4, "10 words, 3 per line -> 4 lines");
    INT_EQ(lines[0].start, 0, "first line starts at the first box");
    INT_EQ(lines[0].end, 5, "first line ends at the glue after the third word");
    OK(lines[0].ratio == 0, "a line that fits exactly needs no adjustment");
    OK(lines[3].ratio == 0, "the last line is set at natural width");
    free(lines);
    /* a line width that needs stretching: 3 words (14) in 16 -> ratio (16-14)/(2*0.5) = 2 */
    nl = lb_break(it, n, 16, LB_GREEDY, &lines);
    OK(lines[0].ratio > 1.99 && lines[0].ratio < 2.01, "stretch ratio of a loose line");
    free(lines);
    /* shrinking lets a fourth word in: natural 19 in 18.5, shrink 1 -> ratio -0.5 */
    nl = lb_break(it, n, 18.5, LB_GREEDY, &lines);
    INT_EQ(lines[0].end, 7, "shrinking fits four words");
    OK(lines[0].ratio < 0 && !lines[0].overfull, "the line is shrunk, not overfull");
    free(lines);
    /* a box wider than the line gets a line of its own, marked overfull */
    lb_item wide[8];
    size_t m = words(wide, 2, 30);
    nl = lb_break(wide, m, 20, LB_GREEDY, &lines);
    INT_EQ(nl, 2, "two over-wide words, two lines");
    OK(lines[0].overfull, "over-wide box is overfull");
    free(lines);
    /* a forced break inside the paragraph */
    lb_item fb[8] = {{LB_BOX, 3, 0, 0, 0, false},
                     {LB_PENALTY, 0, 0, 0, -LB_INFINITY, false},
                     {LB_BOX, 3, 0, 0, 0, false},
                     {LB_GLUE, 0, 1e6, 0, 0, false},
                     {LB_PENALTY, 0, 0, 0, -LB_INFINITY, false}};
    nl = lb_break(fb, 5, 100, LB_GREEDY, &lines);
    INT_EQ(nl, 2, "a hard break makes two lines");
    free(lines);
}

static flow_item item(double h, bool keep)
{
    flow_item it = {0};
    it.height = h;
    it.keep_with_next = keep;
    it.header = -1;
    return it;
}

static void test_paginate(void)
{
    flow_item items[12];
    flow f = {0};
    f.items = items;
    double ys[12];
    pg_page *pages = NULL;
    size_t *foot = NULL; /* no notes: stays NULL */
    err_list e = ERR_LIST_INIT;
    /* ten items of 10 in pages of 35: 3 per page */
    for (int i = 0; i < 10; i++)
        items[i] = item(10, false);
    f.nitems = 10;
    size_t np = paginate(&f, 35, ys, &pages, &foot, &e, "t");
    INT_EQ(np, 4, "3 + 3 + 3 + 1");
    INT_EQ(pages[1].first, 3, "second page starts at item 3");
    free(pages);
    /* item 2 keeps with 3: the break moves before item 2 */
    items[2].keep_with_next = true;
    np = paginate(&f, 35, ys, &pages, &foot, &e, "t");
    INT_EQ(pages[0].end, 2, "a kept pair moves to the next page together");
    OK(ys[2] == 0, "the moved item starts the next page");
    free(pages);
    /* a chain longer than a page breaks where it must, without looping */
    for (int i = 0; i < 10; i++)
        items[i].keep_with_next = true;
    np = paginate(&f, 35, ys, &pages, &foot, &e, "t");
    INT_EQ(np, 4, "an unbreakable chain still paginates");
    free(pages);
    /* space before is dropped at the top of a page */
    for (int i = 0; i < 10; i++)
        items[i] = item(10, false), items[i].space_before = 5;
    np = paginate(&f, 35, ys, &pages, &foot, &e, "t");
    OK(ys[0] == 0 && ys[1] == 15, "space before counts inside a page, not at its top");
    free(pages);
    /* chapter starts force a new page */
    for (int i = 0; i < 10; i++)
        items[i] = item(1, false);
    items[4].break_before = true;
    np = paginate(&f, 100, ys, &pages, &foot, &e, "t");
    INT_EQ(np, 2, "break_before starts a page");
    INT_EQ(pages[1].first, 4, "at the chapter");
    free(pages);
    /* an item taller than the page is an error, not an overflow */
    items[0] = item(50, false);
    f.nitems = 1;
    np = paginate(&f, 35, ys, &pages, &foot, &e, "t");
    INT_EQ(np, 0, "too tall");
    OK(e.errors == 1, "reported");
    err_list_free(&e);
    /* table rows repeat their header */
    items[0] = item(10, true);
    for (int i = 1; i < 8; i++)
        items[i] = item(10, false), items[i].header = 0;
    f.nitems = 8;
    np = paginate(&f, 35, ys, &pages, &foot, &e, "t");
    OK(np >= 2 && pages[1].header == 0, "the header repeats on the next page");
    OK(ys[pages[1].first] == 10, "rows start below the repeated header");
    OK(foot == NULL && pages[0].nfoot == 0 && pages[0].foot_h == 0, "no notes, no foot");
    free(pages);
}

/* Knuth–Plass against greedy on a paragraph where first fit leaves a very
 * loose line: words of widths 8 8 8 8 3 12 into lines of 30 with unit spaces. */
static void test_optimal(void)
{
    lb_item it[256];
    size_t k = 0;
    unsigned seed = 7;
    for (size_t i = 0; i < 60; i++) {
        seed = seed * 1103515245u + 12345u;
        double w = 2 + (seed >> 16) % 5;
        if (i)
            it[k++] = (lb_item){LB_GLUE, 1, 0.5, 1.0 / 3, 0, false};
        it[k++] = (lb_item){LB_BOX, w, 0, 0, 0, false};
    }
    it[k++] = (lb_item){LB_GLUE, 0, 1e6, 0, 0, false};
    it[k++] = (lb_item){LB_PENALTY, 0, 0, 0, -LB_INFINITY, false};
    lb_line *g = NULL, *o = NULL;
    size_t ng = lb_break(it, k, 40, LB_GREEDY, &g);
    size_t no = lb_break(it, k, 40, LB_OPTIMAL, &o);
    double worst_g = 0, worst_o = 0, sum_g = 0, sum_o = 0;
    for (size_t i = 0; i + 1 < ng; i++) {
        worst_g = fabs(g[i].ratio) > worst_g ? fabs(g[i].ratio) : worst_g;
        sum_g += g[i].ratio * g[i].ratio;
    }
    bool within = true;
    for (size_t i = 0; i + 1 < no; i++) {
        worst_o = fabs(o[i].ratio) > worst_o ? fabs(o[i].ratio) : worst_o;
        sum_o += o[i].ratio * o[i].ratio;
        within = within && o[i].ratio >= -1 && o[i].ratio <= 2;
    }
    OK(within, "every optimal line is within tolerance");
    OK(sum_o <= sum_g, "total fit spreads the slack at least as well as first fit");
    OK(worst_o <= worst_g, "and its loosest line is no looser");
    OK(o[no - 1].end == k - 1, "the last line ends at the paragraph's forced break");
    free(g);
    free(o);
}

/* A 100,000-word paragraph costs the breaker work in its length times the
 * words a line holds, not its length squared: only active nodes are weighed.
 * (Weighing every earlier break, as before, took 5e9 tries and 21 s.) */
static void test_optimal_linear(void)
{
    size_t n = 100000;
    lb_item *it = malloc((2 * n + 2) * sizeof *it);
    size_t k = words(it, n, 4);
    lb_line *l = NULL;
    size_t work = 0;
    size_t nl = lb_break_counted(it, k, 60, LB_OPTIMAL, &l, &work);
    OK(nl > 8000 && l[nl - 1].end == k - 1, "a 100,000-word paragraph is broken to its end");
    /* a line holds 12 words: about 13 active nodes for each of the n breaks */
    OK(work > n && work < 40 * n, "work linear in the words");
    if (work >= 40 * n)
        printf("#   weighed %zu lines for %zu words\n", work, n);
    free(l);
    free(it);
}

static void test_hyphenate(void)
{
    pdf_hyphenator *h = pdf_hyphenator_new("en");
    OK(h != NULL, "the en_US patterns load (Debian hyphen-en-us)");
    if (!h)
        return;
    size_t pts[16];
    size_t n = pdf_hyphenate(h, "hyphenation", 11, pts, 16);
    OK(n >= 2, "hyphenation has break points");
    bool ok = true;
    for (size_t i = 0; i < n; i++)
        ok = ok && pts[i] >= 2 && pts[i] <= 11 - 3;
    OK(ok, "no break leaves fewer than 2 letters before or 3 after");
    INT_EQ(pdf_hyphenate(h, "cat", 3, pts, 16), 0, "short words are not hyphenated");
    OK(pdf_hyphenator_new("xx") == NULL, "an unknown language has no patterns");
    pdf_hyphenator_free(h);
}

/* ---- layout with real fonts ---- */

/* A flow with the engine's fonts and a plain style, for layout tests. */
typedef struct layout_env {
    HPDF_Doc doc;
    pdf_fonts *fonts;
    pdf_style st;
    flow f;
} layout_env;

static bool env_open(layout_env *le)
{
    static const char *const fonts[FACE_COUNT] = {
        "assets/fonts/NotoSerif-Regular.ttf", "assets/fonts/NotoSerif-Bold.ttf",
        "assets/fonts/NotoSerif-Italic.ttf",  "assets/fonts/NotoSerif-BoldItalic.ttf",
        "assets/fonts/NotoSans-Regular.ttf",  "assets/fonts/NotoSans-Bold.ttf",
        "assets/fonts/DejaVuSansMono.ttf",    "assets/fonts/DejaVuSans.ttf"};
    err_list e = ERR_LIST_INIT;
    memset(le, 0, sizeof *le);
    le->doc = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(le->doc);
    le->fonts = pdf_fonts_load(le->doc, NULL, fonts, "test", &e);
    for (size_t i = 0; i < e.len; i++)
        fprintf(stderr, "%s\n", e.items[i].text);
    err_list_free(&e);
    OK(le->fonts != NULL, "the fonts of assets/fonts load");
    le->st = (pdf_style){.page_w = 595,
                         .page_h = 842,
                         .margin_top = 72,
                         .margin_bottom = 72,
                         .body_size = 10,
                         .leading = 14,
                         .small_size = 9,
                         .number_headings = true,
                         .chapter_new_page = true,
                         .primary = 0x123456,
                         .accent = 0xaa5500,
                         .text = 0x111111,
                         .muted = 0x666666,
                         .surface = 0xeeeeee,
                         .rule = 0xcccccc};
    le->f.a = arena_new();
    le->f.fonts = le->fonts;
    le->f.st = &le->st;
    le->f.width = 400;
    le->f.base_url = "";
    return le->fonts != NULL;
}

static void env_close(layout_env *le)
{
    pdf_fonts_free(le->fonts);
    HPDF_Free(le->doc);
    arena_free(le->f.a);
}

/* The left and right ends of the text of each cell of a two-column table
 * row (item), in the order drawn; false unless the row draws exactly two
 * runs of text. */
static bool row_cells(const layout_env *le, size_t item, double x0[2], double x1[2])
{
    const flow_item *it = &le->f.items[item];
    size_t k = 0;
    for (size_t o = it->op_start; o < it->op_start + it->op_count; o++) {
        const pdf_op *op = &le->f.ops[o];
        if (op->kind != OP_TEXT)
            continue;
        if (k == 2)
            return false;
        x0[k] = op->x;
        x1[k] = op->x + pdf_text_width(le->fonts, op->face, op->size, op->text, strlen(op->text));
        k++;
    }
    return k == 2;
}

/* "--:" right-aligns a GFM column and ":-:" centres it, in the PDF as in the HTML. */
static void test_gfm_alignment(void)
{
    layout_env le;
    err_list e = ERR_LIST_INIT;
    const char *md = "| a | b |\n|--:|:-:|\n| 1000 | 22 |\n| 1 | 333333 |\n";
    md_doc *d = md_parse(md, strlen(md), "t.md", 1, NULL, false, &e);
    OK(d != NULL, "the table parses");
    if (!env_open(&le) || !d)
        goto out;
    pdf_grid g;
    pdf_grid_from_gfm(&le.f, cmark_node_first_child(md_doc_root(d)), "", &g);
    INT_EQ(g.nrows, 3, "a header and two rows");
    pdf_grid_flow(&le.f, &g, 0, 400, 0, NULL);
    INT_EQ(le.f.nitems, 3, "one item per row");
    double x0[3][2], x1[3][2];
    bool ok = le.f.nitems == 3;
    for (size_t r = 0; r < 3 && ok; r++)
        ok = row_cells(&le, r, x0[r], x1[r]);
    OK(ok, "every row draws its two cells");
    if (!ok)
        goto out;
    /* right: the cells' text ends at one x (the column's right edge less its padding) */
    OK(fabs(x1[1][0] - x1[2][0]) < 0.01 && fabs(x1[0][0] - x1[1][0]) < 0.01,
       "a right-aligned column's text ends at its right edge");
    OK(x0[2][0] > x0[1][0] + 1, "shorter text starts further right");
    /* centre: the cells' midpoints meet */
    double mid[3];
    for (size_t r = 0; r < 3; r++)
        mid[r] = (x0[r][1] + x1[r][1]) / 2;
    OK(fabs(mid[0] - mid[1]) < 0.01 && fabs(mid[1] - mid[2]) < 0.01,
       "a centred column's text is centred");
    OK(x0[1][1] > x0[2][1] + 1, "the narrower cell of a centred column starts further right");
out:
    md_free(d);
    env_close(&le);
    err_list_free(&e);
}

/* The titles and levels of the flow's headings, one "level title" a line. */
static char *heads(const flow *f)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < f->nheads; i++)
        buf_printf(&b, "%d %s\n", f->heads[i].level, f->heads[i].title);
    return buf_detach(&b);
}

/* A long document typeset as chapters, one per "## " section: the sections'
 * "###" headings become the chapters' sections, the "## " headings their
 * titles (drawn once), text before the first goes to the first chapter, and
 * a footnote (which the parser moves to the document's end) ends the chapter
 * that references it (with pdf.footnotes.place: chapter). */
static void test_section_chapters(void)
{
    layout_env le;
    err_list e = ERR_LIST_INIT;
    const char *md = "Preamble.\n\n## Alpha\n\nText.[^n]\n\n[^n]: Footnote.\n\n### One\n\n"
                     "#### Deep\n\n## Beta\n\n### Two\n\nMore text.\n";
    md_doc *d = md_parse(md, strlen(md), "t.md", 1, NULL, false, &e);
    if (!env_open(&le) || !d)
        goto out;
    size_t nh;
    const md_heading *h = md_headings(d, &nh);
    INT_EQ(nh, 5, "five headings");
    if (nh != 5)
        goto out;
    pdf_chapter ch[2] = {
        {.title = h[0].text, .url = "/alpha/", .doc = d, .end = h[3].node, .shift = 1, .dir = "."},
        {.title = h[3].text,
         .url = "/beta/",
         .doc = d,
         .first = h[3].node,
         .shift = 1,
         .dir = "."}};
    pdf_settings set = {.dir = "."};
    int rc = 0;
    pdf_images *images = pdf_images_new(le.doc);
    for (int i = 0; i < 2; i++)
        rc |= pdf_layout_chapter(&le.f, images, &ch[i], i + 1, &set, &e);
    pdf_images_free(images);
    INT_EQ(rc, 0, "both chapters lay out");
    char *got = heads(&le.f);
    STR_EQ(got, "1 1. Alpha\n2 1.1 One\n3 1.1.1 Deep\n1 2. Beta\n2 2.1 Two\n",
           "chapter titles once, sections one level up");
    free(got);
    /* the text drawn, in order (runs may be cut where the font kerns) */
    buf text = BUF_INIT;
    for (size_t i = 0; i < le.f.nops; i++)
        if (le.f.ops[i].kind == OP_TEXT)
            buf_puts(&text, le.f.ops[i].text);
    const char *all = buf_cstr(&text), *pre = strstr(all, "Preamble"), *body = strstr(all, "Text."),
               *more = strstr(all, "More"), *note = strstr(all, "Footnote");
    OK(pre && body && pre < body, "text before the first section opens the first chapter");
    OK(body && note && more && body < note && note < more,
       "the footnote ends the chapter that references it");
    buf_free(&text);
out:
    md_free(d);
    env_close(&le);
    err_list_free(&e);
}

int main(void)
{
    test_gfm_alignment();
    test_section_chapters();
    test_optimal();
    test_optimal_linear();
    test_hyphenate();
    test_greedy();
    test_paginate();
    return test_summary("test_pdf");
}
