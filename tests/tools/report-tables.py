#!/usr/bin/env python3
"""report-tables.py REPORTS_DIR - every client report shows the figures its
report.json holds: the cost, scale, scores and split tables of report.html, row by
row, and the cost and cores figures in report.pdf (pdftotext), all printed without
float noise (no "110,880.00000000001"). A report whose HTML dropped a row, or whose
shown cost drifted from the computed one, fails here even when the JSON is right.

Prints one line per problem and `report_tables: N passed, M failed` (reports).
"""
import html
import json
import os
import re
import subprocess
import sys


def plain(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def table(page, tid):
    """The rows of the data table with that id, as lists of cell texts (header row first)."""
    m = re.search(r'<figure class="data-table" id="%s">(.*?)</figure>' % re.escape(tid), page, re.S)
    if not m:
        return None
    return [[plain(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S)]


def stack_of(label):
    low = label.lower()
    return "hybrid" if low.startswith("hybrid") else "nodejs" if low.startswith("node") else \
        "python" if low.startswith("python") else None


def money(x):
    return "${:,}".format(int(x)) if float(x) == int(x) else "${:,.2f}".format(x)


def check_report(d):
    problems = []
    r = json.load(open(os.path.join(d, "report.json"), encoding="utf-8"))
    page = open(os.path.join(d, "report.html"), encoding="utf-8").read()
    pdf = subprocess.run(["pdftotext", "-layout", os.path.join(d, "report.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    for name, text in (("report.html", plain(page)), ("report.pdf", pdf)):
        noise = re.findall(r"\d[.,]\d{6,}", text)
        if noise:
            problems.append(f"{name} prints float noise: {noise[:3]}")
    stacks = [s for s in ("python", "nodejs") if s in r["cost"]]
    cost = table(page, "table-report-cost")
    if cost is None:
        problems.append("no cost table")
    else:
        if len(cost) - 1 != len(stacks):
            problems.append(f"cost table has {len(cost) - 1} rows, report.json {len(stacks)} stacks")
        for row in cost[1:]:
            s = stack_of(row[0])
            c = r["cost"].get(s)
            if not c:
                problems.append(f"cost row {row[0]!r} is not a stack of report.json")
                continue
            want_rate = f"{money(c['hourly']['low'])} to {money(c['hourly']['high'])}"
            want_total = f"{money(c['low'])} to {money(c['high'])}"
            if row[1:] != [want_rate, want_total]:
                problems.append(f"cost row {row[0]}: {row[1:]} in report.html, {[want_rate, want_total]} in report.json")
            if want_total not in pdf:
                problems.append(f"report.pdf lacks the {row[0]} estimate {want_total}")
    scale = table(page, "table-report-scale")
    if scale is not None:
        for row in scale[1:]:
            s = stack_of(row[0])
            want = ["{:,}".format(r["scale"]["rps_per_core"][s]), str(r["cores"][s])]
            if row[1:] != want:
                problems.append(f"scale row {row[0]}: {row[1:]} in report.html, {want} in report.json")
    scores = table(page, "table-report-scores")
    if scores is None or len(scores) - 1 != len(r["scores"]):
        problems.append(f"scores table rows differ from report.json's {len(r['scores'])} scores")
    else:
        for row in scores[1:]:
            s = stack_of(row[0])
            fired = sum(1 for x in r["reasons"] if x["stack"] == s)
            if row[1:] != [str(r["scores"][s]), str(fired)]:
                problems.append(f"scores row {row[0]}: {row[1:]} in report.html, "
                                f"{[r['scores'][s], fired]} in report.json")
    split = table(page, "table-report-split")
    if r.get("split"):
        got = [(row[0], stack_of(row[1])) for row in (split or [])[1:]]
        want = [(p["part"], p["stack"]) for p in r["split"]]
        if got != want:
            problems.append(f"split table {got} in report.html, {want} in report.json")
    return problems


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    dirs = sorted(os.path.join(root, d) for d in os.listdir(root)
                  if os.path.isfile(os.path.join(root, d, "report.json")))
    passed = failed = 0
    for d in dirs:
        problems = check_report(d)
        for p in problems:
            print(f"FAIL {os.path.basename(d)}: {p}")
        passed, failed = (passed + 1, failed) if not problems else (passed, failed + 1)
    if not dirs:
        print(f"FAIL no reports in {root}")
        failed += 1
    print(f"report_tables: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
