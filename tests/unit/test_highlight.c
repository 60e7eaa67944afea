/* test_highlight.c - unit tests for core/highlight.h: every shipped language on its tricky
 * cases (exact token spans), the HTML (escaped, line numbers, marked lines), the fence's
 * options, language files' errors with positions, a site's own languages, threads, and the
 * stylesheet's colours against the PDF's. */
#include "core/highlight.h"
#include "core/markdown.h"
#include "test.h"
#include "test_fs.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static hl_set *theme; /* the repository's layouts/highlight/ */

/* The first error of errs, or "" (for STR_EQ). */
static const char *first_error(const err_list *errs)
{
    return errs->len ? errs->items[0].text : "";
}

/* The tokens of code in lang: plain text as it is, every other token as
 * [class text] (the class without "hl-"). Static buffer: one call at a time. */
static buf spans_out;

static const char *spans(const char *lang, const char *code)
{
    buf out = spans_out;
    hl_tokens t = HL_TOKENS_INIT;
    const hl_lang *l = hl_find(theme, lang);
    buf_reset(&out);
    if (!l)
        return "(no such language)";
    hl_tokenize(l, code, strlen(code), &t);
    for (size_t i = 0; i < t.len; i++) {
        const char *cls = hl_kind_class(t.items[i].kind);
        if (cls)
            buf_printf(&out, "[%s ", cls + 3);
        buf_put(&out, code + t.items[i].start, t.items[i].len);
        if (cls)
            buf_putc(&out, ']');
    }
    hl_tokens_free(&t);
    spans_out = out;
    return buf_cstr(&spans_out);
}

#define SPANS(lang, code, want) STR_EQ(spans(lang, code), want, lang ": " code)

static void test_theme_loads(void)
{
    err_list e = ERR_LIST_INIT;
    fs_list files = {0};
    /* every file strictly: no alias is claimed twice in the theme */
    hl_set *strict = hl_set_new();
    fs_walk("layouts/highlight", &files, &e);
    for (size_t i = 0; i < files.len; i++) {
        char *path = fs_join("layouts/highlight", files.paths[i]);
        size_t len = 0;
        char *text = fs_read(path, &len, &e);
        OK(text && hl_set_add(strict, path, text, len, false, &e) == 0, path);
        free(text);
        free(path);
    }
    STR_EQ(first_error(&e), "", "the theme's language files load without an error");
    INT_EQ(hl_set_count(strict), 16, "16 languages ship");
    hl_set_free(strict);
    fs_list_free(&files);
    theme = hl_set_load(".", NULL, &e);
    OK(theme != NULL, "hl_set_load of the repository");
    static const char *const aliases[] = {
        "c",     "h",    "cpp",   "C++",        "python",     "py",        "js",   "javascript",
        "mjs",   "ts",   "go",    "rust",       "rs",         "java",      "bash", "sh",
        "shell", "sql",  "yml",   "yaml",       "json",       "html",      "xml",  "svg",
        "css",   "diff", "patch", "dockerfile", "Dockerfile", "typescript"};
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        OK(hl_find(theme, aliases[i]) != NULL, aliases[i]);
    OK(hl_find(theme, "brainfuck") == NULL, "an unknown language is NULL");
    OK(hl_find(theme, "") == NULL && hl_find(NULL, "c") == NULL, "no name, no set");
    STR_EQ(hl_lang_name(hl_find(theme, "c++")), "C++", "the name");
    err_list_free(&e);
}

