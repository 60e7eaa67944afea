/* fuzz_profile.c - libFuzzer target: the client profile and its schema. An
 * input whose first byte is even is a profile, validated against the demo
 * site's schema (content/data/profile.yaml); odd, the rest is a schema
 * (profile.yaml) loaded against the demo site's data tables, and a fixed
 * profile validated against it when it loads. IMPRINT_FUZZ_SITE names the site
 * folder (default the repository, the current folder). */
#include "core/content.h"
#include "core/yamlload.h"
#include "report/profile.h"
#include "util/xalloc.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static site *the_site;              /* loaded once; read-only while fuzzing */
static const pf_schema *the_schema; /* its profile schema */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("IMPRINT_FUZZ_SITE");
    err_list errs = ERR_LIST_INIT;
    the_site = site_load(dir ? dir : ".", NULL, 1, &errs);
    if (the_site)
        the_schema = profile_schema_load(the_site->arena, the_site, &errs);
    for (size_t i = 0; i < errs.len; i++)
        fprintf(stderr, "%s\n", errs.items[i].text);
    err_list_free(&errs);
    if (!the_schema)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char fixed[] = "client: A\nproject: B\nworkload: {ai_ml: core}\n";
    if (size == 0)
        return 0;
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    char *text = xmalloc(size); /* the text points warnings at keys: NUL-terminated */
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    const value *doc = yaml_load(a, text, size - 1, "fuzz.yaml", 1, &errs);
    if (doc && data[0] % 2 == 0) {
        profile_from_value(a, the_schema, doc, text, "fuzz.yaml", "2026-01-01", &errs);
    } else if (doc) {
        site s = *the_site; /* the same site with this schema as its data file `profile` */
        s.data = val_map(a);
        val_map_set_all(a, s.data, the_site->data);
        val_map_set(a, s.data, "profile", (value *)doc);
        const pf_schema *schema = profile_schema_load(a, &s, &errs);
        const value *p = schema ? yaml_load(a, fixed, sizeof fixed - 1, "p.yaml", 1, &errs) : NULL;
        if (p) {
            buf json = BUF_INIT;
            profile_from_value(a, schema, p, fixed, "p.yaml", "2026-01-01", &errs);
            profile_json_schema(schema, &json);
            buf_free(&json);
        }
    }
    free(text);
    err_list_free(&errs);
    arena_free(a);
    return 0;
}
