#!/usr/bin/env bash
# integrity.sh IMPRINT - what a build guarantees about its output folder
# (docs/guarantees.md): whatever kills it, fills the disk or runs beside it, the
# output folder afterwards holds exactly a clean build of one of the sources,
# site and PDF together, and imprint only ever replaces what it wrote.
#
# Two versions of a small site: OLD, and NEW (a page edited, one removed, one
# added). "clean X" is X built into a fresh folder; outputs are compared with
# diff -r over site/ and the PDF (the cache files are internal). Kill points
# come from the IMPRINT_KILL_AT hook (util/journal.c): commit (before the
# journal is written), journal (just after), apply:N (after N of its steps).
# The full-disk case mounts a small tmpfs, which needs root; elsewhere it is
# reported as skipped. Closing line: `integrity: N passed, M failed`.
set -uo pipefail
BIN=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
MNT=""
cleanup() { [ -n "$MNT" ] && umount "$MNT" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1774828800}
passed=0 failed=0 skipped=0
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@" >"$WORK/log" 2>&1; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     | /' "$WORK/log" | tail -20; fi
}

# the two sources
OLD=$WORK/old NEW=$WORK/new
cp -r "$ROOT/tests/fixtures/mini" "$OLD" && cp -r "$ROOT/assets/fonts" "$OLD/assets/fonts"
cp -r "$OLD" "$NEW"
sed -i "s/^Intro paragraph/Edited intro paragraph/; s/Link to \[the second page's part\](second.md#part-two) and to/Link to/" \
  "$NEW/content/docs/first.md"
rm "$NEW/content/docs/second.md"
printf -- '---\ntitle: Third page\nweight: 3\n---\n\nA page only the new version has.\n' >"$NEW/content/docs/third.md"
"$BIN" build -C "$OLD" -o "$WORK/clean-old" --quiet || { echo "the old version does not build"; exit 1; }
"$BIN" build -C "$NEW" -o "$WORK/clean-new" --quiet || { echo "the new version does not build"; exit 1; }
diff -rq "$WORK/clean-old/site" "$WORK/clean-new/site" >/dev/null && { echo "the two versions build the same site"; exit 1; }

