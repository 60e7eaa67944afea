/* style.c - PDF settings from site.yaml with defaults that suit a whitepaper. */
#include "pdf/style.h"
#include "pdf/cjk.h"
#include "core/theme.h"
#include "core/siteconf.h"
#include "util/fsutil.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Each reader below leaves *out as it is when map has no such key, and
 * returns 0, or -1 with an error at the value's position. */

static int number(const value *map, const char *key, double lo, double hi, double *out,
                  err_list *errs)
{
    const value *v = val_map_get(map, key);
    if (!v)
        return 0;
    if (v->type != VAL_NUM || v->u.num < lo || v->u.num > hi) {
        err_add(errs, v->pos.file, v->pos.line, v->pos.col, "pdf.%s must be a number from %g to %g",
                key, lo, hi);
        return -1;
    }
    *out = v->u.num;
    return 0;
}

static int flag(const value *map, const char *key, bool *out, err_list *errs)
{
    const value *v = val_map_get(map, key);
    if (!v)
        return 0;
    if (v->type != VAL_BOOL) {
        err_add(errs, v->pos.file, v->pos.line, v->pos.col, "pdf.%s must be true or false", key);
        return -1;
    }
    *out = v->u.b;
    return 0;
}

static int text(const value *map, const char *key, const char **out, err_list *errs)
{
    const value *v = val_map_get(map, key);
    if (!v)
        return 0;
    if (v->type != VAL_STR) {
        err_add(errs, v->pos.file, v->pos.line, v->pos.col, "'%s' must be a string", key);
        return -1;
    }
    *out = v->u.str.s;
    return 0;
}

static int paper(const value *pdf, pdf_style *st, err_list *errs)
{
    const value *v = val_map_get(pdf, "paper");
    const char *p = val_as_str(v);
    if (!v || (p && strcmp(p, "a4") == 0))
        return 0;
    if (p && strcmp(p, "letter") == 0) {
        st->page_w = 612, st->page_h = 792;
        return 0;
    }
    err_add(errs, v->pos.file, v->pos.line, v->pos.col, "pdf.paper must be a4 or letter");
    return -1;
}

/* One of two words at map.key (pdf.footnotes.KEY): *out becomes true for the
 * second, false for the first; another word is an error with the nearest. */
