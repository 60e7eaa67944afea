#!/usr/bin/env python3
"""languages-check.py CHECK OUT FIXTURE - the checks of tests/languages-tests.sh on a built
multilingual site (OUT: imprint's output folder; FIXTURE: the site's folder).

CHECK is one of:
  order        each PDF's text (pdftotext) holds every paragraph of its language's pages in
               logical order: the paragraphs' own words in sequence, for every language
  hyphenated   the German PDF breaks at least two long compounds with a hyphen
  kinsoku      no line of the Japanese PDF starts with a character kinsoku forbids there
  rtl-margin   the Arabic paragraph's first word ends at the right margin and its last line
               of the first paragraph starts further right than the left margin (poppler's
               word boxes)
  html         every page's <html lang> and dir, and its hreflang alternates: one for each
               translation and x-default, every alternate pointing back
  spans        the English home page's passages in other languages ([Deutsch]{lang=de}): a
               <span lang> (dir="rtl" for Arabic) on the site, a Span with its /Lang in the PDF
Prints what it found; exits 1 on a failure."""
import glob, html.parser, json, os, re, subprocess, sys, unicodedata

LANGS = ["en", "de", "fr", "ja", "ar"]
PDF_NAME = "lighthouse"
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
# kinsoku: never at the start of a line (pdf/cjk.c's table, written out again here)
NO_START = set("、。，．・：；？！ー…‥々ゝゞ」』）〕］｝〉》】〙〗〟’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")


def pdf_path(out, lang):
    return os.path.join(out, f"{PDF_NAME}.pdf" if lang == "en" else f"{PDF_NAME}.{lang}.pdf")


def pdftext(pdf, *opts):
    return subprocess.run(["pdftotext", *opts, pdf, "-"], capture_output=True, text=True, check=True).stdout


def paragraphs(fixture, lang):
    """The body paragraphs (not headings, lists or front matter) of every page in lang."""
    suffix = "" if lang == "en" else f".{lang}"
    out = []
    for path in sorted(glob.glob(os.path.join(fixture, "content", f"*{suffix}.md"))):
        name = os.path.basename(path)
        if lang == "en" and re.search(r"\.[a-z]{2}\.md$", name):
            continue
        body = open(path, encoding="utf-8").read().split("---", 2)[2]
        for block in body.strip().split("\n\n"):
            block = block.strip()
            if block and not block.startswith(("#", "- ", "|")):
                block = re.sub(r"\[([^\]]*)\]\{lang=[^}]*\}", r"\1", block)  # a passage's span
                out.append(" ".join(block.split()))
    return out


def squeeze(text):
    """The letters and digits of text in their order: no spaces, line-end hyphens,
    punctuation or bidirectional controls (extraction tools place a full stop after a
    number at the end of a right-to-left line on either side of it), NFC."""
    text = unicodedata.normalize("NFC", text.translate(BIDI_CONTROLS))
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)  # a hyphenation break
    return "".join(c for c in text if not c.isspace() and not unicodedata.category(c).startswith("P"))


def check_order(out, fixture):
    bad = 0
    for lang in LANGS:
        got = squeeze(pdftext(pdf_path(out, lang)))
        for p in paragraphs(fixture, lang):
            if squeeze(p) not in got:
                bad += 1
                print(f"{lang}: paragraph not found in logical order: {p[:60]}...")
        print(f"{lang}: {len(paragraphs(fixture, lang))} paragraphs checked")
    return bad == 0


def check_hyphenated(out, fixture):
    lines = [l.strip() for l in pdftext(pdf_path(out, "de"), "-layout").splitlines() if l.strip()]
    broken = set()
    for a, b in zip(lines, lines[1:]):
        if a.endswith("-") and len(a) > 1 and a[-2].isalpha():
            word = a.split()[-1][:-1] + b.split()[0]
            word = word.strip(".,:;")
            if len(word) >= 15:
                broken.add(word)
    print("long words hyphenated:", sorted(broken))
    return len(broken) >= 2


