/* test_html.c - raw HTML: the tokenizer (malformed input, references, script and style), the
 * PDF's tree builder (nesting limit, tables, images) and markdown="1" elements. */
#include "core/htmltok.h"
#include "core/imgattr.h"
#include "core/markdown.h"
#include "pdf/html.h"
#include "test.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <time.h>

/* The tokens of s as "KIND:text|..." (START/END show the name and the
 * attributes as name=value). */
static char *tokens(const char *s)
{
    static const char *const kinds[] = {"T", "S", "E", "C", "R"};
    html_lexer lx;
    html_token t;
    buf b = BUF_INIT;
    html_lexer_init(&lx, s, strlen(s));
    while (html_next(&lx, &t)) {
        buf_printf(&b, "%s:", kinds[t.kind]);
        if (t.kind == HTML_START || t.kind == HTML_END) {
            buf_put(&b, t.name, t.name_len);
            for (size_t i = 0; i < t.nattrs; i++)
                buf_printf(&b, " %.*s=%.*s", (int)t.attrs[i].name_len, t.attrs[i].name,
                           (int)t.attrs[i].value_len, t.attrs[i].value);
            if (t.self_closing)
                buf_puts(&b, "/");
        } else {
            buf_put(&b, t.text, t.len);
        }
        buf_putc(&b, '|');
    }
    return buf_detach(&b);
}

static void tok_eq(const char *in, const char *want, const char *msg)
{
    char *got = tokens(in);
    STR_EQ(got, want, msg);
    free(got);
}

static void test_tokenizer(void)
{
    tok_eq("<p class=\"a b\" id=x data-y='z' hidden>Text</p>",
           "S:p class=a b id=x data-y=z hidden=|T:Text|E:p|", "tags, quoted and bare attributes");
    tok_eq("<BR/><img src=a.png />", "S:BR/|S:img src=a.png/|", "self-closing tags");
    tok_eq("a<!-- c -->b<!---->c<!-->d", "T:a|C:<!-- c -->|T:b|C:<!---->|T:c|C:<!-->|T:d|",
           "comments, empty ones too");
    tok_eq("<!DOCTYPE html><?php x ?></ x>y", "C:<!DOCTYPE html>|C:<?php x ?>|C:</ x>|T:y|",
           "doctype, processing instruction and bogus end tag are comments");
    tok_eq("a < b <3 and <", "T:a |T:< b |T:<3 and |T:<|", "a < that starts no tag is text");
    tok_eq("x</y>z</", "T:x|E:y|T:z|T:</|", "a stray end tag is a token; a lone </ is text");
    tok_eq("ok<p title=\"never closed>rest", "T:ok|C:<p title=\"never closed>rest|",
           "a tag cut off by the end is dropped with the rest");
    tok_eq("ok<p", "T:ok|C:<p|", "an unterminated tag name");
    tok_eq("<!-- open", "C:<!-- open|", "an unterminated comment runs to the end");
    tok_eq("<script>if (a<b) x = \"</p>\";</script>after",
           "S:script|R:if (a<b) x = \"</p>\";|E:script|T:after|", "script content is raw text");
    tok_eq("<STYLE>p{}</Style >x", "S:STYLE|R:p{}|E:Style|T:x|", "end tags in any case");
    tok_eq("<script>never closed <b>", "S:script|R:never closed <b>|",
           "an unclosed script swallows the rest");
    tok_eq("<a\nhref=x\ttitle = 'y'>", "S:a href=x title=y|", "white space around =");
    tok_eq("<a b=\"1\"c=2>", "S:a b=1 c=2|", "attributes without space between");
    tok_eq("<a =x>", "S:a =x=|", "an attribute name starting with =");

    /* more attributes than kept: the tag is still read whole */
    buf many = BUF_INIT;
    buf_puts(&many, "<div");
    for (int i = 0; i < 40; i++)
        buf_printf(&many, " a%d=\"%d\"", i, i);
    buf_puts(&many, ">after");
    html_lexer lx;
    html_token t;
    html_lexer_init(&lx, many.data, many.len);
    OK(html_next(&lx, &t) && t.kind == HTML_START, "a tag with 40 attributes");
    INT_EQ(t.nattrs, HTML_MAX_ATTRS, "the first HTML_MAX_ATTRS are kept");
    OK(html_next(&lx, &t) && t.kind == HTML_TEXT && t.len == 5, "the text after it follows");
    buf_free(&many);
    OK(html_name_is("DiV", 3, "div") && !html_name_is("di", 2, "div"), "names in any case");
    OK(html_is_void("IMG", 3) && !html_is_void("p", 1), "void elements");
}

