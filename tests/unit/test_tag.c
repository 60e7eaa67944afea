/* test_tag.c - the structure tree (pdf/tag.h): elements made in one order and drawn in
 * another, written into a two-page libharu document saved uncompressed, then read back
 * from the file's objects with a small PDF object parser: the kids' reading order, MCIDs
 * and marked-content references, elements that drew nothing left out, the parent tree,
 * link annotations, a note's ID, a table header's scope, the catalog's /MarkInfo; and
 * poppler's pdfinfo -struct-text on the same file when it is installed. */
#include "pdf/tag.h"
#include "test.h"
#include "test_hpdf.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xalloc.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- a small reader of uncompressed PDF objects (ISO 32000-1, 7.3) ---- */

typedef enum vkind { V_NONE, V_NUM, V_BOOL, V_NULL, V_NAME, V_STR, V_REF, V_ARR, V_DICT } vkind;

/* A parsed value. */
typedef struct val {
    vkind k;
    double num;        /* V_NUM; V_BOOL: 1 or 0 */
    int ref;           /* V_REF: the object number */
    buf text;          /* V_NAME: without the slash; V_STR: the string's bytes, decoded */
    struct val *items; /* V_ARR: the elements; V_DICT: key, value, key, value, ... */
    size_t n;
} val;

/* The saved file and its objects, each parsed on first use. */
typedef struct reader {
    const char *d;
    size_t len;
    val objs[256];
    bool loaded[256];
} reader;

