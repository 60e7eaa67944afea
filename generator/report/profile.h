/* profile.h - the client profile: its schema (declared by the site in
 * content/data/profile.yaml), validation, suggestions.
 *
 * A profile is a small YAML file a consultant fills in for one client. Its
 * fields are the site's: profile.yaml lists them (key, type, label, allowed
 * values or range, required, default; sections of further fields), and
 * docs/reports.md documents the format. client and project are required of
 * every schema: a report is named after them.
 *
 * Validation reports every problem as file:line:col. Wrong types, values out
 * of range, unknown enum values and missing required keys are errors that
 * list what is allowed; unknown keys are warnings with a "did you mean"
 * suggestion. A valid profile becomes a normalised map of facts (every key
 * present, defaults filled in) that the rules (rules.h) test.
 *
 * Threads: validation touches only its arguments (and the static schema),
 * so profiles are validated on many threads at once, each with its own
 * arena and error list. */
#ifndef IMPRINT_REPORT_PROFILE_H
#define IMPRINT_REPORT_PROFILE_H

#include <stdbool.h>

#include "util/buf.h"
#include "util/err.h"
#include "core/model.h"

/* The kinds of profile fields. */
typedef enum pf_type {
    PF_SECTION,   /* a mapping of further fields */
    PF_STRING,    /* text; a number is taken as its text */
    PF_DATE,      /* YYYY-MM-DD, a real calendar date */
    PF_BOOL,      /* true or false */
    PF_ENUM,      /* one of `allowed` */
    PF_ENUM_LIST, /* a list of values from `allowed` */
    PF_REGION,    /* one of a data table's row ids (values_from; `allowed` once loaded) */
    PF_INT,       /* a whole number from min to max */
    PF_NUMBER,    /* a number from min to max (also derived facts: scores, values) */
} pf_type;

/* One field of the schema. */
typedef struct pf_field {
    const char *path;           /* dotted path ("section.key") */
    pf_type type;               /* what it holds */
    const char *const *allowed; /* PF_ENUM, PF_ENUM_LIST: NULL-terminated values */
    double min, max;            /* PF_INT, PF_NUMBER: inclusive range; PF_STRING: max is the
                                   most characters (a line of a title page), 0 for no limit */
    bool required;              /* must be present (inside its section, if the section is) */
    const char *def;            /* default as text ("none", "false", "0"); NULL: none (null) */
    const char *label;          /* how the report names it */
    const char *table;          /* PF_REGION: the data table whose row ids are allowed */
    bool optional;              /* PF_SECTION: left out of the facts (null) when not given;
                                   otherwise its fields' defaults are filled in */
    const char *description;    /* what it means, for people filling a profile in; NULL: none */
    const value *example;       /* an example value (checked like a profile's); NULL: none */
    const value *labels;        /* a mapping: a value's text -> how the report shows it
                                   ("0" -> "not given"); NULL: none */
    const char *unit;           /* PF_INT, PF_NUMBER: the unit ("KB"); NULL: none */
} pf_field;

/* A site's profile schema: its fields, sections first then their fields, in
 * display order. Lives in the arena it was loaded into; read-only after. */
typedef struct pf_schema {
    const pf_field *fields; /* paths dotted: "section.key" */
    size_t n;               /* number of fields */
} pf_schema;

/* Loads the site's schema from its data file `profile` (content/data/
 * profile.yaml), resolving values_from against the site's data tables.
 * Returns it, or NULL with file:line:col errors (a missing file, an unknown
 * key or type, an enum without values, a table that does not exist...). */
const pf_schema *profile_schema_load(arena *a, const site *s, err_list *errs);

/* A validated profile. Every pointer lives in the arena it was made in. */
typedef struct profile {
    const char *file;         /* the profile's path, for messages */
    value *facts;             /* normalised map: every field of the schema (defaults filled
                                 in; an optional section not given is null) */
    const value *client_v;    /* the client value as written (its position) */
    const char *client;       /* required, non-empty */
    const char *project;      /* required, non-empty */
    const char *prepared_for; /* "" when the schema has none or it is empty */
    const char *date;         /* YYYY-MM-DD: the profile's, else the default given */
} profile;

/* Validates doc (a profile file's YAML, read from `text`, which is used only
 * to point warnings about unknown keys at the key) against schema and returns
 * the profile, or NULL with errors. default_date (YYYY-MM-DD) is used when the profile has no date.
 * Warnings (unknown keys) are added to errs either way. */
profile *profile_from_value(arena *a, const pf_schema *schema, const value *doc, const char *text,
                            const char *file, const char *default_date, err_list *errs);

/* True when v is a valid value of field f; else false with an error at v
 * (the message a profile would get). Checks a schema's examples. */
bool profile_field_valid(arena *a, const pf_field *f, const value *v, const char *file,
                         err_list *errs);

/* The schema's example profile: each field's example, else its default,
 * else a stand-in of its type (a string field's label, a number's min, an
 * enum's first value, false, an empty list, default_date), optional sections
 * included. The report model's formulas are tried on it when they load. */
profile *profile_example(arena *a, const pf_schema *schema, const char *default_date);

/* How the report shows the value v of field f, in the language of words
 * (core/i18n.h): its `labels` entry; "not given" for null; "yes"/"no"; a list
 * joined with ", " ("none" when empty); a number with the language's
 * thousands and decimal separators; a values_from field's row label (the
 * first column of its table in site s). Lives in a (or in words). */
struct i18n_lang;
const char *profile_fact_text(arena *a, const site *s, const pf_field *f, const value *v,
                              const struct i18n_lang *words);

/* Appends the schema as a JSON Schema (draft 2020-12) document, for editors
 * that check profiles as people type (the YAML language server and others):
 * every field with its title, type, range, allowed values and default;
 * unknown keys are not allowed (imprint warns about them). */
void profile_json_schema(const pf_schema *schema, buf *out);

#endif
