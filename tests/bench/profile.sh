#!/usr/bin/env bash
# profile.sh IMPRINT ROOT WORK OUT_TSV BIG_SITE EDIT_PAGE SMALL_SITE PROFILE - where the time goes
# (issue 18), for tests/bench/run.sh: four cases under `valgrind --tool=callgrind`, each run
# once, single-threaded (-j 1), into a fresh output folder under WORK:
#   edit    the one-page-edit rebuild of BIG_SITE (`build --html-only -j 1`, after an untimed
#           full build into the same folder and an edit of EDIT_PAGE, restored afterwards);
#   report  one client report from a cold start (`report -j 1 PROFILE`, with ROOT's rules);
#   pdf     the guide's whitepaper (`build -C ROOT --pdf-only -j 1`);
#   build   a full build of SMALL_SITE (`build --html-only -j 1`).
# Instruction counts (callgrind's Ir) repeat from run to run where wall times do not; the
# process runs about 50 times slower under callgrind. tests/bench/profile-table.py turns each
# output into rows of OUT_TSV (the total, the top functions by inclusive and by self cost, the
# self cost per library), which summarize.py prints under each target not met. The callgrind
# files stay in WORK (callgrind_annotate --inclusive=yes WORK/FILE for the whole list).
# Exits 1 when imprint or valgrind fails.
set -uo pipefail
[ $# -eq 8 ] || { sed -n '2,15p' "$0" >&2; exit 2; }
IMPRINT=$1 ROOT=$2 WORK=$3 OUT=$4 BIG=$5 EDIT_PAGE=$6 SMALL=$7 PROFILE=$8
BENCH=$(cd "$(dirname "$0")" && pwd)
NPROC=$(nproc)
mkdir -p "$WORK" && : >"$OUT" || exit 1
status=0
commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
npages() { find "$1/content" -name '*.md' ! -name '_index.md' | wc -l; }

# profile KEY DESCRIPTION COMMAND...: one run under callgrind, then its rows
profile() {
  local key=$1 desc=$2 t0 t1
  shift 2
  echo "  profile: $key ($desc)"
  t0=$EPOCHREALTIME
  if ! valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.$key" "$@" >"$WORK/$key.log" 2>&1; then
    echo "profile.sh: $key failed under valgrind; last lines of $WORK/$key.log:" >&2
    tail -n 8 "$WORK/$key.log" >&2
    status=1; return
  fi
  t1=$EPOCHREALTIME
  python3 "$BENCH/profile-table.py" "$WORK/callgrind.$key" "$key" "$desc" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')" >>"$OUT" || status=1
}

# (a) the one-page edit: a full build first (not profiled), then the edit
cp "$BIG/$EDIT_PAGE" "$WORK/edit-original.md" || exit 1
"$IMPRINT" build -C "$BIG" -o "$WORK/edit-out" --html-only -j "$NPROC" -q || { echo "profile.sh: imprint build failed" >&2; exit 1; }
{ cat "$WORK/edit-original.md"
  printf '\nProfile edit: one more paragraph with **bold** text and a [link](https://example.com/profile).\n'
} >"$BIG/$EDIT_PAGE.tmp" && mv "$BIG/$EDIT_PAGE.tmp" "$BIG/$EDIT_PAGE"
profile edit "one-page-edit rebuild, $(commas "$(npages "$BIG")") pages (build --html-only -j 1, after a full build)" \
  "$IMPRINT" build -C "$BIG" -o "$WORK/edit-out" --html-only -j 1
cp "$WORK/edit-original.md" "$BIG/$EDIT_PAGE.tmp" && mv "$BIG/$EDIT_PAGE.tmp" "$BIG/$EDIT_PAGE"

# (b) one client report, cold: one process, one profile
profile report "one client report from a cold start (report -j 1, one profile)" \
  "$IMPRINT" report -C "$ROOT" -o "$WORK/report-out" -j 1 "$PROFILE"

# (c) the guide's whitepaper
profile pdf "the guide's whitepaper (build --pdf-only -j 1)" \
  "$IMPRINT" build -C "$ROOT" -o "$WORK/pdf-out" --pdf-only -j 1

# (d) a full build
profile build "full build, $(commas "$(npages "$SMALL")") pages (build --html-only -j 1)" \
  "$IMPRINT" build -C "$SMALL" -o "$WORK/build-out" --html-only -j 1
exit $status
