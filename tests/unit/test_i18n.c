/* test_i18n.c - string tables: the shipped ones, look-ups by tag, a site's override, English
 * under every language, the warnings and errors of a bad table (with positions), {names},
 * dates and numbers per language. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "core/content.h"
#include "core/i18n.h"
#include "test_fs.h"

#include <stdio.h>

/* The text of the first problem of e that contains what, or "". */
static const char *find(const err_list *e, const char *what)
{
    for (size_t i = 0; i < e->len; i++)
        if (strstr(e->items[i].text, what))
            return e->items[i].text;
    return "";
}

/* The date ymd as language tag writes it. */
static const char *date_in(const i18n_set *set, const char *tag, const char *ymd, buf *b)
{
    buf_reset(b);
    i18n_date(i18n_lang_for(set, tag), ymd, b);
    return buf_cstr(b);
}

static const char *number_in(const i18n_set *set, const char *tag, double x, int decimals, buf *b)
{
    buf_reset(b);
    i18n_number(i18n_lang_for(set, tag), x, decimals, b);
    return buf_cstr(b);
}

/* The theme's tables (the repository's layouts/i18n/) load without a word of complaint,
 * and every key the code asks for is English's. */
static void test_theme(arena *a)
{
    err_list e = ERR_LIST_INIT;
    i18n_set *set = i18n_load(a, ".", NULL, &e);
    OK(set != NULL, "the theme's tables load");
    INT_EQ(e.len, 0, "without an error or a warning");
    for (size_t i = 0; i < e.len; i++)
        fprintf(stderr, "  %s\n", e.items[i].text);
    err_list_free(&e);
    if (!set)
        return;
    static const char *const tags[] = {"en", "de", "fr", "es", "ja", "ar"};
    for (size_t i = 0; i < 6; i++)
        OK(i18n_has(set, tags[i]), tags[i]);
    /* what generator/ asks for: each one is English's */
    static const char *const used[] = {"page_not_found",
                                       "page_moved",
                                       "contents",
                                       "page_x_of_y",
                                       "cover_written_by",
                                       "cover_published_by",
                                       "cover_whitepaper",
                                       "preface",
                                       "part_label",
                                       "part_title",
                                       "chart_alt",
                                       "logo_alt",
                                       "link_to_section",
                                       "task_done",
                                       "task_to_do",
                                       "back_to_content",
                                       "report_cover_kicker",
                                       "report_pdf_subtitle",
                                       "report_pdf_subtitle_prepared",
                                       "report_scores_caption",
                                       "report_score",
                                       "report_rules_fired",
                                       "report_part_of_system",
                                       "report_profile_caption",
                                       "report_input",
                                       "report_value",
                                       "confidence_high",
                                       "confidence_moderate",
                                       "confidence_low",
                                       "not_given",
                                       "none",
                                       "answer_yes",
                                       "answer_no",
                                       "date_format",
                                       "day_1",
                                       "decimal_separator",
                                       "thousands_separator",
                                       "month_12"};
    const i18n_lang *en = i18n_lang_for(set, "en");
    for (size_t i = 0; i < sizeof used / sizeof *used; i++)
        OK(val_as_str(val_map_get(i18n_strings(en), used[i])) != NULL, used[i]);
    /* look-ups by tag */
    const i18n_lang *de = i18n_lang_for(set, "de");
    STR_EQ(i18n_tag(de), "de", "de's table");
    STR_EQ(i18n_get(de, "contents"), "Inhalt", "Contents in German");
    STR_EQ(i18n_get(i18n_lang_for(set, "de-CH"), "contents"), "Inhalt", "de-CH: de's table");
    STR_EQ(i18n_get(i18n_lang_for(set, "DE_at"), "contents"), "Inhalt", "case and '_' ignored");
    STR_EQ(i18n_tag(i18n_lang_for(set, "pt-BR")), "en", "no table: English");
    STR_EQ(i18n_tag(i18n_lang_for(set, NULL)), "en", "no tag: English");
    STR_EQ(i18n_tag(i18n_lang_for(set, "en-GB")), "en", "en-GB: English");
    OK(!i18n_has(set, "pt-BR") && i18n_has(set, "en-US") && i18n_has(set, ""), "i18n_has");
    STR_EQ(i18n_get(de, "no_such_key"), "no_such_key", "an unknown key is itself");
    STR_EQ(val_as_str(val_map_get(i18n_strings(de), "next_chapter")), "Nächstes Kapitel",
           "the strings as a map");
    /* dates */
    buf b = BUF_INIT;
    STR_EQ(date_in(set, "en", "2026-11-24", &b), "November 24, 2026", "an English date");
    STR_EQ(date_in(set, "en", "2026-03-01T10:00:00Z", &b), "March 1, 2026", "a time after it");
    STR_EQ(date_in(set, "de", "2026-11-24", &b), "24. November 2026", "a German date");
    STR_EQ(date_in(set, "de", "2026-03-30", &b), "30. März 2026", "a German month");
    STR_EQ(date_in(set, "fr", "2026-11-24", &b), "24 novembre 2026", "a French date");
    STR_EQ(date_in(set, "fr", "2026-05-01", &b), "1er mai 2026", "the first of a French month");
    STR_EQ(date_in(set, "es", "2026-08-05", &b), "5 de agosto de 2026", "a Spanish date");
    STR_EQ(date_in(set, "ja", "2026-11-24", &b), "2026年11月24日", "a Japanese date");
    STR_EQ(date_in(set, "ar", "2026-11-24", &b), "24 نوفمبر 2026", "an Arabic date");
    STR_EQ(date_in(set, "de", "24.11.2026", &b), "", "not a date: nothing");
    STR_EQ(date_in(set, "de", NULL, &b), "", "no date: nothing");
    /* numbers */
    STR_EQ(number_in(set, "en", 1234567.891, 2, &b), "1,234,567.89", "English separators");
    STR_EQ(number_in(set, "de", 1234567.891, 2, &b), "1.234.567,89", "German separators");
    STR_EQ(number_in(set, "fr", -1234.5, -1, &b), "-1\u202f234,5", "French: a narrow space");
    STR_EQ(number_in(set, "es", 999, 0, &b), "999", "no separator below a thousand");
    STR_EQ(number_in(set, "ja", 12345, -1, &b), "12,345", "Japanese");
    STR_EQ(number_in(set, "de", 0.25, -1, &b), "0,25", "a decimal comma");
    buf_free(&b);
}

