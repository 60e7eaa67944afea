/* bidi.c - paragraph levels by fribidi, and the visual order of a line (rule L2). */
#include "pdf/bidi.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#include <fribidi.h>
#include <stdlib.h>
#include <string.h>

/* True for a character of a right-to-left script (Hebrew, Arabic, Syriac,
 * Thaana, NKo and the others from U+0590 to U+08FF, their presentation forms,
 * the historic scripts of U+10800-U+10FFF and U+1E800-U+1EFFF) or a control
 * that starts right-to-left text (RLM, RLE, RLO, RLI). */
static bool rtl_char(uint32_t c)
{
    return (c >= 0x590 && c <= 0x8ff) || (c >= 0xfb1d && c <= 0xfdff) ||
           (c >= 0xfe70 && c <= 0xfefe) || c == 0x200f || c == 0x202b || c == 0x202e ||
           c == 0x2067 || (c >= 0x10800 && c <= 0x10fff) || (c >= 0x1e800 && c <= 0x1efff);
}

/* True when a paragraph of left-to-right direction holds right-to-left text;
 * without, it skips the algorithm (a character below U+0590 is never
 * right to left, so only their lead bytes are decoded). */
static bool may_have_rtl(const char *const *texts, const size_t *lens, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t b = 0, m = 1; b < lens[i]; b += m) {
            m = 1;
            if ((unsigned char)texts[i][b] >= 0xd6 &&
                rtl_char(utf8_next(texts[i] + b, lens[i] - b, &m)))
                return true;
        }
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