static void val_free(val *v)
{
    for (size_t i = 0; i < v->n; i++)
        val_free(&v->items[i]);
    free(v->items);
    buf_free(&v->text);
    memset(v, 0, sizeof *v);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_delim(char c)
{
    return is_space(c) || strchr("()<>[]{}/%", c) != NULL;
}

static void skip_space(const char **p, const char *end)
{
    while (*p < end && (is_space(**p) || **p == '%')) {
        if (**p == '%')
            while (*p < end && **p != '\n')
                (*p)++;
        else
            (*p)++;
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static void push(val *v, const val *item)
{
    v->items = xrealloc(v->items, (v->n + 1) * sizeof *v->items);
    v->items[v->n++] = *item;
}

/* Parses the value at *p (advanced past it). Returns false on what it does not know. */
static bool parse_val(const char **p, const char *end, val *v, int depth)
{
    memset(v, 0, sizeof *v);
    skip_space(p, end);
    if (*p >= end || depth > 32)
        return false;
    const char *s = *p;
    if (*s == '/') {
        v->k = V_NAME;
        for (s++; s < end && !is_delim(*s); s++)
            buf_putc(&v->text, *s);
    } else if (*s == '(') {
        int nest = 1;
        v->k = V_STR;
        for (s++; s < end && nest; s++) {
            if (*s == '\\' && s + 1 < end)
                buf_putc(&v->text, *++s);
            else if (*s == ')' && nest == 1)
                nest = 0;
            else {
                nest += *s == '(' ? 1 : *s == ')' ? -1 : 0;
                buf_putc(&v->text, *s);
            }
        }
    } else if (s + 1 < end && s[0] == '<' && s[1] == '<') {
        v->k = V_DICT;
        for (s += 2;;) {
            skip_space(&s, end);
            if (s + 1 < end && s[0] == '>' && s[1] == '>') {
                s += 2;
                break;
            }
            val key, value;
            bool ok = parse_val(&s, end, &key, depth + 1) && key.k == V_NAME;
            push(v, &key);
            if (!ok)
                return false;
            ok = parse_val(&s, end, &value, depth + 1);
            push(v, &value); /* freed with v, parsed or not */
            if (!ok)
                return false;
        }
    } else if (*s == '<') {
        v->k = V_STR;
        int hi = -1;
        for (s++; s < end && *s != '>'; s++) {
            int h = hexval(*s);
            if (h < 0)
                continue;
            if (hi < 0)
                hi = h;
            else {
                buf_putc(&v->text, (char)(hi << 4 | h));
                hi = -1;
            }
        }
        s++;
    } else if (*s == '[') {
        v->k = V_ARR;
        for (s++;;) {
            skip_space(&s, end);
            if (s < end && *s == ']') {
                s++;
                break;
            }
            val item;
            bool ok = parse_val(&s, end, &item, depth + 1);
            push(v, &item);
            if (!ok)
                return false;
        }
    } else if ((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == '.') {
        char *e;
        v->k = V_NUM;
        v->num = strtod(s, &e);
        s = e;
        /* "N G R": a reference */
        const char *q = s;
        skip_space(&q, end);
        if (q < end && *q >= '0' && *q <= '9') {
            strtol(q, &e, 10);
            q = e;
            skip_space(&q, end);
            if (q < end && *q == 'R' && (q + 1 == end || is_delim(q[1]))) {
                v->k = V_REF;
                v->ref = (int)v->num;
                s = q + 1;
            }
        }
    } else if (end - s >= 4 && memcmp(s, "true", 4) == 0) {
        v->k = V_BOOL;
        v->num = 1;
        s += 4;
    } else if (end - s >= 5 && memcmp(s, "false", 5) == 0) {
        v->k = V_BOOL;
        s += 5;
    } else if (end - s >= 4 && memcmp(s, "null", 4) == 0) {
        v->k = V_NULL;
        s += 4;
    } else {
        return false;
    }
    *p = s;
    return true;
}

/* Object num of the file (its last version: an incremental update's), or NULL. */
static val *object(reader *r, int num)
{
    if (num <= 0 || num >= 256)
        return NULL;
    if (!r->loaded[num]) {
        char head[32];
        int n = snprintf(head, sizeof head, "\n%d 0 obj", num);
        r->loaded[num] = true;
        const char *last = NULL;
        for (const char *s = r->d; s && s + n <= r->d + r->len; s++) {
            s = memchr(s, '\n', (size_t)(r->d + r->len - s));
            if (!s)
                break;
            if ((size_t)(r->d + r->len - s) >= (size_t)n && memcmp(s, head, (size_t)n) == 0)
                last = s;
        }
        const char *p = last ? last + n : NULL;
        if (p && !parse_val(&p, r->d + r->len, &r->objs[num], 0))
            val_free(&r->objs[num]);
    }
    return r->objs[num].k ? &r->objs[num] : NULL;
}

/* v itself, or the object it refers to. */
static val *deref(reader *r, val *v)
{
    return v && v->k == V_REF ? object(r, v->ref) : v;
}

/* The value of key in dictionary d (references followed), or NULL. */
static val *get(reader *r, val *d, const char *key)
{
    d = deref(r, d);
    if (!d || d->k != V_DICT)
        return NULL;
    for (size_t i = 0; i + 1 < d->n; i += 2)
        if (strcmp(buf_cstr(&d->items[i].text), key) == 0)
            return deref(r, &d->items[i + 1]);
    return NULL;
}

/* The reference under key in d (not followed): its object number, or 0. */
static int get_ref(reader *r, val *d, const char *key)
{
    d = deref(r, d);
    if (!d || d->k != V_DICT)
        return 0;
    for (size_t i = 0; i + 1 < d->n; i += 2)
        if (strcmp(buf_cstr(&d->items[i].text), key) == 0)
            return d->items[i + 1].k == V_REF ? d->items[i + 1].ref : 0;
    return 0;
}

static bool is_name(reader *r, val *d, const char *key, const char *name)
{
    val *v = get(r, d, key);
    return v && v->k == V_NAME && strcmp(buf_cstr(&v->text), name) == 0;
}

static bool is_num(reader *r, val *d, const char *key, double n)
{
    val *v = get(r, d, key);
    return v && v->k == V_NUM && v->num == n;
}

/* Whether v is a reference to object num. */
static bool refers(const val *v, int num)
{
    return v && v->k == V_REF && v->ref == num;
}

/* The bytes of the UTF-16BE text string s for ASCII a (with its byte-order mark). */
static bool is_text(const val *s, const char *a)
{
    size_t n = strlen(a);
    if (!s || s->k != V_STR || s->text.len != 2 + 2 * n || (unsigned char)s->text.data[0] != 0xfe ||
        (unsigned char)s->text.data[1] != 0xff)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s->text.data[2 + 2 * i] != 0 || s->text.data[3 + 2 * i] != a[i])
            return false;
    return true;
}

static int obj_num(const void *o)
{
    return (int)(((const HPDF_Obj_Header *)o)->obj_id & 0x00ffffff);
}

static bool contains(const buf *b, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; b->data && i + m <= b->len; i++)
        if (memcmp(b->data + i, needle, m) == 0)
            return true;
    return false;
}

/* ---- the document ---- */

/* Draws text on page (index pi) as a marked-content sequence of element id at key;
 * returns its MCID. */
static int draw(pdf_tags *t, HPDF_Page page, size_t pi, int id, uint64_t key, const char *text,
                double y)
{
    char op[96];
    HPDF_Stream s = ((HPDF_PageAttr)page->attr)->stream;
    int mcid = pdf_tag_mark(t, id, pi, key);
    pdf_tag_bdc(t, id, mcid, op, sizeof op);
    HPDF_Stream_WriteStr(s, op);
    HPDF_Page_BeginText(page);
    HPDF_Page_TextOut(page, 50, (HPDF_REAL)y, text);
    HPDF_Page_EndText(page);
    HPDF_Stream_WriteStr(s, "EMC\n");
    return mcid;
}

/* The whole file libharu saved for doc. */
static void save(HPDF_Doc doc, buf *out)
{
    OK(hpdf_save(doc, out) == HPDF_OK, "libharu saves the document");
}

/* NULL structures and id 0: nothing happens, nothing crashes. */
static void test_null(void)
{
    INT_EQ(pdf_tag_new(NULL, 0, TAG_P), 0, "no structure: element 0");
    INT_EQ(pdf_tag_type(NULL, 2), TAG_ARTIFACT, "no structure: an artifact");
    INT_EQ(pdf_tag_parent(NULL, 2), 0, "no structure: no parent");
    INT_EQ(pdf_tag_mark(NULL, 2, 0, 1), -1, "no structure: no MCID");
    pdf_tag_set_alt(NULL, 2, "alt");
    pdf_tag_set_lang(NULL, 2, "de");
    pdf_tag_set_scope(NULL, 2, SCOPE_ROW);
    pdf_tag_add_text(NULL, 2, "text");
    pdf_tag_annot(NULL, 2, NULL, 0, 1, "what");
    err_list e = ERR_LIST_INIT;
    INT_EQ(pdf_tags_prepare(NULL, NULL, NULL, 0, &e, "x"), 0, "no structure: nothing prepared");
    INT_EQ(pdf_tags_append(NULL, NULL, &e, "x"), 0, "no structure: nothing written");
    pdf_tags_free(NULL);

    pdf_tags *t = pdf_tags_new();
    pdf_tag_set_alt(t, 0, "alt");
    pdf_tag_set_lang(t, 0, "de");
    pdf_tag_set_scope(t, 0, SCOPE_COLUMN);
    pdf_tag_add_text(t, 0, "text");
    pdf_tag_set_alt(t, 99, "alt");
    int p = pdf_tag_new(t, 0, TAG_P);
    OK(p >= 2, "the first element's id is 2 or more");
    pdf_tag_set_alt(t, p, NULL);
    pdf_tag_set_lang(t, p, NULL);
    pdf_tag_set_lang(t, p, "");
    pdf_tag_add_text(t, p, NULL);
    INT_EQ(pdf_tag_mark(t, 0, 0, 1), -1, "an artifact gets no MCID");
    INT_EQ(pdf_tag_mark(t, 99, 0, 1), -1, "an unknown element gets no MCID");
    INT_EQ(pdf_tag_type(t, 0), TAG_ARTIFACT, "id 0 is an artifact");
    INT_EQ(pdf_tag_type(t, 1), TAG_DOCUMENT, "id 1 is the Document");
    INT_EQ(pdf_tag_type(t, p), TAG_P, "the element's type");
    INT_EQ(pdf_tag_parent(t, p), 1, "parent 0 is the Document");
    INT_EQ(pdf_tag_parent(t, pdf_tag_new(t, 1000, TAG_P)), 1, "an unknown parent is the Document");
    INT_EQ(pdf_tag_parent(t, pdf_tag_new(t, p, TAG_SPAN)), p, "a child's parent");
    char op[64];
    pdf_tag_bdc(t, p, 3, op, sizeof op);
    STR_EQ(op, "/P <</MCID 3>> BDC\n", "the operator that opens a sequence");
    pdf_tags_free(t);
    err_list_free(&e);
}

/* pdfinfo -struct-text on the written file: the elements in reading order with their text. */
static void check_pdfinfo(const buf *pdf)
{
    if (system("pdfinfo -v >/dev/null 2>&1") != 0) {
        printf("test_tag: pdfinfo not installed, its check skipped\n");
        return;
    }
    char path[] = "/tmp/imprint-test-tag-XXXXXX";
    int fd = mkstemp(path);
    OK(fd >= 0, "a temporary file");
    if (fd < 0)
        return;
    OK(write(fd, pdf->data, pdf->len) == (ssize_t)pdf->len, "the PDF is written");
    close(fd);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "pdfinfo -struct-text '%s' 2>&1", path);
    buf out = BUF_INIT;
    FILE *f = popen(cmd, "r");
    char chunk[1024];
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(&out, chunk, n);
    int rc = f ? pclose(f) : -1;
    INT_EQ(rc, 0, "pdfinfo reads the structure");
    /* the order of the elements' first lines, as poppler walks the tree */
    const char *want[] = {"Document",     "Sect", "H1",           "\"Heading\"",  "P",
                          "\"Para one\"", "Link", "\"the link\"", "\"Para two\"", "Note",
                          "\"A note\"",   "Link", "Table",        "TR",           "TH",
                          "\"Header\"",   "Div",  "\"Last\""};
    const char *at = buf_cstr(&out);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const char *next = strstr(at, want[i]);
        char msg[96];
        snprintf(msg, sizeof msg, "pdfinfo shows %s in reading order", want[i]);
        OK(next != NULL, msg);
        if (!next) {
            fprintf(stderr, "pdfinfo -struct-text:\n%s\n", buf_cstr(&out));
            break;
        }
        at = next + strlen(want[i]);
    }
    OK(!strstr(buf_cstr(&out), "Figure") && !strstr(buf_cstr(&out), "Caption"),
       "pdfinfo: no element that drew nothing");
    OK(strstr(buf_cstr(&out), "/Scope /Column") != NULL, "pdfinfo shows the header's scope");
    buf_free(&out);
    unlink(path);
}

