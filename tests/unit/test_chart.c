/* test_chart.c - chart options and their errors, layout invariants, SVG output. */
#include "util/buf.h"
#include "core/chart.h"
#include "core/table.h"
#include "test.h"
#include "core/yamlload.h"

#include <math.h>
#include <stdlib.h>

static const char *table_yaml =
    "caption: Rates & pay\n"
    "columns:\n"
    "  - {key: region, label: Region}\n"
    "  - {key: py, label: Python, prefix: \"$\"}\n"
    "  - {key: js, label: Node.js, prefix: \"$\"}\n"
    "  - {key: rps, label: RPS}\n"
    "  - {key: note, label: Note}\n"
    "rows:\n"
    "  - {id: us, region: United States, py: {low: 80, high: 150}, js: {low: 70, high: 130},"
    " rps: 22000, note: fast}\n"
    "  - {id: in, region: India (vetted partner), py: {low: 20, high: 45},"
    " js: {low: 20, high: 40}, rps: 35000, note: {text: \"about 1.2M\", value: 1200000}}\n"
    "  - {id: long, region: A category label long enough that it cannot possibly fit on one"
    " line of the label column, py: {low: 5, high: 10}, js: 7, rps: 1500, note: ok}\n";

static const chart_style style = {
    {0x1f4e79, 0xad5410, 0x5b6670, 0x1d232a}, 0x1d232a, 0x5b6670, 0xe3e6ea, 18};

/* A measure that every check below can repeat: 0.6 em per byte (ASCII text). */
static double measure(void *ctx, const char *text, double size, int bold)
{
    (void)ctx;
    return strlen(text) * size * (bold ? 0.66 : 0.6);
}

static const dtable *load_table(arena *a)
{
    err_list e = ERR_LIST_INIT;
    value *doc = yaml_load(a, table_yaml, strlen(table_yaml), "rates.yaml", 1, &e);
    const dtable *t = doc ? dtable_from_value(a, "rates", "rates.yaml", doc, &e) : NULL;
    INT_EQ(e.errors, 0, "the test table loads");
    err_list_free(&e);
    return t;
}

/* chart_new's only error for options at page.md line 12, or NULL. */
static char *option_error(const dtable *t, const char *options)
{
    err_list e = ERR_LIST_INIT;
    chart *c = chart_new(t, options, "page.md", 12, &e);
    char *msg = NULL;
    if (!c && e.len == 1) {
        msg = e.items[0].text;
        e.items[0].text = NULL;
    } else if (e.len > 1) {
        fprintf(stderr, "  %zu errors for '%s'; the first: %s\n", e.len, options, e.items[0].text);
    }
    chart_free(c);
    err_list_free(&e);
    return msg;
}

static void expect_error(const dtable *t, const char *options, const char *want, const char *what)
{
    char *got = option_error(t, options);
    STR_EQ(got, want, what);
    free(got);
}

