#!/usr/bin/env bash
# Installs what building (and, with `test`, testing) Kehu needs, skipping what is already there.
# Everything comes from package registries: crates.io, npm, Debian. Nothing else is downloaded.
#   scripts/setup.sh          tools to build and serve the app
#   scripts/setup.sh test     plus Chromium, ChromeDriver and CJK fonts for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION from crates.io (about 11 minutes on 2 cores)"
  cargo install "trunk@$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (about 3 minutes)"
  # Not --locked: its lockfile pins a crate version this registry lacks.
  cargo install "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

# wasm-opt from npm's binaryen 132 (Debian's older wasm-opt silently breaks the app) and the
# Playwright driver for end-to-end tests.
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  say "installing npm tools (binaryen, playwright-core)"
  (cd tools && npm ci --no-audit --no-fund)
fi

if [ "${1:-}" = test ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  # CJK fonts, so screenshots and layout checks see Chinese text as users do.
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
  fi
fi

cargo fetch --quiet
