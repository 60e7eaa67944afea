/* tag.c - structure elements, marked content and the structure tree (Tagged PDF).
 *
 * Elements are kept in creation order (a parent before its children); the
 * content drawn for them is a list of references (an MCID on a page, or a
 * link annotation), each with its reading-order key. Writing sorts every
 * element's children by the smallest key in each child's subtree, so an
 * element sits where its first content was laid out, and skips elements
 * that drew nothing. */
#include "pdf/tag.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_KEY UINT64_MAX

typedef struct tag_elem {
    tag_type type;
    int parent;            /* its parent's id, 0 for the Document */
    char *alt;             /* /Alt, or NULL */
    char *lang;            /* /Lang, or NULL */
    tag_scope scope;       /* a TH's /Scope */
    const char *numbering; /* an L's /ListNumbering (static), or NULL */
    buf text;              /* the text drawn in it (links only) */
    uint64_t key;          /* smallest key of its subtree's content (while writing), NO_KEY: none */
    size_t page;           /* the page of its first content (while writing) */
} tag_elem;

/* A piece of an element's content: a marked-content sequence or an annotation. */
typedef struct tag_ref {
    int elem;
    size_t page;
    int mcid;              /* -1 for an annotation */
    uint64_t key;          /* reading order */
    HPDF_Annotation annot; /* the annotation, or NULL (valid until libharu's save) */
    uint32_t annot_num;    /* its object number (set by pdf_tags_prepare) */
} tag_ref;

struct pdf_tags {
    tag_elem *e; /* e[0] unused (id 0 is "artifact"); e[1] the Document */
    size_t n, cap;
    tag_ref *refs;
    size_t nrefs, caprefs;
    int *mcids; /* the next MCID of each page */
    size_t npages;
    /* filled by pdf_tags_prepare for pdf_tags_append */
    uint32_t *pages_num;  /* each page's object number */
    size_t npages_cap;    /* how many pages the document has */
    uint32_t catalog_num; /* the catalog's */
};

static const char *const type_names[TAG_COUNT] = {
    [TAG_ARTIFACT] = "Artifact",
    [TAG_DOCUMENT] = "Document",
    [TAG_PART] = "Part",
    [TAG_SECT] = "Sect",
    [TAG_DIV] = "Div",
    [TAG_H1] = "H1",
    [TAG_H2] = "H2",
    [TAG_H3] = "H3",
    [TAG_H4] = "H4",
    [TAG_H5] = "H5",
    [TAG_H6] = "H6",
    [TAG_P] = "P",
    [TAG_L] = "L",
    [TAG_LI] = "LI",
    [TAG_LBL] = "Lbl",
    [TAG_LBODY] = "LBody",
    [TAG_TABLE] = "Table",
    [TAG_THEAD] = "THead",
    [TAG_TBODY] = "TBody",
    [TAG_TR] = "TR",
    [TAG_TH] = "TH",
    [TAG_TD] = "TD",
    [TAG_FIGURE] = "Figure",
    [TAG_CAPTION] = "Caption",
    [TAG_LINK] = "Link",
    [TAG_NOTE] = "Note",
    [TAG_REFERENCE] = "Reference",
    [TAG_CODE] = "Code",
    [TAG_BLOCKQUOTE] = "BlockQuote",
    [TAG_TOC] = "TOC",
    [TAG_TOCI] = "TOCI",
    [TAG_SPAN] = "Span",
};

pdf_tags *pdf_tags_new(void)
{
    pdf_tags *t = xcalloc(1, sizeof *t);
    t->cap = 64;
    t->e = xcalloc(t->cap, sizeof *t->e);
    t->n = 2;
    t->e[1].type = TAG_DOCUMENT;
    return t;
}

void pdf_tags_free(pdf_tags *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->e[i].alt);
        free(t->e[i].lang);
        buf_free(&t->e[i].text);
    }
    free(t->e);
    free(t->refs);
    free(t->mcids);
    free(t->pages_num);
    free(t);
}

static tag_elem *elem(const pdf_tags *t, int id)
{
    return t && id > 0 && (size_t)id < t->n ? &t->e[id] : NULL;
}

int pdf_tag_new(pdf_tags *t, int parent, tag_type type)
{
    if (!t)
        return 0;
    if (t->n == t->cap) {
        t->cap *= 2;
        t->e = xrealloc(t->e, t->cap * sizeof *t->e);
    }
    tag_elem *e = &t->e[t->n];
    memset(e, 0, sizeof *e);
    e->type = type;
    e->parent = elem(t, parent) ? parent : 1;
    return (int)t->n++;
}

