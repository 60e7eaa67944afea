/* http.c - libmicrohttpd serving the output folder and the event stream. */
#include "core/url.h"
#include "serve/http.h"

#include "serve/path.h"
#include "serve/reload_js.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define EVENTS_PATH "/__imprint/events"
#define SCRIPT_PATH "/__imprint/reload.js"
#define PDF_PAGE_PATH "/__imprint/pdf"
#define REPORTS_PREFIX "/__imprint/reports"
#define KEEPALIVE_MS 15000 /* a comment line on an idle event stream */

struct server {
    struct MHD_Daemon *daemon;
    int listen_fd; /* until the daemon takes it; then -1 */
    int port;
    char *site_root;    /* served at "/" */
    char *pdf_root;     /* the PDF's folder */
    char *reports_root; /* served at REPORTS_PREFIX */
    hub *hub;
    pthread_mutex_t lock; /* guards pdfs */
    char **pdfs;          /* the PDFs' file names, one per language, the default's first */
    size_t npdfs;         /* number of pdfs; 0: none yet */
};

/* ---- responses ---- */

static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned status, const char *type,
                                char *data, size_t len, const char *etag)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (etag)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *text)
{
    return send_buf(c, status, "text/plain; charset=utf-8", xstrdup(text), strlen(text), NULL);
}

/* Sends the file at path (HTML with the reload script); 304 when the
 * client's If-None-Match already names it. */
static enum MHD_Result send_file(struct MHD_Connection *c, const server *s, unsigned status,
                                 const char *path)
{
    unsigned long since = hub_last(s->hub); /* before the read: a later rebuild reloads it */
    struct stat st;
    if (stat(path, &st) != 0)
        return send_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
    char etag[96];
    snprintf(etag, sizeof etag, "\"%llx-%llx-%lx\"", (unsigned long long)st.st_size,
             (unsigned long long)st.st_mtim.tv_sec * 1000000000ULL +
                 (unsigned long long)st.st_mtim.tv_nsec,
             (unsigned long)st.st_ino);
    const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
    if (status == MHD_HTTP_OK && inm && strcmp(inm, etag) == 0) {
        struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
        enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_NOT_MODIFIED, r);
        MHD_destroy_response(r);
        return ok;
    }
    err_list ignored = ERR_LIST_INIT;
    size_t len = 0;
    char *data = fs_read(path, &len, &ignored);
    err_list_free(&ignored);
    if (!data) /* replaced by a rebuild between the stat and the read */
        return send_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, "rebuilding; try again\n");
    const char *type = serve_mime(path);
    if (strncmp(type, "text/html", 9) == 0) {
        size_t n = 0;
        char *html = serve_inject(data, len, since, &n);
        free(data);
        data = html;
        len = n;
    }
    return send_buf(c, status, type, data, len, etag);
}

/* Sends one of the preview's own pages: title, extra head (a style, or ""),
 * the body's HTML, and the reload script. */
static enum MHD_Result send_own_page(struct MHD_Connection *c, const server *s, unsigned status,
                                     const char *title, const char *head, const char *body)
{
    buf html = BUF_INIT;
    buf_printf(&html,
               "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>%s</title>\n%s</head>\n<body>\n%s" SERVE_SCRIPT_TAG "\n</body>\n</html>\n",
               title, head, body, hub_last(s->hub));
    size_t len = html.len;
    return send_buf(c, status, "text/html; charset=utf-8", buf_detach(&html), len, NULL);
}

/* The site's 404 page with status 404. Before a first good build there is
 * none: a page that shows the build's errors (the event stream sends them)
 * and reloads itself once the site is there. */
static enum MHD_Result send_404(struct MHD_Connection *c, const server *s)
{
    char *page = fs_join(s->site_root, "404.html");
    enum MHD_Result ok;
    if (fs_is_file(page)) {
        ok = send_file(c, s, MHD_HTTP_NOT_FOUND, page);
    } else {
        ok = send_own_page(c, s, MHD_HTTP_NOT_FOUND, "Not built yet", "",
                           "<main>\n<h1>Not built yet</h1>\n<p>The site has not been built: the "
                           "build's errors are below and in the terminal. This page reloads "
                           "when the site is there.</p>\n</main>\n");
    }
    free(page);
    return ok;
}

/* Serves url (decoded, len bytes) from root. */
static enum MHD_Result send_mapped(struct MHD_Connection *c, const server *s, const char *root,
                                   const char *url, size_t len)
{
    char *file = NULL;
    enum MHD_Result ok;
    switch (serve_map(root, url, len, &file)) {
    case SERVE_FILE:
        ok = send_file(c, s, MHD_HTTP_OK, file);
        break;
    case SERVE_FORBIDDEN:
        ok = send_text(c, MHD_HTTP_FORBIDDEN, "forbidden\n");
        break;
    default:
        ok = send_404(c, s);
        break;
    }
    free(file);
    return ok;
}

/* The page that shows the PDF and reloads it when it is rebuilt; a multilingual site's other
 * PDFs (one per language) are links above it that open in its frame. */
