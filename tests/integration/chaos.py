"""Shared harness for the exactly-once / durable-state tests (issue #4):

    test_chaos_exactly_once.py    kill -9 a daemon at random moments, restart it each time
    test_state_two_instances.py   two daemons in one group, one killed for good mid-stream
    test_state_rebuild.py         stop midway, delete the state directory, restart

What they share:

* A deterministic (seeded) stream of ~200,000 CX events for 20,000 customers
  (`generate_events`), keyed by customer_id and spread over the 4 partitions of the input
  topic by an explicit hash (`partition_of`), so the layout does not depend on the client's
  partitioner.  Event times start at 2026-01-01 (in the past) and are jittered backwards by at
  most `JITTER_MS` (< the config's `watermark.max_out_of_orderness`) within each partition,
  so no event is ever late whatever the interleaving of partitions.  Each partition ends with
  a sentinel (`type: noop`, matched by no pipeline) one day after the stream's last event, so
  the watermark passes every pending deadline and window in replay and in the daemon alike.
* `produce_stream`: produces every partition's events in order (idempotent producer) and checks
  that offset i of partition p is event i of that partition — so the per-partition lists are
  exactly what the daemon reads, in offset order.
* `expected_actions`: `stream-daemon replay --topic T --partition p` of each partition's dump;
  the union is what the daemon owes.  Cached per (binary, config, data) for the session.
* `wait_until_done`: the group's committed offsets reach the partition ends, then no new output
  for a while (timers fired by the sentinels may land after the last commit).
* `compare_actions`: exact comparison by action_id and content (every field but `emitted_at`):
  no duplicate, none missing, none extra, equal content; the failure message counts each kind
  of difference per trigger and shows examples.

`python tests/integration/chaos.py [OUT_DIR]` writes the per-partition dumps (and the expected
actions, if a daemon binary is around) for inspection.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition

from conftest import CONSUMER_BASE, Broker, TopicReader, daemon_bin

DATA = Path(__file__).resolve().parent / "data"
STATEFUL_CONFIG = DATA / "stateful.yaml"

INPUT_TOPIC = "cx.events"          # the defaults of ${INPUT_TOPIC} etc. in stateful.yaml
ACTIONS_TOPIC = "cx.actions"
DEAD_LETTER_TOPIC = "cx.deadletter"
PARTITIONS = 4

N_EVENTS = 200_000
CUSTOMERS = 20_000
SEED = 20260101
BASE_TS = 1_767_225_600_000        # 2026-01-01T00:00:00Z
BOUND_MS = 10_000                  # watermark.max_out_of_orderness in stateful.yaml
JITTER_MS = 8_000                  # < BOUND_MS: nothing is ever late
SENTINEL_AFTER_MS = 24 * 3600 * 1000
# The triggers of stateful.yaml; the data must fire each of them often, else the check is weak.
TRIGGERS = {"cart_abandoned", "quick_purchase", "login_failures", "page_views_per_minute", "busy_session"}
MIN_PER_TRIGGER = 200

# Replay must not need a broker.
NO_BROKER = {"KAFKA_BROKERS": "127.0.0.1:1", "GROUP": "replay", "STATE_DIR": "/nonexistent/state"}


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------

def partition_of(key: str, partitions: int = PARTITIONS) -> int:
    return zlib.crc32(key.encode()) % partitions


# Session profiles: event type weights.  "page_view" bursts are added on top (tumbling-window
# counts), login trouble drives the threshold, carts with / without purchase the absence and
# followed_by patterns, page_view + cart_add sessions the session window.
_PROFILES = {
    "browser": (["page_view", "cart_add", "cart_cleared", "search"], [70, 14, 4, 12]),
    "buyer": (["page_view", "cart_add", "purchase", "cart_cleared", "search"], [45, 25, 20, 4, 6]),
    "locked_out": (["login_failed", "page_view", "search"], [60, 30, 10]),
    "idle": (["search", "page_view"], [50, 50]),
}
_PROFILE_NAMES = list(_PROFILES)
_PROFILE_WEIGHTS = [45, 30, 15, 10]


def generate_events(n: int = N_EVENTS, customers: int = CUSTOMERS, seed: int = SEED) -> list[dict]:
    """n events in production order (global time order, then jittered)."""
    rng = random.Random(seed)
    base = BASE_TS
    active: list[dict] = []
    target_active = 150
    burst_left, burst = 0, None
    events: list[dict] = []
    # Every customer gets a first session (in a random order), later sessions pick at random.
    fresh = [f"c-{i:05d}" for i in range(customers)]
    rng.shuffle(fresh)
    for _ in range(n):
        # Keep ~150 customers active at a time; each stays for a handful of events.
        while len(active) < target_active or rng.random() < 0.01:
            cid = fresh.pop() if fresh else f"c-{rng.randrange(customers):05d}"
            profile = rng.choices(_PROFILE_NAMES, _PROFILE_WEIGHTS)[0]
            active.append({"cid": cid, "left": rng.randint(2, 14), "profile": profile})
        if burst_left == 0 and rng.random() < 0.004:
            burst_left, burst = rng.randint(4, 14), rng.choice(active)
        if burst_left > 0:
            burst_left -= 1
            base += rng.randint(10, 120)
            s, kind = burst, "page_view"
        else:
            base += rng.randint(20, 300)
            s = rng.choice(active)
            kinds, weights = _PROFILES[s["profile"]]
            kind = rng.choices(kinds, weights)[0]
            s["left"] -= 1
            if s["left"] <= 0:
                active.remove(s)
                if s is burst:
                    burst_left = 0
        ts = base - (rng.randint(0, JITTER_MS) if rng.random() < 0.3 else 0)
        ev = {"type": kind, "customer_id": s["cid"], "ts": ts}
        if kind in ("cart_add", "purchase"):
            ev["sku"] = f"SKU-{rng.randint(1, 500):03d}"
            ev["price"] = rng.randint(1, 300)
        elif kind == "page_view":
            ev["page"] = f"/p/{rng.randint(1, 2000)}"
        elif kind == "search":
            ev["q"] = f"q{rng.randint(1, 99)}"
        events.append(ev)
    return events


@dataclass
class Stream:
    """The input, per partition, in offset order (sentinel last)."""
    partitions: dict[int, list[bytes]]
    digest: str

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.partitions.values())

    def ends(self) -> dict[int, int]:
        return {p: len(v) for p, v in self.partitions.items()}


_stream_cache: dict[tuple, Stream] = {}


def build_stream(n: int = N_EVENTS, customers: int = CUSTOMERS, seed: int = SEED) -> Stream:
    key = (n, customers, seed)
    if key in _stream_cache:
        return _stream_cache[key]
    events = generate_events(n, customers, seed)
    parts: dict[int, list[bytes]] = {p: [] for p in range(PARTITIONS)}
    for ev in events:
        parts[partition_of(ev["customer_id"])].append(json.dumps(ev, separators=(",", ":")).encode())
    last = max(ev["ts"] for ev in events)
    for p in range(PARTITIONS):
        # Keyed like every event: a key the partitioner maps to p.
        key = next(k for k in (f"sentinel-{p}-{i}" for i in range(1000)) if partition_of(k) == p)
        sentinel = {"type": "noop", "customer_id": key, "ts": last + SENTINEL_AFTER_MS}
        parts[p].append(json.dumps(sentinel, separators=(",", ":")).encode())
    check_stream(parts)
    h = hashlib.sha256()
    for p in range(PARTITIONS):
        h.update(b"%d\n" % p)
        h.update(b"\n".join(parts[p]))
    s = Stream(parts, h.hexdigest()[:16])
    _stream_cache[key] = s
    return s


def check_stream(parts: dict[int, list[bytes]]):
    """The property the tests rely on: within each partition no event is older than the largest
    event time before it minus JITTER_MS (< BOUND_MS), so none is ever late."""
    for p, lines in parts.items():
        high = None
        for i, line in enumerate(lines):
            ts = json.loads(line)["ts"]
            if high is not None:
                assert ts > high - BOUND_MS and ts >= high - JITTER_MS, \
                    f"partition {p} line {i}: event time {ts} is {high - ts} ms behind {high}"
                high = max(high, ts)
            else:
                high = ts


# --------------------------------------------------------------------------------------------
# Producing
# --------------------------------------------------------------------------------------------

def produce_stream(broker: Broker, stream: Stream, topic: str = INPUT_TOPIC, timeout: float = 120.0,
                   ranges: Optional[dict[int, tuple[int, int]]] = None):
    """Produce each partition's records (or the `ranges` [lo, hi) of them) to that partition,
    in order, with an idempotent producer; check that record i lands at offset i."""
    p = Producer({"bootstrap.servers": broker.bootstrap, "enable.idempotence": True, "acks": "all",
                  "linger.ms": 20, "batch.num.messages": 10000, "queue.buffering.max.messages": 500000,
                  "message.timeout.ms": int(timeout * 1000)})
    errors: list = []
    wrong: list = []

    delivered = Counter()
    for part, lines in stream.partitions.items():
        lo, hi = (ranges or {}).get(part, (0, len(lines)))
        for i in range(lo, hi):
            line = lines[i]
            key = json.loads(line)["customer_id"].encode()

            def on_delivery(err, msg, i=i, part=part):
                if err is not None:
                    errors.append(err)
                    return
                delivered[part] += 1
                if msg.offset() != i or msg.partition() != part:
                    wrong.append((part, i, msg.partition(), msg.offset()))

            while True:
                try:
                    p.produce(topic, key=key, value=line, partition=part, on_delivery=on_delivery)
                    break
                except BufferError:
                    p.poll(0.05)
            p.poll(0)
    remaining = p.flush(timeout)
    assert remaining == 0, f"{remaining} input records not delivered within {timeout}s"
    assert not errors, f"delivery errors producing the input: {errors[:5]}"
    assert not wrong, f"input records landed at unexpected (partition, offset): {wrong[:5]} " \
                      f"(is the input topic fresh?)"


# --------------------------------------------------------------------------------------------
# Expected output: replay, per partition
# --------------------------------------------------------------------------------------------

def comparable(a: dict) -> str:
    """An action without its wall-clock `emitted_at` (nor the harness's `_at`), canonically encoded."""
    return json.dumps({k: v for k, v in a.items() if k not in ("emitted_at", "_at")}, sort_keys=True)


def where(a: dict) -> str:
    """Where a copy was read (actions partition@offset) and when it was emitted (epoch ms)."""
    return f"[{a.get('_at', '?')} emitted_at={a.get('emitted_at')}]"


_expected_cache: dict[tuple, dict[str, dict]] = {}
_expected_lock = threading.Lock()


def expected_actions(stream: Stream, workdir: Path, config: Path = STATEFUL_CONFIG,
                     topic: str = INPUT_TOPIC) -> dict[str, dict]:
    """action_id -> action, from replaying each partition's dump on its own (in parallel)."""
    binary = daemon_bin()
    key = (binary, hashlib.sha256(config.read_bytes()).hexdigest(), stream.digest, topic)
    with _expected_lock:
        if key in _expected_cache:
            return _expected_cache[key]
    workdir.mkdir(parents=True, exist_ok=True)

    def one(p: int) -> list[dict]:
        src = workdir / f"input-p{p}.jsonl"
        src.write_bytes(b"\n".join(stream.partitions[p]) + b"\n")
        out, dead = workdir / f"replay-p{p}.jsonl", workdir / f"replay-dead-p{p}.jsonl"
        r = subprocess.run([binary, "replay", "--config", str(config), "--input", str(src),
                            "--topic", topic, "--partition", str(p), "--output", str(out),
                            "--dead-letters", str(dead)],
                           capture_output=True, env={**os.environ, **NO_BROKER}, timeout=300,
                           stdin=subprocess.DEVNULL)
        err = r.stderr.decode("utf-8", "replace")
        assert r.returncode == 0, f"replay of partition {p} exited {r.returncode}:\n{err[-3000:]}"
        deadlines = [l for l in dead.read_text().splitlines() if l.strip()]
        assert not deadlines, f"replay of partition {p} dead-lettered {len(deadlines)} records " \
                              f"(the generated data should be clean): {deadlines[:3]}"
        acts = [json.loads(l) for l in out.read_text().splitlines() if l.strip()]
        for a in acts:
            c = a.get("cause") or {}
            assert c.get("topic") == topic and c.get("partition") == p, \
                f"replay of partition {p} attributed an action elsewhere: {a}"
        return acts

    with ThreadPoolExecutor(PARTITIONS) as ex:
        per = list(ex.map(one, range(PARTITIONS)))
    want: dict[str, dict] = {}
    dup = []
    for acts in per:
        for a in acts:
            if a["action_id"] in want:
                dup.append(a)
            want[a["action_id"]] = a
    assert not dup, f"replay itself emitted {len(dup)} duplicate action_ids, e.g. {dup[:3]}"
    kinds = Counter(a["trigger"] for a in want.values())
    if config == STATEFUL_CONFIG:
        weak = {t: kinds.get(t, 0) for t in TRIGGERS if kinds.get(t, 0) < MIN_PER_TRIGGER}
        assert not weak and set(kinds) == TRIGGERS, \
            f"replay fired {dict(kinds)}: every trigger of {config.name} should fire >= {MIN_PER_TRIGGER} times"
    with _expected_lock:
        _expected_cache[key] = want
    return want


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------

def compare_actions(want: dict[str, dict], got: list[dict], limit: int = 5) -> Optional[str]:
    """None if `got` (as read from the actions topic) is exactly `want`; else a report."""
    by_id: dict[str, list[dict]] = defaultdict(list)
    for a in got:
        by_id[a.get("action_id")].append(a)
    missing = [i for i in want if i not in by_id]
    extra = [i for i in by_id if i not in want]
    dup = {i: len(v) for i, v in by_id.items() if len(v) > 1}
    # A duplicate is reported once; a differing copy counts as a content mismatch too.
    mismatch = [i for i, v in by_id.items() if i in want
                and any(comparable(a) != comparable(want[i]) for a in v)]
    if not (missing or extra or dup or mismatch):
        return None

    def trig(ids, source):
        return dict(Counter(source[i]["trigger"] if i in source else by_id[i][0].get("trigger") for i in ids))

    lines = [f"output differs from replay: {len(got)} actions on {ACTIONS_TOPIC} "
             f"({len(by_id)} distinct action_ids), {len(want)} expected",
             f"  missing:    {len(missing)} action_ids {trig(missing, want)}",
             f"  duplicated: {len(dup)} action_ids ({sum(dup.values()) - len(dup)} extra copies) "
             f"{trig(list(dup), want)}",
             f"  extra:      {len(extra)} action_ids not in replay {trig(extra, {})}",
             f"  content mismatch: {len(mismatch)} action_ids {trig(mismatch, want)}"]
    if missing:
        lines.append("  e.g. missing: " + "\n                 ".join(comparable(want[i]) for i in missing[:limit]))
    if dup:
        lines.append("  e.g. duplicated: " + "\n                    ".join(
            f"{n}x {comparable(by_id[i][0])} copies at " + " ".join(where(a) for a in by_id[i])
            for i, n in list(dup.items())[:limit]))
    if extra:
        lines.append("  e.g. extra: " + "\n               ".join(comparable(by_id[i][0]) for i in extra[:limit]))
    if mismatch:
        for i in mismatch[:limit]:
            lines.append(f"  e.g. mismatch {i}:\n     want {comparable(want[i])}\n" +
                         "\n".join(f"     got  {comparable(a)} {where(a)}" for a in by_id[i]))
    return "\n".join(lines)


def read_actions(broker: Broker, idle: float = 3.0, deadline: float = 120.0) -> list[dict]:
    r = TopicReader(broker, ACTIONS_TOPIC)
    try:
        recs = r.read(0, idle, deadline)
    finally:
        r.close()
    out = []
    for rec in recs:
        try:
            a = json.loads(rec.value)
        except (TypeError, ValueError):
            raise AssertionError(f"action at {rec.partition}/{rec.offset} is not JSON: {rec.value[:200]!r}")
        assert isinstance(a, dict), f"action at {rec.partition}/{rec.offset} is not an object: {a!r}"
        assert "_at" not in a, f"action at {rec.partition}/{rec.offset} has a field _at: {a}"
        a["_at"] = f"{ACTIONS_TOPIC}/{rec.partition}@{rec.offset}"
        assert rec.key == str(a.get("customer_id")).encode(), \
            f"action key {rec.key!r} != customer_id at {rec.partition}/{rec.offset}: {a}"
        out.append(a)
    return out


def dead_letter_summary(broker: Broker) -> tuple[int, dict, list]:
    """(count, by dlq.reason, a few examples) on the dead-letter topic (0 if it does not exist)."""
    if not broker.topic_exists(DEAD_LETTER_TOPIC):
        return 0, {}, []
    r = TopicReader(broker, DEAD_LETTER_TOPIC)
    try:
        recs = r.read(0, 1.0, 30)
    finally:
        r.close()
    reasons = Counter((rec.header("dlq.reason") or b"?").decode() for rec in recs)
    ex = [f"{(rec.header('dlq.reason') or b'?').decode()}: {(rec.header('dlq.detail') or b'').decode()[:200]} "
          f"src={(rec.header('dlq.source.partition') or b'?').decode()}@{(rec.header('dlq.source.offset') or b'?').decode()}"
          for rec in recs[:3]]
    return len(recs), dict(reasons), ex


def check_exactly_once(broker: Broker, want: dict[str, dict], context: str = "") -> list[dict]:
    """Read the actions and dead letters and assert the output is exactly the replay's."""
    got = read_actions(broker)
    n_dead, reasons, ex = dead_letter_summary(broker)
    report = compare_actions(want, got)
    dl = f"dead letters: {n_dead} {reasons} {ex}" if n_dead else "dead letters: none"
    assert report is None, f"{report}\n  {dl}\n{context}"
    assert n_dead == 0, f"the output matches replay, but {dl}\n{context}"
    return got


# --------------------------------------------------------------------------------------------
# Group progress
# --------------------------------------------------------------------------------------------

class GroupWatcher:
    """Polls a consumer group's committed offsets on the input topic with one long-lived client."""

    def __init__(self, broker: Broker, group: str, topic: str = INPUT_TOPIC, partitions: int = PARTITIONS):
        self.topic = topic
        self.parts = list(range(partitions))
        self.c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group, **CONSUMER_BASE})

    def committed(self) -> dict[int, int]:
        try:
            tps = self.c.committed([TopicPartition(self.topic, p) for p in self.parts], timeout=10)
        except KafkaException:
            return {p: -1001 for p in self.parts}
        return {tp.partition: tp.offset for tp in tps}

    def total(self) -> int:
        return sum(max(0, o) for o in self.committed().values())

    def close(self):
        self.c.close()


