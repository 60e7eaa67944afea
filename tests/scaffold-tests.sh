#!/usr/bin/env bash
# scaffold-tests.sh IMPRINT OUT - a new user's first minutes: `imprint new` then
# `imprint build` works at once, with no warning and no demo wording; the site
# passes html-validate and the PDF the PDF checks; a site with only content/
# (a site.yaml and one page) builds site and PDF from the built-in theme; a
# site's own layout, stylesheet or one PDF face replaces the theme's; `make
# install` puts the theme where the installed binary finds it; `imprint new`
# never touches an existing folder; the new site writes a client report at once. The new site stays in OUT/new/mysite for
# the axe-core and screenshot step; its PDF's pages go to OUT/pdf-pages/new.
source "$(dirname "$0")/tools/steps.sh" "$@"
NEW=$OUT/new
rm -rf "$NEW" "$OUT/pdf-pages/new" && mkdir -p "$NEW" "$OUT/pdf-pages/new"
SITE=$NEW/mysite
# run NAME WANT-EXIT ARGS...: imprint with ARGS; stdout+stderr in $WORK/NAME.log
run() {
  local name=$1 want=$2; shift 2
  "$BIN" "$@" >"$WORK/$name.log" 2>&1
  local rc=$?
  cat "$WORK/$name.log"
  if grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$WORK/$name.log"; then return 1; fi
  [ "$rc" -eq "$want" ] || { echo "exit $rc, want $want"; return 1; }
}
# quiet_build NAME DIR: builds DIR, succeeding with no warning
quiet_build() {
  run "$1" 0 build -C "$2" || return 1
  ! grep -i 'warning' "$WORK/$1.log"
}

# ---- imprint new, then build ----
check new run new 0 new "$SITE" --title "Field Notes"
check new-files bash -c "cd '$SITE' && test -f content/site.yaml -a -f content/_index.md -a -f .gitignore \
  -a -f content/guide/getting-started.md -a -f content/data/published.yaml && grep -q '^title: \"Field Notes\"' content/site.yaml"
check new-builds quiet_build build "$SITE"
check new-checks-strict run check 0 check -C "$SITE" --strict
check new-html-validate bash "$ROOT/tests/tools/html-validate.sh" "$SITE/output/site"
check new-pdf-check python3 "$ROOT/tests/tools/pdf-check.py" "$SITE/output/handbook.pdf" --content "$SITE/content" \
  --expect-outline-from-content --png-dir "$OUT/pdf-pages/new"
check new-pdf-fonts fonts_embedded "$SITE/output/handbook.pdf"
check new-pdf-title bash -c "pdftotext -l 1 '$SITE/output/handbook.pdf' - | grep -q 'Field Notes'"
check new-directives bash -c "grep -q '<table' '$SITE/output/site/guide/tables-and-charts/index.html' && grep -q '<svg' '$SITE/output/site/guide/tables-and-charts/index.html'"
# the demo's words belong to the demo: none reach a new site or its PDF
demo_words='Python|Node\.js|Acquaint|Mukesh|2026 guide|The chapters|All rights reserved'
check new-no-demo-wording bash -c "! grep -rEl '$demo_words' '$SITE/output/site' && ! pdftotext '$SITE/output/handbook.pdf' - | grep -E '$demo_words'"
# opened from disk: the scaffold turns relative_urls on, so the stylesheet is found
check new-from-disk bash -c "grep -Eo 'href=\"[^\"]*site\.[0-9a-f]+\.css\"' '$SITE/output/site/guide/getting-started/index.html' | grep -q '\.\./\.\./assets/'"
check new-default-title bash -c "cd '$NEW' && '$BIN' new acme-api-docs >/dev/null && grep -q '^title: \"Acme api docs\"' acme-api-docs/content/site.yaml"

# a new site produces a client report at once: its small model (two options, two
# values, three rules, a section with a computed table) and its example profile
check new-report run report 0 report -C "$SITE" -o "$WORK/new-reports" "$SITE/content/profiles"
check new-report-files bash -c "for f in report.html report.pdf report.json; do [ -s '$WORK/new-reports/example-client/'\$f ] || exit 1; done"
check new-report-json python3 - "$WORK/new-reports/example-client/report.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["recommendation"] == "pdf" and r["scores"] == {"website": 0, "pdf": 3}, r["scores"]
assert r["values"]["reading_minutes"]["value"] == 120 * 3 and r["values"]["reading_hours"]["value"] == 6
assert [x["rule"] for x in r["reasons"]] == ["read-offline", "signed-off"]
assert r["sections"] == ["reading-time"]
EOF
check new-report-html-validate bash "$ROOT/tests/tools/html-validate.sh" "$WORK/new-reports"
check new-report-no-demo-wording bash -c "! grep -Eq '$demo_words' '$WORK/new-reports/example-client/report.html' && ! pdftotext '$WORK/new-reports/example-client/report.pdf' - | grep -Eq '$demo_words'"
check new-report-schema bash -c "'$BIN' report -C '$SITE' --schema | python3 -c 'import json,sys; s=json.load(sys.stdin); assert s[\"properties\"][\"readers\"][\"properties\"][\"pages\"][\"examples\"] == [40]'"

