/* brand.c - brand colours. */
#include "core/brand.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int colour_parse(const char *s, uint32_t *out)
{
    if (!s || s[0] != '#' || strlen(s) != 7 || strspn(s + 1, "0123456789abcdefABCDEF") != 6)
        return -1;
    *out = (uint32_t)strtoul(s + 1, NULL, 16);
    return 0;
}

int brand_palette_load(const value *config, brand_palette *out, err_list *errs)
{
    static const brand_palette defaults = {
        .primary = 0x1f4e79,
        .accent = 0xad5410,
        .text = 0x1d232a,
        .muted = 0x5b6670,
        .surface = 0xf3f6f9,
        .rule = 0xc9d1d9,
    };
    static const struct {
        const char *key;
        size_t off;
    } fields[] = {
        {"primary", offsetof(brand_palette, primary)}, {"accent", offsetof(brand_palette, accent)},
        {"text", offsetof(brand_palette, text)},       {"muted", offsetof(brand_palette, muted)},
        {"surface", offsetof(brand_palette, surface)}, {"rule", offsetof(brand_palette, rule)},
    };
    int rc = 0;
    *out = defaults;
    const value *colors = val_path(config, "brand.colors");
    if (!colors)
        goto out;
    if (colors->type != VAL_MAP) {
        val_error(errs, colors, NULL,
                  "brand.colors must be a mapping of colour names to \"#rrggbb\"");
        rc = -1;
        goto out;
    }
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const value *v = val_map_get(colors, fields[i].key);
        if (v && colour_parse(val_as_str(v), (uint32_t *)((char *)out + fields[i].off)) != 0) {
            val_error(errs, v, NULL, "brand colour '%s' must be \"#rrggbb\"", fields[i].key);
            rc = -1;
        }
    }
out:
    return rc;
}
