/* fixup.c - appends correct identity ToUnicode CMaps to a libharu PDF as an incremental update.
 *
 * PDF 1.7 section 7.5.6: an incremental update appends changed objects, a
 * cross-reference section for them and a trailer whose /Prev points at the
 * previous cross-reference; readers use the newest version of each object. */
#include "pdf/fixup.h"
#include "util/xalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *find(const char *hay, size_t len, const char *needle, size_t from)
{
    size_t n = strlen(needle);
    for (size_t i = from; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

static const char *rfind(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

/* Reads "/Key N" (or "/Key N 0 R") after the trailer; -1 when absent. */
static long trailer_num(const char *t, size_t len, const char *key)
{
    const char *k = find(t, len, key, 0);
    if (!k)
        return -1;
    return strtol(k + strlen(key), NULL, 10);
}

static void identity_cmap(buf *s)
{
    buf_puts(s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    /* one range per high byte (a range may not cross it), none for surrogates */
    int rows[256], n = 0;
    for (int hi = 0; hi < 256; hi++)
        if (hi < 0xd8 || hi > 0xdf)
            rows[n++] = hi;
    for (int i = 0; i < n; i += 100) {
        int m = n - i < 100 ? n - i : 100;
        buf_printf(s, "%d beginbfrange\n", m);
        for (int k = i; k < i + m; k++)
            buf_printf(s, "<%02X00> <%02XFF> <%02X00>\n", rows[k], rows[k], rows[k]);
        buf_puts(s, "endbfrange\n");
    }
    buf_puts(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

int pdf_fix_tounicode(buf *pdf)
{
    const char *d = pdf->data;
    size_t len = pdf->len;
    long objs[64];
    int nobjs = 0;
    if (!d)
        return -1;
    /* every distinct /ToUnicode N 0 R */
    for (const char *p = find(d, len, "/ToUnicode ", 0); p && nobjs < 64;
         p = find(d, len, "/ToUnicode ", (size_t)(p - d) + 1)) {
        long num = strtol(p + 11, NULL, 10);
        bool seen = num <= 0;
        for (int i = 0; i < nobjs && !seen; i++)
            seen = objs[i] == num;
        if (!seen)
            objs[nobjs++] = num;
    }
    if (nobjs == 0)
        return 0;
    const char *tr = rfind(d, len, "trailer");
    const char *sx = rfind(d, len, "startxref");
    if (!tr || !sx || sx < tr)
        return -1;
    size_t tlen = (size_t)(sx - tr);
    long size = trailer_num(tr, tlen, "/Size ");
    long root = trailer_num(tr, tlen, "/Root ");
    long info = trailer_num(tr, tlen, "/Info ");
    long prev = strtol(sx + 9, NULL, 10);
    if (size <= 0 || root <= 0 || prev <= 0)
        return -1;
    buf cmap = BUF_INIT, upd = BUF_INIT;
    identity_cmap(&cmap);
    size_t *offsets = xcalloc((size_t)nobjs, sizeof *offsets);
    size_t base = len;
    if (d[len - 1] != '\n')
        buf_putc(&upd, '\n');
    for (int i = 0; i < nobjs; i++) {
        offsets[i] = base + upd.len;
        buf_printf(&upd, "%ld 0 obj\n<< /Length %zu >>\nstream\n", objs[i], cmap.len);
        buf_put(&upd, cmap.data, cmap.len);
        buf_puts(&upd, "endstream\nendobj\n");
    }
    size_t xref = base + upd.len;
    buf_puts(&upd, "xref\n0 1\n0000000000 65535 f \n");
    for (int i = 0; i < nobjs; i++)
        buf_printf(&upd, "%ld 1\n%010zu 00000 n \n", objs[i], offsets[i]);
    buf_printf(&upd, "trailer\n<< /Size %ld /Root %ld 0 R", size, root);
    if (info > 0)
        buf_printf(&upd, " /Info %ld 0 R", info);
    buf_printf(&upd, " /Prev %ld >>\nstartxref\n%zu\n%%%%EOF\n", prev, xref);
    buf_put(pdf, upd.data, upd.len);
    free(offsets);
    buf_free(&cmap);
    buf_free(&upd);
    return nobjs;
}
