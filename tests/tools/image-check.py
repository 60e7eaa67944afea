#!/usr/bin/env python3
"""image-check.py - the image fixtures (tests/fixtures/images) read back from a rendered PDF.

  image-check.py page EXPECTED.json          the Markdown page that shows them: every fixture
                                             at its own size, then the size hints of HINTS
  image-check.py pdf EXPECTED.json PDF [DIR] finds every image the PDF draws (the `cm` and `Do`
                                             of its content streams, through qpdf --qdf), in
                                             order: the cover's logo, the fixtures, the hints;
                                             renders each page at 72 dpi (1 pixel a point) with
                                             pdftoppm and checks the size of each drawn box and
                                             the colour at the middle of each of its quadrants
                                             (PNG copies of the pages go to DIR)

A garbled, flipped, turned, unmasked or mis-scaled picture fails. Prints one line a
problem and `images: N passed, M failed`."""
import json
import os
import re
import subprocess
import sys
import tempfile

# (Markdown after the image's path, expected box width and height in points; None: the
# text width, measured from the 100% image)
HINTS = [
    ("{width=2in}", 144, 96),
    ("{width=192px}", 144, 96),
    ("{width=100%}", "full", None),
    ("{width=50%}", "half", None),
    ("{height=1in}", 108, 72),
    ("{width=5.08cm height=1in}", 144, 72),
    ("{wdith=3}", 72, 48),  # a misspelt attribute: a warning, the natural size
]
LOGO = "png-rgba16.png"  # brand.logo, 30 points high on the cover
TOLERANCE = 40
CANDIDATES = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255), (0, 0, 0)]


def page(expected):
    out = ["---", "title: Pictures", "---", ""]
    for name in sorted(expected):
        out += [f"![The {name} pattern](pics/{name})", ""]
    for k, (hint, _, _) in enumerate(HINTS):
        out += [f"![Hint {k}](pics/png-rgb8.png){hint}", ""]
    return "\n".join(out)


def draws(pdf, tmp):
    """[(page number, a, b, c, d, e, f)] of every image drawn, in order."""
    qdf = os.path.join(tmp, "q.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf], check=True)
    text = open(qdf, "rb").read().decode("latin-1")
    found = []
    for m in re.finditer(r"%% Contents for page (\d+)\n.*?stream\n(.*?)endstream", text, re.S):
        for c in re.finditer(r"((?:-?[\d.]+\s+){6})cm\s+/\w+\s+Do", m.group(2)):
            found.append((int(m.group(1)), *map(float, c.group(1).split())))
    return found


def read_ppm(path):
    data = open(path, "rb").read()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6", path
    w, h = int(parts[1]), int(parts[2])
    return w, h, parts[4]


def colour(img, x, y):
    """The average colour of the 5 x 5 pixels around (x, y) (pixels, y down)."""
    w, h, px = img
    acc, n = [0, 0, 0], 0
    for yy in range(int(y) - 2, int(y) + 3):
        for xx in range(int(x) - 2, int(x) + 3):
            if 0 <= xx < w and 0 <= yy < h:
                i = (yy * w + xx) * 3
                acc = [acc[k] + px[i + k] for k in range(3)]
                n += 1
    return tuple(round(v / n) for v in acc)


def matches(got, want, cmyk):
    if cmyk:  # poppler's CMYK to RGB is a print simulation: the nearest pure colour must be the one meant
        near = min(CANDIDATES, key=lambda c: sum((a - b) ** 2 for a, b in zip(got, c)))
        return near == tuple(want)
    return all(abs(a - b) <= TOLERANCE for a, b in zip(got, want))


def check(expected, pdf, png_dir):
    problems, passed = [], 0
    names = [LOGO] + sorted(expected) + ["png-rgb8.png"] * len(HINTS)
    with tempfile.TemporaryDirectory() as tmp:
        found = draws(pdf, tmp)
        if len(found) != len(names):
            return [f"{len(found)} images drawn, {len(names)} expected"], 0
        pages = {}
        for p in sorted({d[0] for d in found}):
            base = os.path.join(tmp, f"p{p}")
            subprocess.run(["pdftoppm", "-r", "72", "-f", str(p), "-l", str(p), "-singlefile", pdf, base], check=True)
            pages[p] = read_ppm(base + ".ppm")
            if png_dir:
                subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(p), "-l", str(p), "-singlefile", pdf,
                                os.path.join(png_dir, f"page-{p}")], check=True)
        boxes = []
        for k, (p, a, b, c, d, e, f) in enumerate(found):
            xs = [e, e + a, e + c, e + a + c]
            ys = [f, f + b, f + d, f + b + d]
            boxes.append((p, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
        full = boxes[1 + len(expected) + 2][3]  # the {width=100%} image
        for k, (name, (p, x, y, w, h)) in enumerate(zip(names, boxes)):
            label = f"#{k} {name}" + (f" {HINTS[k - 1 - len(expected)][0]}" if k > len(expected) else "")
            if k == 0:
                want_w, want_h = 45, 30
            elif k <= len(expected):
                want_w, want_h = expected[name]["width"] * 0.75, expected[name]["height"] * 0.75
            else:
                _, hw, hh = HINTS[k - 1 - len(expected)]
                want_w = full if hw == "full" else full / 2 if hw == "half" else hw
                want_h = hh if hh else want_w * 2 / 3
            if abs(w - want_w) > 0.5 or abs(h - want_h) > 0.5:
                problems.append(f"{label}: drawn {w:.1f} x {h:.1f} pt, want {want_w:.1f} x {want_h:.1f}")
                continue
            quads = expected[name]["quadrants"]
            img = pages[p]
            top = img[1] - (y + h)  # the box's top in pixels, y down
            for q, (fx, fy) in enumerate([(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)]):
                if k == 0 and q in (1, 3):
                    continue  # the logo's translucent quadrants show the cover's colour through
                got = colour(img, x + fx * w, top + fy * h)
                if not matches(got, quads[q], "cmyk" in name):
                    problems.append(f"{label}: quadrant {q} (page {p}) shows {got}, want {tuple(quads[q])}")
            passed += 1
    return problems, passed


def main():
    expected = json.load(open(sys.argv[2]))
    if sys.argv[1] == "page":
        print(page(expected))
        return
    problems, passed = check(expected, sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    for p in problems:
        print(p)
    print(f"images: {passed} passed, {len(problems)} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
