#!/usr/bin/env bash
# report-tests.sh IMPRINT OUT - client reports (imprint report) end to end: the
# example profiles give the guide's recommendations, report.json has its
# fields, every PDF passes qpdf --check and embeds its fonts, every page passes
# html-validate; bad profiles fail alone with file:line:col messages; client
# names cannot leave OUT_DIR; 200 generated profiles run with -j 2, shards
# cover them all, and -j 1 and -j 2 write the same bytes. Report pages are
# rendered to PNG in OUT/report-pages for a look.
source "$(dirname "$0")/tools/steps.sh" "$@"
# run NAME WANT-EXIT ARGS...: imprint report with ARGS; stderr kept in $WORK/NAME.err
run() {
  local name=$1 want=$2; shift 2
  "$BIN" report -C "$ROOT" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  local rc=$?
  if grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$WORK/$name.err"; then
    echo "sanitizer report:"; cat "$WORK/$name.err"; return 1
  fi
  [ "$rc" -eq "$want" ] || { echo "exit $rc, want $want"; cat "$WORK/$name.err"; return 1; }
}
has() { grep -Fq -- "$2" "$WORK/$1.err" || { echo "stderr of $1 lacks: $2"; cat "$WORK/$1.err"; return 1; }; }

# ---- the examples: the guide's framework, report by report ----
check examples-run run examples 0 "$ROOT/content/profiles" -o "$WORK/ex" -j 2 --quiet
expect() { # expect SLUG STACK
  python3 - "$WORK/ex/$1/report.json" "$2" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["recommendation"] == sys.argv[2], f'{r["client"]}: {r["recommendation"]}, want {sys.argv[2]} (scores {r["scores"]})'
EOF
}
check example-ai-analytics-python expect lumen-analytics python
check example-realtime-chat-nodejs expect chatterbox nodejs
check example-hybrid-40k-rps expect helix-mobility hybrid
check example-serverless-js-nodejs expect northwind-shop nodejs
check example-hipaa-analytics-python expect acme-health python
check example-crud-python-team expect ledgerly python
check example-crud-react-team expect tasklane nodejs

# report.json is versioned and echoes the inputs in the schema's order, with its labels
check json-version-inputs python3 - "$WORK/ex" "$ROOT/content/data/profile.yaml" <<'EOF'
import glob, json, sys, yaml
schema = yaml.safe_load(open(sys.argv[2]))
labels = []
for f in schema["fields"]:
    if f["type"] == "section":
        labels += [(f["key"] + "." + g["key"], g["label"]) for g in f["fields"]]
    else:
        labels.append((f["key"], f["label"]))
for path in sorted(glob.glob(sys.argv[1] + "/*/report.json")):
    r = json.load(open(path))
    assert list(r)[0] == "schema_version" and r["schema_version"] == 3, path
    got = [(x["field"], x["label"]) for x in r["inputs"]]
    want = [l for l in labels if not l[0].startswith("hiring.") or r["profile"]["hiring"]]
    assert got == want, f"{path}: {got} != {want}"
    for x in r["inputs"]:
        section, _, key = x["field"].rpartition(".")
        fact = r["profile"][section][key] if section else r["profile"][key]
        assert x["value"] == fact and isinstance(x["text"], str) and x["text"], x
EOF

