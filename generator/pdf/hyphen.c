/* hyphen.c - Liang hyphenation with the patterns TeX and LibreOffice use (Debian's hyph_*.dic).
 *
 * Franklin M. Liang's algorithm (Word Hy-phen-a-tion by Com-put-er, 1983): every pattern
 * found in ".word." puts its values between the letters it covers, the highest value wins at
 * each place, and an odd value is a break. The dictionaries are libhyphen's, read by
 * hyphen_load.c, and imprint applies them as libhyphen 2.8.8 does (hnj_hyphen_hyphenate3),
 * so that a word breaks where LibreOffice breaks it (tests/unit/test_hyphen.c compares the
 * two on thousands of words):
 *
 * - At each letter only one pattern counts: the longest string ending there that starts some
 *   pattern (the state of libhyphen's automaton), when it is a whole pattern. The files are
 *   prepared for this (each pattern carries the values of the patterns inside it).
 * - Two levels. The top level's odd values cut the word into parts (German's compound
 *   words: Donau|dampf|schiff...); each part is hyphenated again by the top level on its
 *   own, until a part has no cut: that part gets the next level's values (syllables), with
 *   no break in its first COMPOUNDLEFTHYPHENMIN - 1 letters unless it starts the word, nor
 *   its last COMPOUNDRIGHTHYPHENMIN letters unless it ends it. A file without NEXTLEVEL has
 *   libhyphen's built-in top level, which only cuts at hyphens and apostrophes.
 * - Then no break in the word's first LEFTHYPHENMIN - 1 letters and its last
 *   RIGHTHYPHENMIN (at least imprint's 2 and 3), nor next to a NOHYPHEN string.
 * - A non-standard break (`schif1f/ff=f`) would change the spelling: imprint never uses
 *   it (a place where such a pattern won is marked, at either level, and not offered).
 *   At a compound cut it changes the first part's letters before that part is hyphenated,
 *   as in libhyphen (Schiffahrt: "schiff" then "fahrt").
 *
 * Values are kept per byte of the word in the dictionary's encoding (a letter's value is on
 * its last byte). */
#include "pdf/hyphen.h"
#include "core/lang.h"
#include "pdf/hyphen_internal.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fsutil.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HYPHEN_DIR "/usr/share/hyphen"
#define LEFT_MIN 2
#define RIGHT_MIN 3
/* how deep compound parts are cut again; a part deeper than this (never seen in a real
 * word: 3 is a lot) is hyphenated as it is */
#define MAX_DEPTH 32

struct pdf_hyphenator {
    hy_dict *dict;
    bool nouns; /* the language capitalises its nouns (German): a capital starts a word */
};

/* A place where a non-standard pattern won: its change, where the change starts (pos bytes
 * before the place's byte + 1) and how many bytes it replaces. */
typedef struct mark {
    uint32_t repl; /* offset of the change in the dictionary's strs, or HY_NONE */
    int pos, cut;
} mark;

/* Scratch for one level's run over a text of up to n bytes (its arrays in one block). */
typedef struct run {
    unsigned char *p;    /* ".text.", n + 2 bytes */
    char *r;             /* values before the shift: r[i] is the place after p[i] */
    uint32_t *best;      /* per end in p: the longest state ending there, or HY_NONE */
    uint32_t *mrepl;     /* per place: the change of the non-standard pattern that set it */
    long *mindex, *mlen; /* per change start: its winning place and its length */
    void *block;
    size_t cap; /* the longest text it has room for */
} run;

/* One word's hyphenation: the dictionary, the limits of the word and of its compound parts,
 * and the scratch every level's run uses in turn (runs never overlap). */
typedef struct job {
    const hy_dict *d;
    int left, right, cleft, cright;
    run w;
    long parts; /* compound parts still to cut again: a hostile dictionary whose changes keep
                   a part as long as its word would otherwise branch exponentially */
} job;

