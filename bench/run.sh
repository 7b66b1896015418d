#!/usr/bin/env bash
# One-command benchmark: ceiling (kcat|kcat), peer (Quix Streams), us (stream-daemon run),
# us latency, replay [, flink] [, distinct-key scaling]. See bench/README.md.
#
#   bash bench/run.sh [--runs N] [--with-flink] [--no-scaling] [--only ROWS] [--help]
#
# Prerequisite: bash scripts/bootstrap.sh (librdkafka 2.8.0, Tansu, kcat). This script adds,
# idempotently: the bench venv (.cache/bench-venv: quixstreams, matplotlib, psutil), a release
# build of the daemon (.build-bench/release/stream-daemon) and, with --with-flink, .cache/flink-venv.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { echo "[bench] $*" >&2; }

for a in "$@"; do
  case "$a" in -h|--help) exec python3 bench/bench.py --help ;; esac
done

# shellcheck source=../scripts/env.sh
source scripts/env.sh
if [ ! -x "$TANSU" ] || [ ! -f .cache/librdkafka/lib/pkgconfig/rdkafka.pc ] || ! command -v kcat >/dev/null; then
  log "prerequisites missing: running scripts/bootstrap.sh"
  bash scripts/bootstrap.sh
fi

# --- bench venv (Quix Streams, matplotlib, psutil) ---------------------------------------------
BVENV="$ROOT/.cache/bench-venv"
if [ ! -x "$BVENV/bin/python" ]; then
  log "creating $BVENV"
  python3 -m venv "$BVENV"
fi
if ! "$BVENV/bin/python" -c 'import quixstreams, matplotlib, psutil, confluent_kafka' 2>/dev/null; then
  log "pip install quixstreams matplotlib psutil into $BVENV"
  "$BVENV/bin/pip" install -q --disable-pip-version-check "quixstreams==3.28.1" matplotlib psutil
fi

# --- optional: PyFlink (~300 MB) -----------------------------------------------------------------
for a in "$@"; do
  if [ "$a" = "--with-flink" ]; then
    FVENV="$ROOT/.cache/flink-venv"
    [ -x "$FVENV/bin/python" ] || python3 -m venv "$FVENV"
    if ! "$FVENV/bin/python" -c 'import pyflink' 2>/dev/null; then
      log "pip install apache-flink into $FVENV (~300 MB)"
      "$FVENV/bin/pip" install -q --disable-pip-version-check apache-flink
    fi
    command -v java >/dev/null || { log "--with-flink needs java (17) on PATH"; exit 2; }
  fi
done

# --- release build (own scratch path: does not contend with .build used by others) ---------------
log "swift build -c release (.build-bench)"
# shellcheck disable=SC2086
swift build -c release $SWIFT_BUILD_FLAGS --scratch-path "$ROOT/.build-bench" --product stream-daemon >&2
export BENCH_DAEMON_BIN="$ROOT/.build-bench/release/stream-daemon"

# --- run; bench.py kills everything it started on exit; this trap covers bench.py itself ---------
"$BVENV/bin/python" bench/bench.py "$@" &
BENCH_PID=$!
trap 'kill -TERM "$BENCH_PID" 2>/dev/null; wait "$BENCH_PID" 2>/dev/null' INT TERM
trap 'kill -TERM "$BENCH_PID" 2>/dev/null || true' EXIT
wait "$BENCH_PID"
