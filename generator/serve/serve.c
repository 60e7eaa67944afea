/* serve.c - the preview's loop: build, serve, watch, rebuild, tell the pages. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "serve/serve.h"

#include "build/build.h"
#include "core/content.h"
#include "core/theme.h"
#include "report/report.h"
#include "serve/http.h"
#include "serve/hub.h"
#include "serve/watch.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* The preview's state. The website is rebuilt on the loop's thread; the PDF
 * and the reports on a thread of their own (the typesetter), each into its
 * own folder with its own build cache, so that a long PDF never holds up the
 * next page reload. */
typedef struct preview {
    const serve_opts *o;
    char *tmp;            /* the temporary folder holding the three below */
    char *site_out;       /* the website's build folder (its site/ is served) */
    char *pdf_out;        /* the PDF's build folder */
    char *reports_out;    /* the reports */
    hub *hub;             /* the pages' events */
    server *srv;          /* the HTTP server */
    bool failed;          /* the last site build failed: its errors are on the pages */
    bool reports;         /* the site has content/profiles/ */
    pthread_mutex_t lock; /* guards the two below */
    pthread_cond_t wake;  /* the typesetter has work, or is to stop */
    bool pending;         /* the PDF and reports are out of date */
    bool stopping;        /* the typesetter is to finish */
} preview;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void say(const preview *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const preview *p, const char *fmt, ...)
{
    buf line = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&line, fmt, ap);
    va_end(ap);
    if (p->o->log)
        p->o->log(p->o->log_ctx, buf_cstr(&line));
    buf_free(&line);
}

/* Prints every problem of e (errors and warnings) on the terminal. */
static void print_problems(const preview *p, const err_list *e)
{
    for (size_t i = 0; i < e->len; i++)
        say(p, "%s", e->items[i].text);
}

/* Prints e's problems and sends its errors to the pages (the overlay). */
static void publish_errors(const preview *p, const err_list *e)
{
    buf json = BUF_INIT;
    buf_puts(&json, "{\"errors\":[");
    size_t n = 0;
    for (size_t i = 0; i < e->len; i++) {
        if (e->items[i].is_warning)
            continue;
        buf_puts(&json, n++ ? "," : "");
        buf_put_json_str(&json, e->items[i].text);
    }
    buf_puts(&json, "]}");
    print_problems(p, e);
    hub_publish(p->hub, "errors", buf_cstr(&json));
    buf_free(&json);
}

/* True when every changed file is a stylesheet (the pages need not reload). */
static bool only_css(const fs_list *changed)
{
    for (size_t i = 0; i < changed->len; i++) {
        const char *c = changed->paths[i];
        size_t n = strlen(c);
        bool asset = strncmp(c, "assets/", 7) == 0 || strncmp(c, "theme/assets/", 13) == 0;
        if (!asset || n < 4 || strcmp(c + n - 4, ".css") != 0)
            return false;
    }
    return changed->len > 0;
}

/* "content/guide/x.md", or "3 files", for the rebuild's line. */
static void what_changed(const fs_list *changed, buf *out)
{
    if (!changed)
        buf_puts(out, "first build");
    else if (changed->len == 1)
        buf_puts(out, strcmp(changed->paths[0], "*") == 0 ? "many files" : changed->paths[0]);
    else
        buf_printf(out, "%zu files", changed->len);
}

static build_opts options(const preview *p, bool html)
{
    build_opts bo = {
        .site_dir = p->o->site_dir,
        .theme_dir = p->o->theme_dir,
        .out_dir = html ? p->site_out : p->pdf_out,
        .write = true,
        .html = html,
        .pdf = !html,
        .links = "warn", /* drafting: a link to a page not written yet is no reason to stop */
        .jobs = p->o->jobs,
        .version = p->o->version,
    };
    return bo;
}

/* Rebuilds the website and tells the pages. */
static void rebuild_site(preview *p, const fs_list *changed)
{
    double t0 = now_ms();
    build_opts bo = options(p, true);
    build_stats st = {0};
    err_list e = ERR_LIST_INIT;
    buf what = BUF_INIT;
    what_changed(changed, &what);
    if (imprint_build(&bo, &st, &e) != 0) {
        publish_errors(p, &e);
        say(p, "imprint: %s: the build failed (%zu error%s); still serving the last good site",
            buf_cstr(&what), e.errors, e.errors == 1 ? "" : "s");
        p->failed = true;
        goto out;
    }
    print_problems(p, &e); /* warnings: printed only */
    if (p->failed)
        hub_publish(p->hub, "ok", "{}");
    p->failed = false;
    if (!st.nothing_changed && (st.site.written > 0 || !changed))
        hub_publish(p->hub, changed && only_css(changed) ? "css" : "reload", "{}");
    say(p, "imprint: %s: %zu page%s rendered, %zu file%s written in %.0f ms", buf_cstr(&what),
        st.site.rendered, st.site.rendered == 1 ? "" : "s", st.site.written,
        st.site.written == 1 ? "" : "s", now_ms() - t0);
out:
    buf_free(&what);
    err_list_free(&e);
    build_stats_free(&st);
}