static void test_option_errors(const dtable *t)
{
    expect_error(t, "rows: [us]\nbogus: 1\n",
                 "page.md:13:1: unknown chart option 'bogus' (allowed: title, rows, series, value, "
                 "label)",
                 "unknown option, at the key");
    expect_error(t, "rows: [us, nope]\n",
                 "page.md:12:12: unknown row 'nope' in table 'rates' (rows: us, in, long)",
                 "unknown row id lists the ids");
    expect_error(t, "series: [py, go]\n",
                 "page.md:12:14: unknown column 'go' in table 'rates' (columns: region, py, js, "
                 "rps, note)",
                 "unknown series column lists the columns");
    expect_error(t, "label: name\n",
                 "page.md:12:8: unknown column 'name' in table 'rates' (columns: region, py, js, "
                 "rps, note)",
                 "unknown label column");
    expect_error(t, "series:\n  - rps\n  - note\n",
                 "page.md:14:5: series 'note': row 'us' has \"fast\", not a number; choose numeric "
                 "rows with rows: or columns with series:",
                 "a text cell in a series");
    expect_error(t, "series: [py]\nvalue: value\n",
                 "page.md:12:10: series 'py': row 'us' is a range (\"$80 to $150\") with no single "
                 "value; use value: range, low or high",
                 "a range where one value is asked for");
    expect_error(t, "value: middle\n",
                 "page.md:12:8: value is 'middle'; allowed: value, low, high, range",
                 "unknown value mode");
    expect_error(t, "rows: [us]\nseries: [note]\n",
                 "page.md:13:10: series 'note': row 'us' has \"fast\", not a number; choose "
                 "numeric rows with rows: or columns with series:",
                 "only the chosen rows count");
    expect_error(t, "- rows\n",
                 "page.md:12:1: chart options must be a mapping of title, rows, series, value, "
                 "label; not a list",
                 "options that are not a mapping");
    expect_error(t, "rows: [us, us]\n", "page.md:12:12: row 'us' is listed twice", "a row twice");
    char *yaml = option_error(t, "rows: [us\n");
    OK(yaml && strncmp(yaml, "page.md:1", 9) == 0, "YAML syntax errors carry the page position");
    free(yaml);
    expect_error(t, "title: ''\n", "page.md:12:8: title must be non-empty text", "empty title");
    /* values past what the axis arithmetic can hold are refused, not drawn
     * broken (1e308 and -1e308 overflowed the tick count) */
    arena *a = arena_new();
    err_list he = ERR_LIST_INIT;
    const char *huge_yaml = "caption: Huge\ncolumns:\n  - {key: name, label: Name}\n"
                            "  - {key: v, label: V}\nrows:\n  - {id: a, name: A, v: 1e308}\n"
                            "  - {id: b, name: B, v: -1e308}\n";
    value *doc = yaml_load(a, huge_yaml, strlen(huge_yaml), "huge.yaml", 1, &he);
    const dtable *huge = doc ? dtable_from_value(a, "huge", "huge.yaml", doc, &he) : NULL;
    OK(huge != NULL, "a table of huge values loads");
    if (huge)
        expect_error(
            huge, "",
            "page.md:11:1: series 'v': row 'a' has \"1e+308\", too large to chart (at most "
            "1e15 either way)",
            "huge values are refused");
    err_list_free(&he);
    arena_free(a);

    /* the default series: every numeric column but the labels; "note" has text */
    err_list e = ERR_LIST_INIT;
    chart *c = chart_new(t, "", "page.md", 12, &e);
    OK(c != NULL, "empty options chart every numeric column");
    STR_EQ(c ? chart_title(c) : NULL, "Rates & pay", "the title defaults to the caption");
    ch_geom g;
    if (c) {
        chart_layout(c, 720, &style, measure, NULL, &g);
        OK(strstr(g.desc, "Python: $80 to $150; Node.js: $70 to $130; RPS: 22,000") != NULL,
           "default series: py and js as ranges, rps as values");
        OK(!strstr(g.desc, "Note"), "a column with text is left out");
        ch_geom_free(&g);
    }
    chart_free(c);
    c = chart_new(t, "title: Hourly rates\nrows: [in]\nseries: note\n", "page.md", 12, &e);
    OK(c != NULL, "a {text, value} cell charts its value; a single series may be a scalar");
    STR_EQ(c ? chart_title(c) : NULL, "Hourly rates", "title option");
    chart_free(c);
    INT_EQ(e.errors, 0, "no errors for good options");
    err_list_free(&e);
}

/* Horizontal extent of a text item under the test measure. */
static void text_span(const ch_item *it, double *x1, double *x2)
{
    double w = measure(NULL, it->text, it->size, it->bold);
    *x1 = it->anchor == CH_START ? it->x : it->anchor == CH_MIDDLE ? it->x - w / 2 : it->x - w;
    *x2 = *x1 + w;
}

