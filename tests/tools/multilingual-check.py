#!/usr/bin/env python3
"""multilingual-check.py SITE - checks the built website of tests/fixtures/multilingual
(languages en, de, fr; English the default):

- the pages there are, at their URLs (a translation under /LANG/, the default language at the
  root, no page for what is not translated);
- every page's <html lang>;
- the hreflang alternates in <head>: the page in every language it is in, itself included, and
  x-default to the default language's page; complete and reciprocal (every alternate's page
  lists the same set, so each points back);
- the language switcher: in the banner, one link per alternate, with hreflang and lang, named
  in its own language, the page's own marked aria-current;
- the Atom feed link of each page is its language's feed; the home's and sections' lists hold
  their language's pages only; a translation's links lead to its language's pages, else the
  original;
- one feed per language (/atom.xml, /de/atom.xml, /fr/atom.xml) with that language's pages;
- the sitemap: every page once, with the same alternates as its <head> (xhtml:link).
Prints one line per check, then `multilingual-site: N passed, M failed`."""
import os
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

SITE = sys.argv[1]
BASE = "https://multi.example"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, summary  # noqa: E402


class Page(HTMLParser):
    """What the checks read of a page: <html lang>, the alternates, the feed link, the
    switcher's links, the home link, every href."""

    def __init__(self, text):
        super().__init__()
        self.lang = None
        self.alternates = {}  # hreflang -> href
        self.feed_href = None
        self.switcher = []  # (href, hreflang, lang, current, text)
        self.in_switcher = False
        self.in_header = False
        self.switcher_in_header = False
        self.switcher_label = None  # its aria-label
        self.link = None
        self.hrefs = []
        self.lists = {}  # class of an <ol> -> the hrefs in it
        self.ol = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        elif tag == "link" and a.get("type") == "application/atom+xml":
            self.feed_href = a["href"]
        elif tag == "header" and "site-header" in a.get("class", ""):
            self.in_header = True
        elif tag == "nav" and "language-switcher" in a.get("class", "").split():
            # labelled in the page's language: Languages, Sprachen, Langues
            self.switcher_label = a.get("aria-label")
            self.in_switcher = True
            self.switcher_in_header = self.in_header
        elif tag == "ol":
            self.ol = a.get("class", "")
        elif tag == "a":
            self.hrefs.append(a.get("href"))
            if self.ol:
                self.lists.setdefault(self.ol, []).append(a.get("href"))
            if self.in_switcher:
                self.link = [a.get("href"), a.get("hreflang"), a.get("lang"),
                             a.get("aria-current") == "page", ""]

    def handle_data(self, data):
        if self.link is not None:
            self.link[4] += data

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            self.switcher.append(tuple(self.link))
            self.link = None
        elif tag == "nav":
            self.in_switcher = False
        elif tag == "header":
            self.in_header = False
        elif tag == "ol":
            self.ol = None


def url_of(path):
    """The site URL of an output file: de/guide/index.html -> /de/guide/."""
    return "/" + path[: -len("index.html")]


pages = {}
for root, _, files in os.walk(SITE):
    for f in files:
        if f == "index.html":
            rel = os.path.relpath(os.path.join(root, f), SITE).replace(os.sep, "/")
            rel = "index.html" if rel == "./index.html" else rel
            pages[url_of(rel)] = Page(open(os.path.join(root, f), encoding="utf-8").read())

want = {"/", "/guide/", "/guide/intro/", "/guide/setup/", "/guide/untranslated/",
        "/de/", "/de/guide/", "/de/guide/intro/", "/de/guide/setup/",
        "/fr/", "/fr/guide/", "/fr/guide/intro/"}
check("pages", set(pages) == want, f"have {sorted(pages)}, want {sorted(want)}")

NAMES = {"en": "English", "de": "Deutsch", "fr": "Français"}


def lang_of(url):
    m = re.match(r"^/(de|fr)/", url)
    return m.group(1) if m else "en"


def original(url):
    return re.sub(r"^/(de|fr)/", "/", url)


