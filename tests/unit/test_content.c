/* test_content.c - front matter splitting and loading the fixture site: URLs, order, tree, links.
 */
#include "core/content.h"
#include "core/markdown.h"
#include "test.h"

#include <stdlib.h>
#include <sys/stat.h>

static void test_split(void)
{
    err_list e = ERR_LIST_INIT;
    const char *fm, *body;
    size_t fl, bl;
    int fline, bline;
    const char *t = "---\ntitle: x\n---\nbody\n";
    INT_EQ(content_split(t, strlen(t), "f.md", &fm, &fl, &fline, &body, &bl, &bline, &e), 0,
           "split ok");
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
    STR_EQ(e.len ? e.items[0].text : NULL,
           "f.md:1:1: front matter starts with '---' but has no closing '---' line",
           "unclosed message");
    err_list_free(&e);
    /* a byte order mark before the front matter (some Windows editors) */
    const char *bom = "\xEF\xBB\xBF---\ntitle: x\n---\nbody\n";
    INT_EQ(content_split(bom, strlen(bom), "f.md", &fm, &fl, &fline, &body, &bl, &bline, &e), 0,
           "split with a BOM");
    INT_EQ(fl, 9, "front matter found after the BOM");
    STR_EQ(body, "body\n", "body after a BOM");
    err_list_free(&e);
}

static void test_fixture(void)
{
    err_list e = ERR_LIST_INIT;
    site *s = site_load("tests/fixtures/mini", NULL, 2, &e);
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
    /* the body is parsed on demand; .md links resolved to page URLs */
    OK(s->pages[0]->doc == NULL, "loading leaves bodies unparsed");
    INT_EQ(site_page_parse(s, s->pages[0], &e), 0, "parse on demand");
    OK(s->pages[0]->summary && strstr(s->pages[0]->summary, "Welcome to the mini site") != NULL,
       "summary is the first paragraph's text");
    cmark_node *root = md_doc_root(s->pages[0]->doc);
    buf html = BUF_INIT;
    md_render_html(s->pages[0]->doc, NULL, NULL, &html, &e);
    OK(strstr(buf_cstr(&html), "href=\"/docs/first/\"") != NULL, "relative .md link becomes a URL");
    buf_free(&html);
    (void)root;
    site_free(s);
    err_list_free(&e);
    /* a site without _index.md files: home and sections are made up, like Hugo */
    s = site_load("tests/fixtures/stress", NULL, 1, &e);
    OK(s != NULL, "stress fixture loads");
    if (s) {
        OK(s->home && !s->home->implicit, "its home page is real");
        page *notes = site_page_by_url(s, "/notes/");
        OK(notes && !notes->implicit, "its section has an _index.md");
        site_free(s);
    }
    err_list_free(&e);
}

static void put(const char *dir, const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* A site with no _index.md anywhere, as Hugo allows. */
static void test_implicit(void)
{
    char dir[] = "/tmp/imprint-implicit-XXXXXX";
    err_list e = ERR_LIST_INIT;
    if (!mkdtemp(dir)) {
        OK(0, "mkdtemp");
        return;
    }
    char sub[600];
    snprintf(sub, sizeof sub, "%s/content", dir);
    mkdir(sub, 0777);
    snprintf(sub, sizeof sub, "%s/content/blog", dir);
    mkdir(sub, 0777);
    put(dir, "content/site.yaml", "title: Made-up home\n");
    put(dir, "content/blog/post.md", "---\ntitle: A post\n---\nText.\n");
    site *s = site_load(dir, NULL, 1, &e);
    OK(s != NULL, "a site without _index.md loads");
    if (s) {
        INT_EQ(s->npages, 3, "home, the blog section and the post");
        OK(s->home->implicit, "the home page is made up");
        STR_EQ(s->home->title, "Made-up home", "with the site's title");
        page *blog = site_page_by_url(s, "/blog/");
        OK(blog && blog->implicit && strcmp(blog->title, "Blog") == 0,
           "the folder is a section titled after it");
        page *post = site_page_by_url(s, "/blog/post/");
        OK(post && post->parent == blog, "the post belongs to the section");
        site_free(s);
    }
    err_list_free(&e);
    snprintf(sub, sizeof sub, "rm -rf '%s'", dir);
    OK(system(sub) == 0, "cleanup");
}

int main(void)
{
    test_implicit();
    setenv("SOURCE_DATE_EPOCH", "1774828800", 1);
    test_split();
    test_fixture();
    return test_summary("test_content");
}
