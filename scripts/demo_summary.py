#!/usr/bin/env python3
"""Producer and summary for scripts/demo.sh (config/demo-cx.yaml).  Run with the project's venv
(.cache/venv/bin/python; needs confluent-kafka).

    demo_summary.py topics   --brokers B TOPIC...          create topics (4 partitions) if missing
    demo_summary.py profiles --brokers B --customers N --seed S [--stats FILE] [--output FILE]
        one profile per customer (a few have none) to cx.profiles: time zone (Asia/Seoul,
        America/New_York, Europe/London, or none = the policies' default), locale, consent per
        channel (push / sms / email: granted, denied or not recorded), some do-not-contact
    demo_summary.py traffic  --brokers B --input FILE --stats FILE [--only TOPICS] [--markers --tail 2h]
        routes `stream-daemon generate` output by source system: logistics events to
        cx.logistics (key order_id), stock levels to cx.inventory (key sku_store, added here as a
        feed adapter would), the rest to cx.events (key customer_id); unparseable lines to
        cx.events.  --only: just these topics (demo.sh sends the two small feeds first).
        --markers: then one end-of-traffic marker per input partition, `--tail` after the last
        event time, so the watermark passes every timer due by then.
    demo_summary.py summary  --brokers B --metrics FILE --stats FILE [--t0 EPOCH_S]
        reads cx.actions, cx.policy.decisions / .holdout / .conversions and cx.deadletter back
        and prints the tables: actions by trigger x channel, decisions by outcome and reason,
        conversions treated vs holdout, dead letters by reason, marketing by time zone,
        throughput.  Each topic is read until it holds what the daemon's last metrics line says
        was produced.  Exit 1 if the topics do not add up (see the checks at the end) or no
        action came through.
"""
from __future__ import annotations

import argparse
import json
import zlib
import random
import re
import sys
import time
import uuid
from collections import Counter, defaultdict
from datetime import datetime, timezone

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

EVENTS, LOGISTICS, INVENTORY, PROFILES = "cx.events", "cx.logistics", "cx.inventory", "cx.profiles"
ACTIONS, DEADLETTER = "cx.actions", "cx.deadletter"
DECISIONS, HOLDOUT, CONVERSIONS = "cx.policy.decisions", "cx.policy.holdout", "cx.policy.conversions"
INPUTS = [EVENTS, LOGISTICS, INVENTORY]
LOGISTICS_TYPES = {"shipped", "parcel_delayed", "delivered", "delivery_exception"}
PARTITIONS = 4
# Trigger -> category, in the order of config/demo-cx.yaml (the summary lists them this way).
TRIGGERS = {
    "cart_abandoned": "marketing", "browse_abandoned": "marketing", "renewal_reminder": "marketing",
    "shipment_late": "transactional", "parcel_delayed": "transactional", "shipment_exception": "transactional",
    "pickup_ready": "transactional", "pickup_arrival": "transactional", "flight_delay": "transactional",
    "flight_cancelled": "transactional", "repeat_contact": "transactional", "back_in_stock": "transactional",
}
CHANNELS = ["push", "sms", "email", "agent", "store_staff", "waitlist"]
ZONES = [("Asia/Seoul", "ko-KR", 35), ("America/New_York", "en-US", 35), ("Europe/London", "en-GB", 25),
         (None, None, 5)]


def die(msg: str) -> None:
    print(f"demo_summary: {msg}", file=sys.stderr)
    sys.exit(1)


def producer(brokers: str) -> Producer:
    return Producer({"bootstrap.servers": brokers, "linger.ms": 20, "batch.num.messages": 10000,
                     "enable.idempotence": False, "acks": "all", "message.timeout.ms": 60000,
                     "queue.buffering.max.messages": 200000, "log_level": 3})


