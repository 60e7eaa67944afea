/* main.c - the imprint command line: parses options, dispatches, prints errors and exits. */
#include "build/build.h"
#include "build/deps.h"
#include "util/buf.h"
#include "core/content.h"
#include "core/date.h"
#include "core/theme.h"
#include "scaffold/scaffold.h"
#include "serve/serve.h"
#include "util/err.h"
#include "util/fsutil.h"
#include "report/report.h"
#include "util/pool.h"
#include "site/site.h"
#include "core/template.h"
#include "util/xalloc.h"
#include "core/yamlload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#define IMPRINT_VERSION "0.1.0"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

static const char *usage_main =
    "usage: imprint COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  new        start a new site: a working, commented skeleton to make your own\n"
    "  build      build the site (and outputs) from a site folder\n"
    "  serve      a live preview: serve the site, rebuild and reload it as you edit\n"
    "  check      validate content, data, templates and links without writing\n"
    "  report     write client reports (HTML, PDF, JSON) from project profiles\n"
    "  template   render one Mustache template against a YAML data file\n"
    "  deps       the Debian packages the site's languages and scripts need\n"
    "\n"
    "imprint COMMAND --help shows a command's options; imprint --version the version.\n";

static const char *usage_build =
    "usage: imprint build [-C SITE_DIR] [-o OUT_DIR] [-j N] [--html-only | --pdf-only] [--force]\n"
    "                     [--links=warn|error] [--strict] [--quiet]\n"
    "\n"
    "Builds the site in SITE_DIR (default: .) into OUT_DIR/site and the whitepaper\n"
    "into OUT_DIR/NAME.pdf (default OUT_DIR: SITE_DIR/output; NAME from site.yaml\n"
    "pdf.name; with languages, NAME.de.pdf and so on for the others). The previous\n"
    "outputs are replaced only when the build succeeds.\n"
    "  -C SITE_DIR   the folder holding content/, layouts/, assets/\n"
    "  -o OUT_DIR    where to write\n"
    "  -j N          threads (default: the number of cores); output is the same for any N\n"
    "  --html-only   build only the website\n"
    "  --pdf-only    build only the PDF\n"
    "  --force       replace an OUT_DIR/site that imprint did not write\n"
    "  --strict      warnings fail the build (site.yaml's `strict: true` too)\n"
    "  --links=warn  publish with broken internal links, reported as warnings (for\n"
    "                drafting; site.yaml's `links: warn` does the same); error is the default\n"
    "  -q, --quiet   no progress and no summary\n";

static const char *usage_new =
    "usage: imprint new DIR [--title TITLE]\n"
    "\n"
    "Writes a small working site into DIR (a new or empty folder): content/site.yaml\n"
    "with every common key commented, a home page, a section with two pages, a data\n"
    "table shown as a table and a chart. Its look is imprint's built-in theme; a file\n"
    "in DIR/layouts/ or DIR/assets/ replaces the theme's file of the same name.\n"
    "  --title TITLE  the site's title (default: from DIR's name)\n";

#define SERVE_PORT 4040

static const char *usage_serve =
    "usage: imprint serve [-C SITE_DIR] [--bind ADDR] [--port N] [--open] [-j N]\n"
    "\n"
    "Builds the site and its PDF into a temporary folder and serves them at\n"
    "http://ADDR:N/ (default 127.0.0.1:4040; --port 0 takes a free port). Every change\n"
    "to content/, layouts/ or assets/ rebuilds what it affects, and open pages reload\n"
    "(a stylesheet change is applied without a reload); a failed build shows its errors\n"
    "in the pages and keeps the last good site. Broken links are warnings here. The\n"
    "PDF is at /__imprint/pdf, client reports (content/profiles/) at /__imprint/reports/.\n"
    "Ctrl-C stops and removes the temporary folder.\n"
    "  -C SITE_DIR   the site folder (default: .)\n"
    "  --bind ADDR   the address to listen on (another than 127.0.0.1 is reachable from\n"
    "                other machines, with no access control)\n"
    "  --port N      the port (default 4040)\n"
    "  --open        open the site in the default browser (xdg-open)\n"
    "  -j N          build threads (default: the number of cores)\n";

