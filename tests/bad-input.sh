#!/usr/bin/env bash
# bad-input.sh IMPRINT - each bad input gives "file:line:col: message", exit 1,
# and leaves the previous output/site untouched with no temporary files left.
set -uo pipefail
BIN=$(realpath "$1")
FIX=$(realpath "$(dirname "$0")/fixtures/mini")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
passed=0 failed=0

ASSETS=$(realpath "$(dirname "$0")/../assets")
# a fresh copy of the fixture, with the PDF fonts so that builds make the PDF too
fresh() { rm -rf "$WORK/site" && cp -r "$FIX" "$WORK/site" && cp -r "$ASSETS/fonts" "$WORK/site/assets/fonts"; }
snapshot() { (cd "$WORK/out" && find . -type f | sort | xargs sha256sum) 2>/dev/null; }

# A first good build whose output every failing case must leave alone.
fresh
"$BIN" build -C "$WORK/site" -o "$WORK/out" --quiet || { echo "good build failed"; exit 1; }
before=$(snapshot)

# case NAME REGEX SETUP-COMMAND: apply SETUP to a fresh copy, expect failure with REGEX on stderr
case_() {
  local name=$1 want=$2 setup=$3 cmd=${4:-build}
  fresh
  (cd "$WORK/site" && eval "$setup")
  local args=(build -C "$WORK/site" -o "$WORK/out" --quiet)
  [ "$cmd" = check ] && args=(check -C "$WORK/site")
  [ "$cmd" = check-strict ] && args=(check -C "$WORK/site" --strict)
  env ${CASE_ENV:-} "$BIN" "${args[@]}" >"$WORK/stdout" 2>"$WORK/stderr"
  local rc=$?
  local ok=1 why=""
  [ $rc -eq 1 ] || { ok=0; why="exit $rc, want 1"; }
  grep -Eq -- "$want" "$WORK/stderr" || { ok=0; why="$why; stderr lacks /$want/"; }
  [ -n "${NOT:-}" ] && grep -Eq -- "$NOT" "$WORK/stderr" && { ok=0; why="$why; stderr has /$NOT/"; }
  grep -q 'AddressSanitizer\|runtime error' "$WORK/stderr" && { ok=0; why="$why; sanitizer report"; }
  [ "$(snapshot)" = "$before" ] || { ok=0; why="$why; previous output changed"; }
  ls -a "$WORK/out" | grep -Eq '^\.(site-|imprint-stage-|imprint-journal)' && { ok=0; why="$why; temporary folder or journal left behind"; }
  if [ $ok -eq 1 ]; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name: $why"; sed 's/^/     | /' "$WORK/stderr"; fi
}

