/* svglib.c - librsvg and cairo opened with dlopen on first use, their
 * functions looked up once into a table that is read-only afterwards
 * (svglib.h says why they are not linked). */
#include "pdf/svglib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

enum { RSVG, CAIRO, NLIBS };

static const char *const sonames[NLIBS] = {SVGLIB_RSVG_SONAME, SVGLIB_CAIRO_SONAME};

/* Written only by load, under once; read-only after it (svglib.h). */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static svglib table;
static bool loaded;
static char failure[512]; /* why loading failed, for every caller */

/* Opens the libraries and fills table; on failure says why in failure and
 * closes what it opened. The libraries that load stay open until the process
 * ends. */
static void load(void)
{
    void *lib[NLIBS] = {NULL};
    for (int i = 0; i < NLIBS; i++)
        if (!(lib[i] = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL))) {
            snprintf(failure, sizeof failure, "%s", dlerror());
            goto out;
        }
#define LOOK_UP(l, name)                                                                           \
    if (!(table.name = (__typeof__(table.name))dlsym(lib[l], #name))) {                            \
        snprintf(failure, sizeof failure, "%s has no function %s", sonames[l], #name);             \
        goto out;                                                                                  \
    }
    SVGLIB_FUNCTIONS(LOOK_UP)
#undef LOOK_UP
    loaded = true;
out:
    for (int i = 0; i < NLIBS && !loaded; i++)
        if (lib[i])
            dlclose(lib[i]);
}

const svglib *svglib_get(buf *why)
{
    pthread_once(&once, load);
    if (loaded)
        return &table;
    if (why)
        buf_printf(why, "is an SVG, which needs librsvg (Debian package %s) to go in the PDF: %s",
                   SVGLIB_DEBIAN_PACKAGE, failure);
    return NULL;
}