static const char *usage_check =
    "usage: imprint check [-C SITE_DIR] [-j N] [--strict]\n"
    "\n"
    "Loads and renders everything in memory and checks every internal link and\n"
    "#anchor; writes nothing. Lists each problem as file:line:col: message.\n"
    "  --strict      warnings (a likely typo in a key or directive) are errors too;\n"
    "                site.yaml's `strict: true` does the same for check and build\n";

static const char *usage_template =
    "usage: imprint template FILE [--data DATA.yaml] [--partials DIR]\n"
    "\n"
    "Renders the Mustache template FILE to standard output. {{> name}} loads the\n"
    "first existing of DIR/name, DIR/name.mustache, DIR/name.html.\n";

static const char *usage_deps =
    "usage: imprint deps [-C SITE_DIR]\n"
    "\n"
    "Prints the Debian packages the site needs to be built as written, one a line:\n"
    "the hyphenation patterns of each language it is written in (hyphen-de) and,\n"
    "when a page has Chinese, Japanese or Korean text, fonts-noto-cjk. make installs\n"
    "them before it builds content/.\n";

static const char *usage_report =
    "usage: imprint report [-C SITE_DIR] PROFILE... [-o OUT_DIR] [-j N] [--shard I/N] [--quiet]\n"
    "       imprint report [-C SITE_DIR] --check PROFILE...\n"
    "       imprint report [-C SITE_DIR] --schema\n"
    "\n"
    "Writes a recommendation report per client profile (YAML; a folder means every\n"
    "*.yaml in it, sorted) to OUT_DIR/<client>/report.html, report.pdf and report.json\n"
    "(default OUT_DIR: SITE_DIR/output/reports). Rules (content/data/rules.yaml), data\n"
    "tables, layouts and brand come from SITE_DIR. A bad profile fails alone: its\n"
    "errors are listed, the other reports are written, and the exit status is 1.\n"
    "  -C SITE_DIR   the folder holding content/, layouts/, assets/\n"
    "  -o OUT_DIR    where to write\n"
    "  -j N          threads (default: the number of cores); output is the same for any N\n"
    "  --shard I/N   only profiles I, I+N, I+2N, ... of the list (1 <= I <= N)\n"
    "  --schema      write the profile schema as a JSON Schema to standard output (for\n"
    "                editors that check profiles as you type); no reports\n"
    "  --check       validate the profiles and apply the model: print each\n"
    "                recommendation (client folder, option, confidence); no files\n"
    "  -q, --quiet   no progress and no summary\n";

static int print_errors(err_list *errs)
{
    for (size_t i = 0; i < errs->len; i++)
        if (errs->items[i].count > 1) /* a layout's problem, once for all its pages */
            fprintf(stderr, "%s (found %zu times)\n", errs->items[i].text, errs->items[i].count);
        else
            fprintf(stderr, "%s\n", errs->items[i].text);
    return errs->errors ? EXIT_INPUT : EXIT_OK;
}

static int usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "imprint: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage);
    return EXIT_USAGE;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A progress line on a terminal, redrawn every `every` items and erased at the end. */
typedef struct progress {
    const char *doing; /* "rendering pages" */
    size_t every;
} progress;

static void show_progress(void *ctx, size_t done, size_t total)
{
    const progress *p = ctx;
    if (done == total || done % p->every == 0) {
        fprintf(stderr, "\r  %s %zu/%zu", p->doing, done, total);
        if (done == total)
            fputs("\r\033[K", stderr);
    }
}

