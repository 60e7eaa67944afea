/* test_formula.c - unit tests for report/formula.c: arithmetic and logic, every function, null
 * propagation, lookups and bands on data read from YAML, every parse and check message with its
 * position, run-time failures, fx_names, the nesting limit and evaluation from many threads.
 * Expected numbers are computed here by C from the data written below, not copied from output. */
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "core/model.h"
#include "core/yamlload.h"
#include "report/formula.h"
#include "test.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The site's data files, by name: a table (rates), files with lists of items,
 * a file that is no table (faq), and broken band lists. */
static const char *const DATA = "rates:\n"
                                "  caption: Rates\n"
                                "  columns: [{key: region, label: Region}]\n"
                                "  rows:\n"
                                "    - id: us\n"
                                "      region: United States\n"
                                "      python: {low: 80, high: 150}\n"
                                "      hours: 160\n"
                                "      score: {text: \"22%\", value: 22}\n"
                                "      mixed: 1\n"
                                "    - id: india\n"
                                "      region: India\n"
                                "      python: {low: 20, high: 45}\n"
                                "      hours: 150\n"
                                "      score: 7\n"
                                "      mixed: 2\n"
                                "    - id: eu\n"
                                "      region: Europe\n"
                                "      python: {low: 60, high: 110}\n"
                                "      score: {text: \"12 points\", value: 12}\n"
                                "      mixed: \"many\"\n"
                                "benchmarks:\n"
                                "  caption: Benchmarks\n"
                                "  rps_bands:\n"
                                "    - {id: low, max: 10000}\n"
                                "    - {id: mid, min: 10000, max: 30000}\n"
                                "    - {id: high, min: 30000}\n"
                                "tiers:\n"
                                "  caption: Tiers\n"
                                "  rows:\n"
                                "    - {id: low, cores: 2, title: Small}\n"
                                "    - {id: mid, cores: 8, title: Medium}\n"
                                "    - {id: high, cores: 32, title: Large}\n"
                                "tiers2:\n"
                                "  rows:\n"
                                "    - {id: low, cores: 2}\n"
                                "    - {id: mid, cores: 8}\n"
                                "faq:\n"
                                "  title: Questions\n"
                                "  items: [{question: q}]\n"
                                "bands:\n"
                                "  gaps:\n"
                                "    - {id: a, min: 0, max: 10}\n"
                                "    - {id: b, min: 20, max: 30}\n"
                                "  noid:\n"
                                "    - {id: a}\n"
                                "    - {min: 1}\n"
                                "  dup: [{id: a}, {id: a}]\n"
                                "  empty: []\n"
                                "  strmin: [{id: a, min: \"x\"}]\n"
                                "  inverted: [{id: a, max: 3}, {id: b, min: 5, max: 5}]\n"
                                "  nested: {deep: [{id: a, max: 1}]}\n";

/* ---- the facts: names, their types and slots ---- */

static const char *const region_ids[] = {"us", "india", "eu", NULL};
static const char *const plan_ids[] = {"startup", "enterprise", NULL};
static const char *const zone_ids[] = {"us", "mars", NULL};

enum {
    S_HOURS,
    S_RATE,
    S_REGION,
    S_PLAN,
    S_RUSH,
    S_ENGINEERS,
    S_CLIENT,
    S_RPS,
    S_ZONE,
    S_MAYBE,
    S_DIGITS,
    S_SCORE,
    NFACTS
};

static const struct {
    const char *name;
    fx_type type;
} facts[NFACTS] = {
    [S_HOURS] = {"hours", {FX_NUM, false, NULL}},
    [S_RATE] = {"rate", {FX_NUM, true, NULL}},
    [S_REGION] = {"region", {FX_STR, false, region_ids}},
    [S_PLAN] = {"plan", {FX_STR, false, plan_ids}},
    [S_RUSH] = {"rush", {FX_BOOL, false, NULL}},
    [S_ENGINEERS] = {"hiring.engineers", {FX_NUM, false, NULL}},
    [S_CLIENT] = {"client", {FX_STR, false, NULL}},
    [S_RPS] = {"rps", {FX_NUM, false, NULL}},
    [S_ZONE] = {"zone", {FX_STR, false, zone_ids}},
    [S_MAYBE] = {"maybe", {FX_NUM, true, NULL}},
    [S_DIGITS] = {"digits", {FX_NUM, false, NULL}},
    [S_SCORE] = {"score.python_2", {FX_NUM, false, NULL}},
};

static const char *suggest[NFACTS + 1];
static fx_val slots[NFACTS];
static arena *data_arena;
static value *data;

static bool resolve(void *ctx, const char *name, fx_type *type, size_t *slot)
{
    int *calls = ctx;
    (*calls)++;
    for (size_t i = 0; i < NFACTS; i++)
        if (strcmp(facts[i].name, name) == 0) {
            *type = facts[i].type;
            *slot = i;
            return true;
        }
    return false;
}

static int resolve_calls;
static const fx_env env = {resolve, &resolve_calls, NULL, suggest};

static fx_val num(double x)
{
    return (fx_val){.kind = FX_NUM, .num = x};
}

static fx_val str(const char *s)
{
    return (fx_val){.kind = FX_STR, .str = s};
}

static fx_val boolean(bool b)
{
    return (fx_val){.kind = FX_BOOL, .b = b};
}

/* The slots every test starts from. */
static void reset_slots(void)
{
    slots[S_HOURS] = num(160);
    slots[S_RATE] = num(55);
    slots[S_REGION] = str("india");
    slots[S_PLAN] = str("startup");
    slots[S_RUSH] = boolean(false);
    slots[S_ENGINEERS] = num(4);
    slots[S_CLIENT] = str("Acme");
    slots[S_RPS] = num(12000);
    slots[S_ZONE] = str("us");
    slots[S_MAYBE] = (fx_val){.kind = FX_NULL};
    slots[S_DIGITS] = num(2);
    slots[S_SCORE] = num(7);
}

