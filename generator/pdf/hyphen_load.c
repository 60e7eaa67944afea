/* hyphen_load.c - reads a hyph_*.dic file (libhyphen's format, Debian's hyphen-* packages)
 * into the trie of hyphen_internal.h, in one pass.
 *
 * The format, as libhyphen 2.8.8 reads it (its README and README.nonstandard; imprint reads
 * the same files the same way, so that a word is hyphenated as LibreOffice does it):
 *
 * - The first line names the charset: "UTF-8", or an 8-bit one (ISO8859-1). Only its first
 *   19 bytes are the name; the rest of a longer first line is read as the next line.
 * - Every other line counts up to 98 bytes before its newline; a longer line is skipped.
 * - A line starting with `%` is a comment. `NEXTLEVEL` ends the first level (the
 *   compound-word patterns) and starts the second (syllables); a second NEXTLEVEL ends the
 *   file. `LEFTHYPHENMIN n`, `RIGHTHYPHENMIN n`, `COMPOUNDLEFTHYPHENMIN n`,
 *   `COMPOUNDRIGHTHYPHENMIN n` set the level's limits, `NOHYPHEN a,b` the strings no break
 *   may touch (the line's last byte, its newline, is not part of them).
 * - Any other line is a pattern, up to its first space or control byte: a digit is the value
 *   of the place between two letters (0 where none is written), every other byte a letter
 *   (`.` marks the word's start or end; a comment line starting with `#` is a harmless
 *   pattern of `#`s). `schif1f/ff=f,5,2` is non-standard: the break changes the spelling
 *   (`ff=f` replaces 2 letters from the 5th); without ",start,cut" the whole pattern part is
 *   replaced. A pattern with the same letters as an earlier one replaces it.
 *
 * A pattern keeps one value before each letter and one after the last, without its leading
 * zeros (a non-standard pattern keeps them, but for the one before a leading dot).
 *
 * Speed: libhyphen spends about 2 s on hyphen-de's 77,000 lines (a state and a hash entry
 * per prefix, and each prefix's fallback found by hashing every suffix); here a line costs
 * one hash probe per letter not shared with the previous line (the files are sorted), and
 * there are no fallbacks to compute (hyphen.c finds the longest match directly). */
#include "pdf/hyphen_internal.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES 98    /* the longest line read (libhyphen reads lines with fgets(100)) */
#define CHARSET_BYTES 19     /* the charset's share of the first line (fgets(20)) */
#define MAX_NODES (1u << 23) /* node ids fit 23 bits (a node's first child, with 9 bits) */

/* The dictionary being built, with its arrays' capacities. */
typedef struct loader {
    hy_dict *d;
    size_t cap_nodes, cap_pats, cap_strs, nedges;
    bool too_big; /* more nodes than MAX_NODES */
    /* the previous pattern's letters and its path of nodes: sorted files share prefixes */
    uint32_t prev_root;
    size_t prev_len;
    char prev[LINE_MAX_BYTES + 1];
    uint32_t path[LINE_MAX_BYTES + 2];
} loader;

static uint32_t new_node(loader *ld)
{
    hy_dict *d = ld->d;
    if (d->nnodes >= MAX_NODES) {
        ld->too_big = true;
        return 0;
    }
    if (d->nnodes == ld->cap_nodes) {
        ld->cap_nodes *= 2;
        d->nodes = xrealloc(d->nodes, ld->cap_nodes * sizeof *d->nodes);
    }
    d->nodes[d->nnodes] = (hy_node){0, HY_NONE};
    return (uint32_t)d->nnodes++;
}

/* Doubles the edge table (at half full) and puts every edge in its new slot. */
static void grow_edges(loader *ld)
{
    hy_dict *d = ld->d;
    uint64_t *old = d->edges;
    size_t n = d->edge_mask + 1;
    d->edge_mask = 2 * n - 1;
    d->edge_shift--;
    d->edges = xcalloc(2 * n, sizeof *d->edges);
    for (size_t i = 0; i < n; i++) {
        if (!old[i])
            continue;
        size_t s = hy_edge_slot(d, (uint32_t)(old[i] >> 32));
        while (d->edges[s])
            s = (s + 1) & d->edge_mask;
        d->edges[s] = old[i];
    }
    free(old);
}

