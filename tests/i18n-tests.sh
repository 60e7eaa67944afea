#!/usr/bin/env bash
# i18n-tests.sh IMPRINT OUT - imprint's own words in the reader's language (layouts/i18n/):
# the German fixture site (tests/fixtures/i18n: language de, one string reworded in its
# layouts/i18n/de.yaml, one page in French) built, its pages and PDF read back with grep and
# pdftotext for German words, the German dates and the override, and no English left;
# html-validate on it; a language without a table and a broken table, with their positions;
# a client report in its profile's language; every shipped table complete. The German PDF's
# first pages are rendered to PNG in OUT/i18n-pages for a look.
source "$(dirname "$0")/tools/steps.sh" "$@"
FIX=$ROOT/tests/fixtures/i18n
S=$WORK/de/site
mkdir -p "$OUT/i18n-pages"

# in FILE... every one of the fixed strings that follow FILE (-- separates them)
has_all() { # has_all FILE STRING...
  local f=$1; shift
  for s in "$@"; do grep -Fq -- "$s" "$f" || { echo "$f lacks: $s"; return 1; }; done
}
lacks_all() { # lacks_all FILE STRING...
  local f=$1; shift
  for s in "$@"; do ! grep -Fq -- "$s" "$f" || { echo "$f has: $s"; grep -Fn -- "$s" "$f"; return 1; }; done
}

# ---- the German site ----
# (built on 2026-03-30: the cover's date, whatever SOURCE_DATE_EPOCH make test exports)
check de-build bash -c "SOURCE_DATE_EPOCH=1774828800 '$BIN' build -C '$FIX' -o '$WORK/de' 2>'$WORK/de.err' && ! grep -q 'warning\|error' '$WORK/de.err' || { cat '$WORK/de.err'; exit 1; }"
check de-home has_all "$S/index.html" '<html lang="de">' '<p class="eyebrow">Inhalt</p>' \
  '<span>Von <strong>Greta Blatt</strong></span>' '<span>Herausgegeben von Teehaus Verlag</span>' \
  '<time datetime="2026-11-24">24. November 2026</time>' 'Inhalt: Anleitung' \
  '<a class="skip-link" href="#main">Zum Hauptinhalt springen</a>' 'aria-label="Hauptmenü"' \
  '<p>Verfasst von Greta Blatt. Herausgegeben von Teehaus Verlag.</p>' '>Atom-Feed<' \
  '<span class="site-byline">von Teehaus</span>'
check de-chapter has_all "$S/anleitung/wasser/index.html" \
  '<span class="pager-label">Weiterlesen</span>' 'aria-label="Vorheriges und nächstes Kapitel"' \
  '<p class="toc-title">Auf dieser Seite</p>' 'aria-label="Pfadnavigation"' '>Startseite</a>' \
  '<time datetime="2026-11-24">24. November 2026</time>' '<span>1 Min. Lesezeit</span>' \
  'aria-label="Link zu diesem Abschnitt: Die Temperatur"' 'aria-label="Erledigt"' \
  'aria-label="Offen"' 'aria-label="Zurück zum Text"'
# the site's de.yaml rewords next_chapter; the theme's previous_chapter stays
check de-override has_all "$S/anleitung/ziehzeit/index.html" \
  '<span class="pager-label">Vorheriges Kapitel</span>' '<span class="pager-label">Weiterlesen</span>' \
  '<time datetime="2026-03-01">1. März 2026</time>'
check de-section has_all "$S/anleitung/index.html" '<h2 class="list-heading">Kapitel</h2>'
check de-404 has_all "$S/404.html" '<title>Seite nicht gefunden · Teehaus</title>' \
  '<h1>Diese Seite wurde nicht gefunden</h1>' '>Zur Startseite</a>'
# a page in French (front matter language: fr) has French words and dates
check fr-page has_all "$S/anleitung/infusion/index.html" '<html lang="fr">' \
  '<time datetime="2026-05-01">1er mai 2026</time>' '<span class="pager-label">Chapitre précédent</span>' \
  '<span>Par Greta Blatt</span>'
english='Next chapter|Previous chapter|On this page|Skip to main content|min read|Written by|Published by|>Contents<|Breadcrumb|>Home<|Page not found|Link to this section|Back to content'
check de-no-english bash -c "! grep -rEn '$english' '$S' --include='*.html'"
check de-html-validate bash "$ROOT/tests/tools/html-validate.sh" "$S"

# the PDF: the site's language; a part (pdf.chapters names the section), the preface, the
# cover's labels and date, the contents, the running footer
pdftotext -layout "$WORK/de/handbuch.pdf" "$WORK/de.txt" 2>/dev/null
check de-pdf has_all "$WORK/de.txt" 'VERFASST VON' 'HERAUSGEGEBEN VON' '30. März 2026' 'Inhalt' \
  'Vorwort' 'TEIL I' 'Teil I: Anleitung' 'Seite 1 von' 'WHITEPAPER'
check de-pdf-no-english lacks_all "$WORK/de.txt" 'WRITTEN BY' 'PUBLISHED BY' 'Contents' 'Preface' \
  'PART I' 'Page 1 of' 'March'
check de-pdf-png pdftoppm -png -r 50 -f 1 -l 3 "$WORK/de/handbuch.pdf" "$OUT/i18n-pages/de"

