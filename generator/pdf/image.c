/* image.c - pictures for the PDF: sniffing, PNG through libpng, JPEG passed through
 * (CMYK decoded by libjpeg), SVG rasterised by librsvg, the per-document cache, drawing
 * with EXIF orientation.
 *
 * Why each route (see docs/pdf.md#images):
 * - PNG: libharu's own PNG loader draws 16-bit files twice over with wrong
 *   colours, so imprint decodes every PNG itself with libpng's simplified API
 *   (any bit depth, colour type, palette with tRNS, Adam7) into 8-bit gray or
 *   RGB and, when some pixel is not opaque, an 8-bit alpha channel that becomes
 *   the image's soft mask (/SMask, PDF 1.4).
 * - JPEG, gray or YCbCr: PDF's DCTDecode filter takes a baseline or progressive
 *   JPEG as it is, so the bytes go in untouched (no loss, no growth). imprint
 *   reads the markers first (img_jpeg_inspect) to refuse what PDF readers
 *   cannot decode and to find the EXIF orientation, which pdf_image_draw
 *   applies with the page's matrix; libharu's loader finds the frame header.
 * - JPEG, CMYK or Adobe's YCCK: passed through it would be DeviceCMYK, which
 *   PDF/A forbids beside imprint's sRGB output intent (PDF/A-2 6.2.4.3), so
 *   libjpeg decodes it to CMYK samples (turning YCCK into CMYK itself) and
 *   imprint converts them to RGB pixels that go in as PNG's do (Flate, lossless
 *   from the decoded pixels). libjpeg rather than gdk-pixbuf (which librsvg
 *   pulls in): gdk-pixbuf's loader takes every CMYK JPEG for Adobe's inverted
 *   kind and draws a plain one black, while libjpeg says whether the Adobe
 *   APP14 segment is there (saw_Adobe_marker), so both kinds come out right;
 *   it is also the library behind gdk-pixbuf's loader, without its run-time
 *   loader modules. The conversion is the naive one, each of R, G, B =
 *   (255 - ink) (255 - K) / 255 with its ink C, M or Y: exact for pure inks,
 *   close for photographs; an ICC profile embedded in the file is not applied.
 * - SVG: libharu draws only raster XObjects, so librsvg renders the drawing
 *   with cairo at 300 dpi of the size it is drawn at; premultiplied ARGB is
 *   split into RGB and a soft mask as for PNG. The two libraries are loaded
 *   when the first SVG is opened (pdf/svglib.h). */
#include "pdf/image.h"
#include "pdf/svglib.h"
#include "util/err.h"
#include "util/fsutil.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h> /* before jpeglib.h, which uses FILE */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jerror.h>
#include <jpeglib.h>

#define MAX_PIXELS (50u * 1000 * 1000) /* a decoded picture: 200 MB as RGBA */
#define SVG_DPI 300.0                  /* print resolution of a rasterised SVG */
#define SVG_MAX_SIDE 6000              /* pixels: 20 inches at 300 dpi */
#define SNIFF_SVG_BYTES 65536          /* how far the prolog of an SVG may run */
#define JPEG_MAX_SCANS 1000            /* a progressive CMYK JPEG's scans (a real one has ~40) */

/* ---- sniffing ---- */

const char *img_format_name(img_format f)
{
    static const char *const names[] = {"unknown", "PNG", "JPEG", "SVG",  "GIF",
                                        "WebP",    "BMP", "TIFF", "AVIF", "HEIC"};
    return (size_t)f < sizeof names / sizeof *names ? names[f] : "unknown";
}

/* Skips the XML prolog at p[*i]: declarations, processing instructions,
 * comments, a DOCTYPE (with an internal subset) and white space. */
