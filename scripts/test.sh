#!/usr/bin/env bash
# Runs every check and test: formatting and clippy (warnings are errors), the
# native core (rules, properties, loader, corpus, views, gallery, command
# line), then the browser build's clippy and tests (wasm-bindgen-test in
# headless Chromium, Playwright end to end). Sets up whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --check

echo "== cargo clippy (native)"
cargo clippy --all-targets --locked -- -D warnings

echo "== native tests"
cargo test --locked

echo "== browser tests"
scripts/test-web.sh
