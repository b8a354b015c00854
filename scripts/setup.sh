#!/usr/bin/env bash
# Install what LeadMap's build, run and tests need, skipping what is already
# there. Idempotent; safe to run on every invocation. Source it to get PATH:
#   source scripts/setup.sh
# Nothing here downloads a prebuilt toolchain or browser: Rust tools build from
# crates.io, Chromium comes from Debian, Node tools from the npm registry.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21"
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml")"

# Tools need not be as fast as a shipped binary: skip LTO to halve build time.
cargo_install() {
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 cargo install "$@"
}

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$ROOT/scripts/node_modules/.bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown Rust target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION\."; then
  # 0.22 needs a newer rustc than this machine's; --locked avoids a
  # lightningcss/cssparser mismatch in newer dependency versions.
  say "installing trunk $TRUNK_VERSION.x (builds from source, a few minutes)"
  cargo_install trunk --version "~$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  # Must equal the wasm-bindgen crate version; --locked fails on this registry.
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (builds from source, a few minutes)"
  cargo_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Debian's chromium and chromium-driver"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if [ ! -x "$ROOT/scripts/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/scripts/node_modules/playwright-core" ]; then
  say "installing wasm-opt (binaryen) and playwright-core from the npm registry"
  (cd "$ROOT/scripts" && npm ci --no-audit --no-fund --loglevel=error)
fi

export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export TRUNK_OFFLINE=true
say "ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | cut -d' ' -f1-3), $(chromium --version 2>/dev/null | head -1)"
