#!/usr/bin/env python3
"""stream-daemon benchmark orchestrator (run it through bench/run.sh, which prepares everything).

Rows (each run on its own fresh Tansu broker, loaded with the same generated data set):
  ceiling   kcat -C -e | kcat -P: a broker-bound copy of the input topic (librdkafka tools)
  peer      Quix Streams: JSON parse + 1-minute event-time tumbling count per customer, emitted
            on window close, to an output topic (bench/quix_app.py)
  us        stream-daemon run (release build) with bench/configs/window.yaml: the same work
  latency   stream-daemon run with an immediate filter (bench/configs/latency.yaml) while
            bench/latency_probe.py paces 20k events/s and measures event -> action latency
  replay    stream-daemon replay over the same events as a JSON-lines file (every window result),
            and again with a threshold on the count (bench/configs/window-threshold.yaml: the
            replay target's "tumbling count + threshold trigger"; few actions)
  flink     (--with-flink) PyFlink SQL TUMBLE over the same file into a blackhole sink
  scaling   (unless --no-scaling) `us` with 10k and 1M distinct keys (100k is the `us` row)

Output: a table on stdout, bench/out/results.json, bench/results.png.
"""
from __future__ import annotations

import argparse
import atexit
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
DATA = OUT / "data"
LOGS = OUT / "logs"
TMP = OUT / "tmp"
CACHE = ROOT / ".cache"
RDK_LIB = CACHE / "librdkafka" / "lib"
TANSU = os.environ.get("TANSU") or str(CACHE / "tansu")
DAEMON = os.environ.get("BENCH_DAEMON_BIN") or str(ROOT / ".build-bench" / "release" / "stream-daemon")
PY = sys.executable
PROF = OUT / "prof"
PERF = False  # --perf: record `us` and `replay` under `perf record -g` (bench/out/prof/)
CONSUMER_QUIRKS = {"session.timeout.ms": 6000, "fetch.queue.backoff.ms": 10}

# ---------------------------------------------------------------------------------------------
# process bookkeeping: everything we start is in its own process group, killed on exit
# ---------------------------------------------------------------------------------------------

_procs: list[subprocess.Popen] = []
_procs_lock = threading.Lock()


def spawn(cmd, *, env=None, stdout=None, stderr=None, stdin=subprocess.DEVNULL, cwd=None) -> subprocess.Popen:
    p = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=stderr, stdin=stdin, cwd=cwd,
                         start_new_session=True)
    with _procs_lock:
        _procs.append(p)
    return p


def kill_proc(p: subprocess.Popen, sig=signal.SIGKILL):
    if p.poll() is None:
        try:
            os.killpg(p.pid, sig)
        except ProcessLookupError:
            pass
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            pass


def cleanup():
    with _procs_lock:
        procs = list(_procs)
        _procs.clear()
    for p in reversed(procs):
        kill_proc(p)


def _on_signal(signum, frame):
    cleanup()
    sys.exit(128 + signum)


atexit.register(cleanup)
signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGINT, _on_signal)


def log(msg: str):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def rdk_env(extra: dict | None = None) -> dict:
    """Environment for kcat / the daemon: librdkafka 2.8.0 (Debian's 2.0.2 cannot talk to Tansu)."""
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = str(RDK_LIB) + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    if extra:
        env.update({k: str(v) for k, v in extra.items()})
    return env


def vm_hwm_kib(pid: int) -> int | None:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def mib(kib) -> float | None:
    return None if kib is None else kib / 1024.0


# ---------------------------------------------------------------------------------------------
# broker
# ---------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    """A fresh Tansu broker (memory storage) on a free port."""

    def __init__(self, name: str):
        self.name = name
        self.proc: subprocess.Popen | None = None
        self.bootstrap = ""
        self._admin = None

    def __enter__(self):
        from confluent_kafka import KafkaException
        from confluent_kafka.admin import AdminClient
        for attempt in range(5):
            port = free_port()
            url = f"tcp://127.0.0.1:{port}"
            self.bootstrap = f"127.0.0.1:{port}"
            logf = open(LOGS / f"tansu-{self.name}.log", "wb")
            self.proc = spawn([TANSU, "broker", "--listener-url", url, "--advertised-listener-url", url],
                              stdout=logf, stderr=subprocess.STDOUT)
            logf.close()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", port), 0.2).close()
                    if self._admin is None:
                        self._admin = AdminClient({"bootstrap.servers": self.bootstrap, "log_level": 3})
                    if self._admin.list_topics(timeout=2).brokers:
                        return self
                except (OSError, KafkaException):
                    pass
                time.sleep(0.05)
            self._admin = None
            kill_proc(self.proc)
        raise RuntimeError("could not start Tansu (see bench/out/logs/tansu-*.log)")

    def __exit__(self, *exc):
        self._admin = None
        if self.proc:
            kill_proc(self.proc)

    def rss_mib(self) -> float | None:
        return mib(vm_hwm_kib(self.proc.pid)) if self.proc else None

    def create_topics(self, names, partitions=4):
        from confluent_kafka.admin import NewTopic
        fs = self._admin.create_topics([NewTopic(n, partitions, 1) for n in names], operation_timeout=10)
        for f in fs.values():
            f.result(15)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            md = self._admin.list_topics(timeout=5).topics
            if all(n in md and len(md[n].partitions) == partitions for n in names):
                return
            time.sleep(0.05)
        raise RuntimeError(f"topics {names} not visible")

    def load(self, topic: str, keyed_file: Path) -> float:
        """Produces `key<TAB>value` lines with kcat (librdkafka); returns seconds taken."""
        t0 = time.monotonic()
        r = subprocess.run(["kcat", "-P", "-b", self.bootstrap, "-t", topic, "-K", "\t", "-z", "none",
                            "-X", "linger.ms=20", "-X", "batch.num.messages=10000", "-l", str(keyed_file)],
                           env=rdk_env(), capture_output=True, timeout=300)
        if r.returncode != 0 or b"Failed" in r.stderr or b"ERROR" in r.stderr:
            raise RuntimeError(f"kcat -P failed: {r.stderr[-2000:]!r}")
        return time.monotonic() - t0

    def count(self, topic: str) -> int:
        """Records in a topic, by consuming it (Tansu's ListOffsets under-reports ends)."""
        r = subprocess.run(f"kcat -C -b {self.bootstrap} -t {topic} -e -q -X fetch.queue.backoff.ms=10 | wc -l",
                           shell=True, env=rdk_env(), capture_output=True, timeout=300)
        return int(r.stdout.strip() or 0)


