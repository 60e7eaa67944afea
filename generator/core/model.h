/* model.h - imprint's data model: values, data tables, pages and the site.
 *
 * Everything a template sees, everything read from YAML, and everything the
 * HTML, PDF and report renderers walk is described here. Values and pages are
 * allocated from an arena (arena.h) that lives as long as the build, so none
 * of these structures is freed field by field. Once loading is done the model
 * is read-only, which is what lets pages render in parallel threads. */
#ifndef IMPRINT_MODEL_H
#define IMPRINT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

/* ---- values: the dynamic data of YAML files, front matter and templates ---- */

typedef enum val_type {
    VAL_NULL, /* YAML null, ~ or an empty scalar */
    VAL_BOOL, /* true / false */
    VAL_NUM,  /* a plain scalar that reads as a number (int or float) */
    VAL_STR,  /* any other scalar, and every quoted scalar */
    VAL_LIST, /* a sequence */
    VAL_MAP,  /* a mapping; keys are strings, order of the source kept */
} val_type;

typedef struct value value;

/* Where a value came from, for file:line:col messages. */
typedef struct src_pos {
    const char *file; /* path as given to the loader; NULL if built in code */
    int line;         /* 1-based line, 0 if unknown */
    int col;          /* 1-based column, 0 if unknown */
} src_pos;

struct value {
    val_type type; /* which member of the union is live */
    src_pos pos;   /* where it was read; zero for values built in code */
    union {
        bool b;     /* VAL_BOOL */
        double num; /* VAL_NUM */
        struct {
            const char *s; /* NUL-terminated UTF-8 (may contain NULs before len) */
            size_t len;    /* bytes, not counting the NUL */
        } str;             /* VAL_STR */
        struct {
            value **items; /* the elements, in order */
            size_t len;    /* elements in use */
            size_t cap;    /* elements allocated */
        } list;            /* VAL_LIST */
        struct {
            const char **keys; /* keys, in source order (unique) */
            value **vals;      /* vals[i] belongs to keys[i] */
            size_t len;        /* pairs in use */
            size_t cap;        /* pairs allocated */
        } map;                 /* VAL_MAP */
    } u;
};

/* Constructors: every value is allocated from the arena and never NULL. */
value *val_null(arena *a);
value *val_bool(arena *a, bool b);
value *val_num(arena *a, double n);
value *val_str(arena *a, const char *s);            /* copies s */
value *val_strn(arena *a, const char *s, size_t n); /* copies n bytes */
value *val_str_own(arena *a, const char *s);        /* s must live as long as the arena */
value *val_list(arena *a);
value *val_map(arena *a);

/* Appends v to list (a VAL_LIST). */
void val_list_push(arena *a, value *list, value *v);
/* Sets key to v in map (a VAL_MAP), replacing an existing key; copies key. */
void val_map_set(arena *a, value *map, const char *key, value *v);
/* Sets every key of the map src in the map dst (a shallow copy: the values are
 * shared, not copied); a later key replaces an earlier one. src may be NULL or
 * not a map: nothing is set. */
void val_map_set_all(arena *a, value *dst, const value *src);
/* Looks a key up in a map; NULL when map is not a map or has no such key. */
value *val_map_get(const value *map, const char *key);
/* Looks up a dotted path ("brand.colors.primary") from a map; NULL if absent. */
value *val_path(const value *root, const char *dotted);

/* Truthiness as Mustache sees it: null, false, "" and [] are false. */
bool val_truthy(const value *v);
/* The string of a VAL_STR, or NULL for any other type (or v NULL). */
const char *val_as_str(const value *v);
/* The string of a VAL_STR, or def. */
const char *val_str_or(const value *v, const char *def);
/* The number of a VAL_NUM, or def. */
double val_num_or(const value *v, double def);
/* Appends a scalar's text as a template shows it: numbers in their shortest
 * round-trip form (1.21, 85), true/false, "" for null; lists and maps append
 * nothing and return false. */