/* Typesets the PDF after the site, and tells the PDF page. */
static void rebuild_pdf(preview *p)
{
    double t0 = now_ms();
    build_opts bo = options(p, false);
    build_stats st = {0};
    err_list e = ERR_LIST_INIT;
    if (imprint_build(&bo, &st, &e) != 0) {
        publish_errors(p, &e);
        say(p, "imprint: the PDF failed (%zu error%s)", e.errors, e.errors == 1 ? "" : "s");
        goto out;
    }
    if (st.npdfs && !st.pdf_up_to_date) {
        /* one per language: NAME.pdf, NAME.de.pdf ...; the first is the default language's */
        const char **names = xcalloc(st.npdfs, sizeof *names);
        buf list = BUF_INIT;
        for (size_t i = 0; i < st.npdfs; i++) {
            const char *slash = strrchr(st.pdfs[i].path, '/');
            names[i] = slash ? slash + 1 : st.pdfs[i].path;
            buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
        }
        server_set_pdfs(p->srv, names, st.npdfs);
        hub_publish(p->hub, "pdf", "{}");
        say(p, "imprint: typeset %s in %.0f ms", buf_cstr(&list), now_ms() - t0);
        buf_free(&list);
        free(names);
    }
out:
    err_list_free(&e);
    build_stats_free(&st);
}

/* OUT/reports/index.html: the reports written, with links to their files. */
static void write_reports_index(const char *dir, const err_list *e)
{
    buf html = BUF_INIT;
    buf_puts(&html, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>Client reports</title>\n</head>\n<body>\n<main>\n"
                    "<h1>Client reports</h1>\n<p>From the profiles in content/profiles/, rebuilt "
                    "when a profile, the rules or the guide change.</p>\n<ul>\n");
    DIR *d = opendir(dir);
    fs_list names = {0};
    for (struct dirent *de; d && (de = readdir(d));)
        if (de->d_name[0] != '.' && strcmp(de->d_name, "index.html") != 0)
            fs_list_add(&names, xstrdup(de->d_name));
    if (d)
        closedir(d);
    fs_list_sort(&names, 0);
    for (size_t i = 0; i < names.len; i++) {
        const char *n = names.paths[i];
        buf_puts(&html, "<li><a href=\"");
        buf_put_html(&html, n, strlen(n));
        buf_puts(&html, "/report.html\">");
        buf_put_html(&html, n, strlen(n));
        buf_puts(&html, "</a> (<a href=\"");
        buf_put_html(&html, n, strlen(n));
        buf_puts(&html, "/report.pdf\">PDF</a>, <a href=\"");
        buf_put_html(&html, n, strlen(n));
        buf_puts(&html, "/report.json\">JSON</a>)</li>\n");
    }
    buf_puts(&html, "</ul>\n");
    for (size_t i = 0; i < e->len; i++) {
        buf_puts(&html, i ? "\n" : "<h2>Problems</h2>\n<pre>");
        buf_put_html(&html, e->items[i].text, strlen(e->items[i].text));
        buf_puts(&html, i + 1 == e->len ? "</pre>\n" : "");
    }
    buf_puts(&html, "</main>\n</body>\n</html>\n");
    char *index = fs_join(dir, "index.html");
    err_list ignored = ERR_LIST_INIT;
    fs_mkdirs(dir, &ignored);
    fs_write(index, html.data, html.len, &ignored);
    err_list_free(&ignored);
    free(index);
    fs_list_free(&names);
    buf_free(&html);
}

/* Writes the reports of content/profiles/ into OUT/reports. */
static void rebuild_reports(preview *p)
{
    double t0 = now_ms();
    err_list e = ERR_LIST_INIT;
    const char *dir = p->reports_out;
    char *profiles = fs_join(p->o->site_dir, "content/profiles");
    fs_list inputs = {0};
    report_stats rs = {0};
    report_engine *eng = NULL;
    site *s = site_load(p->o->site_dir, p->o->theme_dir, p->o->jobs, &e);
    if (s && (eng = report_engine_new(s, &e))) {
        const char *args[] = {profiles};
        report_inputs(args, 1, &inputs, &e);
        report_opts ro = {dir, false, NULL, NULL, (unsigned)p->o->jobs, 1, 1, NULL, NULL};
        report_batch(eng, (const char *const *)inputs.paths, inputs.len, &ro, &rs, &e);
    }
    write_reports_index(dir, &e);
    hub_publish(p->hub, "reports", "{}");
    if (e.errors)
        print_problems(p, &e);
    say(p, "imprint: %zu client report%s written in %.0f ms%s", rs.written,
        rs.written == 1 ? "" : "s", now_ms() - t0, e.errors ? " (with errors, listed above)" : "");
    report_engine_free(eng);
    site_free(s);
    fs_list_free(&inputs);
    err_list_free(&e);
    free(profiles);
}

