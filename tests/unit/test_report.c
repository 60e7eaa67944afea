/* test_report.c - client reports: profile validation messages, suggestions, rule
 * conditions, rules.yaml checks, the decision, cores and cost arithmetic, slugs.
 * Runs from the repository root against content/ (the guide and its rules);
 * expected numbers are computed here from the data files, not copied. */
#include "util/suggest.h"
#include "util/buf.h"
#include "util/xalloc.h"
#include "core/content.h"
#include "report/internal.h"
#include "core/table.h"
#include "test.h"
#include "core/yamlload.h"

#include <math.h>
#include <stdlib.h>
#include <time.h>

static site *s;
static report_engine *eng;

/* e's messages joined by sep, "(loaded)" when there are none and loaded;
 * frees e (malloc'd result). */
static char *err_text(err_list *e, const char *sep, bool loaded)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < e->len; i++)
        buf_printf(&b, "%s%s", i ? sep : "", e->items[i].text);
    if (loaded && !e->len)
        buf_puts(&b, "(loaded)");
    err_list_free(e);
    return buf_detach(&b);
}

/* The messages (errors and warnings) of validating text as p.yaml, one per
 * line; NULL profile result is reported through *ok. */
static char *messages(const char *text, bool *ok)
{
    arena *a = arena_new();
    err_list e = ERR_LIST_INIT;
    profile *p = report_profile_parse(eng, a, text, strlen(text), "p.yaml", &e);
    if (ok)
        *ok = p != NULL;
    arena_free(a);
    return err_text(&e, "\n", false);
}

#define HEAD "client: Acme\nproject: Dashboard\n"

static void msg_is(const char *text, const char *want, bool want_ok, const char *what)
{
    bool ok;
    char *got = messages(text, &ok);
    STR_EQ(got, want, what);
    INT_EQ(ok, want_ok, what);
    free(got);
}

static void test_profile_messages(void)
{
    msg_is(HEAD, "", true, "a minimal profile is valid");
    msg_is("project: X\n", "p.yaml:1:1: missing required key 'client'", false,
           "client is required");
    msg_is("client: A\n", "p.yaml:1:1: missing required key 'project'", false,
           "project is required");
    msg_is("client: \"\"\nproject: X\n", "p.yaml:1:9: 'client' must not be empty", false,
           "empty client");
    msg_is("client: [a]\nproject: X\n", "p.yaml:1:9: 'client' must be a string, not a list", false,
           "client type");
    msg_is("- a\n", "p.yaml:1:1: a profile must be a mapping with at least 'client' and 'project'",
           false, "a list is not a profile");
    msg_is(HEAD "projet: X\n",
           "p.yaml:3:1: warning: unknown key 'projet'; did you mean 'project'? "
           "(allowed: client, project, prepared_for, date, workload, team, hiring)",
           true, "unknown top-level key: a warning with a suggestion");
    msg_is(HEAD "workload:\n  realtme: heavy\n",
           "p.yaml:4:3: warning: unknown key 'realtme' in 'workload'; did you mean 'realtime'? "
           "(allowed: ai_ml, data_pipelines, scientific, realtime, io_concurrency, cpu_heavy, "
           "serverless, mvp, compliance, peak_rps)",
           true, "unknown nested key: suggestion");
    msg_is(HEAD "team:\n  {frontnd: react}\n",
           "p.yaml:4:4: warning: unknown key 'frontnd' in 'team'; did you mean 'frontend'? "
           "(allowed: frontend, python_devs, node_devs)",
           true, "unknown key in a flow mapping");
    msg_is(HEAD "colour: blue\n",
           "p.yaml:3:1: warning: unknown key 'colour' (allowed: client, project, prepared_for, "
           "date, workload, team, hiring)",
           true, "unknown key without a near match lists the known keys");
    msg_is(HEAD "workload:\n  realtime: sometimes\n",
           "p.yaml:4:13: 'workload.realtime' must be one of: none, light, heavy; got 'sometimes'",
           false, "unknown enum value lists the allowed values");
    msg_is(HEAD "workload:\n  realtime: haevy\n",
           "p.yaml:4:13: 'workload.realtime' must be one of: none, light, heavy; got 'haevy' "
           "(did you mean 'heavy'?)",
           false, "enum typo: suggestion");
    msg_is(HEAD "workload:\n  ai_ml: 3\n",
           "p.yaml:4:10: 'workload.ai_ml' must be one of: none, planned, core; got 3", false,
           "enum given a number");
    msg_is(HEAD "workload:\n  peak_rps: -5\n",
           "p.yaml:4:13: 'workload.peak_rps' must be a whole number from 0 to 100000000; got -5",
           false, "negative peak_rps");
    msg_is(HEAD "workload:\n  peak_rps: 2.5\n",
           "p.yaml:4:13: 'workload.peak_rps' must be a whole number from 0 to 100000000; got 2.5",
           false, "fractional peak_rps");
    msg_is(HEAD "team:\n  python_devs: three\n",
           "p.yaml:4:16: 'team.python_devs' must be a whole number from 0 to 100000; got 'three'",
           false, "devs must be numbers");
    {
        /* a client name the title page could not hold is an error at the name, not at the
           template line where the PDF ran out of room */
        char long_name[260] = "client: ";
        memset(long_name + 8, 'N', 201);
        strcpy(long_name + 209, "\nproject: P\n");
        msg_is(long_name, "p.yaml:1:9: 'client' must be at most 200 characters; got 201", false,
               "client name longer than 200 characters");
    }
    msg_is(HEAD "workload:\n  mvp: yes\n",
           "p.yaml:4:8: 'workload.mvp' must be true or false; got 'yes'", false,
           "yes is not a boolean");
    msg_is(HEAD "workload:\n  compliance: [HIPAA, HIPPA]\n",
           "p.yaml:4:23: 'workload.compliance' items must be one of: HIPAA, GDPR, PCI-DSS, SOC2; "
           "got 'HIPPA' "
           "(did you mean 'HIPAA'?)",
           false, "compliance items");
    msg_is(HEAD "workload:\n  compliance: hipaa\n",
           "p.yaml:4:15: 'workload.compliance' must be a list of: HIPAA, GDPR, PCI-DSS, SOC2; got "
           "'hipaa'",
           false, "compliance must be a list");
    msg_is(HEAD "workload: busy\n",
           "p.yaml:3:11: 'workload' must be a mapping with keys ai_ml, data_pipelines, scientific, "
           "realtime, "
           "io_concurrency, cpu_heavy, serverless, mvp, compliance, peak_rps; got a string",
           false, "a section must be a mapping");
    msg_is(HEAD "date: 2026-02-30\n",
           "p.yaml:3:7: 'date' must be a date written YYYY-MM-DD; got '2026-02-30'", false,
           "impossible date");
    msg_is(HEAD "date: 2028-02-29\n", "", true, "leap day");
    msg_is(HEAD "hiring:\n  region: india\n  months: 3\n",
           "p.yaml:3:1: missing required key 'hiring.engineers' (a whole number from 1 to 10000)",
           false, "hiring needs engineers");
    msg_is(HEAD "hiring:\n  region: india\n  engineers: 0\n  months: 3\n",
           "p.yaml:5:14: 'hiring.engineers' must be a whole number from 1 to 10000; got 0", false,
           "at least one engineer");
    /* the regions are the rates table's row ids */
    const dtable *rates = site_table(s, "rates");
    buf want = BUF_INIT, ids = BUF_INIT;
    for (size_t r = 0; r < rates->nrows; r++)
        buf_printf(&ids, "%s%s", r ? ", " : "", val_as_str(val_map_get(rates->rows[r], "id")));
    buf_printf(&want, "p.yaml:4:11: 'hiring.region' must be one of: %s; got 'mars' \n",
               buf_cstr(&ids));
    buf_truncate(&want, want.len - 2);
    msg_is(HEAD "hiring:\n  region: mars\n  engineers: 2\n  months: 3\n", buf_cstr(&want), false,
           "an unknown region lists the rates table's regions");
    buf_reset(&want);
    buf_printf(&want, "p.yaml:3:1: missing required key 'hiring.region' (one of: %s)",
               buf_cstr(&ids));
    msg_is(HEAD "hiring:\n  engineers: 2\n  months: 3\n", buf_cstr(&want), false,
           "hiring needs a region");
    buf_free(&want);
    buf_free(&ids);
    /* several problems: every one is listed, warnings included */
    msg_is(HEAD "workload:\n  ai_ml: maybe\n  peek_rps: 3\nteam:\n  node_devs: -1\n",
           "p.yaml:5:3: warning: unknown key 'peek_rps' in 'workload'; did you mean 'peak_rps'? "
           "(allowed: ai_ml, data_pipelines, scientific, realtime, io_concurrency, cpu_heavy, "
           "serverless, mvp, compliance, peak_rps)\n"
           "p.yaml:4:10: 'workload.ai_ml' must be one of: none, planned, core; got 'maybe'\n"
           "p.yaml:7:14: 'team.node_devs' must be a whole number from 0 to 100000; got -1",
           false, "every problem is reported");
}

