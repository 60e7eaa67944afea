#!/usr/bin/env bash
# rawhtml-tests.sh IMPRINT OUT - raw HTML in Markdown, in both outputs. The fixture
# tests/fixtures/rawhtml (pages written for Jekyll: markdown="1" asides as pull quotes, <img>,
# <details><summary>, an HTML table, <kbd>Ctrl</kbd>+<kbd>C</kbd>, x<sup>2</sup>, <br>, a
# comment, a <script>, malformed tags) is built twice. With markdown.unsafe false: neither the
# site's visible text nor the PDF's shows tag text, the Markdown inside the asides is rendered,
# and the build warns once a page, naming the setting. With it true: the site has the elements;
# the PDF has the asides' Markdown rendered and set larger (a pull quote), the kbd text, the
# details' summary and body, the table's cells, the image, and again no tag text. No sanitizer
# report. The PDF's pages are rendered to OUT/pdf-pages/rawhtml for a look.
source "$(dirname "$0")/tools/steps.sh" "$@"
FIX=$ROOT/tests/fixtures/rawhtml
mkdir -p "$OUT/pdf-pages/rawhtml"

# build NAME UNSAFE: the fixture with markdown.unsafe: UNSAFE into $WORK/NAME; stderr in
# $WORK/NAME.err, the PDF's text in $WORK/NAME.txt
build() {
  rm -rf "$WORK/$1-src" "$WORK/$1" && cp -r "$FIX" "$WORK/$1-src"
  sed -i "s/unsafe: false/unsafe: $2/" "$WORK/$1-src/content/site.yaml"
  grep -q "unsafe: $2" "$WORK/$1-src/content/site.yaml" || { echo "could not set unsafe: $2"; return 1; }
  "$BIN" build -C "$WORK/$1-src" -o "$WORK/$1" --quiet 2>"$WORK/$1.err"
  local rc=$?
  if grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$WORK/$1.err"; then
    echo "sanitizer report:"; cat "$WORK/$1.err"; return 1
  fi
  [ "$rc" -eq 0 ] || { echo "exit $rc"; cat "$WORK/$1.err"; return 1; }
  pdftotext "$WORK/$1/rawhtml.pdf" "$WORK/$1.txt"
}

# no_tag_text NAME: the visible text of every page (the HTML's text nodes, references decoded,
# without comments, scripts and styles) and the PDF's text show no tag, escaped or not
no_tag_text() {
  python3 - "$WORK/$1/site" "$WORK/$1.txt" <<'EOF'
import glob, html.parser, re, sys
class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0
    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)
tag = re.compile(r"</?[A-Za-z][^\s>]*|<!--|-->")
bad = []
for path in sorted(glob.glob(sys.argv[1] + "/**/index.html", recursive=True)):
    t = Text()
    t.feed(open(path, encoding="utf-8").read())
    text = " ".join(t.parts)
    bad += [f"{path}: {m}" for m in tag.findall(text)]
pdf = open(sys.argv[2], encoding="utf-8").read()
bad += [f"PDF: {m}" for m in tag.findall(pdf)]
for word in ("never shown", "editor's note", "markdown="):
    bad += [f"PDF: {word}"] if word in pdf else []
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
}

# pdf_has NAME TEXT...: the PDF's text (lines joined) holds every TEXT
pdf_has() {
  local name=$1; shift
  python3 - "$WORK/$name.txt" "$@" <<'EOF'
import sys
text = " ".join(open(sys.argv[1], encoding="utf-8").read().split())
missing = [w for w in sys.argv[2:] if w not in text]
print("\n".join("PDF lacks: " + w for w in missing))
sys.exit(1 if missing else 0)
EOF
}

ASIDE="Distributed teams ship faster when the build is boring."
TIGHT="Tight asides keep strong words too."
NOTE="A note with a link to the quotes in it."
CALLOUT="Styled in site.yaml: a callout set in the sans face."

