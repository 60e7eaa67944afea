#!/usr/bin/env python3
"""mutants.py [NAME...] - `make mutants`: realistic bugs put into the code one at a
time; each must make `make test` fail. A mutant that survives is a bug the suite
would let through.

Works in a scratch git worktree of HEAD (MUTANTS_DIR, default a temporary folder)
with a hard-linked copy of this checkout's installed test tools (tests/node_modules,
tests/typo/node_modules); for each mutant it edits one file (the exact text below,
which must occur once), runs `make test` there, and puts the file back. Prints a
line per mutant and `mutants: N passed, M failed` (caught / survived); exits 1 when
one survived or could not be applied. Takes a few minutes a mutant.
"""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name, file, the text, the bug
MUTANTS = [
    ("kept-pages-links-never-checked", "generator/site/site.c",
     "    bool trust = links_unchanged(&b);",
     "    bool trust = true;"),
    ("feed-kept-when-its-pages-changed", "generator/site/site.c",
     "b->feed_current = b->incremental && b->old && b->old->feed_key == b->cache->feed_key;",
     "b->feed_current = b->incremental && b->old;"),
    ("page-record-bool-inverted", "generator/core/frontrec.c",
     "v->u.b = take(r) == '1';",
     "v->u.b = take(r) == '0';"),
    ("table-drops-last-row", "generator/core/table.c",
     "    for (size_t r = 0; r < t->nrows; r++) {\n        buf_puts(out, \"<tr>\");",
     "    for (size_t r = 0; r + 1 < t->nrows; r++) {\n        buf_puts(out, \"<tr>\");"),
    ("anchors-checked-on-the-same-page-only", "generator/site/linkcheck.c",
     "else if (hash && hash[1] && (!query || query > hash)) {",
     "else if (hash && hash[1] && target == f && (!query || query > hash)) {"),
    ("breadcrumb-left-out-of-page-key", "generator/site/cache.c",
     "for (const page *q = p->parent; q; q = q->parent)",
     "for (const page *q = p->parent; q && q == p->parent; q = q->parent)"),
    ("report-table-cell-10-percent-off", "generator/report/sections.c",
     "            return rules_fx_value(a, &x);",
     "            x.num *= 1.1;\n            return rules_fx_value(a, &x);"),
    ("tie-goes-to-the-first-option", "generator/report/report.c",
     "(score[i] == score[single] && i == rs->tie_breaker)",
     "(score[i] == score[single] && 0)"),
    ("composite-wins-a-tie", "generator/report/report.c",
     "if (rs->options[i].split_caption && score[i] > score[rec])",
     "if (rs->options[i].split_caption && score[i] >= score[rec])"),
    ("formulas-not-tried-on-the-example-profile", "generator/report/values.c",
     "if (rules_values_eval(rs, ex->facts, c->a, slots, &fail, &failed) != 0) {",
     "if (0 && rules_values_eval(rs, ex->facts, c->a, slots, &fail, &failed) != 0) {"),
    ("footnotes-at-the-chapter-end", "generator/pdf/style.c",
     "    st->notes_at_foot = true;",
     "    st->notes_at_foot = false;"),
    ("png-alpha-dropped", "generator/pdf/image.c",
     "    if (!im || !alpha)\n        return im;",
     "    if (!im || alpha)\n        return im;"),
    ("raw-html-kept-when-unsafe-is-off", "generator/core/rawhtml.c",
     "            cmark_node_set_literal(list[i], MD_HTML_OMITTED);",
     "            (void)0;"),
    ("void-elements-self-closed", "generator/core/html5.c",
     "gt - lt >= 2 && gt[-1] == '/' && gt[-2] == ' '",
     "0 && gt - lt >= 2 && gt[-1] == '/' && gt[-2] == ' '"),
    ("heading-ids-ascii-only", "generator/core/markdown.c",
     "(c >= 0x80 && !unicode_separator(cp))",
     "(c >= 0x80 && 0 && !unicode_separator(cp))"),
    ("inverted-section-on-empty-list", "generator/core/template.c",
     "if (n->flag ? val_truthy(v) : !val_truthy(v))",
     "if (n->flag ? val_truthy(v) || (v && v->type == VAL_LIST) : !val_truthy(v))"),
    ("alias-replaces-a-page-silently", "generator/site/output.c",
     "    if (i) {\n        owner_clash(",
     "    if (i && 0) {\n        owner_clash("),
    ("foreign-site-replaced-without-force", "generator/build/build.c",
     "if (foreign && !o->force) {",
     "if (foreign && !o->force && 0) {"),
    ("theme-file-over-the-sites-own", "generator/core/theme.c",
     "    const char *dirs[] = {site_dir, theme_dir};",
     "    const char *dirs[] = {theme_dir ? theme_dir : site_dir, site_dir};"),
    ("links-checked-after-relative-rewrite", "generator/site/site.c",
     "    link_index_set(b->links, slot, p->out_path, html.data, html.len, p->file, NULL, 0);\n    finish_html(b, p->out_path, &html);",
     "    finish_html(b, p->out_path, &html);\n    link_index_set(b->links, slot, p->out_path, html.data, html.len, p->file, NULL, 0);"),
    ("served-file-through-a-link-out", "generator/serve/path.c",
     "    if (!fs_inside(path, root)) {",
     "    if (0 && !fs_inside(path, root)) {"),
    ("stylesheet-change-reloads-the-page", "generator/serve/serve.c",
     "changed && only_css(changed) ? \"css\" : \"reload\"",
     "\"reload\""),
    ("journal-applied-before-it-is-written", "generator/util/journal.c",
     "    kill_point(\"commit\", 0);\n",
     "    kill_point(\"commit\", 0);\n    apply(j->out_dir, xstrdup(j->steps.data ? j->steps.data : \"\"), errs);\n"),
    # issue 16: tagged PDF/UA-1 and PDF/A-2a
    ("running-footer-read-as-text", "generator/pdf/furniture.c",
     "    doc_tag_begin(d, p, 0); /* running heads and page numbers are artifacts */",
     "    doc_tag_begin(d, p, pdf_tag_new(d->tags, 0, TAG_P));"),
    ("structure-in-reverse-reading-order", "generator/pdf/tag.c",
     "        return x->key < y->key ? -1 : 1;",
     "        return x->key < y->key ? 1 : -1;"),
    ("link-annotations-not-printed", "generator/pdf/doc.c",
     "        HPDF_Dict_AddNumber(an, \"F\", 4); /* printed (PDF/A) */",
     "        (void)0;"),
    ("chart-alt-without-its-data", "generator/pdf/blocks.c",
     "                g.desc ? g.desc : \"\", NULL);",
     "                \"\", NULL);"),
    ("missing-alt-text-not-an-error-when-strict", "generator/pdf/blocks.c",
     "        rc = strict ? -1 : 0;",
     "        rc = 0;"),
    ("no-output-intent", "generator/pdf/pdfa.c",
     "        (st = add_output_intent(doc)) != HPDF_OK ||",
     "        (0 && (st = add_output_intent(doc)) != HPDF_OK) ||"),
    ("no-space-between-lines", "generator/pdf/inline.c",
     "    if (run_frag && !last && !hyphen && !joined)",
     "    if (run_frag && !last && !hyphen && !joined && 0)"),
    # issue 17: world languages
    ("right-to-left-lines-not-reordered", "generator/pdf/inline.c",
     "    bidi_order(lv, n, order);",
     "    for (size_t k = 0; k < n; k++)\n        order[k] = k;"),
    ("kinsoku-ignored", "generator/pdf/cjk.c",
     "           !in_set(NO_START, sizeof NO_START / sizeof *NO_START, b) &&",
     "           (1 || !in_set(NO_START, sizeof NO_START / sizeof *NO_START, b)) &&"),
    ("fallback-chain-stops-at-its-first-face", "generator/pdf/font.c",
     "    for (int k = FACE_FALLBACK; k <= FACE_FALLBACK_LAST; k++)",
     "    for (int k = FACE_FALLBACK; k <= FACE_FALLBACK; k++)"),
    ("ligature-extracts-as-one-letter", "generator/pdf/font.c",
     "        record_glyph(emb, g, cps, ncp);",
     "        record_glyph(emb, g, cps, 1);"),

]