class Sender:
    """Produces in order, counts per topic, fails on the first delivery error."""

    def __init__(self, brokers: str):
        self.p = producer(brokers)
        self.errors: list[str] = []
        self.count: Counter = Counter()

    def _cb(self, err, msg):
        if err is not None:
            self.errors.append(f"{msg.topic()}: {err}")

    def send(self, topic: str, key: bytes | None, value: bytes, partition: int | None = None):
        kw = {"partition": partition} if partition is not None else {}
        while True:
            try:
                self.p.produce(topic, value=value, key=key, on_delivery=self._cb, **kw)
                break
            except BufferError:
                self.p.poll(0.05)
        self.count[topic] += 1
        self.p.poll(0)

    def finish(self):
        left = self.p.flush(60)
        if left or self.errors:
            die(f"{left} record(s) not delivered; errors: {self.errors[:3]}")


# ------------------------------------------------------------------------------------------------
# topics, profiles, traffic
# ------------------------------------------------------------------------------------------------

def cmd_topics(a) -> int:
    admin = AdminClient({"bootstrap.servers": a.brokers, "log_level": 3})
    existing = set(admin.list_topics(timeout=10).topics)
    new = [NewTopic(t, PARTITIONS, 1) for t in a.topic if t not in existing]
    if new:
        for t, f in admin.create_topics(new, operation_timeout=10).items():
            try:
                f.result()
            except KafkaException as e:
                if e.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:
                    die(f"create {t}: {e}")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        md = admin.list_topics(timeout=5).topics
        if all(t in md and len(md[t].partitions) > 0 for t in a.topic):
            print(f"topics ready: {', '.join(f'{t} ({len(md[t].partitions)})' for t in a.topic)}")
            return 0
        time.sleep(0.2)
    die(f"topics not visible after creation: {a.topic}")
    return 1


def profile(rng: random.Random, cid: str) -> dict | None:
    """A customer's profile row, or None (about 2 % of customers have none)."""
    if rng.random() < 0.02:
        return None
    zone, locale, _ = rng.choices(ZONES, weights=[z[2] for z in ZONES])[0]
    row: dict = {"customer_id": cid}
    if zone:
        row["time_zone"] = zone
        row["locale"] = locale

    def consent(granted: float, denied: float, as_bool: bool):
        r = rng.random()
        if r < granted:
            return True if as_bool else "granted"
        if r < granted + denied:
            return False if as_bool else "denied"
        return None  # never asked

    c = {"push": consent(0.60, 0.15, True), "sms": consent(0.45, 0.25, False),
         "email": consent(0.70, 0.10, False)}
    row["consent"] = {k: v for k, v in c.items() if v is not None}
    if rng.random() < 0.04:
        row["do_not_contact"] = True
    return row


def cmd_profiles(a) -> int:
    rng = random.Random(a.seed)
    rows = [r for r in (profile(rng, f"c-{i}") for i in range(1, a.customers + 1)) if r]
    if a.output:
        with open(a.output, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, separators=(",", ":")) + "\n")
    if a.brokers:
        s = Sender(a.brokers)
        for r in rows:
            s.send(PROFILES, r["customer_id"].encode(), json.dumps(r, separators=(",", ":")).encode())
        s.finish()
    zones = Counter(r.get("time_zone", "(none: UTC)") for r in rows)
    dnc = sum(1 for r in rows if r.get("do_not_contact"))
    if a.stats:
        merge_stats(a.stats, {"customers": a.customers, "profiles": len(rows), "do_not_contact": dnc,
                              "zones": dict(zones.most_common()),
                              "zone_of": {r["customer_id"]: r.get("time_zone", "UTC") for r in rows}})
    print(f"{len(rows)} profiles for {a.customers} customers ({a.customers - len(rows)} without one), "
          f"{dnc} do-not-contact; zones: " + ", ".join(f"{z} {n}" for z, n in zones.most_common()))
    return 0


def parse_duration_ms(s: str) -> int:
    total, pos = 0, 0
    units = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
    for m in re.finditer(r"(\d+)(ms|s|m|h|d)", s):
        if m.start() != pos:
            break
        total += int(m.group(1)) * units[m.group(2)]
        pos = m.end()
    if pos != len(s) or not s:
        die(f"bad duration {s!r} (e.g. 2h, 90m, 1h30m)")
    return total


