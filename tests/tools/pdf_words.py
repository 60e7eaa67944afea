"""pdf_words - the words a PDF of the guide must contain, and the words it does.

Used by tests/tools/pdf-check.py; importable on its own for unit tests
(Python 3 standard library plus python3-yaml).

Source side (what must be in the PDF)
  load_guide(content_dir) reads content/site.yaml, content/data/*.yaml and
  content/guide/*.md (drafts left out, ordered like the generator: weight,
  then title, then file name) and returns Chapters. Each chapter is a list of
  Units: the front-matter title first, then one unit per heading, paragraph
  (also inside list items, block quotes and footnotes), code block, table
  caption and table cell, in reading order. ```table NAME``` directives become
  the data table's caption, column labels and cells, displayed like
  generator/table.c does; ```faq NAME``` becomes a level-2 heading (the
  question, literal text) and the answer's Markdown for every item;
  ```chart NAME``` directives are not checked (their text is drawn art).
  A guide/_index.md with no body is the book's title page, not a chapter; the
  home page's text (content/_index.md) is the preface, before every chapter.

  Markdown is reduced to the text a reader sees: emphasis/strong/strike
  markers, link and autolink syntax (the link text stays), image syntax (the
  image and its alt text go: neither is printed as text), code backticks,
  heading #'s, list markers, block-quote >'s, link reference definitions,
  footnote markers ([^1]; the word they stick to may be followed by a printed
  footnote number in the PDF), backslash escapes and HTML entities. With
  `markdown: {unsafe: false}` (the default) raw HTML is text, as the
  generator shows it.

PDF side (what is in it)
  pdf_text(text) splits `pdftotext PDF -` output (pages end with \\f) into
  Tokens with the page and line they come from. A word split by a hyphen at
  the end of a line is rejoined ("compa-" + "rison" -> "comparison", with
  "compa-rison" and the two halves kept as alternatives, since the hyphen may
  be a real one); a soft hyphen (U+00AD) at a line end always joins. Lines
  repeated on several pages at the top or bottom (running headers/footers,
  "Page 3 of 12" with digits ignored) are marked as furniture.

Words (both sides, normalise())
  Unicode NFKC (ligatures, NBSP, full-width forms), curly single/double
  quotes and primes used as quotes to ' and ", U+2010/U+2011 hyphens and
  U+2212 minus to '-', soft hyphens and zero-width characters removed. En and
  em dashes (U+2012-U+2015) separate words and are dropped, and so is a token
  made only of '-' characters ("--" may be typeset as a dash). Words are
  split on whitespace; punctuation stays attached and is compared, case is
  compared too (match_units(ignore_case=True) relaxes that; table cells are
  always compared ignoring case, since column labels are often set in
  capitals).

Matching (match_units)
  Ordered units must each occur near-contiguously in the PDF word sequence:
  word after word, where the only PDF words allowed between two words of one
  unit are (a) up to `max_break` words around a page break (footer, header,
  page number, footnotes at the page foot) or (b) furniture words. A dropped,
  added or changed word inside a paragraph therefore fails that paragraph.
  Between units any number of PDF words may come (cover, contents, headers,
  bullets, table-source lines, chart labels). Which occurrence of a unit is
  used is decided for the whole document at once: the longest chain of units
  in source order with increasing PDF positions (so a short heading that also
  appears in the contents or in a running header does not pull the cursor
  away); unmatched units are the failures. Table units are checked as a bag
  of words inside the PDF span between the units that surround the table
  (pdftotext's reading order inside a table is column- or row-wise depending
  on the layout), and the caption near-contiguously in that span.
"""

import difflib
import html
import os
import re
import unicodedata
from collections import Counter

try:
    import yaml
except ImportError:  # pragma: no cover - python3-yaml is a test dependency
    yaml = None

# ---------------------------------------------------------------- normalising

_CHAR_MAP = {
    0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'", 0x2032: "'", 0x02BC: "'",
    0x201C: '"', 0x201D: '"', 0x201E: '"', 0x201F: '"', 0x2033: '"',
    0x2010: "-", 0x2011: "-", 0x2212: "-",
    0x2012: " ", 0x2013: " ", 0x2014: " ", 0x2015: " ", 0x2E3A: " ", 0x2E3B: " ",
    0x00AD: None, 0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None,
}
_DASH_ONLY = re.compile(r"^-+$")
FN_MARK = "\ue000"  # where a footnote reference stood, inside source text


def normalise(s):
    """NFKC + the character map above; whitespace is left for split()."""
    s = unicodedata.normalize("NFKC", s)
    return s.translate(_CHAR_MAP)


class Word(str):
    """A source word; fn_at is the index where a footnote marker stood (or None)."""
    fn_at = None


def words(s):
    """Normalised words of a text (source side); FN_MARK positions become Word.fn_at."""
    out = []
    for tok in normalise(s).split():
        if FN_MARK in tok:
            at = tok.index(FN_MARK)
            tok = tok.replace(FN_MARK, "")
            if not tok:
                continue
            w = Word(tok)
            w.fn_at = at
            out.append(w)
            continue
        if _DASH_ONLY.match(tok):
            continue
        out.append(Word(tok))
    return out


def plain_words(s):
    return [str(w) for w in words(s)]


# ---------------------------------------------------------------- YAML, like the generator

if yaml is not None:
    class _GenLoader(yaml.SafeLoader):
        """YAML 1.2-core-like plain scalars, as generator/yamlload.c resolves them:
        null/~/empty, true/false in three spellings, decimal numbers; everything
        else (dates, yes/no, 0x1F, 1_000) stays a string."""

    _GenLoader.yaml_implicit_resolvers = {}
    _GenLoader.add_implicit_resolver(
        "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
    _GenLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"))
    _GenLoader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
        list("-+0123456789."))


def load_yaml(text):
    if yaml is None:
        raise RuntimeError("python3-yaml is needed (apt-get install python3-yaml)")
    return yaml.load(text, Loader=_GenLoader)


# ---------------------------------------------------------------- table cells (generator/table.c)

def _put_num(x):
    """value.c put_num: shortest text that reads back as the same double."""
    x = float(x)
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "-Infinity" if x < 0 else "Infinity"
    if x == int(x) and abs(x) < 1e15:
        return "%.0f" % (0.0 if x == 0 else x)
    s = ""
    for prec in (15, 16, 17):
        s = "%.*g" % (prec, x)
        if float(s) == x:
            break
    return s


def format_number(x, decimals=-1):
    """table.c dtable_format_number: grouped integer part, `decimals` digits (-1: shortest)."""
    x = float(x)
    if x != x or x in (float("inf"), float("-inf")):
        return "?"
    digits = "%.*f" % (decimals, abs(x)) if decimals is not None and decimals >= 0 else _put_num(abs(x))
    out = "-" if x < 0 else ""
    intlen = digits.index(".") if "." in digits else len(digits)
    if "e" in digits:
        intlen = 0
    for i in range(intlen):
        if i > 0 and (intlen - i) % 3 == 0:
            out += ","
        out += digits[i]
    return out + digits[intlen:]