P=content/docs/first.md
case_ front-matter-yaml "first\.md:[34]:[0-9]+: YAML: did not find expected" "sed -i '3s/.*/weight: [1, 2/' $P"
case_ front-matter-unclosed "first\.md:1:1: front matter .*no closing" "sed -i '6d' $P"
case_ front-matter-type "first\.md:3:9: 'weight' must be a number" "sed -i '3s/.*/weight: heavy/' $P"
case_ missing-title "second\.md:[0-9]+:1: missing required key 'title'" "sed -i '/^title:/d' content/docs/second.md"
case_ data-yaml "prices\.yaml:1[0-9]:[0-9]+: YAML" "echo 'extra: [1, 2' >> content/data/prices.yaml"
case_ data-duplicate-key "prices\.yaml:3:1: duplicate key 'source'" "sed -i '2a source: twice' content/data/prices.yaml"
case_ table-schema "prices\.yaml:5:5: column needs a 'label'" "sed -i 's/{key: rate, label: Rate, prefix: \"\\\$\"}/{key: rate}/' content/data/prices.yaml"
case_ table-cell "prices\.yaml:[0-9]+:[0-9]+: row has a cell 'bogus'" "sed -i 's/note: plain text/bogus: 1/' content/data/prices.yaml"
case_ config-yaml "site\.yaml:[0-9]+:[0-9]+: YAML" "echo 'other: {main: [' >> content/site.yaml"
case_ yaml-tab "site\.yaml:[0-9]+:1: YAML: found character that cannot start any token.*\(a tab: YAML does not allow tabs for indentation; use spaces\)" "printf 'extra:\\n\\tkey: 1\\n' >> content/site.yaml"
# libyaml's messages with plain words, at the mistake rather than where libyaml noticed it
case_ yaml-unclosed-quote "site\.yaml:9:9: YAML: found unexpected end of stream .*\(a quoted string that starts here is never closed\)" "printf 'brand:\\n  name: \\\"X\\n' >> content/site.yaml"
case_ yaml-missing-colon "site\.yaml:9:3: YAML: mapping values are not allowed .*\(this line has no ':' after its key, so it runs on into the next\)" "printf 'brand:\\n  name X\\n  logo: a.png\\n' >> content/site.yaml"
case_ yaml-colon-in-value "site\.yaml:8:21: YAML: mapping values are not allowed .*\(a ': ' inside a value: put the value in quotes\)" "printf 'description: Node.js: the good parts\\n' >> content/site.yaml"
case_ yaml-over-indented "site\.yaml:10:10: YAML: mapping values are not allowed .*\(is this line indented deeper than the keys above it" "printf 'brand:\\n  name: X\\n   colors: {}\\n' >> content/site.yaml"
case_ config-missing "site\.yaml: missing site config" "rm content/site.yaml"
case_ unknown-table "first\.md:11:1: unknown data table 'nope'" "sed -i 's/table prices/table nope/' $P"
case_ chart-option "first\.md:15:1: unknown chart option 'bogus' \(allowed: title, rows, series, value, label\)" "sed -i '14a bogus: 1' $P"
case_ directive-no-name "first\.md:11:1: table directive needs a data file name" "sed -i 's/table prices/table/' $P"
case_ missing-partial "partials/nope.*not found" "sed -i 's/{{> partials\\/header}}/{{> partials\\/nope}}/' layouts/base.html"
case_ partial-symlink-escape "partials/etc/passwd: this template leads outside .*layouts \(through a symbolic link\)" "ln -s /etc layouts/partials/etc && sed -i 's/{{> partials\\/header}}/{{> partials\\/etc\\/passwd}}/' layouts/base.html"
case_ recursive-partial "header\.html:2:1: partial recursion too deep: .*partials/header -> partials/header" "echo '{{> partials/header}}' >> layouts/partials/header.html"
# the real cause once, not followed by a bogus "no layout 'page'"
NOT="no layout" case_ template-syntax "page\.html:[0-9]+:1: unclosed section 'open'" "echo '{{#open}}' >> layouts/page.html"
case_ template-triple-brace "page\.html:[0-9]+:1: unclosed tag: '\{\{\{' needs '\}\}\}' before '\}\}'" "printf '{{{page.title}}\\n<p>{{{page.title}}}</p>\\n' >> layouts/page.html"
case_ yaml-alias-bomb "site\.yaml:[0-9]+:[0-9]+: YAML aliases expand to more than 1,000,000 values" "printf 'x0: &x0 [a, a, a, a, a, a, a, a, a, a]\\n' >> content/site.yaml; for i in 1 2 3 4 5 6 7 8 9; do printf \"x\$i: &x\$i [*x\$((i-1)), *x\$((i-1)), *x\$((i-1)), *x\$((i-1)), *x\$((i-1)), *x\$((i-1)), *x\$((i-1)), *x\$((i-1)), *x\$((i-1)), *x\$((i-1))]\\n\" >> content/site.yaml; done"
case_ yaml-nul "second\.md:2:8: a NUL character \(\\\\0\) is not allowed in text" "sed -i '2s/.*/title: \"Two\\\\0Evil\"/' content/docs/second.md"
case_ unknown-layout "first\.md:1:1: no layout 'fancy'" "sed -i '2a layout: fancy' $P"
case_ broken-link "first\.md:[23][0-9]:12: broken link '/nowhere/'" "echo 'See [gone](/nowhere/).' >> $P"
case_ broken-anchor "first\.md:[0-9]+:[0-9]+: broken link '#nope'.*no element with that id" "echo 'See [gone](#nope).' >> $P"
case_ broken-cross-page-anchor "first\.md:[0-9]+:[0-9]+: broken link '/docs/two/#nope'.*no element with that id" "echo 'See [gone](/docs/two/#nope).' >> $P"
# a near miss gets the page or id it probably meant
case_ broken-link-suggests-page "first\.md:[23][0-9]:12: broken link '/docs/too/' in /docs/first/index\.html: no such file in the built site; did you mean '/docs/two/'\?" "echo 'See [gone](/docs/too/).' >> $P"
case_ broken-anchor-suggests-id "first\.md:[23][0-9]:12: broken link '/docs/two/#part-tow' in /docs/first/index\.html: no element with that id; did you mean '#part-two'\?" "echo 'See [near](/docs/two/#part-tow).' >> $P"
case_ links-setting "site\.yaml:[0-9]+:8: links must be 'warn' or 'error' \(what a broken internal link is\), not 'sloppy'" "printf 'links: sloppy\n' >> content/site.yaml"
# the same broken href twice: each at its own place
case_ broken-link-twice "first\.md:[23][0-9]:28: broken link '/nowhere/'" "echo 'See [a](/nowhere/) and [b](/nowhere/).' >> $P"
# a Markdown link to a page's anchor, rewritten to the page's URL, still has its position
case_ broken-md-anchor "first\.md:[23][0-9]:[0-9]+: broken link '/docs/two/#part-tow' in /docs/first/index\.html: no element with that id; did you mean '#part-two'\?" "echo 'See [two](second.md#part-tow).' >> $P"
case_ broken-md-link "first\.md:[0-9]+:[0-9]+: link to 'missing\.md': no such page" "echo 'See [gone](missing.md).' >> $P"
case_ md-link-escape "first\.md:[0-9]+:[0-9]+: link '\.\./\.\./x\.md' points outside" "echo 'See [x](../../x.md).' >> $P"
case_ invalid-utf8 "first\.md:27:5: invalid UTF-8" "printf 'Bad \\xff byte\n' >> $P"
case_ invalid-utf8-front "second\.md:2:9: invalid UTF-8" "sed -i '2s/.*/title: \"\\xc3\\x28\"/' content/docs/second.md"
case_ slug-escape "second\.md:4:7: slug '\.\./\.\./etc' .*escape" "sed -i 's/^slug: two/slug: ..\\/..\\/etc/' content/docs/second.md"
case_ alias-escape "first\.md:5:[0-9]+: an alias must be a site path" "sed -i 's|/old/first/|/../../x/|' $P"
case_ duplicate-url "two\.md:1:1: page URL /docs/two/ is also" "printf -- '---\ntitle: Dup\n---\n' > content/docs/two.md"
# every output file has one owner
case_ alias-onto-page "first\.md:5:[0-9]+: the alias '/docs/two/' would write site/docs/two/index\.html, which is also written by the page \(.*second\.md:1:1\)" "sed -i 's|/old/first/|/docs/two/|' $P"
case_ alias-onto-sitemap "first\.md:5:[0-9]+: the alias '/sitemap\.xml/' would write site/sitemap\.xml/index\.html, a folder where there is a file of imprint's sitemap" "sed -i 's|/old/first/|/sitemap.xml/|' $P"
case_ alias-onto-404 "first\.md:5:[0-9]+: the alias '/404\.html' would write site/404\.html, which is also written by the 404 page" "sed -i 's|/old/first/|/404.html|' $P"
case_ file-onto-page "the page would write site/docs/two/index\.html, which is also written by the file \(.*content/docs/two/index\.html\)" "mkdir -p content/docs/two && echo '<p>mine</p>' > content/docs/two/index.html"
case_ file-onto-sitemap "content/sitemap\.xml: the file would write site/sitemap\.xml, which is also written by imprint's sitemap" "echo '<urlset/>' > content/sitemap.xml"
case_ page-folder-onto-file "sitemap\.xml\.md:1:1: the page would write site/sitemap\.xml/index\.html, a folder where there is a file of imprint's sitemap" "printf -- '---\\ntitle: Sitemap\\n---\\nText.\\n' > content/sitemap.xml.md"
case_ check-broken-link "first\.md:[0-9]+:[0-9]+: broken link" "echo 'See [gone](/nowhere/).' >> $P" check
# relative_urls rewrites links after they are checked: the error names the link as written, at its place
case_ relurl-broken-link "first\.md:[0-9]+:[0-9]+: broken link '/nowhere/'" "printf 'relative_urls: true\n' >> content/site.yaml; echo 'See [gone](/nowhere/).' >> $P"

