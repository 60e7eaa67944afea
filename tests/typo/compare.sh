#!/usr/bin/env bash
# compare.sh - the guide typeset by imprint, Typst and WeasyPrint, measured side by side.
#
# Builds the three PDFs into tests/typo/out/ (imprint: `imprint build --pdf-only`;
# Typst: md2typst.py + the typst.ts Node compiler; WeasyPrint: md2typst.py --html +
# the Debian weasyprint), times each (wall time of the whole process, node and
# python start-up included, the median of TYPO_RUNS runs, default 3; the Markdown
# conversion for Typst and WeasyPrint is timed on its own), runs tests/tools/typo-report.py on each and prints one table
# (imprint | Typst | WeasyPrint), also written to tests/typo/out/comparison.md.
# Before that it checks the measuring tool: its self test, and its report on
# fixtures/defects.typ (a Typst PDF with known widows, orphans, a stranded heading,
# an overfull line and a hyphen run) against fixtures/defects.expected.json.
#
# On a fresh machine it installs what is missing: poppler-utils, weasyprint, nodejs
# and npm with apt-get when root (tests/tools/ensure-debs.sh; otherwise it prints
# the command), and `npm ci` in tests/typo. build/imprint is brought up to date
# with `make build/imprint`; IMPRINT=path uses another binary as it is. Exit 1
# when a build or a tool check fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
TYPO=tests/typo
OUT=$TYPO/out
IMPRINT_SET=${IMPRINT:-}
IMPRINT=${IMPRINT:-build/imprint}
RUNS=${TYPO_RUNS:-3}
FONTS=assets/fonts
REPORT=tests/tools/typo-report.py
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1774828800} TZ=UTC LC_ALL=C.UTF-8

bash tests/tools/ensure-debs.sh python3 python3-yaml poppler-utils weasyprint
bash tests/tools/node-setup.sh
source tests/tools/node-env.sh
# the default binary is brought up to date with the work tree (so the revision
# printed below is the one measured); IMPRINT=path is used as it is
if [ -z "$IMPRINT_SET" ]; then
  make --no-print-directory -s build/imprint >/dev/null
fi
[ -x "$IMPRINT" ] || { echo "compare: no imprint binary at $IMPRINT" >&2; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"

now_ns() { date +%s%N; }
# timed NAME COMMAND...: runs COMMAND $RUNS times, keeps the median wall time in ms
# in TIME_<NAME>; output goes to $OUT/NAME.log
timed() {
  local name=$1; shift
  local times=() t0 t1 i
  for ((i = 0; i < RUNS; i++)); do
    t0=$(now_ns)
    if ! "$@" >"$OUT/$name.log" 2>&1; then
      echo "compare: $name failed:" >&2; tail -n 20 "$OUT/$name.log" >&2; exit 1
    fi
    t1=$(now_ns)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  printf -v "TIME_$name" '%s' "$median"
  printf '%-11s %6s ms  (median of %d: %s)\n' "$name" "$median" "$RUNS" "${times[*]}"
}

# ---- the measuring tool first
bash $TYPO/defects-check.sh "$OUT" || { echo "compare: the measuring tool fails its checks" >&2; exit 1; }

# ---- the three builds (Typst and WeasyPrint read the converted Markdown)
imprint_build() { "$IMPRINT" build --pdf-only --quiet -o "$OUT/imprint"; }
convert() {
  python3 $TYPO/md2typst.py --content content -o "$OUT/guide.typ" \
    --html "$OUT/guide.html" --fonts "$ROOT/$FONTS"
}
typst_build() { node $TYPO/typst-compile.mjs "$OUT/guide.typ" "$OUT/typst.pdf" $FONTS; }
weasy_build() { weasyprint "$OUT/guide.html" "$OUT/weasyprint.pdf"; }
echo "wall time, median of $RUNS runs:"
timed imprint imprint_build
timed convert convert
timed typst typst_build
timed weasyprint weasy_build

pdfs=("$OUT"/imprint/*.pdf)
IMPRINT_PDF=${pdfs[0]}
python3 $REPORT --json "$IMPRINT_PDF" > "$OUT/imprint.json"
python3 $REPORT --json "$OUT/typst.pdf" > "$OUT/typst.json"
python3 $REPORT --json "$OUT/weasyprint.pdf" > "$OUT/weasyprint.json"
for e in imprint typst weasyprint; do
  python3 $REPORT "$( [ $e = imprint ] && echo "$IMPRINT_PDF" || echo "$OUT/$e.pdf")" > "$OUT/$e.txt"
done

rev=$(git describe --always --dirty 2>/dev/null || echo unknown)
typst_v=$(node $TYPO/typst-compile.mjs --version)
weasy_v=$(weasyprint --version 2>/dev/null | sed -n 1p || true)
poppler_v=$(pdftotext -v 2>&1 | sed -n 1p || true)
echo
python3 $TYPO/table.py "$OUT/comparison.md" \
  "imprint=$OUT/imprint.json:$TIME_imprint:$TIME_imprint" \
  "Typst=$OUT/typst.json:$TIME_typst:$((TIME_typst + TIME_convert))" \
  "WeasyPrint=$OUT/weasyprint.json:$TIME_weasyprint:$((TIME_weasyprint + TIME_convert))" \
  --note "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(uname -m); imprint $rev, $typst_v, $weasy_v, $poppler_v; typo-report.py on each body (imprint: after the cover and contents)."
echo
echo "details: $OUT/{imprint,typst,weasyprint}.txt; table: $OUT/comparison.md"
