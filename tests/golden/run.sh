#!/usr/bin/env bash
# golden/run.sh IMPRINT [--update] - builds the fixture site and compares every
# output file with tests/golden/mini/. --update rewrites the expectations
# (`make golden`); review the diff before committing them.
set -uo pipefail
BIN=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=1774828800 TZ=UTC LC_ALL=C.UTF-8
"$BIN" build --html-only -C "$HERE/../fixtures/mini" -o "$WORK/out" --quiet || exit 1
if [ "${2:-}" = --update ]; then
  rm -rf "$HERE/mini" && cp -r "$WORK/out/site" "$HERE/mini"
  echo "golden files updated in $HERE/mini"
  exit 0
fi
passed=0 failed=0
while IFS= read -r f; do
  rel=${f#"$HERE/mini/"}
  if cmp -s "$f" "$WORK/out/site/$rel"; then passed=$((passed + 1))
  else failed=$((failed + 1)); echo "differs: $rel"; diff -u "$f" "$WORK/out/site/$rel" | head -40; fi
done < <(find "$HERE/mini" -type f | sort)
# files the build makes that have no expectation
while IFS= read -r f; do
  rel=${f#"$WORK/out/site/"}
  [ -e "$HERE/mini/$rel" ] || { failed=$((failed + 1)); echo "unexpected output: $rel"; }
done < <(find "$WORK/out/site" -type f | sort)
[ $passed -gt 0 ] || { echo "no golden files"; failed=$((failed + 1)); }
echo "golden: $passed passed, $failed failed"
[ $failed -eq 0 ]
