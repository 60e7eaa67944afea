/* html5.c - cmark-gfm's HTML written as HTML5 wants it (html5.h). */
#include "core/html5.h"
#include "core/i18n.h"

#include <stdbool.h>
#include <string.h>

/* The checkboxes of the task list extension, and what they become: their
 * label the key's string, or the English one without words. */
static const struct {
    const char *from, *to, *key, *english;
} BOXES[] = {
    {"<input type=\"checkbox\" checked=\"\" disabled=\"\" />",
     "<input type=\"checkbox\" checked disabled aria-label=\"", "task_done", "Done"},
    {"<input type=\"checkbox\" disabled=\"\" />", "<input type=\"checkbox\" disabled aria-label=\"",
     "task_to_do", "To do"},
};

/* cmark-gfm's name for a footnote's link back to its reference. */
#define BACKREF "aria-label=\"Back to content\""

/* Appends words' string for key (or english without words) escaped for an attribute. */
static void put_label(const i18n_lang *words, const char *key, const char *english, buf *out)
{
    const char *s = words ? i18n_get(words, key) : english;
    buf_put_html(out, s, strlen(s));
}

/* True when the tag starting at p ('<') is a void element cmark writes with " />". */
static bool void_tag(const char *p)
{
    static const char *const names[] = {"<img ", "<br ", "<hr ", "<input "};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strncmp(p, names[i], strlen(names[i])) == 0)
            return true;
    return false;
}

void md_html5_put(const char *html, const i18n_lang *words, buf *out)
{
    const char *p = html, *backref = words ? strstr(html, BACKREF) : NULL; /* the next one */
    if (!strstr(html, " />") && !backref) {
        buf_puts(out, html); /* most blocks: no void element, no checkbox, no footnote */
        return;
    }
    while (*p) {
        const char *lt = strchr(p, '<');
        if (!lt) {
            buf_puts(out, p);
            return;
        }
        buf_put(out, p, (size_t)(lt - p));
        size_t k = 0;
        while (k < 2 && strncmp(lt, BOXES[k].from, strlen(BOXES[k].from)) != 0)
            k++;
        const char *gt = strchr(lt, '>');
        if (backref && backref < lt)
            backref = strstr(lt, BACKREF);
        if (k < 2) {
            buf_puts(out, BOXES[k].to);
            put_label(words, BOXES[k].key, BOXES[k].english, out);
            buf_puts(out, "\">");
            p = lt + strlen(BOXES[k].from);
        } else if (backref && gt && backref < gt) { /* a footnote's link back */
            buf_put(out, lt, (size_t)(backref - lt));
            buf_puts(out, "aria-label=\"");
            put_label(words, "back_to_content", NULL, out);
            buf_putc(out, '"');
            p = backref + strlen(BACKREF);
        } else if (gt && void_tag(lt) && gt - lt >= 2 && gt[-1] == '/' && gt[-2] == ' ') {
            buf_put(out, lt, (size_t)(gt - 2 - lt)); /* "<img ... />" -> "<img ...>" */
            buf_putc(out, '>');
            p = gt + 1;
        } else {
            buf_put(out, lt, gt ? (size_t)(gt + 1 - lt) : strlen(lt));
            p = gt ? gt + 1 : lt + strlen(lt);
        }
    }
}