static void test_c_family(void)
{
    SPANS("c", "s = \"// not a comment\"; // real",
          "s [op =] [st \"// not a comment\"][pu ;] [co // real]");
    SPANS("c", "/* a \"quote' */ x", "[co /* a \"quote' */] x");
    SPANS("c", "char c = '\\'';", "[ty char] c [op =] [st '][es \\'][st '][pu ;]");
    SPANS("c", "0x1F 0x1Fu 1e-3 10UL .5f 0b101 1'000",
          "[nu 0x1F] [nu 0x1Fu] [nu 1e-3] [nu 10UL] [nu .5f] [nu 0b101] [nu 1'000]");
    SPANS("c", "#define M(a) \\\n  (a) // c\nint x;",
          "[me #define M(a) \\\n  (a) ][co // c]\n[ty int] x[pu ;]");
    SPANS("c", "#include <stdio.h>", "[me #include ][st <stdio.h>]");
    SPANS("c", "struct point p; uint32_t n = f(MAX);",
          "[kw struct] [ty point] p[pu ;] [ty uint32_t] n [op =] [fn f][pu (][cn MAX][pu );]");
    SPANS("c", "\"a\\x41\\n\\101\"", "[st \"a][es \\x41\\n\\101][st \"]");
    SPANS("c", "\"unterminated\nint", "[st \"unterminated]\n[ty int]");
    SPANS("cpp", "R\"d(a )\" b)d\" x", "[st R\"d(a )\" b)d\"] x");
    SPANS("cpp", "R\"(x)\" u8\"y\"", "[st R\"(x)\"] [st u8\"y\"]");
    SPANS("cpp", "class Box : public Base {};",
          "[kw class] [ty Box] [op :] [kw public] [ty Base] [pu {};]");
    SPANS("cpp", "auto n = 1'000'000ull;", "[kw auto] n [op =] [nu 1'000'000ull][pu ;]");
}

static void test_python(void)
{
    SPANS("python", "x = 'o\\'k # no'  # yes", "x [op =] [st 'o][es \\'][st k # no']  [co # yes]");
    SPANS("python", "\"\"\"a \"b\" # c\"\"\"", "[st \"\"\"a \"b\" # c\"\"\"]");
    SPANS("python", "r'\\d+\\'' + b\"x\"", "[st r'\\d+\\''] [op +] [st b\"x\"]");
    SPANS("python", "f\"a {x['k']:>{w}} {{b}}\"",
          "[st f\"a ][me {]x[pu [][st 'k'][pu ]:][op >][pu {]w[pu }][me }][st  ][es {{][st b][es "
          "}}][st \"]");
    SPANS("python", "@app.route('/')\ndef f(): pass",
          "[me @app.route][pu (][st '/'][pu )]\n[kw def] [fn f][pu ():] [kw pass]");
    SPANS("python", "1_000 + 0x1F + 1e-3 + 3j",
          "[nu 1_000] [op +] [nu 0x1F] [op +] [nu 1e-3] [op +] [nu 3j]");
    SPANS("python", "print(len(x), True, None)",
          "[bi print][pu (][bi len][pu (]x[pu ),] [cn True][pu ,] [cn None][pu )]");
    SPANS("python", "class Foo(Base):", "[kw class] [ty Foo][pu (]Base[pu ):]");
}

static void test_javascript(void)
{
    SPANS("js", "`a ${`b ${c}`} d`", "[st `a ][me ${][st `b ][me ${]c[me }][st `][me }][st  d`]");
    SPANS("js", "`${ {a: 1}.a }`", "[st `][me ${] [pu {]a[op :] [nu 1][pu }.]a [me }][st `]");
    SPANS("js", "x = a / b / c; r = /ab\\/[/]+/gi;",
          "x [op =] a [op /] b [op /] c[pu ;] r [op =] [st /ab][es \\/][st [/]+/gi][pu ;]");
    SPANS("js", "s = \"// no\"; // yes", "s [op =] [st \"// no\"][pu ;] [co // yes]");
    SPANS("js", "10n + 0x1F + 1_000", "[nu 10n] [op +] [nu 0x1F] [op +] [nu 1_000]");
    SPANS("js", "function f() { return new Foo(Map); }",
          "[kw function] [fn f][pu ()] [pu {] [kw return] [kw new] [ty Foo][pu (][bi Map][pu );] "
          "[pu }]");
    SPANS("ts", "interface P { x: number }\ntype U = keyof P;",
          "[kw interface] [ty P] [pu {] x[op :] [ty number] [pu }]\n[kw type] [ty U] [op =] [kw "
          "keyof] [ty P][pu ;]");
    SPANS("ts", "let a = `t ${x}` as const;",
          "[kw let] a [op =] [st `t ][me ${]x[me }][st `] [kw as] [kw const][pu ;]");
}