static void print_build_summary(const build_opts *o, const build_stats *st)
{
    if (st->nothing_changed) {
        fprintf(stderr, "imprint: nothing changed (%zu inputs checked) in %.0f ms\n",
                st->inputs_checked, st->total_ms);
    } else if (!o->write) {
        fprintf(stderr, "imprint: checked %zu pages: no problems\n", st->site.pages);
    } else {
        if (o->html)
            fprintf(stderr,
                    "imprint: built %zu page%s (%zu rendered, %zu of %zu files written) into "
                    "%s/site in %.0f ms\n",
                    st->site.pages, st->site.pages == 1 ? "" : "s", st->site.rendered,
                    st->site.written, st->site.files, st->out_dir, st->site_ms);
        for (size_t i = 0; i < st->npdfs; i++) /* one per language */
            if (st->pdf_up_to_date)
                fprintf(stderr, "imprint: %s is up to date\n", st->pdfs[i].path);
            else
                fprintf(stderr, "imprint: typeset %s (%zu KB) in %.0f ms\n", st->pdfs[i].path,
                        st->pdfs[i].bytes / 1024, st->pdfs[i].ms);
        fprintf(stderr, "imprint: done in %.0f ms\n", st->total_ms);
    }
}

/* The built-in theme: IMPRINT_THEME when set (a folder; empty for none),
 * else the one beside the binary. malloc'd, or NULL. */
static char *theme_folder(void)
{
    const char *env = getenv("IMPRINT_THEME");
    if (env)
        return *env ? xstrdup(env) : NULL;
    return theme_find_self();
}

static int cmd_build(int argc, char **argv, bool write)
{
    const char *dir = ".", *out = NULL, *links = NULL;
    bool quiet = false, html = true, pdf = write, force = false, strict = false;
    int jobs = pool_cores();
    const char *usage = write ? usage_build : usage_check;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return EXIT_OK;
        } else if (strcmp(a, "-C") == 0 && i + 1 < argc)
            dir = argv[++i];
        else if (write && strcmp(a, "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
            quiet = true;
        else if (strcmp(a, "-j") == 0 && i + 1 < argc) {
            char *end;
            long j = strtol(argv[++i], &end, 10);
            if (*end || j < 1 || j > 256)
                return usage_error(usage, "-j takes a number of threads from 1 to 256, not '%s'",
                                   argv[i]);
            jobs = (int)j;
        } else if (write && strcmp(a, "--html-only") == 0)
            pdf = false;
        else if (write && strcmp(a, "--pdf-only") == 0)
            html = false;
        else if (write && strcmp(a, "--force") == 0)
            force = true;
        else if (strcmp(a, "--strict") == 0)
            strict = true;
        else if (write && strncmp(a, "--links=", 8) == 0) {
            links = a + 8;
            if (strcmp(links, "warn") != 0 && strcmp(links, "error") != 0)
                return usage_error(usage, "--links takes 'warn' or 'error', not '%s'", links);
        } else
            return usage_error(usage, "unknown or incomplete option '%s'", a);
    }
    if (!html && !pdf)
        return usage_error(usage, "%s", "--html-only and --pdf-only exclude each other");
    err_list errs = ERR_LIST_INIT;
    static const progress pages_progress = {"rendering pages", 50};
    char *theme = theme_folder();
    build_opts o = {.site_dir = dir,
                    .theme_dir = theme,
                    .out_dir = out,
                    .write = write,
                    .html = html,
                    .pdf = pdf,
                    .force = force,
                    .links = links,
                    .strict = strict,
                    .jobs = jobs,
                    .version = IMPRINT_VERSION};
    build_stats st = {0};
    if (!quiet && isatty(2))
        o.progress = show_progress, o.progress_ctx = (void *)&pages_progress;
    imprint_build(&o, &st, &errs);
    int rc = print_errors(&errs);
    if (rc == EXIT_OK && !quiet)
        print_build_summary(&o, &st);
    else if (rc != EXIT_OK)
        fprintf(stderr, "imprint: %zu error%s%s\n", errs.errors, errs.errors == 1 ? "" : "s",
                write ? "; nothing was written" : "");
    build_stats_free(&st);
    err_list_free(&errs);
    free(theme);
    return rc;
}

/* The build date: SOURCE_DATE_EPOCH when set (reproducible), else now. */
static long long today(void)
{
    long long t = date_source_epoch();
    return t >= 0 ? t : (long long)time(NULL);
}