# ---------------------------------------------------------------------------------------------
# data set
# ---------------------------------------------------------------------------------------------

def dataset(events: int, customers: int, span_s: int) -> dict:
    """Generates the data set once (deterministic; cached in bench/out/data)."""
    DATA.mkdir(parents=True, exist_ok=True)
    stem = f"events-{events}-c{customers}-s{span_s}"
    jsonl, keyed, ok = DATA / f"{stem}.jsonl", DATA / f"{stem}.keyed", DATA / f"{stem}.ok"
    gen = BENCH / "gen_events.py"
    stamp = f"{gen.stat().st_mtime_ns}"
    if not (ok.exists() and ok.read_text() == stamp and jsonl.exists() and keyed.exists()):
        log(f"generating {events:,} events over {customers:,} customers -> {jsonl.relative_to(ROOT)}")
        t0 = time.monotonic()
        subprocess.run([PY, str(gen), "--events", str(events), "--customers", str(customers),
                        "--span-s", str(span_s), "--jsonl", str(jsonl), "--keyed", str(keyed)], check=True)
        ok.write_text(stamp)
        log(f"  generated in {time.monotonic() - t0:.1f}s")
    size = jsonl.stat().st_size
    return {"events": events, "customers": customers, "span_s": span_s, "jsonl": jsonl, "keyed": keyed,
            "bytes": size, "avg_value_bytes": round(size / events - 1, 1)}


# ---------------------------------------------------------------------------------------------
# rows
# ---------------------------------------------------------------------------------------------

def row_ceiling(ds: dict, run: int) -> dict:
    with Broker(f"ceiling-{run}") as b:
        b.create_topics(["bench.in", "bench.copy"])
        b.load("bench.in", ds["keyed"])
        rss_c, rss_p = TMP / "kcat-c.rss", TMP / "kcat-p.rss"
        # Both ends with librdkafka defaults, plus the Tansu consumer quirk.
        cmd = (f"set -o pipefail; /usr/bin/time -f '%M %U %S' -o {rss_c} kcat -C -b {b.bootstrap} -t bench.in -e -q "
               f"-K $'\\t' -X fetch.queue.backoff.ms=10 "
               f"| /usr/bin/time -f '%M %U %S' -o {rss_p} kcat -P -b {b.bootstrap} -t bench.copy -K $'\\t'")
        t0 = time.monotonic()
        p = spawn(["bash", "-c", cmd], env=rdk_env(), stderr=open(LOGS / f"ceiling-{run}.stderr", "wb"))
        rc = p.wait(600)
        wall = time.monotonic() - t0
        if rc != 0:
            raise RuntimeError(f"kcat pipe exited {rc} (see bench/out/logs/ceiling-{run}.stderr)")
        copied = b.count("bench.copy")
        if copied != ds["events"]:
            raise RuntimeError(f"ceiling copied {copied} records, expected {ds['events']}")
        tc = [float(x) for x in rss_c.read_text().split()[-3:]]
        tp = [float(x) for x in rss_p.read_text().split()[-3:]]
        cpu = tc[1] + tc[2] + tp[1] + tp[2]
        return {"events_per_s": ds["events"] / wall, "wall_s": wall, "peak_rss_mib": (tc[0] + tp[0]) / 1024,
                "cpu_s": cpu, "events_per_cpu_s": ds["events"] / cpu if cpu else None,
                "copied": copied, "broker_rss_mib": b.rss_mib()}


def row_peer(ds: dict, run: int) -> dict:
    with Broker(f"peer-{run}") as b:
        b.create_topics(["bench.in", "bench.quix.out"])
        b.load("bench.in", ds["keyed"])
        state = TMP / f"quix-state-{run}"
        result = TMP / f"quix-{run}.json"
        result.unlink(missing_ok=True)
        t0 = time.monotonic()
        p = spawn([PY, str(BENCH / "quix_app.py"), "--broker", b.bootstrap, "--input", "bench.in",
                   "--output", "bench.quix.out", "--group", f"bench-quix-{os.getpid()}-{run}",
                   "--state-dir", str(state), "--expected", str(ds["events"]), "--result", str(result)],
                  stdout=open(LOGS / f"peer-{run}.stdout", "wb"), stderr=open(LOGS / f"peer-{run}.stderr", "wb"))
        try:
            rc = p.wait(1200)
        except subprocess.TimeoutExpired:
            kill_proc(p)
            raise RuntimeError("Quix did not finish within 20 min")
        wall = time.monotonic() - t0
        if rc != 0 or not result.exists():
            raise RuntimeError(f"quix_app exited {rc} (see bench/out/logs/peer-{run}.stderr)")
        r = json.loads(result.read_text())
        subprocess.run(["rm", "-rf", str(state)])
        active = r["t_last"] - r["t_first"]
        return {"events_per_s": ds["events"] / active, "active_s": active,
                "incl_startup_events_per_s": ds["events"] / (r["t_last"] - r["t_start"]), "wall_s": wall,
                "peak_rss_mib": r["maxrss_kib"] / 1024, "windows_out": r["windows_out"],
                "cpu_s": r.get("cpu_s"), "events_per_cpu_s": ds["events"] / r["cpu_s"] if r.get("cpu_s") else None}