static void decode_eq(const char *in, const char *want, const char *msg)
{
    buf b = BUF_INIT;
    html_decode(in, strlen(in), &b);
    STR_EQ(buf_cstr(&b), want, msg);
    buf_free(&b);
}

static void test_references(void)
{
    decode_eq("&amp;&lt;&gt;&quot;&apos;", "&<>\"'", "the five XML references");
    decode_eq("a&nbsp;b&mdash;c&ndash;d&hellip;",
              "a\xc2\xa0"
              "b\xe2\x80\x94"
              "c\xe2\x80\x93"
              "d\xe2\x80\xa6",
              "nbsp, dashes, ellipsis");
    decode_eq("&copy;&reg;&trade;", "\xc2\xa9\xc2\xae\xe2\x84\xa2", "copy, reg, trade");
    decode_eq("&lsquo;&rsquo;&ldquo;&rdquo;", "\xe2\x80\x98\xe2\x80\x99\xe2\x80\x9c\xe2\x80\x9d",
              "curly quotes");
    decode_eq("&#65;&#x42;&#X43;&#68", "ABCD", "decimal and hex, with or without ;");
    decode_eq("&#x1F600;", "\xf0\x9f\x98\x80", "astral plane");
    decode_eq("&#0;&#xD800;&#x110000;&#99999999999999;",
              "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
              "NUL, surrogates and out-of-range give U+FFFD");
    decode_eq("AT&T &bogus; &#; &#x; &amp", "AT&T &bogus; &#; &#x; &amp",
              "unknown or broken references stay as written");
    decode_eq("&frac12; &euro;", "\xc2\xbd \xe2\x82\xac", "names with digits");
}

/* How deep the tree under n goes (iteratively, with the iterator). */
static int depth_of(cmark_node *root)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    int d = 0, max = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        bool leaf = cmark_node_first_child(n) == NULL &&
                    (cmark_node_get_type(n) == CMARK_NODE_TEXT ||
                     cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE ||
                     cmark_node_get_type(n) == CMARK_NODE_THEMATIC_BREAK ||
                     cmark_node_get_type(n) == CMARK_NODE_LINEBREAK ||
                     cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK);
        if (leaf)
            continue; /* leaves have no exit event */
        if (ev == CMARK_EVENT_ENTER && ++d > max)
            max = d;
        else if (ev == CMARK_EVENT_EXIT)
            d--;
    }
    cmark_iter_free(it);
    return max;
}

/* The tree of html as cmark's XML, without the header lines. */
static char *tree_xml(const char *html)
{
    cmark_node *doc = pdf_html_tree(html, strlen(html));
    char *xml = cmark_render_xml(doc, 0);
    cmark_node_free(doc);
    const char *body = strstr(xml, "<document");
    char *out = xstrdup(body ? body : xml);
    free(xml);
    return out;
}

static bool tree_has(const char *html, const char *want)
{
    char *xml = tree_xml(html);
    bool ok = strstr(xml, want) != NULL;
    if (!ok)
        fprintf(stderr, "tree of %s:\n%s\n", html, xml);
    free(xml);
    return ok;
}

