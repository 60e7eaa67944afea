/* report.c - the report engine and the computation: rules, scores, recommendation, scale, cost.
 *
 * The decision (docs/reports.md):
 *   score(stack) = the sum of the weights of the fired rules favouring it;
 *   the better of python and nodejs is the single-stack candidate (an equal
 *   score goes to settings.tie_breaker); hybrid is recommended only when its
 *   score is strictly higher than that candidate's, since a hybrid stack
 *   costs the operational complexity of two runtimes.
 *   confidence = 0.5 + 0.5 * (W - R) / (W + R + damping), W the recommended
 *   stack's score, R the best other score: 0.5 when the framework cannot
 *   separate them, towards 1 as the lead grows; damping keeps a lead built on
 *   little evidence modest. Rounded to two decimals and labelled high /
 *   moderate / low by the thresholds in settings.confidence.
 * Scale: cores = ceil(peak_rps / RPS per core) per stack. Cost: engineers x
 * months x settings.hours_per_month x the region's hourly low and high. */
#include "report/internal.h"
#include "core/theme.h"
#include "core/date.h"
#include "pdf/hyphen.h"
#include "core/content.h"
#include "site/feeds.h"
#include "core/table.h"
#include "util/xalloc.h"
#include "core/yamlload.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the engine ---- */

void report_md_escape(const char *s, buf *out)
{
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (c == '\n' || c == '\r' || c == '\t')
            buf_putc(out, ' ');
        else if (strchr("\\`*_[](){}#+-.!|~=^$:", c))
            buf_putc(out, '\\'), buf_putc(out, c);
        else
            buf_putc(out, c);
    }
}

/* A copy of v with every string escaped for Markdown; keys named in raw[]
 * (ids, URLs, table names) keep their strings as they are. */
static value *md_copy(arena *a, const value *v, int depth, bool raw)
{
    static const char *const raw_keys[] = {"id", "url", "table", "link", NULL};
    if (!v || depth > YAML_MAX_DEPTH)
        return val_null(a);
    switch (v->type) {
    case VAL_STR: {
        if (raw)
            return (value *)v;
        buf b = BUF_INIT;
        report_md_escape(v->u.str.s, &b);
        value *s = val_str(a, buf_cstr(&b));
        buf_free(&b);
        return s;
    }
    case VAL_LIST: {
        value *l = val_list(a);
        for (size_t i = 0; i < v->u.list.len; i++)
            val_list_push(a, l, md_copy(a, v->u.list.items[i], depth + 1, false));
        return l;
    }
    case VAL_MAP: {
        value *m = val_map(a);
        for (size_t i = 0; i < v->u.map.len; i++) {
            bool r = false;
            for (const char *const *k = raw_keys; *k && !r; k++)
                r = strcmp(*k, v->u.map.keys[i]) == 0;
            val_map_set(a, m, v->u.map.keys[i], md_copy(a, v->u.map.vals[i], depth + 1, r));
        }
        return m;
    }
    default:
        return (value *)v;
    }
}

value *report_md_copy(arena *a, const value *v)
{
    return md_copy(a, v, 0, false);
}

/* Every stylesheet under assets/, in path order: report.html carries its
 * look with it, so the file reads the same wherever it is opened. Returns
 * the text (in e->a), or NULL with an error per file that cannot be read. */
static const char *read_css(report_engine *e, err_list *errs)
{
    fs_list rels = {0}, srcs = {0};
    buf css = BUF_INIT;
    const char *out = NULL;
    bool failed = theme_walk(e->s->dir, e->s->theme_dir, "assets", &rels, &srcs, errs) != 0;
    for (size_t i = 0; i < rels.len; i++) {
        size_t n = strlen(rels.paths[i]);
        if (n < 4 || strcmp(rels.paths[i] + n - 4, ".css") != 0)
            continue;
        char *text = fs_read(srcs.paths[i], NULL, errs);
        if (text)
            buf_puts(&css, text);
        else
            failed = true;
        free(text);
    }
    if (!failed)
        out = arena_strdup(e->a, buf_cstr(&css));
    fs_list_free(&rels);
    fs_list_free(&srcs);
    buf_free(&css);
    return out;
}

