#!/usr/bin/env python3
"""pdf-check.py - checks a PDF of the guide (output/<pdf_name>.pdf) against content/.

Usage
  python3 tests/tools/pdf-check.py PDF --content DIR [--png-dir DIR]
          [--expect-outline-from-content] [--ignore-case] [--max-break N]
          [--skip CHECK]... [-v]
  python3 tests/tools/pdf-check.py --selftest [-v]
  python3 tests/tools/pdf-check.py --mock-pdf OUT.pdf --content DIR

Prints one line per check, "ok NAME: summary" or "FAIL NAME: detail", then
"pdf: N passed, M failed"; exit status 1 if any check failed, 2 on a usage
error. Needs python3 (+ python3-yaml), qpdf and poppler-utils (pdftotext,
pdffonts, pdfinfo, pdftoppm). tests/tools/README-pdf.md describes each check
and its limits.

Checks (names usable with --skip)
  qpdf        `qpdf --check PDF` exits 0 and prints no WARNING/error line.
  fonts       `pdffonts PDF`: at least one font; every font embedded; no Type 3.
  text        `pdftotext -enc UTF-8 PDF -` (reading order) holds the guide's words
              in order (see pdf_words.py): chapter titles, headings, paragraphs,
              list items, quotes, code, data-table captions/labels/cells, FAQ.
  outline     the outline (bookmarks) from `qpdf --json=2 --json-key=outlines`:
              every entry leads to a page. With --expect-outline-from-content
              also: one entry per chapter title and ## / ### heading (FAQ
              questions are ## headings), same texts, same order, nesting depth
              chapter 1 / ## 2 / ### 3, and the target page shows the heading.
  toc-links   internal links on the contents pages: the text under each link
              (pdftotext -x -y -W -H) is found on the page it leads to.
  toc-pages   the page number printed on each linked contents line equals the
              page label of the page the link leads to.
  metadata    pdfinfo: Title, Author, Subject, Keywords, Creator not empty; with
              SOURCE_DATE_EPOCH set, CreationDate (and ModDate if present) equal it.
  png         only with --png-dir: `pdftoppm -r 60 -png PDF DIR/page` renders every
              page without a message on stderr.
"""

import argparse
import datetime
import glob
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in tests/tools
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdf_words as pw  # noqa: E402

TOOLS_HINT = "install with: apt-get install -y qpdf poppler-utils"
VERBOSE = False


class CheckFailed(Exception):
    pass


def run(cmd, check_tool=True):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8",
                              errors="replace")
    except FileNotFoundError:
        raise CheckFailed("%s is not installed (%s)" % (cmd[0], TOOLS_HINT))


# ---------------------------------------------------------------- the PDF's structure

_REF = re.compile(r"^\d+ \d+ R$")


def pdf_string(v):
    """A string from qpdf JSON v2 ("u:text", "b:hex", "/Name" or plain)."""
    if not isinstance(v, str):
        return ""
    if v.startswith("u:"):
        return v[2:]
    if v.startswith("b:"):
        raw = bytes.fromhex(v[2:])
        if raw[:2] in (b"\xfe\xff", b"\xff\xfe"):
            return raw.decode("utf-16")
        if raw[:3] == b"\xef\xbb\xbf":
            return raw[3:].decode("utf-8", "replace")
        return raw.decode("latin-1")
    return v


class PdfDoc:
    """What qpdf's JSON and pdftotext say about one PDF file (loaded lazily)."""

    def __init__(self, path):
        self.path = path
        self._json = None
        self._text = None

    @property
    def json(self):
        if self._json is None:
            r = run(["qpdf", "--json=2", "--json-key=pages", "--json-key=outlines",
                     "--json-key=pagelabels", "--json-key=qpdf", self.path])
            if r.returncode not in (0, 3):
                raise CheckFailed("qpdf --json failed: %s" % (r.stderr.strip() or r.returncode))
            self._json = json.loads(r.stdout)
            self.objects = self._json["qpdf"][1]
            self.page_refs = [p["object"] for p in self._json["pages"]]
            self.page_index = {ref: k for k, ref in enumerate(self.page_refs)}
        return self._json

    def obj(self, v):
        """Follows an indirect reference ("12 0 R"); streams give their dictionary."""
        self.json
        for _ in range(32):
            if not (isinstance(v, str) and _REF.match(v)):
                return v
            o = self.objects.get("obj:" + v)
            if o is None:
                return None
            v = o["value"] if "value" in o else o.get("stream", {}).get("dict")
        return v

    @property
    def npages(self):
        return len(self.json["pages"])

    def page_dict(self, k):
        self.json
        return self.obj(self.page_refs[k]) or {}

    def page_attr(self, k, key):
        d = self.page_dict(k)
        for _ in range(64):
            if key in d:
                return self.obj(d[key])
            if "/Parent" not in d:
                return None
            d = self.obj(d["/Parent"]) or {}
        return None

    def media_box(self, k):
        mb = self.page_attr(k, "/MediaBox") or [0, 0, 612, 792]
        mb = [float(self.obj(x)) for x in mb]
        return min(mb[0], mb[2]), min(mb[1], mb[3]), max(mb[0], mb[2]), max(mb[1], mb[3])

    # -- page labels
    def labels(self):
        ranges = sorted((r["index"], r.get("label") or {}) for r in self.json.get("pagelabels") or [])
        out = []
        for k in range(self.npages):
            cur = None
            for start, lab in ranges:
                if start <= k:
                    cur = (start, lab)
            if cur is None:
                out.append(str(k + 1))
                continue
            start, lab = cur
            lab = self.obj(lab) or {}
            style = lab.get("/S")
            prefix = pdf_string(self.obj(lab.get("/P", "")))
            n = int(self.obj(lab.get("/St", 1)) or 1) + (k - start)
            out.append(prefix + format_label(n, style))
        return out

    # -- destinations
    def named_dest(self, name):
        root = self.obj(self.obj(self.objects["trailer"]["value"]["/Root"]))
        if name.startswith("/"):  # PDF 1.1 /Dests dictionary
            d = self.obj(root.get("/Dests")) or {}
            return self.obj(d.get(name))
        key = pdf_string(name)
        tree = self.obj((self.obj(root.get("/Names")) or {}).get("/Dests"))
        seen = 0
        stack = [tree]
        while stack and seen < 10000:
            node = self.obj(stack.pop()) or {}
            seen += 1
            names = self.obj(node.get("/Names")) or []
            for i in range(0, len(names) - 1, 2):
                if pdf_string(self.obj(names[i])) == key:
                    return self.obj(names[i + 1])
            stack.extend(self.obj(node.get("/Kids")) or [])
        return None

    def dest_page(self, dest):
        """0-based page index of a destination (array, name, string or {/D ...}), or None."""
        return self.resolve_dest(dest)[0]

    def resolve_dest(self, dest):
        """(0-based page index or None, the destination array as JSON text)."""
        self.json
        for _ in range(8):
            dest = self.obj(dest)
            if isinstance(dest, dict):
                dest = dest.get("/D")
                continue
            if isinstance(dest, str):
                dest = self.named_dest(dest)
                continue
            break
        key = json.dumps(dest, sort_keys=True)
        if isinstance(dest, list) and dest:
            target = dest[0]
            if isinstance(target, str) and target in self.page_index:
                return self.page_index[target], key
            if isinstance(target, int) and 0 <= target < self.npages:
                return target, key
        return None, key

    def links(self, k):
        """Link annotations of page k: list of dicts rect, dest (page index or None),
        internal (bool)."""
        out = []
        for a in self.obj(self.page_dict(k).get("/Annots")) or []:
            a = self.obj(a) or {}
            if a.get("/Subtype") != "/Link":
                continue
            rect = [float(self.obj(x)) for x in self.obj(a.get("/Rect")) or [0, 0, 0, 0]]
            rect = [min(rect[0], rect[2]), min(rect[1], rect[3]),
                    max(rect[0], rect[2]), max(rect[1], rect[3])]
            dest, internal, key = None, False, None
            if "/Dest" in a:
                internal = True
                dest, key = self.resolve_dest(a["/Dest"])
            else:
                act = self.obj(a.get("/A")) or {}
                if act.get("/S") == "/GoTo":
                    internal = True
                    dest, key = self.resolve_dest(act.get("/D"))
            out.append({"rect": rect, "dest": dest, "internal": internal, "target": key})
        return out

    # -- outline
    def outline(self):
        """Pre-order list of (depth, title, page index or None)."""
        out = []

        def walk(items, depth):
            for it in items:
                p = it.get("destpageposfrom1")
                if p is None and it.get("dest") is not None:
                    p0 = self.dest_page(it.get("dest"))
                    p = p0 + 1 if p0 is not None else None
                out.append((depth, pdf_string(it.get("title") or ""), p - 1 if p else None))
                walk(it.get("kids") or [], depth + 1)

        walk(self.json.get("outlines") or [], 1)
        return out

    # -- text
    @property
    def text(self):
        if self._text is None:
            r = run(["pdftotext", "-enc", "UTF-8", self.path, "-"])
            if r.returncode != 0:
                raise CheckFailed("pdftotext failed: %s" % r.stderr.strip())
            self._text = r.stdout
            self.ptext = pw.pdf_text(self._text)
        return self._text

    def page_words(self, k):
        """PdfText of page k alone (0-based)."""
        self.text
        return pw.pdf_text(self.ptext.page_text(k + 1) + "\f", furniture=False)

    def text_in_rect(self, k, x0, y0, x1, y1):
        """pdftotext of the part of page k inside a PDF user-space rectangle."""
        llx, lly, urx, ury = self.media_box(k)
        # pdftotext -x/-y/-W/-H are pixels at -r DPI from the media box's top-left corner;
        # at -r 72 one pixel is one point. PDF user space has its origin bottom-left.
        x = int(math.floor(x0 - llx))
        y = int(math.floor(ury - y1))
        w = int(math.ceil(x1 - x0)) + 1
        h = int(math.ceil(y1 - y0)) + 1
        r = run(["pdftotext", "-enc", "UTF-8", "-r", "72", "-f", str(k + 1), "-l", str(k + 1),
                 "-x", str(max(0, x)), "-y", str(max(0, y)), "-W", str(max(1, w)),
                 "-H", str(max(1, h)), "-nopgbrk", self.path, "-"])
        return r.stdout


