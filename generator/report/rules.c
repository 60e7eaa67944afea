/* rules.c - loads rules.yaml and checks it against the site: settings, options, rules,
 * topics, risks and next steps (computed values: values.c; sections and computed tables:
 * sections.c).
 *
 * Every rule, risk and step quotes the guide: `link` must name a page of the
 * site and one of its heading ids, and `headline` and `text` must occur in
 * that page word for word. Conditions are compiled by cond.c against the
 * facts registered here: the profile's fields (profile.h), the computed
 * values, and score.OPTION for every option (the sum of the weights of the
 * rules above the one being evaluated that favour it). */
#include "report/rules.h"
#include "report/load.h"
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

size_t rules_option(const ruleset *rs, const char *id)
{
    size_t i = 0;
    while (id && i < rs->noptions && strcmp(rs->options[i].id, id) != 0)
        i++;
    return id ? i : rs->noptions;
}

/* ---- checks every section of the file uses (load.h) ---- */

/* Errors for keys of map not in allowed (NULL-terminated), with suggestions. */
void rl_check_keys(rctx *c, const value *map, const char *const *allowed, const char *what)
{
    size_t n = 0;
    while (allowed[n])
        n++;
    if (keys_check(c->errs, c->text, c->file, map, allowed, n, what, KEYS_ERROR))
        c->ok = false;
}

const value *rl_need_map(rctx *c, const value *v, const value *parent, const char *what)
{
    if (v && v->type == VAL_MAP)
        return v;
    bad(c, v ? v : parent, "%s must be a mapping", what);
    return NULL;
}

/* A string field; NULL (with an error when required) if absent or wrong. */
const char *rl_str(rctx *c, const value *map, const char *key, bool required, const char *what)
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
double rl_num(rctx *c, const value *map, const char *key, double lo, double hi, double def,
              bool required, const char *what)
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