/* Every message of errs, one per line (caller frees). */
static char *messages(const err_list *errs)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < errs->len; i++)
        buf_printf(&b, "%s%s", i ? "\n" : "", errs->items[i].text);
    return buf_detach(&b);
}

/* Parses and checks src (at f.yaml:1:1) with the test's env; NULL with the
 * messages in *msgs (caller frees) on failure. */
static fx_expr *compile(arena *a, const char *src, fx_type *type, char **msgs)
{
    err_list errs = ERR_LIST_INIT;
    fx_env e = env;
    e.data = data;
    fx_expr *x = fx_parse(a, src, "f.yaml", 1, 1, &errs);
    fx_type t;
    if (x && fx_check(x, &e, &t, &errs) != 0)
        x = NULL;
    if (x && type)
        *type = t;
    *msgs = messages(&errs);
    err_list_free(&errs);
    return x;
}

/* Evaluates src against the current slots; returns fx_eval's result. */
static int run(const char *src, fx_val *out, fx_fail *fail)
{
    arena *a = arena_new();
    char *msgs;
    int rc = -2;
    fx_expr *x = compile(a, src, NULL, &msgs);
    STR_EQ(msgs, "", src);
    if (x)
        rc = fx_eval(x, slots, out, fail);
    free(msgs);
    arena_free(a);
    return rc;
}

static void num_is(const char *src, double want)
{
    fx_val v = {FX_NULL, 0, NULL, false};
    fx_fail f = {0, 0, NULL};
    INT_EQ(run(src, &v, &f), 0, src);
    INT_EQ(v.kind, FX_NUM, src);
    if (v.kind == FX_NUM && v.num != want) {
        char m[300];
        snprintf(m, sizeof m, "%s: got %.17g, want %.17g", src, v.num, want);
        OK(false, m);
    } else {
        OK(true, src);
    }
}

/* A string result; want_str points into the slots, the data or e: checked by value. */
static void str_is(const char *src, const char *want)
{
    arena *a = arena_new();
    char *msgs;
    fx_expr *x = compile(a, src, NULL, &msgs);
    STR_EQ(msgs, "", src);
    fx_val v = {FX_NULL, 0, NULL, false};
    fx_fail f = {0, 0, NULL};
    if (x)
        INT_EQ(fx_eval(x, slots, &v, &f), 0, src);
    INT_EQ(v.kind, FX_STR, src);
    STR_EQ(v.kind == FX_STR ? v.str : NULL, want, src);
    free(msgs);
    arena_free(a);
}

static void bool_is(const char *src, bool want)
{
    fx_val v = {FX_NULL, 0, NULL, false};
    fx_fail f = {0, 0, NULL};
    INT_EQ(run(src, &v, &f), 0, src);
    INT_EQ(v.kind, FX_BOOL, src);
    INT_EQ(v.b, want, src);
}

static void null_is(const char *src)
{
    fx_val v = {FX_NUM, 1, NULL, false};
    fx_fail f = {0, 0, NULL};
    INT_EQ(run(src, &v, &f), 0, src);
    INT_EQ(v.kind, FX_NULL, src);
}

/* Expects src to fail at run time at line:col for why. */
static void fails(const char *src, int line, int col, const char *why)
{
    fx_val v = {FX_NULL, 0, NULL, false};
    fx_fail f = {0, 0, NULL};
    INT_EQ(run(src, &v, &f), -1, src);
    INT_EQ(f.line, line, src);
    INT_EQ(f.col, col, src);
    STR_EQ(f.why, why, src);
}

/* Expects fx_parse to fail on src with exactly the message want. */
static void parse_error(const char *src, const char *want)
{
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    OK(fx_parse(a, src, "f.yaml", 1, 1, &errs) == NULL, src);
    char *got = messages(&errs);
    INT_EQ(errs.len, 1, src);
    STR_EQ(got, want, src);
    free(got);
    err_list_free(&errs);
    arena_free(a);
}

/* Expects src to parse and fail checking with exactly the messages want. */
static void check_error(const char *src, const char *want)
{
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    fx_env e = env;
    e.data = data;
    fx_expr *x = fx_parse(a, src, "f.yaml", 1, 1, &errs);
    OK(x != NULL, src);
    fx_type t = {FX_NUM, false, NULL};
    if (x) {
        INT_EQ(fx_check(x, &e, &t, &errs), -1, src);
        INT_EQ(t.kind, FX_NULL, src);
    }
    char *got = messages(&errs);
    STR_EQ(got, want, src);
    free(got);
    err_list_free(&errs);
    arena_free(a);
}

/* The allowed values of t joined by ",", "*" for any string. */
static void type_is(const char *src, fx_kind kind, bool nullable, const char *allowed)
{
    arena *a = arena_new();
    char *msgs;
    fx_type t = {FX_NULL, false, NULL};
    fx_expr *x = compile(a, src, &t, &msgs);
    STR_EQ(msgs, "", src);
    OK(x != NULL, src);
    INT_EQ(t.kind, kind, src);
    INT_EQ(t.nullable, nullable, src);
    buf b = BUF_INIT;
    if (!t.allowed)
        buf_puts(&b, "*");
    for (size_t i = 0; t.allowed && t.allowed[i]; i++)
        buf_printf(&b, "%s%s", i ? "," : "", t.allowed[i]);
    STR_EQ(buf_cstr(&b), allowed, src);
    buf_free(&b);
    free(msgs);
    arena_free(a);
}

/* ---- evaluation ---- */

