#!/usr/bin/env python3
"""page-diff.py PDF REF_DIR [--update] - compares a PDF's pages, rendered in grey at 36 dpi
(pdftoppm), with the reference renderings in REF_DIR (page-N.pgm.gz, written by --update:
`make golden`). A page differs when more than 0.1% of its pixels are off by more than 48
grey levels (anti-aliasing moves a few by less), so a garbled, missing or moved picture,
a lost block or a reflowed paragraph fails, while nothing else does. Prints a line per
page that differs (with the share of its pixels) and `pages: N passed, M failed`; the
renderings of differing pages go to tests/out/page-diff/ for a look."""
import glob
import gzip
import os
import subprocess
import sys
import tempfile

LEVELS, SHARE = 48, 0.001


def read_pgm(data):
    """(width, height, pixels) of a binary PGM."""
    parts, pos = [], 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[pos + 1:pos + 1 + w * h]


def main():
    pdf, refs = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", "36", pdf, os.path.join(tmp, "p")], check=True)
        pages = sorted(glob.glob(os.path.join(tmp, "p-*.pgm")), key=lambda p: int(p.rsplit("-", 1)[1][:-4]))
        if update:
            os.makedirs(refs, exist_ok=True)
            for old in glob.glob(os.path.join(refs, "page-*.pgm.gz")):
                os.remove(old)
            for i, p in enumerate(pages, 1):
                with open(p, "rb") as f, gzip.GzipFile(os.path.join(refs, f"page-{i}.pgm.gz"), "wb", mtime=0) as g:
                    g.write(f.read())
            print(f"pages: {len(pages)} references written to {refs}")
            return
        want = sorted(glob.glob(os.path.join(refs, "page-*.pgm.gz")))
        passed = failed = 0
        if len(want) != len(pages):
            print(f"FAIL: {len(pages)} pages, the references have {len(want)}")
            failed += 1
        out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "out", "page-diff")
        for i, p in enumerate(pages[:len(want)], 1):
            gw, gh, got = read_pgm(open(p, "rb").read())
            ww, wh, ref = read_pgm(gzip.open(os.path.join(refs, f"page-{i}.pgm.gz")).read())
            if (gw, gh) != (ww, wh):
                print(f"FAIL page {i}: {gw}x{gh} pixels, the reference {ww}x{wh}")
                failed += 1
                continue
            off = sum(1 for a, b in zip(got, ref) if abs(a - b) > LEVELS)
            if off > SHARE * gw * gh:
                print(f"FAIL page {i}: {100.0 * off / (gw * gh):.2f}% of its pixels differ")
                os.makedirs(out, exist_ok=True)
                subprocess.run(["cp", p, os.path.join(out, f"page-{i}.pgm")])
                failed += 1
            else:
                passed += 1
        print(f"pages: {passed} passed, {failed} failed")
        sys.exit(1 if failed else 0)


main()
