/* table.c - data table validation, cell formatting and the HTML rendering of a table. */
#include "core/table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

bool dtable_is_table(const value *doc)
{
    return doc && doc->type == VAL_MAP && val_map_get(doc, "columns") && val_map_get(doc, "rows");
}

static bool bad(err_list *errs, const value *at, const char *file, const char *msg, const char *arg)
{
    err_add(errs, at && at->pos.file ? at->pos.file : file, at ? at->pos.line : 0,
            at ? at->pos.col : 0, msg, arg);
    return false;
}

static const char *opt_str(const value *map, const char *key, const char *file, err_list *errs,
                           bool *ok)
{
    const value *v = val_map_get(map, key);
    if (!v || v->type == VAL_NULL)
        return NULL;
    if (v->type != VAL_STR) {
        *ok = bad(errs, v, file, "'%s' must be a string", key);
        return NULL;
    }
    return v->u.str.s;
}

static bool check_column(dt_column *col, const value *cv, size_t index, const char *file,
                         err_list *errs)
{
    bool ok = true;
    if (!cv || cv->type != VAL_MAP)
        return bad(errs, cv, file, "%s", "a column must be a mapping with key and label");
    static const char *known[] = {"key",    "label",    "align",      "prefix",
                                  "suffix", "decimals", "row_header", NULL};
    for (size_t i = 0; i < cv->u.map.len; i++) {
        bool found = false;
        for (const char **k = known; *k; k++)
            found |= strcmp(*k, cv->u.map.keys[i]) == 0;
        if (!found)
            ok = bad(errs, cv->u.map.vals[i], file,
                     "unknown column key '%s' (allowed: key, label, align, prefix, suffix, "
                     "decimals, row_header)",
                     cv->u.map.keys[i]);
    }
    col->key = opt_str(cv, "key", file, errs, &ok);
    col->label = opt_str(cv, "label", file, errs, &ok);
    if (!col->key)
        ok = bad(errs, cv, file, "%s", "column needs a 'key'");
    if (!col->label)
        ok = bad(errs, cv, file, "%s", "column needs a 'label'");
    const char *align = opt_str(cv, "align", file, errs, &ok);
    col->align = ALIGN_AUTO;
    if (align) {
        if (strcmp(align, "left") == 0)
            col->align = ALIGN_LEFT;
        else if (strcmp(align, "right") == 0)
            col->align = ALIGN_RIGHT;
        else if (strcmp(align, "center") == 0)
            col->align = ALIGN_CENTER;
        else
            ok = bad(errs, val_map_get(cv, "align"), file,
                     "align is '%s'; allowed: left, right, center", align);
    }
    col->prefix = opt_str(cv, "prefix", file, errs, &ok);
    col->suffix = opt_str(cv, "suffix", file, errs, &ok);
    if (!col->prefix)
        col->prefix = "";
    if (!col->suffix)
        col->suffix = "";
    const value *dec = val_map_get(cv, "decimals");
    col->decimals = -1;
    if (dec) {
        if (dec->type != VAL_NUM || dec->u.num < 0 || dec->u.num > 10 ||
            dec->u.num != floor(dec->u.num))
            ok = bad(errs, dec, file, "%s", "decimals must be a whole number from 0 to 10");
        else
            col->decimals = (int)dec->u.num;
    }
    const value *rh = val_map_get(cv, "row_header");
    col->row_header = index == 0;
    if (rh) {
        if (rh->type != VAL_BOOL)
            ok = bad(errs, rh, file, "%s", "row_header must be true or false");
        else
            col->row_header = rh->u.b;
    }
    return ok;
}

static bool check_cell(const value *cell, const char *file, err_list *errs)
{
    if (!cell)
        return true;
    switch (cell->type) {
    case VAL_NULL:
    case VAL_STR:
    case VAL_NUM:
        return true;
    case VAL_BOOL:
    case VAL_LIST:
        return bad(errs, cell, file, "a cell must be text, a number or a mapping, not %s",
                   val_type_name(cell->type));
    case VAL_MAP: {
        const value *text = val_map_get(cell, "text");
        const value *lo = val_map_get(cell, "low"), *hi = val_map_get(cell, "high");
        if (text && text->type != VAL_STR)
            return bad(errs, text, file, "%s", "a cell's 'text' must be a string");
        if (!text && !(lo && hi) && !val_map_get(cell, "value"))
            return bad(errs, cell, file, "%s",
                       "a cell mapping needs 'text', 'value', or both 'low' and 'high'");
        for (size_t i = 0; i < cell->u.map.len; i++) {
            const char *k = cell->u.map.keys[i];
            const value *v = cell->u.map.vals[i];
            if ((strcmp(k, "low") == 0 || strcmp(k, "high") == 0 || strcmp(k, "value") == 0) &&
                v->type != VAL_NUM)
                return bad(errs, v, file, "'%s' in a cell must be a number", k);
        }
        return true;
    }
    }
    return true;
}

