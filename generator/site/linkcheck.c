/* linkcheck.c - scans built HTML for id/href/src attributes and checks internal links.
 *
 * The scanner is deliberately small: it reads the attribute values imprint's
 * own renderer and layouts write (double-quoted, entities limited to &amp;),
 * which is all a generated site contains. */
#include "site/linkcheck.h"
#include "core/url.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/strmap.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct file_entry {
    char *path;
    char *source;
    char *source_text;
    int line0;
    char **ids;
    size_t nids, capids;
    strmap id_index; /* id -> 1, made by the check when a link first asks this file */
    bool indexed;    /* id_index is made */
    char **links;    /* href and src values */
    size_t nlinks, caplinks;
    bool borrowed; /* ids and links belong to the caller (link_index_set_lists) */
    bool trusted;  /* its links are not checked (link_index_trust) */
} file_entry;

struct link_index {
    file_entry *files;
    size_t len, cap;
    strmap by_path; /* path -> entry index + 1, built by the check */
};

link_index *link_index_new(void)
{
    return xcalloc(1, sizeof(link_index));
}

void link_index_free(link_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->len; i++) {
        file_entry *f = &ix->files[i];
        free(f->path);
        free(f->source);
        free(f->source_text);
        strmap_free(&f->id_index);
        if (f->borrowed)
            continue;
        for (size_t k = 0; k < f->nids; k++)
            free(f->ids[k]);
        for (size_t k = 0; k < f->nlinks; k++)
            free(f->links[k]);
        free(f->ids);
        free(f->links);
    }
    strmap_free(&ix->by_path);
    free(ix->files);
    free(ix);
}

static char *attr_value(const char *p, const char *end)
{
    buf v = BUF_INIT;
    const char *q = p;
    while (q < end && *q != '"') {
        if (strncmp(q, "&amp;", 5) == 0) {
            buf_putc(&v, '&');
            q += 5;
        } else
            buf_putc(&v, *q++);
    }
    return buf_detach(&v);
}

static void fill(file_entry *f, const char *path, const char *html, size_t len, const char *source,
                 const char *source_text, int line0)
{
    memset(f, 0, sizeof *f);
    f->path = xstrdup(path);
    f->source = xstrdup(source ? source : path);
    f->source_text = source_text ? xstrdup(source_text) : NULL;
    f->line0 = line0 > 0 ? line0 : 1;
    if (!html)
        return;
    const char *end = html + len;
    for (const char *p = html; p < end; p++) {
        if (*p != ' ' && *p != '\n' && *p != '\t')
            continue;
        const char *a = p + 1;
        int kind = 0;
        if (a >= end || (*a != 'i' && *a != 'h' && *a != 's'))
            continue; /* most spaces start no attribute we want */
        if ((size_t)(end - a) > 4 && strncmp(a, "id=\"", 4) == 0)
            kind = 1, a += 4;
        else if ((size_t)(end - a) > 6 && strncmp(a, "href=\"", 6) == 0)
            kind = 2, a += 6;
        else if ((size_t)(end - a) > 5 && strncmp(a, "src=\"", 5) == 0)
            kind = 2, a += 5;
        if (!kind)
            continue;
        char *v = attr_value(a, end);
        if (kind == 1) {
            if (f->nids == f->capids) {
                f->capids = f->capids ? f->capids * 2 : 32;
                f->ids = xrealloc(f->ids, f->capids * sizeof *f->ids);
            }
            f->ids[f->nids++] = v;
        } else {
            if (f->nlinks == f->caplinks) {
                f->caplinks = f->caplinks ? f->caplinks * 2 : 32;
                f->links = xrealloc(f->links, f->caplinks * sizeof *f->links);
            }
            f->links[f->nlinks++] = v;
        }
    }
}

size_t link_index_reserve(link_index *ix, size_t n)
{
    if (ix->len + n > ix->cap) {
        while (ix->len + n > ix->cap)
            ix->cap = ix->cap ? ix->cap * 2 : 64;
        ix->files = xrealloc(ix->files, ix->cap * sizeof *ix->files);
    }
    memset(ix->files + ix->len, 0, n * sizeof *ix->files);
    size_t first = ix->len;
    ix->len += n;
    return first;
}

void link_index_set(link_index *ix, size_t slot, const char *path, const char *html, size_t len,
                    const char *source, const char *source_text, int line0)
{
    fill(&ix->files[slot], path, html, len, source, source_text, line0);
}