def _num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def cell_text(cell, column):
    """The display text of one cell (table.c dtable_cell_text)."""
    prefix = column.get("prefix") or ""
    suffix = column.get("suffix") or ""
    dec = column.get("decimals")
    dec = int(dec) if _num(dec) else -1
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if _num(cell):
        return prefix + format_number(cell, dec) + suffix
    if isinstance(cell, dict):
        text = cell.get("text")
        p = cell.get("prefix") if isinstance(cell.get("prefix"), str) else prefix
        s = cell.get("suffix") if isinstance(cell.get("suffix"), str) else suffix
        lo, hi, v = cell.get("low"), cell.get("high"), cell.get("value")
        if isinstance(text, str):
            return text
        if _num(lo) and _num(hi):
            return p + format_number(lo, dec) + " to " + p + format_number(hi, dec) + s
        if _num(v):
            return p + format_number(v, dec) + s
    return ""


# ---------------------------------------------------------------- units

class Unit:
    """One checkable piece of source text."""

    def __init__(self, kind, text, file="", line=0, level=0, group=None, label=""):
        self.kind = kind          # title heading para code caption cell
        self.text = text          # plain text (after Markdown stripping)
        self.words = words(text)
        self.file = file
        self.line = line
        self.level = level        # headings: 1 chapter title, 2.. Markdown level
        self.group = group        # None (ordered), ("table", id) or ("float", id)
        self.label = label        # "paragraph 3", "table 'rates' row 2 'Python'"
        self.chapter = None       # set by Chapter

    def where(self):
        ch = self.chapter
        s = "chapter %d %r" % (ch.index, ch.title) if ch else "?"
        return "%s (%s:%d), %s" % (s, self.file, self.line, self.label or self.kind)

    def __repr__(self):
        return "Unit(%s, %r)" % (self.kind, self.text[:40])


class Chapter:
    def __init__(self, index, title, file, weight):
        self.index = index
        self.title = title
        self.file = file
        self.weight = weight
        self.units = []

    def add(self, unit):
        unit.chapter = self
        self.units.append(unit)

    def headings(self):
        return [u for u in self.units if u.kind in ("title", "heading")]


# ---------------------------------------------------------------- inline Markdown

_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_EMAIL = re.compile(r"<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*)>")
_HTML_TAG = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9\-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:\-]*"
                       r"(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>|!--.*?-->|\?.*?\?>)",
                       re.S)


def _is_space(c):
    return c == "" or c.isspace()


def _is_punct(c):
    return c != "" and (c in _PUNCT or unicodedata.category(c).startswith("P")
                        or unicodedata.category(c).startswith("S"))


class _Ctx:
    def __init__(self, refs, footnotes, unsafe):
        self.refs = refs            # normalised label -> True
        self.footnotes = footnotes  # normalised footnote labels
        self.unsafe = unsafe


def _ref_key(label):
    return " ".join(label.split()).casefold()


def _find_close_bracket(s, i):
    """s[i] == '['; index of the matching ']' (skipping escapes and code spans) or -1."""
    depth = 0
    j = i
    while j < len(s):
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == "`":
            n = len(s[j:]) - len(s[j:].lstrip("`"))
            k = s.find("`" * n, j + n)
            while k != -1 and (k + n < len(s) and s[k + n] == "`"):
                k = s.find("`" * n, k + n + 1)
            if k != -1:
                j = k + n
                continue
            j += n
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


def _link_tail(s, j):
    """s[j] == '(': end index (after ')') of an inline link destination+title, or -1."""
    k = j + 1
    n = len(s)
    while k < n and s[k] in " \t\n":
        k += 1
    if k < n and s[k] == "<":
        e = s.find(">", k)
        if e == -1:
            return -1
        k = e + 1
    else:
        depth = 0
        while k < n and not s[k].isspace():
            c = s[k]
            if c == "\\":
                k += 2
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            k += 1
    while k < n and s[k] in " \t\n":
        k += 1
    if k < n and s[k] in "\"'(":
        close = ")" if s[k] == "(" else s[k]
        e = k + 1
        while e < n and s[e] != close:
            e += 2 if s[e] == "\\" else 1
        if e >= n:
            return -1
        k = e + 1
        while k < n and s[k] in " \t\n":
            k += 1
    if k < n and s[k] == ")":
        return k + 1
    return -1


def _inline_tokens(s, ctx):
    """Text pieces (str) and delimiter runs ([char, count, can_open, can_close])."""
    out = []
    buf = []
    i, n = 0, len(s)

    def flush():
        if buf:
            out.append("".join(buf))
            buf.clear()

    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n and s[i + 1] in _PUNCT:
            buf.append(s[i + 1])
            i += 2
            continue
        if c == "\\" and i + 1 < n and s[i + 1] == "\n":
            buf.append(" ")
            i += 2
            continue
        if c == "`":
            m = len(s[i:]) - len(s[i:].lstrip("`"))
            k = i + m
            close = -1
            while True:
                k = s.find("`" * m, k)
                if k == -1:
                    break
                e = k + m
                if (e < n and s[e] == "`") or s[k - 1] == "`":
                    k = e
                    while k < n and s[k] == "`":
                        k += 1
                    continue
                close = k
                break
            if close == -1:
                buf.append("`" * m)
                i += m
                continue
            code = s[i + m:close].replace("\n", " ")
            if len(code) >= 2 and code[0] == " " and code[-1] == " " and code.strip(" "):
                code = code[1:-1]
            buf.append(code)
            i = close + m
            continue
        if c == "<":
            m = _AUTOLINK.match(s, i) or _EMAIL.match(s, i)
            if m:
                buf.append(m.group(1))
                i = m.end()
                continue
            m = _HTML_TAG.match(s, i)
            if m:
                if not ctx.unsafe:
                    buf.append(m.group(0))
                i = m.end()
                continue
        if c == "&":
            m = _ENTITY.match(s, i)
            if m:
                buf.append(html.unescape(m.group(0)))
                i = m.end()
                continue
        if c == "!" and i + 1 < n and s[i + 1] == "[":
            e = _find_close_bracket(s, i + 1)
            if e != -1:
                if e + 1 < n and s[e + 1] == "(":
                    t = _link_tail(s, e + 1)
                    if t != -1:
                        i = t  # an image: neither it nor its alt text is printed as text
                        continue
                label = s[i + 2:e]
                ref = None
                if e + 1 < n and s[e + 1] == "[":
                    e2 = s.find("]", e + 2)
                    if e2 != -1:
                        ref = s[e + 2:e2] or label
                        if _ref_key(ref) in ctx.refs:
                            i = e2 + 1
                            continue
                if _ref_key(label) in ctx.refs:
                    i = e + 1
                    continue
        if c == "[":
            if i + 1 < n and s[i + 1] == "^":
                e = s.find("]", i)
                if e != -1 and _ref_key(s[i + 2:e]) in ctx.footnotes:
                    buf.append(FN_MARK)
                    i = e + 1
                    continue
            e = _find_close_bracket(s, i)
            if e != -1:
                inner = s[i + 1:e]
                end = -1
                if e + 1 < n and s[e + 1] == "(":
                    end = _link_tail(s, e + 1)
                if end == -1 and e + 1 < n and s[e + 1] == "[":
                    e2 = s.find("]", e + 2)
                    if e2 != -1:
                        ref = s[e + 2:e2] or inner
                        if _ref_key(ref) in ctx.refs:
                            end = e2 + 1
                if end == -1 and _ref_key(inner) in ctx.refs:
                    end = e + 1
                if end != -1:
                    flush()
                    out.extend(_inline_tokens(inner, ctx))
                    i = end
                    continue
        if c in "*_~":
            m = len(s[i:]) - len(s[i:].lstrip(c))
            before = s[i - 1] if i > 0 else ""
            after = s[i + m] if i + m < n else ""
            left = not _is_space(after) and (not _is_punct(after) or _is_space(before) or _is_punct(before))
            right = not _is_space(before) and (not _is_punct(before) or _is_space(after) or _is_punct(after))
            if c == "_":
                can_open = left and (not right or _is_punct(before))
                can_close = right and (not left or _is_punct(after))
            else:
                can_open, can_close = left, right
            if c == "~" and m > 2:
                can_open = can_close = False
            flush()
            out.append([c, m, can_open, can_close, m])
            i += m
            continue
        if c == "\n":
            while buf and buf[-1] == " ":
                buf.pop()
            buf.append(" ")
            i += 1
            continue
        buf.append(c)
        i += 1
    flush()
    return out


