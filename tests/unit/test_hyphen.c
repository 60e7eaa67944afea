/* test_hyphen.c - imprint's hyphenation (pdf/hyphen.c, which reads the hyph_*.dic files
 * itself) against libhyphen's, linked into this test only as the oracle: the same break
 * points for every word of real text (the repository's English Markdown, German and French
 * sentences of tests/fixtures/hyphen/ and tests/bench/lang/) in every installed dictionary
 * (en_US, de_DE, fr), and for generated words in made-up dictionaries that use every feature
 * of the format (tests/fixtures/hyphen/features-*.dic). Prints the load times (not checked).
 * Runs from the repository root. */
#include "pdf/hyphen.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fsutil.h"
#include "util/strmap.h"
#include "util/utf8.h"
#include "util/xalloc.h"
#include "test.h"

#include <hyphen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_POINTS 64

/* A set of distinct words, in the order first seen. */
typedef struct words {
    char **w;
    size_t n, cap;
    strmap seen;
} words;

static void words_add(words *ws, const char *s, size_t n)
{
    char *w = xmalloc(n + 1);
    memcpy(w, s, n);
    w[n] = '\0';
    if (strmap_get(&ws->seen, w)) {
        free(w);
        return;
    }
    if (ws->n == ws->cap) {
        ws->cap = ws->cap ? 2 * ws->cap : 1024;
        ws->w = xrealloc(ws->w, ws->cap * sizeof *ws->w);
    }
    ws->w[ws->n++] = w;
    strmap_put(&ws->seen, w, w);
}

static void words_free(words *ws)
{
    for (size_t i = 0; i < ws->n; i++)
        free(ws->w[i]);
    free(ws->w);
    strmap_free(&ws->seen);
}

/* The letters pdf/inline.c hyphenates: ASCII, Latin-1 and Latin Extended-A/B, Greek,
 * Cyrillic. */
static bool is_letter(uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
           (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7) ||
           (cp >= 0x370 && cp <= 0x52f && cp != 0x37e && cp != 0x387);
}

/* Every run of letters in the file at path. Returns 0, or -1 when it cannot be read. */
static int words_of_file(words *ws, const char *path)
{
    err_list errs = ERR_LIST_INIT;
    size_t len = 0;
    char *text = fs_read(path, &len, &errs);
    err_list_free(&errs);
    if (!text)
        return -1;
    for (size_t i = 0, n, start = 0; i <= len; i += n) {
        n = 1;
        bool letter = i < len && is_letter(utf8_next(text + i, len - i, &n));
        if (!letter) {
            if (i > start)
                words_add(ws, text + start, i - start);
            start = i + n;
        }
    }
    free(text);
    return 0;
}

/* Every word of the Markdown files under root. */
static void words_of_tree(words *ws, const char *root)
{
    fs_list l = {0};
    err_list errs = ERR_LIST_INIT;
    if (fs_walk(root, &l, &errs) == 0)
        for (size_t i = 0; i < l.len; i++) {
            size_t n = strlen(l.paths[i]);
            if (n < 3 || strcmp(l.paths[i] + n - 3, ".md") != 0)
                continue;
            char *path = fs_join(root, l.paths[i]);
            words_of_file(ws, path);
            free(path);
        }
    fs_list_free(&l);
    err_list_free(&errs);
}

/* Generated words: 1 to 4 pieces (syllables of the made-up dictionaries' patterns, and
 * single letters), from a fixed seed. */