# the PDF
case_ pdf-missing-image "first\.md:[23][0-9]:1: link to 'nope\.png': no such file \(content/docs/nope\.png\)" "printf '\n![alt](nope.png)\n' >> $P"
case_ pdf-bad-image "first\.md:[23][0-9]:1: image '/docs/bad\.png' cannot be read as PNG" "echo 'not a png' > content/docs/bad.png; printf '\n![alt](bad.png)\n' >> $P"
case_ pdf-remote-image "first\.md:[23][0-9]:1: image 'https://x\.org/a\.png': only local" "printf '\n![alt](https://x.org/a.png)\n' >> $P"
case_ pdf-missing-font "site\.yaml:[0-9]+:[0-9]+: pdf\.fonts\.body: font file 'assets/fonts/nope\.ttf' cannot be read" "printf 'pdf:\n  fonts: {body: assets/fonts/nope.ttf}\n' >> content/site.yaml"
# no fonts at all, and no built-in theme to take them from: the eight faces in
# one run, each naming its pdf.fonts key
CASE_ENV=IMPRINT_THEME= case_ pdf-no-fonts "site\.yaml: pdf\.fonts\.fallback: the default font file 'assets/fonts/DejaVuSans\.ttf' is not in the site and imprint's theme was not found" "rm -r assets/fonts"
CASE_ENV=IMPRINT_THEME= case_ pdf-no-fonts-one-run "imprint: 8 errors; nothing was written" "rm -r assets/fonts"
case_ pdf-not-a-font "site\.yaml: not a TrueType or OpenType font" "printf 'pdf:\n  fonts: {bold: content/site.yaml}\n' >> content/site.yaml"
case_ pdf-paper "site\.yaml:[0-9]+:[0-9]+: pdf\.paper must be a4 or letter" "printf 'pdf:\n  paper: a5\n' >> content/site.yaml"
case_ pdf-footnotes-place "site\.yaml:[0-9]+:[0-9]+: pdf\.footnotes\.place must be page or chapter; did you mean 'page'\?" "printf 'pdf:\n  footnotes: {place: pag}\n' >> content/site.yaml"
case_ pdf-footnotes-numbering "site\.yaml:[0-9]+:[0-9]+: pdf\.footnotes\.numbering must be chapter or document" "printf 'pdf:\n  footnotes: {numbering: 2}\n' >> content/site.yaml"
case_ pdf-colour "site\.yaml:[0-9]+:[0-9]+: brand colour 'primary' must be" "printf 'brand:\n  colors: {primary: blue}\n' >> content/site.yaml"
case_ pdf-logo "site\.yaml:[0-9]+:[0-9]+: brand\.logo 'nope\.png' is not a readable" "printf 'brand:\n  logo: nope.png\n' >> content/site.yaml"
# the PDF reads images, the logo and fonts only from the site folder
cp "$ASSETS/readme/pdf-cover-01.png" "$WORK/secret.png"
case_ pdf-image-outside "first\.md:[23][0-9]:1: image '/assets/\.\./\.\./secret\.png' is outside the site folder" "printf '\\n![x](/assets/../../secret.png)\\n' >> $P"
case_ pdf-logo-outside "site\.yaml:[0-9]+:[0-9]+: brand\.logo '\.\./secret\.png' is outside the site folder" "printf 'brand:\\n  logo: ../secret.png\\n' >> content/site.yaml"
# (a font installed on the system, under /usr/share/fonts/, may be named: pdf-tests.sh)
cp "$ASSETS/fonts/DejaVuSans.ttf" "$WORK/elsewhere.ttf"
case_ pdf-font-outside "site\.yaml:[0-9]+:[0-9]+: pdf\.fonts\.body '$WORK/elsewhere\.ttf' is outside the site folder" "printf 'pdf:\\n  fonts: {body: $WORK/elsewhere.ttf}\\n' >> content/site.yaml"
# a PDF-stage error points at the content that caused it
case_ pdf-block-too-tall "second\.md:1[0-9]:1: a block is taller than the page" "python3 -c \"open('content/docs/second.md','a').write('\\n\\n|a|b|c|d|e|f|\\n|-|-|-|-|-|-|\\n|' + ' '.join('w%d' % i for i in range(3000)) + '|x|x|x|x|x|\\n')\""
# limits: a link the PDF would repeat on every line, a line autolinking would copy for every link
case_ link-too-long "second\.md:1[0-9]:1: link destination of 400015 bytes; the limit is 8000" "python3 -c \"open('content/docs/second.md','a').write('\\n\\nwww.' + 'a' * 400000 + '.com\\n')\""
case_ autolink-line "second\.md:1[0-9]:1: a line of [0-9]+ bytes with 40000 bare links" "python3 -c \"open('content/docs/second.md','a').write('\\n\\n' + ' '.join('a%d@b.co' % i for i in range(40000)) + '\\n')\""
case_ pdf-name "pdf\.name '\.\./x' must be a file name" "printf 'pdf:\n  name: ../x\n' >> content/site.yaml"
# a site's language for fenced code (docs/highlighting.md), checked when the site loads
case_ highlight-language "layouts/highlight/ini\.yaml:4:22: unknown kind 'coment'; did you mean 'comment'\?" "mkdir -p layouts/highlight && printf 'name: INI\naliases: [ini]\nrules:\n  - {chars: =, kind: coment}\n' > layouts/highlight/ini.yaml"
case_ pdf-empty "nothing to typeset: no page has any text \(the PDF's chapters are the site's pages, or the home page alone" "rm -r content/docs; printf -- '---\ntitle: Only home\n---\n' > content/_index.md; sed -i '/^menus:/,\$d' content/site.yaml"

