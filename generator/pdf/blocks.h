/* blocks.h - lays a Markdown document out as a chapter of the PDF flow. */
#ifndef IMPRINT_PDF_BLOCKS_H
#define IMPRINT_PDF_BLOCKS_H

#include <hpdf.h>

#include "core/markdown.h"
#include "pdf/flow.h"

/* What one chapter is made of. */
typedef struct pdf_chapter {
    const char *title; /* chapter heading (plain text) */
    const char *url;   /* its anchor name and link target ("/guide/benchmarks/") */
    md_doc *doc;       /* the body; NULL for a title-only chapter */
    const char *dir;   /* folder that relative image paths start from */
} pdf_chapter;

/* Appends chapter `number` (1-based) to the flow: its heading (a new page
 * when the style asks), then every block. Images are loaded into doc
 * ("/assets/x" from SITE_DIR/assets, other "/x" from SITE_DIR/content,
 * relative paths from the chapter's dir); a
 * missing or unreadable image, an unknown table or a bad chart is an error
 * at its file:line:col. Returns 0, or -1 with errors. */
int pdf_layout_chapter(flow *f, HPDF_Doc doc, const pdf_chapter *ch, int number,
                       dtable_lookup_fn tables, void *ctx, const char *site_dir, err_list *errs);

#endif
