#!/usr/bin/env bash
# pdfua-tests.sh IMPRINT OUT - accessible, archival PDFs (issue 16): every PDF imprint makes
# from the demo content and the fixtures (the whitepaper, every example report, the stress,
# real-world, notes, raw HTML, alignment and mini sites, the multilingual and five-language sites' PDF in each
# language, the second report domain) is
# validated by veraPDF, the reference validator, for PDF/UA-1 and PDF/A-2a, and prints the
# rule counts; a site with pdf.tagged: false is PDF/A-2u and untagged. The whitepaper's and
# the real-world site's structure (pdfinfo -struct-text) reads in the Markdown's order with no
# running header or footer in it. An image without alt text is a warning at its
# file:line:col, an error under pdf.strict; two builds are byte-identical; a report PDF stays
# under 150 KB.
source "$(dirname "$0")/tools/steps.sh" "$@"
mkdir -p "$OUT"
san_clean() { ! grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$1"; }

# ---- the PDFs: demo content, reports, fixtures ----
build() { # build NAME SITE_DIR: the site's PDF into $WORK/NAME/
  "$BIN" build -C "$2" -o "$WORK/$1" --pdf-only --quiet 2>"$WORK/$1.err" && san_clean "$WORK/$1.err" ||
    { cat "$WORK/$1.err"; return 1; }
}
check build-demo build demo "$ROOT"
check build-demo-again build demo2 "$ROOT"
check reproducible cmp "$WORK"/demo/*.pdf "$WORK"/demo2/*.pdf
# multilingual: one PDF per language, chapters in another language than the document's;
# languages: Arabic (right to left) and Japanese (a CFF font from fonts-noto-cjk) among them
for fx in stress realworld notes rawhtml align mini multilingual languages; do
  check "build-$fx" build "$fx" "$ROOT/tests/fixtures/$fx"
done
reports() { # reports NAME SITE PROFILES
  "$BIN" report -C "$2" -o "$WORK/$1" "$3" --quiet 2>"$WORK/$1.err" && san_clean "$WORK/$1.err" ||
    { cat "$WORK/$1.err"; return 1; }
}
check reports-demo reports rep "$ROOT" "$ROOT/content/profiles"
check reports-domain2 reports rep2 "$ROOT/tests/fixtures/report-model" \
  "$ROOT/tests/fixtures/report-model/content/profiles"
mapfile -t PDFS < <(ls "$WORK"/demo/*.pdf "$WORK"/{stress,realworld,notes,rawhtml,align,mini,multilingual,languages}/*.pdf \
  "$WORK"/rep/*/report.pdf "$WORK"/rep2/*/report.pdf 2>/dev/null)
check pdf-count test "${#PDFS[@]}" -ge 20
check tagged-all bash -c 'for f in "$@"; do pdfinfo "$f" | grep -q "^Tagged: *yes" || { echo "untagged: $f"; exit 1; }; done' _ "${PDFS[@]}"
# veraPDF: 0 failed rules, and the counts printed
validate() { # validate FLAVOUR: every PDF, the counts kept in OUT/verapdf-FLAVOUR.txt
  bash "$ROOT/tests/tools/verapdf.sh" "$1" "${PDFS[@]}" >"$OUT/verapdf-$1.txt"
  local rc=$?
  sed "s|$WORK/||" "$OUT/verapdf-$1.txt"
  return $rc
}
check verapdf-ua1 validate ua1
check verapdf-pdfa-2a validate 2a
grep -h "rules passed" "$OUT"/verapdf-ua1.txt "$OUT"/verapdf-2a.txt | sed "s|$WORK/||; s/^/     /"

# ---- structure in reading order ----
check struct-order-demo python3 "$ROOT/tests/tools/struct-order.py" "$WORK"/demo/*.pdf "$ROOT/content"
check struct-order-realworld python3 "$ROOT/tests/tools/struct-order.py" "$WORK"/realworld/*.pdf \
  "$ROOT/tests/fixtures/realworld/content"
check struct-order-notes python3 "$ROOT/tests/tools/struct-order.py" "$WORK"/notes/*.pdf \
  "$ROOT/tests/fixtures/notes/content"
# the parts of the structure: headings, lists, tables with scoped header cells, figures with
# alternative text, links with their annotations, notes, the contents
check struct-kinds python3 - "$WORK"/realworld/*.pdf "$WORK"/demo/*.pdf <<'EOF'
import re, subprocess, sys
s = "".join(subprocess.run(["pdfinfo", "-struct", f], capture_output=True, text=True,
                           check=True).stdout for f in sys.argv[1:])
kinds = set(re.findall(r"^\s*(\w+)", s, re.M))
want = {"Document", "Part", "Sect", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "THead",
        "TBody", "TR", "TH", "TD", "Figure", "Link", "Note", "Reference", "Code", "TOC", "TOCI"}
missing = want - kinds
assert not missing, f"missing structure types: {sorted(missing)}"
assert "/Scope" in s, "no TH /Scope"
print("1 passed, 0 failed")
EOF
figures() { # figures PDF: every Figure has alternative text; prints them
  qpdf --json=2 --json-key=qpdf "$1" | python3 -c '
import json, sys
objs = json.load(sys.stdin)["qpdf"][1]
alts = [v["value"].get("/Alt") for v in objs.values()
        if isinstance(v, dict) and isinstance(v.get("value"), dict) and v["value"].get("/S") == "/Figure"]
for a in alts:
    print(a)
assert alts, "no Figure"
assert all(a and a.startswith("u:") and len(a) > 3 for a in alts), "a Figure without /Alt"
'
}
export -f figures
check figure-alt-realworld figures "$WORK"/realworld/*.pdf
# a chart's alternative text states its data
check figure-alt-chart bash -c 'figures "$1" | grep -E "^u:Bar chart, .*: .*[0-9]"' _ "$WORK"/demo/*.pdf
# ---- untagged: pdf.tagged false gives PDF/A-2u with no structure ----
untagged() {
  cp -rL "$ROOT/tests/fixtures/notes" "$WORK/plain" && mkdir -p "$WORK/plain/assets" &&
    cp -r "$ROOT/assets/fonts" "$WORK/plain/assets/fonts" &&
    printf '  tagged: false\n' >>"$WORK/plain/content/site.yaml" &&
    grep -q '^pdf:' "$WORK/plain/content/site.yaml" && build plain-out "$WORK/plain" &&
    pdfinfo "$WORK"/plain-out/*.pdf | grep -q '^Tagged: *no' &&
    bash "$ROOT/tests/tools/verapdf.sh" 2u "$WORK"/plain-out/*.pdf
}
check untagged-pdfa-2u untagged

# ---- alternative text ----
alt_site() { # alt_site DIR [PDF-YAML]: one page with an image that has no alt text
  mkdir -p "$1/content" "$1/assets" && cp -r "$ROOT/assets/fonts" "$1/assets/fonts" &&
    cp "$ROOT/tests/fixtures/realworld/content/guide/img/png-rgb16.png" "$1/content/pic.png" &&
    printf 'title: Alt\nbase_url: "https://alt.example"\npdf:\n  body_size: 10\n%s' "${2:-}" >"$1/content/site.yaml" &&
    printf -- '---\ntitle: Pictures\n---\nA picture follows.\n\n![](/pic.png)\n\n![A tide chart](/pic.png)\n' >"$1/content/_index.md"
}
alt_warn() {
  alt_site "$WORK/alt" && "$BIN" build -C "$WORK/alt" -o "$WORK/alt/out" --pdf-only 2>"$WORK/alt.err" &&
    san_clean "$WORK/alt.err" && cat "$WORK/alt.err" &&
    grep -q "content/_index.md:6:1: warning: image '/pic.png' has no alt text" "$WORK/alt.err" &&
    ! grep -q "_index.md:8" "$WORK/alt.err" && ls "$WORK"/alt/out/*.pdf &&
    bash "$ROOT/tests/tools/verapdf.sh" ua1 "$WORK"/alt/out/*.pdf
}
check alt-missing-warns alt_warn
alt_strict() {
  alt_site "$WORK/alts" $'  strict: true\n' &&
    ! "$BIN" build -C "$WORK/alts" -o "$WORK/alts/out" --pdf-only 2>"$WORK/alts.err" &&
    san_clean "$WORK/alts.err" && cat "$WORK/alts.err" &&
    grep -q "content/_index.md:6:1: image '/pic.png' has no alt text (pdf.strict" "$WORK/alts.err" &&
    ! ls "$WORK"/alts/out/*.pdf 2>/dev/null
}
check alt-missing-strict-error alt_strict

# ---- a page (front matter language) or a passage in another language: the page's <html
# lang> (and dir="rtl" for Arabic), the PDF chapter's or element's /Lang ----
lang_passage() {
  mkdir -p "$WORK/lang/content" "$WORK/lang/assets" && cp -r "$ROOT/assets/fonts" "$WORK/lang/assets/fonts" &&
    printf 'title: Lang\nbase_url: "https://lang.example"\nlanguage: en\nmarkdown:\n  unsafe: true\n' >"$WORK/lang/content/site.yaml" &&
    printf -- '---\ntitle: Greetings\n---\nHello, this page is in English.\n\n<div lang="fr-CA" markdown="1">\n\nBonjour, ce passage est en fran\xc3\xa7ais.\n\n</div>\n' >"$WORK/lang/content/_index.md" &&
    printf -- '---\ntitle: Deutsch\nlanguage: de\n---\nEin Absatz auf Deutsch.\n' >"$WORK/lang/content/de.md" &&
    printf -- '---\ntitle: Arabisch\nlanguage: ar\n---\n\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7.\n' >"$WORK/lang/content/ar.md" &&
    "$BIN" build -C "$WORK/lang" -o "$WORK/lang-site" --html-only --quiet &&
    grep -q '<html lang="en">' "$WORK/lang-site/site/index.html" &&
    grep -q '<html lang="de">' "$WORK/lang-site/site/de/index.html" &&
    grep -q '<html lang="ar" dir="rtl">' "$WORK/lang-site/site/ar/index.html" &&
    build lang-out "$WORK/lang" &&
    qpdf --json=2 --json-key=qpdf "$WORK"/lang-out/*.pdf | python3 -c '
import json, sys
objs = json.load(sys.stdin)["qpdf"][1]
vals = [v["value"] for v in objs.values() if isinstance(v, dict) and isinstance(v.get("value"), dict)]
cat = [v for v in vals if v.get("/Type") == "/Catalog"][0]
assert cat.get("/Lang") == "u:en", cat.get("/Lang")
divs = [v for v in vals if v.get("/S") == "/Div"]
assert any(d.get("/Lang") == "u:fr-CA" for d in divs), divs
sects = sorted(str(v.get("/Lang")) for v in vals if v.get("/S") == "/Sect")
assert sects == ["None", "u:ar", "u:de"], sects
print("document en, the passage fr-CA, the pages de and ar")
' && bash "$ROOT/tests/tools/verapdf.sh" ua1 "$WORK"/lang-out/*.pdf
}
check lang-passage lang_passage

# ---- size: a client report under 150 KB ----
check report-size bash -c 'for f in "$@"; do s=$(stat -c %s "$f"); echo "$s $f"; [ "$s" -lt 153600 ] || exit 1; done' _ "$WORK"/rep/*/report.pdf

echo "pdfua: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