static void test_arithmetic(void)
{
    num_is("2 + 3 * 4", 2 + 3 * 4);
    num_is("(2 + 3) * 4", (2 + 3) * 4);
    num_is("2 * 3 + 4", 2 * 3 + 4);
    num_is("10 - 4 - 3", (10 - 4) - 3);
    num_is("100 / 10 / 5", (100.0 / 10) / 5);
    num_is("8 - 2 * 3 / 4", 8 - 2 * 3 / 4.0);
    num_is("-2 * 3", -6);
    num_is("2 - -3", 5);
    num_is("- - 4", 4);
    num_is("-(1 + 2) * 2", -6);
    num_is("2e3 + 1.5", 2001.5);
    num_is("1E-2", 0.01);
    num_is("12.25e+1", 122.5);
    num_is("hours * hiring.engineers", 160 * 4);
    num_is("hours/hiring.engineers-1", 160.0 / 4 - 1);
    num_is("score.python_2 * 3", 21);
    num_is("1 / 3", 1.0 / 3);
    num_is("0.1 + 0.2", 0.1 + 0.2);
    num_is("\t1\n+\r\n2 ", 3);

    fx_val v = {FX_NUM, 1, NULL, false};
    fx_fail f;
    INT_EQ(run("-(0)", &v, &f), 0, "-(0)");
    OK(v.kind == FX_NUM && v.num == 0 && !signbit(v.num), "-0 is 0");
    INT_EQ(run("ceil(-0.5)", &v, &f), 0, "ceil(-0.5)");
    OK(v.kind == FX_NUM && v.num == 0 && !signbit(v.num), "ceil(-0.5) is 0, not -0");
}

static void test_logic(void)
{
    bool_is("hours > 100", true);
    bool_is("hours >= 160", true);
    bool_is("hours < 160", false);
    bool_is("hours <= 160", true);
    bool_is("hours > 160", false);
    bool_is("1 == 1.0", true);
    bool_is("1 != 1.0", false);
    bool_is("client == \"Acme\"", true);
    bool_is("client != 'Acme'", false);
    bool_is("client == \"acme\"", false);
    bool_is("rush == false", true);
    bool_is("rush != true", true);
    bool_is("true and false", false);
    bool_is("true and true", true);
    bool_is("false or true", true);
    bool_is("false or false", false);
    bool_is("not rush", true);
    bool_is("not not rush", false);
    /* and binds tighter than or: true or (false and false) */
    bool_is("true or false and false", true);
    /* not binds tighter than or, looser than comparisons */
    bool_is("not true or true", true);
    bool_is("not 1 > 2", true);
    bool_is("not (true or true)", false);
    bool_is("1 + 2 > 2 and 3 > 2", true);
    bool_is("hours / 2 == 80 and plan == \"startup\"", true);
    bool_is("(1 < 2) == true", true);
    bool_is("rush or not rush and hours > 1", true);
}

static void test_strings(void)
{
    str_is("\"plain\"", "plain");
    str_is("'it\\'s'", "it's");
    str_is("\"say \\\"hi\\\"\"", "say \"hi\"");
    str_is("'a\\\\b'", "a\\b");
    str_is("'x\"y'", "x\"y");
    str_is("\"\"", "");
    str_is("client", "Acme");
    str_is("\"caf\xc3\xa9\"", "caf\xc3\xa9");
}

static void test_functions(void)
{
    num_is("min(3, 1, 2)", 1);
    num_is("max(3, 1, 2)", 3);
    num_is("min(hours, 100)", 100);
    num_is("max(-1, -2)", -1);
    num_is("abs(-2.5)", 2.5);
    num_is("abs(hours - 200)", 40);
    num_is("ceil(1.2)", 2);
    num_is("ceil(-1.2)", -1);
    num_is("floor(1.8)", 1);
    num_is("floor(-1.2)", -2);
    num_is("round(2.5)", 3);
    num_is("round(-2.5)", -3);
    num_is("round(2.4)", 2);
    num_is("round(0.5)", 1);
    num_is("round(2.675, 2)", 2.68); /* the double 2.675 is just below: rounded as written */
    num_is("round(-1.005, 2)", -1.01);
    num_is("round(0.125, 2)", 0.13);
    num_is("round(1234.5678, 1)", 1234.6);
    num_is("round(9.995, 2)", 10);
    num_is("round(0.0004, 3)", 0);
    num_is("round(1e20, 2)", 1e20);
    num_is("round(hours / 7, 3)", 22.857);
    num_is("round(hours / 7, digits)", 22.86);
    num_is("round(2 / 3, 10)", 0.6666666667);
    bool_is("given(hours)", true);
    bool_is("given(maybe)", false);
    bool_is("given(null)", false);
    bool_is("given(maybe + 1)", false);
    num_is("if(rush, 1, 2)", 2);
    num_is("if(not rush, 1, 2)", 1);
    str_is("if(hours > 100, \"big\", \"small\")", "big");
    /* only the branch taken is evaluated: no division by zero in the other */
    num_is("if(rps == 12000, 1, hours / (rps - 12000))", 1);
    num_is("if(rps != 12000, hours / (rps - 12000), 2)", 2);
    fails("if(rps != 12000, 1, hours / (rps - 12000))", 1, 27, "division by zero");
    num_is("if(given(maybe), maybe, 0) + 1", 1);
}

static void test_nulls(void)
{
    null_is("null");
    null_is("maybe");
    null_is("maybe + 1");
    null_is("1 - maybe");
    null_is("maybe * 2");
    null_is("-maybe");
    null_is("maybe > 1");
    null_is("maybe == 1");
    null_is("maybe != 1");
    null_is("1 == null");
    null_is("not (maybe > 1)");
    null_is("rush and maybe > 1");
    null_is("true or maybe > 1");
    null_is("min(1, maybe)");
    null_is("max(maybe, 1, 2)");
    null_is("abs(maybe)");
    null_is("ceil(maybe)");
    null_is("floor(maybe)");
    null_is("round(maybe)");
    null_is("round(maybe, 2)");
    null_is("round(1.5, maybe)");
    null_is("if(maybe > 1, 1, 2)");
    null_is("if(rush, 1, null)");
    null_is("maybe / (rps - 12000)"); /* null first: no division */
    null_is("lookup(\"rates\", null, \"hours\")");
    null_is("band(maybe, \"benchmarks.rps_bands\")");
    num_is("rate + 1", 56);
    slots[S_RATE] = (fx_val){.kind = FX_NULL};
    null_is("rate + 1");
    reset_slots();
}

