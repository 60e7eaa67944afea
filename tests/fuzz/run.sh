#!/usr/bin/env bash
# run.sh FUZZ_BIN_DIR SECONDS [TARGET...] - runs each libFuzzer target for SECONDS
# (`make fuzz`; FUZZ_SECONDS sets it, 60 by default), starting from its seeds in
# tests/fuzz/seeds/TARGET/ (kept inputs, crash regressions among them) plus the
# demo content, in a scratch corpus so the repository is not written. A crash,
# leak, timeout or sanitizer report fails the target; its input is kept in
# tests/out/fuzz/ (add it to the seeds once fixed). FUZZ_JOBS=N runs the target
# in libFuzzer's fork mode with N workers (one a core): its jobs restart from the
# corpus every few seconds, which keeps long runs fast. Prints per target
# the executions, coverage and corpus size, then `fuzz: N passed, M failed`.
set -uo pipefail
BIN=$(realpath "$1")
SECONDS_EACH=${2:-60}
shift 2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/tests/out/fuzz
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(yaml template markdown profile rules formula pdf serve image highlight pack)
export IMPRINT_FUZZ_SITE=$ROOT
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
JOBS=${FUZZ_JOBS:-1}
fork=()
[ -n "${FUZZ_JOBS:-}" ] && fork=(-fork="$JOBS")
passed=0 failed=0

# the demo content as extra seeds, by what each target reads
extra() {
  case $1 in
    yaml) echo "$ROOT"/content/site.yaml "$ROOT"/content/data/*.yaml ;;
    template) echo "$ROOT"/layouts/*.html "$ROOT"/layouts/partials/* ;;
    markdown | pdf) find "$ROOT/content" "$ROOT/tests/fixtures/mini/content" -name '*.md' | sort ;;
    image) ls "$ROOT"/tests/fixtures/images/*.{png,jpg,svg,gif,webp} ;;
    profile) echo "$ROOT"/content/profiles/*.yaml "$ROOT"/tests/fixtures/report-model/content/profiles/*.yaml ;;
  esac
}

for t in "${targets[@]}"; do
  corpus=$WORK/$t
  mkdir -p "$corpus"
  cp "$ROOT"/tests/fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null
  for f in $(extra "$t"); do cp "$f" "$corpus/seed-$(basename "$f")"; done
  if [ "$t" = profile ]; then # its first byte: even, a profile; odd, a schema (fuzz_profile.c)
    for f in "$corpus"/seed-*; do { printf 0; cat "$f"; } >"$f.tmp" && mv "$f.tmp" "$f"; done
    { printf 1; cat "$ROOT/content/data/profile.yaml"; } >"$corpus/seed-schema"
    { printf 1; cat "$ROOT/tests/fixtures/report-model/content/data/profile.yaml"; } >"$corpus/seed-schema-2"
  fi
  if [ "$t" = highlight ]; then # its first byte: 0xff, a language file (fuzz_highlight.c)
    for f in "$ROOT"/layouts/highlight/*.yaml; do { printf '\377'; cat "$f"; } >"$corpus/seed-lang-$(basename "$f")"; done
  fi
  if [ "$t" = rules ]; then # its first byte: even, the demo site; odd, the second domain (fuzz_rules.c)
    { printf 0; cat "$ROOT/content/data/rules.yaml"; } >"$corpus/seed-rules"
    { printf 1; cat "$ROOT/tests/fixtures/report-model/content/data/rules.yaml"; } >"$corpus/seed-rules-2"
  fi
  if [ "$t" = formula ]; then # every formula of both models, one a seed
    python3 - "$corpus" "$ROOT/content/data/rules.yaml" "$ROOT/tests/fixtures/report-model/content/data/rules.yaml" <<'EOF'
import sys, yaml
for k, path in enumerate(sys.argv[2:]):
    for i, v in enumerate(yaml.safe_load(open(path))["values"]):
        open(f"{sys.argv[1]}/seed-{k}-{i}", "w").write(str(v["formula"]))
EOF
  fi
  log=$OUT/$t.log
  (cd "$ROOT" && "$BIN/fuzz_$t" "${fork[@]}" -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$OUT/$t-" "$corpus") >"$log" 2>&1
  rc=$?
  if [ ${#fork[@]} -gt 0 ]; then # the last status line of the fork server: "#EXECS: cov: C ft: F ..."
    execs=$(grep -oE '^#[0-9]+: cov' "$log" | tail -1 | grep -oE '[0-9]+')
  else
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  fi
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  units=$(ls "$corpus" | wc -l)
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1))
    printf 'ok   %-9s %10s executions in %ss (%s jobs), coverage %s edges (%s features), corpus %s inputs\n' \
      "$t" "${execs:-?}" "$SECONDS_EACH" "$JOBS" "${cov:-?}" "${ft:-?}" "$units"
  else
    failed=$((failed + 1))
    echo "FAIL $t (exit $rc): see $log; the input is in $OUT/$t-*"
    grep -m 5 -E 'ERROR|SUMMARY|runtime error|deadly signal' "$log" | sed 's/^/     | /'
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