/* Every item lies inside 0..width x 0..height. */
static int items_inside(const ch_geom *g)
{
    int bad = 0;
    const double eps = 1e-6;
    for (size_t i = 0; i < g->n; i++) {
        const ch_item *it = &g->items[i];
        double x1 = it->x, x2 = it->x + it->w, y1 = it->y, y2 = it->y + it->h;
        if (it->kind == CH_TEXT) {
            text_span(it, &x1, &x2);
            y1 = it->y - it->size * 0.8; /* ascent */
            y2 = it->y + it->size * 0.2; /* descent */
        }
        if (fmin(x1, x2) < -eps || fmax(x1, x2) > g->width + eps || fmin(y1, y2) < -eps ||
            fmax(y1, y2) > g->height + eps) {
            fprintf(
                stderr,
                "  item %zu (kind %d, '%s') at %.2f..%.2f x %.2f..%.2f is outside %.2f x %.2f\n", i,
                it->kind, it->text ? it->text : "", x1, x2, y1, y2, g->width, g->height);
            bad++;
        }
    }
    return bad;
}

/* The bars: rects after the legend swatches (one per series, drawn first). */
static size_t bars(const ch_geom *g, size_t nseries, const ch_item **out, size_t max)
{
    size_t n = 0, rects = 0;
    for (size_t i = 0; i < g->n && n < max; i++)
        if (g->items[i].kind == CH_RECT && rects++ >= nseries)
            out[n++] = &g->items[i];
    return n;
}

/* x of the zero line: the last line drawn. */
static double zero_x(const ch_geom *g)
{
    double x = NAN;
    for (size_t i = 0; i < g->n; i++)
        if (g->items[i].kind == CH_LINE)
            x = g->items[i].x;
    return x;
}

static void test_layout(const dtable *t)
{
    err_list e = ERR_LIST_INIT;
    static const double widths[] = {720, 480, 320};
    static const char *const options[] = {
        "rows: [us, in]\nseries: [rps]\n",
        "series: [py, js]\n",
        "",
        "label: note\nseries: [rps, py]\nvalue: high\n",
    };
    for (size_t o = 0; o < sizeof options / sizeof *options; o++)
        for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
            chart *c = chart_new(t, options[o], "page.md", 12, &e);
            OK(c != NULL, "chart for the layout checks");
            if (!c)
                continue;
            ch_geom g;
            chart_layout(c, widths[w], &style, measure, NULL, &g);
            OK(g.width == widths[w] && g.height > 0, "the box is width wide");
            INT_EQ(items_inside(&g), 0, "every item inside the box (measured)");
            ch_geom_free(&g);
            chart_layout(c, widths[w], &style, NULL, NULL, &g);
            size_t bad = 0;
            for (size_t i = 0; i < g.n; i++)
                bad += g.items[i].x < 0 || g.items[i].x > g.width || g.items[i].y < 0 ||
                       g.items[i].y > g.height;
            INT_EQ(bad, 0, "every anchor inside the box (estimated widths)");
            ch_geom_free(&g);
            chart_free(c);
        }

    /* value bars start at zero and are proportional to their values */
    chart *c = chart_new(t, "rows: [us, in]\nseries: [rps]\n", "page.md", 12, &e);
    ch_geom g;
    chart_layout(c, 720, &style, measure, NULL, &g);
    const ch_item *b[8];
    INT_EQ(bars(&g, 1, b, 8), 2, "one bar per row");
    OK(fabs(b[0]->w / b[1]->w - 22000.0 / 35000.0) < 1e-9, "bar lengths are proportional");
    OK(fabs(b[0]->x - zero_x(&g)) < 1e-9 && fabs(b[1]->x - zero_x(&g)) < 1e-9,
       "value bars start at the zero line");
    OK(b[0]->y + b[0]->h <= b[1]->y, "rows go down in order");
    ch_geom_free(&g);
    chart_free(c);

    /* range bars float from low to high on the same scale */
    c = chart_new(t, "rows: [us, in]\nseries: [py, js]\n", "page.md", 12, &e);
    chart_layout(c, 720, &style, measure, NULL, &g);
    INT_EQ(bars(&g, 2, b, 8), 4, "two bars per row");
    double zx = zero_x(&g), unit = b[0]->w / (150 - 80);
    OK(fabs(b[0]->x - (zx + 80 * unit)) < 1e-9, "a range bar starts at its low");
    OK(fabs(b[2]->x - (zx + 20 * unit)) < 1e-9 && fabs(b[2]->w - 25 * unit) < 1e-9,
       "another range on the same scale");
    OK(fabs(b[1]->x - (zx + 70 * unit)) < 1e-9 && b[1]->color == style.series[1],
       "the second series has the second colour");
    ch_geom_free(&g);
    chart_free(c);

    /* a long category label wraps onto two right-aligned lines */
    c = chart_new(t, "rows: [long]\nseries: [rps]\n", "page.md", 12, &e);
    chart_layout(c, 720, &style, measure, NULL, &g);
    const ch_item *lines[4];
    size_t nl = 0;
    for (size_t i = 0; i < g.n; i++)
        if (g.items[i].kind == CH_TEXT && g.items[i].anchor == CH_END && nl < 4)
            lines[nl++] = &g.items[i];
    INT_EQ(nl, 2, "the long label takes two lines");
    OK(nl == 2 && lines[0]->x == lines[1]->x && lines[0]->y < lines[1]->y, "lines stack, aligned");
    OK(strstr(g.desc, "A category label long enough that it cannot possibly fit on one line of "
                      "the label column") != NULL,
       "desc keeps the full label");
    ch_geom_free(&g);
    chart_free(c);
    INT_EQ(e.errors, 0, "no errors in the layout checks");
    err_list_free(&e);
}