static void test_defaults(void)
{
    arena *a = arena_new();
    err_list e = ERR_LIST_INIT;
    const char *text = HEAD "client_note: x\n";
    profile *p = report_profile_parse(eng, a, text, strlen(text), "p.yaml", &e);
    OK(p != NULL, "valid with a warning");
    INT_EQ(e.errors, 0, "warnings are not errors");
    STR_EQ(val_str_or(val_path(p->facts, "workload.ai_ml"), "?"), "none", "ai_ml defaults to none");
    STR_EQ(val_str_or(val_path(p->facts, "workload.io_concurrency"), "?"), "low",
           "io defaults to low");
    OK(val_path(p->facts, "workload.mvp")->type == VAL_BOOL, "mvp defaults to false");
    INT_EQ(val_path(p->facts, "workload.compliance")->u.list.len, 0, "compliance defaults to []");
    OK(val_map_get(p->facts, "hiring")->type == VAL_NULL, "no hiring: null");
    /* the date: SOURCE_DATE_EPOCH / the site's build time */
    time_t t = (time_t)s->build_time;
    struct tm tm;
    gmtime_r(&t, &tm);
    char ymd[16];
    snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    STR_EQ(p->date, ymd, "no date: the site's build date");
    report r;
    INT_EQ(report_compute(eng, p, a, &r, &e), 0, "computes");
    OK(val_map_get(p->facts, "scale_band")->type == VAL_NULL &&
           val_map_get(p->facts, "python_cores")->type == VAL_NULL,
       "no peak_rps: no scale values");
    OK(val_map_get(p->facts, "hours")->type == VAL_NULL, "no hiring: no cost values");
    INT_EQ(r.nsections, 0, "no scale or cost section");
    err_list_free(&e);
    arena_free(a);
}

static void test_suggest(void)
{
    static const char *const keys[] = {"ai_ml", "data_pipelines", "realtime", "peak_rps"};
    STR_EQ(suggest_nearest("realtme", keys, 4), "realtime", "one letter missing");
    STR_EQ(suggest_nearest("aiml", keys, 4), "ai_ml", "short word, one edit");
    STR_EQ(suggest_nearest("PEAK_RPS", keys, 4), "peak_rps", "case is ignored");
    OK(suggest_nearest("colour", keys, 4) == NULL, "nothing close: no suggestion");
    OK(suggest_nearest("peak", keys, 4) == NULL, "four edits is too far");
}