static void test_go_rust_java(void)
{
    SPANS("go", "s := `raw\n\"x\" \\n`", "s [op :=] [st `raw\n\"x\" \\n`]");
    SPANS("go", "func main() { r := 'x'; _ = len(nil) }",
          "[kw func] [fn main][pu ()] [pu {] r [op :=] [st 'x'][pu ;] _ [op =] [bi len][pu (][cn "
          "nil][pu )] [pu }]");
    SPANS("rust", "let s = r#\"a \"q\" # b\"#;", "[kw let] s [op =] [st r#\"a \"q\" # b\"#][pu ;]");
    SPANS("rust", "r\"x\" br##\"y\"#z\"##", "[st r\"x\"] [st br##\"y\"#z\"##]");
    SPANS("rust", "/* a /* b */ c */ d", "[co /* a /* b */ c */] d");
    SPANS("rust", "fn f<'a>(x: &'a str) -> char { '\\u{1F600}' }",
          "[kw fn] [fn f][op <][me 'a][op >][pu (]x[op :] [op &][me 'a] [ty str][pu )] [op ->] [ty "
          "char] [pu {] [st '][es \\u{1F600}][st '] [pu }]");
    SPANS("rust", "1_000u32 + 0x1Fu8 + 1e-3f64",
          "[nu 1_000u32] [op +] [nu 0x1Fu8] [op +] [nu 1e-3f64]");
    SPANS("rust", "println!(\"{}\", x != y);",
          "[bi println][op !][pu (][st \"{}\"][pu ,] x [op !=] y[pu );]");
    SPANS("rust", "#[derive(Debug)]\nstruct P;", "[me #[derive(Debug)]]\n[kw struct] [ty P][pu ;]");
    SPANS("java", "@Override\nlong n = 1_000L;",
          "[me @Override]\n[ty long] n [op =] [nu 1_000L][pu ;]");
    SPANS("java", "String s = \"\"\"\n  a \"b\"\n  \"\"\";",
          "[ty String] s [op =] [st \"\"\"\n  a \"b\"\n  \"\"\"][pu ;]");
}

static void test_shell(void)
{
    SPANS("bash", "echo \"# not $x\" '# no' # yes",
          "[bi echo] [st \"# not ][va $x][st \"] [st '# no'] [co # yes]");
    SPANS("bash", "cat <<'EOF'\n\"q\" $x # no\nEOF\necho",
          "cat [op <<'EOF']\n[st \"q\" $x # no\n][op EOF]\n[bi echo]");
    SPANS("bash", "cat <<-END > f\n\t\"a\" $HOME\n\tEND\n",
          "cat [op <<-END] [op >] f\n[st \t\"a\" ][va $HOME][st \n][op \tEND]\n");
    SPANS("bash", "cat <<A <<B\na\nA\nb\nB\n",
          "cat [op <<A] [op <<B]\n[st a\n][op A]\n[st b\n][op B]\n");
    SPANS("bash", "x=$((1 << 2)); y <<< \"s\"",
          "[va x][op =][va $(][pu (][nu 1] [op <<] [nu 2][pu )][va )][op ;] y [op <<<] [st \"s\"]");
    SPANS("bash", "echo \"$(date \"+%F\")\" ${a:-b} $?",
          "[bi echo] [st \"][va $(]date [st \"+%F\"][va )][st \"] [va ${a:-b}] [va $?]");
    SPANS("bash", "f() { grep -rn --color=auto x; }",
          "[fn f][pu ()] [pu {] grep [at -rn] [at --color][op =]auto x[op ;] [pu }]");
    SPANS("bash", "a#b", "a#b");
}

static void test_sql(void)
{
    SPANS("sql", "SELECT 'it''s -- no' -- yes",
          "[kw SELECT] [st 'it][es ''][st s -- no'] [co -- yes]");
    SPANS("sql", "select count(*) from t where x::int > $1",
          "[kw select] [fn count][pu (][op *][pu )] [kw from] t [kw where] x[op ::][ty int] [op >] "
          "[va $1]");
    SPANS("sql", "AS $body$ SELECT 'a'; $body$ LANGUAGE sql",
          "[kw AS] [st $body$ SELECT 'a'; $body$] [kw LANGUAGE] sql");
    SPANS("sql", "/* 'q' */ NULL", "[co /* 'q' */] [cn NULL]");
}

