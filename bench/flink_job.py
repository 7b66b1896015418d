#!/usr/bin/env python3
"""The optional "flink" row: PyFlink SQL doing the replay row's work on the same JSON-lines file.

1-minute event-time TUMBLE count per customer (watermark = event time, i.e. no out-of-orderness
allowed, matching the daemon's bench config), parallelism 1, into a blackhole sink. Measures
submit -> finish of the INSERT job (bench.py subtracts the same for a 10-line file, leaving the
per-event cost without JVM/job start-up). Runs in .cache/flink-venv (pip install apache-flink).
"""
import argparse
import json
import time

from pyflink.table import EnvironmentSettings, TableEnvironment


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--result", required=True)
    a = ap.parse_args()
    t_start = time.time()
    env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    conf = env.get_config()
    conf.set("parallelism.default", "1")
    conf.set("pipeline.name", "stream-daemon-bench")
    env.execute_sql(f"""
        CREATE TABLE events (
            `type` STRING,
            customer_id STRING,
            ts BIGINT,
            sku STRING,
            channel STRING,
            rt AS TO_TIMESTAMP_LTZ(ts, 3),
            WATERMARK FOR rt AS rt
        ) WITH (
            'connector' = 'filesystem',
            'path' = 'file://{a.input}',
            'format' = 'json',
            'json.fail-on-missing-field' = 'false',
            'json.ignore-parse-errors' = 'false'
        )""")
    env.execute_sql("""
        CREATE TABLE sink (
            customer_id STRING,
            window_start TIMESTAMP(3),
            window_end TIMESTAMP(3),
            events BIGINT
        ) WITH ('connector' = 'blackhole')""")
    t_submit = time.time()
    result = env.execute_sql("""
        INSERT INTO sink
        SELECT customer_id, window_start, window_end, COUNT(*) AS events
        FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(rt), INTERVAL '1' MINUTE))
        GROUP BY customer_id, window_start, window_end""")
    result.wait()
    t_done = time.time()
    with open(a.result, "w") as f:
        json.dump({"job_s": t_done - t_submit, "setup_s": t_submit - t_start}, f)


if __name__ == "__main__":
    main()