/* Points w's arrays into one block (w's previous one freed) for texts of up to n bytes. */
static void run_alloc(run *w, size_t n)
{
    size_t k = n + 3;
    free(w->block);
    char *block = xmalloc(2 * k * sizeof(long) + 2 * k * sizeof(uint32_t) + 2 * k);
    w->mindex = (long *)block;
    w->mlen = w->mindex + k;
    w->best = (uint32_t *)(w->mlen + k);
    w->mrepl = w->best + k;
    w->p = (unsigned char *)(w->mrepl + k);
    w->r = (char *)w->p + k;
    w->block = block;
    w->cap = n;
}

/* Finds, for every end in w->p (m bytes), the longest string ending there that is a node of
 * level lv: the state libhyphen's automaton is in after that byte. */
static void longest_states(const hy_dict *d, const hy_level *lv, run *w, size_t m)
{
    for (size_t e = 0; e < m; e++)
        w->best[e] = HY_NONE;
    /* starts from the left: the first start that reaches an end is the longest */
    for (size_t st = 0; st < m; st++) {
        uint32_t node = lv->root;
        for (size_t e = st; e < m; e++) {
            node = hy_child(d, node, w->p[e]);
            if (!node)
                break;
            if (w->best[e] == HY_NONE)
                w->best[e] = node;
        }
    }
}

/* Puts the values of the pattern ending at e into w->r, noting the non-standard ones. */
static void apply(const hy_dict *d, const hy_pattern *pt, run *w, size_t e, size_t m)
{
    const char *vals = d->strs + pt->vals;
    long off = (long)e + 1 - pt->nvals, start = off + pt->replindex;
    bool nonstd = pt->repl != HY_NONE, has_start = nonstd && start >= 0 && start <= (long)m;
    if (has_start)
        w->mlen[start] = pt->replcut;
    for (long k = off < 0 ? -off : 0; k < pt->nvals; k++) {
        if (w->r[off + k] >= vals[k])
            continue;
        w->r[off + k] = vals[k];
        if (!(vals[k] & 1))
            continue;
        w->mrepl[off + k] = pt->repl;
        if (has_start && k >= pt->replindex && k <= pt->replindex + pt->replcut)
            w->mindex[start] = off + k;
    }
}

/* One level's values for s (n bytes): v[i] for the place after byte i ('0'..'9'), marks
 * set where a non-standard pattern won. */
static void run_level(job *jb, const hy_level *lv, const unsigned char *s, size_t n, char *v,
                      mark *mk)
{
    const hy_dict *d = jb->d;
    run *w = &jb->w;
    size_t m = n + 2;
    if (n > w->cap) /* a part with a change's letters can be longer than its word */
        run_alloc(w, n);
    w->p[0] = w->p[m - 1] = '.';
    for (size_t i = 0; i < n; i++)
        w->p[i + 1] = s[i] >= '0' && s[i] <= '9' ? '.' : s[i];
    for (size_t i = 0; i <= m; i++) {
        w->r[i] = '0';
        w->mrepl[i] = HY_NONE;
        w->mindex[i] = -1;
        w->mlen[i] = 0;
    }
    longest_states(d, lv, w, m);
    for (size_t e = 0; e < m; e++) {
        uint32_t pi = w->best[e] == HY_NONE ? HY_NONE : d->nodes[w->best[e]].pat;
        if (pi != HY_NONE)
            apply(d, &d->pats[pi], w, e, m);
    }
    /* r[i + 1] is the place after s[i]; none after the last byte */
    for (size_t i = 0; i + 1 < n; i++)
        v[i] = w->r[i + 1];
    if (n)
        v[n - 1] = '0';
    /* a change's winning place is marked (a change covers its length: the next is after it) */
    for (size_t i = 0; i < n; i++) {
        long at = w->mindex[i];
        if (at < 0 || w->mrepl[at] == HY_NONE)
            continue;
        if (at >= 1 && at - 1 < (long)n)
            mk[at - 1] = (mark){w->mrepl[at], (int)(at - (long)i), (int)w->mlen[i]};
        if (w->mlen[i] > 1)
            i += (size_t)w->mlen[i] - 1;
    }
}

/* No break in the first min - 1 letters of s (digits do not count as letters). */
static void cut_left(const unsigned char *s, size_t n, char *v, int min, bool utf8)
{
    int c = 1;
    for (size_t j = 0; j < n && s[j] >= '0' && s[j] <= '9'; j++)
        c--;
    for (size_t j = 0; c < min && j < n && s[j]; c++)
        do
            v[j++] = '0';
        while (utf8 && j < n && (s[j] & 0xc0) == 0x80);
}