check json-fields python3 - "$WORK/ex" "$ROOT/content/data/rules.yaml" <<'EOF'
import glob, json, sys, yaml
model = yaml.safe_load(open(sys.argv[2]))
files = sorted(glob.glob(sys.argv[1] + "/*/report.json"))
assert len(files) >= 7, files
options = list(model["options"])
values = [v["name"] for v in model["values"]]
for f in files:
    r = json.load(open(f))
    for k in ("client", "project", "recommendation", "confidence", "scores", "reasons", "values", "sections"):
        assert k in r, f"{f}: no {k}"
    assert isinstance(r["client"], str) and r["client"] and isinstance(r["project"], str) and r["project"]
    assert r["recommendation"] in options, f
    assert isinstance(r["confidence"], (int, float)) and 0.5 <= r["confidence"] <= 1, f
    assert list(r["scores"]) == options, f
    best = max(r["scores"].values())
    assert r["scores"][r["recommendation"]] == best, f"{f}: the recommendation has the best score"
    assert r["reasons"], f"{f}: no reasons"
    for x in r["reasons"]:
        assert set(("rule", "option", "weight", "text", "link")) <= set(x), x
        assert x["option"] in options and x["weight"] > 0 and x["text"]
        assert x["link"].startswith("https://") and "/guide/" in x["link"], x["link"]
    for o in options:
        assert sum(x["weight"] for x in r["reasons"] if x["option"] == o) == r["scores"][o]
    # every value of the model, in its order, with its label, unit and text
    assert list(r["values"]) == values, f
    for v in model["values"]:
        got = r["values"][v["name"]]
        assert got["label"] == v.get("label", v["name"]) and got.get("unit") == v.get("unit"), got
        assert (got["value"] is None) == (got["text"] == ""), got
    if r["profile"]["hiring"]:
        for s in ("python", "nodejs"):
            lo, hi = r["values"][s + "_cost_low"], r["values"][s + "_cost_high"]
            assert lo["unit"] == "USD" and 0 < lo["value"] <= hi["value"], (lo, hi)
    if r["profile"]["workload"]["peak_rps"]:
        for s in ("python", "nodejs"):
            assert isinstance(r["values"][s + "_cores"]["value"], int) and r["values"][s + "_cores"]["value"] >= 1
print(f"{len(files)} reports have every field")
EOF
for d in "$WORK"/ex/*/; do
  slug=$(basename "$d")
  check "pdf-qpdf-$slug" qpdf --check "$d/report.pdf"
  check "pdf-fonts-$slug" fonts_embedded "$d/report.pdf"
  # the whitepaper's structural checks too: every outline entry leads to a page, the
  # metadata is present (the text and contents checks read the guide's chapters, not a
  # report's; a report's date is the profile's, not SOURCE_DATE_EPOCH)
  check "pdf-structure-$slug" env -u SOURCE_DATE_EPOCH python3 "$ROOT/tests/tools/pdf-check.py" "$d/report.pdf" \
    --content "$ROOT/content" --skip text --skip toc-links --skip toc-pages
done
check pdf-text-matches-json python3 - "$WORK/ex/helix-mobility" <<'EOF'
import json, subprocess, sys
d = sys.argv[1]
r = json.load(open(d + "/report.json"))
text = subprocess.run(["pdftotext", "-layout", d + "/report.pdf", "-"], capture_output=True, text=True).stdout
for want in (r["project"], "Hybrid (Python + Node.js)", "Cores needed", "Risks", "Next steps", "40,000"):
    assert want in text, want
EOF
check html-validate bash "$ROOT/tests/tools/html-validate.sh" "$WORK/ex"
check tables-match-json python3 "$ROOT/tests/tools/report-tables.py" "$ROOT" "$WORK/ex"
check html-self-contained none_match '<link rel="stylesheet"\|src="/' "$WORK"/ex/*/report.html
mkdir -p "$OUT/report-pages"
cp -r "$WORK/ex" "$OUT/reports"
check pdf-png pdftoppm -r 60 -png "$WORK/ex/helix-mobility/report.pdf" "$OUT/report-pages/helix-mobility"

# ---- bad profiles fail alone ----
B=$WORK/bad
mkdir -p "$B"
cp "$ROOT/content/profiles/ledgerly.yaml" "$B/a-good.yaml"
printf 'client: Typo Co\nproject: P\nworkload:\n  realtime: sometimes\n' >"$B/b-enum.yaml"
printf 'project: No client\n' >"$B/c-missing.yaml"
printf 'client: Minus\nproject: P\nworkload:\n  peak_rps: -5\n' >"$B/d-negative.yaml"
printf 'client: Mars Inc\nproject: P\nhiring:\n  region: mars\n  engineers: 2\n  months: 3\n' >"$B/e-region.yaml"
printf 'client: Warned\nproject: P\nworkload:\n  realtme: heavy\n' >"$B/f-warning.yaml"
printf 'client: Broken\nproject: [P\n' >"$B/g-yaml.yaml"
check bad-exit-1 run bad 1 "$B" "$B/missing.yaml" -o "$WORK/badout" -j 2
check bad-enum has bad "b-enum.yaml:4:13: 'workload.realtime' must be one of: none, light, heavy; got 'sometimes'"
check bad-missing has bad "c-missing.yaml:1:1: missing required key 'client'"
check bad-negative has bad "d-negative.yaml:4:13: 'workload.peak_rps' must be a whole number from 0 to 100000000; got -5"
check bad-region has bad "e-region.yaml:4:11: 'hiring.region' must be one of: united-states, western-europe, eastern-europe, india, latin-america; got 'mars'"
check bad-warning has bad "f-warning.yaml:4:3: warning: unknown key 'realtme' in 'workload'; did you mean 'realtime'?"
check bad-yaml has bad "g-yaml.yaml:3:1: YAML: did not find expected ',' or ']'"
check bad-missing-file has bad "missing.yaml: no such profile file or folder"
check bad-summary has bad "5 of 7 reports failed, 2 written"
check bad-others-written bash -c "ls '$WORK/badout' | tr '\n' ' ' | grep -qx 'ledgerly warned '"
check bad-complete-files bash -c "for f in report.html report.pdf report.json; do [ -s '$WORK/badout/ledgerly/'\$f ] || exit 1; done; ! ls -a '$WORK/badout/ledgerly' | grep -q tmp"

