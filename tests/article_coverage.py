#!/usr/bin/env python3
"""Check that every sentence of a source article survives in a content folder.

Usage: python3 tests/article_coverage.py ARTICLE CONTENT_DIR

The content of the site is the article re-cut into Markdown pages and YAML
data files, without paraphrase. This script proves it: it splits the article
(a plain-text scrape, one paragraph per line) into checks and looks each one
up in CONTENT_DIR. Only the Python 3 standard library is used; YAML is read
as text by a small reader for the subset the data files use (no PyYAML).

Checks
  Prose lines are split on sentence boundaries ('.', '!' or '?', optionally
  followed by a closing quote, then whitespace). Each sentence must occur,
  on word boundaries, in the concatenated text of every .md and .yaml file
  under CONTENT_DIR after light normalisation of both sides:
    - Markdown emphasis markers ** and * are removed;
    - backslash escapes are undone (Markdown "\\." and YAML "\\"");
    - runs of whitespace become one space (so YAML folded or wrapped
      strings and Markdown soft breaks match).

  Table lines ("a | b | c |") are split on "|" into cells; "|---|" separator
  lines and empty cells are ignored. The line before a table's header row is
  its caption. A table whose caption equals the caption of a data file
  content/data/NAME.yaml is checked against that file, cell by cell:
    - header cells must equal the column labels, in order;
    - each body row is the YAML row whose first-column cell displays as the
      article row's first cell, and every cell must display as the article
      cell under the site's rendering rules for table cells:
        string            -> as is
        number            -> prefix + number with thousands separators
                             (22000 -> "22,000") + suffix
        {low, high}       -> prefix low " to " prefix high suffix
                             ({low: 0.5, high: 1, suffix: "s"} -> "0.5 to 1s")
        {text, ...}       -> text verbatim (other keys are data)
      where prefix/suffix/decimals come from the cell map, else the column.
      Only if a cell's YAML is in a form this reader cannot display, the
      fallback rule applies: every number of the cell (thousands separators
      removed) appears, in the same order, among the numbers of the YAML
      cell; every word except the range connector "to" appears among its
      words; and any "$" or "%" of the cell appears in the YAML cell or its
      column definition.
  A table without a matching data file falls back to looking up each cell
  verbatim, like a sentence.

  Key/value cards: a line equal to a data file's caption that is not
  followed by a table header starts a card; the following "Label: value"
  lines are two-cell rows [Label, value] of that data file (the label is the
  first column without its colon).

Source quirks handled (not whitelisted, they are still checked)
  The scrape glues a post's date to the next line's text ("March 30,
  2026Total Cost of ..."); a date "Month D, YYYY" directly followed by a
  non-space character is split into two lines.

Whitelist (skipped, neither passed nor failed) -- and nothing else:
  "Table of Contents"  the source page's table-of-contents widget label; the
                       site generates its own table of contents.
  "-"                  lone dashes separating the FAQ items in the scrape;
                       they carry no text.

Output: one "ARTICLE:LINE: missing: ..." line per failed check, then
"N passed, M failed". Exit status 1 if anything is missing, 2 on usage error.
"""

import os
import re
import sys

WHITELIST = {
    "Table of Contents",  # the scraped page's TOC widget; the site builds its own TOC
    "-",  # lone separator dashes between FAQ items in the scrape; no text
}

MONTHS = ("January|February|March|April|May|June|July|August|September|"
          "October|November|December")
GLUED_DATE = re.compile(r"^((?:%s) \d{1,2}, \d{4})(?=\S)(.*)$" % MONTHS)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”’'])\s+")
TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
CARD_LINE = re.compile(r"^([^:|]{1,40}): (.+)$")
NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


# ---------------------------------------------------------------- text

def normalise(text):
    """The light normalisation applied to article and content alike."""
    text = text.replace("**", "").replace("*", "")
    text = re.sub(r"\\\n", "\n", text)              # Markdown hard break
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)  # \. \" \\ ...
    return re.sub(r"\s+", " ", text).strip()


