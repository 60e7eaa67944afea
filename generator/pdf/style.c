/* style.c - PDF settings from site.yaml with defaults that suit a whitepaper. */
#include "pdf/style.h"
#include "util/fsutil.h"

#include <stdlib.h>
#include <string.h>

static void number(const value *map, const char *key, double lo, double hi, double *out,
                   err_list *errs)
{
    const value *v = val_map_get(map, key);
    if (!v)
        return;
    if (v->type != VAL_NUM || v->u.num < lo || v->u.num > hi)
        err_add(errs, v->pos.file, v->pos.line, v->pos.col, "pdf.%s must be a number from %g to %g",
                key, lo, hi);
    else
        *out = v->u.num;
}

static void flag(const value *map, const char *key, bool *out, err_list *errs)
{
    const value *v = val_map_get(map, key);
    if (!v)
        return;
    if (v->type != VAL_BOOL)
        err_add(errs, v->pos.file, v->pos.line, v->pos.col, "pdf.%s must be true or false", key);
    else
        *out = v->u.b;
}

static void text(const value *map, const char *key, const char **out, err_list *errs)
{
    const value *v = val_map_get(map, key);
    if (!v)
        return;
    if (v->type != VAL_STR)
        err_add(errs, v->pos.file, v->pos.line, v->pos.col, "'%s' must be a string", key);
    else
        *out = v->u.str.s;
}

int pdf_style_load(const site *s, arena *a, pdf_style *st, const char *fonts[FACE_COUNT],
                   err_list *errs)
{
    size_t before = errs->errors;
    const value *pdf = val_map_get(s->config, "pdf");
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
    st->balance_lines = 6;
    st->primary = s->palette.primary;
    st->accent = s->palette.accent;
    st->text = s->palette.text;
    st->muted = s->palette.muted;
    st->surface = s->palette.surface;
    st->rule = s->palette.rule;
    st->header_left = "{{title}}";
    st->header_right = "{{chapter}}";
    st->footer_left = "{{brand}}";
    st->footer_right = "Page {{page}} of {{pages}}";
    static const char *defaults[FACE_COUNT] = {
        "assets/fonts/NotoSerif-Regular.ttf", "assets/fonts/NotoSerif-Bold.ttf",
        "assets/fonts/NotoSerif-Italic.ttf",  "assets/fonts/NotoSerif-BoldItalic.ttf",
        "assets/fonts/NotoSans-Regular.ttf",  "assets/fonts/NotoSans-Bold.ttf",
        "assets/fonts/DejaVuSansMono.ttf",    "assets/fonts/DejaVuSans.ttf"};
    static const char *keys[FACE_COUNT] = {"body", "bold",      "italic", "bold_italic",
                                           "sans", "sans_bold", "mono",   "fallback"};
    const char *chosen[FACE_COUNT];
    memcpy(chosen, defaults, sizeof chosen);
    if (pdf && pdf->type != VAL_MAP)
        err_add(errs, pdf->pos.file, pdf->pos.line, pdf->pos.col, "'pdf' must be a mapping");
    else if (pdf) {
        const value *paper = val_map_get(pdf, "paper");
        if (paper) {
            const char *p = val_as_str(paper);
            if (p && strcmp(p, "letter") == 0)
                st->page_w = 612, st->page_h = 792;
            else if (!p || strcmp(p, "a4") != 0)
                err_add(errs, paper->pos.file, paper->pos.line, paper->pos.col,
                        "pdf.paper must be a4 or letter");
        }
        double margin = -1;
        number(pdf, "margin", 24, 144, &margin, errs);
        if (margin > 0)
            st->margin_top = st->margin_bottom = st->margin_inner = st->margin_outer = margin;
        number(pdf, "body_size", 7, 16, &st->body_size, errs);
        number(pdf, "leading", 8, 30, &st->leading, errs);
        flag(pdf, "justify", &st->justify, errs);
        flag(pdf, "number_headings", &st->number_headings, errs);
        flag(pdf, "chapter_new_page", &st->chapter_new_page, errs);
        double balance = st->balance_lines;
        number(pdf, "balance_lines", 0, 40, &balance, errs);
        st->balance_lines = (int)balance;
        const value *h = val_map_get(pdf, "header"), *ft = val_map_get(pdf, "footer");
        text(h, "left", &st->header_left, errs);
        text(h, "right", &st->header_right, errs);
        text(ft, "left", &st->footer_left, errs);
        text(ft, "right", &st->footer_right, errs);
        const value *fv = val_map_get(pdf, "fonts");
        for (int i = 0; i < FACE_COUNT; i++)
            text(fv, keys[i], &chosen[i], errs);
    }
    if (st->leading <= 0)
        st->leading = st->body_size * 1.45;
    st->small_size = st->body_size * 0.84;
    for (int i = 0; i < FACE_COUNT; i++) {
        char *p = chosen[i][0] == '/' ? strdup(chosen[i]) : fs_join(s->dir, chosen[i]);
        fonts[i] = arena_strdup(a, p);
        free(p);
    }
    return errs->errors > before ? -1 : 0;
}