# ---- client names cannot leave OUT_DIR; one folder per client ----
E=$WORK/escape
mkdir -p "$E"
printf 'client: "../../../escaped"\nproject: P\n' >"$E/a.yaml"
printf 'client: "/etc/passwd"\nproject: P\n' >"$E/b.yaml"
printf 'client: ".."\nproject: P\n' >"$E/c.yaml"
printf 'client: "Acme Health"\nproject: P\n' >"$E/d.yaml"
printf 'client: "ACME  health!"\nproject: Q\n' >"$E/e.yaml"
check escape-run run escape 1 "$E" -o "$WORK/esc/out" -j 2
check escape-inside bash -c "[ \$(find '$WORK/esc' -mindepth 1 -maxdepth 1 | wc -l) -eq 1 ] && ls '$WORK/esc/out' | sort | tr '\n' ' ' | grep -Eqx 'acme-health client-[0-9a-f]{8} escaped etc-passwd '"
check escape-duplicate has escape "e.yaml:1:9: client 'ACME  health!' needs the report folder 'acme-health', which $E/d.yaml (client 'Acme Health') already takes"
check escape-first-kept bash -c "grep -q '\"project\": \"P\"' '$WORK/esc/out/acme-health/report.json'"

# ---- broken rules.yaml: nothing is written ----
cp -r "$ROOT/content" "$ROOT/layouts" "$ROOT/assets" "$WORK/" 2>/dev/null
mkdir -p "$WORK/site" && mv "$WORK/content" "$WORK/layouts" "$WORK/assets" "$WORK/site/"
sed -i 's/^    weight: 3$/    wieght: 3/' "$WORK/site/content/data/rules.yaml"
check rules-typo bash -c "'$BIN' report -C '$WORK/site' '$ROOT/content/profiles' -o '$WORK/r' 2>'$WORK/rules.err'; [ \$? -eq 1 ] && grep -q \"rules.yaml:[0-9]*:5: unknown key 'wieght' in a rule; did you mean 'weight'?\" '$WORK/rules.err' && [ ! -e '$WORK/r' ]"

