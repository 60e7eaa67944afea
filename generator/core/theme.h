/* theme.h - the built-in theme: the layouts/, assets/ (stylesheet, PDF
 * fonts) that ship with imprint, under a site's own files.
 *
 * A site's layouts/NAME and assets/PATH override the theme's file of the same
 * name one by one; what the site does not have comes from the theme. The
 * theme is found from the running binary: installed, it is
 * PREFIX/share/imprint beside PREFIX/bin/imprint (make install); in the
 * build tree it is the repository root. All calls are thread-safe. */
#ifndef IMPRINT_THEME_H
#define IMPRINT_THEME_H

#include <stdbool.h>

#include "core/model.h"
#include "core/template.h"
#include "util/fsutil.h"

/* The theme folder for the binary at exe (as /proc/self/exe names it): the
 * first of EXEDIR/../share/imprint, EXEDIR/.., EXEDIR/../.. that holds
 * layouts/base.html and assets/css/site.css. Returns it absolute (malloc'd),
 * or NULL when there is none (the binary was copied alone). */
char *theme_find(const char *exe);

/* The theme folder for this process (theme_find of /proc/self/exe), or NULL.
 * malloc'd. */
char *theme_find_self(void);

/* True when a and b name the same folder (through links), or both are NULL. */
bool theme_same_dir(const char *a, const char *b);

/* Where rel (such as "layouts/404.html" or "assets/fonts/X.ttf") is read
 * from: SITE_DIR/rel when it exists, else THEME_DIR/rel when theme_dir is
 * not NULL and it exists there. malloc'd, or NULL when neither has it. When
 * root is not NULL, *root is set to the folder it came from (site_dir or
 * theme_dir; site_dir when neither has it). */
char *theme_resolve(const char *site_dir, const char *theme_dir, const char *rel,
                    const char **root);

/* The files below SUB (such as "assets") of the site and of the theme
 * together, each relative path once, sorted; the site's file where both have
 * one. rels gets the relative paths, srcs (same order) the paths to read.
 * Returns 0, or -1 with an error. Free both with fs_list_free. */
int theme_walk(const char *site_dir, const char *theme_dir, const char *sub, fs_list *rels,
               fs_list *srcs, err_list *errs);

/* A set of layouts for a site: SITE_DIR/layouts, then the theme's layouts.
 * Free with tpl_set_free. */
tpl_set *theme_layouts(const site *s);

/* Where a layout was looked for, for "no layout" messages: "SITE/layouts"
 * or "SITE/layouts and THEME/layouts". In a. */
const char *theme_layouts_where(arena *a, const site *s);

#endif
