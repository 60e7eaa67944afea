#!/usr/bin/env python3
"""linear-cost.py IMPRINT - inputs that once cost time in their size squared now cost it linearly.

Not a stopwatch: the work is counted in instructions, with valgrind's cachegrind
(--cache-sim=no), which gives the same count on every run of the same input
with one thread. For each case the mini fixture is built (--html-only, -j 1)
with one more page holding N and then 4N repetitions; the extra instructions
must grow less than 8 times (linear is 4, quadratic 16):

- footnotes: a page of N footnotes, each with its back-link: every one is an
  anchor the link check looks up (it scanned the page's ids for each: 13.5 s
  for 50,000);
- broken links: a page of N links to pages that do not exist: every one is
  reported with its position (the page was scanned from the top, and each
  message compared with every earlier one: 10.5 s for 30,000).

Prints `linear_cost: N passed, M failed`."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIMIT = 8.0  # growth of the work from N to 4N: linear is 4, quadratic 16


def footnotes(n):
    refs = " ".join(f"Claim {i}.[^n{i}]" for i in range(n))
    notes = "\n".join(f"[^n{i}]: Note {i}." for i in range(n))
    return f"---\ntitle: Notes\n---\n{refs}\n\n{notes}\n"


def broken_links(n):
    return "---\ntitle: Links\n---\n" + "\n\n".join(f"[x](/nowhere-{i}/)" for i in range(n)) + "\n"


def instructions(binary, site, out):
    with tempfile.NamedTemporaryFile(suffix=".cg") as cg:
        r = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                            f"--cachegrind-out-file={cg.name}", binary, "build", "-C", site,
                            "-o", out, "--html-only", "-j", "1", "--quiet"],
                           capture_output=True, text=True)
    m = re.search(r"I\s+refs:\s+([\d,]+)", r.stderr)
    return int(m.group(1).replace(",", "")) if m else None


def main():
    binary = os.path.abspath(sys.argv[1])
    passed = failed = 0
    cases = [("footnotes", footnotes, 1000), ("broken-links", broken_links, 1000)]
    with tempfile.TemporaryDirectory() as work:
        for name, make, n in cases:
            site = os.path.join(work, name)
            shutil.copytree(os.path.join(ROOT, "tests", "fixtures", "mini"), site)
            page = os.path.join(site, "content", "docs", "extra.md")
            counts = []
            for k in (0, n, 4 * n):
                if k:
                    open(page, "w").write(make(k))
                counts.append(instructions(binary, site, os.path.join(work, f"{name}-{k}")))
            if None in counts:
                failed += 1
                print(f"FAIL {name}: no instruction count from valgrind")
                continue
            base, small, big = counts
            growth = (big - base) / max(small - base, 1)
            line = f"{name}: {n} -> {4 * n} costs {growth:.1f} times the work (limit {LIMIT:g})"
            if growth < LIMIT:
                passed += 1
                print("ok   " + line)
            else:
                failed += 1
                print("FAIL " + line)
    print(f"linear_cost: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
