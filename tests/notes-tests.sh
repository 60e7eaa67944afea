#!/usr/bin/env bash
# notes-tests.sh IMPRINT OUT - the PDF's footnotes end to end, on tests/fixtures/notes (a long
# chapter with short and long notes, and a short second chapter) read back page by page with
# pdftotext: each note at the foot of the page of its reference (pdf.footnotes.place: page,
# the default), a line whose note does not fit moved on, a long note split with its rest
# first on the next page, numbering per chapter and per document, place: chapter (every
# note at its chapter's end), the links from references to notes, and the errors of a bad
# setting and of a note taller than a page. Pages are rendered to PNG in OUT/pdf-pages/notes.
source "$(dirname "$0")/tools/steps.sh" "$@"

# site VARIANT [YAML...]: a copy of the fixture with the fonts and the lines YAML under pdf:
site() {
  local dir=$WORK/$1; shift
  cp -rL "$ROOT/tests/fixtures/notes" "$dir" && mkdir -p "$dir/assets" &&
    cp -r "$ROOT/assets/fonts" "$dir/assets/fonts"
  for line in "$@"; do printf '  %s\n' "$line" >>"$dir/content/site.yaml"; done
}
build() { # build VARIANT: the PDF in $WORK/VARIANT.pdf, no sanitizer report
  "$BIN" build -C "$WORK/$1" -o "$WORK/$1/out" --pdf-only --quiet 2>"$WORK/$1.err" &&
    ! grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$WORK/$1.err" &&
    cp "$WORK/$1/out/notes.pdf" "$WORK/$1.pdf" || { cat "$WORK/$1.err"; return 1; }
}
# expect VARIANT: the Python that follows on stdin, with pages (each page's text, pdftotext
# -layout), page(word) (the index of the first page holding word) and num(regex) (the
# number the first match's group 1 holds, on any page)
expect() {
  python3 - "$WORK/$1.pdf" <(cat) <<'EOF'
import re, subprocess, sys
pdf, body = sys.argv[1], open(sys.argv[2]).read()
n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout)[1])
pages = [subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True, text=True, check=True).stdout for p in range(1, n + 1)]
def page(word):
    hits = [i for i, t in enumerate(pages) if word in t]
    assert hits, f"{word} is on no page"
    return hits[0]
def num(rx):
    for t in pages:
        m = re.search(rx, t)
        if m:
            return int(m[1])
    raise AssertionError(f"no match for {rx}")
exec(body)
EOF
}

site page
check page-build build page
check page-qpdf qpdf --check "$WORK/page.pdf"
check page-note-with-reference expect page <<'EOF'
for ref, note in [("refalpha", "NOTEALPHA"), ("refbeta", "NOTEBETA"), ("refgamma", "NOTEGAMMA"),
                  ("reflong", "NOTELONG"), ("refepsilon", "NOTEEPSILON"), ("refdelta", "NOTEDELTA")]:
    assert page(ref) == page(note), f"{ref} on page {page(ref) + 1}, {note} on {page(note) + 1}"
    # the note sits below every body line of its page
    t = pages[page(note)]
    assert t.index(note) > t.index(ref), f"{note} above its reference"
assert not any("NOTEUNUSED" in t for t in pages), "a definition never referenced is not printed"
assert sum(t.count("NOTEALPHA") for t in pages) == 1, "a note referenced twice is printed once"
EOF
check page-line-moved-with-note expect page <<'EOF'
# the line with refgamma would fit at the foot of the first page, its three-line note would not
assert page("refgamma") == page("(one-5)") + 1, "refgamma's line moved to the next page"
assert page("NOTEGAMMA") == page("ENDGAMMA"), "a short note is not split"
EOF
check page-long-note-split expect page <<'EOF'
p = page("NOTELONG")
assert page("ENDLONG") == p + 1, f"the long note starts on page {p + 1} and ends on {page('ENDLONG') + 1}"
t = pages[p + 1]
assert page("refepsilon") == p + 1 and t.index("ENDLONG") < t.index("NOTEEPSILON"), \
    "the rest of the long note comes before the next page's own note"
