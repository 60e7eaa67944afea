/* i18n.h - the words imprint prints itself, in the reader's language: string tables,
 * dates and numbers.
 *
 * Every fixed word of the layouts, the PDF and the client reports ("Contents",
 * "Page 3 of 40", "Next chapter", month names) comes from a string table:
 * layouts/i18n/LANG.yaml, a flat map of keys to strings, LANG a language tag
 * ("de", "pt-BR"). The built-in theme ships tables for en, de, fr, es, ja and
 * ar; a site's own layouts/i18n/LANG.yaml overrides the theme's key by key.
 * English is under every language: a key a table lacks is English's, and
 * English itself is compiled into imprint as well (layouts/i18n/en.yaml, made
 * into i18n_en.inc by the Makefile), so no string is ever missing. A language
 * is looked up by its tag, then by its primary language ("de-CH", then "de"),
 * then English.
 *
 * A string may name values in braces: {page} and {pages} in page_x_of_y, or a
 * dotted path into a layout's context, {report.project} (i18n_fill).
 *
 * Memory: a set and its tables live in the arena they were loaded into; there
 * is nothing to free. Threads: a loaded set is read-only, so every look-up may
 * run on any thread at once; functions that allocate take the caller's arena.
 * Errors are added to the caller's err_list, never printed. */
#ifndef IMPRINT_CORE_I18N_H
#define IMPRINT_CORE_I18N_H

#include <stdbool.h>

#include "core/model.h"
#include "util/buf.h"
#include "util/err.h"

/* Every string table of a site: the theme's and the site's, merged, English under each. */
typedef struct i18n_set i18n_set;
/* One language's strings: every key English has, each a string. */
typedef struct i18n_lang i18n_lang;

/* Loads layouts/i18n/ *.yaml of theme_dir (may be NULL: no theme) and of
 * site_dir, over imprint's compiled-in English. A file that is not a map of
 * keys to strings (an empty file is an empty table) is an error at its
 * file:line:col; a key English does not have is a warning at the key, with
 * the nearest key English has ("did you mean 'contents'?"), and so is a
 * {name} that the string is not given (one English's string does not name).
 * A site's en.yaml may add keys of its own (for its own layouts); one that is
 * near one of imprint's is warned about as a likely typo. Returns the set
 * (allocated from a), or NULL with errors. */
i18n_set *i18n_load(arena *a, const char *site_dir, const char *theme_dir, err_list *errs);

/* Loads s's tables (s->dir and s->theme_dir) into s->i18n and warns about
 * each language s names that has no table - site.yaml's language, a page's
 * front matter language - once per language, at the first place it is
 * named: its words are English. Returns 0, or -1 with errors (i18n_load's). */
int i18n_site_load(site *s, err_list *errs);

/* imprint's compiled-in English alone, allocated from a: the words of a PDF
 * or page made without a site's tables. Never NULL. */
const i18n_lang *i18n_english(arena *a);

/* The strings for a language tag: its own table, else its primary
 * language's ("de" for "de-AT"), else English; tags compare without regard
 * to case, and NULL or "" is English. set must not be NULL. Never NULL. */
const i18n_lang *i18n_lang_for(const i18n_set *set, const char *tag);

/* True when set has a table for tag or its primary language (English
 * always). */
bool i18n_has(const i18n_set *set, const char *tag);

/* Adds a warning at v (a language tag as written: site.yaml's language, a
 * page's or a profile's) when set has no table for it, so that its words are
 * English's; file names v's file when v has no position. Nothing for a v
 * that is not a string. Returns true when set has a table for it. */
bool i18n_check_language(const i18n_set *set, const value *v, const char *file, err_list *errs);

/* The tag of l's table ("en", "de"). */
const char *i18n_tag(const i18n_lang *l);

/* The string for key: l's, else English's. A key no table has gives the key
 * itself, so that a mistyped key shows where it is used. Never NULL; lives as
 * long as l. */
const char *i18n_get(const i18n_lang *l, const char *key);

/* Every string of l as a map (VAL_MAP of VAL_STR), in en.yaml's order. Read-only. */
const value *i18n_strings(const i18n_lang *l);

/* The `i18n` map of a layout whose context is ctx: every string of l with
 * each {path} filled in from ctx (i18n_fill). Allocated from a; strings
 * without braces are shared with l. */
value *i18n_context(arena *a, const i18n_lang *l, const value *ctx);

/* Appends pattern with each {name} - a name of letters, digits, '_' and
 * '.' - replaced by the text of val_path(ctx, name) when that is a scalar,
 * and by nothing otherwise (as Mustache shows a missing name). Any other
 * brace is kept. ctx may be NULL. */
void i18n_fill(const char *pattern, const value *ctx, buf *out);

/* Appends l's string for key with its {name}s filled in from the pairs that
 * follow: name, text, name, text, ..., NULL (at most 8 pairs; a name not
 * given is filled with nothing). */
void i18n_format(const i18n_lang *l, const char *key, buf *out, ...) __attribute__((sentinel));

/* Appends the date at the start of ymd ("YYYY-MM-DD...") as l writes it
 * (date_format with month names: "March 30, 2026", "30. März 2026",
 * "2026年3月30日"); nothing when ymd does not start with a date
 * (date_parse_ymd). */
void i18n_date(const i18n_lang *l, const char *ymd, buf *out);

/* Appends x with l's thousands and decimal separators and `decimals` digits
 * after the point (-1: as few as needed), as dtable_format_number does in
 * English: 1,234.5 in English, 1.234,5 in German. */
void i18n_number(const i18n_lang *l, double x, int decimals, buf *out);

#endif