static void test_lookups(void)
{
    /* by a literal row */
    num_is("lookup(\"rates\", \"us\", \"python.low\")", 80);
    num_is("lookup(\"rates\", \"eu\", \"python.high\")", 110);
    num_is("lookup('rates', 'us', 'hours')", 160);
    num_is("lookup(\"rates\", \"us\", \"score\")", 22); /* a mapping with value */
    num_is("lookup(\"rates\", \"india\", \"score\")", 7);
    str_is("lookup(\"rates\", \"us\", \"region\")", "United States");
    num_is("lookup(\"rates\", \"us\", \"python.high\") - lookup(\"rates\", \"us\", \"python.low\")",
           150 - 80);
    /* by a row of known values */
    num_is("lookup(\"rates\", region, \"python.high\")", 45);
    slots[S_REGION] = str("eu");
    num_is("lookup(\"rates\", region, \"python.high\") * hours", 110 * 160);
    num_is("lookup(\"rates\", region, \"score\")", 12);
    str_is("lookup(\"rates\", region, \"region\")", "Europe");
    slots[S_REGION] = str("atlantis"); /* not one of region's values: no row */
    null_is("lookup(\"rates\", region, \"python.low\")");
    reset_slots();
    /* by any string: rows without the field give null */
    slots[S_CLIENT] = str("us");
    num_is("lookup(\"rates\", client, \"hours\")", 160);
    slots[S_CLIENT] = str("eu");
    null_is("lookup(\"rates\", client, \"hours\")");
    slots[S_CLIENT] = str("nowhere");
    null_is("lookup(\"rates\", client, \"python.low\")");
    reset_slots();
    /* a band's id as the row */
    num_is("lookup(\"tiers\", band(rps, \"benchmarks.rps_bands\"), \"cores\")", 8);
    slots[S_RPS] = num(45000);
    str_is("lookup(\"tiers\", band(rps, \"benchmarks.rps_bands\"), \"title\")", "Large");
    reset_slots();
    /* an if of two literals as the row */
    num_is("lookup(\"tiers\", if(rush, \"high\", \"low\"), \"cores\")", 2);
}

static void test_bands(void)
{
    static const struct {
        double rps;
        const char *want; /* NULL: no band */
    } cases[] = {
        {-5, "low"},       {0, "low"},      {9999.5, "low"}, {10000, "mid"}, /* min inclusive */
        {29999.99, "mid"}, {30000, "high"},                                  /* max exclusive */
        {1e12, "high"},                                                      /* no upper bound */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        slots[S_RPS] = num(cases[i].rps);
        str_is("band(rps, \"benchmarks.rps_bands\")", cases[i].want);
    }
    static const struct {
        double x;
        const char *want;
    } gaps[] = {{0, "a"},  {9.99, "a"}, {10, NULL}, {15, NULL},
                {20, "b"}, {29, "b"},   {30, NULL}, {-0.5, NULL}};
    for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++) {
        slots[S_RPS] = num(gaps[i].x);
        if (gaps[i].want)
            str_is("band(rps, \"bands.gaps\")", gaps[i].want);
        else
            null_is("band(rps, \"bands.gaps\")");
    }
    slots[S_RPS] = num(0.5);
    str_is("band(rps, \"bands.nested.deep\")", "a");
    reset_slots();
    bool_is("band(rps, \"benchmarks.rps_bands\") == \"mid\"", true);
}

static void test_types(void)
{
    type_is("1", FX_NUM, false, "*");
    type_is("'a'", FX_STR, false, "a");
    type_is("null", FX_NULL, true, "*");
    type_is("hours + rate", FX_NUM, true, "*");
    type_is("hours + 1", FX_NUM, false, "*");
    type_is("hours + null", FX_NUM, true, "*");
    type_is("rate > 1", FX_BOOL, true, "*");
    type_is("given(rate)", FX_BOOL, false, "*");
    type_is("region", FX_STR, false, "us,india,eu");
    type_is("if(rush, 'a', 'b')", FX_STR, false, "a,b");
    type_is("if(rush, region, zone)", FX_STR, false, "us,india,eu,mars");
    type_is("if(rush, 'a', null)", FX_STR, true, "a");
    type_is("if(rush, null, 'b')", FX_STR, true, "b");
    type_is("if(rush, 'a', client)", FX_STR, false, "*");
    type_is("if(rush, null, null)", FX_NULL, true, "*");
    type_is("if(rate > 1, 1, 2)", FX_NUM, true, "*");
    type_is("lookup('rates', 'us', 'python.low')", FX_NUM, false, "*");
    type_is("lookup('rates', region, 'score')", FX_NUM, false, "*");
    type_is("lookup('rates', 'us', 'region')", FX_STR, false, "*");
    type_is("lookup('rates', client, 'python.low')", FX_NUM, true, "*");
    type_is("lookup('rates', client, 'hours')", FX_NUM, true, "*");
    type_is("lookup('tiers', band(rps, 'benchmarks.rps_bands'), 'cores')", FX_NUM, true, "*");
    type_is("lookup('tiers', if(rush, 'low', null), 'cores')", FX_NUM, true, "*");
    type_is("band(rps, 'benchmarks.rps_bands')", FX_STR, true, "low,mid,high");
    type_is("min(hours, rate)", FX_NUM, true, "*");
    type_is("round(hours, 2)", FX_NUM, false, "*");
    type_is("not rush", FX_BOOL, false, "*");
}

static void test_failures(void)
{
    slots[S_RPS] = num(0);
    fails("hours / rps", 1, 7, "division by zero");
    fails("1 +\n  hours / rps", 2, 9, "division by zero");
    reset_slots();
    fails("hours * 1e308", 1, 7, "the result is not a finite number");
    fails("1e308 + 1e308 - 1", 1, 7, "the result is not a finite number");
    slots[S_DIGITS] = num(1.5);
    fails("round(hours, digits)", 1, 1, "round()'s digits are not a whole number from 0 to 10");
    slots[S_DIGITS] = num(11);
    fails("1 + round(hours, digits)", 1, 5, "round()'s digits are not a whole number from 0 to 10");
    slots[S_HOURS] = num(INFINITY);
    fails("max(hours, 1)", 1, 1, "the result is not a finite number");
    reset_slots();

    /* an expression that was not checked is not evaluated */
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    fx_expr *x = fx_parse(a, "1 + 2", "f.yaml", 1, 1, &errs);
    fx_val v;
    fx_fail f = {0, 0, NULL};
    INT_EQ(fx_eval(x, slots, &v, &f), -1, "unchecked");
    STR_EQ(f.why, "the formula is not checked", "unchecked");
    err_list_free(&errs);
    arena_free(a);
}

