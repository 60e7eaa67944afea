#!/usr/bin/env python3
"""typo-report.py - typographic quality of any PDF, measured from its text geometry.

usage: typo-report.py PDF [--json] [--first-page N] [--last-page N] [--body-size PT]
                          [--right-edge PT] [--normal-space PT] [--max KEY=N]... [-v]
       typo-report.py --bbox FILE.xml [...]   (a saved `pdftotext -bbox-layout` file)
       typo-report.py --selftest

Reads `pdftotext -bbox-layout` (poppler-utils: pages, blocks, lines and words with
their boxes) and, for bold, `pdftohtml -xml` (the <b> runs). Reports for the body
text: lines, justified lines, the largest and the 95th-percentile inter-word space
relative to the normal space, overfull lines, hyphenated line ends and the longest
run of them, widows, orphans and headings stranded at the foot of a page. See
tests/typo/README.md for how each number is computed and for the limits.

--max KEY=N (repeatable) checks that a metric is at most N: one `ok`/`FAIL` line
each and `typo_report: N passed, M failed` (on stderr with --json).
Exit status: 0, 1 when pdftotext fails, no body text is found or a --max check
fails, 2 on a usage error.
"""

import argparse
import json
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict

KEYS = ["lines", "justified", "space_max", "space_p95", "overfull", "hyphenated",
        "max_consecutive_hyphens", "widows", "orphans", "stranded_headings"]

# a line end that is a hyphen: ASCII hyphen-minus, U+2010 hyphen, U+2011 non-breaking
# hyphen, U+00AD soft hyphen (Typst writes the inserted hyphen as U+00AD)
HYPHENS = "-\u2010\u2011\u00ad"
# characters allowed to hang into the right margin (hanging punctuation)
HANGING = ".,;:!?'\"\u2019\u201d\u2013\u2014)" + HYPHENS
# a list marker standing alone as the first word of a line
MARKER = re.compile(r"^(?:[\u2022\u2023\u25e6\u2043\u2219\u25aa\u25ab\u25cf\u25cb\u00b7*\u2013\u2014-]"
                    r"|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|\(?[ivxlcIVXLC]{1,5}[.)])$")
PAGE_NO = re.compile(r"\d+|(?i:m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))")
DOTS = re.compile(r"^[.\u2026\u00b7]+$")

TOL = 0.5           # pt: "within 0.5pt of the right edge"
SIZE_TOL = 0.03     # a line is body size when its height is within 3% of the body height
HEADING_SCALE = 1.08  # larger than body: height >= 1.08 x body height


class Word:
    __slots__ = ("x0", "y0", "x1", "y1", "text", "bold")

    def __init__(self, x0, y0, x1, y1, text, bold=None):
        self.x0, self.y0, self.x1, self.y1, self.text, self.bold = x0, y0, x1, y1, text, bold

    @property
    def h(self):
        return self.y1 - self.y0