def check_kinsoku(out, fixture):
    bad = []
    lines = pdftext(pdf_path(out, "ja"), "-layout").splitlines()
    for l in lines:
        s = l.strip()
        if s and s[0] in NO_START:
            bad.append(s)
    print(f"{len(lines)} lines, {len(bad)} starting with a forbidden character")
    for b in bad:
        print("  ", b)
    return not bad and len(lines) > 20


def check_rtl_margin(out, fixture):
    xml = pdftext(pdf_path(out, "ar"), "-bbox-layout")
    words = [(float(m[1]), float(m[2]), float(m[3]), m[4]) for m in
             re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', xml)]
    first = paragraphs(fixture, "ar")[-3].split()[0]  # the review page's first paragraph
    # poppler's word boxes spell right-to-left words in visual order
    hits = [w for w in words if w[3] in (first, first[::-1])]
    right_margin = max(w[2] for w in words)
    print(f"first word {first!r}: boxes {[(w[0], w[2]) for w in hits]}; rightmost text edge {right_margin}")
    return bool(hits) and abs(hits[0][2] - right_margin) < 1.0 and hits[0][0] > 300


class Head(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.html, self.alternates = {}, {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html = a
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]


def check_html(out, fixture):
    site = os.path.join(out, "site")
    base = "https://lighthouse.example"
    pages = {}
    for lang in LANGS:
        for page in ["", "review/"]:
            url = f"/{page}" if lang == "en" else f"/{lang}/{page}"
            h = Head()
            h.feed(open(os.path.join(site, url.strip("/"), "index.html"), encoding="utf-8").read())
            pages[base + url] = (lang, h)
    ok = True
    for url, (lang, h) in pages.items():
        want_dir = "rtl" if lang == "ar" else None
        if h.html.get("lang") != lang or h.html.get("dir") != want_dir:
            print(f"{url}: <html lang={h.html.get('lang')} dir={h.html.get('dir')}>, want {lang} {want_dir}")
            ok = False
        if set(h.alternates) != set(LANGS) | {"x-default"}:
            print(f"{url}: alternates {sorted(h.alternates)}")
            ok = False
        if h.alternates.get(lang) != url:
            print(f"{url}: its own alternate is {h.alternates.get(lang)}")
            ok = False
        for other, href in h.alternates.items():
            if other == "x-default":
                continue
            back = pages.get(href)
            if not back or back[1].alternates.get(lang) != url:
                print(f"{url}: alternate {other} {href} does not point back")
                ok = False
    print(f"{len(pages)} pages checked")
    return ok


SPANS = {"de": "Deutsch", "fr": "français", "ja": "日本語", "ar": "العربية"}


def check_spans(out, fixture):
    ok = True
    page = open(os.path.join(out, "site", "index.html"), encoding="utf-8").read()
    for lang, word in SPANS.items():
        rtl = ' dir="rtl"' if lang == "ar" else ""
        if f'<span lang="{lang}"{rtl}>{word}</span>' not in page:
            print(f"site: no <span lang={lang}{rtl}> around {word}")
            ok = False
    doc = subprocess.run(["qpdf", "--json", pdf_path(out, "en")], capture_output=True, text=True,
                         check=True).stdout
    objs = [o.get("value") for o in json.loads(doc)["qpdf"][1].values() if isinstance(o, dict)]
    spans = [o for o in objs if isinstance(o, dict) and o.get("/S") == "/Span"]
    langs = sorted(o.get("/Lang", "")[2:] for o in spans)
    print("PDF Span elements' languages:", langs)
    if langs != sorted(SPANS):
        ok = False
    return ok


if __name__ == "__main__":
    check, out, fixture = sys.argv[1:4]
    fn = {"order": check_order, "hyphenated": check_hyphenated, "kinsoku": check_kinsoku,
          "rtl-margin": check_rtl_margin, "html": check_html, "spans": check_spans}[check]
    sys.exit(0 if fn(out, fixture) else 1)