static void site_contexts(report_engine *e)
{
    arena *a = e->a;
    const site *s = e->s;
    value *m = site_context_map(a, s);
    if (!val_as_str(val_map_get(m, "language")))
        val_map_set(a, m, "language", val_str(a, "en"));
    e->site_ctx = m;
    e->site_ctx_md = md_copy(a, m, 0, false);
    e->menu = val_list(a);
    const value *menu = val_path(s->config, "menus.main");
    for (size_t i = 0; menu && menu->type == VAL_LIST && i < menu->u.list.len; i++) {
        const value *it = menu->u.list.items[i];
        value *x = val_map(a);
        val_map_set(a, x, "name", val_map_get(it, "name"));
        val_map_set(a, x, "url",
                    val_str_own(a, arena_printf(a, "%s%s", s->base_url,
                                                val_str_or(val_map_get(it, "url"), "/"))));
        val_list_push(a, e->menu, x);
    }
    /* the PDF: site.yaml's settings with rules.yaml's settings.pdf on top */
    e->pdf_config = val_map(a);
    val_map_set_all(a, e->pdf_config, s->config);
    value *pdf = val_map(a);
    val_map_set_all(a, pdf, val_map_get(s->config, "pdf"));
    val_map_set_all(a, pdf, e->rules->pdf);
    val_map_set(a, e->pdf_config, "pdf", pdf);
}

/* The layout called name, or NULL with an error: its compile errors, or that
 * there is none. */
static const tpl *layout(report_engine *e, const char *name, const char *file, err_list *errs)
{
    const tpl *t = NULL;
    if (tpl_set_get(e->tpls, name, &t, errs) == 0 && !t)
        err_add(errs, file, 0, 0, "no layout '%s' for reports (looked in %s)", name,
                theme_layouts_where(e->a, e->s));
    return t;
}

report_engine *report_engine_new(const site *s, err_list *errs)
{
    report_engine *e = xcalloc(1, sizeof *e);
    int rc = 0;
    e->s = s;
    e->a = arena_new();
    e->layouts_dir = fs_join(s->dir, "layouts");
    e->site_yaml = fs_join(s->dir, "content/site.yaml");
    e->tpls = theme_layouts(s);
    buf ymd = BUF_INIT;
    date_format_ymd(s->build_time, &ymd);
    e->default_date = arena_strdup(e->a, buf_cstr(&ymd));
    buf_free(&ymd);
    /* the rules' links and quotes are checked against the pages' headings
     * and text, and tables' source lines name the page showing them */
    for (size_t i = 0; i < s->npages; i++)
        if (site_page_parse(s, s->pages[i], errs) != 0)
            rc = -1;
    if (rc == 0 && !(e->rules = rules_load(e->a, s, errs)))
        rc = -1;
    char *md = theme_resolve(s->dir, s->theme_dir, "layouts/report.md", NULL);
    e->md_file = arena_strdup(e->a, md ? md : "layouts/report.md");
    free(md);
    if (!(e->md_tpl = layout(e, "report.md", e->md_file, errs)))
        rc = -1;
    char *html = theme_resolve(s->dir, s->theme_dir, "layouts/report.html", NULL);
    if (!(e->html_tpl = layout(e, "report", html ? html : "layouts/report.html", errs)))
        rc = -1;
    free(html);
    if (!(e->css = read_css(e, errs)))
        rc = -1;
    if (rc != 0) {
        report_engine_free(e);
        return NULL;
    }
    site_contexts(e);
    e->hyph = pdf_hyphenator_new(val_str_or(val_map_get(s->config, "language"), "en"));
    return e;
}

void report_engine_free(report_engine *e)
{
    if (!e)
        return;
    tpl_set_free(e->tpls);
    pdf_hyphenator_free(e->hyph);
    free(e->layouts_dir);
    free(e->site_yaml);
    arena_free(e->a);
    free(e);
}

void report_engine_schema(const report_engine *e, buf *out)
{
    profile_json_schema(e->rules->schema, out);
}

const ruleset *report_engine_rules(const report_engine *e)
{
    return e->rules;
}