def route(raw: bytes) -> tuple[str, bytes | None, bytes, int | None]:
    """(topic, key, value, event time) of one generated line, as the source systems would
    publish it."""
    try:
        ev = json.loads(raw)
    except ValueError:
        return EVENTS, None, raw, None
    if not isinstance(ev, dict):
        return EVENTS, None, raw, None
    topic, key, value = EVENTS, ev.get("customer_id"), raw
    t = ev.get("type")
    if t in LOGISTICS_TYPES:
        topic, key = LOGISTICS, ev.get("order_id")
    elif t == "inventory_update":
        topic = INVENTORY
        if isinstance(ev.get("sku"), str) and isinstance(ev.get("store_id"), str):
            # The feed adapter's composite key (keys are one field).
            ev["sku_store"] = f"{ev['sku']}@{ev['store_id']}"
            value = json.dumps(ev, separators=(",", ":")).encode()
        key = ev.get("sku_store")
    ts = ev.get("ts") if isinstance(ev.get("ts"), int) else None
    return topic, key.encode() if isinstance(key, str) else None, value, ts


def consent_change(raw: bytes) -> tuple[bytes, bytes] | None:
    """A consent change some customers make right after logging in (the preference centre):
    about 1 in 12 logins revokes or grants one channel. Chosen by a hash of the line, so the
    demo's traffic stays reproducible; the policies' `consent_events` applies it (newest
    event at or before a decision wins over the profile's consent)."""
    if b'"type":"login"' not in raw:
        return None
    h = zlib.crc32(raw)
    if h % 12 != 0:
        return None
    try:
        ev = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(ev, dict) or ev.get("type") != "login":
        return None
    cid, ts = ev.get("customer_id"), ev.get("ts")
    if not isinstance(cid, str) or not isinstance(ts, int):
        return None
    channel = ("push", "sms", "email")[(h >> 8) % 3]
    granted = (h >> 16) % 3 == 0  # mostly opt-outs, some opt-ins
    change = {"type": "consent_changed", "customer_id": cid, "channel": channel, "granted": granted, "ts": ts + 1}
    return cid.encode(), json.dumps(change, separators=(",", ":")).encode()


def cmd_traffic(a) -> int:
    tail_ms = parse_duration_ms(a.tail)
    only = set(a.only.split(",")) if a.only else set(INPUTS)
    if not only <= set(INPUTS):
        die(f"--only: unknown topic(s) {sorted(only - set(INPUTS))}")
    s = Sender(a.brokers)
    max_ts, min_ts = None, None
    lines = 0
    started = time.time()
    with open(a.input, "rb") as f:
        for raw in f:
            raw = raw.rstrip(b"\n")
            if not raw:
                continue
            topic, key, value, ts = route(raw)
            if ts is not None:
                max_ts = ts if max_ts is None else max(max_ts, ts)
                min_ts = ts if min_ts is None else min(min_ts, ts)
            if topic in only:
                lines += 1
                s.send(topic, key, value)
                consent = consent_change(raw)
                if consent is not None and EVENTS in only:
                    lines += 1
                    s.send(EVENTS, consent[0], consent[1])
    if max_ts is None:
        die(f"no event with a time in {a.input}")
    # End-of-traffic markers: every partition of every input moves on to last + tail, so the
    # (per-task, minimum over partitions) watermark passes every timer due by then.
    marker_ts = max_ts + tail_ms
    markers = 0
    if a.markers:
        for topic in INPUTS:
            for p in range(PARTITIONS):
                ev = {"type": "end_of_traffic", "customer_id": f"eot-{p}", "order_id": f"eot-{p}",
                      "sku_store": f"eot-{p}", "ts": marker_ts}
                s.send(topic, f"eot-{p}".encode(), json.dumps(ev, separators=(",", ":")).encode(), partition=p)
                markers += 1
    s.finish()
    took = time.time() - started
    # Cumulative over the calls that share a stats file.
    stats = load_stats(a.stats)
    by_topic = stats.get("by_topic", {})
    for t, n in s.count.items():
        by_topic[t] = by_topic.get(t, 0) + n
    merge_stats(a.stats, {"lines": stats.get("lines", 0) + lines, "markers": stats.get("markers", 0) + markers,
                          "total": stats.get("total", 0) + lines + markers, "by_topic": by_topic,
                          "first_ts": min_ts, "last_ts": max_ts, "marker_ts": marker_ts if a.markers else None})
    print(f"produced {lines:,} lines" + (f" + {markers} end-of-traffic markers" if markers else "")
          + f" in {took:.1f}s: " + ", ".join(f"{t} {n:,}" for t, n in sorted(s.count.items())))
    if a.markers:
        print(f"event time {iso(min_ts)} .. {iso(max_ts)}; markers at {iso(marker_ts)}")
    return 0


