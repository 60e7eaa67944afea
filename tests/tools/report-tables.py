#!/usr/bin/env python3
"""report-tables.py SITE_DIR REPORTS_DIR - every client report shows the figures
its report.json holds. For each computed table of the site's model
(content/data/rules.yaml `tables`) that a report has: every cell declared as a
formula naming one value ("=hours", or a {low, high} range of two) shows that
value of report.json in report.html, with the column's prefix, and a range also
in report.pdf (pdftotext). The scores and split tables match report.json's
scores and split. Nothing is printed with float noise ("110,880.00000000001").
A report whose HTML dropped a row, or whose shown figure drifted from the
computed one, fails here even when the JSON is right.

Prints one line per problem and `report_tables: N passed, M failed` (reports).
"""
import html
import json
import os
import re
import subprocess
import sys

import yaml


def plain(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def table(page, tid):
    """The rows of the data table with that id, as lists of cell texts (header row first)."""
    m = re.search(r'<figure class="data-table" id="%s">(.*?)</figure>' % re.escape(tid), page, re.S)
    if not m:
        return None
    return [[plain(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S)]


def number(x, prefix=""):
    """A number as tables print it: thousands separators, no needless decimals."""
    return prefix + ("{:,}".format(int(x)) if float(x) == int(x) else "{:,.2f}".format(x).rstrip("0"))


def value_of(r, formula):
    """report.json's value for a cell "=NAME", or None when the cell is another formula."""
    if isinstance(formula, str) and re.fullmatch(r"=\s*[a-z_][a-z0-9_]*\s*", formula):
        return r["values"][formula.strip("= ")]["value"]
    return None


def cell_text(r, decl, prefix):
    """What a declared cell should read in report.html, or None when not checked."""
    if isinstance(decl, dict) and set(decl) >= {"low", "high"}:
        lo, hi = value_of(r, decl["low"]), value_of(r, decl["high"])
        if isinstance(lo, (int, float)) and isinstance(hi, (int, float)):
            return f"{number(lo, prefix)} to {number(hi, prefix)}"
        return None
    v = value_of(r, decl)
    return number(v, prefix) if isinstance(v, (int, float)) else None


def check_report(model, d):
    problems = []
    r = json.load(open(os.path.join(d, "report.json"), encoding="utf-8"))
    page = open(os.path.join(d, "report.html"), encoding="utf-8").read()
    pdf = subprocess.run(["pdftotext", "-layout", os.path.join(d, "report.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    cells_apart = html.unescape(re.sub(r"<[^>]+>", " ", page))
    for name, text in (("report.html", cells_apart), ("report.pdf", pdf)):
        noise = re.findall(r"\d[.,]\d{6,}", text)
        if noise:
            problems.append(f"{name} prints float noise: {noise[:3]}")
    checked = 0
    for t in model.get("tables") or []:
        shown = table(page, "table-" + t["name"])
        if shown is None:
            continue
        cols = t["columns"]
        if len(shown) - 1 != len(t["rows"]):
            problems.append(f"{t['name']} has {len(shown) - 1} rows, the model {len(t['rows'])}")
            continue
        for row, decl in zip(shown[1:], t["rows"]):
            for k, col in enumerate(cols):
                want = cell_text(r, decl.get(col["key"]), col.get("prefix", ""))
                if want is None:
                    continue
                checked += 1
                if row[k] != want:
                    problems.append(f"{t['name']} row {decl['id']} {col['key']}: {row[k]!r} in "
                                    f"report.html, {want!r} from report.json")
                if " to " in want and want not in pdf:
                    problems.append(f"report.pdf lacks {t['name']} {decl['id']} {want}")
    names = {o: (v or {}).get("name", o) for o, v in model["options"].items()}
    scores = table(page, "table-report-scores")
    if scores is None or len(scores) - 1 != len(r["scores"]):
        problems.append(f"scores table rows differ from report.json's {len(r['scores'])} scores")
    else:
        by_name = {names[o]: o for o in names}
        for row in scores[1:]:
            o = by_name.get(row[0])
            fired = sum(1 for x in r["reasons"] if x["option"] == o)
            if o is None or row[1:] != [number(r["scores"][o]), str(fired)]:
                problems.append(f"scores row {row[0]}: {row[1:]} in report.html, "
                                f"{[r['scores'].get(o), fired]} in report.json")
    if r.get("split"):
        split = table(page, "table-report-split")
        got = [(row[0], row[1]) for row in (split or [])[1:]]
        want = [(p["part"], names[p["option"]]) for p in r["split"]]
        if got != want:
            problems.append(f"split table {got} in report.html, {want} in report.json")
    return problems, checked


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    model = yaml.safe_load(open(os.path.join(sys.argv[1], "content/data/rules.yaml"), encoding="utf-8"))
    root = sys.argv[2]
    dirs = sorted(os.path.join(root, d) for d in os.listdir(root)
                  if os.path.isfile(os.path.join(root, d, "report.json")))
    passed = failed = cells = 0
    for d in dirs:
        problems, checked = check_report(model, d)
        cells += checked
        for p in problems:
            print(f"FAIL {os.path.basename(d)}: {p}")
        passed, failed = (passed + 1, failed) if not problems else (passed, failed + 1)
    if not dirs or not cells:
        print(f"FAIL no reports, or no computed cell to check, in {root}")
        failed += 1
    print(f"report_tables: {passed} passed, {failed} failed ({cells} computed cells)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
