#!/usr/bin/env bash
# run.sh [IMPRINT] - `make bench`: imprint against Hugo, cmark-gfm, Typst and WeasyPrint
# on the same input, in one run (issue 6).
#
# Cases (each command timed with GNU /usr/bin/time: wall, CPU user+sys, peak RSS;
# median of BENCH_RUNS runs, default 3):
#   1. full build of 1,000 and 10,000 pages of tests/bench/make-corpus:
#      imprint --html-only -j NPROC, Hugo (minimal layouts, see below), and the
#      cmark-gfm command line over the same Markdown files (one process; and in
#      batches of 100 files per process, which keeps each document small);
#   2. no-op rebuild and one-page-edit rebuild at 10,000 pages, into the same
#      output folder (imprint: its build cache; Hugo: a full rebuild);
#   3. PDF: the guide's whitepaper (`imprint build --pdf-only` on this repo) and the
#      guide repeated 10 times (each chapter 10 times, distinct file names and
#      weights), against Typst and WeasyPrint on the same text, converted by
#      tests/typo/md2typst.py (the conversion is timed on its own row); the size of
#      each tool's PDF (issue 16: the whitepaper no larger than Typst's);
#   3b. the cost of tagging (issue 16): the whitepaper, the 10x guide and a list of
#      10,000 items, tagged (PDF/UA-1 and PDF/A-2a, the default) against a copy of the
#      site with `pdf: {tagged: false}` (PDF/A-2u, no structure tree), runs of the two
#      interleaved, median of BENCH_TAG_RUNS (15); whole run and imprint's own
#      typesetting time ("typeset ... in N ms");
#   3c. German against English (issue 17): the same number of bytes of prose in German and
#      in English (tests/bench/lang/), typeset with `language: de` and `language: en`, runs
#      interleaved, median of BENCH_LANG_RUNS (9); whole run and typesetting alone;
#   4. 1,000 client reports (tests/bench/make-profiles.py, seeded) with `imprint report`,
#      and the report model alone on them (`imprint report --check`: rules and formulas);
#      one report from a cold start (one process, the first profile, -j 1; median of
#      BENCH_COLD_RUNS runs, 15);
#      the size of the largest report PDF, of these and of the demo profiles
#      (content/profiles; issue 16: at most 150 KB);
#   5. edit to reload of imprint serve, on the guide and at 10,000 pages;
#   6. highlighting 10,000 lines of C, tokens and HTML (tests/bench/bench_highlight.c);
#   plus the memory slope: imprint peak RSS at 1k, 2k, 5k and 10k pages, fitted
#   linearly (MB per 1,000 pages);
#   7. scale (issue 18): a full build of BENCH_SCALE pages (100,000; 0 skips it) by imprint
#      and by Hugo, one run each, each under tests/bench/guard.py (a time limit,
#      BENCH_SCALE_TIMEOUT s, 600, and a memory guard, BENCH_SCALE_MEM_MB, 3/4 of the RAM,
#      so that the machine never runs out); the corpus is generated once and kept in
#      BENCH_DIR (corpus-N-HASH, hard-linked into each run); its peak RSS against the slope;
#   8. where the time goes (issue 18): tests/bench/profile.sh runs callgrind on the
#      one-page-edit rebuild at the largest size, one cold report, the whitepaper and a
#      full build at the smallest size (single-threaded, about 50 times slower than
#      natively; BENCH_PROFILE=0 skips it).
#
# Prints the table and writes it to docs/benchmarks.md, replacing it (with every
# run's raw numbers, the machine and the commit measured; the raw rows also go to
# tests/bench/out/results.tsv, the PDF sizes to tests/bench/out/sizes.tsv). Never fails on a time: exits 1 only when a tool
# crashes (non-zero exit or signal) or the setup fails.
#
# On a fresh Debian machine it installs what is missing (as root with apt-get, through
# tests/tools/ensure-debs.sh; otherwise it prints the command): hugo, weasyprint,
# python3, python3-yaml, time, poppler-utils, cmark-gfm, hyphen-de, hyphen-en-us, valgrind; and, through
# tests/tools/node-setup.sh, the pinned Typst compiler (tests/typo) and the pinned
# Node.js runtime it runs on (shared with the typography comparison).
#
# Environment: BENCH_RUNS (3), BENCH_DIR (scratch root, default /work/bench-scratch if
# /work exists, else $TMPDIR or /tmp), BENCH_KEEP=1 keeps the scratch folder,
# BENCH_REPORTS (1000), BENCH_PAGES ("1000 2000 5000 10000"), BENCH_TAG_RUNS (15),
# BENCH_LANG_RUNS (9), BENCH_LANG_COPIES (100: copies of each text, about 1 s to typeset),
# BENCH_COLD_RUNS (15), BENCH_SCALE (100000; 0 skips the scale runs), BENCH_SCALE_TIMEOUT (600 s
# per scale run), BENCH_SCALE_MEM_MB (3/4 of the RAM), BENCH_PROFILE (1; 0 skips callgrind).
#
# Measurement notes: every timed run writes into a fresh, never-used output folder
# (ext4 is several times slower creating many directories just after deleting a
# large tree), and nothing is deleted until the end; wall time is taken with bash's
# EPOCHREALTIME around /usr/bin/time (so it has millisecond resolution and includes
# ~1 ms of fork/exec), CPU and peak RSS come from GNU time (%U %S %M).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH=$ROOT/tests/bench
IMPRINT=${1:-$ROOT/build/imprint}
case $IMPRINT in /*) ;; *) IMPRINT=$ROOT/$IMPRINT ;; esac
RUNS=${BENCH_RUNS:-3}
TAG_RUNS=${BENCH_TAG_RUNS:-15}
NREPORTS=${BENCH_REPORTS:-1000}
PAGES=${BENCH_PAGES:-"1000 2000 5000 10000"}
NPROC=$(nproc)
read -r -a PAGE_LIST <<<"$PAGES"
SMALL=${PAGE_LIST[0]}; BIG=${PAGE_LIST[${#PAGE_LIST[@]}-1]}
commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
BIGL=$(commas "$BIG")
CORPUS_TOOL=$BENCH/make-corpus
TYPO=$ROOT/tests/typo
FONTS=$ROOT/assets/fonts
export TZ=UTC LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1774828800}

die() { echo "bench: $*" >&2; exit 1; }

# ---- dependencies
bash "$ROOT/tests/tools/ensure-debs.sh" hugo weasyprint python3 python3-yaml time poppler-utils cmark-gfm \
  hyphen-de hyphen-en-us valgrind ||
  die "missing Debian packages (see above)"
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is missing"
[ -x "$IMPRINT" ] || die "no imprint binary at $IMPRINT (run: make build/imprint)"
[ -f "$CORPUS_TOOL" ] || die "no corpus generator at $CORPUS_TOOL"
HAVE_TYPO=0
if [ -f "$TYPO/md2typst.py" ] && [ -f "$TYPO/typst-compile.mjs" ] && [ -f "$TYPO/package-lock.json" ]; then
  # the Typst compiler pinned in tests/typo/package.json and the Node.js runtime
  # pinned in tests/package.json, shared with tests/typo/compare.sh
  bash "$ROOT/tests/tools/node-setup.sh" || die "node-setup.sh failed"
  source "$ROOT/tests/tools/node-env.sh"
  HAVE_TYPO=1
fi

# ---- scratch
if [ -z "${BENCH_DIR:-}" ]; then
  if [ -d /work ] && [ -w /work ]; then BENCH_DIR=/work/bench-scratch; else BENCH_DIR=${TMPDIR:-/tmp}/imprint-bench; fi
fi
RUN=$BENCH_DIR/run-$(date -u +%Y%m%d-%H%M%S)-$$
mkdir -p "$RUN/out" "$RUN/logs" "$BENCH/out" || die "cannot create $RUN"
RES=$RUN/results.tsv      # key, case, tool, status, runs (wall,user,sys,kb;...)
SIZES=$RUN/sizes.tsv      # key, document, tool, bytes, pages, tagged, conformance
NOTES=$RUN/notes.txt
: >"$RES"; : >"$SIZES"; : >"$NOTES"
CRASHED=0
note() { echo "$*" >>"$NOTES"; }
START_S=$EPOCHSECONDS
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# time_one KEY CASE TOOL FN I: run I of measure (below): `PRE_FN I`, when the function
# exists, untimed, then `FN I` (which sets the array CMD) under /usr/bin/time; sets
# SAMPLE to "wall,user,sys,kb" and FAILED=1 when the tool failed.
time_one() {
  local key=$1 case=$2 tool=$3 fn=$4 i=$5 t0 t1 log rc u s m
  CMD=()
  if declare -F "pre_$fn" >/dev/null; then "pre_$fn" "$i"; fi
  "$fn" "$i"
  sync  # the previous runs' writeback is not charged to this one
  log=$RUN/logs/$key-$(echo "$tool" | tr -c 'a-zA-Z0-9\n' '_')-$i.log
  t0=$EPOCHREALTIME
  /usr/bin/time -o "$RUN/time.txt" -f '%U %S %M' "${CMD[@]}" >"$log" 2>&1
  rc=$?
  t1=$EPOCHREALTIME
  if [ $rc -ne 0 ]; then
    echo "bench: $tool ($case) failed with status $rc; last lines of $log:" >&2
    tail -n 8 "$log" >&2; cat "$RUN/time.txt" >&2
    FAILED=1; CRASHED=1
  fi
  read -r u s m < <(tail -n 1 "$RUN/time.txt")
  SAMPLE="$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b-a}'),$u,$s,$m"
}
add_row() { # KEY CASE TOOL STATUS RUNS
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$RES"
  printf '  %-34s %-30s %s\n' "$2" "$3" "$4 $5"
}
# measure KEY CASE TOOL FN: runs `FN i` RUNS times (time_one), one row of results;
# measure_n N KEY CASE TOOL FN: N times.
measure() { measure_n "$RUNS" "$@"; }
measure_n() {
  local n=$1 key=$2 case=$3 tool=$4 fn=$5 i runs="" status=ok
  for ((i = 1; i <= n; i++)); do
    FAILED=0; time_one "$key" "$case" "$tool" "$fn" "$i"
    [ "$FAILED" = 0 ] || status=crash
    runs+="$SAMPLE;"
  done
  add_row "$key" "$case" "$tool" "$status" "${runs%;}"
}
# measure_pair N KEY CASE TOOL_A FN_A TOOL_B FN_B: as measure, N runs of each of two
# commands, interleaved (A B, B A, A B, ...) so that a change of the machine's load
# during the row falls on both alike; two rows.
measure_pair() {
  local n=$1 key=$2 case=$3 ta=$4 fa=$5 tb=$6 fb=$7 i ra="" rb="" sa=ok sb=ok
  for ((i = 1; i <= n; i++)); do
    if ((i % 2)); then
      FAILED=0; time_one "$key" "$case" "$ta" "$fa" "$i"; [ "$FAILED" = 0 ] || sa=crash; ra+="$SAMPLE;"
      FAILED=0; time_one "$key" "$case" "$tb" "$fb" "$i"; [ "$FAILED" = 0 ] || sb=crash; rb+="$SAMPLE;"
    else
      FAILED=0; time_one "$key" "$case" "$tb" "$fb" "$i"; [ "$FAILED" = 0 ] || sb=crash; rb+="$SAMPLE;"
      FAILED=0; time_one "$key" "$case" "$ta" "$fa" "$i"; [ "$FAILED" = 0 ] || sa=crash; ra+="$SAMPLE;"
    fi
  done
  add_row "$key" "$case" "$ta" "$sa" "${ra%;}"
  add_row "$key" "$case" "$tb" "$sb" "${rb%;}"
}
not_available() { printf '%s\t%s\t%s\tna\t\n' "$1" "$2" "$3" >>"$RES"; printf '  %-34s %-30s not available\n' "$2" "$3"; }
last_log() { ls -t "$RUN"/logs/"$1"-* 2>/dev/null | head -n 1; }
summary_of() { grep '^imprint:' "$(last_log "$1-imprint")" | sed "s|$RUN/||g" | paste -sd ';' | sed 's/;/; /g'; }

echo "bench: scratch folder $RUN"
echo "bench: imprint $IMPRINT ($("$IMPRINT" --version 2>&1)), $NPROC cores, $RUNS runs per row"

# ---- corpora: imprint site folders (content/ + site.yaml, layouts/, assets/css) and
# Hugo site folders (the same content/, config.toml, minimal layouts)
make_imprint_site() { # N DIR
  python3 "$CORPUS_TOOL" "$1" "$2" || die "make-corpus $1 failed"
  cp -r "$ROOT/layouts" "$2/" && mkdir -p "$2/assets" && cp -r "$ROOT/assets/css" "$2/assets/"
  printf 'title: "Bench corpus"\nbase_url: "https://bench.example.org"\n' >"$2/content/site.yaml.tmp"
}
finish_imprint_site() { mv "$1/content/site.yaml.tmp" "$1/content/site.yaml"; }
make_hugo_site() { # FROM_IMPRINT_SITE DIR [link]: link hard-links the pages instead of copying them
  mkdir -p "$2/layouts/_default"
  cp -r${3:+l} "$1/content" "$2/" && rm -f "$2/content/site.yaml.tmp"
  cat >"$2/config.toml" <<'EOF'
baseURL = "https://bench.example.org/"
title = "Bench corpus"
languageCode = "en"
EOF
  # the smallest layouts that render every page's content, its table of contents,
  # date, prev/next and the list pages; Hugo adds its default RSS, sitemap, robots
  # (off by default) and the tags/categories taxonomies on its own.
  cat >"$2/layouts/_default/baseof.html" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 160 }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
EOF
  cat >"$2/layouts/_default/single.html" <<'EOF'
{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "January 2, 2006" }}</time>
<nav>{{ .TableOfContents }}</nav>{{ .Content }}
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav></article>{{ end }}
EOF
  cat >"$2/layouts/_default/list.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
EOF
}

echo "bench: generating corpora ($PAGES pages) and $NREPORTS profiles"
for n in $PAGES; do
  make_imprint_site "$n" "$RUN/imprint-$n"
  case $n in "$SMALL" | "$BIG") make_hugo_site "$RUN/imprint-$n" "$RUN/hugo-$n" ;; esac
  finish_imprint_site "$RUN/imprint-$n"
done
python3 "$BENCH/make-profiles.py" "$NREPORTS" "$RUN/profiles" || die "make-profiles failed"

# the 10x guide: a copy of the site whose content/guide/ has each chapter 10 times
mkdir -p "$RUN/long" && cp -r "$ROOT/content" "$ROOT/layouts" "$ROOT/assets" "$RUN/long/" || die "copying the site failed"
python3 - "$RUN/long/content/guide" <<'EOF' || die "making the 10x guide failed"
import os, re, sys
g = sys.argv[1]
for name in sorted(os.listdir(g)):
    if not name.endswith(".md") or name == "_index.md":
        continue
    text = open(os.path.join(g, name), encoding="utf-8").read()
    m = re.match(r"---\n(.*?)\n(---|\.\.\.)\n", text, re.S)
    fm, body = m.group(1), text[m.end():]
    w = re.search(r"^weight:\s*(\d+)\s*$", fm, re.M)
    weight = int(w.group(1)) if w else 0
    for r in range(1, 10):  # copy 0 is the original file
        lines = [l for l in fm.split("\n")
                 if not re.match(r"(slug|aliases|weight):", l) and not l.startswith("  - /")]
        lines.append("weight: %d" % (weight + 1000 * r))
        with open(os.path.join(g, "%s-r%d.md" % (name[:-3], r)), "w", encoding="utf-8") as f:
            f.write("---\n" + "\n".join(lines) + "\n---\n" + body)
EOF

# ---------------------------------------------------------------- 1. full builds
echo "bench: full builds"
for n in $PAGES; do
  key=full-$n; [ "$n" = "$SMALL" ] || [ "$n" = "$BIG" ] || key=slope-$n
  label="full build, $(commas "$n") pages"
  eval "imprint_full_$n() { CMD=(\"\$IMPRINT\" build -C \"$RUN/imprint-$n\" -o \"$RUN/out/$key-imprint-\$1\" --html-only -j $NPROC); }"
  measure "$key" "$label" imprint "imprint_full_$n"
  [ "$key" = "full-$n" ] || continue
  eval "hugo_full_$n() { CMD=(hugo --quiet -s \"$RUN/hugo-$n\" -d \"$RUN/out/$key-hugo-\$1\"); }"
  measure "$key" "$label" Hugo "hugo_full_$n"
  ls "$RUN/imprint-$n"/content/posts/*.md >"$RUN/files-$n.txt"
  if [ "$(wc -c <"$RUN/files-$n.txt")" -lt $(( $(getconf ARG_MAX) / 2 )) ]; then
    eval "cmark_one_$n() { mapfile -t F <\"$RUN/files-$n.txt\"; CMD=(sh -c 'exec cmark-gfm -e table -e strikethrough -e autolink -e tasklist \"\$@\" >/dev/null' cmark \"\${F[@]}\"); }"
    measure "$key" "$label" "cmark-gfm (1 process)" "cmark_one_$n"
  else
    not_available "$key" "$label" "cmark-gfm (1 process)"
  fi
  eval "cmark_batch_$n() { CMD=(sh -c 'exec xargs -a \"\$1\" -n 100 cmark-gfm -e table -e strikethrough -e autolink -e tasklist >/dev/null' cmark \"$RUN/files-$n.txt\"); }"
  measure "$key" "$label" "cmark-gfm (100 files/process)" "cmark_batch_$n"
done
imprint_files=$(find "$RUN/out/full-$BIG-imprint-1/site" -type f | wc -l)
hugo_files=$(find "$RUN/out/full-$BIG-hugo-1" -type f | wc -l)
note "Outputs at $BIGL pages: imprint wrote $imprint_files files ($BIGL pages, home, section, 404, sitemap, Atom feed, robots.txt, CSS; every internal link checked); Hugo wrote $hugo_files files (its default kinds: the pages, home, section, the tags and categories taxonomies with 10 term pages, an RSS feed per list page, sitemap), from the minimal layouts in run.sh."
du_i=$(du -sm "$RUN/out/full-$BIG-imprint-1/site" | cut -f1); du_h=$(du -sm "$RUN/out/full-$BIG-hugo-1" | cut -f1)
note "Output size at $BIGL pages: imprint $du_i MB (its demo layouts: navigation, breadcrumbs, table of contents, JSON-LD), Hugo $du_h MB."

note "cmark-gfm rows: the Debian command line with the table, strikethrough, autolink and tasklist extensions, output to /dev/null, single-threaded. '1 process' passes every file to one cmark-gfm, which concatenates them into one document (hence its memory); '100 files/process' runs it through xargs -n 100."
note "Every timed run writes to a fresh output folder (no deletion before the end: ext4 is several times slower creating directories just after a large tree was deleted); sync runs before each timed run."

# ---------------------------------------------------------------- 2. rebuilds
echo "bench: rebuilds at $BIGL pages"
EDIT_PAGE=content/posts/page-$(printf %05d $((BIG / 2))).md
cp "$RUN/imprint-$BIG/$EDIT_PAGE" "$RUN/edit-original.md"
"$IMPRINT" build -C "$RUN/imprint-$BIG" -o "$RUN/out/rebuild-imprint" --html-only -j "$NPROC" -q || { CRASHED=1; echo "bench: imprint build failed" >&2; }
hugo --quiet -s "$RUN/hugo-$BIG" -d "$RUN/out/rebuild-hugo" || { CRASHED=1; echo "bench: hugo failed" >&2; }
imprint_noop() { CMD=("$IMPRINT" build -C "$RUN/imprint-$BIG" -o "$RUN/out/rebuild-imprint" --html-only -j "$NPROC"); }
hugo_noop() { CMD=(hugo --quiet -s "$RUN/hugo-$BIG" -d "$RUN/out/rebuild-hugo"); }
measure noop "no-op rebuild, $BIGL pages" imprint imprint_noop
note "imprint no-op rebuild says: $(summary_of noop)"
measure noop "no-op rebuild, $BIGL pages" Hugo hugo_noop
edit_page() { # SITE RUN_INDEX
  { cat "$RUN/edit-original.md"
    printf '\nBench edit %s: one more paragraph with **bold** text and a [link](https://example.com/edit-%s).\n' "$2" "$2"
  } >"$1/$EDIT_PAGE.tmp" && mv "$1/$EDIT_PAGE.tmp" "$1/$EDIT_PAGE"
}
pre_imprint_edit() { edit_page "$RUN/imprint-$BIG" "$1"; }
imprint_edit() { imprint_noop; }
pre_hugo_edit() { edit_page "$RUN/hugo-$BIG" "$1"; }
hugo_edit() { hugo_noop; }
measure edit "one-page edit, $BIGL pages" imprint imprint_edit
note "imprint one-page-edit rebuild says: $(summary_of edit)"
measure edit "one-page edit, $BIGL pages" Hugo hugo_edit
# not timed: the incremental result must equal a clean build of the same sources
"$IMPRINT" build -C "$RUN/imprint-$BIG" -o "$RUN/out/rebuild-clean" --html-only -j "$NPROC" -q
if diff -r -q "$RUN/out/rebuild-imprint/site" "$RUN/out/rebuild-clean/site" >"$RUN/logs/incremental-diff.txt" 2>&1; then
  note "Check (not timed): after the no-op and edit rebuilds, imprint's site is byte-identical to a clean build of the same sources."
else
  note "Check (not timed): after the rebuilds imprint's site DIFFERS from a clean build: $(wc -l <"$RUN/logs/incremental-diff.txt") differences, first: $(head -n 1 "$RUN/logs/incremental-diff.txt")"
fi
cp "$RUN/edit-original.md" "$RUN/imprint-$BIG/$EDIT_PAGE"; cp "$RUN/edit-original.md" "$RUN/hugo-$BIG/$EDIT_PAGE"

# ---------------------------------------------------------------- 3. PDF
echo "bench: PDF"
if [ "$HAVE_TYPO" = 1 ]; then
  for doc in guide long; do
    src=$ROOT/content; [ $doc = long ] && src=$RUN/long/content
    python3 "$TYPO/md2typst.py" --content "$src" -o "$RUN/$doc.typ" --html "$RUN/$doc.html" --fonts "$FONTS" ||
      { CRASHED=1; echo "bench: md2typst.py failed on $src" >&2; }
  done
fi
pdf_cases() { # KEY LABEL SITE DOC
  local key=$1 label=$2 site=$3 doc=$4
  eval "imprint_$key() { CMD=(\"\$IMPRINT\" build -C \"$site\" -o \"$RUN/out/$key-imprint-\$1\" --pdf-only -j $NPROC); }"
  measure "$key" "$label" imprint "imprint_$key"
  if [ "$HAVE_TYPO" = 1 ]; then
    eval "typst_$key() { CMD=(node \"$TYPO/typst-compile.mjs\" \"$RUN/$doc.typ\" \"$RUN/out/$key-typst-\$1.pdf\" \"$FONTS\"); }"
    measure "$key" "$label" "Typst (typst.ts, Node)" "typst_$key"
    eval "weasy_$key() { CMD=(weasyprint \"$RUN/$doc.html\" \"$RUN/out/$key-weasyprint-\$1.pdf\"); }"
    measure "$key" "$label" WeasyPrint "weasy_$key"
    eval "convert_$key() { CMD=(python3 \"$TYPO/md2typst.py\" --content \"$site/content\" -o \"$RUN/out/$key-convert-\$1.typ\" --html \"$RUN/out/$key-convert-\$1.html\" --fonts \"$FONTS\"); }"
    measure "$key" "$label" "md2typst.py (peers' input)" "convert_$key"
  else
    not_available "$key" "$label" "Typst (typst.ts, Node)"; not_available "$key" "$label" WeasyPrint
  fi
  local pi pt pw
  pi=$(pdfinfo "$RUN/out/$key-imprint-1"/*.pdf 2>/dev/null | awk '/^Pages:/{print $2}')
  pt=$(pdfinfo "$RUN/out/$key-typst-1.pdf" 2>/dev/null | awk '/^Pages:/{print $2}')
  pw=$(pdfinfo "$RUN/out/$key-weasyprint-1.pdf" 2>/dev/null | awk '/^Pages:/{print $2}')
  note "$label: pages: imprint ${pi:-?}, Typst ${pt:-?}, WeasyPrint ${pw:-?}."
}
pdf_cases pdf-guide "PDF, the guide" "$ROOT" guide
pdf_cases pdf-long "PDF, the guide 10x" "$RUN/long" long

# the size of each PDF (issue 16), with its pages, whether it is tagged and the
# PDF/A and PDF/UA parts its XMP metadata claims (from the first run)
conformance_of() { # PDF
  local meta a c u
  meta=$(pdfinfo -meta "$1" 2>/dev/null)
  a=$(sed -n 's/.*pdfaid:part[>="]*\([0-9]\).*/\1/p' <<<"$meta" | head -n 1)
  c=$(sed -n 's/.*pdfaid:conformance[>="]*\([A-Za-z]\).*/\1/p' <<<"$meta" | head -n 1 | tr A-Z a-z)
  u=$(sed -n 's/.*pdfuaid:part[>="]*\([0-9]\).*/\1/p' <<<"$meta" | head -n 1)
  echo "${a:+PDF/A-$a$c}${a:+${u:+, }}${u:+PDF/UA-$u}"
}
size_row() { # KEY DOCUMENT TOOL PDF
  if [ ! -f "$4" ]; then printf '%s\t%s\t%s\t\t\t\t\n' "$1" "$2" "$3" >>"$SIZES"; return; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$(stat -c %s "$4")" \
    "$(pdfinfo "$4" 2>/dev/null | awk '/^Pages:/{print $2}')" \
    "$(pdfinfo "$4" 2>/dev/null | awk '/^Tagged:/{print $2}')" "$(conformance_of "$4")" >>"$SIZES"
}
first_pdf() { ls "$1"/*.pdf 2>/dev/null | head -n 1; }
for key in pdf-guide pdf-long; do
  label="the guide (the whitepaper)"; [ $key = pdf-long ] && label="the guide 10x"
  size_row "$key" "$label" imprint "$(first_pdf "$RUN/out/$key-imprint-1")"
  size_row "$key" "$label" "Typst (typst.ts, Node)" "$RUN/out/$key-typst-1.pdf"
  size_row "$key" "$label" WeasyPrint "$RUN/out/$key-weasyprint-1.pdf"
done

# ---------------------------------------------------------------- 3b. the cost of tagging
# issue 16: tagging (PDF/UA-1, PDF/A-2a: the structure tree, marked content) at most
# 10% of typesetting time. Each document is typeset from two copies of its site, one
# as it is (tagged by default) and one with `pdf: {tagged: false}` (PDF/A-2u, no
# structure tree); the runs of the two interleaved.
echo "bench: the cost of tagging ($TAG_RUNS runs of each, interleaved)"
untag_site() { # DIR: pdf.tagged: false in DIR/content/site.yaml
  python3 - "$1/content/site.yaml" <<'EOF'
import re, sys
path = sys.argv[1]
lines = open(path, encoding="utf-8").read().split("\n")
for i, line in enumerate(lines):
    if re.match(r"pdf:\s*(#.*)?$", line):  # a block mapping: the key goes first in it
        indent = "  "
        for nxt in lines[i + 1:]:
            if nxt.strip() and not nxt.lstrip().startswith("#"):
                indent = re.match(r"[ ]*", nxt).group(0) or "  "
                break
        lines.insert(i + 1, indent + "tagged: false")
        break
    if line.startswith("pdf:"):
        sys.exit("run.sh: cannot add tagged to this pdf setting: " + line)
else:
    while lines and not lines[-1].strip():
        lines.pop()
    lines += ["pdf:", "  tagged: false", ""]
open(path, "w", encoding="utf-8").write("\n".join(lines))
EOF
}
# a list of 10,000 items: a site of one page, one chapter
mkdir -p "$RUN/list/content/guide" "$RUN/list/assets" && cp -r "$ROOT/layouts" "$RUN/list/" &&
  cp -r "$ROOT/assets/css" "$RUN/list/assets/" || die "making the 10,000-item list failed"
printf 'title: "Bench list"\nbase_url: "https://bench.example.org"\n' >"$RUN/list/content/site.yaml"
{ printf -- '---\ntitle: "A list of 10,000 items"\nweight: 1\n---\n\n'
  for ((i = 1; i <= 10000; i++)); do echo "- Item $i of the list, with *a few* words to set."; done
} >"$RUN/list/content/guide/list.md"
# the guide from a copy too, so that both sides read the same sources
mkdir -p "$RUN/guide" && cp -r "$ROOT/content" "$ROOT/layouts" "$ROOT/assets" "$RUN/guide/" || die "copying the site failed"
for doc in guide long list; do
  key=tag-$doc
  case $doc in
    guide) label="tagging, the guide (the whitepaper)" ;;
    long) label="tagging, the guide 10x" ;;
    list) label="tagging, a list of 10,000 items" ;;
  esac
  { cp -r "$RUN/$doc" "$RUN/$doc-untagged" && untag_site "$RUN/$doc-untagged"; } || die "making the untagged copy of $doc failed"
  eval "tagged_$doc() { CMD=(\"\$IMPRINT\" build -C \"$RUN/$doc\" -o \"$RUN/out/$key-tagged-\$1\" --pdf-only -j $NPROC); }"
  eval "untagged_$doc() { CMD=(\"\$IMPRINT\" build -C \"$RUN/$doc-untagged\" -o \"$RUN/out/$key-untagged-\$1\" --pdf-only -j $NPROC); }"
  measure_pair "$TAG_RUNS" "$key" "$label" imprint "tagged_$doc" "untagged (pdf.tagged: false)" "untagged_$doc"
  # imprint's own typesetting time, from every run's "imprint: typeset FILE (N KB) in M ms"
  for tool in imprint "untagged (pdf.tagged: false)"; do
    runs="" status=ok
    for ((i = 1; i <= TAG_RUNS; i++)); do
      log=$RUN/logs/$key-$(echo "$tool" | tr -c 'a-zA-Z0-9\n' '_')-$i.log
      ms=$(sed -n 's/^imprint: typeset .* in \([0-9.]*\) ms$/\1/p' "$log" 2>/dev/null)
      [ -n "$ms" ] || { status=crash; CRASHED=1; continue; }
      runs+="$(awk -v m="$ms" 'BEGIN { printf "%.4f,0,0,0", m / 1000 }');"
    done
    add_row "$key-typeset" "$label, typesetting alone" "$tool" "$status" "${runs%;}"
  done
  # (imprint's tagged PDF of the guide and of the guide 10x is in the rows of case 3)
  [ $doc = list ] && size_row "$key" "${label#tagging, }" imprint "$(first_pdf "$RUN/out/$key-tagged-1")"
  size_row "$key" "${label#tagging, }" "untagged (pdf.tagged: false)" "$(first_pdf "$RUN/out/$key-untagged-1")"
done
note "Tagging: each document typeset by \`imprint build --pdf-only -j $NPROC\` from two copies of its site, as it is (tagged, PDF/UA-1 and PDF/A-2a: the default) and with \`pdf: {tagged: false}\` added to its site.yaml (PDF/A-2u: no structure tree, no marked content), $TAG_RUNS runs of each, interleaved. The 'typesetting alone' rows are the time imprint prints for the whitepaper (\"typeset FILE (N KB) in M ms\": whitepaper_render, from the loaded site to the PDF's bytes: Markdown, layout, fonts, structure, objects), without the process start, reading the site and writing the file; medians in the wall column. The list is a site of one page of 10,000 items (\"- Item N of the list, with *a few* words to set.\")."

# ---------------------------------------------------------------- 3c. German against English
# issue 17: German text typeset at no more cost than English (within 1.5x): the same number of
# bytes of prose (tests/bench/lang/de.md with its long compounds, and en.md: 3,825 bytes each),
# BENCH_LANG_COPIES times in one chapter, typeset from a site with `language: de` and one with
# `language: en` (the hyphenation patterns: hyphen-de's two levels against hyphen-en-us), runs
# of the two interleaved, median of BENCH_LANG_RUNS (9); whole run and typesetting alone
LANG_RUNS=${BENCH_LANG_RUNS:-9}
LANG_COPIES=${BENCH_LANG_COPIES:-100}
echo "bench: German against English text ($LANG_RUNS runs of each, interleaved)"
for l in de en; do
  { mkdir -p "$RUN/lang-$l/content/guide" "$RUN/lang-$l/assets" && cp -r "$ROOT/layouts" "$RUN/lang-$l/" &&
    cp -r "$ROOT/assets/css" "$RUN/lang-$l/assets/"; } || die "making the $l text site failed"
  printf 'title: "Bench text"\nbase_url: "https://bench.example.org"\nlanguage: %s\n' "$l" >"$RUN/lang-$l/content/site.yaml"
  { printf -- '---\ntitle: "Text"\nweight: 1\n---\n\n'
    for ((i = 1; i <= LANG_COPIES; i++)); do cat "$BENCH/lang/$l.md"; echo; done
  } >"$RUN/lang-$l/content/guide/text.md"
done
lang_de() { CMD=("$IMPRINT" build -C "$RUN/lang-de" -o "$RUN/out/lang-de-$1" --pdf-only -j "$NPROC"); }
lang_en() { CMD=("$IMPRINT" build -C "$RUN/lang-en" -o "$RUN/out/lang-en-$1" --pdf-only -j "$NPROC"); }
measure_pair "$LANG_RUNS" lang "PDF, German against English text" "imprint, German (language: de)" lang_de \
  "English (language: en)" lang_en
for tool in "imprint, German (language: de)" "English (language: en)"; do
  runs="" status=ok
  for ((i = 1; i <= LANG_RUNS; i++)); do
    log=$RUN/logs/lang-$(echo "$tool" | tr -c 'a-zA-Z0-9\n' '_')-$i.log
    ms=$(sed -n 's/^imprint: typeset .* in \([0-9.]*\) ms$/\1/p' "$log" 2>/dev/null)
    [ -n "$ms" ] || { status=crash; CRASHED=1; continue; }
    runs+="$(awk -v m="$ms" 'BEGIN { printf "%.4f,0,0,0", m / 1000 }');"
  done
  add_row lang-typeset "PDF, German against English text, typesetting alone" "$tool" "$status" "${runs%;}"
done
pde=$(pdfinfo "$RUN/out/lang-de-1"/*.pdf 2>/dev/null | awk '/^Pages:/{print $2}')
pen=$(pdfinfo "$RUN/out/lang-en-1"/*.pdf 2>/dev/null | awk '/^Pages:/{print $2}')
note "German against English: tests/bench/lang/de.md and en.md (3,825 bytes of prose each; the German with compounds such as Donaudampfschifffahrtsgesellschaft and Rechtsschutzversicherungsgesellschaften), $LANG_COPIES times in one chapter, typeset by \`imprint build --pdf-only -j $NPROC\` with \`language: de\` (hyphen-de's patterns, two levels) and \`language: en\` (hyphen-en-us), $LANG_RUNS runs of each, interleaved; pages: German ${pde:-?}, English ${pen:-?}. The ratio column is German over English. imprint reads the patterns itself (generator/pdf/hyphen_load.c): libhyphen took about 2 s to load hyphen-de's."

# ---------------------------------------------------------------- 4. reports
echo "bench: client reports"
if "$IMPRINT" report --help >/dev/null 2>&1; then
  imprint_reports() { CMD=("$IMPRINT" report -C "$ROOT" -o "$RUN/out/reports-imprint-$1" -j "$NPROC" "$RUN/profiles"); }
  measure reports "$(commas "$NREPORTS") client reports" imprint imprint_reports
  nr=$(find "$RUN/out/reports-imprint-1" -name report.pdf | wc -l)
  nh=$(find "$RUN/out/reports-imprint-1" -name report.html | wc -l)
  nj=$(find "$RUN/out/reports-imprint-1" -name report.json | wc -l)
  note "Reports: $nh HTML, $nr PDF and $nj JSON files written per run (profiles from tests/bench/make-profiles.py, seed 6); imprint says: $(summary_of reports)"
  # one report from a cold start (issue 18: under 50 ms): one process, one profile, one
  # thread, into a fresh folder each run
  COLD_RUNS=${BENCH_COLD_RUNS:-15}
  FIRST_PROFILE=$(ls "$RUN/profiles"/*.yaml | head -n 1)
  imprint_cold() { CMD=("$IMPRINT" report -C "$ROOT" -o "$RUN/out/report-cold-$1" -j 1 "$FIRST_PROFILE"); }
  measure_n "$COLD_RUNS" report-cold "one client report, cold start" imprint imprint_cold
  note "One report from a cold start: \`imprint report -j 1\` on one profile ($(basename "$FIRST_PROFILE"), the first of the bench set), a new process each time (reading the site's rules, data, layouts and fonts, then HTML, PDF and JSON), $COLD_RUNS runs; imprint says: $(summary_of report-cold)"
  # the size of a report PDF (issue 16: at most 150 KB): the largest of these and
  # of the demo profiles (content/profiles, written once, not timed)
  "$IMPRINT" report -C "$ROOT" -o "$RUN/out/reports-demo" -q "$ROOT/content/profiles" || CRASHED=1
  for set in demo imprint-1; do
    big=$(find "$RUN/out/reports-$set" -name report.pdf -printf '%s %p\n' | sort -n | tail -n 1 | cut -d' ' -f2-)
    n=$(find "$RUN/out/reports-$set" -name report.pdf | wc -l)
    what="$(commas "$n") bench profiles"; [ $set = demo ] && what="$n demo profiles"
    size_row "report-$set" "a client report, the largest of the $what ($(basename "$(dirname "$big")"))" imprint "$big"
  done
  # the model alone: validation and report_compute for every profile, nothing
  # rendered (`imprint report --check -j 1`, which sums the time report_compute
  # takes: the values' formulas, the rules and the decision); medians in the wall column
  evals=""
  for ((i = 1; i <= RUNS; i++)); do
    ms=$("$IMPRINT" report -C "$ROOT" --check -j 1 "$RUN/profiles" 2>&1 >/dev/null |
      sed -n 's/.*the model.s values and rules: \([0-9.]*\) ms.*/\1/p')
    [ -n "$ms" ] || { CRASHED=1; break; }
    evals="$evals${evals:+;}$(awk -v m="$ms" 'BEGIN { printf "%.6f,0,0,0", m / 1000 }')"
  done
  printf 'eval-reports\t%s\timprint\t%s\t%s\n' "rules and formulas, $(commas "$NREPORTS") profiles" \
    "$([ -n "$evals" ] && echo ok || echo crash)" "$evals" >>"$RES"
  note "Rules and formulas: \`imprint report --check -j 1\` on the same profiles, timing report_compute alone (each profile's computed values, its rules in order and the decision; no YAML reading, no rendering), summed over the profiles; medians in the wall column."
else
  not_available reports "$(commas "$NREPORTS") client reports" imprint
fi

# ---------------------------------------------------------------- 5. live preview
# edit-to-reload latency of imprint serve: an editor's save (temp file + rename) to
# the reload event on an open event stream, median of BENCH_RELOADS edits
echo "bench: imprint serve, edit to reload"
NRELOADS=${BENCH_RELOADS:-15}
mkdir -p "$RUN/serve-guide" && cp -r "$ROOT/content" "$RUN/serve-guide/"
python3 "$BENCH/reload-latency.py" "$IMPRINT" "$RUN/serve-guide" content/guide/python.md reload-guide \
  "edit to reload, the guide" "$NRELOADS" >>"$RES" 2>"$RUN/logs/reload-guide.log" || CRASHED=1
python3 "$BENCH/reload-latency.py" "$IMPRINT" "$RUN/imprint-$BIG" "$EDIT_PAGE" reload-big \
  "edit to reload, $BIGL pages" "$NRELOADS" >>"$RES" 2>"$RUN/logs/reload-big.log" || CRASHED=1
tail -n 2 "$RES" | cut -f2,4 | sed 's/^/  /'
note "Edit to reload: tests/bench/reload-latency.py starts imprint serve, opens the event stream as a page does, and times $NRELOADS saves (temp file + rename) of one page from the rename to the reload event (the watcher's batching, the incremental rebuild, the event); medians in the wall column. The PDF and reports are typeset on another thread after each reload, never before it."

# ---------------------------------------------------------------- 6. highlighting
# tests/bench/bench_highlight.c (built by `make bench` beside the binary): 10,000 generated
# lines of C tokenized and rendered to HTML in-process, median of BENCH_HL_RUNS runs
echo "bench: highlighting 10,000 lines"
HL_BENCH=$(dirname "$IMPRINT")/bench_highlight
if [ -x "$HL_BENCH" ]; then
  "$HL_BENCH" "$ROOT" >>"$RES" 2>"$RUN/logs/highlight.log" || { CRASHED=1; cat "$RUN/logs/highlight.log" >&2; }
  sed 's/^/  /' "$RUN/logs/highlight.log"
  note "Highlighting: tests/bench/bench_highlight.c loads the theme's languages once, then times core/highlight.c tokenizing 10,000 generated lines of C (comments, preprocessor lines, strings with escapes, characters, numbers of every form) and rendering them to the site's HTML, in one process; medians in the wall column. $(sed 's/^bench_highlight: //' "$RUN/logs/highlight.log")."
else
  not_available highlight "highlighting 10,000 lines" imprint
fi

# ---------------------------------------------------------------- 7. scale
# issue 18: BENCH_SCALE pages (100,000) build on this machine with memory linear in the pages,
# and Hugo's time and memory on the same pages. One run each (a run takes minutes), each under
# tests/bench/guard.py: it stops a run past BENCH_SCALE_TIMEOUT s or BENCH_SCALE_MEM_MB resident
# (or when the machine has under 1 GB available), which the document then reports with the
# reason. The corpus (about 8 KB a page) is generated once into BENCH_DIR, named by
# make-corpus's hash, kept between runs and hard-linked into each run's site folders.
SCALE=${BENCH_SCALE:-100000}
SCALE_TIMEOUT=${BENCH_SCALE_TIMEOUT:-600}
SCALE_MEM_MB=${BENCH_SCALE_MEM_MB:-$(awk '/MemTotal/{printf "%d", $2 * 3 / 4 / 1024}' /proc/meminfo)}
if [ "$SCALE" != 0 ]; then
  SCALEL=$(commas "$SCALE")
  echo "bench: scale, $SCALEL pages (one run each, at most $SCALE_TIMEOUT s and $SCALE_MEM_MB MB)"
  SCALE_CORPUS=$BENCH_DIR/corpus-$SCALE-$(sha256sum "$CORPUS_TOOL" | cut -c1-12)
  if [ ! -f "$SCALE_CORPUS/.complete" ]; then
    t0=$EPOCHSECONDS
    rm -rf "$SCALE_CORPUS"
    python3 "$CORPUS_TOOL" "$SCALE" "$SCALE_CORPUS" && touch "$SCALE_CORPUS/.complete" || die "make-corpus $SCALE failed"
    echo "  generated the $SCALEL-page corpus in $((EPOCHSECONDS - t0)) s into $SCALE_CORPUS (kept for the next runs)"
  fi
  { mkdir -p "$RUN/scale-imprint/assets" && cp -al "$SCALE_CORPUS/content" "$RUN/scale-imprint/" &&
    cp -r "$ROOT/layouts" "$RUN/scale-imprint/" && cp -r "$ROOT/assets/css" "$RUN/scale-imprint/assets/" &&
    printf 'title: "Bench corpus"\nbase_url: "https://bench.example.org"\n' >"$RUN/scale-imprint/content/site.yaml" &&
    make_hugo_site "$SCALE_CORPUS" "$RUN/scale-hugo" link; } || die "making the $SCALEL-page sites failed"
  scale_run() { # TOOL COMMAND...: one guarded run, one row
    local tool=$1 st sample why log
    shift
    log=$RUN/logs/scale-$SCALE-$(echo "$tool" | tr -c 'a-zA-Z0-9\n' '_')-1.log
    sync
    IFS=$'\t' read -r st sample why < <(python3 "$BENCH/guard.py" "$SCALE_TIMEOUT" "$SCALE_MEM_MB" -- "$@" 2>"$log")
    [ -n "${st:-}" ] || { st=crash; why="guard.py failed"; }
    if [ "$st" = crash ]; then
      echo "bench: $tool ($SCALEL pages) failed: $why; last lines of $log:" >&2; tail -n 8 "$log" >&2; CRASHED=1
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "scale-$SCALE" "full build, $SCALEL pages (one run)" "$tool" "$st" "$sample" "$why" >>"$RES"
    printf '  %-34s %-30s %s\n' "full build, $SCALEL pages" "$tool" "$st $sample${why:+ ($why)}"
  }
  scale_run imprint "$IMPRINT" build -C "$RUN/scale-imprint" -o "$RUN/out/scale-imprint" --html-only -j "$NPROC"
  scale_run Hugo hugo --quiet -s "$RUN/scale-hugo" -d "$RUN/out/scale-hugo"
  note "Scale: $SCALEL pages of the same generated corpus ($(du -sm "$SCALE_CORPUS/content" | cut -f1) MB of Markdown), \`imprint build --html-only -j $NPROC\` and Hugo, one run each, under tests/bench/guard.py: stopped past $SCALE_TIMEOUT s, past $(commas "$SCALE_MEM_MB") MB resident, or when the machine has under 1,024 MB available (swap: $(awk '/SwapTotal/{printf "%d MB", $2/1024}' /proc/meminfo)). imprint says: $(grep '^imprint:' "$RUN/logs/scale-$SCALE-imprint-1.log" 2>/dev/null | sed "s|$RUN/||g" | paste -sd ';' | sed 's/;/; /g')"
  rm -rf "$RUN/out/scale-imprint" "$RUN/out/scale-hugo"  # 1.5 GB each; not timed
else
  echo "bench: scale skipped (BENCH_SCALE=0)"
fi

# ---------------------------------------------------------------- 8. where the time goes
# issue 18: callgrind profiles of the cases behind its targets (tests/bench/profile.sh),
# which summarize.py prints under each target not met
: >"$RUN/profiles.tsv"
if [ "${BENCH_PROFILE:-1}" != 0 ]; then
  echo "bench: profiles (callgrind, single-threaded)"
  t0=$EPOCHSECONDS
  bash "$BENCH/profile.sh" "$IMPRINT" "$ROOT" "$RUN/profile" "$RUN/profiles.tsv" "$RUN/imprint-$BIG" "$EDIT_PAGE" \
    "$RUN/imprint-$SMALL" "$(ls "$RUN/profiles"/*.yaml | head -n 1)" || CRASHED=1
  echo "  profiles took $((EPOCHSECONDS - t0)) s"
  mkdir -p "$BENCH/out/profile" && cp "$RUN"/profile/callgrind.* "$BENCH/out/profile/" 2>/dev/null
  note "Profiles: \`valgrind --tool=callgrind\` (valgrind $(valgrind --version 2>/dev/null | sed 's/^valgrind-//')), one run of each case, single-threaded; instructions counted (Ir), not time; tests/bench/profile.sh, tables by tests/bench/profile-table.py; the callgrind files of the last run are in tests/bench/out/profile/ (callgrind_annotate --inclusive=yes FILE)."
else
  echo "bench: profiles skipped (BENCH_PROFILE=0)"
fi

# ---------------------------------------------------------------- the table
END_S=$EPOCHSECONDS
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$NPROC"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "ram=$(awk '/MemTotal/{printf "%.1f GB", $2/1048576}' /proc/meminfo)"
  echo "kernel=$(uname -sr), $(uname -m)"
  echo "fs=$(df -T "$RUN" | awk 'NR==2{print $2}')"
  echo "imprint=$("$IMPRINT" --version 2>&1) ($(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo unknown))"
  echo "hugo=$(hugo version 2>/dev/null | cut -d' ' -f1-2)"
  echo "cmark=$(cmark-gfm --version 2>/dev/null | head -n 1 | cut -d' ' -f1-2)"
  [ "$HAVE_TYPO" = 1 ] && echo "typst=$(node "$TYPO/typst-compile.mjs" --version 2>/dev/null)"
  echo "weasyprint=$(weasyprint --version 2>/dev/null | head -n 1)"
  echo "node=$(node --version 2>/dev/null)"
  echo "runs=$RUNS"
  echo "cold_runs=${COLD_RUNS:-}"
  echo "scale=$SCALE"
  echo "scale_limits=$SCALE_TIMEOUT s, $SCALE_MEM_MB MB"
  echo "load=$LOAD_START -> $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "duration=$((END_S - START_S))"
} >"$RUN/env.txt"
python3 "$BENCH/summarize.py" "$RES" "$RUN/env.txt" "$NOTES" "$ROOT/docs/benchmarks.md" "$SIZES" "$RUN/profiles.tsv" || CRASHED=1
cp "$RES" "$BENCH/out/results.tsv"; cp "$SIZES" "$BENCH/out/sizes.tsv"; cp "$RUN/profiles.tsv" "$BENCH/out/profiles.tsv"

# ---------------------------------------------------------------- clean up (outside timed regions)
if [ "${BENCH_KEEP:-0}" = 1 ]; then
  echo "bench: kept $RUN"
else
  rm -rf "$RUN"
fi
[ "$CRASHED" = 0 ] || { echo "bench: a tool crashed (see above)" >&2; exit 1; }