/* {names}: from a context, from pairs; a brace that is no name stays. */
static void test_fill(arena *a)
{
    value *ctx = val_map(a), *pg = val_map(a);
    val_map_set(a, pg, "title", val_str(a, "Tea"));
    val_map_set(a, pg, "minutes", val_num(a, 7));
    val_map_set(a, ctx, "page", pg);
    buf b = BUF_INIT;
    i18n_fill("{page.minutes} min: {page.title}{page.none}, {not a name} {} {page}", ctx, &b);
    STR_EQ(buf_cstr(&b), "7 min: Tea, {not a name} {} ", "i18n_fill");
    const i18n_lang *en = i18n_english(a);
    buf_reset(&b);
    i18n_format(en, "page_x_of_y", &b, "page", "3", "pages", "40", NULL);
    STR_EQ(buf_cstr(&b), "Page 3 of 40", "i18n_format");
    buf_reset(&b);
    i18n_format(en, "page_x_of_y", &b, "page", "3", NULL);
    STR_EQ(buf_cstr(&b), "Page 3 of ", "a name not given is nothing");
    val_map_set(a, pg, "reading_minutes", val_num(a, 5));
    value *m = i18n_context(a, en, ctx);
    STR_EQ(val_as_str(val_map_get(m, "reading_time")), "5 min read", "i18n_context fills in");
    OK(val_map_get(m, "contents") == val_map_get(i18n_strings(en), "contents"),
       "and shares what has no name");
    buf_free(&b);
}

