/* pdfa.c - PDF/A-2 and PDF/UA-1 at the document level: Info, XMP, output intent, /ID.
 *
 * libharu writes the body; this adds, through its object API, what ISO 19005-2
 * (PDF/A-2) and ISO 14289-1 (PDF/UA-1) ask of the file as a whole:
 *
 *   - 6.6.2 metadata: an XMP packet (XMP Specification Part 1, RDF/XML) in an
 *     uncompressed stream, whose dc:, pdf: and xmp: properties are equivalent
 *     to the Info dictionary (6.6.2.3.1: same text, same dates), with the
 *     pdfaid identification and, for PDF/UA, pdfuaid:part declared in an
 *     extension schema (6.6.2.3.2: pdfuaid is not one of PDF/A-2's
 *     predefined schemas);
 *   - 6.2.3 output intent: an RGB ICC profile as DestOutputProfile of a
 *     GTS_PDFA1 intent, so DeviceRGB on the pages has a meaning (6.2.4.3);
 *   - 6.1.3 file identifier: /ID in the trailer, here a digest of bytes the
 *     caller chooses, so a build is reproducible;
 *   - PDF/UA 7.2 and 7.1: the document language and a title shown by viewers.
 *
 * The ICC profile is built here (pdfa_srgb_profile, following ICC.1:2001-04,
 * version 2): the sRGB primaries and D65 white of IEC 61966-2-1 give the
 * RGB-to-XYZ matrix, the Bradford transform adapts it to the D50 of the
 * profile connection space, and the sRGB tone curve is sampled. */
#include "pdf/pdfa.h"
#include "pdf/tag.h"
#include "core/date.h"
#include "util/utf8.h"

#include <hpdf_encrypt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- text ---- */

/* Appends to out the text of a metadata field as both Info and XMP carry it:
 * valid UTF-8 (a bad byte, a surrogate or a value past U+10FFFF becomes
 * U+FFFD) without control characters (tab, CR and LF become spaces, the
 * others and U+FFFE, U+FFFF are dropped: XML cannot carry them, and a CR
 * would come back from an XML parser as LF), without leading or trailing
 * spaces. s may be NULL (nothing is appended). */
static void clean_text(const char *s, buf *out)
{
    size_t len = s ? strlen(s) : 0, start = out->len;
    for (size_t i = 0, n; i < len; i += n) {
        uint32_t cp = utf8_next(s + i, len - i, &n);
        if (cp == '\t' || cp == '\n' || cp == '\r')
            cp = ' ';
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xfffe || cp == 0xffff)
            continue;
        if ((cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff)
            cp = 0xfffd;
        if (cp == ' ' && out->len == start)
            continue;
        utf8_put(out, cp);
    }
    while (out->len > start && out->data[out->len - 1] == ' ')
        buf_truncate(out, out->len - 1);
}

/* True when s looks like a BCP 47 language tag: ASCII letters, digits and
 * hyphens, starting with a letter. */