/* ---- the profile schema (content/data/profile.yaml) ---- */

/* The errors of loading `schema` (YAML) as the site's profile schema, joined. */
static char *schema_error(const char *schema)
{
    arena *a = arena_new();
    err_list e = ERR_LIST_INIT;
    site copy = *s;
    copy.data = val_map(a);
    val_map_set_all(a, copy.data, s->data);
    value *doc = yaml_load(a, schema, strlen(schema), "profile.yaml", 1, &e);
    const pf_schema *got = NULL;
    if (doc) {
        val_map_set(a, copy.data, "profile", doc);
        got = profile_schema_load(a, &copy, &e);
    }
    arena_free(a);
    return err_text(&e, " | ", got != NULL);
}

static void expect_schema(const char *schema, const char *want, const char *what)
{
    char *got = schema_error(schema);
    OK(strstr(got, want) != NULL, what);
    if (!strstr(got, want))
        fprintf(stderr, "  want: %s\n  got:  %s\n", want, got);
    free(got);
}

static void test_schema(void)
{
    const char *base = "fields:\n"
                       "  - {key: client, type: string, required: true, label: Client}\n"
                       "  - {key: project, type: string, required: true, label: Project}\n";
    char *y = NULL;
    expect_schema(base, "(loaded)", "the two required fields are a schema");
#define WITH(extra) (free(y), y = xasprintf("%s%s", base, extra))
    expect_schema(WITH("  - {key: size, type: integr}\n"),
                  "profile.yaml:4:23: 'size' needs a 'type': one of string, date, boolean, enum, "
                  "enum_list, integer, number, section (did you mean 'integer'?)",
                  "an unknown type, with a suggestion");
    expect_schema(WITH("  - {key: size, type: integer, lable: Size}\n"),
                  "unknown key 'lable' in a field; did you mean 'label'?",
                  "an unknown key of a field, with a suggestion");
    expect_schema(WITH("  - {key: tier, type: enum}\n"), "'tier' needs 'values'",
                  "an enum without values");
    expect_schema(WITH("  - {key: tier, type: enum, values_from: nope}\n"),
                  "there is no table 'nope'", "values_from names no table");
    expect_schema(WITH("  - {key: tier, type: enum, values: [a, b], default: c}\n"),
                  "profile.yaml:4:54: the default of 'tier' is not one of its values",
                  "a default outside the values");
    expect_schema(WITH("  - {key: n, type: integer, min: 5, max: 1}\n"),
                  "'n': min is more than max", "an empty range");
    expect_schema(
        WITH("  - {key: s, type: section, fields: [{key: t, type: section, fields: []}]}\n"),
        "'s.t': a section holds fields, not further sections", "sections do not nest");
    expect_schema(WITH("  - {key: client, type: date}\n"), "the field 'client' is declared twice",
                  "a key twice");
    expect_schema("fields:\n  - {key: project, type: string, required: true}\n",
                  "the schema needs a required string field 'client'", "client is required");
    expect_schema(WITH("  - {key: region, type: enum, values_from: rates}\n"), "(loaded)",
                  "values_from a data table");
#undef WITH
    free(y);
}

/* ---- rules ---- */

/* Where test models compile their templates (one set per test model). */
static tpl_set *test_tpls;

/* rules.yaml's document with its `rules` replaced by the YAML list `rules`. */
static ruleset *with_rules(arena *a, const char *rules, err_list *e)
{
    tpl_set_free(test_tpls);
    test_tpls = tpl_set_new(NULL, true);
    const value *real = val_map_get(s->data, "rules");
    value *doc = val_map(a);
    for (size_t i = 0; i < real->u.map.len; i++)
        val_map_set(a, doc, real->u.map.keys[i], real->u.map.vals[i]);
    value *list = yaml_load(a, rules, strlen(rules), "t.yaml", 1, e);
    if (list)
        val_map_set(a, doc, "rules", list);
    return list ? rules_from_value(a, s, test_tpls, doc, rules, "t.yaml", e) : NULL;
}

static char *rules_error(const char *rules)
{
    arena *a = arena_new();
    err_list e = ERR_LIST_INIT;
    ruleset *rs = with_rules(a, rules, &e);
    arena_free(a);
    return err_text(&e, "\n", rs != NULL);
}

#define LINK "/guide/nodejs/#where-nodejs-struggles"
#define QUOTE "CPU-heavy work blocks the event loop."
#define RULE_ID(id, when)                                                                          \
    "- {id: " id ", when: " when ", favours: python, weight: 1, text: \"" QUOTE                    \
    "\", link: \"" LINK "\"}\n"
#define RULE(when) RULE_ID("t", when)

static void rules_err_is(const char *rules, const char *want, const char *what)
{
    char *got = rules_error(rules);
    STR_EQ(got, want, what);
    free(got);
}