/* A site's table over the theme's, key by key; English under a table that lacks keys. */
static void test_override(arena *a, const char *dir)
{
    char *root = fs_join(dir, "override");
    test_put(root, "layouts/i18n/de.yaml", "next_chapter: \"Weiterlesen\"\n");
    test_put(root, "layouts/i18n/eo.yaml", "# Esperanto, one string\ncontents: \"Enhavo\"\n");
    test_put(root, "layouts/i18n/en.yaml", "contents: \"Table of contents\"\nmine: \"Mine\"\n");
    err_list e = ERR_LIST_INIT;
    i18n_set *set = i18n_load(a, root, ".", &e);
    OK(set != NULL, "a site's tables load");
    INT_EQ(e.len, 0, "without a problem (a site's en.yaml may add keys)");
    if (set) {
        const i18n_lang *de = i18n_lang_for(set, "de"), *eo = i18n_lang_for(set, "eo");
        STR_EQ(i18n_get(de, "next_chapter"), "Weiterlesen", "the site's string");
        STR_EQ(i18n_get(de, "previous_chapter"), "Vorheriges Kapitel", "the theme's beside it");
        STR_EQ(i18n_get(eo, "contents"), "Enhavo", "a language only the site has");
        STR_EQ(i18n_get(eo, "next_chapter"), "Next chapter", "English for what it lacks");
        STR_EQ(i18n_get(i18n_lang_for(set, "en"), "contents"), "Table of contents",
               "the site rewords English");
        STR_EQ(i18n_get(de, "mine"), "Mine", "the site's own key, English under German");
    }
    err_list_free(&e);
    free(root);
}

/* Loads DIR/NAME/layouts/i18n/de.yaml with text (no theme) into e. */
static i18n_set *load_de(arena *a, const char *dir, const char *name, const char *text, err_list *e)
{
    char *root = fs_join(dir, name);
    test_put(root, "layouts/i18n/de.yaml", text);
    i18n_set *set = i18n_load(a, root, NULL, e);
    free(root);
    return set;
}

/* What is wrong with a table, where it is. */
static void test_bad(arena *a, const char *dir)
{
    err_list e = ERR_LIST_INIT;
    OK(!load_de(a, dir, "list", "- contents\n- Inhalt\n", &e), "a list is not a table");
    OK(strstr(find(&e, "de.yaml"), "list/layouts/i18n/de.yaml:1:1: a string table must be a "
                                   "mapping of keys to strings") != NULL,
       find(&e, "de.yaml"));
    err_list_free(&e);
    OK(!load_de(a, dir, "nested", "contents: Inhalt\nmonths:\n  - Januar\nday_1: 1\n", &e),
       "a map of strings only");
    OK(strstr(find(&e, "months"), "nested/layouts/i18n/de.yaml:3:3: the string 'months' must be "
                                  "text, not a list") != NULL,
       find(&e, "months"));
    OK(strstr(find(&e, "day_1"), "de.yaml:4:8: the string 'day_1' must be text, not a number") !=
           NULL,
       find(&e, "day_1"));
    INT_EQ(e.errors, 2, "each bad value an error");
    err_list_free(&e);
    OK(!load_de(a, dir, "yaml", "contents: \"Inhalt\n", &e), "a YAML error");
    OK(strstr(find(&e, "de.yaml"), "yaml/layouts/i18n/de.yaml:1:") != NULL, find(&e, "de.yaml"));
    err_list_free(&e);
    /* warnings: the table loads */
    i18n_set *set = load_de(a, dir, "typo",
                            "# German\ncontnets: \"Inhalt\"\nzzz_unheard_of: \"x\"\n"
                            "page_x_of_y: \"Seite {pgae} von {pages}\"\n"
                            "date_format: \"{day}.{month_num}.{year}\"\nreading_time: \"{x.y}\"\n",
                            &e);
    OK(set != NULL, "unknown keys are warnings");
    INT_EQ(e.errors, 0, "no error");
    INT_EQ(e.len, 3, "three warnings");
    OK(strstr(find(&e, "contnets"), "typo/layouts/i18n/de.yaml:2:1: warning: unknown string "
                                    "'contnets'; did you mean 'contents'?") != NULL,
       find(&e, "contnets"));
    OK(strstr(find(&e, "zzz_unheard_of"), "de.yaml:3:1: warning: unknown string 'zzz_unheard_of' "
                                          "(every key") != NULL,
       find(&e, "zzz_unheard_of"));
    OK(strstr(find(&e, "{pgae}"), "de.yaml:4:14: warning: {pgae} in the string 'page_x_of_y' is "
                                  "never filled in") != NULL,
       find(&e, "{pgae}"));
    if (set)
        STR_EQ(i18n_get(i18n_lang_for(set, "de"), "contents"), "Contents",
               "a mistyped key leaves English");
    err_list_free(&e);
    /* a site's English key near one of imprint's */
    char *root = fs_join(dir, "entypo");
    test_put(root, "layouts/i18n/en.yaml", "next_chaptre: \"On\"\n");
    OK(i18n_load(a, root, NULL, &e) != NULL, "a site's en.yaml loads");
    OK(strstr(find(&e, "next_chaptre"), "en.yaml:1:1: warning: 'next_chaptre' is not one of "
                                        "imprint's strings; did you mean 'next_chapter'?") != NULL,
       find(&e, "next_chaptre"));
    err_list_free(&e);
    free(root);
}

