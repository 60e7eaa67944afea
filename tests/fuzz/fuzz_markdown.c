/* fuzz_markdown.c - libFuzzer target: Markdown with the table, chart and faq
 * directives, parsed, checked and rendered to HTML as pages are. */
#include "core/chart.h"
#include "core/markdown.h"
#include "core/table.h"
#include "core/yamlload.h"
#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static const char data_yaml[] = "prices:\n"
                                "  caption: Prices\n"
                                "  columns:\n"
                                "    - {key: region, label: Region}\n"
                                "    - {key: rate, label: Rate, prefix: \"$\"}\n"
                                "    - {key: n, label: N}\n"
                                "  rows:\n"
                                "    - {id: us, region: US, rate: {low: 80, high: 150}, n: 22000}\n"
                                "    - {id: in, region: India, rate: 20, n: -5}\n"
                                "faq:\n"
                                "  - {q: Why?, a: \"Because *this*.\"}\n";

typedef struct fuzz_ctx {
    const dtable *table; /* "prices" */
} fuzz_ctx;

/* Table and chart directives, as the website renders them. */
static int directive(void *vctx, const md_doc *doc, const md_directive *dir, buf *out,
                     err_list *errs)
{
    const fuzz_ctx *c = vctx;
    int rc = 0;
    if (strcmp(dir->name, "prices") != 0) {
        err_add(errs, md_file(doc), dir->line, dir->col, "unknown data table '%s'", dir->name);
        rc = -1;
    } else if (dir->kind == MD_DIR_TABLE) {
        dtable_render_html(c->table, "table-prices", out);
    } else if (dir->kind == MD_DIR_CHART) {
        chart *ch = chart_new(c->table, dir->body, md_file(doc), dir->line + 1, errs);
        chart_style style = {
            {0x1f4e79, 0xad5410, 0x5b6670, 0x1d232a}, 0x1d232a, 0x5b6670, 0xe3e6ea, 19};
        ch_geom g;
        if (ch) {
            chart_layout(ch, 720, &style, NULL, NULL, &g);
            chart_svg(ch, &g, "chart-prices", out);
            ch_geom_free(&g);
        } else {
            rc = -1;
        }
        chart_free(ch);
    }
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size)
{
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    buf html = BUF_INIT;
    const value *data = yaml_load(a, data_yaml, strlen(data_yaml), "data.yaml", 1, &errs);
    fuzz_ctx c = {
        dtable_from_value(a, "prices", "prices.yaml", val_map_get(data, "prices"), &errs)};
    /* the first byte chooses raw HTML passing through or not */
    bool unsafe = size > 0 && input[0] & 1;
    md_doc *d = md_parse((const char *)input, size, "fuzz.md", 1, data, unsafe, &errs);
    if (d && c.table)
        md_render_html(d, directive, &c, &html, &errs);
    md_free(d);
    buf_free(&html);
    err_list_free(&errs);
    arena_free(a);
    return 0;
}