class DaemonRun:
    """`stream-daemon run` with stdout metrics parsed as they arrive."""

    def __init__(self, config: Path, broker: Broker, name: str, env: dict):
        self.name = name
        self.samples: list[dict] = []
        self.lock = threading.Lock()
        self.state = TMP / f"state-{name}"
        e = rdk_env({"KAFKA_BROKERS": broker.bootstrap, "GROUP": f"bench-{name}-{os.getpid()}-{time.time_ns()}",
                     "STATE_DIR": self.state, "METRICS_INTERVAL": "250ms", **env})
        self.t0 = time.monotonic()
        cmd = [DAEMON, "run", "--config", str(config)]
        self.perf_data = PROF / f"{name}.perf.data" if PERF else None
        if self.perf_data:
            cmd = perf_prefix(self.perf_data) + cmd
        self.proc = spawn(cmd, env=e, stdout=subprocess.PIPE, stderr=open(LOGS / f"{name}.stderr", "wb"))
        self.pid = self.proc.pid
        if self.perf_data:  # the daemon is perf's child
            deadline = time.monotonic() + 10
            while self.pid == self.proc.pid and time.monotonic() < deadline:
                kids = child_pids(self.proc.pid)
                self.pid = kids[0] if kids else self.pid
                time.sleep(0.01)
        self.raw = open(LOGS / f"{name}.stdout", "wb")
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.raw.write(line)
            try:
                m = json.loads(line)
            except ValueError:
                continue
            m["_recv"] = time.monotonic() - self.t0
            with self.lock:
                self.samples.append(m)

    def wait_for(self, pred, timeout: float, what: str) -> dict:
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            with self.lock:
                new = self.samples[seen:]
                seen = len(self.samples)
            for m in new:
                if pred(m):
                    return m
            if self.proc.poll() is not None:
                raise RuntimeError(f"daemon {self.name} exited ({self.proc.returncode}) waiting for {what}; "
                                   f"see bench/out/logs/{self.name}.stderr")
            if time.monotonic() > deadline:
                raise RuntimeError(f"daemon {self.name}: timed out waiting for {what}")
            time.sleep(0.02)

    def stop(self) -> dict:
        info = {"peak_rss_mib": mib(vm_hwm_kib(self.pid)), "cpu_s": cpu_seconds(self.pid)}
        if self.proc.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.proc.wait(60 if self.perf_data else 20)
            except subprocess.TimeoutExpired:
                kill_proc(self.proc)
        info["exit_code"] = self.proc.returncode
        self.reader.join(5)
        self.raw.close()
        subprocess.run(["rm", "-rf", str(self.state)])
        if self.perf_data:
            perf_summary(self.perf_data)
        return info


def active_throughput(samples: list[dict], total: int) -> dict:
    """Events/s between the first and the `total`-th consumed event, from 1 s metrics lines
    (`uptime_s`, cumulative `events_in`). Start and end fall between two lines; they are placed
    by linear interpolation at the neighbouring interval's rate (bounds are reported too)."""
    pts = [(m["uptime_s"], m["events_in"]) for m in samples]
    k = next(i for i, (_, e) in enumerate(pts) if e > 0)
    m = next(i for i, (_, e) in enumerate(pts) if e >= total)
    u = [p[0] for p in pts]
    e = [p[1] for p in pts]
    prev_u = u[k - 1] if k > 0 else 0.0
    if m <= k + 1:  # within one or two intervals: no interval rate to interpolate with, so
        # only the lower bound (whole intervals) is known; a finer metrics interval avoids this.
        return {"events_per_s": total / (u[m] - prev_u), "lower_bound": total / (u[m] - prev_u),
                "upper_bound": None, "active_s": u[m] - prev_u, "t_first_s": prev_u, "t_done_s": u[m]}
    r_start = (e[k + 1] - e[k]) / (u[k + 1] - u[k]) if k + 1 < m else (e[m - 1] - e[k] + 1) / max(1e-9, u[m - 1] - u[k])
    r_start = max(r_start, 1e-9)
    t_first = max(prev_u, u[k] - e[k] / r_start)
    if m - 2 >= k:
        r_end = (e[m - 1] - e[m - 2]) / (u[m - 1] - u[m - 2]) if m - 2 >= k and u[m - 1] > u[m - 2] else 0
    else:
        r_end = 0
    if r_end <= 0:
        r_end = e[m - 1] / max(1e-9, u[m - 1] - t_first)
    t_done = min(u[m], u[m - 1] + (total - e[m - 1]) / r_end)
    return {"events_per_s": total / (t_done - t_first), "lower_bound": total / (u[m] - prev_u),
            "upper_bound": total / max(1e-9, u[m - 1] - u[k]) if m - 1 > k else None,
            "active_s": t_done - t_first, "t_first_s": t_first, "t_done_s": t_done}


def row_us(ds: dict, run: int, label: str = "us") -> dict:
    with Broker(f"{label}-{run}") as b:
        b.create_topics(["bench.in", "bench.actions", "bench.deadletter"])
        b.load("bench.in", ds["keyed"])
        d = DaemonRun(BENCH / "configs" / "window.yaml", b, f"{label}-{run}",
                      {"INPUT_TOPIC": "bench.in", "ACTIONS_TOPIC": "bench.actions", "DLQ_TOPIC": "bench.deadletter"})
        try:
            done = d.wait_for(lambda m: m.get("events_in", 0) >= ds["events"], 600, f"events_in == {ds['events']}")
            if done["events_in"] != ds["events"] or done.get("dead_letters"):
                raise RuntimeError(f"unexpected metrics: events_in={done['events_in']} dead_letters={done.get('dead_letters')}")
        finally:
            info = d.stop()
        with d.lock:
            samples = list(d.samples)
        thr = active_throughput(samples, ds["events"])
        joined = next((m["uptime_s"] for m in samples if m.get("assigned_partitions", 0) > 0), None)
        res = {**thr, "peak_rss_mib": info["peak_rss_mib"], "cpu_s": info["cpu_s"],
               "events_per_cpu_s": ds["events"] / info["cpu_s"] if info["cpu_s"] else None,
               "incl_startup_events_per_s": ds["events"] / thr["t_done_s"], "group_joined_by_s": joined,
               "actions_out_at_done": done.get("actions_out"), "exit_code": info["exit_code"],
               "broker_rss_mib": b.rss_mib()}
        return res