static void words_generated(words *ws, const char *const *pieces, size_t npieces, size_t count)
{
    uint32_t seed = 17;
    for (size_t i = 0; i < count; i++) {
        buf b = BUF_INIT;
        seed = seed * 1103515245u + 12345u;
        size_t parts = 1 + (seed >> 16) % 4;
        for (size_t k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            buf_puts(&b, pieces[(seed >> 16) % npieces]);
        }
        if (b.len)
            words_add(ws, b.data, b.len);
        buf_free(&b);
    }
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

#define PAD 256 /* NUL bytes around the word the oracle passes to libhyphen */

/* The break points libhyphen gives word (as pdf/hyphen.c passes it: lower case, in the
 * dictionary's encoding; no break of a non-standard pattern; at least 2 letters before a
 * break and 3 after): byte offsets into word, as pdf_hyphenate writes them. */
static size_t oracle(HyphenDict *d, const char *word, size_t len, size_t *points, size_t max)
{
    buf enc = BUF_INIT;
    size_t nch = 0, found = 0, *src_end = xmalloc((len + 1) * sizeof *src_end);
    char **rep = NULL, *hy = NULL, *padded = NULL;
    int *pos = NULL, *cut = NULL;
    for (size_t i = 0, n; i < len; i += n) {
        uint32_t cp = utf8_next(word + i, len - i, &n);
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xc0 && cp <= 0xde && cp != 0xd7))
            cp += 0x20;
        if (d->utf8)
            utf8_put(&enc, cp);
        else if (cp <= 0xff)
            buf_putc(&enc, (char)cp);
        else
            goto out;
        src_end[nch++] = i + n;
    }
    if (!nch)
        goto out;
    hy = xcalloc(enc.len + 5, 1);
    /* the word between NUL paddings: libhyphen's hnj_hyphen_rhmin measures a non-standard
     * change's rest from an offset it computes per byte in a UTF-8 word, which can point
     * outside the word (it crashed on some words of the made-up UTF-8 dictionary) */
    padded = xcalloc(enc.len + 2 * PAD + 1, 1);
    memcpy(padded + PAD, enc.data, enc.len);
    if (hnj_hyphen_hyphenate3(d, padded + PAD, (int)enc.len, hy, NULL, &rep, &pos, &cut, 2, 3, 2,
                              3))
        goto out;
    /* hy and rep are per character (UTF-8 values moved to their character by libhyphen) */
    for (size_t k = 0; k + 1 < nch && found < max; k++)
        if ((hy[k] & 1) && !(rep && rep[k]))
            points[found++] = src_end[k];
out:
    if (rep)
        for (size_t i = 0; i < enc.len; i++)
            free(rep[i]);
    free(rep);
    free(pos);
    free(cut);
    free(hy);
    free(padded);
    free(src_end);
    buf_free(&enc);
    return found;
}

/* word with a '-' at each of its n points, for messages (a static buffer). */
static const char *shown(const char *word, const size_t *pts, size_t n)
{
    static char out[512];
    size_t o = 0, from = 0;
    for (size_t k = 0; k <= n && o + 2 < sizeof out; k++) {
        size_t to = k < n ? pts[k] : strlen(word);
        for (size_t i = from; i < to && o + 2 < sizeof out; i++)
            out[o++] = word[i];
        if (k < n)
            out[o++] = '-';
        from = to;
    }
    out[o] = '\0';
    return out;
}

/* Hyphenates every word with both and counts the words where they differ (the first few
 * printed); *breaks gets how many break points imprint found. */
static size_t compare(const pdf_hyphenator *h, HyphenDict *d, const words *ws, const char *name,
                      size_t *breaks)
{
    size_t differ = 0;
    *breaks = 0;
    for (size_t i = 0; i < ws->n; i++) {
        const char *w = ws->w[i];
        size_t a[MAX_POINTS], b[MAX_POINTS];
        size_t na = pdf_hyphenate(h, w, strlen(w), a, MAX_POINTS);
        size_t nb = oracle(d, w, strlen(w), b, MAX_POINTS);
        *breaks += na;
        if (na == nb && memcmp(a, b, na * sizeof *a) == 0)
            continue;
        if (differ++ < 10) {
            fprintf(stderr, "#   %s: imprint %s", name, shown(w, a, na));
            fprintf(stderr, ", libhyphen %s\n", shown(w, b, nb));
        }
    }
    return differ;
}

