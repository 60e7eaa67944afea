/* pdfa.h - the document-level parts of PDF/A-2 and PDF/UA-1 that libharu 2.3.0 lacks. */
#ifndef IMPRINT_PDF_PDFA_H
#define IMPRINT_PDF_PDFA_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* What the document says about itself. Nothing is copied or freed: the
 * pointers need to stay valid only during pdfa_apply. Text is UTF-8; control
 * characters are dropped (tab, CR and LF become spaces) and invalid bytes
 * become U+FFFD, the same way in the Info dictionary and in the XMP packet, so
 * the two stay equivalent. An empty field ("" or NULL) is left out of both. */
typedef struct pdfa_meta {
    const char *title;    /* the document title; required (non-empty) */
    const char *author;   /* Author, dc:creator; may be "" */
    const char *subject;  /* Subject, dc:description; may be "" */
    const char *keywords; /* Keywords, pdf:Keywords: comma separated; may be "" */
    const char *lang;     /* the catalog's /Lang: a BCP 47 tag ("en", "de-CH"); required */
    long long date;       /* creation = modification = metadata date, seconds since the
                             epoch (UTC); never the clock, so output is reproducible */
    char conformance;     /* the PDF/A-2 level claimed: 'A' (the caller tags the document)
                             or 'U' */
    bool ua;              /* also claim PDF/UA-1 (pdfuaid:part 1, with its extension schema) */
    const unsigned char *id_seed; /* the bytes the trailer's /ID is the MD5 digest of (e.g. the
                                     document's source); NULL with id_seed_len 0: the XMP
                                     packet's digest */
    size_t id_seed_len;
} pdfa_meta;

/* Adds to doc what PDF/A-2 (level m->conformance) and, when m->ua, PDF/UA-1
 * ask of the document as a whole:
 *   - the Info dictionary: Title, Author, Subject, Keywords as UTF-16BE text
 *     strings (with byte-order mark, so any script survives), Creator
 *     "imprint", Producer PDFA_PRODUCER (replacing libharu's), CreationDate and
 *     ModDate "D:YYYYMMDDHHmmSSZ"; any other field libharu or the caller set
 *     is removed, as it would have no XMP equivalent;
 *   - an uncompressed XMP metadata stream as the catalog's /Metadata, equal
 *     to the Info dictionary (dc:title, dc:creator, dc:description,
 *     pdf:Keywords, pdf:Producer, xmp:CreatorTool, xmp:CreateDate,
 *     xmp:ModifyDate, xmp:MetadataDate, dc:format), with pdfaid:part 2 and
 *     pdfaid:conformance and, when m->ua, pdfuaid:part 1 and the PDF/A
 *     extension schema that declares it;
 *   - the catalog's /OutputIntents: one GTS_PDFA1 intent whose
 *     DestOutputProfile is pdfa_srgb_profile's ICC profile;
 *   - the trailer's /ID: twice the MD5 digest of m->id_seed (an incremental
 *     update appended to the saved file would have to repeat it in its own
 *     trailer: PDF/A reads the last one; pdf/pack.h keeps it);
 *   - the catalog's /Lang m->lang and /ViewerPreferences /DisplayDocTitle
 *     true (added to libharu's preferences, if it has any);
 *   - PDF version 1.7 in the file header.
 * It adds no structure tree or MarkInfo: tagging is the caller's. Call it
 * once, after every page exists and before HPDF_SaveToStream. Returns 0, or
 * -1 with an error in errs when the title is empty, the language is not a
 * language tag, the level is not 'A' or 'U', the date is outside the years
 * 1970 to 9999, or libharu fails (also when doc already holds a libharu
 * error); doc is then not fit for saving. It touches only doc (no global
 * state): documents in different threads may be finished at the same time. */
int pdfa_apply(HPDF_Doc doc, const pdfa_meta *m, err_list *errs);

/* The Info dictionary's and XMP's Producer. */
#define PDFA_PRODUCER "imprint (libharu 2.3.0)"

/* Appends to out an ICC profile (version 2.1, display class, RGB to the XYZ
 * connection space) of sRGB IEC61966-2.1: its primaries adapted to D50 with
 * the Bradford transform, the sRGB tone curve sampled at 1024 points, white
 * point D50. The same bytes every time. Pure and thread-safe. */
void pdfa_srgb_profile(buf *out);

#endif