def row_us2(ds: dict, run: int) -> dict:
    """Two daemons in one consumer group (2 partitions each), the issue's "1 vs 2 instances".
    Both join before the data is produced, so neither starts alone and hands partitions over
    mid-run; throughput is the whole data set over the span from the first event either one
    consumed to the moment the second one is done (each daemon's own span, from its 1 s metrics,
    placed on one clock). Measured over whole metrics intervals, it is a lower bound."""
    label = f"us2-{run}"
    with Broker(label) as b:
        b.create_topics(["bench.in", "bench.actions", "bench.deadletter"])
        env = {"INPUT_TOPIC": "bench.in", "ACTIONS_TOPIC": "bench.actions", "DLQ_TOPIC": "bench.deadletter",
               "GROUP": f"bench-us2-{os.getpid()}-{time.time_ns()}"}
        ds_ = [DaemonRun(BENCH / "configs" / "window.yaml", b, f"{label}-{i}", env) for i in range(2)]
        infos = []
        try:
            deadline = time.monotonic() + 120
            while True:  # both hold partitions, 4 in all
                last = []
                for d in ds_:
                    with d.lock:
                        last.append(d.samples[-1] if d.samples else {})
                if all(m.get("assigned_partitions", 0) > 0 for m in last) and \
                        sum(m.get("assigned_partitions", 0) for m in last) == 4:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"two daemons did not share the 4 partitions: {last}")
                time.sleep(0.1)
            b.load("bench.in", ds["keyed"])
            deadline = time.monotonic() + 600
            while True:
                last = []
                for d in ds_:
                    with d.lock:
                        last.append(d.samples[-1] if d.samples else {})
                if sum(m.get("events_in", 0) for m in last) >= ds["events"]:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"two daemons: timed out at {[m.get('events_in') for m in last]}")
                time.sleep(0.05)
        finally:
            infos = [d.stop() for d in ds_]
        spans = []
        for d in ds_:
            with d.lock:
                samples = list(d.samples)
            own = max(m.get("events_in", 0) for m in samples)
            if own > 0:
                # Whole metrics intervals (the `us` row's lower bound): with half the data each
                # daemon is busy for only a few 1 s intervals, too few for the interpolation.
                k = next(i for i, m in enumerate(samples) if m.get("events_in", 0) > 0)
                m_ = next(i for i, m in enumerate(samples) if m.get("events_in", 0) >= own)
                start = samples[k - 1]["uptime_s"] if k > 0 else 0.0
                spans.append((d.t0 + start, d.t0 + samples[m_]["uptime_s"], own))
        t_first = min(s[0] for s in spans)
        t_done = max(s[1] for s in spans)
        cpu = sum(i["cpu_s"] or 0 for i in infos)
        return {"events_per_s": ds["events"] / (t_done - t_first), "active_s": t_done - t_first,
                "per_instance_events": [s[2] for s in spans],
                "peak_rss_mib": sum(i["peak_rss_mib"] or 0 for i in infos), "cpu_s": cpu,
                "events_per_cpu_s": ds["events"] / cpu if cpu else None,
                "exit_codes": [i["exit_code"] for i in infos]}


def probe(b: Broker, args, in_topic: str, out_topic: str, name: str) -> tuple[dict, dict]:
    """Paced producer into `in_topic`, latency consumer on `out_topic`; returns (producer, consumer) stats."""
    result = TMP / f"{name}.json"
    result.unlink(missing_ok=True)
    n = int(args.latency_rate * args.latency_seconds)
    cons = spawn([PY, str(BENCH / "latency_probe.py"), "consume", "--broker", b.bootstrap,
                  "--topic", out_topic, "--expected", str(n), "--idle", "10",
                  "--consumer-prop", "fetch.wait.max.ms=5", "--result", str(result)],
                 stdout=subprocess.PIPE, stderr=open(LOGS / f"{name}-consumer.stderr", "wb"))
    if cons.stdout.readline().strip() != b"ready":
        raise RuntimeError(f"latency consumer did not start (bench/out/logs/{name}-consumer.stderr)")
    prod = subprocess.run([PY, str(BENCH / "latency_probe.py"), "produce", "--broker", b.bootstrap,
                           "--topic", in_topic, "--rate", str(args.latency_rate),
                           "--seconds", str(args.latency_seconds)],
                          capture_output=True, timeout=args.latency_seconds + 120)
    if prod.returncode != 0:
        raise RuntimeError(f"latency producer failed: {prod.stderr[-2000:]!r}")
    sent = json.loads(prod.stdout.decode().strip().splitlines()[-1])
    cons.wait(args.latency_seconds + 60)
    return sent, json.loads(result.read_text())


def row_latency_floor(args, run: int) -> dict:
    """The same probe with no daemon: producer -> Tansu -> consumer on one topic (the floor)."""
    with Broker(f"latency-floor-{run}") as b:
        b.create_topics(["bench.lat.floor"])
        sent, lat = probe(b, args, "bench.lat.floor", "bench.lat.floor", f"latency-floor-{run}")
        return {"offered_events_per_s": sent["rate"], "sent": sent["sent"], "received": lat.get("actions"),
                "cpu_s": {"probe_producer": sent.get("cpu_s"), "probe_consumer": lat.get("cpu_s"),
                          "broker": cpu_seconds(b.proc.pid)},
                "producer_ack_p50_ms": sent.get("ack_p50_ms"), "producer_ack_p99_ms": sent.get("ack_p99_ms"),
                "p50_ms": lat.get("p50_ms"), "p90_ms": lat.get("p90_ms"), "p99_ms": lat.get("p99_ms"),
                "p999_ms": lat.get("p999_ms"), "max_ms": lat.get("max_ms"), "peak_rss_mib": None}


def row_latency_relay(args, run: int) -> dict:
    """Two broker hops like the daemon's path, with librdkafka tools and no processing:
    producer -> in -> `kcat -C -u | kcat -P` (linger.ms=5, the daemon's) -> out -> consumer."""
    with Broker(f"latency-relay-{run}") as b:
        b.create_topics(["bench.lat.in", "bench.lat.out"])
        relay = spawn(["bash", "-c",
                       f"kcat -C -u -q -b {b.bootstrap} -t bench.lat.in -o beginning -X fetch.wait.max.ms=5 "
                       f"-X fetch.queue.backoff.ms=10 | kcat -P -b {b.bootstrap} -t bench.lat.out -X linger.ms=5"],
                      env=rdk_env(), stderr=open(LOGS / f"latency-relay-{run}.stderr", "wb"))
        try:
            time.sleep(1.0)
            sent, lat = probe(b, args, "bench.lat.in", "bench.lat.out", f"latency-relay-{run}")
        finally:
            kill_proc(relay)
        return {"offered_events_per_s": sent["rate"], "sent": sent["sent"], "received": lat.get("actions"),
                "cpu_s": {"probe_producer": sent.get("cpu_s"), "probe_consumer": lat.get("cpu_s"),
                          "broker": cpu_seconds(b.proc.pid)},
                "producer_ack_p50_ms": sent.get("ack_p50_ms"), "producer_ack_p99_ms": sent.get("ack_p99_ms"),
                "p50_ms": lat.get("p50_ms"), "p90_ms": lat.get("p90_ms"), "p99_ms": lat.get("p99_ms"),
                "p999_ms": lat.get("p999_ms"), "max_ms": lat.get("max_ms"), "peak_rss_mib": None}