static void test_data_languages(void)
{
    SPANS("yaml", "name: x # c\nurl: http://a#b\nv: 1.2.3\nn: 1.5",
          "[at name][pu :] x [co # c]\n[at url][pu :] http[pu :]//a#b\n[at v][pu :] 1.2.3\n[at "
          "n][pu :] [nu 1.5]");
    SPANS("yaml", "- run: |\n    echo \"a: b\"\n  env: 1\n",
          "[pu - ][at run][pu :] [pu |][st \n    echo \"a: b\"]\n  [at env][pu :] [nu 1]\n");
    SPANS("yaml", "\"a # b\": 'c''d'", "[at \"a # b\"][pu :] [st 'c][es ''][st d']");
    SPANS("yaml", "x: [true, ~, &a yes] # z",
          "[at x][pu :] [pu [][cn true][pu ,] [cn ~][pu ,] [va &a] [cn yes][pu ]] [co # z]");
    SPANS("json", "{\"k\": \"// no\", \"n\": -1.5e3, \"b\": [true, null]}",
          "[pu {][at \"k\"][pu :] [st \"// no\"][pu ,] [at \"n\"][pu :] [nu -1.5e3][pu ,] [at "
          "\"b\"][pu :] [pu [][cn true][pu ,] [cn null][pu ]}]");
    SPANS("html", "<a href=\"/x?a&amp;b\" id='c'>AT&T &lt; a < b</a>",
          "[pu <][tg a] [at href][op =][st \"/x?a&amp;b\"] [at id][op =][st 'c'][pu >]AT&T [es "
          "&lt;] a < b[pu </][tg a][pu >]");
    SPANS("html", "<!-- \"x\" --><!DOCTYPE html><br/>",
          "[co <!-- \"x\" -->][me <!DOCTYPE html>][pu <][tg br][pu />]");
    SPANS("css", "a:hover { color: #fff; margin: -1.5rem 0; }",
          "[tg a][kw :hover] [pu {] [at color][pu :] [nu #fff][pu ;] [at margin][pu :] [op -][nu "
          "1.5rem] [nu 0][pu ;] [pu }]");
    SPANS("css", "@media (min-width: 600px) { .c > #d { --x: calc(1px) } }",
          "[kw @media] [pu (][at min-width][pu :] [nu 600px][pu )] [pu {] [at .c] [op >] [at #d] "
          "[pu {] [at --x][pu :] [fn calc][pu (][nu 1px][pu )] [pu }] [pu }]");
    SPANS("diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n context +x\n-old\n+new\n",
          "[hd --- a/x]\n[hd +++ b/x]\n[me @@ -1 +1 @@]\n context +x\n[de -old]\n[in +new]\n");
    SPANS("dockerfile", "FROM node:18 AS b\nrun echo \"$X\" \\\n  && ls\n",
          "[kw FROM] node:18 [kw AS] b\n[kw run] echo [st \"][va $X][st \"] [es \\]\n  [op &&] "
          "ls\n");
    SPANS("dockerfile", "RUN <<EOF\necho \"hi\"\nEOF\n",
          "[kw RUN] [op <<EOF]\n[st echo \"hi\"\n][op EOF]\n");
}

/* Tokens cover the text without a gap, neighbours differ in kind, on any
 * bytes in every language; no sanitizer report. */
