"""Right to be forgotten, end to end: an erase request deletes the customer's state in the task's
store and in the changelog (a tombstone), cancels the pending trigger, and is logged without the
customer id; other customers are untouched.

Event times are in 2030, ahead of the wall clock, so an idle partition's watermark (which
follows the wall clock) never overtakes them; a last event two hours later moves the watermark
past every deadline.
"""
from __future__ import annotations

import json
import signal
from datetime import datetime, timezone

from conftest import consume_all, produce, unique

CONFIG = """\
kafka:
  brokers: ${KAFKA_BROKERS}
  group_id: ${GROUP}
  properties:
    session.timeout.ms: "6000"
    fetch.queue.backoff.ms: "10"
  create_topics: true
  topic_partitions: 1
inputs:
  - topic: cx.events
    key_field: customer_id
    time_field: ts
    time_format: epoch_ms
output:
  actions_topic: cx.actions
  dead_letter_topic: cx.deadletter
metrics:
  interval: 1s
state:
  dir: ${STATE_DIR}
  erase_when:
    - field: type
      equals: erase_request
runtime:
  commit_interval: 300ms
pipelines:
  - name: cart_abandoned
    kind: absence
    start: [{field: type, equals: cart_add}]
    then: [{field: type, equals: purchase}]
    within: 30m
    action:
      channel: push
      message: "You left {{sku}} in your cart"
"""

T0 = int(datetime(2030, 6, 3, 9, 0, tzinfo=timezone.utc).timestamp() * 1000)
ERASED = "c-forget-me-7731"
KEPT = "c-keep"


def test_erase_request_deletes_state_changelog_and_pending_trigger(broker, daemon_factory, tmp_path):
    config = tmp_path / "erase.yaml"
    config.write_text(CONFIG)
    broker.create_topic("cx.events", 1)
    group = unique("it-erase")
    d = daemon_factory(config, broker, group, tmp_path / "state")
    d.wait_metrics(lambda m: (m.get("assigned_partitions") or 0) > 0, 60, "assigned_partitions > 0")

    def ev(minutes: int, type_: str, customer: str, **fields) -> tuple:
        return customer, json.dumps({"type": type_, "customer_id": customer, "ts": T0 + minutes * 60_000, **fields})

    produce(broker.bootstrap, "cx.events", [ev(0, "cart_add", KEPT, sku="A"), ev(0, "cart_add", ERASED, sku="B")])
    # Both carts are pending state, checkpointed to the store and the changelog.
    d.wait_metrics(lambda m: (m.get("state_keys") or {}).get("cart_abandoned", 0) == 2 and m.get("checkpoints", 0) >= 2,
                   30, "two pending carts checkpointed")
    produce(broker.bootstrap, "cx.events", [ev(1, "erase_request", ERASED)])
    d.wait_metrics(lambda m: m.get("erasures") == 1, 30, "erasures == 1")
    produce(broker.bootstrap, "cx.events", [ev(120, "noop", KEPT)])
    d.wait_metrics(lambda m: m.get("actions_out") == 1, 30, "one abandoned cart")
    rc, _ = d.terminate(signal.SIGTERM)
    assert rc == 0, d.stderr()[-2000:]

    # Only the kept customer's cart fires.
    actions = [r.json() for r in consume_all(broker, "cx.actions", expected=1)]
    assert [(a["trigger"], a["customer_id"]) for a in actions] == [("cart_abandoned", KEPT)], actions

    # The changelog's latest record for the erased key is a tombstone (compaction removes the key).
    changelog = consume_all(broker, f"{group}-cart_abandoned-changelog", expected=1)
    erased = [r for r in changelog if r.key == ERASED.encode()]
    assert erased, "the erased key never reached the changelog"
    assert erased[0].value is not None, "its cart was checkpointed before the erase"
    assert erased[-1].value is None, f"the erased key's last changelog record is not a tombstone: {erased[-1]}"

    # Logged, but without the customer id.
    log = d.stderr()
    assert "erase request carried out" in log, log[-2000:]
    assert ERASED not in log, "the erased customer's id appears in the daemon's log"
