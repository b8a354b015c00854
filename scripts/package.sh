#!/usr/bin/env bash
# Build LeadMap for release and package it for Dataverse: web resources of
# allowed types (HTML, JScript, CSS) under target/solution/webresources/ and an
# unmanaged solution zip target/solution/LeadMap_<version>.zip. Idempotent.
# Extra arguments go to leadmap-packager, e.g.:
#   scripts/package.sh --prefix contoso --folder leadmap --version 1.1.0.0
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh

# The packaged build: the glue as a classic script (packager/trunk.html says why).
trunk build packager/trunk.html --release --dist "$ROOT/target/package-dist"
report="$(cargo run -q -p leadmap-packager -- --dist "$ROOT/target/package-dist" --out "$ROOT/target/solution" "$@")"
echo "$report"

printf '\n%-40s %10s %10s\n' "file" "bytes" "gzip -9"
while read -r name path; do
  printf '%-40s %10s %10s\n' "$name" "$(wc -c <"$path")" "$(gzip -9c "$path" | wc -c)"
done < <(sed -n 's/^web resource \([^ ]*\) .* bytes  \(.*\)$/\1 \2/p' <<<"$report")
zip="$(sed -n 's/^solution zip \(.*\) ([0-9]* bytes)$/\1/p' <<<"$report")"
printf '%-40s %10s\n' "$(basename "$zip")" "$(wc -c <"$zip")"
