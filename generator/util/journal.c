/* journal.c - all-or-nothing updates of an output folder: stage, journal, apply.
 *
 * The journal is a text file, one step a line, fields separated by tabs,
 * paths relative to the output folder:
 *
 *   M <staged> <target>        move a staged file into place
 *   X <staged> <target> <ino>  exchange a staged folder (inode ino) with target
 *   R <target>                 remove a file
 *
 * and a last line "E" that marks it complete (a torn journal is never
 * applied). Replaying is safe at any point: a move whose source is gone is
 * done, an exchange is done when target already has inode ino, a removal of
 * a missing file is done. */
#define _GNU_SOURCE
#include "util/journal.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOCK_FILE ".imprint-lock"
#define JOURNAL_FILE ".imprint-journal"
#define STAGE_PREFIX ".imprint-stage-"

struct journal {
    char *out_dir;    /* the output folder */
    char *stage_name; /* its stage, relative to out_dir */
    char *stage;      /* out_dir/stage_name */
    int lock_fd;      /* holds the flock; -1 when not locked */
    buf steps;        /* the journal's lines so far */
    size_t nsteps;    /* lines in steps */
    bool bad_path;    /* a step named a path the journal cannot hold */
    bool pending;     /* the journal is written but not all applied: keep the stage */
};

/* A test hook: IMPRINT_KILL_AT=commit|journal|apply:N ends the process with
 * SIGKILL at that point (before the journal is written, right after it is,
 * after N steps are applied), so tests can check what a dead build leaves. */
static void kill_point(const char *at, size_t n)
{
    const char *want = getenv("IMPRINT_KILL_AT");
    size_t len = strlen(at);
    if (!want || strncmp(want, at, len) != 0)
        return;
    if (want[len] == '\0' || (want[len] == ':' && strtoul(want + len + 1, NULL, 10) == n))
        raise(SIGKILL);
}

static void add_step(journal *j, char kind, const char *a, const char *b, unsigned long long ino)
{
    if (!fs_safe_relative(a) || (b && !fs_safe_relative(b)))
        j->bad_path = true;
    buf_printf(&j->steps, "%c\t%s", kind, a);
    if (b)
        buf_printf(&j->steps, "\t%s", b);
    if (kind == 'X')
        buf_printf(&j->steps, "\t%llu", ino);
    buf_putc(&j->steps, '\n');
    j->nsteps++;
}

void journal_move(journal *j, const char *staged, const char *target)
{
    char *from = fs_join(j->stage_name, staged);
    add_step(j, 'M', from, target, 0);
    free(from);
}

void journal_swap(journal *j, const char *staged, const char *target)
{
    char *from = fs_join(j->stage_name, staged), *path = fs_join(j->stage, staged);
    struct stat st;
    bool there = stat(path, &st) == 0;
    if (!there)
        j->bad_path = true;
    add_step(j, 'X', from, target, there ? (unsigned long long)st.st_ino : 0);
    free(from);
    free(path);
}

void journal_remove(journal *j, const char *target)
{
    add_step(j, 'R', target, NULL, 0);
}

const char *journal_stage(const journal *j)
{
    return j->stage;
}

/* Removes the folders below path's first segment that it leaves empty. */
static void prune(const char *out_dir, const char *target)
{
    char *p = xstrdup(target);
    for (char *slash = strrchr(p, '/'); slash && slash != strchr(p, '/'); slash = strrchr(p, '/')) {
        *slash = '\0';
        char *dir = fs_join(out_dir, p);
        int gone = rmdir(dir);
        free(dir);
        if (gone != 0)
            break;
    }
    free(p);
}

/* Applies one step (a line without its newline). 0 or -1 with an error. */
static int apply_step(const char *out_dir, char *line, err_list *errs)
{
    char *f[4] = {0};
    size_t nf = 0;
    for (char *s = line; s && nf < 4; nf++) {
        f[nf] = s;
        s = strchr(s, '\t');
        if (s)
            *s++ = '\0';
    }
    int rc = -1;
    char *a = NULL, *b = NULL;
    bool ok = nf >= 2 && strlen(f[0]) == 1 && fs_safe_relative(f[1]) &&
              (f[0][0] == 'R' ? nf == 2 : nf >= 3 && fs_safe_relative(f[2]));
    if (!ok || (f[0][0] == 'X' && nf != 4) || !strchr("MXR", f[0][0])) {
        err_add(errs, out_dir, 0, 0, "%s: not a step imprint writes: '%s'", JOURNAL_FILE, line);
        goto out;
    }
    a = fs_join(out_dir, f[1]);
    b = nf >= 3 ? fs_join(out_dir, f[2]) : NULL;
    struct stat st;
    if (f[0][0] == 'R') {
        if (unlink(a) != 0 && errno != ENOENT) {
            err_add(errs, a, 0, 0, "cannot remove: %s", strerror(errno));
            goto out;
        }
        prune(out_dir, f[1]);
    } else if (f[0][0] == 'X' && stat(b, &st) == 0 &&
               (unsigned long long)st.st_ino == strtoull(f[3], NULL, 10)) {
        /* exchanged already */
    } else if (lstat(a, &st) == 0) {
        char *slash = strrchr(b, '/');
        *slash = '\0';
        int made = fs_mkdirs(b, errs);
        *slash = '/';
        if (made != 0)
            goto out;
        bool exchange = f[0][0] == 'X' && lstat(b, &st) == 0;
        if ((exchange ? renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) : rename(a, b)) != 0) {
            err_add(errs, b, 0, 0, "cannot move the new %s into place: %s",
                    f[0][0] == 'X' ? "folder" : "file", strerror(errno));
            goto out;
        }
    }
    rc = 0;
