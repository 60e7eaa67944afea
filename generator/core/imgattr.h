/* imgattr.h - the size written right after an image, as Pandoc and Quarto write it:
 * ![A chart](chart.png){width=50%}, {width=300px}, {width=8cm height=2in}.
 *
 * md_parse runs md_imgattr_parse once on the tree: the braces become width
 * and height kept on the image node (its cmark user data, which imprint uses
 * for nothing else on image nodes) and leave the text, so neither output
 * shows them. The HTML renderer writes them on the <img>; the PDF scales the
 * picture by them (pdf/blocks.c). */
#ifndef IMPRINT_IMGATTR_H
#define IMPRINT_IMGATTR_H

#include <cmark-gfm.h>

#include "util/buf.h"
#include "util/err.h"

/* The units a length may have; a bare number is CSS pixels. */
typedef enum img_unit {
    IMG_UNIT_NONE, /* not given */
    IMG_UNIT_PX,   /* CSS pixels: 96 an inch */
    IMG_UNIT_PCT,  /* percent of the text width (height: of the text block's height) */
    IMG_UNIT_IN,
    IMG_UNIT_CM,
    IMG_UNIT_MM,
    IMG_UNIT_PT, /* 72 an inch */
} img_unit;

typedef struct img_length {
    double value;  /* > 0 when given */
    img_unit unit; /* IMG_UNIT_NONE when not given */
} img_length;

/* The attributes imprint reads after an image. */
typedef struct md_imgattr {
    img_length width, height;
} md_imgattr;

/* For every image under root that "{...}" follows with no space between,
 * reads the braces' attributes (key=value, key="value", #id, .class), keeps
 * width and height on the image node and removes the braces from the text.
 * An unknown attribute, an id or class, or a value that is not a positive
 * length is a warning at its file:line:col (line0: the file line of the
 * tree's first line) and is left out. */
void md_imgattr_parse(cmark_node *root, const char *file, int line0, err_list *errs);

/* The width and height kept on an image node, or NULL when it has none. */
const md_imgattr *md_imgattr_get(cmark_node *img);

/* l in points: px at 96 an inch, in, cm, mm, pt; a percentage of pct_of (in
 * points). 0 when l is not given. */
double md_imglen_points(img_length l, double pct_of);

/* Appends a's HTML attributes to out, each with a leading space: a width in
 * absolute units as width="N" (CSS pixels, rounded); a percentage width and
 * any height as style="width:50%;height:2in" (the theme's img { height:
 * auto } would override a height attribute). Nothing for NULL. */
void md_imgattr_html(const md_imgattr *a, buf *out);

/* HTML rendering of a block that holds images with attributes: each such
 * image under n is replaced by an inline HTML node (a custom inline one when
 * opts lacks CMARK_OPT_UNSAFE, which no table cell can hold) with the <img>
 * cmark would write (rendered with opts and exts) plus md_imgattr_html's
 * attributes, until md_imgattr_html_end puts the images back. Returns what
 * md_imgattr_html_end needs, or NULL when nothing was replaced. Not thread
 * safe for one tree. */
typedef struct md_imgswap md_imgswap;
md_imgswap *md_imgattr_html_begin(cmark_node *n, int opts, cmark_llist *exts);
/* Undoes md_imgattr_html_begin and frees s; NULL is a no-op. */
void md_imgattr_html_end(md_imgswap *s);

#endif
