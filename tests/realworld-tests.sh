#!/usr/bin/env bash
# realworld-tests.sh IMPRINT OUT - real-world Markdown in both outputs (issue 15), on
# tests/fixtures/realworld: code in every shipped language highlighted on the site and in
# the PDF (tricky cases: comment markers in strings, raw strings, nested template
# literals, heredocs; line numbers and marked lines; an unknown language plain); raw HTML
# asides with Markdown inside and no tag text for readers; pictures of every kind drawn;
# footnotes at the foot of their reference's page; the PDF's structure (the home page's text a preface, each
# section a part of its pages, numbering and contents following; pdf.chapters choosing
# and ordering; an unknown entry an error with a suggestion), heading ids in every
# script (kept letters, links to them resolved on the site and in the PDF), task lists
# (checkboxes on the site, boxes in the PDF, no "[x]" text). The site and PDF stay in
# OUT/realworld; the PDF's pages as PNG in OUT/pdf-pages/realworld.
source "$(dirname "$0")/tools/steps.sh" "$@"
FX=$ROOT/tests/fixtures/realworld
R=$OUT/realworld
rm -rf "$R" "$OUT/pdf-pages/realworld" && mkdir -p "$R" "$OUT/pdf-pages/realworld"
# build NAME SITE_DIR: a build with no sanitizer report and no warning: the Japanese heading
# (guide/install.md) is drawn from the fallback chain's Noto Sans CJK (fonts-noto-cjk)
build() {
  "$BIN" build -C "$2" -o "$R/$1" >"$WORK/$1.log" 2>&1
  local rc=$?
  cat "$WORK/$1.log"
  ! grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$WORK/$1.log" &&
    ! grep -q 'warning' "$WORK/$1.log" && [ $rc -eq 0 ]
}
check build build out "$FX"
PDF=$R/out/tidewater.pdf
pdftotext -layout "$PDF" "$WORK/all.txt" 2>/dev/null
check preface-and-parts bash -c "python3 '$ROOT/tests/tools/pdf-contents.py' '$PDF' | diff - <(printf '%s\n' Preface 'Part I: Guide' '1. Installing Tidewater' '2. Shipping your first file' '3. What the screens look like' 'Part II: Reference' '4. Commands' '5. Settings' '6. Asides' '7. Configuration in every language')"
check part-pages-say-part bash -c "grep -q '^PART I$' '$WORK/all.txt' && grep -q '^PART II$' '$WORK/all.txt'"
check preface-text bash -c "grep -q 'This handbook is for the people who install and run Tidewater' '$WORK/all.txt'"
check cjk-heading-drawn grep -q '日本語' "$WORK/all.txt"
check part-introduction bash -c "grep -q 'Start here: install Tidewater, then ship your first file.' '$WORK/all.txt'"
check outline-nests-chapters-in-parts python3 - "$PDF" <<'X'
import re, subprocess, sys
qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", sys.argv[1], "-"], capture_output=True).stdout
count = len(re.findall(rb"/Parent", qdf))
assert b"Part I: Guide" in qdf or b"\xfe\xff" in qdf, "the outline names the part"
assert count >= 7, f"outline entries with parents: {count}"
X
# pdf.chapters: only what it lists, in its order; an unknown entry is an error with a suggestion
cp -r "$FX" "$WORK/listed"
python3 - "$WORK/listed/content/site.yaml" <<'X'
import sys
p = sys.argv[1]
s = open(p).read().replace("pdf:\n  name: tidewater\n", "pdf:\n  name: tidewater\n  chapters:\n    - /reference/settings/\n    - guide/install.md\n", 1)
open(p, "w").write(s)
X
check chapters-listed build listed "$WORK/listed"
check chapters-listed-order bash -c "python3 '$ROOT/tests/tools/pdf-contents.py' '$R/listed/tidewater.pdf' --depth 1 | diff - <(printf '1. Settings\n2. Installing Tidewater\n')"
sed -i 's|    - guide/install.md|    - guide/instal.md|' "$WORK/listed/content/site.yaml"
check chapters-unknown bash -c "! '$BIN' build -C '$WORK/listed' -o '$WORK/never' 2>'$WORK/e' && grep -q \"site.yaml:[0-9]*:7: pdf.chapters: no page or section 'guide/instal.md'; did you mean 'guide/install.md'?\" '$WORK/e'"
# ---- heading ids in every script ----
check ids-keep-letters bash -c "grep -q 'id=\"日本語の見出し\"' '$R/out/site/guide/install/index.html' && grep -q 'id=\"überblick\"' '$R/out/site/guide/install/index.html' && grep -q 'id=\"مقدمة-عامة\"' '$R/out/site/guide/install/index.html'"
check pdf-links-to-unicode-ids python3 - "$PDF" <<'X'
import subprocess, sys
qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", sys.argv[1], "-"], capture_output=True).stdout
# the two links to the Japanese and German headings jump inside the document: had
# their percent-encoded ids not matched the headings', they would be web links
assert b"/Subtype /Link" in qdf, "links are drawn"
for enc in (b"%E6%97%A5", b"%C3%BC"):
    assert enc not in qdf, f"a link to a heading of the document leaves it ({enc})"
