/* build.c - the build driver: cache check, load, PDF, site, cache record. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "build/build.h"
#include "core/content.h"
#include "build/whitepaper.h"
#include "site/cache.h"
#include "util/journal.h"
#include "util/pool.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

/* Frees st's whitepapers' record (none was built). */
static void build_stats_free_pdfs(build_stats *st)
{
    for (size_t i = 0; i < st->npdfs; i++)
        free(st->pdfs[i].path);
    free(st->pdfs);
    st->pdfs = NULL;
    st->npdfs = 0;
}

/* What the last build left and what this one reads. */
typedef struct plan {
    build_cache *old;  /* the last build's cache, or NULL */
    build_cache *cur;  /* this build's record, or NULL when not writing */
    uint64_t pdf_key;  /* what the whitepaper depends on */
    bool pdf_current;  /* the last whitepaper is still right */
    bool site_current; /* the last website is still right */
} plan;

/* Compares the inputs with the last build's cache. Returns 0, or -1 with
 * errors (an input that cannot be read). */
static int plan_build(const build_opts *o, const char *out_dir, plan *pl, err_list *errs)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    sde = sde ? sde : "";
    int rc = 0;
    pl->old = cache_load(out_dir);
    pl->cur = xcalloc(1, sizeof *pl->cur);
    /* the links mode too: a strict build after a lenient one checks the links again */
    pl->cur->signature = xasprintf("imprint %s html=%d date=%s links=%s", o->version, o->html, sde,
                                   o->links ? o->links : "");
    if (cache_scan_inputs(pl->cur, o->site_dir, o->theme_dir, pl->old, errs) != 0) {
        rc = -1;
        goto out;
    }
    pl->pdf_key = cache_pdf_key(pl->cur, sde);
    pl->pdf_current = pl->old && pl->old->pdf_key == pl->pdf_key && pl->old->npdfs;
    for (size_t i = 0; pl->pdf_current && i < pl->old->npdfs; i++)
        pl->pdf_current = fs_is_file(pl->old->pdf_paths[i]);
    char *site_out = fs_join(out_dir, "site");
    pl->site_current =
        !o->html || (fs_is_dir(site_out) && cache_inputs_unchanged(pl->cur, pl->old));
    free(site_out);
out:
    return rc;
}

/* Stages the cache with the whitepapers' record (this build's, typeset, or the last one's
 * when they were current or not built: typeset NULL). 0 or -1 with an error. */
static int record_build(plan *pl, const build_stats *typeset, journal *j, err_list *errs)
{
    const build_cache *from = typeset || !pl->old ? NULL : pl->old;
    size_t n = typeset ? typeset->npdfs : from ? from->npdfs : 0;
    pl->cur->pdf_key = typeset ? pl->pdf_key : from ? from->pdf_key : 0;
    pl->cur->pdf_paths = xcalloc(n ? n : 1, sizeof *pl->cur->pdf_paths);
    for (size_t i = 0; i < n; i++)
        pl->cur->pdf_paths[pl->cur->npdfs++] =
            xstrdup(typeset ? typeset->pdfs[i].path : from->pdf_paths[i]);
    return cache_stage(pl->cur, j, errs);
}

/* Stages a typeset whitepaper (lang: its language, an index of site.langs), to be moved to
 * path at commit. */
static int stage_pdf(const char *path, const site *s, size_t lang, const buf *bytes, journal *j,
                     err_list *errs)
{
    char *name =
        lang ? xasprintf("whitepaper.%s.pdf", s->langs[lang].code) : xstrdup("whitepaper.pdf");
    char *staged = fs_join(journal_stage(j), name);
    const char *slash = strrchr(path, '/');
    int rc = fs_write_direct(staged, bytes->data, bytes->len, errs);
    if (rc == 0)
        journal_move(j, name, slash ? slash + 1 : path);
    free(staged);
    free(name);
    return rc;
}

/* Typesets the whitepaper of each language that has pages (only the default language's in a
 * site in one language) into st->pdfs and stages each, to be written at commit. Every one is
 * tried, so that one run reports the errors of all. 0 or -1 with errors. */
static int typeset(const site *s, build_stats *st, journal *j, err_list *errs)
{
    double t0 = now_ms();
    int rc = 0;
    st->pdfs = xcalloc(s->nlangs, sizeof *st->pdfs);
    for (size_t lang = 0; lang < s->nlangs; lang++) {
        if (lang && !s->langs[lang].home)
            continue; /* no page in this language: no document */
        double t1 = now_ms();
        buf bytes = BUF_INIT;
        build_pdf *pdf = &st->pdfs[st->npdfs];
        if (whitepaper_render(s, lang, st->out_dir, &bytes, &pdf->path, errs) != 0)
            rc = -1;
        else if (stage_pdf(pdf->path, s, lang, &bytes, j, errs) != 0)
            rc = -1;
        pdf->bytes = bytes.len;
        pdf->ms = now_ms() - t1;
        st->npdfs += pdf->path != NULL;
        buf_free(&bytes);
    }
    st->pdf_ms = now_ms() - t0;
    return rc;
}

