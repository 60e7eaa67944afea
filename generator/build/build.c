/* build.c - the build driver: cache check, load, PDF, site, cache record. */
#include "build/build.h"
#include "core/content.h"
#include "pdf/pdf.h"
#include "site/cache.h"
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
    pl->cur->signature = xasprintf("imprint %s html=%d date=%s", o->version, o->html, sde);
    if (cache_scan_inputs(pl->cur, o->site_dir, pl->old, errs) != 0) {
        rc = -1;
        goto out;
    }
    pl->pdf_key = cache_pdf_key(pl->cur, sde);
    pl->pdf_current = pl->old && pl->old->pdf_key == pl->pdf_key && pl->old->pdf_path &&
                      fs_is_file(pl->old->pdf_path);
    char *site_out = fs_join(out_dir, "site");
    pl->site_current =
        !o->html || (fs_is_dir(site_out) && cache_inputs_unchanged(pl->cur, pl->old));
    free(site_out);
out:
    return rc;
}

/* Records the whitepaper (this build's, or the last one's when it was current
 * or not built) and saves the cache. 0 or -1 with an error. */
static int record_build(plan *pl, const char *pdf_path, const char *out_dir, err_list *errs)
{
    if (pdf_path) {
        pl->cur->pdf_key = pl->pdf_key;
        pl->cur->pdf_path = xstrdup(pdf_path);
    } else if (pl->old && pl->old->pdf_path) {
        pl->cur->pdf_key = pl->old->pdf_key;
        pl->cur->pdf_path = xstrdup(pl->old->pdf_path);
    }
    return cache_save(pl->cur, out_dir, errs);
}

/* Typesets the whitepaper into bytes (written by the caller last). */
static int typeset(const site *s, build_stats *st, buf *bytes, err_list *errs)
{
    double t0 = now_ms();
    int rc = pdf_site_render(s, st->out_dir, bytes, &st->pdf_path, errs);
    st->pdf_ms = now_ms() - t0;
    st->pdf_bytes = bytes->len;
    return rc;
}

/* Writes the typeset whitepaper; on failure it is not recorded. */
static int write_pdf(build_stats *st, const buf *bytes, err_list *errs)
{
    int rc = 0;
    if (fs_mkdirs(st->out_dir, errs) != 0 ||
        fs_write(st->pdf_path, bytes->data, bytes->len, errs) != 0) {
        free(st->pdf_path);
        st->pdf_path = NULL;
        rc = -1;
    }
    return rc;
}

int imprint_build(const build_opts *o, build_stats *st, err_list *errs)
{
    double t0 = now_ms();
    bool pdf = o->write && o->pdf;
    plan pl = {0};
    site *s = NULL;
    buf pdf_bytes = BUF_INIT;
    site_build_opts so = {.write = o->write,
                          .jobs = o->jobs,
                          .progress = o->progress,
                          .progress_ctx = o->progress_ctx};
    int rc = -1;
    st->out_dir = o->out_dir ? xstrdup(o->out_dir) : fs_join(o->site_dir, "output");
    so.out_dir = st->out_dir;
    if (o->write) {
        if (plan_build(o, st->out_dir, &pl, errs) != 0)
            goto out;
        if (pl.site_current && (!pdf || pl.pdf_current)) {
            /* a no-op rebuild: no input changed, so nothing is loaded or written */
            st->nothing_changed = true;
            st->inputs_checked = pl.cur->ninputs;
            rc = 0;
            goto out;
        }
        cache_load_pages(pl.old, st->out_dir);
        so.old_cache = pl.old;
        so.new_cache = pl.cur;
    }
    if (!(s = site_load(o->site_dir, o->jobs, errs)))
        goto out;
    /* the PDF is typeset first and written last, so that either output
     * failing leaves both previous outputs as they were */
    if (pdf && pl.pdf_current) {
        st->pdf_up_to_date = true;
        st->pdf_path = xstrdup(pl.old->pdf_path);
    } else if (pdf && typeset(s, st, &pdf_bytes, errs) != 0) {
        goto out;
    }
    if (o->html) {
        double t1 = now_ms();
        int site_rc = site_build(s, &so, &st->site, errs);
        st->site_ms = now_ms() - t1;
        if (site_rc != 0)
            goto out;
    }
    if (pdf && !st->pdf_up_to_date && write_pdf(st, &pdf_bytes, errs) != 0)
        goto out;
    if (o->write && o->html &&
        record_build(&pl, st->pdf_up_to_date ? NULL : st->pdf_path, st->out_dir, errs) != 0)
        goto out;
    rc = 0;
out:
    st->total_ms = now_ms() - t0;
    buf_free(&pdf_bytes);
    site_free(s);
    cache_free(pl.old);
    cache_free(pl.cur);
    return rc;
}

void build_stats_free(build_stats *st)
{
    free(st->out_dir);
    free(st->pdf_path);
    st->out_dir = st->pdf_path = NULL;
}
