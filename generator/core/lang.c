/* lang.c - facts about a language from its tag. */
#include "core/lang.h"

#include <ctype.h>
#include <string.h>

bool lang_is_rtl(const char *tag)
{
    static const char *const rtl[] = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "dv", "ckb"};
    char primary[8] = {0};
    for (size_t i = 0; tag && i < sizeof primary - 1 && isalpha((unsigned char)tag[i]); i++)
        primary[i] = (char)tolower((unsigned char)tag[i]);
    for (size_t k = 0; k < sizeof rtl / sizeof *rtl; k++)
        if (strcmp(primary, rtl[k]) == 0)
            return true;
    return false;
}
