/* page.c - a page's Markdown: parsed when a stage first needs it (site_page_parse),
 * relative links to pages and files resolved to site URLs, directives checked
 * against the data tables, and released after rendering. */
#include "core/content.h"
#include "core/chart.h"
#include "core/i18n.h"
#include "core/markdown.h"
#include "core/translate.h"
#include "core/url.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct link_ctx {
    site *s;
    page *p;
} link_ctx;

/* Resolves a relative link to a .md file into that page's URL; in a translation, a link to a
 * page leads to the page's translation in the same language when it has one
 * (translate_link_url, translate_to). */
static int resolve_link(void *vctx, const char *url, int line, int col, char **repl, err_list *errs)
{
    link_ctx *c = vctx;
    buf path = BUF_INIT;
    int rc = 0;
    if (!url[0] || url[0] == '#' || url_is_external(url))
        goto out;
    if (c->p->lang && (*repl = translate_link_url(c->s, c->p, url)) != NULL)
        goto out;
    if (url[0] == '/')
        goto out;
    const char *hash = strchr(url, '#');
    size_t pathlen = strcspn(url, "?#");
    bool md = pathlen >= 3 && strncmp(url + pathlen - 3, ".md", 3) == 0;
    /* besides .md pages, only file names with an extension are resolved here:
     * "img/chart.png"; URL paths like "../guide/" are left to the link check */
    const char *last = url;
    for (const char *q = url; q < url + pathlen; q++)
        if (*q == '/')
            last = q + 1;
    const char *dot = memchr(last, '.', (size_t)(url + pathlen - last));
    if (!md && (!dot || pathlen == 0 || url[pathlen - 1] == '/'))
        goto out;
    /* join with the page's folder, folding "." and ".." */
    const char *src_slash = strrchr(c->p->src, '/');
    if (src_slash)
        buf_put(&path, c->p->src, (size_t)(src_slash - c->p->src));
    const char *q = url, *end = url + pathlen;
    while (q < end) {
        const char *sl = memchr(q, '/', (size_t)(end - q));
        size_t n = sl ? (size_t)(sl - q) : (size_t)(end - q);
        if (n == 2 && strncmp(q, "..", 2) == 0) {
            if (!path.len) {
                err_add(errs, c->p->file, line, col, "link '%s' points outside content/", url);
                rc = -1;
                goto out;
            }
            char *slash = strrchr(path.data, '/');
            buf_truncate(&path, slash ? (size_t)(slash - path.data) : 0);
        } else if (n && !(n == 1 && *q == '.')) {
            if (path.len)
                buf_putc(&path, '/');
            buf_put(&path, q, n);
        }
        q += n + 1;
    }
    if (!md) {
        /* a file beside the page (an image, a download): it is copied to the
         * same path under the site, so point at it from the site root */
        char *rel = fs_join("content", buf_cstr(&path));
        char *full = fs_join(c->s->dir, rel);
        if (fs_is_file(full)) {
            *repl = xasprintf("/%s%s", buf_cstr(&path), url + pathlen);
        } else {
            err_add(errs, c->p->file, line, col, "link to '%s': no such file (%s)", url, rel);
            rc = -1;
        }
        free(rel);
        free(full);
        goto out;
    }
    page *target = site_page_by_src(c->s, buf_cstr(&path));
    if (!target) {
        err_add(errs, c->p->file, line, col, "link to '%s': no such page (content/%s)", url,
                buf_cstr(&path));
        rc = -1;
        goto out;
    }
    *repl = xasprintf("%s%s", translate_to(target, c->p->lang)->url, hash ? hash : "");
out:
    buf_free(&path);
    return rc;
}

/* Every table and chart directive names a table; chart options are checked
 * here, once. 0 or -1 with errors. */
static int check_directives(const site *s, const page *p, err_list *errs)
{
    size_t nd;
    const md_directive *dirs = md_directives(p->doc, &nd);
    int rc = 0;
    for (size_t k = 0; k < nd; k++) {
        const dtable *t = dirs[k].kind == MD_DIR_FAQ ? NULL : site_table(s, dirs[k].name);
        chart *c = NULL;
        if (dirs[k].kind != MD_DIR_FAQ && !t) {
            err_add(errs, p->file, dirs[k].line, dirs[k].col,
                    "unknown data table '%s' (no table in content/data/%s.yaml)", dirs[k].name,
                    dirs[k].name);
            rc = -1;
        } else if (dirs[k].kind == MD_DIR_CHART &&
                   !(c = chart_new(t, dirs[k].body, p->file, dirs[k].line + 1, errs))) {
            rc = -1;
        }
        chart_free(c);
    }
    return rc;
}

/* Reads the text of a page restored from the build cache (p->raw_hash set, raw not read): the
 * file must still be what the record was made from. 0, or -1 with an error. */
static int read_kept(page *p, err_list *errs)
{
    size_t len = 0;
    char *text = fs_read(p->file, &len, errs);
    if (!text)
        return -1;
    if (strmap_hash(text, len) != p->raw_hash || p->body_off + p->body_len != len) {
        err_add(errs, p->file, 0, 0,
                "the file changed while the site was being built: build again");
        free(text);
        return -1;
    }
    p->raw = text;
    p->body = text + p->body_off;
    p->raw_hash = 0;
    return 0;
}

int site_page_parse(const site *s, page *p, err_list *errs)
{
    int rc = 0;
    if (p->doc)
        goto out;
    if (p->raw_hash && read_kept(p, errs) != 0) {
        rc = -1;
        goto out;
    }
    p->doc = md_parse(p->body, p->body_len, p->file, p->body_line, s->data, s->unsafe_html, errs);
    p->summary = "";
    if (!p->doc) {
        rc = -1;
        goto out;
    }
    md_set_highlight(p->doc, s->hl);
    if (s->i18n) /* the page's language, else the site's */
        md_set_words(
            p->doc,
            i18n_lang_for(s->i18n, p->language[0]
                                       ? p->language
                                       : val_str_or(val_map_get(s->config, "language"), "en")));
    link_ctx lc = {(site *)s, p};
    rc |= md_rewrite_links(p->doc, resolve_link, &lc, errs);
    rc |= check_directives(s, p, errs);
    size_t nh;
    const md_heading *hs = md_headings(p->doc, &nh);
    /* page-owned copies: the site arena is not thread safe */
    p->toc = xcalloc(nh ? nh : 1, sizeof *p->toc);
    p->ntoc = nh;
    for (size_t k = 0; k < nh; k++) {
        p->toc[k].level = hs[k].level;
        p->toc[k].id = hs[k].id;
        p->toc[k].text = hs[k].text;
        p->toc[k].line = hs[k].line;
    }
    buf sum = BUF_INIT;
    md_first_paragraph(p->doc, &sum);
    p->summary = sum.len ? buf_detach(&sum) : ""; /* "" is static; release frees only real text */
    buf_free(&sum);
out:
    return rc;
}

void site_page_release(page *p)
{
    md_free(p->doc);
    p->doc = NULL;
    free(p->toc);
    p->toc = NULL;
    p->ntoc = 0;
    if (p->summary && p->summary[0])
        free((char *)p->summary);
    p->summary = NULL;
}
