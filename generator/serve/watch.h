/* watch.h - the folders `imprint serve` watches (inotify), and their changes
 * collected into one batch per rebuild.
 *
 * Folders are watched recursively; folders created later are followed (and
 * their files reported), deleted ones dropped. Editors' side files are not
 * changes: names starting with '.', ending in '~', ".swp", ".swx", ".swo",
 * "4913" (vim's probe), "#name#". A batch ends when the folders have been
 * quiet for 10 ms (50 ms once more than 8 events came, as a `git checkout`
 * writes), or after 1 s. One watcher is used from one thread. */
#ifndef IMPRINT_SERVE_WATCH_H
#define IMPRINT_SERVE_WATCH_H

#include "util/err.h"
#include "util/fsutil.h"

typedef struct watcher watcher;

/* A new watcher, or NULL with an error (no inotify). Free with watch_free. */
watcher *watch_new(err_list *errs);
void watch_free(watcher *w);

/* Watches dir and every folder below it; changes are named "label/REL"
 * (label "content": "content/guide/x.md"). A missing dir is watched from its
 * parent and followed once it is made. 0, or -1 with an error. */
int watch_tree(watcher *w, const char *dir, const char *label, err_list *errs);

/* Waits for a batch of changes, or for stop_fd (a signalfd) to become
 * readable. Returns 1 with the changed names appended to changed (sorted,
 * each once; "*" when the kernel dropped events, so anything may have
 * changed), 0 when stopped, -1 with an error. */
int watch_wait(watcher *w, int stop_fd, fs_list *changed, err_list *errs);

#endif