def _process_emphasis(toks):
    """CommonMark's delimiter matching, reduced to removing the matched markers."""
    delims = [k for k, t in enumerate(toks) if isinstance(t, list)]
    for ci, k in enumerate(delims):
        closer = toks[k]
        while closer[3] and closer[1] > 0:
            found = None
            for oi in range(ci - 1, -1, -1):
                o = toks[delims[oi]]
                if o[1] <= 0 or o[0] != closer[0] or not o[2]:
                    continue
                if closer[0] == "~":
                    if o[1] != closer[1]:
                        continue
                elif (o[3] or closer[2]) and (o[4] + closer[4]) % 3 == 0 and not (
                        o[4] % 3 == 0 and closer[4] % 3 == 0):
                    continue
                found = oi
                break
            if found is None:
                break
            o = toks[delims[found]]
            use = closer[1] if closer[0] == "~" else (2 if o[1] >= 2 and closer[1] >= 2 else 1)
            o[1] -= use
            closer[1] -= use
            for mid in range(found + 1, ci):  # delimiters inside can no longer match
                toks[delims[mid]][2] = toks[delims[mid]][3] = False
    return "".join(t if isinstance(t, str) else t[0] * t[1] for t in toks)


def inline_text(s, refs=(), footnotes=(), unsafe=False):
    """Markdown inline syntax -> the text a reader sees (soft breaks become spaces)."""
    ctx = _Ctx(set(refs), set(footnotes), unsafe)
    s = re.sub(r" {2,}\n", "\n", s)
    return _process_emphasis(_inline_tokens(s, ctx))


# ---------------------------------------------------------------- block Markdown

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_QUOTE = re.compile(r"^ {0,3}> ?")
_ITEM = re.compile(r"^( {0,3})([-+*]|[0-9]{1,9}[.)])(?=[ \t]|$)([ \t]*)(.*)$")
_REFDEF = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:[ \t]*(<[^>]*>|\S+)"
                     r"(?:[ \t]+(\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$")
_FNDEF = re.compile(r"^ {0,3}\[\^([^\]]+)\]:[ \t]?(.*)$")
_HTML_START = re.compile(r"^ {0,3}<(?:/?[A-Za-z][A-Za-z0-9\-]*(?:[\s/>]|$)|!--|\?|![A-Z]|!\[CDATA\[)")
_HTML_BLOCK_TAGS = set(
    "address article aside base basefont blockquote body caption center col colgroup dd details "
    "dialog dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 "
    "head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option p "
    "param search section summary table tbody td tfoot th thead title tr track ul pre script style "
    "textarea".split())
_TABLE_DELIM = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


def _split_row(line):
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells, cur, i = [], [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s) and s[i + 1] == "|":
            cur.append("|")
            i += 2
            continue
        if s[i] == "|":
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(s[i])
        i += 1
    cells.append("".join(cur).strip())
    return cells


def _expand_tabs(line):
    return line.expandtabs(4) if "\t" in line else line


def _indent(line):
    return len(line) - len(line.lstrip(" "))


class Block:
    def __init__(self, kind, line, text="", level=0, info="", children=None, rows=None):
        self.kind = kind  # heading para code html table quote list item footnote directive hr
        self.line = line
        self.text = text
        self.level = level
        self.info = info
        self.children = children or []
        self.rows = rows or []  # table: list of rows (header first) of cell strings

    def __repr__(self):
        return "Block(%s, %r)" % (self.kind, self.text[:30])


def _starts_block(line, in_para):
    """Whether line (not blank) starts a block that interrupts a paragraph."""
    if _ATX.match(line) or _HR.match(line) or _FENCE.match(line) or _QUOTE.match(line):
        return True
    m = _ITEM.match(line)
    if m and m.group(4).strip():
        if m.group(2)[0].isdigit():
            return not in_para or m.group(2)[:-1] == "1"
        return True
    m = _HTML_START.match(line)
    if m:
        name = re.match(r"^ {0,3}</?([A-Za-z][A-Za-z0-9\-]*)", line)
        return bool(not name or name.group(1).lower() in _HTML_BLOCK_TAGS)
    return False