def load_stats(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def merge_stats(path: str, values: dict) -> None:
    stats = load_stats(path)
    stats.update(values)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(stats, f)


def iso(ms: int | None) -> str:
    if ms is None:
        return "-"
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


# ------------------------------------------------------------------------------------------------
# summary
# ------------------------------------------------------------------------------------------------

def read_all(brokers: str, topic: str, expected: int, idle_s: float = 1.0, deadline_s: float = 60.0) -> list:
    """Every record of `topic` from the beginning (assign(), no group join, no commits): read
    until at least `expected` records are in and then nothing more for `idle_s` (so extra
    records would show), or `deadline_s` passed.  Not by the high watermark: Tansu's ListOffsets
    answer can be below the log end."""
    c = Consumer({"bootstrap.servers": brokers, "group.id": f"demo-summary-{uuid.uuid4().hex[:8]}",
                  "enable.auto.commit": False, "auto.offset.reset": "earliest",
                  "session.timeout.ms": 6000, "fetch.queue.backoff.ms": 10, "fetch.wait.max.ms": 10,
                  "log_level": 3})
    try:
        md = c.list_topics(topic, timeout=10).topics.get(topic)
        if md is None or md.error is not None or not md.partitions:
            return []
        c.assign([TopicPartition(topic, p, -2) for p in sorted(md.partitions)])
        out = []
        start = time.monotonic()
        last = start
        while True:
            msgs = c.consume(1000, 0.1)
            now = time.monotonic()
            for m in msgs:
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF:
                        continue
                    raise KafkaException(m.error())
                out.append(m)
            if msgs:
                last = now
            if len(out) >= expected and now - last >= idle_s:
                return out
            if now - start >= deadline_s:
                return out
    finally:
        c.close()


def values(records) -> list[dict]:
    out = []
    for m in records:
        try:
            out.append(json.loads(m.value()))
        except (TypeError, ValueError):
            pass
    return out


def table(headers: list[str], rows: list[list], first_left: int = 1) -> None:
    """Fixed-width table: the first `first_left` columns left-aligned, numbers right-aligned,
    zeros shown as '.' so the non-zero cells stand out."""
    def cell(v):
        if isinstance(v, float):
            return f"{v:.1f}"
        if isinstance(v, int):
            return f"{v:,}" if v else "."
        return str(v)
    cells = [[cell(v) for v in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    def line(vals):
        return "  " + "  ".join(v.ljust(w) if i < first_left else v.rjust(w)
                                for i, (v, w) in enumerate(zip(vals, widths)))
    print(line(headers))
    print("  " + "  ".join("-" * w for w in widths))
    for r in cells:
        print(line(r))


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:.1f} %" if d else "-"


def cmd_summary(a) -> int:
    stats = json.load(open(a.stats, encoding="utf-8"))
    metrics = [json.loads(l) for l in open(a.metrics, encoding="utf-8") if l.strip().startswith("{")]
    last = metrics[-1] if metrics else {}
    problems: list[str] = []

    # Read each output topic until it holds what the daemon says it produced (then a little more).
    pc = last.get("policy") or {}
    actions = values(read_all(a.brokers, ACTIONS, last.get("actions_out", 0)))
    decisions = values(read_all(a.brokers, DECISIONS, pc.get("decisions", 0)))
    holdout = values(read_all(a.brokers, HOLDOUT, pc.get("held_out", 0)))
    conversions = values(read_all(a.brokers, CONVERSIONS, sum(g["treated"] + g["holdout"]
                                                              for g in (pc.get("conversions") or {}).values())))
    dead = read_all(a.brokers, DEADLETTER, last.get("dead_letters", 0))

    triggers = list(TRIGGERS) + sorted({x["trigger"] for x in actions + decisions} - set(TRIGGERS))

    # --- traffic --------------------------------------------------------------------------------
    bt = stats.get("by_topic", {})
    print(f"\nTraffic: {stats.get('lines', 0):,} generated lines + {stats.get('markers', 0)} end-of-traffic markers "
          f"({', '.join(f'{t} {bt.get(t, 0):,}' for t in INPUTS)})")
    print(f"  event time {iso(stats.get('first_ts'))} .. {iso(stats.get('last_ts'))}, "
          f"markers at {iso(stats.get('marker_ts'))}")
    if stats.get("profiles"):
        print(f"  {stats['profiles']:,} profiles for {stats['customers']:,} customers "
              f"({stats['do_not_contact']} do-not-contact): "
              + ", ".join(f"{z} {n:,}" for z, n in stats["zones"].items()))

    # --- actions by trigger x channel -----------------------------------------------------------
    print(f"\nActions sent, by trigger and channel ({ACTIONS}: {len(actions):,} records)\n")
    by = Counter((x["trigger"], x["channel"]) for x in actions)
    chans = CHANNELS + sorted({c for _, c in by} - set(CHANNELS))
    rows = []
    for t in triggers:
        rows.append([t, TRIGGERS.get(t, "?")] + [by[(t, c)] for c in chans] + [sum(by[(t, c)] for c in chans)])
    rows.append(["total", ""] + [sum(by[(t, c)] for t in triggers) for c in chans] + [len(actions)])
    table(["trigger", "category"] + chans + ["total"], rows, first_left=2)
    silent = [t for t in TRIGGERS if not any(by[(t, c)] for c in chans)]

    # --- decisions: final outcome per candidate -------------------------------------------------
    # A deferred action has two or more decisions (deferred, then its release); its outcome is
    # the last one. "deferred" counts candidates that were deferred at least once.
    per_action: dict[str, list[dict]] = defaultdict(list)
    for d in decisions:
        per_action[d["action_id"]].append(d)
    outcome_cols = ["sent", "fallback", "no_consent", "do_not_contact", "deferral_limit", "daily", "weekly",
                    "held_out", "waiting"]
    counts: dict[str, Counter] = defaultdict(Counter)
    deferred_ever: Counter = Counter()
    extra_cols: set[str] = set()
    for aid, ds in per_action.items():
        ds.sort(key=lambda d: (d["time"], d["decision"] != "deferred"))
        final, t = ds[-1], ds[-1]["trigger"]
        counts[t]["candidates"] += 1
        if any(d["decision"] == "deferred" for d in ds):
            deferred_ever[t] += 1
        kind = final["decision"]
        if kind == "sent":
            counts[t]["sent"] += 1
            if final.get("reason") == "fallback":
                counts[t]["fallback"] += 1
        elif kind == "deferred":
            counts[t]["waiting"] += 1
        elif kind == "held_out":
            counts[t]["held_out"] += 1
        else:  # suppressed / capped: by reason (suppression reason or cap name)
            reason = final.get("reason") or kind
            counts[t][reason] += 1
            if reason not in outcome_cols:
                extra_cols.add(reason)
    cols = outcome_cols[:5] + sorted(extra_cols) + outcome_cols[5:]
    optional = {"fallback", "deferral_limit", "waiting"} | extra_cols
    cols = [k for k in cols if k not in optional or any(c[k] for c in counts.values())]
    print(f"\nPolicy decisions, final outcome per candidate action ({DECISIONS}: {len(decisions):,} records)")
    print("  fallback: of sent, on a fallback channel; no_consent / do_not_contact / deferral_limit: "
          "suppressed;\n  daily / weekly: capped; deferred: held for quiet hours at least once "
          "(then decided again);\n  waiting: still deferred when the traffic ended\n")
    rows = []
    tot = Counter()
    tot_def = 0
    for t in triggers:
        c = counts.get(t, Counter())
        rows.append([t, c["candidates"], deferred_ever[t]] + [c[k] for k in cols])
        tot += c
        tot_def += deferred_ever[t]
    rows.append(["total", tot["candidates"], tot_def] + [tot[k] for k in cols])
    table(["trigger", "candidates", "deferred"] + cols, rows)

    # --- conversions: treated vs holdout ------------------------------------------------------
    print(f"\nConversions (purchase within 7 days of a marketing action), treated vs holdout "
          f"({CONVERSIONS}: {len(conversions):,} records)")
    print("  exposures: actions sent (treated) or held out (holdout); converted: exposures followed "
          "by a purchase\n")
    exposures = {g: Counter() for g in ("treated", "holdout")}
    for aid, ds in per_action.items():
        final = ds[-1]
        if TRIGGERS.get(final["trigger"]) != "marketing":
            continue
        if final["decision"] == "sent":
            exposures["treated"][final["trigger"]] += 1
        elif final["decision"] == "held_out":
            exposures["holdout"][final["trigger"]] += 1
    converted = {g: defaultdict(set) for g in ("treated", "holdout")}
    for cv in conversions:
        converted[cv["group"]][cv["trigger"]].add(cv["action_id"])
    rows = []
    for t in [t for t, cat in TRIGGERS.items() if cat == "marketing"]:
        et, eh = exposures["treated"][t], exposures["holdout"][t]
        ct, ch = len(converted["treated"][t]), len(converted["holdout"][t])
        rt = ct / et if et else None
        rh = ch / eh if eh else None
        uplift = f"{100 * (rt - rh):+.1f} pp" if rt is not None and rh is not None else "-"
        rows.append([t, et, ct, pct(ct, et), eh, ch, pct(ch, eh), uplift])
    table(["trigger", "treated", "converted", "rate", "holdout", "converted", "rate", "uplift"], rows)
    print("  (generated traffic: purchases do not depend on the messages, so any uplift is noise)")

    # --- dead letters ---------------------------------------------------------------------------
    print(f"\nDead letters by reason and source topic ({DEADLETTER}: {len(dead):,} records)\n")
    dl = Counter()
    for m in dead:
        h = {k: (v or b"").decode("utf-8", "replace") for k, v in (m.headers() or [])}
        dl[(h.get("dlq.reason", "?"), h.get("dlq.source.topic", "?"))] += 1
    reasons = sorted({r for r, _ in dl})
    rows = [[r] + [dl[(r, t)] for t in INPUTS] + [sum(dl[(r, t)] for t in INPUTS)] for r in reasons]
    rows.append(["total"] + [sum(dl[(r, t)] for r in reasons) for t in INPUTS] + [len(dead)])
    table(["reason"] + INPUTS + ["total"], rows)

    # --- marketing by time zone ---------------------------------------------------------------
    zone_of = stats.get("zone_of") or {}
    if zone_of:
        print("\nMarketing candidates by the customer's time zone (quiet hours 21:00-08:00 local)\n")
        zc: dict[str, Counter] = defaultdict(Counter)
        for aid, ds in per_action.items():
            if TRIGGERS.get(ds[-1]["trigger"]) != "marketing":
                continue
            z = zone_of.get(ds[-1]["customer_id"], "(no profile)")
            zc[z]["candidates"] += 1
            zc[z]["deferred"] += any(d["decision"] == "deferred" for d in ds)
            zc[z]["sent"] += ds[-1]["decision"] == "sent"
            zc[z]["waiting"] += ds[-1]["decision"] == "deferred"
        rows = [[z, c["candidates"], c["deferred"], pct(c["deferred"], c["candidates"]), c["sent"], c["waiting"]]
                for z, c in sorted(zc.items(), key=lambda kv: -kv[1]["candidates"])]
        table(["time zone", "candidates", "deferred", "share", "sent", "waiting"], rows)

    # --- throughput -----------------------------------------------------------------------------
    p = last.get("policy") or {}
    events_in = last.get("events_in", 0)
    final = (events_in, last.get("actions_out"), last.get("dead_letters"), p.get("decisions"))
    done = next((m for m in metrics if m.get("in_flight") == 0 and final ==
                 (m.get("events_in"), m.get("actions_out"), m.get("dead_letters"),
                  (m.get("policy") or {}).get("decisions"))), None)
    print("\nThroughput (daemon metrics)\n")
    print(f"  events in {events_in:,} of {stats['total']:,} produced  |  actions out {last.get('actions_out', 0):,}"
          f"  |  decisions {len(decisions):,}, held out {len(holdout):,}, conversion records {len(conversions):,}"
          f"  |  dead letters {last.get('dead_letters', 0):,}")
    if a.t0 and done:
        t_done = datetime.fromisoformat(done["ts"].replace("Z", "+00:00")).timestamp()
        elapsed = t_done - a.t0
        print(f"  elapsed {elapsed:.1f} s from the first record produced to the last output acknowledged "
              f"-> {events_in / elapsed:,.0f} events/s (debug build; metrics every 0.5 s)")

    # --- checks ---------------------------------------------------------------------------------
    if events_in != stats["total"]:
        problems.append(f"daemon read {events_in} records, {stats['total']} were produced")
    if len(actions) != last.get("actions_out"):
        problems.append(f"{ACTIONS} holds {len(actions)} records, the daemon counted {last.get('actions_out')}")
    if len(actions) != tot["sent"]:
        problems.append(f"{ACTIONS} holds {len(actions)} records, {tot['sent']} decisions are 'sent'")
    if len(holdout) != tot["held_out"]:
        problems.append(f"{HOLDOUT} holds {len(holdout)} records, {tot['held_out']} decisions are 'held_out'")
    n_conv = sum(g["treated"] + g["holdout"] for g in (p.get("conversions") or {}).values())
    if p and n_conv != len(conversions):
        problems.append(f"{CONVERSIONS} holds {len(conversions)} records, the daemon counted {n_conv}")
    if p and p.get("held_out") != len(holdout):
        problems.append(f"{HOLDOUT} holds {len(holdout)} records, the daemon counted {p.get('held_out')}")
    if p and p.get("decisions") != len(decisions):
        problems.append(f"{DECISIONS} holds {len(decisions)} records, the daemon counted {p.get('decisions')}")
    if len(dead) != last.get("dead_letters"):
        problems.append(f"{DEADLETTER} holds {len(dead)} records, the daemon counted {last.get('dead_letters')}")
    if done is not None and done.get("policy_deferred_pending") != tot["waiting"]:
        problems.append(f"{tot['waiting']} actions still deferred by the decisions, the daemon reports "
                        f"{done.get('policy_deferred_pending')}")
    held_tx = [x["trigger"] for x in holdout if TRIGGERS.get(x["trigger"]) != "marketing"]
    if held_tx:
        problems.append(f"transactional actions held out: {Counter(held_tx)}")
    if not actions:
        problems.append("no action came through")
    print()
    if silent:
        print(f"note: no action from {', '.join(silent)}")
    if problems:
        for pr in problems:
            print(f"CHECK FAILED: {pr}")
        return 1
    print("checks: every record read; topics agree with the daemon's counters and with each other")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("topics")
    t.add_argument("--brokers", required=True)
    t.add_argument("topic", nargs="+")
    pr = sub.add_parser("profiles")
    pr.add_argument("--brokers")
    pr.add_argument("--customers", type=int, required=True)
    pr.add_argument("--seed", type=int, default=7)
    pr.add_argument("--output", help="also write the rows here (JSON lines, for replay --table)")
    pr.add_argument("--stats", help="record the profiles' counts (and each customer's zone) in this JSON file")
    tr = sub.add_parser("traffic")
    tr.add_argument("--brokers", required=True)
    tr.add_argument("--input", required=True)
    tr.add_argument("--tail", default="2h")
    tr.add_argument("--stats", required=True, help="counts are added to this JSON file")
    tr.add_argument("--only", help="comma-separated input topics to produce (default: all)")
    tr.add_argument("--markers", action="store_true", help="end with the end-of-traffic markers")
    su = sub.add_parser("summary")
    su.add_argument("--brokers", required=True)
    su.add_argument("--metrics", required=True)
    su.add_argument("--stats", required=True)
    su.add_argument("--t0", type=float, help="epoch seconds when the first record was produced")
    a = ap.parse_args()
    return {"topics": cmd_topics, "profiles": cmd_profiles, "traffic": cmd_traffic, "summary": cmd_summary}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
