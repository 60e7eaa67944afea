#!/usr/bin/env bash
# pdf-tests.sh IMPRINT OUT - the whitepaper, a stress document and a table with aligned columns
# checked with real tools:
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
check stress-fonts fonts_embedded "$WORK/s/stress.pdf"
check stress-bounds python3 "$ROOT/tests/tools/pdf-bounds.py" "$WORK/s/stress.pdf" --margin 68
check stress-kerning python3 "$ROOT/tests/tools/pdf-kerning.py" "$WORK/s/stress.pdf"
check stress-png pdftoppm -r 50 -png "$WORK/s/stress.pdf" "$OUT/pdf-pages/stress/page"

# GFM column alignment: "---:" ends a column's text at its right edge, ":-:" centres it,
# as on the website (read back with pdftotext -bbox)
cp -rL "$ROOT/tests/fixtures/align" "$WORK/align" && mkdir -p "$WORK/align/assets" && cp -r "$ROOT/assets/fonts" "$WORK/align/assets/fonts"
check align-build "$BIN" build -C "$WORK/align" -o "$WORK/al" --pdf-only --quiet
check align-columns python3 - "$WORK/al/align.pdf" <<'EOF'
import re, subprocess, sys
xml = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True, check=True).stdout
w = {m[3]: (float(m[1]), float(m[2])) for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', xml)}
short, long = {k: w[k + "1"] for k in "lrc"}, {k: w[k + "1000000"] for k in "lrc"}
assert abs(short["l"][0] - long["l"][0]) < 0.5, f"left column: starts differ {short['l']} {long['l']}"
assert abs(short["r"][1] - long["r"][1]) < 0.5, f"right column: ends differ {short['r']} {long['r']}"
mid = lambda b: (b[0] + b[1]) / 2
assert abs(mid(short["c"]) - mid(long["c"])) < 0.5, f"centred column: middles differ {short['c']} {long['c']}"
EOF
echo "pdf: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