static bool tree_lacks(const char *html, const char *unwanted)
{
    char *xml = tree_xml(html);
    bool ok = strstr(xml, unwanted) == NULL;
    if (!ok)
        fprintf(stderr, "tree of %s:\n%s\n", html, xml);
    free(xml);
    return ok;
}

static void test_tree(void)
{
    OK(tree_has("<p>a <b>b</b></p>",
                "<paragraph>\n    <text xml:space=\"preserve\">a </text>\n"
                "    <html_inline xml:space=\"preserve\">&lt;b&gt;</html_inline>"),
       "a paragraph keeps its inline tags for the inline layout");
    OK(tree_has("<ul><li>one<li>two</ul>",
                "<list type=\"bullet\" tight=\"false\">\n    <item>\n"
                "      <paragraph>\n        <text xml:space=\"preserve\">"
                "one</text>\n      </paragraph>\n    </item>\n    <item>"),
       "<li> closes the open item");
    OK(tree_has("<ol start=\"3\"><li>x</li></ol>", "type=\"ordered\" start=\"3\""),
       "ordered list start");
    OK(tree_has("text<h2>Title</h2>", "<heading level=\"2\">"), "headings");
    OK(tree_has("<blockquote><p>q</p></blockquote><hr>", "<block_quote>"), "block quotes");
    OK(tree_has("<pre>\nline <b>1</b>\n&lt;x&gt;</pre>",
                "<code_block xml:space=\"preserve\">line 1\n&lt;x&gt;</code_block>"),
       "pre: its text, tags dropped, references decoded");
    OK(tree_lacks("<div>before<script>alert(\"x\")</script><style>p{color:red}</style>after</div>",
                  "alert") &&
           tree_lacks("<style>p{color:red}</style>x", "color"),
       "script and style contents are dropped");
    OK(tree_has("<div>before<script>x</script>after</div>", "after"), "text after a script stays");
    OK(tree_lacks("<!-- hidden -->shown", "hidden") && tree_has("<!-- hidden -->shown", "shown"),
       "comments are dropped");
    OK(tree_has("<aside class=\"pquote\"><p>Said.</p></aside>",
                "<custom_block on_enter=\"&lt;aside class=&quot;pquote&quot;&gt;\""),
       "an aside is a custom block with its start tag");
    OK(tree_has("<table><caption>Cap</caption><tr><th>A<td>B<tr><td>1<td>2</table>",
                "<custom_block on_enter=\"&lt;caption&gt;\""),
       "a caption goes before its table");
    char *xml = tree_xml("<table><thead><tr><th>A<td>B</thead><tbody><tr><td>1<td>2</table>");
    int rows = 0, cells = 0;
    for (const char *p = xml; (p = strstr(p, "on_enter=\"&lt;t")); p++)
        rows += p[15] == 'r', cells += p[15] == 'h' || p[15] == 'd';
    INT_EQ(rows, 2, "two rows (thead and tbody read through)");
    INT_EQ(cells, 4, "four cells");
    free(xml);
    OK(tree_has("<td>stray cell</td>", "stray cell"), "a cell outside a table keeps its text");
    const char *dl = "<dl><dt>a<dd>b<div>c<dt>d</dl>";
    cmark_node *dld = pdf_html_tree(dl, strlen(dl)), *dln = cmark_node_first_child(dld);
    int terms = 0;
    for (cmark_node *c = dln ? cmark_node_first_child(dln) : NULL; c; c = cmark_node_next(c))
        terms++;
    INT_EQ(terms, 3, "<dt> and <dd> close the open term or definition");
    cmark_node_free(dld);
    OK(tree_has("<table><tr><td><p>a</p><p>b</p></td></tr></table>", "<linebreak />"),
       "blocks inside a cell are read through, a line break between");

    const char *img_html = "<p><img src=\"a.png\" alt=\"Alt &amp; text\" width=\"50%\">\n</p>";
    cmark_node *doc = pdf_html_tree(img_html, strlen(img_html));
    cmark_node *p = cmark_node_first_child(doc), *img = p ? cmark_node_first_child(p) : NULL;
    OK(img && cmark_node_get_type(img) == CMARK_NODE_IMAGE && !cmark_node_next(img),
       "a lone image stays alone in its paragraph (trailing space dropped)");
    STR_EQ(img ? cmark_node_get_url(img) : NULL, "a.png", "its src");
    STR_EQ(img && cmark_node_first_child(img) ? cmark_node_get_literal(cmark_node_first_child(img))
                                              : NULL,
           "Alt & text", "its alt text, decoded");
    const md_imgattr *a = img ? md_imgattr_get(img) : NULL;
    OK(a && a->width.unit == IMG_UNIT_PCT && a->width.value == 50, "width=50% as imgattr's width");
    cmark_node_free(doc);
}