tag_type pdf_tag_type(const pdf_tags *t, int id)
{
    const tag_elem *e = elem(t, id);
    return e ? e->type : TAG_ARTIFACT;
}

int pdf_tag_parent(const pdf_tags *t, int id)
{
    const tag_elem *e = elem(t, id);
    return e ? e->parent : 0;
}

static void set_str(char **dst, const char *s)
{
    free(*dst);
    *dst = s ? xstrdup(s) : NULL;
}

void pdf_tag_set_alt(pdf_tags *t, int id, const char *alt)
{
    tag_elem *e = elem(t, id);
    if (e)
        set_str(&e->alt, alt);
}

void pdf_tag_set_lang(pdf_tags *t, int id, const char *lang)
{
    tag_elem *e = elem(t, id);
    if (e)
        set_str(&e->lang, lang && lang[0] ? lang : NULL);
}

void pdf_tag_set_scope(pdf_tags *t, int id, tag_scope scope)
{
    tag_elem *e = elem(t, id);
    if (e)
        e->scope = scope;
}

void pdf_tag_set_numbering(pdf_tags *t, int id, const char *numbering)
{
    tag_elem *e = elem(t, id);
    if (e)
        e->numbering = numbering;
}

void pdf_tag_add_text(pdf_tags *t, int id, const char *text)
{
    tag_elem *e = elem(t, id);
    if (!e || !text)
        return;
    if (e->text.len && text[0])
        buf_putc(&e->text, ' ');
    buf_puts(&e->text, text);
}

static void add_ref(pdf_tags *t, tag_ref r)
{
    if (t->nrefs == t->caprefs) {
        t->caprefs = t->caprefs ? t->caprefs * 2 : 256;
        t->refs = xrealloc(t->refs, t->caprefs * sizeof *t->refs);
    }
    t->refs[t->nrefs++] = r;
}

int pdf_tag_mark(pdf_tags *t, int id, size_t page, uint64_t key)
{
    if (!elem(t, id))
        return -1;
    if (page >= t->npages) {
        size_t n = page + 16;
        t->mcids = xrealloc(t->mcids, n * sizeof *t->mcids);
        memset(t->mcids + t->npages, 0, (n - t->npages) * sizeof *t->mcids);
        t->npages = n;
    }
    int mcid = t->mcids[page]++;
    add_ref(t, (tag_ref){id, page, mcid, key, NULL, 0});
    return mcid;
}

void pdf_tag_bdc(const pdf_tags *t, int id, int mcid, char *out, size_t size)
{
    snprintf(out, size, "/%s <</MCID %d>> BDC\n", type_names[pdf_tag_type(t, id)], mcid);
}

void pdf_tag_annot(pdf_tags *t, int id, HPDF_Annotation annot, size_t page, uint64_t key,
                   const char *what)
{
    tag_elem *e = elem(t, id);
    if (!e || !annot)
        return;
    add_ref(t, (tag_ref){id, page, -1, key, annot, 0});
    const char *contents = e->text.len ? buf_cstr(&e->text) : what;
    HPDF_Dict_Add(annot, "Contents", pdf_text_string(annot->mmgr, contents ? contents : ""));
}

