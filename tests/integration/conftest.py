"""Fixtures and helpers for the stream-daemon integration tests.

Everything here talks to a real Tansu broker (started per test; it is ready in well under a
second) and drives the real `stream-daemon` binary.  Python's confluent-kafka is the independent
client: it produces the input, reads the outputs back and inspects the daemon's consumer group.

Tansu quirks handled here:
  * consumer-group joins hang with the default session timeout -> session.timeout.ms=6000;
  * fetch.queue.backoff.ms=10 keeps consumers from idling between fetches;
  * ListOffsets under-reports partition ends -> partition ends come from the producer's
    delivery reports or from the high watermark a *fetch* returned (cached watermark after
    consuming), never from a live ListOffsets query.
"""
from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

import pytest
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

ROOT = Path(__file__).resolve().parents[2]
TANSU = os.environ.get("TANSU") or str(ROOT / ".cache" / "tansu")
DAEMON_BIN = os.environ.get("STREAM_DAEMON_BIN") or str(ROOT / ".build" / "debug" / "stream-daemon")
DEMO_CONFIG = Path(os.environ.get("STREAM_DAEMON_DEMO_CONFIG") or ROOT / "config" / "demo.yaml")

# Client settings every consumer needs against Tansu.
CONSUMER_BASE = {
    "session.timeout.ms": 6000,
    "fetch.queue.backoff.ms": 10,
    "enable.auto.commit": False,
    "auto.offset.reset": "earliest",
    "enable.partition.eof": False,
}

_bin_lock = threading.Lock()
_bin_copy: Optional[str] = None


def daemon_bin() -> str:
    """The daemon binary, copied once per session: every test runs the same build, and a rebuild
    while the suite runs does not break it ("text file busy")."""
    global _bin_copy
    with _bin_lock:
        if _bin_copy is None:
            if not os.access(DAEMON_BIN, os.X_OK):
                pytest.fail(f"daemon binary not found at {DAEMON_BIN} (build it, or set STREAM_DAEMON_BIN)")
            d = tempfile.mkdtemp(prefix="stream-daemon-it-")
            atexit.register(shutil.rmtree, d, True)
            _bin_copy = shutil.copy2(DAEMON_BIN, os.path.join(d, "stream-daemon"))
        return _bin_copy


_uniq_lock = threading.Lock()
_uniq_n = 0


