/* test_template.c - unit tests for template.c: error messages, partial loading,
 * recursion limits, thread safety, escaping and pathological input. */
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fsutil.h"
#include "core/model.h"
#include "core/template.h"
#include "test.h"
#include "test_fs.h"
#include "util/xalloc.h"
#include "core/yamlload.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The first error of errs, or "" (for STR_EQ). */
static const char *first_error(const err_list *errs)
{
    return errs->len ? errs->items[0].text : "";
}

/* Compiles src as "t.mustache" in set and renders it against the YAML text
 * data (may be NULL). Returns the output (caller frees), or NULL on failure
 * with the errors in errs. */
static char *render_in(tpl_set *set, const char *name, const char *src, const char *data,
                       err_list *errs)
{
    arena *a = arena_new();
    buf out = BUF_INIT;
    char *res = NULL;
    value *ctx = data ? yaml_load(a, data, strlen(data), "data.yaml", 1, errs) : NULL;
    const tpl *t = tpl_set_add(set, name, src, strlen(src), "t.mustache", errs);
    if (t && tpl_render(set, t, ctx, &out, errs) == 0)
        res = buf_detach(&out);
    buf_free(&out);
    arena_free(a);
    return res;
}

/* Adds src as NAME.mustache. */
static void add(tpl_set *set, const char *name, const char *src, err_list *errs)
{
    char file[64];
    snprintf(file, sizeof file, "%s.mustache", name);
    OK(tpl_set_add(set, name, src, strlen(src), file, errs) != NULL, src);
}

/* render_in with a fresh non-strict set and no folder. */
static char *render(const char *src, const char *data, err_list *errs)
{
    tpl_set *set = tpl_set_new(NULL, false);
    char *res = render_in(set, "t", src, data, errs);
    tpl_set_free(set);
    return res;
}

/* Expects src to fail to compile or render with exactly the message want. */
static void expect_error(const char *src, const char *want)
{
    err_list errs = ERR_LIST_INIT;
    char *got = render(src, NULL, &errs);
    OK(got == NULL, src);
    INT_EQ(errs.len, 1, src);
    STR_EQ(first_error(&errs), want, src);
    free(got);
    err_list_free(&errs);
}

/* Expects src rendered against data to give want. */
static void expect_output(const char *src, const char *data, const char *want)
{
    err_list errs = ERR_LIST_INIT;
    char *got = render(src, data, &errs);
    STR_EQ(got, want, src);
    STR_EQ(first_error(&errs), "", src);
    free(got);
    err_list_free(&errs);
}

static void test_compile_errors(void)
{
    expect_error("Hello {{name", "t.mustache:1:7: unclosed tag: no '}}' after '{{'");
    expect_error("a\n  {{{name}}", "t.mustache:2:3: unclosed tag: no '}}}' after '{{'");
    expect_error("{{=<% %>=}}\n<%name", "t.mustache:2:1: unclosed tag: no '%>' after '<%'");
    expect_error("{{#a}}\nx\n", "t.mustache:1:1: unclosed section 'a'");
    expect_error("{{#a}}{{/b}}",
                 "t.mustache:1:7: close tag '/b' does not match open section 'a' (opened at 1:1)");
    expect_error("x\n {{<p}}{{/*p}}",
                 "t.mustache:2:8: close tag '/*p' does not match open section 'p' (opened at 2:2)");
    expect_error("ok {{/a}}", "t.mustache:1:4: close tag '/a' has no open section");
    expect_error("x {{}}", "t.mustache:1:3: empty tag name");
    expect_error("x {{# }}", "t.mustache:1:3: empty tag name");
    expect_error("x {{>*}}", "t.mustache:1:3: empty tag name");
    const char *bad = "t.mustache:1:1: bad set-delimiter tag: want two delimiters of at most 32 "
                      "bytes, without spaces or '=', as in {{=<% %>=}}";
    expect_error("{{=<%=}}", bad);
    expect_error("{{=<% %> x=}}", bad);
    expect_error("{{=<= =>=}}", bad);
    /* columns count UTF-8 characters, not bytes */
    expect_error("é€ {{#x}}", "t.mustache:1:4: unclosed section 'x'");
    /* a triple mustache missing a brace, mid-layout, is an error where it
     * opens; it never runs on to a later "}}}" and swallows what is between */
    expect_error("<h1>{{{page.title}}</h1>\n<main>{{{page.content}}}</main>",
                 "t.mustache:1:5: unclosed tag: '{{{' needs '}}}' before '}}'");
    expect_error("{{ a \n<p>{{b}}</p>",
                 "t.mustache:1:1: unclosed tag: '{{' needs '}}' before '{{'");
    expect_output("{{! a comment may hold {{ braces }}x", NULL, "x");

    err_list errs = ERR_LIST_INIT;
    tpl_set *set = tpl_set_new(NULL, false);
    OK(tpl_set_add(set, "a", "x", 1, "a.mustache", &errs) != NULL, "add a");
    OK(tpl_set_add(set, "a", "y", 1, "a2.mustache", &errs) == NULL, "add a twice");
    STR_EQ(first_error(&errs), "a2.mustache: template 'a' is defined twice", "duplicate");
    const tpl *got = NULL;
    INT_EQ(tpl_set_get(set, "a", &got, &errs), 0, "get a");
    STR_EQ(tpl_file(got), "a.mustache", "tpl_file");
    INT_EQ(tpl_set_get(set, "missing", &got, &errs), 0, "get missing: not a failure");
    OK(got == NULL, "get missing: no template");
    INT_EQ(errs.len, 1, "no error for a missing template");
    tpl_set_free(set);
    err_list_free(&errs);
}

