/* translate.h - multilingual sites: site.yaml's languages, which page files are translations,
 * and where a translation's links lead.
 *
 * The convention is Hugo's (translation by file name): content/guide/intro.de.md is the German
 * translation of content/guide/intro.md, content/guide/_index.de.md of the section's
 * _index.md. A translation sits beside its original, so a writer sees at a glance which pages a
 * language lacks, and its URL follows the original's place under the language's prefix
 * (/de/guide/intro/). The default language keeps the URLs a site without languages has.
 * content.c calls these while it loads; everything else reads the result (page.lang,
 * page.translations, site.langs) and may call the lookups from any thread. */
#ifndef IMPRINT_CORE_TRANSLATE_H
#define IMPRINT_CORE_TRANSLATE_H

#include <stdbool.h>

#include "core/model.h"
#include "util/err.h"

/* Reads site.yaml's languages (cfg, a map; file its name) into s->langs: a list of tags
 * ([en, de, fr]) or a map from tag to the language's name in itself ({en: English, de:
 * Deutsch}; a name left null or out comes from lang_name). The default language is site.yaml's
 * language when it is set (it must be one of them), else the first one; cfg's language is set
 * to it. Without languages, s->langs is site.yaml's language alone (or "en"). Always leaves
 * s->langs usable, also after an error. Returns 0, or -1 with errors at their positions (a tag
 * that is not shaped like one, a tag twice, a name that is not a string). */
int translate_config(site *s, value *cfg, const char *file, err_list *errs);

/* Decides p's language from its file name (p->src). Only when s->translated, and only a last
 * suffix shaped like a language tag (lang_tag_shaped: intro.de.md, _index.pt-BR.md; not
 * v1.2.md) names a language: a language of the site makes p a translation, any other is an
 * error at the file naming the site's languages, with the nearest one as a suggestion. The
 * default language's suffix (intro.en.md) is the same as none. Sets p->lang, p->base_src and,
 * when the front matter sets no language, p->language (a translation's tag). Returns 0, or -1
 * with the error. */
int translate_page(const site *s, page *p, err_list *errs);

/* Makes a made-up page (a missing home or section index) of language lang out of the source
 * path base_src of its default-language index ("guide/_index.md"): sets p->src (its file as
 * a translation would be named: "guide/_index.de.md"), p->base_src, p->lang and p->language.
 * Allocates from s->arena. */
void translate_made_up(site *s, page *p, const char *base_src, size_t lang);

/* The source path of the page base_src ("guide/_index.md", as the default language names it)
 * in language lang: "guide/_index.de.md"; base_src itself for the default language. Allocated
 * from a when it differs. */
const char *translate_src(arena *a, const site *s, const char *base_src, size_t lang);

/* Once every page is indexed (site_page_by_src works): gives every page its translations
 * (page.translations), and a made-up home or section of a translation its original's title
 * (a folder's name is no title in another language). */
void translate_link(site *s);

/* True when more than one language has pages: the site then gets a language switcher,
 * hreflang alternates, one feed and one PDF per language. */
bool translate_multilingual(const site *s);

/* The language tag of p: its language, else the default language's tag. */
const char *translate_tag(const site *s, const page *p);

/* Where a link to p leads from a page in language lang: p's translation into lang when it has
 * one, else p. Links in the default language (lang 0) lead where they are written. */
page *translate_to(page *p, size_t lang);

/* The URL a link written in a translation (from->lang > 0) leads to, when url is a site path
 * of a page ("/guide/setup/", or relative: "../setup/"): the page's translation in from's
 * language when it has one, else the page itself, which for a relative path that names no page
 * of from's language is the original's ("../setup/" in /de/guide/intro/ is /guide/setup/ when
 * there is no /de/guide/setup/). url's ?query and #fragment are kept. Returns a malloc'd URL,
 * or NULL when the link stays as written (from is in the default language, url names no page,
 * a page of from's own language or of another translation, a file, or a .md file, which
 * page.c resolves). */
char *translate_link_url(const site *s, const page *from, const char *url);

#endif
