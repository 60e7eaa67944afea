/* cjk.c - CJK break opportunities and kinsoku (no line starts with 。、」 or a small kana,
 * none ends with 「). */
#include "pdf/cjk.h"
#include "util/utf8.h"

/* Characters that never start a line: closing brackets and quotes, commas
 * and full stops, middle dots, iteration marks, the prolonged sound mark,
 * small kana, and the Latin closing punctuation that may follow CJK text. */
static const uint32_t NO_START[] = {
    '!',    '%',    ')',    ',',    '.',    ':',    ';',    '?',    ']',    '}',    0x2019,
    0x201d, 0x2025, 0x2026, 0x3001, 0x3002, 0x3005, 0x3009, 0x300b, 0x300d, 0x300f, 0x3011,
    0x3015, 0x3017, 0x3019, 0x301c, 0x301e, 0x301f, 0x303b, 0x3041, 0x3043, 0x3045, 0x3047,
    0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308e, 0x3095, 0x3096, 0x309d, 0x309e, 0x30a0,
    0x30a1, 0x30a3, 0x30a5, 0x30a7, 0x30a9, 0x30c3, 0x30e3, 0x30e5, 0x30e7, 0x30ee, 0x30f5,
    0x30f6, 0x30fb, 0x30fc, 0x30fd, 0x30fe, 0xff01, 0xff09, 0xff0c, 0xff0e, 0xff1a, 0xff1b,
    0xff1f, 0xff3d, 0xff5d, 0xff60, 0xff61, 0xff63, 0xff64, 0xff65};
/* Characters that never end a line: opening brackets and quotes. */
static const uint32_t NO_END[] = {'(',    '[',    '{',    0x2018, 0x201c, 0x3008, 0x300a,
                                  0x300c, 0x300e, 0x3010, 0x3014, 0x3016, 0x3018, 0x301d,
                                  0xff08, 0xff3b, 0xff5b, 0xff5f, 0xff62};

/* True when c is in the ascending table set of n characters. */
static bool in_set(const uint32_t *set, size_t n, uint32_t c)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (set[mid] == c)
            return true;
        if (set[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

bool cjk_char(uint32_t c)
{
    return (c >= 0x2e80 && c <= 0x2fdf) || (c >= 0x3000 && c <= 0x30ff) ||
           (c >= 0x3190 && c <= 0x31ff) || (c >= 0x3400 && c <= 0x4dbf) ||
           (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
           (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xffef) ||
           (c >= 0x20000 && c <= 0x3ffff);
}

bool cjk_script(uint32_t c)
{
    /* with the symbols, Bopomofo, Hangul Jamo and enclosed letters between the ideographs */
    return cjk_char(c) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x2e80 && c <= 0x33ff) ||
           (c >= 0xa960 && c <= 0xa97f) || (c >= 0xac00 && c <= 0xd7ff);
}

bool cjk_break_between(uint32_t a, uint32_t b)
{
    return (cjk_char(a) || cjk_char(b)) &&
           !in_set(NO_START, sizeof NO_START / sizeof *NO_START, b) &&
           !in_set(NO_END, sizeof NO_END / sizeof *NO_END, a);
}

bool cjk_may_have(const char *text, size_t len)
{
    /* U+2E80 and above are sequences led by 0xe2 or more: only those are decoded */
    for (size_t i = 0, m = 1; i < len; i += m) {
        m = 1;
        if ((unsigned char)text[i] >= 0xe2 && utf8_next(text + i, len - i, &m) >= 0x2e80)
            return true;
    }
    return false;
}