static void skip_prolog(const unsigned char *p, size_t n, size_t *i)
{
    for (;;) {
        while (*i < n && (p[*i] == ' ' || p[*i] == '\t' || p[*i] == '\r' || p[*i] == '\n'))
            (*i)++;
        const char *end = NULL;
        if (*i + 4 <= n && memcmp(p + *i, "<!--", 4) == 0)
            end = "-->";
        else if (*i + 2 <= n && memcmp(p + *i, "<?", 2) == 0)
            end = "?>";
        else if (*i + 2 <= n && memcmp(p + *i, "<!", 2) == 0)
            end = ">";
        if (!end)
            return;
        size_t el = strlen(end), j = *i + 2;
        int depth = 0; /* a DOCTYPE's [internal subset] may hold '>' */
        for (; j + el <= n; j++) {
            if (el == 1 && p[j] == '[')
                depth++;
            else if (el == 1 && p[j] == ']' && depth > 0)
                depth--;
            else if (depth == 0 && memcmp(p + j, end, el) == 0)
                break;
        }
        if (j + el > n)
            return;
        *i = j + el;
    }
}

static bool sniff_svg(const unsigned char *p, size_t n)
{
    size_t i = 0;
    if (n > SNIFF_SVG_BYTES)
        n = SNIFF_SVG_BYTES;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    skip_prolog(p, n, &i);
    if (i + 5 > n || memcmp(p + i, "<svg", 4) != 0)
        return false;
    unsigned char c = p[i + 4];
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/';
}

/* An ISO base media file (AVIF, HEIC): "ftyp" and a major brand. */
static img_format sniff_ftyp(const unsigned char *p, size_t n)
{
    if (n < 12 || memcmp(p + 4, "ftyp", 4) != 0)
        return IMG_UNKNOWN;
    if (memcmp(p + 8, "avif", 4) == 0 || memcmp(p + 8, "avis", 4) == 0)
        return IMG_AVIF;
    static const char *const heic[] = {"heic", "heix", "heim", "heis", "hevc", "mif1", "msf1"};
    for (size_t k = 0; k < sizeof heic / sizeof *heic; k++)
        if (memcmp(p + 8, heic[k], 4) == 0)
            return IMG_HEIC;
    return IMG_UNKNOWN;
}

img_format img_sniff(const unsigned char *p, size_t n)
{
    if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return IMG_PNG;
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
        return IMG_JPEG;
    if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
        return IMG_GIF;
    if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
        return IMG_WEBP;
    /* "BM", the file size, then two reserved words that are zero */
    if (n >= 14 && p[0] == 'B' && p[1] == 'M' && !p[6] && !p[7] && !p[8] && !p[9])
        return IMG_BMP;
    if (n >= 8 && (memcmp(p, "II*\0", 4) == 0 || memcmp(p, "MM\0*", 4) == 0))
        return IMG_TIFF;
    img_format f = sniff_ftyp(p, n);
    if (f != IMG_UNKNOWN)
        return f;
    return sniff_svg(p, n) ? IMG_SVG : IMG_UNKNOWN;
}

/* ---- JPEG markers and EXIF ---- */

static unsigned rd16(const unsigned char *p, bool le)
{
    return le ? (unsigned)p[0] | (unsigned)p[1] << 8 : (unsigned)p[0] << 8 | p[1];
}

static uint32_t rd32(const unsigned char *p, bool le)
{
    return le ? (uint32_t)rd16(p, true) | (uint32_t)rd16(p + 2, true) << 16
              : (uint32_t)rd16(p, false) << 16 | rd16(p + 2, false);
}

int img_exif_orientation(const unsigned char *t, size_t n)
{
    if (n < 8)
        return 1;
    bool le = t[0] == 'I' && t[1] == 'I';
    if (!le && !(t[0] == 'M' && t[1] == 'M'))
        return 1;
    if (rd16(t + 2, le) != 42)
        return 1;
    uint32_t ifd = rd32(t + 4, le);
    if (ifd > n - 2)
        return 1;
    unsigned count = rd16(t + ifd, le);
    for (unsigned k = 0; k < count; k++) {
        size_t e = (size_t)ifd + 2 + (size_t)k * 12;
        if (e + 12 > n)
            break;
        if (rd16(t + e, le) != 0x0112)
            continue;
        /* SHORT (type 3), one value, held in the first half of the value field */
        if (rd16(t + e + 2, le) != 3 || rd32(t + e + 4, le) != 1)
            return 1;
        unsigned v = rd16(t + e + 8, le);
        return v >= 1 && v <= 8 ? (int)v : 1;
    }
    return 1;
}

