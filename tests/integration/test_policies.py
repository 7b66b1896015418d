"""config/policies.yaml end to end: contact policies decide on every action, per customer,
before it is emitted.

Constructed customers (profiles in the `profiles` table, events on one input partition so the
whole timeline shares one watermark; all times in 2030, ahead of the wall clock, so an idle
partition's watermark never jumps ahead of the file):

  seoul-capped     four abandoned carts on one local day: three sent, the fourth capped (daily);
                   its parcel notice is transactional, so it is sent although the cap is reached
  seoul-sent       one abandoned cart at 14:00 KST: sent; a purchase two days later is a
                   conversion of the treated group
  seoul-fallback   push refused, sms denied, e-mail granted: sent on the fallback channel e-mail
  seoul-dnc        do-not-contact: the cart reminder is suppressed, the parcel notice still sent
  seoul-noconsent  no consent recorded: marketing suppressed (no_consent)
  <holdout>        a customer the holdout hash puts in the 10 % control group: held out (to the
                   holdout topic, not the actions topic); its purchase is a holdout conversion
  ny-deferred      cart abandoned at 22:00 New York time: deferred by quiet hours, released and
                   sent at 08:00 local; its parcel notice at 23:00 is transactional: sent at once

The decisions topic must hold exactly the expected decisions, the actions topic exactly the sent
ones (on their final channel), and `replay` of the same input must make the same decisions,
byte for byte.
"""
from __future__ import annotations

import json
import shutil
import signal
from collections import Counter
from datetime import datetime

from conftest import ROOT, consume_all, produce, run_cli, unique, wait_for

CONFIG = ROOT / "config" / "policies.yaml"
SALT = "cx-2030-h1"  # policies.holdout.salt in config/policies.yaml
SHARE = 0.10
NO_BROKER = {"KAFKA_BROKERS": "127.0.0.1:1", "GROUP": "replay-test", "STATE_DIR": "/nonexistent/state"}
MASK = (1 << 64) - 1


def holdout_hash(salt: str, customer: str) -> int:
    """Policies.HoldoutHash, version 1: length-prefixed FNV-1a 64 of (salt, id), then fmix64."""
    h = 0xCBF29CE484222325
    for text in (salt, customer):
        data = text.encode()
        prefix = [(len(data) >> (8 * i)) & 0xFF for i in range(8)]
        for byte in prefix + list(data):
            h = ((h ^ byte) * 0x100000001B3) & MASK
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & MASK
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & MASK
    return h ^ (h >> 33)


def held_out(customer: str) -> bool:
    return holdout_hash(SALT, customer) % 1_000_000 < round(SHARE * 1_000_000)


def ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


HOLDOUT = next(c for c in (f"seoul-holdout-{i}" for i in range(1000)) if held_out(c))
TREATED = ["seoul-capped", "seoul-sent", "seoul-fallback", "seoul-dnc", "seoul-noconsent", "ny-deferred"]
ALL = {"push": True, "sms": True, "email": True}

PROFILES = [
    {"customer_id": "seoul-capped", "time_zone": "Asia/Seoul", "consent": ALL},
    {"customer_id": "seoul-sent", "time_zone": "Asia/Seoul", "locale": "ko-KR", "consent": ALL},
    {"customer_id": "seoul-fallback", "time_zone": "Asia/Seoul",
     "consent": {"push": False, "sms": "denied", "email": "granted"}},
    {"customer_id": "seoul-dnc", "time_zone": "Asia/Seoul", "consent": ALL, "do_not_contact": True},
    {"customer_id": "seoul-noconsent", "time_zone": "Asia/Seoul"},
    {"customer_id": HOLDOUT, "time_zone": "Asia/Seoul", "consent": ALL},
    {"customer_id": "ny-deferred", "time_zone": "America/New_York", "locale": "en-US", "consent": ALL},
]


