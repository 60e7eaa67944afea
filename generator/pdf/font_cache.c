/* font_cache.c - the font files and shaping results the documents of a batch share: each file
 * read and parsed once (HarfBuzz blob, face and immutable font, the tables the descriptor
 * needs), each text's shaping kept (pdf/font.h). One lock guards the cache; what it hands out
 * is read-only (a font_file) or copied (a result). */
#include "pdf/font.h"
#include "pdf/font_internal.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pdf_font_cache {
    pthread_mutex_t lock; /* guards everything below */
    font_file **files;    /* the files opened, by id */
    size_t nfiles, cap;
    shape_cache shaped; /* the results of every document */
};

static pthread_once_t hb_once = PTHREAD_ONCE_INIT;

/* HarfBuzz fills its language table lazily on first use; doing that once,
 * before documents are laid out on several threads, keeps it race-free. */
static void hb_warm_up(void)
{
    hb_language_from_string("en", -1);
}

pdf_font_cache *pdf_font_cache_new(void)
{
    pthread_once(&hb_once, hb_warm_up);
    pdf_font_cache *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

static void font_file_free(font_file *ff)
{
    if (!ff)
        return;
    free(ff->path);
    hb_font_destroy(ff->font);
    hb_face_destroy(ff->face);
    hb_blob_destroy(ff->blob);
    free(ff);
}

void pdf_font_cache_free(pdf_font_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nfiles; i++)
        font_file_free(c->files[i]);
    free(c->files);
    shape_cache_clear(&c->shaped);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* The big-endian unsigned field of size bytes at off in table tag of face;
 * 0 when the face has no such table or it is shorter. */
static uint32_t table_field(hb_face_t *face, hb_tag_t tag, unsigned off, unsigned size)
{
    hb_blob_t *b = hb_face_reference_table(face, tag);
    unsigned len;
    const char *p = hb_blob_get_data(b, &len);
    uint32_t v = 0;
    if (p && off + size <= len)
        for (unsigned i = 0; i < size; i++)
            v = v << 8 | (unsigned char)p[off + i];
    hb_blob_destroy(b);
    return v;
}

/* True when face has a non-empty table tag. */
static bool has_table(hb_face_t *face, hb_tag_t tag)
{
    hb_blob_t *b = hb_face_reference_table(face, tag);
    bool has = hb_blob_get_length(b) > 0;
    hb_blob_destroy(b);
    return has;
}

/* Reads what the font descriptor needs from the head, post and OS/2 tables.
 * Returns false with an error when the licence forbids embedding. */
static bool read_tables(font_file *ff, err_list *errs)
{
    static const hb_tag_t head = HB_TAG('h', 'e', 'a', 'd'), post = HB_TAG('p', 'o', 's', 't'),
                          os2 = HB_TAG('O', 'S', '/', '2');
    for (int i = 0; i < 4; i++)
        ff->bbox[i] = (int16_t)table_field(ff->face, head, 36 + 2 * (unsigned)i, 2);
    ff->italic = (int32_t)table_field(ff->face, post, 4, 4) / 65536.0;
    ff->fixed = table_field(ff->face, post, 12, 4) != 0;
    hb_blob_t *t = hb_face_reference_table(ff->face, os2);
    bool has_os2 = hb_blob_get_length(t) >= 64;
    hb_blob_destroy(t);
    ff->weight = has_os2 ? table_field(ff->face, os2, 4, 2) : 400;
    ff->italic_style = has_os2 && (table_field(ff->face, os2, 62, 2) & 1);
    unsigned fs_type = has_os2 ? table_field(ff->face, os2, 8, 2) : 0;
    /* fsType: 2 = restricted licence, 0x200 = bitmap embedding only */
    if ((fs_type & 0x000f) == 0x0002 || (fs_type & 0x0200)) {
        err_add(errs, ff->path, 0, 0, "the font's licence (OS/2 fsType) forbids embedding it");
        return false;
    }
    ff->whole = fs_type & 0x0100;
    return true;
}

/* Reads and parses the font file at path. Returns it, or NULL with an error. */
static font_file *font_file_load(const char *path, const char *config, err_list *errs)
{
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        err_add(errs, config, 0, 0, "font file %s cannot be read", path);
        return NULL;
    }
    fclose(probe);
    font_file *ff = xcalloc(1, sizeof *ff);
    ff->path = xstrdup(path);
    ff->blob = hb_blob_create_from_file(path);
    ff->face = hb_face_create(ff->blob, 0); /* a collection's first font */
    ff->upem = hb_face_get_upem(ff->face);
    ff->nglyphs = hb_face_get_glyph_count(ff->face);
    if (hb_blob_get_length(ff->blob) == 0 || ff->upem <= 0 || ff->nglyphs == 0) {
        err_add(errs, path, 0, 0, "not a TrueType or OpenType font");
        goto fail;
    }
    ff->cff = !has_table(ff->face, HB_TAG('g', 'l', 'y', 'f')) &&
              has_table(ff->face, HB_TAG('C', 'F', 'F', ' '));
    if (!ff->cff && !has_table(ff->face, HB_TAG('g', 'l', 'y', 'f'))) {
        err_add(errs, path, 0, 0,
                "the font has neither TrueType (glyf) nor CFF outlines (a variable CFF2 "
                "font cannot be embedded: use a static instance)");
        goto fail;
    }
    if (!read_tables(ff, errs))
        goto fail;
    ff->font = hb_font_create(ff->face);
    hb_font_set_scale(ff->font, (int)ff->upem, (int)ff->upem);
    hb_font_make_immutable(ff->font);
    hb_font_extents_t ext;
    hb_font_get_h_extents(ff->font, &ext);
    ff->ascent = ext.ascender / ff->upem;
    ff->descent = ext.descender / ff->upem;
    for (uint32_t cp = 0; cp < 256; cp++)
        if (hb_font_get_nominal_glyph(ff->font, cp, &ff->latin_gid[cp]))
            ff->latin_has[cp >> 3] |= (uint8_t)(1u << (cp & 7));
    return ff;
fail:
    font_file_free(ff);
    return NULL;
}

