#!/usr/bin/env python3
"""pdf-contents.py PDF [--depth N] - prints the entries of a PDF's contents pages (the
pages from the one titled "Contents" up to the first page without dot leaders), one a
line, as pdftotext reads them: "Part I: Guide", "1. Installing Tidewater", "1.1 ..."
(N: entries up to that indentation level, 1 for the unindented ones)."""
import re
import subprocess
import sys

def main():
    pdf = sys.argv[1]
    depth = int(sys.argv[sys.argv.index("--depth") + 1]) if "--depth" in sys.argv else 99
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    start = next(i for i, p in enumerate(pages) if p.lstrip().startswith("Contents"))
    leader = re.compile(r"^( *)(\S.*?)\s*(?:(?:\. ){3,}|\.{5,}).*\d+\s*$")
    for page in pages[start:]:
        entries = [leader.match(line) for line in page.splitlines()]
        entries = [m for m in entries if m]
        if not entries:
            break
        indents = sorted({len(m.group(1)) for m in entries})
        for m in entries:
            if indents.index(len(m.group(1))) < depth:
                print(m.group(2))

main()
