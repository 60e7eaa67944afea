/* fuzz_hyphen.c - libFuzzer target: a hyphenation dictionary's text (hyph_*.dic's format:
 * charset line, LEFTHYPHENMIN and the other settings, NEXTLEVEL, non-standard patterns)
 * read by imprint's own reader, then words hyphenated with it: the words of the input's
 * last line and a few fixed ones. The break points must lie inside the word, in increasing
 * order, at most as many as asked, and leave 2 bytes before and 1 after at least (a word
 * with a control character, which no caller sends, is left whole). */
#include "pdf/hyphen.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Hyphenates the len bytes of word, checking what pdf_hyphenate promises. */
static void try_word(const pdf_hyphenator *h, const char *word, size_t len)
{
    size_t pts[8];
    size_t n = pdf_hyphenate(h, word, len, pts, 8);
    if (n > 8)
        __builtin_trap();
    for (size_t i = 0; i < n; i++) {
        if (pts[i] < 2 || pts[i] >= len || (i && pts[i] <= pts[i - 1]))
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const words[] = {"hyphenation", "Donaudampfschifffahrt",
                                        "d\xc3\xa9veloppement", "schiffahrt", "aaaaaaaaaaaaaaaa"};
    pdf_hyphenator *h = pdf_hyphenator_parse((const char *)data, size);
    if (!h)
        return 0;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        try_word(h, words[i], strlen(words[i]));
    /* the input's last line, as words split at spaces */
    const char *text = (const char *)data, *end = text + size, *line = text;
    for (const char *p = text; p < end; p++)
        if (*p == '\n')
            line = p + 1;
    for (const char *w = line; w < end;) {
        const char *sp = memchr(w, ' ', (size_t)(end - w));
        size_t n = (size_t)((sp ? sp : end) - w);
        if (n && n < 64)
            try_word(h, w, n);
        w += n + 1;
    }
    pdf_hyphenator_free(h);
    return 0;
}