def row_latency(args, run: int) -> dict:
    with Broker(f"latency-{run}") as b:
        b.create_topics(["bench.lat.in", "bench.lat.actions", "bench.lat.deadletter"])
        d = DaemonRun(Path(args.latency_config), b, f"latency-{run}",
                      {"INPUT_TOPIC": "bench.lat.in", "ACTIONS_TOPIC": "bench.lat.actions",
                       "DLQ_TOPIC": "bench.lat.deadletter"})
        try:
            d.wait_for(lambda m: m.get("assigned_partitions", 0) >= 4, 60, "partitions assigned")
            sent, lat = probe(b, args, "bench.lat.in", "bench.lat.actions", f"latency-{run}")
            with d.lock:
                metrics_lines = list(d.samples)
        finally:
            info = d.stop()
        own = [m["latency_ms"] for m in metrics_lines if m.get("latency_ms", {}).get("count", 0) > 0]
        proc = [m["processing_ms"] for m in metrics_lines if m.get("processing_ms", {}).get("count", 0) > 0]
        broker_cpu = cpu_seconds(b.proc.pid)
        return {"offered_events_per_s": sent["rate"], "sent": sent["sent"], "actions": lat.get("actions"),
                "producer_ack_p50_ms": sent.get("ack_p50_ms"), "producer_ack_p99_ms": sent.get("ack_p99_ms"),
                "p50_ms": lat.get("p50_ms"), "p90_ms": lat.get("p90_ms"), "p99_ms": lat.get("p99_ms"),
                "p999_ms": lat.get("p999_ms"), "max_ms": lat.get("max_ms"), "warmup_s": lat.get("warmup_s"),
                "incl_warmup_p99_ms": lat.get("all_p99_ms"),
                "daemon_metric_p99_ms_max_interval": max((o["p99"] for o in own), default=None),
                "daemon_metric_p50_ms_median_interval": statistics.median([o["p50"] for o in own]) if own else None,
                # consumed -> output acknowledged, from the daemon's metrics: its own share (incl.
                # its producer's linger.ms=5 and the broker's ack)
                "daemon_processing_p50_ms_median_interval": statistics.median([o["p50"] for o in proc]) if proc else None,
                "daemon_processing_p99_ms_median_interval": statistics.median([o["p99"] for o in proc]) if proc else None,
                "daemon_processing_p99_ms_max_interval": max((o["p99"] for o in proc), default=None),
                "peak_rss_mib": info["peak_rss_mib"],
                "cpu_s": {"daemon": info["cpu_s"], "probe_producer": sent.get("cpu_s"),
                          "probe_consumer": lat.get("cpu_s"), "broker": broker_cpu}}


def row_replay(ds: dict, run: int, config: str = "window.yaml") -> dict:
    out = TMP / f"replay-actions-{run}.jsonl"
    tf = TMP / f"replay-{run}.time"
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", str(tf)]
    perf_data = PROF / f"replay-{run}.perf.data" if PERF else None
    if perf_data:
        cmd += perf_prefix(perf_data)
    cmd += [DAEMON, "replay", "--config", str(BENCH / "configs" / config), "--input", str(ds["jsonl"]),
            "--output", str(out)]
    r = subprocess.run(cmd, env=rdk_env(), capture_output=True, timeout=600)
    if perf_data:
        perf_summary(perf_data)
    if r.returncode != 0:
        raise RuntimeError(f"replay failed: {r.stderr[-2000:]!r}")
    wall, user, sys_, rss = tf.read_text().split()[-4:]
    actions = sum(1 for _ in open(out, "rb"))
    out.unlink(missing_ok=True)
    wall, cpu = float(wall), float(user) + float(sys_)
    return {"events_per_s": ds["events"] / wall, "wall_s": wall, "cpu_s": cpu,
            "events_per_cpu_s": ds["events"] / cpu if cpu > 0 else None,
            "peak_rss_mib": float(rss) / 1024, "actions": actions, "summary": r.stderr.decode().strip()}


def row_flink(ds: dict, run: int) -> dict:
    fpy = CACHE / "flink-venv" / "bin" / "python"
    small = TMP / "flink-10.jsonl"
    with open(ds["jsonl"], "rb") as f, open(small, "wb") as g:
        for _ in range(10):
            g.write(f.readline())
    res = {}
    for label, path in (("small", small), ("full", ds["jsonl"])):
        rf = TMP / f"flink-{label}-{run}.json"
        rf.unlink(missing_ok=True)
        p = spawn([str(fpy), str(BENCH / "flink_job.py"), "--input", str(path), "--result", str(rf)],
                  stdout=open(LOGS / f"flink-{label}-{run}.stdout", "wb"),
                  stderr=open(LOGS / f"flink-{label}-{run}.stderr", "wb"))
        peak = 0
        cpu: dict[int, float] = {}
        while p.poll() is None:  # peak RSS and CPU of the whole tree (python + the JVM it starts)
            peak = max(peak, tree_rss_kib(p.pid, cpu))
            time.sleep(0.2)
        if p.returncode != 0 or not rf.exists():
            raise RuntimeError(f"flink job ({label}) exited {p.returncode}; see bench/out/logs/flink-{label}-{run}.stderr")
        res[label] = {**json.loads(rf.read_text()), "tree_peak_rss_mib": peak / 1024, "cpu_s": sum(cpu.values())}
    net = res["full"]["job_s"] - res["small"]["job_s"]
    net_cpu = res["full"]["cpu_s"] - res["small"]["cpu_s"]
    return {"events_per_s": ds["events"] / net, "job_s_full": res["full"]["job_s"],
            "job_s_10_lines": res["small"]["job_s"], "peak_rss_mib": res["full"]["tree_peak_rss_mib"],
            "cpu_s_full": res["full"]["cpu_s"], "cpu_s_10_lines": res["small"]["cpu_s"],
            "events_per_cpu_s": ds["events"] / net_cpu if net_cpu > 0 else None}