out:
    free(a);
    free(b);
    return rc;
}

/* Applies a complete journal's text (modified in place). 0 or -1. */
static int apply(const char *out_dir, char *text, err_list *errs)
{
    size_t len = strlen(text), n = 0;
    int rc = -1;
    if (len < 2 || strcmp(text + len - 2, "E\n") != 0)
        goto done; /* torn: the update never committed; nothing of it was applied */
    text[len - 2] = '\0';
    for (char *line = text; *line;) {
        char *nl = strchr(line, '\n');
        *nl = '\0';
        if (apply_step(out_dir, line, errs) != 0)
            goto out;
        kill_point("apply", ++n);
        line = nl + 1;
    }
done:
    rc = 0;
out:
    return rc;
}

/* Writes path durably: a temporary file, flushed, renamed over path. */
static int write_synced(const char *dir, const char *path, const buf *data, err_list *errs)
{
    char *tmp = xasprintf("%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644), rc = -1;
    size_t done = 0;
    while (fd >= 0 && done < data->len) {
        ssize_t w = write(fd, data->data + done, data->len - done);
        if (w < 0 && errno != EINTR)
            break;
        done += w > 0 ? (size_t)w : 0;
    }
    if (fd < 0 || done < data->len || fsync(fd) != 0 || close(fd) != 0) {
        err_add(errs, path, 0, 0, "cannot write: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        unlink(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0) {
        err_add(errs, path, 0, 0, "cannot write: %s", strerror(errno));
        unlink(tmp);
        goto out;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    rc = 0;
out:
    free(tmp);
    return rc;
}

/* Completes the journal a dead update left, then removes the stages of dead
 * updates (and the temporary folders of imprint versions before journals). */
static int recover(const char *out_dir, err_list *errs)
{
    char *path = fs_join(out_dir, JOURNAL_FILE);
    char *text = NULL;
    int rc = -1;
    if (fs_is_file(path)) {
        if (!(text = fs_read(path, NULL, errs)) || apply(out_dir, text, errs) != 0) {
            err_add(errs, path, 0, 0,
                    "the last build's update of %s could not be completed (see above)", out_dir);
            goto out;
        }
        unlink(path);
    }
    DIR *d = opendir(out_dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        const char *n = e->d_name;
        if (strncmp(n, STAGE_PREFIX, strlen(STAGE_PREFIX)) == 0 ||
            strncmp(n, ".site-tmp-", 10) == 0 || strncmp(n, ".site-stage-", 12) == 0 ||
            strncmp(n, ".site-old-", 10) == 0 || strcmp(n, JOURNAL_FILE ".tmp") == 0) {
            char *gone = fs_join(out_dir, n);
            fs_remove_tree(gone, errs);
            free(gone);
        }
    }
    if (d)
        closedir(d);
    rc = 0;
out:
    free(text);
    free(path);
    return rc;
}

journal *journal_begin(const char *out_dir, err_list *errs)
{
    journal *j = xcalloc(1, sizeof *j);
    char *lock = fs_join(out_dir, LOCK_FILE);
    j->out_dir = xstrdup(out_dir);
    j->lock_fd = -1;
    if (fs_mkdirs(out_dir, errs) != 0)
        goto fail;
    j->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (j->lock_fd < 0 || flock(j->lock_fd, LOCK_EX) != 0) {
        err_add(errs, lock, 0, 0, "cannot lock the output folder: %s", strerror(errno));
        goto fail;
    }
    if (recover(out_dir, errs) != 0)
        goto fail;
    j->stage_name = xasprintf("%s%ld", STAGE_PREFIX, (long)getpid());
    j->stage = fs_join(out_dir, j->stage_name);
    if (fs_mkdirs(j->stage, errs) != 0)
        goto fail;
    free(lock);
    return j;
fail:
    free(lock);
    journal_end(j);
    return NULL;
}

int journal_commit(journal *j, err_list *errs)
{
    char *path = fs_join(j->out_dir, JOURNAL_FILE);
    int rc = -1;
    if (j->bad_path) {
        err_add(errs, j->out_dir, 0, 0,
                "an output path cannot be written safely (absolute, '..', a tab or a newline)");
        goto out;
    }
    kill_point("commit", 0);
    buf_puts(&j->steps, "E\n");
    if (write_synced(j->out_dir, path, &j->steps, errs) != 0)
        goto out;
    kill_point("journal", 0);
    j->pending = true;
    if (apply(j->out_dir, j->steps.data, errs) != 0) {
        err_add(errs, path, 0, 0, "the update stays recorded here; the next build completes it");
        goto out;
    }
    unlink(path);
    j->pending = false;
    rc = 0;
out:
    free(path);
    return rc;
}

void journal_end(journal *j)
{
    if (!j)
        return;
    if (j->stage && !j->pending) {
        err_list ignore = ERR_LIST_INIT;
        fs_remove_tree(j->stage, &ignore);
        err_list_free(&ignore);
    }
    if (j->lock_fd >= 0)
        close(j->lock_fd); /* releases the flock */
    buf_free(&j->steps);
    free(j->stage);
    free(j->stage_name);
    free(j->out_dir);
    free(j);
}