static int cmd_new(int argc, char **argv)
{
    const char *dir = NULL, *title = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_new, stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--title") == 0 && i + 1 < argc)
            title = argv[++i];
        else if (strncmp(a, "--title=", 8) == 0)
            title = a + 8;
        else if (a[0] == '-' && a[1])
            return usage_error(usage_new, "unknown or incomplete option '%s'", a);
        else if (dir)
            return usage_error(usage_new, "one DIR only ('%s' is a second)", a);
        else
            dir = a;
    }
    if (!dir)
        return usage_error(usage_new, "%s", "no DIR given (the folder to make, such as mysite)");
    err_list errs = ERR_LIST_INIT;
    char *own_title = title ? NULL : scaffold_default_title(dir);
    char *theme = theme_folder();
    long n = scaffold_new(dir, title ? title : own_title, today(), &errs);
    int rc = print_errors(&errs);
    if (rc == EXIT_OK) {
        printf("imprint: made %s (%ld files)\n", dir, n);
        printf("  build it:    imprint build -C %s\n", dir);
        printf("  then open:   %s/output/site/index.html and %s/output/handbook.pdf\n", dir, dir);
        if (theme)
            printf("  its look:    %s (copy a file from its layouts/ or assets/ into %s/ to "
                   "change it)\n",
                   theme, dir);
    }
    free(theme);
    free(own_title);
    err_list_free(&errs);
    return rc;
}

static int cmd_template(int argc, char **argv)
{
    const char *file = NULL, *data = NULL, *partials = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_template, stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--data") == 0 && i + 1 < argc)
            data = argv[++i];
        else if (strcmp(a, "--partials") == 0 && i + 1 < argc)
            partials = argv[++i];
        else if (a[0] == '-' && a[1])
            return usage_error(usage_template, "unknown or incomplete option '%s'", a);
        else if (!file)
            file = a;
        else
            return usage_error(usage_template, "one template only ('%s' is extra)", a);
    }
    if (!file)
        return usage_error(usage_template, "%s", "no template FILE given");
    err_list errs = ERR_LIST_INIT;
    arena *a = arena_new();
    tpl_set *set = tpl_set_new(partials, false);
    buf out = BUF_INIT;
    size_t len = 0;
    char *src = fs_read(file, &len, &errs);
    const value *ctx = NULL;
    const tpl *t = NULL;
    if (!src)
        goto out;
    if (data && !(ctx = yaml_load_file(a, data, &errs)))
        goto out;
    t = tpl_set_add(set, "(main)", src, len, file, &errs);
    if (t && tpl_render(set, t, ctx, &out, &errs) == 0)
        fwrite(out.data ? out.data : "", 1, out.len, stdout);
out:
    free(src);
    buf_free(&out);
    tpl_set_free(set);
    arena_free(a);
    int rc = print_errors(&errs);
    err_list_free(&errs);
    return rc;
}

static int cmd_deps(int argc, char **argv)
{
    const char *dir = ".";
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_deps, stdout);
            return EXIT_OK;
        } else if (strcmp(a, "-C") == 0 && i + 1 < argc)
            dir = argv[++i];
        else
            return usage_error(usage_deps, "unknown or incomplete option '%s'", a);
    }
    err_list errs = ERR_LIST_INIT;
    char *theme = theme_folder();
    buf out = BUF_INIT;
    site *s = site_load(dir, theme, 1, &errs);
    if (s)
        deps_packages(s, &out);
    fputs(buf_cstr(&out), stdout);
    site_free(s);
    buf_free(&out);
    free(theme);
    int rc = print_errors(&errs);
    err_list_free(&errs);
    return rc;
}

