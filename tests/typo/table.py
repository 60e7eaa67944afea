#!/usr/bin/env python3
"""table.py OUT.md NAME=REPORT.json:MS:TOTAL_MS ... [--note TEXT]... - the side-by-side
table of typo-report.py results (one column per engine, in the order given) as
Markdown, printed and written to OUT.md. MS is the engine's wall time in
milliseconds, TOTAL_MS the same with the Markdown conversion it needed."""

import json
import sys

ROWS = [
    ("time", "wall time, typesetting (ms)"),
    ("total", "wall time, with the Markdown conversion (ms)"),
    ("page_count", "pages"),
    ("pages", "body pages measured"),
    ("lines", "body text lines"),
    ("justified", "justified lines"),
    ("space_max", "largest inter-word space (x normal)"),
    ("space_p95", "95th-percentile inter-word space (x normal)"),
    ("space_median", "median inter-word space (x normal)"),
    ("overfull", "overfull lines"),
    ("justified_short", "stretched lines short of the edge (>0.5pt)"),
    ("hyphenated", "hyphenated line ends"),
    ("max_consecutive_hyphens", "most consecutive hyphenated lines"),
    ("widows", "widows"),
    ("orphans", "orphans"),
    ("stranded_headings", "headings stranded at a page foot"),
    ("normal_space", "normal space (pt, measured)"),
    ("right_edge", "text block right edge (pt, measured)"),
]


def cell(key, d, ms):
    if key == "time":
        return ms[0]
    if key == "total":
        return ms[1]
    v = d.get(key)
    if v is None:
        return "-"
    if key == "pages":
        return "%d-%d" % tuple(v)
    if isinstance(v, float):
        return "%.2f" % v if key != "normal_space" else "%.3f" % v
    return str(v)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    out, cols, notes = argv[1], [], []
    args = argv[2:]
    k = 0
    while k < len(args):
        if args[k] == "--note":
            notes.append(args[k + 1])
            k += 2
            continue
        name, rest = args[k].split("=", 1)
        path, ms, total = rest.rsplit(":", 2)
        with open(path, encoding="utf-8") as f:
            cols.append((name, json.load(f), (ms, total)))
        k += 1
    lines = ["| metric | " + " | ".join(c[0] for c in cols) + " |",
             "| --- | " + " | ".join("---:" for _ in cols) + " |"]
    for key, label in ROWS:
        lines.append("| %s | %s |" % (label, " | ".join(cell(key, d, ms) for _, d, ms in cols)))
    text = "\n".join(notes + ([""] if notes else []) + lines) + "\n"
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv)
