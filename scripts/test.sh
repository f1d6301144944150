#!/usr/bin/env bash
# Runs every test: formatting and lints, the native tests (core, CLI, store on the memory
# backend), the IndexedDB tests in headless Chromium, and the end-to-end tests that drive the
# built app in headless Chromium. Installs what is missing first (scripts/setup.sh test).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/env.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lints"
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --lib --bins --target wasm32-unknown-unknown --quiet -- -D warnings

step "native tests"
cargo test --quiet

step "release build of the app (dist/)"
trunk build --release

step "IndexedDB tests in headless Chromium (release, sharing the build above)"
cargo test --release --target wasm32-unknown-unknown --test browser_store --test browser_charts

step "end-to-end tests in headless Chromium"
node --test --test-concurrency=1 tests/e2e/
