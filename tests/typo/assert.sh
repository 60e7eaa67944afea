#!/usr/bin/env bash
# assert.sh IMPRINT OUT - the typography numbers of issue 5, asserted on the whitepaper, the
# stress text and the German and French PDFs of the languages fixture: no overfull lines, widows, orphans or stranded headings, at most two
# hyphenated lines in a row, no space wider than twice its natural width, and a
# 95th-percentile space no wider than Typst's on the same text (Typst from the
# npm package pinned in tests/typo). Measured with tests/tools/typo-report.py.
set -uo pipefail
BIN=$(realpath "$1")
OUT=$(realpath -m "$2")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TYPO=$ROOT/tests/typo
REPORT=$ROOT/tests/tools/typo-report.py
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1774828800}
mkdir -p "$OUT"
passed=0 failed=0
check() { local name=$1; shift
  if "$@" >"$OUT/$name.log" 2>&1; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; tail -n 20 "$OUT/$name.log" | sed 's/^/     | /'; fi; }

bash "$ROOT/tests/tools/node-setup.sh" || { echo "node-setup.sh failed"; exit 1; }
source "$ROOT/tests/tools/node-env.sh"
check measuring-tool bash "$TYPO/defects-check.sh" "$OUT/defects"
LIMITS=(--max overfull=0 --max widows=0 --max orphans=0 --max stranded_headings=0 --max max_consecutive_hyphens=2 --max space_max=2)
check guide-build "$BIN" build -C "$ROOT" -o "$OUT/imprint" --pdf-only --quiet
PDF=$(ls "$OUT"/imprint/*.pdf | head -1)
check guide-limits python3 "$REPORT" "$PDF" "${LIMITS[@]}"
check typst-build bash -c "python3 '$TYPO/md2typst.py' --content '$ROOT/content' -o '$OUT/guide.typ' && node '$TYPO/typst-compile.mjs' '$OUT/guide.typ' '$OUT/typst.pdf' '$ROOT/assets/fonts'"
check p95-vs-typst python3 - "$REPORT" "$PDF" "$OUT/typst.pdf" <<'PY'
import json, subprocess, sys
report, ours, typst = sys.argv[1:4]
m = lambda pdf: json.loads(subprocess.run([sys.executable, report, "--json", pdf], capture_output=True, text=True, check=True).stdout)
a, b = m(ours), m(typst)
print(f"95th-percentile space: imprint {a['space_p95']:.3f}, Typst {b['space_p95']:.3f} (x normal)")
sys.exit(0 if a["space_p95"] <= b["space_p95"] else 1)
PY
# the stress text: long words and URLs, narrow table columns
rm -rf "$OUT/stress" && cp -rL "$ROOT/tests/fixtures/stress" "$OUT/stress" && cp -r "$ROOT/assets/fonts" "$OUT/stress/assets/fonts"
check stress-build "$BIN" build -C "$OUT/stress" -o "$OUT/stress/out" --pdf-only --quiet
check stress-limits python3 "$REPORT" "$OUT/stress/out/stress.pdf" "${LIMITS[@]}"
# German and French (tests/fixtures/languages, one PDF per language): the same limits
check languages-build "$BIN" build -C "$ROOT/tests/fixtures/languages" -o "$OUT/languages" --pdf-only --quiet
for l in de fr; do
  check "$l-limits" python3 "$REPORT" "$OUT/languages/lighthouse.$l.pdf" "${LIMITS[@]}"
done
echo "typography: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
