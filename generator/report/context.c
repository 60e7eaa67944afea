/* context.c - a computed report as values: the tables its text names, the template
 * context, report.json.
 *
 * The tables (report-scores, report-split, report-profile, report-topic-ID
 * and the model's computed tables) are built with dtable_from_value so they
 * render exactly like the site's data tables. Links are absolute (the site's
 * base_url): the files travel without the site. */
#include "report/internal.h"
#include "core/content.h"
#include "core/i18n.h"
#include "core/lang.h"
#include "core/table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *option_name(const report_ctx *c, size_t o)
{
    return c->e->rules->options[o].name;
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
    return profile_fact_text(c->a, c->e->s, f, v, c->words);
}

/* The tables below each return add_table's result. */

/* The string key of c's language with its {names} filled in from ctx, in c->a. */
static const char *words(report_ctx *c, const char *key, const value *ctx)
{
    buf b = BUF_INIT;
    i18n_fill(i18n_get(c->words, key), ctx, &b);
    const char *s = arena_strdup(c->a, buf_cstr(&b));
    buf_free(&b);
    return s;
}

static int scores_table(report_ctx *c, const value *ctx)
{
    const report *r = c->r;
    const ruleset *rs = c->e->rules;
    value *cols, *rows;
    value *doc = table_doc(c, words(c, "report_scores_caption", ctx), NULL, NULL, &cols, &rows);
    column(c, cols, "option", rs->option_title, NULL);
    column(c, cols, "score", i18n_get(c->words, "report_score"), NULL);
    column(c, cols, "rules", i18n_get(c->words, "report_rules_fired"), NULL);
    for (size_t o = 0; o < rs->noptions; o++) {
        value *x = row(c, rows, rs->options[o].id);
        size_t n = 0;
        for (size_t i = 0; i < r->nfired; i++)
            n += r->fired[i]->favours == o;
        val_map_set(c->a, x, "option", str(c, option_name(c, o)));
        val_map_set(c->a, x, "score", num(c, r->score[o]));
        val_map_set(c->a, x, "rules", num(c, (double)n));
    }
    return add_table(c, "report-scores", doc);
}

/* The composite option whose split the report shows: the recommendation
 * when it is one, else the first composite; NULL when the model has none. */
static const rule_option *split_option(const report_ctx *c)
{
    const ruleset *rs = c->e->rules;
    if (rs->options[c->r->rec].split_caption)
        return &rs->options[c->r->rec];
    for (size_t o = 0; o < rs->noptions; o++)
        if (rs->options[o].split_caption)
            return &rs->options[o];
    return NULL;
}

