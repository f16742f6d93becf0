#!/usr/bin/env bash
# Installs what building and testing the browser playground needs, skipping
# whatever is already there (so a second run only checks):
#   - the wasm32-unknown-unknown Rust target
#   - Chromium and its WebDriver (Debian packages; no browser is downloaded)
#   - Trunk 0.21.14 (0.22 needs a newer rustc)
#   - wasm-bindgen-cli, the version Cargo.lock pins
#   - e2e/node_modules: binaryen (wasm-opt) and Playwright, from package-lock.json
# Sourcing is not needed: scripts that build put e2e/node_modules/.bin on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing chromium and chromium-driver (apt)"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (takes several minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --no-default-features --force
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes a few minutes)"
  # Not --locked: its lock file names a crate version this registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# npm ci only when the installed packages do not match the lock file.
if [ ! -x e2e/node_modules/.bin/wasm-opt ] || [ ! -x e2e/node_modules/.bin/playwright ] \
   || ! cmp -s e2e/package-lock.json e2e/node_modules/.package-lock.json.stamp 2>/dev/null; then
  say "installing e2e packages (binaryen, @playwright/test)"
  (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  cp e2e/package-lock.json e2e/node_modules/.package-lock.json.stamp
fi

say "ready: $(trunk --version), $(wasm-bindgen --version), $(chromium --version 2>/dev/null | head -1), wasm-opt $(e2e/node_modules/.bin/wasm-opt --version 2>/dev/null | head -1)"
