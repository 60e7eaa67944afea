/* fuzz_highlight.c - libFuzzer target: code highlighted by core/highlight.c. The first
 * byte picks the language among the theme's (IMPRINT_FUZZ_SITE, default the repository)
 * and, with its high bit, line numbers and marked lines; the rest is the code, tokenized
 * and rendered to HTML. A first byte of 0xff reads the rest as a language file instead,
 * which then tokenizes a sample that has a bit of every language. */
#include "core/highlight.h"
#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static hl_set *theme;

static const char *const langs[] = {"c",    "cpp",  "python", "js",        "ts",   "go",
                                    "rust", "java", "bash",   "sql",       "yaml", "json",
                                    "html", "css",  "diff",   "dockerfile"};

static const char sample[] =
    "#include <x.h>\n/* c */ int f(int a) { return a << 2; } // x\n"
    "s = f\"{x['k']}\" + r'\\d' + `a ${`b ${c}`}` + $'x' + $tag$ y $tag$\n"
    "cat <<-'EOF'\n\t\"q\" $v\n\tEOF\nkey: |\n  text\n<a href=\"x\">&amp;</a>\n"
    "+added\n-removed\n@media (x: 1px) { a:hover { color: #fff; } }\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!theme) {
        err_list e = ERR_LIST_INIT;
        const char *dir = getenv("IMPRINT_FUZZ_SITE");
        theme = hl_set_load(dir ? dir : ".", NULL, &e);
        err_list_free(&e);
        if (!theme)
            abort(); /* the theme's languages must load */
    }
    if (!size)
        return 0;
    buf out = BUF_INIT;
    hl_tokens toks = HL_TOKENS_INIT;
    const char *code = (const char *)data + 1;
    size_t len = size - 1;
    if (data[0] == 0xff) {
        err_list e = ERR_LIST_INIT;
        hl_set *one = hl_set_new();
        if (hl_set_add(one, "fuzz.yaml", code, len, false, &e) == 0) {
            hl_tokenize(hl_find(one, "x"), sample, sizeof sample - 1, &toks);
            for (size_t i = 0; i < 8; i++) /* whatever its aliases are: try a few */
                hl_tokenize(hl_find(one, langs[i]), sample, sizeof sample - 1, &toks);
        }
        hl_set_free(one);
        err_list_free(&e);
    } else {
        const char *lang = langs[data[0] % (sizeof langs / sizeof *langs)];
        char info[64];
        snprintf(info, sizeof info, "%s%s", lang,
                 data[0] & 0x80 ? " {linenos=true hl_lines=[1, \"3-4\"] linenostart=7}" : "");
        hl_render_html(theme, info, code, len, &out);
        hl_tokenize(hl_find(theme, lang), code, len, &toks);
    }
    hl_tokens_free(&toks);
    buf_free(&out);
    return 0;
}
