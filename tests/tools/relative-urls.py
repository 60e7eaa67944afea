#!/usr/bin/env python3
"""relative-urls.py IMPRINT - a site built with relative_urls: true works opened from disk.

Builds the demo content and the mini fixture with `relative_urls: true` added to
their site.yaml, then reads every HTML file as a browser reading files would:
each href and src that is not external or a fragment must name a file that
exists, relative to the page's own folder (file:// adds no index.html), and
no URL may start with "/" (the disk's root) - except in 404.html, which a
server shows at any address and so keeps root-relative URLs. Prints `relative_urls: N passed, M failed`."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from urllib.parse import unquote

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ATTR = re.compile(r'\s(?:href|src|action)=(["\'])(.*?)\1')


def check_site(site):
    problems, checked = [], 0
    for base, _, files in os.walk(site):
        for f in files:
            if not f.endswith(".html"):
                continue
            page = os.path.join(base, f)
            text = open(page, encoding="utf-8").read()
            for _, url in ATTR.findall(text):
                if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^//", url) or url == "":
                    continue
                checked += 1
                rel = os.path.relpath(page, site)
                if rel == "404.html":
                    # a server shows it at any address: only root-relative links work there
                    if not url.startswith("/"):
                        problems.append(f"{rel}: {url} is relative; 404.html keeps root-relative URLs")
                    continue
                if url.startswith("/"):
                    problems.append(f"{rel}: root-relative URL {url}")
                    continue
                path = unquote(url.split("#")[0].split("?")[0])
                target = os.path.normpath(os.path.join(base, path))
                if not os.path.isfile(target):
                    problems.append(f"{rel}: {url} does not name a file from disk")
    return problems, checked


def main():
    binary = os.path.abspath(sys.argv[1])
    passed = failed = 0
    with tempfile.TemporaryDirectory() as work:
        for name, src in (("demo", ROOT), ("mini", os.path.join(ROOT, "tests", "fixtures", "mini"))):
            site = os.path.join(work, name)
            os.makedirs(site)
            for d in ("content", "layouts", "assets"):
                if os.path.isdir(os.path.join(src, d)):
                    shutil.copytree(os.path.join(src, d), os.path.join(site, d))
            with open(os.path.join(site, "content", "site.yaml"), "a") as f:
                f.write("\nrelative_urls: true\n")
            out = os.path.join(work, name + "-out")
            r = subprocess.run([binary, "build", "-C", site, "-o", out, "--html-only", "--quiet"],
                               capture_output=True, text=True)
            if r.returncode != 0:
                failed += 1
                print(f"FAIL {name}: build exited {r.returncode}\n{r.stderr}")
                continue
            problems, checked = check_site(os.path.join(out, "site"))
            if problems or checked == 0:
                failed += 1
                print(f"FAIL {name}: {len(problems)} of {checked} URLs do not work from disk")
                for p in problems[:10]:
                    print(f"     | {p}")
            else:
                passed += 1
                print(f"ok   {name}: {checked} URLs, each names a file from disk")
    print(f"relative_urls: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
