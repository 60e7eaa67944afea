#!/usr/bin/env python3
"""summarize.py RESULTS.tsv ENV.txt NOTES.txt OUT.md - the benchmark table (run.sh).

RESULTS.tsv rows: key, case, tool, status (ok | crash | na), runs
("wall,user,sys,maxrss_kb;..."). Every metric is the median of its runs, taken
on its own. Ratios are imprint's median over the peer's median within the same
key. Rows whose key starts with "slope-" only feed the memory slope, fitted by
least squares over imprint's peak RSS at every page count. Prints the Markdown
and writes it to OUT.md. Python 3 standard library only.
"""
import statistics
import sys


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 5:
                parts += [""] * (5 - len(parts))
            key, case, tool, status, runs = parts[:5]
            samples = []
            for r in filter(None, runs.split(";")):
                try:
                    w, u, s, m = (float(x) for x in r.split(","))
                    samples.append((w, u + s, m / 1024.0))
                except ValueError:
                    pass
            med = None
            if samples and status == "ok":
                med = tuple(statistics.median(x[i] for x in samples) for i in range(3))
            rows.append({"key": key, "case": case, "tool": tool, "status": status,
                         "samples": samples, "med": med})
    return rows


def secs(x):
    return "%.3f" % x if x < 10 else "%.2f" % x


def ratio(a, b):
    if not a or not b or b == 0:
        return "—"
    r = a / b
    return ("%.3f×" % r) if r < 0.1 else ("%.2f×" % r)