/* Malformed and hostile input: never a crash, bounded depth, linear time. */
static void test_malformed(void)
{
    const char *bad[] = {"</div></p></li></td></tr></table>text",
                         "<div><p>x<li>y<td>z<tr>w<table>v",
                         "<table><tr><td><table><tr><td>in</td></tr></table></td></tr></table>",
                         "<li><li><ul></li></ul><ol><p></ol>",
                         "<caption>c</caption><tr><td>x",
                         "<pre><pre></div>x</pre></pre>",
                         "<p><p><p></p></p></p><hr/><br/></br>",
                         "<h7>no</h7><h1><h2>x</h1>y</h2>",
                         "<img><img src><img alt=><a href>",
                         ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cmark_node *doc = pdf_html_tree(bad[i], strlen(bad[i]));
        OK(doc != NULL && depth_of(doc) <= PDF_HTML_MAX_DEPTH + 5, bad[i]);
        cmark_node_free(doc);
    }
    /* 5000 nested elements of every kind: the tree stays shallow, the text is kept */
    static const char *const opens[] = {"<div>",   "<blockquote>",    "<ul><li>",
                                        "<aside>", "<table><tr><td>", "<section>"};
    for (size_t k = 0; k < sizeof opens / sizeof *opens; k++) {
        buf b = BUF_INIT;
        for (int i = 0; i < 5000; i++)
            buf_puts(&b, opens[k]);
        buf_puts(&b, "deep text");
        cmark_node *doc = pdf_html_tree(b.data, b.len);
        char *xml = cmark_render_xml(doc, 0);
        OK(depth_of(doc) <= PDF_HTML_MAX_DEPTH + 5, "deep nesting is bounded");
        OK(strstr(xml, "deep text") != NULL, "and the text is kept");
        free(xml);
        cmark_node_free(doc);
        buf_free(&b);
    }
    /* linear: each pattern 100,000 times takes well under a second */
    static const char *const hostile[] = {
        "<a b=\"", "<!x <",  "<a ",      "&#",   "<",           "</x",      "<p>",  "<li>",
        "<td>",    "</div>", "<script>", "<b>x", "<img src=x>", "<tr><td>", "<!--", "a\n"};
    for (size_t k = 0; k < sizeof hostile / sizeof *hostile; k++) {
        buf b = BUF_INIT;
        for (int i = 0; i < 100000; i++)
            buf_puts(&b, hostile[k]);
        clock_t t0 = clock();
        char *got = tokens(b.data);
        cmark_node *doc = pdf_html_tree(b.data, b.len);
        double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        OK(secs < 2, hostile[k]);
        cmark_node_free(doc);
        free(got);
        buf_free(&b);
    }
}

static char *render(const char *md, bool unsafe, err_list *e);

/* Tag soup: random pieces of HTML and Markdown, through the tree builder and
 * through md_parse and the HTML renderer in both modes (the sanitizers watch). */