/* No break before the last min letters of s (digits at the end do not count). */
static void cut_right(const unsigned char *s, size_t n, char *v, int min, bool utf8)
{
    int c = 0;
    for (size_t j = n; j > 1 && s[j - 1] >= '0' && s[j - 1] <= '9'; j--)
        c--;
    for (size_t j = n ? n - 1 : 0; c < min && j > 0; j--) {
        v[j] = '0';
        if (!utf8 || (s[j] & 0xc0) != 0x80)
            c++;
    }
}

/* Buffers for the compound parts of a text of n bytes, one part at a time. */
typedef struct parts {
    unsigned char *text; /* the part, n + 2 bytes */
    char *v;             /* its values */
    mark *mk;            /* its marks */
} parts;

static void hyphenate_part(job *jb, const unsigned char *s, size_t n, char *v, mark *mk, bool lend,
                           bool rend, int depth);

/* The compound part s[begin..i] of s (n bytes), hyphenated on its own into v and mk. When a
 * non-standard pattern won at i, the part ends with the change's first half (before its
 * '='), as libhyphen does. */
static void part(job *jb, const unsigned char *s, size_t n, char *v, mark *mk, parts *pb,
                 size_t begin, size_t i, bool lend, bool rend, int depth)
{
    size_t len = i - begin + 1;
    memcpy(pb->text, s, n);
    pb->text[n] = pb->text[n + 1] = '\0';
    if (mk[i].repl != HY_NONE) {
        const char *repl = jb->d->strs + mk[i].repl, *eq = strchr(repl, '=');
        long at = (long)i + 1 - mk[i].pos, extra = eq ? (eq - repl) - mk[i].pos : 0;
        long rl = (long)strlen(repl);
        for (long k = at < 0 ? 0 : at; k <= (long)n; k++) /* then NULs; text[n + 1] is one */
            pb->text[k] = k - at < rl ? (unsigned char)repl[k - at] : '\0';
        long total = (long)len + extra, room = (long)n + 2 - (long)begin;
        len = total < 0 ? 0 : total > room ? (size_t)room : (size_t)total;
    }
    for (size_t j = 0; j < n + 2; j++) {
        pb->v[j] = '0';
        pb->mk[j].repl = HY_NONE;
    }
    if (len)
        hyphenate_part(jb, pb->text + begin, len, pb->v, pb->mk, begin > 0 ? false : lend,
                       (v[i] & 1) ? false : rend, depth + 1);
    /* libhyphen 2.8.8 takes the part's values but for its last two places: the place after
     * its last byte is the cut, the one before it keeps the top level's (even) value */
    for (size_t j = 0; j + 1 < i - begin; j++) {
        v[begin + j] = pb->v[j];
        if (pb->mk[j].repl != HY_NONE)
            mk[begin + j] = pb->mk[j];
    }
}

/* The values of s (n bytes), a word or a compound part of one: the top level's, then its
 * cuts' parts on their own, or, without a cut, the next level's. lend and rend: s starts and
 * ends the word (else the compound limits apply at that end). */
static void hyphenate_part(job *jb, const unsigned char *s, size_t n, char *v, mark *mk, bool lend,
                           bool rend, int depth)
{
    parts pb = {NULL, NULL, NULL};
    run_level(jb, &jb->d->top, s, n, v, mk);
    size_t begin = 0;
    if (jb->parts-- <= 0)
        depth = MAX_DEPTH; /* the word's budget is spent: no more cuts */
    /* a part's values go to places before its end only: v[i] is read before it changes */
    for (size_t i = 0; i < n && depth < MAX_DEPTH; i++) {
        if (!((v[i] & 1) || (begin > 0 && i + 1 == n)))
            continue;
        if (i > begin) {
            if (!pb.text) {
                pb.text = xmalloc(n + 2);
                pb.v = xmalloc(n + 2);
                pb.mk = xmalloc((n + 2) * sizeof *pb.mk);
            }
            part(jb, s, n, v, mk, &pb, begin, i, lend, rend, depth);
        }
        begin = i + 1;
    }
    free(pb.text);
    free(pb.v);
    free(pb.mk);
    if (begin > 0)
        return;
    run_level(jb, &jb->d->next, s, n, v, mk);
    if (!lend)
        cut_left(s, n, v, jb->cleft, jb->d->utf8);
    if (!rend)
        cut_right(s, n, v, jb->cright, jb->d->utf8);
}

