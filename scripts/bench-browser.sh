#!/usr/bin/env bash
# Browser figures for BENCHMARKS.md: runs tests/browser_bench.rs in headless Chromium and prints
# its BENCH lines. Sizes: KEHU_BENCH_CUSTOMERS / KEHU_BENCH_LINES (default 100,000 / 1,000,000).
#   store, load and search, and reading a bundle: at the page's optimisation (the release
#   profile, opt-level "z");
#   the scoring engine step by step: at the scoring worker's (opt-level 3, Cargo.toml [profile.worker]),
#   since the app scores in the worker. Each is a separate build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/env.sh
run() { grep -E "BENCH|test result|panicked|error"; }
echo "== page build (opt-level z): store, load, search"
cargo test --release --target wasm32-unknown-unknown --test browser_bench -- --nocapture foundation_speed 2>&1 | run
echo "== page build (opt-level z): reading a bundle step by step"
cargo test --release --target wasm32-unknown-unknown --test browser_bench -- --nocapture exchange_read_steps 2>&1 | run
echo "== worker build (opt-level 3): the scoring engine, step by step"
CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_TARGET_DIR=target/bench-o3 \
  cargo test --release --target wasm32-unknown-unknown --test browser_bench -- --nocapture scoring_steps 2>&1 | run
