#!/usr/bin/env bash
# multilingual-tests.sh IMPRINT OUT - a site in three languages (tests/fixtures/multilingual:
# English, the default, German and French; translations by file name, guide/intro.de.md):
# the website's URLs, <html lang>, hreflang alternates (complete and reciprocal), language
# switcher, per-language feeds and sitemap (tests/tools/multilingual-check.py), html-validate
# and axe-core (screenshots in OUT/screenshots/multilingual); one PDF per language (NAME.pdf,
# NAME.de.pdf, NAME.fr.pdf) with the right /Lang and text; the errors a translation can have
# (a suffix that is no language, a broken anchor reached through a translated link), each at
# its position; incremental builds after a translation added or removed, a language removed,
# identical to clean ones; imprint serve with the PDFs of every language; and the fixture
# without languages, where a suffix is just part of a name.
source "$(dirname "$0")/tools/steps.sh" "$@"
source "$ROOT/tests/tools/node-env.sh"
FIX=$ROOT/tests/fixtures/multilingual
mkdir -p "$OUT"
# sane LOG: no sanitizer report in LOG
sane() { ! grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$1"; }

check build bash -c "'$BIN' build -C '$FIX' -o '$WORK/out' >'$WORK/build.log' 2>&1; rc=\$?; cat '$WORK/build.log'; [ \$rc -eq 0 ] && ! grep -q warning '$WORK/build.log'"
check build-sane sane "$WORK/build.log"
check site python3 "$ROOT/tests/tools/multilingual-check.py" "$WORK/out/site"
check html-validate bash "$ROOT/tests/tools/html-validate.sh" "$WORK/out/site"
# axe-core on every page, desktop and phone, with screenshots of a German chapter
check axe env SHOT_PAGE=/de/guide/intro/ node "$ROOT/tests/tools/serve-and-check.mjs" "$WORK/out/site" "$OUT/screenshots/multilingual"
rm -rf "$OUT/multilingual-site" && cp -r "$WORK/out/site" "$OUT/multilingual-site"

# ---- one PDF per language ----
check pdf-files bash -c "cd '$WORK/out' && ls field-guide.pdf field-guide.de.pdf field-guide.fr.pdf && [ ! -e field-guide.en.pdf ]"
for f in field-guide.pdf field-guide.de.pdf field-guide.fr.pdf; do
  check "qpdf-$f" qpdf --check "$WORK/out/$f"
  check "fonts-$f" fonts_embedded "$WORK/out/$f"
done
# pdf_is FILE LANG TITLE WORDS...: the document's /Lang, its Title (pdfinfo) and words of its
# text (pdftotext); every chapter in another language than the document's has its own /Lang
pdf_is() {
  local f=$WORK/out/$1 lang=$2 title=$3; shift 3
  pdfinfo "$f" | grep -qx "Title: *$title" || { pdfinfo "$f"; return 1; }
  pdftotext "$f" "$WORK/text" || return 1
  for w in "$@"; do grep -qF -- "$w" "$WORK/text" || { echo "no '$w' in $1"; return 1; }; done
  python3 - "$f" "$lang" <<'EOF'
import re, subprocess, sys
raw = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", sys.argv[1], "-"],
                     capture_output=True, check=True).stdout
def text(v):  # a PDF string: (de) or <feff0064...>
    v = v.decode("latin-1")
    return v[1:-1] if v.startswith("(") else bytes.fromhex(v[1:-1]).decode("utf-16-be").lstrip("\ufeff")
objs = [o for o in raw.split(b"endobj") if b"/Type /Catalog" in o]
catalog = objs and re.search(rb"/Lang (\([^)]*\)|<[0-9a-fA-F]*>)", objs[0])
assert catalog and text(catalog.group(1)) == sys.argv[2], f"document /Lang: {catalog and catalog.group(1)}"
print("document /Lang", sys.argv[2])
EOF
}
check pdf-en pdf_is field-guide.pdf en "Field Guide" "Welcome to the field guide." "1. Introduction" "These field notes exist in English only."
check pdf-en-only-english bash -c "pdftotext '$WORK/out/field-guide.pdf' - | grep -c 'Willkommen\|Bienvenue' | grep -qx 0"
check pdf-de pdf_is field-guide.de.pdf de "Feldführer" "Willkommen im Feldführer." "1. Einführung" "2. Einrichtung" "Die Kapitel des Leitfadens" "These field notes exist in English only."
check pdf-fr pdf_is field-guide.fr.pdf fr "Guide de terrain" "Bienvenue dans le guide de terrain." "1. Introduction au terrain" "Setting up takes three steps." "The chapters of the guide"
# an untranslated chapter (the English one in the German and French documents) is tagged en
check pdf-untranslated-lang bash -c "qpdf --qdf --object-streams=disable '$WORK/out/field-guide.de.pdf' - | grep -a -c '/Lang <feff0065006e>' | grep -qx 1"

