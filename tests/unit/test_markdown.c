/* test_markdown.c - anchors, directives, raw HTML escaping, footnotes, UTF-8 checks. */
#include "core/markdown.h"
#include "test.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include "core/yamlload.h"

static char *render(const char *md, bool unsafe, const value *data, err_list *e)
{
    md_doc *d = md_parse(md, strlen(md), "p.md", 5, data, unsafe, e);
    if (!d)
        return NULL;
    buf out = BUF_INIT;
    md_render_html(d, NULL, NULL, &out, e);
    md_free(d);
    return buf_detach(&out);
}

static void test_slug(void)
{
    const char *cases[][2] = {
        {"Why Both Are Winning", "why-both-are-winning"},
        {"Python vs Node.js: Adoption", "python-vs-nodejs-adoption"},
        {"When Node.js Wins (and When It Does Not)", "when-nodejs-wins-and-when-it-does-not"},
        {"Let\xe2\x80\x99s Connect", "lets-connect"},
        {"!!!", "section"},
        {"30,000+ RPS", "30-000-rps"},
        /* every script's letters are kept, as Hugo keeps them */
        {"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe8\xa6\x8b\xe5\x87\xba\xe3\x81\x97",
         "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe8\xa6\x8b\xe5\x87\xba\xe3\x81\x97"},
        {"\xd9\x85\xd9\x82\xd8\xaf\xd9\x85\xd8\xa9 \xd8\xb9\xd8\xa7\xd9\x85\xd8\xa9\xd8\x9f",
         "\xd9\x85\xd9\x82\xd8\xaf\xd9\x85\xd8\xa9-\xd8\xb9\xd8\xa7\xd9\x85\xd8\xa9"},
        {"\xc3\x9c"
         "berblick \xe2\x80\x94 \xce\x91\xce\xb2 \xd0\x9f\xd1\x80\xd0\xb8",
         "\xc3\xbc"
         "berblick-\xce\xb1\xce\xb2-\xd0\xbf\xd1\x80\xd0\xb8"},
        {"\xe3\x80\x8c\xe2\x80\xa6\xe3\x80\x8d \xf0\x9f\x9a\x80", "section"},
        {"\xc4\x8c"
         "esk\xc3\xa9 \xc5\xa0koly",
         "\xc4\x8d"
         "esk\xc3\xa9-\xc5\xa1koly"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        buf b = BUF_INIT;
        md_slugify(cases[i][0], &b);
        STR_EQ(buf_cstr(&b), cases[i][1], cases[i][0]);
        buf_free(&b);
    }
}

static void test_headings(void)
{
    err_list e = ERR_LIST_INIT;
    const char *md = "# Top\n\n## Part *two*\n\n## Part two\n\ntext\n";
    md_doc *d = md_parse(md, strlen(md), "p.md", 5, NULL, false, &e);
    size_t n;
    const md_heading *h = md_headings(d, &n);
    INT_EQ(n, 3, "three headings");
    STR_EQ(h[1].id, "part-two", "id from text");
    STR_EQ(h[2].id, "part-two-1", "duplicate ids get a suffix");
    STR_EQ(h[1].text, "Part two", "plain text drops emphasis");
    INT_EQ(h[1].line, 7, "heading line is in file coordinates");
    buf out = BUF_INIT;
    md_render_html(d, NULL, NULL, &out, &e);
    OK(strstr(buf_cstr(&out),
              "<h2 id=\"part-two\">Part <em>two</em> <a class=\"anchor\" href=\"#part-two\"") !=
           NULL,
       "heading keeps inline markup and gets an id and a self-link");
    buf_free(&out);
    md_free(d);
    err_list_free(&e);
}

static void test_raw_html(void)
{
    err_list e = ERR_LIST_INIT;
    char *safe = render("<div>x</div>\n\nhi <b>there</b>\n", false, NULL, &e);
    OK(safe && strstr(safe, "<!-- raw HTML omitted -->\n<p>hi <!-- raw HTML omitted -->there") &&
           !strstr(safe, "div") && !strstr(safe, "&lt;"),
       "raw HTML is left out by default (tags never shown as text)");
    INT_EQ(e.len, 1, "one warning for the page");
    OK(e.len && strstr(e.items[0].text, "p.md:5:1: warning: raw HTML is left out") &&
           strstr(e.items[0].text, "markdown.unsafe"),
       "the warning names the setting at the first raw HTML");
    char *unsafe = render("<div>x</div>\n", true, NULL, &e);
    OK(unsafe && strstr(unsafe, "<div>x</div>"), "raw HTML passes when the site allows it");
    free(safe);
    free(unsafe);
    err_list_free(&e);
}

/* [text]{lang=xx}: a span with the passage's language (core/spans.h) */
static void test_spans(void)
{
    err_list e = ERR_LIST_INIT;
    char *h = render("Say [Guten *Tag*]{lang=de} and [\xd8\xa7]{lang=\"ar\"}.\n", false, NULL, &e);
    OK(h && strstr(h, "Say <span lang=\"de\">Guten <em>Tag</em></span> and "
                      "<span lang=\"ar\" dir=\"rtl\">\xd8\xa7</span>."),
       "spans with emphasis inside, right to left for Arabic, without markdown.unsafe");
    INT_EQ(e.len, 0, "no warning for good spans");
    free(h);
    h = render("[a [b]{lang=fr} c]{lang=de}\n", false, NULL, &e);
    OK(h && strstr(h, "<span lang=\"de\">a <span lang=\"fr\">b</span> c</span>"),
       "a span inside a span: a ']' closes the nearest '['");
    free(h);
    h = render("[x] and [link](https://example.org) and [y]\n", false, NULL, &e);
    OK(h && strstr(h, "[x] and <a href=\"https://example.org\">link</a> and [y]") &&
           !strstr(h, "span"),
       "brackets without braces and links stay as they are");
    INT_EQ(e.len, 0, "and are not warned about");
    free(h);
    h = render("Text [z]{lnag=de} and [w]{lang=1x}.\n", false, NULL, &e);
    OK(h && strstr(h, "[z]{lnag=de} and [w]{lang=1x}") && !strstr(h, "span"),
       "braces imprint cannot read stay as text");
    INT_EQ(e.len, 2, "one warning each");
    OK(e.len == 2 && strstr(e.items[0].text, "p.md:5:9: warning:") &&
           strstr(e.items[0].text, "did you mean 'lang'"),
       "a misspelt key: its position and the key meant");
    OK(e.len == 2 && strstr(e.items[1].text, "p.md:5:26: warning: '1x' is not a language tag"),
       "a bad tag at its position");
    free(h);
    err_list_free(&e);
}

static void test_gfm(void)
{
    err_list e = ERR_LIST_INIT;
    char *h = render("a[^1] ~~b~~ https://x.org\n\n- [x] t\n\n|a|b|\n|-|-|\n|1|2|\n\n[^1]: note\n",
                     false, NULL, &e);
    OK(h && strstr(h, "<del>b</del>"), "strikethrough");
    OK(h && strstr(h, "<a href=\"https://x.org\">"), "autolink");
    OK(h && strstr(h, "type=\"checkbox\""), "task list");
    OK(h && strstr(h, "<table>"), "pipe table");
    OK(h && strstr(h, "class=\"footnotes\"") && strstr(h, "fnref"), "footnotes");
    free(h);
    err_list_free(&e);
}

static void test_directives(void)
{
    err_list e = ERR_LIST_INIT;
    arena *a = arena_new();
    const char *y = "faq:\n  items:\n    - {question: \"Why?\", answer: \"Because *so*.\"}\n";
    value *data = yaml_load(a, y, strlen(y), "d.yaml", 1, &e);
    const char *md = "intro\n\n```table rates\nx\n```\n\n```faq faq\nq\n```\n";
    md_doc *d = md_parse(md, strlen(md), "p.md", 5, data, false, &e);
    OK(d != NULL, "parses");
    size_t n;
    const md_directive *dir = md_directives(d, &n);
    INT_EQ(n, 2, "two directives");
    INT_EQ(dir[0].kind, MD_DIR_TABLE, "table directive");
    STR_EQ(dir[0].name, "rates", "table name");
    INT_EQ(dir[0].line, 7, "directive line in file coordinates");
    STR_EQ(md_faq_name(d), "faq", "faq name");
    const md_heading *h = md_headings(d, &n);
    INT_EQ(n, 1, "faq question became a heading");
    STR_EQ(n ? h[0].text : NULL, "Why?", "question text");
    buf out = BUF_INIT;
    int rc = md_render_html(d, NULL, NULL, &out, &e);
    INT_EQ(rc, -1, "unknown table fails to render");
    STR_EQ(e.len ? e.items[0].text : NULL, "p.md:7:1: unknown data table 'rates'",
           "unknown table message");
    OK(strstr(buf_cstr(&out), "<p>Because <em>so</em>.</p>") != NULL, "faq answer is Markdown");
    buf_free(&out);
    md_free(d);
    err_list_free(&e);
    OK(md_parse("```faq nope\n```\n", 16, "p.md", 1, data, false, &e) == NULL,
       "unknown faq data fails");
    err_list_free(&e);
    arena_free(a);
}

/* Words: runs of bytes other than spaces, newlines and tabs in the text nodes
 * and code spans, a line break between words, markup not a word of its own. */
static void test_word_count(void)
{
    err_list e = ERR_LIST_INIT;
    const char *md = "# Two words\n\nOne *em*phasis and `code span`\nnext\tline, "
                     "caf\xc3\xa9 \xe2\x80\x94 [a link](x.html)\n\n- item\n";
    md_doc *d = md_parse(md, strlen(md), "p.md", 1, NULL, false, &e);
    /* blocks follow one another with nothing between (md_node_text), so "words"
     * and "One", "link" and "item" count as one word each: 2 + 5 + 6 + 1 - 2 */
    INT_EQ(d ? md_word_count(d) : 0, 12, "word count");
    md_free(d);
    err_list_free(&e);
}

static void test_utf8(void)
{
    int line = 0, col = 0;
    OK(md_valid_utf8("h\xc3\xa9llo \xe2\x80\x94 \xf0\x9f\x98\x80", 15, &line, &col), "valid UTF-8");
    OK(!md_valid_utf8("ab\ncd\xff", 6, &line, &col), "invalid byte");
    INT_EQ(line, 2, "bad byte line");
    INT_EQ(col, 3, "bad byte column");
    const char *long_ascii = "0123456789 past eight bytes\nabcdefgh\xc3\xa9xyz\xff tail";
    OK(!md_valid_utf8(long_ascii, strlen(long_ascii), &line, &col), "bad byte after ASCII runs");
    INT_EQ(line, 2, "bad byte line after ASCII runs");
    INT_EQ(col, 13, "bad byte column counts characters, not bytes");
    OK(!md_valid_utf8("0123456789abcdef\0", 17, &line, &col), "a NUL after ASCII runs");
    INT_EQ(col, 17, "NUL column");
    OK(!md_valid_utf8("\xc0\xaf", 2, &line, &col), "overlong encoding rejected");
    OK(!md_valid_utf8("\xed\xa0\x80", 3, &line, &col), "surrogate rejected");
}

/* cmark-gfm's global special-character table (markdown.c, finish_lock): parses
 * on several threads at once, the first parses of the process among them, must
 * give the HTML one thread alone gives, with every extension's characters
 * ('~' beside emphasis, ':' and 'w' of bare links) in play. */
static const char threads_md[] =
    "a ~~struck~~ word and https://example.com here, ~~*both*~~ and *~~both~~*\n\n"
    "www.example.org/x and mail@example.com; not~a~strike, ~one~ tilde\n\n"
    "| a | b |\n|---|---|\n| ~~c~~ | http://d.example |\n\n"
    "- [x] done ~~old~~\n- [ ] todo[^n]\n\n[^n]: note with www.example.net\n";

static char *threads_html(void)
{
    err_list e = ERR_LIST_INIT;
    char *html = render(threads_md, false, NULL, &e);
    err_list_free(&e);
    return html;
}

/* Strikethrough beside emphasis, bare links, tables and task lists are all there. */
static bool threads_ok(const char *html)
{
    return html && strstr(html, "<del>struck</del>") && strstr(html, "<del><em>both</em></del>") &&
           strstr(html, "<em><del>both</del></em>") &&
           strstr(html, "<a href=\"https://example.com\">") &&
           strstr(html, "<a href=\"http://www.example.org/x\">") &&
           strstr(html, "<a href=\"mailto:mail@example.com\">") &&
           strstr(html, "<td><del>c</del></td>") && strstr(html, "<del>old</del>");
}

static void *parse_many(void *arg)
{
    const char *const *want = arg;
    int bad = 0;
    for (int i = 0; i < 300; i++) {
        char *html = threads_html();
        if (!threads_ok(html) || (*want && strcmp(html, *want) != 0))
            bad++;
        free(html);
    }
    return (void *)(intptr_t)bad;
}

static void test_threads(const char *want)
{
    pthread_t t[4];
    const char *w = want;
    intptr_t bad = 0;
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, parse_many, &w);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        bad += (intptr_t)r;
    }
    INT_EQ(bad, 0, "parses on four threads give one thread's HTML");
}

