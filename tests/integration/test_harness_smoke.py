"""Checks the harness itself (broker fixture, producer, readers, group offsets) without the daemon,
so a failure here points at the environment rather than at stream-daemon."""
import time

from confluent_kafka import Consumer

from conftest import CONSUMER_BASE, TopicReader, committed_offsets, partition_ends, produce, unique


def test_broker_produce_consume_through_group(broker):
    assert broker.startup_s is not None and broker.startup_s < 10
    broker.create_topic("smoke", 4)
    produced = produce(broker.bootstrap, "smoke",
                       [(f"c{i % 200:03d}", f'{{"n":{i}}}', [("h", b"v")]) for i in range(1000)])
    ends = partition_ends(produced)
    assert sum(ends.values()) == 1000 and len(ends) == 4

    # A subscribing consumer group (what the daemon does), committing what it read.
    group = unique("smoke-group")
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group, **CONSUMER_BASE})
    c.subscribe(["smoke"])
    seen = set()
    deadline = time.monotonic() + 60
    while len(seen) < 1000 and time.monotonic() < deadline:
        for m in c.consume(500, 0.2):
            assert not m.error(), m.error()
            seen.add((m.partition(), m.offset()))
    assert len(seen) == 1000
    c.commit(asynchronous=False)
    c.close()
    assert committed_offsets(broker, group, "smoke") == ends

    # The independent reader: everything once, with headers, and fetch watermarks == ends.
    r = TopicReader(broker, "smoke")
    try:
        recs = r.read(expected=1000, idle=1.0, deadline=30)
        assert len(recs) == 1000
        assert {(x.partition, x.offset) for x in recs} == {(p.partition, p.offset) for p in produced}
        assert all(x.header("h") == b"v" for x in recs)
        assert r.watermarks() == ends
    finally:
        r.close()
