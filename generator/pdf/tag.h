/* tag.h - the PDF's logical structure (Tagged PDF, PDF/UA-1): structure elements made during
 * layout, marked content recorded while drawing, the structure tree written at the end.
 *
 * Layout opens an element for each block it lays out (a paragraph is a P, a
 * table a Table with its rows and cells, ...) as a child of the element it
 * sits in; every drawing op carries the element its content belongs to, 0
 * for an artifact (running heads, rules, leaders, backgrounds). Drawing asks
 * for a marked-content id (MCID) each time it opens a sequence of an
 * element's content on a page, and registers each link annotation. Writing
 * then orders every element's children - its sub-elements and its content -
 * by reading order (the key given with each piece of content, the order the
 * layout produced it in), leaves out elements that drew nothing, and adds the
 * pages' /StructParents and /Tabs to the libharu document; the tree itself,
 * its root and parent tree are written straight into libharu's file as an
 * incremental update (pdf/pack.h folds it in).
 *
 * A pdf_tags belongs to one document and the one thread that typesets it. */
#ifndef IMPRINT_PDF_TAG_H
#define IMPRINT_PDF_TAG_H

#include <hpdf.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/* Standard structure types (ISO 32000-1, 14.8.4); no role map is needed. */
typedef enum tag_type {
    TAG_ARTIFACT, /* not an element: content that is not part of the text */
    TAG_DOCUMENT,
    TAG_PART,
    TAG_SECT,
    TAG_DIV,
    TAG_H1,
    TAG_H2,
    TAG_H3,
    TAG_H4,
    TAG_H5,
    TAG_H6,
    TAG_P,
    TAG_L,
    TAG_LI,
    TAG_LBL,
    TAG_LBODY,
    TAG_TABLE,
    TAG_THEAD,
    TAG_TBODY,
    TAG_TR,
    TAG_TH,
    TAG_TD,
    TAG_FIGURE,
    TAG_CAPTION,
    TAG_LINK,
    TAG_NOTE,
    TAG_REFERENCE,
    TAG_CODE,
    TAG_BLOCKQUOTE,
    TAG_TOC,
    TAG_TOCI,
    TAG_SPAN,
    TAG_COUNT
} tag_type;

/* A table header cell's scope (the TH's /Scope attribute). */
typedef enum tag_scope { SCOPE_NONE, SCOPE_COLUMN, SCOPE_ROW } tag_scope;

typedef struct pdf_tags pdf_tags;

/* An empty structure with its root element, the Document (id 1). Free with
 * pdf_tags_free (NULL is allowed there). */
pdf_tags *pdf_tags_new(void);
void pdf_tags_free(pdf_tags *t);

/* A new element of type under parent (an element id; 0 or an out-of-range id
 * means the Document). Returns its id (>= 2). t may be NULL (tagging off):
 * then 0. */
int pdf_tag_new(pdf_tags *t, int parent, tag_type type);
/* The element's type; TAG_ARTIFACT for 0 or when t is NULL. */
tag_type pdf_tag_type(const pdf_tags *t, int id);
/* The element's parent (0 for the Document or when t is NULL). */
int pdf_tag_parent(const pdf_tags *t, int id);
/* Attributes, copied: the alternative description (/Alt, a Figure's text),
 * the language of a passage (/Lang), a TH's scope. No-ops for id 0 or t NULL. */
void pdf_tag_set_alt(pdf_tags *t, int id, const char *alt);
void pdf_tag_set_lang(pdf_tags *t, int id, const char *lang);
void pdf_tag_set_scope(pdf_tags *t, int id, tag_scope scope);
/* A list's /ListNumbering attribute: "Disc", "Circle", "Decimal", ... (a
 * static string, not copied): what its items' labels are, so an unordered
 * list's bullets can be artifacts. */
void pdf_tag_set_numbering(pdf_tags *t, int id, const char *numbering);
/* Appends drawn text to the element's text (a link's annotation describes
 * itself with it: /Contents). */
void pdf_tag_add_text(pdf_tags *t, int id, const char *text);

/* Drawing: a new marked-content sequence of element id's content on page
 * (index into the pages given to pdf_tags_prepare), the key its reading-order
 * position (smaller comes first). Returns its MCID on that page. */
int pdf_tag_mark(pdf_tags *t, int id, size_t page, uint64_t key);
/* The operator that opens that sequence, "/P <</MCID 3>> BDC\n", into out
 * (size at least 64). */
void pdf_tag_bdc(const pdf_tags *t, int id, int mcid, char *out, size_t size);
/* A link annotation drawn for element id (a Link) on page, at key: gets its
 * /Contents now (the link's text, else what) and its /StructParent from
 * pdf_tags_prepare; the Link's kids get its object reference. */
void pdf_tag_annot(pdf_tags *t, int id, HPDF_Annotation annot, size_t page, uint64_t key,
                   const char *what);

/* Writing the structure tree takes two calls around libharu's save. Before
 * HPDF_SaveToStream, pdf_tags_prepare gives the pages their /StructParents
 * and /Tabs, the link annotations their /StructParent and the catalog its
 * /MarkInfo (pages are the document's pages in order), and notes the object
 * numbers libharu gave them. Returns 0, or -1 with an error at file. */
int pdf_tags_prepare(pdf_tags *t, HPDF_Doc doc, HPDF_Page *pages, size_t npages, err_list *errs,
                     const char *file);
/* Then pdf_tags_append adds the tree to the file libharu wrote (pdf) as an
 * incremental update written directly - thousands of small objects that
 * would cost libharu more to build, write and free than the rest of a long
 * document: every element that has content, its kids in reading order, the
 * structure tree root with its parent tree (and IDTree), and a new version
 * of the catalog that points at the root; a cross-reference section and a
 * trailer with /Prev (and the file's /Info and /ID). pdf/pack.h then folds
 * the update in. Returns 0 (also when t is NULL), or -1 with an error when
 * pdf does not have libharu's shape (pdf is then as it was, or has a partial
 * update the caller discards). */
int pdf_tags_append(pdf_tags *t, buf *pdf, err_list *errs, const char *file);

/* A PDF text string object for UTF-8 s: UTF-16BE with its byte-order mark
 * (as a hex string), owned by the container it is added to. */
HPDF_Binary pdf_text_string(HPDF_MMgr mmgr, const char *s);

#endif
