/* pack.h - rewrites a finished libharu PDF as a smaller PDF 1.7 (object and xref streams). */
#ifndef IMPRINT_PDF_PACK_H
#define IMPRINT_PDF_PACK_H

#include "util/buf.h"
#include "util/err.h"

#include <stddef.h>

/* Rewrites the PDF in `in` (len bytes, as libharu 2.3.0 writes it: a classic
 * cross-reference table, possibly followed by incremental updates) into an equivalent, smaller
 * PDF 1.7 file appended to out (normally empty):
 * - the header "%PDF-1.7" and a comment line of four bytes >= 0x80;
 * - only the objects reachable from the trailer's /Root and /Info, renumbered
 *   1, 2, ... in their old order, generation 0, with every reference rewritten
 *   (a reference to an object that does not exist becomes null);
 * - every stream as a top-level object: its data copied byte for byte,
 *   "stream" LF, data, LF "endstream", its /Length the direct byte count of
 *   the data (Length objects disappear) and its other keys unchanged;
 * - every other object in Flate-compressed object streams (/Type /ObjStm);
 * - a Flate-compressed cross-reference stream (/Type /XRef) with /Root,
 *   /Info and /ID instead of the table and trailer. /ID is copied when the
 *   input has one, else made from a digest of the output (PDF/A requires it).
 * Literal and hex strings, names and numbers are copied as they were; only
 * white space and comments between tokens change. The same input always
 * gives the same bytes.
 * in may hold anything: it is never read past len. Returns 0, or -1 with an
 * error in errs (prefixed with file, which may be NULL) when in does not have
 * the expected shape; out is then unchanged. A stream whose /Length does not
 * match its "endstream" is measured up to the last "endstream" before its
 * "endobj", with a warning. Encrypted files, cross-reference streams and
 * object numbers above len / 8 are refused. Compression goes through
 * libharu's zlib. Keeps no state: safe on any thread, one out buffer per call. */
int pdf_pack(const unsigned char *in, size_t len, buf *out, err_list *errs, const char *file);

#endif