def unique(prefix: str) -> str:
    global _uniq_n
    with _uniq_lock:
        _uniq_n += 1
        return f"{prefix}-{os.getpid()}-{_uniq_n}-{int(time.time() * 1000) % 100000}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(cond: Callable[[], object], timeout: float, what: str, interval: float = 0.05):
    """Poll `cond` until it returns something truthy; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


# --------------------------------------------------------------------------------------------
# Broker
# --------------------------------------------------------------------------------------------

class Broker:
    def __init__(self, workdir: Path):
        self.port = free_port()
        self.bootstrap = f"127.0.0.1:{self.port}"
        self.log_path = workdir / f"tansu-{self.port}.log"
        self.proc: Optional[subprocess.Popen] = None
        self.startup_s: Optional[float] = None

    def start(self, timeout: float = 20.0) -> "Broker":
        if not os.access(TANSU, os.X_OK):
            pytest.fail(f"Tansu broker not found at {TANSU}; run scripts/bootstrap.sh")
        url = f"tcp://127.0.0.1:{self.port}"
        t0 = time.monotonic()
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [TANSU, "broker", "--listener-url", url, "--advertised-listener-url", url],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        admin = None
        deadline = t0 + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"tansu exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                if admin is None:
                    admin = AdminClient({"bootstrap.servers": self.bootstrap, "log_level": 3})
                md = admin.list_topics(timeout=2)
                if md.brokers:
                    break
            except (OSError, KafkaException):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"tansu not ready after {timeout}s: {self.log_tail()}")
            time.sleep(0.02)
        self.startup_s = time.monotonic() - t0
        return self

    def stop(self):
        # Drop our admin client first so it does not log the broker going away.
        self._admin = None
        import gc
        gc.collect()
        # Memory storage: nothing to flush, and a graceful stop waits ~5 s for clients. Kill it.
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        if getattr(self, "_log", None):
            self._log.close()

    def log_tail(self, n: int = 4000) -> str:
        try:
            return self.log_path.read_bytes()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""

    # -- admin helpers ------------------------------------------------------------------------
    def admin(self) -> AdminClient:
        # One long-lived client: futures fail if their AdminClient is garbage collected.
        if getattr(self, "_admin", None) is None:
            self._admin = AdminClient({"bootstrap.servers": self.bootstrap})
        return self._admin

    def create_topic(self, name: str, partitions: int = 4):
        fs = self.admin().create_topics([NewTopic(name, partitions, 1)], operation_timeout=10)
        for f in fs.values():
            f.result(15)
        wait_for(lambda: len(self.partitions(name)) == partitions, 15, f"topic {name} metadata")

    def partitions(self, topic: str) -> list[int]:
        md = self.admin().list_topics(topic, timeout=10)
        t = md.topics.get(topic)
        if t is None or t.error is not None:
            return []
        return sorted(t.partitions.keys())

    def topic_exists(self, topic: str) -> bool:
        return topic in self.admin().list_topics(timeout=10).topics


@pytest.fixture
def broker(tmp_path):
    """A fresh Tansu broker (memory storage) per test: it is ready in ~0.1 s."""
    for attempt in range(3):  # the free port may be taken between probing and binding
        b = Broker(tmp_path)
        try:
            b.start()
            break
        except RuntimeError:
            if attempt == 2:
                raise
    yield b
    b.stop()


# --------------------------------------------------------------------------------------------
# Producing
# --------------------------------------------------------------------------------------------

@dataclass
class Produced:
    """One record as the broker acknowledged it."""
    topic: str
    partition: int
    offset: int
    key: Optional[bytes]
    value: Optional[bytes]
    headers: list
    meta: dict = field(default_factory=dict)  # whatever the test wants to remember about it


def produce(bootstrap: str, topic: str, records: Iterable[tuple], timeout: float = 60.0,
            rate: Optional[float] = None) -> list[Produced]:
    """Produce (key, value[, headers[, meta]]) tuples in order; return them with partition/offset
    from the delivery reports.  Fails if any delivery fails.  `rate`: records per second (paced)."""
    t0 = time.monotonic()
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "enable.idempotence": False,
                  "acks": "all", "message.timeout.ms": int(timeout * 1000)})
    out: list[Optional[Produced]] = []
    errors = []

    def to_bytes(x):
        if x is None or isinstance(x, bytes):
            return x
        return str(x).encode()

    for i, rec in enumerate(records):
        key, value = to_bytes(rec[0]), to_bytes(rec[1])
        headers = list(rec[2]) if len(rec) > 2 and rec[2] else []
        meta = rec[3] if len(rec) > 3 else {}
        out.append(None)

        def cb(err, msg, i=i, key=key, value=value, headers=headers, meta=meta):
            if err is not None:
                errors.append(err)
            else:
                out[i] = Produced(msg.topic(), msg.partition(), msg.offset(), key, value, headers, meta)

        while rate and time.monotonic() < t0 + i / rate:
            p.poll(min(0.05, max(0.0, t0 + i / rate - time.monotonic())))
        while True:
            try:
                p.produce(topic, key=key, value=value, headers=headers or None, on_delivery=cb)
                break
            except BufferError:
                p.poll(0.1)
        p.poll(0)
    remaining = p.flush(timeout)
    assert remaining == 0, f"{remaining} records not delivered within {timeout}s"
    assert not errors, f"delivery errors: {errors[:5]}"
    assert all(r is not None for r in out)
    return out  # type: ignore[return-value]


def partition_ends(produced: list[Produced]) -> dict[int, int]:
    """Per partition: offset after the last record we produced (fresh broker -> also the count)."""
    ends: dict[int, int] = {}
    for r in produced:
        ends[r.partition] = max(ends.get(r.partition, 0), r.offset + 1)
    return ends


# --------------------------------------------------------------------------------------------
# Consuming
# --------------------------------------------------------------------------------------------

@dataclass
class Record:
    topic: str
    partition: int
    offset: int
    key: Optional[bytes]
    value: Optional[bytes]
    headers: list

    def json(self):
        return json.loads(self.value)

    def header(self, name: str) -> Optional[bytes]:
        for k, v in self.headers:
            if k == name:
                return v
        return None


class TopicReader:
    """Reads a topic from the beginning with its own consumer group (assign(), no group join,
    so it is independent of the daemon's group and of Tansu's slow first join)."""

    def __init__(self, broker: Broker, topic: str, group: Optional[str] = None):
        self.broker = broker
        self.topic = topic
        self.consumer = Consumer({"bootstrap.servers": broker.bootstrap,
                                  "group.id": group or unique("it-reader"), **CONSUMER_BASE})
        self.records: list[Record] = []
        self.assigned: list[int] = []

    def _assign(self):
        parts = self.broker.partitions(self.topic)
        new = [p for p in parts if p not in self.assigned]
        if new:
            self.consumer.incremental_assign(
                [TopicPartition(self.topic, p, -2) for p in new])  # -2 = OFFSET_BEGINNING
            self.assigned += new

    def read(self, expected: int = 0, idle: float = 2.5, deadline: float = 60.0) -> list[Record]:
        """Read until at least `expected` records (cumulative) have arrived and then nothing more
        for `idle` seconds, or until `deadline` seconds passed.  Returns all records so far.
        The idle window only counts once the reader has caught up with the high watermark of a
        fetch on every partition (or, for partitions that never returned one, e.g. empty ones,
        after a warm-up of a few seconds), so a slow first fetch is not mistaken for the end."""
        started = time.monotonic()
        t_end = started + deadline
        last = started
        next_meta = 0.0
        while True:
            now = time.monotonic()
            if now >= next_meta:  # the topic may not exist yet / may gain partitions
                try:
                    self._assign()
                except KafkaException:
                    pass
                next_meta = now + 1.0
            msgs = self.consumer.consume(500, 0.2) if self.assigned else []
            if not self.assigned:
                time.sleep(0.2)
            for m in msgs:
                if m.error():
                    if m.error().code() in (KafkaError._PARTITION_EOF, KafkaError.UNKNOWN_TOPIC_OR_PART):
                        continue
                    raise KafkaException(m.error())
                self.records.append(Record(m.topic(), m.partition(), m.offset(), m.key(), m.value(),
                                           list(m.headers() or [])))
            now = time.monotonic()
            if msgs:
                last = now
            if len(self.records) >= expected and now - last >= idle and \
                    (now - started >= idle + 3.0 or self.caught_up()):
                return self.records
            if now >= t_end:
                return self.records

    def caught_up(self) -> bool:
        if not self.assigned:
            return False
        tps = [TopicPartition(self.topic, p) for p in self.assigned]
        for tp in self.consumer.position(tps):
            lo, hi = self.consumer.get_watermark_offsets(TopicPartition(self.topic, tp.partition), cached=True)
            if hi < 0 or tp.offset < hi:
                return False
        return True

    def watermarks(self) -> dict[int, int]:
        """High watermark per partition as reported by the last fetch (call after read())."""
        out = {}
        for p in self.assigned:
            lo, hi = self.consumer.get_watermark_offsets(TopicPartition(self.topic, p), cached=True)
            out[p] = hi
        return out

    def close(self):
        self.consumer.close()


def consume_all(broker: Broker, topic: str, expected: int = 0, idle: float = 2.5,
                deadline: float = 60.0) -> list[Record]:
    r = TopicReader(broker, topic)
    try:
        return r.read(expected, idle, deadline)
    finally:
        r.close()


def committed_offsets(broker: Broker, group: str, topic: str) -> dict[int, int]:
    """The group's committed offset per partition (-1001 = none)."""
    parts = broker.partitions(topic)
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group, **CONSUMER_BASE})
    try:
        tps = c.committed([TopicPartition(topic, p) for p in parts], timeout=10)
        return {tp.partition: tp.offset for tp in tps}
    finally:
        c.close()


