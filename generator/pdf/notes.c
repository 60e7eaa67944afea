/* notes.c - footnotes: from a reference to its note and number, and the notes' layout.
 *
 * A reference's literal is cmark-gfm's number for it, which is also the
 * position of its definition among the document's trailing definitions: the
 * first reference finds the definition there and registers a note with the
 * next number of the chapter's (or the document's) numbering; later
 * references to the same definition show the same number. With notes at the
 * page's foot, the line that draws a note's first reference carries it (the
 * item's `ref` chain) and the paginator places the note's items with it. */
#include "pdf/notes.h"
#include "pdf/inline.h"

#include <stdlib.h>
#include <string.h>

int pdf_notes_begin(flow *f)
{
    if (!f->st->notes_continuous)
        f->note_number = 0;
    return (int)f->nnotes + 1;
}

/* Lists the footnote definitions of the document whose root is root, in
 * cmark's numbering order, with the notes already registered for them. */
static void index_defs(flow *f, cmark_node *root)
{
    size_t n = 0;
    for (cmark_node *c = cmark_node_first_child(root); c; c = cmark_node_next(c))
        n += cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION;
    f->note_doc = root;
    f->nnote_defs = n;
    f->note_defs = arena_alloc(f->a, (n + 1) * sizeof *f->note_defs);
    f->note_ids = arena_alloc(f->a, (n + 1) * sizeof *f->note_ids);
    n = 0;
    for (cmark_node *c = cmark_node_first_child(root); c; c = cmark_node_next(c))
        if (cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_DEFINITION)
            f->note_defs[n++] = c;
    /* a document met again (its chapters were not consecutive): its notes stay */
    for (size_t i = 0; i < f->nnotes; i++)
        for (size_t k = 0; k < n; k++)
            if (f->notes[i].def == f->note_defs[k])
                f->note_ids[k] = (int)i + 1;
}

/* Registers a note for definition def; returns its id. */
static int new_note(flow *f, const void *def)
{
    if (f->nnotes == f->capnotes) {
        size_t cap = f->capnotes ? f->capnotes * 2 : 16;
        f->notes =
            arena_realloc(f->a, f->notes, f->capnotes * sizeof *f->notes, cap * sizeof *f->notes);
        f->capnotes = cap;
    }
    int id = (int)++f->nnotes;
    flow_note *n = &f->notes[id - 1];
    n->def = def;
    n->label = arena_printf(f->a, "%d", ++f->note_number);
    n->anchor = arena_printf(f->a, "imprint-note-%d", id);
    n->item = -1;
    n->next = 0;
    n->first = n->end = 0;
    return id;
}

int pdf_note_ref(flow *f, cmark_node *ref)
{
    const char *lit = cmark_node_get_literal(ref);
    char *end = NULL;
    long ix = lit ? strtol(lit, &end, 10) : 0;
    if (!lit || *end || ix < 1)
        return 0;
    cmark_node *root = ref;
    while (cmark_node_parent(root))
        root = cmark_node_parent(root);
    if (f->note_doc != root)
        index_defs(f, root);
    if ((size_t)ix > f->nnote_defs)
        return 0;
    if (!f->note_ids[ix - 1])
        f->note_ids[ix - 1] = new_note(f, f->note_defs[ix - 1]);
    return f->note_ids[ix - 1];
}

/* Places note id with body item `item`, after the notes placed there before. */
static void attach(flow *f, int id, long item)
{
    f->notes[id - 1].item = item;
    int *link = &f->items[item].ref;
    while (*link)
        link = &f->notes[*link - 1].next;
    *link = id;
}

void pdf_note_drawn(flow *f, int id)
{
    if (!f->st->notes_at_foot || id < 1 || (size_t)id > f->nnotes || !f->nitems ||
        f->notes[id - 1].item >= 0)
        return;
    long at = (long)f->nitems - 1;
    if (f->note_open) /* a reference inside a note: placed with that note's line */
        at = f->notes[f->note_open - 1].item;
    if (at >= 0)
        attach(f, id, at);
}

/* Lays out note id: its blocks as small text, its number beside the first
 * line (the text further in when a long number needs it). */
static void lay_note(flow *f, const md_doc *doc, int id, const inline_style *st)
{
    cmark_node *def = (cmark_node *)f->notes[id - 1].def;
    const char *label = f->notes[id - 1].label;
    double indent = pdf_text_width(f->fonts, FACE_BOLD, st->size, label, strlen(label)) + 5;
    indent = indent < 14 ? 14 : indent;
    if (doc) {
        f->src_file = md_file(doc);
        f->src_line = md_node_line(doc, def);
    }
    int outer = flow_tag_open(f, TAG_NOTE);
    f->marker = label;
    f->marker_tag = f->tags ? pdf_tag_new(f->tags, f->tag, TAG_LBL) : 0;
    f->marker_x = 0;
    f->marker_y = para_baseline(f, FACE_BODY, st->size, st->leading);
    f->marker_face = FACE_BOLD;
    f->marker_size = st->size;
    f->marker_color = f->st->primary;
    f->marker_box = 0;
    f->pending_anchor = f->notes[id - 1].anchor;
    f->note_open = id;
    size_t first = f->nitems;
    for (cmark_node *b = cmark_node_first_child(def); b; b = cmark_node_next(b)) {
        para p = {0};
        int block = flow_tag_open(f, TAG_P);
        para_add_inlines(f, &p, b, st, f->base_url);
        para_flow(f, &p, indent, f->width - indent, st, ALIGN_RAGGED, 2);
        flow_tag_close(f, block);
    }
    if (f->nitems == first) /* an empty note: its number alone */
        flow_begin(f, st->leading, 2, false);
    f->marker = NULL;
    f->pending_anchor = NULL;
    f->note_open = 0;
    flow_tag_close(f, outer);
    f->notes[id - 1].first = first;
    f->notes[id - 1].end = f->nitems;
    if (f->st->notes_at_foot)
        for (size_t i = first; i < f->nitems; i++)
            f->items[i].note = id;
}

void pdf_notes_layout(flow *f, const md_doc *doc, int first)
{
    if (first < 1 || (size_t)first > f->nnotes)
        return;
    long body_last = (long)f->nitems - 1; /* the chapter's last line (its title at least) */
    if (!f->st->notes_at_foot) {
        flow_begin(f, 10, 14, true);
        flow_line(f, 0, 5, 80, 0, 0.6, f->st->rule);
    }
    double size = f->st->small_size;
    inline_style st = {FACE_BODY, FACE_BOLD,  FACE_ITALIC, FACE_BOLD_ITALIC,
                       size,      size * 1.4, f->st->text, f->st->primary};
    /* f->nnotes grows while notes that reference other notes are laid out */
    for (int id = first; (size_t)id <= f->nnotes; id++) {
        if (f->st->notes_at_foot && f->notes[id - 1].item < 0 && body_last >= 0)
            attach(f, id, body_last);
        lay_note(f, doc, id, &st);
    }
}
