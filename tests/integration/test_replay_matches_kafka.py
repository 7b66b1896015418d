"""`stream-daemon replay` runs the same operator graph as `run`, without a broker.

* Replay is deterministic: the same file gives byte-identical actions.
* Replay agrees with the Kafka path: the lines of a file produced in order to a one-partition
  input topic yield the same actions (same action_id, trigger, customer, channel, message,
  event time and cause; only `emitted_at`, the wall clock, differs) — for the hand-written
  sample and for a larger synthetic stream with out-of-order jitter.

Replay attributes line i (non-blank lines, from 0) to `<first input topic>/0@i`, so on the
Kafka path the input topic is pre-created with one partition and the lines produced in file
order: offsets then equal line numbers.

Regenerate the synthetic data with `python tests/integration/test_replay_matches_kafka.py`.
"""
from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, consume_all, produce, run_cli, unique

CART_CONFIG = ROOT / "config" / "cart-abandonment.yaml"
SAMPLE = ROOT / "config" / "samples" / "cart-events.jsonl"
DATA = Path(__file__).resolve().parent / "data"
SYNTHETIC = DATA / "synthetic-cart-events.jsonl"
INPUT_TOPIC = "cx.events"  # the first (only) input of config/cart-abandonment.yaml
ACTIONS_TOPIC = "cx.actions"
HEX32 = re.compile(r"^[0-9a-f]{32}$")
ACTION_KEYS = ["action_id", "trigger", "customer_id", "channel", "message", "event_time", "emitted_at", "cause"]

# Replay must not need a broker: point it at a closed port.
NO_BROKER = {"KAFKA_BROKERS": "127.0.0.1:1", "GROUP": "replay-test", "STATE_DIR": "/nonexistent/state"}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------

def lines_of(path: Path) -> list[str]:
    """The non-blank lines, as replay numbers them."""
    return [l for l in path.read_text().splitlines() if l.strip()]


def replay(config: Path, events: Path, out: Path, dead: Path | None = None) -> bytes:
    args = ["replay", "--config", str(config), "--input", str(events), "--output", str(out)]
    if dead is not None:
        args += ["--dead-letters", str(dead)]
    r = run_cli(*args, env=NO_BROKER, timeout=60)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 0, f"replay exited {r.returncode}:\n{err}"
    assert r.stdout == b"", f"replay with --output wrote to stdout: {r.stdout[:300]!r}"
    assert out.exists(), f"replay did not write {out}:\n{err}"
    return out.read_bytes()


def parse_actions(data: bytes) -> list[dict]:
    out = []
    for i, line in enumerate(data.split(b"\n")):
        if not line.strip():
            continue
        a = json.loads(line)
        check_shape(a, f"replay line {i}")
        out.append(a)
    return out


def check_shape(a: dict, where: str):
    assert isinstance(a, dict) and list(a.keys()) == ACTION_KEYS, \
        f"{where}: action keys {list(a) if isinstance(a, dict) else a!r} != {ACTION_KEYS}"
    assert HEX32.match(a["action_id"]), f"{where}: bad action_id {a}"
    assert isinstance(a["event_time"], int) and isinstance(a["emitted_at"], int), f"{where}: {a}"
    c = a["cause"]
    assert isinstance(c, dict) and set(c) == {"topic", "partition", "offset"}, f"{where}: bad cause {a}"


def comparable(a: dict) -> str:
    """Everything but the wall-clock `emitted_at`, canonically encoded (hashable)."""
    return json.dumps({k: v for k, v in a.items() if k != "emitted_at"}, sort_keys=True)


def summarize(diff: Counter, limit: int = 8) -> str:
    return "\n  ".join(f"{n}x {s}" for s, n in list(diff.items())[:limit]) or "(none)"


def idle_1h_config(dst: Path) -> Path:
    """config/cart-abandonment.yaml with `watermark.idle_timeout: 1h` (so the Kafka path's
    watermark never follows the wall clock past the file's end, which replay never does) and
    1 s metrics (the default 5 s only slows the polling down)."""
    text = CART_CONFIG.read_text()
    text, n = re.subn(r"(?m)^(\s+idle_timeout:\s*)\S+", r"\g<1>1h", text)
    assert n == 1, f"expected exactly one watermark idle_timeout in {CART_CONFIG}, found {n}"
    assert not re.search(r"(?m)^metrics:", text), f"{CART_CONFIG} now has a metrics section; adapt this test"
    text += "\nmetrics:\n  interval: 1s\n"
    dst.write_text(text)
    return dst


# --------------------------------------------------------------------------------------------
# synthetic data
# --------------------------------------------------------------------------------------------

SYNTH_BASE_TS = 1_767_225_600_000  # 2026-01-01T00:00:00Z, as the sample file
SYNTH_JITTER_MS = 2_000            # < watermark.max_out_of_orderness (5 s): nothing is late