X
# ---- task lists ----
check tasks-site bash -c "[ \$(grep -o '<input type=\"checkbox\" checked disabled aria-label=\"Done\">' '$R/out/site/guide/install/index.html' | wc -l) -eq 2 ] && [ \$(grep -o '<input type=\"checkbox\" disabled aria-label=\"To do\">' '$R/out/site/guide/install/index.html' | wc -l) -eq 1 ]"
check tasks-pdf-text bash -c "grep -q 'A machine that can reach the central store' '$WORK/all.txt' && ! grep -q '\[x\]\|\[ \]' '$WORK/all.txt'"
# ---- code: every shipped language highlighted on the site and in the PDF ----
check code-site-highlighted python3 - "$R/out/site/reference/languages/index.html" <<'X'
import re, sys
page = open(sys.argv[1]).read()
blocks = re.findall(r'<pre[^>]*><code class="language-([\w+-]+)"[^>]*>(.*?)</code></pre>', page, re.S)
langs = {l: b for l, b in blocks}
for lang in ("c", "cpp", "python", "javascript", "typescript", "go", "rust", "java", "sh", "sql", "yaml",
             "json", "html", "css", "diff", "dockerfile"):
    assert lang in langs, f"no {lang} block"
    assert 'class="hl-' in langs[lang], f"{lang} is not highlighted"
# tricky cases: comment markers inside strings stay strings, real comments are comments
# tricky cases (hl-st: a string, hl-co: a comment): comment markers inside strings stay
# strings, a comment's quotes stay comment, SQL's '' does not end the string
assert '<span class="hl-st">&quot;// not a comment&quot;</span>' in langs["c"], "C string with //"
assert '<span class="hl-co">/* a comment with &quot;quotes&quot; inside */</span>' in langs["c"], "C block comment"
assert re.search(r'<span class="hl-st">&quot;&quot;&quot;Send one file; &#39;# not a comment', langs["python"])
assert re.search(r'hl-st">s -- not a comment&#39;</span>', langs["sql"]), "SQL '' inside a string"
assert not re.search(r'hl-co">[^<]*not a comment', page), "a string taken for a comment"
assert '<span class="hl-co"># a real comment</span>' in langs["python"], "a real comment"
unknown = re.search(r'<code class="language-cobol"[^>]*>(.*?)</code>', page, re.S)
assert unknown and "hl-" not in unknown.group(1), "an unknown language is plain"
# line numbers and marked lines on request: {linenos=true hl_lines=[3, "5-6"]}
assert re.findall(r'data-ln="(\d+)"', langs["c"]) == [str(i) for i in range(1, 8)], "line numbers"
assert re.findall(r'class="hl-line hl-mark" data-ln="(\d+)"', langs["c"]) == ["3", "5", "6"], "marked lines"
X
check code-pdf-colours python3 - "$PDF" <<'X'
import re, subprocess, sys
qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", sys.argv[1], "-"], capture_output=True).stdout
colours = set(re.findall(rb"([0-9.]+ [0-9.]+ [0-9.]+) rg", qdf))
assert len(colours) >= 10, f"the code's token colours: {len(colours)} fill colours in the PDF"
text = subprocess.run(["pdftotext", "-layout", sys.argv[1], "-"], capture_output=True, text=True).stdout
for want in ('"// not a comment"', "r#\"a \"raw\" string\"#", "<<'EOF'", "DISPLAY \"HELLO\"."):
    assert want in text, want
X
# ---- raw HTML: asides with Markdown inside, no tag text for readers ----
check no-tag-text-site python3 - "$R/out/site" <<'X'
import html, os, re, sys
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".html"):
            page = open(os.path.join(root, f)).read()
            body = re.sub(r"<!--.*?-->", "", page.split("<main", 1)[-1], flags=re.S)
            visible = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", "", body, flags=re.S)))
            for tag in ("<aside", "<img", "</p>", "<details", "<kbd"):
                assert tag not in visible, f"{f}: visible tag text {tag}"
X
check no-tag-text-pdf bash -c "! grep -E '<aside|<img|</p>|<details|<kbd|\\*\\*' '$WORK/all.txt'"
check aside-markdown-rendered bash -c "grep -q 'Ship one file first, then the rest.' '$WORK/all.txt' && grep -q '<strong>one file</strong>' '$R/out/site/reference/asides/index.html'"
# ---- images: every kind drawn (the pages' pixels are compared in the golden step) ----
check images-drawn bash -c "[ \$(pdfimages -list '$PDF' | awk 'NR > 2 && \$3 == \"image\"' | wc -l) -ge 9 ]"
# ---- footnotes: each on the page of its reference ----
check notes-on-their-page python3 - "$PDF" <<'X'
import subprocess, sys
n = int(subprocess.run(["pdfinfo", sys.argv[1]], capture_output=True, text=True).stdout.split("Pages:")[1].split()[0])
for ref, note in (("never its name.", "A file called .jpg that holds a PNG"), ("on the website.", "The site serves the files unchanged")):
    pages = [i for i in range(1, n + 1) if ref in subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), sys.argv[1], "-"], capture_output=True, text=True).stdout]
    assert pages, ref
    text = subprocess.run(["pdftotext", "-f", str(pages[0]), "-l", str(pages[0]), sys.argv[1], "-"], capture_output=True, text=True).stdout
    assert note in text, f"the note '{note}' is not on page {pages[0]}, its reference's"
X
check pdf-pages pdftoppm -r 50 -png "$PDF" "$OUT/pdf-pages/realworld/page"
check html-validate bash "$ROOT/tests/tools/html-validate.sh" "$R/out/site"
echo "realworld: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
