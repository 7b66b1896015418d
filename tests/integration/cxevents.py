"""CX event builders and checks on the daemon's output records, shared by the tests."""
from __future__ import annotations

import json
import re
from typing import Optional

from conftest import Produced, Record

BASE_TS = 1_750_000_000_000
HEX32 = re.compile(r"^[0-9a-f]{32}$")


def cart_add(i: int, customers: int = 200) -> tuple:
    """(key, value, headers, meta) of a valid cart_add event number i."""
    cid = f"cust-{i % customers:03d}"
    ev = {"type": "cart_add", "customer_id": cid, "ts": BASE_TS + i * 1000, "sku": f"SKU-{i:05d}"}
    return (cid, json.dumps(ev).encode(), [("it-origin", f"ok-{i}".encode())], {"event": ev})


# Malformed inputs: kind -> builder(j) returning the value bytes.  Each is wrong in exactly one way.
def _oversized(j: int, limit: int) -> bytes:
    ev = {"type": "cart_add", "customer_id": f"cust-{j:03d}", "ts": BASE_TS, "sku": "SKU-BIG",
          "pad": "x" * (limit + 64)}
    return json.dumps(ev).encode()


MALFORMED_KINDS = {
    # truncated JSON
    "invalid_json": lambda j, limit: b'{"type":"cart_add","customer_id":"cust-' + str(j).encode() + b'","ts":17',
    # well-formed JSON except for bytes that are not UTF-8 inside a string
    "invalid_utf8": lambda j, limit: (b'{"type":"cart_add","customer_id":"cust-\xff\xfe' + str(j).encode()
                                      + b'","ts":1750000000000,"sku":"S\xc3"}'),
    "missing_key": lambda j, limit: json.dumps({"type": "cart_add", "ts": BASE_TS, "sku": "SKU-1"}).encode(),
    "invalid_time": lambda j, limit: json.dumps({"type": "cart_add", "customer_id": f"cust-{j:03d}",
                                                 "ts": str(BASE_TS), "sku": "SKU-1"}).encode(),
    "not_an_object": lambda j, limit: json.dumps(["cart_add", f"cust-{j:03d}", BASE_TS]).encode(),
    "oversized": _oversized,
    "missing_time": lambda j, limit: json.dumps({"type": "cart_add", "customer_id": f"cust-{j:03d}",
                                                 "sku": "SKU-1"}).encode(),
}


def malformed(j: int, limit: int) -> tuple:
    kinds = list(MALFORMED_KINDS)
    kind = kinds[j % len(kinds)]
    value = MALFORMED_KINDS[kind](j, limit)
    return (f"bad-{j}", value, [("it-origin", f"bad-{j}".encode())], {"reason": kind})


def index_inputs(produced: list[Produced]) -> dict[tuple, Produced]:
    return {(p.topic, p.partition, p.offset): p for p in produced}


def parse_action(rec: Record) -> dict:
    try:
        a = json.loads(rec.value)
    except (TypeError, ValueError) as e:
        raise AssertionError(f"action at {rec.partition}/{rec.offset} is not JSON: {rec.value[:200]!r}") from e
    assert isinstance(a, dict), f"action is not an object: {a!r}"
    return a


ACTION_FIELDS = {"action_id", "trigger", "customer_id", "channel", "message", "event_time", "emitted_at", "cause"}


def check_action_shape(rec: Record, a: dict):
    missing = ACTION_FIELDS - a.keys()
    assert not missing, f"action lacks {sorted(missing)}: {a}"
    assert isinstance(a["action_id"], str) and HEX32.match(a["action_id"]), f"bad action_id: {a}"
    assert isinstance(a["event_time"], int) and isinstance(a["emitted_at"], int), f"times not ints: {a}"
    c = a["cause"]
    assert isinstance(c, dict) and {"topic", "partition", "offset"} <= c.keys(), f"bad cause: {a}"
    assert rec.key == str(a["customer_id"]).encode(), \
        f"action key {rec.key!r} != customer_id {a['customer_id']!r}"


def cause_of(a: dict) -> tuple:
    c = a["cause"]
    return (c["topic"], c["partition"], c["offset"])


def dlq_headers(rec: Record) -> dict[str, Optional[bytes]]:
    return {k: v for k, v in rec.headers}
