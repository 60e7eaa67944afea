#!/usr/bin/env python3
"""incremental.py IMPRINT [--steps N] [--seed S] [--nested] - an incremental build always equals a clean one.

Copies the fixture site, builds it, then applies a seeded random sequence of
edits (page bodies and titles, new and deleted pages, data table cells,
templates, the stylesheet, site.yaml, touches without change). After each
edit it rebuilds incrementally into the same folder and builds clean into a
fresh one, and compares the two trees byte for byte (site and PDF). It also
checks that a rebuild with nothing changed writes nothing, and that the links of
pages an incremental build keeps are checked again when what they lead to
changes (a heading renamed, a page deleted). Every step must
change an input (its content, or for a touch its time): a step that edits
nothing is a failure, not a pass.

--nested adds a tree of 4 sections x 3 subsections x (5 pages + a deeper
section of 2) (over 110 pages with the sections' _index.md) and edits it too: section and subsection titles
(which every descendant's breadcrumb and every sibling list show), page titles,
bodies and weights, pages added and removed; website only (--html-only).
Prints `incremental: N passed, M failed`."""
import filecmp
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build(binary, site, out, html_only=False):
    cmd = [binary, "build", "-C", site, "-o", out, "-j", "2"] + (["--html-only"] if html_only else [])
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode, r.stderr


def inputs(site):
    """Every input file's content and modification time, to tell that a step changed one."""
    state = {}
    for base, _, files in os.walk(site):
        for f in files:
            full = os.path.join(base, f)
            state[os.path.relpath(full, site)] = (open(full, "rb").read(), os.stat(full).st_mtime_ns)
    return state


