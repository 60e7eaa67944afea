/* scaffold.c - writing a new site folder from the embedded skeleton. */
#include "scaffold/scaffold.h"

#include "core/date.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TITLE_MAX 200 /* bytes, like a profile's client name */

/* skeleton.inc is made by embed.sh from skeleton/ (Makefile) */
static const scaffold_file skeleton[] = {
#include "skeleton.inc"
};

const scaffold_file *scaffold_files(size_t *n)
{
    *n = sizeof skeleton / sizeof *skeleton;
    return skeleton;
}

char *scaffold_default_title(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    size_t start = n;
    while (start > 0 && dir[start - 1] != '/')
        start--;
    char *t = xstrndup(dir + start, n - start);
    for (char *c = t; *c; c++)
        if (*c == '-' || *c == '_')
            *c = ' ';
    if (!*t || strcmp(t, ".") == 0 || strcmp(t, "..") == 0) {
        free(t);
        return xstrdup("My documentation");
    }
    t[0] = (char)toupper((unsigned char)t[0]);
    return t;
}

/* text with @TITLE@ (as the inside of a YAML double-quoted string) and
 * @DATE@ filled in, appended to out. */
static void fill(const char *text, const char *title, const char *date, buf *out)
{
    for (const char *p = text; *p;) {
        if (strncmp(p, "@TITLE@", 7) == 0) {
            for (const char *t = title; *t; t++) {
                if (*t == '"' || *t == '\\')
                    buf_putc(out, '\\');
                buf_putc(out, *t);
            }
            p += 7;
        } else if (strncmp(p, "@DATE@", 6) == 0) {
            buf_puts(out, date);
            p += 6;
        } else {
            buf_putc(out, *p++);
        }
    }
}

static int check_title(const char *title, err_list *errs)
{
    size_t n = strlen(title);
    if (n == 0 || n > TITLE_MAX) {
        err_add(errs, NULL, 0, 0, "the title must have 1 to %d characters, not %zu", TITLE_MAX, n);
        return -1;
    }
    for (const unsigned char *c = (const unsigned char *)title; *c; c++)
        if (*c < 0x20 || *c == 0x7f) {
            err_add(errs, NULL, 0, 0,
                    "the title cannot hold control characters (such as a "
                    "line break)");
            return -1;
        }
    return 0;
}

/* 0 when dir does not exist or is an empty folder; else -1 with an error. */
static int check_target(const char *dir, err_list *errs)
{
    struct stat st;
    if (stat(dir, &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode)) {
        err_add(errs, dir, 0, 0, "exists and is not a folder; imprint new makes a new folder");
        return -1;
    }
    DIR *d = opendir(dir);
    bool empty = d != NULL;
    for (struct dirent *e; d && (e = readdir(d));)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            empty = false;
    if (d)
        closedir(d);
    if (!empty) {
        err_add(errs, dir, 0, 0,
                "is not empty; imprint new writes only into a new or empty folder (to build an "
                "existing site: imprint build -C %s)",
                dir);
        return -1;
    }
    return 0;
}

/* Makes a new folder beside dir (dir.imprint-new-N). malloc'd, or NULL with
 * an error. */
static char *make_temp(const char *dir, err_list *errs)
{
    for (int i = 0; i < 100; i++) {
        char *tmp = xasprintf("%s.imprint-new-%ld-%d", dir, (long)getpid(), i);
        if (mkdir(tmp, 0777) == 0)
            return tmp;
        int e = errno;
        free(tmp);
        if (e != EEXIST) {
            err_add(errs, dir, 0, 0, "cannot make a folder beside it: %s", strerror(e));
            return NULL;
        }
    }
    err_add(errs, dir, 0, 0, "cannot make a temporary folder beside it");
    return NULL;
}

long scaffold_new(const char *dir, const char *title, long long now, err_list *errs)
{
    char *tmp = NULL, *parent = xstrdup(dir);
    buf date = BUF_INIT, text = BUF_INIT;
    long written = -1;
    size_t n = 0;
    const scaffold_file *files = scaffold_files(&n);
    if (check_title(title, errs) != 0 || check_target(dir, errs) != 0)
        goto out;
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        if (fs_mkdirs(parent, errs) != 0)
            goto out;
    }
    if (!(tmp = make_temp(dir, errs)))
        goto out;
    date_format_ymd(now, &date);
    for (size_t i = 0; i < n; i++) {
        char *path = fs_join(tmp, files[i].path);
        buf_reset(&text);
        fill(files[i].text, title, buf_cstr(&date), &text);
        int rc = fs_write_direct(path, text.data, text.len, errs);
        free(path);
        if (rc != 0)
            goto out;
    }
    /* an empty dir is replaced whole; a dir made meanwhile makes this fail */
    if (rename(tmp, dir) != 0) {
        err_add(errs, dir, 0, 0, "cannot move the new site into place: %s", strerror(errno));
        goto out;
    }
    written = (long)n;
out:
    if (tmp && written < 0) {
        err_list ignored = ERR_LIST_INIT; /* the error that stopped us is the one to show */
        fs_remove_tree(tmp, &ignored);
        err_list_free(&ignored);
    }
    free(tmp);
    free(parent);
    buf_free(&date);
    buf_free(&text);
    return written;
}
