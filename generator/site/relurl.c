/* relurl.c - root-relative URLs made relative to the page, for a site opened from disk. */
#include "site/relurl.h"

#include <string.h>

/* When html[i] is the '=' of href="/...", src="/..." or action="/..." (a
 * root-relative URL, not "//host"), the index of the URL's leading "/"; else 0. */
static size_t url_attr_at(const char *html, size_t len, size_t i)
{
    static const char *const names[] = {"href", "src", "action"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        size_t n = strlen(names[k]);
        if (i >= n + 1 && memcmp(html + i - n, names[k], n) == 0 &&
            (html[i - n - 1] == ' ' || html[i - n - 1] == '\n' || html[i - n - 1] == '\t') &&
            i + 2 < len && (html[i + 1] == '"' || html[i + 1] == '\'') && html[i + 2] == '/' &&
            (i + 3 >= len || html[i + 3] != '/'))
            return i + 2; /* the URL's first byte, its leading "/" */
    }
    return 0;
}

void html_relative_urls(const char *html, size_t len, const char *out_path, buf *out)
{
    /* "docs/first/index.html" is two folders down: its URLs start with "../../" */
    size_t depth = 0;
    for (const char *p = out_path; *p; p++)
        depth += *p == '/';
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        size_t at = html[i] == '=' ? url_attr_at(html, len, i) : 0;
        if (!at)
            continue;
        char quote = html[i + 1];
        const char *end = memchr(html + at, quote, len - at);
        if (!end)
            break;
        buf_put(out, html + from, at - from);
        size_t n = (size_t)(end - html) - at - 1; /* the URL without its "/" */
        const char *url = html + at + 1;
        size_t path_len = strcspn(url, "?#\"'");
        path_len = path_len < n ? path_len : n;
        for (size_t d = 0; d < depth; d++)
            buf_puts(out, "../");
        buf_put(out, url, path_len);
        /* a folder's page: file:// shows no index.html by itself */
        if (path_len == 0 || url[path_len - 1] == '/')
            buf_puts(out, "index.html");
        buf_put(out, url + path_len, n - path_len);
        from = (size_t)(end - html);
        i = from;
    }
    buf_put(out, html + from, len - from);
}
