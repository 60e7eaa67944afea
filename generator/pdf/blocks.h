/* blocks.h - lays a chapter's Markdown blocks out into the PDF flow. */
#ifndef IMPRINT_PDF_BLOCKS_H
#define IMPRINT_PDF_BLOCKS_H

#include <hpdf.h>

#include "pdf/flow.h"
#include "pdf/image.h"
#include "pdf/pdf.h"

/* Appends chapter `number` (1-based) to the flow: its heading (a new page
 * when the style asks), then every block of its body, then the footnotes it
 * references first (pdf/notes.h: at its end, or for the paginator to place).
 * Table and chart directives find their data through set->tables. Images are
 * loaded through images, into its document: "/assets/x" from set->dir/assets,
 * other "/x" from set->dir/content, relative paths from the chapter's dir;
 * the format from the file's content (pdf/image.h), the size from the width
 * and height written after the image (core/imgattr.h). Returns 0, or -1 with
 * errors at their file:line:col (a missing, unreadable or GIF/WebP image, an
 * unknown table, a bad chart, blocks nested too deeply; an SVG librsvg cannot
 * read is a warning, its alt text shown instead); the flow then holds
 * everything that could be laid out. Strings and arrays go to f->a. */
int pdf_layout_chapter(flow *f, pdf_images *images, const pdf_chapter *ch, int number,
                       const pdf_settings *set, err_list *errs);

#endif
