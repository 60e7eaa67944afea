/* fsutil.c - file system helpers over POSIX calls. */
#define _DEFAULT_SOURCE
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

size_t fs_read_limit(void)
{
    const char *e = getenv("IMPRINT_MAX_FILE_MB");
    char *end;
    unsigned long mb = e && *e ? strtoul(e, &end, 10) : 0;
    return (e && *e && !*end && mb > 0 && mb <= 1024 * 1024 ? mb : FS_READ_MAX_MB) * 1024 * 1024;
}

char *fs_read(const char *path, size_t *len, err_list *errs)
{
    char *data = NULL;
    size_t n = 0, cap = 0, limit = fs_read_limit();
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        err_add(errs, path, 0, 0, "cannot read: %s", strerror(errno));
        goto out;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        err_add(errs, path, 0, 0, "is a folder, not a file");
        goto out;
    }
    /* room for the whole file, its NUL and the read that sees the end, so a
     * file of known size is read without growing the buffer */
    cap = st.st_size > 0 && (size_t)st.st_size <= limit ? (size_t)st.st_size + 2 : 4096;
    data = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            data = xrealloc(data, cap);
        }
        ssize_t r = read(fd, data + n, cap - n - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            err_add(errs, path, 0, 0, "cannot read: %s", strerror(errno));
            free(data);
            data = NULL;
            goto out;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > limit) {
            err_add(errs, path, 0, 0,
                    "larger than %zu MB, the most imprint reads from one file (set "
                    "IMPRINT_MAX_FILE_MB to raise it)",
                    limit / (1024 * 1024));
            free(data);
            data = NULL;
            goto out;
        }
    }
    data[n] = '\0';
    if (len)
        *len = n;
out:
    if (fd >= 0)
        close(fd);
    return data;
}

int fs_mkdirs(const char *path, err_list *errs)
{
    char *p = xstrdup(path);
    int rc = 0;
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                err_add(errs, p, 0, 0, "cannot create folder: %s", strerror(errno));
                rc = -1;
                goto out;
            }
            *s = c;
            if (c == '\0')
                break;
        }
    }
out:
    free(p);
    return rc;
}

static int parent_dirs(const char *path, err_list *errs)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return 0;
    char *dir = xstrndup(path, (size_t)(slash - path));
    int rc = fs_mkdirs(dir, errs);
    free(dir);
    return rc;
}

int fs_write(const char *path, const void *data, size_t len, err_list *errs)
{
    int rc = -1, fd = -1;
    char *tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
    if (parent_dirs(path, errs) != 0)
        goto out;
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) {
        err_add(errs, path, 0, 0, "cannot write: %s", strerror(errno));
        goto out;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            err_add(errs, path, 0, 0, "cannot write: %s", strerror(errno));
            goto out;
        }
        p += w;
        left -= (size_t)w;
    }
    if (close(fd) != 0) {
        fd = -1;
        err_add(errs, path, 0, 0, "cannot write: %s", strerror(errno));
        goto out;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        err_add(errs, path, 0, 0, "cannot write: %s", strerror(errno));
        goto out;
    }
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

/* Creates the folders above path that are missing, deepest existing first. */
static int make_parents(const char *path, err_list *errs)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    int rc = 0;
    if (slash && slash != dir) {
        *slash = '\0';
        if (mkdir(dir, 0777) != 0) {
            if (errno == ENOENT)
                rc = make_parents(dir, errs) == 0 && mkdir(dir, 0777) == 0 ? 0 : -1;
            else if (errno != EEXIST)
                rc = -1;
            if (rc != 0 && errno != EEXIST)
                err_add(errs, dir, 0, 0, "cannot create folder: %s", strerror(errno));
            else
                rc = 0;
        }
    }
    free(dir);
    return rc;
}

int fs_write_direct(const char *path, const void *data, size_t len, err_list *errs)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0 && errno == ENOENT) {
        if (make_parents(path, errs) != 0)
            return -1;
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    }
    if (fd < 0) {
        err_add(errs, path, 0, 0, "cannot write: %s", strerror(errno));
        return -1;
    }
    const char *p = data;
    size_t left = len;
    int rc = 0;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            err_add(errs, path, 0, 0, "cannot write: %s", strerror(errno));
            rc = -1;
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    if (close(fd) != 0 && rc == 0) {
        err_add(errs, path, 0, 0, "cannot write: %s", strerror(errno));
        rc = -1;
    }
    return rc;
}

