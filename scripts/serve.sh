#!/usr/bin/env bash
# Serves the playground at http://127.0.0.1:8080 (debug build, rebuilt on
# every change). A first visit opens the gallery's default scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk refuses to start when a path its watcher ignores (Trunk.toml) is
# missing, as target/ is on a fresh clone.
mkdir -p target
exec trunk serve --address 127.0.0.1 --port 8080 "$@"
