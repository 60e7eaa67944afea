#!/usr/bin/env bash
# image-tests.sh IMPRINT OUT - images in both outputs, from the fixtures of
# tests/fixtures/images (tests/tools/make-test-images.py): every PNG variant, the JPEGs
# (baseline, progressive, gray, CMYK with and without Adobe's marker, Adobe's YCCK, EXIF
# orientations 2-8), a PNG named .jpg and an SVG go on one page with the size hints
# ({width=2in}, {width=50%}, ...); the PDF is checked by tests/tools/image-check.py (each
# picture's drawn size and the colour of its four quadrants on the page rendered at 72 dpi),
# the website for the hints' attributes and the files it copies; CMYK and YCCK JPEGs go in
# as RGB pixels, never DeviceCMYK. GIF and WebP: the website keeps them, the PDF stops with
# their file:line:col and a message naming the format; an SVG librsvg cannot read is a
# warning and its alt text. Pages rendered to OUT/pdf-pages/images.
source "$(dirname "$0")/tools/steps.sh" "$@"
FIX=$ROOT/tests/fixtures/images
CHECK=$ROOT/tests/tools/image-check.py
SITE=$WORK/site
mkdir -p "$SITE/content/pics" "$OUT/pdf-pages/images"
cp "$FIX"/*.png "$FIX"/*.jpg "$FIX"/*.svg "$SITE/content/pics/"
printf 'title: Images\nbase_url: https://images.example\nbrand:\n  logo: content/pics/png-rgba16.png\npdf:\n  name: images\n' \
  >"$SITE/content/site.yaml"
python3 "$CHECK" page "$FIX/expected.json" >"$SITE/content/pictures.md"
unknown_line=$(grep -n 'wdith' "$SITE/content/pictures.md" | cut -d: -f1) # a misspelt attribute

sanitizer_clean() { ! grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$@"; }
build() { # build NAME ARGS...: imprint build of $SITE, stderr kept in $WORK/NAME.err
  local name=$1; shift
  "$BIN" build -C "$SITE" "$@" 2>"$WORK/$name.err" >/dev/null
  local rc=$?
  sanitizer_clean "$WORK/$name.err" || { cat "$WORK/$name.err"; return 1; }
  return $rc
}
build_fails() { build "$@"; [ $? -eq 1 ]; } # exit status 1, no sanitizer report
has() { grep -Eq -- "$2" "$WORK/$1.err" || { echo "stderr of $1 lacks: $2"; cat "$WORK/$1.err"; return 1; }; }

# ---- the PDF: every format, its colours, orientation and size ----
check build-all build all -o "$WORK/a"
check unknown-attribute-warns has all "pictures\.md:$unknown_line:30: warning: unknown image attribute 'wdith' \(did you mean 'width'\?\)"
check qpdf qpdf --check "$WORK/a/images.pdf"
# soft masks need PDF 1.4 or later (PDF/A-2 writes 1.7)
check pdf-version-1.4 bash -c "head -c 8 '$WORK/a/images.pdf' | grep -Eq '%PDF-(1\.[4-7]|2\.)'"
check quadrants python3 "$CHECK" pdf "$FIX/expected.json" "$WORK/a/images.pdf" "$OUT/pdf-pages/images"
check alt-not-drawn-as-text bash -c "! pdftotext '$WORK/a/images.pdf' - | grep -q 'pattern'"
check reproducible bash -c "'$BIN' build -C '$SITE' -o '$WORK/b' --pdf-only --quiet 2>/dev/null && cmp '$WORK/a/images.pdf' '$WORK/b/images.pdf'"
check svg-at-300dpi bash -c "pdfimages -list '$WORK/a/images.pdf' | awk '\$4 == 300 && \$5 == 200' | grep -q ."
# each file is decoded once however often it is drawn (png-rgb8.png 8 times, the logo's file twice)
distinct_images() {
  local n want
  n=$(pdfimages -list "$1" | awk 'NR > 2 && $3 == "image" { print $11 }' | sort -u | wc -l)
  want=$(ls "$FIX" | grep -c '\.\(png\|jpg\|svg\)$')
  [ "$n" -eq "$want" ] || { echo "$n distinct images, want $want"; return 1; }
}
check image-cache distinct_images "$WORK/a/images.pdf"

# ---- CMYK and YCCK JPEGs: decoded to RGB pixels, never DeviceCMYK, which PDF/A-2 forbids
# beside the sRGB output intent (veraPDF 6.2.4.3-3) ----
no_device_cmyk() { # no_device_cmyk PDF: its objects, uncompressed by qpdf, name no DeviceCMYK
  local rc n
  qpdf --qdf --object-streams=disable "$1" "$WORK/qdf.pdf"
  rc=$? # 3: warnings only
  { [ $rc -eq 0 ] || [ $rc -eq 3 ]; } && [ -s "$WORK/qdf.pdf" ] || { echo "qpdf cannot rewrite $1"; return 1; }
  grep -aq '/Subtype */Image' "$WORK/qdf.pdf" || { echo "no image in $1"; return 1; }
  n=$(grep -ac DeviceCMYK "$WORK/qdf.pdf")
  [ "$n" -eq 0 ] || { echo "$1 names DeviceCMYK $n times"; return 1; }
}
# four_ink_pixels: a PDF of the 4-component JPEGs alone holds each as an RGB image (Flate) whose
# quadrants are the fixture's colours within 3 levels (poppler renders CMYK as a print
# simulation, so the quadrant check above can only tell which pure colour it is)
four_ink_pixels() {
  local site=$WORK/cmyk names
  mkdir -p "$site/content/pics" "$site/img"
  names=$(cd "$FIX" && ls jpeg-cmyk-*.jpg jpeg-ycck-*.jpg)
  for f in $names; do cp "$FIX/$f" "$site/content/pics/"; done
  printf 'title: Inks\nbase_url: https://inks.example\npdf:\n  name: inks\n' >"$site/content/site.yaml"
  { printf -- '---\ntitle: Inks\n---\n'; for f in $names; do printf '\n![%s](pics/%s)\n' "$f" "$f"; done; } \
    >"$site/content/inks.md"
  "$BIN" build -C "$site" -o "$site/out" --pdf-only --quiet || return 1
  no_device_cmyk "$site/out/inks.pdf" || return 1
  pdfimages -list "$site/out/inks.pdf" | awk -v want="$(wc -w <<<"$names")" \
    'NR > 2 { n++; if ($3 != "image" || $6 != "rgb" || $9 != "image") { bad = 1; print "not a Flate RGB image:", $0 } }
     END { if (n != want) print n " images, want " want; exit bad || n != want }' || return 1
  pdfimages "$site/out/inks.pdf" "$site/img/i" || return 1
  python3 - "$FIX/expected.json" "$site/img" $names <<'PY'
import json, os, sys
expected, folder, names = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3:]
files, bad = sorted(os.listdir(folder)), 0
for name, ppm in zip(names, files):
    data = open(os.path.join(folder, ppm), "rb").read()
    magic, w, h, _, px = data.split(maxsplit=4)
    w, h = int(w), int(h)
    for q, (fx, fy) in enumerate([(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)]):
        i = (int(fy * h) * w + int(fx * w)) * 3
        got, want = tuple(px[i:i + 3]), tuple(expected[name]["quadrants"][q])
        if magic != b"P6" or any(abs(a - b) > 3 for a, b in zip(got, want)):
            print(f"{name}: quadrant {q} is {got}, want {want}")
            bad = 1