static void test_svg(const dtable *t)
{
    err_list e = ERR_LIST_INIT;
    chart *c = chart_new(t, "rows: [us, in]\n", "page.md", 12, &e);
    ch_geom g1, g2;
    chart_layout(c, 720, &style, NULL, NULL, &g1);
    chart_layout(c, 720, &style, NULL, NULL, &g2);
    buf s1 = BUF_INIT, s2 = BUF_INIT;
    chart_svg(c, &g1, "chart-rates", &s1);
    chart_svg(c, &g2, "chart-rates", &s2);
    const char *svg = buf_cstr(&s1);
    OK(s1.len == s2.len && memcmp(s1.data, s2.data, s1.len) == 0, "two layouts give the same SVG");
    OK(strncmp(svg, "<figure class=\"chart\" id=\"chart-rates\"><svg viewBox=\"0 0 720 ", 61) == 0,
       "figure and viewBox");
    OK(strstr(svg, "\" width=\"100%\" role=\"img\" aria-labelledby=\"chart-rates-title "
                   "chart-rates-desc\"><title id=\"chart-rates-title\">Rates &amp; pay</title>"
                   "<desc id=\"chart-rates-desc\">United States \xe2\x80\x94 Python: $80 to $150; "
                   "Node.js: $70 to $130; RPS: 22,000. India (vetted partner) \xe2\x80\x94 "
                   "Python: $20 to $45; Node.js: $20 to $40; RPS: 35,000.</desc>") != NULL,
       "accessible name and description");
    static const char *const labels[] = {">$80 to $150<",   ">$70 to $130<", ">22,000<",
                                         ">$20 to $45<",    ">$20 to $40<",  ">35,000<",
                                         ">United States<", ">Python<",      ">RPS<"};
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        OK(strstr(svg, labels[i]) != NULL, labels[i]);
    OK(strstr(svg, "font-family=\"inherit\" fill=\"#1d232a\"") != NULL, "text in the text colour");
    OK(strstr(svg, "fill=\"#1f4e79\"") && strstr(svg, "fill=\"#ad5410\""), "series colours");
    OK(strstr(svg, "</svg><figcaption>Rates &amp; pay</figcaption></figure>\n") != NULL,
       "the caption closes the figure");
    /* numbers have at most two decimals */
    int long_decimals = 0;
    for (const char *p = svg; (p = strchr(p, '.')) != NULL; p++)
        if (p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9')
            long_decimals++;
    INT_EQ(long_decimals, 0, "at most two decimals");
    buf_free(&s1);
    buf_free(&s2);
    ch_geom_free(&g1);
    ch_geom_free(&g2);
    chart_free(c);
    err_list_free(&e);
}

int main(void)
{
    arena *a = arena_new();
    const dtable *t = load_table(a);
    if (t) {
        test_option_errors(t);
        test_layout(t);
        test_svg(t);
    }
    arena_free(a);
    return test_summary("test_chart");
}