/* A start-of-frame marker: C0-CF but DHT (C4), JPG (C8) and DAC (CC). */
static bool is_sof(unsigned m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* Reads one marker segment's payload (seg, len bytes) into info. */
static void jpeg_segment(unsigned m, const unsigned char *seg, size_t len, img_jpeg_info *info)
{
    if (m == 0xE1 && len >= 6 && memcmp(seg, "Exif\0\0", 6) == 0)
        info->orientation = img_exif_orientation(seg + 6, len - 6);
    else if (m == 0xEE && len >= 12 && memcmp(seg, "Adobe", 5) == 0)
        info->adobe = true;
    else if (is_sof(m) && !info->sof && len >= 6) {
        info->sof = (int)m;
        info->precision = seg[0];
        info->height = (int)rd16(seg + 1, false);
        info->width = (int)rd16(seg + 3, false);
        info->components = seg[5];
    }
}

int img_jpeg_inspect(const unsigned char *p, size_t n, img_jpeg_info *info, buf *why)
{
    memset(info, 0, sizeof *info);
    info->orientation = 1;
    if (n < 4 || p[0] != 0xFF || p[1] != 0xD8) {
        buf_puts(why, "it does not start with a JPEG start-of-image marker");
        return -1;
    }
    size_t i = 2;
    while (i < n) {
        if (p[i] != 0xFF) {
            buf_printf(why, "a marker is expected at byte %zu", i);
            return -1;
        }
        while (i < n && p[i] == 0xFF) /* fill bytes */
            i++;
        if (i >= n)
            break;
        unsigned m = p[i++];
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) /* TEM, RSTn: no length */
            continue;
        if (m == 0xDA || m == 0xD9) /* the first scan, or the end */
            break;
        if (i + 2 > n || rd16(p + i, false) < 2 || i + rd16(p + i, false) > n) {
            buf_printf(why, "the segment of marker FF%02X at byte %zu runs past the end", m, i - 2);
            return -1;
        }
        size_t len = rd16(p + i, false);
        jpeg_segment(m, p + i + 2, len - 2, info);
        i += len;
    }
    if (!info->sof || info->width <= 0 || info->height <= 0) {
        buf_puts(why, "it has no frame header with its size before its first scan");
        return -1;
    }
    return 0;
}

/* ---- the cache ---- */

typedef struct entry {
    pdf_image img;      /* first member: an entry is handed out as its image */
    char *key;          /* the path; for a rasterised SVG, path, newline, size */
    unsigned char *svg; /* an SVG's bytes, kept to rasterise it at each size; else NULL */
    size_t svg_len;
} entry;

struct pdf_images {
    HPDF_Doc doc;
    strmap by_key; /* key -> entry */
    entry **all;
    size_t n, cap;
};

pdf_images *pdf_images_new(HPDF_Doc doc)
{
    pdf_images *c = xcalloc(1, sizeof *c);
    c->doc = doc;
    return c;
}

void pdf_images_free(pdf_images *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->all[i]->key);
        free(c->all[i]->svg);
        free(c->all[i]);
    }
    free(c->all);
    strmap_free(&c->by_key);
    free(c);
}

/* Records img under key (malloc'd; the entry takes it). */
static entry *add_entry(pdf_images *c, char *key, const pdf_image *img)
{
    entry *e = xcalloc(1, sizeof *e);
    e->img = *img;
    e->key = key;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->all = xrealloc(c->all, c->cap * sizeof *c->all);
    }
    c->all[c->n++] = e;
    strmap_put(&c->by_key, e->key, e);
    return e;
}

/* ---- pixels into the document ---- */

/* Loads w x h pixels of ch channels (1 gray or 3 RGB) plus, unless alpha is
 * NULL, an alpha channel as its soft mask. Returns the image or NULL. */