/* No break next to (before or at the end of) an occurrence of a NOHYPHEN string. */
static void no_hyphen(const hy_dict *d, const unsigned char *s, size_t n, char *v)
{
    const char *e = d->strs + d->top.nohyphen;
    for (int k = 0; k < d->top.nnohyphen; k++, e += strlen(e) + 1) {
        size_t el = strlen(e);
        for (size_t p = 0; p + el <= n; p++) {
            if (memcmp(s + p, e, el) != 0)
                continue;
            if (p + el >= 1)
                v[p + el - 1] = '0';
            if (p >= 1)
                v[p - 1] = '0';
        }
    }
}

/* The values of the word s (n bytes in the dictionary's encoding, lower case) into v (odd:
 * a break after that byte) and mk (HY_NONE where no non-standard pattern won). */
static void hyphenate_word(const hy_dict *d, const unsigned char *s, size_t n, char *v, mark *mk)
{
    job jb = {d,
              d->top.lhmin > LEFT_MIN ? d->top.lhmin : LEFT_MIN,
              d->top.rhmin > RIGHT_MIN ? d->top.rhmin : RIGHT_MIN,
              d->top.clhmin > LEFT_MIN ? d->top.clhmin : LEFT_MIN,
              d->top.crhmin > RIGHT_MIN ? d->top.crhmin : RIGHT_MIN,
              {0},
              64 * (long)(n + 1)};
    run_alloc(&jb.w, n);
    for (size_t i = 0; i < n; i++) {
        v[i] = '0';
        mk[i].repl = HY_NONE;
    }
    hyphenate_part(&jb, s, n, v, mk, true, true, 0);
    cut_left(s, n, v, jb.left, d->utf8);
    cut_right(s, n, v, jb.right, d->utf8);
    no_hyphen(d, s, n, v);
    free(jb.w.block);
}

pdf_hyphenator *pdf_hyphenator_parse(const char *data, size_t len)
{
    pdf_hyphenator *h = NULL;
    hy_dict *d = hy_dict_parse(data, len);
    if (d) {
        h = xcalloc(1, sizeof *h);
        h->dict = d;
    }
    return h;
}

pdf_hyphenator *pdf_hyphenator_load(const char *path)
{
    err_list errs = ERR_LIST_INIT;
    size_t len = 0;
    char *data = fs_read(path, &len, &errs);
    pdf_hyphenator *h = data ? pdf_hyphenator_parse(data, len) : NULL;
    free(data);
    err_list_free(&errs);
    return h;
}

pdf_hyphenator *pdf_hyphenator_new(const char *lang)
{
    char ll[8], cc[8] = {0};
    lang_primary(lang, ll);
    size_t i = strlen(ll);
    if (lang && (lang[i] == '-' || lang[i] == '_')) {
        size_t j = 0;
        for (i++; lang[i] && j < 7 && isalpha((unsigned char)lang[i]); i++)
            cc[j++] = (char)toupper((unsigned char)lang[i]);
    }
    if (!ll[0])
        return NULL;
    /* a bare language gets its most common country's patterns */
    static const char *defaults[][2] = {{"en", "US"}, {"de", "DE"}, {"fr", "FR"}, {"es", "ES"},
                                        {"it", "IT"}, {"nl", "NL"}, {"pt", "PT"}, {"pl", "PL"}};
    const char *dflt = "";
    for (size_t k = 0; k < sizeof defaults / sizeof *defaults; k++)
        if (strcmp(defaults[k][0], ll) == 0)
            dflt = defaults[k][1];
    char *candidates[3] = {cc[0] ? xasprintf("%s/hyph_%s_%s.dic", HYPHEN_DIR, ll, cc) : NULL,
                           xasprintf("%s/hyph_%s.dic", HYPHEN_DIR, ll),
                           dflt[0] ? xasprintf("%s/hyph_%s_%s.dic", HYPHEN_DIR, ll, dflt) : NULL};
    pdf_hyphenator *h = NULL;
    for (int k = 0; k < 3 && !h; k++)
        if (candidates[k] && access(candidates[k], R_OK) == 0)
            h = pdf_hyphenator_load(candidates[k]);
    if (h)
        h->nouns = strcmp(ll, "de") == 0 || strcmp(ll, "lb") == 0;
    for (int k = 0; k < 3; k++)
        free(candidates[k]);
    return h;
}

