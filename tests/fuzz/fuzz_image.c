/* fuzz_image.c - libFuzzer target: what imprint reads of an image file itself (the
 * format sniffer, a JPEG's markers, EXIF orientation); the pixels are libpng's,
 * libharu's and librsvg's. */
#include "pdf/image.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    img_format f = img_sniff(data, size);
    (void)img_format_name(f);
    img_jpeg_info ji;
    buf why = BUF_INIT;
    if (img_jpeg_inspect(data, size, &ji, &why) == 0 && (ji.width <= 0 || ji.height <= 0))
        __builtin_trap(); /* a JPEG that parses has a size */
    buf_free(&why);
    int o = img_exif_orientation(data, size);
    if (o < 1 || o > 8)
        __builtin_trap();
    return 0;
}
