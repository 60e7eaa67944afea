/* template.c - Mustache template sets (lazy loading from a folder) and rendering.
 *
 * Compilation lives in template_parse.c; this file walks the compiled trees.
 * Rendering keeps all of its state in stack frames linked to their callers:
 *
 *   - the context stack (ctxf): values pushed by sections, searched top-down
 *     for the first part of a dotted name, the other parts only inside it;
 *   - the indentation chain (ind): the whitespace of the standalone partial,
 *     parent and block tags being expanded, written at every N_LINE node, so
 *     each line of a partial is indented but interpolated text is not;
 *   - the block overrides (env): one frame per parent tag being expanded; a
 *     block takes the argument of the outermost parent that supplies it
 *     ("top-level substitutions take precedence"), else its default body.
 *
 * Nothing is written to the templates, so any number of threads may render
 * them at once; only the set's name table is behind a mutex. */
#include "core/template.h"
#include "util/suggest.h"
#include "util/fsutil.h"
#include "core/template_internal.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTIAL_DEPTH 100 /* partials, parents and block arguments inside each other */
#define MAX_RENDER_DEPTH 1000 /* sections, partials and blocks inside each other */

typedef struct entry {
    char *name; /* owned */
    tpl *t;     /* owned; NULL: known to be absent from the folder */
} entry;

struct tpl_set {
    char *dir;      /* partials folder, or NULL */
    char *fallback; /* a second folder looked in after dir (a theme's), or NULL */
    bool strict;    /* a missing partial is an error */
    pthread_mutex_t lock;
    entry *items; /* templates by name (linear search: sets are small) */
    size_t len, cap;
};

tpl_set *tpl_set_new(const char *partials_dir, bool strict)
{
    tpl_set *set = xcalloc(1, sizeof *set);
    set->dir = partials_dir ? xstrdup(partials_dir) : NULL;
    set->strict = strict;
    pthread_mutex_init(&set->lock, NULL);
    return set;
}

void tpl_set_free(tpl_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->len; i++) {
        free(set->items[i].name);
        tpl_free_compiled(set->items[i].t);
    }
    free(set->items);
    free(set->dir);
    free(set->fallback);
    pthread_mutex_destroy(&set->lock);
    free(set);
}

void tpl_set_fallback(tpl_set *set, const char *dir)
{
    free(set->fallback);
    set->fallback = dir ? xstrdup(dir) : NULL;
}

static long find_entry(const tpl_set *set, const char *name)
{
    for (size_t i = 0; i < set->len; i++)
        if (strcmp(set->items[i].name, name) == 0)
            return (long)i;
    return -1;
}

static void add_entry(tpl_set *set, const char *name, tpl *t)
{
    if (set->len == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 16;
        set->items = xrealloc(set->items, set->cap * sizeof *set->items);
    }
    set->items[set->len].name = xstrdup(name);
    set->items[set->len].t = t;
    set->len++;
}

const tpl *tpl_set_add(tpl_set *set, const char *name, const char *src, size_t len,
                       const char *file, err_list *errs)
{
    tpl *t = NULL;
    pthread_mutex_lock(&set->lock);
    long i = find_entry(set, name);
    if (i >= 0 && set->items[i].t) {
        err_add(errs, file ? file : name, 0, 0, "template '%s' is defined twice", name);
        goto out;
    }
    t = tpl_compile(name, src, len, file, errs);
    if (!t)
        goto out;
    if (i >= 0)
        set->items[i].t = t; /* was remembered as missing from the folder */
    else
        add_entry(set, name, t);
out:
    pthread_mutex_unlock(&set->lock);
    return t;
}

/* The first existing DIR/name[.mustache|.html] (malloc'd), or NULL. */
static char *find_file(const char *dir, const char *name)
{
    static const char *const suffixes[] = {"", ".mustache", ".html"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char *path = xasprintf("%s/%s%s", dir, name, suffixes[i]);
        if (fs_is_file(path))
            return path;
        free(path);
    }
    return NULL;
}

/* Reads and compiles name from the set's folder, else from its fallback.
 * Returns the template, or NULL with *absent set when neither has it, or NULL
 * with errors added. */
static tpl *load(const tpl_set *set, const char *name, bool *absent, err_list *errs)
{
    tpl *t = NULL;
    char *src = NULL;
    const char *dir = set->dir;
    char *path = dir ? find_file(dir, name) : NULL;
    if (!path && set->fallback)
        path = find_file(dir = set->fallback, name);
    *absent = !path;
    if (*absent)
        goto out;
    if (!fs_inside(path, dir)) {
        err_add(errs, path, 0, 0,
                "this template leads outside %s (through a symbolic link); templates are read "
                "only from there",
                dir);
        goto out;
    }
    size_t len = 0;
    src = fs_read(path, &len, errs);
    if (src)
        t = tpl_compile(name, src, len, path, errs);
out:
    free(src);
    free(path);
    return t;
}

