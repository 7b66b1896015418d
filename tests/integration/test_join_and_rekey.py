"""Stream–table joins and re-keying through internal repartition topics, end to end.

* Joins: a table is read whole from its (compacted) topic before any event is processed, keeps
  following the topic (a tombstone deletes a row), and enriches events for templates; a missing
  row renders empty (left join) unless the join is `required`, which skips the event.
* Re-keying: `rekey_by` routes events through `<group>-<pipeline>-repartition` keyed by the
  field, so a per-key pattern sees the events of one SKU even when they were keyed (and
  partitioned) by customer; the action keeps the id replay computes for the original record.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Optional

from confluent_kafka import Producer

from conftest import TopicReader, consume_all, produce, run_cli, unique, wait_for, write_test_config

HEX32_LEN = 32
NO_BROKER = {"KAFKA_BROKERS": "127.0.0.1:1", "GROUP": "replay-test", "STATE_DIR": "/nonexistent/state"}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------

def produce_to_partitions(bootstrap: str, topic: str, records: list[tuple[int, Optional[str], bytes]],
                          timeout: float = 30.0) -> list[tuple[int, int]]:
    """Produce (partition, key, value) in order, each to its given partition; return
    (partition, offset) per record from the delivery reports."""
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0, "acks": "all",
                  "enable.idempotence": False, "max.in.flight.requests.per.connection": 1,
                  "message.timeout.ms": int(timeout * 1000)})
    out: list[Optional[tuple[int, int]]] = [None] * len(records)
    errors = []
    for i, (partition, key, value) in enumerate(records):
        def cb(err, msg, i=i):
            if err is not None:
                errors.append(err)
            else:
                out[i] = (msg.partition(), msg.offset())
        p.produce(topic, key=key.encode() if key is not None else None, value=value, partition=partition,
                  on_delivery=cb)
        p.flush(timeout)  # one at a time: file order is also offset order per partition
    assert not errors, f"delivery errors: {errors}"
    assert all(o is not None for o in out), out
    return out  # type: ignore[return-value]


def metric_rows(m: dict) -> dict:
    return m.get("table_rows") or {}


def actions_of(records) -> list[dict]:
    out = []
    for r in records:
        a = json.loads(r.value)
        assert isinstance(a, dict) and len(a.get("action_id", "")) == HEX32_LEN, a
        assert r.key == str(a["customer_id"]).encode(), f"action key {r.key!r} != customer_id: {a}"
        out.append(a)
    return out


# --------------------------------------------------------------------------------------------
# joins
# --------------------------------------------------------------------------------------------

JOIN_PIPELINES = """\
  - name: greet
    where:
      - field: type
        equals: visit
    join:
      - table: profiles
        as: profile
    action:
      channel: push
      message: "Hi {{profile.name}}"
  - name: greet_known
    where:
      - field: type
        equals: visit
    join:
      - table: profiles
        as: profile
        required: true
    action:
      channel: email
      message: "Welcome back, {{profile.name}} ({{profile.tier}})"