def parse_blocks(lines, first_line=1, refs=None, footnotes=None):
    """A CommonMark-subset block parser (+ GFM tables and footnotes).
    lines: list of str without newlines. Returns a list of Blocks; link
    reference labels go into refs, footnote labels into footnotes."""
    refs = set() if refs is None else refs
    footnotes = set() if footnotes is None else footnotes
    out = []
    para = []      # lines of the open paragraph
    para_line = 0
    i = 0
    n = len(lines)

    def close_para():
        nonlocal para
        if para:
            # leading link reference definitions are not text
            while para:
                m = _REFDEF.match(para[0])
                if not m:
                    break
                refs.add(_ref_key(m.group(1)))
                para.pop(0)
            if para:
                out.append(Block("para", para_line, "\n".join(s.strip() for s in para)))
        para = []

    while i < n:
        line = _expand_tabs(lines[i])
        ln = first_line + i
        if not line.strip():
            close_para()
            i += 1
            continue
        if para:
            m = _SETEXT.match(line)
            if m and not _REFDEF.match(para[0]):
                level = 1 if m.group(1)[0] == "=" else 2
                text = "\n".join(s.strip() for s in para)
                out.append(Block("heading", para_line, text, level=level))
                para = []
                i += 1
                continue
            if _TABLE_DELIM.match(line) and "|" in (para[-1] + line) and \
                    len(_split_row(para[-1])) == len(_split_row(line)):
                header = para.pop()
                close_para()
                rows = [_split_row(header)]
                j = i + 1
                while j < n and lines[j].strip() and not _starts_block(_expand_tabs(lines[j]), False):
                    rows.append(_split_row(lines[j]))
                    j += 1
                out.append(Block("table", ln - 1, rows=rows))
                i = j
                continue
        m = _FENCE.match(line)
        if m and not (m.group(2)[0] == "`" and "`" in m.group(3)):
            close_para()
            ind, fence, info = len(m.group(1)), m.group(2), m.group(3).strip()
            body = []
            j = i + 1
            while j < n:
                l2 = _expand_tabs(lines[j])
                if re.match(r"^ {0,3}" + re.escape(fence[0]) + "{%d,}[ \t]*$" % len(fence), l2):
                    break
                body.append(l2[min(ind, _indent(l2)):])
                j += 1
            out.append(Block("code", ln, "\n".join(body), info=info))
            i = j + 1
            continue
        if not para and _indent(line) >= 4:
            body = []
            j = i
            while j < n and (not lines[j].strip() or _indent(_expand_tabs(lines[j])) >= 4):
                body.append(_expand_tabs(lines[j])[4:])
                j += 1
            while body and not body[-1].strip():
                body.pop()
            out.append(Block("code", ln, "\n".join(body)))
            i = j
            continue
        m = _ATX.match(line)
        if m:
            close_para()
            out.append(Block("heading", ln, (m.group(2) or "").strip(), level=len(m.group(1))))
            i += 1
            continue
        if _HR.match(line) and not (para and _SETEXT.match(line)):
            close_para()
            out.append(Block("hr", ln))
            i += 1
            continue
        if _QUOTE.match(line):
            close_para()
            inner = []
            j = i
            while j < n:
                l2 = _expand_tabs(lines[j])
                if _QUOTE.match(l2):
                    inner.append(_QUOTE.sub("", l2, count=1))
                elif l2.strip() and inner and inner[-1].strip() and not _starts_block(l2, True):
                    inner.append(l2)  # lazy continuation
                else:
                    break
                j += 1
            out.append(Block("quote", ln, children=parse_blocks(inner, ln, refs, footnotes)))
            i = j
            continue
        m = _FNDEF.match(line)
        if m and not para:
            close_para()
            inner = [m.group(2)]
            j = i + 1
            while j < n:
                l2 = _expand_tabs(lines[j])
                if not l2.strip():
                    inner.append("")
                elif _indent(l2) >= 4:
                    inner.append(l2[4:])
                elif inner[-1].strip() and not _starts_block(l2, True):
                    inner.append(l2)
                else:
                    break
                j += 1
            footnotes.add(_ref_key(m.group(1)))
            out.append(Block("footnote", ln, text=m.group(1),
                             children=parse_blocks(inner, ln, refs, footnotes)))
            i = j
            continue
        m = _ITEM.match(line)
        if m and (not para or _starts_block(line, True)):
            close_para()
            items = []
            ordered = m.group(2)[0].isdigit()
            j = i
            while j < n:
                l2 = _expand_tabs(lines[j])
                m2 = _ITEM.match(l2)
                if not m2 or m2.group(2)[0].isdigit() != ordered or \
                        (not ordered and m2.group(2) != m.group(2)) or \
                        (ordered and m2.group(2)[-1] != m.group(2)[-1]) or _HR.match(l2):
                    break
                pad = len(m2.group(3))
                width = len(m2.group(1)) + len(m2.group(2)) + (pad if 1 <= pad <= 4 else 1)
                first = m2.group(4) if pad <= 4 else " " * (pad - 1) + m2.group(4)
                inner = [first]
                k = j + 1
                while k < n:
                    l3 = _expand_tabs(lines[k])
                    if not l3.strip():
                        inner.append("")
                    elif _indent(l3) >= width:
                        inner.append(l3[width:])
                    elif inner[-1].strip() and not _starts_block(l3, True):
                        inner.append(l3)  # lazy continuation of the item's paragraph
                    else:
                        break
                    k += 1
                while inner and not inner[-1].strip():
                    inner.pop()
                    k -= 1
                items.append(Block("item", first_line + j,
                                   children=parse_blocks(inner, first_line + j, refs, footnotes)))
                j = k
                while j < n and not lines[j].strip():
                    j += 1
                if j < n and not _ITEM.match(_expand_tabs(lines[j])):
                    break
            # put back trailing blank lines we skipped past after the last item
            out.append(Block("list", ln, children=items, info="ol" if ordered else "ul"))
            i = j
            continue
        if not para and _HTML_START.match(line):
            close_para()
            body = []
            j = i
            comment = line.lstrip().startswith("<!--")
            while j < n and lines[j].strip():
                body.append(lines[j])
                if comment and "-->" in lines[j]:
                    j += 1
                    break
                j += 1
            out.append(Block("html", ln, "\n".join(body)))
            i = j
            continue
        if not para:
            para_line = ln
        para.append(line)
        i += 1
    close_para()
    return out


def split_front_matter(text):
    """content.c content_split: (front matter text, body text, body's first line)."""
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return "", text, 1
    lines = text.split("\n")
    for k in range(1, len(lines)):
        if lines[k].rstrip("\r") in ("---", "..."):
            return "\n".join(lines[1:k]), "\n".join(lines[k + 1:]), k + 2
    raise ValueError("front matter starts with '---' but has no closing '---' line")


# ---------------------------------------------------------------- the guide

class Guide:
    def __init__(self):
        self.site = {}
        self.data = {}
        self.chapters = []
        self.errors = []

    def units(self):
        return [u for ch in self.chapters for u in ch.units]

    def outline(self):
        """Expected outline: (depth, text) for every chapter title and ## / ### heading."""
        out = []
        for ch in self.chapters:
            stack = []  # (level, depth)
            for u in ch.headings():
                if u.kind == "title":
                    stack = [(1, 1)]
                    out.append((1, u.text, u))
                    continue
                if u.level not in (2, 3):
                    continue
                while stack and stack[-1][0] >= u.level:
                    stack.pop()
                depth = (stack[-1][1] if stack else 1) + 1
                stack.append((u.level, depth))
                out.append((depth, u.text, u))
        return out


def _load_data(content_dir):
    data = {}
    d = os.path.join(content_dir, "data")
    if not os.path.isdir(d):
        return data
    for name in sorted(os.listdir(d)):
        stem, ext = os.path.splitext(name)
        if ext not in (".yaml", ".yml"):
            continue
        with open(os.path.join(d, name), encoding="utf-8") as f:
            data[stem] = (load_yaml(f.read()), os.path.join(d, name))
    return data


