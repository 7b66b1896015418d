"""Tables survive restarts in the state directory: rows live in a SQLite file per table with the
table topic's offsets, so a restart reads only what was written to the topic since, and still
joins every row; deleting the state directory rebuilds the table from the whole topic.
"""
from __future__ import annotations

import json
import re
import signal
import time

from conftest import consume_all, produce, unique, write_test_config

PIPELINES = """\
  - name: greet
    where:
      - field: type
        equals: visit
    join:
      - table: profiles
        as: profile
        required: true
    action:
      channel: push
      message: "Hello {{profile.name}}"
"""


def loaded_records(stderr: str) -> list[int]:
    """The record counts of every "tables loaded" log line so far."""
    return [int(m) for m in re.findall(r"records=(\d+)[^\n]*tables loaded", stderr)]


def rows(m: dict) -> int:
    return (m.get("table_rows") or {}).get("profiles", -1)


def test_table_rows_survive_a_restart_and_only_the_tail_is_read(broker, daemon_factory, tmp_path):
    table_topic = unique("it-table") + ".profiles"
    cfg = write_test_config(tmp_path / "table.yaml", pipelines=PIPELINES)
    with open(cfg, "a") as f:
        f.write(f"tables:\n  - name: profiles\n    topic: {table_topic}\n    key_field: customer_id\n")
    broker.create_topic(table_topic, 2)
    produce(broker.bootstrap, table_topic,
            [(f"c-{i}", json.dumps({"customer_id": f"c-{i}", "name": f"N{i}"})) for i in range(500)])
    group = unique("it-table")
    state = tmp_path / "state"

    d1 = daemon_factory(cfg, broker, group, state, name="first")
    d1.wait_metrics(lambda m: rows(m) == 500, 60, "500 table rows")
    # Leave the group only once joined: the test broker mishandles a member leaving mid-join.
    d1.wait_metrics(lambda m: (m.get("assigned_partitions") or 0) > 0, 60, "assigned")
    rc, _ = d1.terminate(signal.SIGTERM)
    assert rc == 0, d1.stderr()[-2000:]
    assert loaded_records(d1.stderr()) == [500], d1.stderr()[-2000:]
    assert (state / group / "table-profiles.sqlite").exists(), list((state / group).iterdir())

    # Two rows change and one is deleted while no daemon runs.
    produce(broker.bootstrap, table_topic, [("c-1", json.dumps({"customer_id": "c-1", "name": "Renamed"})),
                                            ("c-2", None),
                                            ("c-900", json.dumps({"customer_id": "c-900", "name": "New"}))])
    d2 = daemon_factory(cfg, broker, group, state, name="second")
    d2.wait_metrics(lambda m: (m.get("assigned_partitions") or 0) > 0, 60, "assigned")
    assert loaded_records(d2.stderr()) == [3], "the restart re-read more than the topic's new records: " + d2.stderr()[-2000:]
    d2.wait_metrics(lambda m: rows(m) == 500, 30, "500 rows (one deleted, one added)")
    ts = int(time.time() * 1000)
    produce(broker.bootstrap, "cx.events", [(c, json.dumps({"type": "visit", "customer_id": c, "ts": ts + i}))
                                            for i, c in enumerate(["c-1", "c-2", "c-3", "c-900"])])
    m = d2.wait_metrics(lambda m: m.get("actions_out") == 3, 30, "three greetings (c-2 has no row)")
    rc, _ = d2.terminate(signal.SIGTERM)
    assert rc == 0
    messages = sorted(r.json()["message"] for r in consume_all(broker, "cx.actions", expected=3))
    assert messages == ["Hello N3", "Hello New", "Hello Renamed"], messages