static void test_rule_errors(void)
{
    rules_err_is(RULE("{workload.ai_ml: core}"), "(loaded)", "a valid rule");
    rules_err_is(RULE("{workload.realtme: heavy}"),
                 "t.yaml:1:18: unknown field 'workload.realtme' in a condition; did you mean "
                 "'workload.realtime'?",
                 "unknown field");
    rules_err_is(RULE("{workload.realtime: haevy}"),
                 "t.yaml:1:37: 'workload.realtime' is never 'haevy'; did you mean 'heavy'? "
                 "(values: none, light, heavy)",
                 "unknown value");
    rules_err_is(RULE("{workload.peak_rps: {gtee: 5}}"),
                 "t.yaml:1:38: unknown test 'gtee'; did you mean 'gte'? (allowed: eq, ne, in, "
                 "not_in, lt, lte, gt, gte, given)",
                 "unknown test");
    rules_err_is(RULE("{workload.ai_ml: {gt: 3}}"),
                 "t.yaml:1:39: 'workload.ai_ml' is not a number: use eq, ne, in or not_in",
                 "comparison of an enum");
    rules_err_is(RULE("{team.python_devs: {gt: team.frontend}}"),
                 "t.yaml:1:41: 'team.python_devs gt' needs a number or a numeric field; "
                 "'team.frontend' is neither",
                 "comparison with a non-numeric field");
    rules_err_is(RULE("{any: []}"), "t.yaml:1:23: 'any' needs a non-empty list of conditions",
                 "empty any");
    /* nesting beyond the limit */
    buf deep = BUF_INIT;
    buf_puts(&deep, "- {id: t, favours: python, weight: 1, text: \"" QUOTE "\", link: \"" LINK
                    "\", when: ");
    for (int i = 0; i < 20; i++)
        buf_puts(&deep, "{not: ");
    buf_puts(&deep, "{workload.mvp: true}");
    for (int i = 0; i < 20; i++)
        buf_puts(&deep, "}");
    buf_puts(&deep, "}\n");
    char *got = rules_error(buf_cstr(&deep));
    OK(strstr(got, "conditions nest deeper than 16 levels") != NULL, "nesting is limited");
    free(got);
    buf_free(&deep);
    /* the guide's words only, real links */
    rules_err_is("- {id: t, when: {workload.mvp: true}, favours: python, weight: 1, text: \"CPU "
                 "work is slow.\", "
                 "link: \"" LINK "\"}\n",
                 "t.yaml:1:73: not a quote from /guide/nodejs/: reasons, risks and steps must use "
                 "the guide's own "
                 "sentences (check the wording against ./content/guide/nodejs.md)",
                 "invented text is refused");
    rules_err_is("- {id: t, when: {workload.mvp: true}, favours: python, weight: 1, text: \"" QUOTE
                 "\", "
                 "link: \"/guide/nodejs/#nope\"}\n",
                 "t.yaml:1:120: link '/guide/nodejs/#nope': /guide/nodejs/ has no heading with the "
                 "id 'nope' (ids: "
                 "when-to-choose-nodejs-for-backend-development, where-nodejs-struggles)",
                 "a link to a missing heading");
    rules_err_is("- {id: t, when: {workload.mvp: true}, favours: pyhton, weight: 1, text: \"" QUOTE
                 "\", link: \"" LINK "\"}\n",
                 "t.yaml:1:48: 'favours' of rule 't' must be one of the options: python, nodejs, "
                 "hybrid; did you mean 'python'?",
                 "favours typo");
    rules_err_is("- {id: t, when: {workload.mvp: true}, favours: python, wieght: 1, text: \"" QUOTE
                 "\", link: \"" LINK "\"}\n",
                 "t.yaml:1:56: unknown key 'wieght' in a rule; did you mean 'weight'? (allowed: "
                 "id, when, favours, "
                 "weight, headline, text, link)\nt.yaml:1:3: rule 't' needs 'weight' (a number "
                 "from 0.001 to 1000)",
                 "weight typo");
    rules_err_is(RULE("{workload.mvp: true}") RULE("{workload.mvp: false}"),
                 "t.yaml:2:8: duplicate rule id 't' (first at line 1)", "duplicate ids");
}

/* ---- the model: options, values, sections, tables ---- */

/* rules.yaml's document with its key `key` replaced by the YAML text `yaml`
 * (positions in messages are that text's), loaded: the errors, one per line,
 * or "(loaded)". */
static char *model_error(const char *key, const char *yaml)
{
    arena *a = arena_new();
    err_list e = ERR_LIST_INIT;
    const value *real = val_map_get(s->data, "rules");
    value *doc = val_map(a);
    val_map_set_all(a, doc, real);
    value *v = yaml_load(a, yaml, strlen(yaml), "m.yaml", 1, &e);
    tpl_set_free(test_tpls);
    test_tpls = tpl_set_new(NULL, true);
    ruleset *rs = NULL;
    if (v) {
        val_map_set(a, doc, key, v);
        rs = rules_from_value(a, s, test_tpls, doc, yaml, "m.yaml", &e);
    }
    arena_free(a);
    return err_text(&e, "\n", rs != NULL);
}

static void model_err_is(const char *key, const char *yaml, const char *want, const char *what)
{
    char *got = model_error(key, yaml);
    STR_EQ(got, want, what);
    free(got);
}

/* The demo's own values with one more appended (its YAML list item). */
static char *values_plus(const char *item)
{
    buf b = BUF_INIT;
    const value *vals = val_path(s->data, "rules.values");
    for (size_t i = 0; i < vals->u.list.len; i++) {
        buf_puts(&b, "- {name: ");
        buf_puts(&b, val_str_or(val_map_get(vals->u.list.items[i], "name"), ""));
        buf_puts(&b, ", formula: '");
        buf_puts(&b, val_str_or(val_map_get(vals->u.list.items[i], "formula"), ""));
        buf_puts(&b, "'}\n");
    }
    buf_puts(&b, item);
    return buf_detach(&b);
}

static void value_err_is(const char *item, const char *want, const char *what)
{
    char *y = values_plus(item);
    /* the item comes after the demo's values, one a line: want has its line as %d */
    int line = (int)val_path(s->data, "rules.values")->u.list.len + 1;
    char *w = xasprintf(want, line);
    model_err_is("values", y, w, what);
    free(w);
    free(y);
}

