#!/usr/bin/env python3
"""md2typst.py - the guide as one Typst document (and as one HTML document), to set
the same text as imprint with Typst and with WeasyPrint.

usage: md2typst.py [--content DIR] [-o OUT.typ] [--html OUT.html] [--fonts DIR]

Reads CONTENT/guide/*.md in imprint's order (front matter weight, then title, then
file name; drafts and a body-less _index.md left out), the data tables in
CONTENT/data/*.yaml and the FAQ data, and writes:

  OUT.typ   Typst source: A4, margins 68pt left/right, 78pt top, 72pt bottom; body
            Noto Serif 10.5pt on a 15.2pt line pitch, justified, hyphenated (lang
            en); headings, tables and captions in Noto Sans like imprint.
  OUT.html  the same document as HTML with a print stylesheet for WeasyPrint: the
            same page, fonts via @font-face from --fonts (absolute file: URLs),
            text-align: justify; hyphens: auto; lang="en".

Each chapter starts a new page with its number and front-matter title; ## and ###
headings are numbered "2.1" and "2.1.1" like imprint's (pdf.number_headings), as
literal text so both engines print the same heading text. ```table NAME``` becomes
the caption and a table with imprint's cell texts (tests/tools/pdf_words.py
cell_text); ```faq NAME``` becomes a ## heading per question and its answer;
```chart NAME``` becomes its caption and an empty box about as tall as imprint's
chart (45pt + 29.5pt per data row), so the page flow stays comparable. Inline
Markdown: strong, emphasis, code, links (text kept), images dropped, footnote
references dropped (definitions become small paragraphs at the chapter end).
Exit status 0, 1 on a content error, 2 on a usage error.
"""

import argparse
import html
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ left in tests/tools
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import pdf_words as pw  # noqa: E402  (the text check's Markdown subset and data-table rules)

# ---------------------------------------------------------------- the document model
# chapter: {"number": n, "title": str, "nodes": [...]}
# nodes:   ("heading", level, number, inlines) ("para", inlines) ("list", ordered, [nodes...])
#          ("quote", nodes) ("code", text) ("table", caption, header, rows, head_inline)
#          ("chart", caption, nrows) ("rule",) ("small", inlines)
# inlines: ("text", s) ("strong", inl) ("em", inl) ("code", s) ("link", inl) ("br",)


def parse_inlines(s):
    """A small Markdown inline parser: enough for the guide (see the module doc)."""
    out = []
    buf = []

    def flush():
        if buf:
            out.append(("text", html.unescape("".join(buf))))
            buf.clear()

    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "\\" and i + 1 < n:
            if s[i + 1] == "\n":
                flush()
                out.append(("br",))
                i += 2
                continue
            if s[i + 1] in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~":
                buf.append(s[i + 1])
                i += 2
                continue
        if c == "\n":
            if buf and "".join(buf).endswith("  "):
                text = "".join(buf).rstrip(" ")
                buf.clear()
                buf.append(text)
                flush()
                out.append(("br",))
            else:
                buf.append(" ")
            i += 1
            continue
        if c == "`":
            m = re.match(r"(`+)(.+?)(?<!`)\1(?!`)", s[i:], re.S)
            if m:
                flush()
                code = m.group(2).replace("\n", " ")
                if code.startswith(" ") and code.endswith(" ") and code.strip():
                    code = code[1:-1]
                out.append(("code", code))
                i += m.end()
                continue
        if c == "!" and s.startswith("![", i):
            m = re.match(r"!\[[^\]]*\]\([^)]*\)", s[i:])
            if m:
                flush()
                i += m.end()
                continue
        if c == "[":
            m = re.match(r"\[\^[^\]\s]+\]", s[i:])
            if m:
                flush()
                i += m.end()
                continue
            m = re.match(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)", s[i:])
            if m:
                flush()
                out.append(("link", parse_inlines(m.group(1))))
                i += m.end()
                continue
        if c == "<":
            m = re.match(r"<((?:https?|mailto):[^>\s]+)>", s[i:])
            if m:
                flush()
                out.append(("link", [("text", m.group(1))]))
                i += m.end()
                continue
        if c in "*_":
            run = re.match(r"\%s+" % c, s[i:]).group(0)
            prev = s[i - 1] if i else " "
            nxt = s[i + len(run)] if i + len(run) < n else " "
            can_open = not nxt.isspace() and not (c == "_" and prev.isalnum())
            if can_open:
                for width in ((2, 1) if len(run) >= 2 else (1,)):
                    delim = c * width
                    close = _find_close(s, i + width, delim)
                    if close is not None:
                        flush()
                        inner = parse_inlines(s[i + width:close])
                        out.append(("strong" if width == 2 else "em", inner))
                        i = close + width
                        break
                else:
                    buf.append(run)
                    i += len(run)
                continue
            buf.append(run)
            i += len(run)
            continue
        buf.append(c)
        i += 1
    flush()
    return out