sys.exit(bad)
PY
}
check no-device-cmyk no_device_cmyk "$WORK/a/images.pdf"
check cmyk-as-rgb-pixels four_ink_pixels

# ---- the website: the files as they are, the hints on the <img> ----
HTML=$WORK/a/site/pictures/index.html
check site-copies bash -c "cd '$FIX' && for f in *.png *.jpg *.svg; do cmp \"\$f\" '$WORK/a/site/pics/'\"\$f\" || exit 1; done"
check site-width-attr grep -q '<img src="/pics/png-rgb8.png" alt="Hint 0" width="192">' "$HTML"
check site-width-px grep -q 'alt="Hint 1" width="192">' "$HTML"
check site-width-pct grep -q 'alt="Hint 3" style="width:50%">' "$HTML"
check site-height-style grep -q 'alt="Hint 4" style="height:1in">' "$HTML"
check site-both grep -q 'alt="Hint 5" width="192" style="height:1in">' "$HTML"
check site-no-braces bash -c "! grep -E '\{(width|height|wdith)=' '$HTML'"

# ---- GIF and WebP: the website keeps them, the PDF names them ----
cp "$FIX/pattern.gif" "$FIX/pattern.webp" "$SITE/content/pics/"
printf -- '---\ntitle: Animated\n---\n\n![A GIF](pics/pattern.gif)\n\n![A WebP](pics/pattern.webp){width=50%%}\n' \
  >"$SITE/content/animated.md"
check gif-site-only build gif-html -o "$WORK/g" --html-only
check gif-site-copies bash -c "cmp '$FIX/pattern.gif' '$WORK/g/site/pics/pattern.gif' && cmp '$FIX/pattern.webp' '$WORK/g/site/pics/pattern.webp'"
check gif-site-img grep -q '<img src="/pics/pattern.webp" alt="A WebP" style="width:50%">' "$WORK/g/site/animated/index.html"
check gif-pdf-fails build_fails gif-pdf -o "$WORK/gp"
check gif-pdf-message has gif-pdf "animated\.md:5:1: image '/pics/pattern\.gif' is a GIF file, which the PDF does not take: save it as PNG \(or JPEG for a photograph\)"
check webp-pdf-message has gif-pdf "animated\.md:7:1: image '/pics/pattern\.webp' is a WebP file"
rm "$SITE/content/animated.md"

# ---- an SVG librsvg cannot read: a warning, its alt text in the PDF, never a failed build ----
printf '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10"' >"$SITE/content/pics/broken.svg"
printf -- '---\ntitle: Broken\n---\n\n![Broken drawing stands here](pics/broken.svg)\n' >"$SITE/content/broken.md"
check broken-svg-builds build broken -o "$WORK/s"
check broken-svg-warns has broken "broken\.md:5:1: warning: image '/pics/broken\.svg' cannot be read as SVG: .*; the PDF shows its alt text instead"
check broken-svg-alt bash -c "pdftotext '$WORK/s/images.pdf' - | grep -q 'Broken drawing stands here'"

echo "images: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
