#!/usr/bin/env python3
"""pdf-kerning.py PDF - in the drawn output, the word "AV" is narrower than "A"
plus "V" set apart (same line, same size): kerning is applied. Uses pdftotext
-bbox on the line that starts with "Kerning check:". Prints `kerning: N passed, M failed`."""
import re
import subprocess
import sys

out = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True, check=True).stdout
words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)
passed = failed = 0
for i, w in enumerate(words):
    if w[4] == "Kerning" and i + 6 < len(words) and words[i + 1][4] == "check:":
        line = words[i:i + 8]
        get = lambda t: next(float(x[2]) - float(x[0]) for x in line if x[4] == t)
        av, a, v = get("AV"), get("A"), get("V")
        print(f"AV {av:.2f} pt, A {a:.2f} + V {v:.2f} = {a + v:.2f} pt")
        if av < a + v - 0.05:
            passed += 1
        else:
            failed += 1
            print("AV is not kerned")
        break
else:
    failed += 1
    print("no 'Kerning check:' line found")
print(f"kerning: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