const font_file *font_cache_open(pdf_font_cache *c, const char *path, const char *config,
                                 err_list *errs)
{
    font_file *ff = NULL;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->nfiles && !ff; i++)
        if (strcmp(c->files[i]->path, path) == 0)
            ff = c->files[i];
    if (!ff && (ff = font_file_load(path, config, errs))) {
        if (c->nfiles == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 8;
            c->files = xrealloc(c->files, c->cap * sizeof *c->files);
        }
        ff->id = (uint32_t)c->nfiles;
        c->files[c->nfiles++] = ff;
    }
    pthread_mutex_unlock(&c->lock);
    return ff;
}

/* ---- shaping results ---- */

#define SHAPE_CACHE_MAX_SLOTS (1u << 20) /* then the cache stops growing */

uint64_t shape_cache_hash(uint32_t file, shape_kind kind, const char *text, size_t n)
{
    uint64_t h = strmap_hash(text, n) * 31 + ((uint64_t)file << 1 | (uint64_t)kind) + 1;
    return h ? h : 1;
}

/* Doubles c's slots (from 4096), the entries rehashed. */
static void shape_cache_grow(shape_cache *c)
{
    size_t cap = c->cap ? c->cap * 2 : 4096;
    shape_entry *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < c->cap; i++)
        if (c->slots[i].hash) {
            size_t k = c->slots[i].hash & (cap - 1);
            while (slots[k].hash)
                k = (k + 1) & (cap - 1);
            slots[k] = c->slots[i];
        }
    free(c->slots);
    c->slots = slots;
    c->cap = cap;
}

/* The slot of the entry for (h, file, kind, text), or the empty slot it would take. */
static size_t shape_slot(const shape_cache *c, uint64_t h, uint32_t file, shape_kind kind,
                         const char *text, size_t n)
{
    size_t k = h & (c->cap - 1);
    for (; c->slots[k].hash; k = (k + 1) & (c->cap - 1)) {
        const shape_entry *e = &c->slots[k];
        if (e->hash == h && e->file == file && e->kind == (uint32_t)kind && e->len == n &&
            memcmp(c->data.data + e->off, text, n) == 0)
            break;
    }
    return k;
}

const unsigned char *shape_cache_find(const shape_cache *c, uint64_t h, uint32_t file,
                                      shape_kind kind, const char *text, size_t n, size_t *rlen)
{
    if (!c->cap)
        return NULL;
    const shape_entry *e = &c->slots[shape_slot(c, h, file, kind, text, n)];
    if (!e->hash)
        return NULL;
    *rlen = e->rlen;
    return (const unsigned char *)c->data.data + e->off + e->len;
}

void shape_cache_add(shape_cache *c, uint64_t h, uint32_t file, shape_kind kind, const char *text,
                     size_t n, const void *r, size_t rlen)
{
    if (c->used * 10 >= c->cap * 7 && c->cap < SHAPE_CACHE_MAX_SLOTS)
        shape_cache_grow(c);
    if (c->used * 10 >= c->cap * 9)
        return; /* full: measured without keeping */
    size_t k = shape_slot(c, h, file, kind, text, n);
    if (c->slots[k].hash)
        return;
    c->slots[k] = (shape_entry){h, (uint32_t)c->data.len, (uint32_t)n, (uint32_t)rlen, file, kind};
    buf_put(&c->data, text, n);
    buf_put(&c->data, r, rlen);
    c->used++;
}

void shape_cache_clear(shape_cache *c)
{
    free(c->slots);
    buf_free(&c->data);
    *c = (shape_cache){0};
}

bool font_cache_shaped(pdf_font_cache *c, uint64_t h, uint32_t file, shape_kind kind,
                       const char *text, size_t n, buf *out)
{
    size_t rlen = 0;
    pthread_mutex_lock(&c->lock);
    const unsigned char *r = shape_cache_find(&c->shaped, h, file, kind, text, n, &rlen);
    if (r) {
        buf_reset(out);
        buf_put(out, r, rlen);
    }
    pthread_mutex_unlock(&c->lock);
    return r != NULL;
}

void font_cache_keep(pdf_font_cache *c, uint64_t h, uint32_t file, shape_kind kind,
                     const char *text, size_t n, const void *r, size_t rlen)
{
    pthread_mutex_lock(&c->lock);
    shape_cache_add(&c->shaped, h, file, kind, text, n, r, rlen);
    pthread_mutex_unlock(&c->lock);
}
