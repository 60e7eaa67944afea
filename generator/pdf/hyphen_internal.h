/* hyphen_internal.h - a loaded hyph_*.dic dictionary, shared by hyphen_load.c (which reads
 * it) and hyphen.c (which hyphenates with it) only.
 *
 * The patterns of both levels live in one trie of bytes: a node is a string of pattern
 * letters (a prefix of at least one pattern). A node keeps its first child in itself (most
 * nodes have one: German's compound words are long chains), the others are found through a
 * hash table of edges (parent node, byte) -> child; a node that is a whole pattern points at
 * its values. Everything is read-only once loaded. */
#ifndef IMPRINT_PDF_HYPHEN_INTERNAL_H
#define IMPRINT_PDF_HYPHEN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HY_NONE UINT32_MAX /* no pattern, no change string */

/* A pattern: its digits, and for a non-standard one (`schif1f/ff=f,5,2`) the change. */
typedef struct hy_pattern {
    uint32_t vals;    /* offset in strs of its values, '0'..'9' (see hyphen_load.c) */
    uint32_t repl;    /* offset in strs of the change ("ff=f", NUL-terminated), or HY_NONE */
    uint8_t nvals;    /* how many values */
    int8_t replindex; /* where the change starts (byte, 0-based, dot not counted) */
    int8_t replcut;   /* how many bytes of the word it replaces */
} hy_pattern;

/* One level of patterns with the settings its part of the file gave (0: not given). */
typedef struct hy_level {
    uint32_t root;      /* the trie node of the empty string */
    int lhmin, rhmin;   /* LEFTHYPHENMIN, RIGHTHYPHENMIN */
    int clhmin, crhmin; /* COMPOUNDLEFTHYPHENMIN, COMPOUNDRIGHTHYPHENMIN */
    uint32_t nohyphen;  /* offset in strs of NOHYPHEN's entries, each NUL-terminated */
    int nnohyphen;      /* how many entries (0: no NOHYPHEN) */
} hy_level;

/* A node of the trie. */
typedef struct hy_node {
    uint32_t first; /* first child << 9 | 0x100 when there are more | its byte; 0: none */
    uint32_t pat;   /* its pattern's index in pats, or HY_NONE */
} hy_node;

/* A dictionary as libhyphen applies it: the top level, then the next one on each part
 * the top level's odd values cut the word into (see hyphen.c). A file with NEXTLEVEL
 * gives both (compound words, then syllables); a file without has its patterns as the
 * next level under libhyphen's built-in top level (hyphens and apostrophes). */
typedef struct hy_dict {
    bool utf8;          /* the patterns are UTF-8 (else ISO 8859-1) */
    hy_level top, next; /* the two levels */
    hy_node *nodes;     /* node 0 is no node: the roots come after it, never children */
    size_t nnodes;
    uint64_t *edges;     /* children but the first: (parent << 8 | byte) << 32 | child; 0: free */
    size_t edge_mask;    /* slots - 1 (a power of two, at most 2^31) */
    unsigned edge_shift; /* 32 - log2(slots): a key's slot is the top bits of its hash */
    hy_pattern *pats;
    size_t npats;
    char *strs; /* values, change strings and NOHYPHEN entries */
    size_t nstrs;
} hy_dict;

/* Reads a dictionary from the len bytes at data (hyph_*.dic's format, hyphen_load.c).
 * Returns it (free with hy_dict_free), or NULL when it is too big for the trie (8 million
 * nodes). Allocates what it returns; data is not kept. */
hy_dict *hy_dict_parse(const char *data, size_t len);
/* Frees d and everything in it; NULL does nothing. */
void hy_dict_free(hy_dict *d);

/* Where the edge with key (parent << 8 | byte) is looked for first (Fibonacci hashing). */
static inline size_t hy_edge_slot(const hy_dict *d, uint32_t key)
{
    return (uint32_t)(key * 0x9e3779b1u) >> d->edge_shift;
}

/* The child of node through byte c, or 0 when there is none. */
static inline uint32_t hy_child(const hy_dict *d, uint32_t node, unsigned char c)
{
    uint32_t f = d->nodes[node].first;
    if ((f & 0xff) == c && f)
        return f >> 9;
    if (!(f & 0x100))
        return 0;
    uint32_t key = node << 8 | c;
    for (size_t i = hy_edge_slot(d, key);; i = (i + 1) & d->edge_mask) {
        uint64_t e = d->edges[i];
        if (!e)
            return 0;
        if ((uint32_t)(e >> 32) == key)
            return (uint32_t)e;
    }
}

#endif
