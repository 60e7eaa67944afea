#!/usr/bin/env python3
"""pdf-bounds.py PDF [--margin PT] - every word of every page lies inside the page,
and inside the text block's left and right margins (less a tolerance), so no
text is drawn off the page or past the margins. Uses `pdftotext -bbox`.
Prints `pdf_bounds: N passed, M failed` (pages)."""
import html.parser
import subprocess
import sys


class Boxes(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.pages, self.word = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "page":
            self.pages.append((float(a["width"]), float(a["height"]), []))
        elif tag == "word":
            self.word = [float(a[k]) for k in ("xmin", "ymin", "xmax", "ymax")] + [""]

    def handle_data(self, data):
        if self.word is not None:
            self.word[4] += data

    def handle_endtag(self, tag):
        if tag == "word" and self.word is not None:
            self.pages[-1][2].append(self.word)
            self.word = None


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    pdf = args[0]
    margin = float(args[args.index("--margin") + 1]) if "--margin" in args else 0.0
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    p = Boxes()
    p.feed(out)
    passed = failed = 0
    tol = 0.5
    for n, (w, h, words) in enumerate(p.pages, 1):
        bad = [x for x in words
               if x[0] < margin - tol or x[2] > w - margin + tol or x[1] < -tol or x[3] > h + tol]
        if bad:
            failed += 1
            for x in bad[:5]:
                print(f"page {n}: '{x[4]}' at x {x[0]:.1f}..{x[2]:.1f} y {x[1]:.1f}..{x[3]:.1f} "
                      f"outside {margin:.0f}..{w - margin:.0f}")
        else:
            passed += 1
    if not p.pages:
        failed += 1
        print("no pages")
    print(f"pdf_bounds: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