"""


def test_join_enriches_from_table(broker, daemon_factory, tmp_path):
    table_topic = unique("it-join") + ".profiles"
    cfg = write_test_config(tmp_path / "join.yaml", pipelines=JOIN_PIPELINES)
    with open(cfg, "a") as f:
        f.write(f"tables:\n  - name: profiles\n    topic: {table_topic}\n    key_field: customer_id\n")

    # The table exists before the daemon starts: it must load it whole before processing events.
    broker.create_topic(table_topic, 3)
    profiles = {"c-1": ("Alice", "gold"), "c-2": ("Bob", "silver"), "c-3": ("Carol", "bronze")}
    produce(broker.bootstrap, table_topic,
            [(cid, json.dumps({"customer_id": cid, "name": n, "tier": t})) for cid, (n, t) in profiles.items()])

    group = unique("it-join")
    d = daemon_factory(cfg, broker, group, tmp_path / "state", name="daemon-join")
    first = d.wait_metrics(lambda m: (m.get("assigned_partitions") or 0) > 0, 60, "assigned_partitions > 0")
    assert metric_rows(first) == {"profiles": 3}, \
        f"the table should be fully loaded before the daemon processes events: {first}\n{d.describe()}"

    reader = TopicReader(broker, "cx.actions")
    ts = int(time.time() * 1000)
    sent: dict[tuple, dict] = {}   # cause -> {"phase", "event"}

    def send(phase: str, customers: list[str]):
        nonlocal ts
        recs = []
        for cid in customers:
            ts += 1
            ev = {"type": "visit", "customer_id": cid, "ts": ts}
            recs.append((cid, json.dumps(ev), None, {"phase": phase, "event": ev}))
        for p in produce(broker.bootstrap, "cx.events", recs):
            sent[(p.topic, p.partition, p.offset)] = p.meta

    def collect(expected_total: int) -> dict[tuple, dict]:
        """(phase, customer, trigger) -> action, over everything read so far."""
        recs = reader.read(expected=expected_total, idle=2.0, deadline=60)
        got: dict[tuple, dict] = {}
        for a in actions_of(recs):
            c = a["cause"]
            src = sent.get((c["topic"], c["partition"], c["offset"]))
            assert src is not None, f"action for an input we did not send: {a}"
            k = (src["phase"], src["event"]["customer_id"], a["trigger"])
            assert k not in got, f"two actions for {k}: {got[k]} / {a}"
            assert a["customer_id"] == src["event"]["customer_id"] and a["event_time"] == src["event"]["ts"], (a, src)
            got[k] = a
        return got

    try:
        # Phase 1: every profile present; c-9 has none.
        send("p1", ["c-1", "c-2", "c-3", "c-9"])
        got = collect(7)
        want = {("p1", "c-1", "greet"): "Hi Alice", ("p1", "c-2", "greet"): "Hi Bob",
                ("p1", "c-3", "greet"): "Hi Carol", ("p1", "c-9", "greet"): "Hi ",
                ("p1", "c-1", "greet_known"): "Welcome back, Alice (gold)",
                ("p1", "c-2", "greet_known"): "Welcome back, Bob (silver)",
                ("p1", "c-3", "greet_known"): "Welcome back, Carol (bronze)"}
        assert {k: a["message"] for k, a in got.items()} == want, \
            f"phase 1 (all rows present; c-9 has none) messages differ\n{d.describe()}"
        assert all(a["channel"] == ("push" if k[2] == "greet" else "email") for k, a in got.items()), got

        # Phase 2: tombstones (Kafka key = customer id): an empty value for c-2, a null one for c-3.
        produce(broker.bootstrap, table_topic, [("c-2", b""), ("c-3", None)])
        d.wait_metrics(lambda m: metric_rows(m) == {"profiles": 1}, 30,
                       "table_rows {'profiles': 1} after tombstones for c-2 (empty value) and c-3 (null value)")
        send("p2", ["c-1", "c-2", "c-3"])
        got = collect(7 + 4)
        p2 = {k: a["message"] for k, a in got.items() if k[0] == "p2"}
        assert p2 == {("p2", "c-1", "greet"): "Hi Alice", ("p2", "c-2", "greet"): "Hi ",
                      ("p2", "c-3", "greet"): "Hi ", ("p2", "c-1", "greet_known"): "Welcome back, Alice (gold)"}, \
            f"after deleting c-2/c-3: left join renders an empty name, the required join skips them\n{d.describe()}"

        # Phase 3: the table keeps following its topic: c-2 comes back under a new name.
        produce(broker.bootstrap, table_topic, [("c-2", json.dumps({"customer_id": "c-2", "name": "Bobby",
                                                                     "tier": "gold"}))])
        d.wait_metrics(lambda m: metric_rows(m) == {"profiles": 2}, 30, "table_rows {'profiles': 2} after re-adding c-2")
        send("p3", ["c-2"])
        got = collect(7 + 4 + 2)
        p3 = {k: a["message"] for k, a in got.items() if k[0] == "p3"}
        assert p3 == {("p3", "c-2", "greet"): "Hi Bobby", ("p3", "c-2", "greet_known"): "Welcome back, Bobby (gold)"}, \
            f"after re-adding c-2\n{d.describe()}"
        assert len(got) == 13, sorted(got)
    finally:
        reader.close()

    m = d.wait_metrics(lambda m: m.get("events_in", 0) >= 8, 30, "events_in >= 8")
    assert m["events_in"] == 8 and m["actions_by_trigger"] == {"greet": 8, "greet_known": 5}, m
    assert m["dead_letters"] == 0, f"dead letters: {m['dead_letters_by_reason']}\n{d.describe()}"
    assert metric_rows(m) == {"profiles": 2}, m
    assert not d.bad_stdout, d.bad_stdout[:5]


# --------------------------------------------------------------------------------------------
# re-keying
# --------------------------------------------------------------------------------------------

REKEY_PIPELINE = """\
  - name: sku_trending
    kind: threshold
    start:
      - field: type
        equals: view
    count: 3
    within: 1h
    rekey_by: sku
    action:
      channel: merch
      message: "{{count}} views of {{sku}}"
