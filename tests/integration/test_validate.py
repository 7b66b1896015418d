"""`stream-daemon validate`: compiler-style diagnostics pointing at the exact spot in the file."""
import re

import pytest

from conftest import DEMO_CONFIG, run_cli

DIAG = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")

# Validation must not need a broker: point it at a closed port.
NO_BROKER = {"KAFKA_BROKERS": "127.0.0.1:1", "GROUP": "validate-test", "STATE_DIR": "/nonexistent/state"}


def demo_text() -> str:
    if not DEMO_CONFIG.exists():
        pytest.fail(f"{DEMO_CONFIG} does not exist")
    return DEMO_CONFIG.read_text()


def misspell(text: str, section: str, key: str, typo: str) -> tuple[str, int, int]:
    """Replace `key:` inside top-level block `section:` by `typo:`; return (text, line, col) of it."""
    lines = text.splitlines(keepends=True)
    in_section = False
    for i, line in enumerate(lines):
        if re.match(rf"^{re.escape(section)}:\s*(#.*)?$", line):
            in_section = True
            continue
        if in_section and re.match(r"^\S", line) and not line.startswith("#"):
            break  # next top-level key
        m = re.match(rf"^(\s+){re.escape(key)}:", line)
        if in_section and m:
            lines[i] = line[:len(m.group(1))] + typo + line[len(m.group(1)) + len(key):]
            return "".join(lines), i + 1, len(m.group(1)) + 1
    pytest.fail(f"no '{key}:' under '{section}:' in {DEMO_CONFIG}")


def diagnostics(stderr: str) -> list[re.Match]:
    return [m for m in (DIAG.match(l.strip()) for l in stderr.splitlines()) if m]


def test_valid_demo_config_validates():
    r = run_cli("validate", "--config", str(DEMO_CONFIG), env=NO_BROKER)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 0, f"validate of {DEMO_CONFIG} exited {r.returncode}:\n{err}"
    assert not diagnostics(err), f"unexpected diagnostics for the valid demo config:\n{err}"


def test_validate_reports_misspelled_key(tmp_path):
    text, line, col = misspell(demo_text(), "kafka", "group_id", "grop_id")
    cfg = tmp_path / "demo-typo.yaml"
    cfg.write_text(text)

    r = run_cli("validate", "--config", str(cfg), env=NO_BROKER)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode != 0, f"validate accepted a config with 'grop_id' (exit 0):\n{err}"
    diags = diagnostics(err)
    assert diags, f"no file:line:col: diagnostics on stderr:\n{err}"
    prefix = f"{cfg}:{line}:{col}:"
    hits = [m.group(0) for m in diags if m.group(0).startswith(prefix)]
    assert hits, f"expected a diagnostic starting with {prefix!r}; got:\n{err}"
    assert any("grop_id" in h for h in hits), f"diagnostic does not name the bad key: {hits}"
    assert any("group_id" in h.replace("grop_id", "") for h in hits), \
        f"diagnostic does not suggest 'group_id': {hits}"


def test_validate_reports_every_problem(tmp_path):
    """Two independent typos in different sections: both are reported, each at its own spot."""
    text, l1, c1 = misspell(demo_text(), "kafka", "group_id", "grop_id")
    text, l2, c2 = misspell(text, "output", "actions_topic", "actions_topik")
    cfg = tmp_path / "demo-two-typos.yaml"
    cfg.write_text(text)

    r = run_cli("validate", "--config", str(cfg), env=NO_BROKER)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode != 0, f"validate exited 0 for a config with two typos:\n{err}"
    locs = {(m.group("file"), int(m.group("line")), int(m.group("col"))) for m in diagnostics(err)}
    assert (str(cfg), l1, c1) in locs, f"missing diagnostic at {cfg}:{l1}:{c1}:\n{err}"
    assert (str(cfg), l2, c2) in locs, f"missing diagnostic at {cfg}:{l2}:{c2}:\n{err}"