static HPDF_Image raw_image(pdf_images *c, const unsigned char *px, unsigned w, unsigned h, int ch,
                            const unsigned char *alpha)
{
    HPDF_Image im = HPDF_LoadRawImageFromMem(c->doc, px, w, h,
                                             ch == 3 ? HPDF_CS_DEVICE_RGB : HPDF_CS_DEVICE_GRAY, 8);
    if (!im || !alpha)
        return im;
    HPDF_Image mask = HPDF_LoadRawImageFromMem(c->doc, alpha, w, h, HPDF_CS_DEVICE_GRAY, 8);
    if (!mask || HPDF_Image_AddSMask(im, mask) != HPDF_OK)
        return NULL;
    /* soft masks are PDF 1.4; libharu has no call that says so, only this field */
    if (c->doc->pdf_version < HPDF_VER_14)
        c->doc->pdf_version = HPDF_VER_14;
    return im;
}

/* Splits npx pixels of ch colour channels followed by alpha into color and
 * alpha; returns whether some pixel is not fully opaque. */
static bool split_alpha(const unsigned char *px, size_t npx, int ch, unsigned char *color,
                        unsigned char *alpha)
{
    bool translucent = false;
    for (size_t i = 0; i < npx; i++) {
        memcpy(color + i * (size_t)ch, px + i * (size_t)(ch + 1), (size_t)ch);
        alpha[i] = px[i * (size_t)(ch + 1) + (size_t)ch];
        translucent |= alpha[i] != 255;
    }
    return translucent;
}

/* ---- PNG ---- */

static int load_png(pdf_images *c, const unsigned char *p, size_t n, pdf_image *img, buf *why)
{
    png_image pi;
    unsigned char *px = NULL, *color = NULL, *alpha = NULL;
    int rc = -1;
    memset(&pi, 0, sizeof pi);
    pi.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&pi, p, n)) {
        buf_printf(why, "cannot be read as PNG: %s", pi.message);
        return -1;
    }
    size_t npx = (size_t)pi.width * pi.height;
    if (npx > MAX_PIXELS) {
        buf_printf(why, "is %ux%u pixels; the PDF takes at most %u pixels an image", pi.width,
                   pi.height, MAX_PIXELS);
        png_image_free(&pi);
        return -1;
    }
    bool has_alpha = pi.format & PNG_FORMAT_FLAG_ALPHA; /* tRNS included */
    int ch = pi.format & PNG_FORMAT_FLAG_COLOR ? 3 : 1;
    pi.format =
        (ch == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY) | (has_alpha ? PNG_FORMAT_FLAG_ALPHA : 0);
    /* a 16-bit file without gAMA or sRGB is sRGB, as browsers show it, not linear */
    pi.flags |= PNG_IMAGE_FLAG_16BIT_sRGB;
    px = xmalloc(npx * (size_t)(ch + has_alpha));
    if (!png_image_finish_read(&pi, NULL, px, 0, NULL)) {
        buf_printf(why, "cannot be read as PNG: %s", pi.message);
        goto out;
    }
    if (has_alpha) {
        color = xmalloc(npx * (size_t)ch);
        alpha = xmalloc(npx);
        if (!split_alpha(px, npx, ch, color, alpha))
            free(alpha), alpha = NULL; /* every pixel opaque: no mask */
    }
    img->xobject = raw_image(c, color ? color : px, pi.width, pi.height, ch, alpha);
    if (!img->xobject) {
        HPDF_ResetError(c->doc);
        buf_puts(why, "cannot be put in the PDF (libharu refused its pixels)");
        goto out;
    }
    img->width = pi.width;
    img->height = pi.height;
    rc = 0;
out:
    free(px);
    free(color);
    free(alpha);
    return rc;
}

/* ---- JPEG ---- */

/* Why a frame type cannot go in a PDF, or NULL when it can. */
static const char *jpeg_refusal(int sof)
{
    if (sof == 0xC0 || sof == 0xC1 || sof == 0xC2)
        return NULL;
    if (sof == 0xC3)
        return "lossless";
    if (sof >= 0xC5 && sof <= 0xC7)
        return "hierarchical";
    return "arithmetic-coded";
}

/* libjpeg's error manager: an error, or a warning that loses pixels, ends the
 * decoding through jmp with libjpeg's message in msg; nothing is printed. */
typedef struct jpeg_fail {
    struct jpeg_error_mgr mgr; /* first member: libjpeg's err points at it */
    jmp_buf jmp;
    char msg[JMSG_LENGTH_MAX];
} jpeg_fail;

