/* test_pack.c - pdf_pack: libharu documents and hand-written files rewritten into object
 * streams and a cross-reference stream, read back by decompressing the object streams
 * (zlib-flate) and by qpdf and pdftotext when installed; malformed files (truncated,
 * garbage, bogus offsets, every byte changed) fail cleanly. Runs from the repository root
 * (assets/fonts), under ASan + UBSan. */
#include "pdf/pack.h"
#include "test.h"
#include "test_hpdf.h"
#include "util/buf.h"

#include <hpdf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- helpers ---- */

/* The first occurrence of needle in hay[0..n), or NULL. */
static const char *find_mem(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; hay && i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

static bool contains(const buf *b, const char *needle)
{
    return find_mem(b->data, b->len, needle) != NULL;
}

/* Packs in into out (emptied first); errs is emptied first. */
static int pack(const buf *in, buf *out, err_list *errs)
{
    buf_reset(out);
    err_list_free(errs);
    return pdf_pack((const unsigned char *)in->data, in->len, out, errs, "t.pdf");
}

static bool have(const char *tool)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    return system(cmd) == 0;
}

static void write_file(const char *path, const buf *b)
{
    FILE *f = fopen(path, "wb");
    OK(f && fwrite(b->data, 1, b->len, f) == b->len, path);
    if (f)
        fclose(f);
}