static void test_nesting_limit(void)
{
    buf b = BUF_INIT;
    for (int i = 0; i < 10000; i++)
        buf_puts(&b, "{{#a}}");
    for (int i = 0; i < 10000; i++)
        buf_puts(&b, "{{/a}}");
    expect_error(buf_cstr(&b),
                 "t.mustache:1:1537: sections nested too deeply (more than 256 levels)");
    /* 256 is fine */
    buf_reset(&b);
    for (int i = 0; i < 256; i++)
        buf_puts(&b, "{{#a}}");
    buf_puts(&b, "x");
    for (int i = 0; i < 256; i++)
        buf_puts(&b, "{{/a}}");
    expect_output(buf_cstr(&b), "a: true", "x");
    /* many sections, each within the limit, through recursive partials */
    err_list errs = ERR_LIST_INIT;
    tpl_set *set = tpl_set_new(NULL, false);
    buf_reset(&b);
    for (int i = 0; i < 250; i++)
        buf_puts(&b, "{{#a}}");
    buf_puts(&b, "{{>deep}}");
    for (int i = 0; i < 250; i++)
        buf_puts(&b, "{{/a}}");
    OK(tpl_set_add(set, "deep", b.data, b.len, "deep.mustache", &errs) != NULL, "deep partial");
    char *got = render_in(set, "t", "{{>deep}}", "a: true", &errs);
    OK(got == NULL, "render nesting limit");
    STR_EQ(first_error(&errs),
           "deep.mustache:1:1477: templates nested too deeply while rendering (more than 1000 "
           "levels)",
           "render nesting message");
    free(got);
    tpl_set_free(set);
    err_list_free(&errs);
    buf_free(&b);
}

static void test_escaping_and_values(void)
{
    const char *data = "s: \"<a href=\\\"x\\\">&'\"\nn: 1.210\ni: 85\nz: null\nt: true\n"
                       "list: [1, 2, 3]\nm: {k: v}\n";
    expect_output("{{s}}|{{{s}}}|{{&s}}", data,
                  "&lt;a href=&quot;x&quot;&gt;&amp;&#39;|<a href=\"x\">&'|<a href=\"x\">&'");
    expect_output("{{n}} {{i}} [{{z}}] {{t}} [{{list}}] [{{m}}] [{{nope}}]", data,
                  "1.21 85 [] true [] [] []");
    expect_output("{{#list}}{{.}},{{/list}}{{^z}}no{{/z}}{{#m}}{{k}}{{/m}}", data, "1,2,3,nov");
    expect_output("{{m.k}} {{m.k.x}} {{#m}}{{s}}{{/m}}", data,
                  "v  &lt;a href=&quot;x&quot;&gt;&amp;&#39;");
}

static void test_indentation(void)
{
    err_list errs = ERR_LIST_INIT;
    tpl_set *set = tpl_set_new(NULL, true);
    add(set, "outer", "<ul>\n  {{>inner}}\n</ul>\n", &errs);
    add(set, "inner", "{{#items}}\n<li>{{.}}</li>\n\n{{/items}}\n", &errs);
    char *got =
        render_in(set, "t", "<div>\n  {{>outer}}\n</div>\n", "items: [a, \"b\\nc\"]", &errs);
    STR_EQ(got, "<div>\n  <ul>\n    <li>a</li>\n\n    <li>b\nc</li>\n\n  </ul>\n</div>\n",
           "nested standalone partials");
    STR_EQ(first_error(&errs), "", "indentation errors");
    free(got);
    tpl_set_free(set);
    err_list_free(&errs);
}

