#!/usr/bin/env bash
# html-validate.sh SITE_DIR - validates every .html file of a built site with
# html-validate (pinned in tests/package.json) and tests/.htmlvalidate.json
# (html-validate:recommended; doctype-style set to lowercase for `<!doctype html>`;
# prefer-native-element allows role="region": the data-table wrapper is a
# focusable, labelled scroll region inside a <figure>, the pattern WCAG asks for
# scrollable content, where a <section> would add a bogus document section). Prints the problems, then the
# closing line `html-validate: N passed, M failed` (files without / with
# errors) and exits non-zero on any error.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
    echo "usage: html-validate.sh SITE_DIR" >&2
    exit 2
fi
site=$1
tests=$(cd "$(dirname "$0")/.." && pwd)
source "$tests/tools/node-env.sh"
bin=$tests/node_modules/.bin/html-validate
if [ ! -x "$bin" ]; then
    echo "html-validate.sh: $bin missing (cd tests && npm ci)" >&2
    exit 2
fi

mapfile -d '' files < <(find "$site" -type f -name '*.html' -print0 | sort -z)
if [ ${#files[@]} -eq 0 ]; then
    echo "html-validate.sh: no .html files under $site" >&2
    exit 2
fi

report=$(mktemp)
trap 'rm -f "$report"' EXIT
status=0
"$bin" --config "$tests/.htmlvalidate.json" --max-warnings 0 \
    --formatter "stylish,json=$report" "${files[@]}" || status=$?

# html-validate's JSON lists only files with messages; count those with errors.
failed=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8") || "[]");
    console.log(r.filter((f) => f.errorCount > 0 || f.warningCount > 0).length);
' "$report")
echo "html-validate: $(( ${#files[@]} - failed )) passed, $failed failed"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "html-validate.sh: html-validate exited $status" >&2
fi
exit "$status"
