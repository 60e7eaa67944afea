/* test_notes.c - footnotes in the PDF: the paginator's feet on synthetic items (which page
 * each line and note lands on, the feet's heights, splits, backing up, errors), and the
 * layout of notes with the engine's fonts (numbers per chapter and per document, notes
 * referenced twice or never, notes placed with their lines). Runs from the repository root
 * (the fonts of assets/fonts). */
#include "pdf/blocks.h"
#include "pdf/paginate.h"
#include "test.h"
#include "util/buf.h"

#include <math.h>
#include <stdlib.h>

/* ---- the paginator, on items of known heights ---- */

#define BODY_H 100.0
#define MAXI 64

/* A flow of body lines of 10 and notes whose lines are 5 high. */
typedef struct synth {
    flow f;
    flow_item items[MAXI];
    flow_note notes[8];
    double ys[MAXI];
    pg_page *pages;
    size_t *foot;
    size_t np;
    err_list e;
} synth;

/* Starts s again with `lines` body lines and no notes (s zeroed at first). */
static void synth_init(synth *s, size_t lines)
{
    free(s->pages);
    free(s->foot);
    err_list_free(&s->e);
    memset(s, 0, sizeof *s);
    s->f.items = s->items;
    s->f.notes = s->notes;
    for (size_t i = 0; i < lines; i++)
        s->items[i] = (flow_item){.height = 10, .header = -1};
    s->f.nitems = lines;
}

/* Appends note id (the next) of n lines, placed with body line `line`; the
 * lines keep together when keep. */
static int synth_note(synth *s, size_t line, size_t n, bool keep)
{
    int id = (int)++s->f.nnotes;
    flow_note *nt = &s->notes[id - 1];
    nt->item = (long)line;
    nt->first = s->f.nitems;
    for (size_t k = 0; k < n; k++)
        s->items[s->f.nitems++] =
            (flow_item){.height = 5, .header = -1, .note = id, .keep_with_next = keep && k + 1 < n};
    nt->end = s->f.nitems;
    int *link = &s->items[line].ref;
    while (*link)
        link = &s->notes[*link - 1].next;
    *link = id;
    return id;
}

static void synth_run(synth *s)
{
    free(s->pages);
    free(s->foot);
    s->pages = NULL;
    s->foot = NULL;
    s->np = paginate(&s->f, BODY_H, s->ys, &s->pages, &s->foot, &s->e, "t");
}

static void synth_free(synth *s)
{
    free(s->pages);
    free(s->foot);
    err_list_free(&s->e);
}

/* The page whose foot holds note item q, or -1. */
static long foot_page(const synth *s, size_t q)
{
    for (size_t p = 0; p < s->np; p++)
        for (size_t k = 0; k < s->pages[p].nfoot; k++)
            if (s->foot[s->pages[p].foot + k] == q)
                return (long)p;
    return -1;
}

/* The page whose body holds line i, or -1. */
static long body_page(const synth *s, size_t i)
{
    for (size_t p = 0; p < s->np; p++)
        if (i >= s->pages[p].first && i < s->pages[p].end)
            return (long)p;
    return -1;
}

static void test_foot_near_top(void)
{
    synth s = {0};
    synth_init(&s, 20);
    int id = synth_note(&s, 1, 2, false);
    synth_run(&s);
    /* the foot: 14 of skip and rule, two lines of 5; the body keeps 100 - 24 = 76: 7 lines */
    OK(s.np == 3 && s.pages[0].nfoot == 2, "the note is at the first page's foot");
    OK(fabs(s.pages[0].foot_h - (PG_FOOT_SKIP + 10)) < 1e-9, "the foot is the skip and two lines");
    INT_EQ(s.pages[0].end, 7, "the body ends higher by the foot's height");
    OK(s.ys[s.notes[id - 1].first] == BODY_H - 10 && s.ys[s.notes[id - 1].first + 1] == BODY_H - 5,
       "the note's lines end at the bottom of the text block");
    OK(s.pages[1].nfoot == 0 && s.pages[1].foot_h == 0, "a page without notes has no foot");
    INT_EQ(s.pages[1].first, 7, "the note items are not in a body");
    INT_EQ(s.pages[1].end, 17, "the next page is full");
    synth_free(&s);
}

