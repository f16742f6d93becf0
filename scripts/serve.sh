#!/usr/bin/env bash
# Serves the playground at http://127.0.0.1:8080 (rebuilt on every change;
# reload the page to see it). A first visit opens the gallery's default scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk refuses to start when a path its watcher ignores (Trunk.toml) is
# missing, as target/ is on a fresh clone.
mkdir -p target
# No auto-reload: its script is added inline after the build, so the page's
# Content-Security-Policy (scripts/post-build.py) would refuse it. Reload by hand.
exec trunk serve --address 127.0.0.1 --port 8080 --no-autoreload "$@"
