/* fuzz_serve.c - libFuzzer target: the preview server's request path, from
 * the raw URL to a file (percent-decoding, "..", NUL bytes, links out), its
 * content type and the reload script's injection into a page. A file found
 * outside the served folder aborts. */
#define _DEFAULT_SOURCE /* mkdtemp, symlink */
#include "core/url.h"
#include "serve/path.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64]; /* the served folder's parent, made once; removed at exit */

static void remove_dir(void)
{
    err_list e = ERR_LIST_INIT;
    char *top = xstrndup(dir, strlen(dir) - strlen("/site"));
    fs_remove_tree(top, &e);
    free(top);
    err_list_free(&e);
}

/* A served folder made once: pages, a folder, and a link out of it. */
static const char *root(void)
{
    if (dir[0])
        return dir;
    snprintf(dir, sizeof dir, "/tmp/imprint-fuzz-serve-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    err_list e = ERR_LIST_INIT;
    char *p = fs_join(dir, "site/index.html");
    fs_write_direct(p, "<p>home</p></body>", 18, &e);
    free(p);
    p = fs_join(dir, "site/guide/index.html");
    fs_write_direct(p, "<p>guide</p>", 12, &e);
    free(p);
    p = fs_join(dir, "secret.txt");
    fs_write_direct(p, "secret", 6, &e);
    free(p);
    p = fs_join(dir, "site/out");
    if (symlink("../secret.txt", p) != 0)
        abort();
    free(p);
    err_list_free(&e);
    strcat(dir, "/site");
    atexit(remove_dir);
    return dir;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *served = root();
    char *url = xmalloc(size + 1);
    memcpy(url, data, size);
    url[size] = '\0'; /* what libmicrohttpd hands over: a C string */
    size_t len = url_unescape(url);
    char *file = NULL;
    serve_found f = serve_map(served, url, len, &file);
    if (f == SERVE_FILE && (!file || !fs_inside(file, served)))
        abort(); /* a file outside the served folder */
    if (f != SERVE_FILE && file)
        abort();
    if (file) {
        serve_mime(file);
        size_t n = 0;
        free(serve_inject(url, len, size, &n));
    }
    free(file);
    free(url);
    return 0;
}