/* The child of node through byte c, made when missing (0 when the trie is full): the node's
 * first child in the node, the others in the edge table. */
static uint32_t child_or_new(loader *ld, uint32_t node, unsigned char c)
{
    hy_dict *d = ld->d;
    uint32_t f = d->nodes[node].first, key = node << 8 | c, child;
    if (f && (f & 0xff) == c)
        return f >> 9;
    size_t s = hy_edge_slot(d, key);
    if (f & 0x100)
        for (; d->edges[s]; s = (s + 1) & d->edge_mask)
            if ((uint32_t)(d->edges[s] >> 32) == key)
                return (uint32_t)d->edges[s];
    if (!(child = new_node(ld)))
        return 0;
    if (!f) {
        d->nodes[node].first = child << 9 | c;
        return child;
    }
    while (d->edges[s]) /* a node's first extra child: its slot was not looked for */
        s = (s + 1) & d->edge_mask;
    d->nodes[node].first |= 0x100;
    d->edges[s] = (uint64_t)key << 32 | child;
    if (++ld->nedges * 2 > d->edge_mask + 1)
        grow_edges(ld);
    return child;
}

/* Appends n bytes and a NUL to strs; returns where they start. */
static uint32_t put_str(loader *ld, const char *s, size_t n)
{
    hy_dict *d = ld->d;
    if (d->nstrs + n + 1 > ld->cap_strs) {
        while (d->nstrs + n + 1 > ld->cap_strs)
            ld->cap_strs *= 2;
        d->strs = xrealloc(d->strs, ld->cap_strs);
    }
    uint32_t at = (uint32_t)d->nstrs;
    memcpy(d->strs + at, s, n);
    d->strs[at + n] = '\0';
    d->nstrs += n + 1;
    return at;
}

/* The node of the string word (n letters) under root, made with its prefixes when missing;
 * a prefix shared with the previous pattern is not looked up again. */
static uint32_t node_of(loader *ld, uint32_t root, const char *word, size_t n)
{
    size_t k = 0;
    if (ld->prev_root == root)
        while (k < n && k < ld->prev_len && word[k] == ld->prev[k])
            k++;
    else
        ld->path[0] = root;
    uint32_t node = ld->path[k];
    for (; k < n && node; k++)
        ld->path[k + 1] = node = child_or_new(ld, node, (unsigned char)word[k]);
    memcpy(ld->prev, word, n);
    ld->prev_len = node ? n : 0; /* after a failure nothing is shared */
    ld->prev_root = root;
    return node;
}

/* The number at s as atoi reads it, clamped to +-100000 (atoi's overflow is undefined, and
 * every use narrows it to a char anyway). */
static int number(const char *s)
{
    long v = strtol(s, NULL, 10);
    return v > 100000 ? 100000 : v < -100000 ? -100000 : (int)v;
}

/* A non-standard pattern's start and cut in a UTF-8 file count characters: turned into
 * bytes of word (n letters), as libhyphen does (the position just past the last letter
 * counts as a character, and the start loses one for a leading dot at the end). */
static void utf8_change(const char *word, size_t n, int *start, int *cut)
{
    int chars = -1, first = -1;
    for (size_t b = word[0] == '.' ? 1 : 0; b <= n; b++) {
        if (b == n || ((unsigned char)word[b] & 0xc0) != 0x80)
            chars++;
        if (first < 0 && *start == chars) {
            first = *start;
            *start = (int)b;
        }
        if (first >= 0 && chars - first == *cut) {
            *cut = (signed char)((int)b - *start);
            break;
        }
    }
    if (word[0] == '.')
        (*start)--;
}