static void test_tree(void)
{
    HPDF_Doc doc = HPDF_New(NULL, NULL);
    HPDF_SetCompressionMode(doc, HPDF_COMP_NONE);
    HPDF_Font font = HPDF_GetFont(doc, "Helvetica", NULL);
    HPDF_Page pages[2];
    for (int i = 0; i < 2; i++) {
        pages[i] = HPDF_AddPage(doc);
        HPDF_Page_SetFontAndSize(pages[i], font, 12);
    }
    pdf_tags *t = pdf_tags_new();
    /* made in the layout's order... */
    int div = pdf_tag_new(t, 0, TAG_DIV); /* made first, read last */
    int sect = pdf_tag_new(t, 0, TAG_SECT);
    int p = pdf_tag_new(t, sect, TAG_P);
    int h1 = pdf_tag_new(t, sect, TAG_H1); /* made after the P, read before it */
    int link = pdf_tag_new(t, p, TAG_LINK);
    int note = pdf_tag_new(t, sect, TAG_NOTE);
    int link2 = pdf_tag_new(t, note, TAG_LINK); /* only an annotation */
    int table = pdf_tag_new(t, sect, TAG_TABLE);
    int tr = pdf_tag_new(t, table, TAG_TR);
    int th = pdf_tag_new(t, tr, TAG_TH);
    int fig = pdf_tag_new(t, sect, TAG_FIGURE); /* draws nothing, nor does its caption */
    int cap = pdf_tag_new(t, fig, TAG_CAPTION);
    INT_EQ(pdf_tag_parent(t, cap), fig, "the caption's parent");
    pdf_tag_set_scope(t, th, SCOPE_COLUMN);
    pdf_tag_set_lang(t, p, "de");
    pdf_tag_set_alt(t, div, "Alternative");
    pdf_tag_set_alt(t, fig, "never written");
    pdf_tag_add_text(t, link, "the");
    pdf_tag_add_text(t, link, "link");
    /* ...drawn in another: page 1 */
    INT_EQ(draw(t, pages[0], 0, p, 20, "Para one", 700), 0, "the P's first sequence: MCID 0");
    INT_EQ(draw(t, pages[0], 0, h1, 10, "Heading", 750), 1, "the H1: MCID 1");
    INT_EQ(draw(t, pages[0], 0, link, 25, "the link", 650), 2, "the link's text: MCID 2");
    HPDF_Rect r = {50, 640, 200, 660};
    HPDF_Annotation an = HPDF_Page_CreateURILinkAnnot(pages[0], r, "https://example.org/");
    pdf_tag_annot(t, link, an, 0, 26, "Open https://example.org/");
    /* page 2 */
    INT_EQ(draw(t, pages[1], 1, div, 90, "Last", 500), 0, "page 2 counts from MCID 0");
    INT_EQ(draw(t, pages[1], 1, p, 30, "Para two", 750), 1, "the P's second sequence");
    INT_EQ(draw(t, pages[1], 1, note, 40, "A note", 700), 2, "the note");
    HPDF_Rect r2 = {50, 690, 200, 710};
    HPDF_Annotation an2 = HPDF_Page_CreateURILinkAnnot(pages[1], r2, "https://example.org/2");
    pdf_tag_annot(t, link2, an2, 1, 41, "Open https://example.org/2");
    INT_EQ(draw(t, pages[1], 1, th, 50, "Header", 600), 3, "the header cell");

    err_list e = ERR_LIST_INIT;
    INT_EQ(pdf_tags_prepare(t, doc, pages, 2, &e, "site.yaml"), 0, "the pages are prepared");
    buf pdf = BUF_INIT;
    save(doc, &pdf);
    INT_EQ(pdf_tags_append(t, &pdf, &e, "site.yaml"), 0, "the tree is appended");
    INT_EQ(e.len, 0, "without errors");
    int npage[2] = {obj_num(pages[0]), obj_num(pages[1])}, nan = obj_num(an), nan2 = obj_num(an2);
    int ncat = obj_num(doc->catalog);
    HPDF_Free(doc);
    pdf_tags_free(t);

    reader rd = {.d = pdf.data, .len = pdf.len};
    reader *R = &rd;
    val *cat = object(R, ncat);
    OK(cat != NULL, "the catalog is read back");
    val *mark = get(R, cat, "MarkInfo");
    OK(mark && get(R, mark, "Marked") && get(R, mark, "Marked")->k == V_BOOL &&
           get(R, mark, "Marked")->num == 1,
       "the catalog has /MarkInfo << /Marked true >>");
    val *root = get(R, cat, "StructTreeRoot");
    OK(is_name(R, root, "Type", "StructTreeRoot"), "the catalog has its /StructTreeRoot");
    int ndoc = get_ref(R, root, "K");
    val *docu = object(R, ndoc);
    OK(is_name(R, docu, "S", "Document"), "the root's kid is the Document");

    /* the Document: the Sect (read first) before the Div (made first) */
    val *k = get(R, docu, "K");
    OK(k && k->k == V_ARR && k->n == 2, "the Document has two kids");
    if (!k || k->k != V_ARR || k->n != 2)
        goto out;
    int nsect = k->items[0].ref, ndiv = k->items[1].ref;
    OK(is_name(R, object(R, nsect), "S", "Sect"), "the Document's first kid is the Sect");
    OK(is_name(R, object(R, ndiv), "S", "Div"), "the Document's last kid is the Div");
    OK(get_ref(R, object(R, nsect), "P") == ndoc, "the Sect's parent is the Document");
    OK(is_text(get(R, object(R, ndiv), "Alt"), "Alternative"), "the Div's /Alt");
    OK(get_ref(R, object(R, ndiv), "Pg") == npage[1], "the Div is on page 2");
    val *dk = get(R, object(R, ndiv), "K");
    OK(dk && dk->k == V_ARR && dk->n == 1 && dk->items[0].k == V_NUM && dk->items[0].num == 0,
       "the Div's kids: [0]");

    /* the Sect: H1, P, Note, Table by their keys; the Figure left out */
    k = get(R, object(R, nsect), "K");
    OK(k && k->k == V_ARR && k->n == 4, "the Sect has four kids (not the Figure)");
    if (!k || k->k != V_ARR || k->n != 4)
        goto out;
    int nh1 = k->items[0].ref, np = k->items[1].ref, nnote = k->items[2].ref,
        ntable = k->items[3].ref;
    OK(is_name(R, object(R, nh1), "S", "H1"), "the H1 first (made after the P, read before)");
    OK(is_name(R, object(R, np), "S", "P"), "then the P");
    OK(is_name(R, object(R, nnote), "S", "Note"), "then the Note");
    OK(is_name(R, object(R, ntable), "S", "Table"), "then the Table");
    OK(get_ref(R, object(R, nsect), "Pg") == npage[0], "the Sect starts on page 1");
    OK(!contains(&pdf, "/S /Figure") && !contains(&pdf, "/S /Caption"),
       "elements that drew nothing are left out");
    OK(!contains(&pdf, "never written"), "and so are their attributes");

    val *hk = get(R, object(R, nh1), "K");
    OK(hk && hk->k == V_ARR && hk->n == 1 && hk->items[0].k == V_NUM && hk->items[0].num == 1,
       "the H1's kids: [1]");

    /* the P: MCID 0, the Link, then its sequence on page 2 as a marked-content reference */
    val *pd = object(R, np);
    OK(get_ref(R, pd, "Pg") == npage[0], "the P's /Pg is the page of its first content");
    OK(get_ref(R, pd, "P") == nsect, "the P's parent is the Sect");
    OK(is_text(get(R, pd, "Lang"), "de"), "the P's /Lang");
    k = get(R, pd, "K");
    OK(k && k->k == V_ARR && k->n == 3, "the P has three kids");
    if (!k || k->k != V_ARR || k->n != 3)
        goto out;
    OK(k->items[0].k == V_NUM && k->items[0].num == 0, "the P's first kid: MCID 0");
    int nlink = k->items[1].ref;
    OK(k->items[1].k == V_REF && is_name(R, object(R, nlink), "S", "Link"),
       "the P's second kid: the Link");
    val *mcr = &k->items[2];
    OK(mcr->k == V_DICT && is_name(R, mcr, "Type", "MCR") && get_ref(R, mcr, "Pg") == npage[1] &&
           is_num(R, mcr, "MCID", 1),
       "the P's third kid: << /Type /MCR /Pg page 2 /MCID 1 >>");

    /* the Link: its text, then its annotation */
    val *ld = object(R, nlink);
    OK(get_ref(R, ld, "P") == np, "the Link's parent is the P");
    k = get(R, ld, "K");
    OK(k && k->k == V_ARR && k->n == 2, "the Link has two kids");
    if (!k || k->k != V_ARR || k->n != 2)
        goto out;
    OK(k->items[0].k == V_NUM && k->items[0].num == 2, "the Link's text: MCID 2");
    val *objr = &k->items[1];
    OK(objr->k == V_DICT && is_name(R, objr, "Type", "OBJR") && get_ref(R, objr, "Obj") == nan &&
           get_ref(R, objr, "Pg") == npage[0],
       "the Link's annotation: << /Type /OBJR /Obj annot /Pg page 1 >>");
    val *ad = object(R, nan);
    OK(is_num(R, ad, "StructParent", 2), "the annotation's /StructParent follows the pages'");
    OK(is_text(get(R, ad, "Contents"), "the link"), "the annotation's /Contents: the link's text");
    val *ad2 = object(R, nan2);
    OK(is_num(R, ad2, "StructParent", 3), "the second annotation's /StructParent");
    OK(is_text(get(R, ad2, "Contents"), "Open https://example.org/2"),
       "a link without text describes itself with `what`");

    /* the Note: its text, the link in it; an ID listed in the IDTree */
    val *nd = object(R, nnote);
    OK(get_ref(R, nd, "Pg") == npage[1], "the Note is on page 2");
    k = get(R, nd, "K");
    int nlink2 = k && k->k == V_ARR && k->n == 2 ? k->items[1].ref : 0;
    OK(k && k->k == V_ARR && k->n == 2 && k->items[0].k == V_NUM && k->items[0].num == 2 &&
           is_name(R, object(R, nlink2), "S", "Link"),
       "the Note's kids: [2, Link]");
    val *l2k = get(R, object(R, nlink2), "K");
    OK(l2k && l2k->k == V_ARR && l2k->n == 1 && is_name(R, &l2k->items[0], "Type", "OBJR") &&
           get_ref(R, &l2k->items[0], "Obj") == nan2,
       "the second Link's only kid is its annotation");
    OK(get_ref(R, object(R, nlink2), "Pg") == npage[1], "the second Link is on page 2");
    val *id = get(R, nd, "ID");
    OK(id && id->k == V_STR && id->text.len > 0, "the Note has an /ID");
    val *names = get(R, get(R, root, "IDTree"), "Names");
    OK(names && names->k == V_ARR && names->n == 2 && id && names->items[0].k == V_STR &&
           strcmp(buf_cstr(&names->items[0].text), buf_cstr(&id->text)) == 0 &&
           refers(&names->items[1], nnote),
       "the IDTree lists the Note's ID");

    /* the Table: TR, TH with its scope */
    k = get(R, object(R, ntable), "K");
    int ntr = k && k->k == V_ARR && k->n == 1 ? k->items[0].ref : 0;
    OK(is_name(R, object(R, ntr), "S", "TR"), "the Table's kid is the TR");
    k = get(R, object(R, ntr), "K");
    int nth = k && k->k == V_ARR && k->n == 1 ? k->items[0].ref : 0;
    val *thd = object(R, nth);
    OK(is_name(R, thd, "S", "TH"), "the TR's kid is the TH");
    val *a = get(R, thd, "A");
    OK(is_name(R, a, "O", "Table") && is_name(R, a, "Scope", "Column"),
       "the TH has /A << /O /Table /Scope /Column >>");
    k = get(R, thd, "K");
    OK(k && k->k == V_ARR && k->n == 1 && k->items[0].k == V_NUM && k->items[0].num == 3,
       "the TH's kids: [3]");

    /* the parent tree: page 1's MCIDs, page 2's, then the annotations */
    val *nums = get(R, get(R, root, "ParentTree"), "Nums");
    OK(nums && nums->k == V_ARR && nums->n == 8, "the parent tree has four entries");
    if (nums && nums->k == V_ARR && nums->n == 8) {
        INT_EQ(nums->items[0].num, 0, "entry 0: page 1");
        val *p1 = deref(R, &nums->items[1]);
        OK(p1 && p1->k == V_ARR && p1->n == 3 && refers(&p1->items[0], np) &&
               refers(&p1->items[1], nh1) && refers(&p1->items[2], nlink),
           "page 1's MCIDs 0, 1, 2: the P, the H1, the Link");
        INT_EQ(nums->items[2].num, 1, "entry 1: page 2");
        val *p2 = deref(R, &nums->items[3]);
        OK(p2 && p2->k == V_ARR && p2->n == 4 && refers(&p2->items[0], ndiv) &&
               refers(&p2->items[1], np) && refers(&p2->items[2], nnote) &&
               refers(&p2->items[3], nth),
           "page 2's MCIDs 0 to 3: the Div, the P, the Note, the TH");
        INT_EQ(nums->items[4].num, 2, "entry 2: the first annotation");
        OK(refers(&nums->items[5], nlink), "the first annotation's parent is the Link");
        INT_EQ(nums->items[6].num, 3, "entry 3: the second annotation");
        OK(refers(&nums->items[7], nlink2), "the second annotation's parent is its Link");
    }
    OK(is_num(R, root, "ParentTreeNextKey", 4), "/ParentTreeNextKey after the last entry");

    /* the pages */
    for (int i = 0; i < 2; i++) {
        val *pg = object(R, npage[i]);
        OK(is_num(R, pg, "StructParents", i), "the page's /StructParents is its index");
        OK(is_name(R, pg, "Tabs", "S"), "the page's /Tabs /S");
    }
    OK(contains(&pdf, "/H1 <</MCID 1>> BDC"), "the content stream has the sequences");
    check_pdfinfo(&pdf);
out:
    for (size_t i = 0; i < 256; i++)
        val_free(&rd.objs[i]);
    buf_free(&pdf);
    err_list_free(&e);
}

