#!/usr/bin/env bash
# verapdf.sh FLAVOUR PDF... - runs veraPDF (pinned in tests/verapdf/pom.xml: the reference
# validator for PDF/UA and PDF/A) on each PDF against FLAVOUR (ua1, 2u, 2a, ...) and prints,
# per file, the rules that passed and failed and, for each failed rule, its clause, how many
# checks failed and what it asks. The first run fetches veraPDF and its jars from Maven
# Central with Debian's maven (and a JRE), into tests/verapdf/lib/. Exits 1 when a rule
# failed, 2 when veraPDF could not run. `make verapdf` runs it on the whitepaper and the
# example reports (issue 16 makes it a step of make test once they conform).
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
status=0
for pdf in "$@"; do
  java -cp "$here/lib/*" org.verapdf.apps.GreenfieldCliWrapper --flavour "$flavour" --format json "$pdf" \
    2>/dev/null >"${TMPDIR:-/tmp}/verapdf.$$.json" || true
  python3 - "$pdf" "$flavour" "${TMPDIR:-/tmp}/verapdf.$$.json" <<'PY' || status=$((status > 0 ? status : $?))
import json, sys
pdf, flavour, path = sys.argv[1:4]
try:
    job = json.load(open(path))["report"]["jobs"][0]
    vr = job["validationResult"]
    vr = vr[0] if isinstance(vr, list) else vr
    d = vr["details"]
except Exception as e:
    print(f"{pdf}: veraPDF gave no result ({e})")
    sys.exit(2)
print(f"{pdf}: {flavour}: {d['passedRules']} rules passed, {d['failedRules']} failed ({d['failedChecks']} failed checks)")
for r in d.get("ruleSummaries", []):
    print(f"  {r.get('clause')}-{r.get('testNumber')}: {r.get('failedChecks')} x {r.get('description', '')[:110]}")
sys.exit(1 if d["failedRules"] else 0)
PY
done
rm -f "${TMPDIR:-/tmp}/verapdf.$$.json"
exit $status
