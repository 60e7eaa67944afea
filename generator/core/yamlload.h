/* yamlload.h - reads YAML (via libyaml) into model.h values with source positions. */
#ifndef IMPRINT_YAMLLOAD_H
#define IMPRINT_YAMLLOAD_H

#include "util/err.h"
#include "core/model.h"

/* Deepest nesting of sequences and mappings accepted; deeper input is an error. */
#define YAML_MAX_DEPTH 64
/* Most values one document may hold with its aliases expanded (every alias
 * counts the values it stands for); more is an error at the alias that
 * crosses the limit. A million values is some 10 MB of plain YAML. */
#define YAML_MAX_VALUES ((size_t)1000000)
#define YAML_MAX_VALUES_TEXT "1,000,000"

/* Parses one YAML document from text (len bytes, need not be NUL-terminated).
 * `file` names the source in messages and positions; `line0` is the line of
 * text's first line in that file (1 for a whole file), so front matter errors
 * point into the page. Plain scalars become null, booleans (true/false) or
 * numbers when they read as such, otherwise strings; quoted scalars are always
 * strings. Duplicate keys, non-scalar keys, aliases to unknown anchors or to
 * a value that contains them, more than YAML_MAX_VALUES values with aliases
 * expanded, a NUL character in any text, more than one document and invalid
 * UTF-8 are errors. A UTF-8 byte order mark at the start is skipped. An empty document gives a
 * VAL_NULL. Returns the value (allocated from a) or NULL after adding an error
 * to errs. */
value *yaml_load(arena *a, const char *text, size_t len, const char *file, int line0,
                 err_list *errs);

/* Reads and parses a whole file; NULL with an error in errs when it cannot be
 * read or parsed. */
value *yaml_load_file(arena *a, const char *path, err_list *errs);

#endif