# ---- a second domain: tests/fixtures/report-model (database engines for an IoT platform) ----
# Its own guide, schema, four options (one composite), formulas and eight
# profiles whose outcomes expected.yaml works out by hand.
FX=$ROOT/tests/fixtures/report-model
fx() { # fx NAME WANT-EXIT ARGS...: imprint report -C the fixture site
  local name=$1 want=$2; shift 2
  "$BIN" report -C "$FX" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  local rc=$?
  ! grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$WORK/$name.err" || { cat "$WORK/$name.err"; return 1; }
  [ "$rc" -eq "$want" ] || { echo "exit $rc, want $want"; cat "$WORK/$name.err"; return 1; }
}
check domain2-run fx domain2 0 "$FX/content/profiles" -o "$WORK/d2" -j 2 --quiet
check domain2-outcomes python3 "$ROOT/tests/tools/report-expect.py" "$FX/expected.yaml" "$WORK/d2"
check domain2-tables python3 "$ROOT/tests/tools/report-tables.py" "$FX" "$WORK/d2"
check domain2-html-validate bash "$ROOT/tests/tools/html-validate.sh" "$WORK/d2"
for d in "$WORK"/d2/*/; do
  check "domain2-qpdf-$(basename "$d")" qpdf --check "$d/report.pdf"
done
check domain2-words python3 - "$WORK/d2/fieldmesh-agri" <<'EOF'
import html, re, subprocess, sys
d = sys.argv[1]
page = open(d + "/report.html").read()
page = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", page, flags=re.S)))
text = subprocess.run(["pdftotext", "-layout", d + "/report.pdf", "-"], capture_output=True, text=True).stdout
# the site's words and sections, none of the demo's
for want in ("Recommended engine", "Scores by engine", "PostgreSQL + SQLite at the edge", "The split", "Sizing"):
    assert want in page, want
for want in ("PostgreSQL + SQLite at the edge", "Sizing"):
    assert want in text, want
for never in ("Python", "Node.js", "stack"):
    assert never not in page and never not in text, never
EOF
check domain2-bad fx domain2bad 1 "$FX/content/bad-profiles" -o "$WORK/d2bad"
check domain2-bad-enum has domain2bad "enum-typo.yaml:"
check domain2-bad-suggests has domain2bad "did you mean 'time-series'?"
check domain2-bad-summary has domain2bad "4 of 4 reports failed, 0 written"
check domain2-schema-run bash -c "'$BIN' report -C '$FX' --schema >'$WORK/d2-schema.json' && python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert \"workload\" in s[\"properties\"] and s[\"properties\"][\"workload\"][\"properties\"][\"payload_kb\"][\"type\"][0] == \"number\"' '$WORK/d2-schema.json'"

# ---- no domain in the engine: generator/ names none of the demo's options or fields ----
check engine-knows-no-domain bash -c "! grep -rniE 'python|nodejs|node\\.js|hybrid|workload|\\bteam|hiring' '$ROOT/generator'"

# ---- --check: every profile validated and decided, nothing written ----
touch "$WORK/check.marker"
check check-prints bash -c "'$BIN' report -C '$ROOT' --check '$ROOT/content/profiles' >'$WORK/check.out' 2>'$WORK/check.err' && grep -q 'helix-mobility.yaml: hybrid (helix-mobility, confidence 0.63)' '$WORK/check.out' && [ \$(wc -l <'$WORK/check.out') -eq 7 ] && grep -q 'checked 7 profiles' '$WORK/check.err'"
check check-writes-nothing bash -c "[ -z \"\$(find '$ROOT/output' -newer '$WORK/check.marker' 2>/dev/null)\" ]"
check check-agrees python3 - "$WORK/check.out" "$WORK/ex" <<'EOF'
import json, os, re, sys
for line in open(sys.argv[1]):
    m = re.match(r"(.*): (\S+) \((\S+), confidence ([0-9.]+)\)$", line.strip())
    assert m, line
    r = json.load(open(os.path.join(sys.argv[2], m.group(3), "report.json")))
    assert (r["recommendation"], r["confidence"]) == (m.group(2), float(m.group(4))), line
EOF
check check-bad-fails fx checkbad 1 --check "$FX/content/bad-profiles"
check check-bad-summary has checkbad "4 of 4 profiles failed"
check check-no-output run checkout 2 --check "$ROOT/content/profiles" -o "$WORK/never"

# ---- usage errors ----
check usage-no-profile run usage1 2
check usage-shard run usage2 2 "$ROOT/content/profiles" --shard 3/2
check usage-jobs run usage3 2 "$ROOT/content/profiles" -j 0

# ---- a batch of 200 generated profiles ----
G=$WORK/gen
python3 - "$G" <<'EOF'
import os, random, sys
out = sys.argv[1]
os.makedirs(out)
rng = random.Random(20260330)  # the seed: the same 200 profiles every run
words = ["Acme", "Blue", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper", "Kite",
         "Lumen", "Maple", "Nimbus", "Orbit", "Pixel", "Quartz", "River", "Summit", "Tundra", "Zürich", "Ørsted"]
kinds = ["Health", "Labs", "Pay", "Logistics", "Media", "Learning", "Retail", "Analytics"]
regions = ["united-states", "western-europe", "eastern-europe", "india", "latin-america"]
for i in range(200):
    r = rng.random
    lines = [f'client: "{rng.choice(words)} {rng.choice(kinds)} {i:03d}"', f'project: "Platform {i}"',
             f"date: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "workload:",
             f"  ai_ml: {rng.choice(['none', 'planned', 'core'])}",
             f"  data_pipelines: {str(r() < 0.3).lower()}", f"  scientific: {str(r() < 0.2).lower()}",
             f"  realtime: {rng.choice(['none', 'light', 'heavy'])}",
             f"  io_concurrency: {rng.choice(['low', 'medium', 'high'])}",
             f"  cpu_heavy: {str(r() < 0.2).lower()}", f"  serverless: {str(r() < 0.2).lower()}",
             f"  mvp: {str(r() < 0.3).lower()}",
             f"  compliance: [{', '.join(rng.sample(['HIPAA', 'GDPR', 'PCI-DSS', 'SOC2'], rng.randint(0, 2)))}]"]
    if r() < 0.9:
        lines.append(f"  peak_rps: {rng.choice([0, 500, 4000, 9999, 10000, 25000, 30000, 45000, 120000])}")
    lines += ["team:", f"  frontend: {rng.choice(['none', 'react', 'vue', 'angular', 'next', 'other'])}",
              f"  python_devs: {rng.randint(0, 8)}", f"  node_devs: {rng.randint(0, 8)}"]
    if r() < 0.85:
        lines += ["hiring:", f"  region: {rng.choice(regions)}", f"  engineers: {rng.randint(1, 12)}",
                  f"  months: {rng.randint(1, 24)}"]
    open(f"{out}/p{i:03d}.yaml", "w").write("\n".join(lines) + "\n")
EOF
check batch-200-j2 run gen2 0 "$G" -o "$WORK/g2" -j 2 --quiet
check batch-200-folders bash -c "[ \$(ls '$WORK/g2' | wc -l) -eq 200 ] && [ \$(ls '$WORK'/g2/*/report.pdf | wc -l) -eq 200 ]"
check batch-json python3 - "$WORK/g2" <<'EOF'
import glob, json, sys
seen = {}
for f in glob.glob(sys.argv[1] + "/*/report.json"):
    r = json.load(open(f))
    assert r["recommendation"] in r["scores"]
    seen[r["recommendation"]] = seen.get(r["recommendation"], 0) + 1