struct buf;
bool val_to_text(const value *v, struct buf *out);
/* Appends v as JSON (maps keep their key order). */
void val_to_json(const value *v, struct buf *out);
/* Adds an error at the position of value at (at may be NULL or have no
 * position: then `file` alone is named). */
struct err_list;
void val_error(struct err_list *errs, const value *at, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The name of a type for messages ("a string", "a list", ...). */
const char *val_type_name(val_type t);

/* ---- data tables: content/data/NAME.yaml with caption, columns, rows ---- */

typedef enum col_align { ALIGN_AUTO, ALIGN_LEFT, ALIGN_RIGHT, ALIGN_CENTER } col_align;

/* One column of a data table. */
typedef struct dt_column {
    const char *key;    /* the row field it shows */
    const char *label;  /* the heading text */
    col_align align;    /* alignment; ALIGN_AUTO: right when every cell is numeric */
    const char *prefix; /* put before formatted numbers ("$"), "" if none */
    const char *suffix; /* put after formatted numbers ("%", " MB"), "" if none */
    int decimals;       /* digits after the point for numbers; -1 = as written */
    bool row_header;    /* cells of this column head their row (th scope=row) */
} dt_column;

/* A data table: the parsed, validated form of a table YAML file. Cells stay
 * values so that reports compute with the same numbers that pages show. */
typedef struct dtable {
    const char *name;       /* file name without .yaml ("rates") */
    const char *file;       /* path of the YAML file */
    const char *caption;    /* caption (required) */
    const char *source;     /* attribution line, NULL if none */
    const char *source_url; /* link for the attribution, NULL if none */
    dt_column *cols;        /* columns, in display order */
    size_t ncols;           /* number of columns */
    value **rows;           /* each a VAL_MAP from column keys to cells (plus "id") */
    size_t nrows;           /* number of rows */
    const value *raw;       /* the whole YAML document */
} dtable;

/* ---- pages and the site ---- */

typedef enum page_kind {
    PAGE_HOME,    /* content/_index.md */
    PAGE_SECTION, /* content/DIR/_index.md: a section with a list page */
    PAGE_PAGE,    /* any other Markdown file under content/ */
} page_kind;

/* One entry of a page's table of contents. */
typedef struct toc_entry {
    int level;        /* heading level 1-6 */
    const char *id;   /* the heading's anchor id, unique in the page */
    const char *text; /* plain text of the heading */
    int line;         /* source line of the heading */
} toc_entry;

struct md_doc; /* a parsed Markdown body (markdown.h) */

typedef struct page {
    page_kind kind;          /* home, section or page */
    const char *src;         /* path relative to content/ ("guide/benchmarks.md") */
    const char *file;        /* path for messages (SITE_DIR/content/...) */
    value *front;            /* the front matter map (empty map if none) */
    const char *title;       /* front matter title (required) */
    const char *description; /* front matter description, "" if none */
    const char *language;    /* front matter language (a BCP 47 tag), else a translation's
                                language (x.de.md: "de"); "" for the site's */
    const char *date;        /* front matter date as written (YYYY-MM-DD...), "" if none */
    const char *lastmod;     /* front matter lastmod, else date */
    const char *slug;        /* URL segment: front matter slug or the file name */
    const char *layout;      /* template name: front matter layout or by kind */
    double weight;           /* ordering key, then title; 0 if unset */
    bool draft;              /* drafts are not built */
    const char *section;     /* section path ("guide"), "" for top-level */
    const char *url;         /* site-relative URL ("/guide/benchmarks/") */
    const char *out_path;    /* output file relative to site/ ("guide/benchmarks/index.html") */
    const char *body;        /* Markdown after the front matter (points into raw) */
    size_t body_len;         /* bytes of body */
    int body_line;           /* line number of body's first line in file */
    size_t body_off;         /* where body starts in the file (body - raw) */
    uint64_t raw_hash;   /* when raw is not read yet (NULL, the page restored from the build cache,
                            core/frontrec.h): the file's content hash then, which the text read
                            for rendering must have; 0 otherwise */
    struct md_doc *doc;  /* parsed body; owned by the site */
    toc_entry *toc;      /* headings, in order */
    size_t ntoc;         /* number of headings */
    struct page *parent; /* the section page listing it, NULL for home */
    struct page **children;   /* pages and sections of a section/home, sorted */
    size_t nchildren;         /* number of children */
    struct page *prev, *next; /* neighbours among siblings, NULL at the ends */
    value *aliases;           /* VAL_LIST of alias URLs from front matter, or NULL */
    const char *summary;      /* plain text of the first paragraph, "" if none */
    bool implicit;            /* made up for a folder without _index.md (or a missing home) */
    char *raw; /* the page file's text (malloc'd, freed by site_free); NULL if implicit */

    /* its language and translations (core/translate.h) */
    size_t lang;                /* the site language it is in: an index of site.langs, 0 the
                                   default (from the file name's suffix: x.de.md) */
    const char *base_src;       /* src without its language suffix ("guide/x.md" for
                                   guide/x.de.md): the same for a page and its translations */
    struct page **translations; /* site.nlangs entries: this page in each language (its own
                                   entry is itself), NULL where it is not translated; shared by
                                   the translations of one page */
} page;

/* Finds a data table by name for a table or chart directive: the site's
 * tables (site_table_lookup) or a report's computed ones. NULL when there is
 * none. Called from rendering threads: must not modify shared state. */
typedef const dtable *(*dtable_lookup_fn)(void *ctx, const char *name);

/* The brand colours, 0xrrggbb each (core/brand.h: defaults, then site.yaml's brand.colors). */
typedef struct brand_palette {
    uint32_t primary; /* headings, links, the first chart series */
    uint32_t accent;  /* list markers, the second chart series */
    uint32_t text;    /* body text */
    uint32_t muted;   /* captions, running heads, secondary text */
    uint32_t surface; /* table stripes and boxed blocks */
    uint32_t rule;    /* lines and borders */
} brand_palette;

/* One language of the site (site.yaml languages; core/translate.h). */
typedef struct site_lang {
    const char *code;  /* its tag as declared ("de", "pt-BR"): the file suffix (x.de.md) and the
                          URL prefix (/de/) */
    const char *name;  /* its name in itself ("Deutsch"): site.yaml's, else lang_name's, else the
                          code */
    struct page *home; /* its home page; NULL when no page is in this language (nothing of it is
                          built) */
} site_lang;

/* Everything loaded from a site folder. */
typedef struct site {
    arena *arena;          /* owns every value, page and string below */
    const char *dir;       /* SITE_DIR */
    const char *theme_dir; /* the built-in theme's folder (core/theme.h), or NULL: none, or
                              it is SITE_DIR itself */
    value *config;         /* content/site.yaml as a map */
    value *data;           /* map: data file name -> its value (content/data/ *.yaml) */
    dtable **tables;       /* the data files that are tables (have columns + rows) */
    size_t ntables;        /* number of tables */
    page **pages;          /* every non-draft page, home first, then in tree order */
    size_t npages;         /* number of pages */
    page *home;            /* the home page (content/_index.md), never NULL after load */
    const char *base_url;  /* config base_url without trailing slash */
    bool unsafe_html;      /* config markdown.unsafe: raw HTML passes through */
    bool relative_urls;    /* config relative_urls: a page's links relative to it (file://) */
    struct strmap *by_src; /* index of pages by src (content.c); read-only after loading */
    struct strmap *by_url; /* index of pages by url */
    long long build_time;  /* SOURCE_DATE_EPOCH or the newest content date, seconds */
    brand_palette palette; /* brand.colors over imprint's defaults (core/brand.h) */
    struct hl_set *hl;     /* fenced code's languages, layouts/highlight/ of the site and the
                              theme (core/highlight.h); read-only after loading */
    struct i18n_set *i18n; /* the words imprint prints, per language: layouts/i18n/ of the
                              site and the theme (core/i18n.h); in arena, read-only after loading */
    site_lang *langs;      /* the languages, the default first; without site.yaml's languages,
                              one: site.yaml's language */
    size_t nlangs;         /* number of langs, at least 1 */
    bool translated;       /* site.yaml declares languages: file suffixes name translations */
} site;

#endif
