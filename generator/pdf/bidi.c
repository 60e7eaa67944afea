/* bidi.c - paragraph levels by fribidi, and the visual order of a line (rule L2). */
#include "pdf/bidi.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <fribidi.h>
#include <stdlib.h>
#include <string.h>

/* True when a paragraph of left-to-right direction may still hold
 * right-to-left text: a character from U+0590 up (UTF-8 lead byte 0xd6 or
 * more). Latin, Greek and Cyrillic text skips the algorithm. */
static bool may_have_rtl(const char *const *texts, const size_t *lens, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t b = 0; b < lens[i]; b++)
            if ((unsigned char)texts[i][b] >= 0xd6)
                return true;
    return false;
}

bool bidi_resolve(const char *const *texts, const size_t *lens, size_t n, bidi_dir dir,
                  bidi_para *out)
{
    bool rtl = dir == BIDI_RTL;
    bool any = false;
    memset(out, 0, sizeof *out);
    if (!rtl && !may_have_rtl(texts, lens, n))
        return false;
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += lens[i];
    FriBidiChar *cps = xmalloc((bytes + 1) * sizeof *cps);
    size_t *at = xmalloc((bytes + 1) * sizeof *at); /* the byte where each character starts */
    size_t ncp = 0;
    for (size_t i = 0, off = 0; i < n; off += lens[i], i++)
        for (size_t b = 0, m; b < lens[i]; b += m) {
            at[ncp] = off + b;
            cps[ncp++] = utf8_next(texts[i] + b, lens[i] - b, &m);
        }
    FriBidiCharType *types = xmalloc((ncp + 1) * sizeof *types);
    FriBidiBracketType *brackets = xmalloc((ncp + 1) * sizeof *brackets);
    FriBidiLevel *levels = xmalloc((ncp + 1) * sizeof *levels);
    fribidi_get_bidi_types(cps, (FriBidiStrIndex)ncp, types);
    fribidi_get_bracket_types(cps, (FriBidiStrIndex)ncp, types, brackets);
    FriBidiParType base = rtl                ? FRIBIDI_PAR_RTL
                          : dir == BIDI_AUTO ? FRIBIDI_PAR_ON
                                             : FRIBIDI_PAR_LTR;
    if (ncp &&
        !fribidi_get_par_embedding_levels_ex(types, brackets, (FriBidiStrIndex)ncp, &base, levels))
        goto out; /* out of memory in fribidi: set left to right */
    for (size_t k = 0; k < ncp; k++)
        any |= levels[k] != 0;
    if (!any && !rtl)
        goto out;
    any = true;
    out->base = FRIBIDI_IS_RTL(base) ? 1 : 0;
    out->levels = xmalloc(bytes + 1);
    for (size_t k = 0; k < ncp; k++) {
        size_t end = k + 1 < ncp ? at[k + 1] : bytes;
        memset(out->levels + at[k], levels[k], end - at[k]);
    }
    out->start = xmalloc((n + 1) * sizeof *out->start);
    out->start[0] = 0;
    for (size_t i = 0; i < n; i++)
        out->start[i + 1] = out->start[i] + lens[i];
out:
    free(cps);
    free(at);
    free(types);
    free(brackets);
    free(levels);
    return any;
}

void bidi_para_free(bidi_para *bp)
{
    free(bp->levels);
    free(bp->start);
    memset(bp, 0, sizeof *bp);
}

uint8_t bidi_level(const bidi_para *bp, size_t i, size_t off)
{
    return bp->levels ? bp->levels[bp->start[i] + off] : 0;
}

void bidi_order(const uint8_t *levels, size_t n, size_t *order)
{
    uint8_t high = 0, low_odd = 255;
    for (size_t k = 0; k < n; k++) {
        order[k] = k;
        if (levels[k] > high)
            high = levels[k];
        if ((levels[k] & 1) && levels[k] < low_odd)
            low_odd = levels[k];
    }
    for (int lv = high; lv >= low_odd && lv > 0; lv--)
        for (size_t k = 0; k < n;) {
            if (levels[order[k]] < lv) {
                k++;
                continue;
            }
            size_t e = k;
            while (e < n && levels[order[e]] >= lv)
                e++;
            for (size_t a = k, b = e - 1; a < b; a++, b--) {
                size_t t = order[a];
                order[a] = order[b];
                order[b] = t;
            }
            k = e;
        }
}
