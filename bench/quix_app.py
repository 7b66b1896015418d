#!/usr/bin/env python3
"""The "peer" row: Quix Streams doing the same work as bench/configs/window.yaml.

JSON parse, event time from the `ts` field, a 1-minute tumbling count per customer (the message
key) with grace 0, emitted when the window closes (`final(closing_strategy="partition")`: a
window closes when its partition's event time passes its end, the closest match to the daemon's
watermark), written as JSON to an output topic.

Stops itself after `--expected` input events and writes timings to `--result` (JSON):
t_first/t_last (wall clock of the first and the expected-th event), t_start (process start).

Tansu workarounds (see bench/README.md):
  * consumers need session.timeout.ms=6000 and fetch.queue.backoff.ms=10;
  * Tansu returns no `retention.ms` in DescribeConfigs and has no AlterConfigs; Quix derives its
    internal (changelog) topic configs from the input topic's retention.ms. Changelog topics are
    off here (the daemon keeps window state in memory too), and as a belt-and-braces fix the
    derivation below falls back to retention.ms=-1 (infinite) when the broker does not say.
"""
import argparse
import json
import resource
import time
from datetime import timedelta

T_START = time.time()

from quixstreams import Application  # noqa: E402
from quixstreams.models.topics.manager import TopicManager  # noqa: E402

_orig_derive = TopicManager.derive_topic_config.__func__


def _derive_with_default_retention(cls, topics):
    for t in topics:
        cfg = t.broker_config
        if cfg is not None and cfg.extra_config is not None:
            cfg.extra_config.setdefault("retention.ms", "-1")
    return _orig_derive(cls, topics)


TopicManager.derive_topic_config = classmethod(_derive_with_default_retention)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--broker", required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--group", required=True)
    ap.add_argument("--state-dir", required=True)
    ap.add_argument("--expected", type=int, required=True)
    ap.add_argument("--result", required=True)
    a = ap.parse_args()

    app = Application(
        broker_address=a.broker,
        consumer_group=a.group,
        auto_offset_reset="earliest",
        state_dir=a.state_dir,
        use_changelog_topics=False,
        loglevel="WARNING",
        consumer_extra_config={"session.timeout.ms": 6000, "fetch.queue.backoff.ms": 10},
    )
    inp = app.topic(a.input, value_deserializer="json", key_deserializer="str",
                    timestamp_extractor=lambda value, headers, ts, ts_type: value["ts"])
    out = app.topic(a.output, value_serializer="json", key_serializer="str")

    st = {"n": 0, "t_first": None, "t_last": None, "windows": 0}

    def count_input(value):
        st["n"] += 1
        if st["n"] == 1:
            st["t_first"] = time.time()
        if st["n"] == a.expected:
            st["t_last"] = time.time()
            app.stop()

    def count_output(value):
        st["windows"] += 1

    sdf = app.dataframe(inp)
    sdf = sdf.update(count_input)
    sdf = sdf.tumbling_window(timedelta(minutes=1), grace_ms=0).count().final(closing_strategy="partition")
    sdf = sdf.update(count_output)
    sdf.to_topic(out)
    app.run()
    t_end = time.time()
    with open(a.result, "w") as f:
        json.dump({"events": st["n"], "windows_out": st["windows"], "t_start": T_START,
                   "t_first": st["t_first"], "t_last": st["t_last"], "t_end": t_end,
                   "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   "cpu_s": resource.getrusage(resource.RUSAGE_SELF).ru_utime
                   + resource.getrusage(resource.RUSAGE_SELF).ru_stime}, f)


if __name__ == "__main__":
    main()