def timeline() -> list[dict]:
    events = []

    def ev(at: str, type_: str, customer: str, **fields):
        events.append({"type": type_, "customer_id": customer, "ts": ms(at), **fields})

    for i, hour in enumerate(["09", "10", "11", "12"]):
        ev(f"2030-06-03T{hour}:00:00+09:00", "cart_add", "seoul-capped", sku=f"SKU-{i + 1}")
    ev("2030-06-03T13:00:00+09:00", "parcel_delayed", "seoul-capped", parcel_id="P-1", eta="Friday")
    ev("2030-06-03T14:00:00+09:00", "cart_add", "seoul-sent", sku="SNEAKER-42")
    ev("2030-06-03T14:00:01+09:00", "cart_add", "seoul-fallback", sku="BAG-7")
    ev("2030-06-03T14:00:02+09:00", "cart_add", "seoul-dnc", sku="HAT-1")
    ev("2030-06-03T14:00:03+09:00", "cart_add", "seoul-noconsent", sku="SOCK-9")
    ev("2030-06-03T14:00:04+09:00", "cart_add", HOLDOUT, sku="COAT-3")
    ev("2030-06-03T14:10:00+09:00", "parcel_delayed", "seoul-dnc", parcel_id="P-2", eta="Monday")
    # Moves the watermark past 14:30 KST: the five 14:00 carts are abandoned, decided at 14:59:55.
    ev("2030-06-03T15:00:00+09:00", "page_view", "seoul-sent", url="/")
    ev("2030-06-03T22:00:00-04:00", "cart_add", "ny-deferred", sku="LAMP-5")
    # Transactional at 23:00 local: sent at once. Its time also fires the 22:30 abandonment,
    # decided at 22:59:55 New York time: quiet, deferred to 08:00.
    ev("2030-06-03T23:00:00-04:00", "parcel_delayed", "ny-deferred", parcel_id="P-3", eta="Tuesday")
    ev("2030-06-04T09:00:00-04:00", "page_view", "ny-deferred", url="/")   # releases it
    ev("2030-06-05T14:00:00+09:00", "purchase", "seoul-sent")
    ev("2030-06-05T14:00:01+09:00", "purchase", HOLDOUT)
    ev("2030-06-06T09:00:00+09:00", "page_view", "seoul-sent", url="/")
    assert [e["ts"] for e in events] == sorted(e["ts"] for e in events)
    return events


# customer -> (trigger, decision, reason) in decision order
EXPECTED = {
    "seoul-capped": [("cart_abandoned", "sent", None)] * 3
    + [("parcel_delayed", "sent", None), ("cart_abandoned", "capped", "daily")],
    "seoul-sent": [("cart_abandoned", "sent", None)],
    "seoul-fallback": [("cart_abandoned", "sent", "fallback")],
    "seoul-dnc": [("parcel_delayed", "sent", None), ("cart_abandoned", "suppressed", "do_not_contact")],
    "seoul-noconsent": [("cart_abandoned", "suppressed", "no_consent")],
    HOLDOUT: [("cart_abandoned", "held_out", "holdout")],
    "ny-deferred": [("parcel_delayed", "sent", None), ("cart_abandoned", "deferred", "quiet_hours"),
                    ("cart_abandoned", "sent", None)],
}
N_DECISIONS = sum(len(v) for v in EXPECTED.values())
N_SENT = sum(1 for v in EXPECTED.values() for d in v if d[1] == "sent")


def decode(records) -> list[dict]:
    out = []
    for r in records:
        d = json.loads(r.value)
        assert r.key == d["customer_id"].encode(), f"record key {r.key!r} is not its customer: {d}"
        out.append(d)
    return out


def test_holdout_hash_picks_the_customers():
    assert not any(held_out(c) for c in TREATED), "a constructed customer fell into the holdout group"
    assert held_out(HOLDOUT)


def setup_topics(broker) -> None:
    # One input partition: offsets are the file's line numbers (replay computes the same action ids)
    # and one watermark covers the whole timeline.
    broker.create_topic("cx.events", 1)
    broker.create_topic("cx.profiles", 1)
    produce(broker.bootstrap, "cx.profiles", [(p["customer_id"], json.dumps(p)) for p in PROFILES])