def run(cmd, cwd, log):
    os.makedirs(os.path.dirname(log), exist_ok=True)
    # the fuzz step only needs to run, not to search: a mutant is caught by the
    # checks, and 2 s a target keeps a round short
    env = dict(os.environ, FUZZ_TEST_SECONDS=os.environ.get("FUZZ_TEST_SECONDS", "2"))
    with open(log, "w") as f:
        return subprocess.run(cmd, cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT).returncode


def main():
    wanted = sys.argv[1:]
    scratch = os.environ.get("MUTANTS_DIR") or tempfile.mkdtemp(prefix="imprint-mutants-")
    tree = os.path.join(scratch, "tree")
    logs = os.path.join(ROOT, "tests", "out", "mutants")
    os.makedirs(logs, exist_ok=True)
    if os.path.exists(tree):
        subprocess.run(["git", "worktree", "remove", "--force", tree], cwd=ROOT, capture_output=True)
    subprocess.run(["git", "worktree", "add", "--detach", tree, "HEAD"], cwd=ROOT, check=True,
                   capture_output=True)
    for pkg in ("tests", "tests/typo"):
        # a hard-linked copy of the installed tools (npm in the scratch tree never
        # touches this checkout's), dated after the checked-out lockfile so that
        # tests/tools/node-setup.sh sees nothing to install
        mods = os.path.join(ROOT, pkg, "node_modules")
        if os.path.isdir(mods):
            subprocess.run(["cp", "-al", mods, os.path.join(tree, pkg, "node_modules")], check=True)
            os.utime(os.path.join(tree, pkg, "package-lock.json"), (0, 0))
    passed = failed = 0
    try:
        print("mutants: the unmutated tree first")
        if run(["make", "test"], tree, os.path.join(logs, "baseline.log")) != 0:
            print(f"FAIL the unmutated tree does not pass make test (see {logs}/baseline.log)")
            sys.exit(1)
        for name, path, old, new in MUTANTS:
            if wanted and name not in wanted:
                continue
            full = os.path.join(tree, path)
            text = open(full).read()
            if text.count(old) != 1:
                failed += 1
                print(f"FAIL {name}: its text occurs {text.count(old)} times in {path} (update the mutant)")
                continue
            open(full, "w").write(text.replace(old, new))
            rc = run(["make", "test"], tree, os.path.join(logs, name + ".log"))
            open(full, "w").write(text)
            if rc != 0:
                passed += 1
                print(f"ok   {name}: caught")
            else:
                failed += 1
                print(f"FAIL {name}: survived make test (see {logs}/{name}.log)")
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", tree], cwd=ROOT, capture_output=True)
        if not os.environ.get("MUTANTS_DIR"):
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"mutants: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
