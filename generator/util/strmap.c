/* strmap.c - open-addressing hash map with linear probing and FNV-1a hashing. */
#include "util/strmap.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

unsigned long long strmap_hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void grow(strmap *m)
{
    strmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->keys = xcalloc(m->cap, sizeof *m->keys);
    m->vals = xcalloc(m->cap, sizeof *m->vals);
    m->len = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i])
            strmap_put(m, old.keys[i], old.vals[i]);
    free(old.keys);
    free(old.vals);
}

void *strmap_put(strmap *m, const char *key, void *val)
{
    if ((m->len + 1) * 4 > m->cap * 3)
        grow(m);
    size_t i = (size_t)strmap_hash(key, strlen(key)) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0) {
            void *prev = m->vals[i];
            m->vals[i] = val;
            return prev;
        }
        i = (i + 1) & (m->cap - 1);
    }
    m->keys[i] = key;
    m->vals[i] = val;
    m->len++;
    return NULL;
}

void *strmap_get(const strmap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t i = (size_t)strmap_hash(key, strlen(key)) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], key) == 0)
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NULL;
}

void strmap_free(strmap *m)
{
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->len = 0;
}
