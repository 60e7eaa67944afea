# steps.sh IMPRINT OUT - sourced by the test scripts (pdf-tests.sh, report-tests.sh): sets BIN
# (the imprint binary), OUT (where results stay), ROOT (the repository), WORK (a temporary
# folder removed on exit), pins SOURCE_DATE_EPOCH, and defines check NAME COMMAND..., which
# runs one check, prints ok/FAIL (with the tail of its output) and counts it in passed/failed.
set -uo pipefail
BIN=$(realpath "$1")
OUT=$(realpath -m "$2")
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1774828800}
passed=0 failed=0
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@" >"$WORK/log" 2>&1; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     | /' "$WORK/log" | tail -30; fi
}
