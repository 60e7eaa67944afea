#!/usr/bin/env python3
"""summarize.py RESULTS.tsv ENV.txt NOTES.txt OUT.md [SIZES.tsv [PROFILES.tsv]] - the benchmark document (run.sh).

RESULTS.tsv rows: key, case, tool, status (ok | crash | na | limit), runs
("wall,user,sys,maxrss_kb;..."), and an optional reason (a row of tests/bench/guard.py:
"limit" when it stopped the run, at a time or memory limit). Every metric is the median of its runs, taken
on its own. Ratios are imprint's median over the peer's median within the same
key. Rows whose key starts with "slope-" only feed the memory slope, fitted by
least squares over imprint's peak RSS at every page count. Rows whose key ends
in "-typeset" hold a time alone (imprint's own timer), like the reload rows.
SIZES.tsv rows: key, document, tool, bytes, pages, tagged, conformance (empty when
the tool wrote no file); size ratios are imprint's file over the peer's, within
the same document. PROFILES.tsv: tests/bench/profile-table.py's rows (P: a profile's
total; F: its top functions; L: its self cost per library), printed under each target of
issue 18 not met ("Where the time goes"). Prints the Markdown
and writes it to OUT.md, which `make bench` makes docs/benchmarks.md: the one
file of the repository with measured numbers, replaced whole by every run.
Python 3 standard library only.
"""
import re
import statistics
import sys


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 6:
                parts += [""] * (6 - len(parts))
            key, case, tool, status, runs, reason = parts[:6]
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
                         "samples": samples, "med": med, "reason": reason})
    return rows


def secs(x):
    return "%.3f" % x if x < 10 else "%.2f" % x


def ratio(a, b):
    if not a or not b or b == 0:
        return "—"
    r = a / b
    return ("%.3f×" % r) if r < 0.1 else ("%.2f×" % r)


def kb(n):
    return "%.1f KB" % (n / 1024.0)


def load_sizes(path):
    sizes = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            parts += [""] * (7 - len(parts))
            key, doc, tool, nbytes, pages, tagged, conf = parts[:7]
            sizes.append({"key": key, "doc": doc, "tool": tool,
                          "bytes": int(nbytes) if nbytes.isdigit() else None,
                          "pages": pages, "tagged": tagged, "conf": conf})
    return sizes


def find_size(sizes, key, prefix):
    for r in sizes:
        if r["key"] == key and r["tool"].startswith(prefix) and r["bytes"]:
            return r
    return None


def find(rows, key, prefix):
    for r in rows:
        if r["key"] == key and r["tool"].startswith(prefix) and r["med"]:
            return r["med"]
    return None


def find_row(rows, key, prefix):
    for r in rows:
        if r["key"] == key and r["tool"].startswith(prefix):
            return r
    return None


def load_profiles(path):
    """{key: {"desc", "total", "outside", "wall", "funcs": [(fn, where, incl, self, why)], "libs": [(lib, self)]}}"""
    profs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if p[0] == "P" and len(p) >= 6:
                profs[p[1]] = {"desc": p[2], "total": int(p[3]), "outside": int(p[4]), "wall": p[5],
                               "funcs": [], "libs": []}
            elif p[0] == "F" and len(p) >= 7 and p[1] in profs:
                profs[p[1]]["funcs"].append((p[2], p[3], int(p[4]), int(p[5]), p[6]))
            elif p[0] == "L" and len(p) >= 4 and p[1] in profs:
                profs[p[1]]["libs"].append((p[2], int(p[3])))
    return profs


def md_code(name):
    name = name.replace("|", "\\|")
    if len(name) > 70:
        name = name[:67] + "..."
    return "`%s`" % name


def profile_lines(pr):
    """A profile as Markdown: the total, the cost per library, the top functions."""
    total = float(pr["total"])
    out = ["Profile: %s; %s instructions (callgrind's Ir), %s s under callgrind; outside `main` "
           "(dynamic loading and relocation, library constructors, exit): %.1f%%." % (
               pr["desc"], format(pr["total"], ","), pr["wall"], 100 * pr["outside"] / total), ""]
    if pr["libs"]:
        out.append("Self cost by library: " + ", ".join(
            "%s %.1f%%" % (lib, 100 * c / total) for lib, c in pr["libs"]) + ".")
        out.append("")
    out.append("| function | where | inclusive | self | listed for |")
    out.append("| --- | --- | ---: | ---: | --- |")
    for fn, where, incl, selfc, why in pr["funcs"]:
        out.append("| %s | %s | %.1f%% | %.1f%% | %s |" % (md_code(fn), where, 100 * incl / total,
                                                         100 * selfc / total,
                                                         "inclusive cost" if why == "inclusive" else "self cost"))
    return out


