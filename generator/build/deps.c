/* deps.c - the Debian packages a site needs: hyphenation patterns and the CJK font. */
#include "build/deps.h"
#include "pdf/cjk.h"
#include "pdf/hyphen.h"
#include "util/utf8.h"

#include <string.h>

/* Appends pkg to out unless it is there already. */
static void add_once(buf *out, const char *pkg)
{
    size_t n = strlen(pkg);
    for (size_t i = 0; i < out->len;) {
        const char *nl = memchr(out->data + i, '\n', out->len - i);
        size_t len = (size_t)(nl - (out->data + i));
        if (len == n && memcmp(out->data + i, pkg, n) == 0)
            return;
        i += len + 1;
    }
    buf_puts(out, pkg);
    buf_putc(out, '\n');
}

/* True when text has a character of the CJK scripts, Korean's included (pdf/cjk.h). */
static bool has_cjk(const char *text)
{
    size_t len = text ? strlen(text) : 0;
    /* from U+1100 (Hangul Jamo) up: sequences led by 0xe1 or more, the only ones decoded */
    for (size_t i = 0, n = 1; i < len; i += n) {
        n = 1;
        if ((unsigned char)text[i] >= 0xe1 && cjk_script(utf8_next(text + i, len - i, &n)))
            return true;
    }
    return false;
}

/* True when the site names a font of fonts-noto-cjk in pdf.fonts. */
static bool names_noto_cjk(const site *s)
{
    const value *fonts = val_path(s->config, "pdf.fonts");
    for (size_t i = 0; fonts && fonts->type == VAL_MAP && i < fonts->u.map.len; i++) {
        const value *v = fonts->u.map.vals[i];
        size_t n = v->type == VAL_LIST ? v->u.list.len : 1;
        for (size_t k = 0; k < n; k++) {
            const char *path = val_as_str(v->type == VAL_LIST ? v->u.list.items[k] : v);
            if (path && strncmp(path, CJK_FONT_DIR, strlen(CJK_FONT_DIR)) == 0)
                return true;
        }
    }
    return false;
}

void deps_packages(const site *s, buf *out)
{
    const char *pkg;
    bool cjk = names_noto_cjk(s) || has_cjk(val_str_or(val_map_get(s->config, "title"), ""));
    for (size_t i = 0; i < s->nlangs; i++)
        if ((pkg = pdf_hyphen_package(s->langs[i].code)))
            add_once(out, pkg);
    for (size_t i = 0; i < s->npages; i++) {
        const page *p = s->pages[i];
        if (p->language && p->language[0] && (pkg = pdf_hyphen_package(p->language)))
            add_once(out, pkg);
        cjk = cjk || has_cjk(p->raw) || has_cjk(p->title);
    }
    if (cjk)
        add_once(out, "fonts-noto-cjk");
}
