/* test_bidi.c - paragraph levels (fribidi) and a line's visual order. */
#include "pdf/bidi.h"
#include "test.h"

#include <stdlib.h>

/* The level of each character of text (one text, base dir) as digits. */
static void levels_of(const char *text, bidi_dir dir, char *out)
{
    size_t len = strlen(text), k = 0;
    bidi_para bp;
    bool any = bidi_resolve(&text, &len, 1, dir, &bp);
    for (size_t b = 0; b < len; b++)
        if (((unsigned char)text[b] & 0xc0) != 0x80) /* one digit a character */
            out[k++] = (char)('0' + (any ? bp.levels[b] : 0));
    out[k] = 0;
    bidi_para_free(&bp);
}

static void test_levels(void)
{
    char lv[64];
    const char *latin = "plain text";
    size_t len = strlen(latin);
    bidi_para bp;
    OK(!bidi_resolve(&latin, &len, 1, BIDI_AUTO, &bp), "Latin text needs no reordering");
    OK(bp.levels == NULL, "and nothing is allocated");
    /* Hebrew alef bet, a space, digits 12: a right-to-left paragraph whose
     * number stays left to right (level 2) */
    levels_of("\xd7\x90\xd7\x91 12", BIDI_AUTO, lv);
    STR_EQ(lv, "11122", "Hebrew then a number: RTL letters, the digits at level 2");
    /* a Latin word inside Arabic: level 2 in a right-to-left paragraph */
    levels_of("\xd8\xa7 ab \xd8\xa8", BIDI_AUTO, lv);
    STR_EQ(lv, "112211", "Latin inside Arabic");
    /* the same text in a left-to-right paragraph: only the Arabic is odd */
    levels_of("\xd8\xa7 ab \xd8\xa8", BIDI_LTR, lv);
    STR_EQ(lv, "100001", "Arabic inside a left-to-right paragraph");
    /* a right-to-left base makes even Latin text reorder */
    levels_of("ab", BIDI_RTL, lv);
    STR_EQ(lv, "22", "Latin in a right-to-left paragraph");
    /* several pieces read as one paragraph */
    const char *texts[2] = {"\xd7\x90 ", "x"};
    size_t lens[2] = {3, 1};
    OK(bidi_resolve(texts, lens, 2, BIDI_AUTO, &bp), "pieces with Hebrew are reordered");
    INT_EQ(bp.base, 1, "the first strong letter is Hebrew: right to left");
    INT_EQ(bidi_level(&bp, 1, 0), 2, "the second piece's Latin letter");
    INT_EQ(bidi_level(&bp, 0, 0), 1, "the first piece's Hebrew letter");
    bidi_para_free(&bp);
}

static void test_order(void)
{
    /* rule L2: levels 1 1 2 2 1 -> the 2s reversed, then everything from 1 up */
    uint8_t lv[] = {1, 1, 2, 2, 1};
    size_t order[5];
    bidi_order(lv, 5, order);
    size_t want[] = {4, 2, 3, 1, 0};
    for (int i = 0; i < 5; i++)
        INT_EQ(order[i], want[i], "visual order of 1 1 2 2 1");
    uint8_t ltr[] = {0, 1, 1, 0};
    bidi_order(ltr, 4, order);
    size_t want2[] = {0, 2, 1, 3};
    for (int i = 0; i < 4; i++)
        INT_EQ(order[i], want2[i], "an RTL pair inside LTR is swapped");
    uint8_t flat[] = {0, 0, 0};
    bidi_order(flat, 3, order);
    for (size_t i = 0; i < 3; i++)
        INT_EQ(order[i], i, "all left to right: unchanged");
}

int main(void)
{
    test_levels();
    test_order();
    return test_summary("test_bidi");
}