static int split_table(report_ctx *c)
{
    const rule_option *co = split_option(c);
    if (!co)
        return 0;
    value *cols, *rows;
    value *doc = table_doc(c, co->split_caption, co->summary.link_title,
                           abs_link(c, co->summary.link), &cols, &rows);
    column(c, cols, "part", i18n_get(c->words, "report_part_of_system"), NULL);
    column(c, cols, "option", c->e->rules->option_title, NULL);
    for (size_t i = 0; i < co->nsplit; i++) {
        value *x = row(c, rows, arena_printf(c->a, "part-%zu", i + 1));
        val_map_set(c->a, x, "part", str(c, co->split[i].part));
        val_map_set(c->a, x, "option", str(c, option_name(c, co->split[i].option)));
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

static int profile_table(report_ctx *c, const value *ctx)
{
    const profile *p = c->r->p;
    value *cols, *rows;
    value *doc = table_doc(c, words(c, "report_profile_caption", ctx), NULL, NULL, &cols, &rows);
    column(c, cols, "field", i18n_get(c->words, "report_input"), NULL);
    column(c, cols, "value", i18n_get(c->words, "report_value"), NULL);
    const pf_schema *schema = c->e->rules->schema;
    for (size_t i = 0; i < schema->n; i++) {
        const pf_field *f = &schema->fields[i];
        if (!field_given(c, f))
            continue;
        const value *v = val_path(p->facts, f->path);
        if (v && v->type == VAL_STR && !v->u.str.len)
            continue; /* an empty text (prepared_for: "") is not an input */
        value *x = row(c, rows, f->path);
        val_map_set(c->a, x, "field", str(c, f->label));
        val_map_set(c->a, x, "value", str(c, fact_text(c, f, v)));
    }
    return add_table(c, "report-profile", doc);
}

/* A computed table of the model, for this report (ctx: the report context). */
static int model_table(report_ctx *c, const rule_table *t, const value *ctx)
{
    fx_fail fail;
    value *doc =
        rules_table_doc(c->a, c->e->tpls, c->e->rules, t, c->r->slots, ctx, &fail, c->errs);
    if (!doc) {
        if (!c->errs->errors)
            err_add(c->errs, c->r->p->file, 0, 0, "%s in the table '%s' (%s:%d:%d)", fail.why,
                    t->name, c->e->rules->file, fail.line, fail.col);
        return -1;
    }
    const dtable *src = t->source_of ? site_table(c->e->s, t->source_of) : NULL;
    if (src && src->caption && !val_map_get(doc, "source"))
        val_map_set(c->a, doc, "source", str(c, src->caption));
    const char *url = src ? page_showing(c, src->name) : NULL;
    if (src && url && !val_map_get(doc, "source_url"))
        val_map_set(c->a, doc, "source_url", str(c, url));
    return add_table(c, t->name, doc);
}

/* A topic: the rows of its table that apply. */
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

int report_tables_make(report_ctx *c, const value *ctx)
{
    const report *r = c->r;
    int rc = scores_table(c, ctx);
    rc |= split_table(c);
    rc |= profile_table(c, ctx);
    for (size_t i = 0; i < r->ntables; i++)
        rc |= model_table(c, r->tables[i], ctx);
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

void report_language(report_ctx *c)
{
    const value *v = val_map_get(c->r->p->facts, "language");
    const char *tag = val_as_str(v);
    if (tag && tag[0])
        i18n_check_language(c->e->s->i18n, v, c->r->p->file, c->errs);
    else
        tag = val_str_or(val_map_get(c->e->s->config, "language"), "en");
    c->lang = tag;
    c->words = i18n_lang_for(c->e->s->i18n, tag);
}

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

/* "<client>: <subject>", the client cut (at a character) so that the whole
 * stays within the 70 characters a <title> should have (when the subject
 * leaves room for a few of the client's). */
static const char *page_title(report_ctx *c, const char *client)
{
    const char *tail = arena_printf(c->a, ": %s", c->e->rules->subject);
    size_t tail_chars = 0, chars = 0, i = 0, cut = 0;
    for (const char *p = tail; *p; p++)
        tail_chars += ((unsigned char)*p & 0xc0) != 0x80;
    size_t max = tail_chars + 10 < 70 ? 70 - tail_chars : 10;
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

/* The options by score, highest first (model order among equals), into
 * order; returns the `scores` list in that order. */
static value *scores_value(report_ctx *c, size_t *order)
{
    arena *a = c->a;
    const report *r = c->r;
    size_t n = c->e->rules->noptions;
    value *scores = val_list(a);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && r->score[order[k]] > r->score[order[k - 1]]; k--) {
            size_t t = order[k];
            order[k] = order[k - 1];
            order[k - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        size_t o = order[i];
        value *x = val_map(a);
        val_map_set(a, x, "id", str(c, c->e->rules->options[o].id));
        val_map_set(a, x, "name", str(c, option_name(c, o)));
        val_map_set(a, x, "score", num(c, r->score[o]));
        val_map_set(a, x, "recommended", val_bool(a, o == r->rec));
        val_list_push(a, scores, x);
    }
    return scores;
}

/* The split, when the recommendation is a composite option (else empty). */
static value *split_value(report_ctx *c)
{
    arena *a = c->a;
    value *split = val_list(a);
    const rule_option *co = &c->e->rules->options[c->r->rec];
    for (size_t i = 0; i < co->nsplit; i++) {
        value *x = val_map(a);
        val_map_set(a, x, "part", str(c, co->split[i].part));
        val_map_set(a, x, "option", str(c, option_name(c, co->split[i].option)));
        val_list_push(a, split, x);
    }
    return split;
}

/* The fired rules grouped by option in `order` (options without any left
 * out); every reason is also pushed to all. */
static value *groups_value(report_ctx *c, const size_t *order, value *all)
{
    arena *a = c->a;
    const report *r = c->r;
    value *groups = val_list(a);
    for (size_t i = 0; i < c->e->rules->noptions; i++) {
        size_t o = order[i];
        value *reasons = val_list(a);
        for (size_t k = 0; k < r->nfired; k++) {
            const rule *ru = r->fired[k];
            if (ru->favours != o)
                continue;
            value *x = quote_value(c, &ru->q);
            val_map_set(a, x, "rule", str(c, ru->id));
            val_map_set(a, x, "option", str(c, option_name(c, o)));
            val_map_set(a, x, "weight", num(c, ru->weight));
            val_list_push(a, reasons, x);
            val_list_push(a, all, x);
        }
        if (!reasons->u.list.len)
            continue;
        value *g = val_map(a);
        val_map_set(a, g, "id", str(c, c->e->rules->options[o].id));
        val_map_set(a, g, "name", str(c, option_name(c, o)));
        val_map_set(a, g, "recommended", val_bool(a, o == r->rec));
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

/* Sets path (dotted) in the nested map m to v, making the maps on the way. */
static void set_path(arena *a, value *m, const char *path, value *v)
{
    const char *dot;
    while ((dot = strchr(path, '.'))) {
        char *key = arena_strndup(a, path, (size_t)(dot - path));
        value *next = val_map_get(m, key);
        if (!next || next->type != VAL_MAP) {
            next = val_map(a);
            val_map_set(a, m, key, next);
        }
        m = next;
        path = dot + 1;
    }
    val_map_set(a, m, path, v);
}

/* `input`: every field of the profile as the report shows it, nested by
 * section (input.hosting.region); a field of an optional section the
 * profile did not give is absent. */
static value *input_value(report_ctx *c)
{
    value *m = val_map(c->a);
    const pf_schema *schema = c->e->rules->schema;
    for (size_t i = 0; i < schema->n; i++) {
        const pf_field *f = &schema->fields[i];
        if (field_given(c, f))
            set_path(c->a, m, f->path, str(c, fact_text(c, f, val_path(c->r->p->facts, f->path))));
    }
    return m;
}

/* `values`: each computed value's text; false when it has none (so that a
 * section {{#report.values.x}} shows only with a value). */
static value *values_value(report_ctx *c)
{
    const ruleset *rs = c->e->rules;
    value *m = val_map(c->a);
    buf t = BUF_INIT;
    for (size_t i = 0; i < rs->nvalues; i++) {
        const fx_val *x = &c->r->slots[rs->schema->n + i];
        buf_reset(&t);
        rules_value_text(&rs->values[i], x, c->words, &t);
        val_map_set(c->a, m, rs->values[i].name,
                    x->kind == FX_NULL ? val_bool(c->a, false)
                                       : str(c, arena_strdup(c->a, buf_cstr(&t))));
    }
    buf_free(&t);
    return m;
}

value *report_context(report_ctx *c)
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
    i18n_date(c->words, p->date, &tmp);
    val_map_set(a, m, "date_display", str(c, arena_strdup(a, buf_cstr(&tmp))));
    val_map_set(a, m, "language", str(c, c->lang));
    val_map_set(a, m, "rtl", val_bool(a, lang_is_rtl(c->lang)));
    val_map_set(a, m, "slug", str(c, r->slug));
    val_map_set(a, m, "page_title", str(c, page_title(c, p->client)));
    value *words = val_map(a);
    val_map_set(a, words, "option", str(c, rs->option_word));
    val_map_set(a, words, "option_title", str(c, rs->option_title));
    val_map_set(a, words, "options", str(c, rs->options_word));
    val_map_set(a, words, "recommendation", str(c, rs->recommendation_word));
    val_map_set(a, m, "words", words);
    val_map_set(a, m, "lede", rs->lede ? str(c, rs->lede) : val_bool(a, false));
    value *rec = val_map(a);
    val_map_set(a, rec, "id", str(c, rs->options[r->rec].id));
    val_map_set(a, rec, "name", str(c, option_name(c, r->rec)));
    val_map_set(a, m, "recommendation", rec);
    for (size_t o = 0; o < rs->noptions; o++)
        val_map_set(a, m, arena_printf(a, "is_%s", rs->options[o].id), val_bool(a, r->rec == o));
    val_map_set(a, m, "has_split", val_bool(a, rs->options[r->rec].nsplit > 0));
    value *conf = val_map(a);
    val_map_set(a, conf, "value", num(c, r->confidence));
    val_map_set(a, conf, "percent", num(c, floor(r->confidence * 100 + 0.5)));
    val_map_set(a, conf, "label",
                str(c, i18n_get(c->words, arena_printf(a, "confidence_%s", r->confidence_label))));
    val_map_set(a, m, "confidence", conf);
    val_map_set(a, m, "summary", str(c, r->summary));
    val_map_set(a, m, "summary_source", quote_value(c, &rs->options[r->rec].summary));
    size_t *order = arena_alloc(a, (rs->noptions + 1) * sizeof *order);
    val_map_set(a, m, "scores", scores_value(c, order));
    val_map_set(a, m, "split", split_value(c));
    /* reasons grouped by option: the recommended one first */
    value *all = val_list(a);
    val_map_set(a, m, "groups", groups_value(c, order, all));
    val_map_set(a, m, "reasons", all);
    val_map_set(a, m, "has_reasons", val_bool(a, r->nfired > 0));
    val_map_set(a, m, "topics", topics_value(c));
    val_map_set(a, m, "has_topics", val_bool(a, r->ntopics > 0));
    val_map_set(a, m, "input", input_value(c));
    val_map_set(a, m, "values", values_value(c));
    val_map_set(a, m, "risks", notes_value(c, (const rule_note *const *)r->risks, r->nrisks));
    val_map_set(a, m, "has_risks", val_bool(a, r->nrisks > 0));
    val_map_set(a, m, "steps", notes_value(c, (const rule_note *const *)r->steps, r->nsteps));
    val_map_set(a, m, "has_steps", val_bool(a, r->nsteps > 0));
    val_map_set(a, m, "guide_url", str(c, abs_link(c, rs->guide)));
    buf_free(&tmp);
    return m;
}

int report_sections(report_ctx *c, value *md_report, const value *md_ctx)
{
    arena *a = c->a;
    value *list = val_list(a);
    buf b = BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < c->r->nsections && rc == 0; i++) {
        const rule_section *sec = c->r->sections[i];
        value *x = val_map(a);
        val_map_set(a, x, "id", str(c, sec->id));
        buf_reset(&b);
        report_md_escape(sec->title, &b);
        val_map_set(a, x, "title", str(c, arena_strdup(a, buf_cstr(&b))));
        buf_reset(&b);
        rc = tpl_render(c->e->tpls, sec->body, md_ctx, &b, c->errs);
        size_t skip = rules_template_start(b.data ? b.data : "", b.len, sec->pad);
        val_map_set(a, x, "body", val_strn(a, b.data ? b.data + skip : "", b.len - skip));
        val_list_push(a, list, x);
    }
    val_map_set(a, md_report, "sections", list);
    val_map_set(a, md_report, "has_sections", val_bool(a, c->r->nsections > 0));
    buf_free(&b);
    return rc;
}

/* ---- report.json ---- */

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

/* report.json's `values`: each computed value with its label, value (null
 * when it has none), unit (when declared) and text. */
static value *json_values(report_ctx *c)
{
    arena *a = c->a;
    const ruleset *rs = c->e->rules;
    value *m = val_map(a);
    buf t = BUF_INIT;
    for (size_t i = 0; i < rs->nvalues; i++) {
        const fx_val *x = &c->r->slots[rs->schema->n + i];
        value *v = val_map(a);
        val_map_set(a, v, "label", str(c, rs->values[i].label));
        val_map_set(a, v, "value", rules_fx_value(a, x));
        if (rs->values[i].unit)
            val_map_set(a, v, "unit", str(c, rs->values[i].unit));
        buf_reset(&t);
        rules_value_text(&rs->values[i], x, c->words, &t);
        val_map_set(a, v, "text", str(c, arena_strdup(a, buf_cstr(&t))));
        val_map_set(a, m, rs->values[i].name, v);
    }
    buf_free(&t);
    return m;
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
    val_map_set(a, m, "recommendation", str(c, rs->options[r->rec].id));
    val_map_set(a, m, "confidence", num(c, r->confidence));
    val_map_set(a, m, "confidence_label", str(c, r->confidence_label));
    value *scores = val_map(a);
    for (size_t o = 0; o < rs->noptions; o++)
        val_map_set(a, scores, rs->options[o].id, num(c, r->score[o]));
    val_map_set(a, m, "scores", scores);
    val_map_set(a, m, "summary", str(c, r->summary));
    value *split = val_list(a);
    const rule_option *co = &rs->options[r->rec];
    for (size_t i = 0; i < co->nsplit; i++) {
        value *x = val_map(a);
        val_map_set(a, x, "option", str(c, rs->options[co->split[i].option].id));
        val_map_set(a, x, "part", str(c, co->split[i].part));
        val_list_push(a, split, x);
    }
    val_map_set(a, m, "split", split);
    value *reasons = val_list(a);
    for (size_t i = 0; i < r->nfired; i++) {
        const rule *ru = r->fired[i];
        value *x = val_map(a);
        val_map_set(a, x, "rule", str(c, ru->id));
        val_map_set(a, x, "option", str(c, rs->options[ru->favours].id));
        val_map_set(a, x, "weight", num(c, ru->weight));
        val_map_set(a, x, "headline", ru->q.headline ? str(c, ru->q.headline) : val_null(a));
        val_map_set(a, x, "text", str(c, ru->q.text));
        val_map_set(a, x, "link", str(c, abs_link(c, ru->q.link)));
        val_list_push(a, reasons, x);
    }
    val_map_set(a, m, "reasons", reasons);
    val_map_set(a, m, "values", json_values(c));
    value *topics = val_list(a);
    for (size_t i = 0; i < r->ntopics; i++)
        val_list_push(a, topics, str(c, r->topics[i]->id));
    val_map_set(a, m, "topics", topics);
    value *sections = val_list(a);
    for (size_t i = 0; i < r->nsections; i++)
        val_list_push(a, sections, str(c, r->sections[i]->id));
    val_map_set(a, m, "sections", sections);
    val_map_set(a, m, "risks", json_notes(c, (const rule_note *const *)r->risks, r->nrisks));
    val_map_set(a, m, "next_steps", json_notes(c, (const rule_note *const *)r->steps, r->nsteps));
    value *fields = val_map(a); /* the profile's own fields, without values and scores */
    for (size_t i = 0; i < rs->schema->n; i++)
        if (!strchr(rs->schema->fields[i].path, '.'))
            val_map_set(a, fields, rs->schema->fields[i].path,
                        val_map_get(p->facts, rs->schema->fields[i].path));
    val_map_set(a, m, "profile", fields);
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

static value *pair(report_ctx *c, const char *k1, value *v1, const char *k2, value *v2)
{
    value *m = val_map(c->a);
    val_map_set(c->a, m, k1, v1);
    val_map_set(c->a, m, k2, v2);
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
