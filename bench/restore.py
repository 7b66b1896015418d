#!/usr/bin/env python3
"""Restore benchmark (issue #4): how long a restarted daemon takes to get N keys of state back,
from its local SQLite files and, with the state directory gone, from the changelog topics alone.

  1. load     a fresh Tansu broker (memory storage); N `cart_add` events of N distinct customers
              into a P-partition input topic; `stream-daemon run` (release build) with
              bench/configs/restore.yaml (an `absence` pipeline, 30 days: every key keeps a pending
              timer) until the group's committed offsets reach the partition ends (the daemon
              commits them right after the checkpoint that covers them); SIGTERM.
  2. local    the daemon again, same state dir: each task opens its SQLite file, reads the
              changelog tail after the file's checkpoint (empty here) and loads every key.
  3. changelog  the state dir deleted, the daemon again: each task reads its changelog partitions
              from offset 0, rewrites its SQLite file and loads every key.

For 2 and 3 the daemon logs one `task restored` line per task (task, checkpoint, keys held in
memory, ms, and in newer builds the changelog records read); lines are stamped as they arrive.
Tasks restore one after another, so the restore runs from the first task's start (its line's
arrival minus its ms) to the last line. Reported: the keys restored (rows in the task files, must
be N; the resident keys, N unless `state.cache_max_keys` bounds them per task; `events_in` stays
0), that restore time and the longest task, the wall time from process start to the last line
(start-up and the consumer-group join included), keys/s over the restore, the daemon's CPU
seconds at that point and its peak RSS (VmHWM).

Output: a table on stdout, bench/out/restore.json, logs in bench/out/logs/restore-*.

  source scripts/env.sh
  swift build -c release --scratch-path .build-bench $SWIFT_BUILD_FLAGS --product stream-daemon
  $VENV/bin/python bench/restore.py [--keys 1000000] [--partitions 4] [--runs 3] [--daemon PATH] [--perf]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (helpers: process bookkeeping, Tansu broker, /proc readers, perf)
from bench import (BENCH, CONSUMER_QUIRKS, LOGS, OUT, PROF, ROOT, Broker, child_pids, cpu_seconds,  # noqa: E402
                   kill_proc, log, mib, perf_prefix, perf_summary, rdk_env, spawn, vm_hwm_kib)

CONFIG = BENCH / "configs" / "restore.yaml"
STATE = OUT / "restore-state"          # not bench.py's TMP: bench.py deletes that when it ends
INPUT, ACTIONS, DLQ = "bench.restore.in", "bench.restore.actions", "bench.restore.deadletter"
PIPELINE = "cart_abandoned"
META = re.compile(r"(\w+)=(\S+)")


# ---------------------------------------------------------------------------------------------
# load
# ---------------------------------------------------------------------------------------------

def produce(b: Broker, n: int, span_s: int) -> dict:
    """N cart_add events, one per customer, event times spread evenly over `span_s` seconds
    ending 2 hours ago, keyed by customer (librdkafka's default partitioner). Returns the
    partition ends (from delivery reports: Tansu's ListOffsets under-reports them)."""
    from confluent_kafka import Producer
    ends: dict[int, int] = {}
    errors: list[str] = []

    def on_delivery(err, msg):
        if err is not None:
            errors.append(str(err))
        else:
            p, o = msg.partition(), msg.offset()
            if o >= ends.get(p, 0):
                ends[p] = o + 1

    p = Producer({"bootstrap.servers": b.bootstrap, "linger.ms": 50, "batch.num.messages": 10000,
                  "batch.size": 1000000, "queue.buffering.max.messages": 1000000,
                  "queue.buffering.max.kbytes": 1048576, "compression.type": "none", "log_level": 3})
    width = len(str(n - 1))
    t_end = (int(time.time()) - 7200) * 1000
    t_first = t_end - span_s * 1000
    step = span_s * 1000 / n
    t0 = time.monotonic()
    produce_ = p.produce
    for i in range(n):
        key = f"c-{i:0{width}d}"
        value = f'{{"type":"cart_add","customer_id":"{key}","ts":{t_first + int(i * step)},"sku":"SKU-{i % 1000}"}}'
        while True:
            try:
                produce_(INPUT, value, key, on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.05)
        if i % 20000 == 0:
            p.poll(0)
    left = p.flush(300)
    took = time.monotonic() - t0
    if left or errors or sum(ends.values()) != n:
        raise RuntimeError(f"produce failed: {left} undelivered, {len(errors)} errors {errors[:3]}, ends {ends}")
    return {"produce_s": took, "events_per_s": n / took, "ends": dict(sorted(ends.items())),
            "event_time_first_ms": t_first, "event_time_last_ms": t_first + int((n - 1) * step)}


def committed(b: Broker, group: str, partitions: int):
    from confluent_kafka import Consumer, KafkaException, TopicPartition
    c = Consumer({"bootstrap.servers": b.bootstrap, "group.id": group, "enable.auto.commit": False,
                  "log_level": 3, **CONSUMER_QUIRKS})

    def read() -> dict[int, int]:
        try:
            tps = c.committed([TopicPartition(INPUT, p) for p in range(partitions)], timeout=10)
        except KafkaException:
            return {}
        return {tp.partition: tp.offset for tp in tps}
    return c, read


def count_changelog(b: Broker, topic: str, partitions: int) -> dict:
    """Records per changelog partition (data rows, checkpoint markers, tombstones), by reading it."""
    from confluent_kafka import Consumer, KafkaError, TopicPartition
    c = Consumer({"bootstrap.servers": b.bootstrap, "group.id": f"bench-restore-count-{os.getpid()}",
                  "enable.auto.commit": False, "enable.partition.eof": True, "log_level": 3, **CONSUMER_QUIRKS})
    c.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
    rows = {p: 0 for p in range(partitions)}
    markers = tombstones = value_bytes = 0
    done: set[int] = set()
    deadline = time.monotonic() + 300
    try:
        while len(done) < partitions:
            if time.monotonic() > deadline:
                raise RuntimeError(f"reading {topic} timed out ({rows})")
            for m in c.consume(10000, 0.5):
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF:
                        done.add(m.partition())
                        continue
                    raise RuntimeError(f"reading {topic}: {m.error()}")
                rows[m.partition()] += 1
                if m.headers() and any(k == "sd.checkpoint" for k, _ in m.headers()):
                    markers += 1
                elif m.value() is None:
                    tombstones += 1
                else:
                    value_bytes += len(m.value())
    finally:
        c.close()
    total = sum(rows.values())
    return {"records": total, "by_partition": rows, "markers": markers, "tombstones": tombstones,
            "avg_state_value_bytes": round(value_bytes / max(1, total - markers - tombstones), 1)}


def state_file_keys() -> dict:
    """Rows in the task state files (the daemon has stopped), per file: every key is one row."""
    import sqlite3
    per = {}
    for f in sorted(STATE.rglob("*.sqlite")):
        con = sqlite3.connect(f"file:{f}?mode=ro", uri=True)
        try:
            per[f.stem] = con.execute("SELECT count(*) FROM state").fetchone()[0]
        finally:
            con.close()
    return {"keys": sum(per.values()), "per_file": per}


def dir_size(path: Path) -> dict:
    files = [p for p in path.rglob("*") if p.is_file()] if path.exists() else []
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


# ---------------------------------------------------------------------------------------------
# the daemon
# ---------------------------------------------------------------------------------------------

class Daemon:
    """`stream-daemon run`: stdout metrics and stderr log lines, each stamped on arrival (the log
    handler's own timestamps have 1 s resolution); VmHWM sampled every 0.2 s."""

    def __init__(self, daemon_bin: str, config: Path, b: Broker, group: str, name: str, perf: bool,
                 fetch_wait_ms: int, cache_max_keys: int):
        self.name = name
        self.metrics: list[dict] = []
        self.lines: list[tuple[float, str]] = []
        self.lock = threading.Lock()
        env = rdk_env({"KAFKA_BROKERS": b.bootstrap, "GROUP": group, "STATE_DIR": STATE, "INPUT_TOPIC": INPUT,
                       "ACTIONS_TOPIC": ACTIONS, "DLQ_TOPIC": DLQ, "FETCH_WAIT_MS": fetch_wait_ms,
                       "CACHE_MAX_KEYS": cache_max_keys})
        cmd = [daemon_bin, "run", "--config", str(config)]
        self.perf_data = PROF / f"restore-{name}.perf.data" if perf else None
        if self.perf_data:
            cmd = perf_prefix(self.perf_data) + cmd
        self.t0 = time.monotonic()
        self.proc = spawn(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.pid = self.proc.pid
        if self.perf_data:  # the daemon is perf's child
            deadline = time.monotonic() + 10
            while self.pid == self.proc.pid and time.monotonic() < deadline:
                kids = child_pids(self.proc.pid)
                self.pid = kids[0] if kids else self.pid
                time.sleep(0.01)
        self.peak_kib = 0
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=f, daemon=True) for f in (self._out, self._err, self._sample)]
        for t in self._threads:
            t.start()

    def _out(self):
        with open(LOGS / f"restore-{self.name}.stdout", "wb") as raw:
            for line in self.proc.stdout:
                raw.write(line)
                try:
                    m = json.loads(line)
                except ValueError:
                    continue
                m["_recv"] = time.monotonic() - self.t0
                with self.lock:
                    self.metrics.append(m)

    def _err(self):
        with open(LOGS / f"restore-{self.name}.stderr", "wb") as raw:
            for line in self.proc.stderr:
                t = time.monotonic() - self.t0
                raw.write(line)
                raw.flush()
                with self.lock:
                    self.lines.append((t, line.decode(errors="replace").rstrip("\n")))

    def _sample(self):
        while not self._stop.is_set():
            kib = vm_hwm_kib(self.pid)
            if kib:
                self.peak_kib = max(self.peak_kib, kib)
            self._stop.wait(0.2)

    def check_alive(self, what: str):
        if self.proc.poll() is not None:
            raise RuntimeError(f"daemon {self.name} exited ({self.proc.returncode}) while {what}; "
                               f"see bench/out/logs/restore-{self.name}.stderr")
        with self.lock:
            bad = [ln for _, ln in self.lines if " error " in ln or " critical " in ln]
        if bad:
            raise RuntimeError(f"daemon {self.name} logged an error while {what}: {bad[0]}")

    def log_events(self, message: str) -> list[tuple[float, dict]]:
        """(arrival s, metadata) of every log line whose message is `message`."""
        with self.lock:
            lines = list(self.lines)
        pat = re.compile(r" \[[^\]]*\] " + re.escape(message) + "$")
        out = []
        for t, ln in lines:
            if pat.search(ln):
                # "<time> <level> <label>: k=v k=v [<source>] <message>" (swift-log StreamLogHandler)
                out.append((t, dict(META.findall(ln[:pat.search(ln).start()]))))
        return out

    def stop(self) -> dict:
        hwm = vm_hwm_kib(self.pid)
        self.peak_kib = max(self.peak_kib, hwm or 0)
        info = {"cpu_s": cpu_seconds(self.pid)}
        t = time.monotonic()
        if self.proc.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.proc.wait(120 if self.perf_data else 60)
            except subprocess.TimeoutExpired:
                kill_proc(self.proc)
        info["stop_s"] = time.monotonic() - t
        info["exit_code"] = self.proc.returncode
        self._stop.set()
        for th in self._threads:
            th.join(5)
        info["peak_rss_mib"] = mib(self.peak_kib) if self.peak_kib else None
        if self.perf_data:
            perf_summary(self.perf_data)
        return info


# ---------------------------------------------------------------------------------------------
# phases
# ---------------------------------------------------------------------------------------------

def load_phase(args, b: Broker, group: str, ends: dict[int, int]) -> dict:
    d = Daemon(args.daemon, args.config, b, group, "load", perf=False, fetch_wait_ms=args.fetch_wait_ms,
               cache_max_keys=args.cache_max_keys)
    c, read = committed(b, group, args.partitions)
    try:
        deadline = time.monotonic() + args.timeout
        last_log = 0.0
        while True:
            got = read()
            if got and all(got.get(p, -1) >= e for p, e in ends.items()):
                break
            d.check_alive("loading")
            if time.monotonic() > deadline:
                raise RuntimeError(f"load: group did not commit {ends} in {args.timeout} s (committed {got})")
            if time.monotonic() - last_log > 10:
                with d.lock:
                    m = d.metrics[-1] if d.metrics else {}
                log(f"  load: events_in {m.get('events_in', 0):,}, state_keys {sum(m.get('state_keys', {}).values()):,}, "
                    f"checkpoints {m.get('checkpoints', 0)}, committed {sum(max(0, o) for o in got.values()):,}")
                last_log = time.monotonic()
            time.sleep(0.25)
        done_s = time.monotonic() - d.t0
        # A metrics line showing all of it (lines come every second; the last one, after the
        # shutdown, has no tasks open any more).
        deadline = time.monotonic() + 15
        last: dict = {}
        while time.monotonic() < deadline:
            with d.lock:
                last = d.metrics[-1] if d.metrics else {}
            if last.get("events_in", 0) >= args.keys:
                break
            d.check_alive("waiting for metrics")
            time.sleep(0.1)
    finally:
        c.close()
        info = d.stop()
    # Input is fetched once the (empty) tasks are restored and their partitions assigned.
    marks = [t for msg in ("partitions assigned", "task restored") for t, _ in d.log_events(msg)]
    first_in = max(marks) if marks else None
    resident = sum(last.get("state_keys", {}).values())
    if info["exit_code"] != 0:
        raise RuntimeError(f"load: daemon exited {info['exit_code']} on SIGTERM (bench/out/logs/restore-load.stderr)")
    if last.get("events_in") != args.keys or last.get("dead_letters") or last.get("actions_out"):
        raise RuntimeError(f"load: unexpected final metrics: events_in={last.get('events_in')} "
                           f"dead_letters={last.get('dead_letters')} actions_out={last.get('actions_out')}")
    files = state_file_keys()
    if files["keys"] != args.keys:
        raise RuntimeError(f"load: the state files hold {files['keys']} keys, expected {args.keys}: {files}")
    return {"processed_and_committed_s": done_s, "input_started_s": first_in,
            "events_per_s": args.keys / (done_s - first_in) if first_in is not None else None,
            "checkpoints": last.get("checkpoints"), "resident_keys_metric": resident, "state_files": files, **info}


def restore_phase(args, b: Broker, group: str, name: str) -> dict:
    broker_cpu0 = cpu_seconds(b.proc.pid)
    d = Daemon(args.daemon, args.config, b, group, name, perf=args.perf, fetch_wait_ms=args.fetch_wait_ms,
               cache_max_keys=args.cache_max_keys)
    try:
        deadline = time.monotonic() + args.timeout
        while True:
            restored = d.log_events("task restored")
            assigned = d.log_events("partitions assigned")
            if len(restored) >= args.partitions and assigned:
                break
            d.check_alive("restoring")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name}: {len(restored)} of {args.partitions} tasks restored after {args.timeout} s")
            time.sleep(0.05)
        # Ready to process: the last task restored and the partitions assigned. Builds that restore
        # inside the rebalance callback log the assignment last (after scanning the actions topic
        # for the restored tasks); builds that restore in the loop log it first.
        t_restored = max(restored[-1][0], assigned[0][0])
        cpu_at_restored = cpu_seconds(d.pid)
        broker_cpu = cpu_seconds(b.proc.pid) - broker_cpu0
        # The first metrics line after the restore: the keys the operators hold in memory.
        deadline = time.monotonic() + 30
        after = None
        while after is None and time.monotonic() < deadline:
            with d.lock:
                after = next((m for m in d.metrics if m["_recv"] > t_restored), None)
            d.check_alive("waiting for metrics")
            time.sleep(0.05)
    finally:
        info = d.stop()
    if info["exit_code"] != 0:
        raise RuntimeError(f"{name}: daemon exited {info['exit_code']} on SIGTERM (bench/out/logs/restore-{name}.stderr)")
    # `ms` is since the task's restore was queued (at the assignment) in builds that restore in
    # the loop, and its own duration in older ones; tasks restore one after another in both, so
    # each task's own time is the gap between consecutive `task restored` lines (the first: its ms).
    tasks = []
    for i, (t, m) in enumerate(restored):
        ms = int(m.get("ms", 0))
        own = ms / 1000 if i == 0 else t - restored[i - 1][0]
        tasks.append({"task": m.get("task"), "checkpoint": int(m.get("checkpoint", 0)),
                      "resident_keys": int(m.get("keys", 0)),
                      "changelog_records": int(m["records"]) if "records" in m else None,
                      "ms": ms, "own_s": round(own, 3), "logged_at_s": round(t, 3)})
    files = state_file_keys()
    keys = files["keys"]
    resident = sum(t["resident_keys"] for t in tasks)
    # The restore began `ms` before the first line arrived.
    began = restored[0][0] - tasks[0]["ms"] / 1000
    window = t_restored - began
    subscribed = d.log_events("subscribed")
    metric_keys = sum(after.get("state_keys", {}).values()) if after else None
    records = [t["changelog_records"] for t in tasks]
    res = {"keys": keys, "resident_keys": resident, "tasks": len(tasks), "per_task": tasks,
           "changelog_records_read": sum(records) if None not in records else None,
           "max_task_s": max(t["own_s"] for t in tasks),
           "start_to_restored_s": t_restored, "restore_window_s": window,
           "subscribed_s": subscribed[0][0] if subscribed else None, "restore_began_s": began,
           "keys_per_s": keys / window if window > 0 else None,
           "cpu_s_at_restored": cpu_at_restored, "broker_cpu_s_until_restored": broker_cpu,
           "resident_keys_metric_after": metric_keys, "state_files": files,
           "events_in_after": after.get("events_in") if after else None, **info}
    # Every key is back: in the task files (all of them) and in memory (all of them, unless the
    # build bounds it with state.cache_max_keys: then at most that many per task).
    per_task_cap = args.cache_max_keys
    if keys != args.keys or resident > args.keys or any(t["resident_keys"] > per_task_cap for t in tasks) \
            or (per_task_cap >= args.keys and resident != args.keys) or (after and after.get("events_in")):
        raise RuntimeError(f"{name}: {keys} keys in the state files, {resident} in memory, "
                           f"events_in after the restore {after and after.get('events_in')}; expected {args.keys}: {tasks}")
    return res


