/* sections.c - the report sections and computed tables a site declares in rules.yaml.
 *
 * A section is a "## " heading and a Markdown body with Mustache tags,
 * rendered with the report context (docs/reports.md: the report context).
 * A computed table is declared like a data table (caption, columns, rows),
 * except that any of its strings may be computed per report: a string that
 * starts with '=' is a formula (formula.h) whose result becomes the cell,
 * and a string with {{...}} is a template rendered as plain text. Loading
 * compiles every computed string and checks the table's structure with
 * placeholders (0 for a formula, a template's source), so a missing column
 * is an error when the model loads, not in a report. */
#include "report/load.h"
#include "core/content.h"
#include "core/table.h"

#include <string.h>

/* Compiles a template of the model: src from the string v, under a unique
 * name. Messages point into rules.yaml: the text is preceded by as many line
 * breaks as come before it in the file and, on its first line, as many
 * spaces as columns (rules_template_start drops them). Sets *pad to the
 * spaces. */
static const tpl *compile(rctx *c, const value *v, const char *name, int *pad)
{
    src_pos at = rl_text_pos(c, v, 0);
    char first = rl_char_at(c, v->pos);
    bool block = first == '|' || first == '>';
    buf src = BUF_INIT;
    for (int i = 1; i < at.line + block; i++)
        buf_putc(&src, '\n');
    *pad = block || at.col < 1 ? 0 : at.col - 1;
    for (int i = 0; i < *pad; i++)
        buf_putc(&src, ' ');
    buf_put(&src, v->u.str.s, v->u.str.len);
    const tpl *t = tpl_set_add(c->tpls, name, src.data, src.len, at.file, c->errs);
    buf_free(&src);
    if (!t)
        c->ok = false;
    return t;
}

size_t rules_template_start(const char *s, size_t len, int pad)
{
    size_t i = 0;
    while (i < len && s[i] == '\n')
        i++;
    for (int k = 0; k < pad && i < len && s[i] == ' '; k++)
        i++;
    return i;
}

static void load_sections(rctx *c, const value *doc)
{
    ruleset *rs = c->rs;
    const value *list = val_map_get(doc, "sections");
    if (!list)
        return;
    if (list->type != VAL_LIST) {
        bad(c, list, "'sections' must be a list of {id, title, when, body}");
        return;
    }
    rs->sections = arena_alloc(c->a, (list->u.list.len + 1) * sizeof *rs->sections);
    for (size_t i = 0; i < list->u.list.len; i++) {
        const value *v = rl_need_map(c, list->u.list.items[i], list, "a section");
        if (!v)
            continue;
        static const char *const keys[] = {"id", "title", "when", "body", NULL};
        rl_check_keys(c, v, keys, "a section");
        rule_section *sec = &rs->sections[rs->nsections++];
        sec->id = rl_str(c, v, "id", true, "a section");
        if (sec->id && !rl_valid_id(sec->id))
            bad(c, val_map_get(v, "id"),
                "section id '%s' must be lowercase letters, digits and '-'", sec->id);
        for (size_t k = 0; sec->id && k + 1 < rs->nsections; k++)
            if (rs->sections[k].id && strcmp(rs->sections[k].id, sec->id) == 0)
                bad(c, val_map_get(v, "id"), "duplicate section id '%s'", sec->id);
        const char *what = arena_printf(c->a, "section '%s'", sec->id ? sec->id : "?");
        sec->title = rl_str(c, v, "title", true, what);
        const value *w = val_map_get(v, "when");
        sec->when = w ? rl_when(c, w) : NULL;
        if (rl_str(c, v, "body", true, what))
            sec->body = compile(c, val_map_get(v, "body"),
                                arena_printf(c->a, "rules.yaml#section-%s", sec->id), &sec->pad);
    }
}

/* Compiles the computed strings under v (depth-bounded by the YAML loader),
 * except the values of `skip` keys (columns' key, rows' id: literal names). */
static void find_cells(rctx *c, rule_table *t, const value *v, const char *skip, int depth)
{
    if (v->type == VAL_LIST) {
        for (size_t i = 0; i < v->u.list.len; i++)
            find_cells(c, t, v->u.list.items[i], skip, depth + 1);
    } else if (v->type == VAL_MAP) {
        for (size_t i = 0; i < v->u.map.len; i++)
            if (!skip || strcmp(v->u.map.keys[i], skip) != 0)
                find_cells(c, t, v->u.map.vals[i], skip, depth + 1);
    } else if (v->type == VAL_STR && (v->u.str.s[0] == '=' || strstr(v->u.str.s, "{{"))) {
        rule_cell cell = {v, NULL, NULL, 0};
        if (v->u.str.s[0] == '=')
            cell.expr = values_formula(c, v->u.str.s + 1, rl_text_pos(c, v, 1));
        else
            cell.text = compile(
                c, v, arena_printf(c->a, "rules.yaml#table-%s-%zu", t->name, t->ncells), &cell.pad);
        t->cells = arena_realloc(c->a, t->cells, t->ncells * sizeof *t->cells,
                                 (t->ncells + 1) * sizeof *t->cells);
        t->cells[t->ncells++] = cell;
    }
}