def child_pids(pid: int) -> list[int]:
    try:
        out = []
        for tid in os.listdir(f"/proc/{pid}/task"):
            out += [int(x) for x in open(f"/proc/{pid}/task/{tid}/children").read().split()]
        return out
    except OSError:
        return []


def perf_prefix(data: Path) -> list[str]:
    import shutil
    if not shutil.which("perf"):
        raise SystemExit("--perf needs perf: apt-get install -y linux-perf")
    PROF.mkdir(parents=True, exist_ok=True)
    return ["perf", "record", "-q", "-F", "999", "-g", "-o", str(data), "--"]


def perf_summary(data: Path, top: int = 45):
    """Writes the inclusive (children) and self top-N symbol lists next to the perf data."""
    for mode, flag in (("children", "--children"), ("self", "--no-children")):
        r = subprocess.run(f"perf report -i {data} {flag} --stdio --sort symbol -g none 2>/dev/null "
                           f"| grep '%' | head -{top} | swift demangle --simplified", shell=True,
                           capture_output=True, text=True)
        (data.parent / f"{data.stem}.{mode}.txt").write_text(r.stdout)
    log(f"  profile: {data.relative_to(ROOT)} (+ .children.txt / .self.txt)")


def tree_rss_kib(pid: int, cpu: dict | None = None) -> int:
    """Current RSS summed over a process and its descendants; records each one's CPU seconds in `cpu`
    (polled: the last value seen before a process exits is kept)."""
    total = 0
    try:
        import psutil
        p = psutil.Process(pid)
        for q in [p] + p.children(recursive=True):
            try:
                total += q.memory_info().rss // 1024
                if cpu is not None:
                    t = q.cpu_times()
                    cpu[q.pid] = t.user + t.system
            except psutil.Error:
                pass
    except Exception:
        pass
    return total


# ---------------------------------------------------------------------------------------------
# driver
# ---------------------------------------------------------------------------------------------

def med(runs: list[dict]) -> dict:
    """Median of every numeric field over runs (other fields from the first run)."""
    out = dict(runs[0])
    for k in runs[0]:
        vals = [r.get(k) for r in runs]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
            out[k] = statistics.median(vals)
    out["runs"] = len(runs)
    if len(runs) > 1 and "events_per_s" in runs[0]:
        out["events_per_s_all_runs"] = [r["events_per_s"] for r in runs]
    return out


def _cpu_times():
    f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return f[3] + f[4], sum(f[:8])  # idle + iowait, total


def cpu_busy_pct(sample_s: float = 1.0) -> float:
    """Whole-machine CPU use over `sample_s` (our own processes are all stopped between rows)."""
    i0, t0 = _cpu_times()
    time.sleep(sample_s)
    i1, t1 = _cpu_times()
    return 100.0 * (1 - (i1 - i0) / max(1, t1 - t0))


WAIT_IDLE_S = 60.0
QUIET_PCT = 30.0


def wait_quiet() -> float:
    """The machine is shared: waits (at most WAIT_IDLE_S) for other work to drop below QUIET_PCT."""
    deadline = time.monotonic() + WAIT_IDLE_S
    busy = cpu_busy_pct()
    if busy >= QUIET_PCT and WAIT_IDLE_S > 0:
        log(f"  machine busy ({busy:.0f}% CPU by others); waiting up to {WAIT_IDLE_S:.0f}s for < {QUIET_PCT:.0f}%")
        while busy >= QUIET_PCT and time.monotonic() < deadline:
            busy = cpu_busy_pct(2.0)
    return busy


def repeat(name: str, n: int, fn, *a) -> dict:
    runs = []
    for i in range(n):
        busy = wait_quiet()
        log(f"{name}: run {i + 1}/{n} (other CPU use before start: {busy:.0f}%)")
        t0 = time.monotonic()
        r = fn(*a, i)
        r["cpu_busy_before_pct"] = busy
        r["row_wall_s"] = time.monotonic() - t0
        runs.append(r)
        ev = r.get("events_per_s") or r.get("offered_events_per_s")
        extra = f", p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms" if r.get("p99_ms") is not None else ""
        log(f"  {name}: {ev:,.0f} events/s, peak RSS {r.get('peak_rss_mib') or 0:.0f} MiB{extra}")
    return med(runs)


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def render_table(rows: list[tuple[str, dict]], ceiling: float | None, peer: float | None) -> str:
    hdr = (f"{'row':<25} {'events/s':>10} {'ev/CPU-s':>10} {'peak RSS MiB':>13} {'p50 ms':>8} {'p99 ms':>8} "
           f"{'us/ceiling':>11} {'us/peer':>9}")
    lines = [hdr, "-" * len(hdr)]
    for name, r in rows:
        ev = r.get("events_per_s") or r.get("offered_events_per_s")
        is_us = name.startswith("us") and "latency" not in name
        rc = ev / ceiling if is_us and ceiling else None
        rp = ev / peer if is_us and peer else None
        lines.append(f"{name:<25} {fmt(ev, ',.0f'):>10} {fmt(r.get('events_per_cpu_s'), ',.0f'):>10} "
                     f"{fmt(r.get('peak_rss_mib'), '.0f'):>13} "
                     f"{fmt(r.get('p50_ms'), '.2f'):>8} {fmt(r.get('p99_ms'), '.2f'):>8} "
                     f"{(fmt(rc * 100, '.0f') + '%') if rc is not None else '-':>11} "
                     f"{(fmt(rp, '.1f') + 'x') if rp is not None else '-':>9}")
    return "\n".join(lines)


