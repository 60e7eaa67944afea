/* bench_highlight.c - times highlighting a 10,000-line C file (core/highlight.h): the
 * languages loaded from the theme once, then the file tokenized and rendered to HTML, the
 * median of BENCH_HL_RUNS runs (default 15) on CLOCK_MONOTONIC.
 *
 * Usage: bench_highlight [THEME_DIR [FILE]]: THEME_DIR holds layouts/highlight/ (default
 * "."), FILE is the code to highlight (default: 10,000 generated lines of C, each kind of
 * token on them). Prints one row for tests/bench/run.sh's results.tsv,
 * "highlight<TAB>CASE<TAB>imprint<TAB>ok<TAB>wall,0,0,0;..." (seconds), and the tokenizing
 * alone and the sizes on stderr. Exits 1 when the languages do not load. */
#include "core/highlight.h"
#include "util/buf.h"
#include "util/fsutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LINES 10000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* 10,000 lines of C in blocks of 10: a comment, the preprocessor, a struct, a
 * function with strings, escapes, characters and numbers of every form. */
static void generate(buf *out)
{
    for (int i = 0; i < LINES / 10; i++) {
        buf_printf(out, "/* block %d: a \"quoted\" comment with // inside */\n", i);
        buf_printf(out, "#define LIMIT_%d (0x%XU + %d) /* limit */\n", i, i * 7 + 1, i);
        buf_printf(out, "struct item_%d { uint32_t id; const char *name; double w; };\n", i);
        buf_printf(out, "static int parse_%d(const char *s, size_t n, struct item_%d *out)\n", i,
                   i);
        buf_puts(out, "{\n");
        buf_printf(out, "    static const char *fmt = \"%%s: \\\"%%d\\\" // not a comment\\n\";\n");
        buf_printf(out, "    if (n > LIMIT_%d && s[0] != '\\'') /* check */\n", i);
        buf_printf(out, "        return printf(fmt, s, (int)n) + 1e-3 * %d.5f;\n", i);
        buf_printf(out, "    out->w = 0b1010 + 1'000ULL - .25; // weight\n");
        buf_puts(out, "}\n");
    }
}

int main(int argc, char **argv)
{
    const char *theme = argc > 1 ? argv[1] : ".";
    const char *runs_env = getenv("BENCH_HL_RUNS");
    int runs = runs_env && atoi(runs_env) > 0 ? atoi(runs_env) : 15;
    err_list errs = ERR_LIST_INIT;
    buf code = BUF_INIT, html = BUF_INIT;
    hl_tokens toks = HL_TOKENS_INIT;
    double *render = calloc((size_t)runs, sizeof *render), *tok = calloc((size_t)runs, sizeof *tok);
    int rc = 1;
    hl_set *set = hl_set_load(theme, NULL, &errs);
    const hl_lang *c = set ? hl_find(set, "c") : NULL;
    if (!c) {
        for (size_t i = 0; i < errs.len; i++)
            fprintf(stderr, "%s\n", errs.items[i].text);
        fprintf(stderr, "bench_highlight: no C language in %s/layouts/highlight\n", theme);
        goto out;
    }
    if (argc > 2) {
        size_t len = 0;
        char *text = fs_read(argv[2], &len, &errs);
        if (!text) {
            fprintf(stderr, "%s\n", errs.len ? errs.items[0].text : argv[2]);
            goto out;
        }
        buf_put(&code, text, len);
        free(text);
    } else {
        generate(&code);
    }
    size_t lines = 0;
    for (size_t i = 0; i < code.len; i++)
        lines += code.data[i] == '\n';
    hl_tokenize(c, code.data, code.len, &toks); /* a warm-up run, untimed */
    hl_render_html(set, "c", code.data, code.len, &html);
    for (int r = 0; r < runs; r++) {
        double t0 = now();
        hl_tokenize(c, code.data, code.len, &toks);
        double t1 = now();
        buf_reset(&html);
        hl_render_html(set, "c", code.data, code.len, &html);
        double t2 = now();
        tok[r] = t1 - t0;
        render[r] = t2 - t1;
    }
    if (lines >= 1000)
        printf("highlight\thighlighting %zu,%03zu lines of C (tokens + HTML)\timprint\tok\t",
               lines / 1000, lines % 1000);
    else
        printf("highlight\thighlighting %zu lines of C (tokens + HTML)\timprint\tok\t", lines);
    for (int r = 0; r < runs; r++) /* in the order they ran */
        printf("%s%.6f,0,0,0", r ? ";" : "", render[r]);
    printf("\n");
    qsort(tok, (size_t)runs, sizeof *tok, cmp_double);
    qsort(render, (size_t)runs, sizeof *render, cmp_double);
    fprintf(stderr,
            "bench_highlight: %zu lines, %zu bytes, %zu tokens, %zu bytes of HTML; median of %d: "
            "tokenize %.2f ms, tokenize + HTML %.2f ms\n",
            lines, code.len, toks.len, html.len, runs, tok[runs / 2] * 1000,
            render[runs / 2] * 1000);
    rc = 0;
out:
    hl_tokens_free(&toks);
    hl_set_free(set);
    buf_free(&code);
    buf_free(&html);
    free(render);
    free(tok);
    err_list_free(&errs);
    return rc;
}