# errors in one pass: broken links in two pages, a bad data table and a front-matter error,
# all reported by the same run, each at its place
one_run() {
  fresh
  (cd "$WORK/site" && echo 'See [gone](/nowhere/).' >> $P && echo 'And [lost](/lost/).' >> content/docs/second.md &&
    sed -i 's/note: plain text/bogus: 1/' content/data/prices.yaml && sed -i '3s/.*/weight: heavy/' content/docs/second.md)
  "$BIN" build -C "$WORK/site" -o "$WORK/out" --quiet >/dev/null 2>"$WORK/stderr"
  local rc=$? why=""
  [ $rc -eq 1 ] || why="exit $rc, want 1"
  for want in "prices\.yaml:[0-9]+:[0-9]+: row has a cell 'bogus'" "second\.md:3:9: 'weight' must be a number"; do
    grep -Eq -- "$want" "$WORK/stderr" || why="$why; stderr lacks /$want/"
  done
  [ "$(snapshot)" = "$before" ] || why="$why; previous output changed"
  # the links of both pages, once the content loads: fix the two load errors, run again
  (cd "$WORK/site" && sed -i 's/bogus: 1/note: plain text/' content/data/prices.yaml && sed -i '3s/.*/weight: 2/' content/docs/second.md)
  "$BIN" build -C "$WORK/site" -o "$WORK/out" --quiet >/dev/null 2>"$WORK/stderr2"
  for want in "first\.md:[0-9]+:[0-9]+: broken link '/nowhere/'" "second\.md:[0-9]+:[0-9]+: broken link '/lost/'"; do
    grep -Eq -- "$want" "$WORK/stderr2" || why="$why; the second run lacks /$want/"
  done
  if [ -z "$why" ]; then passed=$((passed + 1)); echo "ok   errors-in-one-run"
  else failed=$((failed + 1)); echo "FAIL errors-in-one-run: $why"; sed 's/^/     | /' "$WORK/stderr" "$WORK/stderr2"; fi
}
one_run

