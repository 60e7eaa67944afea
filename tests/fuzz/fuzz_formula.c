/* fuzz_formula.c - libFuzzer target: one formula of the report model (formula.h), parsed,
 * checked and evaluated. Its names are a fixed set of every kind (a number, a nullable
 * number, a zero, an enumeration, a string, a boolean); lookup and band read the data
 * tables of the second domain (tests/fixtures/report-model under IMPRINT_FUZZ_SITE,
 * default the repository, the current folder). */
#include "core/content.h"
#include "report/formula.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static site *the_site; /* loaded once; read-only while fuzzing */

static const char *const enum_values[] = {"us-east", "eu-west", "ap-southeast", NULL};
static const char *const names[] = {"n", "maybe", "zero", "region", "text", "flag", NULL};
static const fx_val slots[] = {
    {FX_NUM, 1234.5, NULL, false}, {FX_NULL, 0, NULL, false},   {FX_NUM, 0, NULL, false},
    {FX_STR, 0, "eu-west", false}, {FX_STR, 0, "hello", false}, {FX_BOOL, 0, NULL, true},
};

static bool resolve(void *ctx, const char *name, fx_type *type, size_t *slot)
{
    static const fx_type types[] = {
        {FX_NUM, false, NULL},        {FX_NUM, true, NULL},  {FX_NUM, false, NULL},
        {FX_STR, false, enum_values}, {FX_STR, false, NULL}, {FX_BOOL, false, NULL},
    };
    (void)ctx;
    for (size_t i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0) {
            *type = types[i];
            *slot = i;
            return true;
        }
    return false;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("IMPRINT_FUZZ_SITE");
    char *path = fs_join(dir ? dir : ".", "tests/fixtures/report-model");
    err_list errs = ERR_LIST_INIT;
    the_site = site_load(path, NULL, 1, &errs);
    for (size_t i = 0; i < errs.len; i++)
        fprintf(stderr, "%s\n", errs.items[i].text);
    err_list_free(&errs);
    free(path);
    if (!the_site)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    char *text = xmalloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    fx_expr *e = fx_parse(a, text, "fuzz", 1, 1, &errs);
    fx_env env = {resolve, NULL, the_site->data, names};
    fx_type type;
    if (e) {
        const char *const *used;
        fx_names(e, &used);
    }
    if (e && fx_check(e, &env, &type, &errs) == 0) {
        fx_val out;
        fx_fail fail;
        fx_eval(e, slots, &out, &fail);
    }
    free(text);
    err_list_free(&errs);
    arena_free(a);
    return 0;
}
