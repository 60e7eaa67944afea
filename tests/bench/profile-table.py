#!/usr/bin/env python3
"""profile-table.py CALLGRIND_OUT KEY DESCRIPTION WALL_S [TOP] - one profile's rows (tests/bench/profile.sh).

Reads a callgrind output file through callgrind_annotate (twice: inclusive costs with
the call tree, and self costs) and prints tab-separated rows for summarize.py:

  P  KEY  DESCRIPTION  TOTAL_IR  OUTSIDE_MAIN_IR  WALL_S
  F  KEY  FUNCTION  WHERE  INCLUSIVE_IR  SELF_IR  WHY
  L  KEY  LIBRARY  SELF_IR

F rows: the TOP (12) functions by inclusive cost (WHY "inclusive"), then the 6 with the
largest self cost not already listed (WHY "self"). Left out of the inclusive list: the
start-up frames (the dynamic loader's entry, _start, __libc_start_*, (below main),
start_thread, clone), functions without a name (an address: a library without symbols;
their cost is in the L rows), and wrappers: a function that passes at least all but 0.5%
of the total on to one callee (main -> pool_run -> run -> ...), which is shown instead.
WHERE is the source file under generator/ for imprint's own functions, else the
library (libc, libharfbuzz, ld.so ...). L rows: self cost summed per library (the
executable is "imprint"), the largest first, those under 0.5% of the total summed as
"other libraries". OUTSIDE_MAIN_IR: the total less main's
inclusive cost (dynamic loading and relocation, library constructors, exit).
Python 3 standard library only.
"""
import os
import re
import subprocess
import sys

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(\*|>)?\s*(.*?)(?: \((\d+)x\))? \[(.*)\]\s*$")
START = re.compile(r"^(0x[0-9a-f]+|\(below main\)|_start|_dl_start.*|__libc_start_\w+(@.*)?|start_thread|clone3?|"
                   r"_dl_init|_dl_fini|_dl_runtime_resolve\w*|__libc_csu_init)$")


def annotate(path, *opts):
    out = subprocess.run(["callgrind_annotate", "--threshold=100", *opts, path], check=True,
                         capture_output=True, text=True).stdout
    return out.split("\n")


def split_name(s):
    """'file:function' -> (file, function); the file part never holds a colon."""
    f, _, fn = s.partition(":")
    return f, fn


def where(obj, src):
    base = os.path.basename(obj)
    if base == "imprint":
        i = src.find("generator/")
        return src[i:] if i >= 0 else "imprint"
    if base.startswith("ld-linux"):
        return "ld.so"
    m = re.match(r"(lib[A-Za-z0-9_+-]*?)(-[0-9.]+)?\.so", base)
    return m.group(1) if m else base


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    path, key, desc, wall = sys.argv[1:5]
    top = int(sys.argv[5]) if len(sys.argv) == 6 else 12
    total = 0
    incl, selfc, names, edges = {}, {}, {}, {}
    cur = None
    for line in annotate(path, "--inclusive=yes", "--tree=calling"):
        m = LINE.match(line)
        if not m:
            if "PROGRAM TOTALS" in line:
                total = int(line.split()[0].replace(",", ""))
            continue
        cost, mark, name, _, obj = m.groups()
        cost = int(cost.replace(",", ""))
        src, fn = split_name(name)
        ident = (obj, src, fn)
        names[ident] = (re.sub(r"'\d+$", "", fn), where(obj, src))  # f'2: a recursive call's cycle
        if mark == "*":
            incl[ident], cur = cost, ident
            edges.setdefault(ident, [])
        elif mark == ">" and cur:
            edges[cur].append((ident, cost))
    by_lib = {}
    for line in annotate(path, "--inclusive=no"):
        m = LINE.match(line)
        if not m or m.group(2):
            continue
        cost, _, name, _, obj = m.groups()
        cost = int(cost.replace(",", ""))
        src, fn = split_name(name)
        ident = (obj, src, fn)
        selfc[ident] = selfc.get(ident, 0) + cost
        lib = where(obj, src) if os.path.basename(obj) != "imprint" else "imprint"
        by_lib[lib] = by_lib.get(lib, 0) + cost
        names.setdefault(ident, (re.sub(r"'\d+$", "", fn), where(obj, src)))
    if not total:
        sys.exit("profile-table.py: no PROGRAM TOTALS in callgrind_annotate's output for " + path)
    main_incl = max((c for (o, s, fn), c in incl.items() if fn == "main" and os.path.basename(o) == "imprint"),
                    default=total)
    print("P\t%s\t%s\t%d\t%d\t%s" % (key, desc, total, total - main_incl, wall))
    slack = 0.005 * total
    shown, seen = [], set()
    for ident, cost in sorted(incl.items(), key=lambda kv: -kv[1]):
        fn = ident[2]
        if START.match(fn) or fn.startswith("0x") or names[ident] in seen:
            continue
        if any(c >= cost - slack for callee, c in edges.get(ident, []) if names[callee] != names[ident]):
            continue  # a wrapper: its callee is listed instead
        shown.append(ident)
        seen.add(names[ident])
        if len(shown) == top:
            break
    extra = []
    for ident, c in sorted(selfc.items(), key=lambda kv: -kv[1]):
        if len(extra) == 6:
            break
        if names[ident] not in seen and not ident[2].startswith("0x") and not START.match(ident[2]):
            extra.append(ident)
            seen.add(names[ident])
    for why, group in (("inclusive", shown), ("self", extra)):
        for ident in group:
            fn, wh = names[ident]
            print("F\t%s\t%s\t%s\t%d\t%d\t%s" % (key, fn, wh, incl.get(ident, selfc.get(ident, 0)),
                                                 selfc.get(ident, 0), why))
    rest = 0
    for lib, cost in sorted(by_lib.items(), key=lambda kv: -kv[1]):
        if cost >= 0.005 * total:
            print("L\t%s\t%s\t%d" % (key, lib, cost))
        else:
            rest += cost
    if rest:
        print("L\t%s\t%s\t%d" % (key, "other libraries", rest))


if __name__ == "__main__":
    main()