# likely typos are warnings with a position and a suggestion; the build still publishes
warn_() {
  local name=$1 want=$2 setup=$3
  fresh
  (cd "$WORK/site" && eval "$setup")
  rm -rf "$WORK/warned"
  "$BIN" build -C "$WORK/site" -o "$WORK/warned" --quiet >"$WORK/stdout" 2>"$WORK/stderr"
  local rc=$? why=""
  [ $rc -eq 0 ] || why="exit $rc, want 0"
  grep -Eq -- "$want" "$WORK/stderr" || why="$why; stderr lacks /$want/"
  [ -f "$WORK/warned/site/index.html" ] || why="$why; nothing was published"
  if [ -z "$why" ]; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name: $why"; sed 's/^/     | /' "$WORK/stderr"; fi
}
warn_ front-matter-typo "first\.md:3:1: warning: unknown key 'wieght'; did you mean 'weight'\?" "sed -i 's/^weight:/wieght:/' $P"
warn_ front-matter-draft-typo "second\.md:[0-9]+:1: warning: unknown key 'darft'; did you mean 'draft'\?" "sed -i '2a darft: true' content/docs/second.md"
warn_ site-key-typo "site\.yaml:[0-9]+:3: warning: unknown key 'papr' in 'pdf'; did you mean 'paper'\?" "printf 'pdf:\n  papr: letter\n' >> content/site.yaml"
warn_ site-key-misplaced "site\.yaml:[0-9]+:1: warning: 'colors' is not read at the top level; indent it under 'brand:'" "printf 'colors:\n  primary: \"#123456\"\n' >> content/site.yaml"
warn_ directive-typo "first\.md:11:1: warning: .{3}tabel prices is shown as a code block: 'tabel' is not a directive; did you mean 'table'\?" "sed -i 's/table prices/tabel prices/' $P"
warn_ template-variable-typo "page\.html:[0-9]+:[0-9]+: warning: \{\{page\.titel\}\} is empty: there is no 'titel'; did you mean 'page\.title'\?" "sed -i 's/{{page.title}}/{{page.titel}}/' layouts/page.html"
warn_ template-site-typo "page\.html:[0-9]+:[0-9]+: warning: \{\{site\.autor\}\} is empty: there is no 'autor'; did you mean 'site\.author'\? \(found 2 times\)$" "echo '<p>{{site.autor}}</p>' >> layouts/page.html"
# strict: the same warnings are errors, and nothing is written
case_ strict-setting "first\.md:3:1: unknown key 'wieght'; did you mean 'weight'\?" "sed -i 's/^weight:/wieght:/' $P; printf 'strict: true\n' >> content/site.yaml"
case_ check-strict "site\.yaml:[0-9]+:3: unknown key 'papr' in 'pdf'" "printf 'pdf:\n  papr: letter\n' >> content/site.yaml" check-strict

