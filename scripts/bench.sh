#!/usr/bin/env bash
# Benchmark LeadMap against the plain-JS baseline page (bench/baseline/):
# builds the release app, the emulator and the baseline, then runs
# bench/run.mjs, which prints a table and writes bench/results/latest.json.
#   scripts/bench.sh            # 7 runs, every scale, the four profiles (local, remote, real org cold and warm)
#   scripts/bench.sh --quick    # 3 runs, fewer scales (a smoke run)
# Not part of scripts/test.sh: speed is measured here, never by timed tests.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh

say() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

# bench/run.mjs stops its emulators itself; this catches anything left if it is killed.
trap 'pkill -P $$ 2>/dev/null || true' EXIT

if [ ! -d bench/node_modules/dynamics-web-api ] || [ ! -d bench/node_modules/esbuild ]; then
  say "installing dynamics-web-api and esbuild (bench/package-lock.json)"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

# Into a directory of its own: dist/ is shared with whoever else builds while
# the benchmark runs, and a rebuild mid-run would mix two builds' numbers.
export LEADMAP_DIST="$ROOT/bench/results/leadmap-dist"
say "building LeadMap (release) into ${LEADMAP_DIST#$ROOT/}"
trunk build --release --dist "$LEADMAP_DIST"
# What an org serves: the solution's web resources (the wasm inside leadmap.js), for its bytes.
export LEADMAP_SOLUTION="$ROOT/bench/results/leadmap-solution"
say "packaging it into ${LEADMAP_SOLUTION#$ROOT/} (bytes of the web resources an org serves)"
cargo run -q --release -p leadmap-packager -- --dist "$LEADMAP_DIST" --out "$LEADMAP_SOLUTION" >/dev/null
say "building the emulator (release)"
cargo build --release -p dataverse-emulator
say "building the baseline page"
node bench/build-baseline.mjs

node bench/run.mjs "$@"
