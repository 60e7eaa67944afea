/* style.h - reads the PDF's look from site.yaml: brand colours, fonts, page and type settings. */
#ifndef IMPRINT_PDF_STYLE_H
#define IMPRINT_PDF_STYLE_H

#include "pdf/flow.h"

/* Fills st and the font file paths (allocated from a) from s->config:
 *   brand.colors.{primary, accent, text, muted, surface, rule}  ("#rrggbb")
 *   pdf.paper (a4 | letter), pdf.margin (points), pdf.body_size, pdf.leading,
 *   pdf.justify, pdf.number_headings, pdf.chapter_new_page, pdf.balance_lines,
 *   pdf.header.{left,right}, pdf.footer.{left,right} (Mustache: title, chapter,
 *   page, pages, brand, author), pdf.fonts.{body, bold, italic, bold_italic,
 *   sans, sans_bold, mono, fallback} (TrueType paths relative to the site).
 * Wrong types and values are errors at their position in site.yaml. */
int pdf_style_load(const site *s, arena *a, pdf_style *st, const char *fonts[FACE_COUNT],
                   err_list *errs);

#endif
