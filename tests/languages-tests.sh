#!/usr/bin/env bash
# languages-tests.sh IMPRINT OUT - world languages (issue 17) on tests/fixtures/languages, a
# site in English with German, French, Japanese and Arabic translations: it builds the site
# and one PDF per language with --strict (so a character no font has fails the build: the
# engine's coverage report), then checks each PDF's text in logical order, German compounds
# hyphenated, no Japanese line starting with a character kinsoku forbids, the Arabic
# paragraph starting at the right margin, every page's lang, dir and hreflang alternates, the
# passages in another language ([Deutsch]{lang=de}) as <span lang> and PDF Spans with /Lang,
# html-validate and axe-core on the site, and leaves screenshots of the Arabic and Japanese
# pages (browser and PDF) in OUT/screenshots/languages.
source "$(dirname "$0")/tools/steps.sh" "$@"
FX=$ROOT/tests/fixtures/languages
L=$OUT/languages
CHECK=$ROOT/tests/tools/languages-check.py
SHOTS=$OUT/screenshots/languages
rm -rf "$L" "$SHOTS" && mkdir -p "$L" "$SHOTS"
build() {
  "$BIN" build -C "$FX" -o "$L/out" --strict >"$WORK/build.log" 2>&1
  local rc=$?
  cat "$WORK/build.log"
  [ $rc -eq 0 ] && ! grep -q 'warning\|AddressSanitizer\|runtime error' "$WORK/build.log"
}
check build build
# imprint deps: the packages the content needs (make installs them for content/)
check deps bash -c 'diff <("$1" deps -C "$2") <(printf "%s\n" hyphen-en-us hyphen-de hyphen-fr fonts-noto-cjk)' _ "$BIN" "$FX"
check deps-demo bash -c 'diff <("$1" deps -C "$2") <(echo hyphen-en-us)' _ "$BIN" "$ROOT"
check one-pdf-per-language bash -c 'for l in "" .de .fr .ja .ar; do test -s "$1/lighthouse$l.pdf" || exit 1; done' _ "$L/out"
check logical-order python3 "$CHECK" order "$L/out" "$FX"
check german-hyphenated python3 "$CHECK" hyphenated "$L/out" "$FX"
check japanese-kinsoku python3 "$CHECK" kinsoku "$L/out" "$FX"
check arabic-right-margin python3 "$CHECK" rtl-margin "$L/out" "$FX"
# each PDF's catalog names its language (/Lang), as PDF/UA asks
check pdf-languages bash -c 'for l in de fr ja ar; do qpdf --json "$1/lighthouse.$l.pdf" | grep -q "\"/Lang\": \"u:$l\"" || { echo "$l: no /Lang"; exit 1; }; done' _ "$L/out"
check html-lang-dir-hreflang python3 "$CHECK" html "$L/out" "$FX"
check passage-languages python3 "$CHECK" spans "$L/out" "$FX"
check html-validate bash "$ROOT/tests/tools/html-validate.sh" "$L/out/site"
check axe-screenshots env SHOT_PAGE=/ar/review/,/ja/review/ node "$ROOT/tests/tools/serve-and-check.mjs" "$L/out/site" "$SHOTS"
pdf_shots() {
  for l in ar ja; do
    # the review chapter's first page: the page after the contents whose text has its title
    local n
    n=$(pdfinfo "$L/out/lighthouse.$l.pdf" | awk '/^Pages:/ {print $2}')
    pdftoppm -png -r 60 -f 3 -l "$n" "$L/out/lighthouse.$l.pdf" "$SHOTS/pdf-$l" || return 1
  done
  ls "$SHOTS"/pdf-ar-*.png "$SHOTS"/pdf-ja-*.png
}
check pdf-screenshots pdf_shots
echo "languages: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