static void test_line_moves(void)
{
    synth s = {0};
    synth_init(&s, 20);
    /* line 8 ends at 90: its three kept lines (15 + 14) do not fit, nor does any split */
    int id = synth_note(&s, 8, 3, true);
    synth_run(&s);
    INT_EQ(s.pages[0].end, 8, "the line moves to the next page");
    INT_EQ(body_page(&s, 8), 1, "with its reference");
    INT_EQ(foot_page(&s, s.notes[id - 1].first), 1, "and its note");
    INT_EQ(s.pages[1].end, 8 + 7, "seven lines above a foot of 29");
    /* a note whose lines may part splits: from line 7 (ending at 80) one line fits
     * (80 + 14 + 5 = 99), and the line stays */
    synth_init(&s, 20);
    id = synth_note(&s, 7, 3, false);
    synth_run(&s);
    INT_EQ(body_page(&s, 7), 0, "a line whose note's first line fits stays");
    INT_EQ(foot_page(&s, s.notes[id - 1].first), 0, "the note starts on its reference's page");
    INT_EQ(foot_page(&s, s.notes[id - 1].first + 1), 1, "and goes on at the next page's foot");
    INT_EQ(s.pages[0].end, 8, "the page ends after the line: its foot is full");
    synth_free(&s);
}

static void test_long_note_splits(void)
{
    synth s = {0};
    synth_init(&s, 30);
    int a = synth_note(&s, 3, 12, false); /* 60 high, from a line ending at 40 */
    int b = synth_note(&s, 9, 1, false);  /* the next page's own note */
    synth_run(&s);
    /* 40 + 14 + 9 * 5 = 99: nine lines stay */
    size_t first = s.notes[a - 1].first;
    INT_EQ(s.pages[0].end, 4, "no line fits under a foot the split filled");
    INT_EQ(s.pages[0].nfoot, 9, "as many lines of the note as fit stay");
    INT_EQ(s.pages[1].nfoot, 4, "the rest and the next page's note");
    OK(s.pages[1].nfoot == 4 && s.foot[s.pages[1].foot] == first + 9 &&
           s.foot[s.pages[1].foot + 3] == s.notes[b - 1].first,
       "the rest of the split note comes first");
    OK(s.ys[first + 9] == BODY_H - 20, "the foot of the second page is 4 lines high");
    INT_EQ(body_page(&s, 9), 1, "the second note's line is on that page");
    INT_EQ(s.pages[1].end, 4 + 6, "100 - 14 - 20 leaves six lines");
    /* notes that keep their lines together split only where they allow */
    synth_init(&s, 30);
    a = synth_note(&s, 3, 12, true);
    synth_run(&s);
    INT_EQ(body_page(&s, 3), 1, "a kept note does not split after another line");
    INT_EQ(s.pages[0].end, 3, "its line moves");
    INT_EQ(foot_page(&s, s.notes[a - 1].end - 1), 1, "the note is whole on the next page");
    /* a split where the note's keeps allow leaves room; a later note still waits for the
     * rest of the split one (on the next page), and so does its line */
    synth_init(&s, 30);
    a = synth_note(&s, 3, 12, true);
    s.items[s.notes[a - 1].first + 3].keep_with_next = false; /* it may part after 4 lines */
    b = synth_note(&s, 5, 1, false);
    synth_run(&s);
    INT_EQ(s.pages[0].nfoot, 4, "the kept note parts after its fourth line");
    INT_EQ(body_page(&s, 4), 0, "a line without a note fits under it");
    INT_EQ(body_page(&s, 5), 1, "a line with a note waits for the next page");
    OK(s.np > 1 && s.pages[1].nfoot == 9 && s.foot[s.pages[1].foot + 8] == s.notes[b - 1].first,
       "its note after the rest of the split one");
    synth_free(&s);
}