static void jpeg_fail_exit(j_common_ptr ci)
{
    jpeg_fail *f = (jpeg_fail *)(void *)ci->err;
    ci->err->format_message(ci, f->msg);
    longjmp(f->jmp, 1);
}

/* Warnings (level -1) are corrupt data that libjpeg papers over with gray or
 * garbled blocks: a truncated file, a bad Huffman code. Only extraneous bytes
 * before a marker lose nothing. Trace messages (level >= 0) are dropped. */
static void jpeg_fail_emit(j_common_ptr ci, int level)
{
    if (level < 0 && ci->err->msg_code != JWRN_EXTRANEOUS_DATA)
        jpeg_fail_exit(ci);
}

/* Stops a progressive file of endless scans, each decoded over the whole picture. */
static void jpeg_scan_limit(j_common_ptr ci)
{
    jpeg_fail *f = (jpeg_fail *)(void *)ci->err;
    if (((j_decompress_ptr)ci)->input_scan_number <= JPEG_MAX_SCANS)
        return;
    snprintf(f->msg, sizeof f->msg, "it has over %d scans", JPEG_MAX_SCANS);
    longjmp(f->jmp, 1);
}

/* Decodes the 4-component JPEG at p (n bytes, w x h pixels as img_jpeg_inspect
 * read them) into w * h * 3 bytes of RGB, which the caller frees. Returns NULL
 * with a phrase in why when libjpeg cannot decode it all. */
static unsigned char *cmyk_jpeg_rgb(const unsigned char *p, size_t n, unsigned w, unsigned h,
                                    buf *why)
{
    struct jpeg_decompress_struct d;
    struct jpeg_progress_mgr progress = {.progress_monitor = jpeg_scan_limit};
    jpeg_fail f;
    /* set after setjmp and used after longjmp: volatile, so not held in a register */
    unsigned char *volatile rgb = NULL, *volatile row = NULL;
    memset(&d, 0, sizeof d); /* jpeg_destroy_decompress is a no-op on it */
    d.err = jpeg_std_error(&f.mgr);
    f.mgr.error_exit = jpeg_fail_exit;
    f.mgr.emit_message = jpeg_fail_emit;
    if (setjmp(f.jmp)) {
        buf_printf(why, "cannot be read as JPEG: %s", f.msg);
        free(rgb);
        rgb = NULL;
        goto out;
    }
    jpeg_create_decompress(&d);
    d.progress = &progress;
    jpeg_mem_src(&d, p, (unsigned long)n);
    jpeg_read_header(&d, TRUE);
    d.out_color_space = JCS_CMYK; /* libjpeg turns YCCK into CMYK */
    jpeg_start_decompress(&d);
    if (d.output_width != w || d.output_height != h || d.output_components != 4) {
        buf_puts(why, "cannot be read as JPEG: libjpeg read another frame header than imprint");
        goto out;
    }
    /* Adobe's APP14 segment: its samples are stored inverted, 255 for no ink;
     * "paper" below is that, how much of the paper shows through an ink */
    bool adobe = d.saw_Adobe_marker;
    rgb = xmalloc((size_t)w * h * 3);
    row = xmalloc((size_t)w * 4);
    while (d.output_scanline < h) {
        unsigned char *dst = rgb + (size_t)d.output_scanline * w * 3;
        JSAMPROW rows[1] = {row};
        jpeg_read_scanlines(&d, rows, 1);
        for (size_t x = 0; x < w; x++) {
            const unsigned char *cmyk = row + x * 4;
            unsigned paper_k = adobe ? cmyk[3] : 255u - cmyk[3];
            for (int k = 0; k < 3; k++) {
                unsigned paper = adobe ? cmyk[k] : 255u - cmyk[k];
                dst[x * 3 + (size_t)k] = (unsigned char)((paper * paper_k + 127) / 255);
            }
        }
    }
    jpeg_finish_decompress(&d);
out:
    jpeg_destroy_decompress(&d);
    free(row);
    return rgb;
}