/* One dictionary: loaded by both (timed), then every word list compared. */
static void check_dict(const char *path, const char *lang, const words *lists[], size_t nlists)
{
    if (access(path, R_OK) != 0) {
        printf("# %s is not installed: not compared\n", path);
        return;
    }
    double t0 = now_ms();
    pdf_hyphenator *h = lang ? pdf_hyphenator_new(lang) : pdf_hyphenator_load(path);
    double t1 = now_ms();
    HyphenDict *d = hnj_hyphen_load(path);
    double t2 = now_ms();
    /* (this test runs under ASan and UBSan: both load faster in a release build) */
    printf("# %s: loaded by imprint in %.1f ms, by libhyphen in %.1f ms\n", path, t1 - t0, t2 - t1);
    OK(h != NULL && d != NULL, "both load the dictionary");
    size_t total = 0, differ = 0, breaks = 0;
    for (size_t k = 0; h && d && k < nlists; k++) {
        size_t b = 0;
        differ += compare(h, d, lists[k], path, &b);
        total += lists[k]->n;
        breaks += b;
    }
    printf("# %s: %zu words, %zu break points, %zu differ\n", path, total, breaks, differ);
    OK(breaks > total / 4, "words are hyphenated");
    INT_EQ(differ, 0, "imprint breaks every word where libhyphen does");
    pdf_hyphenator_free(h);
    if (d)
        hnj_hyphen_free(d);
}

static void test_real_dictionaries(void)
{
    words en = {0}, de = {0}, fr = {0};
    words_of_tree(&en, "content");
    words_of_tree(&en, "docs");
    words_of_file(&en, "tests/bench/lang/en.md");
    OK(words_of_file(&de, "tests/fixtures/hyphen/de.txt") == 0, "the German text is there");
    words_of_file(&de, "tests/bench/lang/de.md");
    OK(words_of_file(&fr, "tests/fixtures/hyphen/fr.txt") == 0, "the French text is there");
    printf("# words: %zu English, %zu German, %zu French\n", en.n, de.n, fr.n);
    OK(en.n > 3000 && de.n > 400 && fr.n > 150, "enough words");
    /* every list in every dictionary: umlauts in the UTF-8 English patterns, English in
     * the ISO 8859-1 German ones */
    const words *lists[] = {&en, &de, &fr};
    check_dict("/usr/share/hyphen/hyph_en_US.dic", "en", lists, 3);
    check_dict("/usr/share/hyphen/hyph_de_DE.dic", "de", lists, 3);
    check_dict("/usr/share/hyphen/hyph_fr.dic", "fr", lists, 3);
    words_free(&en);
    words_free(&de);
    words_free(&fr);
}

static void test_made_up_dictionaries(void)
{
    static const char *const iso[] = {
        "schif", "fahrt", "boot", "see",    "lo",   "tee",  "ei", "grün", "städ", "te",
        "lata",  "til",   "as",   "szon",   "nyal", "atje", "ck", "ff",   "bb",   "oo",
        "ab",    "ba",    "c",    "schaft", "a",    "e",    "s",  "z",    "t",    "ä",
        "ß",     "ü",     "n",    "h",      "r",    "f",    "y",  "-",    "'"};
    /* (no "l·l": libhyphen's hnj_hyphen_rhmin reads its per-character changes by byte
     * offset in a UTF-8 word and crashes when the Catalan l·l change wins near the end) */
    static const char *const utf8[] = {"pa", "ral", "el", "ö",   "ssze", "sz", "é", "té", "ta",
                                       "lő", "o",   "ő",  "ccs", "cs",   "a",  "l", "e",  "s",
                                       "z",  "i",   "ß",  "t",   "c",    "-",  "'", "’",  "–"};
    words wi = {0}, wu = {0};
    words_generated(&wi, iso, sizeof iso / sizeof *iso, 20000);
    words_generated(&wu, utf8, sizeof utf8 / sizeof *utf8, 20000);
    /* a compound cut where a non-standard pattern won: the first part is hyphenated with
     * the change ("schiff", where "sch-iff" keeps its break) */
    words_add(&wi, "Schiffahrt", 10);
    words_add(&wi, "schiffahrtsee", 13);
    /* a part ("fahrta") whose own cut ("fahrt1") is before its last letter: libhyphen 2.8.8
     * keeps the top level's value there */
    words_add(&wi, "bootfahrtaschaft", 16);
    words_add(&wi, "schiffahrtaschaft", 17);
    /* a change ("zz1y/zzzzzz=y") whose first half makes the part longer than the word */
    words_add(&wi, "zzy", 3);
    words_add(&wi, "azzyboot", 8);
    /* NOHYPHEN zt: no break before or after "zt" ("bla-z-ta" is "blaztaboot") */
    words_add(&wi, "blaztaboot", 10);
    words_add(&wi, "seeazta", 7);
    /* a change's start and length count characters in UTF-8 ("ő3e/ő=e,1,1": 2 bytes) */
    words_add(&wu, "alőezés", strlen("alőezés"));
    words_add(&wu, "szélőessze", strlen("szélőessze"));
    const words *li[] = {&wi}, *lu[] = {&wu};
    check_dict("tests/fixtures/hyphen/features-iso.dic", NULL, li, 1);
    check_dict("tests/fixtures/hyphen/features-utf8.dic", NULL, lu, 1);
    words_free(&wi);
    words_free(&wu);
}

