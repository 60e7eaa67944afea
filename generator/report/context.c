/* context.c - a computed report as values: the tables its text names, the template
 * context, report.json.
 *
 * The tables (report-scores, report-split, report-profile, report-scale,
 * report-cost, report-topic-ID) are built with dtable_from_value so they
 * render exactly like the site's data tables. Links are absolute (the site's
 * base_url): the files travel without the site. */
#include "report/internal.h"
#include "core/content.h"
#include "core/date.h"
#include "core/table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *stack_name(const report_ctx *c, report_stack s)
{
    return c->e->rules->stacks[s].name;
}

static const char *fmt(report_ctx *c, double x)
{
    buf b = BUF_INIT;
    dtable_format_number(x, -1, &b);
    const char *s = arena_strdup(c->a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

static const char *abs_link(report_ctx *c, const char *link)
{
    return link ? arena_printf(c->a, "%s%s", c->base, link) : NULL;
}

/* The URL of the page that shows data table `name`, for source lines. */
static const char *page_showing(report_ctx *c, const char *name)
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

static value *str(report_ctx *c, const char *s)
{
    return val_str_own(c->a, s ? s : "");
}

static value *num(report_ctx *c, double x)
{
    return val_num(c->a, x);
}

static value *range(report_ctx *c, double lo, double hi)
{
    value *m = val_map(c->a);
    val_map_set(c->a, m, "low", num(c, lo));
    val_map_set(c->a, m, "high", num(c, hi));
    return m;
}

static void column(report_ctx *c, value *cols, const char *key, const char *label,
                   const char *prefix)
{
    value *m = val_map(c->a);
    val_map_set(c->a, m, "key", str(c, key));
    val_map_set(c->a, m, "label", str(c, label));
    if (prefix && prefix[0])
        val_map_set(c->a, m, "prefix", str(c, prefix));
    val_list_push(c->a, cols, m);
}

static value *table_doc(report_ctx *c, const char *caption, const char *source,
                        const char *source_url, value **cols, value **rows)
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

static value *row(report_ctx *c, value *rows, const char *id)
{
    value *m = val_map(c->a);
    val_map_set(c->a, m, "id", str(c, id));
    val_list_push(c->a, rows, m);
    return m;
}

/* Validates doc as a data table and adds it to the report's tables under
 * name. Returns 0, or -1 with errors. */
static int add_table(report_ctx *c, const char *name, const value *doc)
{
    dtable *t = dtable_from_value(c->a, name, c->e->md_file, doc, c->errs);
    if (!t)
        return -1;
    c->tables = arena_realloc(c->a, c->tables, c->ntables * sizeof *c->tables,
                              (c->ntables + 1) * sizeof *c->tables);
    c->tables[c->ntables++] = t;
    return 0;
}

/* How a profile fact reads in the profile table. */
static const char *fact_text(report_ctx *c, const pf_field *f, const value *v)
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

/* The tables below each return add_table's result. */

static int scores_table(report_ctx *c)
{
    const report *r = c->r;
    value *cols, *rows;
    value *doc = table_doc(c, "Scores by stack: the sum of the weights of the rules that fired",
                           NULL, NULL, &cols, &rows);
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
    return add_table(c, "report-scores", doc);
}

static int split_table(report_ctx *c)
{
    const rule_stack *hy = &c->e->rules->stacks[STACK_HYBRID];
    value *cols, *rows;
    value *doc = table_doc(c, "The hybrid split", hy->summary.link_title,
                           abs_link(c, hy->summary.link), &cols, &rows);
    column(c, cols, "part", "Part of the system", NULL);
    column(c, cols, "stack", "Stack", NULL);
    for (size_t i = 0; i < hy->nsplit; i++) {
        value *x = row(c, rows, arena_printf(c->a, "part-%zu", i + 1));
        val_map_set(c->a, x, "part", str(c, hy->split[i].part));
        val_map_set(c->a, x, "stack", str(c, stack_name(c, hy->split[i].stack)));
    }
    return add_table(c, "report-split", doc);
}

/* True when the profile has field f: not a section, and not in an optional
 * section the profile did not give. */
static bool field_given(report_ctx *c, const pf_field *f)
{
    const char *dot = strchr(f->path, '.');
    if (f->type == PF_SECTION)
        return false;
    if (!dot)
        return true;
    const value *sect =
        val_map_get(c->r->p->facts, arena_strndup(c->a, f->path, (size_t)(dot - f->path)));
    return sect && sect->type == VAL_MAP;
}

static int profile_table(report_ctx *c)
{
    const profile *p = c->r->p;
    value *cols, *rows;
    value *doc = table_doc(c, arena_printf(c->a, "Project profile: %s", p->project), NULL, NULL,
                           &cols, &rows);
    column(c, cols, "field", "Input", NULL);
    column(c, cols, "value", "Value", NULL);
    const pf_schema *schema = c->e->rules->schema;
    for (size_t i = 0; i < schema->n; i++) {
        const pf_field *f = &schema->fields[i];
        if (!field_given(c, f))
            continue;
        if (strcmp(f->path, "prepared_for") == 0 && !p->prepared_for[0])
            continue;
        value *x = row(c, rows, f->path);
        val_map_set(c->a, x, "field", str(c, f->label));
        val_map_set(c->a, x, "value", str(c, fact_text(c, f, val_path(p->facts, f->path))));
    }
    return add_table(c, "report-profile", doc);
}

/* Only for a profile with peak_rps (r->band). */
static int scale_table(report_ctx *c)
{
    const report *r = c->r;
    const ruleset *rs = c->e->rules;
    value *cols, *rows;
    value *doc = table_doc(
        c, arena_printf(c->a, "Cores needed for %s requests per second", fmt(c, r->p->peak_rps)),
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
    return add_table(c, "report-scale", doc);
}

/* Only for a profile with hiring facts (r->has_cost). */
static int cost_table(report_ctx *c)
{
    const report *r = c->r;
    const ruleset *rs = c->e->rules;
    const char *prefix = "";
    for (size_t k = 0; k < rs->rates->ncols; k++)
        if (strcmp(rs->rates->cols[k].key, "python") == 0)
            prefix = rs->rates->cols[k].prefix;
    value *cols, *rows;
    value *doc = table_doc(
        c,
        arena_printf(c->a, "Cost estimate (%s): %s engineers, %s months, %s hours", rs->currency,
                     fmt(c, r->p->engineers), fmt(c, r->p->months), fmt(c, r->hours)),
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
    return add_table(c, "report-cost", doc);
}

/* A workload topic: the rows of its table that apply. */
static int topic_table(report_ctx *c, const rule_topic *t)
{
    value *doc = val_map(c->a);
    val_map_set(c->a, doc, "caption",
                str(c, arena_printf(c->a, "%s: %s", t->title, t->table->caption)));
    if (t->table->source)
        val_map_set(c->a, doc, "source", str(c, t->table->source));
    else
        val_map_set(c->a, doc, "source", str(c, t->table->caption));
    const char *url = t->table->source_url ? t->table->source_url : page_showing(c, t->table->name);
    if (url)
        val_map_set(c->a, doc, "source_url", str(c, url));
    val_map_set(c->a, doc, "columns", val_map_get(t->table->raw, "columns"));
    value *rows = val_list(c->a);
    for (size_t k = 0; k < t->nrows; k++)
        val_list_push(c->a, rows, (value *)dtable_row(t->table, t->rows[k]));
    val_map_set(c->a, doc, "rows", rows);
    return add_table(c, arena_printf(c->a, "report-topic-%s", t->id), doc);
}

int report_tables_make(report_ctx *c)
{
    const report *r = c->r;
    int rc = scores_table(c);
    rc |= split_table(c);
    rc |= profile_table(c);
    if (r->band)
        rc |= scale_table(c);
    if (r->has_cost)
        rc |= cost_table(c);
    for (size_t i = 0; i < r->ntopics; i++)
        rc |= topic_table(c, r->topics[i]);
    return rc;
}

const dtable *report_table_lookup(void *ctx, const char *name)
{
    report_ctx *c = ctx;
    for (size_t i = 0; i < c->ntables; i++)
        if (strcmp(c->tables[i]->name, name) == 0)
            return c->tables[i];
    return site_table(c->e->s, name);
}

/* ---- the context ---- */

static value *quote_value(report_ctx *c, const rule_quote *q)
{
    value *m = val_map(c->a);
    val_map_set(c->a, m, "headline", q->headline ? str(c, q->headline) : val_null(c->a));
    val_map_set(c->a, m, "text", q->text ? str(c, q->text) : val_null(c->a));
    val_map_set(c->a, m, "url", str(c, abs_link(c, q->link)));
    val_map_set(c->a, m, "link_title", str(c, q->link_title));
    return m;
}

static value *notes_value(report_ctx *c, const rule_note *const *notes, size_t n)
{
    value *l = val_list(c->a);
    for (size_t i = 0; i < n; i++)
        val_list_push(c->a, l, quote_value(c, &notes[i]->q));
    return l;
}

/* "<client>: backend stack report", the client cut (at a character) so
 * that the whole stays within the 70 characters a <title> should have. */
static const char *page_title(report_ctx *c, const char *client)
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

/* The stacks by score, highest first (stack order among equals), into order;
 * returns the `scores` list in that order. */
static value *scores_value(report_ctx *c, int order[STACK_COUNT])
{
    arena *a = c->a;
    const report *r = c->r;
    value *scores = val_list(a);
    for (int i = 0; i < STACK_COUNT; i++)
        order[i] = i;
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
    return scores;
}

/* The hybrid split, when hybrid is the recommendation (else empty). */
static value *split_value(report_ctx *c)
{
    arena *a = c->a;
    value *split = val_list(a);
    const rule_stack *hy = &c->e->rules->stacks[STACK_HYBRID];
    for (size_t i = 0; c->r->rec == STACK_HYBRID && i < hy->nsplit; i++) {
        value *x = val_map(a);
        val_map_set(a, x, "part", str(c, hy->split[i].part));
        val_map_set(a, x, "stack", str(c, stack_name(c, hy->split[i].stack)));
        val_list_push(a, split, x);
    }
    return split;
}

/* The fired rules grouped by stack in `order` (stacks without any left
 * out); every reason is also pushed to all. */
static value *groups_value(report_ctx *c, const int order[STACK_COUNT], value *all)
{
    arena *a = c->a;
    const report *r = c->r;
    value *groups = val_list(a);
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
    return groups;
}

static value *topics_value(report_ctx *c)
{
    arena *a = c->a;
    value *topics = val_list(a);
    for (size_t i = 0; i < c->r->ntopics; i++) {
        const rule_topic *t = c->r->topics[i];
        value *x = t->q.text || t->q.headline ? quote_value(c, &t->q) : val_map(a);
        val_map_set(a, x, "id", str(c, t->id));
        val_map_set(a, x, "title", str(c, t->title));
        val_map_set(a, x, "table", str(c, arena_printf(a, "report-topic-%s", t->id)));
        val_list_push(a, topics, x);
    }
    return topics;
}

/* The `scale` map, or false without peak_rps. */
static value *scale_value(report_ctx *c)
{
    arena *a = c->a;
    const report *r = c->r;
    if (!r->band)
        return val_bool(a, false);
    value *sc = val_map(a);
    val_map_set(a, sc, "peak_rps", str(c, fmt(c, r->p->peak_rps)));
    val_map_set(a, sc, "band", str(c, r->band->id));
    val_map_set(a, sc, "band_title", str(c, r->band->title));
    val_map_set(a, sc, "band_text", str(c, r->band->text));
    val_map_set(a, sc, "throughput_label", str(c, c->e->rules->throughput_label));
    val_map_set(a, sc, "python_cores", str(c, fmt(c, r->cores[STACK_PYTHON])));
    val_map_set(a, sc, "nodejs_cores", str(c, fmt(c, r->cores[STACK_NODEJS])));
    return sc;
}

/* The `cost` map, or false without hiring facts. */
static value *cost_value(report_ctx *c)
{
    arena *a = c->a;
    const report *r = c->r;
    const ruleset *rs = c->e->rules;
    if (!r->has_cost)
        return val_bool(a, false);
    value *co = val_map(a);
    val_map_set(a, co, "engineers", str(c, fmt(c, r->p->engineers)));
    val_map_set(a, co, "months", str(c, fmt(c, r->p->months)));
    val_map_set(a, co, "hours_per_month", str(c, fmt(c, rs->hours_per_month)));
    val_map_set(a, co, "hours", str(c, fmt(c, r->hours)));
    val_map_set(a, co, "region_name", str(c, r->region_name));
    val_map_set(a, co, "currency", str(c, rs->currency));
    return co;
}

value *report_context(report_ctx *c)
{
    arena *a = c->a;
    const report *r = c->r;
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
    val_map_set(a, m, "summary_source", quote_value(c, &c->e->rules->stacks[r->rec].summary));
    int order[STACK_COUNT];
    val_map_set(a, m, "scores", scores_value(c, order));
    val_map_set(a, m, "split", split_value(c));
    /* reasons grouped by stack: the recommended one first */
    value *all = val_list(a);
    val_map_set(a, m, "groups", groups_value(c, order, all));
    val_map_set(a, m, "reasons", all);
    val_map_set(a, m, "has_reasons", val_bool(a, r->nfired > 0));
    val_map_set(a, m, "topics", topics_value(c));
    val_map_set(a, m, "has_topics", val_bool(a, r->ntopics > 0));
    val_map_set(a, m, "scale", scale_value(c));
    val_map_set(a, m, "cost", cost_value(c));
    val_map_set(a, m, "risks", notes_value(c, (const rule_note *const *)r->risks, r->nrisks));
    val_map_set(a, m, "has_risks", val_bool(a, r->nrisks > 0));
    val_map_set(a, m, "steps", notes_value(c, (const rule_note *const *)r->steps, r->nsteps));
    val_map_set(a, m, "has_steps", val_bool(a, r->nsteps > 0));
    val_map_set(a, m, "guide_url", str(c, arena_printf(a, "%s/guide/", c->base)));
    buf_free(&tmp);
    return m;
}

/* ---- report.json ---- */

static value *pair(report_ctx *c, const char *k1, value *v1, const char *k2, value *v2)
{
    value *m = val_map(c->a);
    val_map_set(c->a, m, k1, v1);
    val_map_set(c->a, m, k2, v2);
    return m;
}

/* report.json's `cost`: per stack low, high, currency and hourly rates, then
 * the inputs; null without hiring facts. */
static value *json_cost(report_ctx *c)
{
    arena *a = c->a;
    const report *r = c->r;
    const ruleset *rs = c->e->rules;
    if (!r->has_cost)
        return val_null(a);
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
    val_map_set(a, co, "region", str(c, r->p->region));
    val_map_set(a, co, "engineers", num(c, r->p->engineers));
    val_map_set(a, co, "months", num(c, r->p->months));
    val_map_set(a, co, "hours_per_month", num(c, rs->hours_per_month));
    val_map_set(a, co, "hours", num(c, r->hours));
    return co;
}

/* report.json's risks or next steps: headline (or null), text, link. */
static value *json_notes(report_ctx *c, const rule_note *const *notes, size_t n)
{
    arena *a = c->a;
    value *l = val_list(a);
    for (size_t i = 0; i < n; i++) {
        const rule_quote *q = &notes[i]->q;
        value *x = val_map(a);
        val_map_set(a, x, "headline", q->headline ? str(c, q->headline) : val_null(a));
        val_map_set(a, x, "text", str(c, q->text));
        val_map_set(a, x, "link", str(c, abs_link(c, q->link)));
        val_list_push(a, l, x);
    }
    return l;
}

value *report_json(report_ctx *c)
{
    arena *a = c->a;
    const report *r = c->r;
    const ruleset *rs = c->e->rules;
    const profile *p = r->p;
    value *m = val_map(a);
    val_map_set(a, m, "schema_version", num(c, REPORT_JSON_VERSION));
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
    val_map_set(a, m, "cost", json_cost(c));
    value *topics = val_list(a);
    for (size_t i = 0; i < r->ntopics; i++)
        val_list_push(a, topics, str(c, r->topics[i]->id));
    val_map_set(a, m, "topics", topics);
    val_map_set(a, m, "risks", json_notes(c, (const rule_note *const *)r->risks, r->nrisks));
    val_map_set(a, m, "next_steps", json_notes(c, (const rule_note *const *)r->steps, r->nsteps));
    val_map_set(a, m, "profile", p->facts);
    /* the inputs as the report's profile table shows them, in the schema's order */
    value *inputs = val_list(a);
    const pf_schema *schema = rs->schema;
    for (size_t i = 0; i < schema->n; i++) {
        const pf_field *f = &schema->fields[i];
        if (!field_given(c, f))
            continue;
        const value *v = val_path(p->facts, f->path);
        value *x = val_map(a);
        val_map_set(a, x, "field", str(c, f->path));
        val_map_set(a, x, "label", str(c, f->label));
        val_map_set(a, x, "value", v ? (value *)v : val_null(a));
        val_map_set(a, x, "text", str(c, fact_text(c, f, v)));
        val_list_push(a, inputs, x);
    }
    val_map_set(a, m, "inputs", inputs);
    return m;
}

value *report_toc(report_ctx *c, const md_doc *doc)
{
    value *toc = val_list(c->a);
    size_t n;
    const md_heading *h = md_headings(doc, &n);
    for (size_t i = 0; i < n; i++)
        if (h[i].level == 2)
            val_list_push(c->a, toc, pair(c, "id", str(c, h[i].id), "text", str(c, h[i].text)));
    return toc;
}
