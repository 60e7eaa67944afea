/* test_fs.h - files for unit tests: writing one under a scratch folder, and
 * removing the folder. */
#ifndef IMPRINT_TEST_FS_H
#define IMPRINT_TEST_FS_H

#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "util/fsutil.h"

/* Writes text to DIR/rel (making its folders); a failure is a failed check. */
static inline void test_put(const char *dir, const char *rel, const char *text)
{
    char *path = fs_join(dir, rel);
    err_list e = ERR_LIST_INIT;
    OK(fs_write_direct(path, text, strlen(text), &e) == 0, path);
    err_list_free(&e);
    free(path);
}

/* Removes a scratch folder and everything in it. */
static inline void test_remove(const char *dir)
{
    err_list e = ERR_LIST_INIT;
    fs_remove_tree(dir, &e);
    err_list_free(&e);
}

#endif
