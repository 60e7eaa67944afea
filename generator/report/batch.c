/* batch.c - many profiles to OUT_DIR/<client-slug>/ on a pool of threads.
 *
 * Three phases:
 *  1. claims (parallel, every profile of every shard): read each profile's
 *     `client` and derive its folder name. Every shard sees the same claims,
 *     so "two clients with one folder name" fails the same profile however
 *     the batch is sharded;
 *  2. duplicates (serial): the first profile in input order keeps a folder
 *     name, a later one with the same name fails;
 *  3. reports (parallel, this shard's profiles): validate, compute, render
 *     all three files in memory, then write each atomically (with check:
 *     validate and compute only).
 * Each task owns its arena, error list and files; results are merged in
 * input order, so output and messages are the same at any -j. */
#include "report/internal.h"
#include "util/pool.h"
#include "util/xalloc.h"
#include "core/yamlload.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int report_inputs(const char *const *args, size_t n, fs_list *out, err_list *errs)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (!fs_is_dir(args[i])) {
            if (!fs_is_file(args[i])) {
                err_add(errs, args[i], 0, 0, "no such profile file or folder");
                rc = -1;
                continue;
            }
            if (out->len == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 16;
                out->paths = xrealloc(out->paths, out->cap * sizeof *out->paths);
            }
            out->paths[out->len++] = xstrdup(args[i]);
            continue;
        }
        fs_list files = {0};
        if (fs_walk(args[i], &files, errs) != 0) {
            rc = -1;
            continue;
        }
        size_t before = out->len;
        for (size_t k = 0; k < files.len; k++) {
            const char *f = files.paths[k];
            size_t len = strlen(f);
            bool yaml = (len > 5 && strcmp(f + len - 5, ".yaml") == 0) ||
                        (len > 4 && strcmp(f + len - 4, ".yml") == 0);
            if (!yaml || strchr(f, '/'))
                continue; /* the folder's own files only, in fs_walk's sorted order */
            if (out->len == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 16;
                out->paths = xrealloc(out->paths, out->cap * sizeof *out->paths);
            }
            size_t dl = strlen(args[i]);
            out->paths[out->len++] = dl && args[i][dl - 1] == '/' ? xasprintf("%s%s", args[i], f)
                                                                  : xasprintf("%s/%s", args[i], f);
        }
        if (out->len == before)
            err_warn(errs, args[i], 0, 0, "no *.yaml profiles in this folder");
        fs_list_free(&files);
    }
    return rc;
}

/* One profile of the batch. */
typedef struct job {
    const char *path;
    bool mine;    /* in this shard */
    char *slug;   /* phase 1: the folder its client claims (malloc'd), NULL if none */
    char *client; /* the client as written (malloc'd), for messages */
    size_t first; /* phase 2: the job that claimed the slug first */
    bool dup;     /* a later claim of a taken slug */
    bool written;
    const char *option; /* the recommendation (the engine's id), once computed */
    char *rslug;        /* its folder name (malloc'd), once computed */
    double confidence;
    double eval_ns; /* time in report_compute */
    err_list errs;
} job;

typedef struct batch {
    const report_engine *e;
    const report_opts *o;
    job *jobs;
    size_t n;
    size_t *queue; /* phase 3: indices of this shard's jobs */
    size_t nqueue;
    pthread_mutex_t lock;
    size_t done;
} batch;

/* Phase 1: the client's folder name, if the file parses and has a client. */
static void claim(void *ctx, size_t i)
{
    batch *b = ctx;
    job *j = &b->jobs[i];
    err_list ignore = ERR_LIST_INIT;
    arena *a = arena_new();
    const value *doc = yaml_load_file(a, j->path, &ignore);
    const value *cv = val_map_get(doc, "client");
    buf text = BUF_INIT;
    if (cv && (cv->type == VAL_STR || cv->type == VAL_NUM))
        val_to_text(cv, &text);
    if (text.len && strspn(text.data, " \t") < text.len) {
        buf slug = BUF_INIT;
        report_slug(text.data, &slug);
        j->slug = buf_detach(&slug);
        j->client = buf_detach(&text);
    }
    buf_free(&text);
    arena_free(a);
    err_list_free(&ignore);
}

typedef struct claim_ref {
    const char *slug;
    size_t job;
} claim_ref;

static int by_slug(const void *x, const void *y)
{
    const claim_ref *a = x, *b = y;
    int c = strcmp(a->slug, b->slug);
    return c ? c : (a->job > b->job) - (a->job < b->job);
}