/* Runs cmd, its standard output into out (appended). Returns its exit status. */
static int run(const char *cmd, buf *out)
{
    char chunk[4096];
    size_t n;
    FILE *f = popen(cmd, "r");
    if (!f)
        return -1;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_put(out, chunk, n);
    int st = pclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The decompressed contents of every object stream of a packed file, one after
 * another (through zlib-flate, qpdf's tool). False when that fails. */
static bool objstm_text(const buf *pdf, const char *dir, buf *text)
{
    char path[512], cmd[1024];
    size_t i = 0, n = 0;
    for (const char *s; (s = find_mem(pdf->data + i, pdf->len - i, "/Type/ObjStm"));) {
        const char *l = find_mem(s, pdf->len - (size_t)(s - pdf->data), "/Length ");
        const char *d = l ? find_mem(l, pdf->len - (size_t)(l - pdf->data), ">>\nstream\n") : NULL;
        if (!d)
            return false;
        size_t len = strtoul(l + 8, NULL, 10), at = (size_t)(d + 10 - pdf->data);
        if (len > pdf->len - at)
            return false;
        buf z = {(char *)pdf->data + at, len, len};
        snprintf(path, sizeof path, "%s/stm%zu.z", dir, n++);
        write_file(path, &z);
        snprintf(cmd, sizeof cmd, "zlib-flate -uncompress < '%s'", path);
        if (run(cmd, text) != 0)
            return false;
        i = at + len;
    }
    return n > 0;
}

/* ---- documents ---- */

/* Writes the libharu document into pdf. */
static void save(HPDF_Doc doc, buf *pdf)
{
    OK(hpdf_save(doc, pdf) == HPDF_OK, "libharu saves the document");
}

#define XMP                                                                                        \
    "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta xmlns:x='adobe:ns:meta/'/>"

/* The number after the last occurrence of key in pdf, or -1. */
static long last_number(const buf *pdf, const char *key)
{
    long v = -1;
    size_t k = strlen(key);
    for (size_t i = 0; i + k < pdf->len; i++)
        if (memcmp(pdf->data + i, key, k) == 0)
            v = strtol(pdf->data + i + k, NULL, 10);
    return v;
}

/* Appends an incremental update to pdf: a new version of its Info dictionary
 * (title "Updated (by an update)"), an xref section for it and a trailer with
 * /Prev. Returns 0, or -1 when pdf has no trailer to extend. */
static int append_update(buf *pdf)
{
    long prev = last_number(pdf, "startxref"), info = last_number(pdf, "/Info "),
         root = last_number(pdf, "/Root "), size = last_number(pdf, "/Size ");
    if (prev < 0 || info < 0 || root < 0 || size < 0)
        return -1;
    size_t at = pdf->len;
    buf_printf(pdf, "%ld 0 obj\n<< /Title (Updated \\(by an update\\)) >>\nendobj\n", info);
    size_t xref = pdf->len;
    buf_printf(pdf, "xref\n%ld 1\n%010zu 00000 n \n", info, at);
    buf_printf(pdf, "trailer\n<< /Size %ld /Root %ld 0 R /Info %ld 0 R /Prev %ld >>\n", size, root,
               info, prev);
    buf_printf(pdf, "startxref\n%zu\n%%%%EOF\n", xref);
    return 0;
}

/* A libharu document of `pages` pages of Helvetica text, a link to the first page,
 * a URI link, an outline entry per page, an uncompressed /Metadata stream and two
 * extra dictionaries: /ImprintTest in the catalog (a string that looks like a
 * reference, with parentheses; an array referring to the first page) and one that
 * nothing refers to. A TrueType font (assets/fonts) when ttf, and then an
 * incremental update that gives the Info dictionary a new title. */
static void libharu_doc(buf *pdf, int pages, bool ttf)
{
    HPDF_Doc doc = HPDF_New(NULL, NULL);
    HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
    HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, "Packing (a test)");
    HPDF_Font font = HPDF_GetFont(doc, "Helvetica", NULL);
    if (ttf) {
        HPDF_UseUTFEncodings(doc);
        const char *name = HPDF_LoadTTFontFromFile(doc, "assets/fonts/DejaVuSans.ttf", HPDF_TRUE);
        OK(name != NULL, "the TrueType font loads (run from the repository root)");
        font = name ? HPDF_GetFont(doc, name, "UTF-8") : font;
    }
    HPDF_Page first = NULL;
    for (int i = 0; i < pages; i++) {
        char text[64];
        HPDF_Page page = HPDF_AddPage(doc);
        first = first ? first : page;
        HPDF_Page_SetFontAndSize(page, font, 14);
        HPDF_Page_BeginText(page);
        snprintf(text, sizeof text, "Hello page %d (packed) \xc3\xa9t\xc3\xa9", i + 1);
        HPDF_Page_TextOut(page, 50, 700, ttf ? text : "Hello Helvetica");
        HPDF_Page_EndText(page);
        HPDF_Rect r = {50, 600, 200, 620};
        HPDF_Page_CreateLinkAnnot(page, r, HPDF_Page_CreateDestination(first));
        HPDF_Rect u = {50, 500, 200, 520};
        HPDF_Page_CreateURILinkAnnot(page, u, "https://example.org/a(b)");
        snprintf(text, sizeof text, "Chapter %d", i + 1);
        HPDF_Outline ol = HPDF_CreateOutline(doc, NULL, text, NULL);
        HPDF_Outline_SetDestination(ol, HPDF_Page_CreateDestination(page));
    }
    HPDF_Dict extra = HPDF_Dict_New(doc->mmgr), orphan = HPDF_Dict_New(doc->mmgr);
    HPDF_Xref_Add(doc->xref, extra);
    HPDF_Xref_Add(doc->xref, orphan);
    HPDF_Dict_AddName(extra, "Type", "ImprintTest");
    HPDF_Dict_Add(extra, "Note", HPDF_String_New(doc->mmgr, "see 5 0 R (not a ref)", NULL));
    HPDF_Array arr = HPDF_Array_New(doc->mmgr);
    HPDF_Array_Add(arr, HPDF_Number_New(doc->mmgr, 5));
    HPDF_Array_Add(arr, HPDF_Number_New(doc->mmgr, 0));
    HPDF_Array_Add(arr, first);
    HPDF_Dict_Add(extra, "Arr", arr);
    HPDF_Dict_AddName(orphan, "Type", "Orphan");
    HPDF_Dict_Add(doc->catalog, "ImprintTest", extra);
    HPDF_Dict md = HPDF_DictStream_New(doc->mmgr, doc->xref);
    HPDF_Dict_AddName(md, "Type", "Metadata");
    HPDF_Dict_AddName(md, "Subtype", "XML");
    HPDF_Stream_WriteStr(md->stream, XMP);
    HPDF_Dict_Add(doc->catalog, "Metadata", md);
    save(doc, pdf);
    HPDF_Free(doc);
    if (ttf)
        OK(append_update(pdf) == 0, "an incremental update is appended");
}

/* A hand-written PDF: objects written one by one, then a cross-reference section. */
typedef struct hand {
    buf b;
    unsigned num[32], gen[32];
    size_t off[32], n; /* the objects since the last section */
    size_t last;       /* the last section's offset */
} hand;

static void hand_obj(hand *h, unsigned num, unsigned gen, const char *body)
{
    h->num[h->n] = num;
    h->gen[h->n] = gen;
    h->off[h->n++] = h->b.len;
    buf_printf(&h->b, "%u %u obj\n%s\nendobj\n", num, gen, body);
}

/* Writes a section for the objects since the last one (object 0 free in the first)
 * and trailer (the dictionary's inside), and startxref. */
static void hand_section(hand *h, const char *trailer)
{
    size_t at = h->b.len;
    buf_puts(&h->b, "xref\n");
    if (!h->last)
        buf_puts(&h->b, "0 1\n0000000000 65535 f\r\n");
    for (size_t i = 0; i < h->n; i++)
        buf_printf(&h->b, "%u 1\n%010zu %05u n\r\n", h->num[i], h->off[i], h->gen[i]);
    buf_printf(&h->b, "trailer\n<< %s >>\nstartxref\n%zu\n%%%%EOF\n", trailer, at);
    h->last = at;
    h->n = 0;
}

/* The hand-written test file: a catalog with odd values, a stream with an indirect
 * Length (object 6, dropped), a generation-1 object, a stream whose Length is wrong,
 * an orphan (9), and an update replacing object 8. */
static void hand_doc(buf *pdf)
{
    hand h = {BUF_INIT, {0}, {0}, {0}, 0, 0};
    buf_puts(&h.b, "%PDF-1.3\n%\xb7\xbe\xad\xaa\n");
    hand_obj(&h, 1, 0,
             "<<\n/Type /Catalog\n/Pages 2 0 R\n/Test 4 0 R\n/Gen 7 1 R\n/Missing 99 0 R\n"
             "/Wrong 8 5 R\n/Old 8 0 R\n/Bad 10 0 R\n>>");
    hand_obj(&h, 2, 0, "<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>");
    hand_obj(&h, 3, 0,
             "<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 200 200 ] /Contents 5 0 R "
             "/Resources << >> >>");
    hand_obj(&h, 4, 0,
             "<< /S (a \\) 5 0 R \\( (nested 6 0 R) \\\\) /H <35 30 20 52> /N /A#20B "
             "% comment 5 0 R\n/Arr [1 2 3 0 R 4] /Real -.5 /Empty () /Deep [[<<>>]] >>");
    hand_obj(&h, 5, 0, "<< /Length 6 0 R >>\nstream\r\n0 0 m 100 100 l S\nendstream");
    hand_obj(&h, 6, 0, "17");
    hand_obj(&h, 7, 1, "<< /Kind (generation one) >>");
    hand_obj(&h, 8, 0, "<< /Version (old) >>");
    hand_obj(&h, 9, 0, "<< /Unused true >>");
    hand_obj(&h, 10, 0, "<< /Length 3 /Note (wrong length) >>\nstream\n0123456789\nendstream");
    hand_section(&h, "/Size 11 /Root 1 0 R");
    char trailer[128];
    snprintf(trailer, sizeof trailer, "/Size 11 /Root 1 0 R /Prev %zu", h.last);
    hand_obj(&h, 8, 0, "<< /Version (new) >>");
    hand_section(&h, trailer);
    *pdf = h.b;
}

/* ---- tests ---- */

/* The shape of a packed file: header, no table, an xref stream where startxref points. */
static void check_shape(const buf *out, const char *what)
{
    char msg[256];
    snprintf(msg, sizeof msg, "%s: the PDF 1.7 header and a binary comment", what);
    OK(out->len > 16 && memcmp(out->data, "%PDF-1.7\n%", 10) == 0 &&
           (unsigned char)out->data[10] >= 0x80 && (unsigned char)out->data[11] >= 0x80 &&
           (unsigned char)out->data[12] >= 0x80 && (unsigned char)out->data[13] >= 0x80 &&
           out->data[14] == '\n',
       msg);
    snprintf(msg, sizeof msg, "%s: no cross-reference table or trailer", what);
    OK(!contains(out, "\nxref\n") && !contains(out, "trailer"), msg);
    const char *sx = out->len > 40 ? find_mem(out->data + out->len - 40, 40, "startxref\n") : NULL;
    snprintf(msg, sizeof msg, "%s: ends with startxref and %%%%EOF", what);
    OK(sx && out->len >= 6 && memcmp(out->data + out->len - 6, "%%EOF\n", 6) == 0, msg);
    size_t x = sx ? strtoul(sx + 10, NULL, 10) : 0;
    const char *at = x < out->len ? find_mem(out->data + x, out->len - x, " 0 obj\n<<") : NULL;
    snprintf(msg, sizeof msg, "%s: startxref points at the xref stream", what);
    OK(at && at - (out->data + x) < 10 && strncmp(at + 9, "/Type/XRef", 10) == 0, msg);
}

/* qpdf --check passes and the file has `pages` pages. */
static void check_qpdf(const char *path, int pages, const char *what)
{
    char cmd[600], msg[256];
    buf o = BUF_INIT;
    snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", path);
    int st = run(cmd, &o);
    snprintf(msg, sizeof msg, "%s: qpdf --check passes", what);
    OK(st == 0 && contains(&o, "No syntax or stream encoding errors"), msg);
    if (st != 0)
        fprintf(stderr, "%s\n", buf_cstr(&o));
    buf_reset(&o);
    snprintf(cmd, sizeof cmd, "qpdf --show-npages '%s'", path);
    run(cmd, &o);
    snprintf(msg, sizeof msg, "%s: page count", what);
    INT_EQ(atoi(buf_cstr(&o)), pages, msg);
    buf_free(&o);
}

static void test_libharu(const char *dir, bool tools)
{
    buf in = BUF_INIT, out = BUF_INIT, again = BUF_INIT, text = BUF_INIT, json = BUF_INIT;
    err_list e = ERR_LIST_INIT;
    char path[512], cmd[1200];
    libharu_doc(&in, 3, false);
    INT_EQ(pack(&in, &out, &e), 0, "a libharu document packs");
    INT_EQ(e.len, 0, "without errors or warnings");
    OK(out.len < in.len, "the packed file is smaller");
    printf("libharu, 3 pages: %zu -> %zu bytes\n", in.len, out.len);
    check_shape(&out, "libharu");
    INT_EQ(pack(&in, &again, &e), 0, "packs again");
    OK(again.len == out.len && memcmp(again.data, out.data, out.len) == 0,
       "the same input gives the same bytes");
    /* the metadata stays an uncompressed top-level stream, its bytes as they were */
    const char *md = find_mem(out.data, out.len, XMP);
    OK(md && find_mem(out.data, (size_t)(md - out.data), "/Type/Metadata/Subtype/XML/Length ") &&
           strncmp(md - 7, "stream\n", 7) == 0 &&
           strncmp(md + strlen(XMP), "\nendstream\n", 11) == 0,
       "the /Metadata stream is at top level, uncompressed, Length = its bytes");
    OK(!contains(&out, "/Length 4 0 R") && !contains(&out, " R>>\nstream"),
       "no stream keeps an indirect /Length");
    if (tools) {
        /* the literal string, escapes and all, as libharu wrote it */
        const char *lit = find_mem(in.data, in.len, "(see 5 0 R");
        const char *end = lit ? memchr(lit, ')', in.len - (size_t)(lit - in.data)) : NULL;
        OK(lit && end, "libharu wrote the literal string");
        char want[128] = "";
        if (lit && end && end - lit < 120)
            memcpy(want, lit, (size_t)(end - lit + 1));
        OK(objstm_text(&out, dir, &text), "the object streams decompress");
        OK(want[0] && contains(&text, want), "the string is copied verbatim");
        OK(contains(&text, "/Type/ImprintTest"), "the catalog's extra dictionary is kept");
        OK(!contains(&text, "/Orphan"), "the dictionary nothing refers to is dropped");
        OK(!contains(&text, "/Length"), "no Length outside stream dictionaries");
        snprintf(path, sizeof path, "%s/haru.pdf", dir);
        write_file(path, &out);
        check_qpdf(path, 3, "libharu");
        snprintf(cmd, sizeof cmd, "qpdf --json=2 '%s'", path);
        OK(run(cmd, &json) == 0, "qpdf --json reads the file");
        OK(contains(&json, "\"u:see 5 0 R (not a ref)\""), "qpdf reads the string's value");
        OK(contains(&json, "\"title\": \"Chapter 3\""), "the outline is kept");
        OK(contains(&json, "\"/URI\": \"u:https://example.org/a(b)\""), "the URI link is kept");
        OK(contains(&json, "\"/Title\": \"u:Packing (a test)\""),
           "the document information is kept");
        buf_reset(&json);
        snprintf(cmd, sizeof cmd, "pdftotext -q '%s' - 2>/dev/null", path);
        if (have("pdftotext"))
            OK(run(cmd, &json) == 0 && contains(&json, "Hello Helvetica"),
               "pdftotext reads the text");
    }
    /* a file that is already packed has no table: refused, out unchanged */
    buf_reset(&again);
    buf_puts(&again, "keep");
    err_list_free(&e);
    INT_EQ(pdf_pack((const unsigned char *)out.data, out.len, &again, &e, "t.pdf"), -1,
           "a packed file (an xref stream) is refused");
    OK(e.errors == 1 && strstr(e.items[0].text, "t.pdf: cannot pack the PDF: byte ") &&
           strstr(e.items[0].text, "stream"),
       "with one error naming the file and the byte");
    STR_EQ(buf_cstr(&again), "keep", "out is unchanged on failure");
    buf_free(&in);
    buf_free(&out);
    buf_free(&again);
    buf_free(&text);
    buf_free(&json);
    err_list_free(&e);
}

/* A TrueType font and an incremental update that replaces an object. */
static void test_update(const char *dir, bool tools)
{
    buf in = BUF_INIT, out = BUF_INIT, txt = BUF_INIT;
    err_list e = ERR_LIST_INIT;
    char path[512], cmd[700];
    libharu_doc(&in, 2, true);
    OK(contains(&in, "/Prev "), "the input has an incremental update");
    INT_EQ(pack(&in, &out, &e), 0, "a file with an update packs");
    INT_EQ(e.len, 0, "without errors");
    OK(out.len < in.len, "smaller");
    printf("libharu with TrueType and an update, 2 pages: %zu -> %zu bytes\n", in.len, out.len);
    check_shape(&out, "update");

    if (tools) {
        snprintf(path, sizeof path, "%s/update.pdf", dir);
        write_file(path, &out);
        check_qpdf(path, 2, "update");
        snprintf(cmd, sizeof cmd, "pdftotext -q '%s' - 2>/dev/null", path);
        if (have("pdftotext"))
            OK(run(cmd, &txt) == 0 && contains(&txt, "Hello page 2 (packed) \xc3\xa9t\xc3\xa9"),
               "pdftotext reads the TrueType text");
        snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>/dev/null", path);
        buf_reset(&txt);
        if (have("pdfinfo"))
            OK(run(cmd, &txt) == 0 && contains(&txt, "Updated (by an update)") &&
                   !contains(&txt, "Packing (a test)"),
               "the update's version of the Info dictionary is the one kept");
    }
    buf_free(&in);
    buf_free(&out);
    buf_free(&txt);
    err_list_free(&e);
}

static void test_hand(const char *dir, bool tools)
{
    buf in = BUF_INIT, out = BUF_INIT, text = BUF_INIT;
    err_list e = ERR_LIST_INIT;
    char path[512];
    hand_doc(&in);
    INT_EQ(pack(&in, &out, &e), 0, "the hand-written file packs");
    OK(e.errors == 0 && e.len == 1 && strstr(e.items[0].text, "object 10") &&
           strstr(e.items[0].text, "(10 bytes)"),
       "with a warning for the wrong /Length");
    check_shape(&out, "hand");
    /* kept: 1 2 3 4 5 7 8 10 -> 1..8; 6 (a Length) and 9 (an orphan) dropped */
    OK(contains(&out, "5 0 obj\n<</Length 17>>\nstream\n0 0 m 100 100 l S\nendstream\nendobj\n"),
       "the indirect Length made direct; the data after CRLF copied");
    OK(contains(&out,
                "8 0 obj\n<</Note(wrong length)/Length 10>>\nstream\n0123456789\nendstream\n"),
       "the wrong Length repaired from endstream");
    OK(contains(&out, "/Type/XRef/Size 11/W[1 2 2]/Index[0 11]/Root 1 0 R/ID[<"),
       "the xref stream: 8 objects, 1 object stream, itself");
    if (tools) {
        OK(objstm_text(&out, dir, &text), "the object stream decompresses");
        OK(contains(&text, "<</Type/Catalog/Pages 2 0 R/Test 4 0 R/Gen 6 0 R/Missing null"
                           "/Wrong null/Old 7 0 R/Bad 8 0 R>>\n"),
           "references renumbered; to missing objects and wrong generations null");
        OK(contains(&text, "<</S(a \\) 5 0 R \\( (nested 6 0 R) \\\\)/H<35 30 20 52>/N/A#20B"
                           "/Arr[1 2 3 0 R 4]/Real -.5/Empty()/Deep[[<<>>]]>>\n"),
           "strings, hex strings and names verbatim; the comment gone");
        OK(contains(&text, "<</Version(new)>>"), "the update's version of object 8");
        OK(!contains(&text, "(old)") && !contains(&text, "/Unused") && !contains(&text, "\n18\n"),
           "the replaced, the orphan and the Length object are gone");
        OK(contains(&text, "<</Kind(generation one)>>"), "the generation-1 object is kept");
        snprintf(path, sizeof path, "%s/hand.pdf", dir);
        write_file(path, &out);
        check_qpdf(path, 1, "hand");
    }
    buf_free(&in);
    buf_free(&out);
    buf_free(&text);
    err_list_free(&e);
}

/* Packs data; it must fail with an error (and leave out alone), or succeed cleanly. */
static int try_pack(const char *data, size_t len)
{
    buf out = BUF_INIT;
    err_list e = ERR_LIST_INIT;
    buf_puts(&out, "x");
    int rc = pdf_pack((const unsigned char *)data, len, &out, &e, NULL);
    const char *first = NULL; /* the first error, after any warnings */
    for (size_t i = 0; i < e.len && !first; i++)
        first = e.items[i].is_warning ? NULL : e.items[i].text;
    if (rc != 0)
        OK(e.errors == 1 && out.len == 1 && strncmp(first, "cannot pack the PDF", 19) == 0,
           "a failure has one error and leaves out alone");
    else
        OK(e.errors == 0 && out.len > 1, "a success has no error");
    buf_free(&out);
    err_list_free(&e);
    return rc;
}

/* in with the bytes [at, at + n) replaced by s. */
static void splice(const buf *in, size_t at, size_t n, const char *s, buf *out)
{
    buf_reset(out);
    buf_put(out, in->data, at);
    buf_puts(out, s);
    buf_put(out, in->data + at + n, in->len - at - n);
}

static void test_malformed(void)
{
    buf in = BUF_INIT, b = BUF_INIT, h = BUF_INIT;
    err_list e = ERR_LIST_INIT;
    libharu_doc(&in, 1, false);
    INT_EQ(pdf_pack(NULL, 0, &b, &e, NULL), -1, "no input");
    INT_EQ(try_pack("", 0), -1, "an empty file");
    INT_EQ(try_pack("%PDF-1.3\n", 9), -1, "a header alone");
    INT_EQ(try_pack("%PDF-1.3\nstartxref\n9\n%%EOF\n", 27), -1, "startxref at no table");
    /* garbage */
    uint32_t seed = 12345;
    for (int i = 0; i < 4096; i++) {
        seed = seed * 1103515245u + 12345u;
        buf_putc(&b, (char)(seed >> 16));
    }
    INT_EQ(try_pack(b.data, b.len), -1, "garbage");
    memcpy(b.data, "%PDF-1.4\n", 9);
    memcpy(b.data + b.len - 30, "\nstartxref\n100\n%%EOF\n", 21);
    INT_EQ(try_pack(b.data, b.len), -1, "garbage between a header and startxref");
    /* truncated: every prefix that ends before startxref's offset fails */
    const char *sx = find_mem(in.data, in.len, "startxref\n");
    size_t sxo = (size_t)(sx - in.data), fails = 0, tries = 0;
    for (size_t n = 0; n < sxo + 10; n += n < sxo - 64 ? 7 : 1, tries++)
        fails += try_pack(in.data, n) != 0;
    INT_EQ(fails, tries, "every truncated file fails");
    /* a bogus xref offset */
    const char *bogus[] = {"0", "9", "100", "999999999", "18446744073709551616", "-5", "x"};
    for (size_t i = 0; i < sizeof bogus / sizeof *bogus; i++) {
        splice(&in, sxo + 10, strcspn(sx + 10, "\n"), bogus[i], &b);
        INT_EQ(try_pack(b.data, b.len), -1, bogus[i]);
    }
    /* every byte changed, one at a time: failures are clean, and successes too */
    size_t step = in.len / 3000 + 1;
    for (size_t i = 0; i < in.len; i += step) {
        static const char vals[] = {'\0', ')', '(', '<', '>', '[', '0', '9', 'R', '\\', '%', '\n'};
        char save = in.data[i];
        for (size_t k = 0; k < sizeof vals; k += 1 + (i % 3)) {
            in.data[i] = vals[k];
            try_pack(in.data, in.len);
        }
        in.data[i] = save;
    }
    /* hand-written breakage */
    hand_doc(&h);
    const char *t = find_mem(h.data, h.len, "/Size 11 /Root 1 0 R /Prev ");
    splice(&h, (size_t)(t - h.data), 8, "/Size 99999999", &b);
    INT_EQ(try_pack(b.data, b.len), -1, "an absurd /Size");
    splice(&h, (size_t)(t - h.data), 0, "/Encrypt 4 0 R ", &b);
    INT_EQ(try_pack(b.data, b.len), -1, "an encrypted file");
    char loop[64];
    const char *last = h.data;
    for (const char *x;
         (x = find_mem(last + 1, h.len - (size_t)(last + 1 - h.data), "startxref\n"));)
        last = x;
    snprintf(loop, sizeof loop, "/Prev %lu", strtoul(last + 10, NULL, 10));
    const char *prev = find_mem(h.data, h.len, "/Prev ");
    splice(&h, (size_t)(prev - h.data), strcspn(prev, " >"), loop, &b);
    INT_EQ(try_pack(b.data, b.len), -1, "a /Prev that loops");
    const char *o4 = find_mem(h.data, h.len, "(a \\)");
    splice(&h, (size_t)(o4 - h.data), 5, "(a ((", &b); /* the string now runs on */
    INT_EQ(try_pack(b.data, b.len), -1, "an unterminated string");
    const char *len6 = find_mem(h.data, h.len, "stream\r\n0 0 m");
    splice(&h, (size_t)(len6 - h.data), 1, "%", &b); /* the data read as tokens */
    INT_EQ(try_pack(b.data, b.len), -1, "\"stream\" commented out");
    const char *es = find_mem(h.data, h.len, "l S\nendstream");
    splice(&h, (size_t)(es - h.data) + 4, 1, "x", &b);
    INT_EQ(try_pack(b.data, b.len), -1, "a stream without endstream");
    const char *ob = find_mem(h.data, h.len, "/Kind");
    splice(&h, (size_t)(ob - h.data), 5, "/K ob", &b);
    INT_EQ(try_pack(b.data, b.len), -1, "a stray keyword");
    splice(&h, (size_t)(ob - h.data), 5, "/Kind", &b); /* unchanged */
    INT_EQ(try_pack(b.data, b.len), 0, "the untouched file packs");
    /* nesting far deeper than the limit, without a deep stack */
    buf deep = BUF_INIT;
    buf_puts(&deep, "[");
    for (int i = 0; i < 100000; i++)
        buf_puts(&deep, "[");
    buf_puts(&deep, "]");
    const char *nine = find_mem(h.data, h.len, "<< /Unused true >>");
    splice(&h, (size_t)(nine - h.data), 18, deep.data, &b);
    INT_EQ(try_pack(b.data, b.len), -1, "deep nesting");
    buf_free(&deep);
    buf_free(&in);
    buf_free(&b);
    buf_free(&h);
    err_list_free(&e);
}

int main(void)
{
    char dir[] = "/tmp/imprint-pack-XXXXXX", cmd[64];
    bool tools = have("qpdf") && have("zlib-flate");
    if (!mkdtemp(dir)) {
        OK(0, "mkdtemp");
        return test_summary("test_pack");
    }
    if (!tools)
        printf("test_pack: qpdf/zlib-flate not installed; reading the output back is skipped\n");
    test_libharu(dir, tools);
    test_update(dir, tools);
    test_hand(dir, tools);
    test_malformed();
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    OK(system(cmd) == 0, "cleanup");
    return test_summary("test_pack");
}
