/* test_frontrec.c - page records kept between builds (core/frontrec.h): a site loaded from its
 * records equals the site loaded from its files; a damaged record falls back to the file; a
 * file that changed after its record was taken is an error when the page is parsed. */
#include "core/content.h"
#include "core/frontrec.h"
#include "test.h"
#include "test_fs.h"
#include "util/buf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The records of a load, by file, with the files' content hashes. */
typedef struct store {
    const char *dir;
    strmap recs; /* rel -> buf* */
    int finds, keeps;
    size_t damage; /* when set, every record found is cut to this many bytes */
} store;

static uint64_t file_hash(const char *dir, const char *rel)
{
    char *path = xasprintf("%s/content/%s", dir, rel);
    err_list e = ERR_LIST_INIT;
    size_t len = 0;
    char *text = fs_read(path, &len, &e);
    uint64_t h = text ? strmap_hash(text, len) : 0;
    free(text);
    free(path);
    err_list_free(&e);
    return h;
}

static const char *find(void *ctx, const char *rel, size_t *len, uint64_t *hash)
{
    store *st = ctx;
    buf *b = strmap_get(&st->recs, rel);
    if (!b)
        return NULL;
    st->finds++;
    *len = st->damage && st->damage < b->len ? st->damage : b->len;
    *hash = file_hash(st->dir, rel);
    return b->data;
}

static void keep(void *ctx, const char *rel, const char *rec, size_t len)
{
    store *st = ctx;
    buf *b = strmap_get(&st->recs, rel);
    if (!b) {
        b = xcalloc(1, sizeof *b);
        strmap_put(&st->recs, xstrdup(rel), b);
    }
    buf_reset(b);
    buf_put(b, rec, len);
    st->keeps++;
}

static void store_free(store *st)
{
    for (size_t i = 0; i < st->recs.cap; i++)
        if (st->recs.keys[i]) {
            free((char *)st->recs.keys[i]);
            buf_free(st->recs.vals[i]);
            free(st->recs.vals[i]);
        }
    strmap_free(&st->recs);
}

/* Everything loading gave: each page's fields and front matter, and the messages. */
static char *describe(const site *s, const err_list *e)
{
    buf b = BUF_INIT;
    for (size_t i = 0; s && i < s->npages; i++) {
        const page *p = s->pages[i];
        buf_printf(&b, "%s|%s|%s|%s|%g|%d|%s|%zu|%d|", p->src, p->title, p->url, p->date, p->weight,
                   p->draft, p->layout ? p->layout : "-", p->body_len, p->body_line);
        val_to_json(p->front, &b);
        buf_putc(&b, '\n');
    }
    for (size_t i = 0; i < e->len; i++)
        buf_printf(&b, "%s\n", e->items[i].text);
    return buf_detach(&b);
}

static const char *const FILES[] = {
    "content/_index.md",
    "---\ntitle: Home\n---\nWelcome.\n",
    "content/guide/one.md",
    "---\ntitle: \"One: \\t tab\"\nweight: 2.5\ndate: 2026-03-30\ntags: [a, \"b\\nc\", 3]\n"
    "params:\n  nested: {x: ~, y: true, z: -1e-3}\nwieght: 1\n---\n# One\n\nText with "
    "[a link](two.md).\n",
    "content/guide/two.md",
    "---\ntitle: Two\ndraft: false\n---\nSecond page.\n",
    "content/guide/draft.md",
    "---\ntitle: Draft\ndraft: true\n---\nNot built.\n",
    "content/guide/empty.md",
    "---\ntitle: Empty body\n---\n",
};

static void test_round_trip(void)
{
    char dir[] = "/tmp/imprint-frontrec-XXXXXX";
    OK(mkdtemp(dir) != NULL, "scratch folder");
    test_put(dir, "content/site.yaml", "title: Records\n");
    for (size_t i = 0; i < sizeof FILES / sizeof *FILES; i += 2)
        test_put(dir, FILES[i], FILES[i + 1]);
    store st = {.dir = dir};
    front_cache fc = {find, keep, &st, -1};
    err_list e1 = ERR_LIST_INIT, e2 = ERR_LIST_INIT, e3 = ERR_LIST_INIT;
    site *fresh = site_load(dir, NULL, 1, &e1);
    site *first = site_load_cached(dir, NULL, 1, &fc, &e2); /* no records yet: kept */
    char *want = describe(fresh, &e1), *got = describe(first, &e2);
    STR_EQ(got, want, "a load that keeps records is a plain load");
    INT_EQ(st.keeps, 5, "a record for every page file, the draft's too");
    INT_EQ(st.finds, 0, "none found");
    OK(strstr(want, "warning: unknown key 'wieght'") != NULL, "the fixture has a warning");
    free(got);
    site *again = site_load_cached(dir, NULL, 1, &fc, &e3);
    got = describe(again, &e3);
    STR_EQ(got, want, "loaded from the records: the same pages, front matter and messages");
    INT_EQ(st.finds, 5, "every page from its record");
    page *one = again ? site_page_by_src(again, "guide/one.md") : NULL;
    OK(one && !one->raw && one->raw_hash, "the page file is not read");
    err_list pe = ERR_LIST_INIT;
    OK(one && site_page_parse(again, one, &pe) == 0 && one->raw, "read when parsed");
    OK(one && one->body && strncmp(one->body, "# One", 5) == 0, "its body where it was");
    free(got);
    site_free(again);
    err_list_free(&e3);

    /* damaged records: the files are read instead, with the same result */
    size_t cuts[] = {1, 5, 20, 60};
    for (size_t c = 0; c < sizeof cuts / sizeof *cuts; c++) {
        err_list e4 = ERR_LIST_INIT;
        st.damage = cuts[c];
        site *s = site_load_cached(dir, NULL, 1, &fc, &e4);
        got = describe(s, &e4);
        STR_EQ(got, want, "a damaged record: loaded from the file");
        free(got);
        site_free(s);
        err_list_free(&e4);
    }
    st.damage = 0;

    /* a file changed after its record was taken (between the build's scan and the parse) */
    err_list e5 = ERR_LIST_INIT;
    site *s = site_load_cached(dir, NULL, 1, &fc, &e5);
    one = s ? site_page_by_src(s, "guide/one.md") : NULL;
    test_put(dir, "content/guide/one.md", "---\ntitle: Changed\n---\nNew.\n");
    OK(one && site_page_parse(s, one, &pe) != 0, "a changed file is not parsed");
    OK(pe.len && strstr(pe.items[pe.len - 1].text, "changed while the site was being built"),
       "and says why");
    site_free(s);
    err_list_free(&e5);
    err_list_free(&pe);
    free(want);
    site_free(fresh);
    site_free(first);
    err_list_free(&e1);
    err_list_free(&e2);
    store_free(&st);
    test_remove(dir);
}

int main(void)
{
    setenv("SOURCE_DATE_EPOCH", "1774828800", 1);
    test_round_trip();
    return test_summary("test_frontrec");
}
