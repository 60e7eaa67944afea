/* watch.c - recursive inotify watches, editors' side files left out, events
 * gathered until the folders are quiet. */
#define _DEFAULT_SOURCE /* struct inotify_event's flexible name */
#include "serve/watch.h"

#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#define WATCH_MASK                                                                                 \
    (IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF |       \
     IN_MOVE_SELF | IN_ONLYDIR)
#define QUIET_MS 10       /* a save is a few events within a millisecond */
#define QUIET_BURST_MS 50 /* a checkout writes many files, a little apart */
#define BURST 8           /* events that make a batch a burst */
#define BATCH_MAX_MS 1000 /* a batch never waits longer */

typedef struct entry {
    char *path;  /* the folder (malloc'd), NULL for a free slot */
    char *label; /* its name in change lists: "content/guide" (malloc'd) */
    bool tree;   /* watched for its own changes; false: only for a missing folder in it */
} entry;

typedef struct pending { /* a folder to watch once it is made */
    int parent_wd;
    char *name, *path, *label; /* malloc'd */
} pending;

struct watcher {
    int fd;
    entry *wds; /* by watch descriptor */
    size_t nwds;
    pending *pend;
    size_t npend;
};

watcher *watch_new(err_list *errs)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) {
        err_add(errs, NULL, 0, 0, "cannot watch files (inotify): %s", strerror(errno));
        return NULL;
    }
    watcher *w = xcalloc(1, sizeof *w);
    w->fd = fd;
    return w;
}

void watch_free(watcher *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->nwds; i++) {
        free(w->wds[i].path);
        free(w->wds[i].label);
    }
    for (size_t i = 0; i < w->npend; i++) {
        free(w->pend[i].name);
        free(w->pend[i].path);
        free(w->pend[i].label);
    }
    free(w->wds);
    free(w->pend);
    close(w->fd);
    free(w);
}

/* Records wd as watching path. */
static void set_entry(watcher *w, int wd, const char *path, const char *label, bool tree)
{
    if ((size_t)wd >= w->nwds) {
        size_t n = (size_t)wd * 2 + 16;
        w->wds = xrealloc(w->wds, n * sizeof *w->wds);
        memset(w->wds + w->nwds, 0, (n - w->nwds) * sizeof *w->wds);
        w->nwds = n;
    }
    entry *e = &w->wds[wd];
    if (e->path && e->tree && !tree)
        return; /* already watched for itself */
    free(e->path);
    free(e->label);
    e->path = xstrdup(path);
    e->label = xstrdup(label);
    e->tree = tree;
}

/* Editors' side files, never content. */
static bool side_file(const char *name)
{
    size_t n = strlen(name);
    static const char *const ends[] = {"~", ".swp", ".swx", ".swo", ".kate-swp"};
    if (name[0] == '.' || strcmp(name, "4913") == 0 ||
        (name[0] == '#' && n > 1 && name[n - 1] == '#'))
        return true;
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t k = strlen(ends[i]);
        if (n >= k && strcmp(name + n - k, ends[i]) == 0)
            return true;
    }
    return false;
}

/* The index of name in l, or -1 (lists are short). */
static long find(const fs_list *l, const char *name)
{
    for (size_t i = 0; i < l->len; i++)
        if (strcmp(l->paths[i], name) == 0)
            return (long)i;
    return -1;
}

/* Appends name to changed unless it is there already. */
static void note(fs_list *changed, const char *name)
{
    if (find(changed, name) < 0)
        fs_list_add(changed, xstrdup(name));
}

/* Takes name out of l, if it is there. */
static void unnote(fs_list *l, const char *name)
{
    long i = find(l, name);
    if (i < 0)
        return;
    free(l->paths[i]);
    l->paths[i] = l->paths[--l->len];
}

/* Watches dir and the folders below it (depth levels at most); with changed,
 * notes the files in them (a folder moved in). */
static int add_tree_at(watcher *w, const char *dir, const char *label, fs_list *changed, int depth,
                       err_list *errs)
{
    int wd = inotify_add_watch(w->fd, dir, WATCH_MASK);
    if (wd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 0; /* gone again already */
        err_add(errs, dir, 0, 0, "cannot watch this folder: %s", strerror(errno));
        return -1;
    }
    set_entry(w, wd, dir, label, true);
    DIR *d = opendir(dir);
    int rc = 0;
    for (struct dirent *de; d && (de = readdir(d));) {
        if (de->d_name[0] == '.')
            continue;
        char *path = fs_join(dir, de->d_name), *name = xasprintf("%s/%s", label, de->d_name);
        if (fs_is_dir(path) && depth > 0)
            rc |= add_tree_at(w, path, name, changed, depth - 1, errs);
        else if (changed && !side_file(de->d_name))
            note(changed, name);
        free(path);
        free(name);
    }
    if (d)
        closedir(d);
    return rc;
}

static int add_tree(watcher *w, const char *dir, const char *label, fs_list *changed,
                    err_list *errs)
{
    return add_tree_at(w, dir, label, changed, 64, errs);
}