int tpl_set_get(tpl_set *set, const char *name, const tpl **out, err_list *errs)
{
    tpl *t = NULL;
    bool absent = false;
    int rc = 0;
    pthread_mutex_lock(&set->lock);
    long i = find_entry(set, name);
    if (i >= 0) {
        t = set->items[i].t;
        goto out;
    }
    if ((!set->dir && !set->fallback) || !fs_safe_relative(name))
        goto out;
    t = load(set, name, &absent, errs);
    if (t || absent)
        add_entry(set, name, t);
    else
        rc = -1; /* not remembered: tried, and reported, again next time */
out:
    pthread_mutex_unlock(&set->lock);
    *out = t;
    return rc;
}

const char *tpl_file(const tpl *t)
{
    return t ? t->file : NULL;
}

/* ---- rendering ---- */

typedef struct ind { /* one piece of the indentation chain */
    const char *s;
    size_t n;
    const struct ind *up;
} ind;

typedef struct ctxf { /* one frame of the context stack */
    const value *v;
    const struct ctxf *up;
} ctxf;

typedef struct env {        /* the block arguments of one parent tag being expanded */
    const tpl_node *parent; /* the N_PARENT node; its kids are N_BLOCKs */
    const char *file;       /* the file the parent tag is in */
    const ind *chain;       /* the indentation at the parent tag */
    const struct env *up;
} env;

typedef struct call { /* the chain of partials, for the recursion message */
    const char *name;
    const struct call *up;
} call;

typedef struct rstate {
    tpl_set *set;
    err_list *errs;
    int depth;         /* partials, parents and block arguments entered */
    int nest;          /* everything entered */
    const call *calls; /* innermost partial first */
    bool plain;        /* tpl_render_text: {{x}} is not HTML-escaped */
} rstate;

typedef struct scope {
    const char *file; /* the file of the nodes being rendered, for messages */
    const ind *chain; /* indentation written at each line start */
    const env *env;   /* block arguments in force */
    const ctxf *ctx;  /* the context stack, top first */
} scope;

static int render_nodes(rstate *rs, const scope *sc, const tpl_node *n, size_t count, buf *out);

static void put_chain(buf *out, const ind *c)
{
    if (!c)
        return;
    put_chain(out, c->up); /* as deep as the nesting, which is bounded */
    buf_put(out, c->s, c->n);
}

/* The value a name resolves to in the context stack, or NULL. */
static const value *lookup(const ctxf *ctx, const tpl_node *n)
{
    if (n->npath == 0)
        return ctx ? ctx->v : NULL;
    const value *v = NULL;
    for (const ctxf *f = ctx; f && !v; f = f->up)
        v = val_map_get(f->v, n->path[0]);
    for (size_t i = 1; v && i < n->npath; i++)
        v = val_map_get(v, n->path[i]);
    return v;
}

/* A variable that resolved to nothing, in a strict set (site builds): when the
 * part that is missing is a near miss of a key that is there ({{page.titel}}),
 * a warning at the tag with the name probably meant. A name with no near miss
 * is taken as optional and passes quietly. */
static void warn_missing(rstate *rs, const scope *sc, const tpl_node *n)
{
    if (!rs->set->strict || n->npath == 0)
        return;
    const value *v = NULL;
    size_t i = 0;
    for (const ctxf *f = sc->ctx; f && !v; f = f->up)
        v = val_map_get(f->v, n->path[0]);
    for (i = 1; v && i < n->npath; i++) {
        const value *next = val_map_get(v, n->path[i]);
        if (!next)
            break;
        v = next;
    }
    /* the keys where the lookup stopped: the map reached, or every frame's for a first part */
    const char *near = NULL;
    if (v && v->type == VAL_MAP)
        near = suggest_nearest(n->path[i], (const char *const *)v->u.map.keys, v->u.map.len);
    for (const ctxf *f = sc->ctx; !v && f && !near; f = f->up)
        if (f->v && f->v->type == VAL_MAP)
            near =
                suggest_nearest(n->path[0], (const char *const *)f->v->u.map.keys, f->v->u.map.len);
    if (!near)
        return;
    buf name = BUF_INIT, meant = BUF_INIT;
    for (size_t k = 0; k < n->npath; k++) {
        buf_printf(&name, "%s%s", k ? "." : "", n->path[k]);
        buf_printf(&meant, "%s%s", k ? "." : "", k == (v ? i : 0) ? near : n->path[k]);
    }
    err_warn(rs->errs, sc->file, n->line, n->col,
             "{{%s}} is empty: there is no '%s'; did you mean '%s'?", buf_cstr(&name),
             v ? n->path[i] : n->path[0], buf_cstr(&meant));
    buf_free(&name);
    buf_free(&meant);
}