assert len(seen) == 3, f"every recommendation occurs: {seen}"
print(seen)
EOF
# shards and -j 1 on subsets (under the sanitizers a report takes a while):
# shards 1/2 and 2/2 of 40 profiles together write exactly the 40 reports of
# the batch above; -j 1 and -j 2 write the same bytes
mkdir -p "$WORK/forty" && cp "$G"/p00*.yaml "$G"/p01*.yaml "$G"/p02*.yaml "$G"/p03*.yaml "$WORK/forty/"
check shard-1-of-2 run shard1 0 "$WORK/forty" -o "$WORK/s" --shard 1/2 -j 2 --quiet
check shard-1-is-half bash -c "[ \$(ls '$WORK/s' | wc -l) -eq 20 ]"
check shard-2-of-2 run shard2 0 "$WORK/forty" -o "$WORK/s" --shard 2/2 -j 2 --quiet
check shards-cover-all bash -c "[ \$(ls '$WORK/s' | wc -l) -eq 40 ] && for d in '$WORK'/s/*; do diff -r \$d '$WORK/g2/'\$(basename \$d) || exit 1; done"
mkdir -p "$WORK/sub" && cp "$G"/p00*.yaml "$G"/p01*.yaml "$WORK/sub/"
check batch-j1 run j1 0 "$WORK/sub" "$ROOT/content/profiles" -o "$WORK/j1" -j 1 --quiet
check batch-j2 run j2 0 "$WORK/sub" "$ROOT/content/profiles" -o "$WORK/j2" -j 2 --quiet
check j1-equals-j2 diff -r "$WORK/j1" "$WORK/j2"
no_temp_files() { # every folder exists and none holds a temporary file
  local found
  found=$(find "$@" -name '*.tmp*') || return 1
  [ -z "$found" ] || { echo "$found"; return 1; }
}
check no-temp-files no_temp_files "$WORK/g2" "$WORK/s" "$WORK/j1"

echo "report: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
