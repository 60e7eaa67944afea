/* font.c - TrueType faces for libharu drawing and HarfBuzz measurement. */
#include "pdf/font.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <hb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct face_data {
    HPDF_Font hpdf;  /* for drawing; NULL until first used */
    char *path;      /* the TrueType file */
    hb_blob_t *blob; /* the file */
    hb_face_t *face;
    hb_font_t *font;        /* scaled to units per em */
    double upem;            /* units per em */
    double ascent, descent; /* in em */
} face_data;

struct pdf_fonts {
    face_data faces[FACE_COUNT];
    HPDF_Doc doc; /* the document the libharu fonts belong to */
};

/* Loads a face into libharu. Returns false with an error. */
static bool load_hpdf(HPDF_Doc doc, face_data *fd, err_list *errs)
{
    const char *name = HPDF_LoadTTFontFromFile(doc, fd->path, HPDF_TRUE);
    if (!name) {
        err_add(errs, fd->path, 0, 0,
                "libharu cannot load this TrueType font (a CFF/OpenType font?)");
        HPDF_ResetError(doc);
        return false;
    }
    fd->hpdf = HPDF_GetFont(doc, name, "UTF-8");
    if (!fd->hpdf) {
        err_add(errs, fd->path, 0, 0, "libharu cannot use this font with UTF-8");
        HPDF_ResetError(doc);
        return false;
    }
    return true;
}

static pthread_once_t hb_once = PTHREAD_ONCE_INIT;

/* HarfBuzz fills its language table lazily on first use; doing that once,
 * before documents are laid out on several threads, keeps it race-free. */
static void hb_warm_up(void)
{
    hb_language_from_string("en", -1);
}

pdf_fonts *pdf_fonts_load(HPDF_Doc doc, const char *const paths[FACE_COUNT], const char *config,
                          err_list *errs)
{
    pthread_once(&hb_once, hb_warm_up);
    pdf_fonts *f = xcalloc(1, sizeof *f);
    for (int i = 0; i < FACE_COUNT; i++) {
        face_data *fd = &f->faces[i];
        const char *path = paths[i];
        FILE *probe = fopen(path, "rb");
        if (!probe) {
            err_add(errs, config, 0, 0, "font file %s cannot be read", path);
            goto fail;
        }
        fclose(probe);
        fd->blob = hb_blob_create_from_file(path);
        fd->face = hb_face_create(fd->blob, 0);
        fd->upem = hb_face_get_upem(fd->face);
        if (hb_blob_get_length(fd->blob) == 0 || fd->upem <= 0 ||
            hb_face_get_glyph_count(fd->face) == 0) {
            err_add(errs, path, 0, 0, "not a TrueType font");
            goto fail;
        }
        hb_blob_t *glyf = hb_face_reference_table(fd->face, HB_TAG('g', 'l', 'y', 'f'));
        unsigned glyf_len = hb_blob_get_length(glyf);
        hb_blob_destroy(glyf);
        if (glyf_len == 0) {
            err_add(errs, path, 0, 0,
                    "not a TrueType-outline font (libharu cannot embed CFF-flavoured OpenType)");
            goto fail;
        }
        fd->font = hb_font_create(fd->face);
        hb_font_set_scale(fd->font, (int)fd->upem, (int)fd->upem);
        hb_font_extents_t ext;
        hb_font_get_h_extents(fd->font, &ext);
        fd->ascent = ext.ascender / fd->upem;
        fd->descent = ext.descender / fd->upem;
        /* libharu's side is loaded on first use (pdf_font): building a font's
         * width table and embedding it is most of a small document's cost,
         * and a document rarely needs every face */
        fd->path = xstrdup(path);
        if (i == 0 && !load_hpdf(doc, fd, errs))
            goto fail; /* the body face: a font libharu refuses is reported here */
    }
    f->doc = doc;
    return f;
fail:
    pdf_fonts_free(f);
    return NULL;
}

void pdf_fonts_free(pdf_fonts *f)
{
    if (!f)
        return;
    for (int i = 0; i < FACE_COUNT; i++) {
        free(f->faces[i].path);
        hb_font_destroy(f->faces[i].font);
        hb_face_destroy(f->faces[i].face);
        hb_blob_destroy(f->faces[i].blob);
    }
    free(f);
}

