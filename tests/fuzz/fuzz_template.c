/* fuzz_template.c - libFuzzer target: Mustache templates compiled and rendered
 * against a fixed context with strings, lists, maps and lambdas' absence. */
#include "core/template.h"
#include "core/yamlload.h"
#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static const char context_yaml[] =
    "site: {title: \"A <site>\", base_url: \"https://x.org\", menu: [{name: A, url: /a/}]}\n"
    "page: {title: T, content: \"<p>x</p>\", toc: [{id: a, text: A}, {id: b, text: B}],\n"
    "       has_toc: true, empty: [], none: null, n: 3}\n"
    "list: [1, two, {x: 3}]\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    buf out = BUF_INIT;
    const value *ctx = yaml_load(a, context_yaml, strlen(context_yaml), "ctx.yaml", 1, &errs);
    tpl_set *set = tpl_set_new(NULL, false);
    const tpl *t = tpl_set_add(set, "t", (const char *)data, size, "fuzz.mustache", &errs);
    /* a partial named "p" that includes the template itself: recursion is bounded */
    tpl_set_add(set, "p", "[{{> t}}]", 9, "p.mustache", &errs);
    if (t)
        tpl_render(set, t, ctx, &out, &errs);
    buf_free(&out);
    tpl_set_free(set);
    err_list_free(&errs);
    arena_free(a);
    return 0;
}