def write_page(folder, name, title, weight, body):
    """content file folder/name with a title and weight in its front matter (folder made if new)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w") as f:
        f.write(f"---\ntitle: {title}\nweight: {weight}\n---\n{body}\n")


def make_nested(site):
    """4 sections x 3 subsections x (5 pages + a deeper section of 2) under content/guide/,
    each folder with an _index.md."""
    for i in range(4):
        sec = os.path.join(site, "content", "guide", f"s{i}")
        write_page(sec, "_index.md", f"Section {i}", i, f"Section {i} text.")
        for j in range(3):
            sub = os.path.join(sec, f"sub{j}")
            write_page(sub, "_index.md", f"Subsection {i}.{j}", j, f"Subsection {i}.{j} text.")
            for k in range(5):
                write_page(sub, f"p{k}.md", f"Page {i}.{j}.{k}", k, f"Body of page {i}.{j}.{k}.")
            deep = os.path.join(sub, "deep")
            write_page(deep, "_index.md", f"Deep {i}.{j}", 9, f"Deep {i}.{j} text.")
            for k in range(2):
                write_page(deep, f"d{k}.md", f"Deep page {i}.{j}.{k}", k, f"Body of deep page {i}.{j}.{k}.")


def nested_edit(site, rng, step):
    guide = os.path.join(site, "content", "guide")
    indexes = sorted(os.path.join(d, "_index.md") for d, _, fs in os.walk(guide) if "_index.md" in fs)
    pages = sorted(os.path.join(d, f) for d, _, fs in os.walk(guide) for f in fs
                   if f.endswith(".md") and f != "_index.md")
    kind = rng.choice(["index-title", "index-title", "index-weight", "title", "body", "weight", "new", "delete"])
    if step <= 4:
        # first some subsections' titles: the deep pages below them show them only as
        # a grandparent in their breadcrumbs (the site-wide section list stops two
        # levels down, and most of these pages are not among the feed's newest 50,
        # which are rendered anyway)
        kind, p = "index-title", os.path.join(guide, f"s{4 - step}", f"sub{step % 3}", "_index.md")
    elif kind in ("index-title", "index-weight"):
        p = rng.choice(indexes)
    else:
        p = rng.choice(pages)
    text = open(p).read()
    if kind in ("index-title", "title"):
        text = text.replace("title: ", f"title: Edited {step} ", 1)
    elif kind in ("index-weight", "weight"):
        old = text.split("weight: ", 1)[1].split("\n", 1)[0]
        text = text.replace(f"weight: {old}", f"weight: {int(old) + 7}", 1)
    elif kind == "body":
        text += f"\nAn added paragraph {step}.\n"
    elif kind == "new":
        sub = os.path.dirname(rng.choice(pages))
        p = os.path.join(sub, f"new-{step}.md")
        text = f"---\ntitle: New {step}\nweight: {step}\n---\nNew page {step}.\n"
    elif kind == "delete":
        new = [q for q in pages if os.path.basename(q).startswith("new-")]
        if not new:
            return nested_edit(site, rng, step)  # nothing to delete yet: another edit
        os.remove(rng.choice(new))
        return kind
    open(p, "w").write(text)
    return kind


def tree(path):
    found = {}
    for base, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if f.startswith(".imprint-"):
                continue
            full = os.path.join(base, f)
            found[os.path.relpath(full, path)] = full
    return found


def same(a, b):
    ta, tb = tree(a), tree(b)
    if set(ta) != set(tb):
        return f"files differ: only incremental {sorted(set(ta) - set(tb))[:5]}, only clean {sorted(set(tb) - set(ta))[:5]}"
    for rel in sorted(ta):
        if not filecmp.cmp(ta[rel], tb[rel], shallow=False):
            import difflib
            a = open(ta[rel], errors="replace").read().splitlines()
            b = open(tb[rel], errors="replace").read().splitlines()
            diff = "\n".join(list(difflib.unified_diff(a, b, "incremental", "clean", lineterm="", n=1))[:12])
            return f"{rel} differs\n{diff}"
    return None


def edits(site, rng, step):
    pages = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(site, "content"))
                   for f in fs if f.endswith(".md") and f != "_index.md")
    kind = rng.choice(["body", "body", "title", "weight", "new", "delete", "data", "layout", "css", "config", "touch"])
    if kind in ("body", "title", "weight") and pages:
        p = rng.choice(pages)
        text = open(p).read()
        if kind == "body":
            text += f"\nAn added paragraph {step}.\n"
        elif kind == "title":
            text = text.replace("title: ", f"title: Edited {step} ", 1)
        else:
            text = text.replace("---\n", f"---\nweight: {rng.randint(0, 9)}\n", 1) if "weight:" not in text else \
                text.replace("weight:", "weight: 1" + str(step % 3) + " #", 1)
        open(p, "w").write(text)
    elif kind == "new":
        open(os.path.join(site, "content", "docs", f"new-{step}.md"), "w").write(
            f"---\ntitle: New page {step}\nweight: {step}\n---\nFresh text {step}.\n")
    elif kind == "delete":
        # only pages nothing links to; with none yet, another edit
        victims = [p for p in pages if os.path.basename(p).startswith("new-")]
        if not victims:
            return edits(site, rng, step)
        os.remove(rng.choice(victims))
    elif kind == "data":
        p = os.path.join(site, "content", "data", "prices.yaml")
        text = re.sub(r"count: \d+", f"count: {22000 + step}", open(p).read(), count=1)
        open(p, "w").write(text)
    elif kind == "layout":
        p = os.path.join(site, "layouts", "page.html")
        open(p, "a").write(f"<!-- step {step} -->\n")
    elif kind == "css":
        p = os.path.join(site, "assets", "css", "site.css")
        open(p, "a").write(f"/* step {step} */\n")
    elif kind == "config":
        p = os.path.join(site, "content", "site.yaml")
        text = re.sub(r"(?m)^title: Mini site.*$", f"title: Mini site {step}", open(p).read(), count=1)
        open(p, "w").write(text)
    elif kind == "touch" and pages:
        os.utime(rng.choice(pages))
    return kind


def link_checks(binary, work):
    """Links of pages an incremental build keeps are still checked when what they lead to changes:
    a heading renamed or a page deleted breaks a kept page's link, as in a clean build; under
    links: warn the warning comes back on every build. Returns (passed, failed)."""
    site, out = os.path.join(work, "links-site"), os.path.join(work, "links-out")
    content = os.path.join(site, "content")
    os.makedirs(content)
    with open(os.path.join(content, "site.yaml"), "w") as f:
        f.write("title: Links\n")
    write_page(content, "_index.md", "Home", 0, "Home.")
    write_page(content, "a.md", "A", 1, "## Target\n\nText.")
    write_page(content, "b.md", "B", 2, "See [the target](a.md#target).")
    write_page(content, "c.md", "C", 3, "Nothing.")
    for i in range(55):  # newer pages fill the feed, whose pages are rendered on every change
        with open(os.path.join(content, f"f{i:02}.md"), "w") as f:
            f.write(f"---\ntitle: F{i}\nweight: {10 + i}\ndate: 2026-01-{1 + i % 28:02}\n---\nFiller.\n")
    passed = failed = 0

    def expect(what, want_ok, want_text):
        nonlocal passed, failed
        rc, err = build(binary, site, out, True)
        if (rc == 0) == want_ok and want_text in err:
            passed += 1
            print(f"ok   links: {what}")
        else:
            failed += 1
            print(f"FAIL links: {what}: exit {rc}: {err.strip()[-300:]}")

    expect("first build", True, "")
    write_page(content, "a.md", "A", 1, "## Renamed\n\nText.")
    expect("a kept page's link to a renamed heading", False, "broken link")
    write_page(content, "a.md", "A", 1, "## Target\n\nText.")
    expect("the heading back", True, "")
    os.remove(os.path.join(content, "a.md"))
    expect("a kept page's link to a deleted page", False, "b.md")
    write_page(content, "a.md", "A", 1, "## Renamed\n\nText.")
    with open(os.path.join(content, "site.yaml"), "a") as f:
        f.write("links: warn\n")
    expect("links: warn, the broken link a warning", True, "warning: broken link")
    write_page(content, "c.md", "C", 3, "Something else.")
    expect("the warning again after another page's edit", True, "warning: broken link")
    return passed, failed


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    binary = os.path.abspath(args[0])
    steps = int(args[args.index("--steps") + 1]) if "--steps" in args else 20
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 20261125
    nested = "--nested" in args
    rng = random.Random(seed)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as work:
        site = os.path.join(work, "site")
        shutil.copytree(os.path.join(ROOT, "tests", "fixtures", "mini"), site)
        shutil.copytree(os.path.join(ROOT, "assets", "fonts"), os.path.join(site, "assets", "fonts"))
        if nested:
            make_nested(site)
        inc = os.path.join(work, "inc")
        rc, err = build(binary, site, inc, nested)
        if rc != 0:
            print("first build failed:", err)
            sys.exit(1)
        # nothing changed: nothing is written
        before = {p: os.stat(p).st_mtime_ns for p in tree(inc).values()}
        rc, err = build(binary, site, inc, nested)
        after = {p: os.stat(p).st_mtime_ns for p in tree(inc).values()}
        if rc == 0 and before == after and "nothing changed" in err:
            passed += 1
            print("ok   no-op rebuild writes nothing")
        else:
            failed += 1
            print("FAIL no-op rebuild:", err.strip())
        for step in range(1, steps + 1):
            before = inputs(site)
            kind = nested_edit(site, rng, step) if nested else edits(site, rng, step)
            if inputs(site) == before:
                failed += 1
                print(f"FAIL step {step} ({kind}): the edit changed no input")
                continue
            rc, err = build(binary, site, inc, nested)
            clean = os.path.join(work, f"clean-{step}")
            rc2, err2 = build(binary, site, clean, nested)
            if rc != 0 or rc2 != 0:
                failed += 1
                print(f"FAIL step {step} ({kind}): build failed:", err.strip()[-300:], err2.strip()[-300:])
                continue
            diff = same(inc, clean)
            if diff:
                failed += 1
                print(f"FAIL step {step} ({kind}): {diff}")
            else:
                passed += 1
                print(f"ok   step {step} ({kind}): incremental == clean ({err.strip().splitlines()[0] if err.strip() else ''})")
            shutil.rmtree(clean)
        p, f = link_checks(binary, work)
        passed, failed = passed + p, failed + f
    print(f"incremental: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
