/* err.c - error lists with file:line:col positions. */
#include "util/err.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The item of e with this text (the same problem found again: listed once,
 * counted), or NULL. */
static err_item *listed(const err_list *e, const char *text)
{
    size_t i = (size_t)strmap_get(&e->index, text);
    return i ? &e->items[i - 1] : NULL;
}

/* Appends item (its text owned by e from now on) and indexes it. */
static void append(err_list *e, err_item item)
{
    if (e->len == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 8;
        e->items = xrealloc(e->items, e->cap * sizeof *e->items);
    }
    e->items[e->len++] = item;
    strmap_put(&e->index, item.text, (void *)e->len);
    if (!item.is_warning)
        e->errors++;
}

static void add(err_list *e, int warning, const char *file, int line, int col, const char *fmt,
                va_list ap)
{
    buf b = BUF_INIT;
    if (file) {
        buf_puts(&b, file);
        if (line > 0) {
            buf_printf(&b, ":%d", line);
            if (col > 0)
                buf_printf(&b, ":%d", col);
        }
        buf_puts(&b, ": ");
    }
    if (warning)
        buf_puts(&b, "warning: ");
    buf_vprintf(&b, fmt, ap);
    /* the same problem found again (a layout error seen by every page) is listed once */
    err_item *seen = listed(e, buf_cstr(&b));
    if (seen) {
        seen->count++;
        buf_free(&b);
        return;
    }
    append(e, (err_item){.text = buf_detach(&b), .is_warning = warning, .count = 1});
}

void err_add_text(err_list *e, const char *text, bool warning)
{
    err_item *seen = listed(e, text);
    if (seen)
        seen->count++;
    else
        append(e, (err_item){.text = xstrdup(text), .is_warning = warning, .count = 1});
}

void err_add(err_list *e, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(e, 0, file, line, col, fmt, ap);
    va_end(ap);
}

void err_vadd(err_list *e, const char *file, int line, int col, const char *fmt, va_list ap)
{
    add(e, 0, file, line, col, fmt, ap);
}

void err_warn(err_list *e, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add(e, 1, file, line, col, fmt, ap);
    va_end(ap);
}

void err_list_move(err_list *dst, err_list *src)
{
    for (size_t i = 0; i < src->len; i++) {
        err_item *seen = listed(dst, src->items[i].text);
        if (seen) { /* found by another thread too */
            seen->count += src->items[i].count;
            free(src->items[i].text);
            continue;
        }
        append(dst, src->items[i]);
    }
    free(src->items);
    strmap_free(&src->index);
    src->items = NULL;
    src->len = src->cap = src->errors = 0;
}

void err_list_promote(err_list *e)
{
    for (size_t i = 0; i < e->len; i++) {
        err_item *it = &e->items[i];
        if (!it->is_warning)
            continue;
        char *w = strstr(it->text, "warning: ");
        if (w)
            memmove(w, w + 9, strlen(w + 9) + 1);
        it->is_warning = 0;
        e->errors++;
    }
    /* the texts changed: index them again */
    strmap_free(&e->index);
    for (size_t i = 0; i < e->len; i++)
        strmap_put(&e->index, e->items[i].text, (void *)(i + 1));
}

void err_list_free(err_list *e)
{
    for (size_t i = 0; i < e->len; i++)
        free(e->items[i].text);
    free(e->items);
    strmap_free(&e->index);
    e->items = NULL;
    e->len = e->cap = e->errors = 0;
}
