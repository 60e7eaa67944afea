/* output.c - the website's files: writing with the cache's record, staging for
 * incremental builds, content files and assets, and the swap into OUT_DIR/site. */
#define _GNU_SOURCE
#include "site/internal.h"
#include "core/theme.h"
#include "util/fsutil.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "FILE:L:C: " or "" for a message naming another owner. */
static void owner_where(const out_owner *o, buf *out)
{
    if (o->file && o->line)
        buf_printf(out, " (%s:%d:%d)", o->file, o->line, o->col);
    else if (o->file)
        buf_printf(out, " (%s)", o->file);
}

/* Reports that `late` would write what `early` writes, at the position of
 * the later one, unless only the earlier has a line to point at (an alias in
 * front matter rather than a whole file) or the later has no source at all
 * (imprint's own files). */
static void owner_clash(const out_owner *early, const out_owner *late, const char *rel,
                        const char *how, err_list *errs)
{
    bool at_late = late->file && (late->line || !early->line);
    const out_owner *at = at_late ? late : early, *other = at_late ? early : late;
    buf where = BUF_INIT;
    owner_where(other, &where);
    err_add(errs, at->file, at->line, at->col, "%s would write site/%s, %s %s%s", at->what, rel,
            how, other->what, buf_cstr(&where));
    buf_free(&where);
}

int site_out_claim(build *b, const char *rel, const out_owner *who, err_list *errs)
{
    size_t i = (size_t)strmap_get(&b->owner_index, rel);
    int rc = 0;
    if (i) {
        owner_clash(b->owners[i - 1], who, rel, "which is also written by", errs);
        rc = -1;
        goto out;
    }
    if (b->nowners == b->capowners) {
        b->capowners = b->capowners ? b->capowners * 2 : 256;
        b->owners = xrealloc(b->owners, b->capowners * sizeof *b->owners);
    }
    out_owner *o = xmalloc(sizeof *o);
    o->path = xstrdup(rel);
    o->what = xstrdup(who->what);
    o->file = who->file ? xstrdup(who->file) : NULL;
    o->line = who->line;
    o->col = who->col;
    b->owners[b->nowners++] = o;
    strmap_put(&b->owner_index, o->path, (void *)b->nowners);
out:
    return rc;
}

int site_out_check_folders(build *b, err_list *errs)
{
    int rc = 0;
    for (size_t i = 0; i < b->nowners; i++) {
        const out_owner *o = b->owners[i];
        char *p = xstrdup(o->path);
        for (char *slash = strchr(p, '/'); slash; slash = strchr(slash + 1, '/')) {
            *slash = '\0';
            size_t k = (size_t)strmap_get(&b->owner_index, p);
            if (k) {
                owner_clash(b->owners[k - 1], o, o->path, "a folder where there is a file of",
                            errs);
                rc = -1;
            }
            *slash = '/';
        }
        free(p);
    }
    return rc;
}

void site_out_owners_free(build *b)
{
    for (size_t i = 0; i < b->nowners; i++) {
        free(b->owners[i]->path);
        free((char *)b->owners[i]->what);
        free((char *)b->owners[i]->file);
        free(b->owners[i]);
    }
    free(b->owners);
    strmap_free(&b->owner_index);
}

/* Adds a written (or kept) file to this build's record; b->lock held. */
void site_out_record(build *b, const char *rel, uint64_t h)
{
    if (b->cache->nouts == b->outs_cap) {
        b->outs_cap = b->outs_cap ? b->outs_cap * 2 : 256;
        b->cache->out_paths = xrealloc(b->cache->out_paths, b->outs_cap * sizeof(char *));
        b->cache->out_hashes = xrealloc(b->cache->out_hashes, b->outs_cap * sizeof(uint64_t));
    }
    b->cache->out_paths[b->cache->nouts] = xstrdup(rel);
    b->cache->out_hashes[b->cache->nouts++] = h;
}

/* Writes one output file (any thread): records its hash for the cache and,
 * in an incremental build, skips it when unchanged or stages it otherwise. */
int site_out_put(build *b, const char *rel, const out_owner *who, const char *data, size_t len,
                 err_list *errs)
{
    uint64_t h = strmap_hash(data, len), prev;
    bool same = b->old && cache_output_hash(b->old, rel, &prev) && prev == h;
    char *path = NULL;
    int rc = 0;
    pthread_mutex_lock(&b->lock);
    if (who && site_out_claim(b, rel, who, errs) != 0) {
        pthread_mutex_unlock(&b->lock);
        return -1;
    }
    if (b->cache)
        site_out_record(b, rel, h);
    if (b->o->write && !(b->incremental && same)) {
        if (b->incremental) {
            if (b->nstaged == b->capstaged) {
                b->capstaged = b->capstaged ? b->capstaged * 2 : 64;
                b->staged = xrealloc(b->staged, b->capstaged * sizeof *b->staged);
            }
            path = xasprintf("%s/%zu", b->root, b->nstaged);
            b->staged[b->nstaged++] = xstrdup(rel);
        } else
            path = fs_join(b->root, rel);
        b->written++;
    }
    pthread_mutex_unlock(&b->lock);
    if (path)
        rc = fs_write_direct(path, data, len,
                             errs); /* staged or in the new tree: swapped in at the end */
    free(path);
    return rc;
}

