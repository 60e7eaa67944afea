/* test_mustache_spec.c - runs every test of the Mustache spec's *.yml files
 * (default tests/spec/mustache, or the folder in argv[1]) through template.c. */
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "core/model.h"
#include "core/template.h"
#include "test.h"
#include "core/yamlload.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* The text of a scalar field (plain scalars may have been read as numbers). */
static char *field_text(const value *test, const char *key)
{
    buf b = BUF_INIT;
    val_to_text(val_map_get(test, key), &b);
    return buf_detach(&b);
}

/* Runs one spec test; 1 when it passes. */
static int run_test(const char *file, const value *test)
{
    const char *name = val_str_or(val_map_get(test, "name"), "(unnamed)");
    char *src = field_text(test, "template");
    char *want = field_text(test, "expected");
    const value *partials = val_map_get(test, "partials");
    tpl_set *set = tpl_set_new(NULL, false);
    err_list errs = ERR_LIST_INIT;
    buf out = BUF_INIT;
    int ok = 0;
    if (partials && partials->type == VAL_MAP)
        for (size_t i = 0; i < partials->u.map.len; i++) {
            char *p = field_text(partials, partials->u.map.keys[i]);
            tpl_set_add(set, partials->u.map.keys[i], p, strlen(p), partials->u.map.keys[i], &errs);
            free(p);
        }
    const tpl *t = tpl_set_add(set, "(spec template)", src, strlen(src), "template", &errs);
    if (t && tpl_render(set, t, val_map_get(test, "data"), &out, &errs) == 0 && !errs.errors)
        ok = strcmp(buf_cstr(&out), want) == 0;
    if (!ok) {
        fprintf(stderr, "FAIL %s: %s\n  template: [%s]\n  expected: [%s]\n  got:      [%s]\n", file,
                name, src, want, buf_cstr(&out));
        for (size_t i = 0; i < errs.len; i++)
            fprintf(stderr, "  error: %s\n", errs.items[i].text);
    }
    buf_free(&out);
    err_list_free(&errs);
    tpl_set_free(set);
    free(src);
    free(want);
    return ok;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/spec/mustache";
    char **files = NULL;
    size_t nfiles = 0;
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n > 4 && strcmp(de->d_name + n - 4, ".yml") == 0) {
            files = xrealloc(files, (nfiles + 1) * sizeof *files);
            files[nfiles++] = xasprintf("%s/%s", dir, de->d_name);
        }
    }
    if (d)
        closedir(d);
    if (nfiles)
        qsort(files, nfiles, sizeof *files, by_name);
    if (nfiles == 0) { /* counted as a failure, so an empty folder cannot pass */
        fprintf(stderr, "FAIL: no *.yml spec files in %s\n", dir);
        test_failed++;
    }
    for (size_t i = 0; i < nfiles; i++) {
        arena *a = arena_new();
        err_list errs = ERR_LIST_INIT;
        value *doc = yaml_load_file(a, files[i], &errs);
        const value *tests = val_map_get(doc, "tests");
        if (!tests || tests->type != VAL_LIST) {
            fprintf(stderr, "FAIL %s: no list of tests\n", files[i]);
            test_failed++;
        }
        for (size_t e = 0; e < errs.len; e++)
            fprintf(stderr, "%s\n", errs.items[e].text);
        for (size_t k = 0; tests && tests->type == VAL_LIST && k < tests->u.list.len; k++) {
            if (run_test(files[i], tests->u.list.items[k]))
                test_passed++;
            else
                test_failed++;
        }
        err_list_free(&errs);
        arena_free(a);
        free(files[i]);
    }
    free(files);
    if (test_passed + test_failed == 0) {
        fprintf(stderr, "FAIL: no spec tests ran\n");
        test_failed++;
    }
    return test_summary("mustache_spec");
}
