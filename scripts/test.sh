#!/usr/bin/env bash
# Runs every test: the native core (rules, properties, loader, corpus, views,
# gallery), then the browser build's tests (wasm-bindgen-test in headless
# Chromium, Playwright end to end). Sets up whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== native tests"
cargo test --locked

echo "== browser tests"
scripts/test-web.sh