/* model_error's messages contain want. */
static void model_err_has(const char *key, const char *yaml, const char *want, const char *what)
{
    char *got = model_error(key, yaml);
    OK(strstr(got, want) != NULL, what);
    if (!strstr(got, want))
        fprintf(stderr, "  got: %s\n  want within: %s\n", got, want);
    free(got);
}

static void test_model_errors(void)
{
    value_err_is("- {name: t, formula: 'hours * 2'}\n", "(loaded)", "a value using another");
    value_err_is("- {name: t, formula: 'hours * hours_per_mont'}\n",
                 "m.yaml:%d:31: unknown name 'hours_per_mont'; did you mean 'hours_per_month'?",
                 "an unknown name, with a suggestion");
    value_err_is("- {name: t, formula: 'workload.mvp + 1'}\n",
                 "m.yaml:%d:23: '+' needs a number, but 'workload.mvp' is true or false",
                 "a type mismatch");
    value_err_is("- {name: t, formula: 'u + 1'}\n- {name: u, formula: 't * 2'}\n",
                 "m.yaml:%d:23: the values form a cycle: t -> u -> t (a value cannot depend on "
                 "itself)",
                 "a cycle between values");
    value_err_is("- {name: t, formula: '100 / workload.peak_rps'}\n",
                 "m.yaml:%d:27: division by zero in the value 't' on the schema's example profile "
                 "(each field's example, else its default)",
                 "division by zero on the example profile");
    value_err_is("- {name: workload, formula: '1'}\n",
                 "m.yaml:%d:10: the value 'workload' has the name of a profile field",
                 "a value named like a field");
    value_err_is("- {name: t, formula: 'lookup(\"rates\", hiring.region, \"pyhton.low\")'}\n",
                 "m.yaml:%d:54: row 'united-states' of 'rates' has no 'pyhton.low'; did you mean "
                 "'python.low'?",
                 "a lookup of a field the rows lack: one message");
    /* the demo's options with hybrid's split naming words its text does not have */
    char *opts =
        xasprintf("python: {name: Python, text: \"%s\", link: /guide/bottom-line/}\n"
                  "nodejs: {name: Node.js, text: \"%s\", link: /guide/bottom-line/}\n"
                  "hybrid: {name: Hybrid, text: \"%s\", link: %s, split: {caption: S, parts: "
                  "[{part: data lakes, option: python}]}}\n",
                  val_str_or(val_path(s->data, "rules.options.python.text"), ""),
                  val_str_or(val_path(s->data, "rules.options.nodejs.text"), ""),
                  val_str_or(val_path(s->data, "rules.options.hybrid.text"), ""),
                  val_str_or(val_path(s->data, "rules.options.hybrid.link"), ""));
    model_err_has("options", opts, "a split part must be words of hybrid's text",
                  "a split part that is not the option's words");
    char *bad_opt = xasprintf("%s", opts);
    free(opts);
    opts = bad_opt;
    model_err_has("options", "python: {name: Python}\n", "'options' must list from 2 to 64 options",
                  "a single option is no choice");
    free(opts);
    model_err_is("sections", "- {id: s, title: S, body: \"{{#report.values}}x\"}\n",
                 "m.yaml:1:28: unclosed section 'report.values'",
                 "a section's template, at its tag");
    model_err_is("tables",
                 "- name: t\n  caption: C\n  columns: [{key: a, label: A}]\n  rows: [{id: r, a: "
                 "\"=hours\", b: 1}]\n",
                 "m.yaml:4:34: row has a cell 'b' but no column has that key",
                 "a computed table's structure is checked when it loads");
    model_err_is("tables",
                 "- name: t\n  caption: C\n  columns: [{key: a, label: A}]\n  rows: [{id: r, a: "
                 "\"=hours / \"}]\n",
                 "m.yaml:4:29: expected a value after '/'",
                 "a computed table's formula is checked when it loads");
}

/* The recommendation for the profile text under the demo's model with its
 * rules replaced by `rules`: the option's id, or "?". */
static const char *decided(arena *a, const char *rules, const char *text)
{
    err_list e = ERR_LIST_INIT;
    ruleset *rs = with_rules(a, rules, &e);
    report_engine alt = *eng;
    alt.rules = rs;
    profile *p = rs ? report_profile_parse(&alt, a, text, strlen(text), "p.yaml", &e) : NULL;
    report r;
    const char *id = p && report_compute(&alt, p, a, &r, &e) == 0 ? rs->options[r.rec].id : "?";
    INT_EQ(e.len, 0, "the test model and profile load");
    err_list_free(&e);
    return id;
}

#define FAVOURS(id, opt, w)                                                                        \
    "- {id: " id ", when: {workload.mvp: true}, favours: " opt ", weight: " w ", text: \"" QUOTE   \
    "\", link: \"" LINK "\"}\n"

static void test_decision(void)
{
    arena *a = arena_new();
    const char *mvp = HEAD "workload: {mvp: true}\n";
    STR_EQ(decided(a, FAVOURS("a", "nodejs", "2") FAVOURS("b", "python", "1"), mvp), "nodejs",
           "the higher score wins");
    STR_EQ(decided(a, FAVOURS("a", "nodejs", "2") FAVOURS("b", "python", "2"), mvp), "python",
           "an equal top score goes to the tie breaker (python)");
    STR_EQ(decided(a, FAVOURS("a", "python", "2") FAVOURS("b", "hybrid", "2"), mvp), "python",
           "a composite option must score strictly higher than the best single one");
    STR_EQ(decided(a, FAVOURS("a", "python", "2") FAVOURS("b", "hybrid", "2.5"), mvp), "hybrid",
           "a composite option that scores higher wins");
    arena_free(a);
}

/* A value whose formula divides by zero only for some profiles fails those
 * profiles alone, naming the value and the formula's place. */
