#!/usr/bin/env bash
# End-to-end demo, from a fresh clone: twelve CX triggers from the trigger library running together
# under contact policies (config/demo-cx.yaml) over generated traffic.
#   bootstrap -> build -> validate -> generate ~40k seeded events (3 days of event time, 5,000
#   customers) -> Tansu broker on a free port -> customer profiles (time zones, consent,
#   do-not-contact) -> start the daemon -> produce the traffic, routed by source system (cx.events,
#   cx.logistics, cx.inventory), plus one end-of-traffic marker per partition 2 h of event time
#   past the last event (so pending timers fire) -> wait until every record is processed and the outputs
#   settle -> SIGTERM the daemon (must exit 0) -> summary read back from the output topics
#   (scripts/demo_summary.py) -> stop the broker.
# Everything it starts is stopped by the EXIT trap, whatever happens.  Exits non-zero with a
# message if a step fails, the daemon does not stop cleanly, or the topics do not add up.
# Env: DEMO_EVENTS (40000), DEMO_CUSTOMERS (5000), DEMO_SEED (7), DEMO_START
# (2026-11-16T00:00:00Z), DEMO_RATE (events/s of event time, 0.15: ~3 days), DEMO_TAIL (how far
# past the last event the markers move event time, 2h), DEMO_CONFIG (config/demo-cx.yaml),
# STREAM_DAEMON_BIN (use this binary instead of building), DEMO_KEEP=1 (keep the work directory:
# traffic, metrics, daemon log).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EVENTS="${DEMO_EVENTS:-40000}"
CUSTOMERS="${DEMO_CUSTOMERS:-5000}"
SEED="${DEMO_SEED:-7}"
START="${DEMO_START:-2026-11-16T00:00:00Z}"
RATE="${DEMO_RATE:-0.15}"
TAIL="${DEMO_TAIL:-2h}"
CONFIG="${DEMO_CONFIG:-config/demo-cx.yaml}"

say() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }
die() { echo "demo: $*" >&2; exit 1; }

