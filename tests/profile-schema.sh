#!/usr/bin/env bash
# profile-schema.sh IMPRINT OUT - `imprint report --schema` is a JSON Schema that a
# standard validator (Ajv, pinned) agrees with: the example profiles pass, and
# profiles that imprint rejects (each a copy of an example with one mistake) fail
# it too. One more, a misspelt key, is only a warning for imprint but fails the
# schema on purpose, so that an editor flags the typo as it is typed.
source "$(dirname "$0")/tools/steps.sh" "$@"
source "$ROOT/tests/tools/node-env.sh"
D=$OUT/profile-schema
rm -rf "$D" && mkdir -p "$D/good" "$D/bad" "$D/yaml"
check schema-written bash -c "'$BIN' report -C '$ROOT' --schema > '$D/profile.schema.json' && python3 -m json.tool '$D/profile.schema.json' >/dev/null"
# YAML to JSON as an editor's YAML parser reads it (dates stay strings)
check profiles-as-json python3 - "$ROOT/content/profiles" "$D" <<'PY'
import copy, json, os, sys, yaml
class Loader(yaml.SafeLoader):
    pass
Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda l, n: l.construct_scalar(n))
src, out = sys.argv[1:3]
base = None
for name in sorted(os.listdir(src)):
    if name.endswith(".yaml"):
        doc = yaml.load(open(os.path.join(src, name)), Loader=Loader)
        json.dump(doc, open(os.path.join(out, "good", name[:-5] + ".json"), "w"))
        if base is None and doc.get("hiring"):
            base = doc
def bad(name, change, imprint_rejects=True):
    doc = copy.deepcopy(base)
    change(doc)
    json.dump(doc, open(os.path.join(out, "bad", name + ".json"), "w"))
    if imprint_rejects:
        yaml.safe_dump(doc, open(os.path.join(out, "yaml", name + ".yaml"), "w"))
bad("no-client", lambda d: d.pop("client"))
bad("blank-project", lambda d: d.update(project="   "))
bad("ai-not-allowed", lambda d: d["workload"].update(ai_ml="sometimes"))
bad("negative-rps", lambda d: d["workload"].update(peak_rps=-5))
bad("rps-not-whole", lambda d: d["workload"].update(peak_rps=2.5))
bad("compliance-unknown", lambda d: d["workload"].update(compliance=["HIPAA", "ISO-9"]))
bad("flag-not-boolean", lambda d: d["workload"].update(mvp="yes"))
bad("hiring-no-region", lambda d: d["hiring"].pop("region"))
bad("region-unknown", lambda d: d["hiring"].update(region="mars"))
bad("months-zero", lambda d: d["hiring"].update(months=0))
bad("date-not-a-day", lambda d: d.update(date="2026-02-30"))
bad("team-not-a-map", lambda d: d.update(team=["react"]))
bad("misspelt-key", lambda d: d["workload"].update(realtme="heavy"), imprint_rejects=False)
PY
check ajv-agrees node "$ROOT/tests/tools/profile-schema.mjs" "$D/profile.schema.json" "$D"
# imprint itself rejects every bad profile the schema rejects (but the misspelt key)
for f in "$D"/yaml/*.yaml; do
  check "imprint-rejects-$(basename "$f" .yaml)" bash -c "! '$BIN' report -C '$ROOT' -o '$WORK/r' -q '$f' 2>/dev/null"
done

# the second domain (tests/fixtures/report-model): its schema holds a number
# with a unit, descriptions and examples; its profiles pass, its bad ones fail
FX=$ROOT/tests/fixtures/report-model
D2=$OUT/profile-schema-2
rm -rf "$D2" && mkdir -p "$D2/good" "$D2/bad"
check schema-2-written bash -c "'$BIN' report -C '$FX' --schema > '$D2/profile.schema.json' && python3 -m json.tool '$D2/profile.schema.json' >/dev/null"
check profiles-2-as-json python3 - "$FX/content" "$D2" <<'PY'
import json, os, sys, yaml
class Loader(yaml.SafeLoader):
    pass
Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda l, n: l.construct_scalar(n))
src, out = sys.argv[1:3]
for folder, kind in (("profiles", "good"), ("bad-profiles", "bad")):
    for name in sorted(os.listdir(os.path.join(src, folder))):
        doc = yaml.load(open(os.path.join(src, folder, name)), Loader=Loader)
        json.dump(doc, open(os.path.join(out, kind, name[:-5] + ".json"), "w"))
PY
check ajv-agrees-2 node "$ROOT/tests/tools/profile-schema.mjs" "$D2/profile.schema.json" "$D2"
echo "profile_schema: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