void pdf_hyphenator_free(pdf_hyphenator *h)
{
    if (!h)
        return;
    hy_dict_free(h->dict);
    free(h);
}

/* The lower case of a Latin letter (ASCII and Latin-1: the letters the
 * patterns are written in); other code points as they are. */
static uint32_t latin_lower(uint32_t cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
        return cp + 0x20;
    return cp;
}

size_t pdf_hyphenate(const pdf_hyphenator *h, const char *word, size_t len, size_t *points,
                     size_t max)
{
    size_t found = 0, nch = 0;
    buf enc = BUF_INIT;
    /* for each character: the last byte of its encoding for the patterns (its value is
     * there), and where it ends in word (a break after it goes there) */
    size_t *enc_end = xmalloc((len + 1) * sizeof *enc_end),
           *src_end = xmalloc((len + 1) * sizeof *src_end);
    char *v = NULL;
    mark *mk = NULL;
    for (size_t i = 0, n; i < len; i += n) {
        uint32_t cp = latin_lower(utf8_next(word + i, len - i, &n));
        if (cp < 0x20)
            goto out; /* a control character (a NUL ends the patterns' strings): not a word */
        if (h->dict->utf8)
            utf8_put(&enc, cp);
        else if (cp <= 0xff) /* the dictionary's ISO 8859-1 */
            buf_putc(&enc, (char)cp);
        else
            goto out; /* a letter the patterns cannot have: the word stays whole */
        enc_end[nch] = enc.len - 1;
        src_end[nch++] = i + n;
    }
    if (!nch)
        goto out;
    v = xmalloc(enc.len);
    mk = xmalloc(enc.len * sizeof *mk);
    hyphenate_word(h->dict, (const unsigned char *)enc.data, enc.len, v, mk);
    for (size_t k = 0; k + 1 < nch && found < max; k++)
        /* not a non-standard break: the spelling would change */
        if ((v[enc_end[k]] & 1) && mk[enc_end[k]].repl == HY_NONE)
            points[found++] = src_end[k];
out:
    free(v);
    free(mk);
    free(enc_end);
    free(src_end);
    buf_free(&enc);
    return found;
}

bool pdf_hyphenator_capitalised(const pdf_hyphenator *h)
{
    return h && h->nouns;
}

const char *pdf_hyphen_package(const char *lang)
{
    /* languages with Liang patterns in a Debian hyphen-* package */
    static const char *const pkgs[][2] = {
        {"en", "hyphen-en-us"}, {"de", "hyphen-de"}, {"fr", "hyphen-fr"},    {"es", "hyphen-es"},
        {"it", "hyphen-it"},    {"nl", "hyphen-nl"}, {"pt", "hyphen-pt-pt"}, {"pl", "hyphen-pl"},
        {"ru", "hyphen-ru"},    {"uk", "hyphen-uk"}, {"hu", "hyphen-hu"},    {"cs", "hyphen-cs"},
        {"sk", "hyphen-sk"},    {"sl", "hyphen-sl"}, {"sv", "hyphen-sv"},    {"da", "hyphen-da"},
        {"ca", "hyphen-ca"},    {"hr", "hyphen-hr"}, {"ro", "hyphen-ro"},    {"lt", "hyphen-lt"},
        {"el", "hyphen-el"}};
    char ll[8];
    lang_primary(lang, ll);
    for (size_t k = 0; k < sizeof pkgs / sizeof *pkgs; k++)
        if (strcmp(pkgs[k][0], ll) == 0)
            return pkgs[k][1];
    return NULL;
}