/* The last line of imprint report: what was written or checked, or what failed. */
static void report_summary(bool loaded, bool check, const err_list *errs, const report_stats *stats,
                           const char *out_dir, double seconds)
{
    if (!loaded)
        fprintf(stderr, "imprint: %zu error%s; no reports were written\n", errs->errors,
                errs->errors == 1 ? "" : "s");
    else if (errs->errors && check)
        fprintf(stderr, "imprint: %zu error%s; %zu of %zu profiles failed\n", errs->errors,
                errs->errors == 1 ? "" : "s", stats->failed, stats->selected);
    else if (errs->errors)
        fprintf(stderr, "imprint: %zu error%s; %zu of %zu reports failed, %zu written into %s\n",
                errs->errors, errs->errors == 1 ? "" : "s", stats->failed, stats->selected,
                stats->written, out_dir);
    else if (check)
        fprintf(stderr,
                "imprint: checked %zu profile%s in %.0f ms (the model's values and rules: "
                "%.2f ms)\n",
                stats->written, stats->written == 1 ? "" : "s", seconds * 1000, stats->eval_ms);
    else
        fprintf(stderr, "imprint: wrote %zu report%s into %s in %.0f ms\n", stats->written,
                stats->written == 1 ? "" : "s", out_dir, seconds * 1000);
}

/* --check: one line per profile on standard output. */
static void print_result(void *ctx, const char *path, const char *slug, const char *option,
                         double confidence)
{
    (void)ctx;
    printf("%s: %s (%s, confidence %.2f)\n", path, option, slug, confidence);
}

static int cmd_report(int argc, char **argv)
{
    const char *dir = ".", *out = NULL;
    bool quiet = false, schema = false, check = false;
    long jobs = pool_cores(), shard = 1, nshards = 1;
    const char **args = xcalloc((size_t)argc + 1, sizeof *args);
    size_t nargs = 0;
    int rc = EXIT_OK;
    for (int i = 0; i < argc && rc == EXIT_OK; i++) {
        const char *a = argv[i];
        char *end;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_report, stdout);
            free(args);
            return EXIT_OK;
        } else if (strcmp(a, "-C") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            quiet = true;
        } else if (strcmp(a, "--schema") == 0) {
            schema = true;
        } else if (strcmp(a, "--check") == 0) {
            check = true;
        } else if (strcmp(a, "-j") == 0 && i + 1 < argc) {
            jobs = strtol(argv[++i], &end, 10);
            if (*end || jobs < 1 || jobs > 256)
                rc = usage_error(usage_report,
                                 "-j takes a number of threads from 1 to 256, not '%s'", argv[i]);
        } else if (strcmp(a, "--shard") == 0 && i + 1 < argc) {
            const char *v = argv[++i];
            shard = strtol(v, &end, 10);
            nshards = *end == '/' ? strtol(end + 1, &end, 10) : 0;
            if (*end || nshards < 1 || nshards > 100000 || shard < 1 || shard > nshards)
                rc = usage_error(usage_report, "--shard takes I/N with 1 <= I <= N, not '%s'", v);
        } else if (a[0] == '-' && a[1]) {
            rc = usage_error(usage_report, "unknown or incomplete option '%s'", a);
        } else {
            args[nargs++] = a;
        }
    }
    if (rc == EXIT_OK && !nargs && !schema)
        rc = usage_error(usage_report, "%s", "no PROFILE given (files, or folders of *.yaml)");
    if (rc == EXIT_OK && nargs && schema)
        rc = usage_error(usage_report, "--schema takes no PROFILE ('%s')", args[0]);
    if (rc == EXIT_OK && check && (schema || out))
        rc = usage_error(usage_report, "%s", "--check writes nothing: it takes no --schema or -o");
    if (rc != EXIT_OK) {
        free(args);
        return rc;
    }
    err_list errs = ERR_LIST_INIT;
    double t0 = now_seconds();
    char *out_dir = out ? xstrdup(out) : fs_join(dir, "output/reports");
    fs_list inputs = {0};
    report_stats stats = {0};
    report_engine *e = NULL;
    char *theme = theme_folder();
    site *s = site_load(dir, theme, (int)jobs, &errs);
    if (s)
        e = report_engine_new(s, &errs);
    if (e && schema) {
        buf json = BUF_INIT;
        report_engine_schema(e, &json);
        fputs(buf_cstr(&json), stdout);
        buf_free(&json);
    } else if (e) {
        report_inputs(args, nargs, &inputs, &errs);
        static const progress reports_progress = {"writing reports", 20};
        report_opts o = {out_dir,
                         check,
                         check && !quiet ? print_result : NULL,
                         NULL,
                         (unsigned)jobs,
                         (unsigned)shard,
                         (unsigned)nshards,
                         NULL,
                         NULL};
        if (!quiet && !check && isatty(2))
            o.progress = show_progress, o.progress_ctx = (void *)&reports_progress;
        report_batch(e, (const char *const *)inputs.paths, inputs.len, &o, &stats, &errs);
    }
    rc = print_errors(&errs);
    if (!e || rc != EXIT_OK || (!quiet && !schema))
        report_summary(e != NULL, check, &errs, &stats, out_dir, now_seconds() - t0);
    report_engine_free(e);
    site_free(s);
    free(theme);
    fs_list_free(&inputs);
    err_list_free(&errs);
    free(out_dir);
    free(args);
    return rc;
}