# ---- imprint new never touches what exists ----
before=$(cd "$SITE" && find . -type f ! -path './output/*' | sort | xargs sha256sum)
check new-refuses-non-empty bash -c "! '$BIN' new '$SITE' 2>'$WORK/e' && grep -q 'is not empty; imprint new writes only into a new or empty folder' '$WORK/e'"
check new-left-alone bash -c "[ \"\$(cd '$SITE' && find . -type f ! -path './output/*' | sort | xargs sha256sum)\" = '$before' ]"
touch "$NEW/a-file"
check new-refuses-file bash -c "! '$BIN' new '$NEW/a-file' 2>'$WORK/e' && grep -q 'exists and is not a folder' '$WORK/e'"
check new-bad-title bash -c "! '$BIN' new '$NEW/t' --title \"\$(printf 'a\\nb')\" 2>'$WORK/e' && grep -q 'control characters' '$WORK/e' && [ ! -e '$NEW/t' ]"
mkdir "$NEW/empty"
check new-into-empty bash -c "'$BIN' new '$NEW/empty' >/dev/null && test -f '$NEW/empty/content/site.yaml'"
check new-no-temp-left bash -c "! ls -a '$NEW' | grep -q 'imprint-new'"

# ---- a site with only content/: site.yaml and one page ----
ONLY=$WORK/only
mkdir -p "$ONLY/content"
printf 'title: Release notes\n' >"$ONLY/content/site.yaml"
printf -- '---\ntitle: Release notes\n---\n\nWhat changed, version by version.\n\n## Version 2\n\nFaster builds.\n' >"$ONLY/content/_index.md"
check only-content-builds quiet_build only "$ONLY"
check only-content-site bash -c "test -f '$ONLY/output/site/index.html' && ls '$ONLY/output/site/assets/css/' | grep -q '^site\.[0-9a-f]*\.css$'"
check only-content-pdf bash -c "pdftotext '$ONLY/output/document.pdf' - | grep -q 'Faster builds'"
check only-content-fonts fonts_embedded "$ONLY/output/document.pdf"

# ---- the site's own files replace the theme's, one by one ----
OWN=$WORK/own
cp -r "$SITE" "$OWN" && rm -rf "$OWN/output"
mkdir -p "$OWN/layouts/partials" "$OWN/assets/css" "$OWN/assets/fonts"
sed 's|</footer>|<p>own-footer-marker</p></footer>|' "$ROOT/layouts/partials/footer.html" >"$OWN/layouts/partials/footer.html"
{ cat "$ROOT/assets/css/site.css"; echo '/* own-css-marker */'; } >"$OWN/assets/css/site.css"
cp "$ROOT/assets/fonts/NotoSans-Regular.ttf" "$OWN/assets/fonts/MyBody.ttf"
printf '  fonts:\n    body: assets/fonts/MyBody.ttf\n' >>"$OWN/content/site.yaml"
check own-builds quiet_build own "$OWN"
check own-layout bash -c "grep -q own-footer-marker '$OWN/output/site/index.html' && grep -q 'class=\"site-header\"' '$OWN/output/site/index.html'"
check own-css bash -c "cat '$OWN'/output/site/assets/css/site.*.css | grep -q own-css-marker"
# one face replaced: the body is the site's font, the other seven still the theme's
check own-one-face bash -c "pdffonts '$OWN/output/handbook.pdf' > '$WORK/fonts' && ! grep -q 'NotoSerif-Regular' '$WORK/fonts' && grep -q 'NotoSerif-Italic' '$WORK/fonts' && grep -q 'NotoSans-Regular' '$WORK/fonts'"

# ---- a change to the theme rebuilds what shows it; no change, nothing ----
THEME=$WORK/theme INC=$WORK/inc
mkdir -p "$THEME" && cp -r "$ROOT/layouts" "$ROOT/assets" "$THEME/"
cp -r "$SITE" "$INC" && rm -rf "$INC/output"
check theme-build env IMPRINT_THEME="$THEME" "$BIN" build -C "$INC" --quiet
check theme-no-op bash -c "IMPRINT_THEME='$THEME' '$BIN' build -C '$INC' 2>&1 | grep -q 'nothing changed'"
sed -i 's|</footer>|<p>theme-edit-marker</p></footer>|' "$THEME/layouts/partials/footer.html"
check theme-edit-rebuilds bash -c "IMPRINT_THEME='$THEME' '$BIN' build -C '$INC' --quiet && grep -q theme-edit-marker '$INC/output/site/index.html' && grep -q theme-edit-marker '$INC/output/site/guide/getting-started/index.html'"
check theme-edit-matches-clean bash -c "IMPRINT_THEME='$THEME' '$BIN' build -C '$INC' -o '$WORK/inc-clean' --quiet && diff -r '$INC/output/site' '$WORK/inc-clean/site'"

# ---- installed: PREFIX/bin/imprint finds PREFIX/share/imprint ----
# BUILD relative to the repository, as make test names it: an absolute one would rewrite the
# objects' dependency files with absolute targets, which a later make no longer matches
check install make -s -C "$ROOT" install DESTDIR="$WORK/inst" PREFIX=/usr BUILD="$(realpath --relative-to="$ROOT" "$(dirname "$(dirname "$BIN")")")"
check install-theme bash -c "test -f '$WORK/inst/usr/share/imprint/layouts/base.html' -a -f '$WORK/inst/usr/share/imprint/assets/fonts/NotoSerif-Regular.ttf' -a ! -e '$WORK/inst/usr/share/imprint/assets/readme'"
check installed-new-build bash -c "cd '$WORK' && '$WORK/inst/usr/bin/imprint' new inst-site >/dev/null && '$WORK/inst/usr/bin/imprint' build -C inst-site --quiet && test -f inst-site/output/handbook.pdf -a -f inst-site/output/site/index.html"
# a binary copied alone has no theme: a content-only site says which layout is missing
cp "$WORK/inst/usr/bin/imprint" "$WORK/lonely"
check lonely-binary bash -c "! '$WORK/lonely' build -C '$ONLY' -o '$WORK/lonely-out' 2>'$WORK/e' && grep -q \"no layout 'home'\" '$WORK/e'"

echo "scaffold: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
