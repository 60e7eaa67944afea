/* arena.c - bump allocator in chained blocks. */
#include "util/arena.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)

typedef struct block {
    struct block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} block;

struct arena {
    block *head;
};

arena *arena_new(void)
{
    return xcalloc(1, sizeof(arena));
}

void arena_free(arena *a)
{
    if (!a)
        return;
    block *b = a->head;
    while (b) {
        block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

/* n rounded up to a multiple of 16, the alignment of everything but text. */
static size_t round16(size_t n)
{
    return (n + 15) & ~(size_t)15;
}

/* n bytes at a multiple of align (1 or 16) in the current block, or a new one. */
static void *alloc_aligned(arena *a, size_t n, size_t align)
{
    if (align > 1)
        n = round16(n);
    block *b = a->head;
    if (b && align > 1) {
        size_t used = round16(b->used); /* after text, back to a multiple of 16 */
        b->used = used < b->size ? used : b->size;
    }
    if (!b || b->size - b->used < n) {
        size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
        block *nb = xmalloc(sizeof(block) + size);
        nb->size = size;
        nb->used = 0;
        if (n > ARENA_BLOCK / 4 && b) {
            /* a big allocation gets its own block behind the current one */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

void *arena_alloc(arena *a, size_t n)
{
    return alloc_aligned(a, n, 16);
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    /* text needs no alignment: a word costs its length, not a multiple of 16 */
    char *p = alloc_aligned(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

char *arena_cat(arena *a, ...)
{
    va_list ap;
    size_t n = 0;
    va_start(ap, a);
    for (const char *s; (s = va_arg(ap, const char *));)
        n += strlen(s);
    va_end(ap);
    char *p = arena_alloc(a, n + 1), *q = p;
    va_start(ap, a);
    for (const char *s; (s = va_arg(ap, const char *));) {
        size_t k = strlen(s);
        memcpy(q, s, k);
        q += k;
    }
    va_end(ap);
    *q = '\0';
    return p;
}

void *arena_realloc(arena *a, void *old, size_t old_n, size_t new_n)
{
    size_t old_r = round16(old_n), new_r = round16(new_n);
    void *p = NULL;
    /* a big array has a block of its own (arena_alloc): grow that block in place
     * of leaving the old copy behind, so a doubling array costs its size, not twice */
    if (old && old_r > ARENA_BLOCK / 4 && new_r > old_r) {
        for (block **pp = &a->head; *pp; pp = &(*pp)->next) {
            block *b = *pp;
            if ((void *)b->data != old || b->size != old_r)
                continue;
            b = xrealloc(b, sizeof(block) + new_r);
            memset(b->data + old_r, 0, new_r - old_r);
            b->size = b->used = new_r;
            *pp = b;
            p = b->data;
            goto out;
        }
    }
    p = arena_alloc(a, new_n);
    if (old && old_n)
        memcpy(p, old, old_n < new_n ? old_n : new_n);
out:
    return p;
}