def wait_until_done(broker: Broker, group: str, ends: dict[int, int], daemons: Iterable,
                    timeout: float = 150.0, quiet: float = 10.0) -> float:
    """Wait until the group committed every partition's end, then until the actions topic has
    had no new record for `quiet` seconds (timers fired by the sentinels may be produced after
    the last commit).  Fails early if every daemon died.  Returns seconds waited."""
    t0 = time.monotonic()
    daemons = list(daemons)
    w = GroupWatcher(broker, group)
    try:
        while True:
            c = w.committed()
            if all(c.get(p, -1) >= e for p, e in ends.items()):
                break
            if not any(d.running() for d in daemons):
                raise AssertionError(f"every daemon exited before the group committed the input "
                                     f"(committed {c}, ends {ends})\n" + "\n".join(d.describe() for d in daemons))
            if time.monotonic() - t0 > timeout:
                raise AssertionError(f"timed out after {timeout:.0f}s waiting for group {group} to commit "
                                     f"{ends}; committed {c}\n" + "\n".join(d.describe() for d in daemons))
            time.sleep(0.5)
    finally:
        w.close()
    # Output quiet: follow the actions topic's end until nothing new for `quiet` seconds.
    r = TopicReader(broker, ACTIONS_TOPIC)
    try:
        r.read(0, quiet, max(30.0, timeout - (time.monotonic() - t0)))
    finally:
        r.close()
    return time.monotonic() - t0