static void test_recursion(void)
{
    err_list errs = ERR_LIST_INIT;
    tpl_set *set = tpl_set_new(NULL, false);
    add(set, "a", "x{{>b}}", &errs);
    add(set, "b", "\n {{>a}}", &errs);
    char *got = render_in(set, "t", "{{>a}}", NULL, &errs);
    OK(got == NULL, "recursive partial fails");
    STR_EQ(first_error(&errs),
           "b.mustache:2:2: partial recursion too deep: t -> a -> b -> a -> b -> a -> b -> a -> "
           "...",
           "recursion message");
    free(got);
    err_list_free(&errs);
    /* a recursive partial that ends is fine */
    got = render_in(set, "tree", "{{>node}}", "{name: r, kids: [{name: a, kids: [{name: b}]}]}",
                    &errs);
    STR_EQ(got, "", "unknown partial renders nothing");
    free(got);
    add(set, "node", "{{name}}({{#kids}}{{>node}}{{/kids}})", &errs);
    got = render_in(set, "tree2", "{{>node}}",
                    "{name: r, kids: [{name: a, kids: [{name: b, kids: []}]}]}", &errs);
    STR_EQ(got, "r(a(b()))", "finite recursion");
    free(got);
    /* a block argument that expands itself */
    add(set, "p", "{{$a}}{{/a}}", &errs);
    got = render_in(set, "self", "{{<p}}{{$a}}[{{$a}}{{/a}}]{{/a}}{{/p}}", NULL, &errs);
    OK(got == NULL, "self-expanding block fails");
    OK(errs.len == 1 && strstr(errs.items[0].text, "t.mustache:1:14: partial recursion too deep: "
                                                   "self -> p -> a -> a -> "),
       "block recursion message");
    free(got);
    tpl_set_free(set);
    err_list_free(&errs);
}

static void test_folder(const char *dir)
{
    err_list errs = ERR_LIST_INIT;
    tpl_set *set = tpl_set_new(dir, true);
    char *got = render_in(set, "page", "{{>head}}|{{>foot}}|{{>both}}|{{>sub/x}}|{{>*dyn}}",
                          "{dyn: head, v: V}", &errs);
    STR_EQ(got, "H V|F|plain|X|H V", "partials from the folder");
    STR_EQ(first_error(&errs), "", "folder errors");
    free(got);
    err_list_free(&errs);

    const char *bad[] = {"../secret", "sub/../head", "/etc/passwd", "nope"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char src[64], want[256], name[16];
        snprintf(src, sizeof src, "ab\n {{>%s}}", bad[i]);
        snprintf(name, sizeof name, "bad%zu", i);
        snprintf(want, sizeof want, "t.mustache:2:2: partial '%s' not found (looked in %s)", bad[i],
                 dir);
        got = render_in(set, name, src, NULL, &errs);
        OK(got == NULL, src);
        STR_EQ(first_error(&errs), want, src);
        free(got);
        err_list_free(&errs);
    }
    /* dynamic names cannot escape the folder either */
    got = render_in(set, "dyn", "{{>*n}}", "n: ../secret", &errs);
    OK(got == NULL, "dynamic ../secret");
    free(got);
    err_list_free(&errs);
    /* a missing parent, and a broken file */
    got = render_in(set, "par", "{{<nope}}{{/nope}}", NULL, &errs);
    OK(got == NULL, "missing parent");
    free(got);
    err_list_free(&errs);
    got = render_in(set, "brk", "x{{>broken}}", NULL, &errs);
    OK(got == NULL, "broken partial");
    char want[512];
    snprintf(want, sizeof want, "%s/broken.mustache:2:1: unclosed section 'x'", dir);
    STR_EQ(first_error(&errs), want, "broken partial message");
    /* a layout that does not compile is a failure, told apart from a missing one */
    const tpl *none = NULL;
    tpl_set *folder = tpl_set_new(dir, true);
    err_list ferrs = ERR_LIST_INIT;
    INT_EQ(tpl_set_get(folder, "broken", &none, &ferrs), -1, "broken file: a failure");
    OK(none == NULL && ferrs.len == 1, "broken file: no template, one error");
    INT_EQ(tpl_set_get(folder, "nothing-here", &none, &ferrs), 0, "absent file: no failure");
    INT_EQ(ferrs.len, 1, "absent file: no error");
    tpl_set_free(folder);
    err_list_free(&ferrs);
    free(got);
    err_list_free(&errs);
    tpl_set_free(set);

    /* without strict mode a missing partial is empty; without a folder, nothing loads */
    set = tpl_set_new(dir, false);
    got = render_in(set, "t", "[{{>nope}}][{{<nope}}{{/nope}}][{{>head}}]", "v: 1", &errs);
    STR_EQ(got, "[][][H 1]", "non-strict");
    free(got);
    tpl_set_free(set);
    set = tpl_set_new(NULL, true);
    got = render_in(set, "t", "{{>head}}", NULL, &errs);
    STR_EQ(first_error(&errs), "t.mustache:1:1: partial 'head' not found (no partials folder)",
           "no folder");
    free(got);
    tpl_set_free(set);
    err_list_free(&errs);
}