static void test_any_bytes(void)
{
    static const char *const langs[] = {"c",    "cpp",  "python", "js",        "ts",   "go",
                                        "rust", "java", "bash",   "sql",       "yaml", "json",
                                        "html", "css",  "diff",   "dockerfile"};
    static const char alphabet[] = "ab1_ \n\t\"'`\\/*#<>{}()[]$@!-+=.:;,|&r%~^?\xc3\xa9";
    unsigned seed = 12345;
    char text[400];
    int bad = 0;
    for (int round = 0; round < 600; round++) {
        size_t n = (size_t)(round % 397);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            text[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        const hl_lang *l = hl_find(theme, langs[round % 16]);
        hl_tokens t = HL_TOKENS_INIT;
        hl_tokenize(l, text, n, &t);
        size_t at = 0;
        for (size_t i = 0; i < t.len; i++) {
            if (t.items[i].start != at || !t.items[i].len ||
                (i && t.items[i].kind == t.items[i - 1].kind))
                bad++;
            at = t.items[i].start + t.items[i].len;
        }
        bad += at != n;
        hl_tokens_free(&t);
    }
    INT_EQ(bad, 0, "tokens cover random text exactly, neighbours of different kinds");
    /* nesting deeper than HL_MAX_DEPTH stays bounded */
    buf deep = BUF_INIT;
    for (int i = 0; i < 200; i++)
        buf_puts(&deep, "`${");
    hl_tokens t = HL_TOKENS_INIT;
    hl_tokenize(hl_find(theme, "js"), deep.data, deep.len, &t);
    OK(t.len > 0 && t.items[t.len - 1].start + t.items[t.len - 1].len == deep.len,
       "200 nested template literals");
    /* input made to defeat the spans that may fail: still one linear pass */
    static const char *const hostile[][2] = {
        {"js", "=/["}, {"json", "\"a"}, {"yaml", "\"k\"x"}, {"rust", "'a"}, {"html", "<a"}};
    for (size_t h = 0; h < sizeof hostile / sizeof *hostile; h++) {
        buf_reset(&deep);
        while (deep.len < 200000)
            buf_puts(&deep, hostile[h][1]);
        hl_tokenize(hl_find(theme, hostile[h][0]), deep.data, deep.len, &t);
        OK(t.len && t.items[t.len - 1].start + t.items[t.len - 1].len == deep.len, hostile[h][1]);
    }
    hl_tokenize(NULL, "plain", 5, &t);
    OK(t.len == 1 && t.items[0].kind == HL_PLAIN && t.items[0].len == 5, "no language: plain");
    hl_tokenize(NULL, "", 0, &t);
    INT_EQ(t.len, 0, "empty text: no token");
    hl_tokens_free(&t);
    buf_free(&deep);
}

static char *html(const char *info, const char *code)
{
    buf out = BUF_INIT;
    if (!hl_render_html(theme, info, code, strlen(code), &out))
        buf_puts(&out, "(left to cmark)");
    return buf_detach(&out);
}

static void test_html(void)
{
    char *s = html("python", "x = \"<script>&'\"\n");
    STR_EQ(s,
           "<pre><code class=\"language-python\">x <span class=\"hl-op\">=</span> <span "
           "class=\"hl-st\">&quot;&lt;script&gt;&amp;&#39;&quot;</span>\n</code></pre>\n",
           "highlighted HTML, every character escaped");
    free(s);
    s = html("brainfuck", "<b>\n");
    STR_EQ(s, "(left to cmark)", "an unknown language is cmark's");
    free(s);
    s = html("", "x\n");
    STR_EQ(s, "(left to cmark)", "no language is cmark's");
    free(s);
    s = html("brainfuck {linenos=true}", "<b>\n&\n");
    STR_EQ(s,
           "<pre class=\"hl-lines hl-w1\"><code class=\"language-brainfuck\"><span "
           "class=\"hl-line\" data-ln=\"1\">&lt;b&gt;\n</span><span class=\"hl-line\" "
           "data-ln=\"2\">&amp;\n</span></code></pre>\n",
           "line numbers on an unknown language: escaped plain text");
    free(s);
    s = html("c {hl_lines=[2] linenostart=99}", "/* a\nb */\nx");
    STR_EQ(s,
           "<pre class=\"hl-lines\"><code class=\"language-c\"><span class=\"hl-line\"><span "
           "class=\"hl-co\">/* a</span>\n</span><span class=\"hl-line hl-mark\"><span "
           "class=\"hl-co\">b */</span>\n</span><span class=\"hl-line\">x</span></code></pre>\n",
           "a comment over two lines is closed and reopened on each; a marked line");
    free(s);
    s = html("c {linenos=true linenostart=99}", "a\nb\n");
    OK(strstr(s, "hl-w3") && strstr(s, "data-ln=\"100\""), "linenostart and the gutter's width");
    free(s);
    s = html("\"><script>", "x\n");
    OK(!strstr(s, "<script>"), "a language name is escaped too");
    free(s);
}

/* A Markdown body's code blocks: top level and nested in a list are
 * highlighted, an unknown language is cmark's, and the tree is as it was
 * after rendering (a second rendering is the same). */
static void test_markdown(void)
{
    const char *md = "```c\nint x;\n```\n\n- item\n\n  ```py {hl_lines=[1]}\n  pass\n  ```\n\n"
                     "```brainfuck\n<+>\n```\n\n    indented <code>\n";
    err_list e = ERR_LIST_INIT;
    buf one = BUF_INIT, two = BUF_INIT;
    md_doc *d = md_parse(md, strlen(md), "t.md", 1, NULL, false, &e);
    OK(d != NULL, "parses");
    if (!d)
        return;
    md_set_highlight(d, theme);
    OK(md_render_html(d, NULL, NULL, &one, &e) == 0, "renders");
    OK(md_render_html(d, NULL, NULL, &two, &e) == 0, "renders again");
    STR_EQ(buf_cstr(&one),
           "<pre><code class=\"language-c\"><span class=\"hl-ty\">int</span> x<span "
           "class=\"hl-pu\">;</span>\n</code></pre>\n<ul>\n<li>\n<p>item</p>\n<pre "
           "class=\"hl-lines\"><code class=\"language-py\"><span class=\"hl-line hl-mark\"><span "
           "class=\"hl-kw\">pass</span>\n</span></code></pre>\n</li>\n</ul>\n<pre><code "
           "class=\"language-brainfuck\">&lt;+&gt;\n</code></pre>\n<pre><code>indented "
           "&lt;code&gt;\n</code></pre>\n",
           "top-level and nested code blocks");
    STR_EQ(buf_cstr(&two), buf_cstr(&one), "the tree is unchanged by rendering");
    md_free(d);
    buf_free(&one);
    buf_free(&two);
    err_list_free(&e);
}

static void test_fence(void)
{
    hl_fence f;
    hl_fence_parse("python {linenos=true hl_lines=[2, \"4-5\"]}", &f);
    STR_EQ(f.lang, "python", "the language");
    OK(f.linenos && f.linenostart == 1, "linenos");
    INT_EQ(f.nmarks, 2, "two ranges");
    OK(!hl_fence_marked(&f, 1) && hl_fence_marked(&f, 2) && !hl_fence_marked(&f, 3) &&
           hl_fence_marked(&f, 4) && hl_fence_marked(&f, 5) && !hl_fence_marked(&f, 6),
       "lines 2, 4 and 5");
    hl_fence_parse("go {linenos=table,hl_lines=\"3 6-7\",linenostart=199}", &f);
    OK(f.linenos && f.linenostart == 199 && f.nmarks == 2 && hl_fence_marked(&f, 7),
       "Hugo's other spellings: commas, a quoted list, linenostart");
    hl_fence_parse("rust{linenos=false hl_lines=4 style=monokai}", &f);
    OK(!strcmp(f.lang, "rust") && !f.linenos && f.nmarks == 1 && hl_fence_marked(&f, 4),
       "no blank before the brace, linenos=false, a bare number, an unknown option ignored");
    hl_fence_parse("c {hl_lines=[0, \"5-2\", x, 3]", &f);
    OK(f.nmarks == 1 && hl_fence_marked(&f, 3), "ranges that do not parse are ignored");
    hl_fence_parse(NULL, &f);
    OK(!f.lang[0] && !f.linenos && !f.nmarks, "no info string");
}

/* Expects the language file text to be refused with exactly the message want. */
static void expect_error(const char *text, const char *want)
{
    err_list e = ERR_LIST_INIT;
    hl_set *s = hl_set_new();
    OK(hl_set_add(s, "x.yaml", text, strlen(text), false, &e) == -1, text);
    STR_EQ(first_error(&e), want, text);
    INT_EQ(hl_set_count(s), 0, "nothing added");
    hl_set_free(s);
    err_list_free(&e);
}

static void test_errors(void)
{
    expect_error("name: X\naliases: [x]\nrules:\n  - {span: '#', kind: coment}\n",
                 "x.yaml:4:23: unknown kind 'coment'; did you mean 'comment'? (one of: plain, "
                 "keyword, type, builtin, function, string, escape, number, comment, operator, "
                 "punctuation, meta, tag, attribute, variable, constant, heading, inserted, "
                 "deleted)");
    expect_error("name: X\naliases: [x]\nrules:\n  - {span: '#', endd: x, kind: comment}\n",
                 "x.yaml:4:17: unknown key 'endd' in a span rule; did you mean 'end'? (allowed: "
                 "span, kind, at, after_space, after, followed_by, end, escape, raw, double, "
                 "nest, multiline, require_end, body, max, capture, open, balance, inside, "
                 "continues, suffix, next, indented, ignore_case, delim)");
    expect_error("name: X\naliases: [x]\nrules:\n  - {chars: 'z-a', kind: operator}\n",
                 "x.yaml:4:13: 'chars': the range z-a is backwards or not ASCII (a '-' that is a "
                 "character goes first or last, or as \\-)");
    expect_error("name: X\naliases: [x]\nrules:\n  - {words: [if, '#if'], kind: keyword}\n",
                 "x.yaml:4:18: '#if' is not an identifier of this language (see 'identifier:'); "
                 "use a tokens rule for it");
    expect_error("name: X\naliases: [x]\nrules:\n  - {span: '\"', inside: strng, kind: string}\n",
                 "x.yaml:4:25: no state 'strng' (states: root)");
    expect_error("aliases: [x]\nrules: []\n", "x.yaml:1:1: a language file needs a 'name'");
    expect_error("name: X\naliases: [x]\nrules:\n  - {span: a, words: [b], kind: keyword}\n",
                 "x.yaml:4:5: a rule must have exactly one of: span, words, identifier, chars, "
                 "tokens, number, heredoc (this one has 2)");
    expect_error("name: X\naliases: [x]\nrules:\n  - {span: R, capture: a-z, end: ')', kind: "
                 "string}\n",
                 "x.yaml:4:34: 'end' must hold {} (where the captured text goes) in a span with "
                 "'capture'");
    expect_error("name: X\naliases: [x]\nrules:\n  - {span: '`', inside: root, max: 3, kind: "
                 "string}\n",
                 "x.yaml:4:36: 'max' is for a span without 'inside' (whose end is found at once)");
    expect_error("name: X\naliases: [x]\nrules:\n  - {span: '\"', kind: string\n",
                 "x.yaml:5:1: YAML: did not find expected ',' or '}' while parsing a flow mapping");
    expect_error("name: X\naliases: [x]\nrules:\n  - {span: '#', kind: comment, escape: ab}\n",
                 "x.yaml:4:40: 'escape' needs an 'end'");
    /* an alias two languages claim */
    err_list e = ERR_LIST_INIT;
    hl_set *s = hl_set_new();
    const char *a = "name: A\naliases: [x, y]\nrules: []\n",
               *b = "name: B\naliases: [z, Y]\nrules: []\n";
    OK(hl_set_add(s, "a.yaml", a, strlen(a), false, &e) == 0, "a first language");
    OK(hl_set_add(s, "b.yaml", b, strlen(b), false, &e) == -1, "an alias taken");
    STR_EQ(first_error(&e), "b.yaml:2:14: alias 'Y' is taken by A (a.yaml)", "its position");
    OK(hl_find(s, "z") == NULL, "none of the refused file's aliases is registered");
    OK(hl_set_add(s, "b.yaml", b, strlen(b), true, &e) == 0, "weak: a taken alias is skipped");
    OK(!strcmp(hl_lang_name(hl_find(s, "z")), "B") && !strcmp(hl_lang_name(hl_find(s, "y")), "A"),
       "the free alias is B's, the taken one stays A's");
    hl_set_free(s);
    err_list_free(&e);
}

/* A site's own language file replaces the theme's; a new one takes an alias
 * from a theme language; a broken one fails the load with its position. */
static void test_site_languages(void)
{
    char tmpl[] = "/tmp/imprint-hl-XXXXXX";
    const char *dir = mkdtemp(tmpl);
    err_list e = ERR_LIST_INIT;
    OK(dir != NULL, "mkdtemp");
    if (!dir)
        return;
    test_put(dir, "layouts/highlight/c.yaml",
             "name: My C\naliases: [c]\nrules:\n  - {words: [int], kind: type}\n");
    test_put(dir, "layouts/highlight/mine.yaml",
             "name: Mine\naliases: [mine, cpp]\nrules:\n  - {span: ';', kind: comment}\n");
    test_put(dir, "layouts/highlight/README.md", "not a language\n");
    hl_set *s = hl_set_load(dir, ".", &e);
    OK(s != NULL, "loads");
    STR_EQ(first_error(&e), "", "no error");
    STR_EQ(hl_lang_name(hl_find(s, "c")), "My C", "the site's c.yaml replaces the theme's");
    OK(hl_find(s, "h") == NULL, "and the theme's c.yaml is not read");
    STR_EQ(hl_lang_name(hl_find(s, "cpp")), "Mine", "a site's language takes a theme's alias");
    STR_EQ(hl_lang_name(hl_find(s, "c++")), "C++", "the theme's other aliases stay");
    INT_EQ(hl_set_count(s), 17, "17 languages: 15 of the theme, the site's two");
    hl_set_free(s);
    test_put(dir, "layouts/highlight/mine.yaml", "name: Mine\naliases: [mine]\nrules: [1]\n");
    s = hl_set_load(dir, ".", &e);
    OK(s == NULL, "a broken language file fails the load");
    char *want = xasprintf("%s/layouts/highlight/mine.yaml:3:9: a rule must be a map with one of: "
                           "span, words, identifier, chars, tokens, number, heredoc",
                           dir);
    STR_EQ(first_error(&e), want, "with its position");
    free(want);
    err_list_free(&e);
    test_remove(dir);
}

typedef struct job {
    const char *text;
    size_t len, ntokens;
} job;

static void *tokenize_many(void *arg)
{
    job *j = arg;
    hl_tokens t = HL_TOKENS_INIT;
    for (int i = 0; i < 20; i++)
        hl_tokenize(hl_find(theme, "c"), j->text, j->len, &t);
    j->ntokens = t.len;
    hl_tokens_free(&t);
    return NULL;
}

static void test_threads(void)
{
    buf code = BUF_INIT;
    for (int i = 0; i < 300; i++)
        buf_printf(&code, "int f%d(void) { return \"s%d\" /* c */ + 0x%x; }\n", i, i, i);
    job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){code.data, code.len, 0};
        pthread_create(&th[i], NULL, tokenize_many, &jobs[i]);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    hl_tokens t = HL_TOKENS_INIT;
    hl_tokenize(hl_find(theme, "c"), code.data, code.len, &t);
    for (int i = 0; i < 4; i++)
        INT_EQ(jobs[i].ntokens, t.len, "the same tokens on four threads at once");
    hl_tokens_free(&t);
    buf_free(&code);
}