/* ---- messages ---- */

static void test_parse_errors(void)
{
    parse_error("hours # 2", "f.yaml:1:7: unexpected character '#'");
    parse_error("hours = 2", "f.yaml:1:7: unexpected '='; did you mean '=='?");
    parse_error("hours ! 2", "f.yaml:1:7: unexpected '!'; did you mean 'not' or '!='?");
    parse_error("rush && rush", "f.yaml:1:6: unexpected '&'; did you mean 'and'?");
    parse_error("rush || rush", "f.yaml:1:6: unexpected '|'; did you mean 'or'?");
    parse_error("hours \xc3\x97 2", "f.yaml:1:7: unexpected character '\xc3\x97'");
    parse_error("hours \x01", "f.yaml:1:7: unexpected byte 0x01");
    parse_error("hours \xff", "f.yaml:1:7: unexpected byte 0xff");
    parse_error("(hours + 2", "f.yaml:1:1: unclosed '('");
    parse_error("2 * ((hours + 2)", "f.yaml:1:5: unclosed '('");
    parse_error("(hours + 2 3", "f.yaml:1:12: expected ')' or an operator, found '3'");
    parse_error("hours + 2)", "f.yaml:1:10: unmatched ')'");
    parse_error("hours 2", "f.yaml:1:7: expected an operator, found '2'");
    parse_error("hours client", "f.yaml:1:7: expected an operator, found 'client'");
    parse_error("\"abc", "f.yaml:1:1: unclosed string");
    parse_error("1 + 'abc\\'", "f.yaml:1:5: unclosed string");
    parse_error("'a\\nb'", "f.yaml:1:3: unknown escape '\\n' in a string (escapes: \\\" \\' \\\\)");
    parse_error("minn(1, 2)", "f.yaml:1:1: unknown function 'minn'; did you mean 'min'?");
    parse_error("1 + sqrt(4)",
                "f.yaml:1:5: unknown function 'sqrt' (functions: min, max, abs, ceil, floor, "
                "round, if, given, lookup, band)");
    parse_error("hiring.max(1, 2)",
                "f.yaml:1:1: unknown function 'hiring.max' (functions: min, max, abs, ceil, "
                "floor, round, if, given, lookup, band)");
    parse_error("abs(1, 2)", "f.yaml:1:1: abs() takes 1 argument, not 2");
    parse_error("given()", "f.yaml:1:1: given() takes 1 argument, not 0");
    parse_error("min(1)", "f.yaml:1:1: min() takes at least 2 arguments, not 1");
    parse_error("2 * max()", "f.yaml:1:5: max() takes at least 2 arguments, not 0");
    parse_error("round(1, 2, 3)", "f.yaml:1:1: round() takes 1 or 2 arguments, not 3");
    parse_error("if(rush, 1)", "f.yaml:1:1: if() takes 3 arguments, not 2");
    parse_error("band(rps)", "f.yaml:1:1: band() takes 2 arguments, not 1");
    parse_error("lookup(\"rates\", \"us\")", "f.yaml:1:1: lookup() takes 3 arguments, not 2");
    parse_error("lookup(region, \"us\", \"hours\")",
                "f.yaml:1:8: lookup()'s SOURCE must be a string literal, such as \"rates\"");
    parse_error("lookup(\"rates\", \"us\", (hours))",
                "f.yaml:1:23: lookup()'s FIELD must be a string literal, such as \"basic.low\"");
    parse_error("band(rps, benchmarks.rps_bands)",
                "f.yaml:1:11: band()'s SOURCE must be a string literal, such as "
                "\"benchmarks.rps_bands\"");
    parse_error("hours +", "f.yaml:1:7: expected a value after '+'");
    parse_error("not", "f.yaml:1:1: expected a value after 'not'");
    parse_error("", "f.yaml:1:1: empty formula");
    parse_error("   ", "f.yaml:1:1: empty formula");
    parse_error("hours + )", "f.yaml:1:9: expected a value, found ')'");
    parse_error("min(1, )", "f.yaml:1:8: expected a value, found ')'");
    parse_error("* 2", "f.yaml:1:1: expected a value, found '*'");
    parse_error("1 < 2 < 3", "f.yaml:1:7: comparisons do not chain; join two with 'and'");
    parse_error("1 == hours >= 3", "f.yaml:1:12: comparisons do not chain; join two with 'and'");
    parse_error("rush == not rush",
                "f.yaml:1:9: 'not' binds looser than the operator before it: write (not ...)");
    parse_error("12abc", "f.yaml:1:1: malformed number '12abc'");
    parse_error("1.5.2 + 1", "f.yaml:1:1: malformed number '1.5.2'");
    parse_error("2e + 1", "f.yaml:1:1: malformed number '2e'");
    parse_error("1 + 1e999", "f.yaml:1:5: the number '1e999' is too large");
    parse_error("hiring. engineers", "f.yaml:1:7: expected a letter or '_' after '.' in a name");
    parse_error("hiring.2x", "f.yaml:1:7: expected a letter or '_' after '.' in a name");
    parse_error(".5", "f.yaml:1:1: unexpected character '.'");
    parse_error("min(1, 2", "f.yaml:1:4: unclosed '('");
    parse_error("min(1 2)", "f.yaml:1:7: expected ',' or ')', found '2'");
    /* only the first error: the rest would follow from it */
    parse_error("(1 + # + #", "f.yaml:1:6: unexpected character '#'");
    /* lines: a '\n' in the formula moves messages to the next line, column 1 */
    parse_error("1 +\n  #", "f.yaml:2:3: unexpected character '#'");
    parse_error("'a\nb", "f.yaml:1:1: unclosed string");
    parse_error("'a\nb\\x'",
                "f.yaml:2:2: unknown escape '\\x' in a string (escapes: \\\" \\' \\\\)");

    /* the formula's first character at m.yaml:4:9 (in a YAML value) */
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    OK(!fx_parse(a, "hours + # ", "m.yaml", 4, 9, &errs), "offset parse error");
    STR_EQ(errs.len ? errs.items[0].text : "", "m.yaml:4:17: unexpected character '#'",
           "columns count from the formula's first column");
    err_list_free(&errs);
    OK(!fx_parse(a, "1 +\n2 +\n   )", "m.yaml", 4, 9, &errs), "offset parse error, line 3");
    STR_EQ(errs.len ? errs.items[0].text : "", "m.yaml:6:4: expected a value, found ')'",
           "later lines start at column 1");
    err_list_free(&errs);
    arena_free(a);
}