def _find_close(s, start, delim):
    c = delim[0]
    j = start
    while True:
        j = s.find(delim, j)
        if j < 0:
            return None
        prev = s[j - 1] if j > 0 else " "
        after = s[j + len(delim)] if j + len(delim) < len(s) else " "
        if j > start and not prev.isspace() and after != c and \
                not (c == "_" and after.isalnum()) and s[j - 1] != c:
            return j
        j += 1


def plain(inl):
    out = []
    for x in inl:
        if x[0] in ("text", "code"):
            out.append(x[1])
        elif x[0] == "br":
            out.append(" ")
        else:
            out.append(plain(x[1]))
    return "".join(out)


class Builder:
    def __init__(self, data, chapter_no):
        self.data = data
        self.chapter = chapter_no
        self.h2 = 0
        self.h3 = 0

    def heading(self, level, text_inl):
        if level <= 2:
            self.h2 += 1
            self.h3 = 0
            num = "%d.%d" % (self.chapter, self.h2)
            level = 2
        elif level == 3:
            self.h3 += 1
            num = "%d.%d.%d" % (self.chapter, self.h2, self.h3)
        else:
            num = ""
        return ("heading", level, num, text_inl)

    def blocks(self, blocks):
        nodes = []
        for b in blocks:
            if b.kind == "heading":
                nodes.append(self.heading(b.level, parse_inlines(b.text.strip())))
            elif b.kind == "para":
                nodes.append(("para", parse_inlines(b.text)))
            elif b.kind == "html":
                nodes.append(("para", [("text", b.text)]))
            elif b.kind == "quote":
                nodes.append(("quote", self.blocks(b.children)))
            elif b.kind == "list":
                nodes.append(("list", b.info == "ol", [self.blocks(it.children) for it in b.children]))
            elif b.kind == "hr":
                nodes.append(("rule",))
            elif b.kind == "table":
                hdr = [plain(parse_inlines(c)) for c in b.rows[0]]
                rows = [[plain(parse_inlines(c)) for c in r[:len(hdr)]] + [""] * (len(hdr) - len(r))
                        for r in b.rows[1:]]
                nodes.append(("table", None, hdr, rows))
            elif b.kind == "footnote":
                for k in b.children:
                    if k.kind == "para":
                        nodes.append(("small", parse_inlines(k.text)))
            elif b.kind == "code":
                kind, name = pw._directive(b.info)
                if kind == "table":
                    nodes.append(self.data_table(name))
                elif kind == "chart":
                    t = self.table_doc(name)
                    rows = re.search(r"^rows:\s*\[([^\]]*)\]", b.text, re.M)
                    nrows = len([r for r in rows.group(1).split(",") if r.strip()]) if rows \
                        else len(t.get("rows") or [])
                    nodes.append(("chart", str(t.get("caption") or ""), nrows))
                elif kind == "faq":
                    nodes.extend(self.faq(name))
                else:
                    nodes.append(("code", b.text))
        return nodes

    def table_doc(self, name):
        t = self.data.get(name)
        if not t or not isinstance(t[0], dict):
            raise ValueError("no data table %r" % name)
        return t[0]

    def data_table(self, name):
        doc = self.table_doc(name)
        cols = [c for c in doc.get("columns") or [] if isinstance(c, dict)]
        hdr = [str(c.get("label") or "") for c in cols]
        rows = [[pw.cell_text(row.get(c.get("key")), c) for c in cols]
                for row in doc.get("rows") or [] if isinstance(row, dict)]
        return ("table", str(doc.get("caption") or ""), hdr, rows)

    def faq(self, name):
        t = self.data.get(name)
        items = t[0] if t and isinstance(t[0], list) else ((t[0] or {}).get("items") if t else None)
        if not isinstance(items, list):
            raise ValueError("no faq data %r" % name)
        nodes = []
        for it in items:
            q, a = it.get("question"), it.get("answer")
            if not isinstance(q, str) or not isinstance(a, str):
                continue
            nodes.append(self.heading(2, [("text", " ".join(q.split()))]))
            nodes.extend(self.blocks(pw.parse_blocks(a.split("\n"))))
        return nodes