static void test_runtime_failure(void)
{
    arena *a = arena_new();
    err_list e = ERR_LIST_INIT;
    char *y = values_plus("- {name: t, formula: 'if(workload.peak_rps == 5, 1 / "
                          "(workload.peak_rps - 5), 0)'}\n");
    const value *real = val_map_get(s->data, "rules");
    value *doc = val_map(a);
    val_map_set_all(a, doc, real);
    val_map_set(a, doc, "values", yaml_load(a, y, strlen(y), "m.yaml", 1, &e));
    tpl_set_free(test_tpls);
    test_tpls = tpl_set_new(NULL, true);
    ruleset *rs = rules_from_value(a, s, test_tpls, doc, y, "m.yaml", &e);
    INT_EQ(e.len, 0, "the model loads: the example profile does not divide by zero");
    report_engine alt = *eng;
    alt.rules = rs;
    const char *text = HEAD "workload: {peak_rps: 5}\n";
    profile *p = rs ? report_profile_parse(&alt, a, text, strlen(text), "p.yaml", &e) : NULL;
    report r;
    INT_EQ(p ? report_compute(&alt, p, a, &r, &e) : 0, -1, "a profile that divides by zero fails");
    OK(e.len == 1 && strstr(e.items[0].text, "p.yaml:1: division by zero in the value 't' "
                                             "(m.yaml:") != NULL,
       "the message names the profile, the value and the formula");
    free(y);
    err_list_free(&e);
    arena_free(a);
}

/* A profile's facts after report_compute, for condition checks. */
static profile *computed(arena *a, const char *text)
{
    err_list e = ERR_LIST_INIT;
    profile *p = report_profile_parse(eng, a, text, strlen(text), "p.yaml", &e);
    OK(p != NULL, "test profile is valid");
    report r;
    if (p)
        INT_EQ(report_compute(eng, p, a, &r, &e), 0, "test profile computes");
    err_list_free(&e);
    return p;
}

/* Which of the test rules fire for the profile text, as a string of 0/1. */
static char *fires(const char *rules, const char *profile_text)
{
    arena *a = arena_new();
    err_list e = ERR_LIST_INIT;
    ruleset *rs = with_rules(a, rules, &e);
    profile *p = computed(a, profile_text);
    buf b = BUF_INIT;
    for (size_t i = 0; rs && p && i < rs->nrules; i++)
        buf_putc(&b, rules_cond_eval(rs->rules[i].when, p->facts) ? '1' : '0');
    if (e.len)
        fprintf(stderr, "  rules: %s\n", e.items[0].text);
    err_list_free(&e);
    arena_free(a);
    return buf_detach(&b);
}

static void fires_is(const char *rules, const char *profile_text, const char *want,
                     const char *what)
{
    char *got = fires(rules, profile_text);
    STR_EQ(got, want, what);
    free(got);
}

static void test_conditions(void)
{
    const char *rules = RULE_ID("r1", "{workload.ai_ml: core}")   /* 1 scalar */
        RULE_ID("r2", "{workload.ai_ml: [planned, core]}")        /* 2 list */
        RULE_ID("r3", "{workload.peak_rps: {gte: 30000}}")        /* 3 comparison */
        RULE_ID("r4", "{team.python_devs: {gt: team.node_devs}}") /* 4 another field */
        RULE_ID("r5", "{workload.compliance: HIPAA}")             /* 5 list fact contains */
        RULE_ID("r6", "{workload.compliance: [GDPR, SOC2]}")      /* 6 list fact shares one */
        RULE_ID("r7", "{all: [{workload.mvp: true}, {team.frontend: react}]}") /* 7 all */
        RULE_ID("r8", "{any: [{workload.mvp: true}, {team.frontend: vue}]}")   /* 8 any */
        RULE_ID("r9", "{not: {workload.realtime: none}}")                      /* 9 not */
        RULE_ID("r10", "{scale_band: over-30k}")                               /* 10 a value */
        RULE_ID("r11", "{scale_band: {not_in: [over-30k]}}")          /* 11 null matches not_in */
        RULE_ID("r12", "{engineer_months: {gte: 60}}")                /* 12 a numeric value */
        RULE_ID("r13", "{workload.mvp: true, team.frontend: react}")  /* 13 two entries: all */
        RULE_ID("r14", "{workload.peak_rps: {gt: 1000, lt: 50000}}"); /* 14 two tests: all */
    fires_is(rules, HEAD, "00000000001000", "an empty profile");
    fires_is(rules,
             HEAD "workload: {ai_ml: core, compliance: [HIPAA], peak_rps: 40000, mvp: true, "
                  "realtime: light}\n"
                  "team: {frontend: react, python_devs: 3, node_devs: 2}\n"
                  "hiring: {region: india, engineers: 6, months: 10}\n",
             "11111011110111", "a full profile");
    fires_is(rules,
             HEAD "workload: {ai_ml: planned, compliance: [SOC2], peak_rps: 29999}\n"
                  "team: {frontend: vue, python_devs: 2, node_devs: 2}\n",
             "01000101001001", "edges: planned, 29,999 RPS, equal teams");
    /* the RPS bands come from benchmarks.yaml: its first band's max is the
     * first RPS outside it */
    const value *bands = val_path(s->data, "benchmarks.rps_bands");
    double max0 = val_num_or(val_map_get(bands->u.list.items[0], "max"), 0);
    arena *a = arena_new();
    buf t = BUF_INIT;
    buf_printf(&t, HEAD "workload: {peak_rps: %.0f}\n", max0 - 1);
    profile *p = computed(a, buf_cstr(&t));
    STR_EQ(val_str_or(val_path(p->facts, "scale_band"), "?"),
           val_as_str(val_map_get(bands->u.list.items[0], "id")),
           "just under the first band's max");
    buf_reset(&t);
    buf_printf(&t, HEAD "workload: {peak_rps: %.0f}\n", max0);
    p = computed(a, buf_cstr(&t));
    STR_EQ(val_str_or(val_path(p->facts, "scale_band"), "?"),
           val_as_str(val_map_get(bands->u.list.items[1], "id")),
           "the first band's max starts the second band");
    buf_free(&t);
    arena_free(a);
    /* score.* conditions see the rules above them */
    const char *scored = RULE_ID("a", "{workload.mvp: true}")
        RULE_ID("b", "{score.python: {gte: 1}}") "- {id: u, when: {score.python: {gte: 3}}, "
                                                 "favours: python, weight: 1, text: \"" QUOTE
                                                 "\", link: \"" LINK "\"}\n";
    a = arena_new();
    err_list e = ERR_LIST_INIT;
    ruleset *rs = with_rules(a, scored, &e);
    INT_EQ(e.len, 0, "score rules load");
    profile *mp = computed(a, HEAD "workload: {mvp: true}\n");
    /* rule a adds 1 (mvp), b sees 1 and adds 1, u sees 2 < 3: only the rules above count */
    value *facts = val_map(a);
    for (size_t i = 0; i < mp->facts->u.map.len; i++)
        val_map_set(a, facts, mp->facts->u.map.keys[i], mp->facts->u.map.vals[i]);
    double score = 0;
    for (size_t i = 0; rs && i < rs->nrules; i++) {
        value *sm = val_map(a);
        val_map_set(a, sm, "python", val_num(a, score));
        val_map_set(a, facts, "score", sm);
        if (rules_cond_eval(rs->rules[i].when, facts))
            score += rs->rules[i].weight;
    }
    INT_EQ(score, 2, "score conditions see the rules above");
    err_list_free(&e);
    arena_free(a);
}

