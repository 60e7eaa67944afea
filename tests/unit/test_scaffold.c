/* test_scaffold.c - imprint new's skeleton and title, and the built-in theme's lookups. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "test.h"
#include "test_fs.h"

#include "core/theme.h"
#include "scaffold/scaffold.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void test_default_title(void)
{
    const char *cases[][2] = {{"mysite", "Mysite"},
                              {"docs/acme-api_docs/", "Acme api docs"},
                              {"/tmp/x", "X"},
                              {".", "My documentation"},
                              {"/", "My documentation"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *t = scaffold_default_title(cases[i][0]);
        STR_EQ(t, cases[i][1], cases[i][0]);
        free(t);
    }
}

static void test_skeleton(const char *tmp)
{
    size_t n = 0;
    const scaffold_file *f = scaffold_files(&n);
    OK(n >= 6, "the skeleton has its files");
    bool has_site_yaml = false, gitignore = false;
    for (size_t i = 0; i < n; i++) {
        has_site_yaml |= strcmp(f[i].path, "content/site.yaml") == 0;
        gitignore |= strcmp(f[i].path, ".gitignore") == 0;
        OK(fs_safe_relative(f[i].path), f[i].path);
    }
    OK(has_site_yaml && gitignore, "site.yaml and .gitignore are in the skeleton");

    /* the title is written as a YAML double-quoted string, the date as YYYY-MM-DD */
    char *dir = fs_join(tmp, "a/b/site");
    err_list e = ERR_LIST_INIT;
    INT_EQ(scaffold_new(dir, "Say \"hi\" \\ there", 1774828800, &e), (long)n, "files written");
    INT_EQ(e.len, 0, "no errors");
    char *yaml = fs_join(dir, "content/site.yaml"), *home = fs_join(dir, "content/_index.md");
    char *text = fs_read(yaml, NULL, &e), *htext = fs_read(home, NULL, &e);
    OK(text && strstr(text, "title: \"Say \\\"hi\\\" \\\\ there\"\n"), "title escaped for YAML");
    OK(htext && strstr(htext, "date: 2026-03-30\n"), "date filled in");
    OK(text && !strstr(text, "@TITLE@") && htext && !strstr(htext, "@DATE@"),
       "no placeholder left");
    free(text);
    free(htext);

    /* a second time: refused, and nothing changed */
    INT_EQ(scaffold_new(dir, "Other", 0, &e), -1, "a non-empty folder is refused");
    OK(e.len == 1 && strstr(e.items[0].text, "is not empty"), "says why");
    text = fs_read(yaml, NULL, &e);
    OK(text && strstr(text, "Say"), "the site is untouched");
    free(text);
    err_list_free(&e);

    e = (err_list)ERR_LIST_INIT;
    char *bad = fs_join(tmp, "bad");
    INT_EQ(scaffold_new(bad, "", 0, &e), -1, "an empty title is refused");
    INT_EQ(scaffold_new(bad, "a\tb", 0, &e), -1, "a control character is refused");
    OK(!fs_is_dir(bad), "nothing made for a refused title");
    err_list_free(&e);
    free(bad);
    free(yaml);
    free(home);
    free(dir);
}

static void test_theme(const char *tmp)
{
    char *theme = fs_join(tmp, "share/imprint"), *sitedir = fs_join(tmp, "site");
    test_put(theme, "layouts/base.html", "theme base");
    test_put(theme, "layouts/page.html", "theme page");
    test_put(theme, "assets/css/site.css", "theme css");
    test_put(theme, "assets/fonts/A.ttf", "font");
    test_put(sitedir, "layouts/page.html", "site page");
    test_put(sitedir, "assets/css/site.css", "site css");
    test_put(sitedir, "assets/img/logo.png", "png");
    test_put(tmp, "bin/imprint", "a binary");

    /* found from a binary in PREFIX/bin; not from a folder without a theme */
    char *exe = fs_join(tmp, "bin/imprint"), *real = fs_real(theme);
    char *found = theme_find(exe);
    STR_EQ(found, real, "PREFIX/bin/imprint finds PREFIX/share/imprint");
    free(found);
    OK(!theme_find("/nonexistent/bin/imprint"), "no theme, NULL");
    OK(!theme_find("imprint"), "a bare name, NULL");
    OK(theme_same_dir(sitedir, sitedir) && !theme_same_dir(sitedir, theme), "same folder");

    const char *root = NULL;
    char *p = theme_resolve(sitedir, theme, "layouts/page.html", &root);
    OK(p && root == sitedir, "the site's file first");
    free(p);
    p = theme_resolve(sitedir, theme, "layouts/base.html", &root);
    OK(p && root == theme, "else the theme's");
    free(p);
    OK(!theme_resolve(sitedir, theme, "layouts/none.html", NULL), "neither: NULL");
    OK(!theme_resolve(sitedir, NULL, "layouts/base.html", NULL), "no theme: the site only");

    fs_list rels = {0}, srcs = {0};
    err_list e = ERR_LIST_INIT;
    INT_EQ(theme_walk(sitedir, theme, "assets", &rels, &srcs, &e), 0, "walk");
    INT_EQ(rels.len, 3, "each relative path once");
    if (rels.len == 3) {
        STR_EQ(rels.paths[0], "css/site.css", "sorted");
        OK(strncmp(srcs.paths[0], sitedir, strlen(sitedir)) == 0,
           "the site's css over the theme's");
        STR_EQ(rels.paths[1], "fonts/A.ttf", "the theme's font");
        OK(strncmp(srcs.paths[1], theme, strlen(theme)) == 0, "read from the theme");
        STR_EQ(rels.paths[2], "img/logo.png", "the site's own file");
    }
    fs_list_free(&rels);
    fs_list_free(&srcs);
    err_list_free(&e);
    free(exe);
    free(real);
    free(theme);
    free(sitedir);
}

int main(void)
{
    char tmpl[] = "/tmp/imprint-test-scaffold-XXXXXX";
    char *tmp = mkdtemp(tmpl);
    if (!tmp)
        return 2;
    test_default_title();
    test_skeleton(tmp);
    test_theme(tmp);
    test_remove(tmp);
    return test_summary("test_scaffold");
}