def load(content):
    """The chapters, in imprint's order."""
    data = pw._load_data(content)
    gdir = os.path.join(content, "guide")
    pages = []
    for name in sorted(os.listdir(gdir)):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(gdir, name), encoding="utf-8") as f:
            text = f.read()
        fm, body, body_line = pw.split_front_matter(text)
        front = pw.load_yaml(fm) if fm.strip() else {}
        front = front if isinstance(front, dict) else {}
        if front.get("draft") is True or (name == "_index.md" and not body.strip()):
            continue
        w = front.get("weight")
        pages.append({"weight": w if pw._num(w) else 0, "title": str(front.get("title") or ""),
                      "src": "guide/" + name, "body": body, "body_line": body_line})
    pages.sort(key=pw._sort_key)
    chapters = []
    for k, p in enumerate(pages, 1):
        b = Builder(data, k)
        blocks = pw.parse_blocks(p["body"].split("\n"), p["body_line"])
        nodes = b.blocks([x for x in blocks if x.kind != "footnote"]) + \
            b.blocks([x for x in blocks if x.kind == "footnote"])
        chapters.append({"number": k, "title": " ".join(p["title"].split()), "nodes": nodes})
    return chapters


# ---------------------------------------------------------------- Typst

def tstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def t_inl(inl):
    out = []
    for x in inl:
        k = x[0]
        if k == "text":
            out.append("#" + tstr(x[1]))
        elif k == "code":
            out.append("#raw(" + tstr(x[1]) + ")")
        elif k == "strong":
            out.append("#strong[" + t_inl(x[1]) + "]")
        elif k == "em":
            out.append("#emph[" + t_inl(x[1]) + "]")
        elif k == "link":
            out.append("#[" + t_inl(x[1]) + "]")
        elif k == "br":
            out.append("#linebreak()")
    return "".join(out)


