# Start and stop the Dataverse Web API emulator from the other scripts.
# Usage (sourced): start_emulator PORT [extra args…]; stop_emulators (on exit).

EMULATOR_PIDS=()

start_emulator() {
  local port="$1"; shift
  local bin="$ROOT/target/debug/dataverse-emulator"
  local log="$ROOT/target/emulator-$port.log"
  "$bin" --addr "127.0.0.1:$port" "$@" >"$log" 2>&1 &
  EMULATOR_PIDS+=("$!")
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/api/data/v9.2/WhoAmI"; then
      return 0
    fi
    if ! kill -0 "${EMULATOR_PIDS[-1]}" 2>/dev/null; then
      echo "the emulator on port $port exited; its log:" >&2; cat "$log" >&2; return 1
    fi
    sleep 0.1
  done
  echo "the emulator on port $port did not answer within 10 s; its log:" >&2; cat "$log" >&2
  return 1
}

stop_emulators() {
  for pid in "${EMULATOR_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${EMULATOR_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  EMULATOR_PIDS=()
}
