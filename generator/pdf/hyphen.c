/* hyphen.c - Liang hyphenation through libhyphen (the patterns TeX and LibreOffice use). */
#include "pdf/hyphen.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HYPHEN_DIR "/usr/share/hyphen"
#define LEFT_MIN 2
#define RIGHT_MIN 3

struct pdf_hyphenator {
    HyphenDict *dict;
    bool nouns; /* the language capitalises its nouns (German): a capital starts a word */
};

pdf_hyphenator *pdf_hyphenator_new(const char *lang)
{
    char ll[8] = {0}, cc[8] = {0};
    size_t i = 0;
    while (lang && lang[i] && i < 7 && isalpha((unsigned char)lang[i])) {
        ll[i] = (char)tolower((unsigned char)lang[i]);
        i++;
    }
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
    for (int k = 0; k < 3 && !h; k++) {
        if (!candidates[k] || access(candidates[k], R_OK) != 0)
            continue;
        HyphenDict *d = hnj_hyphen_load(candidates[k]);
        if (d) {
            h = xcalloc(1, sizeof *h);
            h->dict = d;
            h->nouns = strcmp(ll, "de") == 0 || strcmp(ll, "lb") == 0;
        }
    }
    for (int k = 0; k < 3; k++)
        free(candidates[k]);
    return h;
}

void pdf_hyphenator_free(pdf_hyphenator *h)
{
    if (!h)
        return;
    hnj_hyphen_free(h->dict);
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
    /* for each character: the last byte of its encoding for the patterns, and where
     * it ends in word (a break after it goes there) */
    size_t *enc_end = xmalloc((len + 1) * sizeof *enc_end),
           *src_end = xmalloc((len + 1) * sizeof *src_end);
    char *hy = NULL, **rep = NULL;
    int *pos = NULL, *cut = NULL;
    for (size_t i = 0, n; i < len; i += n) {
        uint32_t cp = latin_lower(utf8_next(word + i, len - i, &n));
        if (h->dict->utf8)
            utf8_put(&enc, cp);
        else if (cp <= 0xff) /* the dictionary's ISO 8859-1 */
            buf_putc(&enc, (char)cp);
        else
            goto out; /* a letter the patterns cannot have: the word stays whole */
        enc_end[nch] = enc.len - 1;
        src_end[nch++] = i + n;
    }
    hy = xmalloc(enc.len + 5);
    if (nch && hnj_hyphen_hyphenate3(h->dict, enc.data, (int)enc.len, hy, NULL, &rep, &pos, &cut,
                                     LEFT_MIN, RIGHT_MIN, LEFT_MIN, RIGHT_MIN) == 0)
        for (size_t k = 0; k + 1 < nch && found < max; k++)
            /* not a non-standard (replacement) break: the spelling would change */
            if ((hy[enc_end[k]] & 1) && !(rep && rep[enc_end[k]]))
                points[found++] = src_end[k];
out:
    if (rep) {
        for (size_t i = 0; i < enc.len; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    free(hy);
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
    char ll[4] = {0};
    for (size_t i = 0; lang && i < 3 && isalpha((unsigned char)lang[i]); i++)
        ll[i] = (char)tolower((unsigned char)lang[i]);
    for (size_t k = 0; k < sizeof pkgs / sizeof *pkgs; k++)
        if (strcmp(pkgs[k][0], ll) == 0)
            return pkgs[k][1];
    return NULL;
}