def start_daemon(daemon_factory, broker, group: str, state, name: str):
    d = daemon_factory(CONFIG, broker, group, state, name=name)
    d.wait_metrics(lambda m: (m.get("assigned_partitions") or 0) > 0, 60, "assigned_partitions > 0")
    d.wait_metrics(lambda m: (m.get("table_rows") or {}).get("profiles") == len(PROFILES), 30, "profiles loaded")
    return d


def test_policies_decide_every_action(broker, daemon_factory, tmp_path):
    events = timeline()
    setup_topics(broker)
    d = start_daemon(daemon_factory, broker, unique("it-policies"), tmp_path / "state", "daemon")
    produce(broker.bootstrap, "cx.events", [(e["customer_id"], json.dumps(e)) for e in events])
    m = d.wait_metrics(lambda m: (m.get("policy") or {}).get("decisions", 0) >= N_DECISIONS, 60,
                       f"policy.decisions >= {N_DECISIONS}")
    check_outputs(broker, events, tmp_path)

    # Metrics: the policy's counters.
    p = m["policy"]
    assert p["decisions"] == N_DECISIONS and p["sent"] == N_SENT and p["sent_via_fallback"] == 1, p
    assert p["suppressed"] == {"do_not_contact": 1, "no_consent": 1}, p
    assert p["deferred"] == 1 and p["released"] == 1 and p["capped"] == {"daily": 1} and p["held_out"] == 1, p
    last = d.wait_metrics(lambda m: m["policy"]["conversions"].get("cart_abandoned") is not None, 30, "conversions")
    assert last["policy"]["conversions"] == {"cart_abandoned": {"treated": 1, "holdout": 1}}, last["policy"]
    assert last["policy"]["exposures"]["cart_abandoned"] == {"treated": 6, "holdout": 1}, last["policy"]
    assert last.get("policy_deferred_pending") == 0, last
    assert (last.get("state_keys") or {}).get("_policy", 0) >= 1, last


def test_policy_state_survives_a_restart_from_the_changelog(broker, daemon_factory, tmp_path):
    """Stopped while an action is deferred and exposures wait for conversions, with the state
    directory deleted: the new instance restores the policy's store from its changelog, releases
    the deferred action once and attributes the purchases; the outputs are those of one run."""
    events = timeline()
    split = 1 + next(i for i, e in enumerate(events)
                     if e["type"] == "parcel_delayed" and e["customer_id"] == "ny-deferred")
    setup_topics(broker)
    group, state = unique("it-policies-restart"), tmp_path / "state"
    d1 = start_daemon(daemon_factory, broker, group, state, "first")
    produce(broker.bootstrap, "cx.events", [(e["customer_id"], json.dumps(e)) for e in events[:split]])
    m = d1.wait_metrics(lambda m: (m.get("policy") or {}).get("decisions", 0) >= N_DECISIONS - 1, 60,
                        "every decision before the release")
    assert m["policy"]["deferred"] == 1 and m["policy"]["released"] == 0, m["policy"]
    rc, _ = d1.terminate(signal.SIGTERM, timeout=15)
    assert rc == 0, d1.describe()
    shutil.rmtree(state)

    d2 = start_daemon(daemon_factory, broker, group, state, "second")
    wait_for(lambda: "task restored" in d2.stderr(), 30, "the task restored from its changelogs")
    produce(broker.bootstrap, "cx.events", [(e["customer_id"], json.dumps(e)) for e in events[split:]])
    d2.wait_metrics(lambda m: (m.get("policy") or {}).get("conversions", {}).get("cart_abandoned") is not None, 60,
                    "conversions after the restart")
    check_outputs(broker, events, tmp_path)