static void load_tables(rctx *c, const value *doc)
{
    ruleset *rs = c->rs;
    const value *list = val_map_get(doc, "tables");
    if (!list)
        return;
    if (list->type != VAL_LIST) {
        bad(c, list, "'tables' must be a list of computed tables");
        return;
    }
    rs->tables = arena_alloc(c->a, (list->u.list.len + 1) * sizeof *rs->tables);
    for (size_t i = 0; i < list->u.list.len; i++) {
        const value *v = rl_need_map(c, list->u.list.items[i], list, "a table");
        if (!v)
            continue;
        static const char *const keys[] = {"name",    "when",       "caption",
                                           "source",  "source_url", "source_of",
                                           "columns", "rows",       NULL};
        rl_check_keys(c, v, keys, "a table");
        rule_table *t = &rs->tables[rs->ntables++];
        t->name = rl_str(c, v, "name", true, "a table");
        if (!t->name)
            continue;
        if (!rl_valid_id(t->name))
            bad(c, val_map_get(v, "name"),
                "table name '%s' must be lowercase letters, digits "
                "and '-'",
                t->name);
        for (size_t k = 0; k + 1 < rs->ntables; k++)
            if (rs->tables[k].name && strcmp(rs->tables[k].name, t->name) == 0)
                bad(c, val_map_get(v, "name"), "duplicate table name '%s'", t->name);
        const value *w = val_map_get(v, "when");
        t->when = w ? rl_when(c, w) : NULL;
        t->doc = v;
        t->source_of = rl_str(c, v, "source_of", false, "a table");
        if (t->source_of && !site_table(c->s, t->source_of))
            bad(c, val_map_get(v, "source_of"),
                "'source_of' must name a data table of content/data/; there is no '%s'",
                t->source_of);
        static const char *const parts[] = {"caption", "source", "source_url", NULL};
        for (const char *const *p = parts; *p; p++)
            if (val_map_get(v, *p))
                find_cells(c, t, val_map_get(v, *p), NULL, 0);
        if (val_map_get(v, "columns"))
            find_cells(c, t, val_map_get(v, "columns"), "key", 0);
        if (val_map_get(v, "rows"))
            find_cells(c, t, val_map_get(v, "rows"), "id", 0);
        if (c->ok) { /* the structure, with placeholders */
            err_list errs = ERR_LIST_INIT;
            value *d = rules_table_doc(c->a, c->tpls, rs, t, NULL, NULL, NULL, &errs);
            if (!d || !dtable_from_value(c->a, t->name, c->file, d, c->errs))
                c->ok = false;
            err_list_move(c->errs, &errs);
        }
    }
}

void sections_load(rctx *c, const value *doc)
{
    load_sections(c, doc);
    load_tables(c, doc);
}

/* The declaration v with its computed strings replaced; NULL after an error. */
static value *fill(arena *a, tpl_set *tpls, const rule_table *t, const value *v,
                   const fx_val *slots, const value *ctx, fx_fail *fail, err_list *errs)
{
    if (v->type == VAL_LIST || v->type == VAL_MAP) {
        value *out = v->type == VAL_LIST ? val_list(a) : val_map(a);
        size_t n = v->type == VAL_LIST ? v->u.list.len : v->u.map.len;
        for (size_t i = 0; i < n; i++) {
            value *x = fill(a, tpls, t, v->type == VAL_LIST ? v->u.list.items[i] : v->u.map.vals[i],
                            slots, ctx, fail, errs);
            if (!x)
                return NULL;
            if (v->type == VAL_LIST)
                val_list_push(a, out, x);
            else
                val_map_set(a, out, v->u.map.keys[i], x);
        }
        out->pos = v->pos;
        return out;
    }
    for (size_t i = 0; i < t->ncells; i++) {
        const rule_cell *cell = &t->cells[i];
        if (cell->at != v)
            continue;
        if (cell->expr) {
            fx_val x;
            if (!slots)
                return val_num(a, 0);
            if (fx_eval(cell->expr, slots, &x, fail) != 0)
                return NULL;
            return rules_fx_value(a, &x);
        }
        if (!ctx)
            return (value *)v;
        buf b = BUF_INIT;
        value *out = NULL;
        if (tpl_render_text(tpls, cell->text, ctx, &b, errs) == 0) {
            size_t skip = rules_template_start(b.data ? b.data : "", b.len, cell->pad);
            out = val_strn(a, b.data ? b.data + skip : "", b.len - skip);
        }
        buf_free(&b);
        return out;
    }
    return (value *)v;
}

value *rules_table_doc(arena *a, tpl_set *tpls, const ruleset *rs, const rule_table *t,
                       const fx_val *slots, const value *ctx, fx_fail *fail, err_list *errs)
{
    (void)rs;
    fx_fail ignore;
    value *doc = fill(a, tpls, t, t->doc, slots, ctx, fail ? fail : &ignore, errs);
    if (!doc)
        return NULL;
    /* name, when and source_of are not data-table keys */
    value *out = val_map(a);
    for (size_t i = 0; i < doc->u.map.len; i++)
        if (strcmp(doc->u.map.keys[i], "name") != 0 && strcmp(doc->u.map.keys[i], "when") != 0 &&
            strcmp(doc->u.map.keys[i], "source_of") != 0)
            val_map_set(a, out, doc->u.map.keys[i], doc->u.map.vals[i]);
    out->pos = doc->pos;
    return out;
}
