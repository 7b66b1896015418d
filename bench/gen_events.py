#!/usr/bin/env python3
"""Deterministic CX event generator for the benchmark.

Writes N JSON events, one per line (~100 bytes each), and the same events as `key<TAB>value`
lines for `kcat -P -K'\\t'`. Event time starts at 2026-01-01T00:00:00Z and advances evenly
(in order) over `--span-s` seconds; customers are drawn uniformly (seeded) from `--customers`.
"""
import argparse
import os
import random

TYPES = ["page_view", "page_view", "page_view", "search", "cart_add", "login", "purchase", "cart_cleared"]
CHANNELS = ["web", "app", "store", "call"]
T0_MS = 1767225600000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--span-s", type=int, default=600)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--jsonl", required=True)
    ap.add_argument("--keyed", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    width = len(str(a.customers - 1))
    step = a.span_s * 1000 / a.events
    tmp_j, tmp_k = a.jsonl + ".tmp", a.keyed + ".tmp"
    with open(tmp_j, "w") as fj, open(tmp_k, "w") as fk:
        bj, bk = [], []
        for i in range(a.events):
            cust = f"c-{rng.randrange(a.customers):0{width}d}"
            ts = T0_MS + int(i * step)
            t = TYPES[rng.randrange(len(TYPES))]
            line = (f'{{"type":"{t}","customer_id":"{cust}","ts":{ts},'
                    f'"sku":"SKU-{rng.randrange(100000):05d}","channel":"{CHANNELS[i & 3]}"}}')
            bj.append(line)
            bk.append(f"{cust}\t{line}")
            if len(bj) >= 10000:
                fj.write("\n".join(bj) + "\n"); fk.write("\n".join(bk) + "\n"); bj, bk = [], []
        if bj:
            fj.write("\n".join(bj) + "\n"); fk.write("\n".join(bk) + "\n")
    os.replace(tmp_j, a.jsonl)
    os.replace(tmp_k, a.keyed)


if __name__ == "__main__":
    main()
