/* highlight_internal.h - a loaded language's compiled rules, shared by highlight_load.c
 * (which builds them from a language file) and highlight.c (which runs them) only.
 *
 * Everything here lives in the set's arena and is read-only once loaded. */
#ifndef IMPRINT_HIGHLIGHT_INTERNAL_H
#define IMPRINT_HIGHLIGHT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/highlight.h"
#include "util/arena.h"
#include "util/strmap.h"

/* A set of bytes (a character class): bit b set when byte b is in it. */
typedef struct hl_cls {
    uint32_t w[8];
} hl_cls;

static inline bool hl_cls_has(const hl_cls *c, unsigned char b)
{
    return (c->w[b >> 5] >> (b & 31)) & 1;
}

static inline void hl_cls_add(hl_cls *c, unsigned char b)
{
    c->w[b >> 5] |= 1u << (b & 31);
}

/* A string in the arena, with its length. */
typedef struct hl_str {
    const char *s;
    size_t n;
} hl_str;

typedef enum hl_rule_type {
    RT_SPAN,    /* span: a start, then a body up to an end, a class or the line's end */
    RT_WORDS,   /* words: one of a list of identifiers */
    RT_IDENT,   /* identifier: any identifier, under conditions */
    RT_CHARS,   /* chars: one character of a class */
    RT_TOKENS,  /* tokens: one of a list of exact strings */
    RT_NUMBER,  /* number: a numeric literal */
    RT_HEREDOC, /* heredoc: <<WORD, the body on the lines after, up to WORD */
} hl_rule_type;

enum { AT_ANY, AT_LINE, AT_INDENT };                                         /* rule.at */
enum { CASE_ANY, CASE_UPPER, CASE_CAPITAL, CASE_LOWER };                     /* rule.casemode */
enum { NUM_HEX = 1, NUM_BIN = 2, NUM_OCT = 4, NUM_FLOAT = 8, NUM_DOT = 16 }; /* rule.numflags */

typedef struct hl_rule {
    hl_rule_type type;
    uint8_t kind;     /* the token kind (hl_kind) */
    uint8_t delim;    /* a span's start and end delimiters; a heredoc's marker and end line */
    uint8_t at;       /* AT_LINE: only at column 1; AT_INDENT: only as a line's first non-blank */
    bool after_space; /* only at a line's start or after a blank */
    bool ignore_case; /* words, and a span's starts, compared without ASCII case */
    hl_str *after;    /* only when the previous lexeme is one of these ("" = none yet) */
    size_t nafter;
    hl_str *follow; /* followed_by: only when the text after the match (blanks skipped) starts
                       with one of these; a "\n" also matches the end of the text */
    size_t nfollow;
    hl_cls first; /* the bytes a match can start with (the state's dispatch table) */
    /* spans, tokens and heredocs */
    hl_str *starts; /* span, heredoc: the start strings; tokens: the strings */
    size_t nstarts;
    bool has_end;    /* span: ends at end_pre + capture + end_post */
    hl_str end_pre;  /* the end, or the part before "{}" when there is a capture */
    hl_str end_post; /* the part after "{}" */
    bool has_capture;
    hl_cls capture;   /* span: the characters captured after the start ... */
    hl_str open;      /* ... which must then be followed by this */
    int escape;       /* the escape character, or -1 */
    bool raw;         /* the escape keeps the end from matching but is not an escape token */
    bool dbl;         /* a doubled end ('' in SQL) is an escape, not the end */
    bool nest;        /* the start nests inside the body (Rust's block comments) */
    bool multiline;   /* the body may cross lines (else an unterminated span ends there) */
    bool require_end; /* no match unless the end is found */
    bool indented;    /* the body is the following lines indented deeper (YAML | and >) */
    bool has_body;    /* the body's characters must be in body */
    hl_cls body;      /* without an end: the span is the start then a run of these */
    size_t max;       /* at most this many characters or escapes in the body (0: any) */
    int bal_open;     /* a pushed span ends only with these balanced, or -1 */
    int bal_close;    /* ... the closing one */
    int inside;       /* the state that tokenizes the body (pushed), or -1 */
    int cont;         /* a line span continues past a newline after this character, or -1 */
    bool has_suffix;  /* span: characters of suffix taken after the end; number: the suffix */
    hl_cls suffix;
    bool has_next; /* span: the character after the start must be in next */
    hl_cls next;
    /* words */
    hl_str *words; /* open addressing, a power of two long; empty slots have s NULL */
    size_t wcap;
    /* identifier */
    bool has_ichars; /* the identifier's characters are ichars, not the language's */
    hl_cls ichars;
    uint8_t casemode;
    hl_str ends_with; /* the identifier must end with this (n 0: any) */
    /* chars */
    hl_cls chars;
    /* number */
    unsigned numflags;
    int sep; /* a digit separator ('_', '\''), or -1 */
} hl_rule;

/* A state: its rules in order, and for every byte the rules that can start
 * with it (idx[off[b]] .. idx[off[b + 1]]), in the same order. */
typedef struct hl_state {
    const char *name;
    hl_rule *rules;
    size_t n;
    uint32_t off[257];
    uint16_t *idx;
} hl_state;

struct hl_lang {
    const char *name; /* the display name */
    const char *file; /* the file it was read from */
    hl_cls id_start;  /* bytes an identifier starts with */
    hl_cls id_chars;  /* bytes it goes on with */
    hl_state *states; /* states[0] is the root ("rules:") */
    size_t nstates;
};

struct hl_set {
    arena *a;        /* every language, rule and string */
    hl_lang **langs; /* in the order they were added; malloc'd array */
    size_t n, cap;
    strmap by_alias; /* lowercased alias (in a) -> hl_lang */
};

/* Hash of a word for the words table (lowercased first when fold). */
uint64_t hl_word_hash(const char *s, size_t n, bool fold);

#endif