int site_out_keep(build *b, const char *rel, const out_owner *who, err_list *errs)
{
    uint64_t h = 0;
    cache_output_hash(b->old, rel, &h);
    link_index_add(b->links, rel, NULL, 0, rel, NULL, 0);
    b->files++;
    if (site_out_claim(b, rel, who, errs) != 0)
        return -1;
    if (b->cache)
        site_out_record(b, rel, h);
    return 0;
}

int site_out_emit(build *b, const char *rel, const out_owner *who, const char *data, size_t len,
                  bool html, const char *source, const char *source_text, int line0, err_list *errs)
{
    link_index_add(b->links, rel, html ? data : NULL, len, source, source_text, line0);
    b->files++;
    return site_out_put(b, rel, who, data, len, errs);
}

/* Copies the files that sit beside the pages in content/ (images,
 * downloads) to the same paths in the site; pages, site.yaml and the data
 * and profile folders are sources, not outputs. */
int site_out_copy_content(build *b, err_list *errs)
{
    char *dir = fs_join(b->s->dir, "content");
    fs_list files = {0};
    int rc = fs_walk(dir, &files, errs);
    for (size_t i = 0; rc == 0 && i < files.len; i++) {
        const char *rel = files.paths[i];
        size_t n = strlen(rel);
        if ((n > 3 && strcmp(rel + n - 3, ".md") == 0) || strcmp(rel, "site.yaml") == 0 ||
            strncmp(rel, "data/", 5) == 0 || strncmp(rel, "profiles/", 9) == 0)
            continue;
        char *src = fs_join(dir, rel);
        size_t len = 0;
        char *data = fs_read(src, &len, errs);
        out_owner who = {.what = "the file", .file = src};
        if (!data || site_out_emit(b, rel, &who, data, len, false, src, NULL, 0, errs) != 0)
            rc = -1;
        free(data);
        free(src);
    }
    fs_list_free(&files);
    free(dir);
    return rc;
}

/* Copies assets/ (the theme's, with the site's own files over them),
 * fingerprinting CSS file names, and fills the `assets` map (key: the file
 * name with '.' as '_', "site_css"). */
int site_out_copy_assets(build *b, err_list *errs)
{
    arena *a = b->s->arena;
    fs_list files = {0}, srcs = {0};
    int rc = 0;
    b->assets = val_map(a);
    if (theme_walk(b->s->dir, b->s->theme_dir, "assets", &files, &srcs, errs) != 0) {
        rc = -1;
        goto out;
    }
    for (size_t i = 0; i < files.len; i++) {
        const char *rel = files.paths[i], *src = srcs.paths[i];
        size_t len = 0;
        char *data = fs_read(src, &len, errs);
        if (!data) {
            rc = -1;
            continue;
        }
        const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
        const char *dot = strrchr(base, '.');
        if ((dot && (strcmp(dot, ".ttf") == 0 || strcmp(dot, ".otf") == 0)) ||
            strncmp(rel, "fonts/", 6) == 0 || strncmp(rel, "readme/", 7) == 0) {
            /* TrueType/OpenType files, and fonts/ with their licences, are the
             * PDF's fonts, not web fonts; readme/ holds the README's pictures */
            free(data);
            continue;
        }
        char *out_rel;
        if (dot && strcmp(dot, ".css") == 0)
            out_rel = xasprintf("assets/%.*s.%08llx%s", (int)(dot - rel), rel,
                                (unsigned long long)(strmap_hash(data, len) & 0xffffffffULL), dot);
        else
            out_rel = xasprintf("assets/%s", rel);
        char *key = xstrdup(base);
        for (char *k = key; *k; k++)
            if (*k == '.' || *k == '-')
                *k = '_';
        val_map_set(a, b->assets, key, val_str_own(a, arena_printf(a, "/%s", out_rel)));
        out_owner who = {.what = "the asset", .file = src};
        if (site_out_emit(b, out_rel, &who, data, len, false, src, NULL, 0, errs) != 0)
            rc = -1;
        free(key);
        free(out_rel);
        free(data);
    }
out:
    fs_list_free(&files);
    fs_list_free(&srcs);
    return rc;
}

int site_out_apply_staged(build *b, err_list *errs)
{
    strmap now = STRMAP_INIT;
    for (size_t i = 0; i < b->nstaged; i++) {
        char *from = xasprintf("%s/%zu", STAGED_FILES, i), *to = fs_join("site", b->staged[i]);
        journal_move(b->o->journal, from, to);
        free(from);
        free(to);
    }
    for (size_t i = 0; i < b->cache->nouts; i++)
        strmap_put(&now, b->cache->out_paths[i], (void *)1);
    for (size_t i = 0; i < b->old->nouts; i++)
        if (!strmap_get(&now, b->old->out_paths[i])) {
            char *gone = fs_join("site", b->old->out_paths[i]);
            journal_remove(b->o->journal, gone);
            free(gone);
        }
    strmap_free(&now);
    return 0;
}

int site_out_swap_in(build *b, err_list *errs)
{
    journal_swap(b->o->journal, STAGED_TREE, "site");
    return 0;
}