HPDF_Binary pdf_text_string(HPDF_MMgr mmgr, const char *s)
{
    buf b = BUF_INIT;
    buf_put(&b, "\xfe\xff", 2);
    utf16be_put(&b, s);
    HPDF_Binary bin = HPDF_Binary_New(mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
    buf_free(&b);
    return bin;
}

/* ---- writing ---- */

/* A child of an element in the written tree: an element or a content reference. */
typedef struct kid {
    int parent;
    uint64_t key;
    int is_ref; /* 0: element `idx` (sorts first on equal keys), 1: reference `idx` */
    size_t idx;
} kid;

static int kid_cmp(const void *a, const void *b)
{
    const kid *x = a, *y = b;
    if (x->parent != y->parent)
        return x->parent < y->parent ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->is_ref != y->is_ref)
        return x->is_ref - y->is_ref;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Each element's smallest content key and first page, children before parents. */
static void subtree_keys(pdf_tags *t)
{
    for (size_t i = 1; i < t->n; i++)
        t->e[i].key = NO_KEY;
    for (size_t r = 0; r < t->nrefs; r++) {
        tag_elem *e = &t->e[t->refs[r].elem];
        if (t->refs[r].key < e->key) {
            e->key = t->refs[r].key;
            e->page = t->refs[r].page;
        }
    }
    for (size_t i = t->n - 1; i >= 2; i--) {
        tag_elem *e = &t->e[i], *p = &t->e[e->parent];
        if (e->key < p->key) {
            p->key = e->key;
            p->page = e->page;
        }
    }
}

/* The object number libharu gave obj (0 when it has none). */
static uint32_t obj_num(const void *obj)
{
    return obj ? ((const HPDF_Obj_Header *)obj)->obj_id & 0x00ffffff : 0;
}

int pdf_tags_prepare(pdf_tags *t, HPDF_Doc doc, HPDF_Page *pages, size_t npages, err_list *errs,
                     const char *file)
{
    if (!t || !npages)
        return 0;
    /* parent tree keys: a page's index for its marked content, then one per annotation */
    for (size_t p = 0; p < npages; p++) {
        HPDF_Dict_AddName(pages[p], "Tabs", "S");
        if (p < t->npages && t->mcids[p])
            HPDF_Dict_AddNumber(pages[p], "StructParents", (HPDF_INT32)p);
    }
    int key = (int)npages;
    for (size_t r = 0; r < t->nrefs; r++)
        if (t->refs[r].annot) {
            HPDF_Dict_AddNumber(t->refs[r].annot, "StructParent", key++);
            t->refs[r].annot_num = obj_num(t->refs[r].annot);
        }
    HPDF_Dict mark = HPDF_Dict_New(doc->mmgr);
    HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
    HPDF_Dict_Add(doc->catalog, "MarkInfo", mark);
    t->pages_num = xcalloc(npages, sizeof *t->pages_num);
    for (size_t p = 0; p < npages; p++)
        t->pages_num[p] = obj_num(pages[p]);
    t->catalog_num = obj_num(doc->catalog);
    t->npages_cap = npages;
    if (HPDF_GetError(doc) != HPDF_OK) {
        err_add(errs, file, 0, 0,
                "libharu failed to mark the pages for the structure tree "
                "(error 0x%04X)",
                (unsigned)HPDF_GetError(doc));
        return -1;
    }
    return 0;
}

/* ---- the incremental update ---- */

/* What pdf_tags_append writes: object numbers from `first`, in order: the
 * elements kept (num[id]), then the structure tree root. */
typedef struct writer {
    pdf_tags *t;
    buf *pdf;
    uint32_t first, next; /* the first new object number, the next one */
    uint32_t *num;        /* each element's object number, 0 when left out */
    size_t *offs;         /* the file offset of object first + i */
    size_t noffs;
} writer;

static void put_hex_text(buf *out, const char *s)
{
    buf u = BUF_INIT;
    utf16be_put(&u, s);
    buf_puts(out, "<FEFF");
    buf_put_hex(out, u.data, u.len);
    buf_putc(out, '>');
    buf_free(&u);
}

static void begin_obj(writer *w, uint32_t num)
{
    w->offs[num - w->first] = w->pdf->len;
    buf_printf(w->pdf, "%u 0 obj\n", num);
}

/* An element's attributes: /A for a TH's scope or a list's numbering, /Alt,
 * /Lang, a Note's /ID. */
static void put_attrs(writer *w, const tag_elem *e, int note)
{
    if (e->scope != SCOPE_NONE)
        buf_printf(w->pdf, "/A<</O/Table/Scope/%s>>", e->scope == SCOPE_ROW ? "Row" : "Column");
    if (e->numbering)
        buf_printf(w->pdf, "/A<</O/List/ListNumbering/%s>>", e->numbering);
    if (e->alt) {
        buf_puts(w->pdf, "/Alt");
        put_hex_text(w->pdf, e->alt);
    }
    if (e->lang) {
        buf_puts(w->pdf, "/Lang");
        put_hex_text(w->pdf, e->lang);
    }
    if (note)
        buf_printf(w->pdf, "/ID(note-%06d)", note);
}

/* One kid in an element's /K array. */
static void put_kid(writer *w, const kid *c, const tag_elem *parent)
{
    const pdf_tags *t = w->t;
    if (!c->is_ref) {
        buf_putc(w->pdf, ' ');
        buf_put_int(w->pdf, w->num[c->idx]);
        buf_puts(w->pdf, " 0 R");
        return;
    }
    const tag_ref *r = &t->refs[c->idx];
    if (r->mcid < 0) {
        buf_printf(w->pdf, "<</Type/OBJR/Obj %u 0 R/Pg %u 0 R>>", r->annot_num,
                   t->pages_num[r->page]);
    } else if (r->page == parent->page) {
        buf_putc(w->pdf, ' ');
        buf_put_int(w->pdf, r->mcid);
    } else {
        buf_printf(w->pdf, "<</Type/MCR/Pg %u 0 R/MCID %d>>", t->pages_num[r->page], r->mcid);
    }
}

/* Every element kept, its kids in reading order; returns the Notes' count. */
static int put_elements(writer *w, uint32_t root)
{
    pdf_tags *t = w->t;
    size_t nk = 0;
    int notes = 0;
    kid *kids = xmalloc((t->n + t->nrefs + 1) * sizeof *kids);
    for (size_t i = 2; i < t->n; i++)
        if (w->num[i])
            kids[nk++] = (kid){t->e[i].parent, t->e[i].key, 0, i};
    for (size_t r = 0; r < t->nrefs; r++)
        if (w->num[t->refs[r].elem])
            kids[nk++] = (kid){t->refs[r].elem, t->refs[r].key, 1, r};
    qsort(kids, nk, sizeof *kids, kid_cmp);
    size_t k = 0;
    for (size_t i = 1; i < t->n; i++) {
        const tag_elem *e = &t->e[i];
        if (!w->num[i])
            continue;
        begin_obj(w, w->num[i]);
        buf_printf(w->pdf, "<</S/%s/P %u 0 R/Pg %u 0 R", type_names[e->type],
                   i == 1 ? root : w->num[e->parent], t->pages_num[e->page]);
        put_attrs(w, e, e->type == TAG_NOTE ? ++notes : 0);
        while (k < nk && kids[k].parent < (int)i)
            k++;
        buf_puts(w->pdf, "/K[");
        for (; k < nk && kids[k].parent == (int)i; k++)
            put_kid(w, &kids[k], e);
        buf_puts(w->pdf, "]>>\nendobj\n");
    }
    free(kids);
    return notes;
}

/* The structure tree root: the Document, the parent tree (each page's MCIDs'
 * elements, each annotation's element), the IDTree of the Notes. */
static void put_root(writer *w, uint32_t root, size_t npages, int notes)
{
    pdf_tags *t = w->t;
    begin_obj(w, root);
    buf_printf(w->pdf, "<</Type/StructTreeRoot/K %u 0 R/ParentTree<</Nums[", w->num[1]);
    /* MCIDs are handed out in order on each page, so a page's references in
     * the order they were made are its MCIDs 0, 1, 2, ... */
    size_t page = SIZE_MAX; /* and they are made page after page */
    for (size_t r = 0; r < t->nrefs; r++) {
        const tag_ref *ref = &t->refs[r];
        if (ref->mcid < 0 || ref->page >= npages)
            continue;
        if (ref->page != page) {
            buf_printf(w->pdf, "%s%zu[", page == SIZE_MAX ? "" : "]", ref->page);
            page = ref->page;
        }
        buf_printf(w->pdf, "%u 0 R ", w->num[ref->elem]);
    }
    if (page != SIZE_MAX)
        buf_puts(w->pdf, "]");
    int key = (int)npages;
    for (size_t r = 0; r < t->nrefs; r++)
        if (t->refs[r].mcid < 0)
            buf_printf(w->pdf, " %d %u 0 R", key++, w->num[t->refs[r].elem]);
    buf_printf(w->pdf, "]>>/ParentTreeNextKey %d", key);
    if (notes) {
        buf_puts(w->pdf, "/IDTree<</Names[");
        int n = 0;
        for (size_t i = 2; i < t->n; i++)
            if (w->num[i] && t->e[i].type == TAG_NOTE)
                buf_printf(w->pdf, "(note-%06d)%u 0 R ", ++n, w->num[i]);
        buf_puts(w->pdf, "]>>");
    }
    buf_puts(w->pdf, ">>\nendobj\n");
}

/* Where the last occurrence of key in the len bytes of s starts, or len. */
static size_t last_of(const char *s, size_t len, const char *key)
{
    size_t k = strlen(key);
    for (size_t i = len >= k ? len - k + 1 : 0; i-- > 0;)
        if (memcmp(s + i, key, k) == 0)
            return i;
    return len;
}

/* The number after the last occurrence of key in the len bytes of s, or -1. */
static long last_number(const char *s, size_t len, const char *key)
{
    size_t at = last_of(s, len, key);
    if (at == len)
        return -1;
    buf num = BUF_INIT;
    size_t end = at + strlen(key);
    while (end < len && end - at < 48 && s[end] != '/' && s[end] != '>')
        end++;
    buf_put(&num, s + at + strlen(key), end - at - strlen(key));
    long v = strtol(buf_cstr(&num), NULL, 10);
    buf_free(&num);
    return v;
}

/* The bytes of libharu's object num ("N 0 obj" to "endobj", exclusive) as
 * [*from, *to); false when it is not found. */
static bool find_object(const buf *pdf, uint32_t num, size_t *from, size_t *to)
{
    char head[32];
    int n = snprintf(head, sizeof head, "\n%u 0 obj", num);
    for (size_t i = 0; i + (size_t)n < pdf->len; i++) {
        if (memcmp(pdf->data + i, head, (size_t)n) != 0)
            continue;
        *from = i + (size_t)n;
        for (size_t j = *from; j + 6 <= pdf->len; j++)
            if (memcmp(pdf->data + j, "endobj", 6) == 0) {
                *to = j;
                return true;
            }
        return false;
    }
    return false;
}

/* The trailer's /ID array ("[<...><...>]") of libharu's file, or "" when none. */
static void trailer_id(const buf *pdf, size_t trailer, buf *out)
{
    for (size_t i = trailer; i + 3 < pdf->len; i++)
        if (memcmp(pdf->data + i, "/ID", 3) == 0) {
            size_t j = i + 3;
            while (j < pdf->len && pdf->data[j] != ']')
                j++;
            buf_put(out, pdf->data + i, j + 1 - i);
            return;
        }
}

int pdf_tags_append(pdf_tags *t, buf *pdf, err_list *errs, const char *file)
{
    int rc = -1;
    writer w = {0};
    buf id = BUF_INIT;
    if (!t || !t->pages_num)
        return 0;
    size_t trailer = last_of(pdf->data, pdf->len, "trailer");
    trailer = trailer == pdf->len ? 0 : trailer;
    long size = last_number(pdf->data, pdf->len, "/Size "),
         prev = last_number(pdf->data, pdf->len, "startxref"),
         info = last_number(pdf->data, pdf->len, "/Info ");
    size_t cat_from, cat_to;
    if (!trailer || size <= 0 || prev <= 0 ||
        !find_object(pdf, t->catalog_num, &cat_from, &cat_to)) {
        err_add(errs, file, 0, 0,
                "the PDF libharu wrote has an unexpected shape (no trailer "
                "or catalog): the structure tree cannot be added");
        goto out;
    }
    trailer_id(pdf, trailer, &id);
    subtree_keys(t);
    w.t = t;
    w.pdf = pdf;
    w.first = w.next = (uint32_t)size;
    w.num = xcalloc(t->n, sizeof *w.num);
    for (size_t i = 1; i < t->n; i++)
        if (i == 1 || t->e[i].key != NO_KEY)
            w.num[i] = w.next++;
    uint32_t root = w.next++;
    w.noffs = w.next - w.first;
    w.offs = xcalloc(w.noffs, sizeof *w.offs);
    buf_putc(pdf, '\n');
    int notes = put_elements(&w, root);
    put_root(&w, root, t->npages_cap, notes);
    /* the catalog again, now pointing at the tree */
    size_t cat_at = pdf->len;
    buf catalog = BUF_INIT;
    buf_put(&catalog, pdf->data + cat_from, cat_to - cat_from);
    const char *open = strstr(buf_cstr(&catalog), "<<");
    buf_printf(pdf, "%u 0 obj\n<</StructTreeRoot %u 0 R", t->catalog_num, root);
    buf_puts(pdf, open ? open + 2 : ">>\n");
    buf_puts(pdf, "endobj\n");
    buf_free(&catalog);
    size_t xref = pdf->len;
    buf_printf(pdf, "xref\n%u 1\n%010zu 00000 n\r\n%u %zu\n", t->catalog_num, cat_at, w.first,
               w.noffs);
    for (size_t i = 0; i < w.noffs; i++)
        buf_printf(pdf, "%010zu 00000 n\r\n", w.offs[i]);
    buf_printf(pdf, "trailer\n<</Size %u/Root %u 0 R", w.next, t->catalog_num);
    if (info > 0)
        buf_printf(pdf, "/Info %ld 0 R", info);
    buf_printf(pdf, "%s/Prev %ld>>\nstartxref\n%zu\n%%%%EOF\n", buf_cstr(&id), prev, xref);
    rc = 0;
out:
    free(w.num);
    free(w.offs);
    buf_free(&id);
    return rc;
}