WORK="$(mktemp -d -t stream-daemon-demo.XXXXXX)"
BROKER_PID=""
DAEMON_PID=""
stop_broker() {  # SIGTERM (bash reports a SIGKILLed job on stderr), SIGKILL after 5 s
  [ -n "$BROKER_PID" ] || return 0
  kill -TERM "$BROKER_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$BROKER_PID" 2>/dev/null || true
  { wait "$BROKER_PID"; } 2>/dev/null || true
  BROKER_PID=""
}
cleanup() {
  local rc=$?
  if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
    kill -TERM "$DAEMON_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$DAEMON_PID" 2>/dev/null || true
    wait "$DAEMON_PID" 2>/dev/null || true
  fi
  stop_broker
  if [ "$rc" -eq 0 ]; then
    if [ -n "${DEMO_KEEP:-}" ]; then echo "demo: work files kept in $WORK" >&2; else rm -rf "$WORK"; fi
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
T_START=$SECONDS

say "bootstrap"
bash scripts/bootstrap.sh
# shellcheck source=env.sh
source scripts/env.sh
PY="$VENV/bin/python"
DEMO_PY=(env PYTHONUNBUFFERED=1 "$PY" scripts/demo_summary.py)

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

say "validate $CONFIG"
"$BIN" validate --config "$CONFIG" || die "$CONFIG is not valid"

say "generate traffic: $EVENTS events, $CUSTOMERS customers, seed $SEED, from $START at $RATE events/s of event time"
"$BIN" generate --events "$EVENTS" --customers "$CUSTOMERS" --seed "$SEED" --start "$START" --rate "$RATE" \
  --output "$WORK/traffic.jsonl" || die "generate failed"

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

say "customer profiles (cx.profiles)"
"${DEMO_PY[@]}" topics --brokers "$BROKERS" cx.events cx.logistics cx.inventory cx.profiles || die "cannot create topics"
# Before the daemon starts: it reads the whole table before its first event.
"${DEMO_PY[@]}" profiles --brokers "$BROKERS" --customers "$CUSTOMERS" --seed "$SEED" --stats "$WORK/produced.json" || die "cannot produce profiles"

say "start the daemon"
# The traffic lies in the past and is replayed in seconds; an idle timeout longer than the demo
# keeps the wall clock from taking over the watermark (the end-of-traffic markers move it).
export KAFKA_BROKERS="$BROKERS" GROUP="cx-demo-$$" STATE_DIR="$WORK/state" IDLE_TIMEOUT=10m METRICS_INTERVAL=500ms
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
wait_metric assigned_partitions 12 90
echo "joined group $GROUP: $(metric assigned_partitions) partitions assigned (3 inputs x 4)"

say "produce the traffic"
# Logistics and stock feeds first, then the customer events and the end-of-traffic markers. Why:
# each task's watermark is the minimum over its partitions of all three inputs, and the daemon
# records a purchase's conversion when it reads it, but a pattern's action (and so its exposure)
# only when the watermark passes it. Replaying three days in seconds, a topic read in big chunks
# holds the watermark back by hours of event time, and purchases miss exposures that came before
# them, differently from run to run. With the two small feeds already read, only cx.events moves
# the watermark and the run is repeatable.
T0="$(date +%s.%N)"
"${DEMO_PY[@]}" traffic --brokers "$BROKERS" --input "$WORK/traffic.jsonl" --only cx.logistics,cx.inventory \
  --stats "$WORK/produced.json" || die "cannot produce the traffic"
SIDE="$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["total"])' "$WORK/produced.json")"
wait_metric events_in "$SIDE" 60
"${DEMO_PY[@]}" traffic --brokers "$BROKERS" --input "$WORK/traffic.jsonl" --only cx.events --markers \
  --tail "$TAIL" --stats "$WORK/produced.json" || die "cannot produce the traffic"
TOTAL="$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["total"])' "$WORK/produced.json")"

say "wait until all $TOTAL records are processed and the outputs settle"
wait_metric events_in "$TOTAL" 120
# Then: nothing in flight and the output counters unchanged over three metrics lines (the
# markers' watermark fires the last timers right after they are read).
"$PY" - "$WORK/metrics.jsonl" "$DAEMON_PID" <<'EOF' || die "outputs did not settle within 60 s"
import json, os, sys, time
path, pid = sys.argv[1], int(sys.argv[2])
def lines():
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip().startswith("{")]
def state(m):
    return (m.get("actions_out"), m.get("dead_letters"), (m.get("policy") or {}).get("decisions"), m.get("watermark"))
end = time.monotonic() + 60
while time.monotonic() < end:
    os.kill(pid, 0)
    ls = lines()
    if len(ls) >= 3 and all(m.get("in_flight") == 0 for m in ls[-3:]) and state(ls[-1]) == state(ls[-2]) == state(ls[-3]):
        sys.exit(0)
    time.sleep(0.3)
sys.exit(1)
EOF
echo "processed: $(metric events_in) records in, $(metric actions_out) actions out, $(metric dead_letters) dead letters"

say "stop the daemon (SIGTERM)"
start=$SECONDS
kill -TERM "$DAEMON_PID"
set +e
wait "$DAEMON_PID"
DAEMON_RC=$?
set -e
DAEMON_PID=""
echo "daemon exited with $DAEMON_RC after $((SECONDS - start))s"
[ "$DAEMON_RC" -eq 0 ] || die "daemon exited with $DAEMON_RC on SIGTERM (expected 0)"

say "summary"
SUMMARY_RC=0
"${DEMO_PY[@]}" summary --brokers "$BROKERS" --metrics "$WORK/metrics.jsonl" --stats "$WORK/produced.json" \
  --t0 "$T0" || SUMMARY_RC=$?

stop_broker
echo "broker stopped"

[ "$SUMMARY_RC" -eq 0 ] || die "the summary's checks failed (see above)"
say "demo OK ($((SECONDS - T_START))s)"