# ---- a language without a table: English words and one warning, where site.yaml names it ----
cp -r "$FIX" "$WORK/pt" && sed -i 's/^language: de$/language: pt/' "$WORK/pt/content/site.yaml"
check pt-warning bash -c "'$BIN' build -C '$WORK/pt' -o '$WORK/pt/out' --html-only 2>'$WORK/pt.err'; grep -c 'no strings for the language' '$WORK/pt.err' | grep -qx 1 && grep -q 'content/site.yaml:6:11: warning: no strings for the language .pt.' '$WORK/pt.err' || { cat '$WORK/pt.err'; exit 1; }"
check pt-english has_all "$WORK/pt/out/site/anleitung/wasser/index.html" '<html lang="pt">' \
  '<span class="pager-label">Next chapter</span>' 'November 24, 2026'

# ---- a broken table: an error at its file:line:col, nothing written; a typo: a warning ----
cp -r "$FIX" "$WORK/bad" && printf -- '- contents\n- Inhalt\n' >"$WORK/bad/layouts/i18n/de.yaml"
check bad-table bash -c "! '$BIN' build -C '$WORK/bad' -o '$WORK/bad/out' 2>'$WORK/bad.err' && grep -q 'layouts/i18n/de.yaml:1:1: a string table must be a mapping of keys to strings' '$WORK/bad.err' && [ ! -e '$WORK/bad/out/site' ] || { cat '$WORK/bad.err'; exit 1; }"
printf 'next_chapter: "Weiterlesen"\nprevious_chaptr: "Zurück"\n' >"$WORK/bad/layouts/i18n/de.yaml"
check typo-warning bash -c "'$BIN' build -C '$WORK/bad' -o '$WORK/bad/out' --html-only 2>'$WORK/typo.err' && grep -q \"layouts/i18n/de.yaml:2:1: warning: unknown string 'previous_chaptr'; did you mean 'previous_chapter'?\" '$WORK/typo.err' || { cat '$WORK/typo.err'; exit 1; }"
check typo-strict bash -c "! '$BIN' build -C '$WORK/bad' -o '$WORK/bad/out2' --html-only --strict 2>/dev/null"

# ---- a client report in its profile's language (the schema gains a language field) ----
mkdir -p "$WORK/rep" && cp -r "$ROOT/content" "$WORK/rep/content"
sed -i 's/^  - {key: date, type: date, label: Date}$/&\n  - {key: language, type: string, default: "", label: Language}/' "$WORK/rep/content/data/profile.yaml"
sed -e 's/^date: .*/&\nlanguage: de/' -e 's/peak_rps: .*/peak_rps: 40000/' "$ROOT/content/profiles/ledgerly.yaml" >"$WORK/rep/de.yaml"
cp "$ROOT/content/profiles/tasklane.yaml" "$WORK/rep/en.yaml"
check report-run bash -c "'$BIN' report -C '$WORK/rep' -o '$WORK/rep/out' '$WORK/rep/de.yaml' '$WORK/rep/en.yaml' --quiet 2>'$WORK/rep.err' || { cat '$WORK/rep.err'; exit 1; }"
check report-de-html has_all "$WORK/rep/out/ledgerly/report.html" '<html lang="de">' \
  '<p class="eyebrow">Kundenbericht · Ledgerly</p>' '<dt>Erstellt für</dt>' '10. November 2026' \
  '<h2 id="empfehlung">Empfehlung' 'Konfidenz' 'Quelle:' '40.000' 'Projektprofil: Invoicing and billing SaaS'
pdftotext -layout "$WORK/rep/out/ledgerly/report.pdf" "$WORK/rep.txt" 2>/dev/null
check report-de-pdf has_all "$WORK/rep.txt" 'VERFASST VON' 'Inhalt' 'Seite 1 von' '10. November 2026' \
  '40.000'
check report-de-pdf-no-english lacks_all "$WORK/rep.txt" 'WRITTEN BY' 'Page 1 of' 'November 10, 2026'
check report-en-html has_all "$WORK/rep/out/tasklane/report.html" '<html lang="en">' \
  '<p class="eyebrow">Client report · Tasklane</p>' '<dt>Prepared for</dt>'
check report-html-validate bash "$ROOT/tests/tools/html-validate.sh" "$WORK/rep/out"

# ---- the shipped tables: every layout's {{i18n.KEY}} is English's, every table has every key ----
check tables-complete python3 - "$ROOT" <<'EOF'
import glob, os, re, sys, yaml
root = sys.argv[1]
tables = {os.path.basename(f)[:-5]: yaml.safe_load(open(f)) for f in glob.glob(f"{root}/layouts/i18n/*.yaml")}
en = tables["en"]
assert set(tables) >= {"en", "de", "fr", "es", "ja", "ar"}, sorted(tables)
for lang, t in tables.items():
    assert set(t) == set(en), f"{lang}.yaml: missing {sorted(set(en) - set(t))}, extra {sorted(set(t) - set(en))}"
    for k, v in t.items():
        assert isinstance(v, str) and (v.strip() or k.endswith('_separator')), f"{lang}.yaml: {k} is empty"
        names = set(re.findall(r"\{([a-z_]+)\}", v)) - {"month_num"}
        assert names <= set(re.findall(r"\{([a-z_]+)\}", en[k])), f"{lang}.yaml: {k} names {names}"
for f in glob.glob(f"{root}/layouts/**/*.*", recursive=True):
    if f.endswith((".html", ".md")):
        for key in re.findall(r"\{\{\{?i18n\.([a-z_0-9]+)", open(f).read()):
            assert key in en, f"{f}: i18n.{key} is not in en.yaml"
EOF

echo "i18n: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
