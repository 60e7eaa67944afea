/* fixup.h - repairs libharu 2.3.0's output by appending an incremental update. */
#ifndef IMPRINT_PDF_FIXUP_H
#define IMPRINT_PDF_FIXUP_H

#include "util/buf.h"

/* libharu 2.3.0 writes, for UTF-8 TrueType fonts, a /ToUnicode CMap that uses
 * `begincidrange`, which is not allowed there (readers warn and may fall back
 * to guessing). The codes it writes are the characters' Unicode values, so
 * the correct map is the identity. This appends an incremental update (new
 * versions of those stream objects, a new xref section and trailer with
 * /Prev) to pdf, leaving every existing byte in place. Returns the number of
 * maps replaced, or -1 when the file does not have the expected shape (pdf
 * is then unchanged). */
int pdf_fix_tounicode(buf *pdf);
/* (It keeps no state: safe on any thread, one buffer per call.) */

#endif