profile *report_profile_parse(const report_engine *e, arena *a, const char *text, size_t len,
                              const char *file, err_list *errs)
{
    const value *doc = yaml_load(a, text, len, file, 1, errs);
    if (!doc)
        return NULL;
    return profile_from_value(a, e->rules->schema, doc, text, file, e->default_date, errs);
}

/* ---- the computation ---- */

/* Appends to an arena array of pointers. */
static void push(arena *a, const void ***arr, size_t *n, const void *item)
{
    *arr = arena_realloc(a, (void *)*arr, *n * sizeof **arr, (*n + 1) * sizeof **arr);
    (*arr)[(*n)++] = item;
}

static value *score_map(arena *a, const double *score)
{
    value *m = val_map(a);
    for (int i = 0; i < STACK_COUNT; i++)
        val_map_set(a, m, report_stack_ids[i], val_num(a, score[i]));
    return m;
}

/* The cost estimate of a profile with hiring facts: hours, the region's
 * hourly rates (and its name as the rates table shows it), low and high. */
static void cost(const ruleset *rs, const profile *p, arena *a, report *r)
{
    buf name = BUF_INIT;
    r->has_cost = true;
    r->hours = p->engineers * p->months * rs->hours_per_month;
    const value *row = dtable_row(rs->rates, p->region);
    for (int s = 0; s < 2; s++) {
        const value *cell = val_map_get(row, report_stack_ids[s]);
        r->rate_low[s] = val_num_or(val_map_get(cell, "low"), 0);
        r->rate_high[s] = val_num_or(val_map_get(cell, "high"), 0);
        r->cost_low[s] = r->hours * r->rate_low[s];
        r->cost_high[s] = r->hours * r->rate_high[s];
    }
    r->region_name = p->region;
    for (size_t k = 0; k < rs->rates->nrows; k++)
        if (rs->rates->rows[k] == row && rs->rates->ncols) {
            buf_reset(&name);
            dtable_cell_text(rs->rates, k, 0, &name);
            if (name.len)
                r->region_name = arena_strdup(a, buf_cstr(&name));
        }
    buf_free(&name);
}