# ---- errors: a suffix that is no language; a broken anchor in a translated link ----
cp -r "$FIX" "$WORK/bad"
printf -- '---\ntitle: Typo\n---\nText.\n' >"$WORK/bad/content/guide/setup.dee.md"
check suffix-error bash -c "! '$BIN' build -C '$WORK/bad' -o '$WORK/bad-out' 2>'$WORK/e'; cat '$WORK/e'; grep -qF \"content/guide/setup.dee.md:1:1: '.dee' in the file name names a translation, but 'dee' is not one of the site's languages (en, de, fr, declared at $WORK/bad/content/site.yaml:8:3); did you mean 'setup.de.md'?\" '$WORK/e'"
rm "$WORK/bad/content/guide/setup.dee.md"
printf -- '---\ntitle: Version 1.2\n---\nText.\n' >"$WORK/bad/content/guide/v1.2.md"
check version-not-a-translation bash -c "'$BIN' build -C '$WORK/bad' -o '$WORK/bad-out' --html-only --quiet && [ -f '$WORK/bad-out/site/guide/v1.2/index.html' ]"
# /guide/setup/#steps leads to the German page, which has no such heading: the link check
# says so at the link in the German file
printf '\nSee [the steps](/guide/setup/#steps).\n' >>"$WORK/bad/content/guide/intro.de.md"
check translated-anchor bash -c "! '$BIN' build -C '$WORK/bad' -o '$WORK/bad-out' --html-only 2>'$WORK/e'; cat '$WORK/e'; grep -qF \"content/guide/intro.de.md:14:17: broken link '/de/guide/setup/#steps' in /de/guide/intro/index.html: no element with that id\" '$WORK/e'"

# ---- incremental builds equal clean ones: a new translation (the pages whose links now lead
# to it), a translation removed (they lead to the original again), the original's title of a
# made-up section (the French one shows it), a translation's body, a language removed (its
# PDF too) ----
cp -r "$FIX" "$WORK/inc"
check inc-first "$BIN" build -C "$WORK/inc" -o "$WORK/inc-out" --quiet
# inc NAME: builds incrementally and clean, the two the same
inc() {
  "$BIN" build -C "$WORK/inc" -o "$WORK/inc-out" --quiet && rm -rf "$WORK/inc-clean" &&
    "$BIN" build -C "$WORK/inc" -o "$WORK/inc-clean" --quiet &&
    diff -r "$WORK/inc-out/site" "$WORK/inc-clean/site" &&
    diff <(cd "$WORK/inc-out" && ls ./*.pdf) <(cd "$WORK/inc-clean" && ls ./*.pdf) &&
    for f in "$WORK"/inc-clean/*.pdf; do cmp "$f" "$WORK/inc-out/${f##*/}" || return 1; done
}
printf -- '---\ntitle: Mise en place\nweight: 20\n---\nTrois étapes.\n' >"$WORK/inc/content/guide/setup.fr.md"
check inc-new-translation inc
check inc-link-follows grep -q 'href="/fr/guide/setup/"' "$WORK/inc-out/site/fr/guide/intro/index.html"
rm "$WORK/inc/content/guide/setup.de.md"
check inc-translation-removed inc
check inc-link-falls-back grep -q 'href="/guide/setup/"' "$WORK/inc-out/site/de/guide/intro/index.html"
sed -i 's/^title: The Guide$/title: The Whole Guide/' "$WORK/inc/content/guide/_index.md"
check inc-original-title inc
check inc-made-up-title grep -q '<h1>The Whole Guide</h1>' "$WORK/inc-out/site/fr/guide/index.html"
printf '\nNoch ein Satz.\n' >>"$WORK/inc/content/guide/intro.de.md"
check inc-translation-body inc
# French gone: its pages, feed and PDF go too
rm "$WORK"/inc/content/*.fr.md "$WORK"/inc/content/guide/*.fr.md
check inc-language-gone inc
check inc-language-gone-pdf bash -c "[ ! -e '$WORK/inc-out/field-guide.fr.pdf' ] && [ ! -e '$WORK/inc-out/site/fr' ]"
check pdf-up-to-date bash -c "'$BIN' build -C '$FIX' -o '$WORK/out' 2>&1 | grep -q 'nothing changed'"

# ---- imprint serve: every language's PDF is served, the PDF page links them ----
check serve python3 - "$BIN" "$FIX" <<'EOF'
import re, subprocess, sys, time, urllib.request
p = subprocess.Popen([sys.argv[1], "serve", "-C", sys.argv[2], "--port", "0"],
                     stderr=subprocess.PIPE, text=True)
try:
    port, end = None, time.time() + 120
    while time.time() < end:
        line = p.stderr.readline()
        print(line, end="")
        m = re.search(r"at http://[^:]+:(\d+)/", line)
        port = port or (m and m.group(1))
        if "typeset" in line or "failed" in line:
            break
    assert port and "field-guide.pdf, field-guide.de.pdf, field-guide.fr.pdf" in line, line
    get = lambda path: urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10)
    for name in ("field-guide.pdf", "field-guide.de.pdf", "field-guide.fr.pdf"):
        r = get("/" + name)
        assert r.status == 200 and r.read(5) == b"%PDF-", name
    page = get("/__imprint/pdf").read().decode()
    assert 'src="/field-guide.pdf"' in page and 'href="/field-guide.de.pdf"' in page, page
    assert get("/de/guide/intro/").status == 200
finally:
    p.send_signal(2)
    p.wait(30)
EOF

# ---- without languages: a suffix is part of the page's name, as it always was ----
cp -r "$FIX" "$WORK/mono"
sed -i '/^languages:/,/^  fr:/d' "$WORK/mono/content/site.yaml"
check mono-build "$BIN" build -C "$WORK/mono" -o "$WORK/mono-out" --quiet
check mono-urls bash -c "[ -f '$WORK/mono-out/site/guide/intro.de/index.html' ] && [ ! -e '$WORK/mono-out/site/de' ] && ls '$WORK/mono-out'/*.pdf | wc -l | grep -qx 1"
check mono-no-alternates none_match 'hreflang\|language-switcher\|xhtml:link' "$WORK/mono-out/site/index.html" "$WORK/mono-out/site/guide/intro/index.html" "$WORK/mono-out/site/sitemap.xml"

echo "multilingual: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