# --------------------------------------------------------------------------------------------
# Daemons
# --------------------------------------------------------------------------------------------

def metrics_summary(d) -> str:
    m = d.last() or {}
    keys = ("events_in", "actions_out", "dead_letters", "commits", "rebalances", "assigned_partitions", "watermark")
    return "{" + ", ".join(f"{k}={m.get(k)}" for k in keys) + "}"


def wait_assigned(d, timeout: float = 60.0) -> float:
    """Seconds until the daemon reports assigned partitions."""
    t0 = time.monotonic()
    d.wait_metrics(lambda m: (m.get("assigned_partitions") or 0) > 0, timeout, "assigned_partitions > 0")
    return time.monotonic() - t0


def wait_new_metrics(d, pred, timeout: float, what: str) -> dict:
    """Like Daemon.wait_metrics, but only for metrics lines emitted after this call."""
    seen = len(d.snapshot())
    deadline = time.monotonic() + timeout
    while True:
        lines = d.snapshot()[seen:]
        for m in lines:
            if pred(m):
                return m
        seen += len(lines)
        if not d.running():
            raise AssertionError(f"daemon exited while waiting for {what}\n{d.describe()}")
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}\n{d.describe()}")
        time.sleep(0.05)


def sigterm(d, timeout: float = 20.0):
    rc, took = d.terminate(signal.SIGTERM, timeout=timeout)
    assert rc == 0, f"SIGTERM: exit {rc} after {took:.1f}s\n{d.describe()}"
    return took


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="chaos-data-"))
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    s = build_stream()
    for p, lines in s.partitions.items():
        (out / f"input-p{p}.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    print(f"generated {s.total} records in {time.monotonic() - t0:.1f}s (digest {s.digest}): "
          f"{ {p: len(v) for p, v in s.partitions.items()} } -> {out}")
