/* fuzz_profile.c - libFuzzer target: a client's project profile, loaded and
 * validated against the profile schema. */
#include "core/yamlload.h"
#include "report/profile.h"
#include "util/xalloc.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const regions[] = {"united-states", "western-europe", "eastern-europe",
                                          "india", "latin-america"};
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    char *text = xmalloc(size + 1); /* the text points warnings at keys: NUL-terminated */
    memcpy(text, data, size);
    text[size] = '\0';
    const value *doc = yaml_load(a, text, size, "fuzz.yaml", 1, &errs);
    if (doc)
        profile_from_value(a, doc, text, "fuzz.yaml", regions, 5, "2026-01-01", &errs);
    free(text);
    err_list_free(&errs);
    arena_free(a);
    return 0;
}