/* The PDF's colours are the stylesheet's light theme: --hl-NAME in the first
 * block of assets/css/site.css that sets them. */
static void test_colours_match_css(void)
{
    err_list e = ERR_LIST_INIT;
    size_t len;
    char *css = fs_read("assets/css/site.css", &len, &e);
    OK(css != NULL, "assets/css/site.css");
    for (int k = 1; css && k < HL_NKINDS; k++) {
        char var[64];
        snprintf(var, sizeof var, "--hl-%s: #", hl_kind_name((hl_kind)k));
        const char *at = strstr(css, var);
        unsigned rgb = 0;
        OK(at && sscanf(at + strlen(var), "%6x", &rgb) == 1, var);
        INT_EQ(rgb, hl_kind_colour((hl_kind)k, 0), var);
        OK(!strcmp(hl_kind_class((hl_kind)k), "hl-") || strstr(css, hl_kind_class((hl_kind)k)),
           "the stylesheet has the class");
    }
    const char *mark = css ? strstr(css, "--hl-mark: #") : NULL;
    unsigned rgb = 0;
    OK(mark && sscanf(mark + 12, "%6x", &rgb) == 1 && rgb == HL_MARK_COLOUR, "--hl-mark");
    INT_EQ(hl_kind_colour(HL_PLAIN, 0x123456), 0x123456, "plain text keeps the text colour");
    free(css);
    err_list_free(&e);
}

int main(void)
{
    test_theme_loads();
    if (!theme)
        return test_summary("test_highlight");
    test_c_family();
    test_python();
    test_javascript();
    test_go_rust_java();
    test_shell();
    test_sql();
    test_data_languages();
    test_any_bytes();
    test_html();
    test_markdown();
    test_fence();
    test_errors();
    test_site_languages();
    test_threads();
    test_colours_match_css();
    hl_set_free(theme);
    buf_free(&spans_out);
    return test_summary("test_highlight");
}
