"""Exactly-once across kill -9 at random moments (issue #4).

All ~200,000 input events (chaos.py: 20,000 customers, 4 partitions, every stateful pipeline
kind of data/stateful.yaml, a sentinel one day after the end of each partition) are produced
before any daemon starts.  A daemon is then killed with SIGKILL at seeded random moments —
some during start-up (group join, state restore), most while it processes — and restarted at
once on the same state directory, CHAOS_KILLS times; the last instance runs until the group
has committed the whole input and the actions topic has been quiet for a while, and stops on
SIGTERM.  The actions topic, read by a plain consumer, must then hold exactly what
`stream-daemon replay` computes partition by partition: every action_id once, none missing,
none extra, equal content (all fields but the wall-clock `emitted_at`).

A control run without crashes checks the harness itself (data, replay, comparison).

Knobs (environment): CHAOS_KILLS (default 10), CHAOS_SEED (default 4).
"""
from __future__ import annotations

import os
import random
import time

from chaos import (INPUT_TOPIC, STATEFUL_CONFIG, GroupWatcher, build_stream, check_exactly_once,
                   expected_actions, metrics_summary, produce_stream, sigterm, wait_until_done)
from conftest import unique

KILLS = int(os.environ.get("CHAOS_KILLS", "10"))
SEED = int(os.environ.get("CHAOS_SEED", "4"))


def test_no_crash_matches_replay(broker, daemon_factory, tmp_path):
    """Control: one daemon, no crash, the whole input — the harness's comparison holds."""
    stream = build_stream()
    broker.create_topic(INPUT_TOPIC, 4)
    produce_stream(broker, stream)
    want = expected_actions(stream, tmp_path / "replay")

    group = unique("it-eo-control")
    d = daemon_factory(STATEFUL_CONFIG, broker, group, tmp_path / "state", name="control")
    waited = wait_until_done(broker, group, stream.ends(), [d])
    print(f"\ncontrol: {stream.total} events processed and output quiet after {waited:.1f}s; "
          f"metrics {metrics_summary(d)}")
    sigterm(d)
    check_exactly_once(broker, want, f"control run (no crash); daemon: {metrics_summary(d)}")


def test_kill9_at_random_moments_is_exactly_once(broker, daemon_factory, tmp_path):
    stream = build_stream()
    broker.create_topic(INPUT_TOPIC, 4)
    produce_stream(broker, stream)
    want = expected_actions(stream, tmp_path / "replay")
    ends = stream.ends()

    group = unique("it-eo-chaos")
    state = tmp_path / "state"
    rng = random.Random(SEED)
    watcher = GroupWatcher(broker, group)
    log = []
    midstream = 0
    t_start = time.monotonic()
    try:
        for i in range(KILLS):
            started_at = int(time.time() * 1000)
            d = daemon_factory(STATEFUL_CONFIG, broker, group, state, name=f"chaos-{i}")
            t0 = time.monotonic()
            if rng.random() < 0.2:
                # During start-up: group join (which waits out the killed member's 6 s session),
                # state restore, the first fetches.
                delay = rng.uniform(0.5, 12.0)
                phase = "start-up"
            else:
                # While processing: a random moment after the partitions arrived.
                d.wait_metrics(lambda m: (m.get("assigned_partitions") or 0) > 0, 60,
                               f"instance {i} to get partitions")
                delay = (time.monotonic() - t0) + rng.uniform(0.2, 3.5)
                phase = "processing"
            while time.monotonic() < t0 + delay:
                assert d.running(), f"instance {i} exited by itself\n{d.describe()}"
                time.sleep(0.02)
            assert d.running(), f"instance {i} exited by itself\n{d.describe()}"
            d.kill9()
            killed_at = int(time.time() * 1000)
            committed = watcher.total()
            midstream += committed < stream.total
            log.append(f"kill {i + 1} ({phase}) {delay:.2f}s after start (epoch ms {started_at}..{killed_at}): "
                       f"committed {committed}/{stream.total}; last metrics {metrics_summary(d)}")
        committed_before_last = watcher.total()
    finally:
        watcher.close()

    last_started_at = int(time.time() * 1000)
    last = daemon_factory(STATEFUL_CONFIG, broker, group, state, name="chaos-last")
    waited = wait_until_done(broker, group, ends, [last])
    took = sigterm(last)
    summary = "\n".join(log) + (f"\nlast instance (from epoch ms {last_started_at}): "
                               f"committed {committed_before_last}/{stream.total} before it started; "
                               f"done {waited:.1f}s after its start, SIGTERM took {took:.1f}s; {metrics_summary(last)}"
                               f"\ntotal {time.monotonic() - t_start:.0f}s")
    print("\n" + summary)
    assert midstream >= KILLS // 2, \
        f"only {midstream} of {KILLS} kills landed before the group had committed the whole input\n{summary}"
    check_exactly_once(broker, want, summary)
