/* svglib.h - librsvg and cairo, loaded when the first SVG picture is opened
 * rather than linked: the two pull in some fifty shared libraries (glib, gio,
 * pango, pixman, ...) whose symbol lookups the dynamic loader would otherwise
 * do before main on every run, though only pdf/image.c uses them and only for
 * SVG. imprint is compiled against their headers (pkg-config --cflags) and
 * finds the few functions it calls with dlsym (docs/performance.md).
 *
 * The table of those functions is global state that is not constant from the
 * start, like the other once-initialised state (markdown.c's extensions,
 * font_cache.c's HarfBuzz warm-up): it is filled once per process, under
 * pthread_once, and only read afterwards, so any thread may use it. */
#ifndef IMPRINT_PDF_SVGLIB_H
#define IMPRINT_PDF_SVGLIB_H

#include <cairo.h>
#include <librsvg/rsvg.h>

#include "util/buf.h"

/* The shared objects loaded, by soname, and the Debian package that has them. */
#define SVGLIB_RSVG_SONAME "librsvg-2.so.2"
#define SVGLIB_CAIRO_SONAME "libcairo.so.2"
#define SVGLIB_DEBIAN_PACKAGE "librsvg2-2"

/* Every function used, X(library, name): the library is RSVG (librsvg, and
 * glib's and gobject's functions, found through its dependencies) or CAIRO. */
#define SVGLIB_FUNCTIONS(X)                                                                        \
    X(RSVG, rsvg_handle_new_from_data)                                                             \
    X(RSVG, rsvg_handle_set_dpi)                                                                   \
    X(RSVG, rsvg_handle_get_intrinsic_size_in_pixels)                                              \
    X(RSVG, rsvg_handle_get_intrinsic_dimensions)                                                  \
    X(RSVG, rsvg_handle_render_document)                                                           \
    X(RSVG, g_object_unref)                                                                        \
    X(RSVG, g_error_free)                                                                          \
    X(CAIRO, cairo_image_surface_create)                                                           \
    X(CAIRO, cairo_image_surface_get_data)                                                         \
    X(CAIRO, cairo_image_surface_get_stride)                                                       \
    X(CAIRO, cairo_surface_flush)                                                                  \
    X(CAIRO, cairo_surface_status)                                                                 \
    X(CAIRO, cairo_surface_destroy)                                                                \
    X(CAIRO, cairo_status_to_string)                                                               \
    X(CAIRO, cairo_create)                                                                         \
    X(CAIRO, cairo_destroy)

/* The functions, each member named and typed as the library declares it:
 * lib->cairo_create(s). */
typedef struct svglib {
#define SVGLIB_MEMBER(lib, name) __typeof__(name) *name;
    SVGLIB_FUNCTIONS(SVGLIB_MEMBER)
#undef SVGLIB_MEMBER
} svglib;

/* The functions, the libraries loaded on the first call (from any thread).
 * Returns the table, valid for the rest of the process, or NULL when a
 * library or function cannot be loaded, with a phrase appended to why (unless
 * it is NULL) that follows "image 'x' ": "is an SVG, which needs librsvg
 * (Debian package librsvg2-2) ...: " and dlerror's words (every call after a
 * failure gives the same phrase). */
const svglib *svglib_get(buf *why);

#endif
