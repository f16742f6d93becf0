#!/usr/bin/env bash
# Writes `check --format sarif` logs for the gallery and the corpus and
# validates them against the official SARIF 2.1.0 schema. The schema and the
# validator come from npm (pinned below) into e2e/node_modules, without
# touching e2e/package.json: they are needed only here.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(@microsoft/jest-sarif@1.0.0-beta.0 ajv@8.20.0 ajv-draft-04@1.0.0 ajv-formats@3.0.1)
if [ ! -f e2e/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json ] \
   || [ ! -d e2e/node_modules/ajv-draft-04 ] || [ ! -d e2e/node_modules/ajv-formats ]; then
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix e2e "${packages[@]}"
fi

out="${CARGO_TARGET_DIR:-target}/sarif"
mkdir -p "$out"
cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-target}/release/probe-playground"
# Exit status 1 means errors in the input (some corpus files have them): the
# log is still written, and it is the log that is checked here.
"$bin" check --format sarif gallery/*.yaml > "$out/gallery.sarif" || [ $? -eq 1 ]
corpus=../shared/corpus
if [ -d "$corpus" ]; then
  "$bin" check --format sarif "$corpus"/*.yaml "$corpus"/*.json > "$out/corpus.sarif" || [ $? -eq 1 ]
fi
node scripts/validate-sarif.mjs "$out"/*.sarif