static enum MHD_Result send_pdf_page(struct MHD_Connection *c, server *s)
{
    buf names = BUF_INIT, body = BUF_INIT; /* names: the file names, each NUL-terminated */
    pthread_mutex_lock(&s->lock);
    size_t n = s->npdfs;
    for (size_t i = 0; i < n; i++)
        buf_put(&names, s->pdfs[i], strlen(s->pdfs[i]) + 1);
    pthread_mutex_unlock(&s->lock);
    const char *name = names.data;
    if (n > 1) {
        buf_puts(&body, "<nav aria-label=\"The PDFs\">");
        for (const char *q = name; q < names.data + names.len; q += strlen(q) + 1) {
            buf_puts(&body, " <a target=\"imprint-pdf\" href=\"/");
            buf_put_html(&body, q, strlen(q));
            buf_puts(&body, "\">");
            buf_put_html(&body, q, strlen(q));
            buf_puts(&body, "</a>");
        }
        buf_puts(&body, "</nav>\n");
    }
    if (n) {
        buf_puts(&body,
                 "<iframe id=\"imprint-pdf\" name=\"imprint-pdf\" title=\"The PDF\" src=\"/");
        buf_put_html(&body, name, strlen(name));
        buf_puts(&body, "\" data-src=\"/");
        buf_put_html(&body, name, strlen(name));
        buf_puts(&body, "\"></iframe>\n");
    } else {
        buf_puts(&body, "<main><p>There is no PDF yet: its build failed, or is still running "
                        "(see the terminal).</p></main>\n");
    }
    enum MHD_Result ok = send_own_page(
        c, s, MHD_HTTP_OK, "PDF preview",
        "<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}"
        "nav{height:2em;font:14px/2em sans-serif}nav+iframe{height:calc(100% - 2em)}</style>\n",
        buf_cstr(&body));
    buf_free(&body);
    buf_free(&names);
    return ok;
}

/* ---- the event stream ---- */

typedef struct stream {
    hub *hub;
    unsigned long seen; /* the last event sent */
    buf pending;        /* what is still to send */
    size_t off;         /* how much of pending was sent */
} stream;

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
    stream *st = cls;
    (void)pos;
    while (st->off == st->pending.len) {
        buf_reset(&st->pending);
        st->off = 0;
        if (!hub_wait(st->hub, &st->seen, KEEPALIVE_MS, &st->pending)) {
            if (hub_closing(st->hub))
                return MHD_CONTENT_READER_END_OF_STREAM;
            buf_puts(&st->pending, ": keep-alive\n\n");
        }
    }
    size_t n = st->pending.len - st->off;
    n = n < max ? n : max;
    memcpy(out, st->pending.data + st->off, n);
    st->off += n;
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    stream *st = cls;
    buf_free(&st->pending);
    free(st);
}

/* The number in a request's Last-Event-ID header (a browser reconnecting) or
 * its since= argument (the number its page was served with); false when it
 * has neither. */
static bool events_since(struct MHD_Connection *c, unsigned long *since)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
    if (!v)
        v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
    char *end = NULL;
    *since = v && *v >= '0' && *v <= '9' ? strtoul(v, &end, 10) : 0;
    return end && !*end;
}

static enum MHD_Result send_events(struct MHD_Connection *c, server *s)
{
    stream *st = xcalloc(1, sizeof *st);
    unsigned long since = 0, last = hub_last(s->hub);
    bool known = events_since(c, &since);
    st->hub = s->hub;
    buf_puts(&st->pending, "retry: 500\n\n");
    /* from where the page left off (hub_wait replays what it missed); a number
     * from before a restart of the server: the page may be anything, reload it */
    st->seen = known && since <= last ? since : last;
    if (known && since > last)
        buf_printf(&st->pending, "id: %lu\nevent: reload\ndata: {}\n\n", last);
    hub_current(s->hub, &st->pending); /* a failed build's errors, at once */
    struct MHD_Response *r =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_read, st, stream_free);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

/* ---- requests ---- */

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    server *s = cls;
    (void)version;
    (void)upload_data;
    (void)con_cls;
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
        struct MHD_Response *r = MHD_create_response_from_buffer(
            strlen("method not allowed\n"), (void *)"method not allowed\n", MHD_RESPMEM_PERSISTENT);
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
        enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_METHOD_NOT_ALLOWED, r);
        MHD_destroy_response(r);
        *upload_data_size = 0;
        return ok;
    }
    char *path = xstrdup(url);
    size_t len = url_unescape(path);
    enum MHD_Result ok;
    pthread_mutex_lock(&s->lock);
    bool is_pdf = false;
    for (size_t i = 0; i < s->npdfs && !is_pdf; i++)
        is_pdf = len == strlen(s->pdfs[i]) + 1 && path[0] == '/' &&
                 memcmp(path + 1, s->pdfs[i], len - 1) == 0;
    pthread_mutex_unlock(&s->lock);
    size_t rn = strlen(REPORTS_PREFIX);
    if (strcmp(path, EVENTS_PATH) == 0)
        ok = send_events(c, s);
    else if (strcmp(path, SCRIPT_PATH) == 0)
        ok = send_buf(c, MHD_HTTP_OK, "text/javascript; charset=utf-8", xstrdup(reload_js),
                      sizeof reload_js - 1, NULL);
    else if (strcmp(path, PDF_PAGE_PATH) == 0)
        ok = send_pdf_page(c, s);
    else if (len >= rn && memcmp(path, REPORTS_PREFIX, rn) == 0 && (len == rn || path[rn] == '/'))
        ok = len == rn ? send_mapped(c, s, s->reports_root, "/", 1)
                       : send_mapped(c, s, s->reports_root, path + rn, len - rn);
    else if (is_pdf)
        ok = send_mapped(c, s, s->pdf_root, path, len);
    else
        ok = send_mapped(c, s, s->site_root, path, len);
    free(path);
    return ok;
}

