/* report.c - the report engine and the computation: values, rules, scores, recommendation.
 *
 * The decision (docs/reports.md):
 *   score(option) = the sum of the weights of the fired rules favouring it;
 *   the best single option is the candidate (an equal top score goes to
 *   settings.tie_breaker when it is among them, else to the first in
 *   order); a composite option (one with a split) is recommended only when
 *   its score is strictly higher than that candidate's, since running two
 *   options at once has a cost of its own.
 *   confidence = 0.5 + 0.5 * (W - R) / (W + R + damping), W the recommended
 *   option's score, R the best other score: 0.5 when the model cannot
 *   separate them, towards 1 as the lead grows; damping keeps a lead built on
 *   little evidence modest. Rounded to two decimals and labelled high /
 *   moderate / low by the thresholds in settings.confidence.
 * The computed values (values.c) are evaluated first, so rules can test them. */
#include "report/internal.h"
#include "core/theme.h"
#include "core/date.h"
#include "pdf/font.h"
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
    if (rc == 0 && !(e->rules = rules_load(e->a, s, e->tpls, errs)))
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
    e->fonts = pdf_font_cache_new();
    return e;
}

void report_engine_free(report_engine *e)
{
    if (!e)
        return;
    tpl_set_free(e->tpls);
    pdf_hyphenator_free(e->hyph);
    pdf_font_cache_free(e->fonts);
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

static value *score_map(const ruleset *rs, arena *a, const double *score)
{
    value *m = val_map(a);
    for (size_t i = 0; i < rs->noptions; i++)
        val_map_set(a, m, rs->options[i].id, val_num(a, score[i]));
    return m;
}

/* The recommendation: the best single option (an equal top score goes to
 * the tie breaker when it is among them, else to the first), unless a
 * composite option scores strictly higher than it. */
static size_t decide(const ruleset *rs, const double *score)
{
    size_t single = rs->noptions;
    for (size_t i = 0; i < rs->noptions; i++)
        if (!rs->options[i].split_caption && (single == rs->noptions || score[i] > score[single] ||
                                              (score[i] == score[single] && i == rs->tie_breaker)))
            single = i;
    size_t rec = single;
    for (size_t i = 0; i < rs->noptions; i++)
        if (rs->options[i].split_caption && score[i] > score[rec])
            rec = i;
    return rec;
}

/* Each note of list (n) that applies to the recommendation and holds. */
static void notes(const report *r, const value *facts, const rule_note *list, size_t n, arena *a,
                  const rule_note ***out, size_t *nout)
{
    for (size_t i = 0; i < n; i++)
        if ((list[i].options >> r->rec & 1) &&
            (!list[i].when || rules_cond_eval(list[i].when, facts)))
            push(a, (const void ***)out, nout, &list[i]);
}

int report_compute(const report_engine *e, profile *p, arena *a, report *r, err_list *errs)
{
    const ruleset *rs = e->rules;
    memset(r, 0, sizeof *r);
    r->p = p;
    buf tmp = BUF_INIT;
    report_slug(p->client, &tmp);
    r->slug = arena_strdup(a, buf_cstr(&tmp));
    /* the values */
    r->slots = arena_alloc(a, (rs->nslots + 1) * sizeof *r->slots);
    fx_fail fail;
    size_t failed;
    if (rules_values_eval(rs, p->facts, a, r->slots, &fail, &failed) != 0) {
        const rule_value *v = &rs->values[failed];
        err_add(errs, p->file, p->client_v ? p->client_v->pos.line : 0, 0,
                "%s in the value '%s' (%s:%d:%d) for this profile", fail.why, v->name,
                v->pos.file ? v->pos.file : rs->file, fail.line, fail.col);
        buf_free(&tmp);
        return -1;
    }
    /* the rules, in order; conditions on score.* see the rules above */
    r->score = arena_alloc(a, (rs->noptions + 1) * sizeof *r->score);
    val_map_set(a, p->facts, "score", score_map(rs, a, r->score));
    for (size_t i = 0; i < rs->nrules; i++) {
        const rule *ru = &rs->rules[i];
        if (!rules_cond_eval(ru->when, p->facts))
            continue;
        r->score[ru->favours] += ru->weight;
        val_map_set(a, p->facts, "score", score_map(rs, a, r->score));
        push(a, (const void ***)&r->fired, &r->nfired, ru);
    }
    /* the decision */
    r->rec = decide(rs, r->score);
    double w = r->score[r->rec], rest = 0;
    for (size_t i = 0; i < rs->noptions; i++)
        if (i != r->rec && r->score[i] > rest)
            rest = r->score[i];
    double conf =
        0.5 + 0.5 * (w - rest) / (w + rest + rs->damping > 0 ? w + rest + rs->damping : 1);
    r->confidence = floor(conf * 100 + 0.5) / 100;
    r->confidence_label = r->confidence >= rs->conf_high       ? "high"
                          : r->confidence >= rs->conf_moderate ? "moderate"
                                                               : "low";
    /* what else applies */
    for (size_t i = 0; i < rs->ntopics; i++)
        if (rules_cond_eval(rs->topics[i].when, p->facts))
            push(a, (const void ***)&r->topics, &r->ntopics, &rs->topics[i]);
    notes(r, p->facts, rs->risks, rs->nrisks, a, &r->risks, &r->nrisks);
    notes(r, p->facts, rs->steps, rs->nsteps, a, &r->steps, &r->nsteps);
    for (size_t i = 0; i < rs->nsections; i++)
        if (!rs->sections[i].when || rules_cond_eval(rs->sections[i].when, p->facts))
            push(a, (const void ***)&r->sections, &r->nsections, &rs->sections[i]);
    for (size_t i = 0; i < rs->ntables; i++)
        if (!rs->tables[i].when || rules_cond_eval(rs->tables[i].when, p->facts))
            push(a, (const void ***)&r->tables, &r->ntables, &rs->tables[i]);
    /* the summary: the option's case in the guide's words, then the
     * heaviest other reason that fired for it (the first of equals) */
    const rule_quote *sq = &rs->options[r->rec].summary;
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
    return 0;
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