def generate_synthetic(n: int = 2000, customers: int = 50, seed: int = 20261126) -> list[dict]:
    """A deterministic CX stream: carts added, bought, cleared or abandoned, failed logins and
    page views, with page-view bursts (so some one-minute windows reach 20 views) and event times
    jittered backwards by up to 2 s on 30% of the events (out of order, within the 5 s bound)."""
    rng = random.Random(seed)
    kinds = ["cart_add", "purchase", "cart_cleared", "login_failed", "page_view"]
    weights = [25, 9, 5, 14, 47]
    base = SYNTH_BASE_TS
    burst_left, burst_cust = 0, None
    events = []
    for i in range(n):
        if burst_left == 0 and rng.random() < 0.006:
            burst_left, burst_cust = rng.randint(22, 34), f"c-{rng.randrange(customers):03d}"
        if burst_left > 0 and rng.random() < 0.9:
            burst_left -= 1
            base += rng.randint(300, 1800)
            cust, kind = burst_cust, "page_view"
        else:
            base += rng.randint(500, 5000)
            cust, kind = f"c-{rng.randrange(customers):03d}", rng.choices(kinds, weights)[0]
        ts = base - (rng.randint(0, SYNTH_JITTER_MS) if rng.random() < 0.3 else 0)
        ev = {"type": kind, "customer_id": cust, "ts": ts}
        if kind in ("cart_add", "purchase"):
            ev["sku"] = f"SKU-{rng.randint(1, 40):02d}"
        elif kind == "page_view":
            ev["page"] = f"/p/{rng.randint(1, 300)}"
        events.append(ev)
    return events


def write_synthetic(path: Path = SYNTHETIC) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(e, separators=(",", ":")) + "\n" for e in generate_synthetic()))
    return path


# --------------------------------------------------------------------------------------------
# tests
# --------------------------------------------------------------------------------------------

def test_replay_is_byte_identical(tmp_path):
    first = replay(CART_CONFIG, SAMPLE, tmp_path / "actions-1.jsonl", tmp_path / "dead-1.jsonl")
    second = replay(CART_CONFIG, SAMPLE, tmp_path / "actions-2.jsonl", tmp_path / "dead-2.jsonl")
    assert first, "replay of the sample produced no actions at all"
    assert first == second, f"two replays of the same file differ:\n{first.decode()}\n---\n{second.decode()}"
    assert (tmp_path / "dead-1.jsonl").read_bytes() == (tmp_path / "dead-2.jsonl").read_bytes() == b"", \
        f"dead letters replaying the sample: {(tmp_path / 'dead-1.jsonl').read_text()[:1000]}"
    # Without --output, stdout carries the same bytes.
    r = run_cli("replay", "--config", str(CART_CONFIG), "--input", str(SAMPLE), env=NO_BROKER)
    assert r.returncode == 0 and r.stdout == first, \
        f"replay to stdout (exit {r.returncode}) differs from --output:\n{r.stdout.decode()}\n{r.stderr.decode()}"

    actions = parse_actions(first)
    lines = lines_of(SAMPLE)
    by = {(a["trigger"], a["customer_id"]): a for a in actions}
    assert len(by) == len(actions), f"duplicate (trigger, customer) actions: {actions}"
    assert set(by) == {("cart_abandoned", "c-1"), ("login_failures", "c-4"), ("page_views_per_minute", "c-6")}, \
        f"expected exactly cart_abandoned/c-1, login_failures/c-4, page_views_per_minute/c-6; got {sorted(by)}"
    assert not {a["customer_id"] for a in actions} & {"c-2", "c-3", "c-5"}, actions
    assert len({a["action_id"] for a in actions}) == len(actions), actions
    for a in actions:
        assert a["cause"]["topic"] == INPUT_TOPIC and a["cause"]["partition"] == 0, a
        assert 0 <= a["cause"]["offset"] < len(lines), a

    cart = by[("cart_abandoned", "c-1")]
    first_add = json.loads(lines[cart["cause"]["offset"]])
    assert first_add["type"] == "cart_add" and first_add["customer_id"] == "c-1", (cart, first_add)
    assert cart["message"] == "You left SNEAKER-42 in your cart" and cart["channel"] == "push", cart
    assert cart["event_time"] == first_add["ts"], cart

    logins = by[("login_failures", "c-4")]
    third = json.loads(lines[logins["cause"]["offset"]])
    c4_fails = [json.loads(l)["ts"] for l in lines
                if json.loads(l)["customer_id"] == "c-4" and json.loads(l)["type"] == "login_failed"]
    assert third["type"] == "login_failed" and third["customer_id"] == "c-4" and third["ts"] == c4_fails[2], \
        f"login_failures should be caused by c-4's 3rd failed login: {logins} / {third}"
    assert logins["message"] == "3 failed logins" and logins["channel"] == "agent", logins

    views = by[("page_views_per_minute", "c-6")]
    assert views["message"] == "25 page views in one minute" and views["channel"] == "agent", views
    cause = json.loads(lines[views["cause"]["offset"]])
    assert cause["customer_id"] == "c-6" and cause["type"] == "page_view", (views, cause)


