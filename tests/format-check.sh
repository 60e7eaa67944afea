#!/usr/bin/env bash
# format-check.sh - fails when a C file of generator/ or tests/unit/ is not as
# .clang-format (clang-format from Debian) would write it; `make format` fixes it.
# Prints the files that differ with the first lines of the difference, then
# `format: N passed, M failed` (files formatted / not formatted).
set -uo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "format-check.sh: clang-format is missing (apt-get install clang-format)"; exit 2; }
mapfile -t files < <(ls generator/*.c generator/*/*.c generator/*/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c 2>/dev/null)
[ ${#files[@]} -gt 0 ] || { echo "format-check.sh: no C files found"; exit 2; }
passed=0 failed=0
for f in "${files[@]}"; do
  if diff -u "$f" <(clang-format "$f") >/tmp/format-check.$$ 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); echo "not formatted: $f (run: make format)"; head -n 12 /tmp/format-check.$$ | sed 's/^/    /'
  fi
done
rm -f /tmp/format-check.$$
echo "format: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
