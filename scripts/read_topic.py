#!/usr/bin/env python3
"""Read a topic from the beginning (own throw-away consumer group, no commits) until it is idle, and
summarise it.  Used by scripts/demo.sh; run with the project's venv (.cache/venv/bin/python).

    read_topic.py --brokers B --topic cx.actions --show 5            # count + first 5 values, pretty
    read_topic.py --brokers B --topic cx.deadletter --reasons        # count per dlq.reason header
    --min N: exit 1 if fewer than N records were read.
"""
import argparse
import json
import sys
import time
import uuid
from collections import Counter

from confluent_kafka import Consumer, KafkaException, TopicPartition


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--brokers", required=True)
    ap.add_argument("--topic", required=True)
    ap.add_argument("--show", type=int, default=0, help="pretty-print the first N values")
    ap.add_argument("--reasons", action="store_true", help="count records per dlq.reason header")
    ap.add_argument("--idle", type=float, default=2.0, help="stop after this many seconds without a record")
    ap.add_argument("--deadline", type=float, default=60.0)
    ap.add_argument("--min", type=int, default=0, help="exit 1 if fewer records than this")
    args = ap.parse_args()

    c = Consumer({"bootstrap.servers": args.brokers, "group.id": f"read-topic-{uuid.uuid4().hex[:8]}",
                  "enable.auto.commit": False, "auto.offset.reset": "earliest",
                  # Tansu: short session timeout, short fetch backoff.
                  "session.timeout.ms": 6000, "fetch.queue.backoff.ms": 10})
    md = c.list_topics(args.topic, timeout=10).topics.get(args.topic)
    if md is None or md.error is not None or not md.partitions:
        print(f"topic {args.topic}: does not exist", file=sys.stderr)
        c.close()
        return 1 if args.min > 0 else 0
    c.assign([TopicPartition(args.topic, p, -2) for p in sorted(md.partitions)])

    records = []
    end = time.monotonic() + args.deadline
    last = time.monotonic()
    while time.monotonic() < end and time.monotonic() - last < args.idle:
        msgs = c.consume(500, 0.2)
        for m in msgs:
            if m.error():
                raise KafkaException(m.error())
            records.append(m)
        if msgs:
            last = time.monotonic()
    c.close()

    print(f"{args.topic}: {len(records)} records")
    for m in records[:args.show]:
        try:
            print(json.dumps(json.loads(m.value()), indent=2, ensure_ascii=False))
        except (TypeError, ValueError):
            print(repr(m.value()))
    if args.reasons:
        reasons = Counter((dict(m.headers() or []).get("dlq.reason") or b"?").decode("utf-8", "replace")
                          for m in records)
        for reason, n in sorted(reasons.items()):
            print(f"  {reason:<16} {n}")
    return 1 if len(records) < args.min else 0


if __name__ == "__main__":
    sys.exit(main())
