#!/usr/bin/env bash
# verapdf.sh FLAVOUR PDF... - runs veraPDF (pinned in tests/verapdf/pom.xml: the reference
# validator for PDF/UA and PDF/A) on each PDF against FLAVOUR (ua1, 2u, 2a, ...) and prints,
# per file, the rules that passed and failed and, for each failed rule, its clause, how many
# checks failed and what it asks. The first run fetches veraPDF and its jars from Maven
# Central (tests/verapdf/jars.txt, with their SHA-256) into tests/verapdf/lib/. Exits 1 when a rule
# failed, 2 when veraPDF could not run. `make verapdf` runs it on the whitepaper and the
# example reports; make test runs it on every PDF (tests/pdfua-tests.sh).
set -uo pipefail
here=$(cd "$(dirname "$0")/../verapdf" && pwd)
flavour=$1
shift
# veraPDF's jars, pinned with their SHA-256 in jars.txt (the resolution of pom.xml, as a
# lockfile is of a package list), fetched from Maven Central with curl, which uses the
# system's certificate store
central=https://repo.maven.apache.org/maven2
if [ ! -f "$here/lib/.complete" ] || [ "$here/jars.txt" -nt "$here/lib/.complete" ]; then
  command -v java >/dev/null && command -v curl >/dev/null ||
    bash "$here/../tools/ensure-debs.sh" default-jre-headless curl || exit 2
  rm -rf "$here/lib" && mkdir -p "$here/lib" || exit 2
  while read -r path sum; do
    case $path in '#'* | '') continue ;; esac
    jar=$here/lib/$(basename "$path")
    curl -fsSL --retry 3 -o "$jar" "$central/$path" || { echo "verapdf.sh: cannot fetch $central/$path" >&2; exit 2; }
    echo "$sum  $jar" | sha256sum -c --quiet - || { echo "verapdf.sh: $path does not match its SHA-256" >&2; exit 2; }
  done <"$here/jars.txt"
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
