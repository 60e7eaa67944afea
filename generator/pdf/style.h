/* style.h - reads the PDF's look from the settings: brand colours, fonts, page and type settings.
 */
#ifndef IMPRINT_PDF_STYLE_H
#define IMPRINT_PDF_STYLE_H

#include "pdf/flow.h"
#include "pdf/pdf.h"

/* Fills st from set->palette and these keys of set->config, over defaults
 * that suit a whitepaper:
 *   pdf.paper (a4 | letter), pdf.margin (points), pdf.body_size, pdf.leading,
 *   pdf.justify, pdf.number_headings, pdf.chapter_new_page, pdf.balance_lines,
 *   pdf.tagged (a tagged PDF/UA-1 and PDF/A-2a file; false: PDF/A-2u), pdf.strict
 *   (what PDF/UA needs from the author, such as alt text, is an error, not a warning),
 *   pdf.footnotes.place (page | chapter), pdf.footnotes.numbering (chapter | document),
 *   pdf.header.{left,right}, pdf.footer.{left,right} (Mustache: title, chapter,
 *   page, pages, brand, author, i18n; footer.right is NULL when not set: the
 *   language's page_x_of_y, "Page 3 of 40"), pdf.fonts.{body, bold, italic, bold_italic,
 *   sans, sans_bold, mono, fallback} (TrueType paths, relative to set->dir).
 * Sets fonts[] to the font files' paths, allocated from a; st's templates
 * point into set->config. Returns 0, or -1 with an error at the position of
 * each wrong type or value (st then holds the defaults for those). */
int pdf_style_load(const pdf_settings *set, arena *a, pdf_style *st, const char *fonts[FACE_COUNT],
                   err_list *errs);

#endif