dtable *dtable_from_value(arena *a, const char *name, const char *file, const value *doc,
                          err_list *errs)
{
    bool ok = true;
    dtable *t = arena_alloc(a, sizeof *t);
    t->name = arena_strdup(a, name);
    t->file = file;
    t->raw = doc;
    if (!doc || doc->type != VAL_MAP) {
        bad(errs, doc, file, "%s", "a data table must be a mapping with caption, columns and rows");
        return NULL;
    }
    t->caption = opt_str(doc, "caption", file, errs, &ok);
    if (!t->caption)
        ok = bad(errs, doc, file, "%s", "data table needs a 'caption'");
    t->source = opt_str(doc, "source", file, errs, &ok);
    t->source_url = opt_str(doc, "source_url", file, errs, &ok);
    const value *cols = val_map_get(doc, "columns");
    const value *rows = val_map_get(doc, "rows");
    if (!cols || cols->type != VAL_LIST || cols->u.list.len == 0)
        return bad(errs, cols ? cols : doc, file, "%s", "'columns' must be a non-empty list"), NULL;
    if (!rows || rows->type != VAL_LIST)
        return bad(errs, rows ? rows : doc, file, "%s", "'rows' must be a list"), NULL;
    t->ncols = cols->u.list.len;
    t->cols = arena_alloc(a, t->ncols * sizeof *t->cols);
    for (size_t i = 0; i < t->ncols; i++) {
        if (!check_column(&t->cols[i], cols->u.list.items[i], i, file, errs))
            ok = false;
        for (size_t j = 0; j < i && t->cols[i].key; j++)
            if (t->cols[j].key && strcmp(t->cols[j].key, t->cols[i].key) == 0)
                ok = bad(errs, cols->u.list.items[i], file, "duplicate column key '%s'",
                         t->cols[i].key);
    }
    t->nrows = rows->u.list.len;
    t->rows = arena_alloc(a, (t->nrows ? t->nrows : 1) * sizeof *t->rows);
    for (size_t r = 0; r < t->nrows; r++) {
        value *row = rows->u.list.items[r];
        t->rows[r] = row;
        if (row->type != VAL_MAP) {
            ok = bad(errs, row, file, "%s", "a row must be a mapping from column keys to cells");
            continue;
        }
        for (size_t k = 0; k < row->u.map.len; k++) {
            const char *key = row->u.map.keys[k];
            bool known = strcmp(key, "id") == 0;
            for (size_t c = 0; c < t->ncols && !known; c++)
                known = t->cols[c].key && strcmp(t->cols[c].key, key) == 0;
            if (!known)
                ok = bad(errs, row->u.map.vals[k], file,
                         "row has a cell '%s' but no column has that key", key);
            else if (strcmp(key, "id") != 0 && !check_cell(row->u.map.vals[k], file, errs))
                ok = false;
        }
        const value *id = val_map_get(row, "id");
        if (id && id->type != VAL_STR)
            ok = bad(errs, id, file, "%s", "a row id must be a string");
        for (size_t q = 0; q < r && id && id->type == VAL_STR; q++) {
            const char *other = val_as_str(val_map_get(t->rows[q], "id"));
            if (other && strcmp(other, id->u.str.s) == 0)
                ok = bad(errs, id, file, "duplicate row id '%s'", other);
        }
    }
    return ok ? t : NULL;
}

const value *dtable_cell(const dtable *t, size_t r, size_t c)
{
    if (r >= t->nrows || c >= t->ncols)
        return NULL;
    return val_map_get(t->rows[r], t->cols[c].key);
}

void dtable_format_number(double x, int decimals, buf *out)
{
    dtable_format_number_sep(x, decimals, ",", ".", out);
}

void dtable_format_number_sep(double x, int decimals, const char *thousands, const char *point,
                              buf *out)
{
    char digits[64];
    if (!isfinite(x)) {
        buf_puts(out, "?");
        return;
    }
    if (decimals >= 0) {
        snprintf(digits, sizeof digits, "%.*f", decimals, fabs(x));
    } else {
        buf tmp = BUF_INIT;
        value v = {.type = VAL_NUM, .u.num = fabs(x)};
        val_to_text(&v, &tmp);
        snprintf(digits, sizeof digits, "%s", buf_cstr(&tmp));
        buf_free(&tmp);
    }
    if (x < 0)
        buf_putc(out, '-');
    const char *dot = strchr(digits, '.');
    size_t intlen = dot ? (size_t)(dot - digits) : strlen(digits);
    if (strchr(digits, 'e'))
        intlen = 0; /* exponent form: no grouping */
    for (size_t i = 0; i < intlen; i++) {
        if (i > 0 && (intlen - i) % 3 == 0)
            buf_puts(out, thousands);
        buf_putc(out, digits[i]);
    }
    if (dot && intlen) {
        buf_puts(out, point);
        buf_puts(out, dot + 1);
    } else {
        buf_puts(out, digits + intlen);
    }
}