static int choice(const value *map, const char *key, const char *no, const char *yes, bool *out,
                  err_list *errs)
{
    const value *v = val_map_get(map, key);
    const char *s = val_as_str(v);
    if (!v)
        return 0;
    if (s && (strcmp(s, no) == 0 || strcmp(s, yes) == 0)) {
        *out = strcmp(s, yes) == 0;
        return 0;
    }
    const char *const words[] = {no, yes};
    const char *near = s ? suggest_nearest(s, words, 2) : NULL;
    err_add(errs, v->pos.file, v->pos.line, v->pos.col, "pdf.footnotes.%s must be %s or %s%s%s%s",
            key, no, yes, near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    return -1;
}

/* pdf.footnotes: where the notes go (place: page | chapter) and how they are
 * numbered (numbering: chapter | document). */
static int footnotes(const value *pdf, pdf_style *st, err_list *errs)
{
    const value *fn = val_map_get(pdf, "footnotes");
    if (!fn)
        return 0;
    if (fn->type != VAL_MAP) {
        err_add(errs, fn->pos.file, fn->pos.line, fn->pos.col,
                "pdf.footnotes must be a mapping (place: page | chapter, numbering: chapter | "
                "document)");
        return -1;
    }
    bool at_chapter = !st->notes_at_foot;
    int rc = choice(fn, "place", "page", "chapter", &at_chapter, errs);
    st->notes_at_foot = !at_chapter;
    rc |= choice(fn, "numbering", "chapter", "document", &st->notes_continuous, errs);
    return rc;
}

/* pdf.fonts' keys (SITE_PDF_FONT_KEYS, core/siteconf.h) are one a face, in
 * the order of pdf_face; the last, fallback, names the fallback chain. */
_Static_assert(SITE_PDF_FONTS == FACE_FALLBACK + 1, "pdf.fonts has a key for every face");

/* Reads the pdf: map over the defaults in st and chosen (the font files). */
static int settings(const value *pdf, pdf_style *st, const char *chosen[FACE_FALLBACK],
                    err_list *errs)
{
    int rc = paper(pdf, st, errs);
    double margin = -1;
    rc |= number(pdf, "margin", 24, 144, &margin, errs);
    if (margin > 0)
        st->margin_top = st->margin_bottom = st->margin_inner = st->margin_outer = margin;
    rc |= number(pdf, "body_size", 7, 16, &st->body_size, errs);
    rc |= number(pdf, "leading", 8, 30, &st->leading, errs);
    rc |= flag(pdf, "justify", &st->justify, errs);
    rc |= flag(pdf, "number_headings", &st->number_headings, errs);
    rc |= flag(pdf, "chapter_new_page", &st->chapter_new_page, errs);
    rc |= flag(pdf, "tagged", &st->tagged, errs);
    rc |= flag(pdf, "strict", &st->strict, errs);
    double balance = st->balance_lines;
    rc |= number(pdf, "balance_lines", 0, 40, &balance, errs);
    st->balance_lines = (int)balance;
    rc |= footnotes(pdf, st, errs);
    const value *h = val_map_get(pdf, "header"), *ft = val_map_get(pdf, "footer");
    rc |= text(h, "left", &st->header_left, errs);
    rc |= text(h, "right", &st->header_right, errs);
    rc |= text(ft, "left", &st->footer_left, errs);
    rc |= text(ft, "right", &st->footer_right, errs);
    const value *fv = val_map_get(pdf, "fonts");
    for (int i = 0; i < FACE_FALLBACK; i++)
        rc |= text(fv, SITE_PDF_FONT_KEYS[i], &chosen[i], errs);
    return rc;
}

/* True for a font installed on the system (Debian's font packages), which a
 * site may name as well as a file of its own. */
static bool system_font(const char *path)
{
    return fs_inside(path, "/usr/share/fonts") || fs_inside(path, "/usr/local/share/fonts");
}

/* Resolves the font file name for pdf.fonts.KEY (v, the value that named it,
 * NULL for a default): a site's file, else the theme's (defaults), or an
 * installed system font. Sets *out (in a) and returns 0, or -1 with an
 * error at v (or naming the default) when it cannot be read or lies outside
 * the site. */
static int font_path(const pdf_settings *set, arena *a, const char *key, const value *v,
                     const char *name, const char **out, err_list *errs)
{
    int rc = 0;
    const char *root = set->dir; /* a default face may come from the theme */
    char *p = !v ? theme_resolve(set->dir, set->theme_dir, name, &root) : NULL;
    if (!p)
        p = name[0] == '/' ? xstrdup(name) : fs_join(set->dir, name);
    if (fs_is_file(p) && !fs_inside(p, root) && !system_font(p)) {
        /* fonts, like images, are read only from the site folder (or the system's fonts) */
        val_error(errs, v, set->config_file,
                  "pdf.fonts.%s '%s' is outside the site folder; put the font in assets/fonts/",
                  key, name);
        rc = -1;
    } else if (!fs_is_file(p)) {
        /* every missing face in one run, each where it is named (or as a default) */
        if (v)
            val_error(errs, v, set->config_file, "pdf.fonts.%s: font file '%s' cannot be read", key,
                      name);
        else
            err_add(errs, set->config_file, 0, 0,
                    "pdf.fonts.%s: the default font file '%s' is not in the site%s; name a "
                    "TrueType file as pdf.fonts.%s",
                    key, name,
                    set->theme_dir ? " or imprint's theme" : " and imprint's theme was not found",
                    key);
        rc = -1;
    }
    *out = arena_strdup(a, p);
    free(p);
    return rc;
}

/* The fallback chain from pdf.fonts.fallback (v: one file or a list of up
 * to four, tried in order), or by default DejaVu Sans (Latin, Greek,
 * Cyrillic, Arabic, Hebrew, symbols) and Noto Sans CJK when installed. Sets
 * fonts[FACE_FALLBACK..FACE_FALLBACK_LAST] (NULL for an empty place). */
static int fallback_chain(const pdf_settings *set, arena *a, const value *v,
                          const char *fonts[FACE_COUNT], err_list *errs)
{
    int rc = 0, n = 0;
    for (int k = FACE_FALLBACK; k <= FACE_FALLBACK_LAST; k++)
        fonts[k] = NULL;
    if (!v) {
        rc = font_path(set, a, "fallback", NULL, "assets/fonts/DejaVuSans.ttf",
                       &fonts[FACE_FALLBACK], errs);
        if (fs_is_file(CJK_FONT_FILE))
            fonts[FACE_FALLBACK + 1] = CJK_FONT_FILE;
        return rc;
    }
    size_t count = v->type == VAL_LIST ? v->u.list.len : 1;
    if ((v->type != VAL_STR && v->type != VAL_LIST) || count == 0) {
        val_error(errs, v, set->config_file,
                  "pdf.fonts.fallback is a font file or a list of them, tried in order");
        return -1;
    }
    for (size_t i = 0; i < count; i++) {
        const value *item = v->type == VAL_LIST ? v->u.list.items[i] : v;
        if (item->type != VAL_STR) {
            val_error(errs, item, set->config_file, "a fallback font is a file name");
            rc = -1;
        } else if (n > FACE_FALLBACK_LAST - FACE_FALLBACK) {
            val_error(errs, item, set->config_file, "pdf.fonts.fallback lists at most %d fonts",
                      FACE_FALLBACK_LAST - FACE_FALLBACK + 1);
            rc = -1;
        } else {
            rc |= font_path(set, a, "fallback", item, item->u.str.s, &fonts[FACE_FALLBACK + n++],
                            errs);
        }
    }
    return rc;
}

int pdf_style_load(const pdf_settings *set, arena *a, pdf_style *st, const char *fonts[FACE_COUNT],
                   err_list *errs)
{
    int rc = 0;
    const value *pdf = val_map_get(set->config, "pdf");
    memset(st, 0, sizeof *st);
    st->page_w = 595.276;
    st->page_h = 841.89;
    st->margin_top = 78;
    st->margin_bottom = 72;
    st->margin_inner = st->margin_outer = 68;
    st->body_size = 10.5;
    st->leading = 0;
    st->justify = true;
    st->number_headings = true;
    st->chapter_new_page = true;
    st->tagged = true;
    st->balance_lines = 6;
    st->notes_at_foot = true;
    st->primary = set->palette->primary;
    st->accent = set->palette->accent;
    st->text = set->palette->text;
    st->muted = set->palette->muted;
    st->surface = set->palette->surface;
    st->rule = set->palette->rule;
    st->header_left = "{{title}}";
    st->header_right = "{{chapter}}";
    st->footer_left = "{{brand}}";
    st->footer_right = NULL; /* "Page {page} of {pages}" in the document's language */
    static const char *defaults[FACE_FALLBACK] = {
        "assets/fonts/NotoSerif-Regular.ttf", "assets/fonts/NotoSerif-Bold.ttf",
        "assets/fonts/NotoSerif-Italic.ttf",  "assets/fonts/NotoSerif-BoldItalic.ttf",
        "assets/fonts/NotoSans-Regular.ttf",  "assets/fonts/NotoSans-Bold.ttf",
        "assets/fonts/DejaVuSansMono.ttf"};
    const char *chosen[FACE_FALLBACK];
    memcpy(chosen, defaults, sizeof chosen);
    if (pdf && pdf->type != VAL_MAP) {
        err_add(errs, pdf->pos.file, pdf->pos.line, pdf->pos.col, "'pdf' must be a mapping");
        rc = -1;
    } else if (pdf) {
        rc = settings(pdf, st, chosen, errs);
    }
    if (st->leading <= 0)
        st->leading = st->body_size * 1.45;
    st->small_size = st->body_size * 0.84;
    const value *fv = pdf && pdf->type == VAL_MAP ? val_map_get(pdf, "fonts") : NULL;
    for (int i = 0; i < FACE_FALLBACK; i++) {
        const value *v = val_map_get(fv, SITE_PDF_FONT_KEYS[i]);
        rc |= font_path(set, a, SITE_PDF_FONT_KEYS[i], v, chosen[i], &fonts[i], errs);
    }
    rc |= fallback_chain(set, a, val_map_get(fv, "fallback"), fonts, errs);
    return rc;
}
