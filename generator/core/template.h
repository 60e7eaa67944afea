/* template.h - Mustache templates: compiled once, rendered many times, from many threads.
 *
 * Implements the Mustache spec (tests/spec/mustache): interpolation,
 * sections, inverted sections, comments, set delimiters, partials, dynamic
 * names ({{>*name}}) and inheritance ({{<parent}}{{$block}}...{{/block}}{{/parent}}).
 * Lambdas are not supported. Context values are model.h values. */
#ifndef IMPRINT_TEMPLATE_H
#define IMPRINT_TEMPLATE_H

#include <stdbool.h>

#include "util/buf.h"
#include "util/err.h"
#include "core/model.h"

/* A compiled template. Immutable after compilation. */
typedef struct tpl tpl;

/* A set of named templates (layouts and partials) that partial and parent
 * tags resolve against. Templates are found by name: first those added with
 * tpl_set_add, then (when a folder was given) the first existing file of
 * DIR/name, DIR/name.mustache, DIR/name.html, then the same in the fallback
 * folder (tpl_set_fallback). Loading on demand is guarded by
 * a mutex, so one set can serve renders on many threads. */
typedef struct tpl_set tpl_set;

/* A new set. partials_dir may be NULL (no files). strict: a partial or parent
 * that cannot be found is an error (site builds) instead of the empty string
 * (the spec's behaviour). Never NULL; free with tpl_set_free. */
tpl_set *tpl_set_new(const char *partials_dir, bool strict);
void tpl_set_free(tpl_set *set);

/* Adds a second folder (a theme's layouts) looked in for a name the set's
 * folder does not have; NULL removes it. Call before the set is shared. */
void tpl_set_fallback(tpl_set *set, const char *dir);

/* Compiles src (len bytes) under `name`; file names it in messages. Replaces
 * nothing: adding an existing name is an error. Returns the template (owned
 * by the set) or NULL with file:line:col errors in errs. */
const tpl *tpl_set_add(tpl_set *set, const char *name, const char *src, size_t len,
                       const char *file, err_list *errs);

/* Finds (loading and compiling from the folder if needed) the template called
 * name. Returns 0 with *out set to it (owned by the set), or to NULL when the
 * set has no such template; -1 with errors when it exists but cannot be read
 * or does not compile (a failure is tried, and reported, again next time). */
int tpl_set_get(tpl_set *set, const char *name, const tpl **out, err_list *errs);

/* Renders t with ctx as the bottom of the context stack (ctx may be NULL),
 * appending to out. HTML-escapes {{x}}; {{{x}}} and {{&x}} are raw. Partial
 * recursion deeper than 100 levels is an error (a recursive partial). In a
 * strict set a missing partial/parent is an error naming the tag's position.
 * Returns 0, or -1 with errors in errs (out then holds partial output). */
int tpl_render(tpl_set *set, const tpl *t, const value *ctx, buf *out, err_list *errs);

/* tpl_render for plain text (a table caption, a column label): {{x}} is
 * written as it is, not HTML-escaped. */
int tpl_render_text(tpl_set *set, const tpl *t, const value *ctx, buf *out, err_list *errs);

/* The file name the template was compiled from (for messages). */
const char *tpl_file(const tpl *t);

#endif