def format_label(n, style):
    if style == "/D":
        return str(n)
    if style in ("/R", "/r"):
        vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        s = ""
        for v, t in vals:
            while n >= v:
                s += t
                n -= v
        return s.upper() if style == "/R" else s
    if style in ("/A", "/a"):
        if n < 1:
            return ""
        c = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return c if style == "/A" else c.lower()
    return ""  # no style: prefix only


# ---------------------------------------------------------------- checks

def check_qpdf(doc, args, guide):
    r = run(["qpdf", "--check", doc.path])
    lines = (r.stdout + "\n" + r.stderr).splitlines()
    bad = [s for s in lines if re.search(r"WARNING|ERROR", s)]
    if r.returncode != 0:
        bad += [s for s in r.stderr.splitlines() if s.strip() and s not in bad]
    if r.returncode != 0 or bad:
        raise CheckFailed("qpdf --check exit %d\n      %s" % (
            r.returncode, "\n      ".join((bad or lines)[:20])))
    return "no errors or warnings"


_FONT_TYPES = ("CID TrueType (OT)", "CID TrueType", "CID Type 0C (OT)", "CID Type 0C", "CID Type 0",
               "TrueType (OT)", "TrueType", "Type 1C (OT)", "Type 1C", "Type 1", "Type 3", "unknown")
_FONT_ROW = re.compile(r"^(?P<name>.*?)\s+(?P<type>%s)\s+(?P<encoding>\S+)\s+(?P<emb>yes|no)\s+"
                       r"(?P<sub>yes|no)\s+(?P<uni>yes|no)\s+(?P<object>\d+\s+\d+)\s*$"
                       % "|".join(re.escape(t) for t in _FONT_TYPES))


def parse_pdffonts(out):
    """Rows of `pdffonts` output as dicts (name, type, encoding, emb, sub, uni, object).
    Parsed from the right, since a long font name pushes the columns over."""
    fonts = []
    rows = out.splitlines()
    k = next((i for i, s in enumerate(rows) if s.startswith("---")), None)
    for s in rows[k + 1:] if k is not None else []:
        if not s.strip():
            continue
        m = _FONT_ROW.match(s)
        if m:
            fonts.append({key: v.strip() for key, v in m.groupdict().items()})
        else:
            fonts.append({"name": s.strip(), "type": "?", "emb": "?", "unparsed": True})
    return fonts


def check_fonts(doc, args, guide):
    r = run(["pdffonts", doc.path])
    if r.returncode != 0:
        raise CheckFailed("pdffonts exit %d: %s" % (r.returncode, r.stderr.strip()))
    fonts = parse_pdffonts(r.stdout)
    if not fonts:
        raise CheckFailed("no fonts at all (is there any text?)")
    problems = []
    for f in fonts:
        if f.get("unparsed"):
            problems.append("cannot read this pdffonts line: %s" % f["name"])
        elif f.get("emb") != "yes":
            problems.append("not embedded: %s (%s)" % (f.get("name"), f.get("type")))
        if f.get("type", "").startswith("Type 3"):
            problems.append("Type 3 font: %s" % f.get("name"))
    if problems:
        raise CheckFailed("%d of %d fonts\n      %s" % (len(problems), len(fonts),
                                                       "\n      ".join(problems[:20])))
    no_uni = [f.get("name") for f in fonts if f.get("uni") == "no"]
    note = "; without ToUnicode: %s" % ", ".join(no_uni) if no_uni else ""
    return "%d fonts, all embedded, no Type 3%s" % (len(fonts), note)


def check_text(doc, args, guide):
    doc.text
    pt = doc.ptext
    res = pw.match_units(guide.units(), pt, ignore_case=args.ignore_case, max_break=args.max_break)
    doc.match = res
    if guide.errors or res.failures:
        msg = []
        if guide.errors:
            msg.append("source problems: " + "; ".join(guide.errors))
        if res.failures:
            msg.append("%d of %d source units not found in order in the PDF text; first: %s" % (
                len(res.failures), res.nunits, res.failures[0]))
            for f in res.failures[1:10 if not VERBOSE else None]:
                msg.append("  also: %s: %s" % (f.unit.where(), f.message))
            if len(res.failures) > 10 and not VERBOSE:
                msg.append("  ... %d more (-v lists all)" % (len(res.failures) - 10))
        raise CheckFailed("\n      ".join(msg))
    return "%d units, %d words of %d chapters found in order (PDF: %d words on %d pages)" % (
        res.nunits, res.nwords, len(guide.chapters), len(pt.tokens), len(pt.pages))


