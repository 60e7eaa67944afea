#!/usr/bin/env python3
"""pdf-memory.py IMPRINT - the PDF engine's memory grows with the text, by a bounded constant.

Builds the mini fixture (with the repository's fonts) twice with the release
binary: as it is, and with one more page of 3 MB of prose (deterministic words
in 120-word paragraphs). The peak resident memory of each build comes from
wait4(); the difference divided by the page's size is the engine's cost per
byte of Markdown, which must stay under LIMIT bytes (docs/guarantees.md). A
sanitizer build is no measure (its shadow memory and quarantine dominate), so
this takes the release binary. Prints `pdf_memory: N passed, M failed`."""
import os
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIMIT = 45  # bytes of peak memory per byte of Markdown (measured 33 at 3 MB; 52 before the fix)
SIZE = 3_000_000


def peak_kb(binary, site, out):
    p = subprocess.Popen([binary, "build", "-C", site, "-o", out, "--quiet"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss, err


def main():
    binary = os.path.abspath(sys.argv[1])
    passed = failed = 0
    with tempfile.TemporaryDirectory() as work:
        site = os.path.join(work, "site")
        shutil.copytree(os.path.join(ROOT, "tests", "fixtures", "mini"), site)
        shutil.copytree(os.path.join(ROOT, "assets", "fonts"), os.path.join(site, "assets", "fonts"))
        rc, base, err = peak_kb(binary, site, os.path.join(work, "base"))
        rng = random.Random(1)
        vocab = ("the quick brown fox jumps over lazy dog performance backend python node server "
                 "request latency throughput memory").split()
        paras, size = [], 0
        while size < SIZE:
            p = " ".join(rng.choice(vocab) for _ in range(120)) + "."
            paras.append(p)
            size += len(p) + 2
        page = os.path.join(site, "content", "docs", "long.md")
        with open(page, "w") as f:
            f.write("---\ntitle: Long\n---\n" + "\n\n".join(paras) + "\n")
        rc2, big, err2 = peak_kb(binary, site, os.path.join(work, "big"))
        per_byte = (big - base) * 1024 / size
        pdfs = [f for f in os.listdir(os.path.join(work, "big")) if f.endswith(".pdf")] if rc2 == 0 else []
        ok = rc == 0 and rc2 == 0 and len(pdfs) == 1
        if not ok:
            failed += 1
            print(f"FAIL builds: exit {rc} and {rc2}, PDFs {pdfs}\n{err}{err2}")
        elif per_byte < LIMIT:
            passed += 1
            print(f"ok   a {size} byte page costs {per_byte:.1f} bytes of peak memory a byte "
                  f"(limit {LIMIT}; {base} KB without it, {big} KB with it)")
        else:
            failed += 1
            print(f"FAIL a {size} byte page costs {per_byte:.1f} bytes of peak memory a byte, "
                  f"over the limit of {LIMIT} ({base} KB without it, {big} KB with it)")
    print(f"pdf_memory: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