static int load_jpeg(pdf_images *c, const unsigned char *p, size_t n, pdf_image *img, buf *why)
{
    img_jpeg_info ji;
    buf reason = BUF_INIT;
    unsigned char *rgb = NULL;
    int rc = -1;
    const char *kind;
    if (img_jpeg_inspect(p, n, &ji, &reason) != 0) {
        buf_printf(why, "cannot be read as JPEG: %s", buf_cstr(&reason));
        goto out;
    }
    if ((kind = jpeg_refusal(ji.sof))) {
        buf_printf(why,
                   "is a %s JPEG, which PDF readers do not decode: save it as a baseline or "
                   "progressive JPEG, or as PNG",
                   kind);
        goto out;
    }
    if (ji.precision != 8) {
        buf_printf(why,
                   "is a %d-bit JPEG; PDF readers decode 8 bits a sample: save it with 8 bits, "
                   "or as PNG",
                   ji.precision);
        goto out;
    }
    if (ji.components != 1 && ji.components != 3 && ji.components != 4) {
        buf_printf(why, "is a JPEG of %d colour components; the PDF takes 1 (gray), 3 or 4",
                   ji.components);
        goto out;
    }
    if (ji.components == 4) { /* CMYK or YCCK: decoded to RGB pixels (see the top) */
        unsigned w = (unsigned)ji.width, h = (unsigned)ji.height;
        if ((size_t)w * h > MAX_PIXELS) {
            buf_printf(why, "is %ux%u pixels; the PDF takes at most %u pixels an image", w, h,
                       MAX_PIXELS);
            goto out;
        }
        if (!(rgb = cmyk_jpeg_rgb(p, n, w, h, why)))
            goto out;
        if (!(img->xobject = raw_image(c, rgb, w, h, 3, NULL))) {
            HPDF_ResetError(c->doc);
            buf_puts(why, "cannot be put in the PDF (libharu refused its pixels)");
            goto out;
        }
    } else if (n > 0xFFFFFFFFu) { /* libharu takes a 32-bit length */
        buf_puts(why, "is a JPEG over 4 GB; the PDF takes smaller ones");
        goto out;
    } else if (!(img->xobject = HPDF_LoadJpegImageFromMem(c->doc, p, (HPDF_UINT)n))) {
        HPDF_ResetError(c->doc);
        buf_puts(why, "cannot be read as JPEG: libharu did not find its frame header");
        goto out;
    }
    bool turned = ji.orientation >= 5; /* a quarter turn: width and height swap */
    img->orientation = ji.orientation;
    img->width = turned ? ji.height : ji.width;
    img->height = turned ? ji.width : ji.height;
    rc = 0;
out:
    buf_free(&reason);
    free(rgb);
    return rc;
}

/* ---- SVG ---- */

/* Appends "lead: " and librsvg's message (or fallback), on one line: its
 * messages end with a newline and may hold more. */
static void put_gerror(buf *why, const char *lead, const GError *err, const char *fallback)
{
    const char *m = err && err->message ? err->message : fallback;
    size_t n = strlen(m);
    while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' ' || m[n - 1] == '\r'))
        n--;
    buf_printf(why, "%s: ", lead);
    for (size_t i = 0; i < n; i++)
        buf_putc(why, m[i] == '\n' || m[i] == '\r' ? ' ' : m[i]);
}

/* Parses an SVG for its size in CSS pixels: its width and height, else its
 * viewBox. Returns 0, or -1 with a phrase in why. */
static int svg_probe(const unsigned char *p, size_t n, pdf_image *img, buf *why)
{
    const svglib *lib = svglib_get(why);
    if (!lib)
        return -1;
    GError *err = NULL;
    RsvgHandle *h = lib->rsvg_handle_new_from_data(p, n, &err);
    if (!h) {
        put_gerror(why, "cannot be read as SVG", err, "librsvg refused it");
        if (err)
            lib->g_error_free(err);
        return -1;
    }
    lib->rsvg_handle_set_dpi(h, 96);
    double w = 0, hh = 0;
    if (!lib->rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hh)) {
        gboolean has_w, has_h, has_vb;
        RsvgLength lw, lh;
        RsvgRectangle vb;
        lib->rsvg_handle_get_intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
        if (has_vb)
            w = vb.width, hh = vb.height;
    }
    lib->g_object_unref(h);
    if (!(w > 0 && hh > 0 && w < 1e6 && hh < 1e6)) {
        buf_puts(why, "is an SVG without a size: give its <svg> a width and height, or a viewBox");
        return -1;
    }
    img->width = w;
    img->height = hh;
    return 0;
}

