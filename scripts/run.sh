#!/usr/bin/env bash
# Set up what is missing, then run LeadMap on realistic data: the Dataverse
# Web API emulator (with its form-like host page) and `trunk serve`, which
# rebuilds on every change and proxies /api to the emulator.
# Extra arguments go to the emulator, e.g. --generate contacts=2000,leads_per_contact=5,seed=7
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh
source scripts/emulator.sh
trap stop_emulators EXIT

EMULATOR_PORT="${LEADMAP_EMULATOR_PORT:-8787}"
cargo build -p dataverse-emulator
# A first build so the host page has something to show before trunk serve starts.
trunk build
start_emulator "$EMULATOR_PORT" --dist "$ROOT/dist" "$@"

cat <<MSG

  LeadMap is running.
    In a form-like host page:  http://127.0.0.1:$EMULATOR_PORT/
    The web resource alone:    http://127.0.0.1:8080/?typename=contact&id=%7B<GUID>%7D
  Edit src/ and the app rebuilds; reload the page to see it. Ctrl+C stops both servers.

MSG
trunk serve --no-autoreload
