/* render.c - a computed report to its three files: HTML page, PDF and JSON.
 *
 * One text feeds both documents: layouts/report.md (Mustache) renders the
 * report context into Markdown, which is parsed once for the HTML page (its
 * content, inside layouts/report.html) and section by section for the PDF,
 * where each "## " section is a chapter. Tables and charts in that text name
 * tables computed here for this report (report-scores, report-split,
 * report-profile, report-scale, report-cost, report-topic-ID), built with
 * dtable_from_value so they render exactly like the site's data tables.
 * Links are absolute (the site's base_url): the files travel without the
 * site. report.json holds the same result for machines. */
#include "report/internal.h"
#include "core/date.h"
#include "core/content.h"
#include "site/feeds.h"
#include "core/markdown.h"
#include "pdf/pdf.h"
#include "site/site.h"
#include "core/table.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The state of one report's rendering; everything lives in `a`. */
typedef struct rctx {
    const report_engine *e;
    const report *r;
    arena *a;
    const char *base;      /* base_url */
    const dtable **tables; /* the computed tables */
    size_t ntables;
    err_list *errs;
} rctx;

static const char *stack_name(const rctx *c, report_stack s)
{
    return c->e->rules->stacks[s].name;
}

static const char *fmt(rctx *c, double x)
{
    buf b = BUF_INIT;
    dtable_format_number(x, -1, &b);
    const char *s = arena_strdup(c->a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

static const char *abs_link(rctx *c, const char *link)
{
    return link ? arena_printf(c->a, "%s%s", c->base, link) : NULL;
}

/* The URL of the page that shows data table `name`, for source lines. */
static const char *page_showing(rctx *c, const char *name)
{
    const site *s = c->e->s;
    for (size_t i = 0; i < s->npages; i++) {
        if (!s->pages[i]->doc)
            continue;
        size_t n;
        const md_directive *d = md_directives(s->pages[i]->doc, &n);
        for (size_t k = 0; k < n; k++)
            if (d[k].kind == MD_DIR_TABLE && strcmp(d[k].name, name) == 0)
                return abs_link(c, s->pages[i]->url);
    }
    return NULL;
}

/* ---- computed tables ---- */

static value *str(rctx *c, const char *s)
{
    return val_str_own(c->a, s ? s : "");
}

static value *num(rctx *c, double x)
{
    return val_num(c->a, x);
}

static value *range(rctx *c, double lo, double hi)
{
    value *m = val_map(c->a);
    val_map_set(c->a, m, "low", num(c, lo));
    val_map_set(c->a, m, "high", num(c, hi));
    return m;
}

static void column(rctx *c, value *cols, const char *key, const char *label, const char *prefix)
{
    value *m = val_map(c->a);
    val_map_set(c->a, m, "key", str(c, key));
    val_map_set(c->a, m, "label", str(c, label));
    if (prefix && prefix[0])
        val_map_set(c->a, m, "prefix", str(c, prefix));
    val_list_push(c->a, cols, m);
}

static value *table_doc(rctx *c, const char *caption, const char *source, const char *source_url,
                        value **cols, value **rows)
{
    value *doc = val_map(c->a);
    val_map_set(c->a, doc, "caption", str(c, caption));
    if (source)
        val_map_set(c->a, doc, "source", str(c, source));
    if (source && source_url)
        val_map_set(c->a, doc, "source_url", str(c, source_url));
    *cols = val_list(c->a);
    *rows = val_list(c->a);
    val_map_set(c->a, doc, "columns", *cols);
    val_map_set(c->a, doc, "rows", *rows);
    return doc;
}

static value *row(rctx *c, value *rows, const char *id)
{
    value *m = val_map(c->a);
    val_map_set(c->a, m, "id", str(c, id));
    val_list_push(c->a, rows, m);
    return m;
}

static void add_table(rctx *c, const char *name, const value *doc)
{
    dtable *t = dtable_from_value(c->a, name, c->e->md_file, doc, c->errs);
    if (!t)
        return;
    c->tables = arena_realloc(c->a, c->tables, c->ntables * sizeof *c->tables,
                              (c->ntables + 1) * sizeof *c->tables);
    c->tables[c->ntables++] = t;
}

/* How a profile fact reads in the profile table. */
static const char *fact_text(rctx *c, const pf_field *f, const value *v)
{
    if (!v || v->type == VAL_NULL)
        return "not given";
    if (v->type == VAL_BOOL)
        return v->u.b ? "yes" : "no";
    if (v->type == VAL_LIST) {
        if (!v->u.list.len)
            return "none";
        buf b = BUF_INIT;
        for (size_t i = 0; i < v->u.list.len; i++)
            buf_printf(&b, "%s%s", i ? ", " : "", val_str_or(v->u.list.items[i], ""));
        const char *s = arena_strdup(c->a, buf_cstr(&b));
        buf_free(&b);
        return s;
    }
    if (v->type == VAL_NUM)
        return strcmp(f->path, "workload.peak_rps") == 0 && v->u.num == 0 ? "not given"
                                                                          : fmt(c, v->u.num);
    if (f->type == PF_REGION)
        return c->r->region_name;
    return val_str_or(v, "");
}

static void make_tables(rctx *c)
{
    const report *r = c->r;
    const ruleset *rs = c->e->rules;
    value *cols, *rows, *doc;
    /* scores */
    doc = table_doc(c, "Scores by stack: the sum of the weights of the rules that fired", NULL,
                    NULL, &cols, &rows);
    column(c, cols, "stack", "Stack", NULL);
    column(c, cols, "score", "Score", NULL);
    column(c, cols, "rules", "Rules that fired", NULL);
    for (int s = 0; s < STACK_COUNT; s++) {
        value *x = row(c, rows, report_stack_ids[s]);
        size_t n = 0;
        for (size_t i = 0; i < r->nfired; i++)
            n += r->fired[i]->favours == (report_stack)s;
        val_map_set(c->a, x, "stack", str(c, stack_name(c, (report_stack)s)));
        val_map_set(c->a, x, "score", num(c, r->score[s]));
        val_map_set(c->a, x, "rules", num(c, (double)n));
    }
    add_table(c, "report-scores", doc);
    /* the hybrid split */
    const rule_stack *hy = &rs->stacks[STACK_HYBRID];
    doc = table_doc(c, "The hybrid split", hy->summary.link_title, abs_link(c, hy->summary.link),
                    &cols, &rows);
    column(c, cols, "part", "Part of the system", NULL);
    column(c, cols, "stack", "Stack", NULL);
    for (size_t i = 0; i < hy->nsplit; i++) {
        value *x = row(c, rows, arena_printf(c->a, "part-%zu", i + 1));
        val_map_set(c->a, x, "part", str(c, hy->split[i].part));
        val_map_set(c->a, x, "stack", str(c, stack_name(c, hy->split[i].stack)));
    }
    add_table(c, "report-split", doc);
    /* the profile */
    doc = table_doc(c, arena_printf(c->a, "Project profile: %s", r->p->project), NULL, NULL, &cols,
                    &rows);
    column(c, cols, "field", "Input", NULL);
    column(c, cols, "value", "Value", NULL);
    size_t nf;
    const pf_field *fields = profile_fields(&nf);
    for (size_t i = 0; i < nf; i++) {
        const pf_field *f = &fields[i];
        if (f->type == PF_SECTION || (!r->p->has_hiring && strncmp(f->path, "hiring.", 7) == 0))
            continue;
        if (strcmp(f->path, "prepared_for") == 0 && !r->p->prepared_for[0])
            continue;
        value *x = row(c, rows, f->path);
        val_map_set(c->a, x, "field", str(c, f->label));
        val_map_set(c->a, x, "value", str(c, fact_text(c, f, val_path(r->p->facts, f->path))));
    }
    add_table(c, "report-profile", doc);
    /* scale */
    if (r->band) {
        doc = table_doc(
            c,
            arena_printf(c->a, "Cores needed for %s requests per second", fmt(c, r->p->peak_rps)),
            rs->throughput->caption, page_showing(c, rs->throughput->name), &cols, &rows);
        column(c, cols, "stack", "Stack", NULL);
        column(c, cols, "rps", rs->throughput_label, NULL);
        column(c, cols, "cores", "Cores needed", NULL);
        for (int s = 0; s < 2; s++) {
            value *x = row(c, rows, report_stack_ids[s]);
            val_map_set(c->a, x, "stack", str(c, stack_name(c, (report_stack)s)));
            val_map_set(c->a, x, "rps", num(c, rs->rps_per_core[s]));
            val_map_set(c->a, x, "cores", num(c, r->cores[s]));
        }
        add_table(c, "report-scale", doc);
    }
    /* cost */
    if (r->has_cost) {
        const char *prefix = "";
        for (size_t k = 0; k < rs->rates->ncols; k++)
            if (strcmp(rs->rates->cols[k].key, "python") == 0)
                prefix = rs->rates->cols[k].prefix;
        doc = table_doc(c,
                        arena_printf(c->a, "Cost estimate (%s): %s engineers, %s months, %s hours",
                                     rs->currency, fmt(c, r->p->engineers), fmt(c, r->p->months),
                                     fmt(c, r->hours)),
                        rs->rates->caption, page_showing(c, rs->rates->name), &cols, &rows);
        column(c, cols, "stack", "Stack", NULL);
        column(c, cols, "rate", arena_printf(c->a, "Hourly rate (%s)", r->region_name), prefix);
        column(c, cols, "total", "Estimate, low to high", prefix);
        for (int s = 0; s < 2; s++) {
            value *x = row(c, rows, report_stack_ids[s]);
            val_map_set(c->a, x, "stack", str(c, stack_name(c, (report_stack)s)));
            val_map_set(c->a, x, "rate", range(c, r->rate_low[s], r->rate_high[s]));
            val_map_set(c->a, x, "total", range(c, r->cost_low[s], r->cost_high[s]));
        }
        add_table(c, "report-cost", doc);
    }
    /* topics: rows of their tables */
    for (size_t i = 0; i < r->ntopics; i++) {
        const rule_topic *t = r->topics[i];
        const value *raw = t->table->raw;
        doc = val_map(c->a);
        val_map_set(c->a, doc, "caption",
                    str(c, arena_printf(c->a, "%s: %s", t->title, t->table->caption)));
        if (t->table->source)
            val_map_set(c->a, doc, "source", str(c, t->table->source));
        else
            val_map_set(c->a, doc, "source", str(c, t->table->caption));
        const char *url =
            t->table->source_url ? t->table->source_url : page_showing(c, t->table->name);
        if (url)
            val_map_set(c->a, doc, "source_url", str(c, url));
        val_map_set(c->a, doc, "columns", val_map_get(raw, "columns"));
        rows = val_list(c->a);
        for (size_t k = 0; k < t->nrows; k++)
            val_list_push(c->a, rows, (value *)dtable_row(t->table, t->rows[k]));
        val_map_set(c->a, doc, "rows", rows);
        add_table(c, arena_printf(c->a, "report-topic-%s", t->id), doc);
    }
}

static const dtable *lookup(void *ctx, const char *name)
{
    rctx *c = ctx;
    for (size_t i = 0; i < c->ntables; i++)
        if (strcmp(c->tables[i]->name, name) == 0)
            return c->tables[i];
    return site_table(c->e->s, name);
}

/* ---- the context ---- */

static value *quote_value(rctx *c, const rule_quote *q)
{
    value *m = val_map(c->a);
    val_map_set(c->a, m, "headline", q->headline ? str(c, q->headline) : val_null(c->a));
    val_map_set(c->a, m, "text", q->text ? str(c, q->text) : val_null(c->a));
    val_map_set(c->a, m, "url", str(c, abs_link(c, q->link)));
    val_map_set(c->a, m, "link_title", str(c, q->link_title));
    return m;
}

static value *notes_value(rctx *c, const rule_note *const *notes, size_t n)
{
    value *l = val_list(c->a);
    for (size_t i = 0; i < n; i++)
        val_list_push(c->a, l, quote_value(c, &notes[i]->q));
    return l;
}

/* "<client>: backend stack report", the client cut (at a character) so
 * that the whole stays within the 70 characters a <title> should have. */
static const char *page_title(rctx *c, const char *client)
{
    static const char tail[] = ": backend stack report";
    size_t max = 70 - (sizeof tail - 1), chars = 0, i = 0, cut = 0;
    for (; client[i]; i++) {
        if (((unsigned char)client[i] & 0xc0) == 0x80)
            continue;
        if (chars == max - 1)
            cut = i;
        chars++;
    }
    if (chars <= max)
        return arena_printf(c->a, "%s%s", client, tail);
    return arena_printf(c->a, "%.*s\xe2\x80\xa6%s", (int)cut, client, tail);
}

/* The `report` map: everything the templates show. */
static value *report_value(rctx *c)
{
    arena *a = c->a;
    const report *r = c->r;
    const ruleset *rs = c->e->rules;
    const profile *p = r->p;
    value *m = val_map(a);
    buf tmp = BUF_INIT;
    val_map_set(a, m, "client", str(c, p->client));
    val_map_set(a, m, "project", str(c, p->project));
    val_map_set(a, m, "prepared_for", str(c, p->prepared_for));
    val_map_set(a, m, "date", str(c, p->date));
    date_format_display(p->date, &tmp);
    val_map_set(a, m, "date_display", str(c, arena_strdup(a, buf_cstr(&tmp))));
    val_map_set(a, m, "slug", str(c, r->slug));
    val_map_set(a, m, "page_title", str(c, page_title(c, p->client)));
    value *rec = val_map(a);
    val_map_set(a, rec, "id", str(c, report_stack_ids[r->rec]));
    val_map_set(a, rec, "name", str(c, stack_name(c, r->rec)));
    val_map_set(a, m, "recommendation", rec);
    for (int s = 0; s < STACK_COUNT; s++)
        val_map_set(a, m, arena_printf(a, "is_%s", report_stack_ids[s]),
                    val_bool(a, (int)r->rec == s));
    value *conf = val_map(a);
    val_map_set(a, conf, "value", num(c, r->confidence));
    val_map_set(a, conf, "percent", num(c, floor(r->confidence * 100 + 0.5)));
    val_map_set(a, conf, "label", str(c, r->confidence_label));
    val_map_set(a, m, "confidence", conf);
    val_map_set(a, m, "summary", str(c, r->summary));
    val_map_set(a, m, "summary_source", quote_value(c, &rs->stacks[r->rec].summary));
    /* scores, highest first (stack order among equals) */
    value *scores = val_list(a);
    int order[STACK_COUNT] = {0, 1, 2};
    for (int i = 1; i < STACK_COUNT; i++)
        for (int k = i; k > 0 && r->score[order[k]] > r->score[order[k - 1]]; k--) {
            int t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    for (int i = 0; i < STACK_COUNT; i++) {
        int s = order[i];
        value *x = val_map(a);
        val_map_set(a, x, "id", str(c, report_stack_ids[s]));
        val_map_set(a, x, "name", str(c, stack_name(c, (report_stack)s)));
        val_map_set(a, x, "score", num(c, r->score[s]));
        val_map_set(a, x, "recommended", val_bool(a, s == (int)r->rec));
        val_list_push(a, scores, x);
    }
    val_map_set(a, m, "scores", scores);
    value *split = val_list(a);
    const rule_stack *hy = &rs->stacks[STACK_HYBRID];
    for (size_t i = 0; r->rec == STACK_HYBRID && i < hy->nsplit; i++) {
        value *x = val_map(a);
        val_map_set(a, x, "part", str(c, hy->split[i].part));
        val_map_set(a, x, "stack", str(c, stack_name(c, hy->split[i].stack)));
        val_list_push(a, split, x);
    }
    val_map_set(a, m, "split", split);
    /* reasons grouped by stack: the recommended one first */
    value *groups = val_list(a), *all = val_list(a);
    for (int i = 0; i < STACK_COUNT; i++) {
        report_stack s = (report_stack)order[i];
        value *reasons = val_list(a);
        for (size_t k = 0; k < r->nfired; k++) {
            const rule *ru = r->fired[k];
            if (ru->favours != s)
                continue;
            value *x = quote_value(c, &ru->q);
            val_map_set(a, x, "rule", str(c, ru->id));
            val_map_set(a, x, "stack", str(c, stack_name(c, s)));
            val_map_set(a, x, "weight", num(c, ru->weight));
            val_list_push(a, reasons, x);
            val_list_push(a, all, x);
        }
        if (!reasons->u.list.len)
            continue;
        value *g = val_map(a);
        val_map_set(a, g, "id", str(c, report_stack_ids[s]));
        val_map_set(a, g, "name", str(c, stack_name(c, s)));
        val_map_set(a, g, "recommended", val_bool(a, s == r->rec));
        val_map_set(a, g, "reasons", reasons);
        val_list_push(a, groups, g);
    }
    val_map_set(a, m, "groups", groups);
    val_map_set(a, m, "reasons", all);
    val_map_set(a, m, "has_reasons", val_bool(a, r->nfired > 0));
    value *topics = val_list(a);
    for (size_t i = 0; i < r->ntopics; i++) {
        const rule_topic *t = r->topics[i];
        value *x = t->q.text || t->q.headline ? quote_value(c, &t->q) : val_map(a);
        val_map_set(a, x, "id", str(c, t->id));
        val_map_set(a, x, "title", str(c, t->title));
        val_map_set(a, x, "table", str(c, arena_printf(a, "report-topic-%s", t->id)));
        val_list_push(a, topics, x);
    }
    val_map_set(a, m, "topics", topics);
    val_map_set(a, m, "has_topics", val_bool(a, r->ntopics > 0));
    if (r->band) {
        value *sc = val_map(a);
        val_map_set(a, sc, "peak_rps", str(c, fmt(c, p->peak_rps)));
        val_map_set(a, sc, "band", str(c, r->band->id));
        val_map_set(a, sc, "band_title", str(c, r->band->title));
        val_map_set(a, sc, "band_text", str(c, r->band->text));
        val_map_set(a, sc, "throughput_label", str(c, rs->throughput_label));
        val_map_set(a, sc, "python_cores", str(c, fmt(c, r->cores[STACK_PYTHON])));
        val_map_set(a, sc, "nodejs_cores", str(c, fmt(c, r->cores[STACK_NODEJS])));
        val_map_set(a, m, "scale", sc);
    } else {
        val_map_set(a, m, "scale", val_bool(a, false));
    }
    if (r->has_cost) {
        value *co = val_map(a);
        val_map_set(a, co, "engineers", str(c, fmt(c, p->engineers)));
        val_map_set(a, co, "months", str(c, fmt(c, p->months)));
        val_map_set(a, co, "hours_per_month", str(c, fmt(c, rs->hours_per_month)));
        val_map_set(a, co, "hours", str(c, fmt(c, r->hours)));
        val_map_set(a, co, "region_name", str(c, r->region_name));
        val_map_set(a, co, "currency", str(c, rs->currency));
        val_map_set(a, m, "cost", co);
    } else {
        val_map_set(a, m, "cost", val_bool(a, false));
    }
    val_map_set(a, m, "risks", notes_value(c, (const rule_note *const *)r->risks, r->nrisks));
    val_map_set(a, m, "has_risks", val_bool(a, r->nrisks > 0));
    val_map_set(a, m, "steps", notes_value(c, (const rule_note *const *)r->steps, r->nsteps));
    val_map_set(a, m, "has_steps", val_bool(a, r->nsteps > 0));
    val_map_set(a, m, "guide_url", str(c, arena_printf(a, "%s/guide/", c->base)));
    buf_free(&tmp);
    return m;
}

/* ---- report.json ---- */

static value *pair(rctx *c, const char *k1, value *v1, const char *k2, value *v2)
{
    value *m = val_map(c->a);
    val_map_set(c->a, m, k1, v1);
    val_map_set(c->a, m, k2, v2);
    return m;
}

static value *json_value(rctx *c)
{
    arena *a = c->a;
    const report *r = c->r;
    const ruleset *rs = c->e->rules;
    const profile *p = r->p;
    value *m = val_map(a);
    val_map_set(a, m, "client", str(c, p->client));
    val_map_set(a, m, "project", str(c, p->project));
    val_map_set(a, m, "prepared_for", str(c, p->prepared_for));
    val_map_set(a, m, "date", str(c, p->date));
    val_map_set(a, m, "slug", str(c, r->slug));
    val_map_set(a, m, "recommendation", str(c, report_stack_ids[r->rec]));
    val_map_set(a, m, "confidence", num(c, r->confidence));
    val_map_set(a, m, "confidence_label", str(c, r->confidence_label));
    value *scores = val_map(a);
    for (int s = 0; s < STACK_COUNT; s++)
        val_map_set(a, scores, report_stack_ids[s], num(c, r->score[s]));
    val_map_set(a, m, "scores", scores);
    val_map_set(a, m, "summary", str(c, r->summary));
    value *split = val_list(a);
    const rule_stack *hy = &rs->stacks[STACK_HYBRID];
    for (size_t i = 0; r->rec == STACK_HYBRID && i < hy->nsplit; i++)
        val_list_push(a, split,
                      pair(c, "stack", str(c, report_stack_ids[hy->split[i].stack]), "part",
                           str(c, hy->split[i].part)));
    val_map_set(a, m, "split", split);
    value *reasons = val_list(a);
    for (size_t i = 0; i < r->nfired; i++) {
        const rule *ru = r->fired[i];
        value *x = val_map(a);
        val_map_set(a, x, "rule", str(c, ru->id));
        val_map_set(a, x, "stack", str(c, report_stack_ids[ru->favours]));
        val_map_set(a, x, "weight", num(c, ru->weight));
        val_map_set(a, x, "headline", ru->q.headline ? str(c, ru->q.headline) : val_null(a));
        val_map_set(a, x, "text", str(c, ru->q.text));
        val_map_set(a, x, "link", str(c, abs_link(c, ru->q.link)));
        val_list_push(a, reasons, x);
    }
    val_map_set(a, m, "reasons", reasons);
    if (r->band) {
        value *sc = val_map(a);
        val_map_set(a, sc, "peak_rps", num(c, p->peak_rps));
        val_map_set(a, sc, "band", str(c, r->band->id));
        val_map_set(a, sc, "band_title", str(c, r->band->title));
        val_map_set(
            a, sc, "rps_per_core",
            pair(c, "python", num(c, rs->rps_per_core[0]), "nodejs", num(c, rs->rps_per_core[1])));
        val_map_set(a, m, "scale", sc);
        val_map_set(a, m, "cores",
                    pair(c, "python", num(c, r->cores[0]), "nodejs", num(c, r->cores[1])));
    } else {
        val_map_set(a, m, "scale", val_null(a));
        val_map_set(a, m, "cores", val_null(a));
    }
    if (r->has_cost) {
        value *co = val_map(a);
        for (int s = 0; s < 2; s++) {
            value *x = val_map(a);
            val_map_set(a, x, "low", num(c, r->cost_low[s]));
            val_map_set(a, x, "high", num(c, r->cost_high[s]));
            val_map_set(a, x, "currency", str(c, rs->currency));
            val_map_set(a, x, "hourly",
                        pair(c, "low", num(c, r->rate_low[s]), "high", num(c, r->rate_high[s])));
            val_map_set(a, co, report_stack_ids[s], x);
        }
        val_map_set(a, co, "region", str(c, p->region));
        val_map_set(a, co, "engineers", num(c, p->engineers));
        val_map_set(a, co, "months", num(c, p->months));
        val_map_set(a, co, "hours_per_month", num(c, rs->hours_per_month));
        val_map_set(a, co, "hours", num(c, r->hours));
        val_map_set(a, m, "cost", co);
    } else {
        val_map_set(a, m, "cost", val_null(a));
    }
    value *topics = val_list(a);
    for (size_t i = 0; i < r->ntopics; i++)
        val_list_push(a, topics, str(c, r->topics[i]->id));
    val_map_set(a, m, "topics", topics);
    const rule_note *const *lists[2] = {(const rule_note *const *)r->risks,
                                        (const rule_note *const *)r->steps};
    size_t counts[2] = {r->nrisks, r->nsteps};
    static const char *const keys[2] = {"risks", "next_steps"};
    for (int k = 0; k < 2; k++) {
        value *l = val_list(a);
        for (size_t i = 0; i < counts[k]; i++) {
            const rule_quote *q = &lists[k][i]->q;
            value *x = val_map(a);
            val_map_set(a, x, "headline", q->headline ? str(c, q->headline) : val_null(a));
            val_map_set(a, x, "text", str(c, q->text));
            val_map_set(a, x, "link", str(c, abs_link(c, q->link)));
            val_list_push(a, l, x);
        }
        val_map_set(a, m, keys[k], l);
    }
    val_map_set(a, m, "profile", p->facts);
    return m;
}

/* JSON with two-space indentation; depth is bounded by the YAML loader's
 * limit (the profile facts) and the shallow maps built above. */
static void json_pretty(const value *v, int depth, buf *out)
{
    if (v && v->type == VAL_LIST && v->u.list.len) {
        buf_puts(out, "[\n");
        for (size_t i = 0; i < v->u.list.len; i++) {
            buf_printf(out, "%*s", (depth + 1) * 2, "");
            json_pretty(v->u.list.items[i], depth + 1, out);
            buf_puts(out, i + 1 < v->u.list.len ? ",\n" : "\n");
        }
        buf_printf(out, "%*s]", depth * 2, "");
    } else if (v && v->type == VAL_MAP && v->u.map.len) {
        buf_puts(out, "{\n");
        for (size_t i = 0; i < v->u.map.len; i++) {
            buf_printf(out, "%*s\"", (depth + 1) * 2, "");
            buf_put_json(out, v->u.map.keys[i], strlen(v->u.map.keys[i]));
            buf_puts(out, "\": ");
            json_pretty(v->u.map.vals[i], depth + 1, out);
            buf_puts(out, i + 1 < v->u.map.len ? ",\n" : "\n");
        }
        buf_printf(out, "%*s}", depth * 2, "");
    } else {
        val_to_json(v, out);
    }
}

/* ---- HTML ---- */

static int directive(void *ctx, const md_doc *doc, const md_directive *dir, buf *out,
                     err_list *errs)
{
    rctx *c = ctx;
    return site_directive_html(c->e->s, lookup, c, doc, dir, out, errs);
}

static int render_html(rctx *c, value *rep, md_doc *doc, buf *out)
{
    arena *a = c->a;
    buf content = BUF_INIT;
    int rc = -1;
    if (md_render_html(doc, directive, c, &content, c->errs) != 0)
        goto out;
    value *toc = val_list(a);
    size_t n;
    const md_heading *h = md_headings(doc, &n);
    for (size_t i = 0; i < n; i++)
        if (h[i].level == 2)
            val_list_push(a, toc, pair(c, "id", str(c, h[i].id), "text", str(c, h[i].text)));
    val_map_set(a, rep, "content", str(c, arena_strdup(a, buf_cstr(&content))));
    val_map_set(a, rep, "toc", toc);
    val_map_set(a, rep, "css", str(c, c->e->css));
    value *ctx = val_map(a);
    val_map_set(a, ctx, "site", c->e->site_ctx);
    val_map_set(a, ctx, "menu", c->e->menu);
    val_map_set(a, ctx, "report", rep);
    rc = tpl_render(c->e->tpls, c->e->html_tpl, ctx, out, c->errs);
out:
    buf_free(&content);
    return rc;
}

/* ---- PDF ---- */

static bool fence_line(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && i < 3 && p[i] == ' ')
        i++;
    return n - i >= 3 && (strncmp(p + i, "```", 3) == 0 || strncmp(p + i, "~~~", 3) == 0);
}

/* Splits the Markdown at its "## " lines into chapters: each section's
 * text, with its "###" headings raised one level (they are the chapter's
 * sections). Titles come from the parsed document's level-2 headings. */
static size_t chapters(rctx *c, const char *md, const md_doc *whole, pdf_chapter **out)
{
    size_t nh;
    const md_heading *h = md_headings(whole, &nh);
    const md_heading **h2 = arena_alloc(c->a, (nh + 1) * sizeof *h2);
    size_t n2 = 0;
    for (size_t i = 0; i < nh; i++)
        if (h[i].level == 2)
            h2[n2++] = &h[i];
    pdf_chapter *ch = arena_alloc(c->a, (n2 + 1) * sizeof *ch);
    buf *texts = xcalloc(n2 + 1, sizeof *texts);
    int *lines = xcalloc(n2 + 1, sizeof *lines);
    size_t k = 0; /* the chapter being filled; 0 also takes any preamble */
    bool fenced = false, started = false;
    int line = 1;
    for (const char *p = md; *p; line++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (fence_line(p, len))
            fenced = !fenced;
        if (!fenced && len > 3 && strncmp(p, "## ", 3) == 0 && k < n2) {
            k += started;
            started = true;
            lines[k] = line + 1;
        } else {
            if (!fenced && len > 3 && strncmp(p, "###", 3) == 0)
                buf_put(&texts[k], p + 1, len - 1);
            else
                buf_put(&texts[k], p, len);
            buf_putc(&texts[k], '\n');
        }
        p = nl ? nl + 1 : p + len;
    }
    size_t n = 0;
    for (size_t i = 0; i < n2; i++) {
        md_doc *d = md_parse(texts[i].data ? texts[i].data : "", texts[i].len, c->e->md_file,
                             lines[i] ? lines[i] : 1, c->e->s->data, false, c->errs);
        if (!d)
            continue;
        ch[n].title = h2[i]->text;
        ch[n].url = arena_printf(c->a, "/%s/", h2[i]->id);
        ch[n].doc = d;
        ch[n].dir = c->e->layouts_dir;
        n++;
    }
    for (size_t i = 0; i <= n2; i++)
        buf_free(&texts[i]);
    free(texts);
    free(lines);
    *out = ch;
    return n;
}

static int render_pdf(rctx *c, const char *md, const md_doc *whole, buf *out)
{
    const report *r = c->r;
    const site *s = c->e->s;
    pdf_chapter *ch = NULL;
    size_t before = c->errs->errors;
    size_t n = chapters(c, md, whole, &ch);
    int rc = -1;
    if (c->errs->errors > before)
        goto out;
    /* the site as the PDF engine sees it: the report's settings and date */
    site rs = *s;
    rs.config = c->e->pdf_config;
    int y = 1970, mo = 1, d = 1;
    if (!date_parse_ymd(r->p->date, &y, &mo, &d))
        y = 1970, mo = 1, d = 1;
    rs.build_time = date_to_epoch(y, mo, d);
    buf date = BUF_INIT;
    date_format_display(r->p->date, &date);
    const char *brand = val_str_or(val_path(s->config, "brand.name"), "");
    const char *by = val_str_or(val_map_get(s->config, "publisher"), brand);
    pdf_meta meta = {
        .title = r->p->project,
        .subtitle = r->p->prepared_for[0]
                        ? arena_printf(c->a, "Backend stack recommendation for %s, prepared for %s",
                                       r->p->client, r->p->prepared_for)
                        : arena_printf(c->a, "Backend stack recommendation for %s", r->p->client),
        .kicker = val_str_or(val_path(c->e->pdf_config, "pdf.kicker"), "CLIENT REPORT"),
        .author = by,
        .publisher = "",
        .keywords = arena_printf(c->a, "%s, %s, backend stack, Python, Node.js", r->p->client,
                                 stack_name(c, r->rec)),
        .date = arena_strdup(c->a, buf_cstr(&date)),
    };
    buf_free(&date);
    rc = pdf_render(&rs, &meta, ch, n, lookup, c, c->e->hyph, out, c->errs);
out:
    for (size_t i = 0; i < n; i++)
        md_free(ch[i].doc);
    return rc;
}

/* ---- all three ---- */

int report_render(const report_engine *e, const report *r, report_files *out, err_list *errs)
{
    arena *a = arena_new();
    rctx c = {e, r, a, e->s->base_url, NULL, 0, errs};
    buf md = BUF_INIT;
    md_doc *doc = NULL;
    int rc = -1;
    size_t before = errs->errors;
    make_tables(&c);
    if (errs->errors > before)
        goto out;
    value *rep = report_value(&c);
    value *ctx = val_map(a);
    val_map_set(a, ctx, "site", e->site_ctx_md);
    val_map_set(a, ctx, "report", report_md_copy(a, rep));
    if (tpl_render(e->tpls, e->md_tpl, ctx, &md, errs) != 0)
        goto out;
    doc = md_parse(md.data ? md.data : "", md.len, e->md_file, 1, e->s->data, false, errs);
    if (!doc)
        goto out;
    if (render_html(&c, rep, doc, &out->html) != 0 ||
        render_pdf(&c, buf_cstr(&md), doc, &out->pdf) != 0)
        goto out;
    json_pretty(json_value(&c), 0, &out->json);
    buf_putc(&out->json, '\n');
    rc = 0;
out:
    md_free(doc);
    buf_free(&md);
    arena_free(a);
    return rc;
}

void report_files_free(report_files *f)
{
    buf_free(&f->html);
    buf_free(&f->pdf);
    buf_free(&f->json);
}
