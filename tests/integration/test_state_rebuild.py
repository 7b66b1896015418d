"""State is rebuilt from the changelog topics when the state directory is lost.

All ~200,000 input events (chaos.py) are produced up front — so the stream never has a gap
during which the watermark could move on without it.  A daemon processes roughly half of them
and is stopped with SIGTERM (watching the group's committed offsets); its state directory is
then deleted entirely, as when a machine is replaced, and a new daemon with an empty state
directory finishes the input.  Its state (open windows, pending absences and follow-ups,
threshold counts, cooldowns) must come back from the changelogs: the actions topic must hold
exactly what `stream-daemon replay` computes per partition — the windows and timers open at the
stop fire once, nothing is re-emitted.
"""
from __future__ import annotations

import shutil
import time

from chaos import (INPUT_TOPIC, PARTITIONS, STATEFUL_CONFIG, GroupWatcher, build_stream, check_exactly_once,
                   expected_actions, metrics_summary, produce_stream, sigterm, wait_until_done)
from conftest import unique

HALF = 0.5


def dir_size(path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()] if path.exists() else []
    return len(files), sum(p.stat().st_size for p in files)


def test_state_rebuilt_from_changelogs_after_losing_state_dir(broker, daemon_factory, tmp_path):
    stream = build_stream()
    broker.create_topic(INPUT_TOPIC, PARTITIONS)
    produce_stream(broker, stream)
    want = expected_actions(stream, tmp_path / "replay")
    ends = stream.ends()

    group = unique("it-eo-rebuild")
    state = tmp_path / "state"
    first = daemon_factory(STATEFUL_CONFIG, broker, group, state, name="before-loss")
    w = GroupWatcher(broker, group)
    try:
        deadline = time.monotonic() + 120
        while w.total() < stream.total * HALF:
            assert first.running(), f"the first daemon exited\n{first.describe()}"
            assert time.monotonic() < deadline, \
                f"the first daemon did not commit half the input in 120s: {w.committed()}\n{first.describe()}"
            time.sleep(0.1)
        took = sigterm(first)
        committed = w.committed()
    finally:
        w.close()
    done = sum(max(0, o) for o in committed.values())
    files, size = dir_size(state)
    log = (f"first daemon stopped (SIGTERM, {took:.1f}s) with {done}/{stream.total} committed {committed}; "
           f"{metrics_summary(first)}; deleting its state dir ({files} files, {size} bytes)")
    print("\n" + log)
    assert done < stream.total * 0.9, f"the stop came too late to be mid-stream\n{log}"

    shutil.rmtree(state, ignore_errors=True)
    assert not state.exists()

    second = daemon_factory(STATEFUL_CONFIG, broker, group, state, name="after-loss")
    waited = wait_until_done(broker, group, ends, [second])
    took = sigterm(second)
    more = f"second daemon done {waited:.1f}s after its start, SIGTERM took {took:.1f}s; {metrics_summary(second)}"
    print(more)
    log += "\n" + more
    check_exactly_once(broker, want, log)
