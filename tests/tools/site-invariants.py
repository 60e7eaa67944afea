#!/usr/bin/env python3
"""site-invariants.py SITE_DIR CONTENT_DIR - properties every built site must have,
checked on the real output rather than on a golden copy:

- tables: every data table shown on a page (<figure id="table-NAME...">) has the
  header cells of its columns and one body row per row of content/data/NAME.yaml,
  in order, each row led by its first column's text;
- heading ids: every h2-h6 id is the slug of the heading's text (lower-case ASCII
  letters and digits, runs of anything else one '-', '.' and apostrophes dropped),
  with "-N" added when the slug was taken earlier on the page;
- ids are unique on each page.

Prints one line per problem and `site_invariants: N passed, M failed` (checks).
"""
import html
import os
import re
import sys

import yaml


def slug(text):
    out, dash = [], False
    text = text.replace("\u2019", "").replace("\u2018", "")
    for ch in text:
        if "a" <= ch <= "z" or "0" <= ch <= "9" or "A" <= ch <= "Z":
            if dash and out:
                out.append("-")
            dash = False
            out.append(ch.lower())
        elif ch in ".'":
            continue
        else:
            dash = True
    return "".join(out) or "section"


def plain(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def cell_text(value):
    """The text a row's first cell shows, when the YAML says it plainly."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        return value["text"]
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    site, content = sys.argv[1:3]
    tables = {}
    data = os.path.join(content, "data")
    for name in os.listdir(data) if os.path.isdir(data) else []:
        if name.endswith((".yaml", ".yml")):
            doc = yaml.safe_load(open(os.path.join(data, name), encoding="utf-8"))
            if isinstance(doc, dict) and "columns" in doc and "rows" in doc:
                tables[name.rsplit(".", 1)[0]] = doc
    passed = failed = 0
    seen_tables = 0

    def check(ok, msg):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL", msg)

    pages = [os.path.join(b, f) for b, _, fs in os.walk(site) for f in fs if f.endswith(".html")]
    for path in sorted(pages):
        page = open(path, encoding="utf-8").read()
        rel = os.path.relpath(path, site)
        for m in re.finditer(r'<figure class="data-table" id="table-([^"]+)">(.*?)</figure>', page, re.S):
            name = m.group(1)
            base = name if name in tables else re.sub(r"-\d+$", "", name)
            if base not in tables:
                check(False, f"{rel}: table '{name}' has no content/data/{name}.yaml")
                continue
            seen_tables += 1
            doc, body = tables[base], m.group(2)
            head = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', body, re.S)
            check(len(head) == len(doc["columns"]),
                  f"{rel}: table '{name}' has {len(head)} header cells, its YAML {len(doc['columns'])} columns")
            rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[-1], re.S)
            check(len(rows) == len(doc["rows"]),
                  f"{rel}: table '{name}' has {len(rows)} rows, its YAML {len(doc['rows'])}")
            first_key = doc["columns"][0]["key"]
            for i, (row, want) in enumerate(zip(rows, doc["rows"])):
                text = cell_text(want.get(first_key))
                if text is None:
                    continue
                cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
                check(bool(cells) and plain(cells[0]) == text.strip(),
                      f"{rel}: table '{name}' row {i + 1} starts with {plain(cells[0]) if cells else None!r}, "
                      f"its YAML with {text!r}")
        ids = re.findall(r'\sid="([^"]+)"', page)
        dup = sorted({i for i in ids if ids.count(i) > 1})
        check(not dup, f"{rel}: ids used twice: {dup[:5]}")
        taken = {}
        for m in re.finditer(r'<h([2-6]) id="([^"]+)">(.*?)</h\1>', page, re.S):
            want = slug(plain(m.group(3)))
            n = taken.get(want, 0)
            taken[want] = n + 1
            expect = want if n == 0 else f"{want}-{n}"
            check(m.group(2) == expect, f"{rel}: heading {plain(m.group(3))!r} has id {m.group(2)!r}, want {expect!r}")
    check(seen_tables > 0, "no data table found in the site")
    print(f"site_invariants: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