/* The contract around the matching: capitals, letters the charset lacks, the limits. */
static void test_contract(void)
{
    pdf_hyphenator *de = pdf_hyphenator_new("de-AT");
    if (!de) {
        printf("# hyphen-de is not installed: German contract not checked\n");
        return;
    }
    size_t a[MAX_POINTS], b[MAX_POINTS];
    const char *w = "Donaudampfschifffahrtsgesellschaft";
    size_t na = pdf_hyphenate(de, w, strlen(w), a, MAX_POINTS);
    size_t nb = pdf_hyphenate(de, "donaudampfschifffahrtsgesellschaft", strlen(w), b, MAX_POINTS);
    OK(na >= 6 && na == nb && memcmp(a, b, na * sizeof *a) == 0, "a capital is a letter");
    printf("# %s\n", shown(w, a, na));
    OK(pdf_hyphenator_capitalised(de) && !pdf_hyphenator_capitalised(NULL),
       "German capitalises its nouns");
    INT_EQ(pdf_hyphenate(de, "Straßenbahnŝtation", strlen("Straßenbahnŝtation"), a, MAX_POINTS), 0,
           "a letter ISO 8859-1 lacks leaves the word whole");
    na = pdf_hyphenate(de, "Größenordnung", strlen("Größenordnung"), a, MAX_POINTS);
    bool inside = na > 0;
    for (size_t k = 0; k < na; k++)
        inside = inside && a[k] >= 2 && a[k] <= strlen("Größenordnung") - 3;
    OK(inside, "breaks at letters' ends, 2 letters before and 3 after");
    INT_EQ(pdf_hyphenate(de, w, strlen(w), a, 2), 2, "no more than max points");
    pdf_hyphenator_free(de);
    OK(pdf_hyphenator_load("tests/fixtures/hyphen/missing.dic") == NULL,
       "a missing file is no hyphenator");
    /* the Catalan l·l change ("l·1l/l=l"): never a break that changes the spelling */
    pdf_hyphenator *ca = pdf_hyphenator_load("tests/fixtures/hyphen/features-utf8.dic");
    const char *ll[] = {"paral·lel", "oell·l", "col·legi", "l·l"};
    for (size_t i = 0; ca && i < sizeof ll / sizeof *ll; i++) {
        na = pdf_hyphenate(ca, ll[i], strlen(ll[i]), a, MAX_POINTS);
        const char *dot = strstr(ll[i], "·");
        bool ok = true;
        for (size_t k = 0; k < na; k++)
            ok = ok && !(a[k] == (size_t)(dot - ll[i]) + 2 || a[k] == (size_t)(dot - ll[i]));
        OK(ok, "no break at the l·l change");
    }
    pdf_hyphenator_free(ca);
}

int main(void)
{
    test_real_dictionaries();
    test_made_up_dictionaries();
    test_contract();
    return test_summary("test_hyphen");
}