def find(rows, key, prefix):
    for r in rows:
        if r["key"] == key and r["tool"].startswith(prefix) and r["med"]:
            return r["med"]
    return None


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    rows = load(sys.argv[1])
    env = dict(l.rstrip("\n").split("=", 1) for l in open(sys.argv[2], encoding="utf-8") if "=" in l)
    notes = [l.rstrip("\n") for l in open(sys.argv[3], encoding="utf-8") if l.strip()]
    out = []
    out.append("Measured %s on %s cores (%s), %s RAM, %s, %s file system; median of %s runs; the run took %s s; "
               "load average %s." % (env.get("date"), env.get("nproc"), env.get("cpu"), env.get("ram"),
                                     env.get("kernel"), env.get("fs"), env.get("runs"), env.get("duration"),
                                     env.get("load")))
    out.append("")
    out.append("Tools: %s; %s; %s; %s; %s; Node.js %s." % (
        env.get("imprint"), env.get("hugo"), env.get("cmark"), env.get("typst", "Typst not available"),
        env.get("weasyprint"), env.get("node")))
    out.append("")
    out.append("| case | tool | wall s | CPU s | peak MB | imprint/peer wall | imprint/peer peak mem |")
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        if r["key"].startswith("slope-"):
            continue
        if r["status"] == "na":
            out.append("| %s | %s | not available | | | | |" % (r["case"], r["tool"]))
            continue
        if r["status"] == "crash" or not r["med"]:
            out.append("| %s | %s | crashed | | | | |" % (r["case"], r["tool"]))
            continue
        w, c, m = r["med"]
        rw = rm = "—"
        if r["tool"] != "imprint" and not r["tool"].startswith("md2typst"):
            imp = find(rows, r["key"], "imprint")
            if imp:
                rw, rm = ratio(imp[0], w), ratio(imp[2], m)
        out.append("| %s | %s | %s | %s | %.1f | %s | %s |" % (r["case"], r["tool"], secs(w), secs(c), m, rw, rm))

    # ---- memory slope
    pts = []
    for r in rows:
        if r["tool"] == "imprint" and r["med"] and (r["key"].startswith("full-") or r["key"].startswith("slope-")):
            pts.append((int(r["key"].split("-")[1]), r["med"][2], r["med"][0]))
    pts.sort()
    slope_line = None
    if len(pts) >= 2:
        xs = [p[0] / 1000.0 for p in pts]
        ys = [p[1] for p in pts]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        sxx = sum((x - mx) ** 2 for x in xs)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
        a = my - b * mx
        ss_tot = sum((y - my) ** 2 for y in ys)
        r2 = 1 - sum((y - (a + b * x)) ** 2 for x, y in zip(xs, ys)) / ss_tot if ss_tot else 1.0
        out.append("")
        out.append("Memory slope (imprint full builds, `--html-only -j %s`, median peak RSS):" % env.get("nproc"))
        out.append("")
        out.append("| pages | wall s | peak MB | fit MB |")
        out.append("| ---: | ---: | ---: | ---: |")
        for (n, m, w), x in zip(pts, xs):
            out.append("| %s | %s | %.1f | %.1f |" % (format(n, ","), secs(w), m, a + b * x))
        slope_line = "peak RSS ≈ %.1f MB + %.1f MB per 1,000 pages (least squares, R² = %.4f)" % (a, b, r2)
        out.append("")
        out.append("Fit: %s." % slope_line)

    # ---- the targets
    def check(ok):
        return "**met**" if ok else "**not met**"
    t = []
    imp = find(rows, "full-10000", "imprint")
    hugo = find(rows, "full-10000", "Hugo")
    cm1 = find(rows, "full-10000", "cmark-gfm (1 process)")
    cmb = find(rows, "full-10000", "cmark-gfm (100")
    if imp and hugo:
        t.append("- Full build, 10,000 pages, wall ≤ 0.2× Hugo: %s → %s" % (ratio(imp[0], hugo[0]), check(imp[0] <= 0.2 * hugo[0])))
        t.append("- Full build, 10,000 pages, peak memory ≤ 0.1× Hugo: %s → %s" % (ratio(imp[2], hugo[2]), check(imp[2] <= 0.1 * hugo[2])))
    if imp and cm1:
        t.append("- Full build, 10,000 pages, wall ≤ cmark-gfm's command line over the same files (1 process): "
                 "%s s vs %s s (%s) → %s" % (secs(imp[0]), secs(cm1[0]), ratio(imp[0], cm1[0]), check(imp[0] <= cm1[0])))
    if imp and cmb:
        t.append("  (against cmark-gfm in batches of 100 files: %s s (%s) → %s)" % (secs(cmb[0]), ratio(imp[0], cmb[0]), check(imp[0] <= cmb[0])))
    noop = find(rows, "noop", "imprint")
    if noop:
        t.append("- No-op rebuild, 10,000 pages, < 100 ms: %.0f ms → %s" % (noop[0] * 1000, check(noop[0] < 0.1)))
    edit = find(rows, "edit", "imprint")
    if edit:
        t.append("- One-page edit, 10,000 pages, < 300 ms: %.0f ms → %s" % (edit[0] * 1000, check(edit[0] < 0.3)))
    pl = find(rows, "pdf-long", "imprint")
    ty = find(rows, "pdf-long", "Typst")
    we = find(rows, "pdf-long", "WeasyPrint")
    if pl and ty:
        t.append("- The 10× guide to PDF, ≤ 0.1× Typst: %s → %s" % (ratio(pl[0], ty[0]), check(pl[0] <= 0.1 * ty[0])))
    if pl and we:
        t.append("- The 10× guide to PDF, ≤ 0.01× WeasyPrint: %s → %s" % (ratio(pl[0], we[0]), check(pl[0] <= 0.01 * we[0])))
    rep = find(rows, "reports", "imprint")
    rep_row = [r for r in rows if r["key"] == "reports"]
    if rep:
        t.append("- %s (HTML + PDF + JSON) under 5 s: %s s → %s" % (rep_row[0]["case"], secs(rep[0]), check(rep[0] < 5)))
    elif rep_row:
        t.append("- %s: %s" % (rep_row[0]["case"], "not available" if rep_row[0]["status"] == "na" else "crashed"))
    if slope_line:
        t.append("- Memory grows linearly: %s" % slope_line)
    if t:
        out.append("")
        out.append("Targets of issue 6 (medians of this run):")
        out.append("")
        out += t
    if notes:
        out.append("")
        out.append("Notes:")
        out.append("")
        out += ["- " + n for n in notes]

    # ---- every run
    out.append("")
    out.append("<details><summary>Every run (wall s / CPU s / peak MB)</summary>")
    out.append("")
    out.append("| case | tool | runs |")
    out.append("| --- | --- | --- |")
    for r in rows:
        runs = ", ".join("%s / %s / %.1f" % (secs(w), secs(c), m) for w, c, m in r["samples"]) or r["status"]
        out.append("| %s | %s | %s |" % (r["case"], r["tool"], runs))
    out.append("")
    out.append("</details>")
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    with open(sys.argv[4], "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
