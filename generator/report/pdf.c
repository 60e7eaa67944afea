/* pdf.c - a report's PDF: its Markdown's "## " sections as chapters, its cover and settings.
 *
 * The text is the one report.html shows (layouts/report.md rendered with the
 * report context), parsed once: each "## " heading that is a child of the
 * document starts a chapter, its "###" headings are the chapter's sections.
 * Footnote definitions, which the parser moves to the end of the document,
 * end the last chapter, numbered as on report.html. */
#include "report/internal.h"
#include "core/date.h"
#include "core/i18n.h"
#include "pdf/pdf.h"

#include <string.h>

/* The chapters of doc, one per "## " heading, from that heading to the next
 * (the first also takes any text before it). Sets *out (in c->a) and returns
 * how many there are. */
static size_t chapters(report_ctx *c, md_doc *doc, pdf_chapter **out)
{
    size_t nh, n = 0;
    const md_heading *h = md_headings(doc, &nh);
    pdf_chapter *ch = arena_alloc(c->a, (nh + 1) * sizeof *ch);
    for (size_t i = 0; i < nh; i++) {
        if (h[i].level != 2)
            continue;
        if (n)
            ch[n - 1].end = h[i].node;
        ch[n] = (pdf_chapter){
            .title = h[i].text,
            .url = arena_printf(c->a, "/%s/", h[i].id),
            .doc = doc,
            .first = n ? h[i].node : NULL,
            .shift = 1,
            .dir = c->e->layouts_dir,
        };
        n++;
    }
    *out = ch;
    return n;
}

/* The report's date (YYYY-MM-DD) as seconds since the epoch; 1970-01-01 when
 * it does not read as a date. */
static long long report_epoch(const report *r)
{
    int y = 1970, mo = 1, d = 1;
    if (!date_parse_ymd(r->p->date, &y, &mo, &d))
        y = 1970, mo = 1, d = 1;
    return date_to_epoch(y, mo, d);
}

int report_pdf(report_ctx *c, md_doc *doc, buf *out)
{
    const report *r = c->r;
    const report_engine *e = c->e;
    const site *s = e->s;
    pdf_chapter *ch = NULL;
    size_t n = chapters(c, doc, &ch);
    buf date = BUF_INIT, subtitle = BUF_INIT;
    i18n_date(c->words, r->p->date, &date);
    const char *brand = val_str_or(val_path(s->config, "brand.name"), "");
    const char *client = r->p->client;
    const ruleset *rs = e->rules;
    i18n_format(c->words,
                r->p->prepared_for[0] ? "report_pdf_subtitle_prepared" : "report_pdf_subtitle",
                &subtitle, "subtitle", rs->pdf_subtitle, "client", client, "prepared_for",
                r->p->prepared_for, NULL);
    /* a report in another language than the site's: its /Lang and hyphenation */
    const value *config = e->pdf_config;
    bool own_lang = strcmp(c->lang, val_str_or(val_map_get(config, "language"), "en")) != 0;
    if (own_lang) {
        value *m = val_map(c->a);
        val_map_set_all(c->a, m, config);
        val_map_set(c->a, m, "language", val_str_own(c->a, c->lang));
        config = m;
    }
    pdf_meta meta = {
        .title = r->p->project,
        .subtitle = arena_strdup(c->a, buf_cstr(&subtitle)),
        .kicker = val_str_or(val_path(e->pdf_config, "pdf.kicker"),
                             i18n_get(c->words, "report_cover_kicker")),
        .author = val_str_or(val_map_get(s->config, "publisher"), brand),
        .publisher = "",
        .keywords = arena_printf(c->a, "%s, %s%s%s", client, rs->options[r->rec].name,
                                 rs->keywords ? ", " : "", rs->keywords ? rs->keywords : ""),
        .date = arena_strdup(c->a, buf_cstr(&date)),
    };
    buf_free(&date);
    buf_free(&subtitle);
    pdf_settings set = {
        .config = config,
        .palette = &s->palette,
        .dir = s->dir,
        .theme_dir = s->theme_dir,
        .config_file = e->site_yaml,
        .base_url = s->base_url,
        .date = report_epoch(r),
        .tables = report_table_lookup,
        .tables_ctx = c,
        .hyph = own_lang ? NULL : e->hyph, /* NULL: the patterns of the report's language */
        .highlight = s->hl,
        .words = c->words,
        .font_cache = e->fonts,
    };
    return pdf_render(&set, &meta, ch, n, out, c->errs);
}
