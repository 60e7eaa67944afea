/* hyphen.c - Liang hyphenation through libhyphen (the patterns TeX and LibreOffice use). */
#include "pdf/hyphen.h"
#include "util/xalloc.h"

#include <ctype.h>
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

size_t pdf_hyphenate(const pdf_hyphenator *h, const char *word, size_t len, size_t *points,
                     size_t max)
{
    size_t found = 0;
    char *lower = xmalloc(len + 1), *hy = xmalloc(len + 5);
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    for (size_t i = 0; i < len; i++)
        lower[i] = (char)tolower((unsigned char)word[i]);
    lower[len] = '\0';
    if (hnj_hyphen_hyphenate3(h->dict, lower, (int)len, hy, NULL, &rep, &pos, &cut, LEFT_MIN,
                              RIGHT_MIN, LEFT_MIN, RIGHT_MIN) == 0) {
        for (size_t i = 0; i + 1 < len && found < max; i++)
            /* odd: a break after byte i; never inside a UTF-8 sequence; no
             * non-standard (replacement) breaks, which English does not use */
            if ((hy[i] & 1) && !rep && ((unsigned char)word[i + 1] & 0xc0) != 0x80)
                points[found++] = i + 1;
    }
    if (rep) {
        for (size_t i = 0; i < len; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    free(lower);
    free(hy);
    return found;
}
