/* fuzz_pdf.c - libFuzzer target: a page of Markdown laid out by the PDF engine
 * (line breaking, hyphenation, lists, tables, code, footnotes, pagination; raw HTML when
 * the first byte is odd) with the repository's fonts (IMPRINT_FUZZ_SITE, default the
 * current folder). */
#include "core/brand.h"
#include "core/markdown.h"
#include "core/yamlload.h"
#include "pdf/pdf.h"
#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char config_yaml[] = "title: Fuzz\nlanguage: en\npdf: {name: fuzz}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = getenv("IMPRINT_FUZZ_SITE");
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    buf out = BUF_INIT;
    const value *config = yaml_load(a, config_yaml, strlen(config_yaml), "site.yaml", 1, &errs);
    brand_palette palette;
    brand_palette_load(config, &palette, &errs);
    bool unsafe = size > 0 && data[0] & 1; /* raw HTML built into blocks (pdf/html.h) */
    md_doc *doc = md_parse((const char *)data, size, "fuzz.md", 1, NULL, unsafe, &errs);
    if (doc) {
        pdf_settings set = {.config = config,
                            .palette = &palette,
                            .dir = dir ? dir : ".",
                            .config_file = "site.yaml",
                            .base_url = "",
                            .date = 1774828800};
        pdf_meta meta = {"Fuzz", "", "", "", "", "", ""};
        pdf_chapter ch = {.title = "Chapter", .url = "/fuzz/", .doc = doc, .dir = "."};
        pdf_render(&set, &meta, &ch, 1, &out, &errs);
    }
    md_free(doc);
    buf_free(&out);
    err_list_free(&errs);
    arena_free(a);
    return 0;
}
