#!/usr/bin/env bash
# Browser figures for BENCHMARKS.md: runs tests/browser_bench.rs (release) in headless Chromium
# and prints its BENCH line. Sizes: KEHU_BENCH_CUSTOMERS / KEHU_BENCH_LINES (default 100,000 / 1,000,000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
source scripts/env.sh
cargo test --release --target wasm32-unknown-unknown --test browser_bench -- --nocapture 2>&1 | grep -E "BENCH|test result|panicked|error"
