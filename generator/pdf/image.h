/* image.h - pictures for the PDF: the format read from a file's content, each
 * format decoded into what libharu draws, a cache of the loaded images of one
 * document, and drawing with a JPEG's EXIF orientation.
 *
 * Routes: PNG is decoded by libpng (every bit depth, colour type and Adam7
 * interlacing) to 8-bit gray or RGB plus an 8-bit alpha channel drawn as a
 * soft mask; a gray or YCbCr JPEG (baseline or progressive) goes into the PDF
 * as it is, a DCTDecode stream, after imprint has read its frame header and
 * EXIF orientation; a CMYK or YCCK JPEG is decoded by libjpeg and goes in as
 * RGB pixels, as PDF/A allows no DeviceCMYK beside an sRGB output intent; SVG
 * is rasterised by librsvg at 300 dpi of the size it is drawn at (libharu
 * cannot take vector content). GIF, WebP and the other formats the sniffer
 * knows are refused with a message naming them. */
#ifndef IMPRINT_PDF_IMAGE_H
#define IMPRINT_PDF_IMAGE_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* Every format the sniffer recognises; only PNG, JPEG and SVG go in the PDF. */
typedef enum img_format {
    IMG_UNKNOWN,
    IMG_PNG,
    IMG_JPEG,
    IMG_SVG,
    IMG_GIF,
    IMG_WEBP,
    IMG_BMP,
    IMG_TIFF,
    IMG_AVIF,
    IMG_HEIC,
} img_format;

/* The format of the n bytes at p from their content alone (the name plays no
 * part: a PNG named x.jpg is a PNG). An SVG is text whose first tag, after an
 * optional byte order mark, XML declaration, comments and DOCTYPE, is <svg. */
img_format img_sniff(const unsigned char *p, size_t n);
/* "PNG", "JPEG", "SVG", "GIF", ...; "unknown" for IMG_UNKNOWN. */
const char *img_format_name(img_format f);

/* What imprint reads of a JPEG before passing its bytes through (or, for 4
 * components, decoding it). */
typedef struct img_jpeg_info {
    int width, height; /* as stored, before orientation */
    int components;    /* 1 gray, 3 YCbCr or RGB, 4 CMYK or YCCK */
    int precision;     /* bits per sample (PDF readers decode 8) */
    int sof;           /* frame marker: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, ... */
    bool adobe;        /* an Adobe APP14 segment: its CMYK samples are stored inverted */
    int orientation;   /* EXIF orientation 1-8; 1 when there is none */
} img_jpeg_info;

/* Reads the markers of the JPEG at p (n bytes) up to its first scan. Returns
 * 0 with *info filled, or -1 with the reason appended to why (no frame header,
 * a segment running past the end). Never reads outside [p, p + n). */
int img_jpeg_inspect(const unsigned char *p, size_t n, img_jpeg_info *info, buf *why);

/* The orientation tag (0x0112) of EXIF data: the n bytes at tiff are what
 * follows "Exif\0\0" in an APP1 segment (a TIFF header, either byte order,
 * then IFD0). Returns 1 to 8, or 1 when the tag is absent, malformed or out
 * of range. Never reads outside [tiff, tiff + n). */
int img_exif_orientation(const unsigned char *tiff, size_t n);

/* A loaded picture. */
typedef struct pdf_image {
    img_format format;    /* as sniffed */
    double width, height; /* display size in CSS pixels (1/96 inch), orientation applied */
    int orientation;      /* EXIF orientation 1-8, applied when drawn */
    HPDF_Image xobject;   /* what is drawn; NULL for an SVG not yet rasterised
                             (pdf_image_sized gives the one to draw) */
} pdf_image;

/* The images loaded into one libharu document: each file is read and
 * decoded once however often it is drawn. Belongs to one thread. */
typedef struct pdf_images pdf_images;

/* A cache loading into doc, which must outlive it. Never NULL. */
pdf_images *pdf_images_new(HPDF_Doc doc);
/* Frees the cache (the images stay in the document, which owns them). NULL
 * is a no-op. */
void pdf_images_free(pdf_images *c);

/* Reads the file at path (which the caller has checked exists and may be
 * read), sniffs its format and loads it: a PNG or JPEG into the document, an
 * SVG only parsed for its size. Returns the image (owned by c, valid until
 * pdf_images_free), or NULL with *format set (IMG_UNKNOWN when the file could
 * not be read) and a phrase appended to why that follows "image 'x' ": "is a
 * GIF file; ...", "cannot be read as PNG: ...". */
const pdf_image *pdf_image_open(pdf_images *c, const char *path, img_format *format, buf *why);

/* Whether SVG pictures can go in the PDF: librsvg and cairo, which imprint
 * loads when the first SVG is opened (pdf/svglib.h), are installed. When
 * they are not, pdf_image_open fails on every SVG, a fault of the
 * installation rather than of the file. */
bool pdf_image_svg_ready(void);

/* The image to draw img with at w x h points: img itself, but for an SVG,
 * which is rasterised at 300 dpi of that size (at most 6,000 pixels a side)
 * and cached by path and size. Returns NULL with a phrase in why (as
 * pdf_image_open) when librsvg cannot draw it. */
const pdf_image *pdf_image_sized(pdf_images *c, const pdf_image *img, double w, double h, buf *why);

/* Draws img (xobject set) into the box whose bottom-left corner is (x, y)
 * in page coordinates, w x h points, turned and flipped as its orientation
 * says, so the box shows the picture upright. */
void pdf_image_draw(HPDF_Page page, const pdf_image *img, double x, double y, double w, double h);

#endif