TYPST_HEAD = r"""// The guide set by Typst for tests/typo/compare.sh (written by tests/typo/md2typst.py).
#set document(title: %(title)s)
#set page(paper: "a4", margin: (left: 68pt, right: 68pt, top: 78pt, bottom: 72pt),
  footer: context align(center, text(font: "Noto Sans", size: 7.8pt, fill: rgb("#5b6670"),
    counter(page).display())))
// body: Noto Serif 10.5pt; a line box of exactly 1em plus 4.7pt leading = 15.2pt pitch
#set text(font: ("Noto Serif", "DejaVu Sans"), size: 10.5pt, lang: "en", hyphenate: true, fill: rgb("#1d232a"),
  top-edge: 0.8em, bottom-edge: -0.2em)
#set par(justify: true, leading: 4.7pt, spacing: 13.1pt)
#set smartquote(enabled: false)
#set list(indent: 7.2pt, body-indent: 6pt, spacing: 13.1pt)
#set enum(indent: 7.2pt, body-indent: 6pt, spacing: 13.1pt)
#show raw: set text(font: "DejaVu Sans Mono", size: 9pt)
#show heading: set text(font: "Noto Sans", weight: "bold", fill: rgb("#1f4e79"), hyphenate: false)
#show heading: set par(justify: false)
#show heading.where(level: 1): set text(size: 24pt)
#show heading.where(level: 1): set block(above: 0pt, below: 17pt)
#show heading.where(level: 2): set text(size: 14.5pt)
#show heading.where(level: 2): set block(above: 20pt, below: 8pt)
#show heading.where(level: 3): set text(size: 12pt)
#show heading.where(level: 3): set block(above: 16pt, below: 8pt)
#let caption(body) = block(above: 13.1pt, below: 6pt, sticky: true,
  text(font: "Noto Sans", weight: "bold", size: 9.7pt, hyphenate: false, par(justify: false, body)))
#let datatable(cols, ..cells) = {
  set text(font: "Noto Sans", size: 8.8pt, hyphenate: false)
  set par(justify: false, leading: 3pt)
  table(columns: cols, inset: 5pt, stroke: 0.5pt + rgb("#d0d7de"), ..cells)
}
#let chapter(number, title) = {
  pagebreak(weak: true)
  block(below: 8pt, text(font: "Noto Sans", weight: "bold", size: 20pt, fill: rgb("#ad5410"), number))
  heading(level: 1, numbering: none, title)
}
"""


def typst_nodes(nodes, out):
    for nd in nodes:
        k = nd[0]
        if k == "heading":
            _, level, num, inl = nd
            lead = (num + " ") if num else ""
            out.append("#heading(level: %d)[%s%s]\n" % (level, "#" + tstr(lead) if lead else "", t_inl(inl)))
        elif k == "para":
            out.append(t_inl(nd[1]) + "\n\n")
        elif k == "small":
            out.append("#text(size: 8.5pt)[" + t_inl(nd[1]) + "]\n\n")
        elif k == "list":
            items = []
            for it in nd[2]:
                sub = []
                typst_nodes(it, sub)
                items.append("[" + "".join(sub).strip() + "]")
            tight = all(len(it) <= 1 for it in nd[2])
            out.append("#%s(tight: %s, %s)\n\n" % ("enum" if nd[1] else "list",
                                                   "true" if tight else "false", ", ".join(items)))
        elif k == "quote":
            sub = []
            typst_nodes(nd[1], sub)
            out.append("#quote(block: true)[" + "".join(sub).strip() + "]\n\n")
        elif k == "code":
            out.append("#raw(block: true, " + tstr(nd[1]) + ")\n\n")
        elif k == "rule":
            out.append("#line(length: 100%)\n\n")
        elif k == "table":
            _, cap, hdr, rows = nd
            if cap:
                out.append("#caption[#" + tstr(cap) + "]\n")
            cells = ["table.header(" + ", ".join("[#strong[#" + tstr(h) + "]]" for h in hdr) + ")"]
            for r in rows:
                cells.extend("[#" + tstr(c) + "]" for c in r)
            out.append("#datatable(%d, %s)\n\n" % (len(hdr), ", ".join(cells)))
        elif k == "chart":
            _, cap, nrows = nd
            if cap:
                out.append("#caption[#" + tstr(cap) + "]\n")
            out.append("#block(height: %.1fpt, width: 100%%)  // imprint's chart, not drawn\n\n"
                       % chart_height(nrows))


def chart_height(nrows):
    return 45.0 + 29.5 * max(1, nrows)


def to_typst(chapters, title):
    out = [TYPST_HEAD % {"title": tstr(title)}]
    for ch in chapters:
        out.append("\n#chapter(%s, %s)\n\n" % (tstr("%02d" % ch["number"]), "[#" + tstr(ch["title"]) + "]"))
        typst_nodes(ch["nodes"], out)
    return "".join(out)