_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.|Chapter \d+:?)\s+")


def _norm_title(s):
    return " ".join(pw.normalise(s).split())


def _title_matches(expected, got):
    e, g = _norm_title(expected), _norm_title(got)
    if e == g:
        return True
    m = _NUMBERING.match(g)  # "2.1 Heading" for "Heading"
    return bool(m) and g[m.end():] == e


def _page_shows(doc, k, text, truncated_ok=False):
    """Whether page k shows text (case ignored). truncated_ok: the text's last word may
    be cut short ("... Both Python a..." or a final "." taken for a dot leader)."""
    ws = pw.words(text)
    if not ws or k is None:
        return False
    pt = doc.page_words(k)
    m = pw.Matcher(pt, ignore_case=True)
    if m.candidates(ws):
        return True
    num = _NUMBERING.match(_norm_title(text))
    if num and len(ws) > 1 and _page_shows(doc, k, _norm_title(text)[num.end():], truncated_ok):
        return True  # "1. Introduction" in the contents, "Introduction" (under "01") on its page
    if not truncated_ok:
        return False
    last = ws[-1].casefold()
    head = ws[:-1]
    if not head:
        return any(a[0].casefold().startswith(last) for t in pt.tokens for a in t.alts)
    for s, e in m.candidates(head):
        if e < len(pt.tokens) and any(a[0].casefold().startswith(last) for a in pt.tokens[e].alts):
            return True
    return False


def check_outline(doc, args, guide):
    entries = doc.outline()
    nowhere = [(d, t) for d, t, p in entries if p is None]
    problems = ["entry %r leads to no page" % t for d, t in nowhere[:10]]
    depth = max((d for d, _, _ in entries), default=0)
    if not args.expect_outline_from_content:
        if problems:
            raise CheckFailed("%d of %d entries\n      %s" % (len(nowhere), len(entries),
                                                           "\n      ".join(problems)))
        return "%d entries, depth %d (not compared: no --expect-outline-from-content)" % (
            len(entries), depth)
    expected = guide.outline()
    for k in range(max(len(expected), len(entries))):
        e = expected[k] if k < len(expected) else None
        g = entries[k] if k < len(entries) else None
        if e is None:
            problems.append("entry %d %r: not a heading of the guide (the guide has %d)"
                            % (k + 1, g[1], len(expected)))
            break
        if g is None:
            problems.append("entry %d missing: expected %r (%s)" % (k + 1, e[1], e[2].where()))
            break
        if not _title_matches(e[1], g[1]):
            problems.append("entry %d is %r, expected %r (%s)" % (k + 1, g[1], e[1], e[2].where()))
            break
        if e[0] != g[0]:
            problems.append("entry %d %r is at depth %d, expected %d" % (k + 1, g[1], g[0], e[0]))
        elif g[2] is not None and not _page_shows(doc, g[2], e[1]):
            problems.append("entry %d %r leads to page %d, which does not show that heading"
                            % (k + 1, g[1], g[2] + 1))
        if len(problems) >= 10:
            break
    if problems:
        raise CheckFailed("%d entries, %d expected\n      %s" % (
            len(entries), len(expected), "\n      ".join(problems)))
    return "%d entries match the guide's chapter titles and ## / ### headings, in order" % len(
        entries)


def _first_chapter_page(doc, guide):
    """0-based page where the first chapter starts (by the text match), or None."""
    res = getattr(doc, "match", None)
    if res is None:
        try:
            res = doc.match = pw.match_units(guide.units(), doc.ptext, max_break=40)
        except Exception:
            return None
    for u in guide.units():
        if id(u) in res.placed:
            return doc.ptext.tokens[res.placed[id(u)][0]].page - 1
    return None


def toc_pages(doc, guide):
    """0-based page indexes of the table of contents."""
    doc.text
    pages = doc.ptext.pages
    first = _first_chapter_page(doc, guide) if guide else None
    limit = first if first is not None else len(pages)
    out = []
    for k in range(min(limit, len(pages))):
        top = [s for s in pages[k] if s.strip()][:5]
        if any(re.search(r"\bcontents\b", s, re.I) for s in top):
            out.append(k)
        elif out and out[-1] == k - 1 and any(l["internal"] for l in doc.links(k)):
            out.append(k)  # the contents go on
    if not out:
        out = [k for k in range(min(limit, len(pages)))
               if any(l["internal"] for l in doc.links(k))]
    return out


def _merge_links(links):
    """One entry wrapped over several lines may have one link per line: merge them."""
    out = []
    for l in links:
        if out and out[-1]["target"] == l["target"] and \
                abs(out[-1]["rect"][1] - l["rect"][3]) < 0.6 * (l["rect"][3] - l["rect"][1] + 1):
            r = out[-1]["rect"]
            out[-1] = dict(out[-1], rect=[min(r[0], l["rect"][0]), min(r[1], l["rect"][1]),
                                          max(r[2], l["rect"][2]), max(r[3], l["rect"][3])])
        else:
            out.append(dict(l))
    return out


_LABEL = re.compile(r"^(?:\d+|[ivxlcdm]+|[IVXLCDM]+|[A-Za-z]-?\d+)$")


def split_toc_entry(text):
    """'Heading ........ 12' -> ('Heading', '12'); the number is None when absent."""
    s = " ".join(pw.normalise(text).split())
    m = re.match(r"^(.*?)[\s.\u00b7\u2024\u2027\u22c5_]*?\s*(\S+)$", s)
    num = None
    if m and _LABEL.match(m.group(2)) and m.group(1):
        num = m.group(2)
        s = m.group(1)
    s = re.sub(r"(?:\s*[.\u00b7\u2024\u2027\u22c5_]){2,}\s*$", "", s)
    s = re.sub(r"(?:\s*[.\u00b7\u2024\u2027\u22c5_]){3,}\s*", " ", s).strip()
    return s, num


def toc_entries(doc, guide):
    """Linked contents lines: dicts page, rect, dest, text (heading), number, line."""
    out = []
    for k in toc_pages(doc, guide):
        llx, lly, urx, ury = doc.media_box(k)
        for l in _merge_links([l for l in doc.links(k) if l["internal"]]):
            x0, y0, x1, y1 = l["rect"]
            under = doc.text_in_rect(k, x0, y0, x1, y1)
            line = doc.text_in_rect(k, llx, y0, urx, y1)
            text, num = split_toc_entry(under)
            ltext, lnum = split_toc_entry(line)
            if not re.search(r"[^\W\d_]", text):  # the link covers only the page number
                text = ltext
            out.append(dict(l, page=k, text=text, number=num or lnum, line=" ".join(line.split())))
    return out


