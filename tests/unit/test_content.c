/* test_content.c - front matter splitting and loading the fixture site: URLs, order, tree, links. */
#include "content.h"
#include "markdown.h"
#include "test.h"

#include <stdlib.h>

static void test_split(void)
{
    err_list e = ERR_LIST_INIT;
    const char *fm, *body;
    size_t fl, bl;
    int fline, bline;
    const char *t = "---\ntitle: x\n---\nbody\n";
    INT_EQ(content_split(t, strlen(t), "f.md", &fm, &fl, &fline, &body, &bl, &bline, &e), 0, "split ok");
    INT_EQ(fl, 9, "front matter length");
    INT_EQ(fline, 2, "front matter first line");
    STR_EQ(body, "body\n", "body");
    INT_EQ(bline, 4, "body line");
    const char *none = "just text\n";
    content_split(none, strlen(none), "f.md", &fm, &fl, &fline, &body, &bl, &bline, &e);
    INT_EQ(fl, 0, "no front matter");
    INT_EQ(bline, 1, "body starts at line 1");
    const char *open = "---\ntitle: x\nbody\n";
    INT_EQ(content_split(open, strlen(open), "f.md", &fm, &fl, &fline, &body, &bl, &bline, &e), -1,
           "unclosed front matter");
    STR_EQ(e.len ? e.items[0].text : NULL, "f.md:1:1: front matter starts with '---' but has no closing '---' line",
           "unclosed message");
    err_list_free(&e);
}

static void test_fixture(void)
{
    err_list e = ERR_LIST_INIT;
    site *s = site_load("tests/fixtures/mini", &e);
    for (size_t i = 0; i < e.len; i++)
        fprintf(stderr, "%s\n", e.items[i].text);
    OK(s != NULL, "fixture loads");
    if (!s)
        return;
    INT_EQ(s->npages, 4, "four pages");
    STR_EQ(s->pages[0]->url, "/", "home first");
    STR_EQ(s->pages[1]->url, "/docs/", "then the section");
    STR_EQ(s->pages[2]->url, "/docs/first/", "then its pages by weight");
    STR_EQ(s->pages[3]->url, "/docs/two/", "slug renames the URL");
    STR_EQ(s->pages[3]->out_path, "docs/two/index.html", "clean URL output path");
    OK(s->pages[2]->next == s->pages[3] && s->pages[3]->prev == s->pages[2], "prev/next");
    OK(s->pages[2]->parent == s->pages[1], "parent section");
    STR_EQ(s->base_url, "https://mini.example", "base URL without trailing slash");
    OK(site_table(s, "prices") != NULL, "data table loaded");
    INT_EQ(s->build_time, 1774828800, "SOURCE_DATE_EPOCH is the build time");
    /* .md links resolved to page URLs */
    cmark_node *root = md_doc_root(s->pages[0]->doc);
    buf html = BUF_INIT;
    md_render_html(s->pages[0]->doc, NULL, NULL, &html, &e);
    OK(strstr(buf_cstr(&html), "href=\"/docs/first/\"") != NULL, "relative .md link becomes a URL");
    buf_free(&html);
    (void)root;
    site_free(s);
    err_list_free(&e);
}

int main(void)
{
    setenv("SOURCE_DATE_EPOCH", "1774828800", 1);
    test_split();
    test_fixture();
    return test_summary("test_content");
}
