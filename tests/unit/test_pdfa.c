/* test_pdfa.c - the PDF/A and PDF/UA document parts: Info in UTF-16, the XMP packet, the
 * sRGB output intent and its ICC profile, a reproducible /ID. With TEST_PDFA_OUT set, the
 * tagged-level test document is also written there (to run veraPDF on it). */
#include "pdf/pdfa.h"
#include "core/date.h"
#include "test.h"
#include "test_hpdf.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>

/* The title: Latin-1, the five XML specials, CJK. */
#define TITLE                                                                                      \
    "\xc3\x9c"                                                                                     \
    "berblick <Tom & \"Jerry\"> 'n' \xe6\x9d\xb1\xe4\xba\xac"
/* The author: a control character (dropped) and a character past U+FFFF. */
#define AUTHOR "Ada\x01 \xf0\x9f\x98\x80 Lovelace"

/* Where needle starts in hay[0, len), or NULL. */
static const char *find_in(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

static const char *find(const buf *b, const char *needle)
{
    return find_in(b->data, b->len, needle);
}

/* find, ignoring ASCII case (for hex strings). */
static bool has_nocase(const buf *b, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= b->len && i <= b->len - n; i++) {
        size_t k = 0;
        while (k < n && tolower((unsigned char)b->data[i + k]) == tolower((unsigned char)needle[k]))
            k++;
        if (k == n)
            return true;
    }
    return false;
}

/* 2026-03-30T12:00:00Z */
static long long the_date(void)
{
    return date_to_epoch(2026, 3, 30) + 12 * 3600;
}

/* Makes a one-page document (everything compressed), applies m and appends the
 * file to out. Returns pdfa_apply's result (-2 when saving fails). */
static int make_pdf(const pdfa_meta *m, buf *out, err_list *errs)
{
    HPDF_Doc doc = HPDF_New(NULL, NULL);
    HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
    HPDF_Page p = HPDF_AddPage(doc);
    HPDF_Page_SetWidth(p, 595);
    HPDF_Page_SetHeight(p, 842);
    int rc = pdfa_apply(doc, m, errs);
    if (rc == 0 && hpdf_save(doc, out) != HPDF_OK)
        rc = -2;
    HPDF_Free(doc);
    return rc;
}

static pdfa_meta full_meta(void)
{
    static const unsigned char seed[] = "abc";
    return (pdfa_meta){.title = TITLE,
                       .author = AUTHOR,
                       .subject = "A test\r\nof two lines",
                       .keywords = "pdf, archive",
                       .lang = "de-CH",
                       .date = the_date(),
                       .conformance = 'A',
                       .ua = true,
                       .id_seed = seed,
                       .id_seed_len = 3};
}

/* The XMP packet of pdf, from its header to its trailer, as a C string (owned). */
static char *packet_of(const buf *pdf)
{
    const char *a = find(pdf, "<?xpacket begin=");
    const char *z = find(pdf, "<?xpacket end=\"w\"?>");
    if (!a || !z || z < a)
        return NULL;
    return strndup(a, (size_t)(z - a) + strlen("<?xpacket end=\"w\"?>"));
}

