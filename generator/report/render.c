/* render.c - a computed report to its three files: HTML page, PDF and JSON.
 *
 * One text feeds both documents: layouts/report.md (Mustache) renders the
 * report context (context.c) into Markdown, which is parsed once: rendered
 * as the content of layouts/report.html, and typeset as the PDF (pdf.c).
 * Tables and charts in that text name tables computed for this report
 * (context.c). report.json holds the same result for machines. */
#include "report/internal.h"
#include "core/i18n.h"
#include "core/markdown.h"
#include "site/site.h"

#include <string.h>

/* JSON with two-space indentation; depth is bounded by the YAML loader's
 * limit (the profile facts) and the shallow maps built above. */
static void json_pretty(const value *v, int depth, buf *out)
{
    if (v && v->type == VAL_LIST && v->u.list.len) {
        buf_puts(out, "[\n");
        for (size_t i = 0; i < v->u.list.len; i++) {
            buf_printf(out, "%*s", (depth + 1) * 2, "");
            json_pretty(v->u.list.items[i], depth + 1, out);
            buf_puts(out, i + 1 < v->u.list.len ? ",\n" : "\n");
        }
        buf_printf(out, "%*s]", depth * 2, "");
    } else if (v && v->type == VAL_MAP && v->u.map.len) {
        buf_puts(out, "{\n");
        for (size_t i = 0; i < v->u.map.len; i++) {
            buf_printf(out, "%*s\"", (depth + 1) * 2, "");
            buf_put_json(out, v->u.map.keys[i], strlen(v->u.map.keys[i]));
            buf_puts(out, "\": ");
            json_pretty(v->u.map.vals[i], depth + 1, out);
            buf_puts(out, i + 1 < v->u.map.len ? ",\n" : "\n");
        }
        buf_printf(out, "%*s}", depth * 2, "");
    } else {
        val_to_json(v, out);
    }
}

/* ---- HTML ---- */

static int directive(void *ctx, const md_doc *doc, const md_directive *dir, buf *out,
                     err_list *errs)
{
    report_ctx *c = ctx;
    return site_directive_html(c->e->s, report_table_lookup, c, doc, dir, out, errs);
}

static int render_html(report_ctx *c, value *rep, md_doc *doc, buf *out)
{
    arena *a = c->a;
    buf content = BUF_INIT;
    int rc = -1;
    if (md_render_html(doc, directive, c, &content, c->errs) != 0)
        goto out;
    val_map_set(a, rep, "content", val_str_own(a, arena_strdup(a, buf_cstr(&content))));
    val_map_set(a, rep, "toc", report_toc(c, doc));
    val_map_set(a, rep, "css", val_str_own(a, c->e->css));
    value *ctx = val_map(a);
    val_map_set(a, ctx, "site", c->e->site_ctx);
    val_map_set(a, ctx, "menu", c->e->menu);
    val_map_set(a, ctx, "report", rep);
    val_map_set(a, ctx, "i18n", i18n_context(a, c->words, ctx));
    rc = tpl_render(c->e->tpls, c->e->html_tpl, ctx, out, c->errs);
out:
    buf_free(&content);
    return rc;
}

/* ---- all three ---- */

int report_render(const report_engine *e, const report *r, report_files *out, err_list *errs)
{
    arena *a = arena_new();
    report_ctx c = {e, r, a, e->s->base_url, NULL, 0, errs, NULL, NULL};
    buf md = BUF_INIT;
    md_doc *doc = NULL;
    int rc = -1;
    report_language(&c);
    value *rep = report_context(&c);
    value *plain = val_map(a); /* for computed tables' captions and labels: plain text */
    val_map_set(a, plain, "site", e->site_ctx);
    val_map_set(a, plain, "report", rep);
    val_map_set(a, plain, "i18n", i18n_context(a, c.words, plain));
    if (report_tables_make(&c, plain) != 0)
        goto out;
    value *ctx = val_map(a);
    value *md_rep = report_md_copy(a, rep);
    val_map_set(a, ctx, "site", e->site_ctx_md);
    val_map_set(a, ctx, "report", md_rep);
    /* layouts/report.md's strings are Markdown, filled in with values escaped for it */
    val_map_set(a, ctx, "i18n", i18n_context(a, c.words, ctx));
    if (report_sections(&c, md_rep, ctx) != 0 ||
        tpl_render(e->tpls, e->md_tpl, ctx, &md, errs) != 0)
        goto out;
    doc = md_parse(md.data ? md.data : "", md.len, e->md_file, 1, e->s->data, false, errs);
    if (doc)
        md_set_highlight(doc, e->s->hl); /* fenced code in a report, as on the site */
    if (doc)
        md_set_words(doc, c.words);
    if (!doc || render_html(&c, rep, doc, &out->html) != 0 || report_pdf(&c, doc, &out->pdf) != 0)
        goto out;
    json_pretty(report_json(&c), 0, &out->json);
    buf_putc(&out->json, '\n');
    rc = 0;
out:
    md_free(doc);
    buf_free(&md);
    arena_free(a);
    return rc;
}

void report_files_free(report_files *f)
{
    buf_free(&f->html);
    buf_free(&f->pdf);
    buf_free(&f->json);
}
