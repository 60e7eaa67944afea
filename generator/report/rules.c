/* rules.c - loads rules.yaml and checks it against the site: settings, stacks, rules, topics,
 * risks and next steps.
 *
 * Every rule, risk and step quotes the guide: `link` must name a page of the
 * site and one of its heading ids, and `headline` and `text` must occur in
 * that page word for word. Conditions are compiled by cond.c against the
 * facts registered here: the profile's fields (profile.h) plus the derived
 * ones, scale.band (the RPS band of peak_rps, from the data file named by
 * settings.rps_bands), hiring.engineer_months, and score.python /
 * score.nodejs / score.hybrid (the sums of the rules above the one being
 * evaluated). */
#include "report/rules.h"
#include "core/keys.h"
#include "util/suggest.h"
#include "util/buf.h"
#include "core/content.h"
#include "util/fsutil.h"
#include "core/markdown.h"
#include "core/table.h"
#include "core/yamlload.h"
#include "report/cond.h"
#include "report/profile.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const report_stack_ids[STACK_COUNT] = {"python", "nodejs", "hybrid"};

report_stack report_stack_from_id(const char *id)
{
    for (int i = 0; id && i < STACK_COUNT; i++)
        if (strcmp(id, report_stack_ids[i]) == 0)
            return (report_stack)i;
    return STACK_COUNT;
}

/* A page's text, normalised for quote checks. */
typedef struct page_text {
    const page *p;
    char *text;
} page_text;

typedef struct rctx {
    arena *a;
    const site *s;
    const char *file;
    const char *text;
    err_list *errs;
    bool ok; /* false once bad() recorded a problem: the loaders below record every problem
                and go on, so one run reports them all, and rules_from_value returns NULL
                when !ok (libyaml keeps its parser's problem the same way) */
    ruleset *rs;
    cond_ctx cc; /* conditions: the facts they may test, and their errors */
    page_text *pages;
    size_t npages;
} rctx;

/* An error at a value's position; the rules (or profile) are then invalid. */
#define bad(c, at, ...) ((c)->ok = false, val_error((c)->errs, (at), (c)->file, __VA_ARGS__))

/* Errors for keys of map not in allowed (NULL-terminated), with suggestions. */
static void check_keys(rctx *c, const value *map, const char *const *allowed, const char *what)
{
    size_t n = 0;
    while (allowed[n])
        n++;
    if (keys_check(c->errs, c->text, c->file, map, allowed, n, what, KEYS_ERROR))
        c->ok = false;
}

static const value *need_map(rctx *c, const value *v, const value *parent, const char *what)
{
    if (v && v->type == VAL_MAP)
        return v;
    bad(c, v ? v : parent, "%s must be a mapping", what);
    return NULL;
}

/* A string field; NULL (with an error when required) if absent or wrong. */
static const char *str_field(rctx *c, const value *map, const char *key, bool required,
                             const char *what)
{
    const value *v = val_map_get(map, key);
    if (!v || v->type == VAL_NULL) {
        if (required)
            bad(c, map, "%s needs '%s'", what, key);
        return NULL;
    }
    if (v->type != VAL_STR || !v->u.str.len) {
        bad(c, v, "'%s' of %s must be a non-empty string", key, what);
        return NULL;
    }
    return v->u.str.s;
}

/* A number field in [lo, hi]; def when absent. */
static double num_field(rctx *c, const value *map, const char *key, double lo, double hi,
                        double def, bool required, const char *what)
{
    const value *v = val_map_get(map, key);
    if (!v || v->type == VAL_NULL) {
        if (required)
            bad(c, map, "%s needs '%s' (a number from %g to %g)", what, key, lo, hi);
        return def;
    }
    if (v->type != VAL_NUM || v->u.num < lo || v->u.num > hi) {
        bad(c, v, "'%s' of %s must be a number from %g to %g", key, what, lo, hi);
        return def;
    }
    return v->u.num;
}

/* ---- quotes and links ---- */

