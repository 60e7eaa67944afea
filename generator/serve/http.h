/* http.h - the preview's HTTP server (libmicrohttpd): the built site, its
 * PDF, the client reports and the live-reload event stream, read from one
 * output folder that the rebuild loop keeps up to date.
 *
 * GET and HEAD only. Paths go through serve_map (serve/path.h): nothing
 * outside the output folder is reachable. HTML gets the reload script
 * injected (the files on disk never do); every response carries its
 * Content-Type, Content-Length, an ETag and "Cache-Control: no-cache", and
 * answers If-None-Match with 304. A path with nothing behind it gets the
 * site's 404.html with status 404. One thread per connection, so an event
 * stream waiting for the next build holds nobody else up. */
#ifndef IMPRINT_SERVE_HTTP_H
#define IMPRINT_SERVE_HTTP_H

#include "serve/hub.h"
#include "util/err.h"

typedef struct server server;

/* The folders a server reads. */
typedef struct server_roots {
    const char *site;    /* served at "/" */
    const char *pdf;     /* the folder the PDFs (server_set_pdfs) are in, served as "/NAME.pdf" */
    const char *reports; /* served at "/__imprint/reports/" */
} server_roots;

/* Binds ADDR:PORT (port 0: a free one), then serves the roots, a page
 * showing the PDF at "/__imprint/pdf", and h's events at "/__imprint/events".
 * Returns the running server, or NULL with an error (the address is in use:
 * another imprint serve?). Free with server_stop. */
server *server_start(const char *addr, int port, const server_roots *roots, hub *h, err_list *errs);

/* The port it listens on. */
int server_port(const server *s);

/* The PDFs' file names in their folder, one per language, the one the PDF page shows first
 * ("handbook.pdf", "handbook.de.pdf"; n 0: none). Each is served as "/NAME"; the page links
 * to the others. The names are copied. Thread-safe. */
void server_set_pdfs(server *s, const char *const *names, size_t n);

/* Stops listening, ends the event streams (hub_close) and waits for every
 * connection to finish, then frees the server. */
void server_stop(server *s);

#endif