/* ---- the computation ---- */

static profile *example(arena *a, const char *name, report *r)
{
    char path[256];
    snprintf(path, sizeof path, "content/profiles/%s.yaml", name);
    err_list e = ERR_LIST_INIT;
    size_t len = 0;
    char *text = fs_read(path, &len, &e);
    profile *p =
        text ? report_profile_parse(eng, a, arena_strdup(a, text), len, arena_strdup(a, path), &e)
             : NULL;
    INT_EQ(e.len, 0, path);
    free(text);
    if (p)
        INT_EQ(report_compute(eng, p, a, r, &e), 0, path);
    err_list_free(&e);
    return p;
}

static void test_examples(void)
{
    static const struct {
        const char *name;
        const char *want;
    } cases[] = {
        {"lumen-analytics", "python"}, {"chatterbox", "nodejs"},  {"helix-mobility", "hybrid"},
        {"northwind-shop", "nodejs"},  {"acme-health", "python"}, {"ledgerly", "python"},
        {"tasklane", "nodejs"},
    };
    const ruleset *rs = report_engine_rules(eng);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        arena *a = arena_new();
        report r;
        profile *p = example(a, cases[i].name, &r);
        if (!p) {
            arena_free(a);
            continue;
        }
        STR_EQ(rs->options[r.rec].id, cases[i].want, cases[i].name);
        /* the scores are the sums of the fired rules' weights */
        double sum[RULES_MAX_OPTIONS] = {0};
        for (size_t k = 0; k < r.nfired; k++)
            sum[r.fired[k]->favours] += r.fired[k]->weight;
        for (size_t k = 0; k < rs->noptions; k++)
            OK(sum[k] == r.score[k], "scores are the sums of the weights");
        /* confidence as documented */
        double w = r.score[r.rec], rest = 0;
        for (size_t k = 0; k < rs->noptions; k++)
            if (k != r.rec && r.score[k] > rest)
                rest = r.score[k];
        double conf = floor((0.5 + 0.5 * (w - rest) / (w + rest + rs->damping)) * 100 + 0.5) / 100;
        OK(fabs(conf - r.confidence) < 1e-9, "confidence formula");
        arena_free(a);
    }
}

static double cell(const char *table, const char *row, const char *col, const char *key)
{
    const value *c = val_map_get(dtable_row(site_table(s, table), row), col);
    return key ? val_num_or(val_map_get(c, key), NAN) : val_num_or(c, NAN);
}

/* A computed value of a profile's facts. */
static double fact(const profile *p, const char *name)
{
    return val_num_or(val_path(p->facts, name), NAN);
}