/* Appends s with '*' (Markdown emphasis) removed and whitespace runs as one space. */
static void normalise(const char *s, size_t n, buf *out)
{
    bool space = out->len > 0 && out->data[out->len - 1] == ' ';
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '*')
            continue;
        if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
            if (!space && out->len)
                buf_putc(out, ' ');
            space = true;
            continue;
        }
        buf_putc(out, ch);
        space = false;
    }
}

/* Appends every string in v (a data file the page shows), separated so
 * that no quote can span two of them. */
static void data_strings(const value *v, int depth, buf *out)
{
    if (!v || depth > YAML_MAX_DEPTH)
        return;
    if (v->type == VAL_STR) {
        normalise(v->u.str.s, v->u.str.len, out);
        buf_puts(out, "\x01 ");
    } else if (v->type == VAL_LIST) {
        for (size_t i = 0; i < v->u.list.len; i++)
            data_strings(v->u.list.items[i], depth + 1, out);
    } else if (v->type == VAL_MAP) {
        for (size_t i = 0; i < v->u.map.len; i++)
            data_strings(v->u.map.vals[i], depth + 1, out);
    }
}

/* The normalised text of page p: its Markdown body and the data files its
 * directives show (a FAQ's answers). Cached for the load. */
static const char *text_of(rctx *c, const page *p)
{
    for (size_t i = 0; i < c->npages; i++)
        if (c->pages[i].p == p)
            return c->pages[i].text;
    buf b = BUF_INIT;
    normalise(p->body ? p->body : "", p->body_len, &b);
    buf_puts(&b, "\x01 ");
    if (p->doc) {
        size_t n;
        const md_directive *d = md_directives(p->doc, &n);
        for (size_t i = 0; i < n; i++)
            data_strings(val_map_get(c->s->data, d[i].name), 0, &b);
        const char *faq = md_faq_name(p->doc);
        if (faq)
            data_strings(val_map_get(c->s->data, faq), 0, &b);
    }
    c->pages = arena_realloc(c->a, c->pages, c->npages * sizeof *c->pages,
                             (c->npages + 1) * sizeof *c->pages);
    c->pages[c->npages].p = p;
    c->pages[c->npages].text = arena_strdup(c->a, buf_cstr(&b));
    buf_free(&b);
    return c->pages[c->npages++].text;
}

/* Checks a link to a guide section; returns its page (NULL after an error)
 * and sets *title to "Page title › Heading". */
static const page *check_link(rctx *c, const value *v, const char **title)
{
    const char *link = val_as_str(v);
    if (!link || link[0] != '/') {
        bad(c, v, "a link must be a site URL like /guide/nodejs/#where-nodejs-struggles");
        return NULL;
    }
    const char *hash = strchr(link, '#');
    char *path = arena_strndup(c->a, link, hash ? (size_t)(hash - link) : strlen(link));
    const page *p = site_page_by_url(c->s, path);
    if (!p) {
        bad(c, v, "link '%s': no page of the site has the URL '%s'", link, path);
        return NULL;
    }
    if (!hash || !hash[1]) {
        *title = p->title;
        return p;
    }
    for (size_t i = 0; i < p->ntoc; i++)
        if (strcmp(p->toc[i].id, hash + 1) == 0) {
            *title = arena_printf(c->a, "%s \xe2\x80\xba %s", p->title, p->toc[i].text);
            return p;
        }
    buf m = BUF_INIT;
    for (size_t i = 0; i < p->ntoc; i++)
        buf_printf(&m, "%s%s", i ? ", " : "", p->toc[i].id);
    bad(c, v, "link '%s': %s has no heading with the id '%s' (ids: %s)", link, path, hash + 1,
        m.len ? buf_cstr(&m) : "none");
    buf_free(&m);
    return NULL;
}

/* Checks that the string v occurs, word for word, in page p. */
static void check_quote(rctx *c, const value *v, const page *p)
{
    const char *s = val_as_str(v);
    if (!s || !p)
        return;
    buf q = BUF_INIT;
    normalise(s, strlen(s), &q);
    if (q.len && !strstr(text_of(c, p), buf_cstr(&q)))
        bad(c, v,
            "not a quote from %s: reasons, risks and steps must use the guide's own sentences "
            "(check the wording against %s)",
            p->url, p->file);
    buf_free(&q);
}