int watch_tree(watcher *w, const char *dir, const char *label, err_list *errs)
{
    if (fs_is_dir(dir))
        return add_tree(w, dir, label, NULL, errs);
    /* not made yet: watch its parent for it */
    char *parent = xstrdup(dir), *slash = strrchr(parent, '/');
    int rc = -1;
    if (slash)
        *slash = '\0';
    const char *pdir = slash ? (*parent ? parent : "/") : ".";
    int wd = inotify_add_watch(w->fd, pdir, WATCH_MASK);
    if (wd < 0) {
        err_add(errs, pdir, 0, 0, "cannot watch this folder: %s", strerror(errno));
        goto out;
    }
    set_entry(w, wd, pdir, "", false);
    w->pend = xrealloc(w->pend, (w->npend + 1) * sizeof *w->pend);
    w->pend[w->npend++] =
        (pending){wd, xstrdup(slash ? slash + 1 : dir), xstrdup(dir), xstrdup(label)};
    rc = 0;
out:
    free(parent);
    return rc;
}

/* A folder made where a missing watched folder was expected. */
static void made(watcher *w, const struct inotify_event *ev, fs_list *changed, err_list *errs)
{
    for (size_t i = 0; i < w->npend; i++) {
        pending *p = &w->pend[i];
        if (p->parent_wd != ev->wd || strcmp(p->name, ev->name) != 0)
            continue;
        add_tree(w, p->path, p->label, changed, errs);
        note(changed, p->label);
        free(p->name);
        free(p->path);
        free(p->label);
        w->pend[i] = w->pend[--w->npend];
        return;
    }
}

/* Reads the queued events into changed; returns how many were read. made
 * holds the files created in this batch: one renamed away or deleted again
 * in the same batch was an editor's temporary file (an atomic save writes
 * x.tmp, then renames it to x), not a change. */
static size_t drain(watcher *w, fs_list *changed, fs_list *made_now, err_list *errs)
{
    char data[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    size_t count = 0;
    ssize_t n;
    while ((n = read(w->fd, data, sizeof data)) > 0) {
        for (char *p = data; p < data + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            count++;
            if (ev->mask & IN_Q_OVERFLOW) {
                note(changed, "*");
                continue;
            }
            entry *e = ev->wd >= 0 && (size_t)ev->wd < w->nwds ? &w->wds[ev->wd] : NULL;
            if (!e || !e->path)
                continue;
            if (ev->mask & IN_IGNORED) { /* the folder is gone: forget it */
                free(e->path);
                free(e->label);
                *e = (entry){0};
                continue;
            }
            if (!ev->len || side_file(ev->name))
                continue;
            if (!e->tree) {
                if (ev->mask & (IN_CREATE | IN_MOVED_TO))
                    made(w, ev, changed, errs);
                continue;
            }
            char *name = xasprintf("%s/%s", e->label, ev->name);
            if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
                char *path = fs_join(e->path, ev->name);
                add_tree(w, path, name, changed, errs);
                free(path);
            }
            if ((ev->mask & (IN_MOVED_FROM | IN_DELETE)) && find(made_now, name) >= 0) {
                unnote(changed, name); /* came and went within the batch */
                unnote(made_now, name);
            } else {
                if (ev->mask & IN_CREATE)
                    note(made_now, name);
                note(changed, name);
            }
            free(name);
        }
    }
    return count;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Gathers one batch into changed, after the first event: until the folders
 * are quiet, or BATCH_MAX_MS. Returns false when stop_fd became readable. */
static bool gather(watcher *w, struct pollfd fds[2], fs_list *changed, err_list *errs)
{
    fs_list made_now = {0};
    size_t events = drain(w, changed, &made_now, errs);
    long t0 = now_ms();
    bool stopped = false;
    for (;;) {
        int quiet = events > BURST ? QUIET_BURST_MS : QUIET_MS;
        long left = BATCH_MAX_MS - (now_ms() - t0);
        int r = poll(fds, 2, left < quiet ? (int)(left > 0 ? left : 0) : quiet);
        if (r > 0 && fds[1].revents) {
            stopped = true;
            break;
        }
        if (r <= 0)
            break; /* quiet (or poll failed): the batch is complete */
        events += drain(w, changed, &made_now, errs);
    }
    fs_list_free(&made_now);
    return !stopped;
}

int watch_wait(watcher *w, int stop_fd, fs_list *changed, err_list *errs)
{
    struct pollfd fds[2] = {{.fd = w->fd, .events = POLLIN}, {.fd = stop_fd, .events = POLLIN}};
    size_t start = changed->len;
    int rc = 1;
    while (changed->len == start) { /* a batch of side files only: keep waiting */
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            err_add(errs, NULL, 0, 0, "watching files: %s", strerror(errno));
            rc = -1;
            goto out;
        }
        if (fds[1].revents || !gather(w, fds, changed, errs)) {
            rc = 0;
            goto out;
        }
    }
    fs_list_sort(changed, start);
out:
    return rc;
}