/* Backing up to an allowed break takes the notes of the lines moved off the page. */
static void test_backup(void)
{
    synth s = {0};
    synth_init(&s, 20);
    int id = synth_note(&s, 5, 1, false);
    for (size_t i = 5; i < 9; i++)
        s.items[i].keep_with_next = true; /* lines 5..9 must stay together */
    synth_run(&s);
    /* line 5 ends at 60, its note leaves 100 - 19 = 81: line 8 (ending at 90) does not fit,
     * so the page ends before line 5 */
    INT_EQ(s.pages[0].end, 5, "the page ends before the kept chain");
    INT_EQ(s.pages[0].nfoot, 0, "the moved line's note went with it");
    INT_EQ(foot_page(&s, s.notes[id - 1].first), 1, "to the next page");
    OK(s.pages[0].foot_h == 0, "the first page has no foot left");
    synth_free(&s);
}

static void test_errors_and_chapters(void)
{
    synth s = {0};
    synth_init(&s, 4);
    synth_note(&s, 1, 20, false); /* 100 + 14: taller than the page */
    synth_run(&s);
    INT_EQ(s.np, 0, "a note taller than a page is an error");
    OK(s.e.errors == 1 && strstr(s.e.items[0].text, "footnote is taller than the page"),
       "reported as such");
    /* a split note's rest does not cross a chapter break: it gets a page of its own */
    synth_init(&s, 12);
    int id = synth_note(&s, 7, 5, false); /* 80 + 14 + 5: one line stays */
    s.items[8].break_before = true;
    synth_run(&s);
    INT_EQ(s.np, 3, "chapter one, its note's rest, chapter two");
    OK(s.np == 3 && s.pages[1].first == s.pages[1].end && s.pages[1].nfoot == 4, "the rest alone");
    INT_EQ(foot_page(&s, s.notes[id - 1].end - 1), 1, "on the page before the chapter");
    INT_EQ(s.pages[2].first, 8, "the chapter starts the page after");
    /* the last note ends the document: a last page for its rest */
    synth_init(&s, 8);
    synth_note(&s, 7, 5, false);
    synth_run(&s);
    OK(s.np == 2 && s.pages[1].nfoot == 4 && s.pages[1].first == s.pages[1].end,
       "a page for the rest");
    synth_free(&s);
}

/* Balancing leaves pages with notes alone, and counts lines, not note items. */
static void test_balance(void)
{
    synth s = {0};
    synth_init(&s, 11);
    synth_note(&s, 10, 1, false);
    synth_run(&s);
    INT_EQ(s.np, 2, "ten lines and one with a note");
    paginate_balance(&s.f, BODY_H, s.ys, s.pages, s.np, 3);
    INT_EQ(s.pages[1].first, 10, "a page with a foot is not balanced");
    synth_init(&s, 11);
    synth_note(&s, 2, 1, false);
    synth_run(&s);
    /* page 0: lines 0..7 (foot 19), page 1: 8..10 and the note items */
    INT_EQ(s.pages[0].end, 8, "eight lines above the foot");
    paginate_balance(&s.f, BODY_H, s.ys, s.pages, s.np, 5);
    INT_EQ(s.pages[1].first, 8, "nor is the page after one");
    synth_free(&s);
}

/* ---- layout with the engine's fonts ---- */

typedef struct layout_env {
    HPDF_Doc doc;
    pdf_fonts *fonts;
    pdf_style st;
    flow f;
    md_doc *docs[3];
    err_list e;
} layout_env;