static void test_soup(void)
{
    static const char *const pieces[] = {"<div markdown=\"1\">",
                                         "</div>",
                                         "<aside class=\"pquote\" markdown=\"1\">",
                                         "</aside>",
                                         "\n\n",
                                         "\n",
                                         "**b**",
                                         "<p>",
                                         "</p>",
                                         "<li>",
                                         "<ul>",
                                         "</ul>",
                                         "<table>",
                                         "<tr>",
                                         "<td>",
                                         "</table>",
                                         "<caption>",
                                         "<pre>",
                                         "</pre>",
                                         "<script>",
                                         "</script>",
                                         "<!--",
                                         "-->",
                                         "<b>",
                                         "</i>",
                                         "&amp;",
                                         "&#x",
                                         "<img src=x.png width=5>",
                                         "<br>",
                                         "<hr>",
                                         "\"",
                                         "'",
                                         "=",
                                         "<",
                                         ">",
                                         "</",
                                         "text ",
                                         "> quote\n",
                                         "- item\n",
                                         "```\n",
                                         "<details>",
                                         "<summary>",
                                         "<h2>",
                                         "</h3>",
                                         "<a href=#x>",
                                         "</a>",
                                         "<kbd>",
                                         "<sup>",
                                         "[^1]\n\n[^1]: n\n"};
    unsigned seed = 12345;
    size_t n = sizeof pieces / sizeof *pieces;
    bool fine = true;
    for (int round = 0; round < 400; round++) {
        buf b = BUF_INIT;
        int len = 1 + round % 60;
        for (int i = 0; i < len; i++) {
            seed = seed * 1103515245 + 12345;
            buf_puts(&b, pieces[(seed >> 16) % n]);
        }
        cmark_node *doc = pdf_html_tree(b.data, b.len);
        fine = fine && depth_of(doc) <= PDF_HTML_MAX_DEPTH + 5;
        cmark_node_free(doc);
        for (int unsafe = 0; unsafe < 2; unsafe++) {
            err_list e = ERR_LIST_INIT;
            char *out = render(b.data, unsafe, &e);
            fine = fine && out && (unsafe || (!strstr(out, "<aside") && !strstr(out, "<table")));
            free(out);
            err_list_free(&e);
        }
        buf_free(&b);
    }
    OK(fine, "400 random soups: bounded trees, no raw HTML when unsafe is off");
}

static char *render(const char *md, bool unsafe, err_list *e)
{
    md_doc *d = md_parse(md, strlen(md), "p.md", 5, NULL, unsafe, e);
    if (!d)
        return NULL;
    buf out = BUF_INIT;
    md_render_html(d, NULL, NULL, &out, e);
    md_free(d);
    return buf_detach(&out);
}

static void html_eq(const char *md, bool unsafe, const char *want, const char *msg)
{
    err_list e = ERR_LIST_INIT;
    char *got = render(md, unsafe, &e);
    STR_EQ(got, want, msg);
    free(got);
    err_list_free(&e);
}

