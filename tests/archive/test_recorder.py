"""The archive receives only redacted text: read back from SQLite and PostgreSQL."""

from __future__ import annotations

import rasa_events as ev
from sqlalchemy import select
from sqlalchemy.engine import Engine

from archive.events import sessions
from archive.recorder import Recorder, sender_hash
from archive.schema import conversations, metadata, situations, turns

T = 1_790_000_000.0
SENDER = "widget-session-8f2c"
RAW = ["Léa Martin", "06 12 34 56 78", "lea.martin@example.fr", "12 rue des Lilas"]


def story(sender: str = SENDER) -> list[dict]:
    return [
        ev.session_started(sender, T),
        ev.user(
            sender,
            T + 1,
            "Bonjour, je m'appelle Léa Martin, mon conjoint me frappe. "
            "Appelez-moi au 06 12 34 56 78 ou lea.martin@example.fr",
            "domestic_violence",
        ),
        ev.situation(sender, T + 1, "domestic_violence"),
        ev.bot(sender, T + 2, "Vous pouvez appeler le 3919, ou le 116 006 (appel gratuit)."),
        ev.user(sender, T + 3, "J'habite au 12 rue des Lilas à Villeurbanne", "inform_location"),
        ev.sites(sender, T + 4, "69", "fv-69-1"),
        ev.pause(sender, T + 5),
        ev.counsellor(sender, T + 6, "Bonjour Léa Martin, je vous rappelle au 06 12 34 56 78."),
    ]


def everything_stored(engine: Engine) -> str:
    """Every value of every row of the archive's tables, as one text."""
    with engine.connect() as connection:
        return "\n".join(
            repr(tuple(row))
            for table in metadata.sorted_tables
            for row in connection.execute(select(table))
        )


def test_only_redacted_text_reaches_the_archive(recorder: Recorder, engine: Engine) -> None:
    recorder.record(sessions(story()))
    stored = everything_stored(engine)
    for raw in [*RAW, SENDER]:
        assert raw not in stored
    with engine.connect() as connection:
        texts = connection.execute(select(turns.c.speaker, turns.c.text)).all()
    by_speaker = {speaker: [t for s, t in texts if s == speaker] for speaker, _ in texts}
    assert "<PERSONNE>" in by_speaker["user"][0]
    assert "<TÉLÉPHONE>" in by_speaker["user"][0]
    assert "<EMAIL>" in by_speaker["user"][0]
    assert "<ADRESSE>" in by_speaker["user"][1]
    assert "Villeurbanne" in by_speaker["user"][1]  # a commune stays
    assert "<TÉLÉPHONE>" in by_speaker["counsellor"][0]
    # The bot's own text, with its resource numbers, is kept as it was.
    assert by_speaker["bot"][0] == "Vous pouvez appeler le 3919, ou le 116 006 (appel gratuit)."


def test_a_conversation_keeps_its_facts(recorder: Recorder, engine: Engine, key: bytes) -> None:
    recorder.record(sessions(story()))
    with engine.connect() as connection:
        row = connection.execute(select(conversations)).one()
        kept = connection.execute(select(situations.c.situation)).scalars().all()
        intents = connection.execute(
            select(turns.c.intent).where(turns.c.speaker == "user").order_by(turns.c.position)
        ).scalars()
        assert list(intents) == ["domestic_violence", "inform_location"]
    assert row.sender_hash == sender_hash(key, SENDER)
    assert (row.channel, row.crisis, row.handoff, row.fallbacks) == ("rest", False, True, 0)
    assert (row.departement, row.sites, row.turns) == ("69", ["fv-69-1"], 5)
    assert row.started_at.timestamp() == T
    assert row.last_at.timestamp() == T + 6
    assert kept == ["domestic_violence"]


def test_later_batches_continue_the_conversation(recorder: Recorder, engine: Engine) -> None:
    events = story()
    more = [
        ev.user(SENDER, T + 7, "on m'a aussi volé mon téléphone", "theft_burglary"),
        ev.situation(SENDER, T + 7, "theft_burglary"),
        ev.user(SENDER, T + 8, "je veux mourir", "suicidal_thoughts"),
        ev.sites(SENDER, T + 9, "69", "fv-69-1", "fv-69-2"),
        ev.user(SENDER, T + 10, "hein ?", "nlu_fallback", 0.3),
    ]
    for start in range(0, len(events), 3):
        recorder.record(sessions(events[start : start + 3]))
    recorder.record(sessions(more))
    with engine.connect() as connection:
        row = connection.execute(select(conversations)).one()
        positions = connection.execute(select(turns.c.position).order_by(turns.c.id)).scalars()
        assert list(positions) == list(range(9))
        kept = connection.execute(select(situations.c.situation)).scalars().all()
    assert sorted(kept) == ["domestic_violence", "theft_burglary"]
    assert (row.crisis, row.handoff, row.fallbacks, row.turns) == (True, True, 1, 9)
    assert row.sites == ["fv-69-1", "fv-69-2"]
    assert row.last_at.timestamp() == T + 10


def test_a_new_session_is_a_new_conversation(recorder: Recorder, engine: Engine) -> None:
    recorder.record(sessions([ev.user(SENDER, T, "bonjour", "greet")]))
    recorder.record(
        sessions([ev.session_started(SENDER, T + 7200), ev.user(SENDER, T + 7201, "re", "greet")])
    )
    recorder.record(sessions([ev.user("someone-else", T + 7202, "bonjour", "greet")]))
    with engine.connect() as connection:
        rows = connection.execute(select(conversations).order_by(conversations.c.id)).all()
    assert [r.turns for r in rows] == [1, 1, 1]
    assert rows[0].sender_hash == rows[1].sender_hash != rows[2].sender_hash