static void test_check_errors(void)
{
    check_error("hourz + 1", "f.yaml:1:1: unknown name 'hourz'; did you mean 'hours'?");
    check_error("1 + hiring.engineer",
                "f.yaml:1:5: unknown name 'hiring.engineer'; did you mean 'hiring.engineers'?");
    check_error("xyzzy", "f.yaml:1:1: unknown name 'xyzzy'");
    check_error("hourz + clientt", "f.yaml:1:1: unknown name 'hourz'; did you mean 'hours'?\n"
                                   "f.yaml:1:9: unknown name 'clientt'; did you mean 'client'?");
    check_error("hours + client", "f.yaml:1:9: '+' needs a number, but 'client' is a string");
    check_error("\"a\" * 2", "f.yaml:1:1: '*' needs a number, but \"a\" is a string");
    check_error("hours - rush", "f.yaml:1:9: '-' needs a number, but 'rush' is true or false");
    check_error("2 / (hours > 1)",
                "f.yaml:1:5: '/' needs a number, but '(hours > 1)' is true or false");
    check_error("-rush", "f.yaml:1:2: '-' needs a number, but 'rush' is true or false");
    check_error("not hours", "f.yaml:1:5: 'not' needs true or false, but 'hours' is a number");
    check_error("rush and hours",
                "f.yaml:1:10: 'and' needs true or false, but 'hours' is a number");
    check_error("1 or rush", "f.yaml:1:1: 'or' needs true or false, but '1' is a number");
    check_error("hours < \"x\"", "f.yaml:1:9: '<' needs a number, but \"x\" is a string");
    check_error("client <= 1", "f.yaml:1:1: '<=' needs a number, but 'client' is a string");
    check_error("client > 1", "f.yaml:1:1: '>' needs a number, but 'client' is a string");
    check_error("client >= 1", "f.yaml:1:1: '>=' needs a number, but 'client' is a string");
    check_error("hours == client", "f.yaml:1:7: '==' needs two values of one kind, but 'hours' is "
                                   "a number and 'client' is a string");
    check_error("rush != 1", "f.yaml:1:6: '!=' needs two values of one kind, but 'rush' is true "
                             "or false and '1' is a number");
    check_error("plan == \"enterprize\"", "f.yaml:1:9: 'plan' is never 'enterprize'; did you mean "
                                          "'enterprise'? (values: startup, enterprise)");
    check_error("'solo' != plan",
                "f.yaml:1:1: 'plan' is never 'solo' (values: startup, enterprise)");
    check_error("band(rps, 'benchmarks.rps_bands') == 'hgh'",
                "f.yaml:1:38: 'band(rps, 'benchmarks.rps_bands')' is never 'hgh'; did you mean "
                "'high'? (values: low, mid, high)");
    check_error("min(hours, client, 3)",
                "f.yaml:1:12: min() needs a number, but 'client' is a string");
    check_error("max(rush, 1)", "f.yaml:1:5: max() needs a number, but 'rush' is true or false");
    check_error("abs(client)", "f.yaml:1:5: abs() needs a number, but 'client' is a string");
    check_error("ceil('1')", "f.yaml:1:6: ceil() needs a number, but '1' is a string");
    check_error("floor(rush)", "f.yaml:1:7: floor() needs a number, but 'rush' is true or false");
    check_error("round(client)", "f.yaml:1:7: round() needs a number, but 'client' is a string");
    check_error("round(hours, client)",
                "f.yaml:1:14: round()'s second argument needs a number, but 'client' is a string");
    check_error("round(hours, 11)",
                "f.yaml:1:14: round()'s digits must be a whole number from 0 to 10, not 11");
    check_error("round(hours, 1.5)",
                "f.yaml:1:14: round()'s digits must be a whole number from 0 to 10, not 1.5");
    check_error("round(hours, -1)",
                "f.yaml:1:14: round()'s digits must be a whole number from 0 to 10, not -1");
    check_error("if(hours, 1, 2)",
                "f.yaml:1:4: if()'s condition needs true or false, but 'hours' is a number");
    check_error("if(rush, 1, \"a\")", "f.yaml:1:1: if() needs two branches of one kind, but '1' "
                                      "is a number and \"a\" is a string");
    check_error("hours / 0", "f.yaml:1:7: division by zero");
    check_error("hours / -0.0", "f.yaml:1:7: division by zero");
    check_error("maybe / (0)", "f.yaml:1:7: division by zero");
    check_error("band(client, \"benchmarks.rps_bands\")",
                "f.yaml:1:6: band() needs a number, but 'client' is a string");
    check_error("lookup(\"rates\", hours, \"hours\")",
                "f.yaml:1:17: lookup()'s row needs a string, but 'hours' is a number");
    /* operands that fail add no message of their own operator */
    check_error("(hourz + 1) * client",
                "f.yaml:1:2: unknown name 'hourz'; did you mean 'hours'?\n"
                "f.yaml:1:15: '*' needs a number, but 'client' is a string");
    /* long operands are cut in messages */
    check_error("(hours + hours + hours + hours + hours + hours + hours + hours + hours) and rush",
                "f.yaml:1:1: 'and' needs true or false, but '(hours + hours + hours + hours + "
                "hours + hours + hours + hou...' is a number");

    /* sources */
    check_error("lookup(\"ratez\", \"us\", \"hours\")",
                "f.yaml:1:8: no data table 'ratez'; did you mean 'rates'?");
    check_error("lookup(\"prices\", \"us\", \"hours\")", "f.yaml:1:8: no data table 'prices'");
    check_error("lookup(\"faq\", \"x\", \"y\")",
                "f.yaml:1:8: data file 'faq' has no rows: name a list in it as \"faq.KEY\"");
    check_error("band(rps, \"benchmark.rps_bands\")",
                "f.yaml:1:11: no data file 'benchmark' for the source 'benchmark.rps_bands'; did "
                "you mean 'benchmarks'?");
    check_error("band(rps, \"benchmarks.rps_band\")",
                "f.yaml:1:11: data file 'benchmarks' has no 'rps_band'; did you mean 'rps_bands'?");
    check_error("band(rps, \"bands.nested.dep\")",
                "f.yaml:1:11: data file 'bands' has no 'nested.dep'");
    check_error("band(rps, \"benchmarks.caption\")",
                "f.yaml:1:11: 'benchmarks.caption' is a string, not a list of items with an id");
    check_error("band(rps, \"bands.nested\")",
                "f.yaml:1:11: 'bands.nested' is a mapping, not a list of items with an id");
    check_error("band(rps, \"faq.items\")",
                "f.yaml:1:11: item 1 of 'faq.items' is not a mapping with a string 'id'");
    check_error("band(rps, \"bands.noid\")",
                "f.yaml:1:11: item 2 of 'bands.noid' is not a mapping with a string 'id'");
    check_error("band(rps, \"bands.dup\")",
                "f.yaml:1:11: item 2 of 'bands.dup' repeats the id 'a'");
    check_error("band(rps, \"bands.empty\")", "f.yaml:1:11: 'bands.empty' has no items");
    check_error("band(rps, \"bands.strmin\")",
                "f.yaml:1:11: item 'a' of 'bands.strmin' has a min that is a string, not a number");
    check_error("band(rps, \"bands.inverted\")",
                "f.yaml:1:11: item 'b' of 'bands.inverted' has max 5, not above min 5");
    check_error("band(client, \"bands.empty\")",
                "f.yaml:1:14: 'bands.empty' has no items\n"
                "f.yaml:1:6: band() needs a number, but 'client' is a string");

    /* rows and fields */
    check_error("lookup(\"rates\", \"usa\", \"hours\")",
                "f.yaml:1:17: 'rates' has no row 'usa'; did you mean 'us'?");
    check_error("lookup(\"rates\", zone, \"hours\")", "f.yaml:1:17: 'rates' has no row 'mars'");
    check_error("lookup(\"tiers2\", band(rps, \"benchmarks.rps_bands\"), \"cores\")",
                "f.yaml:1:18: 'tiers2' has no row 'high'");
    check_error("lookup(\"rates\", \"eu\", \"hours\")",
                "f.yaml:1:23: row 'eu' of 'rates' has no 'hours'");
    check_error("lookup(\"rates\", region, \"hours\")",
                "f.yaml:1:25: row 'eu' of 'rates' has no 'hours'");
    check_error("lookup(\"rates\", \"us\", \"python.lwo\")",
                "f.yaml:1:23: row 'us' of 'rates' has no 'python.lwo'; did you mean 'python.low'?");
    check_error("lookup(\"rates\", \"us\", \"pyhton.low\")",
                "f.yaml:1:23: row 'us' of 'rates' has no 'pyhton.low'; did you mean 'python.low'?");
    check_error("lookup(\"rates\", \"us\", \"python\")",
                "f.yaml:1:23: 'python' in row 'us' of 'rates' is a mapping, not a number, a string "
                "or a mapping with a numeric 'value'");
    check_error("lookup(\"rates\", region, \"mixed\")",
                "f.yaml:1:25: 'mixed' is a number in row 'us' but a string in row 'eu' of 'rates'");
    check_error("lookup(\"rates\", client, \"mixed\")",
                "f.yaml:1:25: 'mixed' is a number in row 'us' but a string in row 'eu' of 'rates'");
    check_error("lookup(\"rates\", client, \"python\")",
                "f.yaml:1:25: 'python' in row 'us' of 'rates' is a mapping, not a number, a string "
                "or a mapping with a numeric 'value'");
    check_error("lookup(\"rates\", client, \"pyton\")",
                "f.yaml:1:25: no row of 'rates' has 'pyton'; did you mean 'python'?");
    check_error("lookup(\"rates\", client, \"cost\")", "f.yaml:1:25: no row of 'rates' has 'cost'");

    /* a check error at m.yaml:4:9, on the formula's second line */
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    fx_env e = env;
    e.data = data;
    fx_type t;
    fx_expr *x = fx_parse(a, "hours + client", "m.yaml", 4, 9, &errs);
    OK(x && fx_check(x, &e, &t, &errs) == -1, "offset check error");
    STR_EQ(errs.len ? errs.items[0].text : "",
           "m.yaml:4:17: '+' needs a number, but 'client' is a string", "offset check error");
    err_list_free(&errs);
    x = fx_parse(a, "hours +\n  client", "m.yaml", 4, 9, &errs);
    OK(x && fx_check(x, &e, &t, &errs) == -1, "check error on line 2");
    STR_EQ(errs.len ? errs.items[0].text : "",
           "m.yaml:5:3: '+' needs a number, but 'client' is a string", "check error on line 2");
    err_list_free(&errs);
    /* no data at all */
    e.data = NULL;
    x = fx_parse(a, "lookup('rates', 'us', 'hours')", "m.yaml", 4, 9, &errs);
    OK(x && fx_check(x, &e, &t, &errs) == -1, "no data");
    STR_EQ(errs.len ? errs.items[0].text : "", "m.yaml:4:16: no data table 'rates'", "no data");
    err_list_free(&errs);
    arena_free(a);
}

