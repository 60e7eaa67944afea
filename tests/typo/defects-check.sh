#!/usr/bin/env bash
# defects-check.sh OUT_DIR - checks the measuring tool itself: typo-report.py's own
# self-test, then its reading of fixtures/defects.typ (a Typst PDF with known widows,
# orphans, a stranded heading, an overfull line and a hyphen run) against
# fixtures/defects.expected.json. Used by compare.sh and by assert.sh (make test).
# Needs the pinned Node.js and Typst compiler (node-setup.sh) on PATH.
set -uo pipefail
OUT=$1
TYPO=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$TYPO/../.." && pwd)
REPORT=$ROOT/tests/tools/typo-report.py
mkdir -p "$OUT"
python3 "$REPORT" --selftest || exit 1
node "$TYPO/typst-compile.mjs" "$TYPO/fixtures/defects.typ" "$OUT/defects.pdf" "$ROOT/assets/fonts" >/dev/null || exit 1
python3 "$REPORT" --json "$OUT/defects.pdf" >"$OUT/defects.json" || exit 1
python3 - "$OUT/defects.json" "$TYPO/fixtures/defects.expected.json" <<'PY'
import json, sys
got, want = (json.load(open(p)) for p in sys.argv[1:3])
bad = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
for k, (g, w) in bad.items():
    print("FAIL defects fixture %s: got %r, want %r" % (k, g, w))
print("typo_fixture: %d passed, %d failed" % (len(want) - len(bad), len(bad)))
sys.exit(1 if bad else 0)
PY