# drafting: with --links=warn (or site.yaml's links: warn) a broken link is a warning with its
# position, and the build publishes, exit 0; a strict build after it checks the links again
drafting() {
  local name=$1 how=$2
  fresh
  echo 'See [gone](/nowhere/).' >> "$WORK/site/$P"
  local args=(build -C "$WORK/site" -o "$WORK/draft" --quiet)
  if [ "$how" = flag ]; then args+=(--links=warn); else printf 'links: warn\n' >> "$WORK/site/content/site.yaml"; fi
  rm -rf "$WORK/draft"
  "$BIN" "${args[@]}" >"$WORK/stdout" 2>"$WORK/stderr"
  local rc=$? why=""
  [ $rc -eq 0 ] || why="exit $rc, want 0"
  grep -Eq "first\.md:[23][0-9]:12: warning: broken link '/nowhere/'" "$WORK/stderr" || why="$why; no positioned warning"
  grep -q 'See <a href="/nowhere/">gone</a>' "$WORK/draft/site/docs/first/index.html" 2>/dev/null || why="$why; the page was not published"
  if [ "$how" = flag ]; then
    "$BIN" build -C "$WORK/site" -o "$WORK/draft" --quiet >/dev/null 2>"$WORK/stderr2"
    [ $? -eq 1 ] && grep -q "broken link '/nowhere/'" "$WORK/stderr2" || why="$why; the strict rebuild did not fail on the link"
  fi
  if [ -z "$why" ]; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name: $why"; sed 's/^/     | /' "$WORK/stderr"; fi
}
drafting links-warn-flag flag
drafting links-warn-setting setting

# usage errors exit 2
for args in "build --bogus" "frobnicate" "template" "build --html-only --pdf-only" "build --links=maybe" "report --schema x.yaml" "serve --port 70000"; do
  "$BIN" $args >/dev/null 2>&1; rc=$?
  if [ $rc -eq 2 ]; then passed=$((passed + 1)); echo "ok   usage: $args"
  else failed=$((failed + 1)); echo "FAIL usage: $args exited $rc, want 2"; fi
done
echo "bad_input: $passed passed, $failed failed"
[ $failed -eq 0 ]
