#!/usr/bin/env bash
# Set up what is missing, then run every LeadMap test: formatting, lints
# (native and wasm32), native unit and emulator tests, browser tests in
# headless Chromium, a release build, the solution package and the Playwright
# tests in the form-like host page. Starts and stops every server it needs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh
source scripts/emulator.sh
trap stop_emulators EXIT

PORT_WASM_TESTS="${LEADMAP_WASM_TEST_PORT:-18788}"
PORT_E2E="${LEADMAP_E2E_PORT:-18787}"
PORT_PACKAGED="${LEADMAP_PACKAGED_PORT:-18789}"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check

step "clippy (native, whole workspace)"
cargo clippy --workspace --all-targets -- -D warnings

step "clippy (wasm32, the app)"
cargo clippy -p leadmap --target wasm32-unknown-unknown --all-targets -- -D warnings

step "native tests: host parsing, api, emulator over loopback"
cargo test --workspace

step "browser tests: wasm-bindgen-test in headless Chromium"
cargo build -p dataverse-emulator
start_emulator "$PORT_WASM_TESTS" --cors-loopback
LEADMAP_EMULATOR_URL="http://127.0.0.1:$PORT_WASM_TESTS" cargo test -p leadmap --target wasm32-unknown-unknown

step "release build (trunk, offline)"
trunk build --release

step "package the solution (its own release build, web resources and zip, checked)"
bash scripts/package.sh
LEADMAP_DIST="$ROOT/target/package-dist" LEADMAP_SOLUTION_DIR="$ROOT/target/solution" \
  cargo test -q -p leadmap-packager --test package the_release_build_package

step "Playwright: LeadMap in the form-like host page (built and packaged)"
start_emulator "$PORT_E2E" --dist "$ROOT/dist"
start_emulator "$PORT_PACKAGED" --webresources "$ROOT/target/solution/webresources"
LEADMAP_BASE_URL="http://127.0.0.1:$PORT_E2E" LEADMAP_PACKAGED_URL="http://127.0.0.1:$PORT_PACKAGED" \
  node --test --test-concurrency=1 tests/e2e/