def check_outputs(broker, events: list[dict], tmp_path) -> None:
    """The policy topics and the actions topic hold exactly what the timeline should produce,
    and replay of the same input decides identically."""
    decision_records = consume_all(broker, "cx.policy.decisions", expected=N_DECISIONS, idle=2.5, deadline=30)
    decisions = decode(decision_records)
    actions = decode(consume_all(broker, "cx.actions", expected=N_SENT, idle=1.0, deadline=30))
    holdout = decode(consume_all(broker, "cx.policy.holdout", expected=1, idle=1.0, deadline=30))
    conversions = decode(consume_all(broker, "cx.policy.conversions", expected=2, idle=1.0, deadline=30))

    # Decisions, per customer in order (a customer's records share a partition).
    got = {}
    for dec in decisions:
        got.setdefault(dec["customer_id"], []).append((dec["trigger"], dec["decision"], dec["reason"]))
    assert got == EXPECTED, json.dumps(decisions, indent=1)
    by_id = {}
    for dec in decisions:
        assert dec["category"] == ("marketing" if dec["trigger"] == "cart_abandoned" else "transactional"), dec
        by_id.setdefault(dec["action_id"], []).append(dec)

    # The deferral and its release: 22:59:55 New York time, released at 08:00 local (12:00Z).
    deferred = next(x for x in decisions if x["decision"] == "deferred")
    assert deferred["until"] == ms("2030-06-04T08:00:00-04:00"), deferred
    assert deferred["time"] == ms("2030-06-03T22:59:55-04:00"), deferred
    release = [x for x in by_id[deferred["action_id"]] if x["decision"] == "sent"]
    assert len(release) == 1 and release[0]["deferred_at"] == deferred["time"], by_id[deferred["action_id"]]
    assert release[0]["time"] == deferred["until"], release
    fallback = next(x for x in decisions if x["customer_id"] == "seoul-fallback")
    assert (fallback["candidate_channel"], fallback["final_channel"]) == ("push", "email"), fallback

    # The actions topic holds exactly the sent ones, on their final channel; nothing else.
    sent = {x["action_id"]: x for x in decisions if x["decision"] == "sent"}
    assert len(actions) == len(sent) == N_SENT, (actions, sent)
    assert {a["action_id"] for a in actions} == set(sent), actions
    for a in actions:
        assert a["channel"] == sent[a["action_id"]]["final_channel"], (a, sent[a["action_id"]])
    assert not any(a["customer_id"] in ("seoul-noconsent", HOLDOUT) for a in actions), actions

    held = next(x for x in decisions if x["decision"] == "held_out")
    assert [h["action_id"] for h in holdout] == [held["action_id"]], holdout
    assert holdout[0]["customer_id"] == HOLDOUT and holdout[0]["channel"] == "push", holdout

    # Purchases two days later: one conversion per group, each naming the exposure.
    by_group = {c["group"]: c for c in conversions}
    assert sorted(by_group) == ["holdout", "treated"], conversions
    treated_cart = next(x for x in decisions if x["customer_id"] == "seoul-sent")
    assert by_group["treated"]["action_id"] == treated_cart["action_id"], conversions
    assert by_group["holdout"]["action_id"] == held["action_id"], conversions
    assert all(c["trigger"] == "cart_abandoned" for c in conversions), conversions

    # Replay of the same input, with the same profiles, decides identically.
    ev_file, prof_file = tmp_path / "events.jsonl", tmp_path / "profiles.jsonl"
    ev_file.write_text("".join(json.dumps(e) + "\n" for e in events))
    prof_file.write_text("".join(json.dumps(p) + "\n" for p in PROFILES))
    out, dec_out = tmp_path / "actions.jsonl", tmp_path / "decisions.jsonl"
    r = run_cli("replay", "--config", str(CONFIG), "--input", str(ev_file), "--table", f"profiles={prof_file}",
                "--output", str(out), "--decisions", str(dec_out), env=NO_BROKER, timeout=60)
    assert r.returncode == 0, r.stderr.decode()
    assert f"policy: {N_DECISIONS} decision(s), 1 held out, 2 conversion(s)" in r.stderr.decode(), r.stderr.decode()
    kafka_decisions = Counter(rec.value.decode() for rec in decision_records)
    replay_decisions = Counter(dec_out.read_text().splitlines())
    assert kafka_decisions == replay_decisions, (kafka_decisions, replay_decisions)

    def strip(a):
        return {k: v for k, v in a.items() if k != "emitted_at"}
    replayed = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(map(json.dumps, map(strip, replayed))) == sorted(map(json.dumps, map(strip, actions)))
