/* test_relurl.c - relative_urls: root-relative URLs made relative to the page. */
#include "site/relurl.h"
#include "test.h"

static void rel_is(const char *html, const char *path, const char *want, const char *what)
{
    buf out = BUF_INIT;
    html_relative_urls(html, strlen(html), path, &out);
    STR_EQ(buf_cstr(&out), want, what);
    buf_free(&out);
}

int main(void)
{
    rel_is("<a href=\"/docs/two/\">x</a>", "docs/first/index.html",
           "<a href=\"../../docs/two/index.html\">x</a>", "a folder's page, two levels down");
    rel_is("<a href=\"/\">home</a>", "index.html", "<a href=\"index.html\">home</a>",
           "the home page from the home page");
    rel_is("<a href=\"/\">home</a>", "docs/index.html", "<a href=\"../index.html\">home</a>",
           "the home page from a section");
    rel_is("<link rel=\"stylesheet\" href=\"/assets/css/site.css\">", "docs/first/index.html",
           "<link rel=\"stylesheet\" href=\"../../assets/css/site.css\">", "a file keeps its name");
    rel_is("<a href=\"/docs/two/#part-two\">y</a>", "404.html",
           "<a href=\"docs/two/index.html#part-two\">y</a>", "the fragment after index.html");
    rel_is("<a href=\"/search/?q=a\">s</a>", "a/index.html",
           "<a href=\"../search/index.html?q=a\">s</a>", "the query after index.html");
    rel_is("<img src='/img/a.png' alt=''>", "a/b/index.html", "<img src='../../img/a.png' alt=''>",
           "src in single quotes");
    const char *kept = "<a href=\"https://x.org/\">e</a> <a href=\"//cdn.x.org/a.js\">c</a> "
                       "<a href=\"#top\">t</a> <a href=\"two/\">r</a> <p data-href=\"/x/\">"
                       "<code>href=\"/not/a/tag\"</code>";
    rel_is(kept, "docs/first/index.html", kept,
           "absolute, protocol-relative, fragment, relative and non-attribute text are kept");
    rel_is("<a href=\"/unterminated", "index.html", "<a href=\"/unterminated",
           "an unterminated attribute is left alone");
    return test_summary("test_relurl");
}
