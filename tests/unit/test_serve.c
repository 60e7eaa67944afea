/* test_serve.c - the preview's request paths, events and file watching. */
#define _DEFAULT_SOURCE /* mkdtemp, symlink */
#include "core/url.h"
#include "test.h"
#include "test_fs.h"

#include "serve/hub.h"
#include "serve/path.h"
#include "serve/watch.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_unescape(void)
{
    char a[] = "/a%41%62c", b[] = "/%zz%2", c[] = "/x%00y", d[] = "/%252e";
    INT_EQ(url_unescape(a), 5, "decoded length");
    STR_EQ(a, "/aAbc", "hex digits, either case");
    INT_EQ(url_unescape(b), 6, "malformed escapes stay");
    STR_EQ(b, "/%zz%2", "as written");
    INT_EQ(url_unescape(c), 4, "%00 is a byte");
    OK(memcmp(c, "/x\0y", 4) == 0, "a NUL inside");
    url_unescape(d);
    STR_EQ(d, "/%2e", "decoded once only");
}

/* serve_map of url (a C string), the file it gives relative to root */
static serve_found map(const char *root, const char *url, size_t len, char **rel)
{
    char *file = NULL;
    serve_found f = serve_map(root, url, len ? len : strlen(url), &file);
    *rel = file ? xstrdup(file + strlen(root)) : NULL;
    free(file);
    return f;
}

static void test_map(const char *tmp)
{
    char *root = fs_join(tmp, "site"), *rel = NULL;
    test_put(root, "index.html", "home");
    test_put(root, "guide/index.html", "guide");
    test_put(root, "a.css", "css");
    test_put(tmp, "secret.txt", "secret");
    char *link = fs_join(root, "out.txt");
    OK(symlink("../secret.txt", link) == 0, "a link out");
    free(link);
    INT_EQ(map(root, "/", 0, &rel), SERVE_FILE, "/");
    STR_EQ(rel, "/index.html", "the home page");
    free(rel);
    INT_EQ(map(root, "/guide/", 0, &rel), SERVE_FILE, "/guide/");
    STR_EQ(rel, "/guide/index.html", "a folder's index");
    free(rel);
    INT_EQ(map(root, "/guide", 0, &rel), SERVE_FILE, "/guide without its slash");
    free(rel);
    INT_EQ(map(root, "/a.css", 0, &rel), SERVE_FILE, "a file");
    free(rel);
    INT_EQ(map(root, "/nope/", 0, &rel), SERVE_NOT_FOUND, "nothing there");
    OK(!rel, "no file");
    const char *bad[] = {"/../secret.txt", "/guide/../../secret.txt", "/..", "/a\\..\\b", "x", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        INT_EQ(map(root, bad[i], 0, &rel), SERVE_FORBIDDEN, bad[i]);
        free(rel);
    }
    INT_EQ(map(root, "/index.html\0.png", 16, &rel), SERVE_FORBIDDEN, "a NUL byte");
    free(rel);
    INT_EQ(map(root, "/out.txt", 0, &rel), SERVE_FORBIDDEN, "a link out of the folder");
    OK(!rel, "never the file");
    free(root);
}

static void test_mime_inject(void)
{
    STR_EQ(serve_mime("a/b.html"), "text/html; charset=utf-8", "html");
    STR_EQ(serve_mime("x.CSS"), "text/css; charset=utf-8", "either case");
    STR_EQ(serve_mime("atom.xml"), "application/atom+xml", "the feed");
    STR_EQ(serve_mime("sitemap.xml"), "application/xml", "other xml");
    STR_EQ(serve_mime("f.pdf"), "application/pdf", "pdf");
    STR_EQ(serve_mime("noext"), "application/octet-stream", "unknown");
    size_t n = 0;
    char *h = serve_inject("<p>x</p></body></html>", 22, 7, &n);
    STR_EQ(h, "<p>x</p><script src=\"/__imprint/reload.js?since=7\"></script>\n</body></html>",
           "before </body>, with the last event's number");
    INT_EQ(n, strlen(h), "length");
    free(h);
    h = serve_inject("<p>x", 4, 0, &n);
    STR_EQ(h, "<p>x<script src=\"/__imprint/reload.js?since=0\"></script>\n",
           "appended without </body>");
    free(h);
}

typedef struct listen_arg {
    hub *h;
    int want;
    int got; /* events received, in order */
} listen_arg;

static void *listen_all(void *p)
{
    listen_arg *a = p;
    unsigned long seen = 0;
    buf out = BUF_INIT;
    while (a->got < a->want && hub_wait(a->h, &seen, 5000, &out)) {
        for (const char *c = buf_cstr(&out); (c = strstr(c, "data: ")); c += 6) {
            if (atoi(c + 6) == a->got)
                a->got++;
            else
                a->got = -1000000; /* out of order or missed */
        }
        buf_reset(&out);
    }
    buf_free(&out);
    return NULL;
}

