/* notes.h - footnotes: numbering the references, and laying the notes out at a chapter's end,
 * as body text under a rule (pdf.footnotes.place: chapter) or as lines the paginator puts at
 * the foot of the page that references them (place: page).
 *
 * A note's id (1, 2, ... through the flow) indexes f->notes; everything lives in f->a. */
#ifndef IMPRINT_PDF_NOTES_H
#define IMPRINT_PDF_NOTES_H

#include <cmark-gfm.h>

#include "core/markdown.h"
#include "pdf/flow.h"

/* Starts a chapter's notes: numbering starts again at 1 unless the style
 * numbers them through the document. Returns the id the chapter's first
 * new note will get (pass it to pdf_notes_layout). */
int pdf_notes_begin(flow *f);

/* The note that footnote reference ref points to: registered and numbered at
 * the first reference to its definition, the same note for every later one.
 * (cmark-gfm numbers a document's references by first use, gives each
 * reference that number as its literal and moves the definitions, in that
 * order, to the end of the document; a definition never referenced is
 * dropped.) Returns the note's id, or 0 when ref names no definition. */
int pdf_note_ref(flow *f, cmark_node *ref);

/* Records that the current item (a line) draws a reference to note id: with
 * place: page, the note is placed with the first such line; a reference
 * inside another note places it with that note's line. */
void pdf_note_drawn(flow *f, int id);

/* Lays out notes first, first + 1, ... (those the chapter referenced first,
 * and the notes they reference in turn) after the chapter's body: each note's
 * blocks as small text with its number beside the first line. With place:
 * chapter they are body items under a short rule; with place: page, items
 * marked with their note's id, and a note no line drew is placed with the
 * chapter's last line. doc is the chapter's document (for error positions). */
void pdf_notes_layout(flow *f, const md_doc *doc, int first);

#endif
