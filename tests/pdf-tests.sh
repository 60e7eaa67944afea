#!/usr/bin/env bash
# pdf-tests.sh IMPRINT OUT - the whitepaper and a stress document checked with real tools:
# qpdf, pdffonts, pdftotext (reading order word by word, bounds), the outline,
# the contents' links, reproducibility; every page rendered to PNG in OUT/pdf-pages.
source "$(dirname "$0")/tools/steps.sh" "$@"

mkdir -p "$OUT/pdf-pages/guide" "$OUT/pdf-pages/stress"
name=$(python3 -c "import yaml;c=yaml.safe_load(open('$ROOT/content/site.yaml'));print((c.get('pdf') or {}).get('name') or c.get('pdf_name') or 'document')")
check guide-build "$BIN" build -C "$ROOT" -o "$WORK/a" --pdf-only --quiet
check guide-build-again "$BIN" build -C "$ROOT" -o "$WORK/b" --pdf-only --quiet
check guide-reproducible cmp "$WORK/a/$name.pdf" "$WORK/b/$name.pdf"
check guide-pdf-check python3 "$ROOT/tests/tools/pdf-check.py" "$WORK/a/$name.pdf" --content "$ROOT/content" \
  --expect-outline-from-content --png-dir "$OUT/pdf-pages/guide"
check guide-bounds python3 "$ROOT/tests/tools/pdf-bounds.py" "$WORK/a/$name.pdf" --margin 68
cp "$WORK/a/$name.pdf" "$OUT/$name.pdf"

# the stress document: long words and URLs, a table with more columns than
# fit, deep lists, long code lines, images: graceful fallbacks, no overflow
cp -rL "$ROOT/tests/fixtures/stress" "$WORK/stress" && cp -r "$ROOT/assets/fonts" "$WORK/stress/assets/fonts"
check stress-build "$BIN" build -C "$WORK/stress" -o "$WORK/s" --quiet
check stress-qpdf qpdf --check "$WORK/s/stress.pdf"
check stress-fonts bash -c "pdffonts '$WORK/s/stress.pdf' | awk 'NR>2 && \$(NF-4) != \"yes\" {bad=1; print} END {exit bad}'"
check stress-bounds python3 "$ROOT/tests/tools/pdf-bounds.py" "$WORK/s/stress.pdf" --margin 68
check stress-kerning python3 "$ROOT/tests/tools/pdf-kerning.py" "$WORK/s/stress.pdf"
check stress-png pdftoppm -r 50 -png "$WORK/s/stress.pdf" "$OUT/pdf-pages/stress/page"
echo "pdf: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