def contains(haystack, needle):
    """needle occurs in haystack, not inside a longer word."""
    pat = r"(?<!\w)" + re.escape(needle) + r"(?!\w)"
    return re.search(pat, haystack) is not None


def sentences(line):
    return [s for s in (p.strip() for p in SENTENCE_END.split(line)) if s]


def cells_of(line):
    return [c.strip() for c in line.split("|") if c.strip()]


# ---------------------------------------------------------------- YAML subset

def _strip_comment(s):
    m = re.search(r"\s#", s)
    return s[:m.start()] if m else s


def _double_quoted(s, i):
    """Parses a double-quoted scalar starting at s[i] == '"'; -> (str, end)."""
    out, i = [], i + 1
    esc = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "/": "/", " ": " "}
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append(esc.get(s[i + 1], s[i + 1]))
            i += 2
            continue
        if c == '"':
            return re.sub(r"\s*\n\s*", " ", "".join(out)), i + 1
        out.append(c)
        i += 1
    raise ValueError("unterminated double-quoted string")


def _single_quoted(s, i):
    out, i = [], i + 1
    while i < len(s):
        if s[i] == "'":
            if s[i + 1:i + 2] == "'":
                out.append("'")
                i += 2
                continue
            return re.sub(r"\s*\n\s*", " ", "".join(out)), i + 1
        out.append(s[i])
        i += 1
    raise ValueError("unterminated single-quoted string")


def _typed(plain):
    plain = plain.strip()
    if NUMBER.match(plain):
        return float(plain)
    return plain


def parse_flow_map(s):
    """{a: 1, b: "x, y"} -> dict; numbers become float. None if not a map."""
    s = s.strip()
    if not s.startswith("{"):
        return None
    out, i = {}, 1
    while i < len(s):
        while i < len(s) and s[i] in " \t\n,":
            i += 1
        if i >= len(s) or s[i] == "}":
            return out
        j = s.index(":", i)
        key = s[i:j].strip().strip("\"'")
        i = j + 1
        while i < len(s) and s[i] in " \t\n":
            i += 1
        if s[i] == '"':
            val, i = _double_quoted(s, i)
        elif s[i] == "'":
            val, i = _single_quoted(s, i)
        else:
            j = i
            while j < len(s) and s[j] not in ",}":
                j += 1
            val, i = _typed(s[i:j]), j
        out[key] = val
    raise ValueError("unterminated flow map")


def scalar(raw):
    """The value of a raw YAML scalar text: str, float, dict or None."""
    head, _, rest = raw.partition("\n")
    if not head.strip() and rest.strip():
        # A block map on the following, more-indented lines ("k: v" each).
        out, key = {}, None
        for line in rest.split("\n"):
            m = re.match(r"^\s*([A-Za-z0-9_-]+):(?:\s+(.*))?$", line)
            if m and (key is None or _indent(line) <= indent):
                key, indent = m.group(1), _indent(line)
                out[key] = m.group(2) or ""
            elif key is not None:
                out[key] += "\n" + line
            elif line.strip():
                return None
        return {k: scalar(v) for k, v in out.items()}
    raw = raw.strip("\n")
    first = raw.lstrip()
    if not first:
        return None
    if first[0] in ">|":
        body = [ln.strip() for ln in raw.split("\n")[1:]]
        sep = " " if first[0] == ">" else "\n"
        return sep.join(body).strip()
    if first[0] == '"':
        return _double_quoted(first, 0)[0]
    if first[0] == "'":
        return _single_quoted(first, 0)[0]
    if first[0] == "{":
        return parse_flow_map(first)
    return _typed(re.sub(r"\s*\n\s*", " ", _strip_comment(first)))


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def parse_items(lines):
    """A YAML block sequence of maps -> list of {key: raw value text}.
    Items are flow maps ("- {k: v}") or block maps ("- k: v" then "  k: v"),
    values may continue on more-indented lines."""
    items, cur, key, base = [], None, None, None
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            if cur is not None and key:
                cur[key] += "\n"
            continue
        ind = _indent(line)
        body = line.strip()
        if body.startswith("- ") and (base is None or ind == base):
            base = ind
            rest = body[2:].strip()
            if rest.startswith("{"):
                flow = parse_flow_map(_strip_after_flow(rest))
                cur = {k: _raw_of(v) for k, v in flow.items()}
                items.append(cur)
                key = None
                continue
            cur, key = {}, None
            items.append(cur)
            ind, body = ind + 2, rest
        if cur is None:
            continue
        m = re.match(r"^([A-Za-z0-9_-]+):(?:\s+(.*))?$", body)
        if m and ind == base + 2:
            key = m.group(1)
            cur[key] = m.group(2) or ""
        elif key:
            cur[key] += "\n" + line
    return items