static bool is_lang_tag(const char *s)
{
    if (!s || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-'))
            return false;
    return true;
}

/* The fields of pdfa_meta after clean_text, with the dates formatted. */
typedef struct fields {
    buf title, author, subject, keywords;
    char pdf_date[24]; /* "D:20260330120000Z" */
    char xmp_date[24]; /* "2026-03-30T12:00:00Z" */
} fields;

/* doc's libharu error code after a call failed; HPDF_INVALID_OBJECT when the
 * call reported the failure without recording it in doc. */
static HPDF_STATUS failure(HPDF_Doc doc)
{
    HPDF_STATUS st = HPDF_GetError(doc);
    return st != HPDF_OK ? st : HPDF_INVALID_OBJECT;
}

/* ---- the Info dictionary ---- */

/* Adds key to dict as a UTF-16BE text string (a hex string) when s is not empty. */
static HPDF_STATUS add_text(HPDF_Doc doc, HPDF_Dict dict, const char *key, const buf *s)
{
    if (!s->len)
        return HPDF_OK;
    HPDF_Binary b = pdf_text_string(doc->mmgr, s->data);
    return b ? HPDF_Dict_Add(dict, key, b) : failure(doc);
}

/* Adds key to dict as a literal string of ASCII s. */
static HPDF_STATUS add_ascii(HPDF_Doc doc, HPDF_Dict dict, const char *key, const char *s)
{
    HPDF_String str = HPDF_String_New(doc->mmgr, s, NULL);
    return str ? HPDF_Dict_Add(dict, key, str) : failure(doc);
}

/* Empties the Info dictionary (libharu puts its own Producer there) and fills
 * it with f's fields, each one an XMP property has too. */
static HPDF_STATUS set_info(HPDF_Doc doc, const fields *f)
{
    HPDF_Dict info = doc->info;
    if (!info) {
        info = HPDF_Dict_New(doc->mmgr);
        if (!info || HPDF_Xref_Add(doc->xref, info) != HPDF_OK)
            return failure(doc);
        doc->info = info;
    }
    while (info->list->count) {
        HPDF_DictElement e = HPDF_List_ItemAt(info->list, 0);
        char key[HPDF_LIMIT_MAX_NAME_LEN + 1];
        memcpy(key, e->key, sizeof key);
        if (HPDF_Dict_RemoveElement(info, key) != HPDF_OK)
            return failure(doc);
    }
    if (add_text(doc, info, "Title", &f->title) != HPDF_OK ||
        add_text(doc, info, "Author", &f->author) != HPDF_OK ||
        add_text(doc, info, "Subject", &f->subject) != HPDF_OK ||
        add_text(doc, info, "Keywords", &f->keywords) != HPDF_OK ||
        add_ascii(doc, info, "Creator", "imprint") != HPDF_OK ||
        add_ascii(doc, info, "Producer", PDFA_PRODUCER) != HPDF_OK ||
        add_ascii(doc, info, "CreationDate", f->pdf_date) != HPDF_OK ||
        add_ascii(doc, info, "ModDate", f->pdf_date) != HPDF_OK)
        return failure(doc);
    return HPDF_OK;
}

/* ---- XMP ---- */

/* Appends <tag>value</tag> on a line of its own, value XML-escaped; nothing
 * when value is empty. */
static void xmp_simple(buf *x, const char *tag, const buf *value)
{
    if (!value->len)
        return;
    buf_printf(x, "   <%s>", tag);
    buf_put_html(x, value->data, value->len);
    buf_printf(x, "</%s>\n", tag);
}

/* Appends a language alternative (rdf:Alt) with value as its x-default item. */
static void xmp_alt(buf *x, const char *tag, const buf *value)
{
    if (!value->len)
        return;
    buf_printf(x, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", tag);
    buf_put_html(x, value->data, value->len);
    buf_printf(x, "</rdf:li></rdf:Alt></%s>\n", tag);
}

/* The PDF/A extension schema that declares pdfuaid:part (ISO 19005-2, 6.6.2.3.2). */
static const char xmp_ua_schema[] =
    "  <rdf:Description rdf:about=\"\"\n"
    "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
    "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
    "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
    "   <pdfaExtension:schemas>\n"
    "    <rdf:Bag>\n"
    "     <rdf:li rdf:parseType=\"Resource\">\n"
    "      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
    "      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
    "      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
    "      <pdfaSchema:property>\n"
    "       <rdf:Seq>\n"
    "        <rdf:li rdf:parseType=\"Resource\">\n"
    "         <pdfaProperty:name>part</pdfaProperty:name>\n"
    "         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
    "         <pdfaProperty:category>internal</pdfaProperty:category>\n"
    "         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is "
    "followed</pdfaProperty:description>\n"
    "        </rdf:li>\n"
    "       </rdf:Seq>\n"
    "      </pdfaSchema:property>\n"
    "     </rdf:li>\n"
    "    </rdf:Bag>\n"
    "   </pdfaExtension:schemas>\n"
    "  </rdf:Description>\n";

/* Appends the XMP packet: one rdf:Description per schema, all about the
 * document (rdf:about=""). */
static void xmp_packet(buf *x, const fields *f, char conformance, bool ua)
{
    buf s = BUF_INIT;
    buf_puts(x, "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    buf_puts(x, "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                "   <dc:format>application/pdf</dc:format>\n");
    xmp_alt(x, "dc:title", &f->title);
    if (f->author.len) {
        buf_puts(x, "   <dc:creator><rdf:Seq><rdf:li>");
        buf_put_html(x, f->author.data, f->author.len);
        buf_puts(x, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    xmp_alt(x, "dc:description", &f->subject);
    buf_puts(x, "  </rdf:Description>\n"
                "  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
    buf_puts(&s, PDFA_PRODUCER);
    xmp_simple(x, "pdf:Producer", &s);
    xmp_simple(x, "pdf:Keywords", &f->keywords);
    buf_puts(x, "  </rdf:Description>\n"
                "  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                "   <xmp:CreatorTool>imprint</xmp:CreatorTool>\n");
    buf_printf(x,
               "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
               "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
               "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n",
               f->xmp_date, f->xmp_date, f->xmp_date);
    buf_printf(
        x,
        "  </rdf:Description>\n"
        "  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
        "   <pdfaid:part>2</pdfaid:part>\n"
        "   <pdfaid:conformance>%c</pdfaid:conformance>\n"
        "  </rdf:Description>\n",
        conformance);
    if (ua) {
        buf_puts(x, "  <rdf:Description rdf:about=\"\" "
                    "xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
                    "   <pdfuaid:part>1</pdfuaid:part>\n"
                    "  </rdf:Description>\n");
        buf_puts(x, xmp_ua_schema);
    }
    buf_puts(x, " </rdf:RDF>\n"
                "</x:xmpmeta>\n"
                "<?xpacket end=\"w\"?>");
    buf_free(&s);
}

/* Puts the packet in an uncompressed metadata stream, the catalog's /Metadata. */
static HPDF_STATUS add_metadata(HPDF_Doc doc, const buf *xmp)
{
    HPDF_Dict md = HPDF_DictStream_New(doc->mmgr, doc->xref);
    if (!md)
        return failure(doc);
    md->filter = HPDF_STREAM_FILTER_NONE;
    if (HPDF_Dict_AddName(md, "Type", "Metadata") != HPDF_OK ||
        HPDF_Dict_AddName(md, "Subtype", "XML") != HPDF_OK ||
        HPDF_Stream_Write(md->stream, (const HPDF_BYTE *)xmp->data, (HPDF_UINT)xmp->len) !=
            HPDF_OK ||
        HPDF_Dict_Add(doc->catalog, "Metadata", md) != HPDF_OK)
        return failure(doc);
    return HPDF_OK;
}

/* ---- the output intent ---- */

/* Adds the catalog's /OutputIntents: one PDF/A intent, sRGB. */
static HPDF_STATUS add_output_intent(HPDF_Doc doc)
{
    static const char srgb[] = "sRGB IEC61966-2.1";
    HPDF_STATUS st = HPDF_OK;
    buf icc = BUF_INIT;
    HPDF_Dict profile = HPDF_DictStream_New(doc->mmgr, doc->xref);
    if (!profile)
        goto fail;
    /* the profile is binary: deflate it when the document compresses at all */
    profile->filter = doc->compression_mode != HPDF_COMP_NONE ? HPDF_STREAM_FILTER_FLATE_DECODE
                                                              : HPDF_STREAM_FILTER_NONE;
    pdfa_srgb_profile(&icc);
    if (HPDF_Dict_AddNumber(profile, "N", 3) != HPDF_OK ||
        HPDF_Stream_Write(profile->stream, (const HPDF_BYTE *)icc.data, (HPDF_UINT)icc.len) !=
            HPDF_OK)
        goto fail;
    /* each new container goes into its parent first: the parent owns it from then on */
    HPDF_Array intents = HPDF_Array_New(doc->mmgr);
    if (!intents || HPDF_Dict_Add(doc->catalog, "OutputIntents", intents) != HPDF_OK)
        goto fail;
    HPDF_Dict intent = HPDF_Dict_New(doc->mmgr);
    if (!intent || HPDF_Array_Add(intents, intent) != HPDF_OK ||
        HPDF_Dict_AddName(intent, "Type", "OutputIntent") != HPDF_OK ||
        HPDF_Dict_AddName(intent, "S", "GTS_PDFA1") != HPDF_OK ||
        add_ascii(doc, intent, "OutputConditionIdentifier", srgb) != HPDF_OK ||
        add_ascii(doc, intent, "Info", srgb) != HPDF_OK ||
        add_ascii(doc, intent, "RegistryName", "http://www.color.org") != HPDF_OK ||
        HPDF_Dict_Add(intent, "DestOutputProfile", profile) != HPDF_OK)
        goto fail;
    goto out;
fail:
    st = failure(doc);
out:
    buf_free(&icc);
    return st;
}

/* ---- the catalog and the trailer ---- */

/* Sets the trailer's /ID to [<d> <d>], d the MD5 digest of seed. */
static HPDF_STATUS set_id(HPDF_Doc doc, const unsigned char *seed, size_t len)
{
    HPDF_MD5_CTX ctx;
    HPDF_BYTE d[16];
    HPDF_MD5Init(&ctx);
    for (size_t i = 0; i < len;) {
        size_t n = len - i < 0x40000000 ? len - i : 0x40000000;
        HPDF_MD5Update(&ctx, seed + i, (HPDF_UINT32)n);
        i += n;
    }
    HPDF_MD5Final(d, &ctx);
    HPDF_Array id = HPDF_Array_New(doc->mmgr);
    if (!id || HPDF_Dict_Add(doc->trailer, "ID", id) != HPDF_OK)
        return failure(doc);
    for (int i = 0; i < 2; i++)
        if (HPDF_Array_Add(id, HPDF_Binary_New(doc->mmgr, d, sizeof d)) != HPDF_OK)
            return failure(doc);
    return HPDF_OK;
}

/* Sets the catalog's /Lang and /ViewerPreferences /DisplayDocTitle true,
 * keeping the preferences libharu may have written. */
static HPDF_STATUS set_catalog(HPDF_Doc doc, const char *lang)
{
    HPDF_Dict prefs = HPDF_Dict_GetItem(doc->catalog, "ViewerPreferences", HPDF_OCLASS_DICT);
    if (!prefs) {
        if (HPDF_GetError(doc) != HPDF_OK) /* there, but not a dictionary */
            return failure(doc);
        prefs = HPDF_Dict_New(doc->mmgr);
        if (!prefs || HPDF_Dict_Add(doc->catalog, "ViewerPreferences", prefs) != HPDF_OK)
            return failure(doc);
    }
    if (HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE) != HPDF_OK ||
        add_ascii(doc, doc->catalog, "Lang", lang) != HPDF_OK)
        return failure(doc);
    return HPDF_OK;
}

/* ---- the whole ---- */

int pdfa_apply(HPDF_Doc doc, const pdfa_meta *m, err_list *errs)
{
    int rc = -1;
    fields f = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, "", ""};
    buf xmp = BUF_INIT;
    HPDF_STATUS st;
    if ((st = HPDF_GetError(doc)) != HPDF_OK) {
        err_add(errs, NULL, 0, 0,
                "libharu failed before the PDF/A metadata was added (error 0x%04X, detail %u)",
                (unsigned)st, (unsigned)HPDF_GetErrorDetail(doc));
        goto out;
    }
    clean_text(m->title, &f.title);
    clean_text(m->author, &f.author);
    clean_text(m->subject, &f.subject);
    clean_text(m->keywords, &f.keywords);
    if (!f.title.len) {
        err_add(errs, NULL, 0, 0, "the PDF has no title (PDF/UA requires one)");
        goto out;
    }
    if (!is_lang_tag(m->lang)) {
        err_add(errs, NULL, 0, 0, "the PDF's language \"%s\" is not a language tag such as \"en\"",
                m->lang ? m->lang : "");
        goto out;
    }
    if (m->conformance != 'A' && m->conformance != 'U') {
        err_add(errs, NULL, 0, 0, "PDF/A-2 conformance level '%c' is not A or U", m->conformance);
        goto out;
    }
    if (m->date < 0 || m->date > 253402300799LL) { /* 9999-12-31T23:59:59Z */
        err_add(errs, NULL, 0, 0, "the PDF's date %lld is outside the years 1970 to 9999", m->date);
        goto out;
    }
    date_parts dp;
    date_from_epoch(m->date, &dp);
    snprintf(f.pdf_date, sizeof f.pdf_date, "D:%04d%02d%02d%02d%02d%02dZ", dp.year, dp.month,
             dp.day, dp.hour, dp.min, dp.sec);
    snprintf(f.xmp_date, sizeof f.xmp_date, "%04d-%02d-%02dT%02d:%02d:%02dZ", dp.year, dp.month,
             dp.day, dp.hour, dp.min, dp.sec);
    xmp_packet(&xmp, &f, m->conformance, m->ua);

    const unsigned char *seed = m->id_seed ? m->id_seed : (const unsigned char *)xmp.data;
    size_t seed_len = m->id_seed ? m->id_seed_len : xmp.len;
    if ((st = set_info(doc, &f)) != HPDF_OK || (st = add_metadata(doc, &xmp)) != HPDF_OK ||
        (st = add_output_intent(doc)) != HPDF_OK || (st = set_id(doc, seed, seed_len)) != HPDF_OK ||
        (st = set_catalog(doc, m->lang)) != HPDF_OK || (st = HPDF_GetError(doc)) != HPDF_OK) {
        err_add(errs, NULL, 0, 0,
                "libharu failed to add the PDF/A metadata (error 0x%04X, detail %u)", (unsigned)st,
                (unsigned)HPDF_GetErrorDetail(doc));
        goto out;
    }
    doc->pdf_version = HPDF_VER_17;
    rc = 0;
out:
    buf_free(&f.title);
    buf_free(&f.author);
    buf_free(&f.subject);
    buf_free(&f.keywords);
    buf_free(&xmp);
    return rc;
}

/* ---- the sRGB ICC profile ---- */

/* c = a * b for 3x3 matrices. */
static void mat_mul(const double a[3][3], const double b[3][3], double c[3][3])
{
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
}

/* inv = m^-1 (by cofactors; the matrices here are far from singular). */
static void mat_inv(const double m[3][3], double inv[3][3])
{
    double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
                 m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
                 m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            /* the cofactor of m[j][i], from the rows and columns after j and i, cyclically */
            int r1 = (j + 1) % 3, r2 = (j + 2) % 3, c1 = (i + 1) % 3, c2 = (i + 2) % 3;
            inv[i][j] = (m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]) / det;
        }
}

/* v = m * x. */
static void mat_vec(const double m[3][3], const double x[3], double v[3])
{
    for (int i = 0; i < 3; i++)
        v[i] = m[i][0] * x[0] + m[i][1] * x[1] + m[i][2] * x[2];
}

/* The profile connection space's illuminant, D50, in s15Fixed16 (ICC.1, 7.2.16). */
static const int32_t pcs_d50[3] = {0xf6d6, 0x10000, 0xd32d};

/* Sets col[k] to the XYZ of sRGB's primary k (red, green, blue) at full
 * intensity, seen under D50, in s15Fixed16, so that the three add up to the
 * D50 white exactly. */
static void srgb_colorants(int32_t col[3][3])
{
    /* IEC 61966-2-1: the primaries' and D65's chromaticities (x, y) */
    static const double xy[4][2] = {{0.64, 0.33}, {0.30, 0.60}, {0.15, 0.06}, {0.3127, 0.3290}};
    /* the Bradford cone response matrix */
    static const double brad[3][3] = {
        {0.8951, 0.2664, -0.1614}, {-0.7502, 1.7135, 0.0367}, {0.0389, -0.0685, 1.0296}};
    double prim[3][3], white[3], d50[3], s[3], m[3][3];
    for (int k = 0; k < 3; k++) { /* primary k's XYZ with Y = 1, as column k */
        prim[0][k] = xy[k][0] / xy[k][1];
        prim[1][k] = 1;
        prim[2][k] = (1 - xy[k][0] - xy[k][1]) / xy[k][1];
    }
    white[0] = xy[3][0] / xy[3][1];
    white[1] = 1;
    white[2] = (1 - xy[3][0] - xy[3][1]) / xy[3][1];
    for (int i = 0; i < 3; i++)
        d50[i] = pcs_d50[i] / 65536.0;
    /* scale the primaries so that R = G = B = 1 is the white: s = prim^-1 white */
    double inv[3][3];
    mat_inv(prim, inv);
    mat_vec(inv, white, s);
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 3; k++)
            m[i][k] = prim[i][k] * s[k];
    /* adapt from D65 to D50: brad^-1 diag(cone(D50) / cone(D65)) brad */
    double cw[3], cd[3], diag[3][3] = {{0}}, t[3][3], adapt[3][3], out[3][3], binv[3][3];
    mat_vec(brad, white, cw);
    mat_vec(brad, d50, cd);
    for (int i = 0; i < 3; i++)
        diag[i][i] = cd[i] / cw[i];
    mat_inv(brad, binv);
    mat_mul(diag, brad, t);
    mat_mul(binv, t, adapt);
    mat_mul(adapt, m, out);
    for (int i = 0; i < 3; i++) {
        int32_t sum = 0;
        for (int k = 0; k < 3; k++)
            sum += col[k][i] = (int32_t)lround(out[i][k] * 65536);
        col[i][i] += pcs_d50[i] - sum; /* rounding: the largest part takes the difference */
    }
}

/* Writes v big-endian at p. */
static void be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put32(buf *b, uint32_t v)
{
    unsigned char p[4];
    be32(p, v);
    buf_put(b, p, 4);
}

static void put16(buf *b, uint32_t v)
{
    buf_putc(b, (char)(v >> 8));
    buf_putc(b, (char)(v & 0xff));
}

/* Appends an XYZType element (ICC.1, 6.5.26). */
static void put_xyz(buf *b, const int32_t xyz[3])
{
    buf_puts(b, "XYZ ");
    put32(b, 0);
    for (int i = 0; i < 3; i++)
        put32(b, (uint32_t)xyz[i]);
}

void pdfa_srgb_profile(buf *out)
{
    enum { HEADER = 128, NTAGS = 9, CURVE_POINTS = 1024 };
    static const char desc[] = "sRGB IEC61966-2.1";
    static const char cprt[] = "No copyright, use freely";
    static const char sigs[NTAGS][5] = {"desc", "cprt", "wtpt", "rXYZ", "gXYZ",
                                        "bXYZ", "rTRC", "gTRC", "bTRC"};
    size_t off[NTAGS], size[NTAGS];
    int32_t col[3][3];
    buf data = BUF_INIT; /* the tag elements, each 4-byte aligned */
    int t = 0;

    /* desc: textDescriptionType (ICC.1, 6.5.17): ASCII, no Unicode, no Macintosh text */
    off[t] = data.len;
    buf_puts(&data, "desc");
    put32(&data, 0);
    put32(&data, sizeof desc);
    buf_put(&data, desc, sizeof desc);
    put32(&data, 0);                   /* Unicode language code */
    put32(&data, 0);                   /* Unicode count */
    put16(&data, 0);                   /* ScriptCode code */
    buf_putc(&data, 0);                /* ScriptCode count */
    buf_put(&data, (char[67]){0}, 67); /* the Macintosh description */
    size[t] = data.len - off[t];
    t++;
    /* cprt: textType (ICC.1, 6.5.18) */
    while (data.len % 4)
        buf_putc(&data, 0);
    off[t] = data.len;
    buf_puts(&data, "text");
    put32(&data, 0);
    buf_put(&data, cprt, sizeof cprt);
    size[t] = data.len - off[t];
    t++;
    /* wtpt: the colorants are adapted to D50, so is the white point (as in
       version 4 profiles): relative and absolute colorimetric agree */
    while (data.len % 4)
        buf_putc(&data, 0);
    off[t] = data.len;
    put_xyz(&data, pcs_d50);
    size[t] = data.len - off[t];
    t++;
    srgb_colorants(col);
    for (int k = 0; k < 3; k++, t++) {
        off[t] = data.len;
        put_xyz(&data, col[k]);
        size[t] = data.len - off[t];
    }
    /* rTRC, gTRC, bTRC: one curveType (ICC.1, 6.5.3), the sRGB tone curve */
    off[t] = data.len;
    buf_puts(&data, "curv");
    put32(&data, 0);
    put32(&data, CURVE_POINTS);
    for (int i = 0; i < CURVE_POINTS; i++) {
        double v = (double)i / (CURVE_POINTS - 1);
        v = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
        put16(&data, (uint32_t)lround(v * 65535));
    }
    size[t] = data.len - off[t];
    for (t++; t < NTAGS; t++) {
        off[t] = off[t - 1];
        size[t] = size[t - 1];
    }

    size_t table = 4 + 12 * NTAGS, total = HEADER + table + data.len;
    unsigned char h[HEADER] = {0};
    be32(h, (uint32_t)total);
    be32(h + 8, 0x02100000); /* version 2.1.0 */
    memcpy(h + 12, "mntrRGB XYZ ", 12);
    /* 24: the creation date, fixed (2024-01-01 00:00:00) so the bytes never change */
    h[24] = 2024 >> 8, h[25] = 2024 & 0xff, h[27] = 1, h[29] = 1;
    memcpy(h + 36, "acsp", 4);
    /* 40..67: platform, flags, manufacturer, model, attributes, intent (perceptual): 0 */
    for (int i = 0; i < 3; i++)
        be32(h + 68 + 4 * i, (uint32_t)pcs_d50[i]);
    buf_put(out, h, HEADER);
    put32(out, NTAGS);
    for (t = 0; t < NTAGS; t++) {
        buf_put(out, sigs[t], 4);
        put32(out, (uint32_t)(HEADER + table + off[t]));
        put32(out, (uint32_t)size[t]);
    }
    buf_put(out, data.data, data.len);
    buf_free(&data);
}
