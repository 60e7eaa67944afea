/* cjk.h - line breaks in Chinese, Japanese and Korean text, which has no spaces between
 * words: where a line may break between two characters (UAX #14's ideographic class with
 * the kinsoku rules of Japanese typesetting, JIS X 4051). Pure functions: any thread. */
#ifndef IMPRINT_PDF_CJK_H
#define IMPRINT_PDF_CJK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True for a character set without spaces around it: CJK ideographs, kana,
 * CJK symbols and punctuation, fullwidth forms (not Hangul: Korean breaks
 * at its spaces). */
bool cjk_char(uint32_t c);
/* True for a character of the scripts Debian's fonts-noto-cjk covers and no
 * shipped face has: cjk_char's, Bopomofo, enclosed CJK letters and Hangul
 * (Korean). */
bool cjk_script(uint32_t c);
/* The folder of Debian's fonts-noto-cjk, and its Noto Sans CJK (the fallback
 * chain's CJK face when installed, pdf/style.c; what imprint deps names). */
#define CJK_FONT_DIR "/usr/share/fonts/opentype/noto/"
#define CJK_FONT_FILE CJK_FONT_DIR "NotoSansCJK-Regular.ttc"

/* True when a line may break between a and b (consecutive characters of one
 * word): one of them is a CJK character, b may start a line (not a closing
 * bracket, a comma or full stop, a small kana, the prolonged sound mark and
 * the like) and a may end one (not an opening bracket). */
bool cjk_break_between(uint32_t a, uint32_t b);
/* True when text (len bytes of UTF-8) holds a character from U+2E80 up, so
 * may hold CJK text: a quick test before cjk_break_between. */
bool cjk_may_have(const char *text, size_t len);

#endif
