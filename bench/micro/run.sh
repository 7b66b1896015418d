#!/usr/bin/env bash
# Runs the hot-path micro-benchmarks (ordo-one/benchmark) and prints one summary row per
# benchmark: median ops/s, ns per op (p50, p90) and heap allocations per op. The full
# percentile tables are kept in bench/micro/results/latest.txt.
#
# Usage: bench/micro/run.sh [options of `swift package benchmark run`]
#   bench/micro/run.sh                                   # everything (~5 min incl. build)
#   bench/micro/run.sh --target WindowBenchmarks         # one suite
#   bench/micro/run.sh --filter 'Decode|Engine'          # by benchmark name (regex)
#
# Each benchmark does 1000 operations per measured iteration, so every number is per
# operation (one event, one window, one put, ...). The machine has 2 shared cores: compare
# runs taken under similar load (the load average is printed before and after).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
# Puts swift on PATH if needed (and librdkafka's pkg-config path, unused here: this package
# imports only Operators, Engine, DaemonConfig and StateStore, never the Kafka module).
if [ -f ../../scripts/env.sh ]; then
    # shellcheck source=/dev/null
    source ../../scripts/env.sh
fi
command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"

mkdir -p results
log="results/latest.txt"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if ! swift package --disable-sandbox benchmark run --no-progress "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "benchmark run failed; full output in bench/micro/$log" >&2
    exit 1
fi
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
echo

python3 - "$log" <<'PY'
import re
import sys

SCALE = {"#": 1, "K": 1e3, "M": 1e6, "G": 1e9}

def cells(line):
    return [c.strip() for c in line.strip().strip("│").split("│")]

rows, name, previous = [], None, ""
header = None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("╒"):
        name, header = previous.strip(), None
        rows.append({"name": name})
    elif line.startswith("│") and name is not None:
        c = cells(line)
        if c[0] == "Metric":
            header = c
            continue
        values = dict(zip(header, c))
        metric = c[0]
        if metric.startswith("Throughput"):
            unit = re.findall(r"\(([#KMG])\)\s*$", metric)
            factor = SCALE[unit[0]] if unit else 1
            rows[-1]["ops"] = float(values["p50"]) * factor
            rows[-1]["samples"] = values["Samples"]
        elif metric.startswith("Time (wall clock)"):
            if "(ns)" not in metric:
                sys.exit(f"unexpected time unit in {metric!r}: run with the suites' nanosecond setting")
            rows[-1]["p50"] = float(values["p50"])
            rows[-1]["p90"] = float(values["p90"])
        elif metric.startswith("Malloc (total)"):
            rows[-1]["mallocs"] = values["p50"]
    elif line.strip():
        previous = line

def ops(v):
    return f"{v / 1e6:.2f} M" if v >= 1e6 else f"{v / 1e3:.0f} K"

table = [("Benchmark", "ops/s (p50)", "ns/op p50", "ns/op p90", "allocs/op", "samples")]
for r in rows:
    if "p50" not in r:
        continue
    table.append((r["name"], ops(r.get("ops", 0)), f"{r['p50']:.0f}", f"{r['p90']:.0f}",
                  r.get("mallocs", "?"), r.get("samples", "?")))
widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
for index, row in enumerate(table):
    print("| " + " | ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                            for i, (cell, w) in enumerate(zip(row, widths))) + " |")
    if index == 0:
        print("|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|")
print(f"\nFull percentile tables: bench/micro/{sys.argv[1]}")
PY