static void test_hub(void)
{
    hub *h = hub_new();
    buf out = BUF_INIT;
    unsigned long seen = 0;
    OK(!hub_wait(h, &seen, 10, &out), "nothing yet: a timeout");
    hub_publish(h, "errors", "{\"errors\":[\"x\"]}");
    hub_publish(h, "reload", "{}");
    OK(hub_wait(h, &seen, 10, &out), "events");
    STR_EQ(buf_cstr(&out),
           "id: 1\nevent: errors\ndata: {\"errors\":[\"x\"]}\n\nid: 2\nevent: reload\ndata: {}\n\n",
           "both, in order, as server-sent events");
    INT_EQ(seen, 2, "seen");
    buf_reset(&out);
    hub_current(h, &out);
    OK(strstr(buf_cstr(&out), "event: errors"), "a new listener gets the current errors");
    hub_publish(h, "ok", "{}");
    buf_reset(&out);
    hub_current(h, &out);
    INT_EQ(out.len, 0, "ok clears them");
    for (int i = 0; i < HUB_KEEP + 5; i++)
        hub_publish(h, "css", "{}");
    buf_reset(&out);
    OK(hub_wait(h, &seen, 10, &out) && strstr(buf_cstr(&out), "event: reload") &&
           !strstr(buf_cstr(&out), "event: css"),
       "fallen behind: one reload");
    buf_free(&out);
    hub_free(h);

    /* 8 listeners on threads, 500 events: each gets all, in order */
    h = hub_new();
    enum { LISTENERS = 8, EVENTS = 500 };
    pthread_t t[LISTENERS];
    listen_arg args[LISTENERS];
    for (int i = 0; i < LISTENERS; i++) {
        args[i] = (listen_arg){h, EVENTS, 0};
        pthread_create(&t[i], NULL, listen_all, &args[i]);
    }
    usleep(20000);
    char data[16];
    for (int i = 0; i < EVENTS; i++) {
        snprintf(data, sizeof data, "%d", i);
        hub_publish(h, "reload", data);
        if (i % 64 == 0)
            usleep(1000); /* let them keep up: HUB_KEEP is the most a listener may lag */
    }
    for (int i = 0; i < LISTENERS; i++) {
        pthread_join(t[i], NULL);
        INT_EQ(args[i].got, EVENTS, "every event, in order");
    }
    hub_close(h);
    seen = hub_last(h);
    buf b2 = BUF_INIT;
    OK(!hub_wait(h, &seen, 5000, &b2) && hub_closing(h), "closing: waits end at once");
    buf_free(&b2);
    hub_free(h);
}

/* The names of one batch, joined with ' '. */
static char *batch(watcher *w, int stop)
{
    fs_list changed = {0};
    err_list e = ERR_LIST_INIT;
    int rc = watch_wait(w, stop, &changed, &e);
    buf out = BUF_INIT;
    for (size_t i = 0; rc == 1 && i < changed.len; i++)
        buf_printf(&out, "%s%s", i ? " " : "", changed.paths[i]);
    fs_list_free(&changed);
    err_list_free(&e);
    return buf_detach(&out);
}

static void test_watch(const char *tmp)
{
    char *site = fs_join(tmp, "w"), *content = fs_join(site, "content");
    char *layouts = fs_join(site, "layouts");
    test_put(content, "a.md", "a");
    test_put(content, "empty/.keep", "");
    err_list e = ERR_LIST_INIT;
    watcher *w = watch_new(&e);
    int p[2];
    OK(w && pipe(p) == 0, "a watcher");
    OK(watch_tree(w, content, "content", &e) == 0, "watch content/");
    OK(watch_tree(w, layouts, "layouts", &e) == 0, "watch layouts/, not made yet");

    test_put(content, "a.md", "a2");
    test_put(content, "a.md.swp", "swap");
    test_put(content, "4913", "");
    char *b = batch(w, p[0]);
    STR_EQ(b, "content/a.md", "a write; side files left out");
    free(b);

    test_put(content, "b.md.tmp", "b"); /* an atomic save */
    char *from = fs_join(content, "b.md.tmp"), *to = fs_join(content, "b.md");
    OK(rename(from, to) == 0, "rename");
    b = batch(w, p[0]);
    STR_EQ(b, "content/b.md", "the saved file, not its temporary name");
    free(b);
    free(from);
    free(to);

    test_put(content, "empty/c.md", "c"); /* a folder that was empty at the start */
    b = batch(w, p[0]);
    STR_EQ(b, "content/empty/c.md", "a folder watched from the start");
    free(b);

    test_put(layouts, "page.html", "x"); /* made after the watch began */
    b = batch(w, p[0]);
    OK(strstr(b, "layouts/page.html") != NULL, "a missing folder, followed once made");
    free(b);
    test_put(layouts, "partials/nav.html", "x");
    b = batch(w, p[0]);
    OK(strstr(b, "layouts/partials/nav.html") != NULL, "and its new subfolders");
    free(b);

    OK(write(p[1], "x", 1) == 1, "stop");
    fs_list changed = {0};
    INT_EQ(watch_wait(w, p[0], &changed, &e), 0, "stopped");
    fs_list_free(&changed);
    close(p[0]);
    close(p[1]);
    watch_free(w);
    err_list_free(&e);
    free(site);
    free(content);
    free(layouts);
}

int main(void)
{
    char tmpl[] = "/tmp/imprint-test-serve-XXXXXX";
    char *tmp = mkdtemp(tmpl);
    if (!tmp)
        return 2;
    test_unescape();
    test_map(tmp);
    test_mime_inject();
    test_hub();
    test_watch(tmp);
    test_remove(tmp);
    return test_summary("test_serve");
}