HPDF_Font pdf_font(pdf_fonts *f, pdf_face face)
{
    face_data *fd = &f->faces[face];
    if (!fd->hpdf) {
        /* every face was opened by HarfBuzz already, so libharu failing here
         * is an unusual font: fall back to the body face rather than crash */
        err_list ignore = ERR_LIST_INIT;
        if (!load_hpdf(f->doc, fd, &ignore))
            fd->hpdf = f->faces[FACE_BODY].hpdf;
        err_list_free(&ignore);
    }
    return fd->hpdf;
}

bool pdf_has_glyph(const pdf_fonts *f, pdf_face face, uint32_t cp)
{
    hb_codepoint_t g;
    return f->faces[face].font && hb_font_get_nominal_glyph(f->faces[face].font, cp, &g);
}

/* Shapes text in one face with kerning on and ligatures off (so glyphs map
 * one to one onto characters, as libharu draws them). */
static hb_buffer_t *shape(const face_data *fd, const char *text, size_t len)
{
    static const hb_feature_t features[] = {{HB_TAG('k', 'e', 'r', 'n'), 1, 0, (unsigned)-1},
                                            {HB_TAG('l', 'i', 'g', 'a'), 0, 0, (unsigned)-1},
                                            {HB_TAG('c', 'l', 'i', 'g'), 0, 0, (unsigned)-1},
                                            {HB_TAG('c', 'a', 'l', 't'), 0, 0, (unsigned)-1},
                                            {HB_TAG('d', 'l', 'i', 'g'), 0, 0, (unsigned)-1}};
    hb_buffer_t *b = hb_buffer_create();
    hb_buffer_add_utf8(b, text, (int)len, 0, (int)len);
    hb_buffer_set_direction(b, HB_DIRECTION_LTR);
    hb_buffer_set_script(b, HB_SCRIPT_LATIN);
    hb_buffer_set_language(b, hb_language_from_string("en", -1));
    hb_shape(fd->font, b, features, sizeof features / sizeof *features);
    return b;
}

/* Length of the leading stretch of text that face has (own = true) or lacks. */
static size_t coverage_run(const face_data *fd, const char *text, size_t len, bool *own)
{
    size_t i = 0, n;
    hb_codepoint_t g;
    uint32_t cp = utf8_next(text, len, &n);
    *own = hb_font_get_nominal_glyph(fd->font, cp, &g);
    i = n;
    while (i < len) {
        cp = utf8_next(text + i, len - i, &n);
        if (hb_font_get_nominal_glyph(fd->font, cp, &g) != *own)
            break;
        i += n;
    }
    return i;
}

static double shaped_width(const face_data *fd, const char *text, size_t len)
{
    hb_buffer_t *b = shape(fd, text, len);
    unsigned n;
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
    double w = 0;
    for (unsigned i = 0; i < n; i++)
        w += pos[i].x_advance;
    hb_buffer_destroy(b);
    return w / fd->upem;
}

double pdf_text_width(const pdf_fonts *f, pdf_face face, double size, const char *text, size_t len)
{
    double w = 0;
    size_t i = 0;
    while (i < len) {
        bool own;
        size_t n = coverage_run(&f->faces[face], text + i, len - i, &own);
        w += shaped_width(own ? &f->faces[face] : &f->faces[FACE_FALLBACK], text + i, n);
        i += n;
    }
    return w * size;
}

double pdf_kern_segments(const pdf_fonts *f, pdf_face face, double size, const char *text,
                         size_t len, pdf_segment_fn fn, void *ctx)
{
    const face_data *fd = &f->faces[face];
    hb_buffer_t *b = shape(fd, text, len);
    unsigned n;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, &n);
    double pen = 0, seg_x = 0;
    size_t seg_start = 0;
    for (unsigned i = 0; i < n; i++) {
        double plain = hb_font_get_glyph_h_advance(fd->font, info[i].codepoint);
        pen += pos[i].x_advance;
        bool kerned = pos[i].x_advance != plain || pos[i].x_offset != 0;
        if (kerned && i + 1 < n) {
            size_t end = info[i + 1].cluster;
            fn(ctx, text + seg_start, end - seg_start, seg_x * size / fd->upem);
            seg_start = end;
            seg_x = pen;
        }
    }
    if (seg_start < len)
        fn(ctx, text + seg_start, len - seg_start, seg_x * size / fd->upem);
    hb_buffer_destroy(b);
    return pen * size / fd->upem;
}

double pdf_ascent(const pdf_fonts *f, pdf_face face, double size)
{
    return f->faces[face].ascent * size;
}

double pdf_descent(const pdf_fonts *f, pdf_face face, double size)
{
    return f->faces[face].descent * size;
}