typedef struct job {
    tpl_set *set;
    const tpl *t;
    const value *ctx;
    const char *want;
    int bad;
} job;

static void *render_many(void *arg)
{
    job *j = arg;
    buf out = BUF_INIT;
    for (int i = 0; i < 1000; i++) {
        err_list errs = ERR_LIST_INIT;
        buf_reset(&out);
        if (tpl_render(j->set, j->t, j->ctx, &out, &errs) != 0 || strcmp(buf_cstr(&out), j->want))
            j->bad++;
        err_list_free(&errs);
    }
    buf_free(&out);
    return NULL;
}

static void test_threads(const char *dir)
{
    err_list errs = ERR_LIST_INIT;
    arena *a = arena_new();
    const char *data = "{v: 1, items: [x, y], dyn: foot}";
    value *ctx = yaml_load(a, data, strlen(data), "data.yaml", 1, &errs);
    tpl_set *set = tpl_set_new(dir, true);
    const char *src = "<p>\n  {{>head}}\n  {{#items}}{{.}}{{/items}}{{>*dyn}}\n</p>\n";
    const tpl *t = tpl_set_add(set, "page", src, strlen(src), "page.mustache", &errs);
    const char *want = "<p>\n  H 1  xyF\n</p>\n";
    job jobs[2] = {{set, t, ctx, want, 0}, {set, t, ctx, want, 0}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, render_many, &jobs[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    INT_EQ(jobs[0].bad + jobs[1].bad, 0, "renders from two threads");
    buf out = BUF_INIT;
    tpl_render(set, t, ctx, &out, &errs);
    STR_EQ(buf_cstr(&out), want, "thread template output");
    buf_free(&out);
    tpl_set_free(set);
    arena_free(a);
    err_list_free(&errs);
}

/* Random soup of tag fragments: must never crash or leak (run under ASan). */
static void test_random(void)
{
    static const char *const bits[] = {
        "{{",          "}}",     "{{#a}}",  "{{/a}}",      "{{^b}}",  "{{/b}}",  "{{<p}}",
        "{{/p}}",      "{{$a}}", "{{$b}}",  "{{>p}}",      "{{>*n}}", "{{<*n}}", "{{/*n}}",
        "{{=<% %>=}}", "<%",     "%>",      "<%={{ }}=%>", "{{!",     "{{{",     "}}}",
        "{{&a}}",      "{{.}}",  "{{a.b}}", "\n",          "  ",      "\r\n",    "x",
        "{{=",         "=}}",    "{{/",     "é",           "\t",
    };
    const size_t nbits = sizeof bits / sizeof *bits;
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    const char *data = "{a: [1, {b: 2}], b: false, n: p, p: x}";
    value *ctx = yaml_load(a, data, strlen(data), "data.yaml", 1, &errs);
    unsigned seed = 12345;
    int compiled = 0;
    for (int round = 0; round < 3000; round++) {
        tpl_set *set = tpl_set_new(NULL, round % 2);
        buf src = BUF_INIT, out = BUF_INIT;
        int n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 24;
        for (int i = 0; i < n; i++)
            buf_puts(&src, bits[((seed = seed * 1103515245u + 12345u) >> 16) % nbits]);
        tpl_set_add(set, "p", buf_cstr(&src), src.len, "p.mustache", &errs);
        const tpl *t = NULL;
        if (tpl_set_get(set, "p", &t, &errs) == 0 && t) {
            compiled++;
            tpl_render(set, t, ctx, &out, &errs);
        }
        buf_free(&src);
        buf_free(&out);
        err_list_free(&errs);
        tpl_set_free(set);
    }
    OK(compiled > 100, "some random templates compile");
    arena_free(a);
}

int main(void)
{
    char tmpl[] = "/tmp/imprint-tpl-XXXXXX";
    char *dir = mkdtemp(tmpl);
    OK(dir != NULL, "mkdtemp");
    if (dir) {
        test_put(dir, "head.mustache", "H {{v}}");
        test_put(dir, "foot.html", "F");
        test_put(dir, "both", "plain");
        test_put(dir, "both.mustache", "mustache");
        test_put(dir, "sub/x.mustache", "X");
        test_put(dir, "broken.mustache", "ab\n{{#x}}");
        test_put(dir, "secret", "SECRET");
    }
    test_compile_errors();
    test_nesting_limit();
    test_escaping_and_values();
    test_indentation();
    test_recursion();
    if (dir) {
        test_folder(dir);
        test_threads(dir);
        test_remove(dir);
    }
    test_random();
    return test_summary("test_template");
}
