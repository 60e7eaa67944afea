/* strmap.h - a hash map from strings to pointers (open addressing), for lookups by path and URL. */
#ifndef IMPRINT_STRMAP_H
#define IMPRINT_STRMAP_H

#include <stddef.h>

/* Keys are not copied: they must outlive the map. Not thread safe for
 * writes; concurrent strmap_get calls on a map no one writes are fine. */
typedef struct strmap {
    const char **keys; /* NULL for an empty slot */
    void **vals;
    size_t cap; /* a power of two, or 0 */
    size_t len; /* keys in use */
} strmap;

#define STRMAP_INIT                                                                                \
    {                                                                                              \
        NULL, NULL, 0, 0                                                                           \
    }

/* Sets key to val; returns the previous value or NULL. */
void *strmap_put(strmap *m, const char *key, void *val);
/* The value of key, or NULL. */
void *strmap_get(const strmap *m, const char *key);
void strmap_free(strmap *m);
/* 64-bit FNV-1a of n bytes. */
unsigned long long strmap_hash(const void *p, size_t n);

#endif
