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
# characters: Greek, Cyrillic, Arabic and Hebrew come from the fallback face, drawn and
# extracted again; a character no font has (Japanese, with a fallback chain of DejaVu Sans
# alone) is never a silent gap: one warning at its source line naming the characters and the
# font to add, an error under --strict; with the default chain (Noto Sans CJK from
# fonts-noto-cjk after DejaVu Sans) the Japanese is drawn, with no warning
scripts_site() {
  mkdir -p "$WORK/scripts/content" "$WORK/scripts/assets" && cp -r "$ROOT/assets/fonts" "$WORK/scripts/assets/fonts" &&
    printf 'title: Scripts\nbase_url: "https://scripts.example"\npdf:\n  fonts:\n    fallback: assets/fonts/DejaVuSans.ttf\n' >"$WORK/scripts/content/site.yaml" &&
    printf -- '---\ntitle: Scripts\n---\nGreek: \xce\xba\xce\xb1\xce\xbb\xce\xb7\xce\xbc\xce\xad\xcf\x81\xce\xb1.\n\nRussian: \xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82.\n\nHebrew: \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d.\n\nJapanese: \xe9\x9b\x86\xe5\x90\x88\xe3\x81\xae\xe8\xa8\xad\xe8\xa8\x88.\n\n```\ncode \xe9\x9b\x86 \xe9\x9b\xa8\n```\n' >"$WORK/scripts/content/_index.md"
}
missing_glyphs() {
  scripts_site && "$BIN" build -C "$WORK/scripts" -o "$WORK/scripts/out" --pdf-only 2>"$WORK/scripts.err" &&
    cat "$WORK/scripts.err" && pdftotext "$WORK"/scripts/out/*.pdf "$WORK/scripts.txt" && python3 - "$WORK/scripts.err" "$WORK/scripts.txt" <<'EOF'
import sys
err, txt = open(sys.argv[1]).read(), open(sys.argv[2]).read()
warnings = [l for l in err.splitlines() if "warning:" in l]
assert len(warnings) == 2, f"one warning for the Japanese line, one for the code's new character: {warnings}"
assert "content/_index.md:10:1: warning: no font of the PDF has '\u96c6' (U+96C6), '\u5408' (U+5408)" in warnings[0], warnings[0]
assert "fonts-noto-cjk" in warnings[0] and "pdf.fonts.fallback" in warnings[0]
assert "content/_index.md:12:1:" in warnings[1] and "'\u96e8' (U+96E8)" in warnings[1] and "U+96C6" not in warnings[1], "each character once"
for word in ["\u03ba\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1", "\u043f\u0440\u0438\u0432\u0435\u0442"]:
    assert word in txt, f"{word} drawn from the fallback face and extracted"
print("1 passed, 0 failed")
EOF
}
check missing-glyphs-warn missing_glyphs
check missing-glyphs-strict bash -c '! "$1" build -C "$2" -o "$2/strict" --pdf-only --strict 2>/dev/null' _ "$BIN" "$WORK/scripts"
default_chain() {
  sed -i '/^pdf:/,$d' "$WORK/scripts/content/site.yaml" &&
    "$BIN" build -C "$WORK/scripts" -o "$WORK/scripts/chain" --pdf-only --strict &&
    pdftotext "$WORK"/scripts/chain/*.pdf - | grep -q $'\xe9\x9b\x86\xe5\x90\x88\xe3\x81\xae\xe8\xa8\xad\xe8\xa8\x88' &&
    pdffonts "$WORK"/scripts/chain/*.pdf | grep -q 'NotoSansCJK.*CID Type 0C'
}
check fallback-chain-cjk default_chain

# hyphenation per language: German (Debian's hyphen-de, ISO 8859-1 patterns) hyphenates its
# capitalised compounds, umlauts and ß included; a language whose patterns are not installed
# is a warning naming the Debian package
german() {
  mkdir -p "$WORK/de/content" "$WORK/de/assets" && cp -r "$ROOT/assets/fonts" "$WORK/de/assets/fonts" &&
    printf 'title: Deutsch\nbase_url: "https://de.example"\nlanguage: de\n' >"$WORK/de/content/site.yaml" &&
    python3 -c '
import random
rng = random.Random(7)
words = ("Die Donaudampfschifffahrtsgesellschaft betreibt seit Jahren eine Verkehrsverbindung "
         "zwischen den St\u00e4dten und verbessert die Barrierefreiheit durch "
         "Modernisierungsma\u00dfnahmen und Fahrgastinformationssysteme").split()
print("---\ntitle: Text\n---")
for p in range(12):
    print(" ".join(rng.choice(words) for _ in range(60)) + ".\n")' >"$WORK/de/content/_index.md" &&
    "$BIN" build -C "$WORK/de" -o "$WORK/de/out" --pdf-only 2>"$WORK/de.err" && ! grep -q warning "$WORK/de.err" &&
    pdftotext -layout "$WORK"/de/out/*.pdf - | python3 -c '
import re, sys
compounds = {"Donaudampfschifffahrtsgesellschaft", "Verkehrsverbindung", "Barrierefreiheit",
             "Modernisierungsma\u00dfnahmen", "Fahrgastinformationssysteme"}
lines = [l.strip() for l in sys.stdin.read().splitlines() if l.strip()]
broken = set()
for a, b in zip(lines, lines[1:]):
    if a.endswith("-"):
        word = a.split()[-1][:-1] + b.split()[0]
        if word.rstrip(".") in compounds:
            broken.add(word.rstrip("."))
print(sorted(broken))
assert len(broken) >= 3, f"hyphenated compounds: {sorted(broken)}"
assert any("\u00df" in w or w[0].isupper() for w in broken)
print("1 passed, 0 failed")'
}
check hyphenation-german german
no_patterns() {
  ls /usr/share/hyphen/hyph_it* >/dev/null 2>&1 && { echo "hyphen-it is installed here: nothing to check"; return 0; }
  sed 's/^language: de/language: it/' "$WORK/de/content/site.yaml" >"$WORK/de/site-it.yaml" &&
    cp "$WORK/de/site-it.yaml" "$WORK/de/content/site.yaml" &&
    "$BIN" build -C "$WORK/de" -o "$WORK/de/out-it" --pdf-only 2>"$WORK/it.err"; cat "$WORK/it.err"
  grep -q "site.yaml:3:11: warning: no hyphenation patterns for language 'it' are installed.*hyphen-it" "$WORK/it.err"
}
check hyphenation-patterns-missing no_patterns

echo "pdf: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
