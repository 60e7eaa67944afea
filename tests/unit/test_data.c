/* test_data.c - YAML loading into values, value helpers, data table validation and formatting. */
#include "util/buf.h"
#include "core/table.h"
#include "test.h"

#include <limits.h>
#include "core/yamlload.h"

static value *load(arena *a, const char *text, err_list *e)
{
    return yaml_load(a, text, strlen(text), "t.yaml", 1, e);
}

static void test_scalars(void)
{
    arena *a = arena_new();
    err_list e = ERR_LIST_INIT;
    value *v =
        load(a, "i: 85\nf: 1.210\ns: '12'\nb: true\nn: ~\nd: 2026-03-30\nx: 1,300\ne:\n", &e);
    OK(v && v->type == VAL_MAP, "document is a map");
    INT_EQ(val_map_get(v, "i")->type, VAL_NUM, "plain int is a number");
    INT_EQ(val_map_get(v, "s")->type, VAL_STR, "quoted number stays a string");
    INT_EQ(val_map_get(v, "b")->type, VAL_BOOL, "true is a boolean");
    INT_EQ(val_map_get(v, "n")->type, VAL_NULL, "~ is null");
    INT_EQ(val_map_get(v, "e")->type, VAL_NULL, "empty is null");
    INT_EQ(val_map_get(v, "d")->type, VAL_STR, "a date stays a string");
    INT_EQ(val_map_get(v, "x")->type, VAL_STR, "1,300 is text");
    buf b = BUF_INIT;
    val_to_text(val_map_get(v, "f"), &b);
    STR_EQ(buf_cstr(&b), "1.21", "floats print in shortest form");
    buf_reset(&b);
    val_to_text(val_map_get(v, "i"), &b);
    STR_EQ(buf_cstr(&b), "85", "integers print without a point");
    INT_EQ(val_map_get(v, "f")->pos.line, 2, "line of a value");
    INT_EQ(val_map_get(v, "f")->pos.col, 4, "column of a value");
    buf_reset(&b);
    val_to_json(v, &b);
    STR_EQ(buf_cstr(&b),
           "{\"i\":85,\"f\":1.21,\"s\":\"12\",\"b\":true,\"n\":null,\"d\":\"2026-03-30\","
           "\"x\":\"1,300\",\"e\":null}",
           "JSON keeps key order");
    buf_free(&b);
    INT_EQ(e.errors, 0, "no errors");
    err_list_free(&e);
    arena_free(a);
}

static void test_errors(void)
{
    arena *a = arena_new();
    err_list e = ERR_LIST_INIT;
    OK(!load(a, "a: 1\na: 2\n", &e), "duplicate key fails");
    STR_EQ(e.len ? e.items[0].text : NULL, "t.yaml:2:1: duplicate key 'a'",
           "duplicate key message");
    err_list_free(&e);
    OK(!load(a, "a: [1, 2\nb: 3\n", &e), "unclosed flow sequence fails");
    OK(e.len == 1 && strncmp(e.items[0].text, "t.yaml:", 7) == 0 && strstr(e.items[0].text, "YAML"),
       "syntax error has a position");
    err_list_free(&e);
    OK(!yaml_load(a, "a: \xff\n", 6, "t.yaml", 1, &e), "invalid UTF-8 fails");
    err_list_free(&e);
    /* nesting deeper than the limit is an error, not a stack overflow */
    buf deep = BUF_INIT;
    for (int i = 0; i < 10000; i++)
        buf_putc(&deep, '[');
    OK(!load(a, buf_cstr(&deep), &e), "deep nesting fails");
    OK(e.len == 1 && strstr(e.items[0].text, "nesting"), "deep nesting message");
    buf_free(&deep);
    err_list_free(&e);
    /* aliases that expand to billions of values ("billion laughs") stop at
     * the limit, at the alias that crosses it */
    buf bomb = BUF_INIT;
    buf_puts(&bomb, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 10; i++) {
        buf_printf(&bomb, "a%d: &a%d [", i, i);
        for (int k = 0; k < 10; k++)
            buf_printf(&bomb, "%s*a%d", k ? ", " : "", i - 1);
        buf_puts(&bomb, "]\n");
    }
    OK(!load(a, buf_cstr(&bomb), &e), "alias bomb fails");
    OK(e.len == 1 && strncmp(e.items[0].text, "t.yaml:6:", 9) == 0 &&
           strstr(e.items[0].text, "aliases expand to more than 1,000,000 values"),
       "alias bomb message at the alias that crosses the limit");
    buf_free(&bomb);
    err_list_free(&e);
    value *shared = load(a, "base: &b {k: 1}\none: *b\ntwo: *b\n", &e);
    OK(shared && val_map_get(shared, "two") == val_map_get(shared, "base"),
       "ordinary aliases share their value");
    err_list_free(&e);
    OK(!load(a, "a: &x [1, *x]\n", &e), "an alias inside its own anchor fails");
    OK(e.len == 1 &&
           strstr(e.items[0].text, "t.yaml:1:11: alias 'x' refers to a value that contains it"),
       "cycle message");
    err_list_free(&e);
    /* "\0" in a quoted string would cut C strings short */
    OK(!load(a, "title: \"Acme\\0Evil\"\n", &e), "NUL in a string fails");
    STR_EQ(e.len ? e.items[0].text : NULL,
           "t.yaml:1:8: a NUL character (\\0) is not allowed in text", "NUL message");
    err_list_free(&e);
    /* a UTF-8 byte order mark is skipped */
    value *bom = load(a, "\xEF\xBB\xBFtitle: Hello\n", &e);
    STR_EQ(bom ? val_as_str(val_map_get(bom, "title")) : NULL, "Hello", "BOM skipped");
    INT_EQ(e.len, 0, "no error with a BOM");
    OK(!yaml_load(a, "a: 1\n", 5, "front.md", 7, &e) == 0, "line offset load works");
    value *v = yaml_load(a, "x: [\n", 5, "front.md", 7, &e);
    OK(!v && e.len && strncmp(e.items[0].text, "front.md:8:", 11) == 0,
       "line offset applies to errors");
    err_list_free(&e);
    arena_free(a);
}

