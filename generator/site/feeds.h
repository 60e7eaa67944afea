/* feeds.h - machine-readable site files: sitemap.xml, atom.xml, robots.txt, JSON-LD. */
#ifndef IMPRINT_FEEDS_H
#define IMPRINT_FEEDS_H

#include <stdbool.h>

#include "util/buf.h"
#include "core/model.h"

/* Appends the date of a page for feeds and sitemaps as YYYY-MM-DD: its
 * lastmod/date, else the build date (SOURCE_DATE_EPOCH). */
void feeds_page_date(const site *s, const page *p, buf *out);

/* sitemap.xml listing every page with its permalink and date; in a multilingual site
 * (translate_multilingual) each page also lists every language it is in, itself included, and
 * x-default, its default language's page, as xhtml:link alternates (Google's format). */
void feeds_sitemap(const site *s, buf *out);
/* Chooses the feeds' pages: in each language, the `limit` regular pages with the newest
 * dates (ties in site order). Returns a malloc'd flag per page of s->pages. */
bool *feeds_select(const site *s, size_t limit);
/* The Atom feed of language lang (an index of s->langs: 0, the default language, for
 * /atom.xml; the others' are /LANG/atom.xml, with their xml:lang): its pages that
 * feeds_select chose, newest first; contents[i] is the rendered HTML body of s->pages[i]
 * (NULL to leave the content out). */
void feeds_atom(const site *s, size_t lang, const char *const *contents, size_t limit, buf *out);
/* robots.txt allowing everything and naming the sitemap. */
void feeds_robots(const site *s, buf *out);
/* JSON-LD for a page: Article (or WebSite for home, CollectionPage for a
 * section) and a FAQPage graph node when the page renders a faq directive. */
void feeds_json_ld(const site *s, const page *p, buf *out);

#endif