/* Unpremultiplies cairo's ARGB32 (native-endian words) into RGB and alpha;
 * returns whether some pixel is not fully opaque. */
static bool unpremultiply(const unsigned char *data, int stride, int w, int h, unsigned char *rgb,
                          unsigned char *alpha)
{
    bool translucent = false;
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            uint32_t v = row[x];
            unsigned a = v >> 24, ch[3] = {(v >> 16) & 255, (v >> 8) & 255, v & 255};
            size_t i = (size_t)y * (size_t)w + (size_t)x;
            for (int k = 0; k < 3; k++)
                rgb[i * 3 + (size_t)k] = (unsigned char)(a ? (ch[k] * 255 + a / 2) / a : 255);
            alpha[i] = (unsigned char)a;
            translucent |= a != 255;
        }
    }
    return translucent;
}

/* Renders the SVG of e at pw x ph pixels into the document. Returns the image,
 * or NULL with a phrase in why. Only an SVG that svg_probe read gets here, so
 * its libraries are loaded. */
static HPDF_Image svg_raster(pdf_images *c, const entry *e, int pw, int ph, buf *why)
{
    const svglib *lib = svglib_get(why);
    GError *err = NULL;
    HPDF_Image im = NULL;
    unsigned char *rgb = NULL, *alpha = NULL;
    RsvgHandle *h = lib->rsvg_handle_new_from_data(e->svg, e->svg_len, &err);
    cairo_surface_t *s = lib->cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pw, ph);
    cairo_t *cr = lib->cairo_create(s);
    RsvgRectangle vp = {0, 0, pw, ph};
    if (!h || !lib->rsvg_handle_render_document(h, cr, &vp, &err)) {
        put_gerror(why, "cannot be drawn from SVG", err, "librsvg failed");
        goto out;
    }
    lib->cairo_surface_flush(s);
    if (lib->cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        buf_printf(why, "cannot be drawn from SVG: %s",
                   lib->cairo_status_to_string(lib->cairo_surface_status(s)));
        goto out;
    }
    rgb = xmalloc((size_t)pw * (size_t)ph * 3);
    alpha = xmalloc((size_t)pw * (size_t)ph);
    bool translucent = unpremultiply(lib->cairo_image_surface_get_data(s),
                                     lib->cairo_image_surface_get_stride(s), pw, ph, rgb, alpha);
    im = raw_image(c, rgb, (unsigned)pw, (unsigned)ph, 3, translucent ? alpha : NULL);
    if (!im) {
        HPDF_ResetError(c->doc);
        buf_puts(why, "cannot be put in the PDF (libharu refused its pixels)");
    }
out:
    if (err)
        lib->g_error_free(err);
    if (h)
        lib->g_object_unref(h);
    lib->cairo_destroy(cr);
    lib->cairo_surface_destroy(s);
    free(rgb);
    free(alpha);
    return im;
}

/* ---- opening, sizing, drawing ---- */

/* The format a file's name suggests ("PNG" for x.png), or NULL. */
static const char *name_format(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return NULL;
    if (strcasecmp(dot, ".png") == 0)
        return "PNG";
    if (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0)
        return "JPEG";
    if (strcasecmp(dot, ".svg") == 0)
        return "SVG";
    return NULL;
}

/* Decodes the n bytes at p of format f into img. Returns 0, or -1 with why. */
static int load(pdf_images *c, const char *path, const unsigned char *p, size_t n, pdf_image *img,
                buf *why)
{
    const char *named = name_format(path);
    switch (img->format) {
    case IMG_PNG:
        return load_png(c, p, n, img, why);
    case IMG_JPEG:
        return load_jpeg(c, p, n, img, why);
    case IMG_SVG:
        return svg_probe(p, n, img, why);
    case IMG_UNKNOWN:
        if (named)
            buf_printf(why, "cannot be read as %s: its content is not PNG, JPEG or SVG", named);
        else
            buf_puts(why, "cannot be read: its content is not PNG, JPEG or SVG");
        return -1;
    default:
        buf_printf(why,
                   "is a %s file, which the PDF does not take: save it as PNG (or JPEG for a "
                   "photograph); the website shows it as it is",
                   img_format_name(img->format));
        return -1;
    }
}

