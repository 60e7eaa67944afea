/* xalloc.h - allocation wrappers that abort on out-of-memory, the one fatal case. */
#ifndef IMPRINT_XALLOC_H
#define IMPRINT_XALLOC_H

#include <stddef.h>

/* Each returns valid memory or aborts the process; never NULL. Free with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a freshly allocated string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
