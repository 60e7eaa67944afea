/* whitepaper.c - the site's pages as one PDF document: chapters, cover, file name. */
#include "build/whitepaper.h"
#include "core/content.h"
#include "core/date.h"
#include "pdf/pdf.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Checks pdf.name and returns OUT_DIR/NAME.pdf (malloc'd), or NULL with an
 * error at cfg (site.yaml). */
static char *output_path(const site *s, const char *cfg, const char *out_dir, err_list *errs)
{
    const value *pdf = val_map_get(s->config, "pdf");
    const char *name = val_str_or(val_map_get(pdf, "name"),
                                  val_str_or(val_map_get(s->config, "pdf_name"), "document"));
    bool safe = name[0] && name[0] != '.';
    for (const char *q = name; *q && safe; q++)
        safe = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
               *q == '-' || *q == '_' || *q == '.';
    if (!safe) {
        err_add(errs, cfg, 0, 0,
                "pdf.name '%s' must be a file name of letters, digits, '-', '_' and '.'", name);
        return NULL;
    }
    return xasprintf("%s/%s.pdf", out_dir, name);
}

/* Appends p to ch[*n] unless it is a section with no text of its own.
 * Returns 0, or -1 with its parse errors. */
static int add_chapter(const site *s, page *p, pdf_chapter *ch, size_t *n, err_list *errs)
{
    if (site_page_parse(s, p, errs) != 0)
        return -1;
    if (p->kind != PAGE_PAGE && !cmark_node_first_child(md_doc_root(p->doc)))
        return 0;
    const char *slash = strrchr(p->file, '/');
    ch[*n] = (pdf_chapter){
        .title = p->title,
        .url = p->url,
        .doc = p->doc,
        .dir = slash ? arena_strndup(s->arena, p->file, (size_t)(slash - p->file)) : ".",
    };
    (*n)++;
    return 0;
}

/* Fills ch (room for s->npages) with the pages that become chapters and sets
 * *n: every page but the home page, or the home page alone when no other
 * page has text (a one-page site). Returns 0, or -1 with the errors of every
 * page that failed to parse. */
static int chapters(const site *s, pdf_chapter *ch, size_t *n, err_list *errs)
{
    int rc = 0;
    *n = 0;
    for (size_t i = 0; i < s->npages; i++)
        if (s->pages[i]->kind != PAGE_HOME && add_chapter(s, s->pages[i], ch, n, errs) != 0)
            rc = -1;
    if (rc == 0 && *n == 0 && s->home && !s->home->implicit)
        rc = add_chapter(s, s->home, ch, n, errs);
    return rc;
}

int whitepaper_render(const site *s, const char *out_dir, buf *out, char **path, err_list *errs)
{
    int rc = -1;
    buf ymd = BUF_INIT, date = BUF_INIT, keywords = BUF_INIT;
    pdf_chapter *ch = xcalloc(s->npages + 1, sizeof *ch);
    size_t n = 0;
    const value *pdf = val_map_get(s->config, "pdf");
    char *cfg = fs_join(s->dir, "content/site.yaml");
    char *file = output_path(s, cfg, out_dir, errs);
    if (!file || chapters(s, ch, &n, errs) != 0)
        goto out;
    const value *kw = val_map_get(pdf, "keywords");
    for (size_t i = 0; kw && kw->type == VAL_LIST && i < kw->u.list.len; i++)
        buf_printf(&keywords, "%s%s", i ? ", " : "", val_str_or(kw->u.list.items[i], ""));
    date_format_ymd(s->build_time, &ymd);
    date_format_display(buf_cstr(&ymd), &date);
    pdf_meta meta = {
        .title = s->home ? s->home->title : val_str_or(val_map_get(s->config, "title"), ""),
        .subtitle = s->home && s->home->description[0]
                        ? s->home->description
                        : val_str_or(val_map_get(s->config, "description"), ""),
        .kicker = val_str_or(val_map_get(pdf, "kicker"), "WHITEPAPER"),
        .author = val_str_or(val_map_get(s->config, "author"), ""),
        .publisher = val_str_or(val_map_get(s->config, "publisher"), ""),
        .keywords = buf_cstr(&keywords),
        .date = buf_cstr(&date),
    };
    pdf_settings set = {
        .config = s->config,
        .palette = &s->palette,
        .dir = s->dir,
        .theme_dir = s->theme_dir,
        .config_file = cfg,
        .base_url = s->base_url,
        .date = s->build_time,
        .tables = site_table_lookup,
        .tables_ctx = (void *)s,
    };
    if (pdf_render(&set, &meta, ch, n, out, errs) != 0)
        goto out;
    *path = file;
    file = NULL;
    rc = 0;
out:
    free(file);
    free(cfg);
    free(ch);
    buf_free(&ymd);
    buf_free(&date);
    buf_free(&keywords);
    return rc;
}