def chart(rows: list[tuple[str, dict]], meta: dict, path: Path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    thr = [(n, r["events_per_s"]) for n, r in rows if r.get("events_per_s")]
    rss = [(n, r["peak_rss_mib"]) for n, r in rows if r.get("peak_rss_mib")]
    colors = {"ceiling": "#7f7f7f", "peer": "#ff7f0e", "flink": "#9467bd", "replay": "#2ca02c"}

    def color(n):
        for k, c in colors.items():
            if n.startswith(k):
                return c
        return "#1f77b4"

    fig, axes = plt.subplots(1, 2, figsize=(13, 5.2), gridspec_kw={"width_ratios": [3, 2]})
    ax = axes[0]
    names = [n for n, _ in thr]
    vals = [v for _, v in thr]
    bars = ax.barh(names[::-1], vals[::-1], color=[color(n) for n in names[::-1]])
    ax.set_xscale("log")
    ax.set_xlabel("events/s (log scale, higher is better)")
    for b_, v in zip(bars, vals[::-1]):
        ax.text(v * 1.05, b_.get_y() + b_.get_height() / 2, f"{v:,.0f}", va="center", fontsize=9)
    ax.set_xlim(min(vals) / 2, max(vals) * 4)
    ax.set_title("Throughput: 1M CX events, 1-min tumbling count per customer")
    ax = axes[1]
    names = [n for n, _ in rss]
    vals = [v for _, v in rss]
    bars = ax.barh(names[::-1], vals[::-1], color=[color(n) for n in names[::-1]])
    ax.set_xlabel("peak RSS MiB (lower is better)")
    for b_, v in zip(bars, vals[::-1]):
        ax.text(v + max(vals) * 0.01, b_.get_y() + b_.get_height() / 2, f"{v:,.0f}", va="center", fontsize=9)
    ax.set_xlim(0, max(vals) * 1.25)
    ax.set_title("Memory")
    lat = meta.get("latency")
    sub = (f"{meta['host']}; Tansu {meta['tansu']} broker (memory storage), 4 partitions; "
           f"runs={meta['runs']} (median); {meta['date']}")
    if lat and lat.get("p99_ms") is not None:
        sub += (f"\nus latency (filter, {lat['offered_events_per_s']:,.0f} events/s paced): "
                f"p50 {lat['p50_ms']:.1f} ms, p99 {lat['p99_ms']:.1f} ms event->action")
        floor = meta.get("latency_relay") or {}
        if floor.get("p99_ms") is not None:
            sub += (f"; same 2 broker hops via kcat relay: p50 {floor['p50_ms']:.1f} ms, "
                    f"p99 {floor['p99_ms']:.1f} ms")
    fig.suptitle("stream-daemon benchmark", fontsize=13, fontweight="bold")
    fig.text(0.5, 0.005, sub, ha="center", va="bottom", fontsize=8.5, color="#444")
    fig.tight_layout(rect=(0, 0.07, 1, 0.95))
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=1, help="runs per row; the table shows medians (default 1)")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--span-s", type=int, default=600, help="event-time span of the data set (s)")
    ap.add_argument("--with-flink", action="store_true", help="add the PyFlink row (needs .cache/flink-venv)")
    ap.add_argument("--no-scaling", action="store_true", help="skip the 10k / 1M distinct-key rows")
    ap.add_argument("--only", default="", help="comma-separated subset: ceiling,peer,us,us2,latency,replay,flink,scaling "
                                          "(latency-us: the daemon's latency row without the floors)")
    ap.add_argument("--latency-rate", type=float, default=20000)
    ap.add_argument("--latency-seconds", type=float, default=15)
    ap.add_argument("--latency-config", default=str(BENCH / "configs" / "latency.yaml"),
                    help="daemon config of the latency row (default bench/configs/latency.yaml)")
    ap.add_argument("--no-chart", action="store_true")
    ap.add_argument("--wait-idle", type=float, default=60,
                    help="before each run, wait up to this many seconds for the (shared) machine's CPU use "
                         "to drop below 30%% (default 60; 0 = do not wait)")
    ap.add_argument("--perf", action="store_true",
                    help="profile the `us`, `latency` and `replay` runs with perf (bench/out/prof/; slows them)")
    args = ap.parse_args()
    global PERF, WAIT_IDLE_S
    PERF = args.perf
    WAIT_IDLE_S = args.wait_idle
    subprocess.run(["rm", "-rf", str(TMP), str(LOGS)])
    for d in (OUT, DATA, LOGS, TMP):
        d.mkdir(parents=True, exist_ok=True)
    want = set(filter(None, args.only.split(","))) or {"ceiling", "peer", "us", "us2", "latency", "replay", "scaling", "flink"}
    if args.no_scaling:
        want.discard("scaling")
    if not args.with_flink:
        want.discard("flink")
    t_all = time.monotonic()
    load0 = os.getloadavg()
    ds = dataset(args.events, args.customers, args.span_s)
    rows: list[tuple[str, dict]] = []
    results: dict = {}
    if "ceiling" in want:
        results["ceiling"] = repeat("ceiling", args.runs, row_ceiling, ds)
        rows.append(("ceiling (kcat|kcat)", results["ceiling"]))
    if "peer" in want:
        results["peer"] = repeat("peer", args.runs, row_peer, ds)
        rows.append(("peer (Quix Streams)", results["peer"]))
    if "us" in want:
        results["us"] = repeat("us", args.runs, row_us, ds)
        rows.append(("us (stream-daemon)", results["us"]))
    if "us2" in want:
        results["us_2_instances"] = repeat("us x2", args.runs, row_us2, ds)
        rows.append(("us, 2 instances", results["us_2_instances"]))
    if "latency" in want or "latency-us" in want:
        rate = f"@{args.latency_rate / 1000:g}k/s"
        if "latency" in want:
            results["latency_floor"] = repeat("latency floor", args.runs, row_latency_floor, args)
            rows.append((f"floor 1 hop {rate}", results["latency_floor"]))
            results["latency_relay"] = repeat("latency relay", args.runs, row_latency_relay, args)
            rows.append((f"floor 2 hops kcat {rate}", results["latency_relay"]))
        results["latency"] = repeat("latency", args.runs, row_latency, args)
        rows.append((f"us latency {rate}", results["latency"]))
    if "replay" in want:
        results["replay"] = repeat("replay", args.runs, row_replay, ds)
        rows.append(("replay (no broker)", results["replay"]))
        # The replay target's own work: the same count with a threshold (`having`), few actions.
        results["replay_threshold"] = repeat("replay threshold", args.runs,
                                             lambda d, i: row_replay(d, i, "window-threshold.yaml"), ds)
        rows.append(("replay, threshold", results["replay_threshold"]))
    if "flink" in want:
        results["flink"] = repeat("flink", args.runs, row_flink, ds)
        rows.append(("flink (PyFlink SQL)", results["flink"]))
    if "scaling" in want:
        for keys in (10_000, 1_000_000):
            ds_k = dataset(args.events, keys, args.span_s)
            name = f"us {keys // 1000}k keys" if keys < 1_000_000 else f"us {keys // 1_000_000}M keys"
            results[f"us_keys_{keys}"] = repeat(name, args.runs, lambda d, i, k=keys: row_us(d, i, f"us-keys{k}"), ds_k)
            rows.append((name, results[f"us_keys_{keys}"]))
        if "us" in results:
            # the main `us` row is the 100k-key point
            results["us_keys_100000"] = results["us"]

    ceiling = results.get("ceiling", {}).get("events_per_s")
    peer = results.get("peer", {}).get("events_per_s")
    table = render_table(rows, ceiling, peer)
    lat = results.get("latency", {})
    us = results.get("us", {})
    rep = results.get("replay_threshold") or results.get("replay", {})
    targets = {}
    if us and ceiling:
        targets["us_vs_ceiling >= 80%"] = {"value": us["events_per_s"] / ceiling, "ok": us["events_per_s"] >= 0.8 * ceiling}
    if us and peer:
        targets["us_vs_peer >= 30x"] = {"value": us["events_per_s"] / peer, "ok": us["events_per_s"] >= 30 * peer}
    if rep:
        targets["replay >= 1M events/s/core"] = {"value": rep.get("events_per_cpu_s"),
                                                  "ok": (rep.get("events_per_cpu_s") or 0) >= 1e6}
    flink = results.get("flink", {})
    if rep and flink.get("events_per_s"):
        # Flink's steady state: its submit -> finish time less that of the same job on 10 lines.
        targets["replay >= 5x Flink steady state"] = {
            "value": (rep.get("events_per_cpu_s") or 0) / flink["events_per_s"],
            "ok": (rep.get("events_per_cpu_s") or 0) >= 5 * flink["events_per_s"]}
        if rep.get("peak_rss_mib") and flink.get("peak_rss_mib"):
            targets["replay RSS < 1/4 of Flink's"] = {"value": rep["peak_rss_mib"] / flink["peak_rss_mib"],
                                                     "ok": rep["peak_rss_mib"] < flink["peak_rss_mib"] / 4}
    if lat:
        targets["latency p99 <= 20 ms @20k/s"] = {"value": lat.get("p99_ms"), "ok": (lat.get("p99_ms") or 1e9) <= 20}
    meta = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "host": f"{os.cpu_count()} CPUs (shared)",
        "loadavg_start": load0, "loadavg_end": os.getloadavg(),
        "git_commit": subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip(),
        "sources_dirty": bool(subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "Sources", "Package.swift"],
                                             capture_output=True, text=True).stdout.strip()),
        "tansu": subprocess.run([TANSU, "--version"], capture_output=True, text=True).stdout.strip().split()[-1],
        "daemon_binary": DAEMON, "runs": args.runs,
        "dataset": {k: (str(v.relative_to(ROOT)) if isinstance(v, Path) else v) for k, v in ds.items()},
        "latency": lat, "latency_floor": results.get("latency_floor", {}),
        "latency_relay": results.get("latency_relay", {}), "total_wall_s": None,
    }
    try:
        from importlib.metadata import version
        meta["quixstreams"] = version("quixstreams")
    except Exception:
        pass
    meta["total_wall_s"] = round(time.monotonic() - t_all, 1)
    (OUT / "results.json").write_text(json.dumps({"meta": meta, "rows": results, "targets": targets,
                                                  "table": table}, indent=2, default=str) + "\n")
    print()
    print(table)
    print()
    for k, v in targets.items():
        val = v["value"]
        shown = "-" if val is None else (f"{val * 100:.0f}%" if "ceiling" in k else f"{val:,.2f}")
        print(f"  target {k:<32} {'OK  ' if v['ok'] else 'MISS'} ({shown})")
    print(f"\n  data set: {ds['events']:,} events, {ds['customers']:,} customers, 4 partitions, "
          f"~{ds['avg_value_bytes']:.0f}-byte JSON; runs per row: {args.runs} (median); "
          f"total {meta['total_wall_s']:.0f} s; load avg at start {load0[0]:.2f}")
    if "peer" in results or "us" in results:
        print(f"  windows emitted when the last input was consumed: peer "
              f"{results.get('peer', {}).get('windows_out', '-')}, us {results.get('us', {}).get('actions_out_at_done', '-')}")
    if lat.get("daemon_processing_p50_ms_median_interval") is not None:
        print(f"  us latency, daemon's own share (consumed -> output acked, its metrics, median of 1 s intervals): "
              f"p50 {lat['daemon_processing_p50_ms_median_interval']:.1f} ms, "
              f"p99 {lat['daemon_processing_p99_ms_median_interval']:.1f} ms")
    print(f"  details: {(OUT / 'results.json').relative_to(ROOT)}", end="")
    if args.only and not args.no_chart:
        print(" (--only: chart not redrawn)", end="")
        args.no_chart = True
    if not args.no_chart and rows:
        chart(rows, meta, BENCH / "results.png")
        print(f", chart: {(BENCH / 'results.png').relative_to(ROOT)}")
    else:
        print()
    busy = {n: r.get("cpu_busy_before_pct") for n, r in results.items() if isinstance(r, dict)}
    noisy = [n for n, b in busy.items() if b is not None and b >= QUIET_PCT]
    if noisy:
        print(f"  WARNING: other processes were using >= {QUIET_PCT:.0f}% CPU when these rows started: "
              f"{', '.join(noisy)} (shared machine; numbers are noisy)")
    subprocess.run(["rm", "-rf", str(TMP)])


if __name__ == "__main__":
    main()
