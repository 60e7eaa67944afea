/* keys.h - a YAML map's keys: where each is written, and which are unknown.
 * Pure functions over loaded values: any thread may call them. */
#ifndef IMPRINT_KEYS_H
#define IMPRINT_KEYS_H

#include "core/model.h"
#include "util/err.h"

#include <stddef.h>

/* Where `key` is written in text, for a key whose value is v inside the
 * mapping `parent`: libyaml marks values, not keys. Falls back to v's
 * position (or the parent's). text may be NULL (the fallback). */
src_pos yaml_key_pos(const char *text, const value *parent, const value *v, const char *key);

typedef enum keys_mode {
    KEYS_WARN,      /* every unknown key is a warning (a closed schema, lenient) */
    KEYS_ERROR,     /* every unknown key is an error (a closed schema, strict) */
    KEYS_WARN_NEAR, /* an open map (its own keys are the user's): only a key close to a known
                       one warns, as a likely typo ("wieght") */
} keys_mode;

/* Checks map's keys against allowed[0..n): each unknown one adds "unknown key
 * 'k' in WHERE; did you mean 'x'? (allowed: a, b, ...)" at the key's position
 * in text (file names it); " in WHERE" is left out when where is NULL, the
 * suggestion when none is close, the allowed list for KEYS_WARN_NEAR. Returns
 * how many keys were reported. */
size_t keys_check(err_list *errs, const char *text, const char *file, const value *map,
                  const char *const *allowed, size_t n, const char *where, keys_mode mode);

#endif