/* A GFM table cmark-gfm would pad to gigabytes is refused at its delimiter row. */
static void test_table_limit(void)
{
    err_list e = ERR_LIST_INIT;
    buf md = BUF_INIT;
    buf_puts(&md, "Intro.\n\n");
    for (int i = 0; i < 500; i++)
        buf_puts(&md, "|h");
    buf_puts(&md, "|\n");
    for (int i = 0; i < 500; i++)
        buf_puts(&md, "|-");
    buf_puts(&md, "|\n");
    for (int i = 0; i < 500; i++)
        buf_puts(&md, "x\n");
    md_doc *d = md_parse(md.data, md.len, "p.md", 5, NULL, false, &e);
    OK(d == NULL, "a 500 x 501 table is refused");
    STR_EQ(e.len ? e.items[0].text : NULL,
           "p.md:8:1: a table of 500 columns and 501 rows is more than the 200000 cells a table "
           "may have; split it, or make it a data table",
           "table limit message at the delimiter row");
    err_list_free(&e);
    md_free(d);
    const char *ok = "| a | b |\n|---|--:|\n| 1 | 2 |\n";
    d = md_parse(ok, strlen(ok), "p.md", 5, NULL, false, &e);
    OK(d != NULL && e.len == 0, "an ordinary table parses");
    md_free(d);
    err_list_free(&e);
    buf_free(&md);
}