/* Counts one more level of nesting; -1 with an error when too deep. */
static int enter(rstate *rs, const scope *sc, const tpl_node *n)
{
    if (rs->nest >= MAX_RENDER_DEPTH) {
        err_add(rs->errs, sc->file, n->line, n->col,
                "templates nested too deeply while rendering (more than %d levels)",
                MAX_RENDER_DEPTH);
        return -1;
    }
    rs->nest++;
    return 0;
}

static int render_section(rstate *rs, const scope *sc, const tpl_node *n, buf *out)
{
    const value *v = lookup(sc->ctx, n);
    int rc = 0;
    if (n->flag ? val_truthy(v) : !val_truthy(v))
        return 0;
    if (enter(rs, sc, n) < 0)
        return -1;
    if (n->flag) {
        rc = render_nodes(rs, sc, n->kids, n->nkids, out);
    } else if (v->type == VAL_LIST) {
        for (size_t i = 0; i < v->u.list.len && rc == 0; i++) {
            ctxf f = {v->u.list.items[i], sc->ctx};
            scope in = *sc;
            in.ctx = &f;
            rc = render_nodes(rs, &in, n->kids, n->nkids, out);
        }
    } else {
        ctxf f = {v, sc->ctx};
        scope in = *sc;
        in.ctx = &f;
        rc = render_nodes(rs, &in, n->kids, n->nkids, out);
    }
    rs->nest--;
    return rc;
}

static void recursion_error(rstate *rs, const scope *sc, const tpl_node *n, const char *name)
{
    const char *names[MAX_PARTIAL_DEPTH + 2];
    size_t k = 0;
    for (const call *c = rs->calls; c && k < MAX_PARTIAL_DEPTH + 1; c = c->up)
        names[k++] = c->name;
    buf b = BUF_INIT; /* the outermost eight, then the one refused or "..." */
    for (size_t i = 0; i < k && i < 8; i++)
        buf_printf(&b, "%s -> ", names[k - 1 - i]);
    buf_puts(&b, k < 8 ? name : "...");
    err_add(rs->errs, sc->file, n->line, n->col, "partial recursion too deep: %s", buf_cstr(&b));
    buf_free(&b);
}

/* Finds the template a partial or parent tag names. Returns 0 with *t set
 * (NULL: render nothing), or -1 after adding an error. */
static int resolve(rstate *rs, const scope *sc, const tpl_node *n, const tpl **t)
{
    buf tmp = BUF_INIT;
    const char *name = n->text;
    int rc = -1;
    *t = NULL;
    if (n->dynamic) {
        const value *v = lookup(sc->ctx, n);
        if (v && v->type == VAL_STR) {
            name = v->u.str.s;
        } else if (v && val_to_text(v, &tmp)) {
            name = buf_cstr(&tmp);
        } else {
            rc = 0; /* a failed dynamic lookup renders nothing */
            goto out;
        }
        if (!*name) {
            rc = 0;
            goto out;
        }
    }
    if (tpl_set_get(rs->set, name, t, rs->errs) != 0)
        goto out; /* it exists but did not compile */
    if (!*t && rs->set->strict) {
        if (rs->set->dir && rs->set->fallback)
            err_add(rs->errs, sc->file, n->line, n->col,
                    "partial '%s' not found (looked in %s and %s)", name, rs->set->dir,
                    rs->set->fallback);
        else if (rs->set->dir)
            err_add(rs->errs, sc->file, n->line, n->col, "partial '%s' not found (looked in %s)",
                    name, rs->set->dir);
        else
            err_add(rs->errs, sc->file, n->line, n->col,
                    "partial '%s' not found (no partials folder)", name);
        goto out;
    }
    rc = 0;
out:
    buf_free(&tmp);
    return rc;
}

/* Renders the body of another template or of a block argument one call level
 * down; n is the tag (in sc) that calls it, name what the recursion message
 * calls it. */
