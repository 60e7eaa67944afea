/* serve.h - `imprint serve`: a live preview. Builds the site into a
 * temporary folder, serves it (serve/http.h), watches the site's and the
 * theme's files (serve/watch.h) and, on every batch of changes, rebuilds
 * incrementally with the build cache and tells open pages to reload
 * (serve/hub.h): a stylesheet-only change swaps the stylesheet in place. A
 * failed rebuild keeps the last good site and sends its errors to the pages.
 * The PDF is typeset after the site (the reload never waits for it), then the
 * client reports of content/profiles/, if the site has some.
 *
 * Broken internal links are warnings here (`links: warn`); `imprint build`
 * stays strict. Runs on the calling thread until SIGINT or SIGTERM (blocked
 * while it runs and read from a signalfd, so no handler is installed). */
#ifndef IMPRINT_SERVE_H
#define IMPRINT_SERVE_H

#include <stdbool.h>

#include "util/err.h"

/* Prints one line of progress (main.c's). */
typedef void (*serve_log_fn)(void *ctx, const char *line);

typedef struct serve_opts {
    const char *site_dir;  /* SITE_DIR */
    const char *theme_dir; /* the built-in theme (core/theme.h), or NULL */
    const char *addr;      /* the address to bind: "127.0.0.1" unless asked */
    int port;              /* 0: any free port */
    int jobs;              /* build threads */
    const char *version;   /* imprint's version, for the build cache */
    serve_log_fn log;      /* progress lines: the URL, one per rebuild, errors */
    void *log_ctx;
    /* called once the server answers, with its URL ("http://127.0.0.1:N/"); may be NULL */
    void (*ready)(void *ctx, const char *url);
} serve_opts;

/* Serves until stopped. Returns 0 after a clean stop (the temporary folder is
 * removed), or -1 with errors when it cannot start: the address is in use, no
 * content folder, no inotify, no temporary folder. */
int imprint_serve(const serve_opts *o, err_list *errs);

#endif