def _strip_after_flow(s):
    depth, q, esc = 0, None, False
    for i, c in enumerate(s):
        if q:
            if esc:
                esc = False
            elif c == "\\" and q == '"':
                esc = True
            elif c == q:
                q = None
        elif c in "\"'":
            q = c
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return s[:i + 1]
    return s


def _raw_of(v):
    if isinstance(v, float):
        return repr(v)
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def top_level(text):
    """Top-level keys of a YAML document -> {key: [lines of its value]}."""
    out, key = {}, None
    for line in text.split("\n"):
        m = re.match(r"^([A-Za-z0-9_-]+):(?:\s+(.*))?$", line)
        if m:
            key = m.group(1)
            out[key] = [m.group(2) or ""]
        elif key is not None:
            out[key].append(line)
    return out


class Table:
    def __init__(self, path):
        self.path = path
        doc = top_level(open(path, encoding="utf-8").read())
        cap = scalar("\n".join(doc.get("caption", [""])))
        self.caption = normalise(cap) if isinstance(cap, str) else None
        self.columns = []
        for item in parse_items(doc.get("columns", [])[1:]):
            col = {k: scalar(v) for k, v in item.items()}
            col["_src"] = " ".join(item.values())
            self.columns.append(col)
        self.rows = parse_items(doc.get("rows", [])[1:])

    def ok(self):
        return self.caption and self.columns and self.rows


# ---------------------------------------------------------------- cells

def fmt_number(v, decimals):
    if decimals is not None:
        return f"{v:,.{int(decimals)}f}"
    if v == int(v):
        return f"{int(v):,}"
    whole, frac = repr(v).split(".")
    return f"{int(whole):,}.{frac}"


def display(raw, col):
    """How the site displays a cell, or None if this reader cannot tell."""
    try:
        v = scalar(raw)
    except (ValueError, IndexError):
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, float):
        return (str(col.get("prefix") or "") + fmt_number(v, col.get("decimals"))
                + str(col.get("suffix") or ""))
    if isinstance(v, dict):
        if "text" in v:
            return str(v["text"])
        pre = str(v.get("prefix", col.get("prefix")) or "")
        suf = str(v.get("suffix", col.get("suffix")) or "")
        dec = v.get("decimals", col.get("decimals"))
        if isinstance(v.get("low"), float) and isinstance(v.get("high"), float):
            return (pre + fmt_number(v["low"], dec) + " to " + pre
                    + fmt_number(v["high"], dec) + suf)
    return None