/* Reads headline, text and link of map into q. With text_required false,
 * a passage without text is allowed (q->text NULL). */
static void read_quote(rctx *c, const value *map, rule_quote *q, bool text_required,
                       const char *what)
{
    q->headline = str_field(c, map, "headline", false, what);
    q->text = str_field(c, map, "text", text_required, what);
    const value *lv = val_map_get(map, "link");
    if (!q->text && !q->headline && !lv)
        return;
    if (!lv) {
        bad(c, map, "%s needs 'link': the guide section its text comes from", what);
        return;
    }
    const page *p = check_link(c, lv, &q->link_title);
    if (!p)
        return;
    q->link = val_as_str(lv);
    check_quote(c, val_map_get(map, "headline"), p);
    check_quote(c, val_map_get(map, "text"), p);
}

/* ---- the facts conditions may test ---- */

/* The profile schema plus the derived facts. */
static void build_facts(rctx *c)
{
    cond_ctx *cc = &c->cc;
    const pf_field *f = c->rs->schema->fields;
    for (size_t i = 0; i < c->rs->schema->n; i++) {
        if (f[i].type == PF_SECTION)
            continue;
        size_t k = 0;
        while (f[i].allowed && f[i].allowed[k])
            k++;
        cond_add_fact(cc, f[i].path, f[i].type == PF_REGION ? PF_ENUM : f[i].type, f[i].allowed, k);
    }
    const char **bands = arena_alloc(c->a, (c->rs->nbands + 1) * sizeof *bands);
    for (size_t i = 0; i < c->rs->nbands; i++)
        bands[i] = c->rs->bands[i].id;
    cond_add_fact(cc, "scale.band", PF_ENUM, bands, c->rs->nbands);
    cond_add_fact(cc, "hiring.engineer_months", PF_NUMBER, NULL, 0);
    cond_add_fact(cc, "score.python", PF_NUMBER, NULL, 0);
    cond_add_fact(cc, "score.nodejs", PF_NUMBER, NULL, 0);
    cond_add_fact(cc, "score.hybrid", PF_NUMBER, NULL, 0);
}

/* Compiles a condition; NULL (and the load fails) after errors. */
static const rule_cond *when(rctx *c, const value *v)
{
    const rule_cond *r = cond_compile(&c->cc, v);
    if (!r)
        c->ok = false;
    return r;
}

/* ---- sections of rules.yaml ---- */