void link_index_set_lists(link_index *ix, size_t slot, const char *path, const char *source,
                          char *const *ids, size_t nids, char *const *links, size_t nlinks)
{
    file_entry *f = &ix->files[slot];
    fill(f, path, NULL, 0, source, NULL, 0);
    f->borrowed = true;
    f->ids = (char **)ids; /* never written through: the index only reads borrowed lists */
    f->nids = nids;
    f->links = (char **)links;
    f->nlinks = nlinks;
}

void link_index_lists(const link_index *ix, size_t slot, char *const **ids, size_t *nids,
                      char *const **links, size_t *nlinks)
{
    const file_entry *f = &ix->files[slot];
    *ids = f->ids;
    *nids = f->nids;
    *links = f->links;
    *nlinks = f->nlinks;
}

void link_index_trust(link_index *ix, size_t slot)
{
    ix->files[slot].trusted = true;
}

void link_index_add(link_index *ix, const char *path, const char *html, size_t len,
                    const char *source, const char *source_text, int line0)
{
    size_t slot = link_index_reserve(ix, 1);
    fill(&ix->files[slot], path, html, len, source, source_text, line0);
}

static const file_entry *find(const link_index *ix, const char *path)
{
    size_t i = (size_t)strmap_get(&ix->by_path, path);
    return i ? &ix->files[i - 1] : NULL;
}

/* Resolves href against the folder of `from` into a site path; "" on escape. */
static void resolve(const char *from, const char *href, size_t n, buf *out)
{
    buf_reset(out);
    if (href[0] != '/') {
        const char *slash = strrchr(from, '/');
        if (slash)
            buf_put(out, from, (size_t)(slash - from));
    }
    const char *p = href, *end = href + n;
    while (p < end) {
        const char *sl = memchr(p, '/', (size_t)(end - p));
        size_t k = sl ? (size_t)(sl - p) : (size_t)(end - p);
        if (k == 2 && strncmp(p, "..", 2) == 0) {
            char *s = out->len ? strrchr(out->data, '/') : NULL;
            buf_truncate(out, s ? (size_t)(s - out->data) : 0);
        } else if (k && !(k == 1 && *p == '.')) {
            if (out->len)
                buf_putc(out, '/');
            buf_put(out, p, k);
        }
        p += k + 1;
    }
    if (n == 0 || href[n - 1] == '/') {
        if (out->len)
            buf_putc(out, '/');
        buf_puts(out, "index.html");
    }
}

/* Finds where links are written in a page's source, in one pass over it: links
 * come in document order, so each search starts where the last one ended (and
 * from the top only when an href is not found after it). */
typedef struct locator {
    const char *text; /* the source, or NULL (no positions) */
    const char *at;   /* just after where the last found href began */
    const char *bol;  /* the start of its line */
    int line;         /* its line number in text */
} locator;

static void locate(locator *lc, const char *needle, int *line, int *col)
{
    *line = *col = 0;
    if (!lc->text)
        return;
    const char *hit = strstr(lc->at, needle);
    if (!hit) { /* out of order: search again from the top */
        lc->at = lc->bol = lc->text;
        lc->line = 1;
        hit = strstr(lc->text, needle);
    }
    if (!hit)
        return;
    for (const char *p = lc->at; p < hit; p++)
        if (*p == '\n')
            lc->line++, lc->bol = p + 1;
    lc->at = hit + 1; /* the same href again is the next one written */
    *line = lc->line;
    *col = (int)(hit - lc->bol) + 1;
}

/* Whether f has an element with that id: a hash lookup, so a page of 50,000
 * footnotes and their back-links is checked in linear time. */
static bool has_id(file_entry *f, const char *id)
{
    if (!f->indexed) {
        for (size_t q = 0; q < f->nids; q++)
            strmap_put(&f->id_index, f->ids[q], (void *)1);
        f->indexed = true;
    }
    return strmap_get(&f->id_index, id) != NULL;
}

/* The length of path as a URL names it: "docs/two/index.html" is "docs/two/". */
static size_t url_len(const char *path)
{
    size_t len = strlen(path);
    return len >= 10 && strcmp(path + len - 10, "index.html") == 0 ? len - 10 : len;
}

/* Every page of the index as a URL without its leading "/", for suggestions:
 * a malloc'd array of n malloc'd strings. */
static char **page_urls(const link_index *ix, size_t *n)
{
    char **urls = xcalloc(ix->len ? ix->len : 1, sizeof *urls);
    *n = 0;
    for (size_t i = 0; i < ix->len; i++)
        if (ix->files[i].path)
            urls[(*n)++] = xstrndup(ix->files[i].path, url_len(ix->files[i].path));
    return urls;
}