class Line:
    def __init__(self, page, block, words, order):
        self.page = page          # 1-based page number
        self.block = block        # (page, flow, block) of pdftotext
        self.words = sorted(words, key=lambda w: w.x0)
        self.order = order        # pdftotext reading order on the page
        self.x0 = min(w.x0 for w in words)
        self.x1 = max(w.x1 for w in words)
        self.y0 = min(w.y0 for w in words)
        self.y1 = max(w.y1 for w in words)
        hs = sorted(w.h for w in words)
        self.h = hs[len(hs) // 2]
        self.kind = None          # furniture body heading table toc other
        self.para = None

    @property
    def text(self):
        return " ".join(w.text for w in self.words)

    def snippet(self, n=60):
        t = self.text
        return t if len(t) <= n else t[:n - 1] + "\u2026"

    def __repr__(self):
        return "Line(p%d %s %.1f-%.1f y%.1f %r)" % (self.page, self.kind, self.x0, self.x1, self.y1,
                                                     self.snippet(30))


class Page:
    def __init__(self, number, width, height):
        self.number, self.width, self.height = number, width, height
        self.lines = []


# ---------------------------------------------------------------- reading the PDF

def _local(tag):
    return tag.rsplit("}", 1)[-1]


def parse_bbox(xml_text, first_number=1):
    """Pages from `pdftotext -bbox-layout` output. Fragments of one visual line
    that pdftotext split (it makes a separate "line" of each word of a very loose
    justified line) are joined again: same block, same baseline."""
    xml_text = re.sub(r"<!DOCTYPE[^>]*>", "", xml_text, count=1)
    root = ET.fromstring(xml_text)
    pages = []
    for pel in root.iter():
        if _local(pel.tag) != "page":
            continue
        page = Page(first_number + len(pages), float(pel.get("width", 0)), float(pel.get("height", 0)))
        pages.append(page)
        order = 0
        flows = [e for e in pel if _local(e.tag) == "flow"]
        for fi, flow in enumerate(flows):
            for bi, bel in enumerate(e for e in flow if _local(e.tag) == "block"):
                groups = []  # [baseline, words]
                for lel in (e for e in bel if _local(e.tag) == "line"):
                    words = []
                    for wel in lel:
                        if _local(wel.tag) != "word" or not (wel.text or "").strip():
                            continue
                        words.append(Word(float(wel.get("xMin")), float(wel.get("yMin")),
                                          float(wel.get("xMax")), float(wel.get("yMax")),
                                          wel.text.strip()))
                    if not words:
                        continue
                    base = max(w.y1 for w in words)
                    for g in groups:
                        if abs(g[0] - base) <= 0.5:
                            g[1].extend(words)
                            break
                    else:
                        groups.append([base, words])
                for base, words in groups:
                    page.lines.append(Line(page.number, (page.number, fi, bi), words, order))
                    order += 1
    return pages


def run_pdftotext(pdf, first=None, last=None):
    cmd = ["pdftotext", "-bbox-layout", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    try:
        r = subprocess.run(cmd + [pdf, "-"], capture_output=True, text=True)
    except FileNotFoundError:
        raise RuntimeError("pdftotext not found: install poppler-utils "
                           "(apt-get install poppler-utils)") from None
    if r.returncode != 0:
        raise RuntimeError("pdftotext failed (%d): %s" % (r.returncode, r.stderr.strip()))
    return r.stdout


def read_bold_runs(pdf):
    """{page: [(x0, y0, x1, y1, bold)]} from `pdftohtml -xml` (zoom 1: points).
    pdftohtml marks runs set in a font whose name says Bold with <b>. Returns
    None when pdftohtml is missing or fails: bold is then unknown."""
    try:
        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run(["pdftohtml", "-xml", "-i", "-q", "-zoom", "1", "-noroundcoord",
                                "-stdout", os.path.abspath(pdf)], capture_output=True, cwd=tmp)
    except OSError:
        return None
    if r.returncode != 0:
        return None
    text = r.stdout.decode("utf-8", "replace")
    runs = defaultdict(list)
    page = 0
    for m in re.finditer(r'<page number="(\d+)"|<text top="([-\d.]+)" left="([-\d.]+)" '
                         r'width="([-\d.]+)" height="([-\d.]+)"[^>]*>(.*?)</text>', text, re.S):
        if m.group(1):
            page = int(m.group(1))
            continue
        top, left, width, height = (float(m.group(k)) for k in range(2, 6))
        body = m.group(6)
        bold = body.lstrip().startswith("<b>") or body.lstrip().startswith("<i><b>")
        runs[page].append((left, top, left + width, top + height, bold))
    return runs


def apply_bold(pages, runs):
    if runs is None:
        return
    for page in pages:
        rs = runs.get(page.number, [])
        for line in page.lines:
            for w in line.words:
                cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
                w.bold = False
                for (x0, y0, x1, y1, b) in rs:
                    if x0 - 1 <= cx <= x1 + 1 and y0 - 1 <= cy <= y1 + 1:
                        w.bold = b
                        break


# ---------------------------------------------------------------- helpers

def mode_value(values, bucket):
    """The most common value, bucketed to `bucket`; ties go to the larger value.
    Returns the median of the values in the winning bucket."""
    if not values:
        return None
    c = Counter(round(v / bucket) for v in values)
    best = max(c.items(), key=lambda kv: (kv[1], kv[0]))[0]
    inside = sorted(v for v in values if round(v / bucket) == best)
    return inside[len(inside) // 2]


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return None
    s = sorted(values)
    k = max(1, math.ceil(p / 100.0 * len(s)))
    return s[k - 1]


def is_marker(word):
    return bool(MARKER.match(word.text))


def is_toc_line(line):
    dots = sum(1 for w in line.words if DOTS.match(w.text))
    return dots >= 4 or any(re.search(r"\.{4,}|(?:\. ){4,}", w.text) for w in line.words)


def starts_lower(line):
    for ch in line.words[0].text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


def ends_hyphen(line):
    t = line.words[-1].text
    return len(t) >= 2 and t[-1] in HYPHENS and t[-2] not in HYPHENS


def _norm_furniture(text):
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


# ---------------------------------------------------------------- the analysis

class Report:
    def __init__(self):
        self.values = {}
        self.info = {}
        self.details = defaultdict(list)


def analyse(pages, first_page=None, last_page=None, body_size=None, right_edge=None,
            normal_space=None, source=""):
    rep = Report()
    all_lines = [l for p in pages for l in p.lines]
    if not all_lines:
        raise ValueError("no text in the PDF")
    page_by_no = {p.number: p for p in pages}

    def body_height(lines):
        hs = [l.h for l in lines if len(l.words) >= 3]
        if body_size:
            # word boxes run from the font's ascender to its descender: 1.0 to 1.5 em
            hs = [h for h in hs if body_size * 1.0 <= h <= body_size * 1.5]
        return mode_value(hs, 0.1)

    def is_body_size(l, H):
        return abs(l.h - H) <= SIZE_TOL * H

    def mark_tables(lines):
        """Blocks with a line side by side with a line of another block (same
        height band, no horizontal overlap) are table cells (or a contents
        page's title and page number). A lone list marker does not count."""
        table_blocks = set()
        by_page = defaultdict(list)
        for l in lines:
            by_page[l.page].append(l)
        for pl in by_page.values():
            pl = [l for l in pl if not (len(l.words) == 1 and is_marker(l.words[0]))]
            pl.sort(key=lambda l: l.y0)
            for i, a in enumerate(pl):
                for b in pl[i + 1:]:
                    if b.y0 >= a.y1:
                        break
                    if a.block == b.block:
                        continue
                    ov = min(a.y1, b.y1) - max(a.y0, b.y0)
                    if ov < 0.5 * min(a.h, b.h):
                        continue
                    if a.x1 <= b.x0 + TOL or b.x1 <= a.x0 + TOL:
                        table_blocks.add(a.block)
                        table_blocks.add(b.block)
        return table_blocks

    def right_edge_of(lines, H):
        xs = [l.x1 for l in lines if is_body_size(l, H) and len(l.words) >= 3]
        return mode_value(xs, 0.5)

    # 1. a first estimate over all pages, to find the body pages
    H = body_height(all_lines)
    if H is None:
        raise ValueError("no body text found")
    tables = mark_tables(all_lines)
    R = right_edge if right_edge is not None else right_edge_of(
        [l for l in all_lines if l.block not in tables], H)

    def reaches(l, R_, H_):
        if abs(l.x1 - R_) <= TOL:
            return True
        # hanging punctuation: only the final punctuation mark sticks out
        return (l.x1 > R_ + TOL and l.x1 - R_ <= 0.5 * H_ and l.words[-1].text[-1] in HANGING)

    def near_full(l, R_, H_):
        """Full measure for telling paragraph ends: within half a line height
        of the edge (some engines leave justified lines a point or two short)."""
        return l.x1 >= R_ - max(TOL, 0.5 * H_)

    lo = first_page or pages[0].number
    if first_page is None:
        # skip the cover and the contents: the body starts on the first page with
        # a full-measure body line and no dot leaders
        for p in pages:
            full = [l for l in p.lines if l.block not in tables and is_body_size(l, H)
                    and len(l.words) >= 3 and reaches(l, R, H)]
            if full and not any(is_toc_line(l) for l in p.lines):
                lo = p.number
                break
    hi = last_page or pages[-1].number
    rng = [p for p in pages if lo <= p.number <= hi]
    if not rng:
        raise ValueError("page range %d-%d is empty" % (lo, hi))
    lines = [l for p in rng for l in p.lines]

    # 2. the estimate again, on the body pages only
    H = body_height(lines) or H
    tables = mark_tables(lines)
    if right_edge is None:
        R = right_edge_of([l for l in lines if l.block not in tables], H) or R

    # 3. running headers and footers: lines above or below every body-size line
    # of the body pages (unless set larger than the body, like a heading); the
    # topmost or bottommost line of a page when the same text (digits ignored)
    # is there on several pages at the same height; bare page numbers at the top
    # or the foot
    sized = [l for l in lines if l.block not in tables and is_body_size(l, H)]
    top = min(l.y0 for l in sized)
    bottom = max(l.y1 for l in sized)
    for l in lines:
        if (l.y1 < top - 1 or l.y0 > bottom + 1) and l.h < HEADING_SCALE * H:
            l.kind = "furniture"

    def edge_lines(p):
        """The topmost and bottommost lines of a page, when they stand apart:
        alone in their pdftotext block and half a line height or more away from
        the next line."""
        rest = [l for l in p.lines if l.kind is None]
        if not rest:
            return []
        per_block = Counter(l.block for l in rest)
        y_top = min(l.y0 for l in rest)
        y_bot = max(l.y1 for l in rest)
        out = []
        for l in rest:
            if per_block[l.block] != 1:
                continue
            if l.y0 <= y_top + 1:
                below = [o.y0 for o in rest if o.y0 > l.y1 - 1 and o is not l]
                if not below or min(below) - l.y1 >= 0.5 * H:
                    out.append(l)
            elif l.y1 >= y_bot - 1:
                above = [o.y1 for o in rest if o.y1 < l.y0 + 1 and o is not l]
                if not above or l.y0 - max(above) >= 0.5 * H:
                    out.append(l)
        return out

    rep_count = Counter()
    for p in pages:
        for key in {(_norm_furniture(l.text), round(l.y0)) for l in edge_lines(p)}:
            rep_count[key] += 1
    need = max(2, math.ceil(0.3 * len(pages)))
    for p in rng:
        for l in edge_lines(p):
            if rep_count[(_norm_furniture(l.text), round(l.y0))] >= need \
                    and not (is_body_size(l, H) and len(l.words) >= 4 and near_full(l, R, H)):
                l.kind = "furniture"
            elif PAGE_NO.fullmatch(l.text):
                l.kind = "furniture"

    # 4. what each remaining line is
    block_lines = defaultdict(list)
    for l in lines:
        if l.kind is None:
            block_lines[l.block].append(l)
    for l in lines:
        if l.kind is not None:
            continue
        has_letters = any(ch.isalpha() for ch in l.text)
        bold_all = all(w.bold for w in l.words) if l.words[0].bold is not None else False
        if l.block in tables:
            l.kind = "table"
        elif is_toc_line(l):
            l.kind = "toc"
        elif l.h >= HEADING_SCALE * H and has_letters:
            l.kind = "heading"
        elif bold_all and has_letters and l.h >= 0.85 * H:
            blk = block_lines[l.block]
            ragged = all(not reaches(x, R, H) for x in blk)
            all_bold = all(all(w.bold for w in x.words) for x in blk)
            l.kind = "heading" if (ragged and all_bold and len(blk) <= 4) or not is_body_size(l, H) \
                else "body"
        elif is_body_size(l, H):
            l.kind = "body"
        else:
            l.kind = "other"

    # 5. the reading sequence: per page top to bottom (one column of text)
    seq = {p.number: sorted((l for l in p.lines if l.kind != "furniture"),
                            key=lambda l: (round(l.y1, 1), l.x0)) for p in rng}
    body = [l for p in rng for l in seq[p.number] if l.kind == "body"]

    # the line pitch inside a paragraph: the most common baseline step in a block
    steps = []
    for p in rng:
        bl = [l for l in seq[p.number] if l.kind == "body"]
        for a, b in zip(bl, bl[1:]):
            if a.block == b.block:
                steps.append(b.y1 - a.y1)
    pitch = mode_value([s for s in steps if s > 0], 0.1) or 1.1 * H

    # 6. paragraphs, also across page breaks
    justified_blocks = {l.block for l in body if near_full(l, R, H)}
    paras = []
    prev = None
    for p in rng:
        s = seq[p.number]
        for i, l in enumerate(s):
            if l.kind != "body":
                prev = None   # a heading, table or figure ends the paragraph
                continue
            new = True
            if prev is not None:
                if is_marker(l.words[0]) and len(l.words) > 1:
                    new = True
                elif prev.page == l.page:
                    step = l.y1 - prev.y1
                    if prev.block == l.block:
                        short_end = (l.block in justified_blocks and not near_full(prev, R, H)
                                     and not ends_hyphen(prev))
                        new = step > pitch + 2 or short_end
                    else:
                        new = not (abs(step - pitch) <= 1 and near_full(prev, R, H)
                                   and abs(l.x0 - prev.x0) <= 1)
                else:
                    new = not (l.page == prev.page + 1
                               and (near_full(prev, R, H) or ends_hyphen(prev) or starts_lower(l)))
            if new:
                paras.append([])
            paras[-1].append(l)
            l.para = len(paras) - 1
            prev = l
        # a page's last body line continues on the next page only if nothing
        # but furniture follows it on its page
        if s and s[-1].kind != "body":
            prev = None
        # and only if the next page starts with it
        if prev is not None:
            nxt = seq.get(p.number + 1)
            if nxt and nxt[0].kind != "body":
                prev = None

    # 7. per paragraph: justified lines, hyphenation
    justified, short, ragged_gaps, hyph_runs = [], [], [], []
    hyphenated = 0
    for para in paras:
        run = 0
        for k, l in enumerate(para):
            last = k == len(para) - 1
            if not last and reaches(l, R, H):
                justified.append(l)
            elif not last and near_full(l, R, H) and l.x1 < R:
                short.append(l)   # stretched, but short of the edge
            elif last and l.x1 <= R + TOL:
                ragged_gaps.extend(gaps_of(l, H))
            if not last and ends_hyphen(l) and starts_lower(para[k + 1]):
                hyphenated += 1
                run += 1
                pair = "%s %s" % (l.words[-1].text, para[k + 1].words[0].text)
                rep.details["hyphenated"].append((l.page, pair))
                if run >= 2:
                    hyph_runs.append((run, l.page, pair))
            else:
                run = 0
    max_run = 0
    for para in paras:
        run = 0
        for k, l in enumerate(para[:-1]):
            run = run + 1 if (ends_hyphen(l) and starts_lower(para[k + 1])) else 0
            max_run = max(max_run, run)

    # 8. the normal space: the median gap on lines set at their natural width
    gaps = [g for g in ragged_gaps if g >= 0.1 * H]
    S = normal_space
    if S is None:
        if len(gaps) >= 10:
            S = statistics.median(gaps)
        else:
            jg = sorted(g for l in justified + short for g in gaps_of(l, H) if g >= 0.1 * H)
            S = percentile(jg, 10) if jg else None
    ratios = []
    loose = []
    if S:
        for l in justified + short:
            lg = [g for g in gaps_of(l, H) if g >= 0.1 * H]
            for g in lg:
                ratios.append(g / S)
            if lg:
                loose.append((max(lg) / S, l.page, l.snippet()))
    loose.sort(reverse=True)

    # 9. overfull lines
    overfull = [l for l in body if l.x1 > R + TOL and not reaches(l, R, H)]
    overfull_other = [l for l in lines if l.kind in ("heading", "table", "other")
                      and l.x1 > R + TOL and not reaches(l, R, H)]

    # 10. widows and orphans
    widows, orphans = [], []
    for para in paras:
        pages_of = Counter(l.page for l in para)
        if len(pages_of) < 2:
            continue
        first, last = para[0].page, para[-1].page
        if pages_of[last] == 1:
            widows.append(para[-1])
        if pages_of[first] == 1:
            orphans.append(para[0])

    # 11. headings stranded at the foot of a page
    stranded = []
    numbers = [p.number for p in rng]
    for idx, p in enumerate(rng):
        s = seq[p.number]
        if not s or s[-1].kind != "heading" or idx + 1 >= len(rng):
            continue
        nxt = seq[numbers[idx + 1]]
        if not nxt or nxt[0].kind == "heading":
            continue
        k = len(s) - 1
        while k > 0 and s[k - 1].kind == "heading":
            k -= 1
        stranded.append(s[k])

    v = rep.values
    v["lines"] = len(body)
    v["justified"] = len(justified)
    v["space_max"] = round(max(ratios), 2) if ratios else None
    v["space_p95"] = round(percentile(ratios, 95), 2) if ratios else None
    v["overfull"] = len(overfull)
    v["hyphenated"] = hyphenated
    v["max_consecutive_hyphens"] = max_run
    v["widows"] = len(widows)
    v["orphans"] = len(orphans)
    v["stranded_headings"] = len(stranded)
    i = rep.info
    i["source"] = source
    i["pages"] = [lo, hi]
    i["page_count"] = len(pages)
    i["body_line_height"] = round(H, 2)
    i["line_pitch"] = round(pitch, 2)
    i["right_edge"] = round(R, 2) if R is not None else None
    i["normal_space"] = round(S, 3) if S else None
    i["normal_space_gaps"] = len(gaps)
    i["paragraphs"] = len(paras)
    i["space_gaps"] = len(ratios)
    i["space_median"] = round(statistics.median(ratios), 2) if ratios else None
    i["overfull_other"] = len(overfull_other)
    i["justified_short"] = len(short)
    i["headings"] = sum(1 for l in lines if l.kind == "heading")
    i["table_lines"] = sum(1 for l in lines if l.kind == "table")
    i["furniture_lines"] = sum(1 for l in lines if l.kind == "furniture")
    d = rep.details
    d["loosest"] = [(pg, round(r, 2), t) for r, pg, t in loose[:5]]
    d["overfull"] = [(l.page, round(l.x1 - R, 2), l.snippet()) for l in overfull]
    d["justified_short"] = [(l.page, round(l.x1 - R, 2), l.snippet()) for l in short]
    d["overfull_other"] = [(l.page, round(l.x1 - R, 2), l.snippet()) for l in overfull_other]
    d["widows"] = [(l.page, l.snippet()) for l in widows]
    d["orphans"] = [(l.page, l.snippet()) for l in orphans]
    d["stranded_headings"] = [(l.page, l.snippet()) for l in stranded]
    d["hyphen_runs"] = [(pg, run, pair) for run, pg, pair in sorted(hyph_runs, reverse=True)[:5]]
    rep.lines = lines
    rep.paras = paras
    return rep


def gaps_of(line, H):
    """The inter-word gaps of a line, leaving out the gap after a list marker and
    gaps next to a word of another size (superscripts, inline code, symbols)."""
    out = []
    ws = line.words
    for k in range(len(ws) - 1):
        a, b = ws[k], ws[k + 1]
        if k == 0 and is_marker(a):
            continue
        if abs(a.h - H) > SIZE_TOL * H or abs(b.h - H) > SIZE_TOL * H:
            continue
        out.append(b.x0 - a.x1)
    return out


# ---------------------------------------------------------------- output

LABELS = {
    "lines": "body text lines",
    "justified": "justified lines",
    "space_max": "largest inter-word space (x normal)",
    "space_p95": "95th-percentile inter-word space (x normal)",
    "overfull": "overfull lines",
    "hyphenated": "hyphenated line ends",
    "max_consecutive_hyphens": "most consecutive hyphenated lines",
    "widows": "widows",
    "orphans": "orphans",
    "stranded_headings": "headings stranded at a page foot",
}


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return "%.2f" % v
    return str(v)


def print_report(rep, verbose=False, out=sys.stdout):
    i = rep.info
    out.write("typo-report: %s\n" % i["source"])
    out.write("  pages %d-%d of %d; body line height %.2fpt, pitch %.2fpt; right edge %.2fpt; "
              "normal space %s (median of %d gaps on unjustified lines); %d paragraphs\n"
              % (i["pages"][0], i["pages"][1], i["page_count"], i["body_line_height"],
                 i["line_pitch"], i["right_edge"] or 0,
                 ("%.3fpt" % i["normal_space"]) if i["normal_space"] else "-",
                 i["normal_space_gaps"], i["paragraphs"]))
    w = max(len(s) for s in LABELS.values())
    out.write("  %-*s  %s\n" % (w, "metric", "value"))
    for k in KEYS:
        out.write("  %-*s  %s\n" % (w, LABELS[k], fmt(rep.values[k])))
    out.write("  (ignored: %d header/footer lines, %d table lines; %d heading lines; "
              "%d other lines overfull)\n" % (i["furniture_lines"], i["table_lines"], i["headings"],
                                              i["overfull_other"]))
    d = rep.details
    shown = [("widows", "widows (the last line)"), ("orphans", "orphans (the first line)"),
             ("stranded_headings", "stranded headings"),
             ("overfull", "overfull lines (pt beyond the edge)"),
             ("hyphen_runs", "runs of hyphenated lines (length, the last pair)"),
             ("loosest", "loosest justified lines (largest space x normal)")]
    if verbose:
        shown += [("justified_short", "stretched lines short of the edge (pt)"),
                  ("overfull_other", "other overfull lines (pt beyond the edge)"),
                  ("hyphenated", "hyphenated line ends")]
    for k, title in shown:
        items = d.get(k) or []
        if not items:
            continue
        out.write("  %s:\n" % title)
        for it in items[: (None if verbose else 5)]:
            out.write("    page %d: %s\n" % (it[0], " ".join(str(x) for x in it[1:])))


def as_json(rep):
    obj = dict(rep.values)
    obj.update({k: v for k, v in rep.info.items()})
    obj["details"] = {k: v for k, v in rep.details.items()}
    return obj


# ---------------------------------------------------------------- self test

class Doc:
    """Builds synthetic `pdftotext -bbox-layout` XML. Body: 10pt font, word
    boxes 13.6pt high, baselines 15pt apart, measure 72..522 (450pt), a normal
    space of 2.6pt."""
    H, PITCH, L, R, S = 13.6, 15.0, 72.0, 522.0, 2.6

    def __init__(self):
        self.pages = []

    def page(self):
        self.pages.append([])  # flows: [blocks: [lines: [words]]]
        self.y = 80.0
        self.header()
        return self

    def header(self):
        self.pages[-1].append([[[(72.0, 40.0, 200.0, 50.0, "Synthetic"), (203.0, 40.0, 260.0, 50.0, "Report")]]])
        n = len(self.pages)
        self.pages[-1].append([[[(290.0, 800.0, 300.0, 810.0, str(n))]]])

    def line_words(self, texts, y, justify, x0=None, gap=None, h=None):
        h = h or self.H
        x0 = self.L if x0 is None else x0
        widths = [5.0 * len(t) for t in texts]
        if justify and len(texts) > 1:
            g = (self.R - x0 - sum(widths)) / (len(texts) - 1)
        else:
            g = gap if gap is not None else self.S
        out, x = [], x0
        for t, wd in zip(texts, widths):
            out.append((x, y, x + wd, y + h, t))
            x += wd + g
        return out

    def para(self, lines, last_full=False, h=None, flow=True, x0=None):
        """lines: list of word lists; all but the last are justified."""
        blk = []
        for k, ws in enumerate(lines):
            just = k < len(lines) - 1 or last_full
            blk.append(self.line_words(ws, self.y, just, x0=x0, h=h))
            self.y += self.PITCH
        self.pages[-1].append([blk])
        self.y += 8.0
        return self

    def heading(self, text, h=20.0):
        blk = [self.line_words(text.split(), self.y, False, h=h)]
        self.pages[-1].append([blk])
        self.y += h + 10
        return self

    def table(self, rows):
        for row in rows:
            x = self.L
            for cell in row:
                self.pages[-1].append([[self.line_words(cell.split(), self.y, False, x0=x, h=12.0)]])
                x += 150
            self.y += 15
        self.y += 8
        return self

    def xml(self):
        out = ['<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body><doc>']
        for flows in self.pages:
            out.append('<page width="595.0" height="842.0">')
            for blocks in flows:
                out.append("<flow>")
                for blk in blocks:
                    out.append("<block>")
                    for ws in blk:
                        out.append("<line>")
                        for (x0, y0, x1, y1, t) in ws:
                            out.append('<word xMin="%f" yMin="%f" xMax="%f" yMax="%f">%s</word>'
                                       % (x0, y0, x1, y1, t.replace("&", "&amp;").replace("<", "&lt;")))
                        out.append("</line>")
                    out.append("</block>")
                out.append("</flow>")
            out.append("</page>")
        out.append("</doc></body></html>")
        return "".join(out)


_WORDS = [0]


def W(n):
    """n distinct five-letter words (25pt wide in the synthetic font)."""
    out = []
    for _ in range(n):
        k = _WORDS[0] = _WORDS[0] + 1
        out.append("".join(chr(97 + (k // 26 ** e) % 26) for e in range(5)))
    return out


def selftest():
    passed = failed = 0

    def check(name, got, want):
        nonlocal passed, failed
        if got == want:
            passed += 1
        else:
            failed += 1
            print("FAIL %s: got %r, want %r" % (name, got, want))

    # --- a clean document: cover, contents, three body pages
    d = Doc()
    d.page()  # cover
    d.pages[-1].append([[[(72, 300, 400, 340, "A"), (410, 300, 500, 340, "Title")]]])
    d.page()  # contents with dot leaders
    for k in range(5):
        d.pages[-1].append([[[(72, 100 + 20 * k, 130, 113.6 + 20 * k, "Chapter"),
                              (140, 100 + 20 * k, 145, 113.6 + 20 * k, "."),
                              (150, 100 + 20 * k, 155, 113.6 + 20 * k, "."),
                              (160, 100 + 20 * k, 165, 113.6 + 20 * k, "."),
                              (170, 100 + 20 * k, 175, 113.6 + 20 * k, ".")]],
                            ])
        d.pages[-1].append([[[(510, 100 + 20 * k, 522, 113.6 + 20 * k, str(k + 1))]]])
    d.page()
    d.heading("First Chapter")
    d.para([W(9), W(9), W(9), W(6)])
    d.para([W(8), W(8), W(5)])
    d.table([["Name Type", "Value One", "Other"], ["alpha", "beta", "gamma"]])
    d.para([W(9), W(9), W(6)])
    rep = analyse(parse_bbox(d.xml()), source="clean")
    v = rep.values
    check("clean pages", rep.info["pages"], [3, 3])
    check("clean lines", v["lines"], 10)
    check("clean justified", v["justified"], 7)
    check("clean right edge", rep.info["right_edge"], 522.0)
    check("clean normal space", rep.info["normal_space"], 2.6)
    check("clean overfull", v["overfull"], 0)
    check("clean widows", (v["widows"], v["orphans"], v["stranded_headings"]), (0, 0, 0))
    check("clean table lines", rep.info["table_lines"], 6)
    check("clean furniture", rep.info["furniture_lines"], 2)
    # 9 words of 25pt: gap (450 - 225) / 8 = 28.125pt; 8 words of 25pt: 250/7 = 35.714pt
    check("clean space_max", v["space_max"], round(250 / 7 / 2.6, 2))
    check("clean space_p95", v["space_p95"], round(250 / 7 / 2.6, 2))

    # --- defects: orphan, widow, stranded heading, hyphen run, overfull
    d = Doc()
    d.page()
    d.para([W(9), W(9), ["end", "here."]])
    d.y = 700.0
    d.para([W(9), W(9), W(9), W(9)])          # 4 lines on page 1 ...
    d.y = 760.0
    d.para([W(9)])                            # ... orphan: 1 line at the foot (continues)
    # make its only line full width but the paragraph continues
    d.pages[-1][-1][0][0] = d.line_words(W(9), 760.0, True)
    d.page()
    d.para([W(9), W(9), ["two", "words."]])   # continuation: 3 lines (no orphan/widow)
    # hyphen run of three lines, then a plain line
    d.para([["abc"] * 7 + ["hyphen-"], ["ated"] * 7 + ["again-"], ["ated"] * 7 + ["third-"],
            ["ated", "and", "done."]])
    d.y = 720.0
    d.para([W(9), W(9), W(9)])
    d.pages[-1][-1][0][-1] = d.line_words(W(9), 720.0 + 2 * 15.0, True)  # full last line: continues
    d.page()
    d.para([["widow", "line."]])               # widow: the last line alone at the top
    d.para([W(9), W(9), ["last."]])
    # an overfull line
    d.pages[-1][-1][0][0] = d.line_words(W(9), d.pages[-1][-1][0][0][0][1], True)
    ws = d.pages[-1][-1][0][0]
    d.pages[-1][-1][0][0] = [(a + 0, b, c + (4.0 if k == len(ws) - 1 else 0), e, t)
                             for k, (a, b, c, e, t) in enumerate(ws)]
    d.y = 740.0
    d.heading("Stranded Heading")
    d.page()
    d.para([W(9), W(9), ["final."]])
    rep = analyse(parse_bbox(d.xml()), source="defects")
    v = rep.values
    check("defects orphans", v["orphans"], 1)
    check("defects widows", v["widows"], 1)
    check("defects stranded", v["stranded_headings"], 1)
    check("defects hyphenated", v["hyphenated"], 3)
    check("defects max hyphens", v["max_consecutive_hyphens"], 3)
    check("defects overfull", v["overfull"], 1)
    check("defects overfull where", [x[0] for x in rep.details["overfull"]], [3])
    check("defects widow where", rep.details["widows"][0][0], 3)
    check("defects orphan where", rep.details["orphans"][0][0], 1)

    # --- a loose line split by pdftotext into one "line" per word is joined again
    xml = ('<html><body><doc><page width="595" height="842"><flow><block>'
           '<line><word xMin="72" yMin="100" xMax="97" yMax="113.6">one</word></line>'
           '<line><word xMin="200" yMin="100" xMax="225" yMax="113.6">two</word></line>'
           '<line><word xMin="497" yMin="100" xMax="522" yMax="113.6">three</word></line>'
           '</block></flow></page></doc></body></html>')
    pg = parse_bbox(xml)
    check("join fragments", [len(p.lines) for p in pg], [1])
    check("join fragments words", [w.text for w in pg[0].lines[0].words], ["one", "two", "three"])

    # --- hyphen and marker helpers
    ln = Line(1, (1, 0, 0), [Word(0, 0, 10, 10, "inter\u00ad")], 0)
    check("soft hyphen", ends_hyphen(ln), True)
    ln = Line(1, (1, 0, 0), [Word(0, 0, 10, 10, "word\u2014")], 0)
    check("em dash is no hyphen", ends_hyphen(ln), False)
    check("markers", [bool(MARKER.match(t)) for t in ["\u2022", "1.", "a)", "iv.", "word", "12,"]],
          [True, True, True, True, False, False])
    check("percentile", (percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), percentile([3], 95)), (10, 3))

    # --- bold body-size heading (bold from pdftohtml) at a page foot
    d = Doc()
    d.page()
    d.para([W(9), W(9), W(2)])
    d.y = 770.0
    d.para([["Bold", "Run-in", "Heading"]])
    d.page()
    d.para([W(9), W(9), W(2)])
    pages = parse_bbox(d.xml())
    for p in pages:
        for l in p.lines:
            for w in l.words:
                w.bold = w.text in ("Bold", "Run-in", "Heading")
    rep = analyse(pages, source="bold")
    check("bold stranded", rep.values["stranded_headings"], 1)

    # --- a repetitive document (the same two-line paragraph again and again, so
    # equal lines sit at equal heights on several pages) has no running header
    # but the real one, and its paragraphs end where they end
    d = Doc()
    for pg in range(4):
        d.page()
        while d.y < 740:
            d.para([["Filler", "paragraph", "text", "that", "fills", "a", "whole", "line", "here"],
                    ["and", "repeated", "ending."]])
    rep = analyse(parse_bbox(d.xml()), source="repetitive")
    check("repetitive furniture", rep.info["furniture_lines"], 8)
    check("repetitive widows/orphans", (rep.values["widows"], rep.values["orphans"]), (0, 0))
    check("repetitive lines", rep.values["lines"], 4 * 2 * 18)

    # --- --max checks
    check("max parse", parse_max(["widows=0", "space_max=2.5"]), [("widows", 0.0), ("space_max", 2.5)])
    check("max verdicts", [ok for _, ok, _ in run_max({"widows": 1, "space_max": 2.0},
                                                      [("widows", 0.0), ("space_max", 2.5)])],
          [False, True])

    print("typo_report_selftest: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


# ---------------------------------------------------------------- limits (--max)

def parse_max(items):
    out = []
    for it in items or []:
        m = re.fullmatch(r"\s*([a-z_0-9]+)\s*=\s*([-+0-9.eE]+)\s*", it)
        if not m or m.group(1) not in KEYS:
            raise ValueError("--max wants KEY=NUMBER with KEY one of %s, not %r" % (", ".join(KEYS), it))
        out.append((m.group(1), float(m.group(2))))
    return out


def run_max(values, limits):
    """[(key, ok, message)] for every limit: the value must be at most the limit."""
    res = []
    for k, lim in limits:
        v = values.get(k)
        ok = v is not None and v <= lim + 1e-9
        res.append((k, ok, "%s: %s (at most %g)" % (k, fmt(v), lim)))
    return res


# ---------------------------------------------------------------- main

def main(argv=None):
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet under `| head`
    ap = argparse.ArgumentParser(description="Typographic quality of a PDF from its text geometry.")
    ap.add_argument("pdf", nargs="?")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--first-page", type=int, help="first body page (default: after cover/contents)")
    ap.add_argument("--last-page", type=int, help="last body page (default: the last page)")
    ap.add_argument("--body-size", type=float, help="body font size in pt (picks the body line height)")
    ap.add_argument("--right-edge", type=float, help="the text block's right edge in pt")
    ap.add_argument("--normal-space", type=float, help="the normal inter-word space in pt")
    ap.add_argument("--bbox", help="read a saved `pdftotext -bbox-layout` XML file instead of a PDF")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every finding")
    ap.add_argument("--max", action="append", metavar="KEY=N",
                    help="check that a metric is at most N (repeatable); prints ok/FAIL lines "
                         "and 'typo_report: N passed, M failed'; exit 1 when one fails")
    ap.add_argument("--selftest", action="store_true", help="run the tool's own tests")
    a = ap.parse_args(argv)
    if a.selftest:
        return selftest()
    if not a.pdf and not a.bbox:
        ap.print_usage(sys.stderr)
        return 2
    for n in ("first_page", "last_page"):
        if getattr(a, n) is not None and getattr(a, n) < 1:
            ap.error("--%s must be at least 1" % n.replace("_", "-"))
    try:
        limits = parse_max(a.max)
    except ValueError as e:
        ap.error(str(e))
    try:
        if a.bbox:
            with open(a.bbox, encoding="utf-8") as f:
                pages = parse_bbox(f.read())
            source = a.bbox
        else:
            if not os.path.exists(a.pdf):
                print("typo-report: no such file: %s" % a.pdf, file=sys.stderr)
                return 2
            pages = parse_bbox(run_pdftotext(a.pdf))
            apply_bold(pages, read_bold_runs(a.pdf))
            source = a.pdf
        rep = analyse(pages, a.first_page, a.last_page, a.body_size, a.right_edge,
                      a.normal_space, source)
    except (RuntimeError, ValueError, ET.ParseError, OSError) as e:
        print("typo-report: %s" % e, file=sys.stderr)
        return 1
    if a.json:
        print(json.dumps(as_json(rep), ensure_ascii=False, indent=1))
    else:
        print_report(rep, a.verbose)
    if limits:
        res = run_max(rep.values, limits)
        out = sys.stderr if a.json else sys.stdout
        for k, ok, msg in res:
            out.write("%s %s\n" % ("ok  " if ok else "FAIL", msg))
        bad = sum(1 for _, ok, _ in res if not ok)
        out.write("typo_report: %d passed, %d failed\n" % (len(res) - bad, bad))
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