static void test_markdown_attr(void)
{
    html_eq("<aside markdown=\"1\" class=\"pquote\">\n\n**Bold** words.\n\n</aside>\n", true,
            "<aside class=\"pquote\">\n<p><strong>Bold</strong> words.</p>\n</aside>\n",
            "kramdown style: blank lines around the Markdown");
    html_eq("<div markdown=\"1\">\n*x* and [y](http://e.com)\n</div>\n", true,
            "<div>\n<p><em>x</em> and <a href=\"http://e.com\">y</a></p>\n</div>\n",
            "tight: the Markdown in the HTML block itself");
    html_eq("<div markdown=\"block\">**a**</div>\n\nafter\n", true,
            "<div>\n<p><strong>a</strong></p>\n</div>\n<p>after</p>\n", "one line, markdown=block");
    html_eq("<section markdown=\"1\">\n\nout\n\n<div markdown=\"1\">\n\nin *x*\n\n</div>\n\n"
            "</section>\n",
            true, "<section>\n<p>out</p>\n<div>\n<p>in <em>x</em></p>\n</div>\n</section>\n",
            "nested elements pair by depth");
    html_eq("<aside markdown=\"1\">\n\ntext\n</aside>\n", true, "<aside>\n<p>text</p>\n</aside>\n",
            "an end tag closing a paragraph");
    html_eq("<div markdown=\"1\">\n\nnever closed\n", true, "<div>\n<p>never closed</p>\n</div>\n",
            "an unclosed element runs to the end");
    html_eq("<div markdown=\"0\">\n\n*x*\n\n</div>\n", true,
            "<div markdown=\"0\">\n<p><em>x</em></p>\n</div>\n", "markdown=0 stays raw");
    html_eq(
        "- item\n\n  <div markdown=\"1\">\n\n  **in a list**\n\n  </div>\n", true,
        "<ul>\n<li>\n<p>item</p>\n<div>\n<p><strong>in a list</strong></p>\n</div>\n</li>\n</ul>\n",
        "inside a list item");
    html_eq("<aside markdown=\"1\" class=\"pquote\">\n\n**Bold**\n\n</aside>\n", false,
            "<!-- raw HTML omitted -->\n<p><strong>Bold</strong></p>\n",
            "unsafe off: the tags go, the Markdown stays");

    /* positions: Markdown parsed from inside the HTML block keeps the page's lines */
    err_list e = ERR_LIST_INIT;
    const char *md = "para\n\n<div markdown=\"1\">\n## Inside\n</div>\n";
    md_doc *d = md_parse(md, strlen(md), "p.md", 5, NULL, true, &e);
    cmark_node *x = d ? cmark_node_last_child(md_doc_root(d)) : NULL;
    cmark_node *h = x ? cmark_node_first_child(x) : NULL;
    OK(x && cmark_node_get_type(x) == CMARK_NODE_CUSTOM_BLOCK, "a custom block");
    OK(h && cmark_node_get_type(h) == CMARK_NODE_HEADING && md_node_line(d, h) == 8,
       "its heading is at its line in the file");
    md_free(d);
    err_list_free(&e);

    /* depth: markdown="1" elements nest MD_HTML_MAX_DEPTH deep, then stay raw */
    buf b = BUF_INIT;
    for (int i = 0; i < 300; i++)
        buf_puts(&b, "<div markdown=\"1\">\n\n");
    buf_puts(&b, "deep\n");
    char *out = render(b.data, true, &e);
    size_t custom = 0;
    for (const char *p = out; p && (p = strstr(p, "<div>")); p++)
        custom++;
    INT_EQ(custom, 16, "16 paired elements, the rest raw");
    OK(out && strstr(out, "<p>deep</p>"), "the text is there");
    free(out);
    buf_free(&b);
    err_list_free(&e);
}

static void test_warning(void)
{
    err_list e = ERR_LIST_INIT;
    char *out = render("ok\n\n<!-- a comment -->\n\nx <!-- inline -->\n", false, &e);
    INT_EQ(e.len, 0, "comments alone do not warn");
    free(out);
    out = render("ok\n\n<!-- c -->\n\nx <kbd>y</kbd>\n\n<div>\nz\n</div>\n", false, &e);
    INT_EQ(e.len, 1, "one warning for a page");
    OK(e.len && strstr(e.items[0].text, "p.md:9:3: warning: raw HTML is left out: set "
                                        "markdown.unsafe: true in site.yaml to render it"),
       "at the first raw HTML, naming the setting");
    OK(out && !strstr(out, "kbd") && !strstr(out, "div"), "no tag in the output");
    free(out);
    err_list_free(&e);
    out = render("<b>x</b>\n", true, &e);
    INT_EQ(e.len, 0, "no warning when the site allows raw HTML");
    free(out);
    err_list_free(&e);
}

int main(void)
{
    test_tokenizer();
    test_references();
    test_tree();
    test_malformed();
    test_markdown_attr();
    test_warning();
    test_soup();
    return test_summary("test_html");
}
