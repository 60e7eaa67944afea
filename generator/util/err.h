/* err.h - error lists: modules record problems here, only main.c prints them. */
#ifndef IMPRINT_ERR_H
#define IMPRINT_ERR_H

#include <stdarg.h>
#include "util/strmap.h"

#include <stdbool.h>
#include <stddef.h>

/* One problem, already formatted as "file:line:col: message" (line and col
 * 1-based; a part that is unknown is left out, e.g. "file: message"). */
typedef struct err_item {
    char *text;     /* the full message; owned */
    int is_warning; /* 1 for a warning that does not fail the job */
    size_t count;   /* times it was found (a layout's problem: once for each page using it) */
} err_item;

/* A list of problems. Zero-initialise (ERR_LIST_INIT) before use. Not thread
 * safe: give each thread its own list and merge with err_list_move. */
typedef struct err_list {
    err_item *items; /* owned array */
    size_t len;      /* number of items */
    size_t cap;      /* allocated items */
    size_t errors;   /* items that are errors, not warnings */
    strmap index;    /* item text -> its index + 1: a problem found again is counted, in
                        constant time (50,000 broken links would otherwise compare 10^9 times) */
} err_list;

#define ERR_LIST_INIT                                                                              \
    {                                                                                              \
        NULL, 0, 0, 0, STRMAP_INIT                                                                 \
    }

/* Records an error at file:line:col. file may be NULL (left out); line or col
 * 0 leaves them out. */
void err_add(err_list *e, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* err_add with a va_list. */
void err_vadd(err_list *e, const char *file, int line, int col, const char *fmt, va_list ap);
/* Same as err_add, but a warning (does not count in e->errors). */
void err_warn(err_list *e, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Records a problem whose message is written already ("file:line:col: warning: ..."), as one
 * kept from an earlier build: listed once and counted, like the others. */
void err_add_text(err_list *e, const char *text, bool warning);
/* Moves every item of src to the end of dst, but for those dst already lists
 * (the same problem found by another thread); src is empty after. */
void err_list_move(err_list *dst, err_list *src);
/* Makes every warning of e an error ("warning: " dropped): --strict. */
void err_list_promote(err_list *e);
void err_list_free(err_list *e);

#endif