EOF
check page-numbers expect page <<'EOF'
# the number on each reference is its note's label; numbering starts again in chapter 2
for ref, rx, note in [(1, r"short note\.(\d+)", "NOTEALPHA"), (2, r"second note(\d+)", "NOTEBETA"),
                      (3, r"three lines\.(\d+)", "NOTEGAMMA"), (4, r"long note\.(\d+)", "NOTELONG"),
                      (1, r"refagain(\d+)", "NOTEALPHA"), (1, r"its own note\.(\d+)", "NOTEDELTA")]:
    assert num(rx) == ref, f"{rx}: {num(rx)}, want {ref}"
    label = num(r"(\d+)\s+" + note)
    assert label == ref, f"{note} is labelled {label}, want {ref}"
EOF
check page-links python3 - "$WORK/page.pdf" <<'EOF'
# each reference (a link as small as its superscript) jumps to its note: on its own page, but
# for refagain (note 1, on the first page)
import json, subprocess, sys
d = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-key=pages", sys.argv[1]], capture_output=True, check=True).stdout)
objs, order = d["qpdf"][1], [p["object"] for p in d["pages"]]
val = lambda ref: objs["obj:" + ref]["value"]
refs = []
for o in objs.values():
    v = o.get("value")
    if isinstance(v, dict) and v.get("/Subtype") == "/Link" and v["/Rect"][3] - v["/Rect"][1] < 9:
        dest = v["/Dest"] if isinstance(v["/Dest"], list) else val(v["/Dest"])
        refs.append((order.index(v["/P"]), order.index(dest[0])))
refs.sort()
same = [r for r in refs if r[0] == r[1]]
assert len(refs) == 7 and len(same) == 6, f"links (page, destination page): {refs}"
EOF
mkdir -p "$OUT/pdf-pages/notes"
check page-png pdftoppm -r 60 -png "$WORK/page.pdf" "$OUT/pdf-pages/notes/page"

site document "footnotes:" "  numbering: document"
check document-build build document
check document-numbers expect document <<'EOF'
assert num(r"its own note\.(\d+)") == 6 and num(r"(\d+)\s+NOTEDELTA") == 6, "chapter 2's note is the sixth"
assert num(r"(\d+)\s+NOTEALPHA") == 1, "the first is 1"
EOF

site chapter "footnotes:" "  place: chapter"
check chapter-build build chapter
check chapter-notes-at-end expect chapter <<'EOF'
last = page("(four-11)")
for note in ["NOTEALPHA", "NOTEBETA", "NOTEGAMMA", "NOTEEPSILON", "ENDLONG"]:
    assert page(note) >= last, f"{note} before the chapter's end"
t = pages[page("NOTEEPSILON")]
assert page("NOTEEPSILON") > last or t.index("(four-11)") < t.index("NOTEEPSILON")
assert page("refgamma") == page("(one-5)"), "without a note at the foot, refgamma's line fits"
assert page("NOTEDELTA") == page("(five-2)"), "chapter 2's note ends chapter 2"
assert num(r"(\d+)\s+NOTEDELTA") == 1
EOF

# errors: a setting misspelt, a note taller than a page
site badplace "footnotes:" "  place: pag"
check bad-place-error bash -c "! '$BIN' build -C '$WORK/badplace' -o '$WORK/badplace/out' --pdf-only --quiet 2>'$WORK/bp.err' &&
  grep -E 'site.yaml:[0-9]+:[0-9]+: .*pdf.footnotes.place must be page or chapter; did you mean .page.' '$WORK/bp.err'"
site tall
python3 -c "print('\n\nA tall note.[^t]\n\n[^t]: ' + ' '.join(['Many words in a note far too long for any page.'] * 1200))" >>"$WORK/tall/content/second.md"
check tall-note-error bash -c "! '$BIN' build -C '$WORK/tall' -o '$WORK/tall/out' --pdf-only --quiet 2>'$WORK/tall.err' &&
  grep -E 'second.md:[0-9]+:1: a footnote is taller than the page' '$WORK/tall.err'"

echo "notes: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