"""

# Short idleness: the repartition topic's partitions that get no records must not hold the
# watermark back for the default 30 s.
REKEY_WATERMARK = "watermark:\n  max_out_of_orderness: 5s\n  idle_timeout: 1s\n"


def test_rekey_through_internal_topic(broker, daemon_factory, tmp_path):
    cfg = write_test_config(tmp_path / "rekey.yaml", pipelines=REKEY_PIPELINE)
    with open(cfg, "a") as f:
        f.write(REKEY_WATERMARK)
    group = unique("it-rekey")
    repartition = f"{group}-sku_trending-repartition"
    broker.create_topic("cx.events", 4)

    d = daemon_factory(cfg, broker, group, tmp_path / "state", name="daemon-rekey")
    d.wait_joined(2, 60)
    assert broker.topic_exists(repartition), \
        f"internal topic {repartition} not created; topics: {sorted(broker.admin().list_topics(timeout=10).topics)}"
    rep_parts = broker.partitions(repartition)
    assert rep_parts, repartition
    wait_for(lambda: (d.last() or {}).get("assigned_partitions") == 4 + len(rep_parts), 30,
             f"the daemon to own cx.events' 4 and {repartition}'s {len(rep_parts)} partitions: {d.last()}")

    t0 = int(time.time() * 1000)
    # (input partition, event): keyed by customer, so the three views of SKU-A land on three
    # different partitions. Listed in file order (replay's line order); the third view in event
    # time (c-3's, the one that fires) is line 0 and the first record of partition 0, so replay's
    # `cx.events/0@0` names the same record as the Kafka path.
    lines = [
        (0, {"type": "view", "customer_id": "c-3", "sku": "SKU-A", "ts": t0 + 20}),
        (1, {"type": "view", "customer_id": "c-1", "sku": "SKU-A", "ts": t0}),
        (2, {"type": "view", "customer_id": "c-2", "sku": "SKU-A", "ts": t0 + 10}),
        (3, {"type": "view", "customer_id": "c-4", "sku": "SKU-B", "ts": t0 + 30}),
        (3, {"type": "view", "customer_id": "c-1", "sku": "SKU-B", "ts": t0 + 40}),
        # Not a view: moves event time on (replay's watermark passes the views only through it).
        (3, {"type": "heartbeat", "customer_id": "c-5", "sku": "SKU-A", "ts": t0 + 6_000}),
    ]
    values = [json.dumps(ev, separators=(",", ":")).encode() for _, ev in lines]
    first = produce_to_partitions(broker.bootstrap, "cx.events",
                                  [(p, ev["customer_id"], v) for (p, ev), v in zip(lines[:5], values)])
    # Let the views come back through the internal topic before the heartbeat moves time on:
    # otherwise, should the round trip take longer than idle_timeout, the heartbeat's input
    # partition alone would set the watermark and the views would arrive late (the daemon bug
    # test_rekey_in_order_burst_after_quiet_is_not_late pins down).
    d.wait_metrics(lambda m: m.get("repartitioned") == 5 and m["events_in_by_topic"].get(repartition) == 5, 30,
                   f"5 records re-keyed through {repartition} and consumed back")
    last = produce_to_partitions(broker.bootstrap, "cx.events", [(3, "c-5", values[5])])
    positions = first + last
    assert positions == [(0, 0), (1, 0), (2, 0), (3, 0), (3, 1), (3, 2)], positions

    m = d.wait_metrics(lambda m: m.get("actions_out", 0) >= 1 and m.get("repartitioned") == 6, 60,
                       "one action and 6 re-keyed records")
    recs = consume_all(broker, "cx.actions", expected=1, idle=2.5, deadline=30)
    actions = actions_of(recs)
    assert len(actions) == 1, f"expected exactly one sku_trending action: {actions}\n{d.describe()}"
    a = actions[0]
    assert a["trigger"] == "sku_trending" and a["channel"] == "merch", a
    assert a["customer_id"] == "SKU-A", \
        f"the customer defaults to the event key, which after re-keying by sku is the sku: {a}"
    assert a["message"] == "3 views of SKU-A", a
    assert a["event_time"] == t0 + 20, a
    assert a["cause"] == {"topic": "cx.events", "partition": 0, "offset": 0}, \
        f"the action should name the original input record of the 3rd view (c-3's), not the internal topic: {a}"

    # The internal topic holds every event, re-keyed by sku, with its original value and source.
    rep = consume_all(broker, repartition, expected=6, idle=2.0, deadline=30)
    assert len(rep) == 6, f"{repartition} holds {len(rep)} records, expected 6: {[(r.key, r.value) for r in rep]}"
    by_value = {r.value: r for r in rep}
    assert set(by_value) == set(values), [r.value for r in rep]
    for (p, ev), v, (pp, off) in zip(lines, values, positions):
        r = by_value[v]
        assert r.key == ev["sku"].encode(), f"repartition record key {r.key!r}, expected the sku: {ev}"
        hdr = {k: val for k, val in r.headers}
        assert (hdr.get("sd.source.topic"), hdr.get("sd.source.partition"), hdr.get("sd.source.offset")) == \
            (b"cx.events", str(pp).encode(), str(off).encode()), f"source headers {r.headers} for {ev}"
    assert len({r.partition for r in rep if r.key == b"SKU-A"}) == 1, "one sku, one partition"

    m = d.wait_metrics(lambda m: m.get("events_in", 0) >= 12, 30, "events_in >= 12")
    assert m["repartitioned"] == 6 and m["events_in_by_topic"] == {"cx.events": 6, repartition: 6}, m
    assert m["actions_by_trigger"] == {"sku_trending": 1} and m["dead_letters"] == 0, f"{m}\n{d.describe()}"

    # Replay over the same events (file order) re-keys in place and agrees, id included.
    events_file = tmp_path / "rekey-events.jsonl"
    events_file.write_bytes(b"".join(v + b"\n" for v in values))
    out = tmp_path / "rekey-replay.jsonl"
    r = run_cli("replay", "--config", str(cfg), "--input", str(events_file), "--output", str(out), env=NO_BROKER)
    assert r.returncode == 0, f"replay exited {r.returncode}: {r.stderr.decode()}"
    replayed = [json.loads(l) for l in out.read_text().splitlines() if l.strip()]
    assert len(replayed) == 1, f"replay: {replayed}\n{r.stderr.decode()}"
    assert replayed[0]["action_id"] == a["action_id"], f"replay {replayed[0]} vs Kafka {a}"
    strip = lambda x: {k: v for k, v in x.items() if k != "emitted_at"}
    assert strip(replayed[0]) == strip(a), f"replay {replayed[0]} vs Kafka {a}"
    assert not d.bad_stdout, d.bad_stdout[:5]


def test_rekey_in_order_burst_after_quiet_is_not_late(broker, daemon_factory, tmp_path):
    """Events that are in order on their input partition must not become late merely because
    they travel through the repartition topic.

    After a quiet spell (every partition idle, the watermark following the wall clock), one burst
    on one input partition: three views of SKU-A, then a later heartbeat. The engine counts the
    *input* partition's event times for events it only forwards for re-keying, so processing the
    heartbeat moves the watermark past the views before their re-keyed copies come back from the
    (idle) repartition partition. Replay — the reference — fires; the Kafka path must too."""
    cfg = write_test_config(tmp_path / "rekey-burst.yaml", pipelines=REKEY_PIPELINE)
    with open(cfg, "a") as f:
        f.write(REKEY_WATERMARK)
    group = unique("it-rekey-burst")
    repartition = f"{group}-sku_trending-repartition"
    broker.create_topic("cx.events", 1)

    d = daemon_factory(cfg, broker, group, tmp_path / "state", name="daemon-rekey-burst")
    d.wait_joined(1, 60)
    # Quiet: every partition idle, so the watermark follows the wall clock (it is null before).
    d.wait_metrics(lambda m: m.get("watermark") is not None, 30, "the idle watermark to follow the wall clock")

    t0 = int(time.time() * 1000)
    events = [{"type": "view", "customer_id": f"c-{i}", "sku": "SKU-A", "ts": t0 + 10 * i} for i in range(3)]
    events.append({"type": "heartbeat", "customer_id": "c-9", "sku": "SKU-A", "ts": t0 + 10_000})
    values = [json.dumps(e, separators=(",", ":")).encode() for e in events]
    produce(broker.bootstrap, "cx.events", [(e["customer_id"], v) for e, v in zip(events, values)])

    events_file = tmp_path / "burst.jsonl"
    events_file.write_bytes(b"".join(v + b"\n" for v in values))
    out = tmp_path / "burst-replay.jsonl"
    r = run_cli("replay", "--config", str(cfg), "--input", str(events_file), "--output", str(out), env=NO_BROKER)
    assert r.returncode == 0, r.stderr.decode()
    replayed = [json.loads(l) for l in out.read_text().splitlines() if l.strip()]
    assert len(replayed) == 1 and replayed[0]["message"] == "3 views of SKU-A", replayed

    m = d.wait_metrics(lambda m: m.get("events_in", 0) >= 8 and (m.get("actions_out", 0) + m.get("dead_letters", 0)) >= 1,
                       60, "the burst and its re-keyed copies to be processed")
    dead = consume_all(broker, "cx.deadletter", idle=1.5, deadline=10)
    detail = [(json.loads(x.value)["customer_id"], x.header("dlq.reason"), x.header("dlq.detail")) for x in dead]
    assert m["dead_letters"] == 0 and m["actions_out"] == 1, (
        f"in-order events re-keyed through {repartition} were dead-lettered; replay fired {replayed[0]}\n"
        f"dead letters: {detail}\nmetrics: {m}\n{d.describe()}")
    got = actions_of(consume_all(broker, "cx.actions", expected=1, idle=2.0, deadline=30))
    strip = lambda x: {k: v for k, v in x.items() if k != "emitted_at"}
    assert [strip(a) for a in got] == [strip(replayed[0])], (got, replayed)