/* Phase 2: later claims of a folder name are duplicates. */
static void find_duplicates(batch *b)
{
    claim_ref *refs = xcalloc(b->n + 1, sizeof *refs);
    size_t n = 0;
    for (size_t i = 0; i < b->n; i++)
        if (b->jobs[i].slug)
            refs[n++] = (claim_ref){b->jobs[i].slug, i};
    qsort(refs, n, sizeof *refs, by_slug);
    for (size_t i = 1; i < n; i++)
        if (strcmp(refs[i].slug, refs[i - 1].slug) == 0) {
            job *j = &b->jobs[refs[i].job];
            j->dup = true;
            j->first =
                b->jobs[refs[i - 1].job].dup ? b->jobs[refs[i - 1].job].first : refs[i - 1].job;
        }
    free(refs);
}

static int write_files(const char *dir, const report_files *f, err_list *errs)
{
    static const char *const names[3] = {"report.html", "report.pdf", "report.json"};
    const buf *bufs[3] = {&f->html, &f->pdf, &f->json};
    int rc = 0;
    for (int k = 0; k < 3 && rc == 0; k++) {
        char *path = fs_join(dir, names[k]);
        rc = fs_write(path, bufs[k]->data ? bufs[k]->data : "", bufs[k]->len, errs);
        free(path);
    }
    return rc;
}

/* Phase 3: one report, start to finish. */
static void run(void *ctx, size_t t)
{
    batch *b = ctx;
    job *j = &b->jobs[b->queue[t]];
    arena *a = arena_new();
    report_files files = {BUF_INIT, BUF_INIT, BUF_INIT};
    size_t len = 0;
    char *text = fs_read(j->path, &len, &j->errs);
    profile *p = text ? report_profile_parse(b->e, a, text, len, j->path, &j->errs) : NULL;
    if (p && j->dup) {
        const job *first = &b->jobs[j->first];
        const value *cv = p->client_v;
        err_add(&j->errs, j->path, cv ? cv->pos.line : 0, cv ? cv->pos.col : 0,
                "client '%s' needs the report folder '%s', which %s (client '%s') already takes; "
                "give the clients distinct names",
                j->client, j->slug, first->path, first->client);
        p = NULL;
    }
    if (p) {
        report r;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int rc = report_compute(b->e, p, a, &r, &j->errs);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        j->eval_ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
        if (rc == 0) {
            j->option = report_engine_rules(b->e)->options[r.rec].id;
            j->rslug = xstrdup(r.slug);
            j->confidence = r.confidence;
        }
        if (rc == 0 && b->o->check) {
            j->written = true;
        } else if (rc == 0 && report_render(b->e, &r, &files, &j->errs) == 0) {
            char *dir = fs_join(b->o->out_dir, r.slug);
            j->written = fs_mkdirs(dir, &j->errs) == 0 && write_files(dir, &files, &j->errs) == 0;
            free(dir);
        }
    }
    report_files_free(&files);
    free(text);
    arena_free(a);
    if (b->o->progress) {
        pthread_mutex_lock(&b->lock);
        b->done++;
        b->o->progress(b->o->progress_ctx, b->done, b->nqueue);
        pthread_mutex_unlock(&b->lock);
    }
}

int report_batch(const report_engine *e, const char *const *paths, size_t n, const report_opts *o,
                 report_stats *stats, err_list *errs)
{
    batch b = {0};
    b.e = e;
    b.o = o;
    b.n = n;
    b.jobs = xcalloc(n + 1, sizeof *b.jobs);
    b.queue = xcalloc(n + 1, sizeof *b.queue);
    pthread_mutex_init(&b.lock, NULL);
    unsigned nshards = o->nshards ? o->nshards : 1, shard = o->shard ? o->shard : 1;
    for (size_t i = 0; i < n; i++) {
        b.jobs[i].path = paths[i];
        b.jobs[i].mine = i % nshards == shard - 1;
        if (b.jobs[i].mine)
            b.queue[b.nqueue++] = i;
    }
    int jobs = o->jobs ? (int)o->jobs : 1;
    pool_run(n, jobs, claim, &b);
    find_duplicates(&b);
    pool_run(b.nqueue, jobs, run, &b);
    report_stats st = {b.nqueue, 0, 0, 0};
    for (size_t t = 0; t < b.nqueue; t++) {
        job *j = &b.jobs[b.queue[t]];
        err_list_move(errs, &j->errs);
        st.eval_ms += j->eval_ns / 1e6;
        if (j->option && o->result)
            o->result(o->result_ctx, j->path, j->rslug, j->option, j->confidence);
        if (j->written)
            st.written++;
        else
            st.failed++;
    }
    for (size_t i = 0; i < n; i++) {
        err_list_free(&b.jobs[i].errs);
        free(b.jobs[i].slug);
        free(b.jobs[i].client);
        free(b.jobs[i].rslug);
    }
    pthread_mutex_destroy(&b.lock);
    free(b.jobs);
    free(b.queue);
    if (stats)
        *stats = st;
    return st.failed ? -1 : 0;
}