class _Emitter:
    """Turns blocks into the chapter's units."""

    def __init__(self, guide, chapter, file, refs, footnotes, unsafe):
        self.g = guide
        self.ch = chapter
        self.file = file
        self.refs = refs
        self.footnotes = footnotes
        self.unsafe = unsafe
        self.counts = Counter()
        self.ngroups = 0

    def text(self, s):
        return inline_text(s, self.refs, self.footnotes, self.unsafe)

    def add(self, kind, text, line, level=0, group=None, label=None):
        if kind not in ("cell", "caption"):
            self.counts[kind] += 1
            label = label or "%s %d" % ({"para": "paragraph", "quote": "block quote paragraph"}
                                        .get(kind, kind), self.counts[kind])
        u = Unit(kind, text, self.file, line, level, group, label or kind)
        if u.words or kind == "title":
            self.ch.add(u)
        return u

    def blocks(self, blocks, group=None, para_kind="para"):
        for b in blocks:
            if b.kind == "heading":
                t = " ".join(self.text(b.text).split())
                self.add("heading", t, b.line, level=b.level, group=group,
                         label="heading %r" % t)
            elif b.kind == "para":
                self.add(para_kind, self.text(b.text), b.line, group=group)
            elif b.kind == "html":
                self.add("para", b.text if not self.unsafe else _HTML_TAG.sub(" ", b.text),
                         b.line, group=group)
            elif b.kind == "quote":
                self.blocks(b.children, group, "quote")
            elif b.kind == "item":
                self.blocks(b.children, group, "list item")
            elif b.kind == "list":
                self.blocks(b.children, group)
            elif b.kind == "footnote":
                self.ngroups += 1
                self.blocks(b.children, ("float", "%s#fn-%s" % (self.file, b.text)))
            elif b.kind == "table":
                self.ngroups += 1
                gid = ("table", "%s:%d" % (self.file, b.line))
                hdr = b.rows[0]
                for r, row in enumerate(b.rows):
                    for c, cell in enumerate(row[:len(hdr)]):
                        self.add("cell", self.text(cell), b.line + (r + 1 if r else 0), group=gid,
                                 label="table at line %d, %s, column %r" % (
                                     b.line, "header" if r == 0 else "row %d" % r, hdr[c]))
            elif b.kind == "code":
                kind, name = _directive(b.info)
                if kind == "table":
                    self.data_table(name, b.line)
                elif kind == "faq":
                    self.faq(name, b.line)
                elif kind == "chart":
                    pass  # drawn, not checked
                else:
                    self.add("code", b.text, b.line, group=group)

    def data_table(self, name, line):
        t = self.g.data.get(name)
        if not t or not isinstance(t[0], dict) or "columns" not in t[0]:
            self.g.errors.append("%s:%d: table directive: no data table %r" % (self.file, line, name))
            return
        doc, path = t
        gid = ("table", "%s:%d %s" % (self.file, line, name))
        rel = os.path.join("content", "data", os.path.basename(path))
        cols = [c for c in doc.get("columns") or [] if isinstance(c, dict)]
        self.add("caption", str(doc.get("caption") or ""), line, group=gid,
                 label="caption of table %r (%s)" % (name, rel))
        for c in cols:
            self.add("cell", str(c.get("label") or ""), line, group=gid,
                     label="table %r column label %r" % (name, c.get("label")))
        for r, row in enumerate(doc.get("rows") or []):
            if not isinstance(row, dict):
                continue
            rid = row.get("id") or "row %d" % (r + 1)
            for c in cols:
                self.add("cell", cell_text(row.get(c.get("key")), c), line, group=gid,
                         label="table %r row %r column %r" % (name, rid, c.get("label")))

    def faq(self, name, line):
        t = self.g.data.get(name)
        items = None
        if t:
            items = t[0] if isinstance(t[0], list) else (t[0] or {}).get("items")
        if not isinstance(items, list):
            self.g.errors.append("%s:%d: faq directive: no faq data %r" % (self.file, line, name))
            return
        for k, it in enumerate(items, 1):
            q, a = it.get("question"), it.get("answer")
            if not isinstance(q, str) or not isinstance(a, str):
                continue
            self.add("heading", " ".join(q.split()), line, level=2, label="FAQ question %d" % k)
            fn = set(self.footnotes)
            refs = set(self.refs)
            blocks = parse_blocks(a.split("\n"), line, refs, fn)
            saved = self.refs, self.footnotes
            self.refs, self.footnotes = refs, fn
            before = len(self.ch.units)
            self.blocks(blocks)
            self.refs, self.footnotes = saved
            for u in self.ch.units[before:]:
                u.label = "FAQ answer %d, %s" % (k, u.label)


def _directive(info):
    m = re.match(r"^(table|chart|faq)(?:[ \t]+([A-Za-z0-9_\-]+))", info or "")
    return (m.group(1), m.group(2)) if m else (None, None)


def _sort_key(p):
    return (p["weight"], p["title"].encode("utf-8"), p["src"].encode("utf-8"))


