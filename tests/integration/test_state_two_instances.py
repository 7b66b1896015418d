"""Two instances in one group (as on two machines: separate state directories); one is killed
with SIGKILL mid-stream and not restarted.  After the session timeout the survivor owns every
partition, restores the dead instance's state from the changelog topics (its own state
directory never held it) and carries on from the committed offsets.  The actions topic must
hold exactly what `stream-daemon replay` computes per partition (see chaos.py): nothing lost
with the dead instance's open windows and pending timers, nothing emitted twice.

All ~200,000 input events are produced before either instance starts.
"""
from __future__ import annotations

import random
import time

from chaos import (INPUT_TOPIC, PARTITIONS, STATEFUL_CONFIG, GroupWatcher, build_stream, check_exactly_once,
                   expected_actions, metrics_summary, produce_stream, sigterm, wait_new_metrics,
                   wait_until_done)
from conftest import unique, wait_for

SEED = 7


def owned(d) -> set[int]:
    """Partitions of the input an instance reports in its last metrics line (consumer_lag keys)."""
    m = d.last() or {}
    return {int(k.rsplit("/", 1)[1]) for k in (m.get("consumer_lag") or {}) if k.startswith(INPUT_TOPIC + "/")}


def test_survivor_takes_over_partitions_and_their_state(broker, daemon_factory, tmp_path):
    stream = build_stream()
    broker.create_topic(INPUT_TOPIC, PARTITIONS)
    produce_stream(broker, stream)
    want = expected_actions(stream, tmp_path / "replay")
    ends = stream.ends()

    group = unique("it-eo-two")
    a = daemon_factory(STATEFUL_CONFIG, broker, group, tmp_path / "state-a", name="instance-a")
    b = daemon_factory(STATEFUL_CONFIG, broker, group, tmp_path / "state-b", name="instance-b")
    t0 = time.monotonic()

    def split():
        la, lb = a.last(), b.last()
        if not (la and lb):
            return False
        pa, pb = owned(a), owned(b)
        return la.get("assigned_partitions") == len(pa) > 0 and lb.get("assigned_partitions") == len(pb) > 0 \
            and pa | pb == set(range(PARTITIONS)) and not pa & pb
    wait_for(split, 90, "the two instances to split the 4 partitions "
                        f"(a: {metrics_summary(a)}, b: {metrics_summary(b)})", interval=0.05)
    t_split = time.monotonic() - t0

    # A random moment shortly after the split, then kill the instance with more input left.
    time.sleep(random.Random(SEED).uniform(0.5, 2.0))
    w = GroupWatcher(broker, group)
    try:
        committed = w.committed()

        def left(d):
            return sum(ends[p] - max(0, committed.get(p, 0)) for p in owned(d))
        victim, survivor = (a, b) if left(a) >= left(b) else (b, a)
        lost = owned(victim)
        victim.kill9()
        committed = w.committed()
    finally:
        w.close()
    behind = {p: (max(0, committed[p]), ends[p]) for p in lost if committed[p] < ends[p]}
    log = (f"split {t_split:.1f}s after start; killed {victim.stderr_path.stem} owning {sorted(lost)}; "
           f"committed then {committed} of {ends}; victim's last metrics {metrics_summary(victim)}")
    print("\n" + log)
    assert behind, f"the kill was not mid-stream: the victim's partitions were all committed to the end\n{log}"

    t_kill = time.monotonic()
    wait_new_metrics(survivor, lambda m: m.get("assigned_partitions") == PARTITIONS, 90,
                     "the survivor to own all 4 partitions")
    t_takeover = time.monotonic() - t_kill
    waited = wait_until_done(broker, group, ends, [survivor])
    took = sigterm(survivor)
    more = (f"survivor {survivor.stderr_path.stem} owned all partitions {t_takeover:.1f}s after the kill; "
            f"done {waited:.1f}s after that; SIGTERM took {took:.1f}s; {metrics_summary(survivor)}")
    print(more)
    log += "\n" + more
    check_exactly_once(broker, want, log)