/* Lays out a chapter of each Markdown text with the notes as the style says. */
static bool env_layout(layout_env *le, bool at_foot, bool continuous, const char *const *md,
                       size_t n)
{
    static const char *const fonts[FACE_COUNT] = {
        "assets/fonts/NotoSerif-Regular.ttf", "assets/fonts/NotoSerif-Bold.ttf",
        "assets/fonts/NotoSerif-Italic.ttf",  "assets/fonts/NotoSerif-BoldItalic.ttf",
        "assets/fonts/NotoSans-Regular.ttf",  "assets/fonts/NotoSans-Bold.ttf",
        "assets/fonts/DejaVuSansMono.ttf",    "assets/fonts/DejaVuSans.ttf"};
    memset(le, 0, sizeof *le);
    le->doc = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(le->doc);
    le->fonts = pdf_fonts_load(le->doc, NULL, fonts, "test", &le->e);
    OK(le->fonts != NULL, "the fonts of assets/fonts load");
    le->st = (pdf_style){.page_w = 595,
                         .page_h = 842,
                         .body_size = 10,
                         .leading = 14,
                         .small_size = 9,
                         .primary = 0x123456,
                         .text = 0x111111,
                         .rule = 0xcccccc,
                         .notes_at_foot = at_foot,
                         .notes_continuous = continuous};
    le->f =
        (flow){.a = arena_new(), .fonts = le->fonts, .st = &le->st, .width = 400, .base_url = ""};
    pdf_settings set = {.dir = "."};
    pdf_images *images = pdf_images_new(le->doc);
    int rc = 0;
    for (size_t i = 0; i < n && le->fonts; i++) {
        le->docs[i] = md_parse(md[i], strlen(md[i]), "t.md", 1, NULL, false, &le->e);
        pdf_chapter ch = {.title = "T", .url = "/t/", .doc = le->docs[i], .dir = "."};
        rc |= !le->docs[i] || pdf_layout_chapter(&le->f, images, &ch, (int)i + 1, &set, &le->e);
    }
    pdf_images_free(images);
    OK(rc == 0 && le->fonts, "the chapters lay out");
    return rc == 0 && le->fonts;
}

static void env_close(layout_env *le)
{
    for (size_t i = 0; i < 3; i++)
        md_free(le->docs[i]);
    pdf_fonts_free(le->fonts);
    HPDF_Free(le->doc);
    arena_free(le->f.a);
    err_list_free(&le->e);
}

/* The text drawn by items [first, end): superscripts (the smallest type) as "^N", note
 * markers (bold, small) as "[N]", other runs as they are, without the space a run ends
 * with before a word boundary (an invisible glyph for text extraction). */
static char *drawn(const layout_env *le, size_t first, size_t end)
{
    buf b = BUF_INIT;
    for (size_t i = first; i < end; i++) {
        const flow_item *it = &le->f.items[i];
        for (size_t o = it->op_start; o < it->op_start + it->op_count; o++) {
            const pdf_op *op = &le->f.ops[o];
            if (op->kind != OP_TEXT)
                continue;
            int n = (int)strlen(op->text);
            while (n > 0 && op->text[n - 1] == ' ')
                n--;
            if (op->size < le->st.body_size * 0.7)
                buf_printf(&b, "^%.*s", n, op->text);
            else if (op->face == FACE_BOLD && op->size == le->st.small_size)
                buf_printf(&b, "[%.*s]", n, op->text);
            else
                buf_put(&b, op->text, (size_t)n);
        }
    }
    return buf_detach(&b);
}

static const char *const TWO[] = {"A[^x] B[^y] C[^x].\n\n[^y]: Y.\n\n[^x]: X.\n\n[^z]: Never.\n",
                                  "D[^w].\n\n[^w]: W.\n"};

/* cmark-gfm's number on each reference (its literal) is the note's label,
 * a note referenced twice is one note, a definition never referenced none. */