/* Leaves the path as it came: handle() decodes it itself, NUL bytes
 * included, so that serve_map sees them. */
static size_t keep_escapes(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

/* A listening socket on addr:port, or -1 with an error. */
static int listen_on(const char *addr, int port, err_list *errs)
{
    struct sockaddr_in6 a6 = {0};
    struct sockaddr_in a4 = {0};
    int family = strchr(addr, ':') ? AF_INET6 : AF_INET;
    bool parsed = family == AF_INET6 ? inet_pton(AF_INET6, addr, &a6.sin6_addr) == 1
                                     : inet_pton(AF_INET, addr, &a4.sin_addr) == 1;
    if (!parsed) {
        err_add(errs, NULL, 0, 0, "--bind takes an IP address (such as 127.0.0.1 or ::1), not '%s'",
                addr);
        return -1;
    }
    int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    if (fd < 0) {
        err_add(errs, NULL, 0, 0, "cannot open a socket: %s", strerror(errno));
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons((uint16_t)port);
    a4.sin_family = AF_INET;
    a4.sin_port = htons((uint16_t)port);
    int rc = family == AF_INET6 ? bind(fd, (struct sockaddr *)&a6, sizeof a6)
                                : bind(fd, (struct sockaddr *)&a4, sizeof a4);
    if (rc != 0 || listen(fd, 64) != 0) {
        int e = errno;
        if (e == EADDRINUSE)
            err_add(errs, NULL, 0, 0,
                    "%s port %d is in use (another imprint serve?): stop it, or pick another "
                    "with --port",
                    addr, port);
        else
            err_add(errs, NULL, 0, 0, "cannot listen on %s port %d: %s", addr, port, strerror(e));
        close(fd);
        return -1;
    }
    return fd;
}

/* path made absolute (through links) when it exists; malloc'd. */
static char *real_or_copy(const char *path)
{
    char *r = fs_real(path);
    return r ? r : xstrdup(path);
}

server *server_start(const char *addr, int port, const server_roots *roots, hub *h, err_list *errs)
{
    int fd = listen_on(addr, port, errs);
    if (fd < 0)
        return NULL;
    server *s = xcalloc(1, sizeof *s);
    s->listen_fd = fd;
    s->hub = h;
    s->site_root = real_or_copy(roots->site);
    s->pdf_root = real_or_copy(roots->pdf);
    s->reports_root = real_or_copy(roots->reports);
    pthread_mutex_init(&s->lock, NULL);
    struct sockaddr_storage sa;
    socklen_t sl = sizeof sa;
    getsockname(fd, (struct sockaddr *)&sa, &sl);
    s->port = ntohs(sa.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&sa)->sin6_port
                                             : ((struct sockaddr_in *)&sa)->sin_port);
    s->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                                     (strchr(addr, ':') ? MHD_USE_IPv6 : 0),
                                 0, NULL, NULL, handle, s, MHD_OPTION_LISTEN_SOCKET, fd,
                                 MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL,
                                 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_END);
    if (!s->daemon) {
        err_add(errs, NULL, 0, 0, "cannot start the HTTP server on %s port %d", addr, s->port);
        server_stop(s);
        return NULL;
    }
    s->listen_fd = -1; /* the daemon's now: MHD_stop_daemon closes it */
    return s;
}

int server_port(const server *s)
{
    return s->port;
}

/* Frees the PDFs' names; s->lock held (or the server is stopping). */
static void clear_pdfs(server *s)
{
    for (size_t i = 0; i < s->npdfs; i++)
        free(s->pdfs[i]);
    free(s->pdfs);
    s->pdfs = NULL;
    s->npdfs = 0;
}

void server_set_pdfs(server *s, const char *const *names, size_t n)
{
    pthread_mutex_lock(&s->lock);
    clear_pdfs(s);
    s->pdfs = xcalloc(n ? n : 1, sizeof *s->pdfs);
    for (; s->npdfs < n; s->npdfs++)
        s->pdfs[s->npdfs] = xstrdup(names[s->npdfs]);
    pthread_mutex_unlock(&s->lock);
}

void server_stop(server *s)
{
    if (!s)
        return;
    hub_close(s->hub);
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    if (s->listen_fd >= 0)
        close(s->listen_fd);
    pthread_mutex_destroy(&s->lock);
    clear_pdfs(s);
    free(s->pdf_root);
    free(s->site_root);
    free(s->reports_root);
    free(s);
}