def load_guide(content_dir, section="guide"):
    """Reads content_dir and returns a Guide (chapters in order, data, site)."""
    g = Guide()
    site_path = os.path.join(content_dir, "site.yaml")
    if os.path.exists(site_path):
        with open(site_path, encoding="utf-8") as f:
            g.site = load_yaml(f.read()) or {}
    g.data = _load_data(content_dir)
    unsafe = bool(((g.site.get("markdown") or {}).get("unsafe")))
    gdir = os.path.join(content_dir, section)
    pages = []
    for name in sorted(os.listdir(gdir)):
        if not name.endswith(".md"):
            continue
        path = os.path.join(gdir, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        fm, body, body_line = split_front_matter(text)
        front = load_yaml(fm) if fm.strip() else {}
        front = front if isinstance(front, dict) else {}
        if front.get("draft") is True:
            continue
        if name == "_index.md" and not body.strip():
            continue  # the section page: the book's title, not a chapter
        w = front.get("weight")
        pages.append({"weight": w if _num(w) else 0, "title": str(front.get("title") or ""),
                      "src": os.path.join(section, name),
                      "file": path,
                      "body": body, "body_line": body_line})
    pages.sort(key=_sort_key)
    # the home page's text is the PDF's preface, before every chapter
    home = os.path.join(content_dir, "_index.md")
    if os.path.exists(home):
        with open(home, encoding="utf-8") as f:
            fm, body, body_line = split_front_matter(f.read())
        if body.strip():
            preface = str(((g.site.get("pdf") or {}).get("preface_title")) or "Preface")
            pages.insert(0, {"weight": 0, "title": preface, "src": "_index.md", "file": home,
                             "body": body, "body_line": body_line})
    for idx, p in enumerate(pages, 1):
        ch = Chapter(idx, p["title"], p["file"], p["weight"])
        g.chapters.append(ch)
        refs, fns = set(), set()
        lines = p["body"].split("\n")
        blocks = parse_blocks(lines, p["body_line"], refs, fns)
        em = _Emitter(g, ch, p["file"], refs, fns, unsafe)
        ch.add(Unit("title", " ".join(p["title"].split()), p["file"], 2, 1, None, "chapter title"))
        # footnote definitions render at the end of the page, after everything else
        em.blocks([b for b in blocks if b.kind != "footnote"])
        em.blocks([b for b in blocks if b.kind == "footnote"])
    return g


# ---------------------------------------------------------------- the PDF's text

class Token:
    __slots__ = ("alts", "page", "line", "furniture", "eol")

    def __init__(self, alts, page, line, eol=False):
        self.alts = alts          # tuple of alternatives; each a tuple of 1-2 words; [0] primary
        self.page = page          # 1-based page number
        self.line = line          # global line index
        self.furniture = False
        self.eol = eol            # last token of its line

    @property
    def text(self):
        return " ".join(self.alts[0])

    def __repr__(self):
        return "Token(%r, p%d)" % (self.text, self.page)


class PdfText:
    def __init__(self):
        self.tokens = []
        self.pages = []           # per page: list of raw lines
        self.line_page = []       # global line index -> page
        self.furniture_lines = set()

    def page_text(self, page):
        return "\n".join(self.pages[page - 1]) if 0 < page <= len(self.pages) else ""

    def context(self, q, before=10, after=10):
        lo = max(0, q - before)
        hi = min(len(self.tokens), q + after + 1)
        parts = []
        for k in range(lo, hi):
            t = self.tokens[k].text
            parts.append("[%s]" % t if k == q else t)
        if q >= len(self.tokens):
            parts.append("[<end of text>]")
        return " ".join(parts)


_FURN_DIGITS = re.compile(r"\d+")


def _furniture_key(line):
    return " ".join(_FURN_DIGITS.sub("#", normalise(line)).split()).casefold()


def _is_page_number_line(line):
    s = " ".join(normalise(line).split())
    return bool(re.match(r"^(?:page\s+)?(?:\d+|[ivxlcdm]+)(?:\s*(?:/|of)\s*\d+)?$", s, re.I)) or \
        bool(re.match(r"^[-\u2013\u2014]\s*\d+\s*[-\u2013\u2014]$", s))


def find_furniture(pages, edge=2, min_pages=None):
    """(page index, line index) of lines that are running headers/footers: among the
    first/last `edge` non-empty lines of a page, and either a bare page number or
    repeated (digits ignored) at the top/bottom of at least min_pages pages."""
    npages = len(pages)
    if min_pages is None:
        min_pages = 2 if npages <= 6 else 3
    cands = []
    seen = Counter()
    for p, lines in enumerate(pages):
        idx = [k for k, s in enumerate(lines) if s.strip()]
        edges = set(idx[:edge] + idx[-edge:])
        keys = set()
        for k in edges:
            key = _furniture_key(lines[k])
            cands.append((p, k, key))
            keys.add(key)
        for key in keys:
            seen[key] += 1
    out = set()
    for p, k, key in cands:
        if seen[key] >= min_pages or _is_page_number_line(pages[p][k]):
            out.add((p, k))
    return out


def pdf_text(text, furniture=True):
    """Tokens of `pdftotext PDF -` output."""
    pt = PdfText()
    raw_pages = text.split("\f")
    if raw_pages and not raw_pages[-1].strip():
        raw_pages.pop()
    pt.pages = [pg.split("\n") for pg in raw_pages]
    furn = find_furniture(pt.pages) if furniture else set()
    # flat list of lines: (page, line index in page, raw, is furniture)
    flat = []
    for p, lines in enumerate(pt.pages):
        for k, s in enumerate(lines):
            flat.append((p + 1, s, (p, k) in furn))
    pt.line_page = [f[0] for f in flat]
    pt.furniture_lines = {i for i, f in enumerate(flat) if f[2]}
    line_words = []
    for p, s, fu in flat:
        soft = s.rstrip().endswith("\u00ad")
        line_words.append((plain_words(s), soft))
    carry = None   # first half of a word hyphenated at the end of a previous line
    gap = False    # a blank line came after it
    for li, (p, s, fu) in enumerate(flat):
        ws, soft = line_words[li]
        ws = list(ws)
        if carry is not None and not ws and not fu:
            gap = True
        if carry is not None and ws and not fu and gap and not ws[0][:1].islower():
            carry = None  # "foo-" ended a block; the next block is not its continuation
        if carry is not None and ws and not fu:
            first, soft_prev, tok = carry
            nxt = ws.pop(0)
            if soft_prev:
                alts = ((first + nxt,),)
            else:
                dehy = first[:-1] + nxt
                keep = first + nxt
                both = (first, nxt)
                if nxt[:1].islower() and first[-2:-1].isalpha():
                    alts = ((dehy,), (keep,), both)
                else:
                    alts = ((keep,), (dehy,), both)
            tok.alts = alts
            carry = None
        elif carry is not None and ws and fu:
            pass  # running header between the halves: keep waiting
        for k, w in enumerate(ws):
            alts = ((w,),)
            bare = w.lstrip("-")
            if k == 0 and w.startswith("--") and bare:
                # a line of hyphens ("---" in code) that pdftotext joined to this one,
                # taking one hyphen as a line-end hyphenation: "--title:"
                alts = ((w,), (bare,))
            t = Token(alts, p, li, eol=(k == len(ws) - 1))
            t.furniture = fu
            pt.tokens.append(t)
        if ws and not fu:
            last = ws[-1]
            if soft or (len(last) > 1 and last.endswith("-") and last[-2].isalnum()):
                carry = (last, soft, pt.tokens[-1])
                gap = False
            else:
                carry = None
    return pt


# ---------------------------------------------------------------- matching

_FN_TOKEN = re.compile(r"^[\[(]?[0-9*\u2020\u2021\u00a7]{1,4}[\])]?[.,;:]?$")


class Matcher:
    def __init__(self, pdf, ignore_case=False, max_break=40):
        self.pdf = pdf
        self.tokens = pdf.tokens
        self.fold = (lambda s: s.casefold()) if ignore_case else (lambda s: s)
        self.max_break = max_break
        self.index = {}
        for q, t in enumerate(self.tokens):
            for alt in set(a[0] for a in t.alts):
                self.index.setdefault(self.fold(alt), []).append(q)

    def _eq(self, src, pdfword):
        a, b = self.fold(src), self.fold(pdfword)
        if a == b:
            return True
        if len(a) == len(b) + 1 and "-" in a:
            # pdftotext removes the hyphen of a word broken at a line end even when the
            # hyphen is part of the word ("synchronous-" + "first" -> "synchronousfirst")
            k = a.find("-")
            while k != -1:
                if a[:k] + a[k + 1:] == b:
                    return True
                k = a.find("-", k + 1)
        at = getattr(src, "fn_at", None)
        if at is not None:  # a printed footnote number may stick to the word
            head, tail = a[:at], a[at:]
            if b.startswith(head) and b.endswith(tail) and len(b) > len(a):
                mid = b[len(head):len(b) - len(tail)]
                return bool(re.match(r"^[0-9*\u2020\u2021\u00a7]{1,4}$", mid))
        return False

    def _consume(self, ws, i, q):
        """Ways to consume PDF token q for source words from i: list of new i."""
        if q >= len(self.tokens):
            return []
        t = self.tokens[q]
        res = []
        for alt in t.alts:
            if i + len(alt) <= len(ws) and all(self._eq(ws[i + k], alt[k]) for k in range(len(alt))):
                res.append(i + len(alt))
        if res:
            return res
        w = self.fold(ws[i])
        prim = self.fold(t.alts[0][0]) if len(t.alts[0]) == 1 else None
        if prim and len(prim) < len(w) and w.startswith(prim):
            return ["split"]  # the source word continues in the next PDF token(s)
        if prim and len(prim) > len(w) and prim.startswith(w):
            acc = w
            for k in range(i + 1, min(len(ws), i + 4)):
                acc += self.fold(ws[k])
                if acc == prim:
                    return [k + 1]  # PDF glued source words (missing space)
                if not prim.startswith(acc):
                    break
        return []

    def _skip_ok(self, q_prev, q, q2, last_word):
        """May PDF tokens q..q2-1 be skipped inside a unit (q_prev matched last)?"""
        toks = self.tokens
        if q2 - q > self.max_break:
            return False
        if toks[q2].page != toks[q_prev].page:
            return True  # a page break: footer, header, page number, foot notes
        if all(toks[k].furniture for k in range(q, q2)):
            return True  # a running header/footer that pdftotext put mid-page
        # a printed footnote number after the word that had the marker
        return q2 - q == 1 and getattr(last_word, "fn_at", None) is not None and \
            _FN_TOKEN.match(toks[q].text) is not None

    def match_at(self, ws, q0):
        """Near-contiguous match of words ws starting at PDF token q0.
        Returns (end, reached_i, reached_q): end is the PDF index after the
        match or None; reached_* is how far the best attempt got."""
        best = [0, q0]
        failed = set()
        stack = [(0, q0, None, 0)]  # (i, q, split-prefix, last matched q)
        steps = 0
        while stack:
            i, q, pref, qlast = stack.pop()
            steps += 1
            if steps > 20000:
                break
            if i == len(ws):
                return q, i, q
            if (i, q, pref) in failed:
                continue
            failed.add((i, q, pref))
            if i > best[0] or (i == best[0] and q < best[1]):
                best = [i, q]
            nxt = []
            if pref is not None:
                # continue a source word split over PDF tokens
                if q < len(self.tokens) and len(self.tokens[q].alts[0]) == 1:
                    acc = pref + self.fold(self.tokens[q].alts[0][0])
                    w = self.fold(ws[i])
                    if acc == w:
                        nxt.append((i + 1, q + 1, None, q))
                    elif w.startswith(acc) and len(acc) < len(w):
                        nxt.append((i, q + 1, acc, q))
            else:
                for r in self._consume(ws, i, q):
                    if r == "split":
                        nxt.append((i, q + 1, self.fold(self.tokens[q].alts[0][0]), q))
                    else:
                        nxt.append((r, q + 1, None, q))
                if i > 0 and q < len(self.tokens):
                    for q2 in self._skip_targets(qlast, q, ws[i], ws[i - 1]):
                        for r in self._consume(ws, i, q2):
                            if r == "split":
                                nxt.append((i, q2 + 1, self.fold(self.tokens[q2].alts[0][0]), q2))
                            else:
                                nxt.append((r, q2 + 1, None, q2))
            # depth first, direct continuation tried first
            stack.extend(reversed(nxt))
        return None, best[0], best[1]

    def _skip_targets(self, q_prev, q, w, last_word):
        toks = self.tokens
        fw = self.fold(w)
        out = []
        hi = min(len(toks), q + self.max_break + 1)
        if not toks[q].furniture and toks[hi - 1].page == toks[q_prev].page:
            # no page break ahead and no running header here: at most a footnote number
            hi = min(hi, q + 2) if getattr(last_word, "fn_at", None) is not None else q
        for q2 in range(q + 1, hi):
            t = toks[q2]
            ok = any(self.fold(a[0]) == fw or (self.fold(a[0]) and (fw.startswith(self.fold(a[0]))
                                                                 or self.fold(a[0]).startswith(fw)))
                     for a in t.alts)
            if ok and self._skip_ok(q_prev, q, q2, last_word):
                out.append(q2)
        return out

    def candidates(self, ws):
        """All (start, end) of near-contiguous occurrences of ws."""
        if not ws:
            return []
        starts = self.index.get(self.fold(ws[0]), [])
        if not starts:
            w = self.fold(ws[0])
            starts = [q for q, t in enumerate(self.tokens)
                      if any(self.fold(a[0]) and (w.startswith(self.fold(a[0])) or
                                                   self.fold(a[0]).startswith(w)) for a in t.alts)]
        out = []
        for q in starts:
            end, _, _ = self.match_at(ws, q)
            if end is not None:
                out.append((q, end))
        return out


class _MaxTree:
    """Suffix maximum over positions 0..n (Fenwick on reversed index)."""

    def __init__(self, n):
        self.n = n + 2
        self.t = [0] * (self.n + 1)

    def update(self, pos, val):
        i = self.n - pos
        while i <= self.n:
            if self.t[i] < val:
                self.t[i] = val
            i += i & -i

    def query(self, pos):
        """max over positions >= pos."""
        i = self.n - pos
        r = 0
        while i > 0:
            r = max(r, self.t[i])
            i -= i & -i
        return r


class Failure:
    def __init__(self, unit, message, src_ctx="", pdf_ctx="", page=None):
        self.unit = unit
        self.message = message
        self.src_ctx = src_ctx
        self.pdf_ctx = pdf_ctx
        self.page = page

    def __str__(self):
        s = "%s: %s" % (self.unit.where(), self.message)
        if self.src_ctx:
            s += "\n      source: %s" % self.src_ctx
        if self.pdf_ctx:
            s += "\n      pdf%s: %s" % (" (page %d)" % self.page if self.page else "", self.pdf_ctx)
        return s


class MatchResult:
    def __init__(self):
        self.placed = {}      # unit id -> (start, end)
        self.failures = []
        self.nunits = 0
        self.nwords = 0

    @property
    def ok(self):
        return not self.failures


def _ctx_words(ws, i, before=10, after=10):
    lo = max(0, i - before)
    parts = [str(w) for w in ws[lo:i]]
    if i < len(ws):
        parts.append("[%s]" % ws[i])
        parts += [str(w) for w in ws[i + 1:i + 1 + after]]
    else:
        parts.append("[<end of paragraph>]")
    return " ".join(parts)


def match_units(units, pdf, ignore_case=False, max_break=40):
    """Checks that the units occur in the PDF text in order (see the module doc)."""
    m = Matcher(pdf, ignore_case, max_break)
    res = MatchResult()
    units = [u for u in units if u.words]
    res.nunits = len(units)
    res.nwords = sum(len(u.words) for u in units)
    ordered = [u for u in units if u.group is None]
    cands = [m.candidates(u.words) for u in ordered]
    # longest chain, computed from the end: f = 1 + best f of a later unit starting at/after end
    tree = _MaxTree(len(pdf.tokens) + 1)
    fvals = [None] * len(ordered)
    for k in range(len(ordered) - 1, -1, -1):
        fvals[k] = [1 + tree.query(e) for (s, e) in cands[k]]
        for (s, e), f in zip(cands[k], fvals[k]):
            tree.update(s, f)
    remaining = tree.query(0)
    cursor = 0
    chain = [None] * len(ordered)
    for k in range(len(ordered)):
        best = None
        for (s, e), f in zip(cands[k], fvals[k]):
            if s >= cursor and f == remaining and (best is None or s > best[0]):
                best = (s, e)
        if best is not None:
            chain[k] = best
            cursor = best[1]
            remaining -= 1
    for k, u in enumerate(ordered):
        if chain[k]:
            res.placed[id(u)] = chain[k]

    def bounds(k):
        """PDF span where ordered unit k (unmatched) should have been."""
        lo = next((chain[j][1] for j in range(k - 1, -1, -1) if chain[j]), 0)
        hi = next((chain[j][0] for j in range(k + 1, len(ordered)) if chain[j]), len(pdf.tokens))
        return lo, max(lo, hi)

    pos_of = {id(u): k for k, u in enumerate(ordered)}
    for k, u in enumerate(ordered):
        if not chain[k]:
            lo, hi = bounds(k)
            res.failures.append(_diagnose(m, u, lo, hi, cands[k]))
    # grouped units: tables (bag of words) and floats (footnotes) in their window
    groups = {}
    bags = {}
    for idx, u in enumerate(units):
        if u.group is not None:
            groups.setdefault(u.group, []).append((idx, u))
    for gid, members in groups.items():
        first_idx = members[0][0]
        last_idx = members[-1][0]
        prev_o = next((units[j] for j in range(first_idx - 1, -1, -1) if units[j].group is None), None)
        next_o = next((units[j] for j in range(last_idx + 1, len(units)) if units[j].group is None),
                      None)
        if gid[0] == "float":
            ch = members[0][1].chapter
            lo = min((res.placed[id(x)][0] for x in ch.units if id(x) in res.placed), default=0)
            nxt_ch = [x for x in units if x.chapter is not None and ch is not None
                      and x.chapter.index > ch.index and id(x) in res.placed]
            hi = min((res.placed[id(x)][0] for x in nxt_ch), default=len(pdf.tokens))
            for _, u in members:
                got = [c for c in m.candidates(u.words) if lo <= c[0] and c[1] <= hi]
                if got:
                    res.placed[id(u)] = got[0]
                else:
                    res.failures.append(_diagnose(m, u, lo, hi, []))
            continue
        lo = 0
        if prev_o is not None:
            k = pos_of[id(prev_o)]
            lo = chain[k][1] if chain[k] else bounds(k)[0]
        hi = len(pdf.tokens)
        if next_o is not None:
            k = pos_of[id(next_o)]
            hi = chain[k][0] if chain[k] else bounds(k)[1]
        _check_table(m, members, lo, hi, res, bags)
    order = {id(u): n for n, u in enumerate(units)}
    res.failures.sort(key=lambda f: order.get(id(f.unit), 0))
    return res


def _table_fold(s):  # table labels are often set in capitals; pdftotext may eat a hyphen
    return s.casefold().replace("-", "")


def _check_table(m, members, lo, hi, res, bags):
    fold = _table_fold
    if (lo, hi) not in bags:  # tables next to each other share the words between their neighbours
        bag = bags[(lo, hi)] = Counter()
        for q in range(lo, hi):
            for alt in m.tokens[q].alts:
                for w in alt:
                    bag[fold(w)] += 1
    bag = bags[(lo, hi)]
    cm = Matcher(m.pdf, ignore_case=True, max_break=m.max_break)
    for _, u in members:
        if u.kind == "caption":
            got = [c for c in cm.candidates(u.words) if lo <= c[0] and c[1] <= hi]
            if got:
                res.placed[id(u)] = got[0]
                for q in range(*got[0]):
                    for alt in m.tokens[q].alts[:1]:
                        for w in alt:
                            bag[fold(w)] -= 1
            else:
                res.failures.append(_diagnose(cm, u, lo, hi, []))
    missing_cells = []
    for _, u in members:
        if u.kind == "caption":
            continue
        need = Counter(fold(w) for w in u.words)
        missing = [w for w in u.words if need[fold(w)] > bag[fold(w)]]
        if missing:
            seen = set()
            missing = [str(w) for w in missing if not (fold(w) in seen or seen.add(fold(w)))]
            missing_cells.append((u, missing))
        else:
            bag.subtract(need)
            res.placed[id(u)] = (lo, hi)
    if not missing_cells:
        return
    page = m.tokens[lo].page if lo < len(m.tokens) else None
    ctx = m.pdf.context(lo, 0, 20)
    span = "between the text before and after the table (PDF words %d-%d)" % (lo, hi)
    if len(missing_cells) <= 2:
        for u, missing in missing_cells:
            res.failures.append(Failure(u, "table cell words %s not found %s" % (
                " ".join(missing), span), src_ctx=u.text, pdf_ctx=ctx, page=page))
    else:
        u = missing_cells[0][0]
        cells = len([x for _, x in members if x.kind != "caption"])
        res.failures.append(Failure(
            u, "%d of %d cells of this table not found %s; first ones: %s" % (
                len(missing_cells), cells, span,
                "; ".join("%r (missing %s)" % (x.text, " ".join(ms)) for x, ms in missing_cells[:4])),
            src_ctx=u.text, pdf_ctx=ctx, page=page))


def _diagnose(m, u, lo, hi, cands):
    """Explain why unit u was not found between PDF tokens lo and hi."""
    ws = u.words
    toks = m.tokens
    # best partial near-contiguous match starting in the window
    best = (-1, lo)
    fw = m.fold(ws[0])
    for q in range(lo, min(hi + 1, len(toks))):
        if any(m.fold(a[0]) == fw for a in toks[q].alts):
            _, ri, rq = m.match_at(ws, q)
            if ri > best[0]:
                best = (ri, rq)
    if best[0] >= 1:
        i, q = best
        why = "word %d of %d does not follow" % (i + 1, len(ws))
        if cands:
            why += " (the whole text occurs elsewhere, out of order: page %s)" % ", ".join(
                str(toks[s].page) for s, _ in cands[:3])
        return Failure(u, why, _ctx_words(ws, i), m.pdf.context(q),
                       toks[q].page if q < len(toks) else None)
    # no start found: align the unit against the window with difflib to show where it differs
    span = toks[lo:min(hi, lo + 4000)]
    keys = [m.fold(t.alts[0][0]) for t in span]
    sm = difflib.SequenceMatcher(None, [m.fold(w) for w in ws], keys, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op in ("delete", "replace"):
            q = lo + j1
            why = "not found in order"
            if cands:
                why += " (it occurs out of order: page %s)" % ", ".join(
                    str(toks[s].page) for s, _ in cands[:3])
            elif i1 == 0 and sm.ratio() == 0:
                why = "not found in the PDF"
            return Failure(u, why + "; first differing word %d of %d" % (i1 + 1, len(ws)),
                           _ctx_words(ws, i1), m.pdf.context(q),
                           toks[q].page if q < len(toks) else None)
    return Failure(u, "not found in order", _ctx_words(ws, 0), m.pdf.context(lo),
                   toks[lo].page if lo < len(toks) else None)
