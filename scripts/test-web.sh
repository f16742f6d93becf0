#!/usr/bin/env bash
# The browser playground's checks and tests: clippy on the wasm32 library
# (the UI exists only there; warnings are errors), the release build,
# wasm-bindgen tests in headless Chromium, then the Playwright end-to-end
# tests against dist/. Exits non-zero if any step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# After setup, which adds the wasm32 target.
echo "== cargo clippy --target wasm32-unknown-unknown"
cargo clippy --target wasm32-unknown-unknown --lib --bins --locked -- -D warnings

echo "== trunk build --release --public-url ./"
# Relative asset paths, as the static site is published (served from a sub-path in the e2e tests).
trunk build --release --public-url ./

echo "== cargo test --target wasm32-unknown-unknown"
cargo test --target wasm32-unknown-unknown

echo "== playwright"
(cd e2e && ./node_modules/.bin/playwright test)
