/* path.h - from a request's path to a file of the served folder, and what to
 * send with it: the one place `imprint serve` decides what a URL may reach.
 *
 * Pure functions of their arguments and the file system; thread-safe. */
#ifndef IMPRINT_SERVE_PATH_H
#define IMPRINT_SERVE_PATH_H

#include <stddef.h>

/* What serve_map found. */
typedef enum {
    SERVE_FILE,      /* *file is a regular file inside root */
    SERVE_NOT_FOUND, /* nothing there: answer with the site's 404 page */
    SERVE_FORBIDDEN, /* the path would leave root ("..", a link out, a NUL or a backslash) */
} serve_found;

/* Maps a request path, percent-decoded once (url_unescape: "/guide/x/"), to a file below root:
 * "/" and "/dir/" mean their index.html, "/dir" too when dir is a folder. Any segment "..", a NUL
 * byte or a backslash is SERVE_FORBIDDEN before the file system is asked; a file reached through a
 * symbolic link that leads out of root is forbidden too. len is the path's length (it may hold NUL
 * bytes). On SERVE_FILE, *file is the file's path (malloc'd, the caller frees); otherwise NULL. */
serve_found serve_map(const char *root, const char *url, size_t len, char **file);

/* The Content-Type for a file name, by its extension ("text/html;
 * charset=utf-8", "image/svg+xml", ...); "application/octet-stream" for one
 * it does not know. Static string. */
const char *serve_mime(const char *name);

/* Inserts the live-reload script tag before the last "</body>" of html (or at
 * its end when there is none), naming the number of the last event published
 * before the page was read (since): the page's event stream starts after it,
 * so an event published while the page loads is not missed. Returns the new
 * text (malloc'd, NUL-terminated) and its length in *out_len. */
char *serve_inject(const char *html, size_t len, unsigned long since, size_t *out_len);

/* The tag serve_inject puts in, with since for %lu. */
#define SERVE_SCRIPT_TAG "<script src=\"/__imprint/reload.js?since=%lu\"></script>"

#endif