bool rl_valid_id(const char *s)
{
    if (!s || !s[0])
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

const rule_cond *rl_when(rctx *c, const value *v)
{
    const rule_cond *r = cond_compile(&c->cc, v);
    if (!r)
        c->ok = false;
    return r;
}

char rl_char_at(const rctx *c, src_pos at)
{
    const char *p = c->text;
    for (int line = 1; p && line < at.line; line++) /* strchr: a line at a time, not a byte */
        if ((p = strchr(p, '\n')))
            p++;
    for (int col = 1; p && *p && *p != '\n' && col < at.col; p++)
        col++;
    return p && at.col > 0 && *p != '\n' ? *p : '\0';
}

src_pos rl_text_pos(const rctx *c, const value *v, int skip)
{
    src_pos at = v->pos;
    char first = rl_char_at(c, at);
    if (first == '"' || first == '\'')
        at.col++;
    at.col += skip;
    if (!at.file)
        at.file = c->file;
    return at;
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
        bad(c, v, "a link must be a site URL like /guide/page/#heading-id");
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
    q->headline = rl_str(c, map, "headline", false, what);
    q->text = rl_str(c, map, "text", text_required, what);
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

/* The profile schema's fields and score.OPTION (values register themselves). */
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
    for (size_t i = 0; i < c->rs->noptions; i++)
        cond_add_fact(cc, arena_printf(c->a, "score.%s", c->rs->options[i].id), PF_NUMBER, NULL, 0);
}

/* ---- sections of rules.yaml ---- */

/* The option whose id is the string v (parent when v is absent): its index,
 * or noptions after an error naming it `what` ("'favours' of rule 'x'").
 * single: composite options are not allowed. */
static size_t option_id(rctx *c, const value *v, const value *parent, bool single, const char *what)
{
    const ruleset *rs = c->rs;
    const char *s = val_as_str(v);
    size_t o = rules_option(rs, s);
    if (o < rs->noptions && !(single && rs->options[o].split_caption))
        return o;
    const char **ids = arena_alloc(c->a, (rs->noptions + 1) * sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; i < rs->noptions; i++)
        if (!single || !rs->options[i].split_caption)
            ids[n++] = rs->options[i].id;
    buf m = BUF_INIT;
    buf_join(&m, ids, n);
    const char *near = s ? suggest_nearest(s, ids, n) : NULL;
    bad(c, v ? v : parent, "%s must be %s: %s%s%s%s", what,
        single ? "an option without a split" : "one of the options", buf_cstr(&m),
        near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    buf_free(&m);
    return rs->noptions;
}

static size_t option_field(rctx *c, const value *map, const char *key, bool single,
                           const char *what)
{
    return option_id(c, val_map_get(map, key), map, single,
                     arena_printf(c->a, "'%s' of %s", key, what));
}

/* A data table named by map's key; NULL after an error. */
static const dtable *table_field(rctx *c, const value *map, const char *key, const char *what)
{
    const value *v = val_map_get(map, key);
    const char *name = val_as_str(v);
    const dtable *t = name ? site_table(c->s, name) : NULL;
    if (!t)
        bad(c, v ? v : map, "'%s' of %s must name a data table of content/data/", key, what);
    return t;
}

/* word with its first letter capitalised ("stack" -> "Stack"), in a. */
static const char *capitalised(arena *a, const char *word)
{
    char *s = arena_strdup(a, word);
    if (s[0] >= 'a' && s[0] <= 'z')
        s[0] = (char)(s[0] - 'a' + 'A');
    return s;
}

static void load_settings(rctx *c, const value *doc)
{
    ruleset *rs = c->rs;
    const value *set = rl_need_map(c, val_map_get(doc, "settings"), doc, "'settings'");
    if (!set)
        return;
    static const char *const keys[] = {"tie_breaker", "confidence",   "words",    "subject", "lede",
                                       "guide",       "pdf_subtitle", "keywords", "pdf",     NULL};
    rl_check_keys(c, set, keys, "settings");
    rs->subject = rl_str(c, set, "subject", true, "settings");
    if (!rs->subject)
        rs->subject = "report";
    rs->pdf_subtitle = rl_str(c, set, "pdf_subtitle", false, "settings");
    if (!rs->pdf_subtitle)
        rs->pdf_subtitle = capitalised(c->a, rs->subject);
    rs->keywords = rl_str(c, set, "keywords", false, "settings");
    rs->lede = rl_str(c, set, "lede", false, "settings");
    const value *guide = val_map_get(set, "guide");
    const char *title = NULL;
    rs->guide = "/";
    if (guide && check_link(c, guide, &title))
        rs->guide = val_as_str(guide);
    const value *words = val_map_get(set, "words");
    rs->option_word = "option";
    rs->options_word = "options";
    if (words && rl_need_map(c, words, set, "'settings.words'")) {
        static const char *const wkeys[] = {"option", "options", "recommendation", NULL};
        rl_check_keys(c, words, wkeys, "settings.words");
        rs->option_word = rl_str(c, words, "option", true, "settings.words");
        rs->options_word = rl_str(c, words, "options", true, "settings.words");
        rs->recommendation_word = rl_str(c, words, "recommendation", false, "settings.words");
    }
    if (!rs->option_word)
        rs->option_word = "option";
    if (!rs->options_word)
        rs->options_word = "options";
    if (!rs->recommendation_word)
        rs->recommendation_word = rs->option_word;
    rs->option_title = capitalised(c->a, rs->option_word);
    const value *conf =
        rl_need_map(c, val_map_get(set, "confidence"), set, "'settings.confidence'");
    if (conf) {
        static const char *const ckeys[] = {"damping", "high", "moderate", NULL};
        rl_check_keys(c, conf, ckeys, "settings.confidence");
        rs->damping = rl_num(c, conf, "damping", 0, 1000, 4, true, "settings.confidence");
        rs->conf_high = rl_num(c, conf, "high", 0.5, 1, 0.75, true, "settings.confidence");
        rs->conf_moderate = rl_num(c, conf, "moderate", 0.5, 1, 0.6, true, "settings.confidence");
        if (rs->conf_moderate > rs->conf_high)
            bad(c, conf, "confidence 'moderate' must not be above 'high'");
    }
    const value *pdf = val_map_get(set, "pdf");
    if (pdf && pdf->type != VAL_MAP)
        bad(c, pdf, "'pdf' of settings must be a mapping of site.yaml pdf settings");
    rs->pdf = pdf && pdf->type == VAL_MAP ? pdf : NULL;
}

/* A composite option's split: {caption, parts: [{part, option}]}. */
static void load_split(rctx *c, const value *split, rule_option *o, const char *what)
{
    if (!rl_need_map(c, split, split, what))
        return;
    static const char *const keys[] = {"caption", "parts", NULL};
    rl_check_keys(c, split, keys, what);
    o->split_caption = rl_str(c, split, "caption", true, what);
    if (!o->split_caption)
        o->split_caption = "";
    const value *parts = val_map_get(split, "parts");
    if (!parts || parts->type != VAL_LIST || !parts->u.list.len) {
        bad(c, parts ? parts : split, "%s needs 'parts': a list of {part, option}", what);
        return;
    }
    o->split = arena_alloc(c->a, parts->u.list.len * sizeof *o->split);
    for (size_t k = 0; k < parts->u.list.len; k++) {
        const value *sv = rl_need_map(c, parts->u.list.items[k], parts, "a split part");
        if (!sv)
            continue;
        static const char *const pkeys[] = {"part", "option", NULL};
        rl_check_keys(c, sv, pkeys, "a split part");
        rule_split *sp = &o->split[o->nsplit++];
        sp->part = rl_str(c, sv, "part", true, "a split part");
        sp->option = c->rs->noptions; /* resolved once every option is known */
        if (sp->part && o->summary.text && !strstr(o->summary.text, sp->part))
            bad(c, val_map_get(sv, "part"), "a split part must be words of %s's text", o->id);
    }
}

static void load_options(rctx *c, const value *doc)
{
    ruleset *rs = c->rs;
    const value *opts = rl_need_map(c, val_map_get(doc, "options"), doc, "'options'");
    if (!opts)
        return;
    if (opts->u.map.len < 2 || opts->u.map.len > RULES_MAX_OPTIONS)
        bad(c, opts, "'options' must list from 2 to %d options", RULES_MAX_OPTIONS);
    rs->options = arena_alloc(c->a, (opts->u.map.len + 1) * sizeof *rs->options);
    for (size_t i = 0; i < opts->u.map.len && i < RULES_MAX_OPTIONS; i++) {
        const char *id = opts->u.map.keys[i];
        const value *v = opts->u.map.vals[i];
        char *what = arena_printf(c->a, "options.%s", id);
        if (!rl_valid_id(id))
            bad(c, v, "option id '%s' must be lowercase letters, digits and '-'", id);
        if (!rl_need_map(c, v, opts, what))
            continue;
        static const char *const keys[] = {"name", "headline", "text", "link", "split", NULL};
        rl_check_keys(c, v, keys, what);
        rule_option *o = &rs->options[rs->noptions++];
        o->id = id;
        o->name = rl_str(c, v, "name", true, what);
        if (!o->name)
            o->name = id;
        read_quote(c, v, &o->summary, true, what);
        if (val_map_get(v, "split"))
            load_split(c, val_map_get(v, "split"), o, arena_printf(c->a, "%s.split", what));
    }
    /* split parts name single options, which may come after the composite */
    for (size_t i = 0; i < rs->noptions; i++) {
        const value *parts = val_path(val_map_get(opts, rs->options[i].id), "split.parts");
        for (size_t k = 0; k < rs->options[i].nsplit; k++)
            rs->options[i].split[k].option =
                option_field(c, parts->u.list.items[k], "option", true, "a split part");
    }
    size_t singles = 0;
    for (size_t i = 0; i < rs->noptions; i++)
        singles += !rs->options[i].split_caption;
    if (rs->noptions && !singles)
        bad(c, opts, "'options' needs at least one option without a split");
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
        const value *v = rl_need_map(c, list->u.list.items[i], list, "a rule");
        if (!v)
            continue;
        static const char *const keys[] = {"id",       "when", "favours", "weight",
                                           "headline", "text", "link",    NULL};
        rl_check_keys(c, v, keys, "a rule");
        rule *r = &rs->rules[rs->nrules++];
        r->pos = v->pos;
        r->id = rl_str(c, v, "id", true, "a rule");
        if (r->id && !rl_valid_id(r->id))
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
            r->when = rl_when(c, whenv);
        r->favours = option_field(c, v, "favours", false, what);
        r->weight = rl_num(c, v, "weight", 0.001, 1000, 1, true, what);
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
        const value *v = rl_need_map(c, list->u.list.items[i], list, "a topic");
        if (!v)
            continue;
        static const char *const keys[] = {"id",       "title", "when", "table", "rows",
                                           "headline", "text",  "link", NULL};
        rl_check_keys(c, v, keys, "a topic");
        rule_topic *t = &rs->topics[rs->ntopics++];
        t->id = rl_str(c, v, "id", true, "a topic");
        if (t->id && !rl_valid_id(t->id))
            bad(c, val_map_get(v, "id"), "topic id '%s' must be lowercase letters, digits and '-'",
                t->id);
        for (size_t k = 0; t->id && k + 1 < rs->ntopics; k++)
            if (rs->topics[k].id && strcmp(rs->topics[k].id, t->id) == 0)
                bad(c, val_map_get(v, "id"), "duplicate topic id '%s'", t->id);
        char *what = arena_printf(c->a, "topic '%s'", t->id ? t->id : "?");
        t->title = rl_str(c, v, "title", true, what);
        const value *whenv = val_map_get(v, "when");
        if (!whenv)
            bad(c, v, "%s needs 'when': topics appear only when relevant", what);
        else
            t->when = rl_when(c, whenv);
        t->table = table_field(c, v, "table", what);
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
    size_t nopt = c->rs->noptions;
    *out = arena_alloc(c->a, list->u.list.len * sizeof **out);
    for (size_t i = 0; i < list->u.list.len; i++) {
        char *what = arena_printf(c->a, "%s item %zu", key, i + 1);
        const value *v = rl_need_map(c, list->u.list.items[i], list, what);
        if (!v)
            continue;
        static const char *const keys[] = {"options", "when", "headline", "text", "link", NULL};
        rl_check_keys(c, v, keys, what);
        rule_note *n = &(*out)[(*nout)++];
        const value *whenv = val_map_get(v, "when");
        n->when = whenv ? rl_when(c, whenv) : NULL;
        const value *st = val_map_get(v, "options");
        n->options = nopt >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << nopt) - 1;
        if (st) {
            n->options = 0;
            if (st->type != VAL_LIST || !st->u.list.len)
                bad(c, st, "'options' of %s must be a list of option ids", what);
            for (size_t k = 0; st->type == VAL_LIST && k < st->u.list.len; k++) {
                size_t o = option_id(c, st->u.list.items[k], st, false,
                                     arena_printf(c->a, "an option of %s", what));
                if (o < nopt)
                    n->options |= (uint64_t)1 << o;
            }
        }
        read_quote(c, v, &n->q, true, what);
    }
}

ruleset *rules_from_value(arena *a, const site *s, tpl_set *tpls, const value *doc,
                          const char *text, const char *file, err_list *errs)
{
    rctx c = {a,    s, file, text, errs, true, NULL, tpls, {a, file, text, errs, NULL, 0, true},
              NULL, 0};
    if (!doc || doc->type != VAL_MAP) {
        err_add(errs, file, 1, 1, "rules.yaml must be a mapping with settings, options and rules");
        return NULL;
    }
    static const char *const keys[] = {"settings", "options",    "values",   "rules",  "topics",
                                       "risks",    "next_steps", "sections", "tables", NULL};
    c.rs = arena_alloc(a, sizeof *c.rs);
    c.rs->file = file;
    rl_check_keys(&c, doc, keys, "rules.yaml");
    if (!(c.rs->schema = profile_schema_load(a, s, errs)))
        return NULL; /* conditions cannot be checked without the profile's fields */
    load_options(&c, doc);
    load_settings(&c, doc);
    if (c.rs->noptions)
        c.rs->tie_breaker =
            option_field(&c, val_map_get(doc, "settings"), "tie_breaker", true, "settings");
    build_facts(&c);
    values_load(&c, doc);
    load_rules(&c, doc);
    load_topics(&c, doc);
    load_notes(&c, doc, "risks", &c.rs->risks, &c.rs->nrisks);
    load_notes(&c, doc, "next_steps", &c.rs->steps, &c.rs->nsteps);
    sections_load(&c, doc);
    return c.ok ? c.rs : NULL;
}

ruleset *rules_load(arena *a, const site *s, tpl_set *tpls, err_list *errs)
{
    char *file = fs_join(s->dir, "content/data/rules.yaml");
    ruleset *rs = NULL;
    const value *doc = val_map_get(s->data, "rules");
    if (!doc) {
        err_add(errs, file, 0, 0,
                "no report model: reports need content/data/rules.yaml (docs/reports.md)");
        free(file);
        return NULL;
    }
    const char *path = doc->pos.file ? doc->pos.file : arena_strdup(a, file);
    err_list ignore = ERR_LIST_INIT;
    char *text = fs_read(path, NULL, &ignore); /* only to point messages at keys */
    err_list_free(&ignore);
    rs = rules_from_value(a, s, tpls, doc, text, path, errs);
    free(text);
    free(file);
    return rs;
}
