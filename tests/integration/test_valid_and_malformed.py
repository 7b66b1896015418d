"""1,000 valid + 100 malformed events: exact outputs, dead-letter contract, commits, clean restart."""
import signal
import time
from collections import Counter

from conftest import (TopicReader, check_metrics_line, committed_offsets, consume_all, partition_ends, produce, unique,
                      write_test_config)
from cxevents import (cart_add, cause_of, check_action_shape, dlq_headers, index_inputs,
                      malformed, parse_action)

MAX_VALUE_BYTES = 512
N_VALID = 1000
N_BAD = 100


def test_valid_and_malformed(broker, daemon_factory, tmp_path):
    cfg = write_test_config(tmp_path / "config.yaml", max_value_bytes=MAX_VALUE_BYTES)
    group = unique("it-vm")
    state = tmp_path / "state"
    t_start_ms = int(time.time() * 1000)

    d = daemon_factory(cfg, broker, group, state)
    d.wait_metrics(lambda m: (m.get("assigned_partitions") or 0) > 0, 60, "assigned_partitions > 0")
    assert "2.8.0" in d.stderr(), f"daemon did not log librdkafka 2.8.0 at start:\n{d.stderr()[-2000:]}"
    for t in ("cx.events", "cx.actions", "cx.deadletter"):
        assert broker.partitions(t) == [0, 1, 2, 3], f"topic {t} not created with 4 partitions"

    # 1,000 valid, a malformed one after every 10th valid.
    records = []
    for i in range(N_VALID):
        records.append(cart_add(i))
        if i % 10 == 9:
            records.append(malformed(i // 10, MAX_VALUE_BYTES))
    produced = produce(broker.bootstrap, "cx.events", records)
    inputs = index_inputs(produced)
    ends = partition_ends(produced)
    bad_inputs = {k: p for k, p in inputs.items() if "reason" in p.meta}
    assert len(bad_inputs) == N_BAD and len(inputs) == N_VALID + N_BAD
    expected_reasons = Counter(p.meta["reason"] for p in bad_inputs.values())

    # Metrics: counters reach exactly the right totals.
    m = d.wait_metrics(lambda m: m.get("events_in", 0) >= N_VALID + N_BAD
                       and m.get("actions_out", 0) + m.get("dead_letters", 0) >= N_VALID + N_BAD,
                       90, "events_in=1100 and actions_out+dead_letters=1100")
    assert (m["events_in"], m["actions_out"], m["dead_letters"]) == (N_VALID + N_BAD, N_VALID, N_BAD), m
    assert m.get("events_in_by_topic") == {"cx.events": N_VALID + N_BAD}, m
    assert m.get("actions_by_trigger") == {"cart_reminder": N_VALID}, m
    assert m.get("dead_letters_by_reason") == dict(expected_reasons), m

    # Actions: exactly one per valid input, with the right content.
    actions = consume_all(broker, "cx.actions", expected=N_VALID, idle=2.5, deadline=60)
    assert len(actions) == N_VALID, f"{len(actions)} action records, expected {N_VALID}"
    ids, causes = set(), set()
    for rec in actions:
        a = parse_action(rec)
        check_action_shape(rec, a)
        ids.add(a["action_id"])
        cause = cause_of(a)
        causes.add(cause)
        src = inputs.get(cause)
        assert src is not None, f"action cause {cause} is not an input we produced: {a}"
        assert "event" in src.meta, f"action {a} caused by a malformed input ({src.meta['reason']})"
        ev = src.meta["event"]
        assert a["trigger"] == "cart_reminder" and a["channel"] == "push", a
        assert a["customer_id"] == ev["customer_id"], a
        assert a["message"] == f"You left {ev['sku']} in your cart", a
        assert a["event_time"] == ev["ts"], a
        assert a["emitted_at"] >= t_start_ms - 60_000, a
    assert len(ids) == N_VALID, f"{len(ids)} distinct action_ids for {N_VALID} actions"
    assert len(causes) == N_VALID

    # Dead letters: one per malformed input, original bytes and headers, reason and source.
    dls = consume_all(broker, "cx.deadletter", expected=N_BAD, idle=2.5, deadline=60)
    assert len(dls) == N_BAD, f"{len(dls)} dead letters, expected {N_BAD}"
    seen_src = set()
    for rec in dls:
        h = dlq_headers(rec)
        for name in ("dlq.reason", "dlq.detail", "dlq.source.topic", "dlq.source.partition", "dlq.source.offset"):
            assert h.get(name) is not None, f"dead letter lacks header {name}: {rec.headers}"
        src_key = (h["dlq.source.topic"].decode(), int(h["dlq.source.partition"]), int(h["dlq.source.offset"]))
        src = bad_inputs.get(src_key)
        assert src is not None, f"dead letter source {src_key} is not a malformed input we produced " \
                                f"(reason {h['dlq.reason']!r}, value {rec.value[:80]!r})"
        seen_src.add(src_key)
        assert h["dlq.reason"].decode() == src.meta["reason"], \
            f"dlq.reason {h['dlq.reason']!r} for a {src.meta['reason']} input {src.value[:80]!r} " \
            f"(detail {h['dlq.detail']!r})"
        assert rec.value == src.value, f"dead letter value differs from the original: {rec.value[:80]!r}"
        assert rec.key == src.key, f"dead letter key {rec.key!r} != original {src.key!r}"
        assert h.get("it-origin") == src.headers[0][1], f"original header not kept: {rec.headers}"
    assert len(seen_src) == N_BAD

    # Still running; graceful stop within the shutdown timeout; final metrics line.
    assert d.running(), d.describe()
    assert not d.bad_stdout, f"non-metrics output on stdout: {d.bad_stdout[:5]}"
    n_lines = len(d.snapshot())
    rc, took = d.terminate(signal.SIGTERM, timeout=15)
    assert rc == 0, f"SIGTERM: exit code {rc} after {took:.1f}s\n{d.describe()}"
    assert took <= 10.5, f"SIGTERM took {took:.1f}s (shutdown_timeout is 10s)"
    assert len(d.snapshot()) > n_lines, "no final metrics line at shutdown"
    final = d.last()
    for line in d.snapshot():
        check_metrics_line(line)
    counters = [(x["events_in"], x["actions_out"], x["dead_letters"], x["commits"]) for x in d.snapshot()]
    assert all(a <= b for prev, cur in zip(counters, counters[1:]) for a, b in zip(prev, cur)), \
        f"counters are not cumulative: {counters}"
    assert (final["events_in"], final["actions_out"], final["dead_letters"]) == (N_VALID + N_BAD, N_VALID, N_BAD), final

    # Everything committed: group offsets == end of each partition.
    committed = committed_offsets(broker, group, "cx.events")
    assert committed == {p: ends.get(p, 0) for p in range(4)}, \
        f"committed {committed} != produced ends {ends}"
    r = TopicReader(broker, "cx.events")
    try:
        assert len(r.read(expected=N_VALID + N_BAD, idle=1.0, deadline=30)) == N_VALID + N_BAD
        assert r.watermarks() == {p: ends.get(p, 0) for p in range(4)}
    finally:
        r.close()

    # Restart with the same group: nothing is re-processed.
    d2 = daemon_factory(cfg, broker, group, state, name="daemon-restart")
    joined = d2.wait_joined(intervals=2, timeout=60)
    assert all(m["events_in"] == 0 for m in d2.snapshot()), \
        f"restarted daemon re-read input: {[m['events_in'] for m in d2.snapshot()]}"
    actions_again = consume_all(broker, "cx.actions", expected=N_VALID, idle=2.5, deadline=30)
    assert len(actions_again) == N_VALID, f"{len(actions_again)} actions after restart, expected {N_VALID}"
    dls_again = consume_all(broker, "cx.deadletter", expected=N_BAD, idle=1.0, deadline=30)
    assert len(dls_again) == N_BAD, f"{len(dls_again)} dead letters after restart, expected {N_BAD}"
    assert d2.last()["events_in"] == 0 and d2.last()["actions_out"] == 0, d2.last()
    rc, took = d2.terminate(signal.SIGTERM, timeout=15)
    assert rc == 0 and took <= 10.5, f"restarted daemon SIGTERM: rc={rc} after {took:.1f}s\n{d2.describe()}"
