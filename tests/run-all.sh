#!/usr/bin/env bash
# run-all.sh BUILD_DIR - the whole suite, as `make test` runs it. Every step is
# one check; the last line is "total: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
BIN=$BUILD/san/imprint
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp # libhyphen's own leaks, in test_hyphen (tests/lsan.supp)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1774828800} TZ=UTC LC_ALL=C.UTF-8
source tests/tools/node-env.sh
SPEC=${MUSTACHE_SPEC:-tests/spec/mustache}
OUT=tests/out
rm -rf "$OUT" && mkdir -p "$OUT"
passed=0 failed=0 failures=()

step() { # step NAME COMMAND...: runs a check, logs to tests/out/NAME.log
  local name=$1; shift
  printf '%-28s ' "$name"
  if "$@" >"$OUT/$name.log" 2>&1; then
    passed=$((passed + 1)); echo "ok   $(grep -E '[0-9]+ passed, [0-9]+ failed' "$OUT/$name.log" | tail -1)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "FAIL (see $OUT/$name.log)"
    tail -n 25 "$OUT/$name.log" | sed 's/^/    /'
  fi
}

for t in "$BUILD"/san/tests/test_*; do
  [ -x "$t" ] || continue
  case $(basename "$t") in
    test_mustache_spec) step mustache-spec "$t" "$SPEC" ;;
    *) step "$(basename "$t")" "$t" ;;
  esac
done
step setup bash tests/setup-check.sh
step format bash tests/format-check.sh
step code-shape python3 tests/code-shape.py
step article-coverage python3 tests/article_coverage.py tests/article/python-vs-nodejs-backend-2026.txt content
step checker-selftest python3 tests/tools/pdf-check.py --selftest
step golden bash tests/golden/run.sh "$BIN"
step bad-input bash tests/bad-input.sh "$BIN"
step integrity bash tests/integrity.sh "$BIN"
step site-build bash -c "'$BIN' build -o '$OUT/a' && '$BIN' build -o '$OUT/b' --quiet && '$BIN' check"
step reproducible diff -r "$OUT/a/site" "$OUT/b/site"
step site-invariants python3 tests/tools/site-invariants.py "$OUT/a/site" content
step relative-urls python3 tests/tools/relative-urls.py "$BIN"
step parallel-identical bash -c "'$BIN' build -o '$OUT/j1' -j 1 --quiet --html-only && '$BIN' build -o '$OUT/j2' -j 2 --quiet --html-only && diff -r '$OUT/j1/site' '$OUT/j2/site'"
step incremental python3 tests/incremental.py "$BIN" --steps 25
step incremental-nested python3 tests/incremental.py "$BIN" --steps 30 --nested
step pdf bash tests/pdf-tests.sh "$BIN" "$OUT"
# footnotes at the foot of their pages (tests/fixtures/notes), page by page with pdftotext
step notes bash tests/notes-tests.sh "$BIN" "$OUT"
# every image format in the PDF (colours read back from the rendered pages) and on the site
step images bash tests/image-tests.sh "$BIN" "$OUT"
step realworld bash tests/realworld-tests.sh "$BIN" "$OUT"
# raw HTML in Markdown (tests/fixtures/rawhtml) with markdown.unsafe off and on, site and PDF
step rawhtml bash tests/rawhtml-tests.sh "$BIN" "$OUT"
# a site in three languages (tests/fixtures/multilingual): URLs, <html lang>, hreflang alternates,
# the language switcher, per-language feeds, sitemap and PDFs, html-validate, incremental builds
step multilingual bash tests/multilingual-tests.sh "$BIN" "$OUT"
# world languages (tests/fixtures/languages: English, German, French, Japanese, Arabic): one PDF
# each in logical order, German hyphenated, Japanese kinsoku, Arabic from the right margin,
# lang/dir/hreflang, html-validate, axe and screenshots of the Arabic and Japanese pages
step languages bash tests/languages-tests.sh "$BIN" "$OUT"
# tagged PDF/UA-1 and PDF/A-2a on every PDF, checked by veraPDF; structure in reading order;
# alt text warnings (tests/pdfua-tests.sh)
step pdfua bash tests/pdfua-tests.sh "$BIN" "$OUT/pdfua"
step pdf-memory python3 tests/tools/pdf-memory.py "$BUILD/imprint"
step linear-cost python3 tests/tools/linear-cost.py "$BUILD/imprint"
step typography bash tests/typo/assert.sh "$BIN" "$OUT/typo"
step reports bash tests/report-tests.sh "$BIN" "$OUT"
# imprint's own words in the reader's language (layouts/i18n/): a German site (tests/fixtures/i18n)
# and its PDF, a report in its profile's language, a missing or broken string table
step i18n bash tests/i18n-tests.sh "$BIN" "$OUT"
step profile-schema bash tests/profile-schema.sh "$BIN" "$OUT"
step html-validate bash tests/tools/html-validate.sh "$OUT/a/site"
# a short run of every fuzz target (make fuzz runs them longer)
step fuzz bash tests/fuzz/run.sh "$BUILD/fuzz" "${FUZZ_TEST_SECONDS:-20}"
step axe-screenshots node tests/tools/serve-and-check.mjs "$OUT/a/site" "$OUT/screenshots"
# a new user's site: imprint new, build, checks (scaffold-tests.sh keeps it in $OUT/new/mysite),
# then axe-core and screenshots of its home page and its tables-and-charts chapter
step scaffold bash tests/scaffold-tests.sh "$BIN" "$OUT"
step serve python3 tests/tools/serve-check.py "$BIN" "$OUT/serve"
step serve-e2e node tests/tools/serve-e2e.mjs "$BIN" "$OUT/serve-e2e"
step scaffold-axe-screenshots env SHOT_PAGE=/guide/tables-and-charts/ node tests/tools/serve-and-check.mjs "$OUT/new/mysite/output/site" "$OUT/screenshots/new"

echo
[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
echo "screenshots: $OUT/screenshots (a new site's: $OUT/screenshots/new); PDF pages: $OUT/pdf-pages"
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
