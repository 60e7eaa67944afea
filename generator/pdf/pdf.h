/* pdf.h - the PDF engine: chapters of Markdown in, the bytes of a finished PDF file out.
 *
 * Takes: settings (pdf_settings: the configuration map with pdf: and brand:,
 * the brand palette, the folder fonts and images are found in, the document
 * date, the data tables), the cover's metadata (pdf_meta) and a list of
 * chapters (pdf_chapter: parsed Markdown, md_doc trees). Gives: the PDF
 * file's bytes, laid out by the engine itself on libharu's drawing API - a
 * cover, a table of contents with links, body pages with running headers and
 * footers, a PDF outline, page labels, embedded TrueType fonts. The words it
 * prints itself come from the settings' string table (core/i18n.h). It knows
 * nothing of sites or reports: the whitepaper (build/whitepaper.h) and client
 * reports (report/) decide what the chapters are.
 *
 * Output is byte-for-byte reproducible: the date comes from the settings,
 * never the clock. The engine keeps no global state, so documents render in
 * parallel threads (each with its own settings, meta, chapters and out; what
 * they may share, the hyphenation patterns and the font cache, is read-only
 * or locked). */
#ifndef IMPRINT_PDF_H
#define IMPRINT_PDF_H

#include <cmark-gfm.h>

#include "util/buf.h"
#include "util/err.h"
#include "core/markdown.h"
#include "core/model.h"

struct pdf_hyphenator;

/* What the engine reads besides the chapters. Nothing in it is copied or
 * freed: every pointer must stay valid until pdf_render returns. */
typedef struct pdf_settings {
    const value *config;          /* a map: pdf: (pdf/style.h), language, brand.name, brand.logo */
    const brand_palette *palette; /* the brand colours */
    const char *dir;              /* the folder default fonts, relative font paths, brand.logo and
                                     "/assets/" and "/x" images are found in (SITE_DIR) */
    const char *theme_dir;        /* the built-in theme (core/theme.h): default fonts and
                                     "/assets/" images the site lacks come from there; or NULL */
    const char *config_file;      /* the file config came from: named in messages that have no
                                     position of their own (a missing font, an empty document) */
    const char *base_url;    /* joined to site-relative links; printed on the cover; may be "" */
    long long date;          /* the document's creation date, seconds since the epoch */
    dtable_lookup_fn tables; /* finds the data tables that table and chart directives name;
                                NULL: there are none (a directive is an error) */
    void *tables_ctx;        /* passed to tables */
    const struct pdf_hyphenator *hyph; /* hyphenation patterns shared by many documents (a batch
                                          of reports loads them once); NULL: loaded for this
                                          document in config's language (unless pdf.hyphenate
                                          is false) */
    const struct hl_set *highlight;    /* fenced code's languages (core/highlight.h); NULL: code
                                          is not coloured (line options still apply) */
    const struct i18n_lang *words;     /* the words the engine prints itself ("Contents", "Page 3
                                          of 40", the cover's labels, part numbers), in the
                                          document's language (core/i18n.h); NULL: English */
    struct pdf_font_cache *font_cache; /* font files and shaping results shared by many documents
                                          on any thread (pdf/font.h: a batch of reports makes one);
                                          NULL: the document's own */
} pdf_settings;

/* The cover and document metadata. */
typedef struct pdf_meta {
    const char *title;     /* cover title and document Title */
    const char *subtitle;  /* cover text under the title, and Subject; may be "" */
    const char *kicker;    /* small label above the title ("WHITEPAPER"); may be "" */
    const char *author;    /* may be "" */
    const char *publisher; /* may be "" */
    const char *keywords;  /* comma separated; may be "" */
    const char *date;      /* as shown on the cover ("March 30, 2026"); may be "" */
} pdf_meta;

/* What one chapter is made of: a title and the blocks [first, end) of a
 * parsed document. A whole page is a chapter (first and end NULL); so is
 * one "## " section of a longer document (first its heading, end the next
 * one's, shift 1). */
/* What a chapter is in the document's structure. */
typedef enum pdf_chapter_kind {
    PDF_CHAPTER, /* a numbered chapter (the zero value) */
    PDF_PREFACE, /* an unnumbered chapter before the first one */
    PDF_PART,    /* a part: a divider on a new page ("Part I" and its title) that opens the
                    chapters after it, up to the next part; its body, if any, introduces them */
} pdf_chapter_kind;

typedef struct pdf_chapter {
    pdf_chapter_kind kind; /* chapter, preface or part */
    const char *title;     /* chapter heading (plain text) */
    const char *url;       /* its anchor name and link target ("/guide/benchmarks/") */
    md_doc *doc;           /* the document the body is in; NULL for a title-only chapter */
    cmark_node *first;     /* the body's first block, a child of doc's root; NULL: doc's first */
    cmark_node *end;       /* the block after the body; NULL: the body runs to doc's end */
    int shift;             /* heading levels the body's headings move up: 1 for a section of
                              doc, whose "###" headings are the chapter's sections and whose own
                              "## " heading is its title (so it is not drawn again); else 0 */
    const char *dir;       /* folder that relative image paths start from */
    const char *lang;      /* its language when it is not the document's (a BCP 47 tag), or
                              NULL: its Sect gets that /Lang */
} pdf_chapter;

/* Typesets the n chapters with meta's cover and appends the finished PDF
 * file's bytes to out. Returns 0, or -1 with file:line:col errors in errs (a
 * missing font or image, an unknown table, a bad chart, a bad pdf: setting,
 * an empty document, a block taller than a page); out may then hold part of
 * a file, which the caller discards. */
int pdf_render(const pdf_settings *set, const pdf_meta *meta, const pdf_chapter *chapters, size_t n,
               buf *out, err_list *errs);

#endif