/* The typesetter: the PDF, then the reports, whenever they are out of date. */
static void *typesetter(void *arg)
{
    preview *p = arg;
    /* the lowest priority (Linux: per thread): the next reload goes first */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 19);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->pending && !p->stopping)
            pthread_cond_wait(&p->wake, &p->lock);
        if (p->stopping)
            break;
        p->pending = false; /* edits from now on ask for another round */
        pthread_mutex_unlock(&p->lock);
        rebuild_pdf(p);
        if (p->reports)
            rebuild_reports(p);
        pthread_mutex_lock(&p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void typesetter_signal(preview *p, bool stop)
{
    pthread_mutex_lock(&p->lock);
    if (stop)
        p->stopping = true;
    else
        p->pending = true;
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
}

static void rebuild(preview *p, const fs_list *changed)
{
    rebuild_site(p, changed);
    if (p->failed || (changed && only_css(changed)))
        return; /* the site's errors are the PDF's too; the PDF has no stylesheet */
    typesetter_signal(p, false);
}

/* Watches the site's folders and the theme's. */
static int watch_all(watcher *w, const serve_opts *o, err_list *errs)
{
    static const char *const dirs[] = {"content", "layouts", "assets"};
    int rc = 0;
    bool theme = o->theme_dir && !theme_same_dir(o->site_dir, o->theme_dir);
    for (size_t i = 0; i < 3; i++) {
        char *d = fs_join(o->site_dir, dirs[i]);
        rc |= watch_tree(w, d, dirs[i], errs);
        free(d);
        if (theme && i > 0) {
            char *t = fs_join(o->theme_dir, dirs[i]), *label = xasprintf("theme/%s", dirs[i]);
            if (fs_is_dir(t))
                rc |= watch_tree(w, t, label, errs);
            free(t);
            free(label);
        }
    }
    return rc;
}

static bool loopback(const char *addr)
{
    return strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0;
}

int imprint_serve(const serve_opts *o, err_list *errs)
{
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &old); /* before any thread starts: they inherit it */
    int sfd = signalfd(-1, &stop, SFD_CLOEXEC);
    preview p = {.o = o, .hub = hub_new()};
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.wake, NULL);
    pthread_t worker;
    bool worker_started = false;
    watcher *w = NULL;
    char *profiles = fs_join(o->site_dir, "content/profiles"), *site_root = NULL;
    char tmpl[] = "/tmp/imprint-serve-XXXXXX"; /* mkdtemp's pattern */
    int rc = -1;
    if (site_check_folder(o->site_dir, errs) != 0)
        goto out;
    if (sfd < 0 || !(p.tmp = mkdtemp(tmpl) ? xstrdup(tmpl) : NULL)) {
        err_add(errs, NULL, 0, 0, "cannot make a temporary folder in /tmp for the preview");
        goto out;
    }
    p.site_out = fs_join(p.tmp, "site-build");
    p.pdf_out = fs_join(p.tmp, "pdf-build");
    p.reports_out = fs_join(p.tmp, "reports");
    site_root = fs_join(p.site_out, "site");
    server_roots roots = {site_root, p.pdf_out, p.reports_out};
    p.reports = fs_is_dir(profiles);
    if (!(w = watch_new(errs)) || watch_all(w, o, errs) != 0)
        goto out;
    if (!(p.srv = server_start(o->addr, o->port, &roots, p.hub, errs)))
        goto out;
    char *url = strchr(o->addr, ':') ? xasprintf("http://[%s]:%d/", o->addr, server_port(p.srv))
                                     : xasprintf("http://%s:%d/", o->addr, server_port(p.srv));
    say(&p, "imprint: serving %s at %s (the PDF: %s__imprint/pdf%s); Ctrl-C stops", o->site_dir,
        url, url, p.reports ? ", reports: __imprint/reports/" : "");
    if (!loopback(o->addr))
        say(&p,
            "imprint: warning: %s is reachable from other machines; the preview has no "
            "access control",
            o->addr);
    worker_started = pthread_create(&worker, NULL, typesetter, &p) == 0;
    rebuild(&p, NULL);
    if (o->ready)
        o->ready(o->log_ctx, url);
    free(url);
    for (;;) {
        fs_list changed = {0};
        int got = watch_wait(w, sfd, &changed, errs);
        if (got > 0)
            rebuild(&p, &changed);
        fs_list_free(&changed);
        if (got <= 0) {
            rc = got;
            break;
        }
    }
out:
    if (worker_started) {
        typesetter_signal(&p, true);
        pthread_join(worker, NULL);
    }
    server_stop(p.srv);
    watch_free(w);
    hub_free(p.hub);
    if (p.tmp) {
        err_list ignored = ERR_LIST_INIT;
        fs_remove_tree(p.tmp, &ignored);
        err_list_free(&ignored);
    }
    free(p.tmp);
    free(p.site_out);
    free(p.pdf_out);
    free(p.reports_out);
    pthread_cond_destroy(&p.wake);
    pthread_mutex_destroy(&p.lock);
    free(site_root);
    free(profiles);
    if (sfd >= 0) {
        struct signalfd_siginfo si;
        /* the stop signal is taken here, so that unblocking does not deliver it */
        ssize_t taken = rc == 0 ? read(sfd, &si, sizeof si) : 0;
        (void)taken;
        close(sfd);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc == 0)
        say(&p, "imprint: stopped; the preview's temporary folder is removed");
    return rc;
}
