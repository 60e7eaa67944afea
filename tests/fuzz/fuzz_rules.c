/* fuzz_rules.c - libFuzzer target: the report model (rules.yaml: options, values and their
 * formulas, rules, sections, computed tables), loaded and checked against a real site,
 * whose headings the links and whose text the quotes must match. The first byte picks
 * the site: even, the demo guide (IMPRINT_FUZZ_SITE, default the repository, the
 * current folder); odd, the second domain (tests/fixtures/report-model under it). When
 * a model loads, the site's example profiles are computed with it. */
#include "core/template.h"
#include "core/content.h"
#include "core/yamlload.h"
#include "report/rules.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static site *sites[2]; /* loaded once; read-only while fuzzing */

static site *load(const char *dir)
{
    err_list errs = ERR_LIST_INIT;
    site *s = site_load(dir, NULL, 1, &errs);
    for (size_t i = 0; i < errs.len; i++)
        fprintf(stderr, "%s\n", errs.items[i].text);
    err_list_free(&errs);
    if (!s)
        abort();
    for (size_t i = 0; i < s->npages; i++)
        site_page_parse(s, s->pages[i], &errs);
    err_list_free(&errs);
    return s;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("IMPRINT_FUZZ_SITE");
    sites[0] = load(dir ? dir : ".");
    char *second = fs_join(dir ? dir : ".", "tests/fixtures/report-model");
    sites[1] = load(second);
    free(second);
    return 0;
}

/* Computes the values of the model for the site's example profile. */
static void compute(const ruleset *rs, arena *a)
{
    profile *p = profile_example(a, rs->schema, "2026-01-01");
    fx_val *slots = arena_alloc(a, (rs->nslots + 1) * sizeof *slots);
    fx_fail fail;
    size_t failed;
    if (rules_values_eval(rs, p->facts, a, slots, &fail, &failed) == 0)
        for (size_t i = 0; i < rs->nrules; i++)
            rules_cond_eval(rs->rules[i].when, p->facts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const site *s = sites[data[0] % 2];
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    char *text = xmalloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    const value *doc = yaml_load(a, text, size - 1, "rules.yaml", 1, &errs);
    tpl_set *tpls = tpl_set_new(NULL, true);
    const ruleset *rs = doc ? rules_from_value(a, s, tpls, doc, text, "rules.yaml", &errs) : NULL;
    if (rs)
        compute(rs, a);
    tpl_set_free(tpls);
    free(text);
    err_list_free(&errs);
    arena_free(a);
    return 0;
}
