/* test_image.c - image formats from content, EXIF orientation, JPEG markers, the PDF's
 * image loading (tests/fixtures/images), and the {width=...} attributes after images. */
#include "core/imgattr.h"
#include "core/markdown.h"
#include "pdf/image.h"
#include "test.h"

#include <stdlib.h>

#define FIX "tests/fixtures/images/"

static img_format sniff_str(const char *s)
{
    return img_sniff((const unsigned char *)s, strlen(s));
}

static void test_sniff(void)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
    static const unsigned char jpg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16};
    static const unsigned char bmp[] = {'B', 'M', 60, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0};
    INT_EQ(img_sniff(png, sizeof png), IMG_PNG, "PNG signature");
    INT_EQ(img_sniff(png, 7), IMG_UNKNOWN, "a PNG signature cut short");
    INT_EQ(img_sniff(jpg, sizeof jpg), IMG_JPEG, "JPEG SOI and a marker");
    INT_EQ(img_sniff(bmp, sizeof bmp), IMG_BMP, "BMP header");
    INT_EQ(sniff_str("GIF89a\x60\0\x40\0"), IMG_GIF, "GIF89a");
    INT_EQ(sniff_str("GIF87a\x60\0\x40\0"), IMG_GIF, "GIF87a");
    INT_EQ(img_sniff((const unsigned char *)"RIFF\x20\0\0\0WEBPVP8L", 16), IMG_WEBP, "WebP");
    INT_EQ(img_sniff((const unsigned char *)"RIFF\x20\0\0\0WAVEfmt ", 16), IMG_UNKNOWN,
           "a RIFF that is not WebP");
    INT_EQ(img_sniff((const unsigned char *)"II*\0\x08\0\0\0", 8), IMG_TIFF, "TIFF");
    INT_EQ(img_sniff((const unsigned char *)"\0\0\0\x1c"
                                            "ftypavif",
                     12),
           IMG_AVIF, "AVIF");
    INT_EQ(img_sniff((const unsigned char *)"\0\0\0\x18"
                                            "ftypheic",
                     12),
           IMG_HEIC, "HEIC");
    INT_EQ(sniff_str("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), IMG_SVG, "bare <svg");
    INT_EQ(sniff_str("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- made by hand -->\n"
                     "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\" [\n"
                     "  <!ENTITY a \"<b>\">\n]>\n<svg>"),
           IMG_SVG, "BOM, declaration, comment, DOCTYPE with an internal subset");
    INT_EQ(sniff_str("<html><svg></svg></html>"), IMG_UNKNOWN, "an SVG inside HTML is HTML");
    INT_EQ(sniff_str("<svgfoo>"), IMG_UNKNOWN, "<svgfoo is not <svg");
    INT_EQ(sniff_str("<!-- never closed <svg>"), IMG_UNKNOWN, "an unclosed comment");
    INT_EQ(sniff_str("not a png"), IMG_UNKNOWN, "text");
    INT_EQ(img_sniff(NULL, 0), IMG_UNKNOWN, "nothing");
    STR_EQ(img_format_name(IMG_WEBP), "WebP", "format names");
    STR_EQ(img_format_name((img_format)99), "unknown", "an out-of-range format");
}

/* An EXIF TIFF block with one IFD0 entry (tag, type, count, a SHORT value). */
static size_t exif(unsigned char *t, bool le, unsigned tag, unsigned type, unsigned count,
                   unsigned v)
{
    unsigned char *p = t;
#define W16(v) (le ? (*p++ = (v)&255, *p++ = (v) >> 8) : (*p++ = (v) >> 8, *p++ = (v)&255))
#define W32(v) (le ? (W16((v)&0xffff), W16((v) >> 16)) : (W16((v) >> 16), W16((v)&0xffff)))
    *p++ = le ? 'I' : 'M', *p++ = le ? 'I' : 'M';
    W16(42u), W32(8u), W16(1u), W16(tag), W16(type), W32(count), W16(v), W16(0u), W32(0u);
#undef W16
#undef W32
    return (size_t)(p - t);
}

static void test_exif(void)
{
    unsigned char t[64];
    size_t n = exif(t, false, 0x0112, 3, 1, 6);
    INT_EQ(img_exif_orientation(t, n), 6, "big-endian orientation 6");
    n = exif(t, true, 0x0112, 3, 1, 8);
    INT_EQ(img_exif_orientation(t, n), 8, "little-endian orientation 8");
    n = exif(t, true, 0x0112, 3, 1, 9);
    INT_EQ(img_exif_orientation(t, n), 1, "orientation 9 is out of range");
    n = exif(t, true, 0x0112, 4, 1, 6);
    INT_EQ(img_exif_orientation(t, n), 1, "a LONG orientation is malformed");
    n = exif(t, true, 0x0110, 3, 1, 6);
    INT_EQ(img_exif_orientation(t, n), 1, "no orientation tag");
    n = exif(t, false, 0x0112, 3, 1, 3);
    INT_EQ(img_exif_orientation(t, n - 6), 1, "an entry cut short is not read");
    t[7] = 200; /* IFD0 offset past the end (big-endian) */
    INT_EQ(img_exif_orientation(t, n), 1, "an IFD offset past the end");
    memset(t + 4, 0xff, 4);
    INT_EQ(img_exif_orientation(t, n), 1, "an IFD offset of 4 GB");
    INT_EQ(img_exif_orientation((const unsigned char *)"MM\0*", 4), 1, "a header alone");
    INT_EQ(img_exif_orientation((const unsigned char *)"XX\0*\0\0\0\x08\0\0", 10), 1,
           "an unknown byte order");
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *p = NULL;
    *n = 0;
    if (!f)
        return NULL;
    p = malloc(1 << 20);
    *n = fread(p, 1, 1 << 20, f);
    fclose(f);
    return p;
}

static void test_jpeg(void)
{
    static const struct {
        const char *file;
        int sof, components, w, h, orientation;
        bool adobe;
    } cases[] = {
        {"jpeg-baseline.jpg", 0xC0, 3, 96, 64, 1, false},
        {"jpeg-progressive.jpg", 0xC2, 3, 96, 64, 1, false},
        {"jpeg-gray.jpg", 0xC0, 1, 96, 64, 1, false},
        {"jpeg-cmyk-adobe.jpg", 0xC0, 4, 96, 64, 1, true},
        {"jpeg-cmyk-plain.jpg", 0xC0, 4, 96, 64, 1, false},
        {"jpeg-exif6.jpg", 0xC0, 3, 64, 96, 6, false},
        {"jpeg-exif3.jpg", 0xC0, 3, 96, 64, 3, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[256];
        size_t n;
        snprintf(path, sizeof path, FIX "%s", cases[i].file);
        unsigned char *p = slurp(path, &n);
        img_jpeg_info ji;
        buf why = BUF_INIT;
        OK(p && img_jpeg_inspect(p, n, &ji, &why) == 0, cases[i].file);
        if (p && img_jpeg_inspect(p, n, &ji, &why) == 0) {
            INT_EQ(ji.sof, cases[i].sof, cases[i].file);
            INT_EQ(ji.components, cases[i].components, cases[i].file);
            INT_EQ(ji.width, cases[i].w, cases[i].file);
            INT_EQ(ji.height, cases[i].h, cases[i].file);
            INT_EQ(ji.orientation, cases[i].orientation, cases[i].file);
            INT_EQ(ji.adobe, cases[i].adobe, cases[i].file);
            INT_EQ(ji.precision, 8, cases[i].file);
            /* every cut before the frame header is refused, never read past */
            for (size_t cut = 0; cut < 40 && cut < n; cut++) {
                unsigned char *q = malloc(cut ? cut : 1);
                memcpy(q, p, cut);
                img_jpeg_info j2;
                buf w2 = BUF_INIT;
                if (img_jpeg_inspect(q, cut, &j2, &w2) == 0)
                    OK(j2.width > 0, "a cut JPEG that parses has a size");
                buf_free(&w2);
                free(q);
            }
        }
        buf_free(&why);
        free(p);
    }
    img_jpeg_info ji;
    buf why = BUF_INIT;
    static const unsigned char runs_past[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x40, 0x00, 'J'};
    OK(img_jpeg_inspect(runs_past, sizeof runs_past, &ji, &why) != 0 &&
           strstr(buf_cstr(&why), "runs past the end"),
       "a segment longer than the file");
    buf_reset(&why);
    static const unsigned char no_sof[] = {0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02};
    OK(img_jpeg_inspect(no_sof, sizeof no_sof, &ji, &why) != 0 &&
           strstr(buf_cstr(&why), "no frame header"),
       "a scan before any frame header");
    buf_free(&why);
}

/* pdf_image_open on a fixture: its format, display size and orientation. */
static void open_case(pdf_images *c, const char *file, img_format want, double w, double h,
                      int orientation)
{
    char path[256];
    snprintf(path, sizeof path, FIX "%s", file);
    img_format f;
    buf why = BUF_INIT;
    const pdf_image *im = pdf_image_open(c, path, &f, &why);
    OK(im != NULL, file);
    if (!im)
        fprintf(stderr, "  %s\n", buf_cstr(&why));
    INT_EQ(f, want, file);
    if (im) {
        INT_EQ(im->width, w, file);
        INT_EQ(im->height, h, file);
        INT_EQ(im->orientation, orientation, file);
        OK(pdf_image_open(c, path, &f, &why) == im, "a second open comes from the cache");
        const pdf_image *sized = pdf_image_sized(c, im, 72, 48, &why);
        OK(sized && sized->xobject, "a drawable image at 72 x 48 points");
        if (want == IMG_SVG)
            OK(sized == pdf_image_sized(c, im, 72, 48, &why) && sized != im,
               "an SVG is rasterised once a size");
    }
    buf_free(&why);
}

static void test_load(void)
{
    HPDF_Doc doc = HPDF_New(NULL, NULL);
    pdf_images *c = pdf_images_new(doc);
    open_case(c, "png-rgb16.png", IMG_PNG, 96, 64, 1);
    open_case(c, "png-interlaced-gray-alpha16.png", IMG_PNG, 96, 64, 1);
    open_case(c, "png-palette8-trns.png", IMG_PNG, 96, 64, 1);
    open_case(c, "png-gray1.png", IMG_PNG, 96, 64, 1);
    open_case(c, "png-named.jpg", IMG_PNG, 96, 64, 1);
    open_case(c, "jpeg-progressive.jpg", IMG_JPEG, 96, 64, 1);
    open_case(c, "jpeg-exif6.jpg", IMG_JPEG, 96, 64, 6);
    open_case(c, "jpeg-exif8.jpg", IMG_JPEG, 96, 64, 8);
    open_case(c, "jpeg-cmyk-adobe.jpg", IMG_JPEG, 96, 64, 1);
    open_case(c, "pattern.svg", IMG_SVG, 96, 64, 1);
    img_format f;
    buf why = BUF_INIT;
    OK(!pdf_image_open(c, FIX "pattern.gif", &f, &why) && f == IMG_GIF &&
           strstr(buf_cstr(&why), "is a GIF file") && strstr(buf_cstr(&why), "PNG"),
       "a GIF is refused by name, PNG suggested");
    buf_reset(&why);
    OK(!pdf_image_open(c, FIX "pattern.webp", &f, &why) && f == IMG_WEBP &&
           strstr(buf_cstr(&why), "is a WebP file"),
       "a WebP is refused by name");
    buf_reset(&why);
    OK(!pdf_image_open(c, FIX "expected.json", &f, &why) && f == IMG_UNKNOWN &&
           strstr(buf_cstr(&why), "not PNG, JPEG or SVG"),
       "a file that is no image");
    buf_reset(&why);
    OK(!pdf_image_open(c, FIX "no-such.png", &f, &why) && f == IMG_UNKNOWN &&
           strstr(buf_cstr(&why), "cannot be read"),
       "a missing file");
    buf_free(&why);
    pdf_images_free(c);
    HPDF_Free(doc);
}

/* md_parse + render of one paragraph; the warnings, joined, in *warn. */
static char *render(const char *md, buf *warn)
{
    err_list e = ERR_LIST_INIT;
    md_doc *d = md_parse(md, strlen(md), "p.md", 3, NULL, false, &e);
    buf out = BUF_INIT;
    if (d)
        md_render_html(d, NULL, NULL, &out, &e);
    for (size_t i = 0; i < e.len; i++)
        buf_printf(warn, "%s\n", e.items[i].text);
    md_free(d);
    err_list_free(&e);
    return buf_detach(&out);
}

static void test_attrs(void)
{
    buf w = BUF_INIT;
    char *h = render("![A *b*](x.png){width=50%} after\n", &w);
    STR_EQ(h, "<p><img src=\"x.png\" alt=\"A b\" style=\"width:50%\"> after</p>\n",
           "a percentage width is a style; the braces leave the text");
    free(h);
    h = render("![a](x.png \"T\"){width=300px height=2in}\n", &w);
    STR_EQ(h,
           "<p><img src=\"x.png\" alt=\"a\" title=\"T\" width=\"300\" style=\"height:2in\"></p>\n",
           "a pixel width is an attribute, a height a style; the title stays");
    free(h);
    h = render("![a](x.png){width=2.54cm}\n", &w);
    STR_EQ(h, "<p><img src=\"x.png\" alt=\"a\" width=\"96\"></p>\n", "2.54cm is 96 CSS pixels");
    free(h);
    STR_EQ(buf_cstr(&w), "", "no warnings so far");
    h = render("Text\n\n![a](x.png){wdith=3 #fig .wide height=big}\n", &w);
    STR_EQ(h, "<p>Text</p>\n<p><img src=\"x.png\" alt=\"a\"></p>\n",
           "unknown attributes are left out, braces removed");
    free(h);
    OK(strstr(buf_cstr(&w), "p.md:5:13: warning: unknown image attribute 'wdith' (did you mean "
                            "'width'?)") != NULL,
       "an unknown attribute warns at its file:line:col, with a suggestion");
    OK(strstr(buf_cstr(&w), "p.md:5:21: warning: image attribute '#fig' is not used") != NULL,
       "an id warns");
    OK(strstr(buf_cstr(&w), "p.md:5:32: warning: image height 'big' is not a positive length"),
       "a bad length warns");
    buf_reset(&w);
    h = render("![a](x.png) {width=50%}\n\n![b](y.png){width=50%\n", &w);
    STR_EQ(h,
           "<p><img src=\"x.png\" alt=\"a\"> {width=50%}</p>\n<p><img src=\"y.png\" alt=\"b\">"
           "{width=50%</p>\n",
           "braces after a space, or never closed, are text");
    free(h);
    h = render("[![a](x.png){width='10' x=a&amp;b\\_c}*then*](https://e.org) ![b](y.png){}\n", &w);
    STR_EQ(h,
           "<p><a href=\"https://e.org\"><img src=\"x.png\" alt=\"a\" width=\"10\">"
           "<em>then</em></a> <img src=\"y.png\" alt=\"b\"></p>\n",
           "braces over several text nodes (an entity, an escape), inside a link; empty braces");
    free(h);
    OK(strstr(buf_cstr(&w), "unknown image attribute 'x'") != NULL, "x= warns");
    h = render("| a |\n|---|\n| ![a](x.png){width=10} |\n", &w);
    OK(h && strstr(h, "<td><img src=\"x.png\" alt=\"a\" width=\"10\"></td>"), "in a table cell");
    free(h);
    buf_reset(&w);
    /* the PDF's view: the attributes on the node, lengths in points */
    err_list e = ERR_LIST_INIT;
    const char *md = "![a](x.png){width=50% height=1in}\n";
    md_doc *d = md_parse(md, strlen(md), "p.md", 1, NULL, false, &e);
    cmark_node *img = d ? cmark_node_first_child(cmark_node_first_child(md_doc_root(d))) : NULL;
    const md_imgattr *a = img ? md_imgattr_get(img) : NULL;
    OK(a && a->width.unit == IMG_UNIT_PCT && a->height.unit == IMG_UNIT_IN, "kept on the node");
    if (a) {
        INT_EQ(md_imglen_points(a->width, 400), 200, "50% of 400 points");
        INT_EQ(md_imglen_points(a->height, 400), 72, "1in is 72 points");
    }
    img_length px = {300, IMG_UNIT_PX}, mm = {25.4, IMG_UNIT_MM};
    INT_EQ(md_imglen_points(px, 0), 225, "300px is 225 points");
    INT_EQ(md_imglen_points(mm, 0), 72, "25.4mm is 72 points");
    OK(img && !cmark_node_next(img), "the braces' text node is gone");
    md_free(d);
    err_list_free(&e);
    buf_free(&w);
}

int main(void)
{
    test_sniff();
    test_exif();
    test_jpeg();
    test_load();
    test_attrs();
    return test_summary("test_image");
}
