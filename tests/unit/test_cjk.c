/* test_cjk.c - CJK break opportunities and kinsoku. */
#include "pdf/cjk.h"
#include "test.h"

static void test_breaks(void)
{
    /* between ideographs and kana: yes */
    OK(cjk_break_between(0x65e5, 0x672c), "日|本");
    OK(cjk_break_between(0x3053, 0x308c), "こ|れ");
    /* kinsoku: never before 。、」 a small kana or the prolonged sound mark */
    OK(!cjk_break_between(0x3059, 0x3002), "す|。 is not a break");
    OK(!cjk_break_between(0x5f27, 0x300d), "弧|」 is not a break");
    OK(!cjk_break_between(0x3066, 0x3001), "て|、 is not a break");
    OK(!cjk_break_between(0x30ad, 0x30e3), "キ|ャ (small ya) is not a break");
    OK(!cjk_break_between(0x30c7, 0x30fc), "デ|ー is not a break");
    OK(!cjk_break_between(0x8a9e, 0xff0c), "語|， (fullwidth comma) is not a break");
    OK(!cjk_break_between(0x8a9e, '.'), "a Latin full stop after CJK stays");
    /* never after an opening bracket */
    OK(!cjk_break_between(0x300c, 0x304b), "「|か is not a break");
    OK(!cjk_break_between(0xff08, 0x6f22), "（|漢 is not a break");
    /* but before one, and after a closing one */
    OK(cjk_break_between(0x3084, 0x300c), "や|「");
    OK(cjk_break_between(0x300d, 0x3084), "」|や");
    /* Latin beside CJK may break; Latin inside a Latin word may not */
    OK(cjk_break_between('n', 0x306e), "Python|の");
    OK(cjk_break_between(0x3002, 'P'), "。|Python");
    OK(!cjk_break_between('t', 'h'), "inside a Latin word");
    /* Korean breaks at spaces: Hangul is not set like ideographs */
    OK(!cjk_char(0xd55c), "Hangul syllables break at spaces");
    OK(cjk_char(0x4e2d) && cjk_char(0x30ab) && cjk_char(0xff01), "ideographs, kana, fullwidth");
    OK(cjk_script(0xd55c) && cjk_script(0x1100) && cjk_script(0x3231) && cjk_script(0x65e5) &&
           !cjk_script('a') && !cjk_script(0x0627),
       "the scripts fonts-noto-cjk covers: Hangul too, not Latin or Arabic");
    OK(!cjk_may_have("plain latin, \xc3\xa9t\xc3\xa9", 17), "Latin-1 text has no CJK");
    OK(cjk_may_have("\xe6\x97\xa5", 3), "日 may be CJK");
}

int main(void)
{
    test_breaks();
    return test_summary("test_cjk");
}
