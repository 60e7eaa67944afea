/* test_hpdf.h - the PDF engine's unit tests: a libharu document saved into a buffer. */
#ifndef IMPRINT_TEST_HPDF_H
#define IMPRINT_TEST_HPDF_H

#include <hpdf.h>

#include "util/buf.h"

/* Saves doc and appends the file's bytes to out. Returns libharu's status of the save. */
static HPDF_STATUS hpdf_save(HPDF_Doc doc, buf *out)
{
    HPDF_STATUS rc = HPDF_SaveToStream(doc);
    if (rc != HPDF_OK)
        return rc;
    HPDF_ResetStream(doc);
    for (;;) {
        HPDF_BYTE chunk[8192];
        HPDF_UINT32 n = sizeof chunk;
        HPDF_STATUS st = HPDF_ReadFromStream(doc, chunk, &n);
        buf_put(out, chunk, n);
        if (st != HPDF_OK || n == 0)
            break;
    }
    return HPDF_OK;
}

#endif