def check_toc_links(doc, args, guide):
    entries = doc.toc = toc_entries(doc, guide)
    if not entries:
        raise CheckFailed("no internal links on the contents pages (pages found: %s)" % (
            ", ".join(str(k + 1) for k in toc_pages(doc, guide)) or "none"))
    problems = []
    for e in entries:
        where = "page %d link %r" % (e["page"] + 1, e["line"][:80])
        if e["dest"] is None:
            problems.append("%s: destination does not resolve to a page" % where)
        elif not e["text"]:
            problems.append("%s: no text under the link rectangle %s" % (
                where, [round(v, 1) for v in e["rect"]]))
        elif not _page_shows(doc, e["dest"], e["text"], truncated_ok=True):
            problems.append("%s: leads to page %d, which does not show %r" % (
                where, e["dest"] + 1, e["text"]))
    if problems:
        raise CheckFailed("%d of %d links\n      %s" % (len(problems), len(entries),
                                                       "\n      ".join(problems[:20])))
    return "%d contents links lead to pages showing their heading" % len(entries)


def check_toc_pages(doc, args, guide):
    entries = getattr(doc, "toc", None)
    if entries is None:
        entries = doc.toc = toc_entries(doc, guide)
    if not entries:
        raise CheckFailed("no internal links on the contents pages")
    labels = doc.labels()
    problems = []
    for e in entries:
        if e["dest"] is None:
            continue
        want = labels[e["dest"]]
        where = "page %d %r" % (e["page"] + 1, e["text"][:60])
        if e["number"] is None:
            problems.append("%s: no page number printed (destination's label is %r)" % (where, want))
        elif e["number"] != want:
            problems.append("%s: prints %r, destination page %d has label %r" % (
                where, e["number"], e["dest"] + 1, want))
    if problems:
        raise CheckFailed("%d of %d entries\n      %s" % (len(problems), len(entries),
                                                         "\n      ".join(problems[:20])))
    return "%d entries print their destination's page label%s" % (
        len(entries), "" if doc.json.get("pagelabels") else " (no /PageLabels: labels are 1, 2, ...)")


def parse_pdf_date(s):
    """'D:20260330120000Z' / "D:20260330140000+02'00'" -> epoch seconds (None if malformed)."""
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
                 r"(?:([Zz+\-])(?:(\d{2})'?(?:(\d{2})'?)?)?)?\s*$", s.strip())
    if not m:
        return None
    y, mo, d, h, mi, se = (int(m.group(i) or dflt) for i, dflt in
                           zip(range(1, 7), (0, 1, 1, 0, 0, 0)))
    off = 0
    if m.group(7) in ("+", "-"):
        off = int(m.group(8) or 0) * 3600 + int(m.group(9) or 0) * 60
        off = off if m.group(7) == "+" else -off
    try:
        dt = datetime.datetime(y, mo, d, h, mi, se, tzinfo=datetime.timezone.utc)
    except ValueError:
        return None
    return int(dt.timestamp()) - off


def pdfinfo(path):
    r = run(["pdfinfo", "-enc", "UTF-8", "-rawdates", path])
    if r.returncode != 0:
        raise CheckFailed("pdfinfo exit %d: %s" % (r.returncode, r.stderr.strip()))
    info = {}
    for s in r.stdout.splitlines():
        k, sep, v = s.partition(":")
        if sep:
            info[k.strip()] = v.strip()
    return info


def check_metadata(doc, args, guide):
    info = pdfinfo(doc.path)
    problems = ["%s is empty or missing" % k for k in ("Title", "Author", "Subject", "Keywords",
                                                         "Creator") if not info.get(k)]
    sde = os.environ.get("SOURCE_DATE_EPOCH")
    note = ""
    if sde is not None and sde.strip():
        want = int(sde)
        for k in ("CreationDate", "ModDate"):
            v = info.get(k)
            if v is None:
                if k == "CreationDate":
                    problems.append("CreationDate missing (SOURCE_DATE_EPOCH=%d)" % want)
                continue
            got = parse_pdf_date(v)
            if got != want:
                problems.append("%s %s is %s, SOURCE_DATE_EPOCH is %d (%s)" % (
                    k, v, got, want,
                    datetime.datetime.fromtimestamp(want, datetime.timezone.utc).isoformat()))
        note = "; dates equal SOURCE_DATE_EPOCH"
    else:
        note = "; SOURCE_DATE_EPOCH not set, dates not compared"
    if problems:
        raise CheckFailed("\n      ".join(problems))
    return "Title %r, Author %r%s" % (info.get("Title"), info.get("Author"), note)


def check_png(doc, args, guide):
    d = args.png_dir
    os.makedirs(d, exist_ok=True)
    for old in glob.glob(os.path.join(d, "page-*.png")):
        os.remove(old)
    r = run(["pdftoppm", "-r", "60", "-png", doc.path, os.path.join(d, "page")])
    made = sorted(glob.glob(os.path.join(d, "page-*.png")))
    n = doc.npages
    if r.returncode != 0 or r.stderr.strip() or len(made) != n:
        raise CheckFailed("pdftoppm exit %d, %d of %d pages rendered%s" % (
            r.returncode, len(made), n,
            ("\n      " + "\n      ".join(r.stderr.strip().splitlines()[:20])) if r.stderr.strip()
            else ""))
    return "%d pages rendered to %s" % (len(made), d)


CHECKS = [("qpdf", check_qpdf), ("fonts", check_fonts), ("text", check_text),
          ("outline", check_outline), ("toc-links", check_toc_links),
          ("toc-pages", check_toc_pages), ("metadata", check_metadata), ("png", check_png)]


def run_checks(pdf, args, guide, out=print):
    doc = PdfDoc(pdf)
    passed = failed = 0
    results = {}
    for name, fn in CHECKS:
        if name in (args.skip or []) or (name == "png" and not args.png_dir):
            continue
        try:
            if not os.path.exists(pdf):
                raise CheckFailed("no such file: %s" % pdf)
            detail = fn(doc, args, guide)
            out("ok %s: %s" % (name, detail))
            passed += 1
            results[name] = (True, detail)
        except CheckFailed as e:
            out("FAIL %s: %s" % (name, e))
            failed += 1
            results[name] = (False, str(e))
        except Exception as e:  # a bug here, or a PDF we cannot read: still one failed check
            out("FAIL %s: %s: %s" % (name, type(e).__name__, e))
            failed += 1
            results[name] = (False, "%s: %s" % (type(e).__name__, e))
    out("pdf: %d passed, %d failed" % (passed, failed))
    return failed, results


# ---------------------------------------------------------------- a tiny PDF writer (tests)

def _pdf_str(s):
    """A PDF text string: ASCII literal, else UTF-16BE with a byte order mark."""
    if all(32 <= ord(c) < 127 for c in s):
        return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<" + (b"\xfe\xff" + s.encode("utf-16-be")).hex().upper() + ">"