for url, p in sorted(pages.items()):
    lang = lang_of(url)
    check(f"{url} html lang", p.lang == lang, f"lang={p.lang!r}")
    # the page in each language: the pages with the same original
    same = {lang_of(u): BASE + u for u in pages if original(u) == original(url)}
    alts = dict(p.alternates)
    xdef = alts.pop("x-default", None)
    check(f"{url} alternates complete", alts == same, f"{alts} != {same}")
    check(f"{url} x-default", xdef == same.get("en"), f"{xdef}")
    for hl, href in alts.items():
        other = pages.get(href[len(BASE):])
        check(f"{url} alternate {hl} points back",
              other is not None and other.alternates == p.alternates,
              f"{href}: {other.alternates if other else 'no such page'}")
    sw = p.switcher
    check(f"{url} switcher in the banner", p.switcher_in_header and len(sw) == len(same), f"{sw}")
    check(f"{url} switcher links", all(BASE + href == same.get(hl) and hl == lg and
                                       text == NAMES[hl] for href, hl, lg, _, text in sw), f"{sw}")
    cur = [href for href, _, _, c, _ in sw if c]
    check(f"{url} switcher current", cur == [url], f"{cur}")
    label = {"en": "Languages", "de": "Sprachen", "fr": "Langues"}[lang]
    check(f"{url} switcher label", p.switcher_label == label, f"{p.switcher_label}")
    check(f"{url} feed", p.feed_href == ("/atom.xml" if lang == "en" else f"/{lang}/atom.xml"), p.feed_href)
    home = "/" if lang == "en" else f"/{lang}/"
    check(f"{url} home link", home in p.hrefs, "")
    for cls, hrefs in p.lists.items():
        if cls in ("cards", "chapter-list"):
            check(f"{url} {cls}: its language's pages",
                  all(lang_of(h) == lang for h in hrefs) and hrefs, f"{hrefs}")

# a translation's links: to its language's page, else the original
de = pages["/de/guide/intro/"]
check("de links to the German setup", de.hrefs.count("/de/guide/setup/") >= 2, f"{de.hrefs}")
check("de links to the untranslated original", de.hrefs.count("/guide/untranslated/") == 2,
      f"{de.hrefs}")
fr = pages["/fr/guide/intro/"]
check("fr links to the English setup (no French one)", "/guide/setup/" in fr.hrefs, f"{fr.hrefs}")

ATOM = "{http://www.w3.org/2005/Atom}"
for lang, path in (("en", "atom.xml"), ("de", "de/atom.xml"), ("fr", "fr/atom.xml")):
    feed = ET.parse(os.path.join(SITE, path)).getroot()
    links = [e.find(ATOM + "link").get("href")[len(BASE):] for e in feed.findall(ATOM + "entry")]
    check(f"feed {path}: its language's pages", links and all(lang_of(u) == lang for u in links)
          and set(links) == {u for u in want if lang_of(u) == lang and u.count("/") == 3 + (lang != "en")},
          f"{links}")
    check(f"feed {path}: xml:lang", feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang,
          str(feed.attrib))
    self_link = [l.get("href") for l in feed.findall(ATOM + "link") if l.get("rel") == "self"]
    check(f"feed {path}: self link", self_link == [f"{BASE}/{path}"], f"{self_link}")

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XH = "{http://www.w3.org/1999/xhtml}"
sitemap = ET.parse(os.path.join(SITE, "sitemap.xml")).getroot()
locs = {}
for u in sitemap.findall(SM + "url"):
    loc = u.find(SM + "loc").text[len(BASE):]
    locs[loc] = {l.get("hreflang"): l.get("href") for l in u.findall(XH + "link")
                 if l.get("rel") == "alternate"}
check("sitemap: every page once", set(locs) == want and len(sitemap) == len(want), f"{sorted(locs)}")
for url, alts in sorted(locs.items()):
    check(f"sitemap {url}: alternates as in the page", url in pages and alts == pages[url].alternates,
          f"{alts}")

sys.exit(summary("multilingual-site"))
