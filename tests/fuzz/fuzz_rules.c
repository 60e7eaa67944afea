/* fuzz_rules.c - libFuzzer target: the decision rules (rules.yaml), loaded and
 * checked against a real site: the demo guide, whose headings the links and whose
 * text the quotes must match. IMPRINT_FUZZ_SITE names the site folder (default
 * the repository, the current folder). */
#include "core/content.h"
#include "core/yamlload.h"
#include "report/rules.h"
#include "util/xalloc.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static site *the_site; /* loaded once; read-only while fuzzing */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("IMPRINT_FUZZ_SITE");
    err_list errs = ERR_LIST_INIT;
    the_site = site_load(dir ? dir : ".", NULL, 1, &errs);
    for (size_t i = 0; i < errs.len; i++)
        fprintf(stderr, "%s\n", errs.items[i].text);
    err_list_free(&errs);
    if (!the_site)
        abort();
    for (size_t i = 0; i < the_site->npages; i++)
        site_page_parse(the_site, the_site->pages[i], &errs);
    err_list_free(&errs);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    char *text = xmalloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    const value *doc = yaml_load(a, text, size, "rules.yaml", 1, &errs);
    if (doc)
        rules_from_value(a, the_site, doc, text, "rules.yaml", &errs);
    free(text);
    err_list_free(&errs);
    arena_free(a);
    return 0;
}
