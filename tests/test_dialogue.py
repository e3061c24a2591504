"""The Rasa project as a whole: `rasa data validate`, and end-to-end conversation tests."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from launcher.model import build_inputs, rasa_paths
from launcher.settings import ROOT, Settings

# Rasa 3.6 warns about slots on every domain, and cannot see the responses that custom
# actions, the console (through the HTTP API) and Rasa's own `action_default_fallback`
# send: every other warning is a defect.
RESPONSES_SENT_BY_ACTIONS = {
    "utter_helpline_open",
    "utter_helpline_closed",
    "utter_minor",
    "utter_minor_online",
    "utter_relative",
    "utter_sites_found",
    "utter_sites_none",
    "utter_place_ambiguous",
    "utter_place_unknown",
    "utter_place_abroad",
    "utter_default",
    "utter_handoff_requested",
    "utter_handoff_queued",
    "utter_handoff_unavailable",
    "utter_handoff_connected",
    "utter_handoff_ended",
}
KNOWN_WARNINGS = [re.compile("Slot auto-fill has been removed")] + [
    re.compile(f"The utterance '{name}' is not used in any story or rule")
    for name in RESPONSES_SENT_BY_ACTIONS
]


def rasa(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rasa", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_rasa_data_validate_is_clean():
    domain, data = build_inputs(Settings.from_env())
    result = rasa("data", "validate", *rasa_paths(domain, data))
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [
        line for line in (result.stdout + result.stderr).splitlines() if "UserWarning" in line
    ]
    unexpected = [w for w in warnings if not any(k.search(w) for k in KNOWN_WARNINGS)]
    assert unexpected == []


def test_every_response_an_action_sends_exists_and_every_file_loads():
    domain, data = build_inputs(Settings.from_env())
    responses = {}
    for path in domain.glob("*.yml"):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses", {}))
    assert set(responses) >= RESPONSES_SENT_BY_ACTIONS
    assert not any("{{" in str(variation) for variation in responses.values())


def test_conversations_end_to_end(model: Path, tmp_path: Path):
    """Every situation, the crisis paths, minors, relatives, fallbacks and bad input."""
    result = rasa(
        "test",
        "core",
        "--model",
        str(model),
        "--stories",
        str(ROOT / "tests" / "stories"),
        "--endpoints",
        str(ROOT / "bot" / "endpoints.yml"),
        "--fail-on-prediction-errors",
        "--out",
        str(tmp_path),
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert result.returncode == 0, details + result.stdout[-3000:] + result.stderr[-3000:]
