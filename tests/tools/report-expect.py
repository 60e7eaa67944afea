#!/usr/bin/env python3
"""report-expect.py EXPECTED.yaml REPORTS_DIR - checks each report.json of a
batch against the outcomes worked out by hand in EXPECTED.yaml (keyed by the
profile's file name, which is its client slug): the recommendation, every
option's score, the rules fired in order, each computed value (numbers exact)
and those that are null, the topics and sections shown. Prints one line per
check, "N passed, M failed" last; exits 1 on any failure."""
import json
import os
import sys

import yaml

def main():
    expected = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    out = sys.argv[2]
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL:", what)

    for name, want in expected.items():
        path = os.path.join(out, name, "report.json")
        if not os.path.exists(path):
            check(False, f"{name}: no report.json")
            continue
        got = json.load(open(path, encoding="utf-8"))
        check(got["recommendation"] == want["recommendation"],
              f"{name}: recommendation {got['recommendation']} (want {want['recommendation']})")
        check(got["scores"] == want["scores"], f"{name}: scores {got['scores']} (want {want['scores']})")
        fired = [r["rule"] for r in got["reasons"]]
        check(fired == want["fired"], f"{name}: fired {fired} (want {want['fired']})")
        values = got["values"]
        for k, v in (want.get("values") or {}).items():
            g = values.get(k, {}).get("value", "(absent)")
            ok = (abs(g - v) < 1e-9) if isinstance(v, (int, float)) and isinstance(g, (int, float)) else g == v
            check(ok, f"{name}: value {k} = {g} (want {v})")
        for k in want.get("null_values") or []:
            check(k in values and values[k]["value"] is None, f"{name}: value {k} should be null")
        check(got["topics"] == want.get("topics", []), f"{name}: topics {got['topics']} (want {want.get('topics')})")
        check(got["sections"] == want.get("sections", []),
              f"{name}: sections {got['sections']} (want {want.get('sections')})")
        print(f"{name}: {got['recommendation']}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)

main()
