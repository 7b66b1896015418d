#!/usr/bin/env bash
# End-to-end demo, from a fresh clone:
#   bootstrap -> build -> Tansu broker on a free port -> validate config/demo.yaml -> run the daemon
#   -> produce ~2,000 sample events -> wait until all are processed -> show actions, dead-letter
#   reasons and the last metrics line -> SIGTERM the daemon (must exit 0) -> stop the broker.
# Everything it starts is stopped by the EXIT trap, whatever happens.  Exits non-zero if no action
# came through.  Env: DEMO_EVENTS (default 2000), DEMO_MALFORMED (default 20), DEMO_CONFIG,
# STREAM_DAEMON_BIN (use this binary instead of building).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EVENTS="${DEMO_EVENTS:-2000}"
MALFORMED="${DEMO_MALFORMED:-20}"
CONFIG="${DEMO_CONFIG:-config/demo.yaml}"

say() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }
die() { echo "demo: $*" >&2; exit 1; }

WORK="$(mktemp -d -t stream-daemon-demo.XXXXXX)"
BROKER_PID=""
DAEMON_PID=""
cleanup() {
  local rc=$?
  if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
    kill -TERM "$DAEMON_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
  fi
  if [ -n "$BROKER_PID" ] && kill -0 "$BROKER_PID" 2>/dev/null; then
    kill -KILL "$BROKER_PID" 2>/dev/null || true
    wait "$BROKER_PID" 2>/dev/null || true
  fi
  if [ "$rc" -eq 0 ]; then
    rm -rf "$WORK"
  else
    echo "demo: failed (exit $rc); logs kept in $WORK:" >&2
    for f in "$WORK"/daemon.log "$WORK"/tansu.log; do
      [ -f "$f" ] && { echo "--- tail of $f" >&2; tail -n 20 "$f" >&2; }
    done
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "bootstrap"
bash scripts/bootstrap.sh
# shellcheck source=env.sh
source scripts/env.sh
PY="$VENV/bin/python"

if [ -n "${STREAM_DAEMON_BIN:-}" ]; then
  BIN="$STREAM_DAEMON_BIN"   # a prebuilt binary: skip the build
else
  say "build"
  # shellcheck disable=SC2086
  swift build $SWIFT_BUILD_FLAGS
  # shellcheck disable=SC2086
  BIN="$(swift build $SWIFT_BUILD_FLAGS --show-bin-path)/stream-daemon"
fi
[ -x "$BIN" ] || die "no binary at $BIN"
"$BIN" version || die "$BIN version failed"

say "start Tansu"
PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BROKERS="127.0.0.1:$PORT"
"$TANSU" broker --listener-url "tcp://$BROKERS" --advertised-listener-url "tcp://$BROKERS" >"$WORK/tansu.log" 2>&1 &
BROKER_PID=$!
"$PY" - "$BROKERS" <<'EOF' || die "broker did not come up"
import sys, time
from confluent_kafka.admin import AdminClient
a = AdminClient({"bootstrap.servers": sys.argv[1], "log_level": 0})
end = time.monotonic() + 30
while time.monotonic() < end:
    try:
        if a.list_topics(timeout=1).brokers:
            sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit(1)
EOF
echo "Tansu listening on $BROKERS (pid $BROKER_PID)"

say "validate $CONFIG"
"$BIN" validate --config "$CONFIG"
echo "valid"

say "start the daemon"
export KAFKA_BROKERS="$BROKERS" GROUP="cx-demo-$$" STATE_DIR="$WORK/state"
"$BIN" run --config "$CONFIG" >"$WORK/metrics.jsonl" 2>"$WORK/daemon.log" &
DAEMON_PID=$!
echo "daemon pid $DAEMON_PID; metrics -> $WORK/metrics.jsonl, logs -> $WORK/daemon.log"

# Last metrics line's field (0 if there is none yet).
metric() {
  "$PY" - "$WORK/metrics.jsonl" "$1" <<'EOF'
import json, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8", errors="replace") if l.strip()]
try:
    print(json.loads(lines[-1]).get(sys.argv[2], 0) if lines else 0)
except ValueError:
    print(0)
EOF
}
wait_metric() {  # field min timeout_s
  local end=$((SECONDS + $3))
  while [ "$(metric "$1")" -lt "$2" ]; do
    kill -0 "$DAEMON_PID" 2>/dev/null || die "daemon exited while waiting for $1 >= $2"
    [ "$SECONDS" -lt "$end" ] || die "timed out waiting for $1 >= $2 (last metrics: $(tail -n 1 "$WORK/metrics.jsonl"))"
    sleep 0.5
  done
}
wait_metric assigned_partitions 1 90
echo "joined group $GROUP: $(metric assigned_partitions) partitions assigned"

say "produce $EVENTS events + $MALFORMED malformed"
"$PY" scripts/produce_sample.py --brokers "$BROKERS" --topic cx.events --count "$EVENTS" --malformed "$MALFORMED"
TOTAL=$((EVENTS + MALFORMED))
wait_metric events_in "$TOTAL" 120
# ... and every output they caused acknowledged (in_flight back to 0).
end=$((SECONDS + 30))
while [ "$(metric in_flight)" -gt 0 ] && [ "$SECONDS" -lt "$end" ]; do sleep 0.5; done
echo "all $TOTAL events processed: $(metric actions_out) actions, $(metric dead_letters) dead letters"

say "a few actions (cx.actions)"
ACTIONS_OK=0
"$PY" scripts/read_topic.py --brokers "$BROKERS" --topic cx.actions --show 3 --min 1 || ACTIONS_OK=1

say "dead letters by reason (cx.deadletter)"
"$PY" scripts/read_topic.py --brokers "$BROKERS" --topic cx.deadletter --reasons

say "last metrics line"
sleep_until_new_line() {  # let one more interval pass so the counters include the reads above
  local n; n=$(wc -l <"$WORK/metrics.jsonl"); local end=$((SECONDS + 15))
  while [ "$(wc -l <"$WORK/metrics.jsonl")" -le "$n" ] && [ "$SECONDS" -lt "$end" ]; do sleep 0.2; done
}
sleep_until_new_line
tail -n 1 "$WORK/metrics.jsonl" | "$PY" -m json.tool
# Latency percentiles cover one interval each; show the busiest one too.
"$PY" - "$WORK/metrics.jsonl" <<'EOF'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
busy = max(lines, key=lambda m: (m.get("latency_ms") or {}).get("count", 0), default=None)
if busy and (busy.get("latency_ms") or {}).get("count"):
    lat = busy["latency_ms"]
    print(f"busiest interval ({busy['ts']}): {lat['count']} outputs, latency p50 {lat['p50']} ms, "
          f"p99 {lat['p99']} ms, max {lat['max']} ms")
EOF

say "stop the daemon (SIGTERM)"
start=$SECONDS
kill -TERM "$DAEMON_PID"
set +e
wait "$DAEMON_PID"
DAEMON_RC=$?
set -e
DAEMON_PID=""
echo "daemon exited with $DAEMON_RC after $((SECONDS - start))s"
echo "final metrics: $(tail -n 1 "$WORK/metrics.jsonl")"

kill -KILL "$BROKER_PID" 2>/dev/null || true
wait "$BROKER_PID" 2>/dev/null || true
BROKER_PID=""
echo "broker stopped"

[ "$DAEMON_RC" -eq 0 ] || die "daemon exited with $DAEMON_RC on SIGTERM (expected 0)"
[ "$ACTIONS_OK" -eq 0 ] || die "no action came through"
say "demo OK"