/* A link destination past MD_MAX_LINK_URL is an error at the link; one at
 * the limit is not. */
static void test_link_limit(void)
{
    err_list e = ERR_LIST_INIT;
    buf md = BUF_INIT;
    buf_puts(&md, "Text\nand [a link](http://x.io/");
    for (int i = 0; i < MD_MAX_LINK_URL; i++)
        buf_puts(&md, "a");
    buf_puts(&md, ") here.\n");
    md_doc *d = md_parse(md.data, md.len, "p.md", 5, NULL, false, &e);
    OK(d == NULL, "an over-long link destination is refused");
    STR_EQ(e.len ? e.items[0].text : NULL,
           "p.md:6:5: link destination of 8012 bytes; the limit is 8000 (MD_MAX_LINK_URL)",
           "link limit message at the link");
    err_list_free(&e);
    md_free(d);
    buf_reset(&md);
    buf_puts(&md, "See www.");
    for (int i = 0; i < MD_MAX_LINK_URL - 20; i++)
        buf_puts(&md, "b");
    buf_puts(&md, ".com today.\n");
    d = md_parse(md.data, md.len, "p.md", 5, NULL, false, &e);
    OK(d != NULL && e.len == 0, "a long autolink under the limit parses");
    md_free(d);
    err_list_free(&e);
    buf_free(&md);
}

