/* fuzz_pack.c - libFuzzer target: a PDF file's bytes rewritten by the packer (pdf/pack.h):
 * its cross-reference tables and trailers through /Prev, the objects' tokens, streams and
 * their lengths, references. A refused file must leave the output empty and say why; an
 * accepted one must give a PDF 1.7 file, the same bytes each time. */
#include "pdf/pack.h"
#include "util/buf.h"
#include "util/err.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static const char header[] = "%PDF-1.7\n";
static const char trailer[] = "%%EOF\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    buf out = BUF_INIT, again = BUF_INIT;
    err_list errs = ERR_LIST_INIT, errs2 = ERR_LIST_INIT;
    int rc = pdf_pack(data, size, &out, &errs, "fuzz.pdf");
    if (rc != 0 && (out.len != 0 || errs.errors == 0))
        __builtin_trap(); /* refused: out unchanged, an error given */
    if (rc == 0) {
        size_t h = sizeof header - 1, t = sizeof trailer - 1;
        if (out.len < h + t || memcmp(out.data, header, h) != 0 ||
            memcmp(out.data + out.len - t, trailer, t) != 0)
            __builtin_trap();
        if (pdf_pack(data, size, &again, &errs2, NULL) != 0 || again.len != out.len ||
            memcmp(again.data, out.data, out.len) != 0)
            __builtin_trap(); /* the same input gives the same bytes */
    }
    buf_free(&out);
    buf_free(&again);
    err_list_free(&errs);
    err_list_free(&errs2);
    return 0;
}