const pdf_image *pdf_image_open(pdf_images *c, const char *path, img_format *format, buf *why)
{
    entry *e = strmap_get(&c->by_key, path);
    if (e) {
        *format = e->img.format;
        return &e->img;
    }
    err_list errs = ERR_LIST_INIT;
    size_t n = 0;
    unsigned char *p = (unsigned char *)fs_read(path, &n, &errs);
    *format = IMG_UNKNOWN;
    if (!p) {
        buf_printf(why, "cannot be read (%s)", errs.len ? errs.items[0].text : path);
        err_list_free(&errs);
        return NULL;
    }
    pdf_image img = {.format = img_sniff(p, n), .orientation = 1};
    *format = img.format;
    if (load(c, path, p, n, &img, why) != 0) {
        free(p);
        return NULL;
    }
    e = add_entry(c, xstrdup(path), &img);
    if (img.format == IMG_SVG) {
        e->svg = p; /* kept: it is rasterised once it is laid out */
        e->svg_len = n;
    } else
        free(p);
    return &e->img;
}

bool pdf_image_svg_ready(void)
{
    return svglib_get(NULL) != NULL;
}

const pdf_image *pdf_image_sized(pdf_images *c, const pdf_image *img, double w, double h, buf *why)
{
    if (img->format != IMG_SVG || img->xobject)
        return img;
    const entry *base = (const entry *)img; /* img is the first member of its entry */
    double pw = ceil(w / 72 * SVG_DPI), ph = ceil(h / 72 * SVG_DPI);
    double k = fmin(1.0, SVG_MAX_SIDE / fmax(pw, ph));
    int iw = (int)fmax(1, floor(pw * k)), ih = (int)fmax(1, floor(ph * k));
    char *key = xasprintf("%s\n%dx%d", base->key, iw, ih);
    entry *e = strmap_get(&c->by_key, key);
    if (e) {
        free(key);
        return &e->img;
    }
    pdf_image r = *img;
    if (!(r.xobject = svg_raster(c, base, iw, ih, why))) {
        free(key);
        return NULL;
    }
    return &add_entry(c, key, &r)->img;
}

void pdf_image_draw(HPDF_Page page, const pdf_image *img, double x, double y, double w, double h)
{
    /* For each EXIF orientation, where image space (u, v; v up, the stored
     * picture's top row at v = 1) lands in the box (0-1, y up):
     * bx = m[0] + m[1] u + m[2] v, by = m[3] + m[4] u + m[5] v. Orientation 6
     * ("turn 90 degrees clockwise to view") puts the stored top row on the
     * box's right side and the stored left column along its top. */
    static const signed char m[9][6] = {
        {0, 1, 0, 0, 0, 1},   {0, 1, 0, 0, 0, 1},  {1, -1, 0, 0, 0, 1},
        {1, -1, 0, 1, 0, -1}, {0, 1, 0, 1, 0, -1}, {1, 0, -1, 1, -1, 0},
        {0, 0, 1, 1, -1, 0},  {0, 0, 1, 0, 1, 0},  {1, 0, -1, 0, 1, 0},
    };
    const signed char *t = m[img->orientation >= 1 && img->orientation <= 8 ? img->orientation : 1];
    HPDF_Page_GSave(page);
    HPDF_Page_Concat(page, (HPDF_REAL)(w * t[1]), (HPDF_REAL)(h * t[4]), (HPDF_REAL)(w * t[2]),
                     (HPDF_REAL)(h * t[5]), (HPDF_REAL)(x + w * t[0]), (HPDF_REAL)(y + h * t[3]));
    HPDF_Page_ExecuteXObject(page, img->xobject);
    HPDF_Page_GRestore(page);
}