static report_stack stack_field(rctx *c, const value *map, const char *key, bool hybrid_ok,
                                const char *what)
{
    const value *v = val_map_get(map, key);
    const char *s = val_as_str(v);
    report_stack st = report_stack_from_id(s);
    if (st == STACK_COUNT || (!hybrid_ok && st == STACK_HYBRID)) {
        const char *near = s ? suggest_nearest(s, report_stack_ids, hybrid_ok ? 3 : 2) : NULL;
        bad(c, v ? v : map, "'%s' of %s must be %s%s%s%s", key, what,
            hybrid_ok ? "python, nodejs or hybrid" : "python or nodejs",
            near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
        return STACK_COUNT;
    }
    return st;
}

/* Reads a numeric cell (a number, or a map with `value`). */
static bool cell_number(const value *cell, double *out)
{
    if (cell && cell->type == VAL_NUM) {
        *out = cell->u.num;
        return true;
    }
    const value *v = val_map_get(cell, "value");
    if (v && v->type == VAL_NUM) {
        *out = v->u.num;
        return true;
    }
    return false;
}

static const dtable *table_field(rctx *c, const value *map, const char *key, const char *what)
{
    const value *v = val_map_get(map, key);
    const char *name = val_as_str(v);
    const dtable *t = name ? site_table(c->s, name) : NULL;
    if (!t)
        bad(c, v ? v : map, "'%s' of %s must name a data table of content/data/", key, what);
    return t;
}

/* settings.rates: a data table of hourly {low, high} per region (row id) and stack. */
static void load_rates(rctx *c, const value *set)
{
    ruleset *rs = c->rs;
    rs->rates = table_field(c, set, "rates", "settings");
    if (rs->rates) {
        const dtable *t = rs->rates;
        rs->regions = arena_alloc(c->a, (t->nrows + 1) * sizeof *rs->regions);
        for (size_t r = 0; r < t->nrows; r++) {
            const char *id = val_as_str(val_map_get(t->rows[r], "id"));
            if (!id) {
                bad(c, t->rows[r],
                    "every row of the rates table needs an 'id' (the hiring.region value)");
                continue;
            }
            rs->regions[rs->nregions++] = id;
            for (int s = 0; s < 2; s++) {
                const value *cell = val_map_get(t->rows[r], report_stack_ids[s]);
                const value *lo = val_map_get(cell, "low"), *hi = val_map_get(cell, "high");
                if (!lo || !hi || lo->type != VAL_NUM || hi->type != VAL_NUM ||
                    lo->u.num > hi->u.num)
                    bad(c, cell ? cell : t->rows[r],
                        "the rates table needs a '%s' cell {low, high} in row '%s'",
                        report_stack_ids[s], id);
            }
        }
    }
}

/* settings.throughput: the row of a data table with the RPS per core of each stack. */
static void load_throughput(rctx *c, const value *set)
{
    ruleset *rs = c->rs;
    const value *tp = need_map(c, val_map_get(set, "throughput"), set, "'settings.throughput'");
    if (tp) {
        static const char *const tkeys[] = {"table", "row", NULL};
        check_keys(c, tp, tkeys, "settings.throughput");
        rs->throughput = table_field(c, tp, "table", "settings.throughput");
        rs->throughput_row = str_field(c, tp, "row", true, "settings.throughput");
        const value *row = rs->throughput && rs->throughput_row
                               ? dtable_row(rs->throughput, rs->throughput_row)
                               : NULL;
        if (rs->throughput && rs->throughput_row && !row)
            bad(c, val_map_get(tp, "row"), "the table '%s' has no row '%s'", rs->throughput->name,
                rs->throughput_row);
        for (int s = 0; row && s < 2; s++) {
            const value *cell = val_map_get(row, report_stack_ids[s]);
            if (!cell_number(cell, &rs->rps_per_core[s]) || rs->rps_per_core[s] <= 0)
                bad(c, cell ? cell : row,
                    "row '%s' needs a positive number under '%s' (requests per second per core)",
                    rs->throughput_row, report_stack_ids[s]);
        }
        if (row && rs->throughput->ncols)
            rs->throughput_label = val_as_str(val_map_get(row, rs->throughput->cols[0].key));
        if (!rs->throughput_label)
            rs->throughput_label = rs->throughput_row;
    }
}

/* settings.rps_bands: names a data file whose rps_bands list holds the bands. */
static void load_bands(rctx *c, const value *set)
{
    ruleset *rs = c->rs;
    const value *bv = val_map_get(set, "rps_bands");
    const char *bname = val_as_str(bv);
    const value *bands = bname ? val_map_get(val_map_get(c->s->data, bname), "rps_bands") : NULL;
    if (!bands || bands->type != VAL_LIST || !bands->u.list.len) {
        bad(c, bv ? bv : set,
            "'rps_bands' of settings must name a data file with an 'rps_bands' list");
    } else {
        rs->bands = arena_alloc(c->a, bands->u.list.len * sizeof *rs->bands);
        for (size_t i = 0; i < bands->u.list.len; i++) {
            const value *b = need_map(c, bands->u.list.items[i], bands, "an RPS band");
            if (!b)
                continue;
            rule_band *rb = &rs->bands[rs->nbands++];
            rb->id = str_field(c, b, "id", true, "an RPS band");
            rb->title = str_field(c, b, "title", true, "an RPS band");
            rb->text = str_field(c, b, "text", true, "an RPS band");
            rb->min = num_field(c, b, "min", 0, 1e12, 0, false, "an RPS band");
            rb->max = num_field(c, b, "max", 0, 1e12, HUGE_VAL, false, "an RPS band");
            if (rb->max <= rb->min)
                bad(c, b, "an RPS band's max must be above its min");
            if (i > 0 && rb->min != rs->bands[i - 1].max)
                bad(c, b,
                    "RPS bands must follow each other: this min must equal the previous band's "
                    "max");
        }
    }
}

static void load_settings(rctx *c, const value *doc)
{
    ruleset *rs = c->rs;
    const value *set = need_map(c, val_map_get(doc, "settings"), doc, "'settings'");
    if (!set)
        return;
    static const char *const keys[] = {"hours_per_month", "currency",  "rates",
                                       "throughput",      "rps_bands", "tie_breaker",
                                       "confidence",      "pdf",       NULL};
    check_keys(c, set, keys, "settings");
    rs->hours_per_month = num_field(c, set, "hours_per_month", 1, 744, 160, true, "settings");
    rs->currency = str_field(c, set, "currency", true, "settings");
    rs->tie_breaker = stack_field(c, set, "tie_breaker", false, "settings");
    load_rates(c, set);
    load_throughput(c, set);
    load_bands(c, set);
    const value *conf = need_map(c, val_map_get(set, "confidence"), set, "'settings.confidence'");
    if (conf) {
        static const char *const ckeys[] = {"damping", "high", "moderate", NULL};
        check_keys(c, conf, ckeys, "settings.confidence");
        rs->damping = num_field(c, conf, "damping", 0, 1000, 4, true, "settings.confidence");
        rs->conf_high = num_field(c, conf, "high", 0.5, 1, 0.75, true, "settings.confidence");
        rs->conf_moderate =
            num_field(c, conf, "moderate", 0.5, 1, 0.6, true, "settings.confidence");
        if (rs->conf_moderate > rs->conf_high)
            bad(c, conf, "confidence 'moderate' must not be above 'high'");
    }
    const value *pdf = val_map_get(set, "pdf");
    if (pdf && pdf->type != VAL_MAP)
        bad(c, pdf, "'pdf' of settings must be a mapping of site.yaml pdf settings");
    rs->pdf = pdf && pdf->type == VAL_MAP ? pdf : NULL;
}

static void load_stacks(rctx *c, const value *doc)
{
    const value *st = need_map(c, val_map_get(doc, "stacks"), doc, "'stacks'");
    if (!st)
        return;
    static const char *const keys[] = {"python", "nodejs", "hybrid", NULL};
    check_keys(c, st, keys, "stacks");
    for (int i = 0; i < STACK_COUNT; i++) {
        const value *v = val_map_get(st, report_stack_ids[i]);
        char *what = arena_printf(c->a, "stacks.%s", report_stack_ids[i]);
        if (!need_map(c, v, st, what))
            continue;
        static const char *const skeys[] = {"name", "headline", "text", "link", "split", NULL};
        check_keys(c, v, skeys, what);
        rule_stack *rs = &c->rs->stacks[i];
        rs->name = str_field(c, v, "name", true, what);
        read_quote(c, v, &rs->summary, true, what);
        const value *split = val_map_get(v, "split");
        if (i != STACK_HYBRID) {
            if (split)
                bad(c, split, "only stacks.hybrid has a split");
            continue;
        }
        if (!split || split->type != VAL_LIST || !split->u.list.len) {
            bad(c, split ? split : v, "stacks.hybrid needs a 'split': a list of {part, stack}");
            continue;
        }
        rs->split = arena_alloc(c->a, split->u.list.len * sizeof *rs->split);
        for (size_t k = 0; k < split->u.list.len; k++) {
            const value *sv = need_map(c, split->u.list.items[k], split, "a split part");
            if (!sv)
                continue;
            static const char *const pkeys[] = {"part", "stack", NULL};
            check_keys(c, sv, pkeys, "a split part");
            rule_split *sp = &rs->split[rs->nsplit++];
            sp->part = str_field(c, sv, "part", true, "a split part");
            sp->stack = stack_field(c, sv, "stack", false, "a split part");
            if (sp->part && rs->summary.text && !strstr(rs->summary.text, sp->part))
                bad(c, val_map_get(sv, "part"),
                    "a split part must be words of stacks.hybrid's text");
        }
    }
}

static bool valid_id(const char *s)
{
    if (!s || !s[0])
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

static void load_rules(rctx *c, const value *doc)
{
    const value *list = val_map_get(doc, "rules");
    if (!list || list->type != VAL_LIST || !list->u.list.len) {
        bad(c, list ? list : doc, "'rules' must be a non-empty list of rules");
        return;
    }
    ruleset *rs = c->rs;
    rs->rules = arena_alloc(c->a, list->u.list.len * sizeof *rs->rules);
    for (size_t i = 0; i < list->u.list.len; i++) {
        const value *v = need_map(c, list->u.list.items[i], list, "a rule");
        if (!v)
            continue;
        static const char *const keys[] = {"id",       "when", "favours", "weight",
                                           "headline", "text", "link",    NULL};
        check_keys(c, v, keys, "a rule");
        rule *r = &rs->rules[rs->nrules++];
        r->pos = v->pos;
        r->id = str_field(c, v, "id", true, "a rule");
        if (r->id && !valid_id(r->id))
            bad(c, val_map_get(v, "id"), "rule id '%s' must be lowercase letters, digits and '-'",
                r->id);
        for (size_t k = 0; r->id && k + 1 < rs->nrules; k++)
            if (rs->rules[k].id && strcmp(rs->rules[k].id, r->id) == 0)
                bad(c, val_map_get(v, "id"), "duplicate rule id '%s' (first at line %d)", r->id,
                    rs->rules[k].pos.line);
        char *what = arena_printf(c->a, "rule '%s'", r->id ? r->id : "?");
        const value *whenv = val_map_get(v, "when");
        if (!whenv)
            bad(c, v, "%s needs 'when': the condition it fires on", what);
        else
            r->when = when(c, whenv);
        r->favours = stack_field(c, v, "favours", true, what);
        r->weight = num_field(c, v, "weight", 0.001, 1000, 1, true, what);
        read_quote(c, v, &r->q, true, what);
    }
}

static void load_topics(rctx *c, const value *doc)
{
    const value *list = val_map_get(doc, "topics");
    if (!list)
        return;
    if (list->type != VAL_LIST) {
        bad(c, list, "'topics' must be a list");
        return;
    }
    ruleset *rs = c->rs;
    rs->topics = arena_alloc(c->a, list->u.list.len * sizeof *rs->topics);
    for (size_t i = 0; i < list->u.list.len; i++) {
        const value *v = need_map(c, list->u.list.items[i], list, "a topic");
        if (!v)
            continue;
        static const char *const keys[] = {"id",       "title", "when", "table", "rows",
                                           "headline", "text",  "link", NULL};
        check_keys(c, v, keys, "a topic");
        rule_topic *t = &rs->topics[rs->ntopics++];
        t->id = str_field(c, v, "id", true, "a topic");
        if (t->id && !valid_id(t->id))
            bad(c, val_map_get(v, "id"), "topic id '%s' must be lowercase letters, digits and '-'",
                t->id);
        for (size_t k = 0; t->id && k + 1 < rs->ntopics; k++)
            if (rs->topics[k].id && strcmp(rs->topics[k].id, t->id) == 0)
                bad(c, val_map_get(v, "id"), "duplicate topic id '%s'", t->id);
        char *what = arena_printf(c->a, "topic '%s'", t->id ? t->id : "?");
        t->title = str_field(c, v, "title", true, what);
        const value *whenv = val_map_get(v, "when");
        if (!whenv)
            bad(c, v, "%s needs 'when': topics appear only when relevant", what);
        else
            t->when = when(c, whenv);
        t->table = val_map_get(v, "table") ? table_field(c, v, "table", what) : rs->throughput;
        const value *rows = val_map_get(v, "rows");
        if (!rows || rows->type != VAL_LIST || !rows->u.list.len) {
            bad(c, rows ? rows : v, "%s needs 'rows': a list of row ids of its table", what);
        } else if (t->table) {
            t->rows = arena_alloc(c->a, rows->u.list.len * sizeof *t->rows);
            for (size_t k = 0; k < rows->u.list.len; k++) {
                const char *id = val_as_str(rows->u.list.items[k]);
                if (!id || !dtable_row(t->table, id))
                    bad(c, rows->u.list.items[k], "the table '%s' has no row '%s'", t->table->name,
                        id ? id : "?");
                else
                    t->rows[t->nrows++] = id;
            }
        }
        read_quote(c, v, &t->q, false, what);
    }
}

static void load_notes(rctx *c, const value *doc, const char *key, rule_note **out, size_t *nout)
{
    const value *list = val_map_get(doc, key);
    if (!list)
        return;
    if (list->type != VAL_LIST) {
        bad(c, list, "'%s' must be a list", key);
        return;
    }
    *out = arena_alloc(c->a, list->u.list.len * sizeof **out);
    for (size_t i = 0; i < list->u.list.len; i++) {
        char *what = arena_printf(c->a, "%s item %zu", key, i + 1);
        const value *v = need_map(c, list->u.list.items[i], list, what);
        if (!v)
            continue;
        static const char *const keys[] = {"stacks", "when", "headline", "text", "link", NULL};
        check_keys(c, v, keys, what);
        rule_note *n = &(*out)[(*nout)++];
        const value *whenv = val_map_get(v, "when");
        n->when = whenv ? when(c, whenv) : NULL;
        const value *st = val_map_get(v, "stacks");
        n->stacks = (1u << STACK_COUNT) - 1;
        if (st) {
            n->stacks = 0;
            if (st->type != VAL_LIST || !st->u.list.len)
                bad(c, st, "'stacks' of %s must be a list of python, nodejs, hybrid", what);
            for (size_t k = 0; st->type == VAL_LIST && k < st->u.list.len; k++) {
                report_stack s = report_stack_from_id(val_as_str(st->u.list.items[k]));
                if (s == STACK_COUNT)
                    bad(c, st->u.list.items[k], "'stacks' of %s must list python, nodejs or hybrid",
                        what);
                else
                    n->stacks |= 1u << s;
            }
        }
        read_quote(c, v, &n->q, true, what);
    }
}

ruleset *rules_from_value(arena *a, const site *s, const value *doc, const char *text,
                          const char *file, err_list *errs)
{
    rctx c = {a, s, file, text, errs, true, NULL, {a, file, text, errs, NULL, 0, true}, NULL, 0};
    if (!doc || doc->type != VAL_MAP) {
        err_add(errs, file, 1, 1, "rules.yaml must be a mapping with settings, stacks and rules");
        return NULL;
    }
    static const char *const keys[] = {"settings", "stacks",     "rules", "topics",
                                       "risks",    "next_steps", NULL};
    c.rs = arena_alloc(a, sizeof *c.rs);
    c.rs->file = file;
    check_keys(&c, doc, keys, "rules.yaml");
    load_settings(&c, doc);
    if (!(c.rs->schema = profile_schema_load(a, s, errs)))
        return NULL; /* conditions cannot be checked without the profile's fields */
    build_facts(&c);
    load_stacks(&c, doc);
    load_rules(&c, doc);
    load_topics(&c, doc);
    load_notes(&c, doc, "risks", &c.rs->risks, &c.rs->nrisks);
    load_notes(&c, doc, "next_steps", &c.rs->steps, &c.rs->nsteps);
    return c.ok ? c.rs : NULL;
}

ruleset *rules_load(arena *a, const site *s, err_list *errs)
{
    char *file = fs_join(s->dir, "content/data/rules.yaml");
    ruleset *rs = NULL;
    const value *doc = val_map_get(s->data, "rules");
    if (!doc) {
        err_add(errs, file, 0, 0,
                "no decision rules: reports need content/data/rules.yaml (docs/reports.md)");
        free(file);
        return NULL;
    }
    const char *path = doc->pos.file ? doc->pos.file : arena_strdup(a, file);
    err_list ignore = ERR_LIST_INIT;
    char *text = fs_read(path, NULL, &ignore); /* only to point messages at keys */
    err_list_free(&ignore);
    rs = rules_from_value(a, s, doc, text, path, errs);
    free(text);
    free(file);
    return rs;
}