static void test_numbers_per_chapter(void)
{
    layout_env le;
    if (!env_layout(&le, false, false, TWO, 2))
        goto out;
    char *all = drawn(&le, 0, le.f.nitems);
    OK(strstr(all, "A^1B^2C^1.") != NULL, "references show cmark's numbers, x twice as 1");
    OK(strstr(all, "[1]X.[2]Y.") != NULL, "the notes at the chapter's end, by number");
    OK(strstr(all, "D^1.") && strstr(all, "[1]W."), "numbers start again in chapter 2");
    OK(!strstr(all, "Never"), "a definition never referenced is not printed");
    INT_EQ(le.f.nnotes, 3, "one note for each definition referenced");
    /* the literal cmark gave each reference is the label drawn */
    cmark_node *para = cmark_node_first_child(md_doc_root(le.docs[0]));
    int refs = 0;
    for (cmark_node *n = cmark_node_first_child(para); n; n = cmark_node_next(n))
        if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_REFERENCE) {
            const char *want = refs++ == 1 ? "2" : "1";
            STR_EQ(cmark_node_get_literal(n), want, "cmark's number is the label");
        }
    INT_EQ(refs, 3, "three references");
    /* the references link to their notes' anchors */
    int links = 0, anchors = 0;
    for (size_t o = 0; o < le.f.nops; o++) {
        const pdf_op *op = &le.f.ops[o];
        links += op->kind == OP_LINK_DEST && strcmp(op->text, le.f.notes[0].anchor) == 0;
        anchors += op->kind == OP_ANCHOR && strcmp(op->text, le.f.notes[0].anchor) == 0;
    }
    OK(links == 2 && anchors == 1, "both references to x link to its one anchor");
    free(all);
out:
    env_close(&le);
}

static void test_numbers_per_document(void)
{
    layout_env le;
    if (!env_layout(&le, false, true, TWO, 2))
        goto out;
    char *all = drawn(&le, 0, le.f.nitems);
    OK(strstr(all, "D^3.") && strstr(all, "[3]W."), "numbers go on through the document");
    OK(strstr(all, "A^1B^2C^1.") != NULL, "chapter 1 as before");
    free(all);
out:
    env_close(&le);
}

/* With place: page, the notes are items for the foot, carried by the lines that
 * reference them first; a note referenced only inside another goes with that one. */
static void test_notes_at_foot(void)
{
    static const char *const md[] = {"First[^a].\n\nSecond[^a] and[^b].\n\n[^a]: A refs[^c].\n\n"
                                     "[^b]: B.\n\n[^c]: C.\n"};
    layout_env le;
    if (!env_layout(&le, true, false, md, 1))
        goto out;
    INT_EQ(le.f.nnotes, 3, "three notes");
    size_t first = SIZE_MAX, second = SIZE_MAX;
    for (size_t i = 0; i < le.f.nitems; i++) {
        char *t = drawn(&le, i, i + 1);
        if (strstr(t, "First"))
            first = i;
        if (strstr(t, "Second"))
            second = i;
        free(t);
    }
    OK(first != SIZE_MAX && second != SIZE_MAX, "both lines drawn");
    if (first == SIZE_MAX || second == SIZE_MAX)
        goto out;
    const flow_note *n = le.f.notes;
    INT_EQ(le.f.items[first].ref, 1, "the first line carries note a");
    INT_EQ(n[0].next, 3, "and c, referenced in a, after it");
    INT_EQ(le.f.items[second].ref, 2, "the second line carries b only (a is placed)");
    OK(n[0].item == (long)first && n[2].item == (long)first && n[1].item == (long)second,
       "each note knows its line");
    bool marked = true;
    for (int id = 1; id <= 3; id++)
        for (size_t q = n[id - 1].first; q < n[id - 1].end; q++)
            marked = marked && le.f.items[q].note == id;
    OK(marked && n[0].end > n[0].first, "every note's items are marked with its id");
    char *c = drawn(&le, n[2].first, n[2].end), *a = drawn(&le, n[0].first, n[0].end);
    STR_EQ(c, "[3]C.", "note c is numbered 3");
    STR_EQ(a, "[1]A refs^3.", "note a shows the reference to c");
    free(c);
    free(a);
out:
    env_close(&le);
}

int main(void)
{
    test_numbers_per_chapter();
    test_numbers_per_document();
    test_notes_at_foot();
    test_foot_near_top();
    test_line_moves();
    test_long_note_splits();
    test_backup();
    test_errors_and_chapters();
    test_balance();
    return test_summary("test_notes");
}