/* The page of urls[0..n) nearest to path, as a site URL ("/docs/two/"), into
 * out; or nothing when none is close. */
static void nearest_page(char *const *urls, size_t n, const char *path, buf *out)
{
    buf want = BUF_INIT;
    const char *last = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    buf_put(&want, path, url_len(path));
    if (*last && !strchr(last, '.'))
        buf_puts(&want, "/"); /* "docs/too" names a folder's page */
    const char *near = suggest_nearest(buf_cstr(&want), (const char *const *)urls, n);
    if (near)
        buf_printf(out, "/%s", near);
    buf_free(&want);
}

/* Broken links that get a "did you mean": past these, a site with thousands of
 * broken links is not slowed by comparing each with every page. */
#define MAX_SUGGESTIONS 200

size_t link_index_check(link_index *ix, bool warn, err_list *errs)
{
    size_t bad = 0;
    for (size_t i = 0; i < ix->len; i++)
        if (ix->files[i].path)
            strmap_put(&ix->by_path, ix->files[i].path, (void *)(i + 1));
    buf path = BUF_INIT, alt = BUF_INIT, near = BUF_INIT; /* near: the suggestion, if any */
    char **urls = NULL; /* the pages as URLs, made at the first broken link to a page */
    size_t nurls = 0;
    for (size_t i = 0; i < ix->len; i++) {
        const file_entry *f = &ix->files[i];
        locator lc = {0};
        char *reread = NULL; /* f's source, when it is read for positions */
        bool opened = false; /* lc is set up (at f's first broken link) */
        /* ids are looked up per link; a page's own ids are few, others' via their entry */
        for (size_t k = 0; k < f->nlinks && !f->trusted; k++) {
            const char *href = f->links[k];
            if (url_is_external(href))
                continue;
            const char *hash = strchr(href, '#');
            const char *query = strchr(href, '?');
            size_t n = strcspn(href, "?#");
            const file_entry *target = f;
            if (n > 0) {
                resolve(f->path, href, n, &path);
                target = find(ix, buf_cstr(&path));
                if (!target) {
                    buf_reset(&alt);
                    buf_printf(&alt, "%s/index.html", buf_cstr(&path));
                    target = find(ix, buf_cstr(&alt));
                }
            }
            const char *why = NULL;
            buf_reset(&near);
            if (!target) {
                why = "no such file in the built site";
                if (bad < MAX_SUGGESTIONS) { /* each compares with every page */
                    if (!urls)
                        urls = page_urls(ix, &nurls);
                    nearest_page(urls, nurls, buf_cstr(&path), &near);
                }
            } else if (hash && hash[1] && (!query || query > hash)) {
                /* an id of any script is written percent-encoded in the link ("#%C3%BC...") */
                char *frag = xstrdup(hash + 1);
                url_unescape(frag);
                if (!has_id((file_entry *)target, frag)) {
                    why = "no element with that id";
                    const char *id =
                        suggest_nearest(frag, (const char *const *)target->ids, target->nids);
                    if (id)
                        buf_printf(&near, "#%s", id);
                }
                free(frag);
            }
            if (!why)
                continue;
            int line, col;
            if (!opened) {
                opened = true;
                const char *text = f->source_text;
                if (!text) {
                    /* read again only now, once: a built site keeps no page text */
                    err_list ignore = ERR_LIST_INIT;
                    text = reread = fs_read(f->source, NULL, &ignore);
                    err_list_free(&ignore);
                }
                lc = (locator){text, text, text, 1};
            }
            locate(&lc, href, &line, &col);
            const char *second = href[0] == '/' ? strchr(href + 1, '/') : NULL;
            if (!line && second) /* a translation's link, written without its language's prefix
                                    ("/guide/x/" that leads to "/de/guide/x/", core/translate.h) */
                locate(&lc, second, &line, &col);
            if (!line && hash) /* a rewritten link ("other.md#x" became "/other/#x"): its anchor */
                locate(&lc, hash, &line, &col);
            if (line && f->source_text)
                line += f->line0 - 1;
            (warn ? err_warn : err_add)(
                errs, f->source, line, col, "broken link '%s' in /%s: %s%s%s%s", href, f->path, why,
                near.len ? "; did you mean '" : "", buf_cstr(&near), near.len ? "'?" : "");
            bad++;
        }
        free(reread);
    }
    for (size_t i = 0; i < nurls; i++)
        free(urls[i]);
    free(urls);
    buf_free(&path);
    buf_free(&alt);
    buf_free(&near);
    return bad;
}
