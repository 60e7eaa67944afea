/* fsutil.h - file system helpers: read, atomic write, directory walk, tree removal. */
#ifndef IMPRINT_FSUTIL_H
#define IMPRINT_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* The most fs_read takes from one file, in MB, unless the environment
 * variable IMPRINT_MAX_FILE_MB (1 to 1048576) says otherwise. */
#define FS_READ_MAX_MB 64
/* That limit in bytes. */
size_t fs_read_limit(void);

/* Reads a whole file. Returns a NUL-terminated malloc'd buffer (caller frees)
 * and its length in *len, or NULL with "path: message" added to errs: it
 * cannot be read, is a folder, or is larger than fs_read_limit() (a device
 * such as /dev/zero included). */
char *fs_read(const char *path, size_t *len, err_list *errs);

/* Writes data to path through a temporary file in the same folder and a
 * rename, creating parent folders; the file is either complete or absent.
 * Returns 0, or -1 with an error in errs. */
int fs_write(const char *path, const void *data, size_t len, err_list *errs);

/* Writes data to path directly (no temporary file), creating missing parent
 * folders only when the open fails for lack of them. For files inside a
 * staging folder that is itself swapped in atomically. 0 or -1 with errors. */
int fs_write_direct(const char *path, const void *data, size_t len, err_list *errs);

/* mkdir -p. Returns 0, or -1 with an error in errs. */
int fs_mkdirs(const char *path, err_list *errs);

/* Removes a file or a folder tree (does not follow symlinks). Returns 0 (also
 * when it did not exist), or -1 with an error in errs. */
int fs_remove_tree(const char *path, err_list *errs);

/* Copies one file (created with the source's data; folders made). 0 or -1. */
int fs_copy(const char *from, const char *to, err_list *errs);

bool fs_is_dir(const char *path);
bool fs_is_file(const char *path);

/* A list of paths, as fs_walk returns it. */
typedef struct fs_list {
    char **paths; /* malloc'd strings, relative to the walked root, sorted bytewise */
    size_t len;   /* entries */
    size_t cap;   /* allocated entries */
} fs_list;

/* Lists the regular files below root (recursively, '/'-separated relative
 * paths, sorted), skipping names that start with '.'. A missing root gives an
 * empty list. Returns 0, or -1 with an error in errs. Free with fs_list_free. */
int fs_walk(const char *root, fs_list *out, err_list *errs);
void fs_list_free(fs_list *l);
/* Appends path (malloc'd; the list takes it). */
void fs_list_add(fs_list *l, char *path);
/* Sorts the entries from index `from` on, bytewise. */
void fs_list_sort(fs_list *l, size_t from);

/* True for a path that stays below the folder it is relative to: not empty,
 * not absolute, no empty, "." or ".." segment, and no tab, newline or
 * carriage return (the build cache and the journal are line-based). */
bool fs_safe_relative(const char *path);

/* True when path exists and, with every symbolic link resolved, lies in the
 * folder root (or is root). The one check for "imprint reads nothing outside
 * the site": a name can be safe while a link in it leads elsewhere. */
bool fs_inside(const char *path, const char *root);

/* path with every link, '.' and '..' resolved (malloc'd), or NULL when it
 * does not exist. */
char *fs_real(const char *path);

/* Joins two path parts with one '/'; malloc'd, caller frees. */
char *fs_join(const char *a, const char *b);

#endif
