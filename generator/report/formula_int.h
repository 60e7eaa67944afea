/* formula_int.h - the formulas' insides, shared by formula.c, formula_check.c and formula_eval.c.
 *
 * Threads: formula.c builds a tree and formula_check.c completes it on the
 * loading thread; formula_eval.c only reads it, from any thread. */
#ifndef IMPRINT_REPORT_FORMULA_INT_H
#define IMPRINT_REPORT_FORMULA_INT_H

#include "report/formula.h"

/* Deepest nesting of the parser and tallest tree accepted: checking and
 * evaluating (tree walks) recurse at most this deep. */
#define MAX_DEPTH 64
/* round(x, digits): digits from 0 to this. */
#define MAX_ROUND_DIGITS 10

/* What a node is: a literal, a name, an operator or a function. */
typedef enum node_kind {
    N_NUM,
    N_STR,
    N_BOOL,
    N_NULL,
    N_NAME,
    N_NEG,
    N_NOT,
    N_ADD,
    N_SUB,
    N_MUL,
    N_DIV,
    N_LT,
    N_LE,
    N_GT,
    N_GE,
    N_EQ,
    N_NE,
    N_AND,
    N_OR,
    /* the functions, in the order of fxi_fn_names */
    N_MIN,
    N_MAX,
    N_ABS,
    N_CEIL,
    N_FLOOR,
    N_ROUND,
    N_IF,
    N_GIVEN,
    N_LOOKUP,
    N_BAND
} node_kind;

/* How many functions there are (N_MIN to N_BAND). */
#define NFUNCS 10
/* The functions' names, NULL-terminated: fxi_fn_names[k - N_MIN] is node kind k's (formula.c). */
extern const char *const fxi_fn_names[NFUNCS + 1];

/* One node of a parsed formula, made by the parser and typed by checking. */
typedef struct node node;
struct node {
    node_kind kind;    /* what it is */
    int line, col;     /* the character it is about: an operator, a function's name, a literal */
    int sline, scol;   /* its text's first character (an opening parenthesis included) */
    size_t start, end; /* its text in the source, for messages */
    int height;        /* 1 for a leaf */
    node **args;       /* operands or arguments */
    size_t nargs;      /* how many args */
    double num;        /* N_NUM */
    bool b;            /* N_BOOL */
    const char *str;   /* N_STR: the text; N_NAME: the name */
    /* set by checking */
    fx_type type;       /* its static type (FX_NULL with nullable after an error) */
    size_t slot;        /* N_NAME: the index of its value in fx_eval's slots */
    value *const *rows; /* N_LOOKUP: the source's rows; N_BAND: its items */
    size_t nrows;       /* how many rows */
};

struct fx_expr {
    arena *a;           /* the tree, and what checking adds */
    const char *src;    /* a copy of the formula, for messages */
    const char *file;   /* for messages */
    node *root;         /* the tree */
    const char **names; /* distinct names, in order of first appearance */
    size_t nnames;      /* how many names */
    bool checked;       /* fx_check succeeded */
};

/* ---- formula_check.c: the sources' items, which evaluation reads too ---- */

/* What a cell of a lookup holds. */
typedef enum cell_kind { CELL_NONE, CELL_NUM, CELL_STR, CELL_BAD } cell_kind;

/* The id of a source's item (checked when the source was). */
const char *fxi_item_id(const value *item);
/* The one of n rows whose id is id, or NULL. */
value *fxi_find_row(value *const *rows, size_t n, const char *id);
/* What cell holds; *num set for CELL_NUM (a number, or a mapping's numeric `value`). */
cell_kind fxi_cell_of(const value *cell, double *num);

#endif
