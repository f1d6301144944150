#!/usr/bin/env bash
# Runs the scoring engine's criterion benchmark and the Python peers (pandas, lifetimes) on the same files in
# one go, and prints the ratios and a check that both computed the same numbers. By hand, not in CI:
#   bash bench/peers/run.sh            # ~10 minutes on 2 cores (lifetimes' fits on 100k customers are slow)
# The peers' virtualenv is created on first use from bench/peers/requirements.txt (KEHU_PEERS_VENV overrides).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV="${KEHU_PEERS_VENV:-$HOME/.cache/kehu-peers-venv}"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import lifetimes" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r bench/peers/requirements.txt
fi
BENCH=target/kehu-bench
mkdir -p "$BENCH"

# 1. Rust: criterion (also writes $BENCH/firm_100k.csv, the generated firm, on first run).
cargo bench --bench analytics

# 2. Rust scores on the same files, for the cross-check of numbers.
cargo build --quiet --profile bench --bin kehu
KEHU=target/release/kehu
"$KEHU" score --transactions tests/fixtures/cdnow/CDNOW_sample.txt --as-of 1997-09-30 \
  --out "$BENCH/cdnow_scores.csv" --params "$BENCH/cdnow_params.json"
"$KEHU" score --transactions "$BENCH/firm_100k.csv" --as-of 2026-06-30 \
  --out "$BENCH/firm_100k_scores.csv" --params "$BENCH/firm_100k_params.json"

# 3. Python peers. OpenBLAS's core-type override set on these machines slows a current NumPy: unset it here only.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$VENV/bin/python" bench/peers/peers.py \
  --bench-dir "$BENCH" --criterion-dir target/criterion --cdnow tests/fixtures/cdnow/CDNOW_sample.txt --repeat 3

echo
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1); date: $(date -u +%Y-%m-%dT%H:%MZ)"