/* A document where nothing was tagged: a Document, no parent tree entries, no IDTree. */
static void test_empty(void)
{
    HPDF_Doc doc = HPDF_New(NULL, NULL);
    HPDF_SetCompressionMode(doc, HPDF_COMP_NONE);
    HPDF_Page page = HPDF_AddPage(doc);
    pdf_tags *t = pdf_tags_new();
    pdf_tag_new(t, 0, TAG_P); /* never drawn */
    err_list e = ERR_LIST_INIT;
    INT_EQ(pdf_tags_prepare(t, doc, &page, 1, &e, "site.yaml"), 0, "an empty tree is prepared");
    buf pdf = BUF_INIT;
    save(doc, &pdf);
    INT_EQ(pdf_tags_append(t, &pdf, &e, "site.yaml"), 0, "an empty tree is written");
    OK(contains(&pdf, "/S/Document") && !contains(&pdf, "/S/P/"), "only the Document");
    OK(!contains(&pdf, "/IDTree") && !contains(&pdf, "/StructParents"),
       "no IDTree, no /StructParents");
    OK(contains(&pdf, "/Tabs /S"), "the page still has /Tabs /S");
    HPDF_Free(doc);
    pdf_tags_free(t);
    buf_free(&pdf);
    err_list_free(&e);
}

int main(void)
{
    test_null();
    test_tree();
    test_empty();
    return test_summary("test_tag");
}