def issue18(rows, env, profs, fit, scale_row, scale_hugo, scale_n, scale_dev):
    """The "Targets" table of issue 18 and, under each target not met, its profile."""
    nproc = env.get("nproc", "?")
    fulls = sorted(int(r["key"].split("-")[1]) for r in rows if r["key"].startswith("full-") and r["tool"] == "imprint")
    big = fulls[-1] if fulls else 10000
    bigl = format(big, ",")
    at = "" if big == 10000 else " (this run's largest size; the target is at 10,000)"
    T = []  # name, measured, target, state (True, False, None: not measured, "info"), profile key, what it takes

    def ms(x):
        return "%.0f ms" % (x * 1000) if x >= 0.01 else "%.1f ms" % (x * 1000)

    def time_target(name, key, prefix, limit, prof, fmt=ms, extra="", limit_text=None):
        r = find_row(rows, key, prefix)
        limit_text = limit_text or fmt(limit)
        if r and r["med"]:
            w = r["med"][0]
            T.append((name, fmt(w) + extra, "< " + limit_text, w < limit, prof,
                      "%.1f× less wall time (%s → under %s)" % (w / limit, fmt(w), limit_text)))
        else:
            T.append((name, state_text(r), "< " + limit_text, None, prof, ""))

    def ratio_target(name, key, peer, limit, prof):
        imp, r = find(rows, key, "imprint"), find(rows, key, peer)
        if imp and r:
            q = imp[0] / r[0]
            T.append((name, "%s (%s s against %s s)" % (ratio(imp[0], r[0]), secs(imp[0]), secs(r[0])),
                      "≤ %.2f×" % limit, q <= limit, prof,
                      "%.1f× less wall time for imprint (%s s → at most %s s at the peer's time)" % (
                          q / limit, secs(imp[0]), secs(limit * r[0]))))
        else:
            T.append((name, state_text(find_row(rows, key, "imprint") if not imp else find_row(rows, key, peer)),
                      "≤ %.2f×" % limit, None, prof, ""))

    time_target("One-page-edit rebuild, %s pages%s" % (bigl, at), "edit", "imprint", 0.1, "edit")
    rep_row = find_row(rows, "reports", "imprint")
    extra = ""
    if rep_row and rep_row["med"]:
        n = re.match(r"([\d,]+)", rep_row["case"])
        n = int(n.group(1).replace(",", "")) if n else 0
        if n:
            extra = " (CPU %s s: %.1f ms a report)" % (secs(rep_row["med"][1]), rep_row["med"][1] * 1000 / n)
    time_target("%s (HTML + PDF + JSON), %s cores" % (rep_row["case"] if rep_row else "1,000 client reports", nproc),
                "reports", "imprint", 5.0, "report", fmt=lambda x: secs(x) + " s", extra=extra,
                limit_text="5 s")
    time_target("One client report, cold start (one process, one profile; median of %s)" % (
        env.get("cold_runs") or "its runs"), "report-cold", "imprint", 0.05, "report")
    ratio_target("The whitepaper (the guide), imprint against Typst", "pdf-guide", "Typst", 0.3, "pdf")
    ratio_target("The guide ×10, imprint against Typst", "pdf-long", "Typst", 0.25, "pdf")
    ratio_target("Full build, %s pages%s, imprint against Hugo" % (bigl, at), "full-%d" % big, "Hugo", 0.15, "build")
    # scale: the build finishes and its memory stays on the line of the smaller sizes
    if scale_row:
        name = "Scale: %s pages build, memory linear" % format(scale_n, ",")
        if scale_row["status"] == "ok" and fit and scale_dev is not None:
            w, c, m = scale_row["med"]
            T.append((name, "built in %s s; peak %.0f MB (%.1f MB per 1,000 pages), %+.1f%% off the fit of the smaller "
                            "sizes (%.1f MB + %.1f MB per 1,000 pages)" % (
                                secs(w), m, m / (scale_n / 1000.0), scale_dev, fit[0], fit[1]),
                      "finishes; within 15% of the fit", abs(scale_dev) <= 15, None, ""))
        else:
            T.append((name, state_text(scale_row), "finishes; within 15% of the fit",
                      False if scale_row["status"] in ("limit", "crash") else None, None, ""))
        if scale_hugo:
            if scale_hugo["status"] == "ok":
                w, c, m = scale_hugo["med"]
                imp = scale_row["med"]
                T.append(("Hugo, %s pages (same run)" % format(scale_n, ","),
                          "%s s, peak %.0f MB%s" % (secs(w), m, "; imprint/Hugo wall %s, memory %s" % (
                              ratio(imp[0], w), ratio(imp[2], m)) if imp else ""), "reported", "info", None, ""))
            else:
                T.append(("Hugo, %s pages (same run)" % format(scale_n, ","), state_text(scale_hugo),
                          "reported", "info", None, ""))
    else:
        T.append(("Scale: 100,000 pages build, memory linear", "not run (BENCH_SCALE=0)",
                  "finishes; within 15% of the fit", None, None, ""))
    mem = find(rows, "full-%d" % big, "imprint")
    if mem:
        T.append(("Peak memory, full build, %s pages" % bigl, "%.0f MB%s" % (
            mem[2], "; the slope: %.1f MB per 1,000 pages" % fit[1] if fit else ""), "reported", "info", None, ""))
    time_target("imprint serve, edit to reload, %s pages%s" % (bigl, at), "reload-big", "imprint serve", 0.1, "edit")

    def verdict(st):
        return {True: "**met**", False: "**not met**", None: "not measured", "info": "reported"}[st]
    out = ["## Targets", "",
           "The targets of issue 18, from this run's medians (the scale rows: one run each). Each target not met "
           "has its profile under [Where the time goes](#where-the-time-goes); how to read them: "
           "[performance.md](performance.md#issue-18-targets).", "",
           "| target | measured | target | result |", "| --- | --- | --- | --- |"]
    for name, meas, tgt, st, prof, need in T:
        out.append("| %s | %s | %s | %s |" % (name, meas, tgt, verdict(st)))
    out += ["", "## Where the time goes", ""]
    unmet = [t for t in T if t[3] is False]
    if not unmet:
        out.append("Every target above is met.")
    shown = {}
    for name, meas, tgt, st, prof, need in unmet:
        out += ["### " + name, ""]
        facts = "Measured %s; target %s." % (meas, tgt)
        if need:
            facts += " To meet it: %s." % need
        out += [facts, ""]
        if prof is None:
            out += ["No instruction profile: this is a memory and scale target (see [Memory slope](#memory-slope)).", ""]
        elif prof not in profs:
            out += ["No profile in this run (BENCH_PROFILE=0, or callgrind failed).", ""]
        elif prof in shown:
            out += ["The same profile as under \"%s\" above (%s)." % (shown[prof], profs[prof]["desc"]), ""]
        else:
            shown[prof] = name
            out += profile_lines(profs[prof]) + [""]
    rest = [k for k in profs if k not in shown]
    if rest:
        out += ["<details><summary>The other profiles (their targets are met)</summary>", ""]
        for k in rest:
            out += profile_lines(profs[k]) + [""]
        out += ["</details>", ""]
    return out


