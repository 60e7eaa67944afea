/* html5.c - cmark-gfm's HTML written as HTML5 wants it (html5.h). */
#include "core/html5.h"

#include <stdbool.h>
#include <string.h>

/* The checkboxes of the task list extension, and what they become. */
static const struct {
    const char *from, *to;
} BOXES[] = {
    {"<input type=\"checkbox\" checked=\"\" disabled=\"\" />",
     "<input type=\"checkbox\" checked disabled aria-label=\"Done\">"},
    {"<input type=\"checkbox\" disabled=\"\" />",
     "<input type=\"checkbox\" disabled aria-label=\"To do\">"},
};

/* True when the tag starting at p ('<') is a void element cmark writes with " />". */
static bool void_tag(const char *p)
{
    static const char *const names[] = {"<img ", "<br ", "<hr ", "<input "};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strncmp(p, names[i], strlen(names[i])) == 0)
            return true;
    return false;
}

void md_html5_put(const char *html, buf *out)
{
    const char *p = html;
    if (!strstr(html, " />")) { /* most blocks: no void element, no checkbox */
        buf_puts(out, html);
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
        if (k < 2) {
            buf_puts(out, BOXES[k].to);
            p = lt + strlen(BOXES[k].from);
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