class MiniPdf:
    """A small PDF: Helvetica text (standard font, not embedded), internal links,
    an outline, page labels, named destinations and an Info dictionary."""

    def __init__(self, width=612, height=792):
        self.w, self.h = width, height
        self.pages = []        # {"ops": [...], "links": [...]}
        self.outline = []      # (title, page, y, kids)
        self.labels = []       # (start index, style "D"/"r"/..., prefix, start number)
        self.info = {}
        self.named = {}        # name -> (page, y)

    def new_page(self):
        self.pages.append({"ops": [], "links": []})
        return len(self.pages) - 1

    def text(self, page, x, y, s, size=10, bold=False):
        enc = s.encode("cp1252", "replace").decode("latin-1")
        lit = "(" + enc.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
        self.pages[page]["ops"].append("BT /%s %g Tf %.2f %.2f Td %s Tj ET" % (
            "F2" if bold else "F1", size, x, y, lit))

    def link(self, page, rect, dest_page, dest_y=None, name=None):
        self.pages[page]["links"].append((rect, dest_page, dest_y, name))
        if name:
            self.named[name] = (dest_page, dest_y)

    def write(self, path):
        objs = {}
        n_pages = len(self.pages)
        nxt = [6]  # 1-5 are fixed below

        def new():
            nxt[0] += 1
            return nxt[0] - 1

        page_ids = [new() for _ in range(n_pages)]
        content_ids = [new() for _ in range(n_pages)]

        def dest(p, y):
            return "[%d 0 R /XYZ 0 %g null]" % (page_ids[p], self.h if y is None else y)

        for k, pg in enumerate(self.pages):
            annots = []
            for rect, dp, dy, name in pg["links"]:
                aid = new()
                d = _pdf_str(name) if name else dest(dp, dy)
                objs[aid] = "<< /Type /Annot /Subtype /Link /Rect [%.2f %.2f %.2f %.2f] " \
                            "/Border [0 0 0] /Dest %s >>" % (tuple(rect) + (d,))
                annots.append("%d 0 R" % aid)
            stream = "\n".join(pg["ops"]).encode("latin-1")
            objs[content_ids[k]] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + \
                b"\nendstream"
            objs[page_ids[k]] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] " \
                                "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> " \
                                "/Contents %d 0 R%s >>" % (
                                    self.w, self.h, content_ids[k],
                                    " /Annots [%s]" % " ".join(annots) if annots else "")
        # outline
        outline_root = None

        def build(items, parent):
            ids = [new() for _ in items]
            total = 0
            for j, (title, p, y, kids) in enumerate(items):
                first = last = None
                count = 0
                if kids:
                    kid_ids, count = build(kids, ids[j])
                    first, last = kid_ids[0], kid_ids[-1]
                parts = ["/Title %s" % _pdf_str(title), "/Parent %d 0 R" % parent,
                         "/Dest %s" % dest(p, y)]
                if j > 0:
                    parts.append("/Prev %d 0 R" % ids[j - 1])
                if j + 1 < len(items):
                    parts.append("/Next %d 0 R" % ids[j + 1])
                if first:
                    parts += ["/First %d 0 R" % first, "/Last %d 0 R" % last, "/Count %d" % count]
                objs[ids[j]] = "<< %s >>" % " ".join(parts)
                total += 1 + count
            return ids, total

        if self.outline:
            outline_root = new()
            ids, total = build(self.outline, outline_root)
            objs[outline_root] = "<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (
                ids[0], ids[-1], total)
        cat = ["/Type /Catalog", "/Pages 2 0 R"]
        if outline_root:
            cat += ["/Outlines %d 0 R" % outline_root, "/PageMode /UseOutlines"]
        if self.labels:
            nums = []
            for start, style, prefix, st in self.labels:
                d = []
                if style:
                    d.append("/S /%s" % style)
                if prefix:
                    d.append("/P %s" % _pdf_str(prefix))
                if st != 1:
                    d.append("/St %d" % st)
                nums.append("%d << %s >>" % (start, " ".join(d)))
            cat.append("/PageLabels << /Nums [%s] >>" % " ".join(nums))
        if self.named:
            names = " ".join("%s %s" % (_pdf_str(nm), dest(p, y))
                             for nm, (p, y) in sorted(self.named.items()))
            cat.append("/Names << /Dests << /Names [%s] >> >>" % names)
        objs[1] = "<< %s >>" % " ".join(cat)
        objs[2] = "<< /Type /Pages /Kids [%s] /Count %d >>" % (
            " ".join("%d 0 R" % i for i in page_ids), n_pages)
        objs[3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
        objs[4] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold " \
                  "/Encoding /WinAnsiEncoding >>"
        objs[5] = "<< %s >>" % " ".join("/%s %s" % (k, _pdf_str(v)) for k, v in self.info.items())
        out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        top = nxt[0]
        for i in range(1, top):
            offsets[i] = len(out)
            body = objs.get(i, "null")
            body = body.encode("latin-1") if isinstance(body, str) else body
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % top
        for i in range(1, top):
            out += b"%010d 00000 n \n" % offsets[i]
        out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            top, xref)
        with open(path, "wb") as f:
            f.write(bytes(out))


def _wrap(text, width, hyphenate=True):
    """Greedy line breaking by characters; long words at a line end are hyphenated."""
    lines, cur = [], ""
    for w in text.split():
        if not cur:
            cur = w
        elif len(cur) + 1 + len(w) <= width:
            cur += " " + w
        elif hyphenate and len(w) >= 10 and w.isalpha() and width - len(cur) - 2 >= 4:
            cut = width - len(cur) - 2
            lines.append(cur + " " + w[:cut] + "-")
            cur = w[cut:]
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    return lines


