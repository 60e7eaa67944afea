/* path.c - request paths to files, content types, the reload script's tag. */
#include "serve/path.h"
#include "core/url.h"

#include "util/buf.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* True when the path (len bytes) has a "..", a NUL or a backslash. */
static bool escapes(const char *url, size_t len)
{
    if (memchr(url, '\0', len) || memchr(url, '\\', len))
        return true;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && url[j] != '/')
            j++;
        if (j - i == 2 && url[i] == '.' && url[i + 1] == '.')
            return true;
        i = j + 1;
    }
    return false;
}

serve_found serve_map(const char *root, const char *url, size_t len, char **file)
{
    serve_found found = SERVE_NOT_FOUND;
    char *path = NULL;
    *file = NULL;
    if (len == 0 || url[0] != '/' || escapes(url, len)) {
        found = SERVE_FORBIDDEN;
        goto out;
    }
    buf p = BUF_INIT;
    buf_puts(&p, root);
    buf_put(&p, url, len);
    if (url[len - 1] == '/')
        buf_puts(&p, "index.html");
    else if (fs_is_dir(buf_cstr(&p)))
        buf_puts(&p, "/index.html");
    path = buf_detach(&p);
    if (!fs_is_file(path))
        goto out;
    if (!fs_inside(path, root)) {
        found = SERVE_FORBIDDEN;
        goto out;
    }
    found = SERVE_FILE;
    *file = path;
    path = NULL;
out:
    free(path);
    return found;
}

const char *serve_mime(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".xml", "application/xml"},
        {".txt", "text/plain; charset=utf-8"},
        {".md", "text/plain; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".avif", "image/avif"},
        {".ico", "image/vnd.microsoft.icon"},
        {".pdf", "application/pdf"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
        {".ttf", "font/ttf"},
        {".otf", "font/otf"},
        {".wasm", "application/wasm"},
    };
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    if (strcmp(base, "atom.xml") == 0)
        return "application/atom+xml";
    const char *dot = strrchr(base, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
        if (strcasecmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

char *serve_inject(const char *html, size_t len, unsigned long since, size_t *out_len)
{
    size_t at = len;
    for (size_t i = len; i >= 7; i--)
        if (strncasecmp(html + i - 7, "</body>", 7) == 0) {
            at = i - 7;
            break;
        }
    buf out = BUF_INIT;
    buf_put(&out, html, at);
    buf_printf(&out, SERVE_SCRIPT_TAG "\n", since);
    buf_put(&out, html + at, len - at);
    *out_len = out.len;
    return buf_detach(&out);
}