def state_text(r):
    if not r:
        return "not measured"
    if r["status"] == "limit":
        return "did not finish: " + (r["reason"] or "stopped at a limit")
    if r["status"] == "na":
        return "not available"
    if r["status"] == "crash":
        return "crashed" + (": " + r["reason"] if r["reason"] else "")
    return "not measured"


def main():
    if len(sys.argv) not in (5, 6, 7):
        sys.exit(__doc__)
    rows = load(sys.argv[1])
    sizes = load_sizes(sys.argv[5]) if len(sys.argv) >= 6 else []
    profs = load_profiles(sys.argv[6]) if len(sys.argv) == 7 else {}
    env = dict(l.rstrip("\n").split("=", 1) for l in open(sys.argv[2], encoding="utf-8") if "=" in l)
    notes = [l.rstrip("\n") for l in open(sys.argv[3], encoding="utf-8") if l.strip()]
    out = []
    rev = re.search(r"\(([^()]*)\)\s*$", env.get("imprint", ""))
    out.append("# Benchmarks")
    out.append("")
    out.append("This file is written by `make bench` (`tests/bench/run.sh`, the tables by "
               "`tests/bench/summarize.py`) and every run replaces it whole: do not edit it by hand. "
               "It is the only place in the repository with measured times. What each case measures, "
               "and how: [performance.md](performance.md#make-bench).")
    out.append("")
    out.append("Generated by `make bench` on %s, measuring imprint at commit %s." % (
        env.get("date"), rev.group(1) if rev else "unknown"))
    out.append("")
    out.append("## Machine and tools")
    out.append("")
    out.append("Measured %s on %s cores (%s), %s RAM, %s, %s file system; median of %s runs; the run took %s s; "
               "load average %s." % (env.get("date"), env.get("nproc"), env.get("cpu"), env.get("ram"),
                                     env.get("kernel"), env.get("fs"), env.get("runs"), env.get("duration"),
                                     env.get("load")))
    out.append("")
    out.append("Tools: %s; %s; %s; %s; %s; Node.js %s." % (
        env.get("imprint"), env.get("hugo"), env.get("cmark"), env.get("typst", "Typst not available"),
        env.get("weasyprint"), env.get("node")))
    out.append("")
    targets_at = len(out)  # issue 18's targets and profiles go here, once everything is known
    out.append("## Table")
    out.append("")
    out.append("| case | tool | wall s | CPU s | peak MB | imprint/peer wall | imprint/peer peak mem |")
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        if r["key"].startswith("slope-"):
            continue
        if r["status"] == "na":
            out.append("| %s | %s | not available | | | | |" % (r["case"], r["tool"]))
            continue
        if r["status"] == "limit":
            w, c, m = r["samples"][0] if r["samples"] else (0, 0, 0)
            out.append("| %s | %s | stopped at %s | %s | %.1f | | |" % (r["case"], r["tool"], secs(w), secs(c), m))
            continue
        if r["status"] == "crash" or not r["med"]:
            out.append("| %s | %s | crashed | | | | |" % (r["case"], r["tool"]))
            continue
        w, c, m = r["med"]
        rw = rm = "—"
        if not r["tool"].startswith("imprint") and not r["tool"].startswith("md2typst"):
            imp = find(rows, r["key"], "imprint")
            if imp:
                rw, rm = ratio(imp[0], w), ratio(imp[2], m)
        if (r["key"].startswith("reload-") or r["key"].endswith("-typeset")
                or r["key"] in ("eval-reports", "highlight")):  # a time alone: no CPU or memory of its own
            out.append("| %s | %s | %s | | | %s| |" % (r["case"], r["tool"], secs(w), "" if rw == "—" else rw + " "))
            continue
        out.append("| %s | %s | %s | %s | %.1f | %s | %s |" % (r["case"], r["tool"], secs(w), secs(c), m, rw, rm))

    # ---- memory slope
    pts = []
    for r in rows:
        if r["tool"] == "imprint" and r["med"] and (r["key"].startswith("full-") or r["key"].startswith("slope-")):
            pts.append((int(r["key"].split("-")[1]), r["med"][2], r["med"][0]))
    pts.sort()
    slope_line = None
    fit = None  # (a, b): MB = a + b * thousands of pages
    scale_row = next((r for r in rows if r["key"].startswith("scale-") and r["tool"] == "imprint"), None)
    scale_hugo = next((r for r in rows if r["key"].startswith("scale-") and r["tool"] == "Hugo"), None)
    scale_n = int(scale_row["key"].split("-")[1]) if scale_row else None
    scale_dev = None
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
        out.append("## Memory slope")
        out.append("")
        out.append("Memory slope (imprint full builds, `--html-only -j %s`, median peak RSS):" % env.get("nproc"))
        out.append("")
        out.append("| pages | wall s | peak MB | fit MB |")
        out.append("| ---: | ---: | ---: | ---: |")
        for (n, m, w), x in zip(pts, xs):
            out.append("| %s | %s | %.1f | %.1f |" % (format(n, ","), secs(w), m, a + b * x))
        fit = (a, b)
        if scale_row and scale_row["samples"]:
            w, c, m = scale_row["samples"][0]
            pred = a + b * scale_n / 1000.0
            if scale_row["status"] == "ok":
                scale_dev = (m - pred) / pred * 100
                out.append("| %s (one run, not in the fit) | %s | %.1f | %.1f |" % (format(scale_n, ","), secs(w), m, pred))
            else:
                out.append("| %s (one run, %s) | %s | %.1f | %.1f |" % (
                    format(scale_n, ","), "stopped" if scale_row["status"] == "limit" else "crashed", secs(w), m, pred))
        slope_line = "peak RSS ≈ %.1f MB + %.1f MB per 1,000 pages (least squares, R² = %.4f)" % (a, b, r2)
        out.append("")
        out.append("Fit: %s, over %s pages." % (slope_line, ", ".join(format(p[0], ",") for p in pts)))
        if scale_dev is not None:
            m = scale_row["med"][2]
            out.append("")
            out.append("At %s pages: peak %.1f MB, %.1f MB per 1,000 pages; the fit predicts %.1f MB, so the point "
                       "lies %+.1f%% off the line (%s)." % (
                           format(scale_n, ","), m, m / (scale_n / 1000.0), a + b * scale_n / 1000.0, scale_dev,
                           "within 15%: linear" if abs(scale_dev) <= 15 else "more than 15%: not linear"))
        elif scale_row:
            out.append("")
            out.append("At %s pages: %s." % (format(scale_n, ","), scale_row["reason"] or scale_row["status"]))
    if scale_hugo:
        h_pts = sorted((int(r["key"].split("-")[1]), r["med"][2]) for r in rows
                       if r["tool"] == "Hugo" and r["med"] and r["key"].startswith("full-"))
        out.append("")
        if scale_hugo["status"] == "ok":
            w, c, m = scale_hugo["med"]
            txt = "Hugo at %s pages, in the same run: %s s, peak %.1f MB" % (format(scale_n, ","), secs(w), m)
        else:
            w, c, m = scale_hugo["samples"][0] if scale_hugo["samples"] else (0, 0, 0)
            txt = "Hugo at %s pages, in the same run: did not finish, %s (%.1f MB at most, sampled)" % (
                format(scale_n, ","), scale_hugo["reason"] or scale_hugo["status"], m)
        if len(h_pts) >= 2:
            (n0, m0), (n1, m1) = h_pts[0], h_pts[-1]
            hb = (m1 - m0) / ((n1 - n0) / 1000.0)
            txt += ("; its peaks at %s and %s pages, %.1f MB per 1,000 pages, extrapolate to %.0f MB at %s pages" % (
                format(n0, ","), format(n1, ","), hb, m0 + hb * (scale_n - n0) / 1000.0, format(scale_n, ",")))
        out.append(txt + ".")

    # ---- PDF sizes
    if sizes:
        docs = []
        for r in sizes:
            if r["doc"] not in docs:
                docs.append(r["doc"])
        out.append("")
        out.append("## PDF sizes")
        out.append("")
        out.append("Each PDF's size (KB = 1,024 bytes; from the first run of its row), its pages and whether it "
                   "is tagged (pdfinfo), and the PDF/A and PDF/UA parts its XMP metadata claims (claimed, "
                   "not validated here: `make verapdf` validates imprint's).")
        out.append("")
        out.append("| document | tool | pages | tagged | claims | bytes | KB | imprint/peer size |")
        out.append("| --- | --- | ---: | --- | --- | ---: | ---: | ---: |")
        for d in docs:
            group = [r for r in sizes if r["doc"] == d]
            imp = next((r["bytes"] for r in group if r["tool"].startswith("imprint") and r["bytes"]), None)
            for r in group:
                if not r["bytes"]:
                    out.append("| %s | %s | no file | | | | | |" % (d, r["tool"]))
                    continue
                rs = "—" if r["tool"].startswith("imprint") else ratio(imp, r["bytes"])
                out.append("| %s | %s | %s | %s | %s | %s | %.1f | %s |" % (
                    d, r["tool"], r["pages"] or "?", r["tagged"] or "?", r["conf"] or "none",
                    format(r["bytes"], ","), r["bytes"] / 1024.0, rs))

    # ---- the issue's targets
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
    ev = find(rows, "eval-reports", "imprint")
    ev_row = [r for r in rows if r["key"] == "eval-reports"]
    if ev:
        t.append("- %s (issue 14), under 50 ms: %.1f ms → %s" % (ev_row[0]["case"], ev[0] * 1000, check(ev[0] < 0.05)))
    hl = find(rows, "highlight", "imprint")
    if hl:
        t.append("- Highlighting 10,000 lines under 20 ms: %.1f ms → %s" % (hl[0] * 1000, check(hl[0] < 0.02)))
    wi, wt, ww = (find_size(sizes, "pdf-guide", p) for p in ("imprint", "Typst", "WeasyPrint"))
    if wi and wt:
        t.append("- The whitepaper PDF ≤ Typst's (issue 16): imprint %s vs Typst %s (%s%s) → %s" % (
            kb(wi["bytes"]), kb(wt["bytes"]), ratio(wi["bytes"], wt["bytes"]),
            "; WeasyPrint %s, %s" % (kb(ww["bytes"]), ratio(wi["bytes"], ww["bytes"])) if ww else "",
            check(wi["bytes"] <= wt["bytes"])))
    for key in ("report-demo", "report-imprint-1"):
        rp = find_size(sizes, key, "imprint")
        if rp:
            t.append("- A client report PDF ≤ 150 KB (issue 16), %s: %s → %s" % (
                rp["doc"].replace("a client report, ", ""), kb(rp["bytes"]), check(rp["bytes"] <= 150 * 1024)))
    for key in ("tag-guide", "tag-long", "tag-list"):
        on, off = find(rows, key + "-typeset", "imprint"), find(rows, key + "-typeset", "untagged")
        won, woff = find(rows, key, "imprint"), find(rows, key, "untagged")
        row = [r for r in rows if r["key"] == key]
        if on and off and won and woff:
            pct, wpct = (on[0] / off[0] - 1) * 100, (won[0] / woff[0] - 1) * 100
            t.append("- Tagging (PDF/UA-1, PDF/A-2a) ≤ 10%% of typesetting time (issue 16), %s: %+.1f%% "
                     "(typesetting %.0f ms, %.0f ms with `pdf.tagged: false`; the whole run %s s vs %s s, %+.1f%%) → %s" % (
                         row[0]["case"].replace("tagging, ", ""), pct, on[0] * 1000, off[0] * 1000,
                         secs(won[0]), secs(woff[0]), wpct, check(pct <= 10)))
        elif row:
            t.append("- Tagging, %s: %s" % (row[0]["case"].replace("tagging, ", ""),
                                             "not available" if row[0]["status"] == "na" else "crashed"))
    de, en = find(rows, "lang", "imprint"), find(rows, "lang", "English")
    tde, ten = find(rows, "lang-typeset", "imprint"), find(rows, "lang-typeset", "English")
    lang_row = [r for r in rows if r["key"] == "lang"]
    if de and en and tde and ten:
        t.append("- German text typeset within 1.5× of the same amount of English (issue 17): typesetting "
                 "%.0f ms vs %.0f ms (%s), the whole run %s s vs %s s (%s) → %s" % (
                     tde[0] * 1000, ten[0] * 1000, ratio(tde[0], ten[0]), secs(de[0]), secs(en[0]),
                     ratio(de[0], en[0]), check(tde[0] <= 1.5 * ten[0] and de[0] <= 1.5 * en[0])))
    elif lang_row:
        t.append("- German against English text: %s" % (
            "not available" if lang_row[0]["status"] == "na" else "crashed"))
    if slope_line:
        t.append("- Memory grows linearly: %s" % slope_line)
    for key, label, limit in (("reload-guide", "the guide", 0.05), ("reload-big", "10,000 pages", 0.15)):
        lat = find(rows, key, "imprint serve")
        if lat:
            t.append("- imprint serve, edit to reload on %s, under %.0f ms: %.0f ms → %s"
                     % (label, limit * 1000, lat[0] * 1000, check(lat[0] < limit)))
    if t:
        out.append("")
        out.append("## Earlier targets")
        out.append("")
        out.append("Targets of issues 6, 13, 14, 15, 16 and 17 (medians of this run; sizes from its first run); "
                   "where issue 18 set a stricter one, the [Targets](#targets) table above holds it:")
        out.append("")
        out += t
    out[targets_at:targets_at] = issue18(rows, env, profs, fit, scale_row, scale_hugo, scale_n, scale_dev)
    if notes:
        out.append("")
        out.append("## Notes")
        out.append("")
        out += ["- " + n for n in notes]

    # ---- every run
    out.append("")
    out.append("## Every run")
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
