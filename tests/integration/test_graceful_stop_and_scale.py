"""Graceful stop mid-stream (SIGINT) commits exactly what was processed; two instances in one
group split the partitions and hand them over when one stops."""
import signal
import threading
from collections import Counter

from conftest import committed_offsets, consume_all, partition_ends, produce, unique, wait_for, write_test_config
from cxevents import cart_add, cause_of, index_inputs, parse_action


class PacedProducer(threading.Thread):
    def __init__(self, broker, records, rate):
        super().__init__(daemon=True)
        self.broker, self.records, self.rate = broker, records, rate
        self.produced, self.errors = [], []

    def run(self):
        try:
            self.produced = produce(self.broker.bootstrap, "cx.events", self.records, rate=self.rate)
        except BaseException as e:
            self.errors.append(e)

    def result(self, timeout):
        self.join(timeout)
        assert not self.is_alive() and not self.errors, f"paced producer failed: {self.errors}"
        return self.produced


def actions_by_cause(broker, expected):
    recs = consume_all(broker, "cx.actions", expected=expected, idle=2.5, deadline=60)
    return Counter(cause_of(parse_action(r)) for r in recs), len(recs)


def test_sigint_midstream_commits_what_was_processed(broker, daemon_factory, tmp_path):
    n = 4000
    cfg = write_test_config(tmp_path / "config.yaml")
    group = unique("it-sigint")
    broker.create_topic("cx.events", 4)

    d = daemon_factory(cfg, broker, group, tmp_path / "state", name="daemon-sigint")
    d.wait_metrics(lambda m: (m.get("assigned_partitions") or 0) > 0, 60, "assigned_partitions > 0")
    p = PacedProducer(broker, [cart_add(i) for i in range(n)], rate=800.0)
    p.start()
    d.wait_metrics(lambda m: m.get("actions_out", 0) >= 1000, 60, "actions_out >= 1000")

    rc, took = d.terminate(signal.SIGINT, timeout=15)
    assert rc == 0, f"SIGINT: exit {rc} after {took:.1f}s\n{d.describe()}"
    assert took <= 10.5, f"SIGINT took {took:.1f}s"
    final = d.last()
    assert final["events_in"] < n, f"stop was not mid-stream: {final}"
    committed = committed_offsets(broker, group, "cx.events")
    assert sum(max(0, o) for o in committed.values()) == final["events_in"], \
        f"after a graceful stop the group's commits {committed} should cover exactly the " \
        f"{final['events_in']} events the daemon consumed (final metrics {final})"
    got, total = actions_by_cause(broker, final["actions_out"])
    assert total == final["actions_out"] == final["events_in"], \
        f"{total} actions on the topic, final metrics {final}"

    d2 = daemon_factory(cfg, broker, group, tmp_path / "state", name="daemon-after-sigint")
    produced = p.result(n / 800.0 + 60)
    target = {q: partition_ends(produced).get(q, 0) for q in range(4)}
    wait_for(lambda: committed_offsets(broker, group, "cx.events") == target, 90,
             f"all input committed {target}", interval=0.5)
    got, total = actions_by_cause(broker, n)
    inputs = index_inputs(produced)
    assert set(got) == set(inputs), f"{len(set(inputs) - set(got))} inputs without an action"
    dups = {c: k for c, k in got.items() if k > 1}
    assert not dups, f"{len(dups)} inputs got more than one action across a graceful stop, e.g. {list(dups)[:5]}"
    rc, took = d2.terminate(signal.SIGTERM, timeout=15)
    assert rc == 0 and took <= 10.5, f"SIGTERM: rc={rc} after {took:.1f}s\n{d2.describe()}"


def test_two_instances_share_and_hand_over(broker, daemon_factory, tmp_path):
    cfg = write_test_config(tmp_path / "config.yaml")
    group = unique("it-scale")
    broker.create_topic("cx.events", 4)

    a = daemon_factory(cfg, broker, group, tmp_path / "state-a", name="daemon-a")
    a.wait_metrics(lambda m: m.get("assigned_partitions") == 4, 60, "instance a owns all 4 partitions")
    b = daemon_factory(cfg, broker, group, tmp_path / "state-b", name="daemon-b")

    def split():
        la, lb = a.last(), b.last()
        return la and lb and la["assigned_partitions"] > 0 and lb["assigned_partitions"] > 0 \
            and la["assigned_partitions"] + lb["assigned_partitions"] == 4
    wait_for(split, 90, "the two instances to split the 4 partitions")

    produced = produce(broker.bootstrap, "cx.events", [cart_add(i) for i in range(2000)])
    target = {q: partition_ends(produced).get(q, 0) for q in range(4)}
    wait_for(lambda: committed_offsets(broker, group, "cx.events") == target, 60,
             f"all input committed {target}", interval=0.5)
    la, lb = a.last(), b.last()
    assert la["events_in"] > 0 and lb["events_in"] > 0, f"one instance did all the work: {la} / {lb}"
    assert la["events_in"] + lb["events_in"] == 2000, (la["events_in"], lb["events_in"])

    rc, took = a.terminate(signal.SIGTERM, timeout=15)
    assert rc == 0 and took <= 10.5, f"SIGTERM a: rc={rc} after {took:.1f}s\n{a.describe()}"
    b.wait_metrics(lambda m: m.get("assigned_partitions") == 4, 60, "instance b takes over all 4 partitions")

    more = produce(broker.bootstrap, "cx.events", [cart_add(i) for i in range(2000, 3000)])
    produced += more
    target = {q: partition_ends(produced).get(q, 0) for q in range(4)}
    wait_for(lambda: committed_offsets(broker, group, "cx.events") == target, 60,
             f"all input committed {target}", interval=0.5)
    got, total = actions_by_cause(broker, 3000)
    inputs = index_inputs(produced)
    assert set(got) == set(inputs), f"{len(set(inputs) - set(got))} inputs without an action"
    assert total == 3000, f"{total} actions for 3000 inputs (clean hand-over should not duplicate)"
    rc, took = b.terminate(signal.SIGTERM, timeout=15)
    assert rc == 0 and took <= 10.5, f"SIGTERM b: rc={rc} after {took:.1f}s\n{b.describe()}"
