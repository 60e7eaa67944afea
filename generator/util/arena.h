/* arena.h - bump allocator for data that lives exactly as long as one build or one page. */
#ifndef IMPRINT_ARENA_H
#define IMPRINT_ARENA_H

#include <stddef.h>

/* An arena hands out memory that is released all at once by arena_free. It is
 * not thread safe: each thread that allocates uses an arena of its own. */
typedef struct arena arena;

arena *arena_new(void);                /* never NULL */
void arena_free(arena *a);             /* releases every allocation; NULL is a no-op */
void *arena_alloc(arena *a, size_t n); /* zeroed, 16-byte aligned; never NULL */
char *arena_strndup(arena *a, const char *s, size_t n); /* NUL-terminated copy */
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The strings given, up to a NULL, one after the other: arena_printf("%s%s", x, y) without
 * printf's cost, for paths and URLs made for every page. */
char *arena_cat(arena *a, ...) __attribute__((sentinel));
/* Grows an array allocated from this arena (old contents copied, the new part
 * zeroed). A small old array is abandoned until arena_free; a big one (over
 * 16 KB, which has a block of its own) is moved and freed, as by realloc: no
 * pointer into the old array stays valid. */
void *arena_realloc(arena *a, void *old, size_t old_n, size_t new_n);

#endif