def median_run(runs: list[dict]) -> dict:
    """The run with the median restore time (a whole run, so its figures belong together),
    plus every run's restore time."""
    ranked = sorted(runs, key=lambda r: r["restore_window_s"])
    return {**ranked[(len(ranked) - 1) // 2], "runs": len(runs),
            "restore_window_s_all_runs": [round(r["restore_window_s"], 3) for r in runs],
            "cpu_s_at_restored_all_runs": [r["cpu_s_at_restored"] for r in runs],
            "all_runs": runs if len(runs) > 1 else None}


def wait_quiet(limit_s: float) -> float:
    """The machine is shared: waits (at most `limit_s`) for other processes to use < 30% CPU
    (the broker is idle between phases); returns the last reading."""
    bench.WAIT_IDLE_S = limit_s
    return bench.wait_quiet()


# ---------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keys", type=int, default=1_000_000, help="distinct keys = input events (default 1,000,000)")
    ap.add_argument("--partitions", type=int, default=4, help="input partitions = tasks (default 4)")
    ap.add_argument("--span-s", type=int, default=600, help="event-time span of the input (default 600 s)")
    ap.add_argument("--daemon", default=bench.DAEMON, help=f"release binary (default $BENCH_DAEMON_BIN or {bench.DAEMON})")
    ap.add_argument("--config", type=Path, default=CONFIG,
                    help="daemon config (default bench/configs/restore.yaml; a variant must keep its env variables)")
    ap.add_argument("--timeout", type=float, default=900, help="per-phase timeout in seconds (default 900)")
    ap.add_argument("--fetch-wait-ms", type=int, default=500,
                    help="the daemon's fetch.wait.max.ms (its consumers, the restore consumer too; default 500, "
                         "librdkafka's): Tansu answers a fetch with nothing new only when it expires")
    ap.add_argument("--cache-max-keys", type=int, default=100_000,
                    help="the config's state.cache_max_keys: keys per task and store kept in memory (default "
                         "100,000, the daemon's default; the rest is evicted to the task's SQLite file)")
    ap.add_argument("--runs", type=int, default=1, help="restore each way N times, report the median (default 1)")
    ap.add_argument("--wait-idle", type=float, default=60,
                    help="before each phase wait up to S seconds for other processes to use < 30%% CPU (default 60)")
    ap.add_argument("--perf", action="store_true", help="record both restores under perf (bench/out/prof/restore-*)")
    args = ap.parse_args()
    if not os.access(args.daemon, os.X_OK):
        raise SystemExit(f"no daemon binary at {args.daemon}: build it (swift build -c release ...) or pass --daemon")
    for dd in (OUT, LOGS):
        dd.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(STATE, ignore_errors=True)
    group = f"bench-restore-{os.getpid()}"
    t_all = time.monotonic()
    res: dict = {"keys": args.keys, "partitions": args.partitions, "daemon": args.daemon, "group": group,
                 "fetch_wait_ms": args.fetch_wait_ms, "cache_max_keys": args.cache_max_keys,
                 "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "load_avg_at_start": os.getloadavg()}
    try:
        with Broker("restore") as b:
            b.create_topics([INPUT, ACTIONS, DLQ], partitions=args.partitions)
            log(f"producing {args.keys:,} events ({args.keys:,} keys) to {INPUT} ({args.partitions} partitions)")
            prod = produce(b, args.keys, args.span_s)
            ends = prod.pop("ends")
            res["produce"] = prod
            log(f"  {prod['produce_s']:.1f} s ({prod['events_per_s']:,.0f}/s); ends {ends}")

            res["cpu_busy_before_load_pct"] = wait_quiet(args.wait_idle)
            log("load: daemon processes everything and checkpoints it (group commits reach the ends), SIGTERM")
            res["load"] = load_phase(args, b, group, ends)
            res["state_dir_after_load"] = dir_size(STATE)
            log(f"  done {res['load']['processed_and_committed_s']:.1f} s after start, "
                f"{res['load']['checkpoints']} checkpoints; state dir {res['state_dir_after_load']['bytes'] / 2**20:.0f} MiB")
            changelog = f"{group}-{PIPELINE}-changelog"
            res["changelog"] = {"topic": changelog, **count_changelog(b, changelog, args.partitions)}
            log(f"  changelog {changelog}: {res['changelog']['records']:,} records "
                f"({res['changelog']['markers']} markers, {res['changelog']['tombstones']} tombstones)")

            runs: dict[str, list[dict]] = {"local": [], "changelog": []}
            for i in range(args.runs):
                # Run i > 0 restores locally from the file the previous changelog restore rewrote.
                for source in ("local", "changelog"):
                    if source == "changelog":
                        shutil.rmtree(STATE)
                    busy = wait_quiet(args.wait_idle)
                    log(f"restore from {'local SQLite (same state dir)' if source == 'local' else 'changelog (state dir deleted)'}"
                        f", run {i + 1}/{args.runs} (other CPU use before start: {busy:.0f}%)")
                    r = restore_phase(args, b, group, f"{source}-{i}" if args.runs > 1 else source)
                    r["cpu_busy_before_pct"] = busy
                    if source == "changelog":
                        r["state_dir_after"] = dir_size(STATE)
                    runs[source].append(r)
                    own = ", ".join(f"{t['own_s']:.2f}" for t in r["per_task"])
                    log(f"  {r['keys']:,} keys ({r['resident_keys']:,} in memory): restore {r['restore_window_s']:.2f} s "
                        f"(tasks: {own} s), "
                        f"{r['cpu_s_at_restored']:.1f} CPU-s, peak RSS {r['peak_rss_mib']:.0f} MiB")
            res["local"], res["changelog_restore"] = median_run(runs["local"]), median_run(runs["changelog"])
            res["broker_peak_rss_mib"] = b.rss_mib()
    finally:
        shutil.rmtree(STATE, ignore_errors=True)
    res["total_wall_s"] = time.monotonic() - t_all
    (OUT / "restore.json").write_text(json.dumps(res, indent=2) + "\n")

    def row(label, r):
        return (f"| {label} | {r['keys']:,} | {r['resident_keys']:,} | {r['tasks']} | {r['start_to_restored_s']:.2f} | "
                f"{r['restore_window_s']:.2f} | {r['max_task_s']:.2f} | {r['keys_per_s']:,.0f} | "
                f"{r['cpu_s_at_restored']:.1f} | {r['broker_cpu_s_until_restored']:.1f} | {r['peak_rss_mib']:.0f} |")
    print(f"\nrestore of {args.keys:,} keys ({args.partitions} tasks; absence state, "
          f"~{res['changelog']['avg_state_value_bytes']:.0f}-byte values; changelog {res['changelog']['records']:,} records; "
          f"state dir {res['state_dir_after_load']['bytes'] / 2**20:.0f} MiB)\n")
    print("| source | keys | in memory | tasks | start→restored s | restore s | max task s | keys/s | CPU-s | broker CPU-s | peak RSS MiB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(row("local SQLite", res["local"]))
    print(row("changelog", res["changelog_restore"]))
    ld = res["load"]
    print(f"\n  load: produced in {prod['produce_s']:.1f} s; daemon processed + checkpointed in "
          f"{ld['processed_and_committed_s']:.1f} s ({ld['events_per_s'] or 0:,.0f} events/s, peak RSS {ld['peak_rss_mib']:.0f} MiB)")
    print(f"  keys: rows in the task state files after the restore; in memory: the restored tasks' resident keys "
          f"(state.cache_max_keys = {args.cache_max_keys:,} per task and store)")
    print(f"  start→restored: process start to the last task restored and its partitions assigned (incl. the "
          f"group join); restore s: from the assignment to that point; max task s: the longest task (they run one "
          f"after another); keys/s over restore s; CPU-s of the daemon and of the broker (since the daemon's start) "
          f"at that point")
    if args.runs > 1:
        for label, key in (("local SQLite", "local"), ("changelog", "changelog_restore")):
            print(f"  {label}: median of {args.runs} runs; restore s of each: "
                  f"{', '.join(f'{x:.2f}' for x in res[key]['restore_window_s_all_runs'])}")
    busy = [r["cpu_busy_before_pct"] for k in ("local", "changelog_restore") for r in (res[k]["all_runs"] or [res[k]])]
    if max(busy) >= bench.QUIET_PCT:
        print(f"  WARNING: other processes used up to {max(busy):.0f}% CPU when a restore started "
              f"(shared machine; compare CPU-s rather than seconds)")
    print(f"  details: {(OUT / 'restore.json').relative_to(ROOT)}, logs: bench/out/logs/restore-*; total {res['total_wall_s']:.0f} s")


if __name__ == "__main__":
    main()