static void test_document(void)
{
    buf pdf = BUF_INIT, again = BUF_INIT;
    err_list errs = ERR_LIST_INIT;
    pdfa_meta m = full_meta();
    INT_EQ(make_pdf(&m, &pdf, &errs), 0, "pdfa_apply and saving succeed");
    INT_EQ(errs.len, 0, "no errors");
    OK(pdf.len > 8 && memcmp(pdf.data, "%PDF-1.7", 8) == 0, "the header says PDF 1.7");

    /* XMP: present, uncompressed, the text escaped, the identification there */
    char *x = packet_of(&pdf);
    OK(x != NULL, "the XMP packet is in the file, uncompressed");
    if (x) {
        buf xb = {x, strlen(x), strlen(x) + 1};
        OK(find(&xb, "begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"") != NULL,
           "the xpacket header has the BOM and the usual id");
        OK(find(&xb, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">"
                     "\xc3\x9c"
                     "berblick &lt;Tom &amp; &quot;Jerry&quot;&gt; &#39;n&#39; "
                     "\xe6\x9d\xb1\xe4\xba\xac</rdf:li></rdf:Alt></dc:title>") != NULL,
           "dc:title: the title, XML-escaped, as the x-default alternative");
        OK(find(&xb, "<dc:creator><rdf:Seq><rdf:li>Ada \xf0\x9f\x98\x80 "
                     "Lovelace</rdf:li></rdf:Seq></dc:creator>") != NULL,
           "dc:creator: the author, its control character dropped");
        OK(find(&xb, ">A test  of two lines<") != NULL, "dc:description: CR LF become spaces");
        OK(find(&xb, "<pdf:Keywords>pdf, archive</pdf:Keywords>") != NULL, "pdf:Keywords");
        OK(find(&xb, "<pdf:Producer>" PDFA_PRODUCER "</pdf:Producer>") != NULL, "pdf:Producer");
        OK(find(&xb, "<xmp:CreatorTool>imprint</xmp:CreatorTool>") != NULL, "xmp:CreatorTool");
        OK(find(&xb, "<xmp:CreateDate>2026-03-30T12:00:00Z</xmp:CreateDate>") != NULL,
           "xmp:CreateDate");
        OK(find(&xb, "<xmp:ModifyDate>2026-03-30T12:00:00Z</xmp:ModifyDate>") != NULL,
           "xmp:ModifyDate");
        OK(find(&xb, "<xmp:MetadataDate>2026-03-30T12:00:00Z</xmp:MetadataDate>") != NULL,
           "xmp:MetadataDate");
        OK(find(&xb, "<dc:format>application/pdf</dc:format>") != NULL, "dc:format");
        OK(find(&xb, "<pdfaid:part>2</pdfaid:part>") != NULL, "pdfaid:part 2");
        OK(find(&xb, "<pdfaid:conformance>A</pdfaid:conformance>") != NULL, "pdfaid:conformance");
        OK(find(&xb, "<pdfuaid:part>1</pdfuaid:part>") != NULL, "pdfuaid:part 1");
        OK(find(&xb, "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/"
                     "</pdfaSchema:namespaceURI>") != NULL &&
               find(&xb, "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>") != NULL &&
               find(&xb, "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>") != NULL,
           "the extension schema declares pdfuaid:part");
        bool clean = true;
        for (const char *c = x; *c; c++)
            if ((unsigned char)*c < 0x20 && *c != '\n')
                clean = false;
        OK(clean, "no control characters in the packet");
        /* the stream's dictionary: the last one before the packet */
        const char *obj = NULL;
        for (const char *o = pdf.data; (o = find_in(o, (size_t)(pdf.data + pdf.len - o), " obj"));
             o++) {
            if (o > find(&pdf, "<?xpacket begin="))
                break;
            obj = o;
        }
        size_t dict_len = (size_t)(find(&pdf, "<?xpacket begin=") - obj);
        OK(obj && find_in(obj, dict_len, "/Type /Metadata") &&
               find_in(obj, dict_len, "/Subtype /XML") && !find_in(obj, dict_len, "/Filter"),
           "the metadata stream is /Type /Metadata /Subtype /XML, without a filter");
        free(x);
    }
    OK(find(&pdf, "/Metadata ") != NULL, "the catalog points at it");

    /* Info: UTF-16BE with BOM, as hex strings; libharu's Producer replaced */
    OK(has_nocase(&pdf,
                  "/Title <FEFF00DC0062006500720062006C00690063006B0020003C0054006F006D"
                  "0020002600200022004A00650072007200790022003E00200027006E0027002067714EAC>"),
       "Info Title: the title in UTF-16BE after FE FF");
    OK(has_nocase(&pdf, "/Author <FEFF0041006400610020D83DDE000020004C006F00760065006C0061"
                        "00630065>"),
       "Info Author: a surrogate pair, no control character");
    OK(find(&pdf, "/Creator (imprint)") != NULL, "Info Creator");
    /* libharu writes "(", ")" and "/" in literal strings as octal escapes */
    OK(find(&pdf, "/Producer (imprint \\050libharu 2.3.0\\051)") != NULL, "Info Producer");
    OK(find(&pdf, "Haru Free PDF") == NULL, "libharu's own Producer is gone");
    OK(find(&pdf, "/CreationDate (D:20260330120000Z)") != NULL, "Info CreationDate");
    OK(find(&pdf, "/ModDate (D:20260330120000Z)") != NULL, "Info ModDate");

    /* the catalog, the output intent, the trailer */
    OK(find(&pdf, "/Lang (de-CH)") != NULL, "catalog Lang");
    OK(find(&pdf, "/DisplayDocTitle true") != NULL, "ViewerPreferences DisplayDocTitle");
    OK(find(&pdf, "/OutputIntents [") != NULL && find(&pdf, "/S /GTS_PDFA1") != NULL &&
           find(&pdf, "/OutputConditionIdentifier (sRGB IEC61966-2.1)") != NULL &&
           find(&pdf, "/RegistryName (http:\\057\\057www.color.org)") != NULL &&
           find(&pdf, "/DestOutputProfile ") != NULL && find(&pdf, "/N 3") != NULL,
       "an sRGB output intent with its profile");
    const char *tr = find(&pdf, "trailer");
    OK(tr && has_nocase(&pdf, "/ID [ <900150983CD24FB0D6963F7D28E17F72> "
                              "<900150983CD24FB0D6963F7D28E17F72> ]"),
       "trailer ID: twice MD5(\"abc\")");
    OK(find(&pdf, "/MarkInfo") == NULL && find(&pdf, "/StructTreeRoot") == NULL,
       "no tagging added");

    /* reproducible */
    INT_EQ(make_pdf(&m, &again, &errs), 0, "a second document");
    OK(again.len == pdf.len && memcmp(again.data, pdf.data, pdf.len) == 0,
       "the same metadata gives the same bytes");

    const char *out = getenv("TEST_PDFA_OUT");
    if (out && *out) {
        FILE *f = fopen(out, "wb");
        OK(f && fwrite(pdf.data, 1, pdf.len, f) == pdf.len && fclose(f) == 0,
           "wrote TEST_PDFA_OUT");
    }
    buf_free(&pdf);
    buf_free(&again);
    err_list_free(&errs);
}

/* Level U without PDF/UA, no author, subject or keywords: left out of both places. */
static void test_minimal(void)
{
    buf pdf = BUF_INIT;
    err_list errs = ERR_LIST_INIT;
    pdfa_meta m = {.title = "Plain", .lang = "en", .date = 0, .conformance = 'U'};
    INT_EQ(make_pdf(&m, &pdf, &errs), 0, "a minimal document");
    char *x = packet_of(&pdf);
    OK(x && strstr(x, "<pdfaid:conformance>U</pdfaid:conformance>"), "conformance U");
    OK(x && !strstr(x, "pdfuaid") && !strstr(x, "pdfaExtension"), "no PDF/UA claim");
    OK(x && !strstr(x, "dc:creator") && !strstr(x, "dc:description") && !strstr(x, "pdf:Keywords"),
       "empty fields are left out of the XMP");
    OK(x && strstr(x, "<xmp:CreateDate>1970-01-01T00:00:00Z</xmp:CreateDate>"), "the epoch");
    OK(!find(&pdf, "/Author") && !find(&pdf, "/Subject") && !find(&pdf, "/Keywords"),
       "empty fields are left out of Info");
    OK(find(&pdf, "/ID [ <") != NULL, "without a seed, an ID all the same");
    free(x);
    buf_free(&pdf);
    err_list_free(&errs);
}

static void test_refusals(void)
{
    buf pdf = BUF_INIT;
    err_list errs = ERR_LIST_INIT;
    pdfa_meta m = full_meta();
    m.title = " \x01 ";
    INT_EQ(make_pdf(&m, &pdf, &errs), -1, "a title of nothing but spaces and controls");
    m = full_meta();
    m.lang = "";
    INT_EQ(make_pdf(&m, &pdf, &errs), -1, "no language");
    m.lang = "en US";
    INT_EQ(make_pdf(&m, &pdf, &errs), -1, "not a language tag");
    m = full_meta();
    m.conformance = 'B';
    INT_EQ(make_pdf(&m, &pdf, &errs), -1, "level B is not ours to claim");
    m = full_meta();
    m.date = -1;
    INT_EQ(make_pdf(&m, &pdf, &errs), -1, "a date before 1970");
    INT_EQ(errs.errors, 5, "one error each");
    INT_EQ(pdf.len, 0, "nothing saved");
    buf_free(&pdf);
    err_list_free(&errs);
}

static uint32_t be32_at(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The tag table entry with signature sig: its element's offset and size. */
static bool icc_tag(const unsigned char *p, size_t len, const char *sig, uint32_t *off,
                    uint32_t *size)
{
    uint32_t n = be32_at(p + 128);
    for (uint32_t i = 0; i < n && 132 + 12 * (i + 1) <= len; i++) {
        const unsigned char *e = p + 132 + 12 * i;
        if (memcmp(e, sig, 4) == 0) {
            *off = be32_at(e + 4);
            *size = be32_at(e + 8);
            return true;
        }
    }
    return false;
}

static void test_profile(void)
{
    buf icc = BUF_INIT;
    pdfa_srgb_profile(&icc);
    const unsigned char *p = (const unsigned char *)icc.data;
    OK(icc.len > 132, "a profile");
    if (icc.len <= 132)
        return;
    INT_EQ(be32_at(p), icc.len, "the size field is the length");
    INT_EQ(p[8], 2, "version 2");
    OK(memcmp(p + 12, "mntr", 4) == 0, "a display profile");
    OK(memcmp(p + 16, "RGB ", 4) == 0, "of RGB");
    OK(memcmp(p + 20, "XYZ ", 4) == 0, "to XYZ");
    OK(memcmp(p + 36, "acsp", 4) == 0, "'acsp' at 36");
    INT_EQ(be32_at(p + 68), 0xf6d6, "D50 X");
    INT_EQ(be32_at(p + 72), 0x10000, "D50 Y");
    INT_EQ(be32_at(p + 76), 0xd32d, "D50 Z");
    INT_EQ(be32_at(p + 128), 9, "nine tags");
    static const char *sigs[] = {"desc", "cprt", "wtpt", "rXYZ", "gXYZ",
                                 "bXYZ", "rTRC", "gTRC", "bTRC"};
    bool inside = true;
    uint32_t off[9] = {0}, size[9] = {0};
    for (int i = 0; i < 9; i++) {
        OK(icc_tag(p, icc.len, sigs[i], &off[i], &size[i]), sigs[i]);
        if (off[i] % 4 || off[i] < 132 + 12 * 9 || off[i] + size[i] > icc.len)
            inside = false;
    }
    OK(inside, "every element aligned and inside the profile");
    if (!inside)
        goto out;
    OK(memcmp(p + off[0], "desc", 4) == 0 && memcmp(p + off[1], "text", 4) == 0 &&
           memcmp(p + off[2], "XYZ ", 4) == 0 && memcmp(p + off[6], "curv", 4) == 0,
       "element types");
    /* the colorants add up to the white point: RGB white is D50 */
    for (int c = 0; c < 3; c++) {
        int32_t sum = 0;
        for (int k = 3; k < 6; k++)
            sum += (int32_t)be32_at(p + off[k] + 8 + 4 * c);
        INT_EQ(sum, be32_at(p + off[2] + 8 + 4 * c), "colorants sum to the white point");
    }
    /* red's X is sRGB's 0.4361 under D50 (the usual value) */
    int32_t rx = (int32_t)be32_at(p + off[3] + 8);
    OK(abs(rx - 28578) <= 3, "red X about 0.4361");
    uint32_t n = be32_at(p + off[6] + 8);
    INT_EQ(size[6], 12 + 2 * n, "curve size");
    const unsigned char *c = p + off[6] + 12;
    OK(c[0] == 0 && c[1] == 0 && c[2 * n - 2] == 0xff && c[2 * n - 1] == 0xff,
       "the curve runs from 0 to 1");
    unsigned mid = (unsigned)c[n] << 8 | c[n + 1]; /* entry n/2: about 0.5 -> 0.214 */
    OK(mid > 13900 && mid < 14200, "the sRGB curve's middle");
    buf again = BUF_INIT;
    pdfa_srgb_profile(&again);
    OK(again.len == icc.len && memcmp(again.data, icc.data, icc.len) == 0, "deterministic");
    buf_free(&again);
out:
    buf_free(&icc);
}

int main(void)
{
    test_profile();
    test_document();
    test_minimal();
    test_refusals();
    return test_summary("test_pdfa");
}