/* Removes at commit the whitepapers the last build wrote that this one does not (a language
 * that has no page any more, a pdf.name changed): the output holds what a clean build writes. */
static void drop_old_pdfs(const plan *pl, const build_stats *st, journal *j)
{
    for (size_t i = 0; pl->old && i < pl->old->npdfs; i++) {
        const char *old = pl->old->pdf_paths[i], *slash = strrchr(old, '/');
        bool kept = false;
        for (size_t k = 0; k < st->npdfs && !kept; k++)
            kept = strcmp(old, st->pdfs[k].path) == 0;
        if (!kept)
            journal_remove(j, slash ? slash + 1 : old);
    }
}

/* Loading the site beside the last build's page records (two tasks of a pool). */
typedef struct load_job {
    const build_opts *o;
    const char *out_dir;
    plan *pl;
    const front_cache *fc; /* the page files' records, or NULL */
    site *s;               /* the site loaded, or NULL */
    bool pages_ok;         /* the last build's page records were read (or there are none) */
    err_list errs;         /* the site's problems */
} load_job;

static void load_task(void *ctx, size_t i)
{
    load_job *j = ctx;
    if (i == 0)
        j->pages_ok = !j->pl->old || cache_load_pages(j->pl->old, j->out_dir);
    else
        j->s = site_load_cached(j->o->site_dir, j->o->theme_dir, j->o->jobs, j->fc, &j->errs);
}

/* Loads the site and, when writing, the last build's records of pages (in parallel: they are
 * apart until the site is built); a page whose file did not change comes from its record (read
 * only when rendered) unless the whitepaper is typeset, which reads every page. An unusable
 * record of pages is dropped (pl->old NULL: a full build). The site, or NULL with errors. */
static site *load(const build_opts *o, const char *out_dir, plan *pl, bool typesetting,
                  err_list *errs)
{
    front_cache fc = {0};
    load_job j = {o, out_dir, pl, NULL, NULL, true, ERR_LIST_INIT};
    if (pl->old)
        cache_load_fronts(pl->old, out_dir);
    if (pl->cur) {
        fc = cache_front_source(pl->cur, typesetting ? NULL : pl->old);
        j.fc = &fc;
    }
    pool_run(2, o->jobs, load_task, &j);
    if (!j.pages_ok) {
        cache_free(pl->old); /* unusable: build afresh */
        pl->old = NULL;
    }
    err_list_move(errs, &j.errs);
    err_list_free(&j.errs);
    return j.s;
}

/* path made absolute through its deepest existing folder (symlinks
 * resolved there), the part that does not exist yet appended with "." and
 * ".." folded (malloc'd). */
static char *absolute(const char *path)
{
    char *head = xstrdup(path), *real = NULL;
    size_t n = strlen(path); /* head is path[0..n) */
    while (!(real = realpath(head, NULL))) {
        char *slash = strrchr(head, '/');
        if (!slash || slash == head) {
            real = realpath(slash ? "/" : ".", NULL);
            n = slash ? 1 : 0;
            break;
        }
        *slash = '\0';
        n = (size_t)(slash - head);
    }
    buf out = BUF_INIT;
    buf_puts(&out, real ? real : "/");
    for (const char *s = path + n; *s;) {
        while (*s == '/')
            s++;
        size_t k = strcspn(s, "/");
        if (k == 2 && s[0] == '.' && s[1] == '.') {
            char *up = strrchr(out.data, '/');
            buf_truncate(&out, up && up != out.data ? (size_t)(up - out.data) : 1);
        } else if (k && !(k == 1 && s[0] == '.')) {
            if (out.len > 1)
                buf_putc(&out, '/');
            buf_put(&out, s, k);
        }
        s += k;
    }
    free(real);
    free(head);
    return buf_detach(&out);
}

/* True when path is dir or inside it. */
static bool within(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/' || n == 1);
}

/* The output folder must not hold sources or be the site itself, and an
 * existing OUT/site must be one imprint wrote (OUT/.imprint-cache beside it)
 * unless forced. 0 or -1 with an error. */
