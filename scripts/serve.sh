#!/usr/bin/env bash
# Builds the app (release) and serves it on http://127.0.0.1:${PORT:-8080}/ — a plain static
# server, as any host would serve the built `dist/` folder.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
trunk build --release
port="${PORT:-8080}"
echo "Kehu is at http://127.0.0.1:$port/  (Ctrl-C stops the server)"
exec python3 -m http.server --bind 127.0.0.1 --directory dist "$port"