/* A language without a table: a warning where site.yaml names it, once; a page's. */
static void test_site(const char *dir)
{
    char *root = fs_join(dir, "pt");
    test_put(root, "content/site.yaml", "title: Chá\nlanguage: pt\n");
    test_put(root, "content/_index.md", "---\ntitle: Chá\n---\nTexto.\n");
    test_put(root, "content/a.md", "---\ntitle: A\nlanguage: pt\n---\nTexto.\n");
    test_put(root, "content/b.md", "---\ntitle: B\nlanguage: sv\n---\nText.\n");
    test_put(root, "content/c.md", "---\ntitle: C\nlanguage: de-AT\n---\nText.\n");
    err_list e = ERR_LIST_INIT;
    site *s = site_load(root, ".", 1, &e);
    OK(s != NULL && s->i18n != NULL, "the site loads, with its tables");
    INT_EQ(e.len, 2, "one warning for pt, one for sv, none for de-AT");
    OK(strstr(find(&e, "'pt'"), "pt/content/site.yaml:2:11: warning: no strings for the language "
                                "'pt'") != NULL,
       find(&e, "'pt'"));
    OK(strstr(find(&e, "'sv'"), "pt/content/b.md:3:11: warning: no strings for the language "
                                "'sv'") != NULL,
       find(&e, "'sv'"));
    if (s) {
        value *v = val_map_get(s->config, "language");
        err_list one = ERR_LIST_INIT;
        OK(!i18n_check_language(s->i18n, v, NULL, &one) && one.len == 1,
           "i18n_check_language warns");
        OK(i18n_check_language(s->i18n, val_str(s->arena, "fr"), NULL, &one) && one.len == 1,
           "and is quiet about a language with a table");
        err_list_free(&one);
    }
    site_free(s);
    err_list_free(&e);
    free(root);
}

int main(void)
{
    char tmpl[] = "/tmp/imprint-test-i18n-XXXXXX";
    char *tmp = mkdtemp(tmpl);
    if (!tmp)
        return 2;
    arena *a = arena_new();
    test_theme(a);
    test_fill(a);
    test_override(a, tmp);
    test_bad(a, tmp);
    test_site(tmp);
    arena_free(a);
    test_remove(tmp);
    return test_summary("test_i18n");
}