/* Drops a line end ("\n", "\r\n" or "\r") from the end of s. */
static void chomp(char *s)
{
    size_t n = strlen(s);
    if (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    if (n && s[n - 1] == '\r')
        s[n - 1] = '\0';
}

/* A pattern line (NUL-terminated, its newline kept) into level lv. */
static void add_pattern(loader *ld, hy_level *lv, char *line)
{
    char word[LINE_MAX_BYTES + 1], vals[LINE_MAX_BYTES + 2];
    const char *change = NULL;
    int start = 0, cut = 0;
    char *slash = strchr(line, '/');
    if (slash) {
        *slash = '\0';
        change = slash + 1;
        char *comma = strchr(slash + 1, ',');
        if (comma) {
            *comma = '\0';
            char *comma2 = strchr(comma + 1, ',');
            if (comma2) {
                *comma2 = '\0';
                start = (signed char)(number(comma + 1) - 1);
                cut = (signed char)number(comma2 + 1);
            }
        } else {
            chomp(slash + 1);
            cut = (signed char)strlen(line); /* the whole pattern part, digits included */
        }
    }
    size_t n = 0;
    memset(vals, '0', sizeof vals);
    for (const char *p = line; (unsigned char)*p > ' ' && n < LINE_MAX_BYTES; p++) {
        if (*p >= '0' && *p <= '9')
            vals[n] = *p; /* the value before letter n (after the last one at the end) */
        else
            word[n++] = *p;
    }
    size_t from = 0;
    if (!change)
        while (from <= n && vals[from] == '0')
            from++;
    else {
        from = word[0] == '.' && n ? 1 : 0;
        if (ld->d->utf8)
            utf8_change(word, n, &start, &cut);
    }
    uint32_t node = node_of(ld, lv->root, word, n);
    if (!node && n)
        return;
    hy_dict *d = ld->d;
    if (d->nodes[node].pat == HY_NONE) {
        if (d->npats == ld->cap_pats) {
            ld->cap_pats *= 2;
            d->pats = xrealloc(d->pats, ld->cap_pats * sizeof *d->pats);
        }
        d->nodes[node].pat = (uint32_t)d->npats++;
    }
    hy_pattern *pt = &d->pats[d->nodes[node].pat];
    pt->vals = put_str(ld, vals + from, n + 1 - from);
    pt->nvals = (uint8_t)(n + 1 - from);
    pt->repl = change ? put_str(ld, change, strlen(change)) : HY_NONE;
    pt->replindex = (int8_t)start;
    pt->replcut = (int8_t)(cut ? cut : (int)n);
}

/* NOHYPHEN's list (after the keyword): its last byte dropped, split at the commas after its
 * first byte. */
static void set_nohyphen(loader *ld, hy_level *lv, const char *list)
{
    list += strspn(list, " \t");
    lv->nnohyphen = 0;
    size_t n = strlen(list);
    if (!n)
        return;
    lv->nohyphen = put_str(ld, list, n - 1);
    lv->nnohyphen = 1;
    for (size_t i = 1; i + 1 < n; i++)
        if (ld->d->strs[lv->nohyphen + i] == ',') {
            ld->d->strs[lv->nohyphen + i] = '\0';
            lv->nnohyphen++;
        }
}

/* One line of a level (NUL-terminated, its newline kept): a setting or a pattern. */
static void read_line(loader *ld, hy_level *lv, char *line)
{
    const char *const names[] = {"LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN",
                                 "COMPOUNDRIGHTHYPHENMIN"};
    int *const fields[] = {&lv->lhmin, &lv->rhmin, &lv->clhmin, &lv->crhmin};
    /* the settings are in capitals; patterns, by the thousand, rarely are */
    for (size_t k = 0; line[0] >= 'A' && line[0] <= 'Z' && k < sizeof names / sizeof *names; k++) {
        size_t len = strlen(names[k]);
        if (strncmp(line, names[k], len) == 0) {
            *fields[k] = (signed char)number(line + len); /* a char in libhyphen */
            return;
        }
    }
    if (line[0] == 'N' && strncmp(line, "NOHYPHEN", 8) == 0)
        set_nohyphen(ld, lv, line + 8);
    else
        add_pattern(ld, lv, line);
}

/* libhyphen's own top level for a file without NEXTLEVEL: no break next to a hyphen or an
 * apostrophe (and, in UTF-8, an en dash or a right single quote); its limits from the file's. */
static void builtin_top(loader *ld, const hy_level *file)
{
    static const char *const iso[] = {"NOHYPHEN ',-\n", "1-1\n", "1'1\n"};
    /* \x31 is "1": a plain 1 right after \x93 would be read as part of that escape */
    static const char *const utf8[] = {"NOHYPHEN ',\xe2\x80\x93,\xe2\x80\x99,-\n", "1-1\n", "1'1\n",
                                       "1\xe2\x80\x93\x31\n", "1\xe2\x80\x99\x31\n"};
    hy_dict *d = ld->d;
    const char *const *lines = d->utf8 ? utf8 : iso;
    size_t n = d->utf8 ? sizeof utf8 / sizeof *utf8 : sizeof iso / sizeof *iso;
    for (size_t i = 0; i < n; i++) {
        char line[LINE_MAX_BYTES + 2];
        strcpy(line, lines[i]);
        read_line(ld, &d->top, line);
    }
    d->top.lhmin = file->lhmin;
    d->top.rhmin = file->rhmin;
    d->top.clhmin = file->clhmin ? file->clhmin : file->lhmin ? file->lhmin : 3;
    d->top.crhmin = file->crhmin ? file->crhmin : file->rhmin ? file->rhmin : 3;
}

/* The charset at the start of data (len bytes); returns the bytes it takes. */
static size_t read_charset(hy_dict *d, const char *data, size_t len)
{
    size_t n = 0, name = 0;
    while (n < len && n < CHARSET_BYTES && data[n++] != '\n')
        ;
    while (name < n && data[name] != '\r' && data[name] != '\n' && data[name] != '\0')
        name++;
    d->utf8 = name == 5 && memcmp(data, "UTF-8", 5) == 0;
    return n;
}

/* The levels, line by line, from byte at of data; level 0 is first, level 1 after NEXTLEVEL.
 * Returns how many levels the file has (1 or 2). */
static int read_levels(loader *ld, hy_level lv[2], const char *data, size_t len, size_t at)
{
    int nlevels = 1;
    while (at < len && !ld->too_big) {
        const char *nl = memchr(data + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (data + at)) : len - at, next = at + n + (nl != NULL);
        char line[LINE_MAX_BYTES + 2];
        bool skip = n > LINE_MAX_BYTES || (nl && memchr(data + at, '\0', n));
        if (!skip) {
            memcpy(line, data + at, n);
            if (nl)
                line[n++] = '\n';
            line[n] = '\0';
        }
        at = next;
        if (skip)
            continue;
        if (strncmp(line, "NEXTLEVEL", 9) == 0) {
            if (nlevels == 2)
                break;
            nlevels = 2;
            lv[1].root = new_node(ld);
        } else if (line[0] != '%')
            read_line(ld, &lv[nlevels - 1], line);
    }
    return nlevels;
}

hy_dict *hy_dict_parse(const char *data, size_t len)
{
    hy_dict *d = xcalloc(1, sizeof *d);
    loader ld = {.d = d, .prev_root = HY_NONE};
    /* room for a typical file: a node and a value per 4 bytes, a pattern per 8; the edge
     * table (a node's children but its first) starts small */
    ld.cap_nodes = len / 4 + 16;
    ld.cap_pats = len / 8 + 16;
    ld.cap_strs = len + 64;
    d->nodes = xmalloc(ld.cap_nodes * sizeof *d->nodes);
    d->pats = xmalloc(ld.cap_pats * sizeof *d->pats);
    d->strs = xmalloc(ld.cap_strs);
    d->edges = xcalloc(1024, sizeof *d->edges);
    d->edge_mask = 1023;
    d->edge_shift = 32 - 10;
    new_node(&ld); /* node 0 stands for "none" (no child, a failure): roots come after */
    hy_level lv[2] = {{0}, {0}};
    lv[0].root = new_node(&ld);
    size_t at = read_charset(d, data, len);
    if (read_levels(&ld, lv, data, len, at) == 2) {
        d->top = lv[0];
        d->next = lv[1];
    } else {
        d->next = lv[0];
        d->top.root = new_node(&ld);
        builtin_top(&ld, &lv[0]);
    }
    if (ld.too_big) {
        hy_dict_free(d);
        d = NULL;
    }
    return d;
}

void hy_dict_free(hy_dict *d)
{
    if (!d)
        return;
    free(d->nodes);
    free(d->edges);
    free(d->pats);
    free(d->strs);
    free(d);
}