static void serve_log(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "%s\n", line);
}

/* --open: the URL in the desktop's browser, if it has one. */
static void serve_open(void *ctx, const char *url)
{
    (void)ctx;
    pid_t pid;
    char *argv[] = {"xdg-open", (char *)url, NULL};
    extern char **environ;
    if (posix_spawnp(&pid, "xdg-open", NULL, NULL, argv, environ) != 0)
        fprintf(stderr, "imprint: cannot open a browser (no xdg-open); open %s\n", url);
}

static int cmd_serve(int argc, char **argv)
{
    const char *dir = ".", *addr = "127.0.0.1";
    long port = SERVE_PORT;
    bool open_it = false;
    int jobs = pool_cores();
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_serve, stdout);
            return EXIT_OK;
        } else if (strcmp(a, "-C") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(a, "--bind") == 0 && i + 1 < argc) {
            addr = argv[++i];
        } else if (strcmp(a, "--port") == 0 && i + 1 < argc) {
            port = strtol(argv[++i], &end, 10);
            if (*end || !*argv[i] || port < 0 || port > 65535)
                return usage_error(usage_serve, "--port takes a number from 0 to 65535, not '%s'",
                                   argv[i]);
        } else if (strcmp(a, "--open") == 0) {
            open_it = true;
        } else if (strcmp(a, "-j") == 0 && i + 1 < argc) {
            long j = strtol(argv[++i], &end, 10);
            if (*end || j < 1 || j > 256)
                return usage_error(usage_serve,
                                   "-j takes a number of threads from 1 to 256, not '%s'", argv[i]);
            jobs = (int)j;
        } else {
            return usage_error(usage_serve, "unknown or incomplete option '%s'", a);
        }
    }
    err_list errs = ERR_LIST_INIT;
    char *theme = theme_folder();
    serve_opts o = {.site_dir = dir,
                    .theme_dir = theme,
                    .addr = addr,
                    .port = (int)port,
                    .jobs = jobs,
                    .version = IMPRINT_VERSION,
                    .log = serve_log,
                    .ready = open_it ? serve_open : NULL};
    imprint_serve(&o, &errs);
    int rc = print_errors(&errs);
    free(theme);
    err_list_free(&errs);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("imprint %s\n", IMPRINT_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_main, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "new") == 0 || strcmp(cmd, "init") == 0)
        return cmd_new(argc - 2, argv + 2);
    if (strcmp(cmd, "build") == 0)
        return cmd_build(argc - 2, argv + 2, true);
    if (strcmp(cmd, "serve") == 0 || strcmp(cmd, "server") == 0)
        return cmd_serve(argc - 2, argv + 2);
    if (strcmp(cmd, "check") == 0)
        return cmd_build(argc - 2, argv + 2, false);
    if (strcmp(cmd, "report") == 0)
        return cmd_report(argc - 2, argv + 2);
    if (strcmp(cmd, "template") == 0)
        return cmd_template(argc - 2, argv + 2);
    if (strcmp(cmd, "deps") == 0)
        return cmd_deps(argc - 2, argv + 2);
    fprintf(stderr, "imprint: unknown command '%s'\n%s", cmd, usage_main);
    return EXIT_USAGE;
}
