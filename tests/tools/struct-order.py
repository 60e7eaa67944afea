#!/usr/bin/env python3
"""struct-order.py PDF CONTENT_DIR - the tagged PDF's structure reads in the Markdown's order.

Runs `pdfinfo -struct-text` (poppler) on PDF and collects the text of every
heading (H1-H6), paragraph (P), list item body (LBody) and table cell (TH,
TD) in the order of the structure tree. Each block's first words are looked
up in the Markdown files under CONTENT_DIR (front matter titles included):
  - enough of the blocks must be found (the others are generated text: the
    cover, the contents, data tables from YAML, captions);
  - found blocks must follow their file's order, and once the structure has
    left a file it never comes back to it (a chapter is read whole);
  - the running headers and footers ("Page 3 of 19") are not in the
    structure: they are artifacts.
Prints the counts; exit status 1 on a failure."""
import re
import subprocess
import sys
from pathlib import Path

BLOCKS = {"H1", "H2", "H3", "H4", "H5", "H6", "P", "LBody", "TH", "TD"}
PROBE = 28  # letters and digits of a block's start that must be found
MIN_PROBE = 20  # blocks with fewer are not looked up


def alnum(s):
    return re.sub(r"[^0-9a-z]+", "", s.lower())


def markdown_plain(text):
    """The Markdown source with link targets, footnote marks and HTML tags removed."""
    text = re.sub(r"\]\([^)]*\)", "]", text)  # [text](url) -> [text]
    text = re.sub(r"\[\^[^\]]*\]:?", " ", text)  # footnote references and labels
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"\{[^}\n]*\}", " ", text)  # attributes such as {width=50%}
    return alnum(text)


def words(text):
    """Lower-case words with their hyphens and punctuation taken out."""
    return [w for w in (re.sub(r"[^0-9a-z]+", "", t) for t in text.lower().split()) if w]


def md_words(text):
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    text = re.sub(r"\[\^[^\]]*\]:?", " ", text)
    text = re.sub(r"<[^>]*>", "", text)  # inline tags: "H<sub>2</sub>O" reads "H2O"
    return set(words(re.sub(r"[*_`#>|\[\]]", " ", text)))


def struct_blocks(pdf):
    """(section, type, text) of each block element, in structure order; the
    section counts the Sect and Part elements opened so far (a chapter)."""
    out = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, text=True,
                         check=True).stdout
    blocks, stack, sect = [], [], 0  # stack: (indent, index into blocks or -1)
    for line in out.splitlines():
        m = re.match(r"^(\s*)(\S.*)$", line)
        if not m:
            continue
        indent, body = len(m.group(1)), m.group(2)
        if body.startswith('"'):
            text = body[1:-1] if body.endswith('"') else body[1:]
            for _, i in reversed(stack):  # the innermost block element
                if i >= 0:
                    blocks[i][2] += text
                    break
            continue
        name = body.split()[0].rstrip(":")
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if name in ("Sect", "Part"):
            sect += 1
        if name in BLOCKS:
            blocks.append([sect, name, ""])
            stack.append((indent, len(blocks) - 1))
        else:
            stack.append((indent, -1))
    return blocks, out


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    pdf, content = sys.argv[1], Path(sys.argv[2])
    sources = {str(p): p.read_text(encoding="utf-8") for p in sorted(content.rglob("*.md"))}
    files = {f: markdown_plain(t) for f, t in sources.items()}
    vocab = {f: md_words(t) for f, t in sources.items()}
    blocks, raw = struct_blocks(pdf)
    failures = []
    if not blocks:
        failures.append("no structure: is the PDF tagged?")
    if re.search(r"Page \d+ of \d+", raw):
        failures.append("a running footer ('Page N of M') is inside the structure")
    probes = []
    for sect, kind, text in blocks:
        probe = alnum(re.sub(r"^[\d.\s]+", "", text) if kind.startswith("H") else text)
        # short texts ("22,000", "Stack") are ambiguous; section 0 is the cover and contents
        usable = len(probe) >= MIN_PROBE and sect > 0
        probes.append((sect, kind, text, probe[:PROBE] if usable else ""))
    # each chapter (section) is read from the file that holds most of its blocks
    found = skipped = 0
    sections = sorted({b[0] for b in probes})
    for sect in sections:
        mine = [b for b in probes if b[0] == sect and b[3]]
        votes = {}
        for b in mine:
            for f, s in files.items():
                if b[3] in s:
                    votes[f] = votes.get(f, 0) + 1
        if not votes:
            skipped += len([b for b in probes if b[0] == sect])
            continue
        home = max(sorted(votes), key=lambda f: votes[f])
        pos = 0
        for _, kind, text, probe in [b for b in probes if b[0] == sect]:
            at = files[home].find(probe) if probe else -1
            if at < 0:
                skipped += 1  # generated (numbers, captions, YAML tables) or short
                continue
            found += 1
            # its words are the source's: a word boundary lost (two words run together
            # where a line broke) makes a word the source does not have
            glued = [w for w in words(text) if w not in vocab[home] and
                     w.rstrip("0123456789") not in vocab[home]]
            if kind in ("P", "LBody") and glued:
                failures.append(f"words run together in {home}: {glued[:3]} in '{text[:50]}'")
            later = files[home].find(probe, pos)
            if later < 0:
                failures.append(f"out of order in {home}: {kind} '{text[:60]}'")
                continue
            pos = later + 1
    usable = sum(1 for b in probes if b[3])
    if found < max(1, usable // 2):
        failures.append(f"only {found} of {usable} long blocks found in the Markdown")
    for f in failures:
        print("FAIL", f)
    print(f"{found} blocks in source order, {skipped} generated or short; "
          f"{int(not failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