/* ---- names, limits, threads ---- */

static void test_names(void)
{
    arena *a = arena_new();
    err_list errs = ERR_LIST_INIT;
    const char *const *names = NULL;
    fx_expr *x = fx_parse(a,
                          "hours + hiring.engineers * hours + min(hiring.engineers, rps) + "
                          "lookup(\"rates\", region, \"hours\") + round(rps, 2)",
                          "f.yaml", 1, 1, &errs);
    OK(x != NULL, "names parse");
    INT_EQ(fx_names(x, &names), 4, "distinct names");
    STR_EQ(names[0], "hours", "first name");
    STR_EQ(names[1], "hiring.engineers", "second name");
    STR_EQ(names[2], "rps", "third name");
    STR_EQ(names[3], "region", "fourth name (SOURCE and FIELD are literals, not names)");
    x = fx_parse(a, "1 + round(2.5) > 'x'", "f.yaml", 1, 1, &errs);
    INT_EQ(fx_names(x, &names), 0, "no names");
    /* checking asks the resolver once per occurrence */
    fx_env e = env;
    e.data = data;
    fx_type t;
    resolve_calls = 0;
    x = fx_parse(a, "hours + hours", "f.yaml", 1, 1, &errs);
    INT_EQ(fx_check(x, &e, &t, &errs), 0, "hours + hours");
    INT_EQ(resolve_calls, 2, "resolver asked per occurrence");
    INT_EQ(errs.len, 0, "no errors");
    err_list_free(&errs);
    arena_free(a);
}

