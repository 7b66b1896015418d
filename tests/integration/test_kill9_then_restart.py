"""At-least-once across a crash: kill -9 mid-stream, restart, every input gets an action and
re-emitted actions are identical (same action_id and content; only emitted_at may differ).

The daemon processes a pre-produced backlog of 5,000 events within its first metrics interval, so
killing it "when actions_out passes 1,000" would land after the end.  To crash it genuinely
mid-stream, 1,000 events are produced up front (read from a fresh group: earliest) and the other
4,000 are paced at 500/s while the daemon runs, is killed at actions_out >= 2,000, and restarts
(the producer keeps going meanwhile).  commit_interval is 2s so the kill leaves processed but
uncommitted input behind, which the restart must re-deliver with identical actions.
"""
import signal
import threading
from collections import defaultdict

from conftest import committed_offsets, consume_all, partition_ends, produce, unique, wait_for, write_test_config
from cxevents import cart_add, cause_of, check_action_shape, index_inputs, parse_action

N = 5000
UP_FRONT = 1000
RATE = 500.0
KILL_AT = 2000


def test_kill9_then_restart(broker, daemon_factory, tmp_path):
    cfg = write_test_config(tmp_path / "config.yaml", commit_interval="2s")
    group = unique("it-kill9")
    state = tmp_path / "state"

    broker.create_topic("cx.events", 4)
    produced = produce(broker.bootstrap, "cx.events", [cart_add(i) for i in range(UP_FRONT)])

    d = daemon_factory(cfg, broker, group, state, name="daemon-killed")
    d.wait_metrics(lambda m: (m.get("assigned_partitions") or 0) > 0, 60, "assigned_partitions > 0")

    paced: list = []
    errors: list = []

    def pace():
        try:
            paced.extend(produce(broker.bootstrap, "cx.events", [cart_add(i) for i in range(UP_FRONT, N)], rate=RATE))
        except BaseException as e:  # surfaced below
            errors.append(e)

    producer = threading.Thread(target=pace, daemon=True)
    producer.start()

    m = d.wait_metrics(lambda m: m.get("actions_out", 0) >= KILL_AT, 60, f"actions_out >= {KILL_AT}")
    d.kill9()
    at_kill = m["actions_out"]
    committed_at_kill = committed_offsets(broker, group, "cx.events")
    assert at_kill < N, f"kill came too late to be mid-stream (actions_out={at_kill})"
    print(f"\nkilled at actions_out={at_kill}; committed then: {committed_at_kill} "
          f"(sum {sum(max(0, o) for o in committed_at_kill.values())})")

    d2 = daemon_factory(cfg, broker, group, state, name="daemon-restarted")
    producer.join(N / RATE + 60)
    assert not producer.is_alive() and not errors, f"paced producer failed: {errors}"
    produced += paced
    assert len(produced) == N
    inputs = index_inputs(produced)
    ends = partition_ends(produced)
    target = {p: ends.get(p, 0) for p in range(4)}
    wait_for(lambda: committed_offsets(broker, group, "cx.events") == target, 120,
             f"group {group} to commit all input {target}", interval=0.5)

    actions = consume_all(broker, "cx.actions", expected=N, idle=3.0, deadline=60)
    by_cause = defaultdict(list)
    for rec in actions:
        a = parse_action(rec)
        check_action_shape(rec, a)
        cause = cause_of(a)
        assert cause in inputs, f"action cause {cause} is not an input we produced: {a}"
        ev = inputs[cause].meta["event"]
        assert (a["customer_id"], a["event_time"], a["trigger"]) == (ev["customer_id"], ev["ts"], "cart_reminder"), a
        by_cause[cause].append(a)

    missing = sorted(set(inputs) - set(by_cause))
    assert not missing, f"{len(missing)} inputs without an action, e.g. {missing[:10]}"
    dups = 0
    for cause, acts in by_cause.items():
        first = {k: v for k, v in acts[0].items() if k != "emitted_at"}
        for other in acts[1:]:
            dups += 1
            rest = {k: v for k, v in other.items() if k != "emitted_at"}
            assert rest == first, f"re-emitted action for {cause} differs:\n{first}\n{rest}"
    print(f"{len(actions)} actions for {N} inputs ({dups} re-emitted after the crash)")
    assert len({a[0]["action_id"] for a in by_cause.values()}) == N, "action_ids collide across inputs"

    assert d2.running(), d2.describe()
    assert not d.bad_stdout and not d2.bad_stdout, f"non-metrics stdout: {d.bad_stdout[:3]} {d2.bad_stdout[:3]}"
    rc, took = d2.terminate(signal.SIGTERM, timeout=15)
    assert rc == 0 and took <= 10.5, f"SIGTERM after restart: rc={rc} after {took:.1f}s\n{d2.describe()}"
