/* fuzz_yaml.c - libFuzzer target: the YAML loader (every value, alias and limit). */
#include "core/yamlload.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    yaml_load(a, (const char *)data, size, "fuzz.yaml", 1, &errs);
    err_list_free(&errs);
    arena_free(a);
    return 0;
}
