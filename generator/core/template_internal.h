/* template_internal.h - the compiled form of a Mustache template, shared by
 * template_parse.c (which builds it) and template.c (which renders it). */
#ifndef IMPRINT_TEMPLATE_INTERNAL_H
#define IMPRINT_TEMPLATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

/* Deepest nesting of sections, parents and blocks one template may have. */
#define TPL_MAX_NESTING 256

typedef enum node_kind {
    N_TEXT,    /* literal bytes */
    N_LINE,    /* the start of a source line: where partial indentation goes */
    N_VAR,     /* {{name}}, {{{name}}}, {{&name}} */
    N_SECTION, /* {{#name}}...{{/name}} and {{^name}}...{{/name}} */
    N_PARTIAL, /* {{>name}}, {{>*name}} */
    N_PARENT,  /* {{<name}}...{{/name}}: kids are its N_BLOCK arguments only */
    N_BLOCK,   /* {{$name}}...{{/name}}: a block site, or an argument of a parent */
} node_kind;

typedef struct tpl_node tpl_node;

/* One node of the tree. Which fields are used depends on kind. */
struct tpl_node {
    node_kind kind;
    bool flag;          /* VAR: HTML-escape; SECTION: inverted; LINE: the line is
                         * empty (no indentation); PARTIAL/PARENT: standalone tag;
                         * BLOCK: standalone as a site (re-indented by indent) */
    bool dynamic;       /* PARTIAL/PARENT: {{>*name}}, the name is looked up */
    bool dedented;      /* BLOCK: standalone opening tag, so its lines lost their
                         * common indentation at compile time */
    int line, col;      /* 1-based position of the tag, for messages */
    const char *text;   /* TEXT: the bytes; otherwise the tag's name (NUL-terminated) */
    size_t len;         /* bytes of text */
    const char **path;  /* VAR/SECTION/dynamic names: the dotted name's parts */
    size_t npath;       /* parts; 0 means the implicit iterator "." */
    const char *indent; /* PARTIAL/PARENT: the standalone tag's indentation;
                         * BLOCK: the indentation of a standalone site */
    size_t indent_len;  /* bytes of indent */
    tpl_node *kids;     /* SECTION/PARENT/BLOCK: the body */
    size_t nkids;       /* nodes in kids */
};

/* A compiled template: an arena of nodes, never changed after compilation. */
struct tpl {
    arena *arena;     /* owns everything below */
    const char *name; /* the name in its set */
    const char *file; /* the file name used in messages */
    tpl_node *root;   /* the top-level nodes */
    size_t nroot;     /* number of top-level nodes */
};

/* Compiles src (len bytes) into a new template. Returns it (free with
 * tpl_free_compiled) or NULL with one file:line:col error added to errs. */
struct tpl *tpl_compile(const char *name, const char *src, size_t len, const char *file,
                        err_list *errs);
void tpl_free_compiled(struct tpl *t);

#endif
