#!/usr/bin/env bash
# golden/run.sh IMPRINT [--update] - builds each fixture site (tests/fixtures/mini, the
# small site; tests/fixtures/realworld, real-world Markdown) and compares every output
# file of its website with tests/golden/NAME/, and the realworld PDF's pages, rendered,
# with tests/golden/realworld-pages/ (tests/tools/page-diff.py). --update rewrites the
# expectations (`make golden`); review the diff before committing them.
set -uo pipefail
BIN=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1774828800 TZ=UTC LC_ALL=C.UTF-8
passed=0 failed=0
for name in mini realworld; do
  "$BIN" build --html-only -C "$HERE/../fixtures/$name" -o "$WORK/$name" --quiet || exit 1
  if [ "${2:-}" = --update ]; then
    rm -rf "${HERE:?}/$name" && cp -r "$WORK/$name/site" "$HERE/$name"
    echo "golden files updated in $HERE/$name"
    [ "$name" = realworld ] && "$BIN" build --pdf-only -C "$HERE/../fixtures/$name" -o "$WORK/$name-pdf" --quiet &&
      python3 "$HERE/../tools/page-diff.py" "$WORK/$name-pdf/tidewater.pdf" "$HERE/realworld-pages" --update
    continue
  fi
  while IFS= read -r f; do
    rel=${f#"$HERE/$name/"}
    if cmp -s "$f" "$WORK/$name/site/$rel"; then passed=$((passed + 1))
    else failed=$((failed + 1)); echo "differs: $name/$rel"; diff -u "$f" "$WORK/$name/site/$rel" | head -40; fi
  done < <(find "$HERE/$name" -type f | sort)
  # files the build makes that have no expectation
  while IFS= read -r f; do
    rel=${f#"$WORK/$name/site/"}
    [ -e "$HERE/$name/$rel" ] || { failed=$((failed + 1)); echo "unexpected output: $name/$rel"; }
  done < <(find "$WORK/$name/site" -type f | sort)
done
[ "${2:-}" = --update ] && exit 0
# the realworld PDF's pages against their reference renderings
"$BIN" build --pdf-only -C "$HERE/../fixtures/realworld" -o "$WORK/realworld-pdf" --quiet || exit 1
if python3 "$HERE/../tools/page-diff.py" "$WORK/realworld-pdf/tidewater.pdf" "$HERE/realworld-pages"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
[ $passed -gt 0 ] || { echo "no golden files"; failed=$((failed + 1)); }
echo "golden: $passed passed, $failed failed"
[ $failed -eq 0 ]
