/* pdf.h - the PDF engine's entry points: the site's whitepaper, and any list of chapters.
 *
 * The engine lays Markdown out itself on libharu's drawing API: the same
 * md_doc trees and data tables as the website, a cover, a table of contents
 * with links, a PDF outline, page labels, running headers and footers, and
 * embedded TrueType fonts. Output is byte-for-byte reproducible (dates from
 * the site's build time, never the clock). */
#ifndef IMPRINT_PDF_H
#define IMPRINT_PDF_H

#include "util/buf.h"
#include "util/err.h"
#include "core/model.h"
#include "pdf/blocks.h"

/* The cover and document metadata. */
typedef struct pdf_meta {
    const char *title;     /* cover title and document Title */
    const char *subtitle;  /* cover text under the title, and Subject; may be "" */
    const char *kicker;    /* small label above the title ("Whitepaper"); may be "" */
    const char *author;    /* may be "" */
    const char *publisher; /* may be "" */
    const char *keywords;  /* comma separated; may be "" */
    const char *date;      /* as shown on the cover ("March 30, 2026"); may be "" */
} pdf_meta;

/* Typesets chapters with the site's brand and pdf settings (site.yaml) and
 * appends the finished PDF file's bytes to out. Table and chart directives
 * find their data through tables(ctx, name); NULL tables means the site's
 * data tables. hyph: hyphenation patterns shared by many documents (a batch
 * of reports loads them once); NULL loads them for this document. Returns 0, or -1 with
 * file:line:col errors (a missing font or image, an unknown table, a bad chart, an empty document,
 * a block taller than a page). Uses no global state: reports render in parallel threads. */
int pdf_render(const site *s, const pdf_meta *meta, const pdf_chapter *chapters, size_t n,
               dtable_lookup_fn tables, void *ctx, const struct pdf_hyphenator *hyph, buf *out,
               err_list *errs);

/* The whitepaper: every page of the site except the home page and empty
 * section pages, in site order, typeset into out (the file's bytes). Sets
 * *path (malloc'd) to where it belongs: OUT_DIR/NAME.pdf, NAME from
 * site.yaml pdf.name, else pdf_name, else "document". The caller writes it
 * (fs_write is atomic) once every output of the build has succeeded.
 * Returns 0 or -1 with errors. */
int pdf_site_render(const site *s, const char *out_dir, buf *out, char **path, err_list *errs);

#endif