def test_synthetic_data_is_committed_and_sane():
    """The stored synthetic stream (see generate_synthetic) is there, small, jittered within the bound
    and rich enough to fire every trigger kind (else the comparison below proves little)."""
    assert SYNTHETIC.exists(), f"{SYNTHETIC} missing; run python {Path(__file__).name} to regenerate it"
    assert SYNTHETIC.stat().st_size < 300_000, f"{SYNTHETIC} is {SYNTHETIC.stat().st_size} bytes"
    events = [json.loads(l) for l in lines_of(SYNTHETIC)]
    assert len(events) == 2000 and len({e["customer_id"] for e in events}) == 50
    assert {e["type"] for e in events} == {"cart_add", "purchase", "cart_cleared", "login_failed", "page_view"}
    high, disorder = -1, 0
    for e in events:
        assert e["ts"] > high - 5_000, f"event beyond the 5 s out-of-orderness bound: {e}"
        disorder += e["ts"] < high
        high = max(high, e["ts"])
    assert disorder > 50, f"only {disorder} out-of-order events; the jitter is not exercised"


@pytest.mark.parametrize("source", ["sample", "synthetic"])
def test_replay_matches_kafka_path(source, broker, daemon_factory, tmp_path):
    events_file = SAMPLE if source == "sample" else SYNTHETIC
    assert events_file.exists(), f"{events_file} missing"
    lines = lines_of(events_file)
    cfg = idle_1h_config(tmp_path / "cart-idle-1h.yaml")

    want_bytes = replay(cfg, events_file, tmp_path / "replay-actions.jsonl", tmp_path / "replay-dead.jsonl")
    want = parse_actions(want_bytes)
    replay_dead = (tmp_path / "replay-dead.jsonl").read_text()
    assert want, f"replay of {events_file.name} produced no actions: nothing to compare"
    if source == "synthetic":
        kinds = Counter(a["trigger"] for a in want)
        assert set(kinds) == {"cart_abandoned", "login_failures", "page_views_per_minute"}, \
            f"synthetic data should fire every trigger of the config; replay fired {dict(kinds)}"

    # One partition, lines in file order: offset i == line i, as replay numbers them.
    broker.create_topic(INPUT_TOPIC, 1)
    produced = produce(broker.bootstrap, INPUT_TOPIC,
                       [(json.loads(l)["customer_id"], l.encode()) for l in lines])
    assert [(p.partition, p.offset) for p in produced] == [(0, i) for i in range(len(lines))], \
        "input offsets do not equal line numbers"

    group = unique("it-replay-eq")
    d = daemon_factory(cfg, broker, group, tmp_path / "state", name=f"daemon-{source}")
    # The absence timers fire once later events in the file move the watermark past them, so
    # once every line is in, the Kafka path owes exactly what replay emitted.
    d.wait_metrics(lambda m: m.get("events_in") == len(lines) and m.get("actions_out", 0) >= len(want),
                   120, f"events_in == {len(lines)} and actions_out >= {len(want)}")
    recs = consume_all(broker, ACTIONS_TOPIC, expected=len(want), idle=2.5, deadline=60)
    got = []
    for r in recs:
        a = json.loads(r.value)
        check_shape(a, f"{ACTIONS_TOPIC} {r.partition}/{r.offset}")
        assert r.key == a["customer_id"].encode(), f"action key {r.key!r} != customer_id: {a}"
        got.append(a)

    m = d.last()
    assert m["events_in"] == len(lines), f"daemon consumed more than the file: {m}\n{d.describe()}"
    want_c, got_c = Counter(map(comparable, want)), Counter(map(comparable, got))
    assert got_c == want_c, (
        f"{source}: the Kafka path's actions (emitted_at aside) differ from replay's "
        f"({len(got)} vs {len(want)}):\n only on Kafka:\n  {summarize(got_c - want_c)}\n"
        f" only in replay:\n  {summarize(want_c - got_c)}\nlast metrics: {m}")
    assert m["actions_out"] == len(want), m
    dead_replay = len([l for l in replay_dead.splitlines() if l.strip()])
    assert m["dead_letters"] == dead_replay == 0, \
        f"dead letters: Kafka {m['dead_letters']} {m['dead_letters_by_reason']}, replay {dead_replay}: {replay_dead[:500]}"
    assert m["watermark"] is not None and m["watermark"] <= max(json.loads(l)["ts"] for l in lines) - 5000, \
        f"watermark {m['watermark']} went past the file's last event time minus the bound: {m}"
    assert not d.bad_stdout, d.bad_stdout[:5]


if __name__ == "__main__":
    p = write_synthetic(Path(sys.argv[1]) if len(sys.argv) > 1 else SYNTHETIC)
    print(f"wrote {p} ({p.stat().st_size} bytes)")