# same OUT CLEAN: OUT holds exactly CLEAN's site and PDF, and no left-overs
same() {
  diff -r "$2/site" "$1/site" || return 1
  for pdf in "$2"/*.pdf; do cmp "$pdf" "$1/$(basename "$pdf")" || return 1; done
  [ "$(ls "$1"/*.pdf | wc -l)" = "$(ls "$2"/*.pdf | wc -l)" ] || { echo "PDF files differ"; return 1; }
}
no_leftovers() {
  if ls -a "$1" | grep -E '^\.(imprint-stage-|imprint-journal|site-)'; then echo "left in $1"; return 1; fi
}

# killed at POINT while building FROM over an output of OVER; then the
# follow-up build of NEXT must give exactly clean NEXT
killed() { # killed POINT OVER FROM NEXT
  local point=$1 over=$2 from=$3 next=$4 out=$WORK/out-$RANDOM
  "$BIN" build -C "$over" -o "$out" --quiet || return 1
  IMPRINT_KILL_AT=$point "$BIN" build -C "$from" -o "$out" --quiet
  local rc=$?
  [ $rc -eq 137 ] || { echo "want the build killed at $point (status 137), got $rc"; return 1; }
  if [ "$point" = commit ]; then
    # before the commit point: the output is exactly the old one
    same "$out" "$WORK/clean-$(basename "$over")" || { echo "killed before commit, output changed"; return 1; }
  fi
  "$BIN" build -C "$next" -o "$out" --quiet || return 1
  same "$out" "$WORK/clean-$(basename "$next")" && no_leftovers "$out"
}
check kill-before-commit killed commit "$OLD" "$NEW" "$NEW"
check kill-after-journal-then-new killed journal "$OLD" "$NEW" "$NEW"
check kill-after-journal-then-old killed journal "$OLD" "$NEW" "$OLD"
for k in 1 3 6 9; do
  check "kill-mid-apply-$k-then-old" killed "apply:$k" "$OLD" "$NEW" "$OLD"
  check "kill-mid-apply-$k-then-new" killed "apply:$k" "$OLD" "$NEW" "$NEW"
done
# a first build (the whole site exchanged in one step) killed after it
first_killed() {
  local out=$WORK/out-first
  IMPRINT_KILL_AT=apply:1 "$BIN" build -C "$OLD" -o "$out" --quiet
  [ $? -eq 137 ] || return 1
  "$BIN" build -C "$OLD" -o "$out" --quiet && same "$out" "$WORK/clean-old" && no_leftovers "$out"
}
check kill-first-build first_killed

# two builds of different sources into one folder at once: each is locked
# out until the other ends, so the result is one of them, whole
concurrent() {
  local out=$WORK/out-conc
  for round in 1 2 3 4 5 6; do
    rm -rf "$out"
    "$BIN" build -C "$OLD" -o "$out" --quiet & local a=$!
    "$BIN" build -C "$NEW" -o "$out" --quiet & local b=$!
    wait $a || return 1
    wait $b || return 1
    same "$out" "$WORK/clean-old" >/dev/null 2>&1 || same "$out" "$WORK/clean-new" ||
      { echo "round $round: the output is neither version"; return 1; }
    no_leftovers "$out" || return 1
  done
}
check concurrent-builds concurrent

# a full disk: the build fails, the previous output stays exactly as it was
full_disk() {
  MNT=$WORK/mnt
  mkdir -p "$MNT"
  mount -t tmpfs -o size=4m tmpfs "$MNT" || { echo "SKIP: cannot mount a tmpfs"; return 2; }
  local out=$MNT/out
  "$BIN" build -C "$OLD" -o "$out" --quiet || return 1
  local free_kb
  free_kb=$(df -k --output=avail "$MNT" | tail -1)
  head -c $(( (free_kb - 24) * 1024 )) /dev/zero >"$MNT/filler" 2>/dev/null
  "$BIN" build -C "$NEW" -o "$out" --quiet 2>"$WORK/disk.err"
  local rc=$?
  cat "$WORK/disk.err"
  [ $rc -eq 1 ] || { echo "want exit 1 on a full disk, got $rc"; return 1; }
  grep -q 'No space left' "$WORK/disk.err" || { echo "no 'No space left' message"; return 1; }
  same "$out" "$WORK/clean-old" && no_leftovers "$out" || return 1
  rm -f "$MNT/filler"
  "$BIN" build -C "$NEW" -o "$out" --quiet && same "$out" "$WORK/clean-new"
}
if [ "$(id -u)" -eq 0 ]; then
  check full-disk full_disk
else
  echo "skip full-disk (needs root to mount a tmpfs)"; skipped=$((skipped + 1))
fi

# imprint replaces only what it wrote
foreign_site() {
  local out=$WORK/out-foreign
  mkdir -p "$out/site" && echo mine >"$out/site/keep.txt"
  "$BIN" build -C "$OLD" -o "$out" --quiet 2>"$WORK/err"
  [ $? -eq 1 ] && grep -q "site exists but imprint did not write it" "$WORK/err" || { cat "$WORK/err"; return 1; }
  [ "$(cat "$out/site/keep.txt")" = mine ] || return 1
  "$BIN" build -C "$OLD" -o "$out" --quiet --force && same "$out" "$WORK/clean-old"
}
check foreign-site-kept-unless-forced foreign_site
refused() { # refused OUT MESSAGE: the build fails with MESSAGE and creates nothing
  local before
  before=$(cd "$OLD" && find . | sort | sha256sum)
  "$BIN" build -C "$OLD" -o "$1" --quiet 2>"$WORK/err"
  [ $? -eq 1 ] && grep -q "$2" "$WORK/err" || { cat "$WORK/err"; return 1; }
  [ "$(cd "$OLD" && find . | sort | sha256sum)" = "$before" ] || { echo "the site folder changed"; return 1; }
}
check out-in-content refused "$OLD/content/out" "inside the site's content/ folder"
check out-in-layouts refused "$OLD/layouts" "inside the site's layouts/ folder"
check out-in-assets-dotdot refused "$OLD/content/../assets/x" "inside the site's assets/ folder"
check out-is-site refused "$OLD" "cannot be the site folder itself"
check out-is-root refused / "cannot be /"

# the build cache is input like any other: a path in it outside the site is
# never acted on
tampered_cache() {
  local out=$WORK/out-tamper
  "$BIN" build -C "$OLD" -o "$out" --quiet || return 1
  echo precious >"$WORK/victim.txt"
  printf 'O\t0000000000000001\t../../victim.txt\n' >>"$out/.imprint-pages"
  "$BIN" build -C "$NEW" -o "$out" --quiet || return 1
  [ "$(cat "$WORK/victim.txt")" = precious ] && same "$out" "$WORK/clean-new"
}
check tampered-cache tampered_cache

# damaged page records (.imprint-front: cut short, or garbage) are ignored: the page files are
# read instead, and the build equals a clean one
damaged_records() {
  local out=$WORK/out-records
  "$BIN" build -C "$OLD" -o "$out" --quiet || return 1
  head -c 300 "$out/.imprint-front" >"$WORK/front-cut" && cp "$WORK/front-cut" "$out/.imprint-front"
  "$BIN" build -C "$NEW" -o "$out" --quiet || return 1
  same "$out" "$WORK/clean-new" || return 1
  sed -i 's/^R\t\([0-9a-f]*\)\t[0-9]*\t/R\t\1\t7\t/' "$out/.imprint-front"
  "$BIN" build -C "$OLD" -o "$out" --quiet || return 1
  "$BIN" build -C "$NEW" -o "$out" --quiet || return 1
  same "$out" "$WORK/clean-new"
}
check damaged-records damaged_records

echo "integrity: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
