# node-env.sh - sourced by the test and benchmark scripts: puts the Node.js
# runtime pinned in tests/package-lock.json (installed by node-setup.sh) first on
# PATH, so `node` and the tools' `#!/usr/bin/env node` run on it, never on a
# Node.js that happens to be installed on the machine.
_node_bin=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/node_modules/.bin
case ":$PATH:" in *":$_node_bin:"*) ;; *) export PATH="$_node_bin:$PATH" ;; esac
unset _node_bin
