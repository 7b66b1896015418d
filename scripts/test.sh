#!/usr/bin/env bash
# The project's full check, from a fresh clone (as root or with sudo):
#   1. scripts/bootstrap.sh (Debian packages, librdkafka 2.8.0, venv with Tansu + confluent-kafka)
#   2. swift build  - fails on any compiler warning in our own Sources/
#   3. swift test   - unit tests
#   4. pytest tests/integration -v - the real daemon against a real (Tansu) broker
# Runs every step it can, prints each runner's summary at the end, exits non-zero if any failed.
# Env: PYTEST_ARGS (extra pytest arguments, e.g. "-k validate").
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
LOGS="$(mktemp -d -t stream-daemon-test.XXXXXX)"
declare -a RESULTS=()
FAILED=0

banner() { printf '\n\033[1m=== %s\033[0m\n' "$*"; }
record() {  # name status seconds
  RESULTS+=("$(printf '%-28s %-5s %5ss' "$1" "$2" "$3")")
  [ "$2" = "PASS" ] || FAILED=1
}
summary() {
  banner "summary (logs in $LOGS)"
  if [ -f "$LOGS/build.log" ]; then
    grep -E ": error:" "$LOGS/build.log" | sort -u | head -n 20 | sed 's/^/  build: /'
    grep -E "^${ROOT}/Sources/.*: warning:|^Sources/.*: warning:" "$LOGS/build.log" | sort -u | head -n 20 | sed 's/^/  build: /'
  fi
  [ -f "$LOGS/swift-test.log" ] && grep -E ": error:|error: .*failed|✘ Test .* failed|^Test Case .* failed" "$LOGS/swift-test.log" | sort -u | head -n 20 | sed 's/^/  swift test: /' 
  # Swift Testing's closing line (XCTest's "Executed 0 tests" is noise: every test is Swift Testing).
  [ -f "$LOGS/swift-test.log" ] && grep -E "Test run with [0-9]+ tests?" "$LOGS/swift-test.log" | sed 's/^[[:space:]]*//' | tail -n 1 | sed 's/^/  swift test: /'
  [ -f "$LOGS/pytest.log" ] && grep -E "^(FAILED|ERROR) |^=+ .*(passed|failed|error).* =+$" "$LOGS/pytest.log" | sed 's/^/  pytest: /'
  for r in "${RESULTS[@]}"; do echo "  $r"; done
  # One plain closing line over both runners: "tests: N passed, N failed".
  local sp=0 sf=0 pp=0 pf=0 line
  if [ -f "$LOGS/swift-test.log" ]; then
    line=$(grep -E "Test run with [0-9]+ tests?" "$LOGS/swift-test.log" | tail -n 1)
    if [ -n "$line" ]; then
      sp=$(echo "$line" | sed -E 's/.*Test run with ([0-9]+) tests?.*/\1/')
      if echo "$line" | grep -q "failed"; then
        sf=$(grep -cE "✘ Test .* failed" "$LOGS/swift-test.log"); [ "$sf" -gt 0 ] || sf=1
        sp=$((sp - sf)); [ "$sp" -ge 0 ] || sp=0
      fi
    fi
  fi
  if [ -f "$LOGS/pytest.log" ]; then
    line=$(grep -E "^=+ .*(passed|failed|error).* =+$" "$LOGS/pytest.log" | tail -n 1)
    pp=$(echo "$line" | grep -oE "[0-9]+ passed" | grep -oE "[0-9]+" || true); pp=${pp:-0}
    pf=$(echo "$line" | grep -oE "[0-9]+ (failed|errors?)" | awk '{s+=$1} END {print s+0}')
  fi
  if [ "$FAILED" -eq 0 ]; then echo "ALL PASSED"; else echo "FAILED"; fi
  echo "tests: $((sp + pp)) passed, $((sf + pf)) failed"
}

banner "bootstrap"
t=$SECONDS
if bash scripts/bootstrap.sh; then record bootstrap PASS $((SECONDS - t)); else
  record bootstrap FAIL $((SECONDS - t)); summary; exit 1; fi
# shellcheck source=env.sh
source scripts/env.sh

banner "swift build"
t=$SECONDS
# shellcheck disable=SC2086
swift build $SWIFT_BUILD_FLAGS 2>&1 | tee "$LOGS/build.log"
build_rc=${PIPESTATUS[0]}
# Warnings from our own sources only (not from dependencies under .build/checkouts).
warnings=$(grep -cE "^${ROOT}/Sources/.*: warning:|^Sources/.*: warning:" "$LOGS/build.log")
if [ "$build_rc" -ne 0 ]; then
  record "swift build" FAIL $((SECONDS - t))
  summary; exit 1
elif [ "$warnings" -gt 0 ]; then
  echo "swift build: $warnings warning line(s) in Sources/ - warnings are errors here" >&2
  record "swift build (warnings)" FAIL $((SECONDS - t))
else
  record "swift build" PASS $((SECONDS - t))
fi
# shellcheck disable=SC2086
BIN_DIR="$(swift build $SWIFT_BUILD_FLAGS --show-bin-path)"

banner "swift test"
t=$SECONDS
# shellcheck disable=SC2086
swift test $SWIFT_BUILD_FLAGS 2>&1 | tee "$LOGS/swift-test.log"
if [ "${PIPESTATUS[0]}" -eq 0 ]; then record "swift test" PASS $((SECONDS - t)); else
  record "swift test" FAIL $((SECONDS - t)); fi

banner "pytest tests/integration"
t=$SECONDS
# shellcheck disable=SC2086
STREAM_DAEMON_BIN="$BIN_DIR/stream-daemon" "$VENV/bin/python" -m pytest tests/integration -v ${PYTEST_ARGS:-} 2>&1 \
  | tee "$LOGS/pytest.log"
if [ "${PIPESTATUS[0]}" -eq 0 ]; then record "pytest integration" PASS $((SECONDS - t)); else
  record "pytest integration" FAIL $((SECONDS - t)); fi

summary
exit "$FAILED"
