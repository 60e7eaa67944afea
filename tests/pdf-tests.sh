#!/usr/bin/env bash
# pdf-tests.sh IMPRINT OUT - the whitepaper and a stress document checked with real tools:
# qpdf, pdffonts, pdftotext (reading order word by word, bounds), the outline,
# the contents' links, reproducibility; every page rendered to PNG in OUT/pdf-pages.
set -uo pipefail
BIN=$(realpath "$1")
OUT=$(realpath -m "$2")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1774828800}
passed=0 failed=0
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@" >"$WORK/log" 2>&1; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     | /' "$WORK/log" | tail -30; fi
}
# poppler warns about libharu 2.3.0's ToUnicode CMap syntax on every page it
# reads; the mapping itself is identity and extraction is correct (README).
quiet() { "$@" 2> >(grep -v "Invalid 'begincidrange' operator" >&2); }

mkdir -p "$OUT/pdf-pages/guide" "$OUT/pdf-pages/stress"
name=$(python3 -c "import yaml;c=yaml.safe_load(open('$ROOT/content/site.yaml'));print((c.get('pdf') or {}).get('name') or c.get('pdf_name') or 'document')")
check guide-build "$BIN" build -C "$ROOT" -o "$WORK/a" --pdf-only --quiet
check guide-build-again "$BIN" build -C "$ROOT" -o "$WORK/b" --pdf-only --quiet
check guide-reproducible cmp "$WORK/a/$name.pdf" "$WORK/b/$name.pdf"
check guide-pdf-check quiet python3 "$ROOT/tests/tools/pdf-check.py" "$WORK/a/$name.pdf" --content "$ROOT/content" \
  --expect-outline-from-content --png-dir "$OUT/pdf-pages/guide"
check guide-bounds quiet python3 "$ROOT/tests/tools/pdf-bounds.py" "$WORK/a/$name.pdf" --margin 68
cp "$WORK/a/$name.pdf" "$OUT/$name.pdf"

# the stress document: long words and URLs, a table with more columns than
# fit, deep lists, long code lines, images: graceful fallbacks, no overflow
cp -rL "$ROOT/tests/fixtures/stress" "$WORK/stress" && cp -r "$ROOT/assets/fonts" "$WORK/stress/assets/fonts"
check stress-build "$BIN" build -C "$WORK/stress" -o "$WORK/s" --quiet
check stress-qpdf qpdf --check "$WORK/s/stress.pdf"
check stress-fonts bash -c "pdffonts '$WORK/s/stress.pdf' | awk 'NR>2 && \$(NF-4) != \"yes\" {bad=1; print} END {exit bad}'"
check stress-bounds quiet python3 "$ROOT/tests/tools/pdf-bounds.py" "$WORK/s/stress.pdf" --margin 68
check stress-kerning python3 "$ROOT/tests/tools/pdf-kerning.py" "$WORK/s/stress.pdf"
check stress-png quiet pdftoppm -r 50 -png "$WORK/s/stress.pdf" "$OUT/pdf-pages/stress/page"
echo "pdf: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
