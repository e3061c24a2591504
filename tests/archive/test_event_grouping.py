"""From Rasa's events to sessions: grouping, flags, sites and speakers."""

from __future__ import annotations

from datetime import datetime, timezone

import rasa_events as ev

from archive.events import sessions
from archive.schema import BOT, COUNSELLOR, USER

T = 1_790_000_000.0


def test_a_session_gathers_what_the_archive_keeps() -> None:
    events = [
        ev.session_started("a", T),
        ev.user("a", T + 1, "Mon mari me frappe", "domestic_violence", channel="socketio"),
        ev.situation("a", T + 1, "domestic_violence"),
        ev.bot("a", T + 2, "Je suis désolé que vous viviez cela."),
        ev.user("a", T + 3, "euh", "nlu_fallback", 0.2),
        ev.user("a", T + 4, "j'ai envie d'en finir", "suicidal_thoughts"),
        ev.sites("a", T + 5, "69", "site-1", "site-2"),
        ev.sites("a", T + 6, "69", "site-2", "site-3"),
        ev.pause("a", T + 7),
        ev.counsellor("a", T + 8, "Bonjour, je suis Camille."),
    ]
    [session] = sessions(events)
    assert session.starts
    assert session.channel == "socketio"
    assert session.first_at == datetime.fromtimestamp(T, timezone.utc)
    assert session.last_at == datetime.fromtimestamp(T + 8, timezone.utc)
    assert session.situations == {"domestic_violence"}
    assert (session.crisis, session.handoff, session.fallbacks) == (True, True, 1)
    assert session.departement == "69"
    assert session.sites == ["site-1", "site-2", "site-3"]
    assert [t.speaker for t in session.turns] == [USER, BOT, USER, USER, BOT, BOT, COUNSELLOR]
    assert (session.turns[0].intent, session.turns[0].confidence) == ("domestic_violence", 0.93)
    assert session.turns[1].intent is None


def test_events_are_grouped_by_sender_and_by_session() -> None:
    events = [
        ev.user("a", T, "bonjour", "greet"),
        ev.user("b", T + 1, "on m'a volé mon sac", "theft_burglary"),
        ev.session_started("a", T + 3600),
        ev.user("a", T + 3601, "re bonjour", "greet"),
    ]
    grouped = sessions(events)
    assert [(s.sender_id, s.starts, len(s.turns)) for s in grouped] == [
        ("a", False, 1),
        ("b", False, 1),
        ("a", True, 1),
    ]
    assert not any(s.crisis or s.handoff or s.fallbacks for s in grouped)


def test_events_without_a_sender_or_a_time_do_not_break_anything() -> None:
    events = [{"event": "user", "text": "orphan"}, {"sender_id": "a", "event": "user"}]
    [session] = sessions(events)
    assert session.turns[0].text == ""
    assert session.turns[0].at.tzinfo is not None