static const char *table_yaml =
    "caption: Rates\n"
    "columns:\n"
    "  - {key: region, label: Region}\n"
    "  - {key: py, label: Python, prefix: \"$\"}\n"
    "  - {key: n, label: N}\n"
    "  - {key: t, label: T, suffix: \"%\"}\n"
    "rows:\n"
    "  - {id: us, region: United States, py: {low: 80, high: 150}, n: 22000, t: {low: 8, high: "
    "10}}\n"
    "  - {id: in, region: India, py: {text: \"$20+\", value: 20}, n: 1234567.5, t: 0.5}\n";

static void test_table(void)
{
    arena *a = arena_new();
    err_list e = ERR_LIST_INIT;
    value *doc = load(a, table_yaml, &e);
    OK(dtable_is_table(doc), "recognised as a table");
    dtable *t = dtable_from_value(a, "rates", "t.yaml", doc, &e);
    OK(t != NULL, "valid table");
    if (!t)
        goto out;
    buf b = BUF_INIT;
    dtable_cell_text(t, 0, 1, &b);
    STR_EQ(buf_cstr(&b), "$80 to $150", "range with prefix");
    buf_reset(&b);
    dtable_cell_text(t, 0, 2, &b);
    STR_EQ(buf_cstr(&b), "22,000", "thousands separator");
    buf_reset(&b);
    dtable_cell_text(t, 0, 3, &b);
    STR_EQ(buf_cstr(&b), "8 to 10%", "range with suffix after the high end");
    buf_reset(&b);
    dtable_cell_text(t, 1, 1, &b);
    STR_EQ(buf_cstr(&b), "$20+", "text cell shows its text");
    buf_reset(&b);
    dtable_cell_text(t, 1, 2, &b);
    STR_EQ(buf_cstr(&b), "1,234,567.5", "grouping keeps the fraction");
    INT_EQ(dtable_col_align(t, 0), ALIGN_LEFT, "row header column is left");
    INT_EQ(dtable_col_align(t, 2), ALIGN_RIGHT, "numeric column is right aligned");
    INT_EQ(dtable_col_align(t, 1), ALIGN_LEFT, "column with text is left aligned");
    OK(dtable_row(t, "in") == t->rows[1], "row by id");
    OK(dtable_row(t, "xx") == NULL, "unknown row id");
    buf_reset(&b);
    dtable_render_html(t, "table-rates", &b);
    OK(strstr(buf_cstr(&b), "<caption id=\"table-rates-caption\">Rates</caption>") != NULL,
       "caption");
    OK(strstr(buf_cstr(&b), "<th scope=\"row\">United States</th>") != NULL, "row header cell");
    OK(strstr(buf_cstr(&b), "<td class=\"num\">22,000</td>") != NULL, "numeric cell class");
    buf_free(&b);
    /* schema errors carry positions */
    value *badv = load(a, "caption: X\ncolumns:\n  - {key: a}\nrows:\n  - {a: 1, b: 2}\n", &e);
    OK(dtable_from_value(a, "x", "t.yaml", badv, &e) == NULL, "bad table rejected");
    OK(e.len == 2, "two problems reported");
    STR_EQ(e.len > 0 ? e.items[0].text : NULL, "t.yaml:3:5: column needs a 'label'",
           "column message");
    STR_EQ(e.len > 1 ? e.items[1].text : NULL,
           "t.yaml:5:15: row has a cell 'b' but no column has that key", "row message");
out:
    err_list_free(&e);
    arena_free(a);
}

static void test_paths(void)
{
    arena *a = arena_new();
    err_list e = ERR_LIST_INIT;
    value *v = load(a, "brand: {colors: {primary: '#123'}}\nlist: []\n", &e);
    STR_EQ(val_as_str(val_path(v, "brand.colors.primary")), "#123", "dotted path");
    OK(val_path(v, "brand.nope.x") == NULL, "missing path");
    OK(!val_truthy(val_map_get(v, "list")), "empty list is falsey");
    err_list_free(&e);
    arena_free(a);
}

/* buf_put_int: "%lld" without printf, at the edges too */
static void test_put_int(void)
{
    const long long vals[] = {0, 7, -7, 10, 1000, -1000, 123456789012345LL, LLONG_MAX, LLONG_MIN};
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
        buf a = BUF_INIT, b = BUF_INIT;
        buf_put_int(&a, vals[i]);
        buf_printf(&b, "%lld", vals[i]);
        STR_EQ(buf_cstr(&a), buf_cstr(&b), "buf_put_int as %lld");
        buf_free(&a);
        buf_free(&b);
    }
}

int main(void)
{
    test_scalars();
    test_errors();
    test_table();
    test_paths();
    test_put_int();
    return test_summary("test_data");
}
