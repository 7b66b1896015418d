#!/usr/bin/env python3
"""Produce sample customer-experience events to a Kafka topic.

Run it with the project's venv (it needs confluent-kafka):
    .cache/venv/bin/python scripts/produce_sample.py --brokers 127.0.0.1:9092 --topic cx.events \
        --count 2000 --malformed 20

Valid events are JSON objects keyed by customer id, e.g.
    {"type": "cart_add", "customer_id": "c-0042", "ts": 1767225600000, "sku": "SKU-1234", "price": 19.99}
in a mix of cart_add, page_view, parcel_delayed, flight_delayed and purchase.  `--malformed` extra
records are broken in the ways the daemon dead-letters (bad JSON, bad UTF-8, no customer_id, ts as
a string, a JSON array, no ts).  A one-line JSON summary goes to stdout.
"""
import argparse
import json
import random
import sys
import time

from confluent_kafka import Producer

TYPES = [("cart_add", 30), ("page_view", 35), ("parcel_delayed", 10), ("flight_delayed", 10), ("purchase", 15)]


def valid_event(rng: random.Random, customers: int, now_ms: int) -> dict:
    type_ = rng.choices([t for t, _ in TYPES], weights=[w for _, w in TYPES])[0]
    ev = {"type": type_, "customer_id": f"c-{rng.randrange(customers):04d}", "ts": now_ms - rng.randrange(60_000)}
    if type_ == "cart_add":
        ev.update(sku=f"SKU-{rng.randrange(10_000):04d}", price=round(rng.uniform(2, 200), 2))
    elif type_ == "page_view":
        ev.update(url=rng.choice(["/", "/cart", "/deals", "/account", "/help"]))
    elif type_ == "parcel_delayed":
        eta = time.strftime("%Y-%m-%d", time.gmtime(now_ms / 1000 + 86400 * rng.randint(1, 5)))
        ev.update(order_id=f"O-{rng.randrange(1_000_000):06d}", eta=eta, carrier=rng.choice(["DHL", "UPS", "DPD"]))
    elif type_ == "flight_delayed":
        ev.update(flight=f"{rng.choice(['LH', 'BA', 'AF', 'KL'])}{rng.randrange(100, 1000)}",
                  delay_min=rng.choice([5, 10, 14, 15, 30, 45, 90, 180]))
    else:
        ev.update(order_id=f"O-{rng.randrange(1_000_000):06d}", total=round(rng.uniform(5, 500), 2))
    return ev


def malformed_value(j: int, now_ms: int) -> tuple[str, bytes]:
    cid = f"c-{j:04d}"
    kinds = [
        ("invalid_json", b'{"type": "cart_add", "customer_id": "' + cid.encode() + b'", "ts": '),
        ("invalid_utf8", b'{"type": "cart_add", "customer_id": "\xff\xfe' + cid.encode() + b'", "ts": 1}'),
        ("missing_key", json.dumps({"type": "cart_add", "ts": now_ms, "sku": "SKU-1"}).encode()),
        ("invalid_time", json.dumps({"type": "cart_add", "customer_id": cid, "ts": "yesterday"}).encode()),
        ("not_an_object", json.dumps(["cart_add", cid, now_ms]).encode()),
        ("missing_time", json.dumps({"type": "page_view", "customer_id": cid, "url": "/"}).encode()),
    ]
    return kinds[j % len(kinds)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--brokers", required=True, help="bootstrap servers, host:port[,host:port]")
    ap.add_argument("--topic", default="cx.events")
    ap.add_argument("--count", type=int, default=1000, help="number of valid events")
    ap.add_argument("--malformed", type=int, default=0, help="number of extra malformed records, interleaved")
    ap.add_argument("--customers", type=int, default=500)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    now_ms = int(time.time() * 1000)
    records = [("valid", valid_event(rng, args.customers, now_ms)) for _ in range(args.count)]
    for j in range(args.malformed):  # spread the malformed ones through the stream
        records.insert(rng.randrange(len(records) + 1), ("malformed", j))

    failures = []
    producer = Producer({"bootstrap.servers": args.brokers, "linger.ms": 5, "message.timeout.ms": 30000})

    def on_delivery(err, msg):
        if err is not None:
            failures.append(str(err))

    by_type: dict[str, int] = {}
    for kind, payload in records:
        if kind == "valid":
            key, value = payload["customer_id"], json.dumps(payload).encode()
            label = payload["type"]
        else:
            label, value = malformed_value(payload, now_ms)
            key, label = f"bad-{payload}", f"malformed:{label}"
        by_type[label] = by_type.get(label, 0) + 1
        while True:
            try:
                producer.produce(args.topic, key=key, value=value, on_delivery=on_delivery)
                break
            except BufferError:
                producer.poll(0.1)
        producer.poll(0)
    left = producer.flush(30)
    if left or failures:
        print(f"produce_sample: {left} undelivered, {len(failures)} failed: {failures[:3]}", file=sys.stderr)
        return 1
    print(json.dumps({"topic": args.topic, "produced": len(records), "valid": args.count,
                      "malformed": args.malformed, "by_type": dict(sorted(by_type.items()))}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