static void put_affixed(const char *prefix, double x, int decimals, const char *suffix, buf *out)
{
    buf_puts(out, prefix);
    dtable_format_number(x, decimals, out);
    buf_puts(out, suffix);
}

void dtable_cell_text(const dtable *t, size_t r, size_t c, buf *out)
{
    const value *cell = dtable_cell(t, r, c);
    const dt_column *col = &t->cols[c];
    if (!cell)
        return;
    switch (cell->type) {
    case VAL_STR:
        buf_put(out, cell->u.str.s, cell->u.str.len);
        break;
    case VAL_NUM:
        put_affixed(col->prefix, cell->u.num, col->decimals, col->suffix, out);
        break;
    case VAL_MAP: {
        const char *text = val_as_str(val_map_get(cell, "text"));
        const char *prefix = val_str_or(val_map_get(cell, "prefix"), col->prefix);
        const char *suffix = val_str_or(val_map_get(cell, "suffix"), col->suffix);
        const value *lo = val_map_get(cell, "low"), *hi = val_map_get(cell, "high");
        const value *v = val_map_get(cell, "value");
        if (text)
            buf_puts(out, text);
        else if (lo && hi) {
            put_affixed(prefix, lo->u.num, col->decimals, "", out);
            buf_puts(out, " to ");
            put_affixed(prefix, hi->u.num, col->decimals, suffix, out);
        } else if (v)
            put_affixed(prefix, v->u.num, col->decimals, suffix, out);
        break;
    }
    default:
        break;
    }
}

/* A cell counts as numeric when it is a number or a number range without text. */
static bool cell_numeric(const value *cell)
{
    if (!cell)
        return true;
    if (cell->type == VAL_NUM)
        return true;
    if (cell->type == VAL_MAP)
        return !val_map_get(cell, "text");
    return cell->type == VAL_NULL;
}

col_align dtable_col_align(const dtable *t, size_t c)
{
    if (t->cols[c].align != ALIGN_AUTO)
        return t->cols[c].align;
    if (t->cols[c].row_header)
        return ALIGN_LEFT;
    for (size_t r = 0; r < t->nrows; r++)
        if (!cell_numeric(dtable_cell(t, r, c)))
            return ALIGN_LEFT;
    return ALIGN_RIGHT;
}

const value *dtable_row(const dtable *t, const char *id)
{
    for (size_t r = 0; r < t->nrows; r++) {
        const char *rid = val_as_str(val_map_get(t->rows[r], "id"));
        if (rid && strcmp(rid, id) == 0)
            return t->rows[r];
    }
    return NULL;
}

static const char *align_class(col_align a)
{
    switch (a) {
    case ALIGN_RIGHT:
        return " class=\"num\"";
    case ALIGN_CENTER:
        return " class=\"center\"";
    default:
        return "";
    }
}

void dtable_render_html(const dtable *t, const char *id_prefix, buf *out)
{
    buf cell = BUF_INIT;
    buf_printf(out, "<figure class=\"data-table\" id=\"%s\">\n", id_prefix);
    buf_printf(out,
               "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"%s-caption\" "
               "tabindex=\"0\">\n<table>\n<caption id=\"%s-caption\">",
               id_prefix, id_prefix);
    buf_put_html(out, t->caption, strlen(t->caption));
    buf_puts(out, "</caption>\n<thead>\n<tr>");
    for (size_t c = 0; c < t->ncols; c++) {
        buf_printf(out, "<th scope=\"col\"%s>", align_class(dtable_col_align(t, c)));
        buf_put_html(out, t->cols[c].label, strlen(t->cols[c].label));
        buf_puts(out, "</th>");
    }
    buf_puts(out, "</tr>\n</thead>\n<tbody>\n");
    for (size_t r = 0; r < t->nrows; r++) {
        buf_puts(out, "<tr>");
        for (size_t c = 0; c < t->ncols; c++) {
            const char *tag = t->cols[c].row_header ? "th" : "td";
            buf_reset(&cell);
            dtable_cell_text(t, r, c, &cell);
            buf_printf(out, "<%s%s%s>", tag, t->cols[c].row_header ? " scope=\"row\"" : "",
                       align_class(dtable_col_align(t, c)));
            buf_put_html(out, cell.data ? cell.data : "", cell.len);
            buf_printf(out, "</%s>", tag);
        }
        buf_puts(out, "</tr>\n");
    }
    buf_puts(out, "</tbody>\n</table>\n</div>\n");
    if (t->source) {
        buf_puts(out, "<figcaption class=\"table-source\">Source: ");
        if (t->source_url) {
            buf_puts(out, "<a href=\"");
            buf_put_html(out, t->source_url, strlen(t->source_url));
            buf_puts(out, "\">");
        }
        buf_put_html(out, t->source, strlen(t->source));
        if (t->source_url)
            buf_puts(out, "</a>");
        buf_puts(out, "</figcaption>\n");
    }
    buf_puts(out, "</figure>\n");
    buf_free(&cell);
}