# --------------------------------------------------------------------------------------------
# Daemon
# --------------------------------------------------------------------------------------------

METRIC_INTS = ("events_in", "actions_out", "dead_letters", "commits", "rebalances", "in_flight",
               "assigned_partitions", "checkpoints", "resends_suppressed", "repartition_duplicates",
               "erasures", "state_read_failures")
METRIC_MAPS = ("events_in_by_topic", "actions_by_trigger", "dead_letters_by_reason", "consumer_lag",
               "state_keys")


def check_metrics_line(m: dict):
    """The documented shape of one stdout metrics line."""
    from datetime import datetime
    assert isinstance(m.get("ts"), str), m
    datetime.fromisoformat(m["ts"].replace("Z", "+00:00"))  # RFC 3339
    assert isinstance(m.get("uptime_s"), (int, float)), m
    for k in METRIC_INTS:
        assert isinstance(m.get(k), int) and m[k] >= 0, f"metrics field {k}: {m}"
    for k in METRIC_MAPS:
        assert isinstance(m.get(k), dict) and all(isinstance(v, int) for v in m[k].values()), \
            f"metrics field {k}: {m}"
    assert all(re.match(r"^.+/\d+$", k) for k in m["consumer_lag"]), m["consumer_lag"]
    assert isinstance(m.get("checkpoint_pause_ms_max"), (int, float)) and m["checkpoint_pause_ms_max"] >= 0, m
    lat = m.get("latency_ms")
    assert isinstance(lat, dict) and all(isinstance(lat.get(k), (int, float)) for k in ("p50", "p99", "max")), m

