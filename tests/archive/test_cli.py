"""`python -m archive purge | delete | forget-sender`, as an operator runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import rasa_events as ev
from sqlalchemy import select

from archive.events import sessions
from archive.recorder import Recorder, Redactor
from archive.schema import connect, conversations
from launcher.settings import Settings


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archive", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_operators_commands(tmp_path: Path, redact: Redactor) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'archive.db'}",
        "ARCHIVE_RETENTION_MONTHS": "6",
        "ARCHIVE_KEY": "the operator's key",
    }
    engine = connect(env["DATABASE_URL"])
    recorder = Recorder(engine, redact, Settings.from_env(env).archive_key)
    now = datetime.now(timezone.utc)
    for sender, age in [("old", 200), ("telegram:123", 10), ("telegram:123", 3), ("kept", 1)]:
        at = (now - timedelta(days=age)).timestamp()
        recorder.record(
            sessions([ev.session_started(sender, at), ev.user(sender, at, "ok", "greet")])
        )

    purged = run(env, "purge")
    assert purged.returncode == 0
    assert purged.stdout.strip() == "1 conversation(s) de plus de 6 mois supprimée(s)."
    forgotten = run(env, "forget-sender", "telegram:123")
    assert forgotten.stdout.strip() == "2 conversation(s) de cette personne supprimée(s)."
    with engine.connect() as connection:
        (left,) = connection.execute(select(conversations.c.id)).scalars().all()
    assert run(env, "delete", str(left)).stdout.strip() == f"Conversation n° {left} supprimée."
    unknown = run(env, "delete", str(left))
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == f"Aucune conversation n° {left} dans l'archive."
