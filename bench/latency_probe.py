#!/usr/bin/env python3
"""Event -> action latency probe for the "us latency" row.

  produce: paces `--rate` events/s for `--seconds` s into the input topic, each event carrying
           its send time (`sent_us`, wall-clock microseconds taken just before produce()).
  consume: reads the actions topic (assign, from the beginning, no group join) and, per action,
           computes receive time - sent_us (the daemon renders `sent_us` into the message).
           Prints "ready" once it has fetched from every partition, stops after `--expected`
           actions or `--idle` s without any, and writes percentiles to `--result` (JSON).

Producer and consumer are separate processes so that neither's GIL delays the other.
"""
import argparse
import json
import resource
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

TYPES = ["page_view", "search", "cart_add", "login"]


def produce(a):
    p = Producer({"bootstrap.servers": a.broker, "linger.ms": a.linger_ms, "acks": "all",
                  "enable.idempotence": False})
    n_total = int(a.rate * a.seconds)
    acks = []  # produce() -> broker ack, seconds (librdkafka's per-message latency)

    def on_delivery(err, msg):
        if err is None:
            acks.append(msg.latency())
    t0 = time.monotonic()
    sent = 0
    while sent < n_total:
        due = min(n_total, int((time.monotonic() - t0) * a.rate) + 1)
        while sent < due:
            cust = f"c-{(sent * 7919) % a.customers:05d}"
            now_us = time.time_ns() // 1000
            v = (f'{{"type":"{TYPES[sent & 3]}","customer_id":"{cust}","ts":{now_us // 1000},'
                 f'"sent_us":"{now_us}","sku":"SKU-{sent % 100000:05d}"}}')
            try:
                p.produce(a.topic, key=cust, value=v, on_delivery=on_delivery)
            except BufferError:
                p.poll(0.001)
                continue
            sent += 1
        p.poll(0)
        # sleep to the next event's due time (at most 1 ms)
        nxt = t0 + sent / a.rate
        d = nxt - time.monotonic()
        if d > 0:
            time.sleep(min(d, 0.001))
    left = p.flush(30)
    el = time.monotonic() - t0
    acks.sort()
    ru = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"sent": sent, "seconds": el, "rate": sent / el, "undelivered": left,
                      "cpu_s": ru.ru_utime + ru.ru_stime,
                      "ack_p50_ms": (pct(acks, 50) or 0) * 1000, "ack_p99_ms": (pct(acks, 99) or 0) * 1000}),
          flush=True)


def pct(sorted_vals, q):
    if not sorted_vals:
        return None
    i = min(len(sorted_vals) - 1, max(0, int(round(q / 100.0 * len(sorted_vals) + 0.5)) - 1))
    return sorted_vals[i]


def consume(a):
    admin = AdminClient({"bootstrap.servers": a.broker})
    md = admin.list_topics(a.topic, timeout=10)
    parts = sorted(md.topics[a.topic].partitions.keys())
    c = Consumer({"bootstrap.servers": a.broker, "group.id": f"latency-probe-{time.time_ns()}",
                  "session.timeout.ms": 6000, "fetch.queue.backoff.ms": 10,
                  "enable.auto.commit": False, "enable.partition.eof": False,
                  "auto.offset.reset": "earliest", **dict(kv.split("=", 1) for kv in a.consumer_prop)})
    c.assign([TopicPartition(a.topic, p, -2) for p in parts])
    # Warm up: one poll round so that the connection and fetch sessions are set up.
    c.consume(100, 0.5)
    print("ready", flush=True)
    lat_ms = []  # (sent_us, latency_ms)
    last = time.monotonic()
    started = last
    while len(lat_ms) < a.expected:
        # consume(n, t) returns after n records or t seconds: a 1 ms timeout bounds the error
        # this adds to a record's receive time while keeping the per-call cost low.
        msgs = c.consume(1000, 0.001)
        now_us = time.time_ns() // 1000
        for m in msgs:
            if m.error():
                continue
            v = m.value()
            # The number follows "message":" in an action, "sent_us":" in a raw probe event.
            i = v.find(b'"message":"')
            i = i + 11 if i >= 0 else v.find(b'"sent_us":"') + 11
            if i < 11:
                continue
            try:
                sent = int(v[i:v.index(b'"', i)])
            except ValueError:
                continue
            lat_ms.append((sent, (now_us - sent) / 1000.0))
        t = time.monotonic()
        if msgs:
            last = t
        if t - last > a.idle and t - started > a.idle:
            break
    c.close()
    if not lat_ms:
        json.dump({"actions": 0}, open(a.result, "w"))
        return
    first = min(s for s, _ in lat_ms)
    measured = sorted(l for s, l in lat_ms if s >= first + a.warmup_s * 1e6)
    everything = sorted(l for _, l in lat_ms)
    res = {"actions": len(lat_ms), "measured": len(measured), "warmup_s": a.warmup_s,
           "p50_ms": pct(measured, 50), "p90_ms": pct(measured, 90), "p99_ms": pct(measured, 99),
           "p999_ms": pct(measured, 99.9), "max_ms": measured[-1] if measured else None,
           "all_p50_ms": pct(everything, 50), "all_p99_ms": pct(everything, 99),
           "all_max_ms": everything[-1],
           "cpu_s": resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime}
    json.dump(res, open(a.result, "w"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["produce", "consume"])
    ap.add_argument("--broker", required=True)
    ap.add_argument("--topic", required=True)
    ap.add_argument("--rate", type=float, default=20000)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--customers", type=int, default=100000)
    ap.add_argument("--linger-ms", type=float, default=5, help="producer linger.ms (5: the daemon's own)")
    ap.add_argument("--expected", type=int, default=0)
    ap.add_argument("--idle", type=float, default=10)
    ap.add_argument("--warmup-s", type=float, default=1.0)
    ap.add_argument("--result", default="")
    ap.add_argument("--consumer-prop", action="append", default=[], help="extra consumer property k=v")
    a = ap.parse_args()
    if a.mode == "produce":
        produce(a)
    else:
        consume(a)


if __name__ == "__main__":
    sys.exit(main())