static int check_output(const build_opts *o, const char *out_dir, err_list *errs)
{
    char *out = absolute(out_dir), *root = absolute(o->site_dir);
    static const char *const sources[] = {"content", "layouts", "assets"};
    int rc = -1;
    if (strcmp(out, "/") == 0 || strcmp(out, root) == 0) {
        err_add(errs, out_dir, 0, 0,
                "the output folder cannot be %s (use a folder of its own, such as %s/output)",
                strcmp(out, "/") == 0 ? "/" : "the site folder itself", o->site_dir);
        goto out;
    }
    for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
        char *src = fs_join(root, sources[i]);
        bool inside = within(out, src);
        free(src);
        if (inside) {
            err_add(errs, out_dir, 0, 0,
                    "the output folder is inside the site's %s/ folder, which imprint reads: "
                    "use a folder outside it",
                    sources[i]);
            goto out;
        }
    }
    char *site_out = fs_join(out_dir, "site"), *cache = fs_join(out_dir, ".imprint-cache");
    bool foreign = o->html && fs_is_dir(site_out) && !fs_is_file(cache);
    free(site_out);
    free(cache);
    if (foreign && !o->force) {
        err_add(errs, out_dir, 0, 0,
                "%s/site exists but imprint did not write it (there is no %s/.imprint-cache): "
                "move it away, or pass --force to replace it",
                out_dir, out_dir);
        goto out;
    }
    rc = 0;
out:
    free(out);
    free(root);
    return rc;
}

/* Whether broken internal links are warnings: --links, else site.yaml's
 * `links:` ("warn" or "error"), else not. 0, or -1 with an error at the key. */
static int links_mode(const build_opts *o, const site *s, bool *warn, err_list *errs)
{
    const value *v = val_map_get(s->config, "links");
    const char *mode = o->links ? o->links : val_str_or(v, "error");
    *warn = strcmp(mode, "warn") == 0;
    if (o->links || !v || (v->type == VAL_STR && (*warn || strcmp(mode, "error") == 0)))
        return 0;
    err_add(errs, v->pos.file, v->pos.line, v->pos.col,
            "links must be 'warn' or 'error' (what a broken internal link is), not '%s'",
            val_str_or(v, "a list or map"));
    return -1;
}

int imprint_build(const build_opts *o, build_stats *st, err_list *errs)
{
    double t0 = now_ms();
    bool pdf = o->write && o->pdf;
    plan pl = {0};
    site *s = NULL;
    journal *j = NULL;
    site_build_opts so = {.write = o->write,
                          .jobs = o->jobs,
                          .progress = o->progress,
                          .progress_ctx = o->progress_ctx};
    int rc = -1;
    st->out_dir = o->out_dir ? xstrdup(o->out_dir) : fs_join(o->site_dir, "output");
    so.out_dir = st->out_dir;
    if (o->write) {
        /* the update of the output folder: locked, a dead build's left-overs
         * completed or removed, everything staged until the commit */
        if (check_output(o, st->out_dir, errs) != 0 || !(j = journal_begin(st->out_dir, errs)))
            goto out;
        so.journal = j;
        if (plan_build(o, st->out_dir, &pl, errs) != 0)
            goto out;
        if (pl.site_current && (!pdf || pl.pdf_current)) {
            /* a no-op rebuild: no input changed, so nothing is loaded or written */
            st->nothing_changed = true;
            st->inputs_checked = pl.cur->ninputs;
            rc = 0;
            goto out;
        }
    }
    s = load(o, st->out_dir, &pl, pdf && !pl.pdf_current, errs);
    so.old_cache = pl.old;
    so.new_cache = pl.cur;
    if (!s || links_mode(o, s, &so.links_warn, errs) != 0)
        goto out;
    bool pdf_failed = false;
    if (pdf && pl.pdf_current) {
        st->pdf_up_to_date = true;
        st->pdfs = xcalloc(pl.old->npdfs, sizeof *st->pdfs);
        for (; st->npdfs < pl.old->npdfs; st->npdfs++)
            st->pdfs[st->npdfs].path = xstrdup(pl.old->pdf_paths[st->npdfs]);
    } else if (pdf) {
        pdf_failed = typeset(s, st, j, errs) != 0;
        if (!pdf_failed)
            drop_old_pdfs(&pl, st, j);
    }
    if (o->html) {
        /* built even when the PDF failed, so that one run reports both outputs' errors */
        double t1 = now_ms();
        int site_rc = site_build(s, &so, &st->site, errs);
        st->site_ms = now_ms() - t1;
        if (site_rc != 0)
            goto out;
    }
    if (pdf_failed)
        goto out;
    if (o->write && o->html &&
        record_build(&pl, st->pdf_up_to_date || !st->npdfs ? NULL : st, j, errs) != 0)
        goto out;
    if ((o->strict || val_truthy(val_map_get(s->config, "strict"))) && errs->len > errs->errors) {
        err_list_promote(errs); /* strict: a warning stops the build like an error */
        goto out;
    }
    /* the site, the whitepaper and the cache appear together, or none of them */
    if (o->write && journal_commit(j, errs) != 0)
        goto out;
    rc = 0;
out:
    if (rc != 0 && !st->pdf_up_to_date)
        build_stats_free_pdfs(st);
    journal_end(j);
    st->total_ms = now_ms() - t0;
    site_free(s);
    cache_free(pl.old);
    cache_free(pl.cur);
    return rc;
}

void build_stats_free(build_stats *st)
{
    free(st->out_dir);
    st->out_dir = NULL;
    build_stats_free_pdfs(st);
}