# ---------------------------------------------------------------- HTML

def h_inl(inl):
    out = []
    for x in inl:
        k = x[0]
        if k == "text":
            out.append(html.escape(x[1], quote=False))
        elif k == "code":
            out.append("<code>" + html.escape(x[1], quote=False) + "</code>")
        elif k == "strong":
            out.append("<strong>" + h_inl(x[1]) + "</strong>")
        elif k == "em":
            out.append("<em>" + h_inl(x[1]) + "</em>")
        elif k == "link":
            out.append("<span class=\"link\">" + h_inl(x[1]) + "</span>")
        elif k == "br":
            out.append("<br>")
    return "".join(out)


def html_nodes(nodes, out):
    for nd in nodes:
        k = nd[0]
        if k == "heading":
            _, level, num, inl = nd
            out.append("<h%d>%s%s</h%d>\n" % (level, html.escape(num + " ") if num else "", h_inl(inl), level))
        elif k == "para":
            out.append("<p>" + h_inl(nd[1]) + "</p>\n")
        elif k == "small":
            out.append("<p class=\"small\">" + h_inl(nd[1]) + "</p>\n")
        elif k == "list":
            tag = "ol" if nd[1] else "ul"
            tight = all(len(it) <= 1 for it in nd[2])
            out.append("<%s class=\"%s\">\n" % (tag, "tight" if tight else "loose"))
            for it in nd[2]:
                sub = []
                html_nodes(it, sub)
                out.append("<li>" + "".join(sub) + "</li>\n")
            out.append("</%s>\n" % tag)
        elif k == "quote":
            sub = []
            html_nodes(nd[1], sub)
            out.append("<blockquote>" + "".join(sub) + "</blockquote>\n")
        elif k == "code":
            out.append("<pre><code>" + html.escape(nd[1], quote=False) + "</code></pre>\n")
        elif k == "rule":
            out.append("<hr>\n")
        elif k == "table":
            _, cap, hdr, rows = nd
            if cap:
                out.append("<p class=\"caption\">" + html.escape(cap, quote=False) + "</p>\n")
            out.append("<table>\n<thead><tr>" + "".join("<th>" + html.escape(h, quote=False) + "</th>"
                                                        for h in hdr) + "</tr></thead>\n<tbody>\n")
            for r in rows:
                out.append("<tr>" + "".join("<td>" + html.escape(c, quote=False) + "</td>" for c in r)
                           + "</tr>\n")
            out.append("</tbody>\n</table>\n")
        elif k == "chart":
            _, cap, nrows = nd
            if cap:
                out.append("<p class=\"caption\">" + html.escape(cap, quote=False) + "</p>\n")
            out.append("<div class=\"chart\" style=\"height: %.1fpt\"></div>\n" % chart_height(nrows))