int fs_remove_tree(const char *path, err_list *errs)
{
    struct stat st;
    int rc = 0;
    if (lstat(path, &st) != 0)
        return errno == ENOENT
                   ? 0
                   : (err_add(errs, path, 0, 0, "cannot remove: %s", strerror(errno)), -1);
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d) {
            err_add(errs, path, 0, 0, "cannot open folder: %s", strerror(errno));
            return -1;
        }
        struct dirent *de;
        while ((de = readdir(d))) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            char *child = fs_join(path, de->d_name);
            if (fs_remove_tree(child, errs) != 0)
                rc = -1;
            free(child);
        }
        closedir(d);
        if (rc == 0 && rmdir(path) != 0) {
            err_add(errs, path, 0, 0, "cannot remove: %s", strerror(errno));
            rc = -1;
        }
    } else if (unlink(path) != 0) {
        err_add(errs, path, 0, 0, "cannot remove: %s", strerror(errno));
        rc = -1;
    }
    return rc;
}

int fs_copy(const char *from, const char *to, err_list *errs)
{
    size_t len = 0;
    char *data = fs_read(from, &len, errs);
    if (!data)
        return -1;
    int rc = fs_write(to, data, len, errs);
    free(data);
    return rc;
}

bool fs_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fs_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

void fs_list_add(fs_list *l, char *p)
{
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->paths = xrealloc(l->paths, l->cap * sizeof *l->paths);
    }
    l->paths[l->len++] = p;
}

static int walk(const char *root, const char *rel, fs_list *out, err_list *errs, int depth)
{
    char *dir = rel[0] ? fs_join(root, rel) : xstrdup(root);
    int rc = 0;
    DIR *d = NULL;
    if (depth > 64) {
        err_add(errs, dir, 0, 0, "folders nested too deeply");
        rc = -1;
        goto out;
    }
    d = opendir(dir);
    if (!d) {
        if (errno != ENOENT || depth > 0) {
            err_add(errs, dir, 0, 0, "cannot open folder: %s", strerror(errno));
            rc = -1;
        }
        goto out;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char *r = rel[0] ? fs_join(rel, de->d_name) : xstrdup(de->d_name);
        /* the entry's type from readdir saves a stat per file; lstat only when unknown */
        bool is_dir = de->d_type == DT_DIR, is_reg = de->d_type == DT_REG;
        if (de->d_type == DT_UNKNOWN) {
            char *full = fs_join(root, r);
            struct stat st;
            if (lstat(full, &st) == 0) {
                is_dir = S_ISDIR(st.st_mode);
                is_reg = S_ISREG(st.st_mode);
            }
            free(full);
        }
        if (is_dir) {
            if (walk(root, r, out, errs, depth + 1) != 0)
                rc = -1;
            free(r);
        } else if (is_reg) {
            fs_list_add(out, r);
        } else {
            free(r);
        }
    }
out:
    if (d)
        closedir(d);
    free(dir);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void fs_list_sort(fs_list *l, size_t from)
{
    if (l->len > from)
        qsort(l->paths + from, l->len - from, sizeof *l->paths, cmp_str);
}

int fs_walk(const char *root, fs_list *out, err_list *errs)
{
    int rc = walk(root, "", out, errs, 0);
    fs_list_sort(out, 0);
    return rc;
}

void fs_list_free(fs_list *l)
{
    for (size_t i = 0; i < l->len; i++)
        free(l->paths[i]);
    free(l->paths);
    l->paths = NULL;
    l->len = l->cap = 0;
}

char *fs_join(const char *a, const char *b)
{
    /* by hand: a build joins a path for every file it walks, reads and writes */
    size_t n = strlen(a), m = strlen(b);
    bool slash = !n || a[n - 1] != '/';
    char *p = xmalloc(n + slash + m + 1);
    memcpy(p, a, n);
    if (slash)
        p[n] = '/';
    memcpy(p + n + slash, b, m + 1);
    return p;
}

bool fs_safe_relative(const char *p)
{
    bool ok = *p && *p != '/' && !strpbrk(p, "\t\n\r");
    for (const char *s = p; ok && *s;) {
        size_t n = strcspn(s, "/");
        ok = n > 0 && !(n == 1 && s[0] == '.') && !(n == 2 && s[0] == '.' && s[1] == '.');
        s += n + (s[n] == '/');
    }
    return ok;
}

bool fs_inside(const char *path, const char *root)
{
    char *p = realpath(path, NULL), *r = realpath(root, NULL);
    size_t n = r ? strlen(r) : 0;
    bool in = p && r && strncmp(p, r, n) == 0 && (p[n] == '\0' || p[n] == '/' || n == 1);
    free(p);
    free(r);
    return in;
}

char *fs_real(const char *path)
{
    return realpath(path, NULL);
}
