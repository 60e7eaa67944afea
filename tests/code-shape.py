#!/usr/bin/env python3
"""code-shape.py [ROOT] - the shape rules of generator/ (docs/hacking.md):

- no #include "../...": headers are named from generator/ (-Igenerator);
- no .c file over 800 lines;
- no function over 100 lines, unless the comment right above it says why,
  with the words "long because".

A function is a line that starts at column 0 with a return type and a name
followed by "(" and ends a few lines later in "{" at column 0 or at line end,
up to the "}" at column 0 that closes it. Prints each violation as
file:line: message, then `code-shape: N passed, M failed` (files).
"""
import os
import re
import sys

MAX_FILE, MAX_FUNC = 800, 100
root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "generator")
start = re.compile(r"^[A-Za-z_][A-Za-z0-9_ \t\*]*\b([A-Za-z_][A-Za-z0-9_]*)\(")
passed = failed = 0
for dirpath, _, names in sorted(os.walk(root)):
    for name in sorted(names):
        if not name.endswith((".c", ".h")):
            continue
        path = os.path.join(dirpath, name)
        lines = open(path, encoding="utf-8").read().split("\n")
        problems = []
        for i, line in enumerate(lines, 1):
            if re.match(r'\s*#\s*include\s+"\.\./', line):
                problems.append(f"{path}:{i}: include with ../ (name headers from generator/)")
        if name.endswith(".c") and len(lines) - 1 > MAX_FILE:
            problems.append(f"{path}:1: {len(lines) - 1} lines (at most {MAX_FILE})")
        i = 0
        while i < len(lines):
            m = start.match(lines[i])
            if not m or lines[i].startswith(("typedef", "static const", "const char *const")) and "=" in lines[i]:
                i += 1
                continue
            # the opening brace: on this line's end or a following line at column 0
            j = i
            while j < len(lines) and j < i + 8 and not lines[j].rstrip().endswith(("{", ";")):
                j += 1
            if j >= len(lines) or not lines[j].rstrip().endswith("{"):
                i += 1
                continue
            k = j + 1
            while k < len(lines) and lines[k] != "}":
                k += 1
            length = k - i + 1
            if length > MAX_FUNC:
                above = "\n".join(lines[max(0, i - 12):i])
                if "long because" not in above:
                    problems.append(f"{path}:{i + 1}: function {m.group(1)} is {length} lines "
                                    f"(at most {MAX_FUNC}, or a comment above it saying why: 'long because')")
            i = k + 1
        if problems:
            failed += 1
            print("\n".join(problems))
        else:
            passed += 1
print(f"code-shape: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