static void test_arithmetic(void)
{
    arena *a = arena_new();
    report r;
    profile *p = example(a, "helix-mobility", &r);
    /* straight from the data files: hours_per_month is a constant formula of rules.yaml */
    double hpm = NAN;
    const value *vals = val_path(s->data, "rules.values");
    for (size_t i = 0; vals && i < vals->u.list.len; i++)
        if (strcmp(val_str_or(val_map_get(vals->u.list.items[i], "name"), ""), "hours_per_month") ==
            0)
            hpm = strtod(val_str_or(val_map_get(vals->u.list.items[i], "formula"), "nan"), NULL);
    INT_EQ(fact(p, "hours_per_month"), hpm, "a constant value");
    double py_rps = cell("benchmarks", "json-rps", "python", NULL),
           js_rps = cell("benchmarks", "json-rps", "nodejs", NULL);
    double peak = val_num_or(val_path(p->facts, "workload.peak_rps"), NAN);
    INT_EQ(fact(p, "python_cores"), ceil(peak / py_rps),
           "python cores = ceil(peak / RPS per core)");
    INT_EQ(fact(p, "nodejs_cores"), ceil(peak / js_rps),
           "nodejs cores = ceil(peak / RPS per core)");
    const char *region = val_str_or(val_path(p->facts, "hiring.region"), "?");
    double hours = val_num_or(val_path(p->facts, "hiring.engineers"), NAN) *
                   val_num_or(val_path(p->facts, "hiring.months"), NAN) * hpm;
    INT_EQ(fact(p, "hours"), hours, "hours = engineers x months x hours per month");
    INT_EQ(fact(p, "python_cost_low"), hours * cell("rates", region, "python", "low"),
           "python low");
    INT_EQ(fact(p, "python_cost_high"), hours * cell("rates", region, "python", "high"),
           "python high");
    INT_EQ(fact(p, "nodejs_cost_low"), hours * cell("rates", region, "nodejs", "low"),
           "nodejs low");
    INT_EQ(fact(p, "nodejs_cost_high"), hours * cell("rates", region, "nodejs", "high"),
           "nodejs high");
    /* a hand-made case: 7 engineers x 5 months at 50,001 RPS */
    const char *text =
        HEAD "workload: {peak_rps: 50001}\nhiring: {region: india, engineers: 7, months: 5}\n";
    err_list e = ERR_LIST_INIT;
    p = report_profile_parse(eng, a, text, strlen(text), "p.yaml", &e);
    INT_EQ(report_compute(eng, p, a, &r, &e), 0, "computes");
    INT_EQ(fact(p, "python_cores"), ceil(50001 / py_rps), "50,001 RPS on python");
    INT_EQ(fact(p, "nodejs_cores"), ceil(50001 / js_rps), "50,001 RPS on nodejs");
    INT_EQ(fact(p, "nodejs_cost_high"), 7 * 5 * hpm * cell("rates", "india", "nodejs", "high"),
           "7 x 5 in India");
    err_list_free(&e);
    arena_free(a);
}

static void test_render(void)
{
    arena *a = arena_new();
    report r;
    example(a, "acme-health", &r);
    report_files f = {BUF_INIT, BUF_INIT, BUF_INIT};
    err_list e = ERR_LIST_INIT;
    INT_EQ(report_render(eng, &r, &f, &e), 0, "renders");
    OK(f.pdf.len > 1000 && memcmp(f.pdf.data, "%PDF-", 5) == 0, "a PDF");
    OK(strstr(buf_cstr(&f.html), "<!doctype html>") != NULL, "an HTML page");
    OK(strstr(buf_cstr(&f.json), "\"recommendation\": \"python\"") != NULL, "the JSON");
    OK(strstr(buf_cstr(&f.html), "Acme Health") != NULL, "the client is named");
    /* sections appear only when relevant: no real-time topic without real-time needs */
    OK(strstr(buf_cstr(&f.html), "id=\"real-time-features\"") != NULL,
       "acme has light real-time: the topic shows");
    report_files_free(&f);
    report r2;
    example(a, "ledgerly", &r2);
    report_files g = {BUF_INIT, BUF_INIT, BUF_INIT};
    INT_EQ(report_render(eng, &r2, &g, &e), 0, "renders");
    OK(strstr(buf_cstr(&g.html), "id=\"real-time-features\"") == NULL,
       "no real-time section without real-time needs");
    OK(strstr(buf_cstr(&g.html), "id=\"workload-fit\"") == NULL,
       "no workload section without topics");
    OK(strstr(buf_cstr(&g.html), "id=\"cost\"") != NULL, "a cost section with hiring");
    report_files_free(&g);
    err_list_free(&e);
    arena_free(a);
}

static void slug_is(const char *client, const char *want)
{
    buf b = BUF_INIT;
    report_slug(client, &b);
    STR_EQ(buf_cstr(&b), want, client);
    buf_free(&b);
}

static void test_slugs(void)
{
    slug_is("Acme Health", "acme-health");
    slug_is("../../etc/passwd", "etc-passwd");
    slug_is("  --Zürich Bänk AG--  ", "zurich-bank-ag");
    slug_is("Ørsted & Søn", "orsted-son");
    buf b = BUF_INIT;
    report_slug("..", &b);
    OK(strncmp(buf_cstr(&b), "client-", 7) == 0 && b.len == 15, "dots only: a hash");
    buf_reset(&b);
    report_slug("日本", &b);
    OK(strncmp(buf_cstr(&b), "client-", 7) == 0 && b.len == 15, "nothing foldable: a hash");
    buf_reset(&b);
    char longname[300];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    report_slug(longname, &b);
    INT_EQ(b.len, 64, "at most 64 bytes");
    buf_free(&b);
    b = (buf)BUF_INIT;
    report_md_escape("a*b_[c](d) #1. <x> & \"q\"\nnext", &b);
    STR_EQ(buf_cstr(&b), "a\\*b\\_\\[c\\]\\(d\\) \\#1\\. <x> & \"q\" next", "Markdown escaping");
    buf_free(&b);
}

int main(void)
{
    err_list e = ERR_LIST_INIT;
    s = site_load(".", NULL, 1, &e);
    eng = s ? report_engine_new(s, &e) : NULL;
    for (size_t i = 0; i < e.len; i++)
        fprintf(stderr, "%s\n", e.items[i].text);
    OK(eng != NULL, "the engine loads content/ and its rules");
    err_list_free(&e);
    if (eng) {
        test_schema();
        test_profile_messages();
        test_defaults();
        test_suggest();
        test_rule_errors();
        test_model_errors();
        test_runtime_failure();
        test_decision();
        test_conditions();
        test_examples();
        test_arithmetic();
        test_render();
        test_slugs();
    }
    report_engine_free(eng);
    tpl_set_free(test_tpls);
    site_free(s);
    return test_summary("test_report");
}
