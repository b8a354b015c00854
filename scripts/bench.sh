#!/usr/bin/env bash
# Benchmark LeadMap against the plain-JS baseline page (bench/baseline/):
# builds the release app, the emulator and the baseline, then runs
# bench/run.mjs, which prints a table and writes bench/results/latest.json.
#   scripts/bench.sh            # 7 runs, every scale, the four profiles (local, remote, real org cold and warm)
#   scripts/bench.sh --quick    # 3 runs, fewer scales (a smoke run)
#   scripts/bench.sh --quick --pages leads50 --before cc8a11a,8f8fe2f
#                               # those commits' Trunk builds and packages in the same runs ("nothing slower")
# Not part of scripts/test.sh: speed is measured here, never by timed tests.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh

say() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

# --before REV is this script's; everything else goes to bench/run.mjs.
before=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --before) before="$2"; shift 2 ;;
    --before=*) before="${1#--before=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

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
trunk build packager/trunk.html --release --dist "$ROOT/bench/results/package-dist"
cargo run -q --release -p leadmap-packager -- --dist "$ROOT/bench/results/package-dist" --out "$LEADMAP_SOLUTION" >/dev/null
LEADMAP_BEFORE=""
IFS=',' read -r -a revs <<<"$before"
for wanted in ${revs[@]+"${revs[@]}"}; do
  rev="$(git rev-parse --short "$wanted")"
  out="$ROOT/bench/results/before-$rev"
  say "building $rev's LeadMap and package beside it (from git archive into ${out#$ROOT/}/src)"
  rm -rf "$out" && mkdir -p "$out/src"
  git archive "$rev" | tar -x -C "$out/src"
  # A target directory of their own, kept between runs: sharing target/ would leave the old
  # revision's binaries where cargo, finding the working tree's build fresh, does not replace them.
  # Before packager/trunk.html the package was made from the Trunk build itself.
  (cd "$out/src" && export CARGO_TARGET_DIR="$ROOT/target/before" \
    && trunk build --release --dist "$out/dist" \
    && if [ -f packager/trunk.html ]; then trunk build packager/trunk.html --release --dist "$out/package-dist"; \
       else cp -r "$out/dist" "$out/package-dist"; fi \
    && cargo run -q --release -p leadmap-packager -- --dist "$out/package-dist" --out "$out/solution" >/dev/null)
  LEADMAP_BEFORE="$LEADMAP_BEFORE${LEADMAP_BEFORE:+;}$rev,$out/dist,$out/solution"
done
export LEADMAP_BEFORE
say "building the emulator (release)"
cargo build --release -p dataverse-emulator
say "building the baseline page"
node bench/build-baseline.mjs

node bench/run.mjs ${args[@]+"${args[@]}"}
