/* scaffold.h - `imprint new`: a new, working site folder from the skeleton
 * built into imprint (generator/scaffold/skeleton/, embedded at build time).
 *
 * The skeleton is content only: site.yaml with every common key commented, a
 * home page, a section with two chapters, a data table shown as a table and a
 * chart. Its look (layouts, stylesheet, PDF fonts) is the built-in theme
 * (core/theme.h), which the new site can override file by file. All calls are
 * thread-safe. */
#ifndef IMPRINT_SCAFFOLD_H
#define IMPRINT_SCAFFOLD_H

#include <stddef.h>

#include "util/err.h"

/* One file of the skeleton. */
typedef struct scaffold_file {
    const char *path; /* relative to the new site's folder ("content/site.yaml") */
    const char *text; /* its text, with @TITLE@ and @DATE@ still to be filled in */
} scaffold_file;

/* The skeleton's files, in path order; *n gets their number. Static data,
 * never freed. */
const scaffold_file *scaffold_files(size_t *n);

/* The title a folder's name suggests: its last part, '-' and '_' as spaces,
 * the first letter in capitals ("docs/acme-api" -> "Acme api"). malloc'd. */
char *scaffold_default_title(const char *dir);

/* Writes the skeleton into dir, which must not exist or be an empty folder
 * (missing parents are made), with @TITLE@ as title (1 to 200 characters, no
 * control characters) and @DATE@ as the day of `now` (seconds since the
 * epoch). The files are written into a temporary folder beside dir and
 * renamed into place, so dir is either the whole site or untouched. Returns
 * the number of files written, or -1 with an error. */
long scaffold_new(const char *dir, const char *title, long long now, err_list *errs);

#endif
