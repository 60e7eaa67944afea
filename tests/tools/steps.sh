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
# fonts_embedded PDF: pdffonts lists at least one font and every one is embedded
# (fails when pdffonts fails or the PDF is missing, as a plain pipe into awk would not)
fonts_embedded() {
  local list
  list=$(pdffonts "$1") || return 1
  awk 'NR > 2 { n++; if ($(NF-4) != "yes") { bad = 1; print } } END { exit bad || n == 0 }' <<<"$list"
}
# none_match REGEX FILE...: at least one file is given and exists, and none matches
none_match() {
  local re=$1; shift
  [ $# -gt 0 ] || { echo "no files"; return 1; }
  for f in "$@"; do [ -f "$f" ] || { echo "missing: $f"; return 1; }; done
  ! grep -l -- "$re" "$@"
}
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@" >"$WORK/log" 2>&1; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     | /' "$WORK/log" | tail -30; fi
}
