# Sourced by the scripts: puts the project's tools on PATH and configures the wasm test runner.
export PATH="$HOME/.cargo/bin:$(pwd)/tools/node_modules/.bin:$PATH"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=300