# ---- markdown.unsafe: false (the default): raw HTML left out, one warning a page ----
check safe-build build safe false
check safe-no-tag-text no_tag_text safe
check safe-no-raw-html bash -c "! grep -l '<aside\|<kbd\|<details\|<table\|<img\|<script>' '$WORK/safe/site/quotes/index.html' '$WORK/safe/site/reference/index.html'"
check safe-comment-in-place grep -q '<!-- raw HTML omitted -->' "$WORK/safe/site/quotes/index.html"
check safe-warning-a-page bash -c "
  w='warning: raw HTML is left out: set markdown.unsafe: true in site.yaml to render it'
  [ \$(grep -c \"quotes\\.md:8:1: \$w\" '$WORK/safe.err') = 1 ] &&
  [ \$(grep -c \"reference\\.md:7:1: \$w\" '$WORK/safe.err') = 1 ] &&
  [ \$(grep -c 'raw HTML is left out' '$WORK/safe.err') = 2 ] || { cat '$WORK/safe.err'; exit 1; }"
check safe-markdown-inside pdf_has safe "$ASIDE" "$TIGHT" "$NOTE" "$CALLOUT"
check safe-markdown-inside-site bash -c "grep -q '<p><strong>Distributed teams</strong> ship <em>faster</em>' '$WORK/safe/site/quotes/index.html'"
check safe-no-stars bash -c "! grep -n '\*\*' '$WORK/safe.txt'"

# ---- markdown.unsafe: true: the site has the elements, the PDF renders the subset ----
check unsafe-build build unsafe true
check unsafe-no-warning bash -c "! grep 'raw HTML' '$WORK/unsafe.err'"
check unsafe-site-elements bash -c "
  q='$WORK/unsafe/site/quotes/index.html' r='$WORK/unsafe/site/reference/index.html'
  for want in '<aside class=\"pquote\">' '<p><strong>Distributed teams</strong>' '</aside>' \
      '<kbd>Ctrl</kbd>+<kbd>C</kbd>' 'x<sup>2</sup>' 'H<sub>2</sub>O.<br>' \
      '<img src=\"/assets/img/swatch.png\" alt=\"A striped swatch\" width=\"120\">'; do
    grep -qF \"\$want\" \"\$q\" || { echo \"quotes lacks: \$want\"; exit 1; }
  done
  for want in '<details>' '<summary>What the cache keeps</summary>' '<th>Engine</th>' \
      '<div class=\"note\">' '<a href=\"/quotes/\">' '<figcaption>'; do
    grep -qF \"\$want\" \"\$r\" || { echo \"reference lacks: \$want\"; exit 1; }
  done
  ! grep -l 'markdown=' \"\$q\" \"\$r\""
check unsafe-no-tag-text no_tag_text unsafe
check unsafe-pdf-text pdf_has unsafe "$ASIDE" "$TIGHT" "$NOTE" "$CALLOUT" "Press Ctrl+C to copy" \
  "What the cache keeps" "The cache keeps every page's key and its output." \
  Engine Speed cmark "fast & small" kramdown slower "Figure 1: a striped swatch" \
  "an unquoted attribute" "— and “curly quotes”."
check unsafe-no-stars bash -c "! grep -n '\*\*' '$WORK/unsafe.txt'"
check unsafe-images bash -c "[ \$(pdfimages -list '$WORK/unsafe/rawhtml.pdf' | tail -n +3 | wc -l) -ge 2 ]"
# the pull quote is set larger than the body text (word heights from pdftotext -bbox)
check unsafe-pull-quote python3 - "$WORK/unsafe/rawhtml.pdf" <<'EOF'
import re, subprocess, sys
xml = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True,
                     check=True).stdout
h = {}
for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', xml):
    h.setdefault(m[3], float(m[2]) - float(m[1]))
quote, body = h["Distributed"], h["Jekyll"]
assert quote > body * 1.15, f"pull quote words {quote:.1f} high, body {body:.1f}"
EOF
check unsafe-qpdf qpdf --check "$WORK/unsafe/rawhtml.pdf"
check unsafe-fonts fonts_embedded "$WORK/unsafe/rawhtml.pdf"
# a class's look in site.yaml: a bad value is an error at its position
bad_class() {
  sed -i 's/callout: {bar: true/callout: {size: 9, bar: true/' "$WORK/unsafe-src/content/site.yaml"
  "$BIN" build -C "$WORK/unsafe-src" -o "$WORK/bad" --quiet 2>"$WORK/bad.err"
  local rc=$?
  [ "$rc" -eq 1 ] || { echo "exit $rc, want 1"; cat "$WORK/bad.err"; return 1; }
  grep -Eq 'site\.yaml:10:21: pdf\.html_classes\.callout\.size: a number from 0\.5 to 3' "$WORK/bad.err" ||
    { cat "$WORK/bad.err"; return 1; }
}
check bad-class-look bad_class
rm -f "$OUT/pdf-pages/rawhtml/"*.png
check unsafe-png pdftoppm -r 60 -png "$WORK/unsafe/rawhtml.pdf" "$OUT/pdf-pages/rawhtml/page"

echo "rawhtml: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
