#!/usr/bin/env bash
# verapdf.sh FLAVOUR PDF... - runs veraPDF (pinned in tests/verapdf/pom.xml: the reference
# validator for PDF/UA and PDF/A) on each PDF against FLAVOUR (ua1, 2u, 2a, ...) and prints,
# per file, the rules that passed and failed and, for each failed rule, its clause, how many
# checks failed and what it asks. The first run fetches veraPDF and its jars from Maven
# Central with Debian's maven (and a JRE), into tests/verapdf/lib/. Exits 1 when a rule
# failed, 2 when veraPDF could not run. `make verapdf` runs it on the whitepaper and the
# example reports; make test runs it on every PDF (tests/pdfua-tests.sh).
set -uo pipefail
here=$(cd "$(dirname "$0")/../verapdf" && pwd)
flavour=$1
shift
if [ ! -f "$here/lib/.complete" ] || [ "$here/pom.xml" -nt "$here/lib/.complete" ]; then
  command -v mvn >/dev/null && command -v java >/dev/null ||
    bash "$here/../tools/ensure-debs.sh" default-jre-headless maven || exit 2
  rm -rf "$here/lib"
  (cd "$here" && mvn -q -B -Dstyle.color=never dependency:copy-dependencies -DoutputDirectory="$here/lib") || exit 2
  touch "$here/lib/.complete"
fi
[ "$flavour" = --setup ] && exit 0 # verapdf.sh --setup: only fetch it (make test's dependencies)
# one JVM for every file (veraPDF's start-up is most of a small file's time)
out="${TMPDIR:-/tmp}/verapdf.$$.json"
java -cp "$here/lib/*" org.verapdf.apps.GreenfieldCliWrapper --flavour "$flavour" --format json "$@" \
  2>/dev/null >"$out" || true
python3 - "$flavour" "$out" "$@" <<'PY'
import json, sys
flavour, path, pdfs = sys.argv[1], sys.argv[2], sys.argv[3:]
try:
    jobs = json.load(open(path))["report"]["jobs"]
except Exception as e:
    print(f"veraPDF gave no result ({e})")
    sys.exit(2)
status, seen = 0, 0
for job in jobs:
    name = job.get("itemDetails", {}).get("name", "?")
    vr = job.get("validationResult")
    vr = vr[0] if isinstance(vr, list) and vr else vr
    if not vr or "details" not in vr:
        print(f"{name}: veraPDF could not validate it")
        status = 2
        continue
    seen += 1
    d = vr["details"]
    print(f"{name}: {flavour}: {d['passedRules']} rules passed, {d['failedRules']} failed ({d['failedChecks']} failed checks)")
    for r in d.get("ruleSummaries", []):
        print(f"  {r.get('clause')}-{r.get('testNumber')}: {r.get('failedChecks')} x {r.get('description', '')[:110]}")
    if d["failedRules"] and status == 0:
        status = 1
if seen != len(pdfs):
    print(f"veraPDF validated {seen} of {len(pdfs)} files")
    status = status or 2
sys.exit(status)
PY
status=$?
rm -f "$out"
exit $status