/* A line whose length times its bare links exceeds MD_MAX_AUTOLINK_COST is
 * refused at the line, before cmark-gfm copies it for every link; a 64 KB
 * line full of addresses is not. */
static void test_autolink_line_limit(void)
{
    err_list e = ERR_LIST_INIT;
    buf md = BUF_INIT;
    buf_puts(&md, "Intro.\n\n");
    for (int i = 0; i < 20000; i++)
        buf_printf(&md, "a%d@b.co ", i);
    buf_puts(&md, "\n");
    md_doc *d = md_parse(md.data, md.len, "p.md", 5, NULL, false, &e);
    OK(d == NULL, "a 200 KB line of 20,000 addresses is refused");
    OK(e.len == 1 && strstr(e.items[0].text, "p.md:7:1: a line of ") &&
           strstr(e.items[0].text, " bytes with 20000 bare links is more than autolinking"),
       "autolink limit message at the line");
    err_list_free(&e);
    md_free(d);
    buf_reset(&md);
    for (int i = 0; md.len < 64 * 1024 - 16; i++)
        buf_printf(&md, "a%d@b.co ", i);
    buf_puts(&md, "\n");
    d = md_parse(md.data, md.len, "p.md", 5, NULL, false, &e);
    OK(d != NULL && e.len == 0, "a 64 KB line of addresses parses");
    md_free(d);
    err_list_free(&e);
    buf_free(&md);
}

int main(void)
{
    test_threads(NULL); /* the process's first parses, all at once */
    char *html = threads_html();
    OK(threads_ok(html), "strikethrough, bare links, tables and task lists");
    test_threads(html);
    free(html);
    test_table_limit();
    test_link_limit();
    test_autolink_line_limit();
    test_slug();
    test_headings();
    test_raw_html();
    test_spans();
    test_gfm();
    test_directives();
    test_utf8();
    test_word_count();
    return test_summary("test_markdown");
}