/* s repeated n times, then tail (caller frees). */
static char *repeat(const char *s, size_t n, const char *mid, const char *tail)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_puts(&b, s);
    buf_puts(&b, mid);
    for (size_t i = 0; tail && i < n; i++)
        buf_puts(&b, tail);
    return buf_detach(&b);
}

static void test_limits(void)
{
    char *src = repeat("(", 64, "hours", ")");
    num_is(src, 160);
    free(src);
    src = repeat("(", 65, "hours", ")");
    parse_error(src, "f.yaml:1:65: the formula nests deeper than 64 levels");
    free(src);
    src = repeat("-", 63, "1", NULL);
    num_is(src, -1); /* 63 minus signs: odd */
    free(src);
    src = repeat("-", 64, "1", NULL);
    parse_error(src, "f.yaml:1:1: the formula nests deeper than 64 levels");
    free(src);
    /* a left-leaning chain is as tall as it is long: 64 terms, then 65 */
    src = repeat("1+", 63, "1", NULL);
    num_is(src, 64);
    free(src);
    src = repeat("1+", 64, "1", NULL);
    parse_error(src, "f.yaml:1:128: the formula nests deeper than 64 levels");
    free(src);
    /* pathological input fails fast, without deep recursion */
    src = repeat("(", 100000, "1", NULL);
    parse_error(src, "f.yaml:1:65: the formula nests deeper than 64 levels");
    free(src);
    src = repeat("not ", 100000, "rush", NULL);
    parse_error(src, "f.yaml:1:257: the formula nests deeper than 64 levels");
    free(src);
    src = repeat("hours*", 100000, "1", NULL);
    parse_error(src, "f.yaml:1:384: the formula nests deeper than 64 levels");
    free(src);
    /* wide is fine: a call with many arguments is two levels */
    buf b = BUF_INIT;
    buf_puts(&b, "max(0");
    for (int i = 1; i <= 5000; i++)
        buf_printf(&b, ", %d", i % 997);
    buf_puts(&b, ")");
    num_is(buf_cstr(&b), 996);
    buf_free(&b);
}

typedef struct job {
    const fx_expr *x;
    double rps;
    const char *want;
    int bad;
} job;

static void *eval_many(void *arg)
{
    job *j = arg;
    fx_val s[NFACTS];
    memcpy(s, slots, sizeof s);
    s[S_RPS] = num(j->rps);
    for (int i = 0; i < 2000; i++) {
        fx_val v;
        fx_fail f;
        if (fx_eval(j->x, s, &v, &f) != 0 || v.kind != FX_STR || strcmp(v.str, j->want) != 0)
            j->bad++;
    }
    return NULL;
}

static void test_threads(void)
{
    arena *a = arena_new();
    char *msgs;
    fx_expr *x = compile(a, "lookup(\"tiers\", band(rps, \"benchmarks.rps_bands\"), \"title\")",
                         NULL, &msgs);
    STR_EQ(msgs, "", "threads formula");
    job jobs[4] = {
        {x, 5, "Small", 0}, {x, 20000, "Medium", 0}, {x, 1e6, "Large", 0}, {x, 10000, "Medium", 0}};
    pthread_t t[4];
    for (int i = 0; i < 4 && x; i++)
        pthread_create(&t[i], NULL, eval_many, &jobs[i]);
    for (int i = 0; i < 4 && x; i++) {
        pthread_join(t[i], NULL);
        INT_EQ(jobs[i].bad, 0, jobs[i].want);
    }
    free(msgs);
    arena_free(a);
}

static void test_kind_names(void)
{
    STR_EQ(fx_kind_name(FX_NUM), "a number", "kind name");
    STR_EQ(fx_kind_name(FX_STR), "a string", "kind name");
    STR_EQ(fx_kind_name(FX_BOOL), "true or false", "kind name");
    STR_EQ(fx_kind_name(FX_NULL), "null", "kind name");
}

int main(void)
{
    for (size_t i = 0; i < NFACTS; i++)
        suggest[i] = facts[i].name;
    data_arena = arena_new();
    err_list errs = ERR_LIST_INIT;
    data = yaml_load(data_arena, DATA, strlen(DATA), "data.yaml", 1, &errs);
    OK(data != NULL && errs.len == 0, "test data loads");
    err_list_free(&errs);
    reset_slots();

    test_arithmetic();
    test_logic();
    test_strings();
    test_functions();
    test_nulls();
    test_lookups();
    test_bands();
    test_types();
    test_failures();
    test_parse_errors();
    test_check_errors();
    test_names();
    test_limits();
    test_threads();
    test_kind_names();

    arena_free(data_arena);
    return test_summary("test_formula");
}