HTML_CSS = """
@font-face { font-family: "Noto Serif"; font-weight: normal; font-style: normal; src: url("%(f)s/NotoSerif-Regular.ttf"); }
@font-face { font-family: "Noto Serif"; font-weight: bold; font-style: normal; src: url("%(f)s/NotoSerif-Bold.ttf"); }
@font-face { font-family: "Noto Serif"; font-weight: normal; font-style: italic; src: url("%(f)s/NotoSerif-Italic.ttf"); }
@font-face { font-family: "Noto Serif"; font-weight: bold; font-style: italic; src: url("%(f)s/NotoSerif-BoldItalic.ttf"); }
@font-face { font-family: "Noto Sans"; font-weight: normal; src: url("%(f)s/NotoSans-Regular.ttf"); }
@font-face { font-family: "Noto Sans"; font-weight: bold; src: url("%(f)s/NotoSans-Bold.ttf"); }
@font-face { font-family: "DejaVu Sans Mono"; src: url("%(f)s/DejaVuSansMono.ttf"); }
@font-face { font-family: "DejaVu Sans"; src: url("%(f)s/DejaVuSans.ttf"); }
@page { size: A4; margin: 78pt 68pt 72pt 68pt;
  @bottom-center { content: counter(page); font: 7.8pt "Noto Sans"; color: #5b6670; } }
html { font-family: "Noto Serif", "DejaVu Sans"; font-size: 10.5pt; line-height: 15.2pt; color: #1d232a; }
body { margin: 0; }
p, li { text-align: justify; hyphens: auto; }
p { margin: 0 0 8.4pt 0; }
h1, h2, h3, .caption, th, td { font-family: "Noto Sans"; hyphens: manual; text-align: left; }
h1, h2, h3 { color: #1f4e79; break-after: avoid; }
.chapter { break-before: page; }
.chapter:first-child { break-before: auto; }
.number { font: bold 20pt/27pt "Noto Sans"; color: #ad5410; margin: 0 0 8pt 0; }
h1 { font-size: 24pt; line-height: 29.3pt; margin: 0 0 17pt 0; }
h2 { font-size: 14.5pt; line-height: 19pt; margin: 20pt 0 8pt 0; }
h3 { font-size: 12pt; line-height: 16pt; margin: 16pt 0 8pt 0; }
ul, ol { margin: 0 0 8.4pt 0; padding-left: 13.2pt; }
ul.tight > li > p { margin: 0; }
li { margin: 0 0 2pt 0; }
code, pre { font-family: "DejaVu Sans Mono"; font-size: 9pt; }
.caption { font-weight: bold; font-size: 9.7pt; line-height: 13pt; margin: 13.1pt 0 6pt 0; break-after: avoid; }
table { border-collapse: collapse; font-size: 8.8pt; line-height: 11.8pt; margin: 0 0 8.4pt 0; }
th, td { border: 0.5pt solid #d0d7de; padding: 5pt; vertical-align: top; }
.small { font-size: 8.5pt; line-height: 12pt; }
"""


def to_html(chapters, title, fonts):
    f = "file://" + os.path.abspath(fonts)
    out = ["<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n"
           "<style>%s</style>\n</head>\n<body>\n" % (html.escape(title), HTML_CSS % {"f": f})]
    for ch in chapters:
        out.append("<section class=\"chapter\">\n<p class=\"number\">%02d</p>\n<h1>%s</h1>\n"
                   % (ch["number"], html.escape(ch["title"], quote=False)))
        html_nodes(ch["nodes"], out)
        out.append("</section>\n")
    out.append("</body>\n</html>\n")
    return "".join(out)


def main(argv=None):
    root = os.path.normpath(os.path.join(HERE, "..", ".."))
    ap = argparse.ArgumentParser(description="The guide as one Typst (and HTML) document.")
    ap.add_argument("--content", default=os.path.join(root, "content"))
    ap.add_argument("-o", "--output", help="the .typ file to write")
    ap.add_argument("--html", help="also write the guide as HTML for WeasyPrint")
    ap.add_argument("--fonts", default=os.path.join(root, "assets", "fonts"),
                    help="the folder of the TrueType fonts (for the HTML's @font-face)")
    a = ap.parse_args(argv)
    if not a.output and not a.html:
        ap.error("nothing to write: give -o OUT.typ and/or --html OUT.html")
    try:
        chapters = load(a.content)
        site = {}
        sp = os.path.join(a.content, "site.yaml")
        if os.path.exists(sp):
            with open(sp, encoding="utf-8") as f:
                site = pw.load_yaml(f.read()) or {}
        title = str(site.get("title") or "Guide")
    except (OSError, ValueError) as e:
        print("md2typst: %s" % e, file=sys.stderr)
        return 1
    if not chapters:
        print("md2typst: no chapters in %s/guide" % a.content, file=sys.stderr)
        return 1
    for path, text in ((a.output, lambda: to_typst(chapters, title)),
                       (a.html, lambda: to_html(chapters, title, a.fonts))):
        if path:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