void report_compute(const report_engine *e, profile *p, arena *a, report *r)
{
    const ruleset *rs = e->rules;
    memset(r, 0, sizeof *r);
    r->p = p;
    buf tmp = BUF_INIT;
    report_slug(p->client, &tmp);
    r->slug = arena_strdup(a, buf_cstr(&tmp));
    /* derived facts */
    value *scale = val_map(a);
    val_map_set(a, scale, "band", val_null(a));
    for (size_t i = 0; p->peak_rps > 0 && i < rs->nbands; i++)
        if (p->peak_rps >= rs->bands[i].min && p->peak_rps < rs->bands[i].max) {
            r->band = &rs->bands[i];
            val_map_set(a, scale, "band", val_str_own(a, r->band->id));
        }
    val_map_set(a, p->facts, "scale", scale);
    value *hiring = val_map_get(p->facts, "hiring");
    if (hiring && hiring->type == VAL_MAP)
        val_map_set(a, hiring, "engineer_months", val_num(a, p->engineers * p->months));
    /* the rules, in order; conditions on score.* see the rules above */
    val_map_set(a, p->facts, "score", score_map(a, r->score));
    for (size_t i = 0; i < rs->nrules; i++) {
        const rule *ru = &rs->rules[i];
        if (!rules_cond_eval(ru->when, p->facts))
            continue;
        r->score[ru->favours] += ru->weight;
        val_map_set(a, p->facts, "score", score_map(a, r->score));
        push(a, (const void ***)&r->fired, &r->nfired, ru);
    }
    /* the decision */
    double py = r->score[STACK_PYTHON], js = r->score[STACK_NODEJS];
    report_stack single = py > js ? STACK_PYTHON : js > py ? STACK_NODEJS : rs->tie_breaker;
    r->rec = r->score[STACK_HYBRID] > r->score[single] ? STACK_HYBRID : single;
    double w = r->score[r->rec], rest = 0;
    for (int i = 0; i < STACK_COUNT; i++)
        if (i != (int)r->rec && r->score[i] > rest)
            rest = r->score[i];
    double conf =
        0.5 + 0.5 * (w - rest) / (w + rest + rs->damping > 0 ? w + rest + rs->damping : 1);
    r->confidence = floor(conf * 100 + 0.5) / 100;
    r->confidence_label = r->confidence >= rs->conf_high       ? "high"
                          : r->confidence >= rs->conf_moderate ? "moderate"
                                                               : "low";
    /* scale */
    for (int s = 0; s < 2 && p->peak_rps > 0; s++)
        r->cores[s] = ceil(p->peak_rps / rs->rps_per_core[s]);
    if (p->has_hiring)
        cost(rs, p, a, r);
    /* what else applies */
    for (size_t i = 0; i < rs->ntopics; i++)
        if (rules_cond_eval(rs->topics[i].when, p->facts))
            push(a, (const void ***)&r->topics, &r->ntopics, &rs->topics[i]);
    for (size_t i = 0; i < rs->nrisks; i++) {
        const rule_note *n = &rs->risks[i];
        if ((n->stacks & (1u << r->rec)) && (!n->when || rules_cond_eval(n->when, p->facts)))
            push(a, (const void ***)&r->risks, &r->nrisks, n);
    }
    for (size_t i = 0; i < rs->nsteps; i++) {
        const rule_note *n = &rs->steps[i];
        if ((n->stacks & (1u << r->rec)) && (!n->when || rules_cond_eval(n->when, p->facts)))
            push(a, (const void ***)&r->steps, &r->nsteps, n);
    }
    /* the summary: the stack's case in the guide's words, then the
     * heaviest other reason that fired for it (the first of equals) */
    const rule_quote *sq = &rs->stacks[r->rec].summary;
    const rule *top = NULL;
    for (size_t i = 0; i < r->nfired; i++) {
        const rule *f = r->fired[i];
        if (f->favours == r->rec && strcmp(f->q.text, sq->text) != 0 &&
            (!top || f->weight > top->weight))
            top = f;
    }
    buf_reset(&tmp);
    if (sq->headline)
        buf_printf(&tmp, "%s ", sq->headline);
    buf_puts(&tmp, sq->text);
    if (top)
        buf_printf(&tmp, " %s%s%s", top->q.headline ? top->q.headline : "",
                   top->q.headline ? " " : "", top->q.text);
    r->summary = arena_strdup(a, buf_cstr(&tmp));
    buf_free(&tmp);
}

/* ---- client slugs ---- */

/* ASCII folds of the Latin-1 supplement letters U+00C0..U+00FF ("" for
 * the two signs in that range, which become separators). */
static const char *const latin1_fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

#define SLUG_MAX 64

void report_slug(const char *client, buf *out)
{
    size_t start = out->len;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)client;
         *p && out->len - start < SLUG_MAX;) {
        const char *piece = NULL;
        char one[2] = {0, 0};
        if (*p < 0x80) {
            if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
                one[0] = (char)*p, piece = one;
            else if (*p >= 'A' && *p <= 'Z')
                one[0] = (char)(*p - 'A' + 'a'), piece = one;
            p++;
        } else if ((*p == 0xc3) && p[1] >= 0x80 && p[1] <= 0xbf) {
            piece = latin1_fold[p[1] - 0x80];
            piece = piece[0] ? piece : NULL;
            p += 2;
        } else {
            p++;
            while ((*p & 0xc0) == 0x80)
                p++;
        }
        if (!piece) {
            dash = out->len > start;
            continue;
        }
        if (dash)
            buf_putc(out, '-');
        dash = false;
        buf_puts(out, piece);
    }
    if (out->len - start > SLUG_MAX) /* a folded letter ("ss", "th") crossed the limit */
        buf_truncate(out, start + SLUG_MAX);
    while (out->len > start && out->data[out->len - 1] == '-')
        buf_truncate(out, out->len - 1);
    if (out->len == start) {
        uint32_t h = 2166136261u;
        for (const unsigned char *p = (const unsigned char *)client; *p; p++)
            h = (h ^ *p) * 16777619u;
        buf_printf(out, "client-%08x", h);
    }
}