static int descend(rstate *rs, const scope *sc, const scope *in, const tpl_node *n,
                   const char *name, const tpl_node *kids, size_t nkids, buf *out)
{
    if (rs->depth >= MAX_PARTIAL_DEPTH) {
        recursion_error(rs, sc, n, name);
        return -1;
    }
    if (enter(rs, sc, n) < 0)
        return -1;
    call c = {name, rs->calls};
    rs->calls = &c;
    rs->depth++;
    int rc = render_nodes(rs, in, kids, nkids, out);
    rs->depth--;
    rs->calls = c.up;
    rs->nest--;
    return rc;
}

/* {{>name}} and {{<name}}...{{/name}}. */
static int render_partial(rstate *rs, const scope *sc, const tpl_node *n, buf *out)
{
    const tpl *t = NULL;
    if (resolve(rs, sc, n, &t) < 0)
        return -1;
    if (!t)
        return 0;
    /* a standalone tag indents every line; an inline one starts afresh */
    ind piece = {n->indent, n->indent_len, sc->chain};
    env e = {n, sc->file, sc->chain, sc->env};
    scope in = {t->file, n->flag ? &piece : NULL, sc->env, sc->ctx};
    if (n->flag && !n->indent_len)
        in.chain = sc->chain;
    if (n->kind == N_PARENT)
        in.env = &e;
    return descend(rs, sc, &in, n, t->name, t->root, t->nroot, out);
}

/* {{$name}}...{{/name}} outside a parent: the argument or the default body. */
static int render_block(rstate *rs, const scope *sc, const tpl_node *n, buf *out)
{
    const tpl_node *arg = NULL;
    const env *from = NULL;
    for (const env *e = sc->env; e; e = e->up) /* the outermost argument wins */
        for (size_t i = 0; i < e->parent->nkids; i++)
            if (strcmp(e->parent->kids[i].text, n->text) == 0) {
                arg = &e->parent->kids[i];
                from = e;
                break;
            }
    const tpl_node *body = arg ? arg : n;
    scope in = *sc;
    ind piece = {n->indent, n->indent_len, sc->chain};
    if (n->flag) {
        /* a standalone site re-indents the body; an inline body gets it up front */
        if (n->indent_len)
            in.chain = &piece;
        if (!body->dedented && body->nkids)
            put_chain(out, in.chain);
    } else if (arg && !arg->dedented) {
        in.chain = from->chain;
    }
    if (arg) {
        in.file = from->file;
        return descend(rs, sc, &in, n, n->text, arg->kids, arg->nkids, out);
    }
    if (enter(rs, sc, n) < 0)
        return -1;
    int rc = render_nodes(rs, &in, n->kids, n->nkids, out);
    rs->nest--;
    return rc;
}

static int render_nodes(rstate *rs, const scope *sc, const tpl_node *n, size_t count, buf *out)
{
    int rc = 0;
    for (size_t i = 0; i < count && rc == 0; i++, n++) {
        switch (n->kind) {
        case N_TEXT:
            buf_put(out, n->text, n->len);
            break;
        case N_LINE:
            if (!n->flag)
                put_chain(out, sc->chain);
            break;
        case N_VAR: {
            const value *v = lookup(sc->ctx, n);
            if (v && v->type == VAL_STR && n->flag && !rs->plain)
                buf_put_html(out, v->u.str.s, v->u.str.len);
            else if (v)
                val_to_text(v, out); /* numbers and booleans need no escaping */
            else
                warn_missing(rs, sc, n);
            break;
        }
        case N_SECTION:
            rc = render_section(rs, sc, n, out);
            break;
        case N_PARTIAL:
        case N_PARENT:
            rc = render_partial(rs, sc, n, out);
            break;
        case N_BLOCK:
            rc = render_block(rs, sc, n, out);
            break;
        }
    }
    return rc;
}

static int render(tpl_set *set, const tpl *t, const value *ctx, bool plain, buf *out,
                  err_list *errs)
{
    if (!t)
        return -1;
    call top = {t->name, NULL};
    rstate rs = {set, errs, 0, 0, &top, plain};
    ctxf bottom = {ctx, NULL};
    scope sc = {t->file, NULL, NULL, ctx ? &bottom : NULL};
    return render_nodes(&rs, &sc, t->root, t->nroot, out);
}

int tpl_render(tpl_set *set, const tpl *t, const value *ctx, buf *out, err_list *errs)
{
    return render(set, t, ctx, false, out, errs);
}

int tpl_render_text(tpl_set *set, const tpl *t, const value *ctx, buf *out, err_list *errs)
{
    return render(set, t, ctx, true, out, errs);
}
