/* test_content.c - front matter splitting and loading the fixture site: URLs, order, tree, links;
 * translations by file name (core/translate.h).
 */
#include "core/content.h"
#include "core/lang.h"
#include "core/markdown.h"
#include "core/translate.h"
#include "core/url.h"
#include "test.h"
#include "test_fs.h"

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

/* Loads the fixture site at dir on two threads, its problems printed; counts
 * whether it loaded. */
static site *load_fixture(const char *dir, err_list *e)
{
    site *s = site_load(dir, NULL, 2, e);
    for (size_t i = 0; i < e->len; i++)
        fprintf(stderr, "%s\n", e->items[i].text);
    OK(s != NULL, dir);
    return s;
}

static void test_fixture(void)
{
    err_list e = ERR_LIST_INIT;
    site *s = load_fixture("tests/fixtures/mini", &e);
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

/* What is shaped like a language tag in a file name, and the names of languages. */
static void test_lang_tags(void)
{
    static const char *const yes[] = {"de", "fil", "pt-BR", "es-419", "zh-Hant", "DE"};
    static const char *const no[] = {"2", "v1", "draft", "d", "de-", "de-B", "pt-BRA", "1de", "é"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        OK(lang_tag_shaped(yes[i], strlen(yes[i])), yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        OK(!lang_tag_shaped(no[i], strlen(no[i])), no[i]);
    STR_EQ(lang_name("de"), "Deutsch", "German's own name");
    STR_EQ(lang_name("fr-CA"), "Français", "by the primary subtag");
    STR_EQ(lang_name("ja"), "日本語", "Japanese");
    STR_EQ(lang_name("ar"), "العربية", "Arabic");
    OK(lang_name("tlh") == NULL, "not in the table");
}

static void test_url_resolve(void)
{
    static const struct {
        const char *base, *ref, *want;
    } cases[] = {
        {"/de/guide/intro/", "../setup/", "/de/guide/setup/"},
        {"/de/guide/intro/", "/guide/setup/", "/guide/setup/"},
        {"/de/guide/intro/", "other/", "/de/guide/intro/other/"},
        {"/de/guide/intro/", "../../../../x/", "/x/"},
        {"/de/guide/intro/", "./", "/de/guide/intro/"},
        {"/de/guide/intro/", "..", "/de/guide/"},
        {"/", "a/b", "/a/b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        buf out = BUF_INIT;
        url_resolve(cases[i].base, cases[i].ref, strlen(cases[i].ref), &out);
        STR_EQ(buf_cstr(&out), cases[i].want, cases[i].ref);
        buf_free(&out);
    }
}

/* The rendered HTML of p's body (parsed now). */
static char *body_html(site *s, page *p)
{
    err_list e = ERR_LIST_INIT;
    buf html = BUF_INIT;
    if (site_page_parse(s, p, &e) == 0)
        md_render_html(p->doc, NULL, NULL, &html, &e);
    for (size_t i = 0; i < e.len; i++)
        fprintf(stderr, "%s\n", e.items[i].text);
    err_list_free(&e);
    char *out = buf_detach(&html);
    return out ? out : strdup("");
}

/* The multilingual fixture: which files are translations, their URLs, languages, trees and
 * links. */
static void test_translations(void)
{
    err_list e = ERR_LIST_INIT;
    site *s = load_fixture("tests/fixtures/multilingual", &e);
    if (!s)
        return;
    INT_EQ(s->nlangs, 3, "three languages");
    OK(s->translated, "languages declared");
    STR_EQ(s->langs[1].name, "Deutsch", "a name from site.yaml");
    STR_EQ(s->langs[2].name, "Français", "a name from the built-in table");
    OK(translate_multilingual(s), "more than one language has pages");
    INT_EQ(s->npages, 12, "5 English pages, 4 German, 3 French (a made-up section)");
    STR_EQ(s->pages[0]->url, "/", "the default language's home first");
    page *intro = site_page_by_src(s, "guide/intro.md");
    page *de = site_page_by_src(s, "guide/intro.de.md");
    page *fr = site_page_by_src(s, "guide/intro.fr.md");
    OK(intro && de && fr, "each translation is a page");
    if (intro && de && fr) {
        STR_EQ(intro->url, "/guide/intro/", "the default language keeps its URL");
        STR_EQ(de->url, "/de/guide/intro/", "a translation is under /LANG/");
        STR_EQ(de->out_path, "de/guide/intro/index.html", "and written there");
        STR_EQ(de->base_src, "guide/intro.md", "its original's source");
        INT_EQ(de->lang, 1, "German");
        STR_EQ(de->language, "de", "its language is the translation's");
        STR_EQ(intro->language, "", "the original's stays the site's");
        OK(intro->translations == de->translations && de->translations[0] == intro &&
               de->translations[1] == de && de->translations[2] == fr,
           "one set of translations, shared");
        STR_EQ(de->parent->url, "/de/guide/", "a translation's section is its language's");
        STR_EQ(de->parent->parent->url, "/de/", "and so is its home");
        OK(de->next && strcmp(de->next->url, "/de/guide/setup/") == 0,
           "its neighbours are its language's");
        /* links in a translation lead to the same language's page, else the original */
        char *html = body_html(s, de);
        OK(strstr(html, "href=\"/de/guide/setup/\">Einrichtung") != NULL,
           "a site path leads to the translation");
        OK(strstr(html, "href=\"/de/guide/setup/\">Datei") != NULL, "so does a .md link");
        OK(strstr(html, "href=\"../setup/\"") != NULL,
           "a relative path to a translation stays as written");
        OK(strstr(html, "href=\"/guide/untranslated/\">Notizen") != NULL,
           "an untranslated page: the original");
        OK(strstr(html, "href=\"/guide/untranslated/\">relativ") != NULL,
           "also when written relative");
        free(html);
        html = body_html(s, intro);
        OK(strstr(html, "href=\"/guide/setup/\"") != NULL && !strstr(html, "/de/"),
           "the default language's links stay as written");
        free(html);
    }
    page *frguide = site_page_by_url(s, "/fr/guide/");
    OK(frguide && frguide->implicit, "a made-up section for French");
    STR_EQ(frguide ? frguide->title : NULL, "The Guide", "titled after its original");
    STR_EQ(frguide ? frguide->src : NULL, "guide/_index.fr.md", "named as its file would be");
    page *notes = site_page_by_src(s, "guide/untranslated.md");
    OK(notes && !notes->translations[1] && !notes->translations[2], "an untranslated page");
    INT_EQ(s->home->nchildren, 1, "the home page lists its own language's section only");
    INT_EQ(s->langs[1].home->children[0]->nchildren, 2, "the German section: its two pages");
    site_free(s);
    err_list_free(&e);
}

/* A scratch site with site.yaml yaml and the pages given as name, text pairs; loads it. */
static site *scratch(char *dir, const char *yaml, const char *const *files, size_t n, err_list *e)
{
    if (!mkdtemp(dir))
        return NULL;
    test_put(dir, "content/site.yaml", yaml);
    for (size_t i = 0; i < n; i++)
        test_put(dir, files[2 * i], files[2 * i + 1]);
    return site_load(dir, NULL, 1, e);
}

/* What names a translation: a language-shaped suffix, only with languages declared. */
static void test_translation_names(void)
{
    static const char *const files[] = {
        "content/guide/intro.md",     "---\ntitle: Intro\n---\nText.\n",
        "content/guide/v1.2.md",      "---\ntitle: Version 1.2\n---\nText.\n",
        "content/guide/intro.dee.md", "---\ntitle: Typo\n---\nText.\n",
    };
    err_list e = ERR_LIST_INIT;
    char dir[] = "/tmp/imprint-langs-XXXXXX";
    site *s = scratch(dir, "title: T\nlanguages: [en, de, fr]\n", files, 3, &e);
    OK(s == NULL, "a suffix that is no language of the site is an error");
    int hits = 0;
    for (size_t i = 0; i < e.len; i++) {
        const char *t = e.items[i].text;
        if (strstr(t, "/content/guide/intro.dee.md:1:1: '.dee' in the file name names a "
                      "translation, but 'dee' is not one of the site's languages (en, de, fr, "
                      "declared at ") &&
            strstr(t, "/content/site.yaml:2:12); did you mean 'intro.de.md'? A page that is no "
                      "translation needs another name, such as 'intro-dee.md'"))
            hits++;
        else
            fprintf(stderr, "unexpected: %s\n", t);
    }
    INT_EQ(hits, 1, "at the file, naming the languages, with a suggestion");
    INT_EQ(e.len, 1, "v1.2.md is no translation: '2' is not shaped like a language");
    site_free(s);
    test_remove(dir);
    err_list_free(&e);

    /* without languages nothing is a translation: intro.dee.md is a page of its own */
    char dir2[] = "/tmp/imprint-langs-XXXXXX";
    s = scratch(dir2, "title: T\n", files, 3, &e);
    OK(s != NULL, "without languages a suffix is part of the name");
    page *p = s ? site_page_by_src(s, "guide/intro.dee.md") : NULL;
    STR_EQ(p ? p->url : NULL, "/guide/intro.dee/", "its URL as before");
    OK(s && s->nlangs == 1 && !s->translated && !translate_multilingual(s), "one language");
    site_free(s);
    test_remove(dir2);
    err_list_free(&e);

    /* language picks the default among languages (a map of names); its pages keep their URLs */
    static const char *const de_first[] = {
        "content/_index.md",    "---\ntitle: Start\n---\nText.\n",
        "content/_index.en.md", "---\ntitle: Home\n---\nText.\n",
        "content/a.md",         "---\ntitle: A\n---\nText.\n",
        "content/a.en.md",      "---\ntitle: A\n---\nText.\n",
    };
    char dir3[] = "/tmp/imprint-langs-XXXXXX";
    s = scratch(dir3, "title: T\nlanguage: de\nlanguages:\n  en: English\n  de: Deutsch\n",
                de_first, 4, &e);
    for (size_t i = 0; i < e.len; i++)
        fprintf(stderr, "%s\n", e.items[i].text);
    OK(s != NULL, "language: de with a map of languages");
    STR_EQ(s ? s->langs[0].code : NULL, "de", "the default language first");
    STR_EQ(s ? val_as_str(val_map_get(s->config, "language")) : NULL, "de", "site.language");
    p = s ? site_page_by_src(s, "a.en.md") : NULL;
    STR_EQ(p ? p->url : NULL, "/en/a/", "the other language under its prefix");
    p = s ? site_page_by_src(s, "a.md") : NULL;
    STR_EQ(p ? p->url : NULL, "/a/", "the default language's at the root");
    site_free(s);
    test_remove(dir3);
    err_list_free(&e);

    /* bad declarations, each at its position */
    char dir4[] = "/tmp/imprint-langs-XXXXXX";
    s = scratch(dir4, "title: T\nlanguage: es\nlanguages: [en, english, en]\n", files, 1, &e);
    OK(s == NULL, "bad languages fail the load");
    const char *want[] = {
        "site.yaml:3:17: languages: 'english' is not a language tag like en, de, fr or pt-BR",
        "site.yaml:3:26: languages: 'en' is there twice",
        "site.yaml:2:11: language 'es' (the default language) is not one of languages; did you "
        "mean 'en'?",
    };
    for (size_t k = 0; k < 3; k++) {
        bool found = false;
        for (size_t i = 0; i < e.len && !found; i++)
            found = strstr(e.items[i].text, want[k]) != NULL;
        OK(found, want[k]);
    }
    site_free(s);
    test_remove(dir4);
    err_list_free(&e);
}

int main(void)
{
    test_implicit();
    setenv("SOURCE_DATE_EPOCH", "1774828800", 1);
    test_split();
    test_fixture();
    test_lang_tags();
    test_url_resolve();
    test_translations();
    test_translation_names();
    return test_summary("test_content");
}
