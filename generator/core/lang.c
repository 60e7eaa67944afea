/* lang.c - facts about a language from its tag. */
#include "core/lang.h"

#include <ctype.h>
#include <string.h>

void lang_primary(const char *tag, char out[8])
{
    memset(out, 0, 8);
    for (size_t i = 0; tag && i < 7 && isalpha((unsigned char)tag[i]); i++)
        out[i] = (char)tolower((unsigned char)tag[i]);
}

bool lang_is_rtl(const char *tag)
{
    static const char *const rtl[] = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "dv", "ckb"};
    char p[8];
    lang_primary(tag, p);
    for (size_t k = 0; k < sizeof rtl / sizeof *rtl; k++)
        if (strcmp(p, rtl[k]) == 0)
            return true;
    return false;
}

const char *lang_name(const char *tag)
{
    static const struct {
        const char *code, *name;
    } names[] = {
        {"ar", "العربية"},     {"bg", "Български"},  {"bn", "বাংলা"},    {"ca", "Català"},
        {"cs", "Čeština"},     {"cy", "Cymraeg"},    {"da", "Dansk"},    {"de", "Deutsch"},
        {"el", "Ελληνικά"},    {"en", "English"},    {"es", "Español"},  {"et", "Eesti"},
        {"fa", "فارسی"},       {"fi", "Suomi"},      {"fr", "Français"}, {"ga", "Gaeilge"},
        {"he", "עברית"},       {"hi", "हिन्दी"},      {"hr", "Hrvatski"}, {"hu", "Magyar"},
        {"id", "Indonesia"},   {"is", "Íslenska"},   {"it", "Italiano"}, {"ja", "日本語"},
        {"ko", "한국어"},      {"lt", "Lietuvių"},   {"lv", "Latviešu"}, {"ms", "Melayu"},
        {"nb", "Norsk"},       {"nl", "Nederlands"}, {"no", "Norsk"},    {"pl", "Polski"},
        {"pt", "Português"},   {"ro", "Română"},     {"ru", "Русский"},  {"sk", "Slovenčina"},
        {"sl", "Slovenščina"}, {"sr", "Српски"},     {"sv", "Svenska"},  {"sw", "Kiswahili"},
        {"ta", "தமிழ்"},        {"th", "ไทย"},        {"tr", "Türkçe"},   {"uk", "Українська"},
        {"ur", "اردو"},        {"vi", "Tiếng Việt"}, {"zh", "中文"},
    };
    char p[8];
    lang_primary(tag, p);
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (strcmp(p, names[k].code) == 0)
            return names[k].name;
    return NULL;
}

/* True when each of the n bytes at s is ASCII and in the class `is` tests. */
static bool all(const char *s, size_t n, int (*is)(int))
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80 || !is((unsigned char)s[i]))
            return false;
    return true;
}

bool lang_tag_shaped(const char *s, size_t n)
{
    const char *dash = memchr(s, '-', n);
    size_t lead = dash ? (size_t)(dash - s) : n, rest = dash ? n - lead - 1 : 0;
    if (lead < 2 || lead > 3 || !all(s, lead, isalpha))
        return false;
    if (!dash)
        return true;
    const char *sub = dash + 1;
    return (rest == 2 && all(sub, 2, isalpha)) || (rest == 3 && all(sub, 3, isdigit)) ||
           (rest == 4 && all(sub, 4, isalpha));
}
