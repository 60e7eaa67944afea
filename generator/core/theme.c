/* theme.c - finding the built-in theme, and a file in the site or the theme. */
#include "core/theme.h"

#include "util/arena.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* True when dir holds a theme (its two files no theme is without). */
static bool is_theme(const char *dir)
{
    char *base = fs_join(dir, "layouts/base.html"), *css = fs_join(dir, "assets/css/site.css");
    bool ok = fs_is_file(base) && fs_is_file(css);
    free(base);
    free(css);
    return ok;
}

char *theme_find(const char *exe)
{
    static const char *const candidates[] = {"../share/imprint", "..", "../.."};
    char *found = NULL, *dir = xstrdup(exe);
    char *slash = strrchr(dir, '/');
    if (!slash)
        goto out;
    *slash = '\0';
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates && !found; i++) {
        char *path = fs_join(*dir ? dir : "/", candidates[i]);
        char *real = fs_real(path);
        if (real && is_theme(real))
            found = real;
        else
            free(real);
        free(path);
    }
out:
    free(dir);
    return found;
}

char *theme_find_self(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    return theme_find(exe);
}

bool theme_same_dir(const char *a, const char *b)
{
    if (!a || !b)
        return !a && !b;
    char *ra = fs_real(a), *rb = fs_real(b);
    bool same = ra && rb && strcmp(ra, rb) == 0;
    free(ra);
    free(rb);
    return same;
}

char *theme_resolve(const char *site_dir, const char *theme_dir, const char *rel, const char **root)
{
    const char *dirs[] = {site_dir, theme_dir};
    char *found = NULL;
    if (root)
        *root = site_dir;
    for (size_t i = 0; i < 2 && dirs[i] && !found; i++) {
        char *path = fs_join(dirs[i], rel);
        if (fs_is_file(path) || fs_is_dir(path)) {
            found = path;
            if (root)
                *root = dirs[i];
        } else {
            free(path);
        }
    }
    return found;
}

/* Appends root/rel to srcs and rel to rels. */
static void take(const char *root, const char *rel, fs_list *rels, fs_list *srcs)
{
    fs_list_add(rels, xstrdup(rel));
    fs_list_add(srcs, fs_join(root, rel));
}

int theme_walk(const char *site_dir, const char *theme_dir, const char *sub, fs_list *rels,
               fs_list *srcs, err_list *errs)
{
    char *mine = fs_join(site_dir, sub), *theirs = theme_dir ? fs_join(theme_dir, sub) : NULL;
    fs_list a = {0}, b = {0};
    int rc = -1;
    if (fs_walk(mine, &a, errs) != 0 || (theirs && fs_walk(theirs, &b, errs) != 0))
        goto out;
    size_t i = 0, j = 0;
    while (i < a.len || j < b.len) {
        int c = i == a.len ? 1 : j == b.len ? -1 : strcmp(a.paths[i], b.paths[j]);
        if (c <= 0)
            take(mine, a.paths[i++], rels, srcs);
        else
            take(theirs, b.paths[j], rels, srcs);
        if (c >= 0)
            j++; /* the theme's file, taken or overridden by the site's */
    }
    rc = 0;
out:
    fs_list_free(&a);
    fs_list_free(&b);
    free(mine);
    free(theirs);
    return rc;
}

tpl_set *theme_layouts(const site *s)
{
    char *dir = fs_join(s->dir, "layouts");
    tpl_set *set = tpl_set_new(dir, true);
    free(dir);
    if (s->theme_dir) {
        dir = fs_join(s->theme_dir, "layouts");
        tpl_set_fallback(set, dir);
        free(dir);
    }
    return set;
}

const char *theme_layouts_where(arena *a, const site *s)
{
    if (s->theme_dir)
        return arena_printf(a, "%s/layouts and %s/layouts", s->dir, s->theme_dir);
    return arena_printf(a, "%s/layouts", s->dir);
}