def mock_typeset(guide, path, mutate=(), epoch=None):
    """Typesets the guide roughly like a book (cover, contents with dot leaders and
    links, running headers, "Page N of M" footers, page labels i, ii, 1, 2, ...,
    outline) into a Helvetica-only PDF. For the checker's own tests and for trying
    it before the real engine exists. mutate: names of deliberate defects."""
    pdf = MiniPdf()
    site = guide.site or {}
    top, bottom, left = 740, 60, 72
    heads = guide.outline()
    per_toc_page = 38
    ntoc = max(1, (len(heads) + per_toc_page - 1) // per_toc_page)
    front = 1 + ntoc
    cover = pdf.new_page()
    pdf.text(cover, left, 600, str(site.get("title") or "Guide"), 22, True)
    pdf.text(cover, left, 570, "by %s" % (site.get("author") or ""), 12)
    toc = [pdf.new_page() for _ in range(ntoc)]
    state = {"page": None, "y": 0, "chapter": ""}
    where = {}   # id(unit) -> (page, y)

    def new_page():
        p = pdf.new_page()
        state["page"], state["y"] = p, top
        return p

    def need(h):
        if state["page"] is None or state["y"] - h < bottom:
            new_page()

    def line(s, size=10, bold=False, x=left, gap=None):
        need(size + 4)
        pdf.text(state["page"], x, state["y"], s, size, bold)
        state["y"] -= gap or size + 4

    dropped = False
    for ch in guide.chapters:
        new_page()
        state["chapter"] = ch.title
        units = list(ch.units)
        k = 0
        while k < len(units):
            u = units[k]
            if u.group and u.group[0] == "table":
                grp = [x for x in units[k:] if x.group == u.group]
                k += len(grp)
                cap = [x for x in grp if x.kind == "caption"]
                cells = [x for x in grp if x.kind == "cell"]
                for c in cap:
                    line(c.text, 10, True, gap=16)
                ncol = max(1, sum(1 for x in cells if "column label" in x.label)) if cap else 3
                colw = (468 // ncol)
                for r in range(0, len(cells), ncol):
                    row = cells[r:r + ncol]
                    wrapped = [_wrap(c.text, max(8, colw // 6), hyphenate=False) for c in row]
                    hgt = max(len(w) for w in wrapped)
                    need(hgt * 12 + 4)
                    for j, w in enumerate(wrapped):
                        for li, s in enumerate(w):
                            pdf.text(state["page"], left + j * colw, state["y"] - li * 12, s, 9,
                                     r == 0 and bool(cap))
                    state["y"] -= hgt * 12 + 4
                state["y"] -= 6
                continue
            k += 1
            text = u.text
            if u.kind in ("title", "heading"):
                size = {1: 18, 2: 14, 3: 12}.get(u.level, 11)
                need(size * 3)
                state["y"] -= 6
                where[id(u)] = (state["page"], state["y"] + size + 2)
                for s in _wrap(text, int(900 / size), hyphenate=False):
                    line(s, size, True, gap=size + 6)
                continue
            if "drop-sentence" in mutate and not dropped and u.kind == "para" and \
                    text.count(". ") >= 3:
                parts = text.split(". ")
                text = ". ".join(parts[:1] + parts[2:])
                dropped = True
            text = text.replace(pw.FN_MARK, "1")  # footnote number glued to the word
            indent = 14 if u.kind in ("list item", "quote") else 0
            for j, s in enumerate(_wrap(text, 88 - indent // 5)):
                if j == 0 and u.kind == "list item":
                    need(14)
                    pdf.text(state["page"], left, state["y"], "\x95", 10)
                line(s, 10, x=left + indent)
            state["y"] -= 5
    npages = len(pdf.pages)
    labels = []
    for p in range(npages):
        labels.append(format_label(p + 1, "/r") if p < front else str(p - front + 1))
    pdf.labels = [(0, "r", "", 1), (front, "D", "", 1)]
    # running headers and footers (not on the cover)
    chap_at = {}
    for ch in guide.chapters:
        t = ch.units[0]
        chap_at[where[id(t)][0]] = ch.title
    cur = ""
    for p in range(1, npages):
        if p in chap_at:
            cur = chap_at[p]
        elif p >= front:
            pdf.text(p, left, 760, cur, 8)
        pdf.text(p, 280, 30, "Page %s of %d" % (labels[p], npages - front), 8)
    # contents with dot leaders, links and page numbers
    pdf.text(toc[0], left, top, "Contents", 18, True)
    y = top - 30
    tp = 0
    for n, (depth, title, u) in enumerate(heads):
        if n and n % per_toc_page == 0:
            tp += 1
            y = top
        p, hy = where[id(u)]
        lab = labels[p]
        if "toc-wrong-number" in mutate and n == 2:
            lab = str(int(lab) + 1)
        if "link-wrong-page" in mutate and n == 3:
            p = p - 1
        x = left + 14 * (depth - 1)
        t = title if len(title) < 70 - 3 * depth else title[:66 - 3 * depth] + "..."
        dots = "." * max(3, 95 - len(t) - 3 * depth)
        pdf.text(toc[tp], x, y, "%s %s" % (t, dots), 9 if depth > 1 else 10, depth == 1)
        pdf.text(toc[tp], 520, y, lab, 10)
        # every third link covers the title only, the others the whole line; odd ones use
        # a named destination
        x1 = min(535, x + 4.6 * len(t)) if n % 3 == 0 else 535
        pdf.link(toc[tp], (x - 1, y - 3, x1, y + 10), p, hy, name="h%d" % n if n % 2 else None)
        y -= 17
    # outline
    stack = [(0, pdf.outline)]
    for n, (depth, title, u) in enumerate(heads):
        if "outline-missing" in mutate and n == 1:
            continue
        p, hy = where[id(u)]
        while stack[-1][0] >= depth:
            stack.pop()
        kids = []
        stack[-1][1].append((title, p, hy, kids))
        stack.append((depth, kids))
    pdf.info = {"Title": str(site.get("title") or ""), "Author": str(site.get("author") or ""),
                "Subject": str(site.get("description") or "")[:200],
                "Keywords": "mock, test", "Creator": "pdf-check.py mock typesetter",
                "Producer": "pdf-check.py"}
    if epoch is not None:
        d = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
        pdf.info["CreationDate"] = d.strftime("D:%Y%m%d%H%M%SZ")
    pdf.write(path)
    return pdf


# ---------------------------------------------------------------- self test

SELFTEST_SITE = """title: "Mock Guide"
author: Test Author
description: "A guide for testing."
pdf_name: mock
"""
SELFTEST_CH1 = """---
title: "First Chapter: Start"
weight: 10
---

Intro paragraph with *emphasis*, **strong**, `code`, a [link](https://example.org/x "t") and
an ![image](a.png) that is not text. The extraordinarily comprehensive paragraph continues
with several sentences. This sentence is the second one. A third one follows here. And
a fourth, with "curly" quotes and a dash — like this.

## Section One

- First item of the list
- Second item with snake_case and 5 * 3 = 15
  continued lazily

> A quoted paragraph.

```table prices
Caption text
```

### Deeper Heading

Text after the table mentions internationalisation and characterisation repeatedly.
"""
SELFTEST_CH2 = """---
title: "Second Chapter"
weight: 20
---

Closing words[^n] of the guide, long enough to wrap over more than one line of the mock
typesetter so that a page break may fall inside it, which the matcher must accept.

```
code_block(line) here
```

Raw <b>HTML</b> is text when markdown.unsafe is false.

[^n]: The footnote text.

```faq faq
```
"""
SELFTEST_PRICES = """caption: Price List 2026
columns:
  - {key: item, label: Item}
  - {key: price, label: Price, prefix: "$"}
  - {key: share, label: Share, suffix: "%", decimals: 1}
rows:
  - {id: a, item: Apples, price: 22000, share: 12.25}
  - {id: b, item: "Pears", price: {low: 5, high: 15}, share: {text: "about half"}}
  - {id: c, item: yes, price: {value: 3, prefix: "EUR "}, share: {low: 0.5, high: 1, suffix: "x"}}
"""
SELFTEST_FAQ = """items:
  - question: "Is this a question?"
    answer: |
      Yes, and **this** is its answer.
  - question: "Second *question*?"
    answer: "Answer two."
"""


class _T:
    def __init__(self):
        self.passed = self.failed = 0

    def eq(self, name, got, want):
        if got == want:
            self.passed += 1
            if VERBOSE:
                print("ok %s" % name)
        else:
            self.failed += 1
            print("FAIL %s: got %r, want %r" % (name, got, want))

    def true(self, name, cond, detail=""):
        self.eq(name, bool(cond), True) if cond else self._fail(name, detail)

    def _fail(self, name, detail):
        self.failed += 1
        print("FAIL %s: %s" % (name, detail))


def selftest():
    t = _T()
    W = pw.plain_words
    # -- normaliser
    t.eq("nfkc ligature", W("e\ufb03cient \ufb01le"), ["efficient", "file"])
    t.eq("curly quotes", W("\u201cQuoted\u201d it\u2019s \u2018x\u2019"), ['"Quoted"', "it's", "'x'"])
    t.eq("dashes dropped", W("2026 \u2014 data\u2013driven - and -- x"),
         ["2026", "data", "driven", "and", "x"])
    t.eq("soft hyphen, nbsp, zero width", W("com\u00adpari\u200bson a\u00a0b"),
         ["comparison", "a", "b"])
    t.eq("hyphen chars", W("real\u2010time \u22125"), ["real-time", "-5"])
    # -- PDF text: dehyphenation, soft hyphens, furniture
    pt = pw.pdf_text("The compa-\nrison of real-\ntime and COVID-\n19 with soft\u00ad\nhyphen\n\f")
    t.eq("dehyphenate", [tk.alts[0] for tk in pt.tokens],
         [("The",), ("comparison",), ("of",), ("realtime",), ("and",), ("COVID-19",),
          ("with",), ("softhyphen",)])
    t.eq("dehyphenate keeps hyphenated alternative", pt.tokens[3].alts[1], ("real-time",))
    m = pw.Matcher(pt)
    t.true("match across dehyphenation", m.candidates(W("The comparison of real-time and COVID-19")))
    pages = ["Running Head\n%s\nPage %d of 3" % (b, k) for k, b in ((1, "one"), (2, "two"), (3, "three"))]
    pt = pw.pdf_text("\f".join(pages) + "\f")
    t.eq("furniture lines", sorted(pt.furniture_lines), [0, 2, 3, 5, 6, 8])
    # -- page breaks inside a paragraph; a dropped sentence is found
    pdf_txt = ("Cover Title\n\fContents\nChapter One ....... 1\n\f"
               "Chapter One\nThe first sentence is here. The second sentence\n"
               "Page 1 of 2\n\fRunning Head\ncontinues on this page. The third one ends it.\n"
               "Another paragraph.\nPage 2 of 2\n\f")
    ch = pw.Chapter(1, "Chapter One", "x.md", 1)
    for kind, text in (("title", "Chapter One"),
                       ("para", "The first sentence is here. The second sentence continues on "
                                "this page. The third one ends it."),
                       ("para", "Another paragraph.")):
        ch.add(pw.Unit(kind, text, "x.md", 1))
    res = pw.match_units(ch.units, pw.pdf_text(pdf_txt))
    t.eq("paragraph across page break", [str(f) for f in res.failures], [])
    t.true("title placed in body, not contents",
           res.placed.get(id(ch.units[0])) and pw.pdf_text(pdf_txt).tokens[
               res.placed[id(ch.units[0])][0]].page == 3, "placed %r" % res.placed)
    bad = pdf_txt.replace("The second sentence\n", "\n")
    res = pw.match_units(ch.units, pw.pdf_text(bad))
    t.eq("dropped sentence fails its paragraph", [f.unit.label for f in res.failures],
         [ch.units[1].label])
    t.true("failure shows context", res.failures and "[second]" in str(res.failures[0])
           and "sentence is here. The" in str(res.failures[0]), res.failures and res.failures[0])
    bad = pdf_txt.replace("Another paragraph.\n", "").replace("Chapter One\nThe",
                                                              "Another paragraph.\nChapter One\nThe")
    res = pw.match_units(ch.units, pw.pdf_text(bad))
    t.eq("out of order paragraph fails", [f.unit.label for f in res.failures], [ch.units[2].label])
    bad = pdf_txt.replace("here. The", "here. EXTRA The")
    res = pw.match_units(ch.units, pw.pdf_text(bad))
    t.eq("inserted word inside a paragraph fails", len(res.failures), 1)
    # -- Markdown inline and blocks
    it = pw.inline_text
    t.eq("inline emphasis", it("*a* **b** _c_ __d__ ~~e~~ snake_case_name 5 * 3 *nix"),
         "a b c d e snake_case_name 5 * 3 *nix")
    t.eq("inline links", it("[text](http://x \"t\") <https://a.b/c> ![alt](i.png) [ref][r] \\*x\\*",
                            refs={"r"}), "text https://a.b/c  ref *x*")
    t.eq("inline code, entities", it("`a *b*` &amp; &copy; & x"), "a *b* & \u00a9 & x")
    t.eq("footnote marker", W(it("word[^1] next", footnotes={"1"})), ["word", "next"])
    t.eq("footnote marker position", pw.words(it("word[^1].", footnotes={"1"}))[0].fn_at, 4)
    blocks = pw.parse_blocks(SELFTEST_CH1.split("---\n", 2)[2].split("\n"))
    t.eq("blocks", [b.kind for b in blocks], ["para", "heading", "list", "quote", "code", "heading",
                                              "para"])
    t.eq("list items", [b.children[0].text for b in blocks[2].children],
         ["First item of the list", "Second item with snake_case and 5 * 3 = 15\ncontinued lazily"])
    t.eq("gfm table", [b.rows for b in pw.parse_blocks(["a | b", "--|:-:", "1 | 2 \\| 3"])],
         [[["a", "b"], ["1", "2 | 3"]]])
    t.eq("setext + ordered", [(b.kind, b.level) for b in pw.parse_blocks(
        ["Title", "=====", "", "1. one", "2. two", "", "Sub", "---"])],
         [("heading", 1), ("list", 0), ("heading", 2)])
    # -- table cells like the generator
    col = {"prefix": "$"}
    t.eq("cell number grouped", pw.cell_text(22000, {}), "22,000")
    t.eq("cell number prefix", pw.cell_text(1234567.5, col), "$1,234,567.5")
    t.eq("cell range", pw.cell_text({"low": 55, "high": 95}, col), "$55 to $95")
    t.eq("cell range suffix override", pw.cell_text({"low": 0.5, "high": 1, "suffix": "s"}, {}),
         "0.5 to 1s")
    t.eq("cell text wins", pw.cell_text({"text": "$118,000+", "value": 118000}, col), "$118,000+")
    t.eq("cell value + decimals", pw.cell_text({"value": 3}, {"decimals": 2, "suffix": "%"}), "3.00%")
    t.eq("cell negative", pw.cell_text(-1500, {}), "-1,500")
    t.eq("yaml like the generator", pw.load_yaml("a: yes\nb: 1_000\nc: 2026-03-30\nd: 12\ne: .5\n"),
         {"a": "yes", "b": "1_000", "c": "2026-03-30", "d": 12.0, "e": 0.5})
    t.eq("toc entry split", split_toc_entry("Chapter Two: Go . . . . . . . 12"),
         ("Chapter Two: Go", "12"))
    t.eq("toc entry roman", split_toc_entry("Preface ........ iv"), ("Preface", "iv"))
    t.eq("toc entry no number", split_toc_entry("Just a heading"), ("Just a heading", None))
    t.eq("page labels", [format_label(n, s) for n, s in ((4, "/r"), (14, "/R"), (28, "/A"),
                                                       (7, "/D"))], ["iv", "XIV", "BB", "7"])
    t.eq("pdf dates", [parse_pdf_date("D:20260330120000Z"),
                       parse_pdf_date("D:20260330140000+02'00'"),
                       parse_pdf_date("D:20260330120000Z00'00'"),  # libharu's form
                       parse_pdf_date("D:2026")], [1774872000] * 3 + [1767225600])
    fonts = parse_pdffonts(
        "name                                 type              encoding         emb sub uni object ID\n"
        "------------------------------------ ----------------- ---------------- --- --- --- ---------\n"
        "AAAAAA+DejaVuSans-Bold               CID TrueType      Identity-H       yes yes yes     30  0\n"
        "BAAAAA+AVeryLongFontNameThatOverflowsTheColumn-BoldItalic Type 3  Custom  no  no  no  7  0\n"
        "[none]                               Type 3            Custom           yes no  no       9  0\n")
    t.eq("pdffonts rows", [(f["name"], f["type"], f["emb"]) for f in fonts],
         [("AAAAAA+DejaVuSans-Bold", "CID TrueType", "yes"),
          ("BAAAAA+AVeryLongFontNameThatOverflowsTheColumn-BoldItalic", "Type 3", "no"),
          ("[none]", "Type 3", "yes")])
    # -- the whole check on generated PDFs
    if not all(shutil.which(x) for x in ("qpdf", "pdftotext", "pdffonts", "pdfinfo", "pdftoppm")):
        t._fail("tools", "qpdf/poppler-utils missing: " + TOOLS_HINT)
    else:
        _selftest_pdfs(t)
    print("selftest: %d passed, %d failed" % (t.passed, t.failed))
    return 1 if t.failed else 0


def _selftest_pdfs(t):
    tmp = tempfile.mkdtemp(prefix="pdf-check-selftest-")
    try:
        content = os.path.join(tmp, "content")
        os.makedirs(os.path.join(content, "guide"))
        os.makedirs(os.path.join(content, "data"))
        files = {"site.yaml": SELFTEST_SITE, "guide/_index.md": "---\ntitle: Mock\nweight: 1\n---\n",
                 "guide/one.md": SELFTEST_CH1, "guide/two.md": SELFTEST_CH2,
                 "data/prices.yaml": SELFTEST_PRICES, "data/faq.yaml": SELFTEST_FAQ}
        for name, text in files.items():
            with open(os.path.join(content, name), "w", encoding="utf-8") as f:
                f.write(text)
        guide = pw.load_guide(content)
        t.eq("guide chapters", [c.title for c in guide.chapters], ["First Chapter: Start",
                                                                    "Second Chapter"])
        cells = [u.text for u in guide.units() if u.kind == "cell"]
        t.eq("guide table cells", cells, ["Item", "Price", "Share", "Apples", "$22,000", "12.2%",
                                          "Pears", "$5 to $15", "about half", "yes", "EUR 3",
                                          "0.5 to 1.0x"])
        t.eq("guide units of chapter 2", [(u.kind, u.text) for u in guide.chapters[1].units][1:4] +
             [(u.kind, u.text, u.group[0]) for u in guide.chapters[1].units if u.group],
             [("para", "Closing words%s of the guide, long enough to wrap over more than one line "
                       "of the mock typesetter so that a page break may fall inside it, which the "
                       "matcher must accept." % pw.FN_MARK),
              ("code", "code_block(line) here"),
              ("para", "Raw <b>HTML</b> is text when markdown.unsafe is false."),
              ("para", "The footnote text.", "float")])
        t.eq("guide outline", [(d, s) for d, s, _ in guide.outline()],
             [(1, "First Chapter: Start"), (2, "Section One"), (3, "Deeper Heading"),
              (1, "Second Chapter"), (2, "Is this a question?"), (2, "Second *question*?")])
        epoch = 1774828800
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        args = argparse.Namespace(ignore_case=False, max_break=40, png_dir=os.path.join(tmp, "png"),
                                  expect_outline_from_content=True, skip=[])
        good = os.path.join(tmp, "good.pdf")
        mock_typeset(guide, good, epoch=epoch)
        lines = []
        failed, res = run_checks(good, args, guide, out=lines.append)
        for name in ("qpdf", "text", "outline", "toc-links", "toc-pages", "metadata", "png"):
            t.true("good pdf: %s" % name, res.get(name, (False,))[0], res.get(name))
        t.true("good pdf: fonts fail (Helvetica is not embedded)",
               not res["fonts"][0] and "not embedded: Helvetica" in res["fonts"][1], res["fonts"])
        t.eq("summary line", lines[-1], "pdf: 7 passed, 1 failed")
        toc = PdfDoc(good)
        t.true("named destination resolves", any(
            l["dest"] is not None for l in toc.links(1)), "links %r" % toc.links(1)[:2])
        t.eq("outline parsed", [(d, s) for d, s, _ in toc.outline()][:3],
             [(1, "First Chapter: Start"), (2, "Section One"), (3, "Deeper Heading")])
        t.eq("page labels parsed", PdfDoc(good).labels()[:4], ["i", "ii", "1", "2"])
        cases = [("drop-sentence", "text", "paragraph 1", []),
                 ("toc-wrong-number", "toc-pages", "prints", []),
                 ("link-wrong-page", "toc-links", "does not show", ["toc-pages"]),
                 ("outline-missing", "outline", "entry 2", [])]
        for mutation, check, needle, also in cases:
            p = os.path.join(tmp, mutation + ".pdf")
            mock_typeset(guide, p, mutate=(mutation,), epoch=epoch)
            args.png_dir = None
            _, res = run_checks(p, args, guide, out=lambda s: None)
            ok, detail = res[check]
            t.true("%s detected by %s" % (mutation, check), not ok and needle in detail,
                   "%s: %r" % (check, res[check]))
            others = [n for n, (o, _) in res.items() if not o and n not in (check, "fonts")]
            t.eq("%s: other checks still pass" % mutation, others, also)
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch + 1)
        _, res = run_checks(good, args, guide, out=lambda s: None)
        t.true("metadata: CreationDate differs from SOURCE_DATE_EPOCH", not res["metadata"][0],
               res["metadata"])
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- main

def main(argv=None):
    global VERBOSE
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdf", nargs="?", help="the PDF to check")
    ap.add_argument("--content", help="the content folder (content/)")
    ap.add_argument("--png-dir", help="render every page to DIR/page-N.png (60 dpi)")
    ap.add_argument("--expect-outline-from-content", action="store_true",
                    help="the outline must list every chapter title and ## / ### heading")
    ap.add_argument("--ignore-case", action="store_true", help="compare words ignoring case")
    ap.add_argument("--max-break", type=int, default=40,
                    help="PDF words allowed inside a paragraph at a page break (default 40)")
    ap.add_argument("--skip", action="append", choices=[n for n, _ in CHECKS],
                    help="leave a check out (repeatable)")
    ap.add_argument("--selftest", action="store_true", help="test this tool and exit")
    ap.add_argument("--mock-pdf", metavar="OUT",
                    help="write a mock typeset PDF of --content to OUT (Helvetica, not embedded)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    VERBOSE = args.verbose
    if args.selftest:
        return selftest()
    if not args.content:
        ap.error("--content DIR is needed")
    try:
        guide = pw.load_guide(args.content)
    except (OSError, ValueError) as e:
        print("pdf-check: cannot read %s: %s" % (args.content, e), file=sys.stderr)
        return 2
    if args.mock_pdf:
        sde = os.environ.get("SOURCE_DATE_EPOCH")
        mock_typeset(guide, args.mock_pdf, epoch=int(sde) if sde else None)
        print("wrote %s" % args.mock_pdf)
        return 0
    if not args.pdf:
        ap.error("the PDF to check is needed")
    failed, _ = run_checks(args.pdf, args, guide)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