class Daemon:
    """A running `stream-daemon run`; stdout metric lines are parsed in a background thread."""

    def __init__(self, config: Path, env: dict, workdir: Path, name: str = "daemon"):
        self.config = config
        self.env = env
        self.stderr_path = workdir / f"{name}.stderr"
        self.stdout_path = workdir / f"{name}.stdout"
        self.metrics: list[dict] = []
        self.bad_stdout: list[str] = []
        self.proc: Optional[subprocess.Popen] = None
        self.returncode: Optional[int] = None
        self._lock = threading.Lock()
        self._reader: Optional[threading.Thread] = None

    def start(self) -> "Daemon":
        self._err = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen([daemon_bin(), "run", "--config", str(self.config)],
                                     stdout=subprocess.PIPE, stderr=self._err, stdin=subprocess.DEVNULL,
                                     env=self.env, start_new_session=True)
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._reader.start()
        return self

    def _read_stdout(self):
        assert self.proc and self.proc.stdout
        with open(self.stdout_path, "wb") as raw:
            for line in self.proc.stdout:
                raw.write(line)
                raw.flush()
                text = line.decode("utf-8", "replace").strip()
                if not text:
                    continue
                try:
                    obj = json.loads(text)
                    if not isinstance(obj, dict):
                        raise ValueError("not an object")
                except ValueError:
                    with self._lock:
                        self.bad_stdout.append(text)
                    continue
                with self._lock:
                    self.metrics.append(obj)

    # -- observation --------------------------------------------------------------------------
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def last(self) -> Optional[dict]:
        with self._lock:
            return self.metrics[-1] if self.metrics else None

    def snapshot(self) -> list[dict]:
        with self._lock:
            return list(self.metrics)

    def stderr(self) -> str:
        try:
            return self.stderr_path.read_bytes().decode("utf-8", "replace")
        except OSError:
            return ""

    def describe(self) -> str:
        return (f"daemon rc={self.proc.poll() if self.proc else None}\n"
                f"last metrics: {json.dumps(self.last())}\nnon-JSON stdout: {self.bad_stdout[:5]}\n"
                f"stderr tail:\n{self.stderr()[-3000:]}")

    def wait_metrics(self, pred: Callable[[dict], bool], timeout: float, what: str) -> dict:
        """Wait for a metrics line (emitted after this call started or already there) matching pred."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            with self._lock:
                lines = self.metrics[seen:]
                seen = len(self.metrics)
            for m in lines:
                if pred(m):
                    return m
            if not self.running():
                # let the reader thread drain what is left
                if self._reader:
                    self._reader.join(2)
                with self._lock:
                    lines = self.metrics[seen:]
                for m in lines:
                    if pred(m):
                        return m
                raise AssertionError(f"daemon exited while waiting for {what}\n{self.describe()}")
            if time.monotonic() >= deadline:
                raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}\n{self.describe()}")
            time.sleep(0.05)

    def wait_joined(self, intervals: int = 2, timeout: float = 45.0) -> list[dict]:
        """Wait until `intervals` consecutive metric lines show assigned_partitions > 0."""
        streak: list[dict] = []
        deadline = time.monotonic() + timeout
        seen = len(self.snapshot())
        while len(streak) < intervals:
            with self._lock:
                lines = self.metrics[seen:]
                seen = len(self.metrics)
            for m in lines:
                if (m.get("assigned_partitions") or 0) > 0:
                    streak.append(m)
                else:
                    streak = []
            if len(streak) >= intervals:
                break
            if not self.running():
                raise AssertionError(f"daemon exited before joining its group\n{self.describe()}")
            if time.monotonic() >= deadline:
                raise AssertionError(f"daemon did not get partitions within {timeout:.0f}s\n{self.describe()}")
            time.sleep(0.05)
        return streak

    # -- stopping -----------------------------------------------------------------------------
    def terminate(self, sig=signal.SIGTERM, timeout: float = 15.0) -> tuple[Optional[int], float]:
        """Send `sig`; return (exit code or None if still running after timeout, seconds taken)."""
        assert self.proc
        t0 = time.monotonic()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            rc = None
        elapsed = time.monotonic() - t0
        if rc is not None:
            self._finish()
        return rc, elapsed

    def kill9(self):
        assert self.proc
        self.proc.kill()
        self.proc.wait(10)
        self._finish()

    def _finish(self):
        self.returncode = self.proc.returncode if self.proc else None
        if self._reader:
            self._reader.join(5)
        if getattr(self, "_err", None):
            self._err.close()

    def cleanup(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        if self.proc:
            self._finish()


@pytest.fixture
def daemon_factory(tmp_path):
    """start(config, broker, group=..., state_dir=...) -> running Daemon; all killed at teardown."""
    started: list[Daemon] = []

    def start(config: Path, broker: Broker, group: str, state_dir: Optional[Path] = None,
              name: Optional[str] = None, extra_env: Optional[dict] = None) -> Daemon:
        env = dict(os.environ)
        env.update({
            "KAFKA_BROKERS": broker.bootstrap,
            "GROUP": group,
            "STATE_DIR": str(state_dir or (tmp_path / "state")),
        })
        lib = str(ROOT / ".cache" / "librdkafka" / "lib")
        env["LD_LIBRARY_PATH"] = lib + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
        if extra_env:
            env.update(extra_env)
        d = Daemon(config, env, tmp_path, name or f"daemon{len(started) + 1}")
        started.append(d)
        return d.start()

    yield start
    for d in started:
        d.cleanup()


def run_cli(*args: str, env: Optional[dict] = None, timeout: float = 30.0) -> subprocess.CompletedProcess:
    e = dict(os.environ)
    if env:
        e.update(env)
    return subprocess.run([daemon_bin(), *args], capture_output=True, env=e, timeout=timeout,
                          stdin=subprocess.DEVNULL)


# --------------------------------------------------------------------------------------------
# Config
# --------------------------------------------------------------------------------------------

def write_test_config(path: Path, *, max_value_bytes: int = 1_048_576, pipelines: Optional[str] = None,
                      commit_interval: str = "1s",
                      input_topic: str = "cx.events", actions_topic: str = "cx.actions",
                      dead_letter_topic: str = "cx.deadletter") -> Path:
    """A config like config/demo.yaml, with brokers/group/state from the environment and the
    Tansu-specific client properties."""
    if pipelines is None:
        pipelines = """\
  - name: cart_reminder
    where:
      - field: type
        equals: cart_add
    action:
      channel: push
      message: "You left {{sku}} in your cart"
"""
    path.write_text(f"""\
kafka:
  brokers: ${{KAFKA_BROKERS}}
  group_id: ${{GROUP}}
  properties:
    session.timeout.ms: "6000"
    fetch.queue.backoff.ms: "10"
  create_topics: true
  topic_partitions: 4
inputs:
  - topic: {input_topic}
    key_field: customer_id
    time_field: ts
    time_format: epoch_ms
    max_value_bytes: {max_value_bytes}
output:
  actions_topic: {actions_topic}
  dead_letter_topic: {dead_letter_topic}
metrics:
  interval: 1s
state:
  dir: ${{STATE_DIR}}
runtime:
  shutdown_timeout: 10s
  commit_interval: {commit_interval}
pipelines:
{pipelines}""")
    return path