def _numbers(s):
    return [float(n.replace(",", "")) for n in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", s)]


def token_rule(cell, raw, col):
    """Fallback: the cell's numbers (in order), words and $/% are in the YAML."""
    have = _numbers(raw)
    it = iter(have)
    if not all(any(n == h for h in it) for n in _numbers(cell)):
        return False
    words = set(re.findall(r"[A-Za-z]+", raw))
    if not all(w in words for w in re.findall(r"[A-Za-z]+", cell) if w != "to"):
        return False
    return all(sym in raw or sym in col["_src"] for sym in "$%" if sym in cell)


def cell_matches(cell, raw, col):
    if raw is None:
        return False, "no such cell"
    shown = display(raw, col)
    if shown is not None:
        return normalise(shown) == normalise(cell), f'displays "{shown}"'
    return token_rule(cell, raw, col), "checked by the token rule"


# ---------------------------------------------------------------- main

def load_content(content_dir):
    texts, tables = [], []
    for root, dirs, files in os.walk(content_dir):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.endswith((".md", ".yaml", ".yml")):
                texts.append(open(path, encoding="utf-8").read())
            if name.endswith((".yaml", ".yml")) and os.path.basename(root) == "data":
                t = Table(path)
                if t.ok():
                    tables.append(t)
    return normalise("\n".join(texts)), tables


def article_lines(path):
    """(line number, text) pairs, with glued dates split apart."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            m = GLUED_DATE.match(line)
            if m:
                out.append((n, m.group(1)))
                out.append((n, m.group(2)))
            else:
                out.append((n, line))
    return out


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: article_coverage.py ARTICLE CONTENT_DIR\n")
        return 2
    article, content_dir = argv[1], argv[2]
    corpus, tables = load_content(content_dir)
    by_caption = {t.caption: t for t in tables}
    lines = article_lines(article)
    passed = failed = 0

    def report(n, text, why=""):
        nonlocal failed
        failed += 1
        print(f"{article}:{n}: missing: {text}" + (f" ({why})" if why else ""))

    def check_sentence(n, s):
        nonlocal passed
        if contains(corpus, normalise(s)):
            passed += 1
        else:
            report(n, s)

    def check_row(n, cells, table):
        """A body row of a data table: find its YAML row, compare cells."""
        nonlocal passed
        name = os.path.basename(table.path)
        col0 = table.columns[0]
        row = next((r for r in table.rows
                    if cell_matches(cells[0], r.get(col0.get("key")), col0)[0]), None)
        if row is None:
            for c in cells:
                report(n, c, f"table cell; no row of {name} starts with it")
            return
        for i, c in enumerate(cells):
            if i >= len(table.columns):
                report(n, c, f"table cell; {name} has no column {i + 1}")
                continue
            col = table.columns[i]
            ok, how = cell_matches(c, row.get(col.get("key")), col)
            if ok:
                passed += 1
            else:
                report(n, c, f"table cell; {name} row {scalar(row.get('id', '')) or '?'}"
                             f", column {col.get('key')} {how}")

    i = 0
    while i < len(lines):
        n, line = lines[i]
        text = normalise(line)
        if not text or text in WHITELIST:
            i += 1
            continue
        nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
        if "|" in line and TABLE_SEP.match(nxt):
            # A table: header, separator, body rows. The caption was the
            # previous line, checked as a sentence already.
            table = by_caption.get(normalise(lines[i - 1][1])) if i else None
            header = cells_of(line)
            if table:
                for k, c in enumerate(header):
                    label = table.columns[k].get("label") if k < len(table.columns) else None
                    if isinstance(label, str) and normalise(label) == normalise(c):
                        passed += 1
                    else:
                        report(n, c, f"table header; {os.path.basename(table.path)} column {k + 1}"
                                     f" is labelled {label!r}")
            else:
                for c in header:
                    check_sentence(n, c)
            i += 2
            while i < len(lines) and "|" in lines[i][1] and not TABLE_SEP.match(lines[i][1]):
                n, row = lines[i]
                if table:
                    check_row(n, cells_of(row), table)
                else:
                    for c in cells_of(row):
                        check_sentence(n, c)
                i += 1
            continue
        for s in sentences(line):
            check_sentence(n, s)
        i += 1
        card = by_caption.get(text)
        if card and not ("|" in nxt):
            while i < len(lines) and CARD_LINE.match(lines[i][1]):
                n, kv = lines[i]
                m = CARD_LINE.match(kv)
                check_row(n, [m.group(1).strip(), m.group(2).strip()], card)
                i += 1

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
